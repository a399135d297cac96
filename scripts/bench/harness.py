"""``make bench``: the national-scale benchmark of issue 12 against a throwaway PostgreSQL.

Run inside ``scripts/with-postgres.sh`` (DATABASE_URL names an empty cluster's database). For
each size of BENCH_SIZES (default 1000,20000,210000) it creates a database ``bench_<size>`` in
the same cluster, migrates it and fills it with ``generate_scale_data``; then it measures in
fresh processes (``scripts/bench/measure.py``): the pages at every size, the exports and the
floors at the largest, the memory of an export and of an upload, and a 60-second load test
with locust against two gunicorn servers (2 workers each, DEBUG off, loopback only). It prints
a table and, as its last line, one JSON object with the issue's keys.

Every server and child process it starts is stopped on the way out.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,20000,210000").split(",") if s]
LOAD_USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
#: Leaders arriving per second: all 50 within 5 seconds, not within the same millisecond.
SPAWN_RATE = int(os.environ.get("BENCH_SPAWN_RATE", "10"))
STALE_CHECKS = int(os.environ.get("BENCH_STALE_CHECKS", "10"))
KEYS = [
    "dashboard_ms", "dashboard_queries", "dashboard_ms_1k", "dashboard_ms_20k",
    "dashboard_floor_ms", "dashboard_ratio", "report_ms", "list_ms", "export_s",
    "export_floor_s", "export_ratio", "export_tablib_s", "export_speedup_vs_tablib",
    "export_rss_growth_mb", "dataset_export_s", "import_rss_growth_mb", "load_rps",
    "load_p95_ms", "load_errors", "load_stale_reads",
]  # fmt: skip
#: The periods the load test's leaders open (passed to locust as BENCH_PERIODS).
LOAD_PERIODS = ["2020-H1", "2020", "2019-Q3", "2021-H2", "2024", "2025-H1", "2023-07", "2018"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def database_url(name: str) -> str:
    base = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return urllib.parse.urlunsplit(base._replace(path=f"/{name}"))


def environment(url: str) -> dict[str, str]:
    """DEBUG off, as deployed, but over loopback HTTP: no HTTPS redirect, no secure cookies."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "hpkkt.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "http://127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def run(args: list[str], env: dict[str, str], capture: bool = False) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, check=False, text=True, capture_output=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"bench: {' '.join(args[:3])} failed ({result.returncode})")
    return result.stdout if capture else ""


