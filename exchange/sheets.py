"""The layout of the whole-dataset workbook, shared by the exporter and the importer.

One sheet per model, the SPEC data-contract field names as the header row and the Vietnamese
labels as a second header row. The labels (Vietnamese and English) are part of the file
format, not of the interface: they are fixed here rather than translated so that a file
written under one catalogue is still read under another. The importer accepts a field name,
a Vietnamese label or an English label as the header of a column, and the sheet's Vietnamese
or English title as its name.

Money is written as a number with two decimals whenever Excel's double can hold it exactly
(up to 15 significant digits); a larger amount, such as 999,999,999,999,999.99 VND, is written
as text ("999999999999999.99", a dot before the decimals) so that it survives unchanged. The
importer reads both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum


class ColumnType(Enum):
    TEXT = "text"
    CODE = "code"  # a short identifier: stripped, never a number in disguise
    UPPER_CODE = "upper_code"  # kind (FDI/DI), country (ISO alpha-2): case-insensitive
    DATE = "date"
    MONEY = "money"
    YEAR = "year"
    INTEGER = "integer"  # a count (workers) or a small number (quarter)


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    label_vi: str
    label_en: str
    type: ColumnType
    required: bool = True
    width: int = 14


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    title_vi: str
    title_en: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def aliases(self) -> dict[str, str]:
        """Normalised header text -> column name, for every accepted spelling."""
        result: dict[str, str] = {}
        for column in self.columns:
            for text in (column.name, column.label_vi, column.label_en):
                result[normalise(text)] = column.name
        return result


T, C, U, D, M, Y = (
    ColumnType.TEXT,
    ColumnType.CODE,
    ColumnType.UPPER_CODE,
    ColumnType.DATE,
    ColumnType.MONEY,
    ColumnType.YEAR,
)
N = ColumnType.INTEGER

PROJECTS = Sheet(
    "projects",
    "Dự án",
    "Projects",
    (
        Column("kind", "Loại dự án (FDI/DI)", "Kind (FDI/DI)", U, width=10),
        Column("code", "Mã dự án", "Project code", C, width=16),
        Column("name", "Tên dự án", "Project name", T, width=40),
        Column("investor_name", "Nhà đầu tư", "Investor", T, width=32),
        Column("country", "Quốc gia", "Country", U, required=False, width=9),
        Column("zone", "Mã KCN/KKT", "Zone code", C, width=18),
        Column("sector", "Mã ngành (VSIC)", "Sector code (VSIC)", C, required=False, width=9),
        Column("registered_on", "Ngày đăng ký", "Registration date", D, width=12),
        Column("registered_capital", "Vốn đăng ký", "Registered capital", M, width=20),
        Column("terminated_on", "Ngày chấm dứt hoạt động", "Termination date", D, False, width=12),
        Column("termination_reason", "Lý do chấm dứt", "Termination reason", T, False, width=24),
        Column("note", "Ghi chú", "Note", T, required=False, width=24),
        Column("land_area_ha", "Diện tích đất thuê (ha)", "Leased land (ha)", M, False, width=12),
    ),
)

ADJUSTMENTS = Sheet(
    "adjustments",
    "Điều chỉnh vốn",
    "Capital adjustments",
    (
        Column("project", "Mã dự án", "Project code", C, width=16),
        Column("adjusted_on", "Ngày điều chỉnh", "Adjustment date", D, width=12),
        Column(
            "amount",
            "Vốn điều chỉnh (tăng +, giảm -)",
            "Amount (+ increase, - reduction)",
            M,
            width=20,
        ),
        Column("reference", "Số văn bản", "Reference", T, required=False, width=16),
        Column("note", "Ghi chú", "Note", T, required=False, width=24),
    ),
)

REMITTANCES = Sheet(
    "remittances",
    "Nộp ngân sách",
    "Budget remittances",
    (
        Column("unit", "Mã đơn vị", "Unit code", C, width=10),
        Column("paid_on", "Ngày nộp", "Payment date", D, width=12),
        Column("amount", "Số tiền nộp (VND)", "Amount (VND)", M, width=20),
        Column("reference", "Số chứng từ", "Reference", T, required=False, width=16),
        Column("note", "Ghi chú", "Note", T, required=False, width=24),
    ),
)

PLANS = Sheet(
    "plans",
    "Kế hoạch ngân sách",
    "Budget plans",
    (
        Column("unit", "Mã đơn vị", "Unit code", C, width=10),
        Column("year", "Năm", "Year", Y, width=8),
        Column("amount", "Kế hoạch (VND)", "Plan (VND)", M, width=20),
    ),
)

TARGETS = Sheet(
    "targets",
    "Chỉ tiêu thu hút vốn",
    "Annual targets",
    (
        Column("year", "Năm", "Year", Y, width=8),
        Column("kind", "Loại (FDI/DI)", "Kind (FDI/DI)", U, width=10),
        Column("amount", "Chỉ tiêu (USD/VND)", "Target (USD/VND)", M, width=20),
        Column(
            "amount_high",
            "Chỉ tiêu – mức cao (nếu giao theo khoảng)",
            "Target – high bound (for a range)",
            M,
            required=False,
            width=20,
        ),
    ),
)

SHARE_ACQUISITIONS = Sheet(
    "share_acquisitions",
    "Góp vốn, mua cổ phần",
    "Share acquisitions",
    (
        Column("code", "Số thông báo", "Notice number", C, width=16),
        Column("enterprise_name", "Doanh nghiệp nhận vốn góp", "Receiving enterprise", T, width=36),
        Column("investor_name", "Nhà đầu tư nước ngoài", "Foreign investor", T, width=32),
        Column("country", "Quốc gia", "Country", U, width=9),
        Column("zone", "Mã KCN/KKT", "Zone code", C, width=18),
        Column("sector", "Mã ngành (VSIC)", "Sector code (VSIC)", C, required=False, width=9),
        Column("registered_on", "Ngày đăng ký", "Registration date", D, width=12),
        Column("amount", "Giá trị (USD)", "Value (USD)", M, width=20),
        Column("project", "Mã dự án", "Project code", C, required=False, width=16),
        Column("note", "Ghi chú", "Note", T, required=False, width=24),
    ),
)

#: The enterprises' quarterly reports, keyed by (project code, year, quarter).
OPERATIONS = Sheet(
    "operations",
    "Hoạt động doanh nghiệp",
    "Enterprise operations",
    (
        Column("project", "Mã dự án", "Project code", C, width=16),
        Column("year", "Năm", "Year", Y, width=8),
        Column("quarter", "Quý (1-4)", "Quarter (1-4)", N, width=8),
        Column(
            "realised_capital",
            "Vốn thực hiện (USD/VND)",
            "Realised capital (USD/VND)",
            M,
            width=20,
        ),
        Column("revenue", "Doanh thu (USD/VND)", "Revenue (USD/VND)", M, width=20),
        Column("exports", "Xuất khẩu (USD)", "Exports (USD)", M, width=18),
        Column("imports", "Nhập khẩu (USD)", "Imports (USD)", M, width=18),
        Column("budget_paid", "Nộp ngân sách (VND)", "Paid to the budget (VND)", M, width=20),
        Column("workers", "Số lao động", "Workers", N, width=10),
        Column(
            "average_income",
            "Thu nhập bình quân (VND/người/tháng)",
            "Average income (VND per worker per month)",
            M,
            required=False,
            width=18,
        ),
        Column("reported_on", "Ngày nhận báo cáo", "Date received", D, False, width=12),
        Column("note", "Ghi chú", "Note", T, required=False, width=24),
    ),
)

#: In import order: projects before the adjustments, share acquisitions and reports that
#: name them.
SHEETS: tuple[Sheet, ...] = (
    PROJECTS,
    ADJUSTMENTS,
    REMITTANCES,
    PLANS,
    TARGETS,
    SHARE_ACQUISITIONS,
    OPERATIONS,
)


def normalise(text: str) -> str:
    """Compare headers and sheet titles regardless of case, spacing and Unicode form."""
    text = unicodedata.normalize("NFC", str(text)).casefold().strip()
    return re.sub(r"\s+", " ", text)


def sheet_for_title(title: str) -> Sheet | None:
    wanted = normalise(title)
    for sheet in SHEETS:
        if wanted in {normalise(sheet.name), normalise(sheet.title_vi), normalise(sheet.title_en)}:
            return sheet
    return None
