"""``manage.py summary`` (SPEC "The summary command"): the JSON, the text and the errors."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from tests.factories import (
    AnnualTargetFactory,
    BudgetPlanFactory,
    CapitalAdjustmentFactory,
    ProjectFactory,
    RemittanceFactory,
    UnitFactory,
)

D = Decimal
KIND_KEYS = [
    "new_projects",
    "new_capital",
    "adjusted_projects",
    "adjusted_capital",
    "reduced_capital",
    "terminated_projects",
    "attracted_capital",
    "previous_attracted_capital",
    "growth_pct",
    "annual_target",
    "plan_pct",
    "cumulative_projects",
    "cumulative_capital",
    # SPEC "Share acquisitions" and "Targets as ranges"
    "adjustments_up",
    "share_acquisitions",
    "share_acquisition_capital",
    "total_registered_capital",
    "previous_total_registered_capital",
    "total_growth_pct",
    "annual_target_high",
    "plan_pct_high",
]


@pytest.fixture
def figures(db):
    fdi = ProjectFactory(registered_on=dt.date(2020, 2, 1), registered_capital=D("600000000"))
    CapitalAdjustmentFactory(project=fdi, adjusted_on=dt.date(2020, 5, 5), amount=D("93600000"))
    ProjectFactory(registered_on=dt.date(2019, 2, 1), registered_capital=D("488500000"))
    ProjectFactory(kind="DI", registered_on=dt.date(2020, 3, 1), registered_capital=D("7.5"))
    AnnualTargetFactory(year=2020, kind="FDI", amount=D("1500000000"))
    unit = UnitFactory(code="zz-unit", name="Đơn vị thử")
    BudgetPlanFactory(unit=unit, year=2020, amount=D("1000"))
    RemittanceFactory(unit=unit, paid_on=dt.date(2020, 6, 30), amount=D("468"))


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("summary", *args, stdout=out)
    return out.getvalue()


def test_json_has_the_spec_shape_and_exact_strings(figures):
    data = json.loads(run("--start", "2020-01-01", "--end", "2020-06-30", "--format", "json"))
    assert list(data) == ["start", "end", "fdi", "di", "budget", "operations"]
    assert (data["start"], data["end"]) == ("2020-01-01", "2020-06-30")
    assert list(data["fdi"]) == KIND_KEYS
    assert list(data["di"]) == KIND_KEYS
    fdi = data["fdi"]
    assert fdi["new_projects"] == 1 and isinstance(fdi["new_projects"], int)
    assert fdi["new_capital"] == "600000000.00"
    assert fdi["adjusted_projects"] == 1
    assert fdi["attracted_capital"] == "693600000.00"
    assert fdi["previous_attracted_capital"] == "488500000.00"
    assert fdi["growth_pct"] == "42.0"
    assert fdi["annual_target"] == "1500000000.00"
    assert fdi["plan_pct"] == "46.2"
    assert fdi["cumulative_projects"] == 2
    assert fdi["cumulative_capital"] == "1182100000.00"
    assert data["di"]["new_capital"] == "7.50"
    assert data["di"]["growth_pct"] is None
    assert data["di"]["annual_target"] is None
    assert data["di"]["plan_pct"] is None
    assert list(data["budget"]) == ["remitted", "plan", "plan_pct", "units"]
    assert data["budget"]["remitted"] == "468.00"
    assert data["budget"]["plan"] == "1000.00"
    assert data["budget"]["plan_pct"] == "46.8"
    unit = next(u for u in data["budget"]["units"] if u["code"] == "zz-unit")
    assert unit == {
        "code": "zz-unit",
        "name": "Đơn vị thử",
        "remitted": "468.00",
        "plan": "1000.00",
        "plan_pct": "46.8",
    }


def test_json_is_the_default_and_period_stands_for_start_and_end(figures):
    assert json.loads(run("--period", "2020-H1")) == json.loads(
        run("--start", "2020-01-01", "--end", "2020-06-30")
    )


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("2020", "2020-01-01", "2020-12-31"),
        ("2020-Q3", "2020-07-01", "2020-09-30"),
        ("2020-07", "2020-07-01", "2020-07-31"),
        ("2020-H2", "2020-07-01", "2020-12-31"),
    ],
)
def test_period_forms(db, period, start, end):
    data = json.loads(run("--period", period))
    assert (data["start"], data["end"]) == (start, end)


def test_text_is_the_vietnamese_narrative(figures):
    text = run("--period", "2020-H1", "--format", "text")
    assert text.startswith("Trong 6 tháng đầu năm 2020, về thu hút đầu tư trực tiếp nước ngoài")
    assert "tổng vốn thu hút đạt 693,6 triệu USD, tăng 42% so với cùng kỳ năm 2019" in text
    assert "đạt 46,2% kế hoạch năm (1.500 triệu USD)" in text
    assert text.count("\n") == 1  # one paragraph


def test_text_in_english(figures):
    text = run("--period", "2020-H1", "--format", "text", "--lang", "en")
    assert text.startswith("In the first half of 2020")
    assert "693.6 million USD, up 42% on the same period of 2019" in text


def command_line(capsys, *args) -> tuple[int, str, str]:
    utility = ManagementUtility(["manage.py", "summary", *args])
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2020-H3"], "Invalid period"),
        (["--period", "next year"], "Invalid period"),
        (["--period", "2020-13"], "Invalid month"),
        (["--start", "2020-02-30", "--end", "2020-03-01"], "Invalid date"),
        (["--start", "yesterday", "--end", "2020-03-01"], "Invalid date"),
        (["--start", "2020-05-01", "--end", "2020-03-01"], "before it starts"),
        (["--start", "2020-05-01"], "both --start and --end"),
        ([], "give --period"),
        (["--period", "2020", "--start", "2020-01-01"], "not both"),
        (["--period", "2020", "--format", "xml"], "invalid choice"),
        (["--period", "2020", "--lang", "fr"], "invalid choice"),
        (["--bogus"], "unrecognized arguments"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_code_2(db, capsys, args, message):
    code, out, err = command_line(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert message in err
    assert "Traceback" not in err


def test_good_input_from_the_command_line_exits_normally(db, capsys):
    utility = ManagementUtility(["manage.py", "summary", "--period", "2020-Q1"])
    utility.execute()
    assert json.loads(capsys.readouterr().out)["end"] == "2020-03-31"


def test_call_command_raises_command_error_with_code_2(db):
    with pytest.raises(CommandError) as error:
        call_command("summary", "--period", "2020-H3")
    assert error.value.returncode == 2
