"""import_xlsx / export_xlsx: exit codes, one-line errors, --dry-run."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from investments.models import Project
from tests.exchange.conftest import good_sheets

pytestmark = pytest.mark.django_db


def test_import_exits_0_and_reports_counts(make_workbook, capsys):
    call_command("import_xlsx", str(make_workbook()), "--lang", "en")

    out = capsys.readouterr().out
    assert "projects: 2 new, 0 changed, 0 unchanged, 0 invalid" in out
    assert "Imported: 7 new, 0 changed, 0 unchanged." in out
    assert Project.objects.count() == 2


def test_dry_run_reports_and_writes_nothing(make_workbook, capsys):
    call_command("import_xlsx", str(make_workbook()), "--dry-run", "--lang", "en")

    assert "nothing was written" in capsys.readouterr().out
    assert Project.objects.count() == 0


def test_invalid_rows_exit_1_and_import_nothing(make_workbook, capsys):
    sheets = good_sheets()
    sheets["projects"].append(
        ["FDI", "P-9", "A", "B", "JP", "dinh-vu", "", "01/01/2020", 1000.125, None]
    )

    with pytest.raises(CommandError) as raised:
        call_command("import_xlsx", str(make_workbook(sheets)), "--lang", "en")

    assert raised.value.returncode == 1
    assert "1 invalid row: nothing was imported." in str(raised.value)
    assert "projects, row 4, registered_capital:" in capsys.readouterr().out
    assert Project.objects.count() == 0


@pytest.mark.parametrize(
    "args",
    [[], ["/no/such/file.xlsx"]],
    ids=["missing FILE", "missing file"],
)
def test_bad_arguments_exit_2(args):
    with pytest.raises(CommandError) as raised:
        call_command("import_xlsx", *args)
    assert raised.value.returncode == 2


def test_a_file_that_is_not_a_workbook_exits_2(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text("kind,code\nFDI,P-1\n")

    with pytest.raises(CommandError, match="not an Excel workbook") as raised:
        call_command("import_xlsx", str(path), "--lang", "en")

    assert raised.value.returncode == 2


def test_export_to_an_unwritable_place_exits_2(tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command("export_xlsx", str(tmp_path / "no" / "such" / "dir" / "x.xlsx"))
    assert raised.value.returncode == 2
    with pytest.raises(CommandError) as raised:
        call_command("export_xlsx")
    assert raised.value.returncode == 2


def _manage(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hpkkt.settings_test"}
    return subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["import_xlsx"],
        ["import_xlsx", "--bogus"],
        ["export_xlsx"],
        ["export_xlsx", "/no/such/dir/x.xlsx"],
    ],
)
def test_bad_arguments_print_one_line_without_traceback(args):
    result = _manage(*args)

    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
