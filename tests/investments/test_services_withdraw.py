"""Withdrawals of projects, adjustments and share acquisitions: refusals, history, version."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation

from hpkkt.locks import DateLockedError, lock_dates
from hpkkt.versioning import EditConflict
from investments import services
from investments.models import CapitalAdjustment, Project, ShareAcquisition
from operations.models import OperationsReport
from tests.factories import (
    CapitalAdjustmentFactory,
    ProjectFactory,
    ShareAcquisitionFactory,
    ZoneFactory,
)
from tests.operations.factories import OperationsReportFactory

pytestmark = pytest.mark.django_db

REASON = "Nhập trùng với dự án khác"


def _messages(exc: pytest.ExceptionInfo, field: str = NON_FIELD_ERRORS, lang: str = "vi") -> str:
    with translation.override(lang):
        return " ".join(str(message) for message in exc.value.message_dict[field])


@pytest.fixture
def project() -> Project:
    return ProjectFactory(registered_on=dt.date(2021, 1, 15), registered_capital=Decimal("1000"))


def test_an_administrator_withdraws_a_project_with_a_reason_in_the_history(project, admin_user):
    services.project_withdraw(project, user=admin_user, reason=f"  {REASON} ")
    stored = Project.all_objects.get(pk=project.pk)
    assert stored.is_withdrawn and stored.withdrawn_by == admin_user
    assert stored.withdrawal_reason == REASON
    assert not Project.objects.filter(pk=project.pk).exists()  # out of every figure
    last = stored.history.latest()
    assert last.history_type == "~" and last.history_user == admin_user
    assert last.history_change_reason == REASON
    assert stored.version == project.version + 1


@pytest.mark.parametrize("role", ["staff_user", "leadership_user"])
def test_only_administrators_withdraw(project, role, request):
    with pytest.raises(ValidationError) as exc:
        services.project_withdraw(project, user=request.getfixturevalue(role), reason=REASON)
    assert exc.value.error_dict[NON_FIELD_ERRORS][0].code == "denied"
    assert "quản trị viên" in _messages(exc)
    assert not Project.all_objects.get(pk=project.pk).is_withdrawn


def test_a_reason_is_required_in_both_languages(project, admin_user):
    with pytest.raises(ValidationError) as exc:
        services.project_withdraw(project, user=admin_user, reason="   ")
    assert _messages(exc, "reason") == "Nhập lý do hủy bỏ bản ghi này."
    assert _messages(exc, "reason", "en") == "Give the reason for withdrawing this record."


def test_withdrawing_twice_is_refused_clearly(project, admin_user):
    services.project_withdraw(project, user=admin_user, reason=REASON)
    with pytest.raises(ValidationError) as exc:
        services.project_withdraw(project, user=admin_user, reason="lần hai")
    assert exc.value.error_dict[NON_FIELD_ERRORS][0].code == "already_withdrawn"
    assert "đã được hủy bỏ" in _messages(exc)
    assert Project.all_objects.get(pk=project.pk).withdrawal_reason == REASON


def test_a_stale_form_version_is_refused(project, admin_user, staff_user):
    services.project_update(project=project, user=staff_user, name="Tên mới")
    with pytest.raises(EditConflict):
        services.project_withdraw(project, user=admin_user, reason=REASON, version=1)
    assert not Project.all_objects.get(pk=project.pk).is_withdrawn


def test_withdrawing_into_a_locked_date_is_refused_even_for_administrators(admin_user):
    project = ProjectFactory(registered_on=dt.date(2020, 3, 1))
    lock_dates(until=dt.date(2020, 6, 30), user=admin_user)
    with pytest.raises(DateLockedError) as exc:
        services.project_withdraw(project, user=admin_user, reason=REASON)
    assert "30/06/2020" in _messages(exc) and "mở khóa" in _messages(exc)
    assert not Project.all_objects.get(pk=project.pk).is_withdrawn


def test_a_projects_adjustment_in_a_locked_period_refuses_its_withdrawal(admin_user):
    project = ProjectFactory(registered_on=dt.date(2020, 7, 1))
    CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2020, 7, 5))
    lock_dates(until=dt.date(2020, 7, 31), user=admin_user)
    with pytest.raises(DateLockedError):
        services.project_withdraw(project, user=admin_user, reason=REASON)


def test_a_project_takes_its_adjustments_with_it(project, admin_user):
    up = CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2021, 2, 1), amount=500)
    down = CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2021, 3, 1), amount=-1200)
    services.project_withdraw(project, user=admin_user, reason=REASON)
    for adjustment in (up, down):
        stored = CapitalAdjustment.all_objects.get(pk=adjustment.pk)
        assert stored.is_withdrawn and stored.withdrawal_reason == REASON
        assert stored.history.latest().history_change_reason == REASON
    assert not CapitalAdjustment.objects.filter(project_id=project.pk).exists()


def test_a_project_with_live_share_acquisitions_or_reports_is_refused(project, admin_user):
    acquisition = ShareAcquisitionFactory(project=project, registered_on=dt.date(2021, 3, 1))
    report = OperationsReportFactory(project=project, year=2021, quarter=1)
    with pytest.raises(ValidationError) as exc:
        services.project_withdraw(project, user=admin_user, reason=REASON)
    assert exc.value.error_dict[NON_FIELD_ERRORS][0].code == "has_live_records"
    services.share_acquisition_withdraw(acquisition, user=admin_user, reason=REASON)
    from operations.services import operations_report_withdraw

    operations_report_withdraw(report, user=admin_user, reason=REASON)
    services.project_withdraw(project, user=admin_user, reason=REASON)
    assert OperationsReport.all_objects.get(pk=report.pk).is_withdrawn


def test_an_increase_that_covers_a_later_reduction_cannot_be_withdrawn(project, admin_user):
    up = CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2021, 2, 1), amount=500)
    down = CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2021, 3, 1), amount=-1200)
    with pytest.raises(ValidationError) as exc:
        services.adjustment_withdraw(up, user=admin_user, reason=REASON)
    assert exc.value.error_dict[NON_FIELD_ERRORS][0].code == "capital_below_zero"
    assert "01/03/2021" in _messages(exc)
    # The reduction first, then the increase: both fine.
    services.adjustment_withdraw(down, user=admin_user, reason=REASON)
    services.adjustment_withdraw(up, user=admin_user, reason=REASON)
    assert not CapitalAdjustment.objects.filter(project_id=project.pk).exists()


def test_capital_rules_ignore_withdrawn_adjustments(project, admin_user, staff_user):
    up = CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2021, 2, 1), amount=500)
    services.adjustment_withdraw(up, user=admin_user, reason=REASON)
    with pytest.raises(ValidationError) as exc:
        services.adjustment_create(
            project=project, adjusted_on=dt.date(2021, 3, 1), amount="-1200", user=staff_user
        )
    assert "amount" in exc.value.message_dict
    # The withdrawn adjustment dated after a new termination does not block it.
    services.project_terminate(
        project=project, terminated_on=dt.date(2021, 1, 31), reason="Giải thể", user=staff_user
    )


def test_a_withdrawn_adjustment_is_out_of_the_current_capital(project, admin_user):
    up = CapitalAdjustmentFactory(project=project, adjusted_on=dt.date(2021, 2, 1), amount=500)
    services.adjustment_withdraw(up, user=admin_user, reason=REASON)
    capital = Project.objects.with_capital_on(dt.date(2022, 1, 1)).get(pk=project.pk).capital
    assert capital == Decimal("1000")


def test_a_withdrawn_code_cannot_be_reused_and_the_message_says_why(project, admin_user):
    services.project_withdraw(project, user=admin_user, reason=REASON)
    with pytest.raises(ValidationError) as exc:
        services.project_create(
            kind="FDI",
            code=project.code,
            name="Dự án mới",
            investor_name="X",
            country="JP",
            zone=ZoneFactory(),
            registered_on=dt.date(2022, 1, 1),
            registered_capital="10",
            user=admin_user,
        )
    assert exc.value.error_dict["code"][0].code == "unique_withdrawn"
    assert "đã bị hủy bỏ" in _messages(exc, "code")


def test_share_acquisitions(admin_user, staff_user):
    acquisition = ShareAcquisitionFactory(registered_on=dt.date(2021, 3, 1))
    with pytest.raises(ValidationError):
        services.share_acquisition_withdraw(acquisition, user=staff_user, reason=REASON)
    services.share_acquisition_withdraw(acquisition, user=admin_user, reason=REASON)
    assert not ShareAcquisition.objects.filter(pk=acquisition.pk).exists()
    with pytest.raises(ValidationError) as exc:
        services.share_acquisition_create(
            code=acquisition.code,
            enterprise_name="E",
            investor_name="I",
            country="KR",
            zone=acquisition.zone,
            registered_on=dt.date(2021, 4, 1),
            amount="5",
            user=staff_user,
        )
    assert exc.value.error_dict["code"][0].code == "unique_withdrawn"


def test_an_edit_of_a_record_withdrawn_meanwhile_is_refused_with_a_message(admin_user, staff_user):
    project = ProjectFactory()
    stale = Project.objects.get(pk=project.pk)  # the page was opened before the withdrawal
    services.project_withdraw(project, user=admin_user, reason="Nhập trùng")
    with pytest.raises(ValidationError) as exc:
        services.project_update(project=stale, name="Tên mới", user=staff_user)
    assert exc.value.error_dict["__all__"][0].code == "already_withdrawn"
    with pytest.raises(ValidationError):
        services.adjustment_create(
            project=stale, adjusted_on=stale.registered_on, amount=Decimal(5), user=staff_user
        )
