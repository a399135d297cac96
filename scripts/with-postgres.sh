#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, stopped and removed afterwards even
# when the command fails. Usage: scripts/with-postgres.sh COMMAND [ARGS...]
# The command sees DATABASE_URL pointing at an empty database on a free local port.
# PG_OPTIONS adds server settings, e.g. PG_OPTIONS="-c shared_buffers=512MB -c work_mem=32MB".
# PG_OPTIONS adds server settings, e.g. PG_OPTIONS="-c shared_buffers=512MB -c work_mem=32MB".
set -euo pipefail

bindir="${PG_BINDIR:-}"
if [[ -z "$bindir" ]]; then
  if command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/initdb" ]]; then
    bindir="$(pg_config --bindir)"
  else
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  fi
fi
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "with-postgres: initdb not found (install PostgreSQL 15 or set PG_BINDIR)" >&2
  exit 2
fi

workdir="$(mktemp -d /tmp/hpkkt-pg.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

as_pg=()
if [[ "$(id -u)" == "0" ]]; then
  chown postgres:postgres "$workdir"
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

"${as_pg[@]}" "$bindir/initdb" -D "$workdir/data" -U postgres --auth=trust -E UTF8 \
  --locale=C.UTF-8 >"$workdir/initdb.log" 2>&1 || { cat "$workdir/initdb.log" >&2; exit 2; }
"${as_pg[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off ${PG_OPTIONS:-}" \
  start >/dev/null || { cat "$workdir/server.log" >&2; exit 2; }
"${as_pg[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres hpkkt

echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on port $port"
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/hpkkt"
set +e
"$@"
status=$?
set -e
exit $status
