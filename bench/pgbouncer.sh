#!/usr/bin/env bash
# bench/prefill.ts through PgBouncer in transaction mode, next to the same benchmark without it:
#   1. direct to PostgreSQL, DATABASE_PREPARE=on (the default)
#   2. through PgBouncer, DATABASE_PREPARE=on   (named statements; PgBouncer < 1.21 cannot keep them)
#   3. through PgBouncer, DATABASE_PREPARE=off  (every statement unnamed)
# PgBouncer runs as the postgres user on PGBOUNCER_PORT (6442) from a throw-away folder and is
# stopped on exit. Writes bench/results/pgbouncer.md (or $OUT).
#
#   bench/pgbouncer.sh [--citizens N] [--documents N] [--duration S] [--connections N] [--reuse-data]
#
# Environment: DATABASE_URL (postgres://postgres@127.0.0.1:5432/motlan_bench), PGBOUNCER_PORT,
# POOL_SIZE (PgBouncer's default_pool_size, 20), OUT.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/motlan_bench}
PGBOUNCER_PORT=${PGBOUNCER_PORT:-6442}
POOL_SIZE=${POOL_SIZE:-20}
OUT=${OUT:-$ROOT/bench/results/pgbouncer.md}
CITIZENS=20000 DOCUMENTS=100000 DURATION=15 CONNECTIONS=20 REUSE=
while [ $# -gt 0 ]; do
  case "$1" in
    --citizens) CITIZENS=$2; shift 2 ;;
    --documents) DOCUMENTS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --reuse-data) REUSE=--reuse-data; shift ;;
    *) echo "unknown option $1 (see the head of $0)" >&2; exit 2 ;;
  esac
done

command -v pgbouncer > /dev/null || { echo "pgbouncer is not installed: apt-get install -y pgbouncer" >&2; exit 1; }
if (echo > "/dev/tcp/127.0.0.1/$PGBOUNCER_PORT") 2>/dev/null; then echo "port $PGBOUNCER_PORT is taken: set PGBOUNCER_PORT" >&2; exit 1; fi
# Debian's package may have started its own PgBouncer on 6432: this one is separate and leaves it alone.

DB_HOST=$(node -e 'const u = new URL(process.argv[1]); console.log(u.hostname)' "$DATABASE_URL")
DB_PORT=$(node -e 'const u = new URL(process.argv[1]); console.log(u.port || 5432)' "$DATABASE_URL")
DB_NAME=$(node -e 'const u = new URL(process.argv[1]); console.log(u.pathname.slice(1))' "$DATABASE_URL")
POOLER_URL="postgres://postgres@127.0.0.1:$PGBOUNCER_PORT/$DB_NAME"

DIR=$(mktemp -d /tmp/motlan-pgbouncer.XXXXXX)
as_pg() {
  if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; fi
}
[ "$(id -un)" = postgres ] || chown postgres "$DIR"
cleanup() {
  [ -f "$DIR/pgbouncer.pid" ] && kill "$(cat "$DIR/pgbouncer.pid")" 2> /dev/null || true
  sleep 0.5
  rm -rf "$DIR"
}
trap cleanup EXIT

