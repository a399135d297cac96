"""``{% publication_panel period summary %}``: the published state of a period, on the report
page and the dashboard (one include line in each template)."""

from __future__ import annotations

from typing import Any

from django import template

from hpkkt.history import record_history
from hpkkt.locks import can_bypass_locks
from hpkkt.periods import Period
from reports.publications import figure_differences, latest_publication, period_has_ended
from reports.selectors import summary_for
from reports.types import PeriodSummary

register = template.Library()


@register.inclusion_tag("reports/includes/publication.html", takes_context=True)
def publication_panel(
    context: template.Context, period: Period | None, summary: PeriodSummary | None = None
) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if period is None:
        return {"period": None}
    publication = latest_publication(period)
    differences = []
    unlocks = []
    if publication is not None:
        live = summary if summary is not None else summary_for(period)
        differences = figure_differences(publication.summary_json, live)
        lock = publication.lock
        if not lock.is_active or lock.locked_until < period.end:
            # Every unlock of this lock, who and when, with its reason (its history).
            unlocks = [entry for entry in record_history(lock) if entry.reason]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "period": period,
        "publication": publication,
        "differences": differences,
        "unlocks": unlocks,
        "can_publish": can_bypass_locks(user)
        and period_has_ended(period)
        and (publication is None or not publication.lock.is_active),
        "show_publish": context.get("show_publish", False),
    }
