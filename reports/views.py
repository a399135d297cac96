"""The period report page ("báo cáo sơ kết") and its PDF, Word and Excel downloads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from hpkkt.audit import record_event
from hpkkt.locks import can_bypass_locks
from hpkkt.periods import Period, PeriodError
from reports.bundle import period_report, render_pdf, report_filename, report_subtitle
from reports.documents import DOCX_TYPE, XLSX_TYPE, report_docx, report_xlsx
from reports.forms import PeriodForm, parse_period
from reports.links import reference_pks
from reports.models import Publication
from reports.pdf import PDF_TYPE
from reports.publications import publication_docx, publish_report
from reports.selectors import latest_year_with_data
from reports.tables import report_tables

__all__ = ["PeriodReportView", "PublicationDocxView", "PublishReportView"]

PICKER_FIELDS = ("year", "part", "start", "end")


def resolve_period(query: QueryDict) -> tuple[Period | None, PeriodForm, str]:
    """The period asked for (``?period=`` or the picker's fields), the picker to show, and
    an error message when the request cannot be understood."""
    text = query.get("period", "").strip()
    if text:
        try:
            period = parse_period(text)
        except forms.ValidationError as exc:
            return None, PeriodForm(), " ".join(exc.messages)
        return period, PeriodForm(initial=PeriodForm.initial_for(period)), ""
    if any(query.get(name) for name in PICKER_FIELDS):
        form = PeriodForm(query)
        if form.is_valid():
            return form.period, form, ""
        return None, form, _("The period could not be understood; see the picker below.")
    today = timezone.localdate()
    period = Period.year(latest_year_with_data(default=today.year))
    return period, PeriodForm(initial=PeriodForm.initial_for(period)), ""


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _filename(period: Period, extension: str) -> str:
    return report_filename(period, extension)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class PeriodReportView(View):
    """Every logged-in user (staff, leadership, administrators) may read and download it."""

    template_name = "reports/index.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """``?lang=en`` (or ``vi``) gives that language whatever the user's own choice."""
        lang = request.GET.get("lang", "")
        if lang not in dict(settings.LANGUAGES):
            return super().dispatch(request, *args, **kwargs)
        with translation.override(lang):
            request.LANGUAGE_CODE = lang
            return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        lang = get_language() or "vi"
        period, form, error = resolve_period(request.GET)
        context: dict[str, Any] = {"form": form, "error": error, "period": period}
        if period is None:
            return render(request, self.template_name, context)
        report = period_report(period, lang)
        summary, tables, text = report.summary, report.tables, report.text
        title, subtitle = report.title, report.subtitle
        texts = report.paragraphs
        output = request.GET.get("format", "")
        if output in ("pdf", "docx", "xlsx"):
            record_event(action="export", request=request, detail=_filename(period, output))
        if output == "pdf":
            return _download(render_pdf(report), PDF_TYPE, _filename(period, "pdf"))
        if output == "docx":
            content = report_docx(
                title=title, subtitle=subtitle, text=text, tables=tables, lang=lang
            )
            return _download(content, DOCX_TYPE, _filename(period, "docx"))
        if output == "xlsx":
            content = report_xlsx(title=f"{title} – {subtitle}", tables=tables)
            return _download(content, XLSX_TYPE, _filename(period, "xlsx"))
        # The page's tables carry the drill-through links (the documents' do not).
        tables = report_tables(summary, report.previous, lang, refs=reference_pks())
        context.update(
            summary=summary,
            tables=[
                {
                    "table": table,
                    "headers": [
                        {"text": header, "number": cell.is_number}
                        for header, cell in zip(table.headers, table.rows[0], strict=True)
                    ],
                    "rows": [
                        [
                            {"text": c.display(lang), "number": c.is_number, "link": c.link}
                            for c in row
                        ]
                        for row in table.rows
                    ],
                }
                for table in tables
            ],
            narrative=texts[0],
            narrative_paragraphs=texts[1:],
            title=title,
            subtitle=subtitle,
            lang=lang,
            quick_periods=self.quick_periods(period, lang),
        )
        return render(request, self.template_name, context)

    subtitle = staticmethod(report_subtitle)

    @staticmethod
    def quick_periods(period: Period, lang: str) -> list[dict[str, Any]]:
        """One-click neighbours: the year before, the year, its halves and quarters."""
        year = period.end.year
        try:
            candidates = [
                Period.year(year - 1),
                Period.year(year),
                Period.half(year, 1),
                Period.half(year, 2),
                *(Period.quarter(year, q) for q in range(1, 5)),
            ]
        except PeriodError:  # at the edge of the years a period may name
            candidates = [Period.year(year)]
        return [
            {"key": p.key, "label": _capitalized(p.name(lang)), "active": p == period}
            for p in candidates
        ]


class PublishReportView(View):
    """An administrator publishes the period shown on the report page (POST only)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can_bypass_locks(request.user):
            raise PermissionDenied
        key = request.POST.get("period", "")
        try:
            period = parse_period(key)
        except forms.ValidationError:
            messages.error(request, _("The period could not be understood."))
            return redirect("reports:index")
        try:
            publish_report(period=period, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("The report was published; dates up to %(date)s are locked.")
                % {"date": f"{period.end:%d/%m/%Y}"},
            )
        return redirect(f"{reverse('reports:index')}?{urlencode({'period': period.key})}")


class PublicationDocxView(View):
    """The .docx of a published report, rebuilt from its snapshot (never the live figures)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        publication = get_object_or_404(Publication, pk=pk)
        lang = get_language() or "vi"
        content = publication_docx(publication, "en" if lang == "en" else "vi")
        key = publication.period_key.replace("..", "_")
        filename = f"bao-cao-so-ket-{key}-cong-bo-{publication.published_at:%Y%m%d}.docx"
        return _download(content, DOCX_TYPE, filename)
