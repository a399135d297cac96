"""The core's date locks and version checks in the share-acquisition and operations services."""

import datetime as dt
from decimal import Decimal

import pytest

from hpkkt.locks import DateLockedError, lock_dates
from hpkkt.versioning import EditConflict
from investments import services
from operations import services as operations_services
from tests.factories import ProjectFactory, ShareAcquisitionFactory, ZoneFactory
from tests.operations.factories import OperationsReportFactory, OperationsTargetFactory

pytestmark = pytest.mark.django_db

H1_END = dt.date(2020, 6, 30)


@pytest.fixture
def lock(admin_user):
    return lock_dates(until=H1_END, title="6 tháng đầu năm 2020", user=admin_user)


def _share_fields(**overrides):
    fields = {
        "code": "GV-NEW",
        "enterprise_name": "Công ty TNHH A",
        "investor_name": "Buyer Co., Ltd.",
        "country": "KR",
        "zone": ZoneFactory(),
        "registered_on": dt.date(2020, 6, 30),
        "amount": Decimal("1500000.00"),
    }
    fields.update(overrides)
    return fields


def test_a_share_acquisition_dated_in_a_published_period_is_refused(lock, staff_user, admin_user):
    with pytest.raises(DateLockedError) as exc:
        services.share_acquisition_create(user=staff_user, **_share_fields())
    assert "registered_on" in exc.value.message_dict
    services.share_acquisition_create(
        user=staff_user, **_share_fields(registered_on=dt.date(2020, 7, 1))
    )
    services.share_acquisition_create(user=admin_user, **_share_fields(code="GV-ADMIN"))


def test_a_published_share_acquisition_keeps_its_figures_but_not_its_note(lock, staff_user):
    acquisition = ShareAcquisitionFactory(registered_on=dt.date(2020, 3, 1))
    services.share_acquisition_update(
        share_acquisition=acquisition, user=staff_user, note="Sửa ghi chú"
    )
    with pytest.raises(DateLockedError):
        services.share_acquisition_update(
            share_acquisition=acquisition, user=staff_user, amount=Decimal("2")
        )
    with pytest.raises(DateLockedError):  # moved out of the published period
        services.share_acquisition_update(
            share_acquisition=acquisition, user=staff_user, registered_on=dt.date(2020, 8, 1)
        )


def test_a_stale_share_acquisition_form_is_refused(staff_user):
    acquisition = ShareAcquisitionFactory()
    loaded = acquisition.version
    services.share_acquisition_update(
        share_acquisition=acquisition, user=staff_user, amount=Decimal("2"), version=loaded
    )
    with pytest.raises(EditConflict):
        services.share_acquisition_update(
            share_acquisition=acquisition, user=staff_user, amount=Decimal("3"), version=loaded
        )
    acquisition.refresh_from_db()
    assert (acquisition.amount, acquisition.version) == (Decimal("2.00"), loaded + 1)


def test_a_report_of_a_published_quarter_is_refused(lock, staff_user):
    project = ProjectFactory(registered_on=dt.date(2015, 1, 1))
    with pytest.raises(DateLockedError) as exc:
        operations_services.operations_report_create(
            project=project, year=2020, quarter=2, exports=Decimal("5"), user=staff_user
        )
    assert "quarter" in exc.value.message_dict
    report = operations_services.operations_report_create(
        project=project, year=2020, quarter=3, exports=Decimal("5"), user=staff_user
    )
    with pytest.raises(DateLockedError):  # moved into the published half-year
        operations_services.operations_report_update(report=report, user=staff_user, quarter=1)


def test_a_published_report_keeps_its_figures_and_a_stale_form_is_refused(lock, staff_user):
    report = OperationsReportFactory(
        project=ProjectFactory(registered_on=dt.date(2015, 1, 1)), year=2020, quarter=1
    )
    operations_services.operations_report_update(report=report, user=staff_user, note="Đã gọi")
    with pytest.raises(DateLockedError):
        operations_services.operations_report_update(
            report=report, user=staff_user, exports=Decimal("9")
        )
    later = OperationsReportFactory(
        project=ProjectFactory(registered_on=dt.date(2015, 1, 1)), year=2020, quarter=4
    )
    loaded = later.version
    operations_services.operations_report_update(
        report=later, user=staff_user, workers=10, version=loaded
    )
    with pytest.raises(EditConflict):
        operations_services.operations_report_update(
            report=later, user=staff_user, workers=20, version=loaded
        )


def test_an_operations_plan_of_a_published_year_is_refused(lock, staff_user, admin_user):
    with pytest.raises(DateLockedError):
        operations_services.operations_target_create(
            year=2020, indicator="exports", amount=Decimal("1"), user=staff_user
        )
    target = OperationsTargetFactory(year=2021)
    operations_services.operations_target_update(target=target, user=staff_user, amount=5)
    with pytest.raises(DateLockedError):
        operations_services.operations_target_update(target=target, user=staff_user, year=2020)
    operations_services.operations_target_update(target=target, user=admin_user, year=2020)