cat > "$DIR/pgbouncer.ini" <<INI
[databases]
$DB_NAME = host=$DB_HOST port=$DB_PORT dbname=$DB_NAME

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $DIR/userlist.txt
admin_users = postgres
pool_mode = transaction
default_pool_size = $POOL_SIZE
max_client_conn = 500
logfile = $DIR/pgbouncer.log
pidfile = $DIR/pgbouncer.pid
INI
echo '"postgres" ""' > "$DIR/userlist.txt"
chown postgres "$DIR"/* 2> /dev/null || true

cd "$ROOT"
VERSION=$(pgbouncer --version | head -1)
BENCH=(nice -n 15 npx tsx bench/prefill.ts --citizens "$CITIZENS" --documents "$DOCUMENTS" --duration "$DURATION" --connections "$CONNECTIONS" --database-url "$DATABASE_URL")
started=$(date -u '+%Y-%m-%d %H:%M')
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# 1. Direct: it also loads the data when --reuse-data is not given.
echo "== 1. direct, DATABASE_PREPARE=on"
s1=0; "${BENCH[@]}" $REUSE --prepare on --out "$DIR/direct.md" 2>&1 | tee "$DIR/direct.log" || s1=$?

as_pg pgbouncer -d "$DIR/pgbouncer.ini"
for _ in $(seq 1 50); do (echo > "/dev/tcp/127.0.0.1/$PGBOUNCER_PORT") 2>/dev/null && break; sleep 0.1; done
cpu_of_pgbouncer() { awk '{print $14 + $15}' "/proc/$(cat "$DIR/pgbouncer.pid")/stat"; }
ticks=$(getconf CLK_TCK)

echo "== 2. through PgBouncer (transaction mode), DATABASE_PREPARE=on"
c0=$(cpu_of_pgbouncer)
s2=0; timeout 600 "${BENCH[@]}" --reuse-data --pooler-url "$POOLER_URL" --prepare on --out "$DIR/pooled-prepared.md" > "$DIR/pooled-prepared.log" 2>&1 || s2=$?
c2=$(( $(cpu_of_pgbouncer) - c0 ))
tail -30 "$DIR/pooled-prepared.log"

echo "== 3. through PgBouncer (transaction mode), DATABASE_PREPARE=off"
c0=$(cpu_of_pgbouncer)
s3=0; "${BENCH[@]}" --reuse-data --pooler-url "$POOLER_URL" --prepare off --out "$DIR/pooled-unnamed.md" 2>&1 | tee "$DIR/pooled-unnamed.log" || s3=$?
c3=$(( $(cpu_of_pgbouncer) - c0 ))
stats=$(psql "postgres://postgres@127.0.0.1:$PGBOUNCER_PORT/pgbouncer" -XAtq -F ' | ' -c 'show pools' 2>&1 | grep "$DB_NAME" || true)

# The "## Results" section of one run's Markdown, or what the run printed last when it wrote none.
section() {
  if [ -f "$1.md" ]; then
    sed -n '/^## Results/,/^## What each request does/p' "$1.md" | sed '1d;$d'
    # A failing run's table can be all zeros (nothing answered in the measured window): its first errors say why.
    if grep -q 'first non-2xx answers' "$1.log"; then echo; echo '```'; sed -n '/first non-2xx answers/,$p' "$1.log" | grep -v '^results written' | cut -c1-240 | head -30; echo '```'; fi
  else echo "The run wrote no results (exit $2). Its last lines:"; echo; echo '```'; grep -v '^\s*$' "$1.log" | tail -15; echo '```'; fi
}

{
  cat <<MD
# Prefill through PgBouncer (transaction mode)

Measured from $started UTC by \`bench/pgbouncer.sh --citizens $CITIZENS --documents $DOCUMENTS --duration $DURATION --connections $CONNECTIONS${REUSE:+ --reuse-data}\`
(load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end; the machine is shared with other sessions).

$VERSION, \`pool_mode = transaction\`, \`default_pool_size = $POOL_SIZE\`, in front of PostgreSQL $(psql "$DATABASE_URL" -XAtqc 'show server_version') on $DB_HOST:$DB_PORT.
Each run is bench/prefill.ts (floor, then Motlan, each ${DURATION} s after a 5 s warm-up, $CONNECTIONS connections, the same
$CITIZENS citizens and $DOCUMENTS documents); in runs 2 and 3 both servers connect through PgBouncer (\`--pooler-url\`), and
the CPU per request of "PostgreSQL backends" counts the server connections PgBouncer opened.
PgBouncer's own CPU during each whole run (warm-up, floor and Motlan together): run 2 $(awk "BEGIN {printf \"%.1f\", $c2 / $ticks}") s, run 3 $(awk "BEGIN {printf \"%.1f\", $c3 / $ticks}") s.

## 1. Direct to PostgreSQL, \`DATABASE_PREPARE=on\` (exit $s1)

$(section "$DIR/direct" "$s1")

## 2. Through PgBouncer, \`DATABASE_PREPARE=on\` (exit $s2)

$(section "$DIR/pooled-prepared" "$s2")

## 3. Through PgBouncer, \`DATABASE_PREPARE=off\` (exit $s3)

$(section "$DIR/pooled-unnamed" "$s3")

PgBouncer's pools after run 3 (\`SHOW POOLS\`: database | user | cl_active | cl_waiting | … | sv_active | sv_idle | sv_used | …):

\`\`\`
$stats
\`\`\`
MD
} > "$OUT"
echo "written to $OUT"
