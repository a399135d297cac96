"""The period report as an A4 PDF for leaders to read on a phone or print.

Why ReportLab (rather than WeasyPrint or a headless Chromium): its wheels are pure Python
plus a small C accelerator, so nothing like Pango, Cairo or a browser has to be installed on
the intranet server; it lays out A4 pages precisely (running header and footer, "Trang 1/3");
and ``reportlab.graphics`` draws the charts natively as vectors from the same figure data the
dashboard's plotly charts use, so nothing is rasterised and the PDF stays small and sharp
when zoomed on a phone.

Vietnamese needs a font with its stacked diacritics: DejaVu Sans (regular and bold) ships in
``static/fonts/`` with its licence and is registered from there, never from the system.

Everything here is pure: the figures come in as ``ReportTable`` rows, narrative paragraphs
and ``PdfChart`` data, the text in the active language (the caller activates it).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from hpkkt.numbers import format_number
from reports.tables import ReportTable

__all__ = ["PDF_TYPE", "PdfChart", "PdfSeries", "report_pdf"]

PDF_TYPE = "application/pdf"

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9e9e9e")
GRID = colors.HexColor("#e3e3e3")
HEADER_FILL = colors.HexColor("#e8eef6")
STRIPE_FILL = colors.HexColor("#f6f8fb")


@cache
def register_fonts() -> None:
    """DejaVu Sans from the project's own static files (no system font at run time)."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )


# -- chart data ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PdfSeries:
    """One series of a chart, values already in the chart's display unit (None = no value)."""

    name: str
    values: tuple[Decimal | None, ...]
    colour: str
    #: "bar" (stacked or grouped with the other bars) or "line" (drawn over the bars).
    style: str = "bar"


@dataclass(frozen=True, slots=True)
class PdfChart:
    """What one dashboard chart shows, as plain numbers the PDF draws itself."""

    title: str
    categories: tuple[str, ...]
    series: tuple[PdfSeries, ...]
    stacked: bool = True
    horizontal: bool = False
    note: str = ""
    #: Bars and points the chart has no value for yet (months after the period) stay empty.
    empty_text: str = field(default="")

    @property
    def is_empty(self) -> bool:
        return not any(v for s in self.series for v in s.values if v is not None)


# -- styles -------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=14, textColor=INK)
    return {
        "authority": ParagraphStyle(
            "authority", parent=base, fontSize=9, leading=12, alignment=TA_CENTER
        ),
        "authority_bold": ParagraphStyle(
            "authority_bold",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=9,
            leading=12,
            alignment=TA_CENTER,
        ),
        "place": ParagraphStyle(
            "place", parent=base, fontSize=9, leading=12, alignment=TA_RIGHT, textColor=MUTED
        ),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=14,
            leading=19,
            alignment=TA_CENTER,
            spaceBefore=6,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=11, leading=15, alignment=TA_CENTER, spaceAfter=4
        ),
        "as_of": ParagraphStyle(
            "as_of",
            parent=base,
            fontSize=9,
            leading=12,
            alignment=TA_CENTER,
            textColor=MUTED,
            spaceAfter=10,
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=5,
        ),
        "body": ParagraphStyle(
            "body",
            parent=base,
            fontSize=10.5,
            leading=15.5,
            alignment=TA_JUSTIFY,
            firstLineIndent=8 * mm,
            spaceAfter=6,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=base, fontName=FONT_BOLD, fontSize=8.5, leading=11
        ),
        "cell_num": ParagraphStyle(
            "cell_num", parent=base, fontSize=8.5, leading=11, alignment=TA_RIGHT
        ),
        "cell_num_bold": ParagraphStyle(
            "cell_num_bold",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=8.5,
            leading=11,
            alignment=TA_RIGHT,
        ),
        "head_cell": ParagraphStyle(
            "head_cell", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10.5
        ),
        "head_cell_num": ParagraphStyle(
            "head_cell_num",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=8,
            leading=10.5,
            alignment=TA_RIGHT,
        ),
        "chart_title": ParagraphStyle(
            "chart_title", parent=base, fontName=FONT_BOLD, fontSize=9.5, leading=13
        ),
        "note": ParagraphStyle("note", parent=base, fontSize=8, leading=11, textColor=MUTED),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


