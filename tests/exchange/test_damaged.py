"""Damaged and oversized workbooks: each built here by editing a good file's XML, each refused
with a message naming what is wrong and where, never a server error."""

import io
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from exchange.importer import import_workbook
from exchange.inspection import DamagedWorkbook, LimitExceeded, inspect_workbook
from investments.models import Project
from tests.exchange.conftest import PROJECT_HEADER, good_sheets

pytestmark = pytest.mark.django_db

URL = reverse("exchange:import")
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    'uniqueCount="1"><si><t>&lol3;</t></si></sst>'
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    'uniqueCount="1"><si><t>&xxe;</t></si></sst>'
)


def _projects(count: int) -> dict:
    rows = [PROJECT_HEADER]
    for number in range(1, count + 1):
        rows.append(
            ["FDI", f"P-{number:04}", f"Dự án {number}", "Co", "JP", "dinh-vu", "", "15/01/2020"]
            + [1000 + number, None]
        )
    return {"projects": rows}


def rewrite(path: Path, part: str, change: Callable[[str], str]) -> Path:
    """Copy ``path`` with ``part``'s XML passed through ``change``."""
    with zipfile.ZipFile(path) as source:
        contents = {info.filename: source.read(info) for info in source.infolist()}
    text = contents[part].decode()
    changed = change(text)
    assert changed != text, "the edit must change the part"
    contents[part] = changed.encode()
    target = path.with_name(f"damaged-{path.name}")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    return target


def _row(text: str, number: int) -> tuple[int, int]:
    match = re.search(rf'<row r="{number}"[^>]*>.*?</row>', text)
    assert match
    return match.start(), match.end()


def _edit_row(number: int, change: Callable[[str], str]) -> Callable[[str], str]:
    def edit(text: str) -> str:
        start, end = _row(text, number)
        return text[:start] + change(text[start:end]) + text[end:]

    return edit


def _set_cell(number: int, column: str, cell_xml: str) -> Callable[[str], str]:
    """Replace cell ``column``+``number`` with ``cell_xml``."""

    def change(row: str) -> str:
        return re.sub(rf'<c r="{column}{number}"[^>]*?(/>|>.*?</c>)', cell_xml, row, count=1)

    return _edit_row(number, change)


def _message(path: Path, lang: str = "en") -> str:
    with translation.override(lang), pytest.raises((DamagedWorkbook, LimitExceeded)) as raised:
        import_workbook(path)
    return str(raised.value)


def excel_like(path: Path, sheets: dict) -> Path:
    """Write ``sheets`` as Excel does, strings in the shared-string table (openpyxl would write
    them inline)."""
    with xlsxwriter.Workbook(path) as workbook:
        for title, rows in sheets.items():
            worksheet = workbook.add_worksheet(title)
            for number, row in enumerate(rows):
                worksheet.write_row(number, 0, row)
    return path


@pytest.fixture
def big(tmp_path) -> Path:
    return excel_like(tmp_path / "big.xlsx", _projects(300))


@pytest.fixture
def small(tmp_path) -> Path:
    return excel_like(tmp_path / "small.xlsx", good_sheets() | {"adjustments": [["project"]]})


