"""A minimal, fast .xlsx writer for the whole-dataset download (``exchange.exporter``) and
every list's Excel export (``hpkkt.exports``).

xlsxwriter in ``constant_memory`` mode already keeps memory flat, but every cell goes through
its argument conversion, dimension checks and format lookups: at 210,000 projects (about 1.3
million rows, 10 million cells) that alone took most of a minute, past gunicorn's 30-second
timeout. The dataset is a plain table per sheet, with a handful of fixed cell styles, so this
module writes the SpreadsheetML parts itself: each row is one string built from the raw
database values, streamed into the zip member as it is made (``zipfile`` with deflate level
1). Memory stays flat, like ``constant_memory``.

What a reader sees is what xlsxwriter wrote before: a bold header row and an italic label row,
frozen; text as inline string cells (never a formula), control characters escaped as
``_xHHHH_`` the way Excel does; dates as real dates (``dd/mm/yyyy``); money as numbers
(``#,##0.00``) unless a double cannot hold the amount exactly, then as right-aligned text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import queue
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, BinaryIO

__all__ = [
    "Cell",
    "Style",
    "TextTooLong",
    "WorkbookStream",
    "column_letter",
    "escape_text",
    "fits_number_cell",
]

MAX_TEXT = 32_767
#: Whole hundredths below this have at most 15 significant digits: a double holds them.
_EXACT_MINOR_UNITS = 10**15
_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()

_ESCAPE_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f\ufffe\uffff])")
#: What a text needs beyond the plain ``<t>text</t>``: escaping, or keeping its outer spaces.
_NEEDS_WORK = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x|^\s|\s$")


class Style:
    """Indexes into ``cellXfs`` of the styles part below."""

    DEFAULT = 0
    HEADER = 1
    LABEL = 2
    MONEY = 3
    MONEY_TEXT = 4
    DATE = 5
    YEAR = 6
    COUNT = 7  # an integer with thousands separators
    DATETIME = 8
    TABLE_HEADER = 9  # bold, shaded, wrapped: the lists' exports
    BOLD = 10  # a label, without the header's border


_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0.00"/>\
<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/>\
<numFmt numFmtId="166" formatCode="dd/mm/yyyy hh:mm"/></numFmts>\
<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><i/><sz val="11"/><color rgb="FF555555"/><name val="Calibri"/><family val="2"/></font>\
</fonts>\
<fills count="3"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/>\
</patternFill></fill></fills>\
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>\
</borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="11">\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>\
<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">\
<alignment horizontal="right"/></xf>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" \
applyAlignment="1"><alignment horizontal="left"/></xf>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" \
applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
</cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""

_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="xl/workbook.xml"/></Relationships>"""

_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="{split}" topLeftCell="A{top}" '
    'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView>'
    '</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
)
_SHEET_HEAD_UNFROZEN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    '<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"


def _absolute(ref: str) -> str:
    """A1:E9 -> $A$1:$E$9."""
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))


def _cols(widths: Sequence[int]) -> str:
    """The ``<col>`` elements of a sheet, one per width (in characters)."""
    return "".join(
        f'<col min="{i}" max="{i}" width="{width + 0.7:.2f}" customWidth="1"/>'
        for i, width in enumerate(widths, start=1)
    )


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def escape_text(text: str) -> str:
    """Text for an inline string: XML-escaped, control characters as Excel's ``_xHHHH_``."""
    if not _NEEDS_WORK.search(text):
        return text
    text = _ESCAPE_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_cell(ref: str, value: str, style: int | None = None) -> str:
    """An inline string cell, escaped, its spaces kept, in ``style`` if given."""
    text = escape_text(value)
    styled = "" if style is None else f' s="{style}"'
    return f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


class Cell(Enum):
    """What a column holds, as the database driver hands it over."""

    TEXT = "text"
    DATE = "date"  # datetime.date (ISO text on SQLite)
    INTEGER = "integer"  # a year, a quarter: no separators
    COUNT = "count"  # an integer with thousands separators
    DATETIME = "datetime"  # datetime.datetime, local and naive
    MINOR_UNITS = "minor_units"  # money stored as whole hundredths (``MoneyField``)
    DECIMAL = "decimal"  # any other exact number


