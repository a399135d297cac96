"""``manage.py demo``: the figures of the SPEC's "Demo data" table, the data rules, the
accounts, idempotency and the DEBUG guard.

The figures are recomputed here with plain ORM aggregates written out in each test (not the
indicator engine), so a wrong engine and a wrong demo cannot agree by accident. Generating is
the slow part, so the demo is loaded once for the module and removed afterwards.
"""

import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.test import override_settings

from budget.models import BudgetPlan, Remittance
from demo import generator
from hpkkt.fields import MoneyField
from hpkkt.roles import LEADERSHIP_GROUP, STAFF_GROUP
from investments.models import AnnualTarget, CapitalAdjustment, Project

PASSWORD = "demo-test-password-1"
H1_2020 = (dt.date(2020, 1, 1), dt.date(2020, 6, 30))
H1_2019 = (dt.date(2019, 1, 1), dt.date(2019, 6, 30))
END = H1_2020[1]


def run_demo(*args: str) -> str:
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once, committed, for every test of this module; remove it afterwards so
    other modules start from an empty register."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as mp:
        mp.setenv("DEMO_PASSWORD", PASSWORD)
        try:
            yield run_demo()
        finally:
            generator.load(generator.DemoData([], [], [], [], []))
            User.objects.filter(username__in=[name for name, _ in generator.ACCOUNTS]).delete()


@pytest.fixture
def loaded(demo_output, db) -> str:
    return demo_output


def money(queryset, field: str) -> Decimal:
    return queryset.aggregate(total=Coalesce(Sum(field), Value(0), output_field=MoneyField()))[
        "total"
    ]


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def new_projects(kind: str, start: dt.date, end: dt.date):
    return Project.objects.filter(kind=kind, registered_on__gte=start, registered_on__lte=end)


def increases(kind: str, start: dt.date, end: dt.date):
    return CapitalAdjustment.objects.filter(
        project__kind=kind, amount__gt=0, adjusted_on__gte=start, adjusted_on__lte=end
    )


def attracted(kind: str, start: dt.date, end: dt.date) -> Decimal:
    return money(new_projects(kind, start, end), "registered_capital") + money(
        increases(kind, start, end), "amount"
    )


def cumulative(kind: str, end: dt.date) -> tuple[int, Decimal]:
    valid = Project.objects.filter(kind=kind, registered_on__lte=end).filter(
        Q(terminated_on__isnull=True) | Q(terminated_on__gt=end)
    )
    capital = money(valid, "registered_capital") + money(
        CapitalAdjustment.objects.filter(project__in=valid, adjusted_on__lte=end), "amount"
    )
    return valid.count(), capital


def snapshot() -> dict[str, list[tuple]]:
    """Every row the demo owns, by its natural fields (ids and timestamps differ per run)."""
    return {
        "projects": list(
            Project.objects.order_by("code").values_list(
                "kind", "code", "name", "investor_name", "country", "zone__code",
                "sector__code", "registered_on", "registered_capital", "terminated_on",
                "termination_reason", "note",
            )
        ),
        "adjustments": list(
            CapitalAdjustment.objects.order_by("project__code", "adjusted_on", "reference")
            .values_list("project__code", "adjusted_on", "amount", "reference", "note")
        ),
        "targets": list(
            AnnualTarget.objects.order_by("year", "kind").values_list("year", "kind", "amount")
        ),
        "plans": list(
            BudgetPlan.objects.order_by("unit__code", "year")
            .values_list("unit__code", "year", "amount")
        ),
        "remittances": list(
            Remittance.objects.order_by("unit__code", "paid_on", "reference")
            .values_list("unit__code", "paid_on", "amount", "reference", "note")
        ),
    }  # fmt: skip


# -- the figures of the SPEC table ---------------------------------------------------------------


def test_fdi_first_half_of_2020(loaded):
    assert new_projects("FDI", *H1_2020).count() == 19
    assert increases("FDI", *H1_2020).values("project").distinct().count() == 14
    assert attracted("FDI", *H1_2020) == Decimal("693600000")


def test_fdi_first_half_of_2019_gives_the_growth(loaded):
    previous = attracted("FDI", *H1_2019)
    assert previous == Decimal("488500000")
    assert pct(attracted("FDI", *H1_2020) - previous, previous) == Decimal("42.0")


def test_fdi_target_2020(loaded):
    target = AnnualTarget.objects.get(year=2020, kind="FDI").amount
    assert target == Decimal("1500000000")
    assert pct(attracted("FDI", *H1_2020), target) == Decimal("46.2")


def test_fdi_cumulative_at_30_june_2020(loaded):
    assert cumulative("FDI", END) == (383, Decimal("15441200000"))


def test_di_first_half_of_2020(loaded):
    assert new_projects("DI", *H1_2020).count() == 3
    assert increases("DI", *H1_2020).values("project").distinct().count() == 2
    assert attracted("DI", *H1_2020) == Decimal("506500000000")


