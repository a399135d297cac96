"""Export speed and memory for 100k rows (run by `make bench`, not by `make test`).

Two measures: the writer alone (rows from a generator, 10 columns) and the whole list page
export through the database (filters, the current-capital subquery, values_list().iterator()).
Time is measured without tracemalloc (which slows Python down), peak memory in a second run.
"""

import datetime as dt
import io
import resource
import time
import tracemalloc
from decimal import Decimal

import openpyxl
import pytest

from hpkkt.exports import ExportColumn, export_response
from investments.models import Project
from tests.factories import ZoneFactory

pytestmark = pytest.mark.benchmark_only

ROWS = 100_000
COLUMNS = [
    ExportColumn("code", "Mã dự án"),
    ExportColumn("name", "Tên dự án", width=40),
    ExportColumn("kind", "Loại"),
    ExportColumn("investor", "Nhà đầu tư", width=36),
    ExportColumn("country", "Quốc gia"),
    ExportColumn("zone", "KCN, KKT", width=28),
    ExportColumn("registered_on", "Ngày cấp mới", "date"),
    ExportColumn("registered_capital", "Vốn đăng ký (USD)", "money"),
    ExportColumn("capital", "Vốn hiện tại (USD)", "money"),
    ExportColumn("terminated_on", "Ngày chấm dứt", "date"),
]


def _rows(count: int):
    start = dt.date(1995, 1, 1)
    for index in range(count):
        yield (
            f"P{index:07d}",
            f"Dự án sản xuất linh kiện điện tử số {index}",
            "FDI",
            f"=Công ty TNHH {index}" if index % 1000 == 0 else f"Công ty TNHH {index}",
            "JP",
            "KCN Đình Vũ",
            start + dt.timedelta(days=index % 9000),
            Decimal(index) * 1000 + Decimal("0.50"),
            Decimal(index) * 1100,
            None,
        )


def _export(fmt: str, rows) -> int:
    response = export_response(rows=rows, columns=COLUMNS, fmt=fmt, filename="bench", title="x")
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    # Not response.close(): its request_finished signal would touch the database.
    if hasattr(response, "file_to_stream"):
        response.file_to_stream.close()
    return size


def _report(label: str, rows: int, seconds: float, peak: int, size: int) -> None:
    # ru_maxrss (KiB on Linux) is the process high-water mark, test database included.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\n{label}: {rows} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s; "
        f"peak Python memory {peak / 2**20:.1f} MiB (process max RSS so far {rss:.0f} MiB); "
        f"file {size / 2**20:.1f} MiB"
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_writer_100k_rows(fmt):
    began = time.perf_counter()
    size = _export(fmt, _rows(ROWS))
    seconds = time.perf_counter() - began
    tracemalloc.start()
    _export(fmt, _rows(ROWS))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    _report(f"writer {fmt}", ROWS, seconds, peak, size)
    # Memory is bounded: constant_memory flushes every row (the tablib path took ~430 MB).
    assert peak < 40 * 2**20
    assert size > 0


@pytest.mark.django_db
def test_project_list_export_100k_rows(leadership_client):
    zone = ZoneFactory()
    start = dt.date(1995, 1, 1)
    Project.objects.bulk_create(
        (
            Project(
                kind="FDI",
                code=f"P{index:07d}",
                name=f"Dự án {index}",
                investor_name=f"Công ty {index}",
                country="JP",
                zone=zone,
                registered_on=start + dt.timedelta(days=index % 9000),
                registered_capital=Decimal(index + 1) * 1000,
            )
            for index in range(ROWS)
        ),
        batch_size=5000,
    )
    url = "/investments/projects/?kind=FDI&_export=xlsx"
    began = time.perf_counter()
    response = leadership_client.get(url)
    body = b"".join(response.streaming_content)
    seconds = time.perf_counter() - began
    tracemalloc.start()
    again = leadership_client.get(url)
    for _chunk in again.streaming_content:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    _report("project list xlsx (database)", ROWS, seconds, peak, len(body))
    assert peak < 60 * 2**20
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    assert sheet.max_row == ROWS + 1