# -- the header of an official document ---------------------------------------------------


def _letterhead(styles: dict[str, ParagraphStyle], made_at: dt.datetime) -> list:
    left = [
        _p(_("HAI PHONG CITY PEOPLE'S COMMITTEE"), styles["authority"]),
        _p(_("HAI PHONG ECONOMIC ZONE AUTHORITY"), styles["authority_bold"]),
        # The short rules under the authority's name and the motto, as on paper.
        HRFlowable(width="30%", thickness=0.6, color=INK, spaceBefore=2, hAlign="CENTER"),
    ]
    right = [
        _p(_("SOCIALIST REPUBLIC OF VIETNAM"), styles["authority_bold"]),
        _p(_("Independence – Freedom – Happiness"), styles["authority_bold"]),
        HRFlowable(width="45%", thickness=0.6, color=INK, spaceBefore=2, hAlign="CENTER"),
    ]
    grid = Table(
        [[left, right]],
        colWidths=[FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.55],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    place = _("Hai Phong, %(day)s/%(month)s/%(year)s") % {
        "day": made_at.day,
        "month": made_at.month,
        "year": made_at.year,
    }
    return [grid, Spacer(1, 3 * mm), _p(place, styles["place"])]


# -- tables -------------------------------------------------------------------------------


def _table(table: ReportTable, styles: dict[str, ParagraphStyle], lang: str) -> Table:
    columns = len(table.headers)
    first = FRAME_WIDTH * (0.34 if columns <= 5 else 0.30)
    if columns == 5:  # indicator, unit, now, before, change
        unit_width = FRAME_WIDTH * 0.13
        rest = (FRAME_WIDTH - first - unit_width) / 3
        widths = [first, unit_width, rest, rest, rest]
    else:
        widths = [first] + [(FRAME_WIDTH - first) / (columns - 1)] * (columns - 1)
    numeric = [cell.is_number for cell in table.rows[0]] if table.rows else [False] * columns
    header = [
        _p(text, styles["head_cell_num" if numeric[i] else "head_cell"])
        for i, text in enumerate(table.headers)
    ]
    body = []
    for index, row in enumerate(table.rows):
        bold = table.has_total and index == len(table.rows) - 1
        body.append(
            [
                _p(
                    cell.display(lang),
                    styles[("cell_num" if cell.is_number else "cell") + ("_bold" if bold else "")],
                )
                for cell in row
            ]
        )
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, RULE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for r in range(2, len(body) + 1, 2):
        commands.append(("BACKGROUND", (0, r), (-1, r), STRIPE_FILL))
    if table.has_total:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, RULE))
    return Table([header, *body], colWidths=widths, repeatRows=1, style=TableStyle(commands))


# -- charts -------------------------------------------------------------------------------


