"""The period report assembled once, outside any request: for the page, its downloads and
the email subscriptions (which attach the same PDF, Word and Excel files).

``period_report`` reads the figures (the same ``summary_for``, ``report_tables`` and
``narrative`` as the page); ``report_files`` renders the three documents in the language the
report was assembled in. The PDF's charts are drawn from the dashboard's own breakdown
selectors (``dashboard.selectors``: plain read functions over the register), so the PDF and
the dashboard can never show different bars.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dashboard import charts as dashboard_charts
from dashboard import selectors as dashboard_selectors
from hpkkt import figures
from hpkkt.i18n import localized_name
from hpkkt.periods import Period
from hpkkt.units import BUDGET_UNIT, UNITS
from reports.documents import DOCX_TYPE, XLSX_TYPE, report_docx, report_xlsx
from reports.narrative import paragraphs
from reports.pdf import PDF_TYPE, PdfChart, PdfSeries, report_pdf
from reports.selectors import summary_for
from reports.tables import ReportTable, report_tables
from reports.types import PeriodSummary

__all__ = [
    "PeriodReport",
    "ReportFile",
    "pdf_charts",
    "period_report",
    "render_pdf",
    "report_filename",
    "report_files",
    "report_subtitle",
    "report_title",
]

#: Zones shown in the PDF's bar chart; the rest are summed into one bar.
TOP_ZONES = 10


@dataclass(frozen=True, slots=True)
class PeriodReport:
    period: Period
    summary: PeriodSummary
    previous: PeriodSummary
    tables: list[ReportTable]
    text: str
    title: str
    subtitle: str
    lang: str

    @property
    def paragraphs(self) -> list[str]:
        """The narrative's paragraphs (the engine separates them with a blank line)."""
        return [part.strip() for part in self.text.split("\n\n") if part.strip()]


@dataclass(frozen=True, slots=True)
class ReportFile:
    filename: str
    content: bytes
    content_type: str


def report_title() -> str:
    return _("Report on investment attraction and state budget remittances")


def report_subtitle(period: Period, lang: str) -> str:
    name = period.name(lang)
    name = name[:1].upper() + name[1:]
    if period.kind == "custom":
        return name
    return f"{name} ({period.start:%d/%m/%Y} – {period.end:%d/%m/%Y})"


def report_filename(period: Period, extension: str) -> str:
    return f"bao-cao-so-ket-{period.key.replace('..', '_')}.{extension}"


def period_report(period: Period, lang: str) -> PeriodReport:
    """Every figure and text of the report for ``period``, labels in ``lang``; computed once
    per version of the data (``hpkkt.figures``)."""
    return figures.cached(
        "report", (lang, period.key, period.start, period.end), lambda: _report(period, lang)
    )


def _report(period: Period, lang: str) -> PeriodReport:
    with translation.override(lang):
        summary = summary_for(period)
        previous = summary_for(period.previous_year())
        return PeriodReport(
            period=period,
            summary=summary,
            previous=previous,
            tables=report_tables(summary, previous, lang),
            text="\n\n".join(paragraphs(summary, lang)),
            title=report_title(),
            subtitle=report_subtitle(period, lang),
            lang=lang,
        )


def _monthly_chart(data: dashboard_selectors.MonthlyAttracted) -> PdfChart:
    unit = UNITS[data.kind]
    shown = data.last_month
    return PdfChart(
        title=dashboard_charts.monthly_title(data.kind, data.year, unit),
        categories=tuple(dashboard_charts.month_labels()),
        series=(
            PdfSeries(
                _("New projects"),
                tuple(unit.scale(v) if m < shown else None for m, v in enumerate(data.new)),
                dashboard_charts.NEW_COLOUR,
            ),
            PdfSeries(
                _("Capital increases"),
                tuple(unit.scale(v) if m < shown else None for m, v in enumerate(data.increases)),
                dashboard_charts.INCREASE_COLOUR,
            ),
            PdfSeries(
                _("Same month of %(year)s") % {"year": data.year - 1},
                tuple(unit.scale(v) for v in data.previous_year),
                dashboard_charts.PREVIOUS_COLOUR,
                style="line",
            ),
        ),
    )


def _zone_chart(kind: str, shares: tuple[dashboard_selectors.Share, ...]) -> PdfChart:
    unit = UNITS[kind]
    shares = dashboard_selectors.top_with_others(shares, TOP_ZONES)
    labels = tuple(
        _("Other zones")
        if share.key == dashboard_selectors.OTHERS
        else localized_name(share.name, share.name_en)
        for share in shares
    )
    return PdfChart(
        title=dashboard_charts.breakdown_title(kind, "zone", unit),
        categories=labels,
        series=(
            PdfSeries(
                _("New projects"),
                tuple(unit.scale(s.new) for s in shares),
                dashboard_charts.NEW_COLOUR,
            ),
            PdfSeries(
                _("Capital increases"),
                tuple(unit.scale(s.increases) for s in shares),
                dashboard_charts.INCREASE_COLOUR,
            ),
        ),
        horizontal=True,
    )


def _budget_chart(summary: PeriodSummary) -> PdfChart:
    units = summary.budget.units
    return PdfChart(
        title=dashboard_charts.budget_title(BUDGET_UNIT),
        categories=tuple(localized_name(u.name, u.name_en) for u in units),
        series=(
            PdfSeries(
                _("Remitted"),
                tuple(BUDGET_UNIT.scale(u.remitted) for u in units),
                dashboard_charts.NEW_COLOUR,
            ),
            PdfSeries(
                _("Annual plan"),
                tuple(BUDGET_UNIT.scale(u.plan) for u in units),
                dashboard_charts.PLAN_COLOUR,
            ),
        ),
        stacked=False,
    )


def pdf_charts(summary: PeriodSummary) -> list[PdfChart]:
    """The dashboard's monthly, zone and budget charts for the period (8 queries)."""
    period = summary.period
    monthly = dashboard_selectors.monthly_attracted(end=period.end)
    shares = dashboard_selectors.breakdowns(start=period.start, end=period.end)
    return [
        _monthly_chart(monthly["FDI"]),
        _zone_chart("FDI", shares.by_zone["FDI"]),
        _monthly_chart(monthly["DI"]),
        _zone_chart("DI", shares.by_zone["DI"]),
        _budget_chart(summary),
    ]


def render_pdf(report: PeriodReport, *, now: dt.datetime | None = None) -> bytes:
    made_at = timezone.localtime(now)
    with translation.override(report.lang):
        return report_pdf(
            title=report.title,
            subtitle=report.subtitle,
            paragraphs=report.paragraphs,
            tables=report.tables,
            charts=pdf_charts(report.summary),
            data_as_of=min(report.period.end, made_at.date()),
            made_at=made_at,
            lang=report.lang,
        )


def report_files(report: PeriodReport) -> list[ReportFile]:
    """The PDF, Word and Excel files of the report, as the page's downloads produce them."""
    with translation.override(report.lang):
        docx = report_docx(
            title=report.title,
            subtitle=report.subtitle,
            text=report.text,
            tables=report.tables,
            lang=report.lang,
        )
        xlsx = report_xlsx(title=f"{report.title} – {report.subtitle}", tables=report.tables)
    period = report.period
    return [
        ReportFile(report_filename(period, "pdf"), render_pdf(report), PDF_TYPE),
        ReportFile(report_filename(period, "docx"), docx, DOCX_TYPE),
        ReportFile(report_filename(period, "xlsx"), xlsx, XLSX_TYPE),
    ]
