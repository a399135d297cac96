"""Models of the project core: the date locks that keep published figures from moving."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = ["DateLock"]


class DateLock(models.Model):
    """Every date up to ``locked_until`` is frozen: the figures of those days were published.

    Publishing a period creates one; an administrator may lift it back to an earlier date or
    remove it, always with a reason. Locks are never deleted: a removed lock stays with
    ``is_active`` off, and the history keeps every change with its author and reason.
    """

    locked_until = models.DateField(_("locked up to"), db_index=True)
    title = models.CharField(
        _("published as"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("What was published, e.g. the report of the first half of 2020."),
    )
    locked_at = models.DateTimeField(_("locked at"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    change_reason = models.TextField(
        _("reason of the last unlock"),
        blank=True,
        default="",
        help_text=_("Required when the lock is lifted or removed."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("date lock")
        verbose_name_plural = _("date locks")
        ordering = ["-locked_until", "-locked_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_active=True) | ~Q(change_reason=""),
                name="date_lock_removed_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.locked_until:%d/%m/%Y}"
