"""Rules of the operations services, with their messages in Vietnamese and English."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from operations import services
from operations.models import OperationsReport, OperationsTarget
from tests.factories import ProjectFactory
from tests.operations.factories import OperationsReportFactory

pytestmark = pytest.mark.django_db


def _errors(call, lang: str = "en", **kwargs) -> dict[str, list[str]]:
    with translation.override(lang), pytest.raises(ValidationError) as exc:
        call(**kwargs)
    with translation.override(lang):
        return exc.value.message_dict


@pytest.fixture
def project():
    # Registered inside Q1 2020, terminated inside Q2 2021.
    return ProjectFactory(
        kind="FDI", registered_on=dt.date(2020, 2, 1), terminated_on=dt.date(2021, 5, 15)
    )


def test_create_stores_the_report_with_its_author(project, staff_user):
    report = services.operations_report_create(
        project=project,
        year=2020,
        quarter=1,
        realised_capital="1500000",
        revenue="2500000.50",
        exports=D("1000000"),
        imports=D("800000"),
        budget_paid="350000000",
        workers=120,
        average_income="9500000",
        reported_on=dt.date(2020, 4, 15),
        user=staff_user,
    )
    report.refresh_from_db()
    assert (report.revenue, report.workers, report.average_income) == (
        D("2500000.50"),
        120,
        D("9500000.00"),
    )
    assert report.history.get().history_user == staff_user
    assert str(report) == f"{project.code} Q1/2020"


@pytest.mark.parametrize(("year", "quarter"), [(2020, 1), (2021, 2)])
def test_first_and_last_quarters_of_the_life_are_accepted(project, year, quarter):
    services.operations_report_create(project=project, year=year, quarter=quarter)
    assert OperationsReport.objects.count() == 1


@pytest.mark.parametrize(
    ("year", "quarter", "lang", "message"),
    [
        (
            2019,
            4,
            "en",
            "The project was registered on 01/02/2020: it cannot report for a quarter that ends "
            "before that.",
        ),
        (
            2021,
            3,
            "en",
            "The project was terminated on 15/05/2021: it cannot report for a quarter that "
            "starts after that.",
        ),
        (
            2021,
            3,
            "vi",
            "Dự án đã chấm dứt hoạt động ngày 15/05/2021: không thể báo cáo cho quý bắt đầu sau "
            "ngày đó.",
        ),
        (
            2019,
            4,
            "vi",
            "Dự án được đăng ký ngày 01/02/2020: không thể báo cáo cho quý kết thúc trước ngày đó.",
        ),
    ],
)
def test_a_quarter_outside_the_project_life_is_refused(project, year, quarter, lang, message):
    errors = _errors(
        services.operations_report_create, lang, project=project, year=year, quarter=quarter
    )
    assert errors == {"quarter": [message]}
    assert not OperationsReport.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "lang", "message"),
    [
        ("exports", D("-1"), "en", "The amount cannot be negative."),
        ("revenue", D("-0.01"), "vi", "Số tiền không được âm."),
        (
            "imports",
            1.5,
            "en",
            "Amounts must be exact decimal numbers, not floating-point numbers.",
        ),
        ("budget_paid", "abc", "en", "Enter a valid amount."),
        ("workers", -3, "en", "The number cannot be negative."),
        ("workers", "many", "vi", "Nhập số lao động là số nguyên."),
        ("quarter", 5, "en", "Choose a quarter from 1 to 4."),
        ("year", 3020, "en", "The year must be between 1990 and 2100."),
        ("average_income", D("-5"), "en", "The amount cannot be negative."),
    ],
)
def test_bad_values_are_refused_next_to_their_field(project, field, value, lang, message):
    kwargs = {"project": project, "year": 2020, "quarter": 2, field: value}
    errors = _errors(services.operations_report_create, lang, **kwargs)
    assert errors == {field: [message]}


def test_one_report_per_project_and_quarter(project):
    services.operations_report_create(project=project, year=2020, quarter=2)
    errors = _errors(services.operations_report_create, project=project, year=2020, quarter=2)
    assert errors == {"quarter": ["The project already has a report for quarter 2/2020."]}
    errors = _errors(services.operations_report_create, "vi", project=project, year=2020, quarter=2)
    assert errors == {"quarter": ["Dự án đã có báo cáo quý 2/2020."]}


def test_update_corrects_figures_and_checks_the_quarter(project, staff_user):
    report = OperationsReportFactory(project=project, year=2020, quarter=2)
    OperationsReportFactory(project=project, year=2020, quarter=3)
    report = services.operations_report_update(
        report=report, exports="123.45", workers=7, user=staff_user
    )
    report.refresh_from_db()
    assert (report.exports, report.workers) == (D("123.45"), 7)
    assert report.history.first().history_user == staff_user
    errors = _errors(services.operations_report_update, report=report, quarter=3)
    assert errors == {"quarter": ["The project already has a report for quarter 3/2020."]}
    errors = _errors(services.operations_report_update, report=report, year=2019)
    assert list(errors) == ["quarter"]
    with pytest.raises(TypeError):
        services.operations_report_update(report=report, project=project)


def test_the_database_refuses_what_the_services_refuse(project):
    for values in [
        {"quarter": 5},
        {"quarter": 0},
        {"exports": D("-1")},
        {"budget_paid": D("-1")},
        {"average_income": D("-1")},
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            OperationsReport.objects.create(project=project, year=2020, **{"quarter": 1, **values})
    OperationsReport.objects.create(project=project, year=2020, quarter=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        OperationsReport.objects.create(project=project, year=2020, quarter=1)
    OperationsTarget.objects.create(year=2020, indicator="exports", amount=D(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        OperationsTarget.objects.create(year=2020, indicator="exports", amount=D(2))
    with pytest.raises(IntegrityError), transaction.atomic():
        OperationsTarget.objects.create(year=2020, indicator="revenue", amount=D(2))
    with pytest.raises(IntegrityError), transaction.atomic():
        OperationsTarget.objects.create(year=2021, indicator="imports", amount=D(-2))


def test_targets_are_unique_per_year_and_indicator(admin_user):
    target = services.operations_target_create(
        year=2020, indicator="exports", amount="28500000000", user=admin_user
    )
    assert target.history.get().history_user == admin_user
    errors = _errors(services.operations_target_create, year=2020, indicator="exports", amount=1)
    assert errors == {"indicator": ["A plan for this indicator and year 2020 already exists."]}
    errors = _errors(services.operations_target_create, year=2020, indicator="profit", amount=1)
    assert list(errors) == ["indicator"]
    errors = _errors(services.operations_target_create, year=2020, indicator="imports", amount=-1)
    assert errors == {"amount": ["The amount cannot be negative."]}
    target = services.operations_target_update(target=target, amount="1")
    assert target.amount == D("1.00")
    again = services.operations_target_set(year=2020, indicator="exports", amount="2")
    assert again.pk == target.pk and again.amount == D("2.00")
    assert OperationsTarget.objects.count() == 1
