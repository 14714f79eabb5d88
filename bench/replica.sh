#!/usr/bin/env bash
# A PostgreSQL primary and a streaming hot standby on ports of their own, made with pg_basebackup,
# then Motlan's reads on the standby: by default tests/api/replica.test.ts; any other command given
# as arguments runs instead, with PRIMARY_URL and REPLICA_URL in its environment. Both servers and
# their files are removed on exit, whatever happens. Never touches the cluster on 5432.
#
#   bench/replica.sh                              # the replica test
#   bench/replica.sh psql "$REPLICA_URL" -c ...   # anything else (quote $ so the script expands it)
#
# Environment: PRIMARY_PORT (5442), REPLICA_PORT (5443), PG_BIN (/usr/lib/postgresql/15/bin).
# Run as root (the servers run as the postgres user) or as postgres.
set -euo pipefail

PRIMARY_PORT=${PRIMARY_PORT:-5442}
REPLICA_PORT=${REPLICA_PORT:-5443}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

for port in "$PRIMARY_PORT" "$REPLICA_PORT"; do
  if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is taken: set PRIMARY_PORT / REPLICA_PORT" >&2; exit 1; fi
done

DIR=$(mktemp -d /tmp/motlan-replica.XXXXXX)
as_pg() {
  if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; fi
}
[ "$(id -un)" = postgres ] || chown postgres "$DIR"

cleanup() {
  for node in replica primary; do
    [ -f "$DIR/$node/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$DIR/$node" -m immediate stop > /dev/null 2>&1 || true
  done
  rm -rf "$DIR"
}
trap cleanup EXIT

echo "== primary on $PRIMARY_PORT"
as_pg "$PG_BIN/initdb" -D "$DIR/primary" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 > "$DIR/initdb.log"
# initdb's pg_hba.conf already trusts replication connections from 127.0.0.1 with --auth=trust.
cat >> "$DIR/primary/postgresql.conf" <<CONF
port = $PRIMARY_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
wal_level = replica
max_wal_senders = 4
hot_standby = on
shared_buffers = 64MB
CONF
as_pg "$PG_BIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w start > /dev/null

echo "== standby on $REPLICA_PORT (pg_basebackup -R: streaming from the primary)"
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DIR/replica" -R -X stream -c fast
echo "port = $REPLICA_PORT" >> "$DIR/replica/postgresql.auto.conf"
as_pg "$PG_BIN/pg_ctl" -D "$DIR/replica" -l "$DIR/replica.log" -w start > /dev/null

export PRIMARY_URL="postgres://postgres@127.0.0.1:$PRIMARY_PORT/postgres"
export REPLICA_URL="postgres://postgres@127.0.0.1:$REPLICA_PORT/postgres"
psql_at() { psql "$1" -XAtqc "$2"; }
for _ in $(seq 1 50); do
  [ "$(psql_at "$PRIMARY_URL" "select count(*) from pg_stat_replication where state = 'streaming'")" = 1 ] && break
  sleep 0.2
done
echo "primary: $(psql_at "$PRIMARY_URL" "select 'in recovery ' || pg_is_in_recovery() || ', ' || version()")"
echo "standby: $(psql_at "$REPLICA_URL" "select 'in recovery ' || pg_is_in_recovery()")"
echo "replication: $(psql_at "$PRIMARY_URL" "select application_name || ' ' || state || ' ' || sync_state from pg_stat_replication")"

status=0
cd "$ROOT"
if [ $# -gt 0 ]; then
  "$@" || status=$?
else
  TEST_DATABASE_URL="$PRIMARY_URL" TEST_REPLICA_URL="$REPLICA_URL" nice -n 15 npm test -- tests/api/replica.test.ts --selectProjects postgres || status=$?
fi
echo "replication at the end: $(psql_at "$PRIMARY_URL" "select state || ', replay lag ' || coalesce(replay_lag::text, '0') || ', bytes behind ' || pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) from pg_stat_replication")"
exit $status
