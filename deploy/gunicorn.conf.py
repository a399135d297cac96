"""gunicorn settings for HPKKT (``make serve``; ``deploy/hpkkt.service`` uses the same file).

Every value can be overridden from the environment (``GUNICORN_*``) or the command line.

Why these numbers, for the Authority's 2-core server:
- ``workers = cores + 1`` (3): a worker is a process with its own Python (~120 MB with
  openpyxl, xlsxwriter and plotly loaded), so more than one per core mostly costs memory; the
  extra one keeps a core busy while another worker waits on PostgreSQL.
- ``threads = 4`` (gthread worker): most of a request's time is spent waiting for the
  database or for the client to download a file, and threads overlap those waits; 3 x 4 = 12
  requests at once is ample for the Authority's few dozen users. Django keeps one database
  connection per thread (``DJANGO_CONN_MAX_AGE``), so PostgreSQL sees at most 12 per server.
- ``timeout = 60`` s: the longest interactive work (a year's Word report, a 100k-row export
  streamed in constant memory) finishes well inside it; large imports run as background jobs.
  A worker stuck longer is killed and replaced rather than holding a slot.
- ``max_requests = 1000`` (with jitter): workers are recycled now and then, so memory taken by
  one large workbook is returned to the system.
- No ``preload_app``: each worker loads the application itself and warms it up before its
  first request (``hpkkt/wsgi.py``), and ``systemctl reload`` (HUP) then starts workers on the
  new release's code; a preloaded master would fork them from the old one.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
max_requests = 1000
max_requests_jitter = 100
# The heartbeat file in memory: a slow disk must not make the arbiter kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# Access log on stdout (journald under systemd), with the time each request took.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%({x-forwarded-for}i)s %(h)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'

# Only the local reverse proxy may tell gunicorn the client's scheme and address.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Request line and headers stay small; nginx already limits the body.
limit_request_line = 8190
limit_request_fields = 100
