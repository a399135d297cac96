#!/usr/bin/env bash
# `make bench`: the national-scale benchmark (scripts/bench/harness.py) on a throwaway
# PostgreSQL cluster. BENCH_SIZES=1000,20000 for a quick run; BENCH_SHARED_BUFFERS and
# BENCH_WORK_MEM tune the server (or give PG_OPTIONS whole).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PG_OPTIONS="${PG_OPTIONS:--c shared_buffers=${BENCH_SHARED_BUFFERS:-512MB} -c work_mem=${BENCH_WORK_MEM:-32MB}}"
exec scripts/with-postgres.sh .venv/bin/python scripts/bench/harness.py
