#!/usr/bin/env bash
# Sourced by scripts/test.sh: starts a throw-away PostgreSQL cluster on
# 127.0.0.1 (random free port, trust auth, data in a temp folder) and exports
# LATCHKEY_TEST_PG_URL. `pg_test_cluster_stop` removes it. Without Debian's
# postgresql the variable stays unset and the PostgreSQL tests say they skip.
pg_test_cluster_start() {
  local bindir
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "pg: no PostgreSQL server binaries found; PostgreSQL tests will be skipped" >&2
    return 0
  fi
  PG_TEST_DIR="$(mktemp -d /tmp/latchkey-pg.XXXXXX)"
  local port run_as=()
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$PG_TEST_DIR"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$bindir/initdb" -D "$PG_TEST_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
  "${run_as[@]}" "$bindir/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TEST_DIR -c fsync=off -c max_connections=200" start >/dev/null
  PG_TEST_BINDIR="$bindir"
  export LATCHKEY_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "pg: test cluster on 127.0.0.1:$port" >&2
}

pg_test_cluster_stop() {
  [ -n "${PG_TEST_DIR:-}" ] || return 0
  local run_as=()
  [ "$(id -u)" = 0 ] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$PG_TEST_BINDIR/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_TEST_DIR"
}
