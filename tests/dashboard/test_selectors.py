"""The dashboard's breakdowns: the SPEC's definition of attracted capital, in fixed queries."""

import datetime as dt
from decimal import Decimal

import pytest

from dashboard import selectors
from dashboard.selectors import OTHERS, History, Share, YearFigures
from reports.selectors import period_summary
from tests.factories import CapitalAdjustmentFactory, ProjectFactory, SectorFactory, ZoneFactory

pytestmark = pytest.mark.django_db

D = Decimal
M = D(10**6)
H1_END = dt.date(2020, 6, 30)


def test_monthly_attracted_splits_new_capital_from_increases(source_register):
    monthly = selectors.monthly_attracted(end=H1_END)
    fdi = monthly["FDI"]
    assert (fdi.year, fdi.last_month) == (2020, 6)
    assert sum(fdi.new) == D("500") * M
    assert sum(fdi.increases) == D("193.6") * M  # the reduction is not attracted capital
    assert fdi.year_to_date == D("693.6") * M
    assert fdi.new[0] == D("125") * M  # 50 + 3 x 25 registered in January
    assert fdi.new[6:] == (D(0),) * 6  # after 30 June nothing counts, even a September project
    assert sum(fdi.previous_year) == D("488.5") * M
    assert monthly["DI"].year_to_date == D("506.5") * (10**9)


def test_monthly_attracted_matches_period_summary_month_by_month(source_register):
    fdi = selectors.monthly_attracted(end=H1_END)["FDI"]
    for month in range(1, 7):
        start = dt.date(2020, month, 1)
        end = dt.date(2020, month + 1, 1) - dt.timedelta(days=1)
        summary = period_summary(start=start, end=end)
        assert fdi.total[month - 1] == summary.fdi.attracted_capital


def test_monthly_attracted_runs_one_query(source_register, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.monthly_attracted(end=H1_END)


def test_breakdowns_add_up_to_the_attracted_capital(source_register):
    shares = selectors.breakdowns(start=dt.date(2020, 1, 1), end=H1_END)
    for dimension in (shares.by_zone, shares.by_country, shares.by_sector):
        assert sum(s.total for s in dimension["FDI"]) == D("693.6") * M
        assert sum(s.total for s in dimension["DI"]) == D("506.5") * 10**9
    countries = shares.by_country["FDI"]
    assert [s.key for s in countries[:3]] == ["JP", "KR", "CN"]
    assert countries[0].new == D("200") * M  # 50 + 6 x 25
    totals = [s.total for s in countries]
    assert totals == sorted(totals, reverse=True)


def test_breakdown_names_zones_and_sectors_and_keeps_projects_without_a_sector():
    zone = ZoneFactory(code="kcn-x", name="KCN X", name_en="X Industrial Zone")
    sector = SectorFactory(code="F", name="Xây dựng")
    ProjectFactory(zone=zone, sector=sector, registered_capital=D(3) * M)
    lone = ProjectFactory(zone=zone, sector=None, registered_capital=D(1) * M)
    CapitalAdjustmentFactory(project=lone, amount=D(2) * M)
    CapitalAdjustmentFactory(project=lone, amount=-D(1) * M)
    shares = selectors.breakdowns(start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31))
    (by_zone,) = shares.by_zone["FDI"]
    assert (by_zone.key, by_zone.name, by_zone.name_en) == ("kcn-x", "KCN X", "X Industrial Zone")
    assert (by_zone.new, by_zone.increases) == (D(4) * M, D(2) * M)
    by_sector = {s.key: s for s in shares.by_sector["FDI"]}
    assert by_sector["F"].total == D(3) * M
    assert by_sector[""].total == D(3) * M  # 1 registered + 2 increase, no sector given
    assert shares.by_zone["DI"] == ()


def test_breakdowns_run_five_queries(source_register, django_assert_num_queries):
    with django_assert_num_queries(5):
        selectors.breakdowns(start=dt.date(2020, 1, 1), end=H1_END)


