"""Date locks (hpkkt.locks) and their use in every investments and budget service."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from budget import services as budget_services
from exchange.importer import import_workbook
from hpkkt.locks import DateLockedError, check_unlocked, lock_dates, locked_until, unlock
from hpkkt.models import DateLock
from investments import services
from investments.models import Project
from tests.exchange.conftest import good_sheets
from tests.exchange.conftest import make_workbook as make_workbook  # noqa: F401 (fixture)
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

H1_END = dt.date(2020, 6, 30)


@pytest.fixture
def lock(admin_user) -> DateLock:
    return lock_dates(until=H1_END, title="6 tháng đầu năm 2020", user=admin_user)


def _message(exc: pytest.ExceptionInfo, field: str, lang: str = "vi") -> str:
    with translation.override(lang):
        return " ".join(str(m) for m in exc.value.message_dict[field])


def test_a_locked_date_is_refused_with_a_message_naming_the_lock(lock, staff_user):
    with pytest.raises(DateLockedError) as exc:
        check_unlocked(dates=[dt.date(2020, 3, 1)], user=staff_user, field="paid_on")
    published = lock.locked_at.astimezone(dt.timezone(dt.timedelta(hours=7)))
    vi = _message(exc, "paid_on")
    assert vi.startswith("Số liệu đến ngày 30/06/2020 đã được công bố ngày ")
    assert f"{published:%d/%m/%Y}" in vi
    assert vi.endswith("liên hệ quản trị viên để mở khóa.")
    en = _message(exc, "paid_on", "en")
    assert en.startswith("The figures up to 06/30/2020 were published on") or en.startswith(
        "The figures up to 30/06/2020 were published on"
    )
    assert exc.value.lock == lock


def test_dates_after_the_lock_and_administrators_pass(lock, staff_user, admin_user):
    check_unlocked(dates=[dt.date(2020, 7, 1), None], user=staff_user)
    check_unlocked(dates=[dt.date(2020, 1, 1)], user=admin_user)
    check_unlocked(dates=[], user=staff_user)
    with pytest.raises(DateLockedError):
        check_unlocked(dates=[dt.date(2020, 7, 1), dt.date(2015, 1, 1)], user=None)


def test_unlock_needs_an_administrator_and_a_reason_and_is_recorded(lock, staff_user, admin_user):
    with pytest.raises(ValidationError):
        unlock(lock=lock, reason="sửa số liệu", user=staff_user)
    with pytest.raises(ValidationError) as exc:
        unlock(lock=lock, reason="  ", user=admin_user)
    assert "change_reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        unlock(lock=lock, reason="x", user=admin_user, until=dt.date(2020, 12, 31))
    assert "locked_until" in exc.value.message_dict

    unlock(lock=lock, reason="Sai ngày cấp dự án P-9", user=admin_user, until=dt.date(2020, 3, 31))
    assert locked_until() == dt.date(2020, 3, 31)
    unlock(lock=lock, reason="Mở khóa toàn bộ", user=admin_user)
    assert locked_until() is None
    history = list(DateLock.history.filter(id=lock.pk).order_by("history_date"))
    assert [h.history_change_reason for h in history] == [
        None,
        "Sai ngày cấp dự án P-9",
        "Mở khóa toàn bộ",
    ]
    assert {h.history_user for h in history} == {admin_user}
    lock.refresh_from_db()
    assert not lock.is_active and lock.change_reason == "Mở khóa toàn bộ"


# --- the services ------------------------------------------------------------------------


def test_projects(lock, staff_user, admin_user):
    zone = ZoneFactory()
    kwargs = {"kind": "FDI", "name": "A", "investor_name": "B", "country": "JP", "zone": zone}
    with pytest.raises(ValidationError) as exc:
        services.project_create(
            code="L-1",
            registered_on=dt.date(2020, 6, 30),
            registered_capital=Decimal(1000),
            user=staff_user,
            **kwargs,
        )
    assert "registered_on" in exc.value.message_dict
    project = services.project_create(
        code="L-2",
        registered_on=dt.date(2020, 7, 1),
        registered_capital=Decimal(1000),
        user=staff_user,
        **kwargs,
    )
    # Moving a record into a locked date counts.
    with pytest.raises(ValidationError) as exc:
        services.project_update(project=project, registered_on=dt.date(2020, 6, 1), user=staff_user)
    assert "registered_on" in exc.value.message_dict

    old = ProjectFactory(registered_on=dt.date(2020, 2, 1), zone=zone)
    for change in (
        {"registered_capital": Decimal(5)},
        {"kind": "DI", "country": "VN"},
        {"zone": ZoneFactory()},
        {"country": "KR"},
        {"registered_on": dt.date(2020, 8, 1)},  # moving out of a locked date counts too
        {"terminated_on": dt.date(2020, 6, 1)},
    ):
        with pytest.raises(ValidationError):
            services.project_update(project=old, user=staff_user, **change)
    # A correction that alters no figure is allowed, and recorded.
    services.project_update(project=old, name="Tên đã sửa", note="ghi chú", user=staff_user)
    old.refresh_from_db()
    assert old.name == "Tên đã sửa"
    assert old.history.first().history_user == staff_user
    # Terminating after the lock changes no published figure: allowed.
    services.project_terminate(project=project, terminated_on=dt.date(2020, 9, 1), user=staff_user)
    services.project_terminate(project=old, terminated_on=dt.date(2020, 9, 1), user=staff_user)
    # An administrator may correct a locked figure.
    services.project_update(project=old, registered_capital=Decimal(7), user=admin_user)


def test_termination_into_a_locked_date_is_refused(lock, staff_user):
    project = ProjectFactory(registered_on=dt.date(2020, 7, 15))
    with pytest.raises(ValidationError) as exc:
        services.project_terminate(
            project=project, terminated_on=dt.date(2020, 6, 30), user=staff_user
        )
    assert "terminated_before_registered" in str(exc.value) or "terminated_on" in (
        exc.value.message_dict
    )
    late = ProjectFactory(registered_on=dt.date(2019, 1, 1), terminated_on=dt.date(2020, 5, 1))
    with pytest.raises(ValidationError) as exc:
        services.project_terminate(
            project=late, terminated_on=dt.date(2020, 8, 1), correct=True, user=staff_user
        )


def test_adjustments(lock, staff_user):
    project = ProjectFactory(registered_on=dt.date(2019, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.adjustment_create(
            project=project, adjusted_on=dt.date(2020, 5, 1), amount=Decimal(10), user=staff_user
        )
    assert "adjusted_on" in exc.value.message_dict
    later = services.adjustment_create(
        project=project, adjusted_on=dt.date(2020, 8, 1), amount=Decimal(10), user=staff_user
    )
    with pytest.raises(ValidationError):
        services.adjustment_update(
            adjustment=later, adjusted_on=dt.date(2020, 1, 2), user=staff_user
        )
    locked = CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 2, 1))
    with pytest.raises(ValidationError) as exc:
        services.adjustment_update(adjustment=locked, amount=Decimal(99), user=staff_user)
    assert "amount" in exc.value.message_dict
    services.adjustment_update(adjustment=locked, reference="QĐ 12/2020", user=staff_user)
    locked.refresh_from_db()
    assert locked.reference == "QĐ 12/2020"


def test_remittances(lock, staff_user):
    unit = UnitFactory()
    with pytest.raises(ValidationError) as exc:
        budget_services.remittance_create(
            unit=unit, paid_on=dt.date(2020, 6, 30), amount=Decimal(5), user=staff_user
        )
    assert "paid_on" in exc.value.message_dict
    locked = RemittanceFactory(unit=unit, paid_on=dt.date(2020, 3, 31))
    for change in (
        {"amount": Decimal(1)},
        {"unit": UnitFactory()},
        {"paid_on": dt.date(2020, 7, 31)},
    ):
        with pytest.raises(ValidationError):
            budget_services.remittance_update(remittance=locked, user=staff_user, **change)
    budget_services.remittance_update(remittance=locked, note="đã đối chiếu", user=staff_user)
    later = RemittanceFactory(unit=unit, paid_on=dt.date(2020, 9, 30))
    with pytest.raises(ValidationError):
        budget_services.remittance_update(
            remittance=later, paid_on=dt.date(2020, 6, 1), user=staff_user
        )


def test_targets_and_plans_of_a_locked_year(lock, admin_user, staff_user):
    AnnualTargetFactory(year=2020, kind="FDI")
    plan = BudgetPlanFactory(year=2020)
    staff_user.is_superuser = False
    # Administrators bypass locks; give the staff user the right to set targets to test it.
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_annualtarget", "change_budgetplan"])
    )
    with pytest.raises(ValidationError) as exc:
        services.target_set(year=2020, kind="FDI", amount=Decimal(1), user=staff_user)
    assert "amount" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.target_set(year=2019, kind="DI", amount=Decimal(1), user=staff_user)
    with pytest.raises(ValidationError):
        budget_services.plan_set(unit=plan.unit, year=2020, amount=Decimal(1), user=staff_user)
    services.target_set(year=2021, kind="FDI", amount=Decimal(1), user=staff_user)
    budget_services.plan_set(unit=plan.unit, year=2021, amount=Decimal(1), user=staff_user)
    services.target_set(year=2020, kind="FDI", amount=Decimal(2), user=admin_user)


def test_the_importer_turns_locked_rows_into_row_errors(lock, make_workbook, staff_user):  # noqa: F811
    before = Project.objects.count()
    report = import_workbook(make_workbook(good_sheets()), user=staff_user, commit=True)
    assert not report.ok
    assert not report.committed
    locked_rows = [e for e in report.errors if "30/06/2020" in str(e.message)]
    assert locked_rows, report.errors
    assert {e.sheet for e in locked_rows} >= {"projects"}
    assert Project.objects.count() == before


def test_the_admin_page_unlocks_with_a_reason(lock, admin_client, staff_client):
    url = f"/admin/hpkkt/datelock/{lock.pk}/change/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.get("/admin/hpkkt/datelock/").status_code == 200
    assert staff_client.get(url).status_code in (302, 403)
    refused = admin_client.post(url, {"locked_until": "31/03/2020", "change_reason": ""})
    assert refused.status_code == 200  # the reason is required; what was typed stays
    lock.refresh_from_db()
    assert lock.locked_until == H1_END
    response = admin_client.post(
        url, {"locked_until": "31/03/2020", "change_reason": "Sửa số liệu quý 2"}
    )
    assert response.status_code == 302
    lock.refresh_from_db()
    assert (lock.locked_until, lock.change_reason) == (dt.date(2020, 3, 31), "Sửa số liệu quý 2")
    response = admin_client.post(
        url, {"locked_until": "31/03/2020", "remove": "on", "change_reason": "Mở toàn bộ"}
    )
    assert response.status_code == 302
    lock.refresh_from_db()
    assert not lock.is_active
    assert admin_client.post(f"/admin/hpkkt/datelock/{lock.pk}/delete/").status_code == 403
