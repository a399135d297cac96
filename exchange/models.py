"""The state of an import that runs in the background (``exchange.tasks``)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange import uploads


class ImportJob(models.Model):
    """One preview or import of an uploaded workbook run by the worker (``db_worker``).

    The upload page follows it by its id (a UUID, so one user cannot guess another's); the
    result is the import report as JSON, shown when the job is done.
    """

    class Action(models.TextChoices):
        PREVIEW = "preview", _("Check")
        IMPORT = "import", _("Import")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    token = models.CharField(_("upload token"), max_length=64)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    language = models.CharField(_("language"), max_length=8, default="vi")
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.file_name} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}

    @property
    def stale(self) -> bool:
        """Not finished long after it was queued: no worker ran it, or one died running it."""
        return not self.finished and self.created_at < timezone.now() - dt.timedelta(
            seconds=uploads.max_age()
        )

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
