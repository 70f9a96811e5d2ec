#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests (issue 13): initdb in a temporary folder owned by
# the unprivileged `postgres` user (or by the current user when not root), started with pg_ctl on
# a free port, listening on 127.0.0.1 only, trust authentication (local test data only).
#   scripts/pg-test-cluster.sh start   prints the URL to export as ACI_TEST_POSTGRES_URL
#   scripts/pg-test-cluster.sh stop    stops the cluster and removes its folder
# State (folder, port) is kept in ${PG_TEST_STATE:-/tmp/aci-pg-test-cluster.env}.
set -euo pipefail
STATE="${PG_TEST_STATE:-/tmp/aci-pg-test-cluster.env}"

bindir() {
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [ -z "$d" ]; then echo "PostgreSQL introuvable (initdb, pg_ctl) : installez le paquet postgresql." >&2; exit 2; fi
  echo "$d"
}

as_owner() {
  # Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();});"
}

start() {
  if [ -f "$STATE" ]; then echo "Un cluster de test tourne déjà ($STATE) : arrêtez-le d'abord." >&2; exit 2; fi
  local bin dir port owner
  bin="$(bindir)"
  dir="$(mktemp -d /tmp/aci-pg-XXXXXX)"
  owner="$(id -un)"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; owner=postgres; fi
  chmod 700 "$dir"
  port="$(free_port)"
  as_owner "'$bin/initdb' -D '$dir/data' -U '$owner' -A trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1" \
    || as_owner "'$bin/initdb' -D '$dir/data' -U '$owner' -A trust -E UTF8 --locale=C >'$dir/initdb.log' 2>&1"
  as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=off -c max_connections=100\" start >/dev/null"
  printf 'DIR=%s\nPORT=%s\nBIN=%s\nOWNER=%s\n' "$dir" "$port" "$bin" "$owner" >"$STATE"
  echo "postgres://$owner@127.0.0.1:$port/postgres"
}

stop() {
  if [ ! -f "$STATE" ]; then echo "Aucun cluster de test à arrêter." >&2; return 0; fi
  # shellcheck disable=SC1090
  . "$STATE"
  as_owner "'$BIN/pg_ctl' -D '$DIR/data' -m fast -w stop >/dev/null" || true
  rm -rf "$DIR" "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage : $0 start|stop" >&2; exit 2 ;;
esac
