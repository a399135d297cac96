"""The figures of a period, as every consumer reads them.

``reports.selectors.period_summary`` fills these; the dashboard, the ``summary`` command, the
narrative, the charts and the Excel/Word reports only read them. Amounts are exact Decimals
in whole currency units (USD for FDI, VND for DI and the budget); percentages are Decimals
rounded half up to one place, or ``None`` where the SPEC says null.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hpkkt.periods import Period


@dataclass(frozen=True, slots=True)
class KindSummary:
    """The indicators of one kind of investment (FDI or DI) for a period."""

    kind: str  # "FDI" | "DI"
    currency: str  # "USD" | "VND"
    new_projects: int
    new_capital: Decimal
    adjusted_projects: int
    adjusted_capital: Decimal
    reduced_capital: Decimal
    terminated_projects: int
    attracted_capital: Decimal
    previous_attracted_capital: Decimal
    growth_pct: Decimal | None
    annual_target: Decimal | None
    plan_pct: Decimal | None
    cumulative_projects: int
    cumulative_capital: Decimal
    # SPEC "Share acquisitions" and "Targets as ranges". The defaults describe a period with
    # no share acquisition and a single-figure target; ``period_summary`` sets every one.
    adjustments_up: int = 0  # "lượt": adjustments, not projects (cf. adjusted_projects)
    share_acquisitions: int = 0  # FDI only; 0 for DI
    share_acquisition_capital: Decimal = Decimal("0.00")
    total_registered_capital: Decimal | None = None  # new + adjusted + share acquisitions
    previous_total_registered_capital: Decimal | None = None
    total_growth_pct: Decimal | None = None
    annual_target_high: Decimal | None = None
    plan_pct_high: Decimal | None = None

    #: Keys of the SPEC's JSON, in its order.
    JSON_KEYS = (
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
        "adjustments_up",
        "share_acquisitions",
        "share_acquisition_capital",
        "total_registered_capital",
        "previous_total_registered_capital",
        "total_growth_pct",
        "annual_target_high",
        "plan_pct_high",
    )

    def as_dict(self) -> dict[str, Any]:
        return {key: _json_value(getattr(self, key)) for key in self.JSON_KEYS}


@dataclass(frozen=True, slots=True)
class UnitBudget:
    """One budget unit's remittances in the period against its plan for the year."""

    code: str
    name: str
    name_en: str
    remitted: Decimal
    plan: Decimal | None
    plan_pct: Decimal | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "remitted": _json_value(self.remitted),
            "plan": _json_value(self.plan),
            "plan_pct": _json_value(self.plan_pct),
        }


@dataclass(frozen=True, slots=True)
class BudgetSummary:
    remitted: Decimal
    plan: Decimal | None
    plan_pct: Decimal | None
    units: tuple[UnitBudget, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "remitted": _json_value(self.remitted),
            "plan": _json_value(self.plan),
            "plan_pct": _json_value(self.plan_pct),
            "units": [unit.as_dict() for unit in self.units],
        }


@dataclass(frozen=True, slots=True)
class OperationsSummary:
    """The enterprises' quarterly reports consolidated for a period (SPEC "Enterprise
    operations"): flows over the quarters whose last day lies in the period, against the
    previous-year twin and the year's plans. USD for FDI, exports and imports; VND for DI and
    the budget."""

    realised_capital_fdi: Decimal
    realised_capital_di: Decimal
    revenue_fdi: Decimal
    revenue_di: Decimal
    exports: Decimal
    imports: Decimal
    budget_paid: Decimal
    previous_realised_capital_fdi: Decimal
    previous_realised_capital_di: Decimal
    previous_revenue_fdi: Decimal
    previous_revenue_di: Decimal
    previous_exports: Decimal
    previous_imports: Decimal
    previous_budget_paid: Decimal
    realised_capital_fdi_growth_pct: Decimal | None
    realised_capital_di_growth_pct: Decimal | None
    revenue_fdi_growth_pct: Decimal | None
    revenue_di_growth_pct: Decimal | None
    exports_growth_pct: Decimal | None
    imports_growth_pct: Decimal | None
    budget_paid_growth_pct: Decimal | None
    workers: int
    reports_received: int
    reports_expected: int
    reporting_rate_pct: Decimal | None
    revenue_target: Decimal | None
    exports_target: Decimal | None
    imports_target: Decimal | None
    budget_paid_target: Decimal | None
    revenue_plan_pct: Decimal | None
    exports_plan_pct: Decimal | None
    imports_plan_pct: Decimal | None
    budget_paid_plan_pct: Decimal | None
    cumulative_realised_fdi: Decimal
    cumulative_realised_di: Decimal
    realised_share_pct_fdi: Decimal | None
    realised_share_pct_di: Decimal | None
    #: The counted quarters as (year, quarter), oldest first (not in the JSON).
    quarters: tuple[tuple[int, int], ...] = ()
    #: ``workers`` over the previous-year twin's quarters (not in the JSON).
    previous_workers: int = 0

    #: The flow figures, each with its ``previous_…`` twin and ``…_growth_pct``.
    FLOWS = (
        "realised_capital_fdi",
        "realised_capital_di",
        "revenue_fdi",
        "revenue_di",
        "exports",
        "imports",
        "budget_paid",
    )
    #: Keys of the SPEC's JSON, in a fixed order.
    JSON_KEYS = (
        *FLOWS,
        *(f"previous_{name}" for name in FLOWS),
        *(f"{name}_growth_pct" for name in FLOWS),
        "workers",
        "reports_received",
        "reports_expected",
        "reporting_rate_pct",
        "revenue_plan_pct",
        "exports_plan_pct",
        "imports_plan_pct",
        "budget_paid_plan_pct",
        "cumulative_realised_fdi",
        "cumulative_realised_di",
        "realised_share_pct_fdi",
        "realised_share_pct_di",
    )

    @property
    def has_reports(self) -> bool:
        return self.reports_received > 0

    def as_dict(self) -> dict[str, Any]:
        return {key: _json_value(getattr(self, key)) for key in self.JSON_KEYS}


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    period: Period
    fdi: KindSummary
    di: KindSummary
    budget: BudgetSummary
    operations: OperationsSummary | None = None

    @property
    def start(self) -> dt.date:
        return self.period.start

    @property
    def end(self) -> dt.date:
        return self.period.end

    def kind(self, kind: str) -> KindSummary:
        return self.fdi if kind == "FDI" else self.di

    def as_dict(self) -> dict[str, Any]:
        """The SPEC's JSON ("The summary command"): exact strings, integers and nulls."""
        return {
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "fdi": self.fdi.as_dict(),
            "di": self.di.as_dict(),
            "budget": self.budget.as_dict(),
            **({"operations": self.operations.as_dict()} if self.operations else {}),
        }


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return str(value)
    return value