DAMAGE = {
    "broken tag late in a sheet": (
        _edit_row(250, lambda row: row.replace("</row>", "</rwo>")),
        "row 250",
        "malformed",
    ),
    "bad shared-string index": (
        _set_cell(3, "B", '<c r="B3" t="s"><v>99999</v></c>'),
        "row 3",
        "refers to shared string 99999",
    ),
    'number cell holding "abc"': (
        _set_cell(4, "I", '<c r="I4" t="n"><v>abc</v></c>'),
        "row 4",
        "cell I4 should hold a number but holds “abc”",
    ),
    'date cell holding "not-a-date"': (
        _set_cell(5, "H", '<c r="H5" t="d"><v>not-a-date</v></c>'),
        "row 5",
        "cell H5 should hold a date but holds “not-a-date”",
    ),
    'boolean cell holding "zz"': (
        _set_cell(6, "I", '<c r="I6" t="b"><v>zz</v></c>'),
        "row 6",
        "cell I6 should hold TRUE or FALSE but holds “zz”",
    ),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_each_damaged_sheet_names_its_sheet_and_row(big, damage):
    change, where, reason = damage
    path = rewrite(big, SHEET, change)

    message = _message(path)

    assert message.startswith(f"The workbook is damaged (sheet “projects”, {where}):")
    assert reason in message
    assert Project.objects.count() == 0


def test_the_message_is_vietnamese_first(big):
    path = rewrite(big, SHEET, DAMAGE["broken tag late in a sheet"][0])
    assert _message(path, "vi").startswith("Sổ tính bị hỏng (trang tính “projects”, dòng 250)")


def test_openpyxl_failures_the_inspection_misses_are_damage_too(big, monkeypatch):
    # A kind of damage inspect_workbook does not know still ends as the same message.
    monkeypatch.setattr("exchange.importer.inspect_workbook", lambda source: None)
    path = rewrite(big, SHEET, DAMAGE['number cell holding "abc"'][0])

    message = _message(path)

    assert message.startswith("The workbook is damaged (sheet “projects”, row 4):")


def test_a_truncated_zip(big):
    path = big.with_name("truncated.xlsx")
    path.write_bytes(big.read_bytes()[: big.stat().st_size // 2])
    assert "the ZIP archive is incomplete" in _message(path)


def test_a_file_that_is_not_a_zip(tmp_path):
    path = tmp_path / "text.xlsx"
    path.write_text("kind,code\nFDI,P-1\n")
    assert _message(path, "vi").startswith("Sổ tính bị hỏng:")
    assert "not a ZIP archive" in _message(path)


def test_a_missing_sheet_part(big):
    with zipfile.ZipFile(big) as source:
        contents = {name: source.read(name) for name in source.namelist() if name != SHEET}
    path = big.with_name("no-sheet.xlsx")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    assert "part xl/worksheets/sheet1.xml is missing" in _message(path)


@pytest.mark.parametrize("bomb", [BOMB, EXTERNAL], ids=["billion laughs", "external entity"])
def test_xml_bombs_and_external_entities_are_refused(small, bomb):
    path = rewrite(small, STRINGS, lambda text: bomb)
    message = _message(path)
    assert message.startswith("The workbook is damaged:")
    assert "declares a DTD or entities" in message


def test_openpyxl_itself_parses_with_defusedxml(small):
    assert openpyxl.DEFUSEDXML is True
    path = rewrite(small, STRINGS, lambda text: BOMB)
    with pytest.raises(Exception) as raised:  # noqa: PT011 - whatever openpyxl raises
        openpyxl.load_workbook(path, read_only=True)
    assert "lol" not in str(raised.value)


def test_a_zip_bomb_is_refused_from_the_directory_alone(small, settings):
    settings.EXCHANGE_MAX_MEMBER_BYTES = 1024 * 1024
    padding = "<!-- " + "0" * (3 * 1024 * 1024) + " -->"
    path = rewrite(small, STRINGS, lambda text: text + padding)
    assert path.stat().st_size < 100 * 1024  # small on disk, large unpacked

    with translation.override("en"), pytest.raises(LimitExceeded) as raised:
        inspect_workbook(path)

    assert str(raised.value) == (
        "The workbook is too large to import: part xl/sharedStrings.xml unpacked is 3.0\xa0MB; "
        "the limit is 1.0\xa0MB."
    )


def test_a_part_that_lies_about_its_size_is_cut_off_and_refused(small):
    # The ZIP directory says 100 bytes; the data unpacks to far more. zipfile stops at the
    # declared size, so the part fails its CRC check instead of filling the memory.
    with zipfile.ZipFile(small) as source:
        contents = {name: source.read(name) for name in source.namelist()}
    buffer = io.BytesIO()
    real = 5 * 1024 * 1024
    contents[STRINGS] = (
        contents[STRINGS] + b"<!--" + b"0" * (real - len(contents[STRINGS]) - 7) + b"-->"
    )
    assert len(contents[STRINGS]) == real
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    data = buffer.getvalue().replace(struct.pack("<I", real), struct.pack("<I", 100))
    path = small.with_name("liar.xlsx")
    path.write_bytes(data)

    message = _message(path)

    assert message.startswith("The workbook is damaged:")
    assert "part xl/sharedStrings.xml cannot be unpacked" in message


def test_the_total_unpacked_size_is_limited(make_workbook, settings):
    settings.EXCHANGE_MAX_UNCOMPRESSED_BYTES = 4 * 1024
    assert "the workbook unpacked" in _message(make_workbook())


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("EXCHANGE_MAX_ROWS", 100, "sheet “projects” is more than 100 rows"),
        ("EXCHANGE_MAX_CELLS", 1000, "the workbook is more than 1,000 cells"),
        ("EXCHANGE_MAX_SHARED_STRINGS", 50, "the shared-string table is more than 50 entries"),
        ("EXCHANGE_MAX_SHARED_STRING_CHARS", 500, "the shared-string table is more than 500"),
    ],
)
def test_row_cell_and_shared_string_limits(big, settings, setting, value, expected):
    setattr(settings, setting, value)
    message = _message(big)
    assert message.startswith("The workbook is too large to import: ")
    assert expected in message


def test_the_file_size_is_limited(make_workbook, settings):
    settings.EXCHANGE_MAX_UPLOAD_BYTES = 1024
    assert "the file is" in _message(make_workbook())


def test_a_good_workbook_passes_the_inspection(big):
    summary = inspect_workbook(big)
    assert summary.rows == {"projects": 300}
    assert summary.cells == 10 + 300 * 8  # empty cells are not written


# --- the upload page and the command ---------------------------------------------------


@pytest.fixture
def upload_dir(tmp_path, settings):
    settings.EXCHANGE_UPLOAD_DIR = tmp_path / "imports"
    return settings.EXCHANGE_UPLOAD_DIR


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_the_upload_page_shows_the_message_and_keeps_no_file(staff_client, big, upload_dir, damage):
    change, where, _reason = damage
    path = rewrite(big, SHEET, change)
    row = where.split()[1]

    with open(path, "rb") as handle:
        response = staff_client.post(URL, {"action": "upload", "file": handle})

    assert response.status_code == 400
    text = response.content.decode()
    assert f"Sổ tính bị hỏng (trang tính “projects”, dòng {row})" in text
    assert list(upload_dir.iterdir()) == []


def test_the_upload_page_refuses_a_non_zip_named_xlsx(staff_client, upload_dir):
    upload = io.BytesIO(b"not a zip at all")
    upload.name = "data.xlsx"
    response = staff_client.post(URL, {"action": "upload", "file": upload})
    assert response.status_code == 400
    assert "Sổ tính bị hỏng" in response.content.decode()


def test_the_command_prints_one_line_and_exits_2(big):
    path = rewrite(big, SHEET, DAMAGE["bad shared-string index"][0])

    with pytest.raises(CommandError) as raised:
        call_command("import_xlsx", str(path), "--lang", "en")

    assert raised.value.returncode == 2
    message = str(raised.value)
    assert "\n" not in message
    assert (
        message
        == (
            f"{path}: The workbook is damaged (sheet “projects”, row 3): cell B3 refers to shared "
            "string 99999, but the workbook has 301."
        )
        or "refers to shared string 99999" in message
    )


def test_good_sheets_still_import(make_workbook):
    report = import_workbook(make_workbook(good_sheets()))
    assert report.ok, report.errors