class TextTooLong(Exception):
    """A text of more than 32,767 characters: no Excel cell holds it."""

    def __init__(self, sheet: str, row: int) -> None:
        super().__init__(sheet, row)
        self.sheet, self.row = sheet, row


def _serial(value: Any) -> int:
    if isinstance(value, str):  # SQLite hands dates over as ISO text
        value = dt.date.fromisoformat(value[:10])
    return value.toordinal() - _EXCEL_EPOCH


def _datetime_serial(value: dt.datetime) -> str:
    seconds = value.hour * 3600 + value.minute * 60 + value.second
    return repr(value.toordinal() - _EXCEL_EPOCH + seconds / 86400)


def fits_number_cell(amount: Decimal) -> bool:
    """True when ``amount`` written as an xlsx number reads back as exactly the same value.

    xlsxwriter writes a double with 16 significant digits; openpyxl reads it back as a float
    whose shortest repr the importer turns into a Decimal. Up to 15 significant digits that
    always round-trips; checking the actual path also covers the edge cases beyond.
    """
    as_float = float(amount)
    written = float(f"{as_float:.16G}")
    return Decimal(repr(written)) == amount


def _decimal(amount: Any, ref: str) -> str:
    if not isinstance(amount, Decimal):
        amount = Decimal(str(amount))
    if fits_number_cell(amount):
        return f'<c r="{ref}" s="{Style.MONEY}"><v>{float(amount)!r}</v></c>'
    return f'<c r="{ref}" s="{Style.MONEY_TEXT}" t="inlineStr"><is><t>{amount}</t></is></c>'


def _minor_units(value: Any, ref: str) -> str:
    return _decimal((Decimal(int(value)) / 100).quantize(Decimal("0.01")), ref)


def _row_function(sheet: str, kinds: Sequence[Cell]) -> Callable[[str, Sequence[Any]], str]:
    """A function (row number as text, values) -> the row's XML, compiled for these columns.

    One f-string per row with every column's cell inlined, instead of a function call and a
    format lookup per cell: at 10 million cells the calls were most of the time."""
    parts = []
    for index, kind in enumerate(kinds):
        x, ref = f"v[{index}]", f"{column_letter(index)}{{r}}"
        if kind is Cell.TEXT:
            fast = f"type({x}) is str and len({x}) <= {MAX_TEXT} and not _needs({x})"
            cell = f'f\'<c r="{ref}" t="inlineStr"><is><t>{{{x}}}</t></is></c>\''
            slow = f"_text({x}, f'{ref}', r)"
            parts.append(f"('' if {x} is None or {x} == '' else ({cell} if {fast} else {slow}))")
        elif kind is Cell.DATE:
            value = f"({x}.toordinal() - {_EXCEL_EPOCH} if type({x}) is _date else _serial({x}))"
            cell = f'f\'<c r="{ref}" s="{Style.DATE}"><v>{{{value}}}</v></c>\''
            parts.append(f"('' if {x} is None else {cell})")
        elif kind in (Cell.INTEGER, Cell.COUNT):
            style = Style.YEAR if kind is Cell.INTEGER else Style.COUNT
            cell = f'f\'<c r="{ref}" s="{style}"><v>{{int({x})}}</v></c>\''
            parts.append(f"('' if {x} is None else {cell})")
        elif kind is Cell.DATETIME:
            cell = f'f\'<c r="{ref}" s="{Style.DATETIME}"><v>{{_datetime_serial({x})}}</v></c>\''
            parts.append(f"('' if {x} is None else {cell})")
        elif kind is Cell.MINOR_UNITS:
            # Below 10**15 hundredths an amount has at most 15 significant digits: the
            # shortest repr of the nearest double is the amount itself.
            cell = f'f\'<c r="{ref}" s="{Style.MONEY}"><v>{{{x} / 100!r}}</v></c>\''
            exact = f"-{_EXACT_MINOR_UNITS} < {x} < {_EXACT_MINOR_UNITS}"
            slow = f"_minor_units({x}, f'{ref}')"
            parts.append(f"('' if {x} is None else ({cell} if {exact} else {slow}))")
        else:
            parts.append(f"('' if {x} is None else _decimal({x}, f'{ref}'))")
    body = " + ".join(["f'<row r=\"{r}\">'", *parts, "'</row>'"])
    source = f"def row(r, v):\n    return {body}\n"

    def text(value: Any, ref: str, row: str) -> str:
        value = value if isinstance(value, str) else str(value)
        if len(value) > MAX_TEXT:
            raise TextTooLong(sheet, int(row))
        return text_cell(ref, value)

    namespace: dict[str, Any] = {
        "_needs": _NEEDS_WORK.search,
        "_text": text,
        "_date": dt.date,
        "_serial": _serial,
        "_datetime_serial": _datetime_serial,
        "_decimal": _decimal,
        "_minor_units": _minor_units,
    }
    exec(compile(source, f"<xlsx row of {sheet}>", "exec"), namespace)  # noqa: S102
    return namespace["row"]


