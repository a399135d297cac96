"""The whole dataset as one workbook, streamed row by row (see ``exchange.sheets``).

xlsxwriter in ``constant_memory`` mode flushes every row as soon as the next one starts, and
the rows come from ``values_list(...).iterator()``, so memory stays flat however large the
register grows. Every text is written as a string cell (never a live formula), dates as real
dates and money as numbers, except the few amounts a double cannot hold exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import xlsxwriter
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
from investments.models import AnnualTarget, CapitalAdjustment, Project, ShareAcquisition
from operations.models import OperationsReport

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
YEAR_FORMAT = "0"
CHUNK_SIZE = 2000


class ExportError(Exception):
    """The dataset could not be written (a text too long for a cell, for instance)."""


def fits_number_cell(amount: Decimal) -> bool:
    """True when ``amount`` written as an xlsx number reads back as exactly the same value.

    xlsxwriter writes a double with 16 significant digits; openpyxl reads it back as a float
    whose shortest repr the importer turns into a Decimal. Up to 15 significant digits that
    always round-trips; checking the actual path also covers the edge cases beyond.
    """
    as_float = float(amount)
    written = float(f"{as_float:.16G}")
    return Decimal(repr(written)) == amount


def _rows(sheet: Sheet) -> Iterator[tuple[Any, ...]]:
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
    return querysets[sheet.name].iterator(chunk_size=CHUNK_SIZE)


class _SheetWriter:
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


def write_dataset(target: str | Path | BinaryIO) -> dict[str, int]:
    """Write every sheet to ``target`` (a path or a binary file); return rows per sheet."""
    workbook = xlsxwriter.Workbook(
        str(target) if isinstance(target, Path) else target,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    counts: dict[str, int] = {}
    try:
        for sheet in SHEETS:
            writer = _SheetWriter(workbook, sheet)
            writer.write_headers()
            counts[sheet.name] = writer.write_rows(_rows(sheet))
    finally:
        workbook.close()
    return counts
