"""Withdrawals, not deletes: a record entered by mistake leaves the figures, not the record.

A withdrawable model keeps three columns, filled only by its withdraw service: when, by whom
and why. Its ``objects`` manager hides withdrawn rows, so every figure, list, total and export
that reads ``Model.objects`` leaves them out by construction; ``Model.all_objects`` (the
default manager, so that Django's unique checks, the admin and related managers still see
every row) reads them too.

This module imports no domain app; it is part of the core every service shares.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Withdrawable", "active_manager"]


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
