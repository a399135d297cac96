from django.urls import path

from budget import views

app_name = "budget"

urlpatterns = [
    path("remittances/", views.RemittanceListView.as_view(), name="remittance_list"),
    path("remittances/new/", views.RemittanceCreateView.as_view(), name="remittance_create"),
    path(
        "remittances/<int:pk>/edit/",
        views.RemittanceUpdateView.as_view(),
        name="remittance_update",
    ),
    path(
        "remittances/<int:pk>/history/",
        views.RemittanceHistoryView.as_view(),
        name="remittance_history",
    ),
    path(
        "remittances/<int:pk>/withdraw/",
        views.RemittanceWithdrawView.as_view(),
        name="remittance_withdraw",
    ),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan_update"),
    path("plans/<int:pk>/history/", views.PlanHistoryView.as_view(), name="plan_history"),
]
