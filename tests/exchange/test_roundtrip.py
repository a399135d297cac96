"""export_xlsx then import_xlsx into an empty database gives the same rows and figures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from budget.models import BudgetPlan, Remittance
from exchange import importer
from investments.models import AnnualTarget, CapitalAdjustment, Project, ShareAcquisition
from reports.selectors import period_summary
from tests.factories import (
    AnnualTargetFactory,
    BudgetPlanFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    RemittanceFactory,
    SectorFactory,
    ShareAcquisitionFactory,
    UnitFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db

PERIODS = [
    (dt.date(2020, 1, 1), dt.date(2020, 6, 30)),
    (dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
    (dt.date(2019, 7, 1), dt.date(2019, 9, 30)),
    (dt.date(2021, 3, 1), dt.date(2021, 3, 31)),
    (dt.date(2019, 12, 15), dt.date(2020, 2, 29)),
]


def _rows() -> dict[str, list[tuple]]:
    return {
        "projects": sorted(
            Project.objects.values_list(
                "kind", "code", "name", "investor_name", "country", "zone__code", "sector__code",
                "registered_on", "registered_capital", "terminated_on", "termination_reason",
                "note",
            )
        ),
        "adjustments": sorted(
            CapitalAdjustment.objects.values_list(
                "project__code", "adjusted_on", "amount", "reference", "note"
            )
        ),
        "remittances": sorted(
            Remittance.objects.values_list("unit__code", "paid_on", "amount", "reference", "note")
        ),
        "plans": sorted(BudgetPlan.objects.values_list("unit__code", "year", "amount")),
        "targets": sorted(
            AnnualTarget.objects.values_list("year", "kind", "amount", "amount_high")
        ),
        "share_acquisitions": sorted(
            ShareAcquisition.objects.values_list(
                "code", "enterprise_name", "investor_name", "country", "zone__code",
                "sector__code", "registered_on", "amount", "project__code", "note",
            )
        ),
    }  # fmt: skip


def _build_dataset() -> None:
    dinh_vu = ZoneFactory(code="dinh-vu")
    do_son = ZoneFactory(code="do-son")
    manufacturing = SectorFactory(code="C")
    big = ProjectFactory(
        code="2143658709",
        name="Nhà máy điện tử = “LG”",
        investor_name='=HYPERLINK("http://x")',
        country="KR",
        zone=dinh_vu,
        sector=manufacturing,
        registered_on=dt.date(2019, 8, 20),
        registered_capital=Decimal("1234567890123.45"),
        note="dòng 1\ndòng 2 _x0041_",
    )
    CapitalAdjustmentFactory(project=big, adjusted_on=dt.date(2020, 3, 2), amount=Decimal("5e8"))
    # Two identical reductions on the same day are two adjustments.
    for _ in range(2):
        CapitalAdjustmentFactory(
            project=big, adjusted_on=dt.date(2020, 5, 5), amount=Decimal("-0.01"), reference="QĐ"
        )
    ended = ProjectFactory(
        code="FDI-2",
        country="JP",
        zone=do_son,
        registered_on=dt.date(2020, 2, 29),
        registered_capital=Decimal("7000000.10"),
        terminated_on=dt.date(2021, 3, 15),
        termination_reason="Giải thể trước hạn",
    )
    CapitalAdjustmentFactory(project=ended, adjusted_on=dt.date(2021, 3, 15), amount=Decimal(1))
    domestic = ProjectFactory(
        kind="DI",
        code="DI-1",
        zone=dinh_vu,
        registered_on=dt.date(2020, 6, 30),
        registered_capital=Decimal("999999999999999.99"),
    )
    CapitalAdjustmentFactory(
        project=domestic, adjusted_on=dt.date(2020, 12, 31), amount=Decimal("-999999999999999.98")
    )
    bql, centre = UnitFactory(code="bql"), UnitFactory(code="ttdvvl")
    for month in range(1, 13):
        RemittanceFactory(unit=bql, paid_on=dt.date(2020, month, 28), amount=Decimal("39000000"))
    RemittanceFactory(unit=centre, paid_on=dt.date(2020, 6, 30), amount=Decimal("218700000.55"))
    BudgetPlanFactory(unit=bql, year=2020, amount=Decimal("910500000"))
    BudgetPlanFactory(unit=centre, year=2020, amount=Decimal("934600000"))
    AnnualTargetFactory(year=2020, kind="FDI", amount=Decimal("1500000000"))
    AnnualTargetFactory(year=2020, kind="DI", amount=Decimal("25000000000000.5"))
    AnnualTargetFactory(
        year=2021, kind="FDI", amount=Decimal("1800000000"), amount_high=Decimal("2300000000.01")
    )
    # Share acquisitions: linked to a project or not, on a leap day, cents, huge, a formula.
    ShareAcquisitionFactory(
        code="GV-2020-01",
        enterprise_name="=SUM(A1:A2)",
        country="KR",
        zone=dinh_vu,
        sector=manufacturing,
        registered_on=dt.date(2020, 2, 29),
        amount=Decimal("120500000.05"),
        project=big,
        note="dòng 1\ndòng 2",
    )
    ShareAcquisitionFactory(
        code="0021",
        country="SG",
        zone=do_son,
        registered_on=dt.date(2020, 6, 30),
        amount=Decimal("999999999999999.99"),
    )
    ShareAcquisitionFactory(
        code="GV-2021-07",
        country="JP",
        zone=do_son,
        registered_on=dt.date(2021, 3, 15),
        amount=Decimal("0.01"),
        project=ended,
    )


def _empty_database() -> None:
    ShareAcquisition.objects.all().delete()
    CapitalAdjustment.objects.all().delete()
    Project.objects.all().delete()
    Remittance.objects.all().delete()
    BudgetPlan.objects.all().delete()
    AnnualTarget.objects.all().delete()


@pytest.fixture(params=[500, 1], ids=["batches-of-500", "batches-of-1"])
def batch_rows(request, monkeypatch):
    """The importer reads what its rows name a batch at a time; with batches of one row every
    index crosses a batch boundary (a project created on one row, adjusted on the next)."""
    monkeypatch.setattr(importer, "BATCH_ROWS", request.param)
    return request.param


def test_export_then_import_into_an_empty_database_gives_the_same_rows_and_figures(
    tmp_path, batch_rows
):
    _build_dataset()
    rows_before = _rows()
    figures_before = [period_summary(start=s, end=e).as_dict() for s, e in PERIODS]
    path = tmp_path / "dataset.xlsx"
    call_command("export_xlsx", str(path))
    _empty_database()
    assert _rows()["projects"] == []

    call_command("import_xlsx", str(path))

    assert _rows() == rows_before
    assert [period_summary(start=s, end=e).as_dict() for s, e in PERIODS] == figures_before
    assert figures_before[0]["fdi"]["new_projects"] == 1  # the fixture is not trivially empty
    assert figures_before[0]["fdi"]["share_acquisitions"] == 2


def test_reimporting_an_export_changes_nothing(tmp_path, capsys, batch_rows):
    _build_dataset()
    path = tmp_path / "dataset.xlsx"
    call_command("export_xlsx", str(path))
    rows_before = _rows()

    call_command("import_xlsx", str(path), "--lang", "en")

    assert _rows() == rows_before
    assert "0 new, 0 changed, 29 unchanged" in capsys.readouterr().out
    assert Project.objects.get(code="DI-1").history.count() == 1  # its creation only
