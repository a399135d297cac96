"""Import speed of new rows (run by `make bench`, not by `make test`).

10,000 new projects; 10,000 new capital adjustments of 2,000 existing projects; a mixed
workbook of 5,000 new projects and 5,000 new adjustments of them. Each run takes the whole path
of the upload page's confirmation: inspection of the file, openpyxl's read, every rule checked
row by row, the batch write with history. The goal of issue 8 is 1,000 rows/s or more on
PostgreSQL:

    scripts/with-postgres.sh .venv/bin/pytest -m benchmark_only \\
        tests/benchmarks/test_import_benchmark.py -s
"""

import datetime as dt
import os
import time
from decimal import Decimal

import pytest
import xlsxwriter

from exchange.importer import import_workbook
from exchange.inspection import inspect_workbook
from investments import services
from investments.models import CapitalAdjustment, Project
from tests.exchange.conftest import ADJUSTMENT_HEADER, PROJECT_HEADER
from tests.factories import ZoneFactory

pytestmark = pytest.mark.benchmark_only

ROWS = int(os.environ.get("BENCH_ROWS", 10_000))


def _project_row(n: int) -> list:
    return [
        "FDI",
        f"B-{n:06}",
        f"Dự án sản xuất linh kiện số {n}",
        f"Công ty TNHH {n}",
        "JP",
        "bench-zone",
        "",
        "15/01/2020",
        1_000_000 + n,
    ]


def _adjustment_rows(count: int, projects: int) -> list[list]:
    """``count`` adjustments spread over ``projects`` projects: increases and reductions that
    keep every capital above zero, each checked against the project's earlier ones."""
    rows = []
    for n in range(count):
        day = dt.date(2020, 2, 1) + dt.timedelta(days=n // projects)
        amount = 50_000 if n % 3 else -20_000
        rows.append([f"B-{n % projects + 1:06}", day.strftime("%d/%m/%Y"), amount, f"QĐ-{n}", ""])
    return rows


def _workbook(path, *, projects: int = 0, adjustments: list[list] | None = None):
    with xlsxwriter.Workbook(path) as workbook:
        if projects:
            sheet = workbook.add_worksheet("projects")
            sheet.write_row(0, 0, PROJECT_HEADER)
            for n in range(1, projects + 1):
                sheet.write_row(n, 0, _project_row(n))
        if adjustments:
            sheet = workbook.add_worksheet("adjustments")
            sheet.write_row(0, 0, ADJUSTMENT_HEADER)
            for n, row in enumerate(adjustments, start=1):
                sheet.write_row(n, 0, row)
    return path


def _run(path, user, what: str, rows: int):
    started, cpu_started = time.perf_counter(), time.process_time()
    summary = inspect_workbook(path)
    report = import_workbook(path, user=user, commit=True, summary=summary)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started

    assert report.committed, report.errors[:3]
    # The CPU time of this process says what the wall clock cannot on a busy machine.
    print(
        f"\nimport of {rows} {what}: {elapsed:.2f} s, {rows / elapsed:,.0f} rows/s "
        f"(CPU of the app process {cpu:.2f} s, {rows / cpu:,.0f} rows/s)"
    )


@pytest.mark.django_db(transaction=True)
def test_import_of_new_rows(tmp_path, admin_user):
    ZoneFactory(code="bench-zone")
    path = _workbook(tmp_path / "bench.xlsx", projects=ROWS)
    _run(path, admin_user, "new projects", ROWS)
    assert Project.objects.count() == ROWS


@pytest.mark.django_db(transaction=True)
def test_import_of_new_adjustments(tmp_path, admin_user):
    zone = ZoneFactory(code="bench-zone")
    projects = max(ROWS // 5, 1)
    header = PROJECT_HEADER[: len(_project_row(1))]
    services.projects_create_batch(
        [
            services.project_validate_new(
                **{
                    **dict(zip(header, _project_row(n), strict=True)),
                    "zone": zone,
                    "sector": None,
                    "registered_on": dt.date(2020, 1, 15),
                    "registered_capital": Decimal(1_000_000 + n),
                },
                taken_codes=(),
            )
            for n in range(1, projects + 1)
        ],
        user=admin_user,
    )
    path = _workbook(tmp_path / "bench.xlsx", adjustments=_adjustment_rows(ROWS, projects))
    _run(path, admin_user, f"new adjustments of {projects} existing projects", ROWS)
    assert CapitalAdjustment.objects.count() == ROWS


@pytest.mark.django_db(transaction=True)
def test_import_of_new_projects_and_adjustments(tmp_path, admin_user):
    ZoneFactory(code="bench-zone")
    half = max(ROWS // 2, 1)
    path = _workbook(
        tmp_path / "bench.xlsx", projects=half, adjustments=_adjustment_rows(half, half)
    )
    _run(path, admin_user, f"rows ({half} new projects, {half} new adjustments)", 2 * half)
    assert Project.objects.count() == half
    assert CapitalAdjustment.objects.count() == half