@dataclass
class _SheetEntry:
    name: str
    rows: int = 0
    filter_ref: str = ""  # the autofilter's range, when the sheet has one


_DONE = object()


class _in_line:  # noqa: N801 - stands in for the queue _prefetch returns
    """The chunks read in the writing thread itself, behind the same ``get()``."""

    def __init__(self, chunks: Iterable[Any]) -> None:
        self._chunks = iter(chunks)

    def get(self) -> Any:
        return next(self._chunks, _DONE)

    def close(self) -> None:
        """Close the source at once (a generator's cleanup, e.g. a cursor's, runs now)."""
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()


def _prefetch(chunks: Iterable[Any], stop: threading.Event) -> queue.Queue:
    """Read ``chunks`` in a thread of its own, a few ahead: the database driver waits on its
    socket without the GIL, so the next rows arrive while this thread writes the last ones."""
    found: queue.Queue = queue.Queue(maxsize=4)

    def run() -> None:
        try:
            for chunk in chunks:
                while not stop.is_set():
                    try:
                        found.put(chunk, timeout=0.5)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            found.put(_DONE)
        except BaseException as exc:  # handed to the writing thread, raised there
            found.put(exc)

    threading.Thread(target=run, name="xlsx-prefetch", daemon=True).start()
    return found


