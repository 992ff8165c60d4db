#!/usr/bin/env bash
# Action plan benchmark at scale: rygrad's release binary with a generated initiative of
# ORGS organisations, ACTIVITIES activities and COMMITMENTS commitments (defaults 500, 5,000,
# 20,000: the issue's sizes), on SQLite and on PostgreSQL, against the issue's speed targets:
#   - the action plan (page and getActionPlan) ≤ 50 ms;
#   - the network graph data (getNetwork; the page too) ≤ 50 ms;
#   - the activity catalogue search ≤ 20 ms;
#   - the XLSX export of all activities ≤ 2 s.
# Each URL is fetched RUNS times one after another (after one warm-up); the median and the
# slowest are reported. Times are curl's total on 127.0.0.1 (server time plus a loopback
# transfer), so they are an upper bound of the server time. Anonymous pages are cached for 2 s
# by the server: every request carries a distinct query parameter to miss that cache.
# Writes bench/WORKSPACE_RESULTS.md (pass or fail, as measured).
#
# Usage (from anywhere):  bash bench/workspace.sh
# Knobs (environment):    ORGS=500 ACTIVITIES=5000 COMMITMENTS=20000 SEED=2026 RUNS=20
#                         BACKENDS="sqlite postgres" PORT=18192
#                         PG_URL=postgres://postgres@127.0.0.1:5432 PG_ADMIN_DB=test PG_DB=rygrad_workspace_bench
#                         BUILD=auto (build only if the binary is missing; 1 = always; 0 = never)
#                         BIN=path (another binary, e.g. a debug build for trying the script)
#                         KEEP_TMP=1 (keep the temp dir and the PostgreSQL database)
#                         RESULTS=path (default bench/WORKSPACE_RESULTS.md)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"

ORGS="${ORGS:-500}"
ACTIVITIES="${ACTIVITIES:-5000}"
COMMITMENTS="${COMMITMENTS:-20000}"
SEED="${SEED:-2026}"
RUNS="${RUNS:-20}"
BACKENDS="${BACKENDS:-sqlite postgres}"
PORT="${PORT:-18192}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
PG_ADMIN_DB="${PG_ADMIN_DB:-test}"
PG_DB="${PG_DB:-rygrad_workspace_bench}"
BUILD="${BUILD:-auto}"
KEEP_TMP="${KEEP_TMP:-0}"
RESULTS="${RESULTS:-$BENCH_DIR/WORKSPACE_RESULTS.md}"
SLUG=benchmark

. "$BENCH_DIR/lib.sh"

command -v curl >/dev/null || die "curl is missing"
case " $BACKENDS " in *" postgres "*) command -v psql >/dev/null || die "psql is missing (postgresql-client)" ;; esac

release_binary
ports_free "$PORT"