def measure(env: dict[str, str], *args: str) -> dict[str, Any]:
    out = run([PYTHON, "scripts/bench/measure.py", *args], env, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(size: int) -> dict[str, str]:
    name = f"bench_{size}"
    create_database(name)
    env = environment(database_url(name))
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    started = time.monotonic()
    run([PYTHON, "manage.py", "generate_scale_data", "--projects", str(size)], env)
    log(f"{size} projects generated in {time.monotonic() - started:.0f} s")
    return env


# --- load test -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    """gunicorn as deployed (deploy/gunicorn.conf.py: gthread, preloaded and warmed up), with
    2 workers, on loopback, without the access log."""
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"), "hpkkt.wsgi", "--config", "deploy/gunicorn.conf.py",
            "--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "120",
            "--log-level", "warning", "--access-logfile", "/dev/null",
        ],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip


def wait_ready(port: int, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit(f"bench: the server on port {port} did not start")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def login(base: str, username: str, password: str):
    import requests

    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=120)
    token = CSRF.search(page.text)
    response = session.post(
        f"{base}/accounts/login/",
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token.group(1) if token else "",
        },
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=120,
    )
    if response.status_code != 302:
        raise SystemExit(f"bench: login of {username} on {base} failed ({response.status_code})")
    return session


def stale_reads(writer_base: str, reader_base: str, password: str, zone: str) -> int:
    """Projects created through one server (the real form, a staff session) and read back
    through the other on the very next request: how many were not seen there."""
    writer = login(writer_base, "bench_canbo", password)
    reader = login(reader_base, "bench_lanhdao", password)
    stale = 0
    for index in range(STALE_CHECKS):
        code = f"BENCH-STALE-{secrets.token_hex(4)}-{index}"
        url = f"{writer_base}/investments/projects/new/?kind=DI"
        form = writer.get(url, timeout=120)
        token = CSRF.search(form.text)
        response = writer.post(
            url,
            {
                "kind": "DI",
                "code": code,
                "name": f"Dự án kiểm tra đồng bộ {index}",
                "investor_name": "Công ty kiểm tra",
                "zone": zone,
                "registered_on": "15/06/2025",
                "registered_capital": "1000000000",
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": url},
            allow_redirects=False,
            timeout=120,
        )
        if response.status_code != 302:
            raise SystemExit(f"bench: the project form answered {response.status_code}")
        detail = reader.get(reader_base + response.headers["Location"], timeout=120)
        listed = reader.get(f"{reader_base}/investments/projects/?q={code}", timeout=120)
        if detail.status_code != 200 or code not in listed.text:
            stale += 1
    return stale


def warm_figures(hosts: list[str], cookie: str, session_key: str) -> None:
    """Each period's dashboard and report once through each server before the measured
    minute: the load test measures leaders reading figures already computed for the current
    version of the data (the figures cache, hpkkt.figures). What the first reader after a
    write waits for is ``dashboard_cold_ms`` and ``report_cold_ms``."""
    import requests

    session = requests.Session()
    session.cookies.set(cookie, session_key)
    for host in hosts:
        for period in LOAD_PERIODS:
            for path in ("/", "/reports/"):
                response = session.get(f"{host}{path}?period={period}", timeout=300)
                if response.status_code != 200:
                    raise SystemExit(
                        f"bench: warming {path}?period={period} gave {response.status_code}"
                    )


def load_test(env: dict[str, str]) -> dict[str, Any]:
    password = secrets.token_urlsafe(12)
    prepared = measure(
        {**env, "BENCH_PASSWORD": password, "BENCH_SESSIONS": str(LOAD_USERS)}, "accounts"
    )
    zone = prepared["zone"]
    ports = [free_port(), free_port()]
    servers = [start_server(env, port) for port in ports]
    try:
        for port in ports:
            wait_ready(port)
        hosts = [f"http://127.0.0.1:{port}" for port in ports]
        warm_figures(hosts, prepared["cookie"], prepared["sessions"][0])
        with tempfile.TemporaryDirectory() as tmp:
            locust = subprocess.Popen(
                [
                    str(BIN / "locust"), "-f", "scripts/bench/locustfile.py", "--headless",
                    "--users", str(LOAD_USERS), "--spawn-rate", str(SPAWN_RATE),
                    "--run-time", f"{LOAD_SECONDS}s", "--stop-timeout", "10",
                    "--host", hosts[0], "--csv", f"{tmp}/load", "--only-summary",
                    "--loglevel", "WARNING",
                ],
                cwd=ROOT,
                env={
                    **env, "BENCH_HOSTS": ",".join(hosts),
                    "BENCH_SESSIONS": ",".join(prepared["sessions"]),
                    "BENCH_SESSION_COOKIE": prepared["cookie"],
                    "BENCH_PERIODS": ",".join(LOAD_PERIODS),
                },
                start_new_session=True,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            try:
                locust.wait(timeout=LOAD_SECONDS + 60)
            finally:
                stop(locust)
            stats = _aggregated(Path(tmp) / "load_stats.csv")
        # The consistency check runs right after the load, on two fresh servers on the same
        # ports and database: under load, and even after it on the same servers (gunicorn
        # still works through the requests locust gave up on), each of its 90 requests
        # queued behind 50 users' dashboards on 2 cores for longer than any client timeout.
        for server in servers:
            stop(server)
        servers = [start_server(env, port) for port in ports]
        for port in ports:
            wait_ready(port)
        stale = stale_reads(hosts[0], hosts[1], password, zone)
        stale += stale_reads(hosts[1], hosts[0], password, zone)
    finally:
        for server in servers:
            stop(server)
    return {
        "load_rps": round(float(stats["Requests/s"]), 1),
        "load_p95_ms": int(float(stats["95%"])),
        "load_errors": int(stats["Failure Count"]),
        "load_stale_reads": stale,
        "load_requests": int(stats["Request Count"]),
    }


def _aggregated(path: Path) -> dict[str, str]:
    import csv

    with path.open() as file:
        for row in csv.DictReader(file):
            if row["Name"] == "Aggregated":
                return row
    raise SystemExit("bench: locust wrote no statistics")


# --- report ----------------------------------------------------------------------------------


def _ratio(a: float | None, b: float | None, digits: int = 2) -> float | None:
    return round(a / b, digits) if a is not None and b else None


def label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def main() -> None:
    env0 = environment(os.environ["DATABASE_URL"])
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env0)
    by_size: dict[int, dict[str, Any]] = {}
    largest = max(SIZES)
    for size in sorted(SIZES):
        env = prepare(size)
        by_size[size] = measure(env, "pages", *(["--full"] if size == largest else []))
        log(f"{size}: {by_size[size]}")
    big = by_size[largest]
    env = environment(database_url(f"bench_{largest}"))
    big |= measure(env, "export-rss")
    big |= measure(env, "import-rss")
    big |= load_test(env)

    result: dict[str, Any] = {key: big.get(key) for key in KEYS}
    for size in (1000, 20000):
        result[f"dashboard_ms_{label(size)}"] = by_size.get(size, {}).get("dashboard_ms")
    result["dashboard_ratio"] = _ratio(big.get("dashboard_ms"), big.get("dashboard_floor_ms"))
    result["export_ratio"] = _ratio(big.get("export_s"), big.get("export_floor_s"))
    result["export_speedup_vs_tablib"] = _ratio(big.get("export_tablib_s"), big.get("export_s"))

    print(f"\nHPKKT benchmark, PostgreSQL, sizes {', '.join(map(str, sorted(SIZES)))}")
    print(f"{'':<24}" + "".join(f"{label(s):>12}" for s in sorted(SIZES)))
    table_keys = (
        "dashboard_ms", "dashboard_cold_ms", "dashboard_queries", "dashboard_floor_ms",
        "report_ms", "report_cold_ms", "list_ms",
    )  # fmt: skip
    for key in table_keys:
        cells = "".join(f"{by_size[s].get(key, ''):>12}" for s in sorted(SIZES))
        print(f"{key:<24}{cells}")
    print(f"\nat {largest} projects ({big.get('export_rows')} exported rows):")
    for key in KEYS:
        print(f"  {key:<28}{result[key]!s:>12}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
