"""One measurement of ``make bench``, in a process of its own against one database.

Run by ``scripts/bench/harness.py`` with DATABASE_URL, DEBUG off and the bench environment set:

    measure.py pages [--full]    dashboard, report, list (and with --full: exports, floors)
    measure.py export-rss        peak RSS growth while the real list view exports ~100k rows
    measure.py accounts          the load test's accounts (password BENCH_PASSWORD)
    measure.py import-rss        peak RSS growth while the real import view previews an upload
                                 of 1,000 changed project rows

It prints one JSON object as its last line. Timings are the median of REPEAT runs after one
warm-up run; pages go through Django's test client (the whole middleware stack, DEBUG off),
logged in as a leadership (or, for the upload, staff) user without 2FA.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hpkkt.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
import xlsxwriter  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from hpkkt import figures  # noqa: E402
from hpkkt.roles import LEADERSHIP_GROUP, STAFF_GROUP  # noqa: E402
from investments.models import Project, Zone  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
EXPORT_REPEAT = int(os.environ.get("BENCH_EXPORT_REPEAT", "2"))
EXPORT_ROWS = 100_000
PERIOD = "2020-H1"
START, END = dt.date(2020, 1, 1), dt.date(2020, 6, 30)
PREVIOUS = (dt.date(2019, 1, 1), dt.date(2019, 6, 30))


def median_ms(run: Callable[[], Any], repeat: int = REPEAT, what: str = "") -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    result = round(statistics.median(times), 1)
    print(f"measure: {what} {result} ms (median of {repeat})", file=sys.stderr, flush=True)
    return result


def user(name: str, group: str) -> User:
    account, _ = User.objects.get_or_create(username=name)
    account.groups.add(Group.objects.get(name=group))
    return account


def client_for(account: User) -> Client:
    client = Client()
    client.force_login(account)
    return client


def get_ok(client: Client, url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    if getattr(response, "streaming", False):
        for _ in response.streaming_content:
            pass
        response.close()
    return response


def largest_zone() -> Zone:
    return Zone.objects.annotate(size=Count("projects")).order_by("-size", "code").first()


def list_url() -> str:
    zone = largest_zone()
    return (
        f"/investments/projects/?zone={zone.pk}&registered_from=01/01/2010"
        "&registered_to=31/12/2020&sort=-capital"
    )


def export_cutoff() -> tuple[dt.date, int]:
    """The registration date up to which about EXPORT_ROWS projects were registered."""
    total = Project.objects.count()
    index = min(EXPORT_ROWS, total) - 1
    day = Project.objects.order_by("registered_on").values_list("registered_on", flat=True)[index]
    return day, Project.objects.filter(registered_on__lte=day).count()


def export_url(day: dt.date) -> str:
    return f"/investments/projects/?registered_to={day:%d/%m/%Y}&_export=xlsx"


# --- the floors: the same figures by hand-written SQL over the raw tables, one cursor -------

FLOOR_SQL = [
    # period_summary, projects: new, previous new, terminated, valid at the end, by kind
    """
    SELECT kind,
      COUNT(*) FILTER (WHERE registered_on BETWEEN %(s)s AND %(e)s),
      COALESCE(SUM(registered_capital) FILTER (WHERE registered_on BETWEEN %(s)s AND %(e)s), 0),
      COALESCE(SUM(registered_capital) FILTER (WHERE registered_on BETWEEN %(ps)s AND %(pe)s), 0),
      COUNT(*) FILTER (WHERE terminated_on BETWEEN %(s)s AND %(e)s),
      COUNT(*) FILTER (WHERE registered_on <= %(e)s
                       AND (terminated_on IS NULL OR terminated_on > %(e)s)),
      COALESCE(SUM(registered_capital) FILTER (WHERE registered_on <= %(e)s
                       AND (terminated_on IS NULL OR terminated_on > %(e)s)), 0)
    FROM investments_project GROUP BY kind
    """,
    # period_summary, adjustments: adjusted projects, increases, reductions, previous
    # increases, and the adjustments of valid projects up to the end (cumulative capital)
    """
    SELECT p.kind,
      COUNT(DISTINCT a.project_id) FILTER (WHERE a.adjusted_on BETWEEN %(s)s AND %(e)s
                                           AND a.amount > 0),
      COALESCE(SUM(a.amount) FILTER (WHERE a.adjusted_on BETWEEN %(s)s AND %(e)s
                                     AND a.amount > 0), 0),
      COALESCE(SUM(a.amount) FILTER (WHERE a.adjusted_on BETWEEN %(s)s AND %(e)s
                                     AND a.amount < 0), 0),
      COALESCE(SUM(a.amount) FILTER (WHERE a.adjusted_on BETWEEN %(ps)s AND %(pe)s
                                     AND a.amount > 0), 0),
      COALESCE(SUM(a.amount) FILTER (WHERE a.adjusted_on <= %(e)s AND p.registered_on <= %(e)s
                       AND (p.terminated_on IS NULL OR p.terminated_on > %(e)s)), 0)
    FROM investments_capitaladjustment a JOIN investments_project p ON p.id = a.project_id
    GROUP BY p.kind
    """,
    "SELECT kind, amount FROM investments_annualtarget WHERE year = %(year)s",
    """
    SELECT u.code, COALESCE(r.total, 0), bp.amount FROM budget_unit u
    LEFT JOIN (SELECT unit_id, SUM(amount) AS total FROM budget_remittance
               WHERE paid_on BETWEEN %(s)s AND %(e)s GROUP BY unit_id) r ON r.unit_id = u.id
    LEFT JOIN budget_budgetplan bp ON bp.unit_id = u.id AND bp.year = %(year)s
    ORDER BY u.code
    """,
    # monthly attracted: from 1 January of the previous year to the end, by kind and month
    """
    SELECT kind, date_trunc('month', registered_on), SUM(registered_capital)
    FROM investments_project WHERE registered_on BETWEEN %(ms)s AND %(e)s GROUP BY 1, 2
    """,
    """
    SELECT p.kind, date_trunc('month', a.adjusted_on), SUM(a.amount)
    FROM investments_capitaladjustment a JOIN investments_project p ON p.id = a.project_id
    WHERE a.adjusted_on BETWEEN %(ms)s AND %(e)s AND a.amount > 0 GROUP BY 1, 2
    """,
    # breakdowns of the period by zone, country and sector (names joined), new and increases
    """
    SELECT p.kind, z.code, z.name, z.name_en, p.country, s.code, s.name, s.name_en,
           SUM(p.registered_capital)
    FROM investments_project p JOIN investments_zone z ON z.id = p.zone_id
    LEFT JOIN investments_sector s ON s.id = p.sector_id
    WHERE p.registered_on BETWEEN %(s)s AND %(e)s
    GROUP BY GROUPING SETS ((p.kind, z.code, z.name, z.name_en), (p.kind, p.country),
                            (p.kind, s.code, s.name, s.name_en))
    """,
    """
    SELECT p.kind, z.code, z.name, z.name_en, p.country, s.code, s.name, s.name_en,
           SUM(a.amount)
    FROM investments_capitaladjustment a JOIN investments_project p ON p.id = a.project_id
    JOIN investments_zone z ON z.id = p.zone_id
    LEFT JOIN investments_sector s ON s.id = p.sector_id
    WHERE a.adjusted_on BETWEEN %(s)s AND %(e)s AND a.amount > 0
    GROUP BY GROUPING SETS ((p.kind, z.code, z.name, z.name_en), (p.kind, p.country),
                            (p.kind, s.code, s.name, s.name_en))
    """,
    # history up to the end: registrations (and the part after the cut-off day), adjustments,
    # terminations and the adjustments the terminated projects take with them, by year
    """
    SELECT kind, EXTRACT(year FROM registered_on), SUM(registered_capital),
      COALESCE(SUM(registered_capital) FILTER (WHERE to_char(registered_on, 'MMDD') > %(cut)s), 0),
      COUNT(*)
    FROM investments_project WHERE registered_on <= %(e)s GROUP BY 1, 2
    """,
    """
    SELECT p.kind, EXTRACT(year FROM a.adjusted_on), SUM(a.amount),
      COALESCE(SUM(a.amount) FILTER (WHERE a.amount > 0), 0),
      COALESCE(SUM(a.amount) FILTER (WHERE a.amount > 0
                                     AND to_char(a.adjusted_on, 'MMDD') > %(cut)s), 0)
    FROM investments_capitaladjustment a JOIN investments_project p ON p.id = a.project_id
    WHERE a.adjusted_on <= %(e)s GROUP BY 1, 2
    """,
    """
    SELECT kind, EXTRACT(year FROM terminated_on), SUM(registered_capital), COUNT(*)
    FROM investments_project WHERE terminated_on <= %(e)s GROUP BY 1, 2
    """,
    """
    SELECT p.kind, EXTRACT(year FROM p.terminated_on), SUM(a.amount)
    FROM investments_capitaladjustment a JOIN investments_project p ON p.id = a.project_id
    WHERE p.terminated_on <= %(e)s GROUP BY 1, 2
    """,
]


def dashboard_floor() -> None:
    params = {
        "s": START,
        "e": END,
        "ps": PREVIOUS[0],
        "pe": PREVIOUS[1],
        "ms": dt.date(END.year - 1, 1, 1),
        "year": END.year,
        "cut": END.strftime("%m%d"),
    }
    with connection.cursor() as cursor:
        for sql in FLOOR_SQL:
            cursor.execute(sql, params)
            cursor.fetchall()


EXPORT_FLOOR_SQL = """
    SELECT p.code, p.name, p.kind, p.investor_name, p.country, z.name, s.code, s.name,
           p.registered_on, p.registered_capital,
           p.registered_capital + COALESCE(a.total, 0), p.kind, p.terminated_on,
           p.termination_reason
    FROM investments_project p JOIN investments_zone z ON z.id = p.zone_id
    LEFT JOIN investments_sector s ON s.id = p.sector_id
    LEFT JOIN (SELECT project_id, SUM(amount) AS total FROM investments_capitaladjustment
               WHERE adjusted_on <= CURRENT_DATE GROUP BY project_id) a ON a.project_id = p.id
    WHERE p.registered_on <= %s
    ORDER BY p.registered_on DESC, p.code
