"""Reads of the budget app that reports build on."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from budget.models import BudgetPlan, Remittance, Unit
from hpkkt.fields import MoneyField

__all__ = ["plans_with_remitted", "units_with_remittances"]


def units_with_remittances(
    *, start: dt.date, end: dt.date, plan_year: int | None
) -> QuerySet[Unit]:
    """Units annotated with ``remitted`` (their remittances dated in [start, end]) and ``plan``
    (their plan for ``plan_year``), ordered by code.

    One query: the sum and the plan are correlated subqueries. The dates are in the
    subquery's WHERE, so it reads only the unit's remittances of the period (a range of
    ``remittance_unit_day_idx``, amount included), not every remittance as a FILTER clause
    over a join would. With no ``plan_year`` (a period across two years) no unit has a plan,
    as the SPEC asks.
    """
    remitted = (
        Remittance.objects.filter(unit=OuterRef("pk"), paid_on__gte=start, paid_on__lte=end)
        .order_by()
        .values("unit")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    units = Unit.objects.order_by("code").annotate(
        remitted=Coalesce(
            Subquery(remitted, output_field=MoneyField()), Value(0), output_field=MoneyField()
        )
    )
    if plan_year is None:
        return units.annotate(plan=Value(None, output_field=MoneyField()))
    plans = BudgetPlan.objects.filter(unit=OuterRef("pk"), year=plan_year).values("amount")[:1]
    return units.annotate(plan=Subquery(plans, output_field=MoneyField()))


def plans_with_remitted() -> QuerySet[BudgetPlan]:
    """Plans annotated with ``remitted``: what their unit paid in during the plan's year.

    The same figure as ``units_with_remittances`` for a whole year, one row per plan, as one
    correlated subquery (the plans list pages and exports it).
    """
    remitted = (
        Remittance.objects.filter(unit=OuterRef("unit"), paid_on__year=OuterRef("year"))
        .order_by()
        .values("unit")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return BudgetPlan.objects.select_related("unit").annotate(
        remitted=Coalesce(
            Subquery(remitted, output_field=MoneyField()), Value(0), output_field=MoneyField()
        )
    )
