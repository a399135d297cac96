"""Publishing a period's report: the snapshot, the date lock, and what moved since.

``publish_report`` is the one write (atomic: the snapshot and its lock are stored together or
not at all); the rest read. The snapshot holds the ``summary`` JSON exactly as the command
prints it and the report as laid out in Vietnamese and English, so the published .docx is
rebuilt from it byte-for-byte-equivalent whatever happens to the live figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hpkkt.locks import can_bypass_locks, hold_writers, lock_dates
from hpkkt.periods import Period
from reports.documents import report_docx
from reports.models import Publication
from reports.narrative import narrative
from reports.selectors import summary_for
from reports.tables import Cell, ReportTable, report_tables
from reports.types import PeriodSummary

__all__ = [
    "Difference",
    "figure_differences",
    "latest_publication",
    "publish_report",
    "publication_docx",
    "summary_json",
]

LANGUAGES = ("vi", "en")
REPORT_TITLE = _("Report on investment attraction and state budget remittances")


def summary_json(summary: PeriodSummary) -> str:
    """The ``summary`` command's output for ``summary`` (see reports/management/commands)."""
    return json.dumps(summary.as_dict(), ensure_ascii=False, indent=2)


def _subtitle(period: Period, lang: str) -> str:
    name = period.name(lang)
    name = name[:1].upper() + name[1:]
    if period.kind == "custom":
        return name
    return f"{name} ({period.start:%d/%m/%Y} – {period.end:%d/%m/%Y})"


def _cell_json(cell: Cell) -> dict[str, Any]:
    value = cell.value
    return {"value": str(value) if isinstance(value, Decimal) else value, "kind": cell.kind}


def _document(summary: PeriodSummary, previous: PeriodSummary, lang: str) -> dict[str, Any]:
    with translation.override(lang):
        tables = report_tables(summary, previous, lang)
        return {
            "title": str(REPORT_TITLE),
            "subtitle": _subtitle(summary.period, lang),
            "text": narrative(summary, lang),
            "tables": [
                {
                    "key": table.key,
                    "title": table.title,
                    "headers": list(table.headers),
                    "rows": [[_cell_json(cell) for cell in row] for row in table.rows],
                    "has_total": table.has_total,
                }
                for table in tables
            ],
        }


def _tables_from(document: dict[str, Any]) -> list[ReportTable]:
    def cell(data: dict[str, Any]) -> Cell:
        value = data["value"]
        if data["kind"] in {"amount", "pct"} and value is not None:
            value = Decimal(value)
        return Cell(value, data["kind"])

    return [
        ReportTable(
            key=table["key"],
            title=table["title"],
            headers=tuple(table["headers"]),
            rows=tuple(tuple(cell(c) for c in row) for row in table["rows"]),
            has_total=table["has_total"],
        )
        for table in document["tables"]
    ]


def latest_publication(period: Period) -> Publication | None:
    """The newest publication of exactly this period (with its lock and author)."""
    return (
        Publication.objects.filter(period_key=period.key, start=period.start, end=period.end)
        .select_related("lock", "published_by")
        .first()
    )


def period_has_ended(period: Period) -> bool:
    """Publishing locks every date up to the period's end: a period still running (or in the
    future) would freeze today's data entry for everyone but the administrators."""
    return period.end < timezone.localdate()


@transaction.atomic
def publish_report(*, period: Period, user: Any = None) -> Publication:
    """Store the period's report as published and lock every date up to its end.

    Administrators only (``user=None`` is the server's operator, from ``manage.py
    publish_report``). A period whose publication is still locked is not published twice."""
    if user is not None and not can_bypass_locks(user):
        raise ValidationError(
            {NON_FIELD_ERRORS: ValidationError(_("Only an administrator can publish."), "denied")}
        )
    if not period_has_ended(period):
        raise ValidationError(
            {
                NON_FIELD_ERRORS: ValidationError(
                    _("Only a period that has ended can be published: %(period)s ends on %(end)s."),
                    code="not_ended",
                    params={"period": period.key, "end": f"{period.end:%d/%m/%Y}"},
                )
            }
        )
    hold_writers()  # no write checked against the old locks lands after the snapshot
    existing = latest_publication(period)
    if existing is not None and existing.lock.is_active:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: ValidationError(
                    _("This period was already published on %(date)s."),
                    code="already_published",
                    params={"date": f"{timezone.localtime(existing.published_at):%d/%m/%Y}"},
                )
            }
        )
    summary = summary_for(period)
    previous = summary_for(period.previous_year())
    documents = {lang: _document(summary, previous, lang) for lang in LANGUAGES}
    lock = lock_dates(until=period.end, title=documents["vi"]["subtitle"], user=user)
    publication = Publication(
        period_key=period.key,
        start=period.start,
        end=period.end,
        summary_json=summary_json(summary),
        narrative_vi=documents["vi"]["text"],
        narrative_en=documents["en"]["text"],
        document_vi=documents["vi"],
        document_en=documents["en"],
        published_at=lock.locked_at,
        published_by=user,
        lock=lock,
    )
    publication.full_clean()
    publication.save()
    return publication


def publication_docx(publication: Publication, lang: str) -> bytes:
    """The published report as a .docx, from the snapshot alone."""
    document = publication.document_en if lang == "en" else publication.document_vi
    with translation.override(lang):
        return report_docx(
            title=document["title"],
            subtitle=document["subtitle"],
            text=document["text"],
            tables=_tables_from(document),
            lang=lang,
        )


@dataclass(frozen=True, slots=True)
class Difference:
    key: str  # "fdi.new_capital", "budget.units.hp-ports.remitted"
    published: str
    live: str


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list):
        out = {}
        for index, item in enumerate(value):
            name = item.get("code", index) if isinstance(item, dict) else index
            out.update(_flatten(item, f"{prefix}.{name}"))
        return out
    return {prefix: value}


def figure_differences(published_json: str, live: PeriodSummary) -> list[Difference]:
    """Every figure of the summary JSON whose live value is not the published one."""
    before = _flatten(json.loads(published_json))
    after = _flatten(json.loads(summary_json(live)))
    missing = gettext("(none)")
    return [
        Difference(
            key,
            missing if before.get(key) is None else str(before.get(key)),
            missing if after.get(key) is None else str(after.get(key)),
        )
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    ]
