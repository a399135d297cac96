from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.PeriodReportView.as_view(), name="index"),
    path("publish/", views.PublishReportView.as_view(), name="publish"),
    path(
        "publications/<int:pk>/docx/",
        views.PublicationDocxView.as_view(),
        name="publication_docx",
    ),
]
