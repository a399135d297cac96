"""Properties that hold for any history (hypothesis), not just for hand-made fixtures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget.models import Remittance, Unit
from hpkkt.periods import Period
from investments.models import CapitalAdjustment, Project, ShareAcquisition, Zone
from reports.selectors import period_summary

pytestmark = pytest.mark.django_db

FIRST, LAST = dt.date(2019, 1, 1), dt.date(2021, 12, 31)
SPAN = (LAST - FIRST).days

day_offsets = st.integers(min_value=0, max_value=SPAN)
cents = st.integers(min_value=1, max_value=10**9)


@st.composite
def project_histories(draw):
    kind = draw(st.sampled_from(["FDI", "DI"]))
    registered = draw(day_offsets)
    terminated = draw(st.none() | st.integers(min_value=registered, max_value=SPAN))
    capital = draw(cents)
    last = SPAN if terminated is None else terminated
    adjustments = draw(
        st.lists(
            st.tuples(
                st.integers(min_value=registered, max_value=last),
                st.integers(min_value=1, max_value=10**8),
                st.booleans(),
            ),
            max_size=4,
        )
    )
    return kind, registered, terminated, capital, adjustments


histories = st.lists(project_histories(), max_size=12)
remittances = st.lists(st.tuples(day_offsets, cents), max_size=6)

HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _day(offset: int) -> dt.date:
    return FIRST + dt.timedelta(days=offset)


def _money(hundredths: int) -> Decimal:
    return Decimal(hundredths) / 100


def _load(projects, payments) -> list[tuple[Project, Decimal]]:
    zone = Zone.objects.create(code="prop", name="KCN", kind="KCN")
    unit = Unit.objects.create(code="prop-unit", name="Đơn vị")
    loaded = []
    for i, (kind, registered, terminated, capital, adjustments) in enumerate(projects):
        project = Project.objects.create(
            kind=kind,
            code=f"PROP{i}",
            name="p",
            investor_name="i",
            country="VN" if kind == "DI" else "KR",
            zone=zone,
            registered_on=_day(registered),
            registered_capital=_money(capital),
            terminated_on=None if terminated is None else _day(terminated),
        )
        total = _money(capital)
        # In date order: the capital must stay above zero at every date, not only at the end.
        for offset, amount, is_reduction in sorted(adjustments):
            value = _money(amount)
            if is_reduction:
                # A project's capital never goes below zero (SPEC "Data contract").
                value = -min(value, total - Decimal("0.01"))
                if value == 0:
                    continue
            CapitalAdjustment.objects.create(
                project=project, adjusted_on=_day(offset), amount=value
            )
            total += value
        loaded.append((project, total))
    for offset, amount in payments:
        Remittance.objects.create(unit=unit, paid_on=_day(offset), amount=_money(amount))
    return loaded


SUMMED = (
    "new_projects",
    "new_capital",
    "adjusted_capital",
    "reduced_capital",
    "terminated_projects",
    "attracted_capital",
    "previous_attracted_capital",
)


@HYPOTHESIS
@given(projects=histories, payments=remittances, year=st.sampled_from([2019, 2020, 2021]))
def test_the_months_of_a_year_add_up_to_the_year(projects, payments, year):
    with transaction.atomic():
        _load(projects, payments)
        whole = period_summary(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        months = [Period.month(year, m) for m in range(1, 13)]
        parts = [period_summary(start=m.start, end=m.end) for m in months]
        for kind in ("FDI", "DI"):
            for name in SUMMED:
                total = sum(getattr(p.kind(kind), name) for p in parts)
                assert total == getattr(whole.kind(kind), name), (kind, name)
            # A project adjusted in two months is one adjusted project of the year.
            assert whole.kind(kind).adjusted_projects <= sum(
                p.kind(kind).adjusted_projects for p in parts
            )
            december = parts[-1].kind(kind)
            assert december.cumulative_projects == whole.kind(kind).cumulative_projects
            assert december.cumulative_capital == whole.kind(kind).cumulative_capital
        assert sum(p.budget.remitted for p in parts) == whole.budget.remitted
        transaction.set_rollback(True)


@HYPOTHESIS
@given(projects=histories, data=st.data())
def test_cumulative_capital_moves_by_the_flows_of_the_period(projects, data):
    """cumulative(end) = cumulative(day before start) + new + increases − reductions
    − the capital of the projects terminated in the period.

    A project terminated in the period leaves with its whole capital up to the end, which
    includes the increases and reductions it had in the period (they are counted in the
    flows), and also its registered capital when it was registered in the period too.
    """
    with transaction.atomic():
        loaded = _load(projects, [])
        # Periods that start or end on the days things happen find the off-by-one slips.
        events = {1, SPAN}
        for _kind, registered, terminated, _capital, adjustments in projects:
            events |= {registered, terminated or 0, *(day for day, _, _ in adjustments)}
        events = sorted(events - {0})
        start = data.draw(st.sampled_from(events) | st.integers(1, SPAN), label="start")
        end = data.draw(
            st.sampled_from([e for e in events if e >= start]) | st.integers(start, SPAN),
            label="end",
        )
        first, last = _day(start), _day(end)
        before = period_summary(start=first - dt.timedelta(days=1), end=first - dt.timedelta(1))
        during = period_summary(start=first, end=last)
        for kind in ("FDI", "DI"):
            leaving = sum(
                (
                    capital
                    for project, capital in loaded
                    if project.kind == kind
                    and project.terminated_on is not None
                    and first <= project.terminated_on <= last
                ),
                Decimal("0.00"),
            )
            b, d = before.kind(kind), during.kind(kind)
            assert d.cumulative_capital == (
                b.cumulative_capital
                + d.new_capital
                + d.adjusted_capital
                - d.reduced_capital
                - leaving
            )
            assert d.cumulative_projects == (
                b.cumulative_projects + d.new_projects - d.terminated_projects
            )
        transaction.set_rollback(True)


share_acquisitions = st.lists(
    st.tuples(day_offsets, cents, st.sampled_from(["KR", "JP", "SG"])), max_size=10
)
#: Flows that add up over the months of a year (SPEC "Share acquisitions").
SUMMED_FIA = (
    "adjustments_up",
    "share_acquisitions",
    "share_acquisition_capital",
    "total_registered_capital",
    "previous_total_registered_capital",
)


@HYPOTHESIS
@given(projects=histories, shares=share_acquisitions, year=st.sampled_from([2019, 2020, 2021]))
def test_the_fia_total_of_the_months_of_a_year_is_the_years(projects, shares, year):
    with transaction.atomic():
        _load(projects, [])
        zone = Zone.objects.get(code="prop")
        for i, (offset, amount, country) in enumerate(shares):
            ShareAcquisition.objects.create(
                code=f"GV{i}",
                enterprise_name="e",
                investor_name="i",
                country=country,
                zone=zone,
                registered_on=_day(offset),
                amount=_money(amount),
            )
        whole = period_summary(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        months = [Period.month(year, m) for m in range(1, 13)]
        parts = [period_summary(start=m.start, end=m.end) for m in months]
        for kind in ("FDI", "DI"):
            for name in SUMMED_FIA:
                total = sum(getattr(p.kind(kind), name) for p in parts)
                assert total == getattr(whole.kind(kind), name), (kind, name)
            figures = whole.kind(kind)
            assert figures.total_registered_capital == (
                figures.new_capital + figures.adjusted_capital + figures.share_acquisition_capital
            )
        expected = sum(
            (_money(amount) for offset, amount, _c in shares if _day(offset).year == year),
            Decimal("0.00"),
        )
        assert whole.fdi.share_acquisition_capital == expected
        transaction.set_rollback(True)