def test_top_with_others_keeps_ten_and_sums_the_rest():
    shares = tuple(Share(str(i), "", "", D(100 - i), D(1)) for i in range(13))
    top = selectors.top_with_others(shares, 10)
    assert len(top) == 11
    assert top[:10] == shares[:10]
    assert top[-1].key == OTHERS
    assert top[-1].total == sum(s.total for s in shares[10:])
    assert sum(s.total for s in top) == sum(s.total for s in shares)
    assert selectors.top_with_others(shares[:10]) == shares[:10]


def test_history_cumulative_figures_match_period_summary_at_every_year_end(source_register):
    history = selectors.history(end=H1_END)
    fdi = history["FDI"]
    assert fdi.years[0].year == 2005
    assert fdi.years[-1].year == 2020
    for year in (2008, 2016, 2018, 2019):
        summary = period_summary(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        figures = fdi.get(year)
        assert figures.attracted == summary.fdi.attracted_capital
        assert figures.cumulative_projects == summary.fdi.cumulative_projects
        assert figures.cumulative_capital == summary.fdi.cumulative_capital
        assert history["DI"].get(year).cumulative_capital == summary.di.cumulative_capital
    last = fdi.get(2020)  # the last year stops at the period's end
    assert (last.attracted, last.cumulative_projects) == (D("693.6") * M, 383)
    assert last.cumulative_capital == D("15441.2") * M


def test_history_splits_each_year_at_the_day_of_the_period_end():
    early = ProjectFactory(registered_on=dt.date(2019, 6, 30), registered_capital=D(10) * M)
    ProjectFactory(registered_on=dt.date(2019, 7, 1), registered_capital=D(30) * M)
    CapitalAdjustmentFactory(project=early, adjusted_on=dt.date(2019, 12, 1), amount=D(5) * M)
    CapitalAdjustmentFactory(project=early, adjusted_on=dt.date(2019, 12, 2), amount=-D(5) * M)
    figures = selectors.history(end=dt.date(2020, 6, 30))["FDI"].get(2019)
    assert figures.attracted == D(45) * M
    assert figures.attracted_after_cutoff == D(35) * M  # 1 July onwards, increases only


def test_history_runs_one_query_whatever_the_years(source_register, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.history(end=H1_END)


def past(*rows: tuple[int, str, str]) -> History:
    return History(
        kind="FDI",
        cutoff=(6, 30),
        years=tuple(YearFigures(y, D(a) * M, D(after) * M, 0, D(0)) for y, a, after in rows),
    )


def test_projection_grosses_up_the_year_to_date_by_what_past_years_still_had_to_come():
    history = past((2018, "1000", "500"), (2019, "1000", "300"))
    result = selectors.projection(as_of=H1_END, year_to_date=D(600) * M, past=history)
    assert result.method == "share"
    assert result.share_after == D("0.4")  # 800 of 2000 came after 30 June
    assert result.projected == D(1000) * M  # 600 / (1 - 0.4)
    assert result.reference_years == (2018, 2019)


def test_projection_only_learns_from_the_last_five_years():
    history = past((2013, "1000", "1000"), *((y, "100", "50") for y in range(2015, 2020)))
    result = selectors.projection(as_of=H1_END, year_to_date=D(50) * M, past=history)
    assert result.reference_years == (2015, 2016, 2017, 2018, 2019)
    assert result.projected == D(100) * M


def test_projection_early_in_the_year_adds_the_average_instead_of_dividing():
    history = past((2018, "1000", "950"), (2019, "1000", "990"))
    result = selectors.projection(as_of=dt.date(2020, 1, 10), year_to_date=D(5) * M, past=history)
    assert result.method == "average"
    assert result.projected == D(975) * M  # 5 + (950 + 990) / 2


def test_projection_of_a_finished_year_is_its_total():
    result = selectors.projection(
        as_of=dt.date(2019, 12, 31), year_to_date=D(7) * M, past=past((2018, "1", "1"))
    )
    assert (result.method, result.projected) == ("actual", D(7) * M)


def test_projection_without_history_says_so():
    result = selectors.projection(as_of=H1_END, year_to_date=D(7) * M, past=past())
    assert (result.method, result.projected) == ("none", None)
