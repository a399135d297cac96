"""Published period reports: the snapshot that must come out the same a year later."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hpkkt.models import DateLock

__all__ = ["Publication"]


class Publication(models.Model):
    """A period's report as an administrator published it.

    ``summary_json`` is the ``summary`` command's output, byte for byte; ``document_vi`` and
    ``document_en`` hold the report as it was laid out (title, period, paragraph, tables with
    exact values), so its .docx is rebuilt from the snapshot, never from live figures.
    Publishing locks every date up to the period's end (``lock``).
    """

    period_key = models.CharField(_("period"), max_length=40, db_index=True)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    summary_json = models.TextField(_("figures (summary JSON)"))
    narrative_vi = models.TextField(_("report paragraph (Vietnamese)"))
    narrative_en = models.TextField(_("report paragraph (English)"))
    document_vi = models.JSONField(_("report (Vietnamese)"))
    document_en = models.JSONField(_("report (English)"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lock = models.OneToOneField(
        DateLock,
        verbose_name=_("date lock"),
        on_delete=models.PROTECT,
        related_name="publication",
    )

    class Meta:
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period_key} ({self.published_at:%d/%m/%Y})"
