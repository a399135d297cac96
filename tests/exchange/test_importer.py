"""The importer: every row validated through the services, all or nothing, idempotent."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from budget.models import BudgetPlan, Remittance
from exchange.importer import CellError, import_workbook, read_date, read_money
from investments.models import AnnualTarget, CapitalAdjustment, Project
from tests.exchange.conftest import ADJUSTMENT_HEADER, PROJECT_HEADER, good_sheets
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _errors(report) -> list[tuple[str, int, str]]:
    return [(error.sheet, error.row, error.column) for error in report.errors]


def _count_all() -> tuple[int, ...]:
    return (
        Project.objects.count(),
        CapitalAdjustment.objects.count(),
        Remittance.objects.count(),
        BudgetPlan.objects.count(),
        AnnualTarget.objects.count(),
    )


# --- cells ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1500000, "1500000"),
        (1500000.5, "1500000.5"),
        (0.1, "0.1"),
        (-100000, "-100000"),
        ("1.500.000", "1500000"),
        ("1.500.000,50", "1500000.50"),
        ("1,500,000.50", "1500000.50"),
        ("1500000,5", "1500000.5"),
        ("999999999999999.99", "999999999999999.99"),
        ("-999999999999999.99", "-999999999999999.99"),
        ("- 1.000", "-1000"),
        ("\u22121.000", "-1000"),
        (" 2 500 000 ", "2500000"),
        (None, None),
        ("", None),
    ],
)
def test_amounts_are_read_exactly(value, expected):
    result = read_money(value)
    assert result == (None if expected is None else Decimal(expected))
    assert result is None or isinstance(result, Decimal)


@pytest.mark.parametrize(
    "value",
    [1.005, "1.234,567", "1500000.123", 0.1 + 0.2, "abc", "1.5.0", dt.date(2020, 1, 1), True],
)
def test_bad_amounts_are_refused(value):
    with pytest.raises(CellError):
        read_money(value)


def test_a_float_beyond_15_digits_is_refused_as_inexact():
    with pytest.raises(CellError, match="15"):
        read_money(1234567890123456.8)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2020, 6, 30), dt.date(2020, 6, 30)),
        (dt.date(2020, 6, 30), dt.date(2020, 6, 30)),
        ("30/06/2020", dt.date(2020, 6, 30)),
        ("1/7/2020", dt.date(2020, 7, 1)),
        ("2020-06-30", dt.date(2020, 6, 30)),
        ("", None),
    ],
)
def test_dates_are_read_as_real_dates_or_text(value, expected):
    assert read_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2020", "2020/30/06", "June 2020", 43831, 43831.0])
def test_bad_dates_are_refused(value):
    with pytest.raises(CellError):
        read_date(value)


# --- a good file ------------------------------------------------------------------------


def test_a_good_file_is_imported_through_the_services(make_workbook):
    report = import_workbook(make_workbook(), commit=True)

    assert report.ok, report.errors
    assert report.committed
    assert [(s.name, s.new, s.changed, s.unchanged) for s in report.sheets] == [
        ("projects", 2, 0, 0),
        ("adjustments", 2, 0, 0),
        ("remittances", 1, 0, 0),
        ("plans", 1, 0, 0),
        ("targets", 1, 0, 0),
    ]
    fdi = Project.objects.get(code="P-001")
    assert (fdi.kind, fdi.country.code, fdi.zone.code, fdi.sector.code) == (
        "FDI",
        "JP",
        "dinh-vu",
        "C",
    )
    assert fdi.registered_on == dt.date(2020, 1, 15)
    assert fdi.registered_capital == Decimal("1500000.00")
    di = Project.objects.get(code="P-002")
    assert (di.country.code, di.sector, di.registered_on) == ("VN", None, dt.date(2020, 2, 20))
    assert di.registered_capital == Decimal("1500000000.00")
    assert sorted(fdi.adjustments.values_list("adjusted_on", "amount", "reference", "note")) == [
        (dt.date(2020, 3, 1), Decimal("250000.50"), "QĐ-1", ""),
        (dt.date(2020, 4, 1), Decimal("-100000.00"), "", "giảm vốn"),
    ]
    assert Remittance.objects.get().amount == Decimal("12500000.00")
    assert BudgetPlan.objects.get(unit__code="bql", year=2020).amount == Decimal("910500000.00")
    assert AnnualTarget.objects.get(year=2020, kind="FDI").amount == Decimal("1500000000.00")
    # Written through the services: the history holds one creation per record.
    assert fdi.history.count() == 1
    assert fdi.history.first().history_type == "+"


def test_vietnamese_labels_are_accepted_as_headers(make_workbook):
    sheets = good_sheets()
    sheets["Dự án"] = [
        [
            "Loại dự án (FDI/DI)",
            "Mã dự án",
            "Tên dự án",
            "Nhà đầu tư",
            "Quốc gia",
            "Mã KCN/KKT",
            "Ngày đăng ký",
            "Vốn đăng ký",
        ],
        ["FDI", "P-009", "Dự án C", "C Corp.", "KR", "do-son", "01/03/2020", 2000000],
    ]
    del sheets["projects"]
    sheets["adjustments"] = [ADJUSTMENT_HEADER, ["P-009", "02/03/2020", 1000, "", ""]]

    report = import_workbook(make_workbook(sheets), commit=True)

    assert report.ok, report.errors
    assert Project.objects.get(code="P-009").adjustments.get().amount == Decimal("1000.00")


def test_a_second_header_row_of_labels_is_skipped(make_workbook):
    sheets = {
        "targets": [
            ["year", "kind", "amount"],
            ["Năm", "Loại (FDI/DI)", "Chỉ tiêu (USD/VND)"],
            [2021, "DI", "25.000.000.000.000"],
        ]
    }

    report = import_workbook(make_workbook(sheets), commit=True)

    assert report.ok, report.errors
    assert AnnualTarget.objects.get(year=2021, kind="DI").amount == Decimal("25000000000000")


# --- bad rows ---------------------------------------------------------------------------


def test_bad_rows_are_named_with_sheet_row_and_reason_and_nothing_is_imported(make_workbook):
    sheets = good_sheets()
    sheets["projects"] += [
        ["FDI", "P-003", "Ngày sai", "X", "JP", "dinh-vu", "", "31/02/2020", 1000, None],  # row 4
        ["FDI", "P-004", "KCN lạ", "X", "JP", "khong-co", "", "01/01/2020", 1000, None],  # row 5
        ["FDI", "P-001", "Trùng mã", "X", "JP", "dinh-vu", "", "01/01/2020", 1000, None],  # 6
        ["FDI", "P-005", "Ba số lẻ", "X", "JP", "dinh-vu", "", "01/01/2020", 1000.125, None],
        ["FDI", "P-006", "Công thức", "X", "JP", "dinh-vu", "", "01/01/2020", "=1000*2", None],
    ]
    sheets["adjustments"] += [
        ["P-001", dt.date(2019, 12, 31), 1000, "", ""],  # row 4: before registration
        ["P-002", dt.date(2020, 5, 1), "-2.000.000.000", "", ""],  # row 5: capital below zero
        ["P-004", dt.date(2020, 5, 1), 1000, "", ""],  # row 6: its project is invalid
    ]
    path = make_workbook(sheets)

    with translation.override("en"):
        report = import_workbook(path, commit=True)

    assert not report.ok
    assert not report.committed
    assert _count_all() == (0, 0, 0, 0, 0)
    assert _errors(report) == [
        ("projects", 4, "registered_on"),
        ("projects", 5, "zone"),
        ("projects", 6, "code"),
        ("projects", 7, "registered_capital"),
        ("projects", 8, "registered_capital"),
        ("adjustments", 4, "adjusted_on"),
        ("adjustments", 5, "amount"),
        ("adjustments", 6, "project"),
    ]
    messages = [error.message for error in report.errors]
    assert "not a date" in messages[0]
    assert "khong-co" in messages[1]
    assert "row 2" in messages[2]
    assert "more than 2 decimal places" in messages[3]
    assert "formula" in messages[4]
    assert "before the project's registration" in messages[5]
    assert "below zero" in messages[6]
    assert "projects, row 5" in messages[7]
    assert report.invalid_rows == 8
    assert [(s.name, s.invalid) for s in report.sheets][:2] == [("projects", 5), ("adjustments", 3)]


def test_reasons_are_in_the_users_language(make_workbook):
    sheets = {
        "projects": [
            PROJECT_HEADER,
            ["FDI", "P-1", "A", "B", "JP", "khong-co", "", "01/01/2020", 1, None],
        ]
    }

    with translation.override("vi"):
        report = import_workbook(make_workbook(sheets))

    assert report.errors[0].message == "Không có KCN/KKT mã “khong-co”."


def test_a_negative_registered_capital_is_refused(make_workbook):
    sheets = {
        "projects": [
            PROJECT_HEADER,
            ["DI", "P-1", "A", "B", "VN", "dinh-vu", "", "01/01/2020", -5, None],
        ]
    }

    report = import_workbook(make_workbook(sheets), commit=True)

    assert _errors(report) == [("projects", 2, "registered_capital")]
    assert Project.objects.count() == 0


def test_missing_columns_are_reported_on_the_header_row(make_workbook):
    report = import_workbook(make_workbook({"remittances": [["unit", "amount"], ["bql", 5]]}))

    assert _errors(report) == [("remittances", 1, "")]
    assert "paid_on" in report.errors[0].message


def test_a_workbook_without_known_sheets_is_refused(make_workbook):
    report = import_workbook(make_workbook({"Sheet1": [["a"], [1]]}), commit=True)

    assert not report.ok
    assert report.warnings


def test_staff_may_not_set_targets_or_plans_through_the_importer(make_workbook, staff_user):
    report = import_workbook(make_workbook(), user=staff_user, commit=True)

    assert _errors(report) == [("plans", 2, ""), ("targets", 2, "")]
    assert _count_all() == (0, 0, 0, 0, 0)


# --- idempotence, changes, dry run ------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(make_workbook):
    path = make_workbook()
    import_workbook(path, commit=True)
    before = _count_all()

    report = import_workbook(path, commit=True)

    assert report.ok
    assert _count_all() == before
    with translation.override("en"):
        assert report.summary() == "0 new, 0 changed, 7 unchanged"
    assert Project.objects.get(code="P-001").history.count() == 1


def test_two_identical_adjustment_rows_are_two_adjustments_and_stay_two(make_workbook):
    sheets = good_sheets()
    sheets["adjustments"].append(sheets["adjustments"][1])
    path = make_workbook(sheets)

    import_workbook(path, commit=True)
    second = import_workbook(path, commit=True)

    assert CapitalAdjustment.objects.filter(amount=Decimal("250000.50")).count() == 2
    assert second.total("new") == 0


def test_a_changed_row_updates_the_record_through_the_service(make_workbook, admin_user):
    import_workbook(make_workbook(), commit=True)
    sheets = good_sheets()
    sheets["projects"][1][2] = "Nhà máy A (mở rộng)"
    sheets["projects"][1][8] = "2.000.000"
    sheets["adjustments"][2][4] = "giảm vốn theo QĐ 12"
    sheets["targets"][1][2] = 1600000000

    report = import_workbook(make_workbook(sheets), user=admin_user, commit=True)

    assert report.ok, report.errors
    assert [(s.name, s.new, s.changed) for s in report.sheets] == [
        ("projects", 0, 1),
        ("adjustments", 0, 1),
        ("remittances", 0, 0),
        ("plans", 0, 0),
        ("targets", 0, 1),
    ]
    assert [(c.sheet, c.row, c.outcome, c.fields) for c in report.changes] == [
        ("projects", 2, "changed", ["name", "registered_capital"]),
        ("adjustments", 3, "changed", ["note"]),
        ("targets", 2, "changed", ["amount"]),
    ]
    project = Project.objects.get(code="P-001")
    assert project.name == "Nhà máy A (mở rộng)"
    assert project.registered_capital == Decimal("2000000.00")
    history = list(project.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[0].registered_capital == Decimal("1500000.00")
    assert history[1].history_user == admin_user
    assert CapitalAdjustment.objects.get(amount=Decimal("-100000")).note == "giảm vốn theo QĐ 12"
    assert AnnualTarget.objects.get(year=2020, kind="FDI").amount == Decimal("1600000000")


def test_a_changed_row_that_breaks_a_rule_is_refused_and_nothing_changes(make_workbook):
    import_workbook(make_workbook(), commit=True)
    sheets = good_sheets()
    sheets["projects"][1][7] = dt.date(2020, 3, 15)  # after its adjustment of 1 March
    sheets["projects"][2][2] = "Tên mới"

    report = import_workbook(make_workbook(sheets), commit=True)

    assert _errors(report) == [("projects", 2, "registered_on")]
    assert Project.objects.get(code="P-002").name == "Kho vận B"


def test_existing_records_are_matched_by_code(make_workbook):
    ProjectFactory(code="P-001", registered_on=dt.date(2020, 1, 15), country="JP")

    report = import_workbook(make_workbook(), commit=True)

    assert report.ok, report.errors
    assert report.sheets[0].changed == 1 and report.sheets[0].new == 1
    assert Project.objects.filter(code="P-001").count() == 1


def test_a_dry_run_validates_and_writes_nothing(make_workbook):
    report = import_workbook(make_workbook(), commit=False)

    assert report.ok
    assert not report.committed
    assert report.total("new") == 7
    assert _count_all() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize("copies", [1, 3])
def test_an_unchanged_reimport_costs_a_fixed_number_of_queries(
    make_workbook, django_assert_num_queries, copies
):
    sheets = good_sheets()
    for n in range(copies - 1):  # more projects, each with its adjustment
        sheets["projects"].append(
            ["FDI", f"X-{n}", "B", "C", "JP", "dinh-vu", "", "01/01/2020", 5, None]
        )
        sheets["adjustments"].append([f"X-{n}", "02/01/2020", 1, "", ""])
    path = make_workbook(sheets)
    import_workbook(path, commit=True)

    # savepoint, 3 reference tables, per batch of rows what it names (the projects sheet's
    # projects; the adjustments sheet's projects and their adjustments), the remittances,
    # plans and targets, release
    with django_assert_num_queries(11):
        report = import_workbook(path, commit=True)

    assert report.total("unchanged") == 5 + 2 * copies


def test_a_label_row_with_an_extra_column_is_still_a_label_row(make_workbook):
    sheets = {
        "plans": [
            ["unit", "year", "amount", "ghi chú riêng"],
            ["Mã đơn vị", "Năm", "Kế hoạch (VND)", "(cột riêng)"],
            ["bql", 2021, "950.000.000", "x"],
        ]
    }

    report = import_workbook(make_workbook(sheets), commit=True)

    assert report.ok, report.errors
    assert report.warnings  # the unknown column is named
    assert BudgetPlan.objects.get(year=2021).amount == Decimal("950000000")


@pytest.mark.parametrize("value", ["1" + "0" * 30, 1e30, "1000000000000000"])
def test_an_amount_too_large_is_a_cell_error_not_a_crash(value):
    with translation.override("en"), pytest.raises(CellError, match="too large"):
        read_money(value)