"""
HEADERS = [
    "Mã dự án", "Tên dự án", "Loại", "Nhà đầu tư", "Quốc gia", "KCN, KKT", "Mã ngành", "Ngành",
    "Ngày cấp", "Vốn đăng ký", "Vốn hiện tại", "Đơn vị tiền", "Ngày chấm dứt", "Lý do",
]  # fmt: skip
TYPES = "ttttttttdmmtdt"


def _server_side_rows(day: dt.date):
    """Rows of the export from a named (server-side) cursor, 2,000 at a time."""
    raw = connection.connection
    with raw.cursor(name="bench_export") as cursor:
        cursor.itersize = 2000
        cursor.execute(EXPORT_FLOOR_SQL, [day])
        yield from cursor


def export_floor(day: dt.date) -> None:
    """Bare xlsxwriter in constant_memory mode: the same rows and cell types, nothing else."""
    connection.ensure_connection()
    with tempfile.TemporaryFile(suffix=".xlsx") as file:
        workbook = xlsxwriter.Workbook(file, {"constant_memory": True})
        sheet = workbook.add_worksheet()
        money = workbook.add_format({"num_format": "#,##0.00"})
        date = workbook.add_format({"num_format": "dd/mm/yyyy"})
        sheet.write_row(0, 0, HEADERS)
        with connection.connection.transaction():
            for r, row in enumerate(_server_side_rows(day), start=1):
                for c, (kind, value) in enumerate(zip(TYPES, row, strict=True)):
                    if value is None:
                        continue
                    if kind == "m":
                        sheet.write_number(r, c, value / 100, money)
                    elif kind == "d":
                        sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
                    else:
                        sheet.write_string(r, c, str(value))
        workbook.close()


def export_tablib(day: dt.date) -> None:
    """What tablib's xlsx export does (it is not installed): openpyxl's ordinary, in-memory
    ``Workbook`` (not write-only), one ``append`` per row, then ``save`` — the same rows, read
    the same way as the floor, with the same number formats set per cell."""
    connection.ensure_connection()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    with connection.connection.transaction():
        for r, row in enumerate(_server_side_rows(day), start=2):
            values = [
                value / 100 if kind == "m" and value is not None else value
                for kind, value in zip(TYPES, row, strict=True)
            ]
            sheet.append(values)
            for c, kind in enumerate(TYPES, start=1):
                if kind == "m":
                    sheet.cell(row=r, column=c).number_format = "#,##0.00"
                elif kind == "d":
                    sheet.cell(row=r, column=c).number_format = "dd/mm/yyyy"
    with tempfile.TemporaryFile(suffix=".xlsx") as file:
        workbook.save(file)


def pages(full: bool) -> dict[str, Any]:
    leader = client_for(user("bench_lanhdao", LEADERSHIP_GROUP))
    dashboard = f"/?period={PERIOD}"
    result: dict[str, Any] = {"projects": Project.objects.count()}
    result["dashboard_ms"] = median_ms(lambda: get_ok(leader, dashboard), what="dashboard")
    with CaptureQueriesContext(connection) as queries:
        get_ok(leader, dashboard)
    result["dashboard_queries"] = len(queries)
    if connection.vendor == "postgresql":
        result["dashboard_floor_ms"] = median_ms(dashboard_floor, what="dashboard floor")
    report = f"/reports/?period={PERIOD}"
    result["report_ms"] = median_ms(lambda: get_ok(leader, report), what="report")
    # The first reader after a write: the figures computed again (hpkkt.figures emptied).
    result["dashboard_cold_ms"] = median_ms(
        lambda: (figures.clear(), get_ok(leader, dashboard)), what="dashboard, cold figures"
    )
    result["report_cold_ms"] = median_ms(
        lambda: (figures.clear(), get_ok(leader, report)), what="report, cold figures"
    )
    url = list_url()
    result["list_ms"] = median_ms(lambda: get_ok(leader, url), what="list")
    if not full:
        return result
    day, rows = export_cutoff()
    result["export_rows"] = rows
    url = export_url(day)
    seconds = {
        "export_s": median_ms(lambda: get_ok(leader, url), EXPORT_REPEAT, "export"),
        "export_floor_s": median_ms(lambda: export_floor(day), EXPORT_REPEAT, "export floor"),
        # Once (after the warm-up): an in-memory workbook of 100k rows takes long.
        "export_tablib_s": median_ms(lambda: export_tablib(day), 1, "export tablib-like"),
    }
    result |= {key: round(ms / 1000, 2) for key, ms in seconds.items()}
    started = time.perf_counter()
    get_ok(leader, "/import/export/")
    result["dataset_export_s"] = round(time.perf_counter() - started, 2)
    return result


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def export_rss() -> dict[str, Any]:
    leader = client_for(user("bench_lanhdao", LEADERSHIP_GROUP))
    get_ok(leader, "/investments/projects/")  # imports, templates, translations loaded
    day, rows = export_cutoff()
    before = _rss_mb()
    get_ok(leader, export_url(day))
    return {"export_rows": rows, "export_rss_growth_mb": round(_peak_mb() - before, 1)}


def _upload_workbook(rows: int = 1000) -> bytes:
    """The projects sheet of the import workbook: ``rows`` projects, each with a new name."""
    from exchange.exporter import _SheetWriter
    from exchange.sheets import PROJECTS

    fields = (
        "kind", "code", "name", "investor_name", "country", "zone__code", "sector__code",
        "registered_on", "registered_capital", "terminated_on", "termination_reason", "note",
        "land_area_ha",
    )  # fmt: skip
    chosen = list(Project.objects.order_by("code").values_list(*fields)[:rows])
    changed = [(r[0], r[1], f"{r[2]} (đổi tên)", *r[3:]) for r in chosen]
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False})
    writer = _SheetWriter(workbook, PROJECTS)
    writer.write_headers()
    writer.write_rows(changed)
    workbook.close()
    return buffer.getvalue()


def import_rss() -> dict[str, Any]:
    """Upload, preview and confirm 1,000 changed projects through the real import view; a
    workbook that size goes to the background queue, so its jobs run here, in this process,
    as the worker would run them: the growth is the worker's, over both steps."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from exchange import jobs
    from exchange.models import ImportJob

    staff = client_for(user("bench_canbo", STAFF_GROUP))
    get_ok(staff, "/import/")
    content = _upload_workbook()
    upload = SimpleUploadedFile("bench.xlsx", content)
    before = _rss_mb()
    started = time.perf_counter()
    response = staff.post("/import/", {"action": "upload", "file": upload})
    if response.status_code not in (200, 302):
        raise SystemExit(f"upload answered {response.status_code}")
    preview = ImportJob.objects.latest("created_at")
    jobs.run(str(preview.pk))
    preview.refresh_from_db()
    preview_s = time.perf_counter() - started
    if preview.state != ImportJob.State.DONE or preview.result.get("errors"):
        raise SystemExit(f"the preview job ended {preview.state}: {preview.result}")
    preview_peak = _peak_mb()
    staff.post("/import/", {"action": "confirm", "token": preview.token})
    confirm = ImportJob.objects.latest("created_at")
    if confirm.pk != preview.pk:
        jobs.run(str(confirm.pk))
        confirm.refresh_from_db()
    seconds = time.perf_counter() - started
    return {
        "import_rss_growth_mb": round(_peak_mb() - before, 1),
        "import_preview_rss_growth_mb": round(preview_peak - before, 1),
        "import_preview_s": round(preview_s, 2),
        "import_s": round(seconds, 2),
        "import_state": confirm.state,
    }


def accounts() -> dict[str, Any]:
    """The load test's accounts (leadership and staff, no 2FA), with BENCH_PASSWORD, and
    BENCH_SESSIONS sessions of the leader, logged in as Django's login() does (signals
    included): the load test's users are logged in before it starts, as the issue says, and
    its 50 password hashes at once stay out of the page timings."""
    from django.conf import settings

    for name, group in (("bench_lanhdao", LEADERSHIP_GROUP), ("bench_canbo", STAFF_GROUP)):
        account = user(name, group)
        account.set_password(os.environ["BENCH_PASSWORD"])
        account.save()
    leader = User.objects.get(username="bench_lanhdao")
    sessions = []
    for _ in range(int(os.environ.get("BENCH_SESSIONS", "0"))):
        client = Client()
        client.force_login(leader)
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return {"zone": largest_zone().pk, "sessions": sessions, "cookie": settings.SESSION_COOKIE_NAME}


def main() -> None:
    mode = sys.argv[1] if len(sys.argv) > 1 else "pages"
    if mode == "pages":
        result = pages(full="--full" in sys.argv)
    elif mode == "export-rss":
        result = export_rss()
    elif mode == "accounts":
        result = accounts()
    elif mode == "import-rss":
        result = import_rss()
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
