#!/usr/bin/env bash
# Shared measurement benchmark at scale: rygrad's release binary with VALUES stored indicator
# values (default 10,000,000: 100 weekly indicators × 98 municipalities × about 20 years), on
# SQLite and on PostgreSQL, against the issue's speed targets:
#   - an indicator's series for one unit (getIndicatorSeries) and its chart page ≤ 20 ms;
#   - the municipality map for one period (getIndicatorMap) ≤ 20 ms;
#   - the dashboard of an initiative with 30 indicators (getInitiativeDashboard, the page) ≤ 50 ms;
#   - importing a CSV_ROWS-row CSV (default 1,000,000; importIndicatorValues) ≤ 10 s, beside
#     PostgreSQL's own COPY of the same rows into a bare table in the same run (the ratio);
#   - the server's peak memory (VmHWM) < 1 GB.
# Each URL is fetched RUNS times one after another (after one warm-up); the median and the
# slowest are reported (curl's total on 127.0.0.1: an upper bound of the server time).
# Writes bench/INDICATORS_RESULTS.md (pass or fail, as measured).
#
# Usage (from anywhere):  bash bench/indicators.sh
#                         VALUES=200000 CSV_ROWS=100000 BACKENDS=sqlite bash bench/indicators.sh   # a short try
# Knobs (environment):    VALUES=10000000 CSV_ROWS=1000000 SEED=2026 RUNS=20
#                         BACKENDS="sqlite postgres" PORT=18194
#                         PG_URL=postgres://postgres@127.0.0.1:5432 PG_ADMIN_DB=test PG_DB=rygrad_indicators_bench
#                         BUILD=auto (build only if the binary is missing; 1 = always; 0 = never)
#                         BIN=path (another binary)  KEEP_TMP=1  RESULTS=path
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"

VALUES="${VALUES:-10000000}"
CSV_ROWS="${CSV_ROWS:-1000000}"
SEED="${SEED:-2026}"
RUNS="${RUNS:-20}"
BACKENDS="${BACKENDS:-sqlite postgres}"
PORT="${PORT:-18194}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
PG_ADMIN_DB="${PG_ADMIN_DB:-test}"
PG_DB="${PG_DB:-rygrad_indicators_bench}"
BUILD="${BUILD:-auto}"
KEEP_TMP="${KEEP_TMP:-0}"
RESULTS="${RESULTS:-$BENCH_DIR/INDICATORS_RESULTS.md}"
SLUG=maaling-i-stor-skala

. "$BENCH_DIR/lib.sh"

command -v curl >/dev/null || die "curl is missing"
command -v python3 >/dev/null || die "python3 is missing"
case " $BACKENDS " in *" postgres "*) command -v psql >/dev/null || die "psql is missing (postgresql-client)" ;; esac

release_binary
ports_free "$PORT"

WORK="$(mktemp -d /tmp/rygrad-indicators.XXXXXX)"
ROWS="$WORK/rows.tsv"; : >"$ROWS"
NOTES="$WORK/notes.tsv"; : >"$NOTES"
serve_and_measure_setup