class _Writer:
    """Compress and write in a thread of its own: zlib works without the GIL, so the next
    rows are built while the last ones are compressed."""

    def __init__(self, member: BinaryIO) -> None:
        self._member = member
        self._pending: queue.Queue = queue.Queue(maxsize=4)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="xlsx-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (data := self._pending.get()) is not _DONE:
            if self._error is None:
                try:
                    self._member.write(data)
                except BaseException as exc:
                    self._error = exc

    def write(self, data: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._pending.put(data)

    def close(self) -> None:
        self._pending.put(_DONE)
        self._thread.join()
        if self._error is not None:
            raise self._error


class WorkbookStream:
    """Write sheets one after the other into an .xlsx at ``target`` (a path or binary file).

    ``add_sheet`` takes the rows in chunks (lists of tuples, as a cursor's ``fetchmany``
    returns them), read one thread ahead; each chunk becomes one compressed write.
    """

    def __init__(self, target: str | Path | BinaryIO) -> None:
        self._zip = zipfile.ZipFile(
            target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1, allowZip64=True
        )
        self._sheets: list[_SheetEntry] = []

    def add_sheet(
        self,
        name: str,
        *,
        headers: Sequence[Sequence[tuple[str, int]]],
        widths: Sequence[int],
        kinds: Sequence[Cell],
        chunks: Iterable[Sequence[Sequence[Any]]],
        autofilter: bool = False,
        read_ahead: bool = True,
    ) -> int:
        """Write a sheet: ``headers`` rows of (text, style), frozen above the data, then the
        rows of ``chunks``, column i holding ``kinds[i]``; with
        ``autofilter``, a filter on the last header row and the data. ``read_ahead`` reads the
        chunks in a thread of their own: only for a source that may move between threads (a
        cursor, not a Django queryset, whose connection belongs to its thread). Returns the
        number of data rows. Raises ``TextTooLong`` for a text no cell can hold."""
        entry = _SheetEntry(name)
        self._sheets.append(entry)
        letters = [column_letter(i) for i in range(len(widths))]
        cols = _cols(widths)
        split = len(headers)
        row = _row_function(name, kinds)
        path = f"xl/worksheets/sheet{len(self._sheets)}.xml"
        stop = threading.Event()
        with self._zip.open(path, "w", force_zip64=True) as member:
            head = [_SHEET_HEAD.format(split=split, top=split + 1, cols=cols)]
            for number, header in enumerate(headers, start=1):
                cells = "".join(
                    text_cell(f"{letters[i]}{number}", text, style)
                    for i, (text, style) in enumerate(header)
                )
                head.append(f'<row r="{number}">{cells}</row>')
            member.write("".join(head).encode())
            number = split
            found = _prefetch(chunks, stop) if read_ahead else _in_line(chunks)
            writer = _Writer(member)
            try:
                while (chunk := found.get()) is not _DONE:
                    if isinstance(chunk, BaseException):
                        raise chunk
                    first = number + 1
                    number += len(chunk)
                    writer.write(
                        "".join(
                            [
                                row(str(n), values)
                                for n, values in zip(range(first, number + 1), chunk, strict=True)
                            ]
                        ).encode()
                    )
            finally:
                stop.set()
                if isinstance(found, _in_line):
                    found.close()
                writer.close()
            tail = _SHEET_TAIL
            if autofilter and widths:
                entry.filter_ref = f"A{split}:{letters[-1]}{max(number, split + 1)}"
                tail = f'</sheetData><autoFilter ref="{entry.filter_ref}"/></worksheet>'
            member.write(tail.encode())
        entry.rows = number - split
        return entry.rows

    def add_small_sheet(
        self, name: str, *, widths: Sequence[int], rows: Sequence[Sequence[tuple[Any, Cell, int]]]
    ) -> None:
        """A short sheet of mixed cells, each (value, kind, style), e.g. what an export holds;
        a None value leaves the cell empty."""
        self._sheets.append(_SheetEntry(name, rows=len(rows)))
        xml = [_SHEET_HEAD_UNFROZEN.format(cols=_cols(widths))]
        for number, cells in enumerate(rows, start=1):
            parts = []
            for index, (value, kind, style) in enumerate(cells):
                ref = f"{column_letter(index)}{number}"
                if value is None:
                    continue
                if kind is Cell.TEXT:
                    parts.append(text_cell(ref, str(value), style))
                elif kind is Cell.DATETIME:
                    parts.append(f'<c r="{ref}" s="{style}"><v>{_datetime_serial(value)}</v></c>')
                else:
                    parts.append(f'<c r="{ref}" s="{style}"><v>{int(value)}</v></c>')
            xml.append(f'<row r="{number}">{"".join(parts)}</row>')
        xml.append(_SHEET_TAIL)
        self._zip.writestr(f"xl/worksheets/sheet{len(self._sheets)}.xml", "".join(xml))

    def discard(self) -> None:
        """After a failure: close the zip now (its file is thrown away), not in the garbage
        collector after the file is gone."""
        with contextlib.suppress(Exception):
            self._zip.close()

    def close(self) -> None:
        """Write the workbook, relationship, content-type and style parts, then the zip."""
        sheets = "".join(
            f'<sheet name="{escape_text(entry.name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, entry in enumerate(self._sheets, start=1)
        )
        count = len(self._sheets)
        # Excel keeps each sheet's autofilter range in a hidden defined name as well.
        filters = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"'{escape_text(entry.name.replace(chr(39), chr(39) * 2))}'"
            f"!{_absolute(entry.filter_ref)}</definedName>"
            for i, entry in enumerate(self._sheets)
            if entry.filter_ref
        )
        names = f"<definedNames>{filters}</definedNames>" if filters else ""
        self._zip.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<bookViews><workbookView/></bookViews><sheets>{sheets}</sheets>"
            f"{names}</workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, count + 1)
        )
        rels += (
            f'<Relationship Id="rId{count + 1}" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        )
        self._zip.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>",
        )
        self._zip.writestr("xl/styles.xml", _STYLES)
        self._zip.writestr("_rels/.rels", _ROOT_RELS)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, count + 1)
        )
        self._zip.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        self._zip.close()
