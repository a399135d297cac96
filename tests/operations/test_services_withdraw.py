"""Withdrawing a quarterly operations report."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hpkkt.locks import DateLockedError, lock_dates
from operations import services
from operations.models import OperationsReport
from tests.factories import ProjectFactory
from tests.operations.factories import OperationsReportFactory

pytestmark = pytest.mark.django_db


def test_report_withdrawal_and_its_quarter(admin_user, staff_user):
    project = ProjectFactory(registered_on=dt.date(2019, 1, 1))
    report = OperationsReportFactory(project=project, year=2021, quarter=2)
    with pytest.raises(ValidationError):
        services.operations_report_withdraw(report, user=staff_user, reason="nhầm")
    services.operations_report_withdraw(report, user=admin_user, reason="Nhầm dự án")
    assert not OperationsReport.objects.filter(pk=report.pk).exists()
    # The withdrawn report leaves its quarter free for the corrected one, and only once.
    corrected = services.operations_report_create(
        project=project, year=2021, quarter=2, user=staff_user
    )
    assert list(OperationsReport.objects.filter(project=project)) == [corrected]
    assert OperationsReport.all_objects.filter(project=project).count() == 2
    with pytest.raises(ValidationError) as exc:
        services.operations_report_create(project=project, year=2021, quarter=2, user=staff_user)
    assert exc.value.error_dict["quarter"][0].code == "unique"


def test_a_report_of_a_locked_quarter_stays(admin_user):
    report = OperationsReportFactory(year=2020, quarter=2)
    lock_dates(until=dt.date(2020, 6, 30), user=admin_user)
    with pytest.raises(DateLockedError):
        services.operations_report_withdraw(report, user=admin_user, reason="nhầm")
