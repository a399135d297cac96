"""The demo history read back through the engine gives the source document's figures, and the
narrative gives its paragraph word for word (SPEC "Demo data", "The narrative")."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from hpkkt.periods import Period
from reports.narrative import narrative
from reports.selectors import summary_for

D = Decimal

# Copied from the source document (000_9a772e5868bb1755.txt), third paragraph.
SOURCE_PARAGRAPH = (
    "Trong 6 tháng đầu năm 2020, về thu hút đầu tư trực tiếp nước ngoài, các Khu công nghiệp "
    "(KCN), Khu kinh tế (KKT) đã thu hút 19 dự án FDI cấp mới, 14 dự án FDI điều chỉnh tăng "
    "vốn; tổng vốn thu hút đạt 693,6 triệu USD, tăng 42% so với cùng kỳ năm 2019, đạt 46,2% kế "
    "hoạch năm (1.500 triệu USD). Lũy kế đến ngày 30/6/2020, các KCN, KKT thu hút 383 dự án "
    "FDI với tổng vốn đầu tư 15.441,2 triệu USD. Về đầu tư trong nước, từ đầu năm đến ngày "
    "30/6/2020, các KCN, KKT đã thu hút được 03 dự án cấp mới, 02 dự án DI điều chỉnh tăng "
    "vốn; tổng vốn thu hút đạt 506,5 tỷ VND. Lũy kế đến ngày 30/6/2020, các KCN, KKT thu hút "
    "164 dự án đầu tư trong nước với tổng vốn đầu tư 145.164,9 tỷ VND. Nộp ngân sách nhà nước "
    "686,7 triệu đồng, bằng 37,2% kế hoạch năm, trong đó: Cơ quan Ban Quản lý Khu kinh tế: 468 "
    "triệu đồng, đạt 51,4% kế hoạch giao; Trung tâm Dịch vụ việc làm Khu kinh tế: 218,7 triệu "
    "đồng, đạt 23,4% kế hoạch giao."
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo history, loaded once for the module in a transaction rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True), pytest.MonkeyPatch.context() as patch:
            patch.setenv("DEMO_PASSWORD", "demo-test-pass-1")
            call_command("demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_source_figures_for_the_first_half_of_2020():
    summary = summary_for(Period.parse("2020-H1"))
    fdi, di, budget = summary.fdi, summary.di, summary.budget
    assert (fdi.new_projects, fdi.adjusted_projects) == (19, 14)
    assert fdi.attracted_capital == D("693600000.00")
    assert fdi.previous_attracted_capital == D("488500000.00")
    assert fdi.growth_pct == D("42.0")
    assert fdi.annual_target == D("1500000000.00")
    assert fdi.plan_pct == D("46.2")
    assert (fdi.cumulative_projects, fdi.cumulative_capital) == (383, D("15441200000.00"))
    assert (di.new_projects, di.adjusted_projects) == (3, 2)
    assert di.attracted_capital == D("506500000000.00")
    assert (di.cumulative_projects, di.cumulative_capital) == (164, D("145164900000000.00"))
    assert (budget.remitted, budget.plan, budget.plan_pct) == (
        D("686700000.00"),
        D("1845100000.00"),
        D("37.2"),
    )
    units = {unit.name: unit for unit in budget.units}
    office = units["Cơ quan Ban Quản lý Khu kinh tế"]
    centre = units["Trung tâm Dịch vụ việc làm Khu kinh tế"]
    assert (office.remitted, office.plan, office.plan_pct) == (
        D("468000000.00"),
        D("910500000.00"),
        D("51.4"),
    )
    assert (centre.remitted, centre.plan, centre.plan_pct) == (
        D("218700000.00"),
        D("934600000.00"),
        D("23.4"),
    )


def test_narrative_is_the_source_paragraph_word_for_word():
    assert narrative(summary_for(Period.parse("2020-H1"))) == SOURCE_PARAGRAPH


def test_summary_command_text_prints_the_source_paragraph(capsys):
    call_command("summary", "--period", "2020-H1", "--format", "text")
    # The source's paragraph first, word for word; the enterprises' one follows it after a
    # blank line (SPEC "The narrative").
    first, *further = capsys.readouterr().out.strip().split("\n\n")
    assert first == SOURCE_PARAGRAPH
    assert [paragraph[:32] for paragraph in further] == ["Các doanh nghiệp trong KCN, KKT "]


def test_summary_command_json_has_the_spec_figures(capsys):
    call_command("summary", "--start", "2020-01-01", "--end", "2020-06-30")
    data = json.loads(capsys.readouterr().out)
    assert data["fdi"]["attracted_capital"] == "693600000.00"
    assert data["fdi"]["previous_attracted_capital"] == "488500000.00"
    assert data["fdi"]["growth_pct"] == "42.0"
    assert data["fdi"]["annual_target"] == "1500000000.00"
    assert data["fdi"]["plan_pct"] == "46.2"
    assert data["fdi"]["cumulative_projects"] == 383
    assert data["fdi"]["cumulative_capital"] == "15441200000.00"
    assert (data["fdi"]["new_projects"], data["fdi"]["adjusted_projects"]) == (19, 14)
    assert data["budget"]["remitted"] == "686700000.00"
    assert data["budget"]["plan"] == "1845100000.00"
    assert data["budget"]["plan_pct"] == "37.2"


def test_english_narrative_has_the_same_figures():
    text = narrative(summary_for(Period.parse("2020-H1")), lang="en")
    assert text.startswith("In the first half of 2020, in foreign direct investment")
    for figure in (
        "19 new FDI projects",
        "693.6 million USD",
        "up 42% on",
        "46.2%",
        "(1,500 million USD)",
        "383 valid FDI projects",
        "15,441.2 million USD",
        "3 new projects",
        "506.5 billion VND",
        "145,164.9 billion VND",
        "686.7 million VND",
        "37.2% of the annual plan",
        "51.4%",
        "23.4%",
    ):
        assert figure in text, figure
    assert "None" not in text
