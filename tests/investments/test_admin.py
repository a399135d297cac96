"""The admin writes through the services: a broken rule is a message on the form, not a 500."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from budget.models import BudgetPlan, Remittance
from investments.models import AnnualTarget, CapitalAdjustment, Project
from tests.factories import (
    AnnualTargetFactory,
    BudgetPlanFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    RemittanceFactory,
    UnitFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db

NO_INLINES = {"adjustments-TOTAL_FORMS": "0", "adjustments-INITIAL_FORMS": "0"}


def _project_post(zone, **overrides) -> dict:
    data = {
        "kind": "FDI",
        "code": "GCN-9",
        "name": "Nhà máy",
        "investor_name": "Example Co.",
        "country": "JP",
        "zone": zone.pk,
        "sector": "",
        "registered_on": "15/01/2020",
        "registered_capital": "1000000",
        "terminated_on": "",
        "termination_reason": "",
        "note": "",
        **NO_INLINES,
    }
    data.update(overrides)
    return data


def _inlines_of(project) -> dict:
    adjustments = list(project.adjustments.order_by("pk"))
    data = {
        "adjustments-TOTAL_FORMS": str(len(adjustments)),
        "adjustments-INITIAL_FORMS": str(len(adjustments)),
    }
    for i, adjustment in enumerate(adjustments):
        data[f"adjustments-{i}-id"] = str(adjustment.pk)
        data[f"adjustments-{i}-project"] = str(project.pk)
    return data


def _page_errors(response) -> str:
    """The form's error messages as shown on the page."""
    assert response.status_code == 200, response.status_code
    form = response.context["adminform"].form
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


@pytest.mark.parametrize(
    "url",
    [
        "admin:investments_project_changelist",
        "admin:investments_project_add",
        "admin:investments_capitaladjustment_changelist",
        "admin:investments_capitaladjustment_add",
        "admin:investments_annualtarget_add",
        "admin:budget_budgetplan_add",
        "admin:budget_remittance_add",
    ],
)
def test_admin_pages_render(admin_client, url):
    ProjectFactory()
    assert admin_client.get(reverse(url)).status_code == 200


def test_change_pages_render(admin_client):
    adjustment = CapitalAdjustmentFactory()
    for url, pk in [
        ("admin:investments_project_change", adjustment.project.pk),
        ("admin:investments_capitaladjustment_change", adjustment.pk),
        ("admin:investments_annualtarget_change", AnnualTargetFactory().pk),
        ("admin:budget_budgetplan_change", BudgetPlanFactory().pk),
        ("admin:budget_remittance_change", RemittanceFactory().pk),
    ]:
        assert admin_client.get(reverse(url, args=[pk])).status_code == 200, url


# --- projects ----------------------------------------------------------------------------


def test_add_project_goes_through_the_service(admin_client, admin_user):
    zone = ZoneFactory()
    response = admin_client.post(
        reverse("admin:investments_project_add"),
        _project_post(zone, kind="DI", country="", registered_capital="1.500.000,50"),
    )
    assert response.status_code == 302
    project = Project.objects.get(code="GCN-9")
    assert project.country.code == "VN"  # set by the service for a domestic project
    assert project.registered_capital == Decimal("1500000.50")
    assert project.history.get().history_user == admin_user
    assert response.url == reverse("admin:investments_project_changelist")


def test_a_duplicate_code_is_a_message_not_a_500(admin_client):
    ProjectFactory(code="GCN-9")
    response = admin_client.post(
        reverse("admin:investments_project_add"), _project_post(ZoneFactory())
    )
    assert _page_errors(response) == "Đã có dự án mang mã số GCN-9."
    assert Project.objects.count() == 1


def test_fdi_without_country_in_english(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = admin_client.post(
        reverse("admin:investments_project_add"), _project_post(ZoneFactory(), country="")
    )
    assert _page_errors(response) == "An FDI project needs its investor's country."
    assert not Project.objects.exists()


def test_change_project_goes_through_the_service(admin_client, admin_user):
    project = ProjectFactory(registered_on=dt.date(2020, 1, 15))
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 5, 1))
    data = {
        **_project_post(project.zone, code=project.code, name="Tên mới"),
        **_inlines_of(project),
    }
    response = admin_client.post(
        reverse("admin:investments_project_change", args=[project.pk]), data
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "Tên mới"
    assert project.history.first().history_user == admin_user


def test_moving_registration_after_an_adjustment_is_refused_on_the_form(admin_client):
    project = ProjectFactory(registered_on=dt.date(2020, 1, 15))
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 5, 1))
    data = {
        **_project_post(project.zone, code=project.code, registered_on="02/05/2020"),
        **_inlines_of(project),
    }
    response = admin_client.post(
        reverse("admin:investments_project_change", args=[project.pk]), data
    )
    assert _page_errors(response) == (
        "Dự án có lần điều chỉnh vốn ngày 01/05/2020, trước ngày đăng ký này."
    )
    project.refresh_from_db()
    assert project.registered_on == dt.date(2020, 1, 15)


# --- adjustments ------------------------------------------------------------------------


def _adjustment_post(project, **overrides) -> dict:
    return {
        "project": project.pk,
        "adjusted_on": "01/03/2020",
        "amount": "-100",
        "reference": "QĐ 1",
        "note": "",
        **overrides,
    }


def test_add_adjustment_goes_through_the_service(admin_client, admin_user):
    project = ProjectFactory(registered_capital=Decimal("1000"))
    response = admin_client.post(
        reverse("admin:investments_capitaladjustment_add"), _adjustment_post(project)
    )
    assert response.status_code == 302
    adjustment = CapitalAdjustment.objects.get()
    assert adjustment.amount == Decimal("-100.00")
    assert adjustment.history.get().history_user == admin_user


