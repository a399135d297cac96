from django.urls import path

from investments import views

app_name = "investments"

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/new/", views.ProjectCreateView.as_view(), name="project_create"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/edit/", views.ProjectUpdateView.as_view(), name="project_update"),
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
    path("targets/", views.TargetListView.as_view(), name="target_list"),
    path("targets/new/", views.TargetCreateView.as_view(), name="target_create"),
    path("targets/<int:pk>/edit/", views.TargetUpdateView.as_view(), name="target_update"),
]