run_backend() {
  local backend="$1" url
  fresh_database "$backend"; url="$DB_URL"
  log "$backend: migrating and generating $VALUES values and a $CSV_ROWS-row CSV"
  "$BIN" --database-url "$url" migrate >/dev/null
  local started=$SECONDS
  "$BIN" --database-url "$url" demo-data --indicator-values "$VALUES" --indicator-slug "$SLUG" \
    --indicator-csv "$WORK/values.csv" --csv-rows "$CSV_ROWS" --seed "$SEED" >"$WORK/generate-$backend.log" 2>&1 \
    || { cat "$WORK/generate-$backend.log" >&2; die "demo-data failed"; }
  printf '%s\tgenerating %s values\t%s s\n' "$backend" "$VALUES" "$((SECONDS - started))" >>"$NOTES"
  "$BIN" --database-url "$url" user create --email bench@example.dk --password bench-kodeord-1 --admin >/dev/null
  local token
  token="$("$BIN" --database-url "$url" token create --email bench@example.dk)"
  "$BIN" --database-url "$url" serve --listen "127.0.0.1:$PORT" >"$WORK/server-$backend.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
    sleep 0.1
  done
  local base="http://127.0.0.1:$PORT" api="http://127.0.0.1:$PORT/api/v1"
  local id period
  id="$(curl -s "$api/initiatives/$SLUG/indicators" | json 'd[0]["id"] if isinstance(d, list) else d["items"][0]["id"]')"
  period="$(curl -s "$api/indicators/$id/series?unit=0101" | json 'd["points"][-1]["period"]')"
  # name, target (ms), path (with a query string, so the cache-busting parameter can follow)
  while IFS='|' read -r name target path; do
    read -r median max bytes status <<<"$(measure "$base$path")"
    row "$backend" "$name" "$target" "$median" "$max" "$bytes" "$status"
  done <<EOF
getIndicatorSeries (one unit, ~1,000 weeks)|20|/api/v1/indicators/$id/series?unit=0101
chart page (one unit)|20|/initiativer/$SLUG/indikatorer/$id?enhed=0101
getIndicatorMap (98 municipalities, one week)|20|/api/v1/indicators/$id/map?period=$period
getInitiativeDashboard (30 indicators)|50|/api/v1/initiatives/$SLUG/dashboard?x=1
dashboard page (30 indicators)|50|/initiativer/$SLUG/overblik?x=1
EOF
  # The import: a new weekly municipality indicator, then the CSV through the API.
  local target
  target="$(curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"name":"Import","unit":"%","direction":"up","frequency":"week","geography":"municipality"}' \
    "$api/initiatives/$SLUG/indicators" | json 'd["id"]')"
  local out
  out="$(curl -s -o "$WORK/import-$backend.json" -w '%{time_total} %{http_code}' -H "Authorization: Bearer $token" \
    -F "file=@$WORK/values.csv;type=text/csv" "$api/indicators/$target/imports")"
  local secs status
  secs="$(awk '{print $1}' <<<"$out")"; status="$(awk '{print $2}' <<<"$out")"
  row "$backend" "importIndicatorValues ($CSV_ROWS-row CSV)" 10000 "$(awk -v s="$secs" 'BEGIN {printf "%.0f", s * 1000}')" \
    "–" "$(stat -c %s "$WORK/values.csv")" "$status"
  printf '%s\timport answer\t%s\n' "$backend" "$(head -c 300 "$WORK/import-$backend.json")" >>"$NOTES"
  local again
  again="$(curl -s -o "$WORK/again-$backend.json" -w '%{time_total}' -H "Authorization: Bearer $token" \
    -F "file=@$WORK/values.csv;type=text/csv" "$api/indicators/$target/imports")"
  printf '%s\tthe same file again (nothing changes)\t%.1f s: %s\n' "$backend" "$again" "$(head -c 200 "$WORK/again-$backend.json")" >>"$NOTES"
  if [ "$backend" = postgres ]; then
    local t0 t1
    t0=$(us_now)
    psql "$url" -X -q -v ON_ERROR_STOP=1 \
      -c "CREATE TEMP TABLE copied (kommune text, uge text, andel text)" \
      -c "\\copy copied FROM '$WORK/values.csv' WITH (FORMAT csv, DELIMITER ';', HEADER true)" >/dev/null
    t1=$(us_now)
    local copy_ms=$(( (t1 - t0) / 1000 ))
    printf '%s\tPostgreSQL COPY of the same CSV into a bare table\t%s ms (rygrad: %.1f× that)\n' "$backend" "$copy_ms" \
      "$(awk -v s="$secs" -v c="$copy_ms" 'BEGIN {print s * 1000 / (c > 0 ? c : 1)}')" >>"$NOTES"
  fi
  local hwm
  hwm="$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")"
  local verdict=pass; [ "$hwm" -lt 1048576 ] || verdict=FAIL
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$backend" "server peak memory (VmHWM, MB)" "1024" \
    "$((hwm / 1024))" "–" "–" "$verdict" >>"$ROWS"
  stop_server
}

for backend in $BACKENDS; do
  run_backend "$backend"
done

{
  echo "# Shared measurement benchmark"
  echo
  echo "Generated by \`bench/indicators.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPU cores, binary $BUILT"
  echo "(\`$(basename "$BIN")\`), commit $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)."
  echo "Data: $VALUES values of 100 weekly municipality indicators (30 in the dashboard's initiative, 70 in another), and a"
  echo "CSV of $CSV_ROWS rows (municipality names, \`2024-W07\`, decimal comma), both from"
  echo "\`rygrad demo-data --indicator-values $VALUES --indicator-csv … --csv-rows $CSV_ROWS\` (seed $SEED)."
  echo "Times: median and slowest of $RUNS sequential fetches with curl on 127.0.0.1 (an upper bound of"
  echo "the server time); the 2-second page cache is bypassed. The import is one request, timed whole."
  echo
  echo "| backend | what | target (ms) | measured (ms) | slowest (ms) | bytes | verdict |"
  echo "|---|---|---|---|---|---|---|"
  awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7}' "$ROWS"
  echo
  awk -F'\t' '{printf "- %s, %s: %s\n", $1, $2, $3}' "$NOTES"
} >"$RESULTS"
log "wrote $RESULTS"
