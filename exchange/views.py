"""The upload page: upload → preview → confirm → import, and the whole-dataset download.

The preview runs the complete import inside a transaction that is rolled back, so what it
shows is exactly what the confirmation will do; the confirmation runs it again for real (the
data may have changed in between) and still writes nothing if any row fails.

Every upload is inspected first (``exchange.inspection``: limits, damage), in the request,
without expanding it. A small workbook is then checked and imported in the request; a large
one (``exchange.jobs.in_background``) by the worker, and the page follows the job
(``ImportJobView``) with a progress bar until its report is ready.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from exchange import jobs, uploads
from exchange.exporter import write_dataset
from exchange.forms import WorkbookUploadForm
from exchange.importer import ImportReport, WorkbookError, import_workbook
from exchange.inspection import inspect_workbook
from exchange.models import ImportJob
from exchange.sheets import SHEETS
from hpkkt.audit import record_event
from hpkkt.roles import can_enter_data

SESSION_KEY = "exchange_import"
#: The preview lists this many problems; the count above the table gives the rest.
MAX_SHOWN_ERRORS = 500

SHEET_TITLES = {
    "projects": gettext_lazy("Projects"),
    "adjustments": gettext_lazy("Capital adjustments"),
    "remittances": gettext_lazy("Budget remittances"),
    "plans": gettext_lazy("Budget plans"),
    "targets": gettext_lazy("Annual targets"),
    "share_acquisitions": gettext_lazy("Share acquisitions"),
    "operations": gettext_lazy("Enterprise operations"),
}


class ImportView(View):
    template_name = "exchange/import.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_enter_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._upload_page(WorkbookUploadForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        action = request.POST.get("action", "upload")
        if action == "confirm":
            return self._confirm()
        if action == "cancel":
            self._forget()
            messages.info(request, _("The import was cancelled; nothing was imported."))
            return redirect("exchange:import")
        return self._upload()

    # --- steps --------------------------------------------------------------------------

    def _upload(self) -> HttpResponse:
        form = WorkbookUploadForm(self.request.POST, self.request.FILES)
        if not form.is_valid():
            return self._upload_page(form, status=400)
        self._forget()
        uploaded = form.cleaned_data["file"]
        token = uploads.save(uploaded)
        try:
            path = uploads.path_for(token)
            summary = inspect_workbook(path)
            if jobs.in_background(summary):
                job = jobs.start(
                    user=self.request.user,
                    token=token,
                    file_name=uploaded.name,
                    action=ImportJob.Action.PREVIEW,
                    rows_total=summary.total_rows,
                )
                self.request.session[SESSION_KEY] = {
                    "token": token,
                    "name": uploaded.name,
                    "rows": summary.total_rows,
                }
                # The job deletes the file when it no longer needs it.
                return redirect("exchange:job", pk=job.pk)
            report = import_workbook(path, user=self.request.user, summary=summary)
        except WorkbookError as exc:
            uploads.delete(token)
            form.add_error("file", str(exc))
            return self._upload_page(form, status=400)
        except BaseException:
            uploads.delete(token)
            raise
        if report.ok and report.total("new") + report.total("changed"):
            self.request.session[SESSION_KEY] = {"token": token, "name": uploaded.name}
        else:
            uploads.delete(token)
            token = ""
        return self._preview(report, uploaded.name, token)

    def _confirm(self) -> HttpResponse:
        pending = self.request.session.get(SESSION_KEY) or {}
        token = pending.get("token", "")
        path = uploads.path_for(token)
        if not token or self.request.POST.get("token") != token or path is None:
            self._forget()
            messages.warning(
                self.request,
                _("This upload has expired or was already imported; upload the file again."),
            )
            return redirect("exchange:import")
        if pending.get("rows"):
            # Checked by the worker: imported by the worker too. The job owns the file now.
            self.request.session.pop(SESSION_KEY, None)
            job = jobs.start(
                user=self.request.user,
                token=token,
                file_name=pending.get("name", ""),
                action=ImportJob.Action.IMPORT,
                rows_total=pending["rows"],
            )
            return redirect("exchange:job", pk=job.pk)
        try:
            report = import_workbook(path, user=self.request.user, commit=True)
        except WorkbookError as exc:
            report = ImportReport()
            messages.error(self.request, str(exc))
        finally:
            self._forget()
        if report.committed:
            record_event(action="import", request=self.request, detail=report.summary())
            messages.success(
                self.request, _("Imported: %(summary)s.") % {"summary": report.summary()}
            )
            return redirect("exchange:import")
        return self._preview(report, pending.get("name", ""), "")

    def _forget(self) -> None:
        pending = self.request.session.pop(SESSION_KEY, None)
        if pending:
            uploads.delete(pending.get("token", ""))

    # --- pages --------------------------------------------------------------------------

    def _upload_page(
        self, form: WorkbookUploadForm, status: int = 200, error: str = ""
    ) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "sheets": SHEETS,
                "sheet_titles": SHEET_TITLES,
                "jobs": ImportJob.objects.filter(user=self.request.user)[:5],
                "error": error,
            },
            status=status,
        )

    def _preview(self, report: ImportReport, name: str, token: str) -> HttpResponse:
        rows = [{"title": SHEET_TITLES[result.name], "result": result} for result in report.sheets]
        context = {
            "report": report,
            "rows": rows,
            "file_name": name,
            "token": token,
            "errors": report.errors[:MAX_SHOWN_ERRORS],
            "changes": [
                {"change": change, "title": SHEET_TITLES[change.sheet], "key": _key(change.key)}
                for change in report.changes[:MAX_SHOWN_ERRORS]
            ],
            "hidden_changes": max(len(report.changes) - MAX_SHOWN_ERRORS, 0),
            "hidden_errors": max(len(report.errors) - MAX_SHOWN_ERRORS, 0),
            "to_write": report.total("new") + report.total("changed"),
            "form": WorkbookUploadForm(),
        }
        return render(self.request, "exchange/preview.html", context)


def _key(values: list[Any]) -> str:
    """A row's natural key as the user reads it: 15/01/2020, 1.500.000,50, codes as typed."""
    parts = []
    for value in values:
        if isinstance(value, dt.date):
            parts.append(f"{value:%d/%m/%Y}")
        elif isinstance(value, Decimal):
            places = 0 if value == value.to_integral_value() else 2
            parts.append(formats.number_format(value, places, use_l10n=True, force_grouping=True))
        elif value is not None:
            parts.append(str(value))
    return " · ".join(parts)


