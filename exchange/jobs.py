"""Large imports run in the background: the upload page queues a job and follows it.

A workbook of more than ``EXCHANGE_BACKGROUND_ROWS`` data rows (500 by default) is checked and,
once confirmed, imported by the worker (``python manage.py db_worker``, django-tasks with its
database backend) instead of inside the request; smaller ones still answer at once. The job
(``ImportJob``) records who started it, its state, how many rows are done and, at the end,
the import report as JSON, which the upload page shows exactly as it shows a report it computed
itself. The upload stays on the disk only while a job may still need it.

The import runs in one transaction (all or nothing, as in the request), so its progress is
written from another thread, which Django gives its own connection: the count is committed at
once and the page sees it while the import is still running. SQLite allows one writer at a
time, so there the bar only moves at the end.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from exchange import uploads
from exchange.importer import (
    ImportReport,
    RowChange,
    RowError,
    SheetResult,
    WorkbookError,
    import_workbook,
)
from exchange.inspection import WorkbookSummary
from exchange.models import ImportJob
from hpkkt.audit import record_event

__all__ = [
    "in_background",
    "report_from_json",
    "report_to_json",
    "run",
    "start",
]

logger = logging.getLogger(__name__)

DEFAULT_BACKGROUND_ROWS = 500
#: The progress is written at most this often (seconds).
PROGRESS_INTERVAL = 1.0


def in_background(summary: WorkbookSummary) -> bool:
    """Whether a workbook of this size is checked and imported by the worker."""
    threshold = int(getattr(settings, "EXCHANGE_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS))
    return summary.total_rows > threshold


def start(
    *,
    user: AbstractBaseUser | None,
    token: str,
    file_name: str,
    action: str,
    rows_total: int,
) -> ImportJob:
    """Record a job and queue it; the worker runs ``run(job.pk)``."""
    from exchange.tasks import run_import_job

    job = ImportJob.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        token=token,
        file_name=file_name[:255],
        action=action,
        rows_total=rows_total,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    run_import_job.enqueue(str(job.pk))
    job.refresh_from_db()
    return job


def run(job_id: str) -> None:
    """Run a queued job to its end; a job already started (a second worker) is left alone."""
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ImportJob.objects.get(pk=job_id)
    with translation.override(job.language):
        state, result = _run(job)
    ImportJob.objects.filter(pk=job.pk).update(
        state=state,
        result=result,
        rows_done=job.rows_total,
        finished_at=timezone.now(),
    )


def _run(job: ImportJob) -> tuple[str, dict[str, Any]]:
    path = uploads.path_for(job.token)
    if path is None:
        return ImportJob.State.FAILED, {
            "error": _("This upload has expired or was already imported; upload the file again.")
        }
    keep = False
    try:
        report = import_workbook(
            path,
            user=job.user,
            commit=job.action == ImportJob.Action.IMPORT,
            progress=_Progress(job).update,
        )
        if report.committed:
            # The security log, as for an import in a request; the worker has no request.
            record_event(action="import", user=job.user, detail=f"job {job.pk}: {report.summary()}")
        # A checked file waits for its confirmation; anything else is done with.
        keep = job.action == ImportJob.Action.PREVIEW and report.ok and _to_write(report)
        return ImportJob.State.DONE, report_to_json(report)
    except WorkbookError as exc:
        return ImportJob.State.FAILED, {"error": str(exc)}
    except Exception:  # noqa: BLE001 - the job must end with a state, whatever happened
        logger.exception("Import job %s failed", job.pk)
        return ImportJob.State.FAILED, {
            "error": _("The import stopped on an unexpected error; nothing was imported.")
        }
    finally:
        if not keep:
            uploads.delete(job.token)


def _to_write(report: ImportReport) -> int:
    return report.total("new") + report.total("changed")


class _Progress:
    """Writes ``rows_done`` from its own thread (its own connection, committed at once)."""

    def __init__(self, job: ImportJob) -> None:
        self.job_id = job.pk
        self.last = 0.0
        self.enabled = connection.vendor != "sqlite"

    def update(self, done: int) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < PROGRESS_INTERVAL:
            return
        self.last = now
        writer = threading.Thread(target=self._write, args=(done,), daemon=True)
        writer.start()
        writer.join(timeout=5)

    def _write(self, done: int) -> None:
        try:
            ImportJob.objects.filter(pk=self.job_id).update(rows_done=done)
        except Exception:  # noqa: BLE001 - a missed progress update is harmless
            logger.warning("Cannot record the progress of import job %s", self.job_id)
        finally:
            connections.close_all()


# --- the report as JSON -----------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "date" in value:
        return dt.date.fromisoformat(value["date"])
    if isinstance(value, dict) and "decimal" in value:
        return Decimal(value["decimal"])
    return value


def report_to_json(report: ImportReport) -> dict[str, Any]:
    return {
        "sheets": [[s.name, s.new, s.changed, s.unchanged, s.invalid] for s in report.sheets],
        "errors": [[e.sheet, e.row, e.column, str(e.message)] for e in report.errors],
        "warnings": [str(warning) for warning in report.warnings],
        "changes": [
            [c.sheet, c.row, c.outcome, [_encode(v) for v in c.key], list(c.fields)]
            for c in report.changes
        ],
        "committed": report.committed,
    }


def report_from_json(data: dict[str, Any]) -> ImportReport:
    return ImportReport(
        sheets=[SheetResult(*values) for values in data.get("sheets", [])],
        errors=[RowError(*values) for values in data.get("errors", [])],
        warnings=list(data.get("warnings", [])),
        changes=[
            RowChange(sheet, row, outcome, [_decode(v) for v in key], fields)
            for sheet, row, outcome, key, fields in data.get("changes", [])
        ],
        committed=bool(data.get("committed")),
    )