def test_di_cumulative_at_30_june_2020(loaded):
    assert cumulative("DI", END) == (164, Decimal("145164900000000"))


def test_budget_plans_and_first_half_remittances_of_2020(loaded):
    plans = dict(BudgetPlan.objects.filter(year=2020).values_list("unit__code", "amount"))
    assert plans == {"bql": Decimal("910500000"), "ttdvvl": Decimal("934600000")}
    paid = {
        unit: money(
            Remittance.objects.filter(
                unit__code=unit, paid_on__gte=H1_2020[0], paid_on__lte=H1_2020[1]
            ),
            "amount",
        )
        for unit in plans
    }
    assert paid == {"bql": Decimal("468000000"), "ttdvvl": Decimal("218700000")}
    assert sum(paid.values()) == Decimal("686700000")
    assert pct(paid["bql"], plans["bql"]) == Decimal("51.4")
    assert pct(paid["ttdvvl"], plans["ttdvvl"]) == Decimal("23.4")
    assert pct(sum(paid.values()), sum(plans.values())) == Decimal("37.2")


# -- a plausible history around them -------------------------------------------------------------


def test_targets_and_plans_for_every_year(loaded):
    years = set(range(1995, 2026))
    for kind in ("FDI", "DI"):
        assert set(AnnualTarget.objects.filter(kind=kind).values_list("year", flat=True)) == years
    for unit in ("bql", "ttdvvl"):
        assert set(BudgetPlan.objects.filter(unit__code=unit).values_list("year", flat=True)) == (
            years
        )


def test_monthly_remittances_through_2025(loaded):
    per_unit_year = (
        Remittance.objects.values("unit__code", "paid_on__year")
        .annotate(months=Count("paid_on__month", distinct=True), n=Count("id"))
        .order_by()
    )
    assert len(per_unit_year) == 2 * 31
    assert all(row["months"] == 12 for row in per_unit_year)


def test_history_spans_1995_to_2025_and_grows(loaded):
    years = Project.objects.values_list("registered_on__year", flat=True)
    assert min(years) == 1995 and max(years) == 2025
    nineties = Project.objects.filter(kind="FDI", registered_on__year__lt=2000).count()
    recent = Project.objects.filter(kind="FDI", registered_on__year__gte=2021).count()
    assert recent > 3 * nineties
    # The whole of 2020 is a real year, not only its first half.
    second_half = (dt.date(2020, 7, 1), dt.date(2020, 12, 31))
    assert new_projects("FDI", *second_half).exists()
    assert increases("FDI", *second_half).exists()
    assert Remittance.objects.filter(paid_on__gte=second_half[0], paid_on__year=2020).exists()


def test_investors_sectors_reductions_and_terminations(loaded):
    countries = set(Project.objects.filter(kind="FDI").values_list("country", flat=True))
    assert {"JP", "KR", "CN", "SG", "TW"} <= countries
    assert len(countries) >= 10
    fdi = Project.objects.filter(kind="FDI")
    assert fdi.filter(sector__code="C").count() > fdi.count() / 2
    assert {"H", "D", "L"} <= set(fdi.values_list("sector__code", flat=True))
    assert CapitalAdjustment.objects.filter(amount__lt=0).exists()
    assert Project.objects.filter(terminated_on__lte=END).exists()
    assert Project.objects.filter(terminated_on__gt=END).exists()
    assert not Project.objects.filter(terminated_on__gte=H1_2020[0], terminated_on__lte=END)
    assert Project.objects.values("zone").distinct().count() >= 10


# -- the data rules --------------------------------------------------------------------------------


def test_adjustments_lie_within_their_projects_life(loaded):
    outside = CapitalAdjustment.objects.filter(
        Q(adjusted_on__lt=F("project__registered_on"))
        | Q(adjusted_on__gt=F("project__terminated_on"))
    )
    assert not outside.exists()
    assert not Project.objects.filter(terminated_on__lt=F("registered_on")).exists()


def test_capital_never_below_zero_at_any_adjustment(loaded):
    capital = dict(Project.objects.values_list("pk", "registered_capital"))
    for project_id, amount in CapitalAdjustment.objects.order_by("adjusted_on", "pk").values_list(
        "project_id", "amount"
    ):
        capital[project_id] += amount
        assert capital[project_id] >= 0
    assert not Project.objects.filter(registered_capital__lte=0).exists()
    assert not CapitalAdjustment.objects.filter(amount=0).exists()


def test_countries_match_the_kind(loaded):
    assert not Project.objects.filter(kind="FDI", country__in=["", "VN"]).exists()
    assert set(Project.objects.filter(kind="DI").values_list("country", flat=True)) == {"VN"}


