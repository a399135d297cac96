"""The period report as files staff paste into their official reports: Word and Excel.

Both are written from the same ``report_tables`` as the page. The workbook holds real
numbers with number formats (never text), so figures can be summed and charted in Excel.
"""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from reports.tables import ReportTable

__all__ = ["DOCX_TYPE", "XLSX_TYPE", "report_docx", "report_xlsx"]

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Excel number formats by cell kind; Excel shows them with the reader's own separators.
NUMBER_FORMATS = {"count": "#,##0", "amount": "#,##0.0", "pct": "0.0"}


def report_docx(
    *, title: str, subtitle: str, text: str, tables: list[ReportTable], lang: str
) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    heading = document.add_heading(title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    period = document.add_paragraph(subtitle)
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # One Word paragraph per paragraph of the narrative (separated by a blank line).
    for block in text.split("\n\n"):
        paragraph = document.add_paragraph(block)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Pt(28)
    for table in tables:
        document.add_heading(table.title, level=2)
        grid = document.add_table(rows=1, cols=len(table.headers))
        grid.style = "Table Grid"
        for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
            cell.text = header
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for index, row in enumerate(table.rows):
            bold = table.has_total and index == len(table.rows) - 1
            cells = grid.add_row().cells
            for target, value in zip(cells, row, strict=True):
                target.text = value.display(lang)
                paragraph = target.paragraphs[0]
                if value.is_number:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for run in paragraph.runs:
                    run.bold = bold
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _sheet_name(table: ReportTable) -> str:
    names = {"fdi": "FDI", "di": "DI", "budget": _("Budget"), "operations": _("Enterprises")}
    return names[table.key][:31]


def report_xlsx(*, title: str, tables: list[ReportTable]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"title": title})
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    formats = {
        (kind, bold): workbook.add_format({"num_format": fmt, "bold": bold})
        for kind, fmt in NUMBER_FORMATS.items()
        for bold in (False, True)
    }
    text = {bold: workbook.add_format({"bold": bold}) for bold in (False, True)}
    for table in tables:
        sheet = workbook.add_worksheet(_sheet_name(table))
        sheet.write_row(0, 0, table.headers, header)
        sheet.freeze_panes(1, 0)
        for r, row in enumerate(table.rows, start=1):
            bold = table.has_total and r == len(table.rows)
            for c, cell in enumerate(row):
                if cell.value is None:
                    sheet.write_blank(r, c, None, formats[("amount", bold)])
                elif cell.is_number:
                    # Excel holds doubles; the Decimal is exact until this one conversion.
                    sheet.write_number(r, c, float(Decimal(cell.value)), formats[(cell.kind, bold)])
                else:
                    sheet.write_string(r, c, str(cell.value), text[bold])
        sheet.set_column(0, 0, 42)
        sheet.set_column(1, len(table.headers) - 1, 18)
        sheet.set_row(0, 45)
    workbook.close()
    return buffer.getvalue()