def _nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` gridlines."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power


def _axis_label(value: float, step: float, lang: str) -> str:
    places = 0 if step >= 1 else (1 if step >= 0.1 else 2)
    return format_number(Decimal(str(round(value, places))), places, lang)


def _fit(text: str, width: float, size: float) -> str:
    """Shorten ``text`` with an ellipsis until it fits ``width`` points."""
    if pdfmetrics.stringWidth(text, FONT, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text + "…"


def _legend(drawing: Drawing, chart: PdfChart, y: float) -> None:
    x = 0.0
    for series in chart.series:
        colour = colors.HexColor(series.colour)
        if series.style == "line":
            drawing.add(Line(x, y + 3, x + 12, y + 3, strokeColor=colour, strokeWidth=1.6))
        else:
            drawing.add(Rect(x, y, 9, 7, fillColor=colour, strokeColor=None))
        label = series.name
        drawing.add(String(x + 15, y, label, fontName=FONT, fontSize=7.5, fillColor=INK))
        x += 15 + pdfmetrics.stringWidth(label, FONT, 7.5) + 14


def _value_range(chart: PdfChart) -> float:
    bars = [s for s in chart.series if s.style == "bar"]
    lines = [s for s in chart.series if s.style == "line"]
    top = 0.0
    for i in range(len(chart.categories)):
        values = [float(s.values[i] or 0) for s in bars]
        top = max(top, sum(v for v in values if v > 0) if chart.stacked else max(values, default=0))
        for s in lines:
            top = max(top, float(s.values[i] or 0))
    return top


def _vertical_chart(chart: PdfChart, lang: str, width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    legend_h, axis_w, label_h = 14.0, 40.0, 14.0
    plot_x, plot_y = axis_w, legend_h + label_h
    plot_w, plot_h = width - axis_w - 4, height - plot_y - 6
    step = _nice_step(_value_range(chart))
    top = step * max(1, math.ceil(_value_range(chart) / step))
    scale = plot_h / top
    value = 0.0
    while value <= top + step / 2:
        y = plot_y + value * scale
        drawing.add(Line(plot_x, y, plot_x + plot_w, y, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(
            String(
                plot_x - 4,
                y - 2.5,
                _axis_label(value, step, lang),
                fontName=FONT,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
        value += step
    drawing.add(Line(plot_x, plot_y, plot_x + plot_w, plot_y, strokeColor=RULE, strokeWidth=0.8))
    count = len(chart.categories)
    slot = plot_w / max(count, 1)
    bars = [s for s in chart.series if s.style == "bar"]
    groups = 1 if chart.stacked else max(len(bars), 1)
    bar_w = slot * 0.62 / groups
    for i, category in enumerate(chart.categories):
        left = plot_x + i * slot + (slot - bar_w * groups) / 2
        base = 0.0
        for g, series in enumerate(bars):
            amount = float(series.values[i] or 0)
            if amount <= 0:
                continue
            x = left if chart.stacked else left + g * bar_w
            y0 = plot_y + (base if chart.stacked else 0) * scale
            drawing.add(
                Rect(
                    x,
                    y0,
                    bar_w,
                    amount * scale,
                    fillColor=colors.HexColor(series.colour),
                    strokeColor=colors.white,
                    strokeWidth=0.3,
                )
            )
            if chart.stacked:
                base += amount
        drawing.add(
            String(
                plot_x + (i + 0.5) * slot,
                plot_y - 10,
                _fit(category, slot - 2, 7),
                fontName=FONT,
                fontSize=7,
                fillColor=INK,
                textAnchor="middle",
            )
        )
    for series in chart.series:
        if series.style != "line":
            continue
        colour = colors.HexColor(series.colour)
        points = [
            (plot_x + (i + 0.5) * slot, plot_y + float(v) * scale)
            for i, v in enumerate(series.values)
            if v is not None
        ]
        if len(points) > 1:
            flat = [c for point in points for c in point]
            drawing.add(PolyLine(flat, strokeColor=colour, strokeWidth=1.4, strokeDashArray=[3, 2]))
        for x, y in points:
            drawing.add(Rect(x - 1.6, y - 1.6, 3.2, 3.2, fillColor=colour, strokeColor=None))
    _legend(drawing, chart, 0)
    return drawing


def _horizontal_chart(chart: PdfChart, lang: str, width: float) -> Drawing:
    count = len(chart.categories)
    row_h, legend_h, axis_h = 13.0, 14.0, 12.0
    height = legend_h + axis_h + row_h * count + 4
    drawing = Drawing(width, height)
    label_w = width * 0.34
    plot_x, plot_y = label_w + 4, legend_h + axis_h
    plot_w = width - plot_x - 8
    step = _nice_step(_value_range(chart))
    top = step * max(1, math.ceil(_value_range(chart) / step))
    scale = plot_w / top
    value = 0.0
    plot_top = plot_y + row_h * count
    while value <= top + step / 2:
        x = plot_x + value * scale
        drawing.add(Line(x, plot_y, x, plot_top, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(
            String(
                x,
                plot_y - 9,
                _axis_label(value, step, lang),
                fontName=FONT,
                fontSize=7,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
        value += step
    bars = [s for s in chart.series if s.style == "bar"]
    for i, category in enumerate(chart.categories):
        # The first category (the largest) on top.
        y = plot_top - (i + 1) * row_h
        drawing.add(
            String(
                label_w,
                y + row_h / 2 - 2.5,
                _fit(category, label_w - 2, 7.5),
                fontName=FONT,
                fontSize=7.5,
                fillColor=INK,
                textAnchor="end",
            )
        )
        base = 0.0
        for series in bars:
            amount = float(series.values[i] or 0)
            if amount <= 0:
                continue
            drawing.add(
                Rect(
                    plot_x + base * scale,
                    y + row_h * 0.18,
                    amount * scale,
                    row_h * 0.64,
                    fillColor=colors.HexColor(series.colour),
                    strokeColor=colors.white,
                    strokeWidth=0.3,
                )
            )
            base += amount
    drawing.add(Line(plot_x, plot_y, plot_x, plot_top, strokeColor=RULE, strokeWidth=0.8))
    _legend(drawing, chart, 0)
    return drawing


def _chart(chart: PdfChart, styles: dict[str, ParagraphStyle], lang: str) -> KeepTogether:
    parts: list = [_p(chart.title, styles["chart_title"]), Spacer(1, 2 * mm)]
    if chart.is_empty:
        parts.append(_p(chart.empty_text or _("No data for this period"), styles["note"]))
    elif chart.horizontal:
        parts.append(_horizontal_chart(chart, lang, FRAME_WIDTH))
    else:
        parts.append(_vertical_chart(chart, lang, FRAME_WIDTH, 54 * mm))
    if chart.note:
        parts += [Spacer(1, 1.5 * mm), _p(chart.note, styles["note"])]
    parts.append(Spacer(1, 4 * mm))
    return KeepTogether(parts)


# -- pages --------------------------------------------------------------------------------


def _numbered_canvas(footer_left: str):
    """A canvas that knows the page count when it draws each footer ("Trang 1/3")."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, 13 * mm, PAGE_WIDTH - MARGIN, 13 * mm)
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.drawString(MARGIN, 9 * mm, footer_left)
            page = _("Page %(page)s/%(pages)s") % {"page": self._pageNumber, "pages": total}
            self.drawRightString(PAGE_WIDTH - MARGIN, 9 * mm, page)
            self.restoreState()

    return NumberedCanvas


def report_pdf(
    *,
    title: str,
    subtitle: str,
    paragraphs: Sequence[str],
    tables: Sequence[ReportTable],
    charts: Sequence[PdfChart],
    data_as_of: dt.date,
    made_at: dt.datetime,
    lang: str,
) -> bytes:
    """The report: letterhead, title and period, narrative, indicator tables, then charts.

    ``made_at`` is a local (Asia/Ho_Chi_Minh) time; ``data_as_of`` the last day the figures
    cover ("Số liệu đến ngày …").
    """
    register_fonts()
    styles = _styles()
    as_of = _("Figures as of %(day)s") % {"day": f"{data_as_of:%d/%m/%Y}"}
    made = _("made at %(time)s") % {"time": f"{made_at:%H:%M %d/%m/%Y}"}
    story: list = [
        *_letterhead(styles, made_at),
        _p(title.upper() if lang.startswith("vi") else title, styles["title"]),
        _p(subtitle, styles["subtitle"]),
        _p(f"{as_of} · {made}", styles["as_of"]),
    ]
    if paragraphs:
        story.append(_p(_("Summary"), styles["heading"]))
        story += [_p(text, styles["body"]) for text in paragraphs]
    for table in tables:
        # A table of a dozen rows is kept on one page with its title.
        story.append(
            KeepTogether([_p(table.title, styles["heading"]), _table(table, styles, lang)])
        )
    if charts:
        story += [CondPageBreak(80 * mm), _p(_("Charts"), styles["heading"])]
        story += [_chart(chart, styles, lang) for chart in charts]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=15 * mm,
        bottomMargin=20 * mm,
        title=f"{title} – {subtitle}",
        author=_("HAI PHONG ECONOMIC ZONE AUTHORITY"),
        lang=lang,
    )
    footer = f"{_('HAI PHONG ECONOMIC ZONE AUTHORITY')} · {as_of} · {made}"
    document.build(story, canvasmaker=_numbered_canvas(footer))
    return buffer.getvalue()
