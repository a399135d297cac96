"""The indicator tables of the period report, built once and rendered three ways.

The page, the Word document and the workbook all show the same rows; building them here
keeps labels, units and the previous-year comparison in one place. Cells carry exact values
already scaled to the display unit (million USD, billion VND, million dong) and a kind that
tells each renderer how to format them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _

from hpkkt.numbers import format_number, format_pct, growth_pct
from hpkkt.periods import Period
from hpkkt.units import UNITS, DisplayUnit
from reports import links
from reports.types import KindSummary, PeriodSummary

CellKind = Literal["text", "count", "amount", "pct"]

__all__ = ["Cell", "ReportTable", "report_tables"]

#: What a missing figure looks like in a table (never "None", never "0%").
MISSING = "–"


@dataclass(frozen=True, slots=True)
class Cell:
    value: str | int | Decimal | None
    kind: CellKind = "text"
    #: The list of the rows behind the figure (drill-through), on the page only.
    link: links.Link | None = None

    def display(self, lang: str = "vi") -> str:
        if self.value is None:
            return MISSING
        if self.kind == "count":
            return format_number(self.value, 0, lang)
        if self.kind == "amount":
            return format_number(self.value, 1, lang, drop_zero=False)
        if self.kind == "pct":
            return format_pct(self.value, lang, drop_zero=False)
        return str(self.value)

    @property
    def is_number(self) -> bool:
        return self.kind != "text"


@dataclass(frozen=True, slots=True)
class ReportTable:
    key: str  # "fdi" | "di" | "budget": sheet and anchor names
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: The last row is a total (shown in bold).
    has_total: bool = False


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _kind_table(
    summary: KindSummary,
    previous: KindSummary,
    lang: str,
    names: tuple[str, str],
    periods: tuple[Period, Period] | None = None,
) -> ReportTable:
    unit: DisplayUnit = UNITS[summary.kind]
    money, projects = unit.label(lang), _("projects")
    occurrences = _("occurrences")
    now_links, before_links = (
        (links.kind_links(summary, periods[0]), links.kind_links(previous, periods[1]))
        if periods
        else ({}, {})
    )

    def row(
        label: str, attr: str, kind: CellKind, with_change: bool = True, counted: str = ""
    ) -> tuple[Cell, ...]:
        now, before = getattr(summary, attr), getattr(previous, attr)
        if kind == "amount":
            now, before = unit.scale(now), unit.scale(before)
        change = growth_pct(now, before) if with_change else None
        return (
            Cell(label),
            Cell((counted or projects) if kind == "count" else ("%" if kind == "pct" else money)),
            Cell(now, kind, now_links.get(attr)),
            Cell(before, kind, before_links.get(attr)),
            Cell(change, "pct"),
        )

    # SPEC "Share acquisitions": FIA counts adjustments in "lượt" and adds the capital
    # contributions and share purchases (FDI only) to its headline total.
    fia_rows: tuple[tuple[Cell, ...], ...] = ()
    if summary.kind == "FDI":
        fia_rows = (
            row(
                _("Capital contributions and share purchases"),
                "share_acquisitions",
                "count",
                counted=occurrences,
            ),
            row(_("Value of capital contributions and share purchases"),
                "share_acquisition_capital", "amount"),
            row(
                _("Total registered capital (new, adjusted, contributions and share purchases)"),
                "total_registered_capital",
                "amount",
            ),
        )  # fmt: skip
    range_rows: tuple[tuple[Cell, ...], ...] = ()
    if summary.annual_target_high is not None:
        range_rows = (
            row(_("Annual target, high bound"), "annual_target_high", "amount", False),
            row(
                _("Attracted capital against the high bound of the target (%)"),
                "plan_pct_high",
                "pct",
                False,
            ),
        )

    title = (
        _("Foreign direct investment (FDI)")
        if summary.kind == "FDI"
        else _("Domestic investment (DI)")
    )
    return ReportTable(
        key=summary.kind.lower(),
        title=f"{title} ({money})",
        headers=(_("Indicator"), _("Unit of measure"), *names, _("Change (%)")),
        rows=(
            row(_("Newly registered projects"), "new_projects", "count"),
            row(_("Capital of new projects"), "new_capital", "amount"),
            row(_("Projects increasing capital"), "adjusted_projects", "count"),
            row(
                _("Capital increases (occurrences)"),
                "adjustments_up",
                "count",
                counted=occurrences,
            ),
            row(_("Capital increases"), "adjusted_capital", "amount"),
            row(_("Capital reductions"), "reduced_capital", "amount"),
            row(_("Terminated projects"), "terminated_projects", "count"),
            row(_("Total attracted capital"), "attracted_capital", "amount"),
            *fia_rows,
            row(_("Annual target"), "annual_target", "amount", with_change=False),
            row(_("Attracted capital against the annual target (%)"), "plan_pct", "pct", False),
            *range_rows,
            row(_("Valid projects (cumulative)"), "cumulative_projects", "count"),
            row(_("Total investment capital (cumulative)"), "cumulative_capital", "amount"),
        ),
    )


def _budget_table(
    summary: PeriodSummary, previous: PeriodSummary, lang: str, refs: links.Refs | None = None
) -> ReportTable:
    unit = UNITS["BUDGET"]
    money = unit.label(lang)
    before_by_code = {u.code: u.remitted for u in previous.budget.units}
    english = lang.startswith("en")
    now_links = links.budget_links(summary, refs) if refs else {}
    before_links = links.budget_links(previous, refs) if refs else {}

    def row(name: str, code: str, remitted, plan, plan_pct, before) -> tuple[Cell, ...]:
        now, then = now_links.get(code, {}), before_links.get(code, {})
        return (
            Cell(name),
            Cell(unit.scale(remitted), "amount", now.get("remitted")),
            Cell(unit.scale(plan), "amount", now.get("plan")),
            Cell(plan_pct, "pct"),
            Cell(unit.scale(before), "amount", then.get("remitted")),
            Cell(growth_pct(remitted, before), "pct"),
        )

    rows = [
        row(
            (u.name_en or u.name) if english else u.name,
            u.code,
            u.remitted,
            u.plan,
            u.plan_pct,
            before_by_code.get(u.code, Decimal("0.00")),
        )
        for u in summary.budget.units
    ]
    budget = summary.budget
    rows.append(
        row(_("Total"), "", budget.remitted, budget.plan, budget.plan_pct, previous.budget.remitted)
    )
    title = _("State budget remittances")
    remitted, plan, before = _("Remitted"), _("Annual plan"), _("Same period last year")
    return ReportTable(
        key="budget",
        title=f"{title} ({money})",
        headers=(
            _("Unit"),
            f"{remitted} ({money})",
            f"{plan} ({money})",
            _("Against the plan (%)"),
            f"{before} ({money})",
            _("Change (%)"),
        ),
        rows=tuple(rows),
        has_total=True,
    )


#: Enterprises' budget payments run to thousands of billions of dong: "12.350 tỷ đồng".
OPERATIONS_BUDGET_UNIT = DisplayUnit(Decimal(10**9), "tỷ đồng", "billion VND")


def _operations_table(
    summary: PeriodSummary, previous: PeriodSummary, lang: str, with_links: bool = False
) -> ReportTable:
    ops = summary.operations
    usd, vnd = UNITS["FDI"], UNITS["DI"]
    now_links = links.operations_links(ops, summary.period) if with_links else {}
    before_links = (
        links.operations_links(previous.operations, previous.period)
        if with_links and previous.operations is not None
        else {}
    )

    def row(label: str, name: str, unit: DisplayUnit, plan: Decimal | None = None) -> tuple:
        now, then = getattr(ops, name), getattr(ops, f"previous_{name}")
        return (
            Cell(label),
            Cell(unit.label(lang)),
            Cell(unit.scale(now), "amount", now_links.get(name)),
            Cell(unit.scale(then), "amount", before_links.get(name)),
            Cell(getattr(ops, f"{name}_growth_pct"), "pct"),
            Cell(plan, "pct"),
        )

    people = _("people")
    rows = (
        row(_("Realised capital of FDI projects"), "realised_capital_fdi", usd),
        row(_("Realised capital of domestic projects"), "realised_capital_di", vnd),
        row(_("Revenue of FDI enterprises"), "revenue_fdi", usd, ops.revenue_plan_pct),
        row(_("Revenue of domestic enterprises"), "revenue_di", vnd),
        row(_("Exports"), "exports", usd, ops.exports_plan_pct),
        row(_("Imports"), "imports", usd, ops.imports_plan_pct),
        row(
            _("Paid to the state budget"),
            "budget_paid",
            OPERATIONS_BUDGET_UNIT,
            ops.budget_paid_plan_pct,
        ),
        (
            Cell(_("Workers (latest quarter reported)")),
            Cell(people),
            Cell(ops.workers, "count"),
            Cell(ops.previous_workers, "count"),
            Cell(growth_pct(ops.workers, ops.previous_workers), "pct"),
            Cell(None, "pct"),
        ),
        (
            Cell(_("Quarterly reports received / expected")),
            Cell(_("reports")),
            Cell(ops.reports_received, "count", now_links.get("reports_received")),
            Cell(ops.reports_expected, "count"),
            Cell(ops.reporting_rate_pct, "pct"),
            Cell(None, "pct"),
        ),
    )
    names = (_capitalized(summary.period.name(lang)), _capitalized(previous.period.name(lang)))
    return ReportTable(
        key="operations",
        title=_("Enterprise operations"),
        headers=(
            _("Indicator"),
            _("Unit of measure"),
            *names,
            _("Change (%)"),
            _("Against the annual plan (%)"),
        ),
        rows=rows,
    )


def report_tables(
    summary: PeriodSummary,
    previous: PeriodSummary,
    lang: str = "vi",
    refs: links.Refs | None = None,
) -> list[ReportTable]:
    """FDI, DI and budget tables; ``previous`` is the summary of the same period a year
    earlier. Labels come out in the active language, numbers are formatted for ``lang``.

    With ``refs`` (``links.reference_pks()``) the figures carry their drill-through links,
    for the page; the documents are built without them."""
    names = (
        _capitalized(summary.period.name(lang)),
        _capitalized(previous.period.name(lang)),
    )
    periods = (summary.period, previous.period) if refs else None
    tables = [
        _kind_table(summary.fdi, previous.fdi, lang, names, periods),
        _kind_table(summary.di, previous.di, lang, names, periods),
        _budget_table(summary, previous, lang, refs),
    ]
    if summary.operations is not None and summary.operations.has_reports:
        tables.append(_operations_table(summary, previous, lang, with_links=refs is not None))
    return tables
