"""Bring a whole-dataset workbook in through the write services, all or nothing.

Every row goes through the same service a form would call (``investments.services``,
``budget.services``), so every rule of the SPEC applies and the history records the change.
The whole file runs inside one transaction with a savepoint per row: a row the services
refuse is rolled back to its savepoint and reported with its sheet, row number and reason,
and later rows still see the earlier ones (the adjustments of a project created a few rows
up). At the end the transaction commits only when asked to (``commit=True``) and no row was
refused; a dry run (the preview of the upload page, ``--dry-run``) always rolls back.

Rows are matched to records by natural key, so importing the same file twice changes nothing:
a project by its code, a plan by (unit, year), a target by (year, kind), an adjustment by
(project, date, amount, reference) and a remittance by (unit, date, amount, reference). Two
identical adjustment rows are two adjustments: the n-th such row matches the n-th such
record. The importer never deletes: records missing from the file are left alone.

Cells are read as they are stored: openpyxl hands numbers over as int or float, and a float
becomes a Decimal through its shortest repr (what Excel itself wrote), never through binary
arithmetic; more than two decimals, or more than the 15 digits a double holds, is refused.
Text amounts may be written "1.500.000", "1.500.000,50", "1,500,000.50" or "1500000.50".
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import IO, Any

import openpyxl
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from budget import services as budget_services
from budget.models import BudgetPlan, Remittance, Unit
from exchange.inspection import (
    DamagedWorkbook,
    WorkbookError,  # noqa: F401 - re-exported: the views and the command catch it
    WorkbookSummary,
    inspect_workbook,
    limit,
    too_large,
)
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
    normalise,
    sheet_for_title,
)
from hpkkt.fields import MAX_AMOUNT
from hpkkt.locks import LockCheck, lock_checker
from hpkkt.roles import can_manage_targets
from investments import services as investment_services
from investments.choices import ProjectKind
from investments.models import (
    AnnualTarget,
    CapitalAdjustment,
    Project,
    Sector,
    ShareAcquisition,
    Zone,
)
from operations import services as operations_services
from operations.models import OperationsReport

#: Excel keeps 15 significant digits in a number cell; more cannot have been typed there.
MAX_NUMBER_DIGITS = 15

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
#: What names a row in the preview: its natural key.
KEY_COLUMNS = {
    PROJECTS.name: ("code",),
    ADJUSTMENTS.name: ("project", "adjusted_on", "amount"),
    REMITTANCES.name: ("unit", "paid_on", "amount"),
    PLANS.name: ("unit", "year"),
    TARGETS.name: ("year", "kind"),
    SHARE_ACQUISITIONS.name: ("code",),
    OPERATIONS.name: ("project", "year", "quarter"),
}


class CellError(ValueError):
    """One cell cannot be read as its column's type; the message says why."""


# --- the report -----------------------------------------------------------------------