WORK="$(mktemp -d /tmp/rygrad-workspace.XXXXXX)"
ROWS="$WORK/rows.tsv"; : >"$ROWS"
SERVER_PID=""
PG_CREATED=0
pg_admin() { psql "$PG_URL/$PG_ADMIN_DB" -X -q -v ON_ERROR_STOP=1 "$@"; }

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
cleanup() {
  local rc=$?
  stop_server
  if [ "$PG_CREATED" = 1 ] && [ "$KEEP_TMP" != 1 ]; then
    pg_admin -c "DROP DATABASE IF EXISTS $PG_DB" 2>/dev/null || log "could not drop database $PG_DB"
  fi
  if [ "$KEEP_TMP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT

# median and maximum (ms) of RUNS fetches of URL; prints "median max bytes status"
measure() {
  local url="$1" i times=() out status bytes
  curl -s -o /dev/null "$url&warmup=1" || true
  for i in $(seq 1 "$RUNS"); do
    out="$(curl -s -o /dev/null -w '%{time_total} %{size_download} %{http_code}' "$url&run=$i$RANDOM")"
    times+=("$(awk '{printf "%.1f", $1 * 1000}' <<<"$out")")
    bytes="$(awk '{print $2}' <<<"$out")"
    status="$(awk '{print $3}' <<<"$out")"
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v b="$bytes" -v s="$status" \
    '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f %.1f %s %s\n", m, a[NR], b, s}'
}

run_backend() {
  local backend="$1" url
  case "$backend" in
    sqlite) url="sqlite://$WORK/bench.db" ;;
    postgres)
      pg_admin -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
      PG_CREATED=1
      url="$PG_URL/$PG_DB" ;;
    *) die "unknown backend $backend" ;;
  esac
  log "$backend: migrating and generating $ORGS organisations, $ACTIVITIES activities, $COMMITMENTS commitments"
  "$BIN" --database-url "$url" migrate >/dev/null
  local started=$SECONDS
  "$BIN" --database-url "$url" demo-workspace --slug "$SLUG" --organisations "$ORGS" \
    --activities "$ACTIVITIES" --commitments "$COMMITMENTS" --seed "$SEED" >"$WORK/generate-$backend.log" 2>&1
  local generated=$((SECONDS - started))
  "$BIN" --database-url "$url" serve --listen "127.0.0.1:$PORT" >"$WORK/server-$backend.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
    sleep 0.1
  done
  local base="http://127.0.0.1:$PORT"
  # name, target (ms), path (with a query string, so the cache-busting parameter can follow)
  while IFS='|' read -r name target path; do
    read -r median max bytes status <<<"$(measure "$base$path")"
    local verdict=pass
    awk -v m="$median" -v t="$target" 'BEGIN {exit !(m > t)}' && verdict=FAIL
    [ "$status" = 200 ] || verdict="FAIL (HTTP $status)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$backend" "$name" "$target" "$median" "$max" "$bytes" "$verdict" >>"$ROWS"
    log "$backend: $name median ${median} ms (max ${max} ms, $bytes bytes) — $verdict"
  done <<EOF
getActionPlan (API)|50|/api/v1/initiatives/$SLUG/action-plan?x=1
action plan page|50|/initiativer/$SLUG/handleplan?x=1
getNetwork (API)|50|/api/v1/initiatives/$SLUG/network?x=1
network page|50|/initiativer/$SLUG/netvaerk?x=1
catalogue search "svømning"|20|/initiativer/$SLUG/aktiviteter?q=sv%C3%B8mning
catalogue search + status filter|20|/initiativer/$SLUG/aktiviteter?q=lektie&status=running
catalogue by track|20|/initiativer/$SLUG/aktiviteter?spor=1
exportActivities (XLSX, all)|2000|/api/v1/initiatives/$SLUG/activities/export?format=xlsx
exportActivities (CSV, all)|2000|/api/v1/initiatives/$SLUG/activities/export?format=csv
EOF
  stop_server
  printf '%s\t%s\n' "$backend" "$generated" >>"$WORK/generated.tsv"
}

for backend in $BACKENDS; do
  run_backend "$backend"
done

{
  echo "# Action plan benchmark"
  echo
  echo "Generated by \`bench/workspace.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPU cores, binary $BUILT"
  echo "(\`$(basename "$BIN")\`), commit $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)."
  echo "Data: one initiative with $ORGS organisations, $ACTIVITIES activities and $COMMITMENTS commitments"
  echo "(a tenth to goals, half with a delivery), generated by \`rygrad demo-workspace\` (seed $SEED)."
  echo "Times: median and slowest of $RUNS sequential fetches with curl on 127.0.0.1 (an upper bound of"
  echo "the server time); the 2-second page cache is bypassed."
  echo
  echo "| backend | what | target (ms) | median (ms) | slowest (ms) | bytes | verdict |"
  echo "|---|---|---|---|---|---|---|"
  awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7}' "$ROWS"
  echo
  echo "Generating the data took: $(awk -F'\t' '{printf "%s %s s; ", $1, $2}' "$WORK/generated.tsv")"
} >"$RESULTS"
log "wrote $RESULTS"
