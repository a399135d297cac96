"""The benchmark register generator at a tiny size: rules, proportions, guards, errors."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from budget.models import BudgetPlan, Remittance
from exchange.scale_data import FIRST_DAY, LAST_DAY, MARK, ScaleDataRefused, generate
from investments.models import AnnualTarget, CapitalAdjustment, Project, ShareAcquisition
from operations.models import OperationsReport, quarter_bounds
from reports.selectors import period_summary
from tests.factories import (
    AnnualTargetFactory,
    ProjectFactory,
    RemittanceFactory,
    ShareAcquisitionFactory,
)

SIZE = 300

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated() -> dict[str, int]:
    return generate(projects=SIZE, seed=7)


def test_counts_follow_the_national_proportions(generated):
    assert Project.objects.count() == SIZE
    assert Project.objects.fdi().count() == round(SIZE * 60 / 210)
    adjustments = CapitalAdjustment.objects.count()
    assert SIZE * 600 / 210 * 0.75 <= adjustments <= SIZE * 600 / 210 * 1.25
    assert Remittance.objects.count() == round(SIZE * 100 / 210)
    # A target per kind and a plan per unit for every year of the thirty.
    assert AnnualTarget.objects.count() == 2 * 30
    assert BudgetPlan.objects.count() == 2 * 30
    assert generated["investments.Project"] == SIZE
    assert generated["investments.CapitalAdjustment"] == adjustments
    assert ShareAcquisition.objects.count() == round(SIZE * 21 / 210)
    # One year of quarterly reports from most of the projects valid in each quarter.
    reports = OperationsReport.objects.count()
    assert SIZE * 4 * 0.3 <= reports <= SIZE * 4 * 0.7
    assert generated["operations.OperationsReport"] == reports


def test_share_acquisitions_and_reports_keep_their_rules(generated):
    shares = list(ShareAcquisition.objects.select_related("project"))
    assert any(s.project_id for s in shares) and any(s.project_id is None for s in shares)
    for share in shares:
        assert share.code.startswith(MARK)
        assert share.amount > 0
        assert share.country not in ("", "VN")
        assert dt.date(2010, 1, 1) <= share.registered_on <= LAST_DAY
        if share.project_id:
            project = share.project
            assert project.kind == "FDI"
            assert project.registered_on <= share.registered_on
            assert project.terminated_on is None or share.registered_on <= project.terminated_on
    for report in OperationsReport.objects.select_related("project"):
        first, last = quarter_bounds(report.year, report.quarter)
        assert report.project.registered_on <= last
        assert report.project.terminated_on is None or first <= report.project.terminated_on
        assert report.revenue >= 0 and report.exports >= 0 and report.workers > 0


def test_every_row_keeps_the_register_rules(generated):
    projects = {p.pk: p for p in Project.objects.all()}
    for project in projects.values():
        assert project.code.startswith(MARK)
        assert FIRST_DAY <= project.registered_on <= LAST_DAY
        assert project.registered_capital > 0
        assert project.terminated_on is None or project.terminated_on >= project.registered_on
        assert (project.country == "VN") == (project.kind == "DI")
    by_project = defaultdict(list)
    for adjustment in CapitalAdjustment.objects.order_by("adjusted_on", "pk"):
        by_project[adjustment.project_id].append(adjustment)
    reductions = 0
    for pk, adjustments in by_project.items():
        project = projects[pk]
        capital = project.registered_capital
        for adjustment in adjustments:
            assert adjustment.amount != 0
            assert adjustment.adjusted_on >= project.registered_on
            assert project.terminated_on is None or adjustment.adjusted_on <= project.terminated_on
            capital += adjustment.amount
            reductions += adjustment.amount < 0
            assert capital > 0, f"{project.code} below zero on {adjustment.adjusted_on}"
    assert reductions > 0
    assert Project.objects.filter(terminated_on__isnull=False).exists()
    # Capital sizes are skewed: the largest project dwarfs the median one.
    capitals = sorted(p.registered_capital for p in projects.values() if p.kind == "FDI")
    assert capitals[-1] > 10 * capitals[len(capitals) // 2]


def test_period_summary_agrees_with_a_recomputation(generated):
    start, end = dt.date(2020, 1, 1), dt.date(2020, 6, 30)
    summary = period_summary(start=start, end=end)
    for kind, figures in (("FDI", summary.fdi), ("DI", summary.di)):
        projects = list(Project.objects.filter(kind=kind))
        new = [p for p in projects if start <= p.registered_on <= end]
        valid = [
            p
            for p in projects
            if p.registered_on <= end and (p.terminated_on is None or p.terminated_on > end)
        ]
        adjusted = sum(
            (
                a.amount
                for a in CapitalAdjustment.objects.filter(project__kind=kind)
                if start <= a.adjusted_on <= end and a.amount > 0
            ),
            Decimal(0),
        )
        assert figures.new_projects == len(new)
        assert figures.cumulative_projects == len(valid)
        assert figures.adjusted_capital == adjusted
        assert figures.annual_target is not None
    assert summary.budget.plan is not None
    assert summary.budget.remitted == sum(
        (r.amount for r in Remittance.objects.filter(paid_on__range=(start, end))), Decimal(0)
    )


def test_same_seed_same_rows():
    def rows():
        projects = Project.objects.order_by("code").values_list(
            "code", "kind", "country", "zone__code", "registered_on", "registered_capital"
        )
        adjustments = CapitalAdjustment.objects.order_by(
            "project__code", "adjusted_on", "amount"
        ).values_list("project__code", "adjusted_on", "amount")
        return list(projects), list(adjustments)

    generate(projects=50, seed=3)
    first = rows()
    generate(projects=50, seed=3, force=True)
    assert rows() == first
    generate(projects=50, seed=4, force=True)
    assert rows() != first


def test_generated_data_is_replaced_only_with_force(generated):
    with pytest.raises(ScaleDataRefused, match="--force"):
        generate(projects=10)
    generate(projects=10, force=True)
    assert Project.objects.count() == 10


@pytest.mark.parametrize("factory", [ProjectFactory, RemittanceFactory, ShareAcquisitionFactory])
def test_real_data_is_refused_even_with_force(factory):
    factory()
    with translation.override("en"), pytest.raises(ScaleDataRefused, match="real"):
        generate(projects=10, force=True)
    with translation.override("vi"), pytest.raises(ScaleDataRefused, match="thật"):
        generate(projects=10, force=True)
    assert not Project.objects.filter(code__startswith=MARK).exists()


def test_targets_alone_need_the_opt_in():
    AnnualTargetFactory(year=2020, kind="FDI")
    with pytest.raises(ScaleDataRefused, match="--force"):
        generate(projects=10)
    generate(projects=10, force=True)
    assert AnnualTarget.objects.count() == 60


def test_command_writes_and_reports(capsys):
    call_command("generate_scale_data", "--projects", "20", "--seed", "1")
    assert "investments.Project 20" in capsys.readouterr().out


def test_command_refusal_is_one_line():
    ProjectFactory()
    with pytest.raises(CommandError) as error:
        call_command("generate_scale_data", "--projects", "20")
    assert "\n" not in str(error.value)
    assert error.value.returncode == 2


@pytest.mark.parametrize("value", ["0", "-5", "many", "99999999999"])
def test_command_rejects_a_bad_size_in_one_line(value):
    with pytest.raises(CommandError, match="--projects") as error:
        call_command("generate_scale_data", "--projects", value)
    assert "\n" not in str(error.value)
