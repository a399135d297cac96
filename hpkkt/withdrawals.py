"""Withdrawals, not deletes: a record entered by mistake leaves the figures, not the record.

A withdrawable model keeps three columns, filled only by its withdraw service: when, by whom
and why. Its ``objects`` manager hides withdrawn rows, so every figure, list, total and export
that reads ``Model.objects`` leaves them out by construction; ``Model.all_objects`` (the
default manager, so that Django's unique checks, the admin and related managers still see
every row) reads them too.

This module imports no domain app; it is part of the core every service shares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hpkkt.locks import DateLockedError, active_lock_covering, hold_against_publication
from hpkkt.services import local_moment, localized_date, localized_moment
from hpkkt.versioning import check_version, save_with_version

__all__ = [
    "REASON_FIELD",
    "Withdrawable",
    "active_manager",
    "can_withdraw",
    "live_for_update",
    "user_label",
    "withdraw",
    "withdrawal_notice",
]

#: The field of the withdraw form (and the key of its errors) that holds the reason.
REASON_FIELD = "reason"


class _ActiveManagerMixin:
    """Hides withdrawn rows."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(withdrawn_at__isnull=True)  # type: ignore[misc]


def active_manager(queryset_class: type[models.QuerySet]) -> models.Manager:
    """A manager over ``queryset_class`` that leaves out withdrawn rows."""
    base = models.Manager.from_queryset(queryset_class)
    return type(f"Active{queryset_class.__name__}Manager", (_ActiveManagerMixin, base), {})()


class Withdrawable(models.Model):
    """When, by whom and why a record was withdrawn; all empty while it counts."""

    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_reason = models.TextField(
        _("withdrawal reason"), blank=True, default="", editable=False
    )

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


# --- the withdraw service every domain service shares ----------------------------------------

#: Longest reason kept (like a note: a few lines, and an Excel cell holds it).
REASON_MAX_LENGTH = 2000


def can_withdraw(user: Any) -> bool:
    """Only administrators withdraw a record; staff and leadership never delete or withdraw."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "is_superuser", False)
    )


def _refuse_withdrawn(instance: Any) -> None:
    if instance.is_withdrawn:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: ValidationError(
                    _("This record was already withdrawn on %(when)s by %(user)s."),
                    code="already_withdrawn",
                    params={
                        "when": localized_moment(instance.withdrawn_at),
                        "user": user_label(instance.withdrawn_by),
                    },
                )
            }
        )


def live_for_update(model: type[models.Model], pk: Any) -> Any:
    """The record ``pk`` of ``model``, row-locked for a write; one withdrawn in the meantime
    (after the page was opened) refuses the write with a message instead of vanishing."""
    instance = model.all_objects.select_for_update().get(pk=pk)  # type: ignore[attr-defined]
    _refuse_withdrawn(instance)
    return instance


def user_label(user: Any) -> str:
    """How a person is named on a page: full name, else the login."""
    if user is None:
        return "–"
    return (user.get_full_name() or user.get_username()).strip()


def withdrawal_notice(instance: Any) -> str:
    """``Đã hủy bỏ ngày 05/07/2020 10:15 bởi Nguyễn Văn A: nhập trùng`` (empty while it
    counts), in the reader's language."""
    if getattr(instance, "withdrawn_at", None) is None:
        return ""
    return str(
        _("Withdrawn on %(when)s by %(user)s: %(reason)s")
        % {
            "when": local_moment(instance.withdrawn_at),
            "user": user_label(instance.withdrawn_by),
            "reason": instance.withdrawal_reason,
        }
    )


WITHDRAW_LOCK_MESSAGE = _(
    "The figures up to %(date)s were published on %(published)s: unlock that period (with a "
    "reason) before withdrawing this record."
)


def _check_dates_unlocked(dates: Iterable[dt.date | None]) -> None:
    """A withdrawal changes figures like a delete would: refused for everyone, administrators
    included, while a date it touches is locked (they unlock first, with a reason, so the
    published report's change is on record)."""
    days = [day for day in dates if isinstance(day, dt.date)]
    if not days:
        return
    hold_against_publication()  # no publication snapshots before this withdrawal commits
    lock = active_lock_covering(min(days))
    if lock is not None:
        error = ValidationError(
            WITHDRAW_LOCK_MESSAGE,
            code="locked",
            params={
                "date": localized_date(lock.locked_until),
                "published": localized_moment(lock.locked_at),
            },
        )
        raise DateLockedError({NON_FIELD_ERRORS: [error]}, lock)


def withdraw(
    instance: Withdrawable,
    *,
    user: Any,
    reason: str,
    dates: Iterable[dt.date | None],
    version: int | None = None,
    integrity: Callable[[], Iterable[ValidationError]] | None = None,
) -> Withdrawable:
    """Withdraw ``instance`` (read afresh, locked, inside the caller's transaction).

    The checks, in the order a user meets them: only an administrator (``code="denied"``),
    not twice, the version the form was loaded with, a reason (keyed to ``reason``), no
    locked date among ``dates`` (the record's own date or dates), then ``integrity`` (the
    domain's rules, e.g. a project's capital never below zero without this increase). The
    row keeps every value; when, by whom and why are set, the history records the change with
    the user and the reason (``history_change_reason``), and the save is a compare-and-swap
    on the version, as every edit is. Nothing else of the record changes, so ``full_clean``
    is not run: a record kept since before a newer rule can still be withdrawn.
    """
    if not can_withdraw(user):
        raise ValidationError(
            {
                NON_FIELD_ERRORS: ValidationError(
                    _("Only an administrator can withdraw a record."), code="denied"
                )
            }
        )
    _refuse_withdrawn(instance)
    check_version(instance, version, {}, ())
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                REASON_FIELD: ValidationError(
                    _("Give the reason for withdrawing this record."), code="required"
                )
            }
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                REASON_FIELD: ValidationError(
                    _("Keep it to %(max)s characters at most."),
                    code="too_long",
                    params={"max": REASON_MAX_LENGTH},
                )
            }
        )
    _check_dates_unlocked(dates)
    if integrity is not None:
        problems = list(integrity())
        if problems:
            raise ValidationError({NON_FIELD_ERRORS: problems})
    instance.withdrawn_at = timezone.now()
    instance.withdrawn_by = user
    instance.withdrawal_reason = reason
    instance._history_user = user
    instance._change_reason = reason
    save_with_version(instance)
    return instance
