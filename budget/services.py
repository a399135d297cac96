"""Every write to the budget register goes through these functions (forms, importer, admin).

The conventions of every service (the core in ``hpkkt.services``): keyword-only, atomic,
messages keyed to the field that caused them, ``full_clean()`` before ``save()``, the user
recorded in the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from budget.models import BudgetPlan, Remittance, Unit
from hpkkt.locks import (
    LockCheck,
    changed_fields,
    check_unlocked,
    figure_values,
    first_day_of_year,
)
from hpkkt.services import (
    Errors,
    User,
    check_fields,
    check_money,
    check_positive,
    check_year,
    no_rules,
    record_user,
    run_clean,
)
from hpkkt.versioning import check_version, save_with_version
from hpkkt.withdrawals import live_for_update, withdraw

__all__ = [
    "remittance_withdraw",
    "plan_set",
    "remittance_create",
    "remittance_update",
    "remittance_validate_new",
    "remittances_create_batch",
]

REMITTANCE_FIELDS = frozenset({"unit", "paid_on", "amount", "reference", "note"})
#: What a budget figure is made of; a reference or a note changes none and is never locked.
REMITTANCE_FIGURE_FIELDS = ("paid_on", "amount", "unit")


def _remittance_rules(
    remittance: Remittance, *, failed: frozenset[str]
) -> Iterator[tuple[str, Any]]:
    if remittance.unit_id is None:
        yield "unit", ValidationError(_("Choose the unit that paid."), code="required")
    if remittance.paid_on is None:
        yield "paid_on", ValidationError(_("Enter the payment date."), code="required")


def remittance_validate_new(
    *,
    unit: Unit,
    paid_on: dt.date,
    amount: Decimal | int | str,
    reference: str = "",
    note: str = "",
    in_batch: bool = False,
    check_lock: LockCheck | None = None,
) -> Remittance:
    """A new remittance checked against every rule of ``remittance_create``, not yet written.

    ``in_batch``: for ``remittances_create_batch``; no query runs (the unit was read from the
    database by the caller; the database checks the rest at insert). ``check_lock``: the
    batch's ``hpkkt.locks.lock_checker``, so a row dated in a published period is refused
    without a query per row.
    """
    errors: Errors = {}
    value = check_money(amount, "amount", errors)
    check_positive(value, "amount", errors)
    remittance = Remittance(
        unit=unit, paid_on=paid_on, amount=value, reference=reference, note=note
    )
    run_clean(remittance, _remittance_rules, errors, in_batch=in_batch)
    if check_lock is not None:
        check_lock(dates=[remittance.paid_on], field="paid_on")
    return remittance


@transaction.atomic
def remittance_create(*, user: User | None = None, **fields: Any) -> Remittance:
    """Record a payment of a unit into the state budget ("nộp ngân sách nhà nước").

    The fields are those of ``remittance_validate_new``, which checks every rule.
    """
    check_fields(fields, REMITTANCE_FIELDS)
    remittance = remittance_validate_new(**fields)
    check_unlocked(dates=[remittance.paid_on], user=user, field="paid_on")
    record_user(remittance, user)
    remittance.save()
    return remittance


@transaction.atomic
def remittances_create_batch(
    remittances: Sequence[Remittance], *, user: User | None = None
) -> list[Remittance]:
    """Write new remittances that ``remittance_validate_new(in_batch=True)`` passed, in a few
    queries, each with its history row (``bulk_create_with_history``, as ``save()`` would);
    the database's constraints still check every insert."""
    return bulk_create_with_history(
        list(remittances), Remittance, batch_size=1000, default_user=user
    )


@transaction.atomic
def remittance_update(
    *,
    remittance: Remittance,
    user: User | None = None,
    version: int | None = None,
    **fields: Any,
) -> Remittance:
    """Correct a remittance (refused when the form's ``version`` is not the stored one)."""
    check_fields(fields, REMITTANCE_FIELDS)
    remittance = live_for_update(Remittance, remittance.pk)
    check_version(remittance, version, fields, sorted(REMITTANCE_FIELDS))
    before = figure_values(remittance, REMITTANCE_FIGURE_FIELDS)
    errors: Errors = {}
    if "amount" in fields:
        fields["amount"] = check_money(fields["amount"], "amount", errors)
        check_positive(fields["amount"], "amount", errors)
    for field, value in fields.items():
        setattr(remittance, field, value)
    run_clean(remittance, _remittance_rules, errors)
    changed = changed_fields(before, figure_values(remittance, REMITTANCE_FIGURE_FIELDS))
    if changed:
        check_unlocked(dates=[before["paid_on"], remittance.paid_on], user=user, field=changed[0])
    record_user(remittance, user)
    save_with_version(remittance, fields, sorted(REMITTANCE_FIELDS))
    return remittance


@transaction.atomic
def plan_set(
    *,
    unit: Unit,
    year: int,
    amount: Decimal | int | str,
    user: User | None = None,
    version: int | None = None,
) -> BudgetPlan:
    """Set a unit's budget plan for a year, creating it or replacing the old figure.

    A plan of a year with a locked date counts as dated 1 January (see hpkkt.locks)."""
    errors: Errors = {}
    value = check_money(amount, "amount", errors)
    check_positive(value, "amount", errors)
    year_value = check_year(year, errors)
    if unit is None:
        errors.setdefault("unit", []).append(
            ValidationError(_("Choose the unit."), code="required")
        )
    if errors:
        raise ValidationError(errors)
    plan = BudgetPlan.objects.select_for_update().filter(unit=unit, year=year_value).first()
    plan = plan or BudgetPlan(unit=unit, year=year_value)
    if plan.pk is not None:
        check_version(plan, version, {"amount": value}, ("amount",))
    changed = plan.pk is None or plan.amount != value
    plan.amount = value
    run_clean(plan, no_rules)
    if changed:
        check_unlocked(dates=[first_day_of_year(year_value)], user=user, field="amount")
    record_user(plan, user)
    if plan.pk is None:
        plan.save()
    else:
        save_with_version(plan, {"amount": value}, ("amount",))
    return plan


@transaction.atomic
def remittance_withdraw(
    instance: Remittance, *, user: User | None, reason: str, version: int | None = None
) -> Remittance:
    """Withdraw a remittance entered by mistake (refused when paid in a locked period)."""
    remittance = Remittance.all_objects.select_for_update().get(pk=instance.pk)
    withdraw(remittance, user=user, reason=reason, dates=[remittance.paid_on], version=version)
    return remittance
