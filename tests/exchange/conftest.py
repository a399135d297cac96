"""Workbooks built cell by cell for the importer tests."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

PROJECT_HEADER = [
    "kind",
    "code",
    "name",
    "investor_name",
    "country",
    "zone",
    "sector",
    "registered_on",
    "registered_capital",
    "terminated_on",
]
ADJUSTMENT_HEADER = ["project", "adjusted_on", "amount", "reference", "note"]
REMITTANCE_HEADER = ["unit", "paid_on", "amount", "reference", "note"]
PLAN_HEADER = ["unit", "year", "amount"]
TARGET_HEADER = ["year", "kind", "amount"]


def good_sheets() -> dict[str, list[list[Any]]]:
    """A small valid dataset in the ways people write it: real dates and text dates,
    numbers and Vietnamese-formatted text amounts, an adjustment of a project created above."""
    return {
        "projects": [
            PROJECT_HEADER,
            [
                "FDI",
                "P-001",
                "Nhà máy A",
                "A Co., Ltd.",
                "JP",
                "dinh-vu",
                "C",
                dt.date(2020, 1, 15),
                1500000,
                None,
            ],
            [
                "DI",
                "P-002",
                "Kho vận B",
                "Công ty CP B",
                "",
                "trang-due",
                "",
                "20/02/2020",
                "1.500.000.000",
                None,
            ],
        ],
        "adjustments": [
            ADJUSTMENT_HEADER,
            ["P-001", dt.date(2020, 3, 1), 250000.5, "QĐ-1", ""],
            ["P-001", "2020-04-01", "-100.000", "", "giảm vốn"],
        ],
        "remittances": [
            REMITTANCE_HEADER,
            ["bql", dt.date(2020, 1, 31), 12500000, "CT-1", ""],
        ],
        "plans": [PLAN_HEADER, ["bql", 2020, 910500000]],
        "targets": [TARGET_HEADER, [2020, "FDI", 1500000000]],
    }


def write_workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write ``sheets`` with openpyxl; a string starting with "=" becomes a formula."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def make_workbook(tmp_path) -> Callable[..., Path]:
    counter = iter(range(1000))

    def make(sheets: dict[str, list[list[Any]]] | None = None) -> Path:
        return write_workbook(tmp_path / f"book-{next(counter)}.xlsx", sheets or good_sheets())

    return make
