"""The whole dataset as one workbook, streamed row by row (see ``exchange.sheets``).

The rows come from a server-side cursor (``values_list`` querysets, executed without Django's
per-value conversion) and go straight into SpreadsheetML (``hpkkt.xlsx_stream``), which
flushes them into the zip as it goes, so memory stays flat however large the register grows
and the 1.3 million rows of a national register are written well inside a request's time.
Every text is written as a string cell (never a live formula), dates as real dates and money
as numbers, except the few amounts a double cannot hold exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import xlsxwriter
from django.db import models
from django.db.models.sql.constants import MULTI
from xlsxwriter.worksheet import Worksheet

from budget.models import BudgetPlan, Remittance
from exchange.sheets import (
    ADJUSTMENTS,
    OPERATIONS,
    PLANS,
    PROJECTS,
    REMITTANCES,
    SHARE_ACQUISITIONS,
    SHEETS,
    TARGETS,
    ColumnType,
    Sheet,
)
from hpkkt.fields import MoneyField
from hpkkt.xlsx_stream import Cell, Style, TextTooLong, WorkbookStream, fits_number_cell
from investments.models import AnnualTarget, CapitalAdjustment, Project, ShareAcquisition
from operations.models import OperationsReport

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
YEAR_FORMAT = "0"
CHUNK_SIZE = 2000


class ExportError(Exception):
    """The dataset could not be written (a text too long for a cell, for instance)."""


def _queryset(sheet: Sheet) -> models.QuerySet:
    """What the sheet holds, in its columns' order, as a ``values_list`` queryset."""
    querysets = {
        PROJECTS.name: Project.objects.order_by("registered_on", "code").values_list(
            "kind",
            "code",
            "name",
            "investor_name",
            "country",
            "zone__code",
            "sector__code",
            "registered_on",
            "registered_capital",
            "terminated_on",
            "termination_reason",
            "note",
            "land_area_ha",
        ),
        ADJUSTMENTS.name: CapitalAdjustment.objects.order_by(
            "project__code", "adjusted_on", "id"
        ).values_list("project__code", "adjusted_on", "amount", "reference", "note"),
        REMITTANCES.name: Remittance.objects.order_by("unit__code", "paid_on", "id").values_list(
            "unit__code", "paid_on", "amount", "reference", "note"
        ),
        PLANS.name: BudgetPlan.objects.order_by("unit__code", "year").values_list(
            "unit__code", "year", "amount"
        ),
        TARGETS.name: AnnualTarget.objects.order_by("year", "kind").values_list(
            "year", "kind", "amount", "amount_high"
        ),
        SHARE_ACQUISITIONS.name: ShareAcquisition.objects.order_by(
            "registered_on", "code"
        ).values_list(
            "code",
            "enterprise_name",
            "investor_name",
            "country",
            "zone__code",
            "sector__code",
            "registered_on",
            "amount",
            "project__code",
            "note",
        ),
        OPERATIONS.name: OperationsReport.objects.order_by(
            "project__code", "year", "quarter"
        ).values_list("project__code", *(column.name for column in OPERATIONS.columns[1:])),
    }
    return querysets[sheet.name]


