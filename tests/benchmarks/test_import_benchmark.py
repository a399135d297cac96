"""Import speed of new rows (run by `make bench`, not by `make test`).

10,000 new projects, the whole path of the upload page's confirmation: inspection of the
file, openpyxl's read, every rule checked row by row, the batch write with history. The goal
of issue 8 is 1,000 rows/s or more on PostgreSQL:

    scripts/with-postgres.sh .venv/bin/pytest -m benchmark_only \\
        tests/benchmarks/test_import_benchmark.py -s
"""

import os
import time

import pytest
import xlsxwriter

from exchange.importer import import_workbook
from exchange.inspection import inspect_workbook
from investments.models import Project
from tests.exchange.conftest import PROJECT_HEADER
from tests.factories import ZoneFactory

pytestmark = pytest.mark.benchmark_only

ROWS = int(os.environ.get("BENCH_ROWS", 10_000))


def _workbook(path):
    with xlsxwriter.Workbook(path) as workbook:
        sheet = workbook.add_worksheet("projects")
        sheet.write_row(0, 0, PROJECT_HEADER)
        for n in range(1, ROWS + 1):
            sheet.write_row(
                n,
                0,
                [
                    "FDI",
                    f"B-{n:06}",
                    f"Dự án sản xuất linh kiện số {n}",
                    f"Công ty TNHH {n}",
                    "JP",
                    "bench-zone",
                    "",
                    "15/01/2020",
                    1_000_000 + n,
                ],
            )
    return path


@pytest.mark.django_db(transaction=True)
def test_import_of_new_rows(tmp_path, admin_user):
    ZoneFactory(code="bench-zone")
    path = _workbook(tmp_path / "bench.xlsx")

    started, cpu_started = time.perf_counter(), time.process_time()
    summary = inspect_workbook(path)
    report = import_workbook(path, user=admin_user, commit=True, summary=summary)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started

    assert report.committed, report.errors[:3]
    assert Project.objects.count() == ROWS
    # The CPU time of this process says what the wall clock cannot on a busy machine.
    print(
        f"\nimport of {ROWS} new projects: {elapsed:.2f} s, {ROWS / elapsed:,.0f} rows/s "
        f"(CPU of the app process {cpu:.2f} s, {ROWS / cpu:,.0f} rows/s)"
    )
