from django.urls import path

from investments import views

app_name = "investments"

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/new/", views.ProjectCreateView.as_view(), name="project_create"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/edit/", views.ProjectUpdateView.as_view(), name="project_update"),
    path("projects/<int:pk>/history/", views.ProjectHistoryView.as_view(), name="project_history"),
    path(
        "projects/<int:pk>/withdraw/", views.ProjectWithdrawView.as_view(), name="project_withdraw"
    ),
    path(
        "projects/<int:pk>/terminate/",
        views.ProjectTerminateView.as_view(),
        name="project_terminate",
    ),
    path(
        "projects/<int:pk>/adjustments/new/",
        views.AdjustmentCreateView.as_view(),
        name="adjustment_create",
    ),
    path("adjustments/", views.AdjustmentListView.as_view(), name="adjustment_list"),
    path(
        "adjustments/<int:pk>/edit/",
        views.AdjustmentUpdateView.as_view(),
        name="adjustment_update",
    ),
    path(
        "adjustments/<int:pk>/history/",
        views.AdjustmentHistoryView.as_view(),
        name="adjustment_history",
    ),
    path(
        "adjustments/<int:pk>/withdraw/",
        views.AdjustmentWithdrawView.as_view(),
        name="adjustment_withdraw",
    ),
    path(
        "share-acquisitions/",
        views.ShareAcquisitionListView.as_view(),
        name="share_acquisition_list",
    ),
    path(
        "share-acquisitions/new/",
        views.ShareAcquisitionCreateView.as_view(),
        name="share_acquisition_create",
    ),
    path(
        "share-acquisitions/<int:pk>/edit/",
        views.ShareAcquisitionUpdateView.as_view(),
        name="share_acquisition_update",
    ),
    path(
        "share-acquisitions/<int:pk>/history/",
        views.ShareAcquisitionHistoryView.as_view(),
        name="share_acquisition_history",
    ),
    path(
        "share-acquisitions/<int:pk>/withdraw/",
        views.ShareAcquisitionWithdrawView.as_view(),
        name="share_acquisition_withdraw",
    ),
    path("targets/", views.TargetListView.as_view(), name="target_list"),
    path("targets/new/", views.TargetCreateView.as_view(), name="target_create"),
    path("targets/<int:pk>/edit/", views.TargetUpdateView.as_view(), name="target_update"),
    path("targets/<int:pk>/history/", views.TargetHistoryView.as_view(), name="target_history"),
]
