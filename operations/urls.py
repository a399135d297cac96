from django.urls import path

from operations import views

app_name = "operations"

urlpatterns = [
    path("reports/", views.OperationsReportListView.as_view(), name="report_list"),
    path("reports/new/", views.OperationsReportCreateView.as_view(), name="report_create"),
    path(
        "reports/<int:pk>/edit/", views.OperationsReportUpdateView.as_view(), name="report_update"
    ),
    path(
        "reports/<int:pk>/history/",
        views.OperationsReportHistoryView.as_view(),
        name="report_history",
    ),
    path(
        "reports/<int:pk>/withdraw/",
        views.OperationsReportWithdrawView.as_view(),
        name="report_withdraw",
    ),
    path("missing/", views.MissingReportListView.as_view(), name="missing_reports"),
    path("plans/", views.OperationsTargetListView.as_view(), name="target_list"),
    path("plans/new/", views.OperationsTargetCreateView.as_view(), name="target_create"),
    path("plans/<int:pk>/edit/", views.OperationsTargetUpdateView.as_view(), name="target_update"),
    path(
        "plans/<int:pk>/history/",
        views.OperationsTargetHistoryView.as_view(),
        name="target_history",
    ),
]