@dataclass(slots=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str


@dataclass(slots=True)
class RowChange:
    """A row that will create or change a record, shown in the preview."""

    sheet: str
    row: int
    outcome: str  # NEW | CHANGED
    key: list[Any]
    fields: list[str]


@dataclass(slots=True)
class SheetResult:
    name: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    invalid: int = 0

    @property
    def total(self) -> int:
        return self.new + self.changed + self.unchanged + self.invalid


@dataclass(slots=True)
class ImportReport:
    sheets: list[SheetResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def invalid_rows(self) -> int:
        return sum(sheet.invalid for sheet in self.sheets)

    def total(self, outcome: str) -> int:
        return sum(getattr(sheet, outcome) for sheet in self.sheets)

    def summary(self) -> str:
        """ "0 new, 0 changed, 12 unchanged" in the active language."""
        return _("%(new)s new, %(changed)s changed, %(unchanged)s unchanged") % {
            "new": self.total(NEW),
            "changed": self.total(CHANGED),
            "unchanged": self.total(UNCHANGED),
        }

    def lines(self) -> Iterator[str]:
        """The report as plain text lines, for the command."""
        for sheet in self.sheets:
            yield _(
                "%(sheet)s: %(new)s new, %(changed)s changed, %(unchanged)s unchanged, "
                "%(invalid)s invalid"
            ) % {
                "sheet": sheet.name,
                "new": sheet.new,
                "changed": sheet.changed,
                "unchanged": sheet.unchanged,
                "invalid": sheet.invalid,
            }
        for warning in self.warnings:
            yield _("Warning: %(warning)s") % {"warning": warning}
        for error in self.errors:
            where = _("%(sheet)s, row %(row)s") % {"sheet": error.sheet, "row": error.row}
            if error.column:
                where += f", {error.column}"
            yield f"{where}: {error.message}"
        if self.errors and self.invalid_rows:
            yield ngettext(
                "%(count)s invalid row: nothing was imported.",
                "%(count)s invalid rows: nothing was imported.",
                self.invalid_rows,
            ) % {"count": self.invalid_rows}
        elif self.errors:
            yield _("The file cannot be imported as it is: nothing was imported.")
        elif self.committed:
            yield _("Imported: %(summary)s.") % {"summary": self.summary()}
        else:
            yield _("All rows are valid (%(summary)s); nothing was written.") % {
                "summary": self.summary()
            }


# --- reading cells ----------------------------------------------------------------------

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_MINUS = "-\u2212\u2013"
_MONEY_PATTERNS = (
    # (pattern, thousands separator, decimal separator)
    (re.compile(r"\d+"), "", "."),
    (re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?"), ".", ","),  # 1.500.000,50 (Vietnamese)
    (re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"), ",", "."),  # 1,500,000.50 (English)
    (re.compile(r"\d+,\d+"), "", ","),  # 1500000,5
    (re.compile(r"\d+\.\d+"), "", "."),  # 1500000.50, also how big amounts are exported
)
_DATE_PATTERNS = (
    (re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"), ("day", "month", "year")),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("year", "month", "day")),
)


def _unescape(text: str) -> str:
    # OOXML escapes characters XML cannot hold as _xHHHH_; openpyxl leaves inline strings
    # escaped, so "\r" would come back as "_x000D_" without this.
    return _ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def clean_text(value: str) -> str:
    """Text as stored and compared: one kind of line break, no surrounding spaces."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def read_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return clean_text(_unescape(value))
    if isinstance(value, bool):
        raise CellError(_("Expected text, found TRUE/FALSE."))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return str(value)
    raise CellError(_("Expected text, found a date."))


def read_money(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool | dt.date | dt.time):
        raise CellError(_("Expected an amount."))
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(_("Expected an amount."))
        amount = Decimal(repr(value))
        _check_places(amount)
        if len(amount.normalize().as_tuple().digits) > MAX_NUMBER_DIGITS:
            raise CellError(
                _(
                    "This number has more than 15 significant digits, which an Excel number "
                    "cell cannot hold exactly; type the amount as text."
                )
            )
        return amount
    elif isinstance(value, Decimal):
        amount = value
    else:
        amount = _parse_money_text(_unescape(str(value)))
    _check_places(amount)
    return amount


def _parse_money_text(text: str) -> Decimal:
    compact = _SPACES.sub("", text)
    sign = ""
    if compact[:1] in _MINUS or compact[:1] == "+":
        sign = "-" if compact[0] in _MINUS else ""
        compact = compact[1:]
    for pattern, thousands, point in _MONEY_PATTERNS:
        if pattern.fullmatch(compact):
            plain = compact.replace(thousands, "") if thousands else compact
            try:
                return Decimal(sign + plain.replace(point, "."))
            except InvalidOperation:
                break
    raise CellError(
        _("“%(value)s” is not an amount (write it as 1.500.000 or 1500000,50).")
        % {"value": text.strip()[:40]}
    )


def _check_places(amount: Decimal) -> None:
    if not amount.is_finite() or abs(amount) > MAX_AMOUNT:
        # Checked before quantize(), which fails past 28 digits.
        raise CellError(
            _("“%(value)s” is too large: an amount has at most 15 digits before the comma.")
            % {"value": f"{amount:f}"[:40]}
        )
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise CellError(_("“%(value)s” has more than 2 decimal places.") % {"value": f"{amount:f}"})


def read_date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise CellError(_("Expected a date without a time of day."))
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for pattern, parts in _DATE_PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                numbers = dict(zip(parts, map(int, match.groups()), strict=True))
                try:
                    return dt.date(numbers["year"], numbers["month"], numbers["day"])
                except ValueError:
                    break
        raise CellError(
            _("“%(value)s” is not a date (write it as dd/mm/yyyy).") % {"value": text[:40]}
        )
    raise CellError(_("Expected a date (dd/mm/yyyy), found a number."))


def read_year(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise CellError(_("Expected a year such as 2020."))


def read_integer(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value.strip())
    raise CellError(_("Expected a whole number."))


_READERS: dict[ColumnType, Callable[[Any], Any]] = {
    ColumnType.TEXT: read_text,
    ColumnType.CODE: read_text,
    ColumnType.UPPER_CODE: lambda value: read_text(value).upper(),
    ColumnType.DATE: read_date,
    ColumnType.MONEY: read_money,
    ColumnType.YEAR: read_year,
    ColumnType.INTEGER: read_integer,
}


# --- reading sheets ---------------------------------------------------------------------


@dataclass(slots=True)
class ParsedRow:
    number: int
    values: dict[str, Any]
    errors: list[tuple[str, str]]


def open_workbook(
    source: str | Path | IO[bytes], summary: WorkbookSummary | None = None
) -> openpyxl.Workbook:
    """Open ``source`` read-only once ``inspect_workbook`` has passed it (limits, damage).

    Raises WorkbookError (DamagedWorkbook, LimitExceeded) with a message for the user.
    """
    if not hasattr(source, "read"):
        size = Path(source).stat().st_size
        if size > limit("UPLOAD_BYTES"):
            raise too_large(
                _("the file"), filesizeformat(size), filesizeformat(limit("UPLOAD_BYTES"))
            )
    if summary is None:
        inspect_workbook(source)
    try:
        return openpyxl.load_workbook(source, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        raise DamagedWorkbook(
            _("openpyxl cannot read it (%(error)s).") % {"error": _describe(exc)}
        ) from exc


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _cell_value(cell: Any) -> tuple[Any, str | None]:
    """(value, problem) of a read-only cell; formulas and error values are problems."""
    value = getattr(cell, "value", None)
    data_type = getattr(cell, "data_type", None)
    if data_type == "f":
        return None, _("The cell holds a formula (%(formula)s); type its value instead.") % {
            "formula": str(value)[:40]
        }
    if data_type == "e":
        return None, _("The cell holds an Excel error (%(error)s).") % {"error": value}
    return value, None


class SheetReader:
    """The header rows of one sheet, then its data rows parsed to Python values."""

    def __init__(self, sheet: Sheet, worksheet: Any, report: ImportReport) -> None:
        self.sheet = sheet
        self.worksheet = worksheet
        self.report = report
        self.columns: dict[int, str] = {}

    def rows(self) -> Iterator[ParsedRow]:
        if hasattr(self.worksheet, "reset_dimensions"):
            # Some writers store a wrong size; read every row there is.
            self.worksheet.reset_dimensions()
        header_row = None
        for number, cells in self._raw_rows():
            values = [_cell_value(cell)[0] for cell in cells]
            if all(_blank(value) for value in values):
                continue
            if header_row is None:
                header_row = number
                if not self._read_header(number, values):
                    return
                continue
            if number == header_row + 1 and self._is_label_row(values):
                continue
            yield self._parse(number, cells)

    def _raw_rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(row number, cells); whatever openpyxl raises while reading becomes DamagedWorkbook
        naming the row it was reading (inspect_workbook catches the known kinds first)."""
        rows = iter(self.worksheet.iter_rows())
        number = 0
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - any failure of the file is damage
                raise DamagedWorkbook(
                    _("the row cannot be read (%(error)s).") % {"error": _describe(exc)},
                    sheet=self.worksheet.title,
                    row=number + 1,
                ) from exc
            number += 1
            yield number, cells

    def _read_header(self, number: int, values: list[Any]) -> bool:
        aliases = self.sheet.aliases()
        seen: dict[str, int] = {}
        for index, value in enumerate(values):
            if _blank(value):
                continue
            name = aliases.get(normalise(str(value)))
            if name is None:
                self.report.warnings.append(
                    _("Sheet %(sheet)s: column “%(column)s” is not known and was ignored.")
                    % {"sheet": self.sheet.name, "column": str(value)[:60]}
                )
                continue
            if name in seen:
                self.report.errors.append(
                    RowError(self.sheet.name, number, name, _("This column appears twice."))
                )
                return False
            seen[name] = index
        missing = [c.name for c in self.sheet.columns if c.required and c.name not in seen]
        if missing:
            self.report.errors.append(
                RowError(
                    self.sheet.name,
                    number,
                    "",
                    _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)},
                )
            )
            return False
        self.columns = {index: name for name, index in seen.items()}
        return True

    def _is_label_row(self, values: list[Any]) -> bool:
        """True for the row of labels under the names (each one names its own column)."""
        aliases = self.sheet.aliases()
        labels = [
            aliases.get(normalise(str(values[index]))) == name
            for index, name in self.columns.items()
            if index < len(values) and not _blank(values[index])
        ]
        return bool(labels) and all(labels)

    def _parse(self, number: int, cells: tuple[Any, ...]) -> ParsedRow:
        row = ParsedRow(number, {}, [])
        for index, name in self.columns.items():
            cell = cells[index] if index < len(cells) else None
            value, problem = _cell_value(cell)
            if problem:
                row.errors.append((name, problem))
                continue
            try:
                row.values[name] = _READERS[self.sheet.column(name).type](value)
            except CellError as exc:
                row.errors.append((name, str(exc)))
        return row


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- applying rows ----------------------------------------------------------------------


WITHDRAWN_PROJECT = _(
    "Project %(code)s was withdrawn: it counts no more and keeps its code. Use another code, "
    "or ask an administrator."
)
WITHDRAWN_ROW = _(
    "This row matches a record that was withdrawn (same date, amount and reference); it is "
    "not entered again. Change the row if it is a new record, or ask an administrator."
)


class RowRefused(Exception):
    """A row breaks a rule the importer itself checks (unknown code, duplicate in the file)."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


TARGETS_ONLY_ADMIN = gettext_lazy("Only administrators may set budget plans and targets.")


class Importer:
    """Apply parsed rows through the services; one instance per import.

    The existing records a sheet's rows name are read a batch of rows at a time
    (``prepare``), in a handful of queries per batch, into indexes by natural key that follow
    every write of the import; so an unchanged row costs no query of its own, and a new or
    changed one only what its service needs to check the rules. Only what the upload names is
    read, never the whole register: memory grows with the upload, not with the register.
    """

    def __init__(self, user: AbstractBaseUser | None) -> None:
        self.user = user
        # The command runs with the server's own authority; the upload page with the user's.
        self.may_set_targets = user is None or can_manage_targets(user)
        self.zones = {zone.code.casefold(): zone for zone in Zone.objects.all()}
        self.sectors = {sector.code.casefold(): sector for sector in Sector.objects.all()}
        self.units = {unit.code.casefold(): unit for unit in Unit.objects.all()}
        self.seen: dict[tuple[str, Any], int] = {}
        self.occurrences: Counter[tuple[Any, ...]] = Counter()
        self.refused_projects: dict[str, int] = {}
        #: The columns the last changed row altered, for the preview.
        self.changed_fields: list[str] = []
        #: New records validated row by row, written together at the end of their sheet.
        self.new_projects: list[Project] = []
        self.new_remittances: list[Remittance] = []
        self.new_adjustments: list[CapitalAdjustment] = []
        #: Projects and share acquisitions the current batch of rows names, by code.
        self.batch_projects: dict[str, Project] = {}
        self.batch_shares: dict[str, ShareAcquisition] = {}
        #: Projects validated in this import, not yet written (or written at a sheet's end).
        self.created_projects: dict[str, Project] = {}
        #: Existing records of the projects named so far: adjustments (key -> [(pk, note)]),
        #: each project's (date, amount) timeline, operations reports by (project, year, q).
        self.adjustments: dict[tuple[Any, ...], list[tuple[int, str]]] = {}
        self.capital_timelines: dict[int, list[tuple[dt.date, Decimal]]] = {}
        self.operations_reports: dict[tuple[int, int, int], dict[str, Any]] = {}
        self._adjustments_read: set[int] = set()
        self._reports_read: set[int] = set()

    def flush(self) -> None:
        """Write the new records of the sheet just read, in a few queries (the batch services).

        Every rule was checked row by row as the rows were read; the database's constraints
        still check each insert. A sheet's new records are written before the next sheet is
        read, so the adjustments of a project created above find it.
        """
        if self.new_projects:
            investment_services.projects_create_batch(self.new_projects, user=self.user)
            self.new_projects = []
        if self.new_remittances:
            budget_services.remittances_create_batch(self.new_remittances, user=self.user)
            self.new_remittances = []
        if self.new_adjustments:
            investment_services.adjustments_create_batch(self.new_adjustments, user=self.user)
            self.new_adjustments = []

    @property
    def has_new_rows(self) -> bool:
        return bool(self.new_projects or self.new_remittances or self.new_adjustments)

    def prepare(self, sheet: Sheet, rows: Sequence[ParsedRow]) -> None:
        """Read what the next ``rows`` of ``sheet`` name (a few queries per batch), in place
        of what the previous batch named."""
        key = "code" if sheet is PROJECTS else "project"
        if sheet not in (PROJECTS, ADJUSTMENTS, SHARE_ACQUISITIONS, OPERATIONS):
            return
        codes = {row.values.get(key) for row in rows} - {None, ""}
        codes -= self.created_projects.keys()
        self.batch_projects = (
            {project.code: project for project in Project.objects.filter(code__in=codes)}
            if codes
            else {}
        )
        pks = {project.pk for project in self.batch_projects.values()}
        if sheet is SHARE_ACQUISITIONS:
            share_codes = {row.values.get("code") for row in rows} - {None, ""}
            self.batch_shares = {
                share.code: share for share in ShareAcquisition.objects.filter(code__in=share_codes)
            }
        elif sheet is ADJUSTMENTS and (pks - self._adjustments_read):
            self._read_adjustments(pks - self._adjustments_read)
        elif sheet is OPERATIONS and (pks - self._reports_read):
            self._read_reports(pks - self._reports_read)

    def _read_adjustments(self, pks: set[int]) -> None:
        """The adjustments of projects ``pks``, into the index and the capital timelines."""
        self._adjustments_read |= pks
        rows = CapitalAdjustment.objects.filter(project_id__in=pks).values_list(
            "pk", "project_id", "adjusted_on", "amount", "reference", "note"
        )
        for pk, project_id, day, amount, reference, note in rows.order_by("pk"):
            self.adjustments.setdefault((project_id, day, amount, reference), []).append((pk, note))
            self.capital_timelines.setdefault(project_id, []).append((day, amount))

    def _read_reports(self, pks: set[int]) -> None:
        self._reports_read |= pks
        names = [column.name for column in OPERATIONS.columns[1:]]
        for row in OperationsReport.objects.filter(project_id__in=pks).values(
            "pk", "project_id", *names
        ):
            self.operations_reports[(row["project_id"], row["year"], row["quarter"])] = row

    def apply(self, sheet: Sheet, row: ParsedRow) -> str:
        """The outcome of one row. Each service call is atomic on its own, so a refused row
        rolls back to its savepoint and leaves the import's transaction usable."""
        handler = {
            PROJECTS.name: self._project,
            ADJUSTMENTS.name: self._adjustment,
            REMITTANCES.name: self._remittance,
            PLANS.name: self._plan,
            TARGETS.name: self._target,
            SHARE_ACQUISITIONS.name: self._share_acquisition,
            OPERATIONS.name: self._operations,
        }[sheet.name]
        self.changed_fields = []
        return handler(row.number, row.values)

    # --- indexes of what exists, each read once, on first use ------------------------------

    @cached_property
    def check_lock(self) -> LockCheck:
        """Published periods, read once per import: a row dated in one is a row error."""
        return lock_checker(self.user)

    @cached_property
    def remittances(self) -> dict[tuple[Any, ...], list[tuple[int, str]]]:
        return _index(
            Remittance.objects.values_list(
                "pk", "unit_id", "paid_on", "amount", "reference", "note"
            )
        )

    @cached_property
    def plans(self) -> dict[tuple[int, int], Decimal]:
        return {
            (unit_id, year): amount
            for unit_id, year, amount in BudgetPlan.objects.values_list("unit_id", "year", "amount")
        }

    @cached_property
    def _target_rows(self) -> list[tuple[int, str, Decimal, Decimal | None]]:
        return list(AnnualTarget.objects.values_list("year", "kind", "amount", "amount_high"))

    @cached_property
    def targets(self) -> dict[tuple[int, str], Decimal]:
        return {(year, kind): amount for year, kind, amount, _high in self._target_rows}

    @cached_property
    def target_highs(self) -> dict[tuple[int, str], Decimal | None]:
        """The high bound of each range target (None for a single figure), same query."""
        return {(year, kind): high for year, kind, _amount, high in self._target_rows}

    # Withdrawn records keep their keys: a row naming one is refused, saying so, rather than
    # recreating it (or failing on the unique code). Read once, on first use; they are few.

    @cached_property
    def withdrawn_project_codes(self) -> frozenset[str]:
        rows = Project.all_objects.filter(withdrawn_at__isnull=False).values_list("code", flat=True)
        return frozenset(rows)

    @cached_property
    def withdrawn_adjustments(self) -> frozenset[tuple[Any, ...]]:
        rows = CapitalAdjustment.all_objects.filter(withdrawn_at__isnull=False).values_list(
            "project_id", "adjusted_on", "amount", "reference"
        )
        return frozenset(rows)

    @cached_property
    def withdrawn_remittances(self) -> frozenset[tuple[Any, ...]]:
        rows = Remittance.all_objects.filter(withdrawn_at__isnull=False).values_list(
            "unit_id", "paid_on", "amount", "reference"
        )
        return frozenset(rows)

    # --- helpers -------------------------------------------------------------------------

    def _claim(self, sheet: str, key: Any, row: int, column: str) -> None:
        """Refuse a row that repeats an earlier row's key, naming that row."""
        first = self.seen.setdefault((sheet, key), row)
        if first != row:
            raise RowRefused(
                column, _("This repeats row %(row)s of the same sheet.") % {"row": first}
            )

    def _lookup(self, table: dict[str, Any], code: str, column: str, message: str) -> Any:
        if not code:
            return None
        found = table.get(code.casefold())
        if found is None:
            raise RowRefused(column, message % {"code": code})
        return found

    def _nth_match(
        self, index: dict[tuple[Any, ...], list[tuple[int, str]]], key: tuple[Any, ...]
    ) -> tuple[int, str] | None:
        """The (pk, note) of the record this occurrence of ``key`` stands for, or None when
        there is none left and the row makes a new record."""
        if None in key:
            return None  # a date or amount is missing: the service will say so
        position = self.occurrences[key]
        self.occurrences[key] += 1
        matches = index.get(key, [])
        return matches[position] if position < len(matches) else None

    def _check_may_set_targets(self) -> None:
        if not self.may_set_targets:
            raise RowRefused("", str(TARGETS_ONLY_ADMIN))

    # --- one handler per sheet -----------------------------------------------------------

    def _project(self, number: int, values: dict[str, Any]) -> str:
        code = values.get("code", "")
        if code:
            self._claim(PROJECTS.name, code, number, "code")
        fields = dict(values)
        fields["zone"] = self._lookup(
            self.zones, values.get("zone", ""), "zone", _("Unknown zone code “%(code)s”.")
        )
        if "sector" in values:
            fields["sector"] = self._lookup(
                self.sectors, values["sector"], "sector", _("Unknown sector code “%(code)s”.")
            )
        if fields.get("kind") == ProjectKind.DI and not fields.get("country"):
            fields["country"] = "VN"
        existing = self.batch_projects.get(code) if code else None
        if existing is None and code in self.withdrawn_project_codes:
            raise RowRefused("code", str(WITHDRAWN_PROJECT) % {"code": code})
        if existing is None:
            # Checked now, written with the other new projects at the end of the sheet. The
            # batch holds every existing project its rows name, so a code not in it is free
            # unless this import already created it.
            project = investment_services.project_validate_new(
                taken_codes=_Taken(self.batch_projects, self.created_projects),
                check_lock=self.check_lock,
                **fields,
            )
            self.created_projects[project.code] = project
            self.new_projects.append(project)
            return NEW
        changes = {
            name: value
            for name, value in fields.items()
            if not _same(_current(existing, name), value)
        }
        if not changes:
            return UNCHANGED
        project = investment_services.project_update(project=existing, user=self.user, **changes)
        self.batch_projects[project.code] = project
        self.changed_fields = list(changes)
        return CHANGED

    def _project_for(self, code: str) -> Project:
        if not code:
            raise RowRefused("project", _("Enter the project code."))
        project = self.created_projects.get(code) or self.batch_projects.get(code)
        if project is not None:
            return project
        if code in self.refused_projects:
            raise RowRefused(
                "project",
                _("Project %(code)s is itself invalid (projects, row %(row)s).")
                % {"code": code, "row": self.refused_projects[code]},
            )
        if code in self.withdrawn_project_codes:
            raise RowRefused("project", str(WITHDRAWN_PROJECT) % {"code": code})
        raise RowRefused("project", _("Unknown project code “%(code)s”.") % {"code": code})

    def _adjustment(self, number: int, values: dict[str, Any]) -> str:
        project = self._project_for(values.get("project", ""))
        fields = {name: value for name, value in values.items() if name != "project"}
        reference = values.get("reference", "")
        key = (project.pk, values["adjusted_on"], values["amount"], reference)
        match = self._nth_match(self.adjustments, key)
        if match is None and key in self.withdrawn_adjustments:
            raise RowRefused("adjusted_on", str(WITHDRAWN_ROW))
        if match is None:
            # Checked now against the project's adjustments read once (the database's and this
            # sheet's new rows), written with the other new adjustments at the end of the sheet.
            # The timeline is built before this row joins the index, so it is counted once.
            timeline = self.capital_timelines.setdefault(project.pk, [])
            created = investment_services.adjustment_validate_new(
                project=project, others=timeline, check_lock=self.check_lock, **fields
            )
            timeline.append((created.adjusted_on, created.amount))
            self.new_adjustments.append(created)
            _remember(self.adjustments, key, created)
            return NEW
        pk, note = match
        if "note" not in values or _same(note, values["note"]):
            return UNCHANGED
        investment_services.adjustment_update(
            adjustment=CapitalAdjustment.objects.get(pk=pk), user=self.user, note=values["note"]
        )
        self.changed_fields = ["note"]
        return CHANGED

    def _remittance(self, number: int, values: dict[str, Any]) -> str:
        unit = self._unit(values)
        fields = {**values, "unit": unit}
        key = (unit.pk, values["paid_on"], values["amount"], values.get("reference", ""))
        match = self._nth_match(self.remittances, key)
        if match is None and key in self.withdrawn_remittances:
            raise RowRefused("paid_on", str(WITHDRAWN_ROW))
        if match is None:
            # Checked now, written with the other new remittances at the end of the sheet.
            created = budget_services.remittance_validate_new(
                in_batch=True, check_lock=self.check_lock, **fields
            )
            self.new_remittances.append(created)
            _remember(self.remittances, key, created)
            return NEW
        pk, note = match
        if "note" not in values or _same(note, values["note"]):
            return UNCHANGED
        budget_services.remittance_update(
            remittance=Remittance.objects.get(pk=pk), user=self.user, note=values["note"]
        )
        self.changed_fields = ["note"]
        return CHANGED

    def _unit(self, values: dict[str, Any]) -> Unit:
        code = values.get("unit", "")
        if not code:
            raise RowRefused("unit", _("Enter the unit code."))
        return self._lookup(self.units, code, "unit", _("Unknown unit code “%(code)s”."))

    def _plan(self, number: int, values: dict[str, Any]) -> str:
        unit = self._unit(values)
        year, amount = values.get("year"), values.get("amount")
        if year is not None:
            self._claim(PLANS.name, (unit.pk, year), number, "year")
        existing = self.plans.get((unit.pk, year))
        if existing is not None and _same(existing, amount):
            return UNCHANGED
        self._check_may_set_targets()
        plan = budget_services.plan_set(unit=unit, year=year, amount=amount, user=self.user)
        self.plans[(unit.pk, plan.year)] = plan.amount
        self.changed_fields = ["amount"]
        return NEW if existing is None else CHANGED

    def _target(self, number: int, values: dict[str, Any]) -> str:
        year, kind, amount = values.get("year"), values.get("kind", ""), values.get("amount")
        if year is not None and kind:
            self._claim(TARGETS.name, (year, kind), number, "kind")
        existing = self.targets.get((year, kind))
        # A file without the high-bound column leaves a range's high bound as it is.
        high = (
            values.get("amount_high")
            if "amount_high" in values
            else (self.target_highs.get((year, kind)))
        )
        same_high = _same(self.target_highs.get((year, kind)), high)
        if existing is not None and _same(existing, amount) and same_high:
            return UNCHANGED
        self._check_may_set_targets()
        target = investment_services.target_set(
            year=year, kind=kind, amount=amount, amount_high=high, user=self.user
        )
        self.targets[(target.year, target.kind)] = target.amount
        self.target_highs[(target.year, target.kind)] = target.amount_high
        self.changed_fields = [
            name
            for name, same in (
                ("amount", existing is not None and _same(existing, amount)),
                ("amount_high", same_high),
            )
            if not same
        ]
        return NEW if existing is None else CHANGED

    def _share_acquisition(self, number: int, values: dict[str, Any]) -> str:
        code = values.get("code", "")
        if code:
            self._claim(SHARE_ACQUISITIONS.name, code, number, "code")
        fields = dict(values)
        fields["zone"] = self._lookup(
            self.zones, values.get("zone", ""), "zone", _("Unknown zone code “%(code)s”.")
        )
        if "sector" in values:
            fields["sector"] = self._lookup(
                self.sectors, values["sector"], "sector", _("Unknown sector code “%(code)s”.")
            )
        if "project" in values:
            fields["project"] = self._project_for(values["project"]) if values["project"] else None
        existing = self.batch_shares.get(code) if code else None
        if existing is None:
            created = investment_services.share_acquisition_create(user=self.user, **fields)
            self.batch_shares[created.code] = created
            return NEW
        changes = {
            name: value
            for name, value in fields.items()
            if not _same(_current(existing, name), value)
        }
        if not changes:
            return UNCHANGED
        updated = investment_services.share_acquisition_update(
            share_acquisition=existing, user=self.user, **changes
        )
        self.batch_shares[updated.code] = updated
        self.changed_fields = list(changes)
        return CHANGED

    def _operations(self, number: int, values: dict[str, Any]) -> str:
        project = self._project_for(values.get("project", ""))
        year, quarter = values.get("year"), values.get("quarter")
        if year is not None and quarter is not None:
            self._claim(OPERATIONS.name, (project.pk, year, quarter), number, "quarter")
        fields = {name: value for name, value in values.items() if name != "project"}
        existing = self.operations_reports.get((project.pk, year, quarter))
        if existing is None:
            report = operations_services.operations_report_create(
                project=project, user=self.user, **fields
            )
        else:
            changes = {
                name: value
                for name, value in fields.items()
                if not _same(existing[name], value if name != "note" else value or "")
            }
            if not changes:
                return UNCHANGED
            report = operations_services.operations_report_update(
                report=OperationsReport.objects.get(pk=existing["pk"]),
                user=self.user,
                **changes,
            )
            self.changed_fields = list(changes)
        names = [column.name for column in OPERATIONS.columns[1:]]
        self.operations_reports[(project.pk, report.year, report.quarter)] = {
            "pk": report.pk,
            "project_id": project.pk,
            **{name: getattr(report, name) for name in names},
        }
        return NEW if existing is None else CHANGED


class _Taken:
    """The project codes a new project may not take: those of the batch (every existing
    project its rows name) and those created earlier in the import."""

    def __init__(self, *tables: dict[str, Any]) -> None:
        self.tables = tables

    def __contains__(self, code: object) -> bool:
        return any(code in table for table in self.tables)


def _index(rows: Any) -> dict[tuple[Any, ...], list[tuple[int, str]]]:
    """(owner, date, amount, reference) -> [(pk, note), ...] in creation order."""
    index: dict[tuple[Any, ...], list[tuple[int, str]]] = {}
    for pk, owner, day, amount, reference, note in rows.order_by("pk").iterator(chunk_size=5000):
        index.setdefault((owner, day, amount, reference), []).append((pk, note))
    return index


def _remember(index: dict[tuple[Any, ...], list[tuple[int, str]]], key: tuple, record: Any) -> None:
    index.setdefault(key, []).append((record.pk, record.note))


def _current(project: Project | ShareAcquisition, name: str) -> Any:
    if name in {"zone", "sector", "project"}:
        return getattr(project, f"{name}_id")
    if name == "country":
        return project.country.code or ""
    return getattr(project, name)


def _same(current: Any, new: Any) -> bool:
    if hasattr(new, "pk") and not isinstance(new, dt.date):
        new = new.pk
    if isinstance(current, str) and isinstance(new, str):
        return clean_text(current) == clean_text(new)
    if isinstance(current, Decimal) and isinstance(new, Decimal):
        return current == new
    return current == new


def _messages(exc: ValidationError) -> Iterator[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            for message in messages:
                yield ("" if name == NON_FIELD_ERRORS else name), message
    else:
        for message in exc.messages:
            yield "", message


def import_workbook(
    source: str | Path | IO[bytes],
    *,
    user: AbstractBaseUser | None = None,
    commit: bool = False,
    summary: WorkbookSummary | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate every row of ``source`` and, when ``commit`` and all rows pass, keep them.

    ``summary`` is what ``inspect_workbook`` already found (it is not inspected twice);
    ``progress`` is called with the number of rows done so far, after every row.
    Raises WorkbookError when the file is not a readable workbook.
    """
    workbook = open_workbook(source, summary)
    report = ImportReport()
    try:
        with transaction.atomic():
            _apply_workbook(workbook, user, report, progress)
            report.committed = commit and report.ok
            if not report.committed:
                transaction.set_rollback(True)
    finally:
        workbook.close()
    return report


def _apply_workbook(
    workbook: Any,
    user: AbstractBaseUser | None,
    report: ImportReport,
    progress: Callable[[int], None] | None = None,
) -> None:
    found: dict[str, Any] = {}
    for title in workbook.sheetnames:
        sheet = sheet_for_title(title)
        if sheet is None or sheet.name in found:
            report.warnings.append(
                _("Sheet “%(sheet)s” is not one of %(known)s and was ignored.")
                % {"sheet": title, "known": ", ".join(s.name for s in SHEETS)}
            )
            continue
        found[sheet.name] = workbook[title]
    if not found:
        report.errors.append(
            RowError(
                "",
                0,
                "",
                _("The workbook has none of the sheets %(known)s.")
                % {"known": ", ".join(s.name for s in SHEETS)},
            )
        )
        return
    importer = Importer(user)
    done = 0
    for sheet in SHEETS:
        if sheet.name not in found:
            continue
        result = SheetResult(sheet.name)
        report.sheets.append(result)
        for batch in _batches(SheetReader(sheet, found[sheet.name], report).rows()):
            importer.prepare(sheet, batch)
            for row in batch:
                done += 1
                _apply_one(importer, sheet, row, report, result)
                if progress is not None:
                    progress(done)
        if not importer.has_new_rows:
            continue
        try:
            with transaction.atomic():
                importer.flush()
        except (IntegrityError, ValidationError) as exc:
            report.errors.append(
                RowError(
                    sheet.name,
                    0,
                    "",
                    _("The new rows break a rule of the database (%(error)s).") % {"error": exc},
                )
            )
            return


#: Rows read ahead per batch: what they name is read from the database in a few queries.
BATCH_ROWS = 500


def _batches(rows: Iterator[ParsedRow]) -> Iterator[list[ParsedRow]]:
    while batch := list(itertools.islice(rows, BATCH_ROWS)):
        yield batch


def _apply_one(
    importer: Importer, sheet: Sheet, row: ParsedRow, report: ImportReport, result: SheetResult
) -> None:
    """Apply one parsed row and count its outcome (or its problems) in the report."""
    problems = row.errors or _apply_row(importer, sheet, row)
    if isinstance(problems, str):
        setattr(result, problems, getattr(result, problems) + 1)
        if problems != UNCHANGED:
            report.changes.append(
                RowChange(
                    sheet.name,
                    row.number,
                    problems,
                    [row.values.get(name) for name in KEY_COLUMNS[sheet.name]],
                    importer.changed_fields if problems == CHANGED else [],
                )
            )
        return
    result.invalid += 1
    if sheet is PROJECTS and row.values.get("code"):
        importer.refused_projects.setdefault(row.values["code"], row.number)
    report.errors.extend(
        RowError(sheet.name, row.number, column, message) for column, message in problems
    )


def _apply_row(importer: Importer, sheet: Sheet, row: ParsedRow) -> str | list[tuple[str, str]]:
    """The outcome (new / changed / unchanged) of a row, or its problems."""
    try:
        return importer.apply(sheet, row)
    except RowRefused as exc:
        return [(exc.column, exc.message)]
    except ValidationError as exc:
        known = set(sheet.column_names)
        return [(name if name in known else "", message) for name, message in _messages(exc)]
    except IntegrityError as exc:
        return [("", _("The row breaks a rule of the database (%(error)s).") % {"error": exc})]
