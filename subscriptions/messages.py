"""The emails themselves: the period report and the target alert, in one language each.

Pure of the database: they are written from an assembled ``PeriodReport`` (and its files) or
an ``AlertState``. The body is plain text with an HTML alternative, both rendered from the
templates under ``subscriptions/email/`` with the subscriber's language active.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from hpkkt.numbers import format_amount, format_pct, growth_pct, percent
from hpkkt.periods import Period
from hpkkt.units import BUDGET_UNIT, UNITS
from reports.bundle import PeriodReport, ReportFile
from subscriptions.models import AlertState

__all__ = ["KeyFigure", "alert_message", "dashboard_link", "key_figures", "report_message"]


@dataclass(frozen=True, slots=True)
class KeyFigure:
    label: str
    value: str
    growth: str  # "+42%", "−13,6%" or "" when there is nothing to compare with
    plan: str  # "46,2%" or ""


def dashboard_link(period: Period) -> str:
    """The absolute address of the dashboard for ``period`` (``DJANGO_SITE_URL``)."""
    base = settings.SITE_URL.rstrip("/")
    return f"{base}{reverse('dashboard:index')}?{urlencode({'period': period.key})}"


def _signed(value: Decimal | None, lang: str) -> str:
    if value is None:
        return ""
    text = format_pct(abs(value), lang)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def key_figures(report: PeriodReport) -> list[KeyFigure]:
    """Attracted capital of each kind and the budget remitted, with growth and % of plan."""
    lang, summary, previous = report.lang, report.summary, report.previous
    rows = []
    for kind, label in (
        ("FDI", _("FDI capital attracted")),
        ("DI", _("DI capital attracted")),
    ):
        figures = summary.kind(kind)
        rows.append(
            KeyFigure(
                label=label,
                value=format_amount(figures.attracted_capital, UNITS[kind], lang),
                growth=_signed(figures.growth_pct, lang),
                plan=format_pct(figures.plan_pct, lang),
            )
        )
        rows.append(
            KeyFigure(
                label=_("%(kind)s projects: new / increasing capital") % {"kind": kind},
                value=f"{figures.new_projects} / {figures.adjusted_projects}",
                growth="",
                plan="",
            )
        )
    budget = summary.budget
    rows.append(
        KeyFigure(
            label=_("State budget remitted"),
            value=format_amount(budget.remitted, BUDGET_UNIT, lang),
            growth=_signed(growth_pct(budget.remitted, previous.budget.remitted), lang),
            plan=format_pct(budget.plan_pct, lang),
        )
    )
    return rows


def report_message(
    report: PeriodReport, files: list[ReportFile], to: list[str], *, subscribed: bool = True
) -> EmailMultiAlternatives:
    with translation.override(report.lang):
        context = {
            "subscribed": subscribed,
            "report": report,
            "paragraphs": report.paragraphs,
            "figures": key_figures(report),
            "link": dashboard_link(report.period),
            "files": files,
        }
        subject = _("Period report: %(period)s") % {"period": report.subtitle}
        text = render_to_string("subscriptions/email/report.txt", context)
        html = render_to_string("subscriptions/email/report.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    for file in files:
        message.attach(file.filename, file.content, file.content_type)
    return message


def alert_message(state: AlertState, lang: str, to: list[str]) -> EmailMultiAlternatives:
    unit = UNITS[state.kind]
    period = Period.between(state.as_of.replace(month=1, day=1), state.as_of)
    with translation.override(lang):
        params = {"kind": state.kind, "year": state.year}
        if state.below_target:
            subject = _("%(kind)s: the year-end projection is below the %(year)s target") % params
        else:
            subject = _("%(kind)s: the year-end projection is back on the %(year)s target") % params
        context = {
            "state": state,
            "year": str(state.year),  # never "2.020"
            "as_of": f"{state.as_of:%d/%m/%Y}",
            "year_to_date": format_amount(state.year_to_date, unit, lang),
            "projected": format_amount(state.projected, unit, lang),
            "target": format_amount(state.target, unit, lang),
            "projected_pct": format_pct(percent(state.projected, state.target), lang),
            "pace": format_amount(state.monthly_pace, unit, lang) if state.monthly_pace else "",
            "link": dashboard_link(period),
        }
        text = render_to_string("subscriptions/email/alert.txt", context)
        html = render_to_string("subscriptions/email/alert.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    return message
