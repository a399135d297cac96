from django.urls import path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.ImportView.as_view(), name="import"),
    path("export/", views.DatasetExportView.as_view(), name="export"),
    path("jobs/<uuid:pk>/", views.ImportJobView.as_view(), name="job"),
]