def test_every_change_is_in_the_history(loaded):
    assert Project.history.count() == Project.objects.count()
    assert CapitalAdjustment.history.count() == CapitalAdjustment.objects.count()
    assert Remittance.history.filter(history_user__username="admin").count() == (
        Remittance.objects.count()
    )


# -- accounts, idempotency, guards -------------------------------------------------------------


def test_prints_the_three_accounts_and_a_summary(loaded):
    lines = loaded.strip().splitlines()
    names = ("admin", "canbo", "lanhdao")
    assert lines[-3:] == [f"user: {name} password: {PASSWORD}" for name in names]
    assert f"{Project.objects.count()} projects" in lines[0]
    admin = authenticate(username="admin", password=PASSWORD)
    assert admin and admin.is_superuser and admin.is_staff
    canbo = authenticate(username="canbo", password=PASSWORD)
    assert list(canbo.groups.values_list("name", flat=True)) == [STAFF_GROUP]
    assert canbo.has_perm("investments.add_project") and not canbo.is_superuser
    lanhdao = authenticate(username="lanhdao", password=PASSWORD)
    assert list(lanhdao.groups.values_list("name", flat=True)) == [LEADERSHIP_GROUP]
    assert not lanhdao.has_perm("investments.add_project")


def test_second_run_leaves_the_same_data_and_resets_the_passwords(loaded, monkeypatch):
    before = snapshot()
    User.objects.filter(username="lanhdao").update(is_active=False)
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)

    output = run_demo()

    assert snapshot() == before
    assert Project.history.count() == Project.objects.count()
    passwords = dict(
        line.removeprefix("user: ").split(" password: ")
        for line in output.splitlines()
        if line.startswith("user: ")
    )
    assert sorted(passwords) == ["admin", "canbo", "lanhdao"]
    assert PASSWORD not in passwords.values()
    assert len(set(passwords.values())) == 3
    for name, password in passwords.items():
        assert authenticate(username=name, password=password), name


def test_refuses_when_debug_is_off(loaded):
    before = Project.objects.count()
    with override_settings(DEBUG=False), pytest.raises(CommandError) as error:
        call_command("demo", stdout=io.StringIO())
    assert "DEBUG" in str(error.value) and "\n" not in str(error.value)
    assert Project.objects.count() == before


def test_if_empty_leaves_a_loaded_database_alone(loaded, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-password-2")
    output = run_demo("--if-empty")
    assert output.strip().splitlines() == [
        "The demo data is already loaded; reload it with `make demo`."
    ]
    assert authenticate(username="admin", password=PASSWORD)


def test_if_empty_loads_an_empty_database(loaded, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    generator.load(generator.DemoData([], [], [], [], []))
    assert not Project.objects.exists()
    output = run_demo("--if-empty")
    assert "user: canbo password:" in output
    assert cumulative("FDI", END) == (383, Decimal("15441200000"))


# -- the generator on its own ---------------------------------------------------------------------

ZONES = ["dinh-vu", "do-son", "nomura-hai-phong", "trang-due", "vsip-hai-phong"]
SECTORS = list("ABCDEFGHIJKLMNOPQRSTU")


def test_same_seed_same_history_other_seed_same_figures():
    first = generator.generate(zones=ZONES, sectors=SECTORS, units=["bql", "ttdvvl"], seed=7)
    assert first == generator.generate(
        zones=ZONES, sectors=SECTORS, units=["bql", "ttdvvl"], seed=7
    )
    other = generator.generate(zones=ZONES, sectors=SECTORS, units=["bql", "ttdvvl"], seed=8)
    assert other.projects != first.projects
    for data in (first, other):
        figures = generator.figures(data, "FDI", *H1_2020)
        assert (figures.new_projects, figures.adjusted_projects, figures.attracted) == (
            19,
            14,
            Decimal("693600000"),
        )
        assert generator.figures(data, "DI", END, END).cumulative_capital == Decimal(
            "145164900000000"
        )


def test_check_reports_broken_rules():
    data = generator.generate(zones=ZONES, sectors=SECTORS, units=["bql", "ttdvvl"])
    assert generator.check(data) == []
    adjustment = data.adjustments[0]
    project = next(p for p in data.projects if p.code == adjustment.project)
    adjustment.adjusted_on = project.registered_on - dt.timedelta(days=1)
    next(r for r in data.remittances if r.paid_on.year == 2020).amount += 1
    problems = generator.check(data)
    assert any("before registration" in p for p in problems)
    assert any("remitted" in p for p in problems)


@pytest.mark.parametrize("total", [Decimal("693600000"), Decimal("218700000")])
def test_split_total_adds_up_exactly(total):
    weights = [Decimal(w) for w in (5, 1, 30, 2, 7)]
    shares = generator.split_total(total, weights, Decimal("100000"))
    assert sum(shares) == total
    assert all(share > 0 and share % Decimal("100000") == 0 for share in shares)