class _SheetWriter:
    """One sheet through xlsxwriter (kept for callers writing a single sheet, e.g. the
    benchmark's upload workbook); the whole dataset goes through ``write_dataset``."""

    def __init__(self, workbook: xlsxwriter.Workbook, sheet: Sheet) -> None:
        self.sheet = sheet
        self.worksheet: Worksheet = workbook.add_worksheet(sheet.name)
        self.header = workbook.add_format({"bold": True, "bottom": 1})
        self.label = workbook.add_format({"italic": True, "font_color": "#555555", "bottom": 1})
        self.money = workbook.add_format({"num_format": MONEY_FORMAT})
        self.money_text = workbook.add_format({"align": "right"})
        self.date = workbook.add_format({"num_format": DATE_FORMAT})
        self.year = workbook.add_format({"num_format": YEAR_FORMAT})

    def write_headers(self) -> None:
        ws = self.worksheet
        # constant_memory flushes a row once the next one starts: write row by row.
        for index, column in enumerate(self.sheet.columns):
            ws.set_column(index, index, column.width)
            ws.write_string(0, index, column.name, self.header)
        for index, column in enumerate(self.sheet.columns):
            ws.write_string(1, index, column.label_vi, self.label)
        ws.freeze_panes(2, 0)

    def write_rows(self, rows: Iterable[tuple[Any, ...]]) -> int:
        types = [column.type for column in self.sheet.columns]
        row_index = 1
        for row_index, values in enumerate(rows, start=2):
            for col_index, (kind, value) in enumerate(zip(types, values, strict=True)):
                self._write(row_index, col_index, kind, value)
        return row_index - 1

    def _write(self, row: int, col: int, kind: ColumnType, value: Any) -> None:
        ws = self.worksheet
        if value is None or value == "":
            return
        if kind is ColumnType.MONEY:
            if fits_number_cell(value):
                ws.write_number(row, col, float(value), self.money)
            else:
                ws.write_string(row, col, str(value), self.money_text)
        elif kind is ColumnType.DATE:
            ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), self.date)
        elif kind in (ColumnType.YEAR, ColumnType.INTEGER):
            ws.write_number(row, col, int(value), self.year)
        elif ws.write_string(row, col, str(value)) == -2:
            raise ExportError(
                f"{self.sheet.name}, row {row + 1}: a text longer than 32,767 characters "
                "does not fit in an Excel cell."
            )


# --- the whole dataset: raw database values straight into SpreadsheetML ----------------------


def _field(model: type[models.Model], path: str) -> models.Field:
    field = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    assert field is not None
    return field


def _kinds(sheet: Sheet, queryset: models.QuerySet) -> list[Cell]:
    kinds: list[Cell] = []
    names = queryset.query.values_select
    for column, name in zip(sheet.columns, names, strict=True):
        if column.type is ColumnType.MONEY:
            field = _field(queryset.model, name)
            kinds.append(Cell.MINOR_UNITS if isinstance(field, MoneyField) else Cell.DECIMAL)
        elif column.type is ColumnType.DATE:
            kinds.append(Cell.DATE)
        elif column.type in (ColumnType.YEAR, ColumnType.INTEGER):
            kinds.append(Cell.INTEGER)
        else:
            kinds.append(Cell.TEXT)
    return kinds


def _raw_chunks(queryset: models.QuerySet) -> Iterator[Sequence[Sequence[Any]]]:
    """The rows of ``queryset`` in chunks, as the database driver returns them, through the
    same server-side cursor (PostgreSQL) or chunked reads (SQLite) as ``.iterator()``, but
    without Django's per-value conversion (a Decimal per amount: most of the time once)."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    return compiler.execute_sql(MULTI, chunked_fetch=True, chunk_size=CHUNK_SIZE) or iter(())


def write_dataset(target: str | Path | BinaryIO) -> dict[str, int]:
    """Write every sheet to ``target`` (a path or a binary file); return rows per sheet."""
    workbook = WorkbookStream(target)
    counts: dict[str, int] = {}
    try:
        for sheet in SHEETS:
            queryset = _queryset(sheet)
            headers = [
                [(column.name, Style.HEADER) for column in sheet.columns],
                [(column.label_vi, Style.LABEL) for column in sheet.columns],
            ]
            try:
                counts[sheet.name] = workbook.add_sheet(
                    sheet.name,
                    headers=headers,
                    widths=[column.width for column in sheet.columns],
                    kinds=_kinds(sheet, queryset),
                    chunks=_raw_chunks(queryset),
                )
            except TextTooLong as exc:
                raise ExportError(
                    f"{exc.sheet}, row {exc.row}: a text longer than 32,767 characters "
                    "does not fit in an Excel cell."
                ) from exc
    finally:
        workbook.close()
    return counts
