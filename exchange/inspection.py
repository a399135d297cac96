"""Check a workbook before openpyxl expands it: limits first, then every cell's raw form.

An .xlsx is a ZIP archive of XML parts. openpyxl trusts both: it unpacks what the archive
claims, keeps the whole shared-string table in memory and raises whatever Python raises when
a cell is not what its type says (``t="n"`` holding ``abc``). So before openpyxl sees a file:

1. the ZIP directory is read (no member is unpacked): number of parts, the size each claims
   to unpack to and their sum are checked against the limits. Python's ``zipfile`` never
   returns more than a member's declared size, so a member that lies is cut off and fails its
   CRC check rather than filling the memory;
2. the shared-string table is stream-parsed, counting entries and characters, and refused
   as soon as a limit is passed, so it is never held whole;
3. every sheet is stream-parsed the same way (parser callbacks, no element tree): rows and
   cells are counted against the limits, and each cell's raw value is checked against its
   type (a number, a date, TRUE/FALSE, an index into the shared-string table). The first
   problem names its sheet and row.

Every parse goes through defusedxml with DTDs forbidden, so an XML bomb or an external entity
is refused here; openpyxl, which uses defusedxml whenever it is installed, would refuse them
too. Limits are settings (``EXCHANGE_MAX_*``) with the defaults below.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, iterparse
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

__all__ = [
    "DamagedWorkbook",
    "LimitExceeded",
    "WorkbookSummary",
    "inspect_workbook",
    "limit",
    "too_large",
]

DEFAULT_LIMITS: dict[str, int] = {
    #: The upload itself (checked by the form, and by the command on the file's size).
    "UPLOAD_BYTES": 20 * 1024 * 1024,
    #: Parts in the archive; a workbook of five sheets has about fifteen.
    "MEMBERS": 1_000,
    #: What one part may unpack to, and all of them together.
    "MEMBER_BYTES": 64 * 1024 * 1024,
    "UNCOMPRESSED_BYTES": 256 * 1024 * 1024,
    #: Data rows of one sheet, and cells of the whole workbook.
    "ROWS": 200_000,
    "CELLS": 3_000_000,
    #: Entries of the shared-string table and the characters they hold together.
    "SHARED_STRINGS": 1_000_000,
    "SHARED_STRING_CHARS": 32 * 1024 * 1024,
}

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _C, _V, _F, _SI, _T = (f"{_MAIN}{name}" for name in ("row", "c", "v", "f", "si", "t"))
_CHUNK = 256 * 1024
_OFFICE_DOCUMENT = "/officeDocument"
_SHARED_STRINGS = "/sharedStrings"
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?")
_ISO_TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?")


def limit(name: str) -> int:
    """The limit ``name`` (``"ROWS"``…): setting ``EXCHANGE_MAX_<name>`` or the default."""
    return int(getattr(settings, f"EXCHANGE_MAX_{name}", DEFAULT_LIMITS[name]))


class WorkbookError(Exception):
    """The file cannot be imported at all; the message says why, in the active language."""


class DamagedWorkbook(WorkbookError):
    """Some part of the file is not what an .xlsx holds; names the sheet and row if known."""

    def __init__(self, reason: str, *, sheet: str = "", row: int | None = None) -> None:
        self.reason, self.sheet, self.row = reason, sheet, row
        super().__init__(damaged_message(reason, sheet=sheet, row=row))


class LimitExceeded(WorkbookError):
    """The file is larger than a limit allows; refused before the data is expanded."""


def damaged_message(reason: str, *, sheet: str = "", row: int | None = None) -> str:
    if sheet and row:
        return _("The workbook is damaged (sheet “%(sheet)s”, row %(row)s): %(reason)s") % {
            "sheet": sheet,
            "row": row,
            "reason": reason,
        }
    if sheet:
        return _("The workbook is damaged (sheet “%(sheet)s”): %(reason)s") % {
            "sheet": sheet,
            "reason": reason,
        }
    return _("The workbook is damaged: %(reason)s") % {"reason": reason}


def too_large(what: str, value: Any, maximum: Any) -> LimitExceeded:
    return LimitExceeded(
        _("The workbook is too large to import: %(what)s is %(value)s; the limit is %(limit)s.")
        % {"what": what, "value": value, "limit": maximum}
    )


def _count(value: int) -> str:
    return number_format(value, force_grouping=True)


@dataclass(slots=True)
class WorkbookSummary:
    """What the inspection found: data rows per sheet title, in workbook order."""

    rows: dict[str, int] = field(default_factory=dict)
    cells: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def inspect_workbook(source: str | Path | IO[bytes]) -> WorkbookSummary:
    """Check ``source`` as described above; raise DamagedWorkbook or LimitExceeded."""
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile as exc:
        raise DamagedWorkbook(_zip_reason(source)) from exc
    except OSError as exc:
        raise DamagedWorkbook(_("the file cannot be read (%(error)s).") % {"error": exc}) from exc
    try:
        with archive:
            _check_directory(archive)
            checker = _Checker(archive)
            return checker.run()
    finally:
        if hasattr(source, "seek"):
            source.seek(0)


def _zip_reason(source: Any) -> str:
    head = b""
    try:
        if hasattr(source, "read"):
            source.seek(0)
            head = source.read(4)
        else:
            with open(source, "rb") as handle:
                head = handle.read(4)
    except OSError:
        pass
    if head == b"PK\x03\x04":
        return _("the ZIP archive is incomplete (the file may have been cut off while copying).")
    return _("the file is not a ZIP archive, so it is not an Excel workbook (.xlsx).")


def _check_directory(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > limit("MEMBERS"):
        raise too_large(_("the number of parts"), _count(len(members)), _count(limit("MEMBERS")))
    total = 0
    for info in members:
        if info.file_size > limit("MEMBER_BYTES"):
            raise too_large(
                _("part %(part)s unpacked") % {"part": info.filename[:80]},
                filesizeformat(info.file_size),
                filesizeformat(limit("MEMBER_BYTES")),
            )
        total += info.file_size
    if total > limit("UNCOMPRESSED_BYTES"):
        raise too_large(
            _("the workbook unpacked"),
            filesizeformat(total),
            filesizeformat(limit("UNCOMPRESSED_BYTES")),
        )


class _Checker:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = set(archive.namelist())
        self.summary = WorkbookSummary()
        self.shared_strings = 0
        self.row: int | None = None

    def run(self) -> WorkbookSummary:
        workbook_part = self._workbook_part()
        relations = self._relations(workbook_part)
        sheets = self._sheets(workbook_part, relations)
        strings = [target for kind, target in relations.values() if kind == _SHARED_STRINGS]
        if strings:
            self._check_shared_strings(strings[0])
        for title, part in sheets:
            self._check_sheet(title, part)
        return self.summary

    # --- parts ------------------------------------------------------------------------

    def _parse(self, part: str, *, sheet: str = "", events: tuple[str, ...] = ("end",)) -> Any:
        if part not in self.names:
            raise DamagedWorkbook(_("part %(part)s is missing.") % {"part": part}, sheet=sheet)
        handle = self.archive.open(part)
        return iterparse(handle, events=events, forbid_dtd=True)

    def _iterate(self, part: str, *, sheet: str = "", events: tuple[str, ...] = ("end",)) -> Any:
        """The parse events of ``part``; every failure becomes DamagedWorkbook, located by
        ``self.row`` (the row being read) when the part is a sheet."""
        self.row = None
        yield from self._guard(self._parse(part, sheet=sheet, events=events), part, sheet)

    def _guard(self, steps: Any, part: str, sheet: str) -> Any:
        try:
            yield from steps
        except ParseError as exc:
            raise DamagedWorkbook(
                _("the XML of part %(part)s is malformed (%(error)s).")
                % {"part": part, "error": exc},
                sheet=sheet,
                row=self.row,
            ) from exc
        except DefusedXmlException as exc:
            raise DamagedWorkbook(
                _(
                    "part %(part)s declares a DTD or entities, which a workbook never needs; "
                    "it is refused for safety."
                )
                % {"part": part},
                sheet=sheet,
                row=self.row,
            ) from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise DamagedWorkbook(
                _("part %(part)s cannot be unpacked (%(error)s).") % {"part": part, "error": exc},
                sheet=sheet,
                row=self.row,
            ) from exc

    def _feed(self, part: str, target: Any, *, sheet: str = "") -> None:
        """Stream ``part`` through defusedxml's parser into ``target``'s callbacks (no element
        tree is built); failures become DamagedWorkbook as in ``_iterate``."""
        self.row = None
        if part not in self.names:
            raise DamagedWorkbook(_("part %(part)s is missing.") % {"part": part}, sheet=sheet)

        def events() -> Any:
            parser = DefusedXMLParser(target=target, forbid_dtd=True)
            with self.archive.open(part) as handle:
                while chunk := handle.read(_CHUNK):
                    parser.feed(chunk)
                    yield
            parser.close()
            yield

        for _step in self._guard(events(), part, sheet):
            pass

    def _workbook_part(self) -> str:
        part = "xl/workbook.xml"
        if "_rels/.rels" in self.names:
            for _event, element in self._iterate("_rels/.rels"):
                if element.tag == f"{_PKG_REL}Relationship" and element.get("Type", "").endswith(
                    _OFFICE_DOCUMENT
                ):
                    part = _resolve("", element.get("Target", ""))
        return part

    def _relations(self, workbook_part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type suffix, part) of the workbook part."""
        directory, name = posixpath.split(workbook_part)
        rels = posixpath.join(directory, "_rels", f"{name}.rels")
        relations: dict[str, tuple[str, str]] = {}
        if rels not in self.names:
            return relations
        for _event, element in self._iterate(rels):
            if element.tag == f"{_PKG_REL}Relationship":
                kind = element.get("Type", "")
                relations[element.get("Id", "")] = (
                    kind[kind.rfind("/") :],
                    _resolve(directory, element.get("Target", "")),
                )
        return relations

    def _sheets(
        self, workbook_part: str, relations: dict[str, tuple[str, str]]
    ) -> list[tuple[str, str]]:
        sheets = []
        for _event, element in self._iterate(workbook_part):
            if element.tag == f"{_MAIN}sheet":
                title = element.get("name", "")
                relation = relations.get(element.get(f"{_REL}id", ""))
                if relation is None:
                    raise DamagedWorkbook(_("the sheet has no part."), sheet=title)
                if relation[0] == "/worksheet":
                    sheets.append((title, relation[1]))
        return sheets

    # --- shared strings -----------------------------------------------------------------

    def _check_shared_strings(self, part: str) -> None:
        target = _SharedStrings(limit("SHARED_STRINGS"), limit("SHARED_STRING_CHARS"))
        self._feed(part, target)
        self.shared_strings = target.count

    # --- sheets -------------------------------------------------------------------------

    def _check_sheet(self, title: str, part: str) -> None:
        target = _SheetCells(self, title)
        self._feed(part, target, sheet=title)
        self.summary.rows[title] = max(target.rows - 1, 0)

    def check_cell(self, title: str, kind: str, reference: str, raw: str) -> None:
        problem = None
        if kind == "n" and not _NUMBER.fullmatch(raw.strip()):
            problem = _("cell %(cell)s should hold a number but holds “%(value)s”.")
        elif kind == "b" and raw.strip() not in {"0", "1"}:
            problem = _("cell %(cell)s should hold TRUE or FALSE but holds “%(value)s”.")
        elif kind == "d" and not _valid_iso(raw.strip()):
            problem = _("cell %(cell)s should hold a date but holds “%(value)s”.")
        elif kind == "s":
            index = _int(raw)
            if index is None or not 0 <= index < self.shared_strings:
                raise DamagedWorkbook(
                    _(
                        "cell %(cell)s refers to shared string %(index)s, but the workbook "
                        "has %(count)s."
                    )
                    % {"cell": reference, "index": raw[:20], "count": self.shared_strings},
                    sheet=title,
                    row=self.row,
                )
        if problem:
            raise DamagedWorkbook(
                problem % {"cell": reference, "value": raw[:40]}, sheet=title, row=self.row
            )