class ImportJobView(ImportView):
    """A background preview or import: its progress while it runs, its report when done.

    Only the user who started it and administrators see it (anyone else gets 404, as for a
    job that does not exist). The page refreshes itself (``<meta http-equiv="refresh">``)
    until the job ends.
    """

    refresh_seconds = 2

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        job = get_object_or_404(ImportJob, pk=pk)
        if job.user_id != request.user.pk and not request.user.is_superuser:
            raise Http404
        if job.stale:
            return self._upload_page(
                WorkbookUploadForm(),
                error=_(
                    "This import did not finish: the background worker is not running or "
                    "stopped. Nothing was imported; upload the file again."
                ),
            )
        if not job.finished:
            return render(
                request,
                "exchange/job.html",
                {"job": job, "refresh_seconds": self.refresh_seconds},
            )
        if job.state == ImportJob.State.FAILED:
            return self._upload_page(WorkbookUploadForm(), error=job.result.get("error", ""))
        report = jobs.report_from_json(job.result)
        pending = request.session.get(SESSION_KEY) or {}
        token = ""
        if (
            job.action == ImportJob.Action.PREVIEW
            and pending.get("token") == job.token
            and uploads.path_for(job.token) is not None
        ):
            token = job.token
        return self._preview(report, job.file_name, token)

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        return redirect("exchange:job", pk=pk)


class DatasetExportView(View):
    """The whole dataset as export_xlsx writes it, for anyone who may see the data."""

    def get(self, request: HttpRequest) -> FileResponse:
        if not request.user.has_perm("investments.view_project"):
            raise PermissionDenied
        handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
        write_dataset(handle)
        handle.seek(0)
        name = f"hpkkt-du-lieu-{timezone.localdate():%Y%m%d}.xlsx"
        record_event(action="export", request=request, detail=name)
        return FileResponse(
            handle,
            as_attachment=True,
            filename=name,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