def test_a_reduction_too_big_shows_the_available_capital(admin_client):
    project = ProjectFactory(registered_capital=Decimal("1000"))
    response = admin_client.post(
        reverse("admin:investments_capitaladjustment_add"),
        _adjustment_post(project, amount="-1000,01"),
    )
    assert _page_errors(response) == (
        "Điều chỉnh giảm vốn này sẽ làm vốn đầu tư của dự án bị âm: ngày 01/03/2020 chỉ có "
        "thể giảm tối đa 1.000 USD."
    )
    assert not CapitalAdjustment.objects.exists()


def test_an_adjustment_before_registration_is_refused_on_the_form(admin_client):
    project = ProjectFactory(registered_on=dt.date(2020, 1, 15))
    response = admin_client.post(
        reverse("admin:investments_capitaladjustment_add"),
        _adjustment_post(project, adjusted_on="14/01/2020", amount="5"),
    )
    assert "trước ngày đăng ký của dự án (15/01/2020)" in _page_errors(response)


def test_change_adjustment_goes_through_the_service(admin_client, admin_user):
    adjustment = CapitalAdjustmentFactory(amount=Decimal("10"))
    url = reverse("admin:investments_capitaladjustment_change", args=[adjustment.pk])
    response = admin_client.post(url, _adjustment_post(adjustment.project, amount="0"))
    assert "không được bằng 0" in _page_errors(response)
    response = admin_client.post(url, _adjustment_post(adjustment.project, amount="25"))
    assert response.status_code == 302
    adjustment.refresh_from_db()
    assert adjustment.amount == Decimal("25.00")
    assert adjustment.history.first().history_user == admin_user


def test_nothing_is_deleted_and_withdrawing_an_increase_a_reduction_relies_on_is_refused(
    admin_client,
):
    project = ProjectFactory(registered_capital=Decimal("1000"))
    increase = CapitalAdjustmentFactory(project=project, amount=Decimal("500"))
    CapitalAdjustmentFactory(project=project, amount=Decimal("-1200"))
    url = reverse("admin:investments_capitaladjustment_delete", args=[increase.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:investments_capitaladjustment_changelist")
    response = admin_client.post(
        changelist,
        {
            "action": "withdraw_selected",
            "_selected_action": [increase.pk],
            "confirm": "1",
            "reason": "Nhập nhầm",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "dưới 0" in response.content.decode()
    assert CapitalAdjustment.objects.filter(pk=increase.pk).exists()


def test_the_project_page_shows_its_adjustments_read_only(admin_client):
    adjustment = CapitalAdjustmentFactory(reference="QĐ-77")
    response = admin_client.get(
        reverse("admin:investments_project_change", args=[adjustment.project.pk])
    )
    formset = response.context["inline_admin_formsets"][0].formset
    assert not formset.can_delete
    assert "QĐ-77" in response.content.decode()


# --- targets, plans, remittances ---------------------------------------------------------


def test_add_target_and_change_it(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:investments_annualtarget_add"),
        {"year": "2020", "kind": "FDI", "amount": "1.500.000.000"},
    )
    assert response.status_code == 302
    target = AnnualTarget.objects.get()
    assert target.amount == Decimal("1500000000.00")
    url = reverse("admin:investments_annualtarget_change", args=[target.pk])
    response = admin_client.post(url, {"amount": "0"})
    assert _page_errors(response) == "Số tiền phải lớn hơn 0."
    response = admin_client.post(url, {"amount": "1600000000"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.amount == Decimal("1600000000.00")
    assert target.history.first().history_user == admin_user


def test_add_target_year_out_of_range(admin_client):
    response = admin_client.post(
        reverse("admin:investments_annualtarget_add"),
        {"year": "1900", "kind": "FDI", "amount": "10"},
    )
    assert _page_errors(response) == "Năm phải nằm trong khoảng từ 1990 đến 2100."


def test_add_plan_and_refuse_a_zero_amount(admin_client, admin_user):
    unit = UnitFactory()
    url = reverse("admin:budget_budgetplan_add")
    response = admin_client.post(url, {"unit": unit.pk, "year": "2020", "amount": "0"})
    assert _page_errors(response) == "Số tiền phải lớn hơn 0."
    response = admin_client.post(url, {"unit": unit.pk, "year": "2020", "amount": "910500000"})
    assert response.status_code == 302
    assert BudgetPlan.objects.get().history.get().history_user == admin_user


def test_add_remittance_and_refuse_a_negative_amount(admin_client, admin_user):
    unit = UnitFactory()
    url = reverse("admin:budget_remittance_add")
    data = {"unit": unit.pk, "paid_on": "31/03/2020", "reference": "", "note": ""}
    response = admin_client.post(url, {**data, "amount": "-5"})
    assert _page_errors(response) == "Số tiền phải lớn hơn 0."
    assert not Remittance.objects.exists()
    response = admin_client.post(url, {**data, "amount": "468.000.000"})
    assert response.status_code == 302
    remittance = Remittance.objects.get()
    assert remittance.amount == Decimal("468000000.00")
    assert remittance.history.get().history_user == admin_user
    change = reverse("admin:budget_remittance_change", args=[remittance.pk])
    response = admin_client.post(change, {**data, "amount": "470000000"})
    assert response.status_code == 302
    remittance.refresh_from_db()
    assert remittance.amount == Decimal("470000000.00")