class _SharedStrings:
    """Parser target: counts entries and characters of the shared-string table, keeps none."""

    def __init__(self, max_count: int, max_chars: int) -> None:
        self.max_count, self.max_chars = max_count, max_chars
        self.count = self.characters = 0
        self.in_text = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == _T:
            self.in_text = True

    def data(self, text: str) -> None:
        if self.in_text:
            self.characters += len(text)
            if self.characters > self.max_chars:
                raise too_large(
                    _("the shared-string table"),
                    _("more than %(count)s characters") % {"count": _count(self.max_chars)},
                    _("%(count)s characters") % {"count": _count(self.max_chars)},
                )

    def end(self, tag: str) -> None:
        if tag == _T:
            self.in_text = False
        elif tag == _SI:
            self.count += 1
            if self.count > self.max_count:
                raise too_large(
                    _("the shared-string table"),
                    _("more than %(count)s entries") % {"count": _count(self.max_count)},
                    _("%(count)s entries") % {"count": _count(self.max_count)},
                )

    def close(self) -> None:
        return None


class _SheetCells:
    """Parser target: counts rows and cells against the limits and checks each cell's raw
    value against its type, keeping nothing but the row being read (for the message)."""

    def __init__(self, checker: _Checker, title: str) -> None:
        self.checker, self.title = checker, title
        self.max_rows, self.max_cells = limit("ROWS"), limit("CELLS")
        self.rows = 0
        self.cell: dict[str, str] | None = None
        self.formula = False
        self.value: list[str] | None = None
        self.raw = ""

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == _C:
            checker = self.checker
            checker.summary.cells += 1
            if checker.summary.cells > self.max_cells:
                raise too_large(
                    _("the workbook"),
                    _("more than %(count)s cells") % {"count": _count(self.max_cells)},
                    _("%(count)s cells") % {"count": _count(self.max_cells)},
                )
            self.cell, self.formula, self.raw = attrib, False, ""
        elif tag == _V and self.cell is not None:
            self.value = []
        elif tag == _F:
            self.formula = True
        elif tag == _ROW:
            self.rows += 1
            checker = self.checker
            checker.row = _int(attrib.get("r")) or (checker.row or 0) + 1
            # One header and one label row come on top of the data rows.
            if self.rows > self.max_rows + 2:
                raise too_large(
                    _("sheet “%(sheet)s”") % {"sheet": self.title},
                    _("more than %(count)s rows") % {"count": _count(self.max_rows)},
                    _("%(count)s rows") % {"count": _count(self.max_rows)},
                )

    def data(self, text: str) -> None:
        if self.value is not None:
            self.value.append(text)

    def end(self, tag: str) -> None:
        if tag == _V and self.value is not None:
            self.raw, self.value = "".join(self.value), None
        elif tag == _C and self.cell is not None:
            # A formula is reported by the importer with its column.
            if self.raw and not self.formula:
                cell = self.cell
                self.checker.check_cell(
                    self.title, cell.get("t", "n"), cell.get("r") or "?", self.raw
                )
            self.cell = None

    def close(self) -> None:
        return None


def _resolve(directory: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(directory, target))


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


def _valid_iso(text: str) -> bool:
    if _ISO_TIME.fullmatch(text):
        return True
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True
