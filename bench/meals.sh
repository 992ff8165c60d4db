#!/usr/bin/env bash
# Meals benchmark at scale: rygrad's release binary with MEALS generated meals (default
# 1,000,000), on SQLite and on PostgreSQL, against the issue's speed targets:
#   - meals near me (25 km, 14 days, first 50) over HTTP, 64 connections, random centres:
#     ≥ 10,000 req/s, ≥ 20× the PostGIS peer (464 queries/s), p99 ≤ 10 ms, in an ordinary
#     window (from now) and in the campaign's peak (from the Monday of the next campaign week,
#     ISO week 17);
#   - the same search for the densest places (Aarhus and Copenhagen), both windows, one fixed
#     URL each: p99 ≤ 10 ms and ≥ 40 % of the requests/s of nginx serving the same answer
#     bytes as a static file (the nginx twin, measured in the same run);
#   - relay statistics: a typical relay (~50 meals) ≤ 1 ms, a relay of 100,000 meals ≤ 50 ms;
#   - the campaign dashboard ≤ 50 ms; memory ≤ 1 GB RSS with 1,000,000 meals;
#   - generating 1,000,000 meals "in minutes".
# Writes bench/MEALS_RESULTS.md (pass or fail, as measured).
#
# Usage (from anywhere):  bash bench/meals.sh
#                         MEALS=200000 BACKENDS=sqlite DURATION=5s REPEATS=1 bash bench/meals.sh   # a short try
# Knobs (environment):    MEALS=1000000 PG_MEALS=$MEALS SEED=2026 BACKENDS="sqlite postgres"
#                         DURATION=15s REPEATS=3 THREADS=2 CONNS=64 WARMUP=5s PEOPLE_REPEATS=1
#                         WRK_TIMEOUT=30s (wrk's per-request timeout; its default of 2 s would drop slow answers)
#                         CEILING_DURATION=5s (one wrk run against /healthz: the server's ceiling here)
#                         RELAY_RUNS=20 DASH_RUNS=10 BIG_RELAY=100000 (0 = no synthetic relay)
#                         PORT=18191 NGINX_PORT=18193 PG_URL=postgres://postgres@127.0.0.1:5432 PG_ADMIN_DB=test
#                         PG_DB=rygrad_meals_bench
#                         WAIT_IDLE=85 WAIT_MAX=60 (wait for an idle CPU before each wrk run; 0 = don't)
#                         BUILD=auto (build only if the binary is missing; 1 = always; 0 = never)
#                         BIN=path (another binary, e.g. one built from an earlier commit)
#                         KEEP_TMP=1 (keep the temp dir and the PostgreSQL database)
#                         RESULTS=path (default bench/MEALS_RESULTS.md)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"

MEALS="${MEALS:-1000000}"
PG_MEALS="${PG_MEALS:-$MEALS}"
SEED="${SEED:-2026}"
BACKENDS="${BACKENDS:-sqlite postgres}"
DURATION="${DURATION:-15s}"
REPEATS="${REPEATS:-3}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-64}"
WARMUP="${WARMUP:-5s}"
WRK_TIMEOUT="${WRK_TIMEOUT:-30s}"
CEILING_DURATION="${CEILING_DURATION:-5s}"
PEOPLE_REPEATS="${PEOPLE_REPEATS:-1}"
RELAY_RUNS="${RELAY_RUNS:-20}"
DASH_RUNS="${DASH_RUNS:-10}"
BIG_RELAY="${BIG_RELAY:-100000}"
PORT="${PORT:-18191}"
NGINX_PORT="${NGINX_PORT:-18193}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
PG_ADMIN_DB="${PG_ADMIN_DB:-test}"
PG_DB="${PG_DB:-rygrad_meals_bench}"
BUILD="${BUILD:-auto}"
KEEP_TMP="${KEEP_TMP:-0}"
RESULTS="${RESULTS:-$BENCH_DIR/MEALS_RESULTS.md}"
export WAIT_IDLE="${WAIT_IDLE:-85}" WAIT_MAX="${WAIT_MAX:-60}"

# The PostGIS peer (../shared/bench/anchors/RESULTS.md, section 2): pgbench TPS of query (a),
# radius 25 km + next 14 days ORDER BY start LIMIT 50, 2 clients, median of 3.
PEER_QPS=464
# Centres are drawn like the peer's: uniform in this box.
LON0=8.1; LON1=12.7; LAT0=54.8; LAT1=57.7
# The densest places: Copenhagen (Rådhuspladsen; also the centre for EXPLAIN and the raw SQL
# timing) and Aarhus (Rådhuspladsen).
CPH_LAT=55.6761; CPH_LON=12.5683
AAR_LAT=56.1529; AAR_LON=10.2039
PLACES=("copenhagen $CPH_LAT $CPH_LON" "aarhus $AAR_LAT $AAR_LON")

. "$BENCH_DIR/lib.sh"

# ---------------------------------------------------------------- tools
ensure_pkgs wrk:wrk nginx:nginx curl:curl python3:python3 sqlite3:sqlite3
case " $BACKENDS " in *" postgres "*) ensure_pkgs psql:postgresql-client ;; esac
PY="$(python3 -c 'import sys; print(sys.executable)')"
LIB="$BENCH_DIR/loadlib.py"
HZ="$(getconf CLK_TCK)"
NCPU="$(nproc)"

release_binary
ports_free "$PORT" "$NGINX_PORT"

# ---------------------------------------------------------------- scratch + cleanup
WORK="$(mktemp -d /tmp/rygrad-meals.XXXXXX)"
chmod 755 "$WORK"     # nginx's workers (www-data) read the answers under $NGX
OUT="$WORK/out"
NGX="$WORK/nginx"
mkdir -p "$OUT" "$NGX/www"
FACTS="$OUT/facts.tsv"; : >"$FACTS"
RUNS="$OUT/runs.jsonl"; : >"$RUNS"
SERVER_PID=""
NGX_PID=""
PG_CREATED=0

pg_admin() { psql "$PG_URL/$PG_ADMIN_DB" -X -q -v ON_ERROR_STOP=1 "$@"; }

cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  stop_nginx
  if [ "$PG_CREATED" = 1 ] && [ "$KEEP_TMP" != 1 ]; then
    pg_admin -c "DROP DATABASE IF EXISTS $PG_DB" 2>/dev/null || log "could not drop database $PG_DB"
  fi
  if [ "$KEEP_TMP" = 1 ] || [ "$rc" -ne 0 ]; then
    log "scratch files kept in $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- helpers
fact() { printf '%s\t%s\n' "$1" "$2" >>"$FACTS"; }

BACKEND=""; DB_URL=""; DB_FILE=""
# sql QUERY: tab-separated rows from the current backend's database.
sql() {
  if [ "$BACKEND" = sqlite ]; then
    sqlite3 -batch -noheader -separator $'\t' "$DB_FILE" "$1"
  else
    psql "$DB_URL" -X -q -A -t -F $'\t' -v ON_ERROR_STOP=1 -c "$1"
  fi
}

healthz() { curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$PORT/healthz" 2>/dev/null | grep -q '^200$'; }

# start_server LOGFILE [--demo]
start_server() {
  local logf="$1"; shift
  local t0; t0="$(us_now)"
  DATABASE_URL="$DB_URL" "$BIN" serve --listen "127.0.0.1:$PORT" --log-format text "$@" >"$logf" 2>&1 &
  SERVER_PID=$!
  until healthz; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logf" >&2; die "rygrad exited during start-up"; }
    if (( $(us_now) - t0 > 120000000 )); then cat "$logf" >&2; die "rygrad did not answer /healthz within 120 s"; fi
    sleep 0.05
  done
}

stop_server() {
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID" || die "rygrad exited with status $? on SIGTERM"
  SERVER_PID=""
}

proc_kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$SERVER_PID/status"; }

# The server's processes: rygrad, plus on PostgreSQL the backends of its pool (the cluster is
# shared with other work, so only this database's backends count as "server").
server_pids() {
  local pids="$SERVER_PID"
  if [ "$BACKEND" = postgres ]; then
    local extra
    extra="$(pg_admin -A -t -c "SELECT string_agg(pid::text, ',') FROM pg_stat_activity WHERE datname = '$PG_DB'" 2>/dev/null || true)"
    [ -n "$extra" ] && pids="$pids,$extra"
  fi
  echo "$pids"
}

# cpu_snap PIDS: "machine-busy-ticks server-ticks microseconds"
cpu_snap() {
  local busy srv=0 p t
  busy="$(awk 'NR == 1 { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)"
  for p in ${1//,/ }; do
    t="$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)"
    srv=$(( srv + ${t:-0} ))
  done
  echo "$busy $srv $(us_now)"
}

# others_share SNAP0 SNAP1: share of the machine used by everything but the server.
others_share() {
  awk -v a="$1" -v b="$2" -v hz="$HZ" -v n="$NCPU" 'BEGIN {
    split(a, x, " "); split(b, y, " ");
    wall = (y[3] - x[3]) / 1e6; if (wall <= 0) { print 0; exit }
    o = ((y[1] - x[1]) - (y[2] - x[2])) / hz / (wall * n);
    if (o < 0) o = 0; if (o > 1) o = 1; printf "%.3f", o }'
}

# time_urls NAME URL...: one curl process (one keep-alive connection) fetches the URLs in turn;
# the first is a warm-up and is dropped. Writes the times (ms) to $OUT/$BACKEND.NAME.times and
# records the others' CPU share and the response size.
time_urls() {
  local name="$1"; shift
  local args=() u pids s0 s1 raw="$OUT/$BACKEND.$name.raw"
  for u in "$@"; do args+=(-o /dev/null "$u"); done
  pids="$(server_pids)"
  s0="$(cpu_snap "$pids")"
  curl -s -w '%{http_code} %{time_total} %{size_download}\n' "${args[@]}" >"$raw"
  s1="$(cpu_snap "$pids")"
  awk '$1 != 200 { bad++ } END { exit bad > 0 }' "$raw" || die "$name: non-200 answers: $(sort "$raw" | uniq -c | head -3)"
  tail -n +2 "$raw" | awk '{ printf "%.3f\n", $2 * 1000 }' >"$OUT/$BACKEND.$name.times"
  fact "$BACKEND.$name.others" "$(others_share "$s0" "$s1")"
  fact "$BACKEND.$name.bytes" "$(tail -1 "$raw" | awk '{ print $3 }')"
  log "  $name: median $(sort -n "$OUT/$BACKEND.$name.times" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }') ms over $(( $# - 1 )) requests"
}

# json_get URL EXPR: evaluates a Python expression over the parsed JSON answer `j`.
json_get() {
  curl -sf "$1" | "$PY" -c "import json, sys; j = json.load(sys.stdin); print($2)"
}

FROM_Q="$(date -u '+%Y-%m-%dT%H:%M:%S')"
TO_Q="$(date -u -d '+14 days' '+%Y-%m-%dT%H:%M:%S')"
FROM_TS="$FROM_Q+00:00"; TO_TS="$TO_Q+00:00"          # as stored / as SQL literals
FROM_URL="$FROM_Q%2B00:00"; TO_URL="$TO_Q%2B00:00"    # '+' URL-encoded
near_path() { echo "/api/v1/meals?radius_km=25&limit=50&from=$1&to=$2"; }   # near_path FROM TO (URL-encoded)
NEAR_PATH="$(near_path "$FROM_URL" "$TO_URL")"
fact from "$FROM_TS"; fact to "$TO_TS"
# The peak window: 14 days from Monday 00:00 (Danish time) of the next campaign week that has
# not begun (ISO week 17 in the demo data), else of the last one; set from the campaigns table.
PEAK_PATH=""

# peak_window CAMPAIGNS-TSV (id, name, year, iso_week, meals): sets PEAK_PATH.
peak_window() {
  local w
  w="$("$PY" - "$1" <<'PY'
import datetime, sys, zoneinfo
tz = zoneinfo.ZoneInfo("Europe/Copenhagen")
weeks = sorted({(int(r[2]), int(r[3])) for r in (l.rstrip("\n").split("\t") for l in open(sys.argv[1])) if r[3]})
mondays = [datetime.datetime.combine(datetime.date.fromisocalendar(y, w, 1), datetime.time(), tz) for y, w in weeks]
now = datetime.datetime.now(datetime.timezone.utc)
start = next((m for m in mondays if m >= now), mondays[-1]).astimezone(datetime.timezone.utc)
f = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S") + "%2B00:00"
print(f(start), f(start + datetime.timedelta(days=14)))
PY
)"
  PEAK_PATH="$(near_path "${w% *}" "${w#* }")"
  fact peak_from "${w% *}"; fact peak_to "${w#* }"
  log "peak window: ${w/ / .. }"
}

# ---------------------------------------------------------------- wrk scripts
CENTRES="$OUT/centres.tsv"     # population-weighted centres (locations of random meals)
write_lua() {  # write_lua FILE PATH [CENTRES-FILE]
  {
    echo "-- generated by bench/meals.sh: a random centre per request"
    printf 'local base = "%s"\n' "$2"
    if [ -n "${3:-}" ]; then
      echo "local centres = {"
      awk -F'\t' '{ printf "{%s,%s},\n", $1, $2 }' "$3"
      echo "}"
    else
      echo "local centres = nil"
    fi
    cat <<LUA
local n = 0
function setup(thread)
  n = n + 1
  thread:set("seed", 7919 * n)
end
function init(args)
  math.randomseed(seed or 1)
end
function request()
  local lat, lon
  if centres then
    local c = centres[math.random(#centres)]
    lat, lon = c[1], c[2]
  else
    lon = $LON0 + math.random() * ($LON1 - $LON0)
    lat = $LAT0 + math.random() * ($LAT1 - $LAT0)
  end
  return wrk.format("GET", string.format("%s&lat=%.5f&lon=%.5f", base, lat, lon))
end
LUA
  } >"$1"
}

# Rows one search touches, for random centres. Every meal is fetched once (lat, lon, and whether
# it is listed in the 14-day window); then per centre: meals in the latitude band of the box (any
# date: what an index range on (lat, lon) walks), in the box (any date: what a box-only index
# yields), in the box and the window (what reaches Rust), and within 25 km.
diagnose_rows() {
  sql "SELECT lat, lon, CASE WHEN status = 'published' AND join_mode <> 'invitation'
       AND ends_at >= '$FROM_TS' AND starts_at <= '$TO_TS' THEN 1 ELSE 0 END FROM meals" >"$OUT/$BACKEND.points.tsv"
  "$PY" - "$OUT/$BACKEND.points.tsv" "$CENTRES" "$OUT/$BACKEND.rows.json" <<PY
import bisect, json, math, random, sys
lats, bins, window = [], {}, []
for l in open(sys.argv[1]):
    if not l.strip():
        continue
    a, o, f = l.split("\t")
    a, o = float(a), float(o)
    lats.append(a)
    bins.setdefault(int(math.floor(a * 1000)), []).append(o)
    if f.strip() == "1":
        window.append((a, o))
lats.sort()
for v in bins.values():
    v.sort()
keys = sorted(bins)
people = [tuple(map(float, l.split("\t"))) for l in open(sys.argv[2]) if l.strip()]
def dist(a1, o1, a2, o2):
    p1, p2 = math.radians(a1), math.radians(a2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(o2 - o1) / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(a))
def one(lat, lon, r=25.0):
    dlat = r / 111.0
    dlon = r / (111.320 * max(math.cos(math.radians(lat)), 0.1))
    band = bisect.bisect_right(lats, lat + dlat) - bisect.bisect_left(lats, lat - dlat)
    lo_k, hi_k = int(math.floor((lat - dlat) * 1000)), int(math.floor((lat + dlat) * 1000))
    box_all = 0  # to 0.001 degree of latitude at the box's edges
    for k in keys[bisect.bisect_left(keys, lo_k):bisect.bisect_right(keys, hi_k)]:
        v = bins[k]
        box_all += bisect.bisect_right(v, lon + dlon) - bisect.bisect_left(v, lon - dlon)
    box = [(a, o) for a, o in window if lat - dlat <= a <= lat + dlat and lon - dlon <= o <= lon + dlon]
    inside = sum(1 for a, o in box if dist(lat, lon, a, o) <= r)
    return band, box_all, len(box), inside
def pct(v, p):
    v = sorted(v); return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]
def summ(v):
    return {"mean": sum(v) / len(v), "p50": pct(v, 50), "p90": pct(v, 90), "p99": pct(v, 99), "max": max(v)}
rnd = random.Random(1)
out = {"meals": len(lats), "window_meals": len(window)}
for name, centres in (("uniform", [($LAT0 + rnd.random() * ($LAT1 - $LAT0), $LON0 + rnd.random() * ($LON1 - $LON0)) for _ in range(1000)]),
                      ("people", [people[rnd.randrange(len(people))] for _ in range(1000)])):
    res = [one(a, o) for a, o in centres]
    out[name] = {"centres": len(res), "band": summ([x[0] for x in res]), "box_all": summ([x[1] for x in res]),
                 "box": summ([x[2] for x in res]), "inside": summ([x[3] for x in res]),
                 "empty_share": sum(1 for x in res if x[3] == 0) / len(res),
                 "full_page_share": sum(1 for x in res if x[3] >= 50) / len(res)}
out["copenhagen"] = dict(zip(("band", "box_all", "box", "inside"), one($CPH_LAT, $CPH_LON)))
json.dump(out, open(sys.argv[3], "w"), indent=1)
u, p = out["uniform"], out["people"]
print(f"window {len(window)} meals; per uniform centre: lat band {u['band']['mean']:.0f}, box {u['box_all']['mean']:.0f}, "
      f"box+window {u['box']['mean']:.0f} rows on average; per people centre: {p['band']['mean']:.0f} / {p['box_all']['mean']:.0f} / {p['box']['mean']:.0f}")
PY
}

# The search's SQL for the Copenhagen centre: the plan, and the time the database needs alone.
explain_search() {
  local q dlat dlon
  read -r dlat dlon < <(awk -v lat="$CPH_LAT" 'BEGIN { pi = atan2(0, -1); c = cos(lat * pi / 180); if (c < 0.1) c = 0.1;
                                                   printf "%.6f %.6f\n", 25 / 111.0, 25 / (111.320 * c) }')
  q="SELECT * FROM meals WHERE status = 'published' AND join_mode <> 'invitation'
     AND lat BETWEEN $CPH_LAT - $dlat AND $CPH_LAT + $dlat AND lon BETWEEN $CPH_LON - $dlon AND $CPH_LON + $dlon
     AND ends_at >= '$FROM_TS' AND starts_at <= '$TO_TS' ORDER BY starts_at, id"
  if [ "$BACKEND" = sqlite ]; then
    sql "EXPLAIN QUERY PLAN $q" >"$OUT/$BACKEND.explain.txt"
    "$PY" - "$DB_FILE" "$q" <<'PY' >>"$FACTS"
import sqlite3, statistics, sys, time
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
ts, n = [], 0
for _ in range(6):
    t = time.perf_counter(); n = len(con.execute(sys.argv[2]).fetchall()); ts.append((time.perf_counter() - t) * 1000)
print(f"sqlite.cph_sql_ms\t{statistics.median(ts[1:]):.2f}")
print(f"sqlite.cph_sql_rows\t{n}")
PY
  else
    sql "EXPLAIN (ANALYZE, BUFFERS) $q" >/dev/null   # warm
    sql "EXPLAIN (ANALYZE, BUFFERS) $q" >"$OUT/$BACKEND.explain.txt"
    fact postgres.cph_sql_ms "$(grep -o 'Execution Time: [0-9.]*' "$OUT/$BACKEND.explain.txt" | awk '{ print $3 }')"
    fact postgres.cph_sql_rows "$(sql "SELECT count(*) FROM ($q) s")"
  fi
}

# Rewires BIG_RELAY consecutive generated meals (the newest) into one relay: a binary tree under
# the first of them (parent of k is (k-1)/2, generation 1 + floor(log2(k+1))). Runs after every
# other measurement, since it cuts those meals out of their generated relays.
make_big_relay() {
  local a="$1" n="$2" g=1 lo hi stmts
  stmts="UPDATE meals SET root_id = $a, parent_id = CASE WHEN id = $a THEN NULL ELSE $a + (id - $a - 1) / 2 END
         WHERE id BETWEEN $a AND $(( a + n - 1 ));"
  while :; do
    lo=$(( (1 << (g - 1)) - 1 )); hi=$(( (1 << g) - 2 ))
    (( lo < n )) || break
    (( hi < n )) || hi=$(( n - 1 ))
    stmts+=" UPDATE meals SET generation = $g WHERE id BETWEEN $(( a + lo )) AND $(( a + hi ));"
    g=$(( g + 1 ))
  done
  # Like every write to a meal, it moves updated_at, so the running server's meal index reads
  # the rewired rows (written in the format the application writes).
  if [ "$BACKEND" = sqlite ]; then
    stmts+=" UPDATE meals SET updated_at = strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000000+00:00'
             WHERE id BETWEEN $a AND $(( a + n - 1 ));"
    sqlite3 -batch "$DB_FILE" ".timeout 10000" "BEGIN; $stmts COMMIT;"
  else
    stmts+=" UPDATE meals SET updated_at = now() WHERE id BETWEEN $a AND $(( a + n - 1 ));"
    psql "$DB_URL" -X -q -v ON_ERROR_STOP=1 -1 -c "$stmts" >/dev/null
    sql "ANALYZE meals" >/dev/null
  fi
}

# The densest places, each window: one fixed URL per case, against nginx serving the bytes of
# rygrad's answer as a static file; rygrad and nginx alternate, REPEATS times.
bench_dense() {
  local spec place plat plon window path name meta code size cases=() rep idle target url pids
  for spec in "${PLACES[@]}"; do
    read -r place plat plon <<<"$spec"
    for window in ordinary peak; do
      path="$NEAR_PATH"; [ "$window" = peak ] && path="$PEAK_PATH"
      path="$path&lat=$plat&lon=$plon"; name="$place-$window"
      curl -sSf -o "$NGX/www/$BACKEND-$name.json" "http://127.0.0.1:$PORT$path" || die "GET $path failed"
      chmod a+r "$NGX/www/$BACKEND-$name.json"
      meta="$(curl -sS -o "$OUT/$BACKEND-$name.nginx-body" -w '%{http_code} %{size_download}' \
              "http://127.0.0.1:$NGINX_PORT/$BACKEND-$name.json")"
      read -r code size <<<"$meta"
      [ "$code" = 200 ] && cmp -s "$OUT/$BACKEND-$name.nginx-body" "$NGX/www/$BACKEND-$name.json" \
        || die "nginx serves $BACKEND-$name.json as $code / $size bytes, not rygrad's answer"
      fact "$BACKEND.$name.bytes" "$size"
      fact "$BACKEND.$name.meals" "$("$PY" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$NGX/www/$BACKEND-$name.json")"
      fact "$BACKEND.$name.path" "$path"
      cases+=("$name|$path")
      log "$name: $size bytes, $(grep -P "^$BACKEND\.$name\.meals\t" "$FACTS" | cut -f2) meals"
    done
  done
  for rep in $(seq 1 "$REPEATS"); do
    for spec in "${cases[@]}"; do
      name="${spec%%|*}"
      for target in rygrad nginx; do
        if [ "$target" = rygrad ]; then
          url="http://127.0.0.1:$PORT${spec#*|}"; pids="$(server_pids)"
        else
          url="http://127.0.0.1:$NGINX_PORT/$BACKEND-$name.json"; pids="$(nginx_pids)"
        fi
        idle="$("$PY" "$LIB" quiet)"
        "$PY" "$LIB" run "$OUT/wrk-$BACKEND-$name-$target-$rep.txt" "$name" "$BACKEND/$target" "$rep" "$idle" "$pids" -- \
          wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency "$url" >>"$RUNS"
        log "$name $target rep $rep: $(tail -1 "$RUNS" | "$PY" "$LIB" line)"
      done
    done
  done
}

# ---------------------------------------------------------------- one backend
bench_backend() {
  BACKEND="$1"
  local meals t0 t1 s0 s1 logf
  log "======== $BACKEND"
  if [ "$BACKEND" = sqlite ]; then
    DB_FILE="$WORK/rygrad.db"; DB_URL="sqlite://$DB_FILE"; meals="$MEALS"
  else
    pg_admin -c "SELECT 1" >/dev/null || die "PostgreSQL at $PG_URL/$PG_ADMIN_DB is not reachable"
    pg_admin -c "DROP DATABASE IF EXISTS $PG_DB" 2>/dev/null
    pg_admin -c "CREATE DATABASE $PG_DB"
    PG_CREATED=1
    DB_URL="$PG_URL/$PG_DB"; DB_FILE=""; meals="$PG_MEALS"
    fact postgres.version "$(sql 'SHOW server_version')"
    fact postgres.settings "$(sql "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name) FROM pg_settings
                                   WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', 'jit')")"
  fi
  fact "$BACKEND.meals_requested" "$meals"

  # -- 1. schema, the demo data (with the campaigns), then the generated meals
  DATABASE_URL="$DB_URL" "$BIN" migrate >/dev/null
  log "serve --demo once, for the demo initiative, campaigns and users"
  start_server "$OUT/$BACKEND.demo-serve.log" --demo
  stop_server
  fact "$BACKEND.meals_before" "$(sql 'SELECT count(*) FROM meals')"
  log "demo-data --meals $meals --seed $SEED"
  s0="$(cpu_snap "")"; t0="$(us_now)"
  DATABASE_URL="$DB_URL" "$BIN" demo-data --meals "$meals" --seed "$SEED" >"$OUT/$BACKEND.demo-data.log" 2>&1 \
    || { cat "$OUT/$BACKEND.demo-data.log" >&2; die "demo-data failed"; }
  t1="$(us_now)"; s1="$(cpu_snap "")"
  fact "$BACKEND.demo_s" "$(awk -v u=$(( t1 - t0 )) 'BEGIN { printf "%.1f", u / 1e6 }')"
  fact "$BACKEND.demo_busy" "$(others_share "$s0" "$s1")"   # whole machine, generator included
  fact "$BACKEND.demo_reported" "$(grep -o 'added .*' "$OUT/$BACKEND.demo-data.log" | tail -1)"
  log "  $(grep -o 'added .*' "$OUT/$BACKEND.demo-data.log" | tail -1)"
  if [ "$BACKEND" = postgres ]; then
    # As the peer did after its load (autovacuum would do it on its own, perhaps mid-run).
    t0="$(us_now)"; sql "VACUUM ANALYZE" >/dev/null; t1="$(us_now)"
    fact postgres.vacuum_s "$(awk -v u=$(( t1 - t0 )) 'BEGIN { printf "%.1f", u / 1e6 }')"
    fact postgres.db_bytes "$(sql 'SELECT pg_database_size(current_database())')"
    fact postgres.meals_bytes "$(sql "SELECT pg_total_relation_size('meals')")"
  else
    fact sqlite.db_bytes "$(( $(stat -c %s "$DB_FILE") + $(stat -c %s "$DB_FILE-wal" 2>/dev/null || echo 0) ))"
  fi

  # -- facts about the data
  fact "$BACKEND.meals_total" "$(sql 'SELECT count(*) FROM meals')"
  sql "SELECT c.id, c.name, c.year, c.iso_week, count(m.id) FROM campaigns c LEFT JOIN meals m ON m.campaign_id = c.id
       AND m.status = 'published' GROUP BY c.id, c.name, c.year, c.iso_week ORDER BY c.id" >"$OUT/$BACKEND.campaigns.tsv"
  [ -s "$OUT/$BACKEND.campaigns.tsv" ] || die "no campaigns: did serve --demo load the demo data?"
  sql "SELECT count(*) FROM meals GROUP BY root_id" >"$OUT/$BACKEND.relay-sizes.txt"
  local typical largest
  typical="$(sql "SELECT root_id, count(*) FROM meals GROUP BY root_id ORDER BY abs(count(*) - 50), root_id LIMIT 1")"
  largest="$(sql "SELECT root_id, count(*) FROM meals GROUP BY root_id ORDER BY count(*) DESC, root_id LIMIT 1")"
  local typ_id typ_n big_id big_n typ_code big_code
  read -r typ_id typ_n <<<"$typical"; read -r big_id big_n <<<"$largest"
  typ_code="$(sql "SELECT baton_code FROM meals WHERE id = $typ_id")"
  big_code="$(sql "SELECT baton_code FROM meals WHERE id = $big_id")"
  fact "$BACKEND.relay_typical" "$typ_id $typ_n $typ_code"
  fact "$BACKEND.relay_largest" "$big_id $big_n $big_code"
  log "typical relay: root $typ_id ($typ_n meals, $typ_code); largest: root $big_id ($big_n meals, $big_code)"

  if [ ! -s "$CENTRES" ]; then
    sql "SELECT lat, lon FROM meals ORDER BY random() LIMIT 5000" >"$CENTRES"
  fi
  [ -n "$PEAK_PATH" ] || peak_window "$OUT/$BACKEND.campaigns.tsv"
  write_lua "$OUT/near-uniform.lua" "$NEAR_PATH"
  write_lua "$OUT/near-uniform-peak.lua" "$PEAK_PATH"
  write_lua "$OUT/near-people.lua" "$NEAR_PATH" "$CENTRES"
  log "rows the search reads per request:"
  log "  $(diagnose_rows)"
  explain_search

  # -- 2. the server, the meal search under load
  start_server "$OUT/$BACKEND.serve.log"
  sleep 2
  fact "$BACKEND.rss_start_kb" "$(proc_kb VmRSS)"
  local url="http://127.0.0.1:$PORT$NEAR_PATH"
  fact "$BACKEND.sample_cph" "$(json_get "$url&lat=$CPH_LAT&lon=$CPH_LON" 'len(j)')"
  fact "$BACKEND.sample_ms" "$(curl -s -o /dev/null -w '%{time_total}' "$url&lat=$CPH_LAT&lon=$CPH_LON" | awk '{ printf "%.2f", $1 * 1000 }')"
  log "warm-up: wrk $WARMUP"
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" --timeout "$WRK_TIMEOUT" -s "$OUT/near-uniform.lua" "http://127.0.0.1:$PORT/" >/dev/null
  local rep idle variant reps
  for variant in uniform uniform-peak people; do
    reps="$REPEATS"; [ "$variant" = people ] && reps="$PEOPLE_REPEATS"
    for rep in $(seq 1 "$reps"); do
      idle="$("$PY" "$LIB" quiet)"
      "$PY" "$LIB" run "$OUT/wrk-$BACKEND-$variant-$rep.txt" "$variant" "$BACKEND" "$rep" "$idle" "$(server_pids)" -- \
        wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency -s "$OUT/near-$variant.lua" "http://127.0.0.1:$PORT/" >>"$RUNS"
      log "meals near ($variant centres) rep $rep: $(tail -1 "$RUNS" | "$PY" "$LIB" line)"
    done
  done
  bench_dense
  # The ceiling: the same server and middleware, no database (GET /healthz).
  idle="$("$PY" "$LIB" quiet)"
  "$PY" "$LIB" run "$OUT/wrk-$BACKEND-healthz-1.txt" healthz "$BACKEND" 1 "$idle" "$(server_pids)" -- \
    wrk -t"$THREADS" -c"$CONNS" -d"$CEILING_DURATION" --latency "http://127.0.0.1:$PORT/healthz" >>"$RUNS"
  log "GET /healthz (ceiling): $(tail -1 "$RUNS" | "$PY" "$LIB" line)"
  fact "$BACKEND.rss_after_search_kb" "$(proc_kb VmRSS)"

  # -- 3. relay statistics
  local base="http://127.0.0.1:$PORT" urls i
  log "relay statistics ($RELAY_RUNS requests each)"
  urls=(); for i in $(seq 0 "$RELAY_RUNS"); do urls+=("$base/healthz"); done
  time_urls healthz "${urls[@]}"
  for spec in "typical:$typ_code" "largest:$big_code"; do
    fact "$BACKEND.relay_${spec%%:*}_answer" "$(json_get "$base/api/v1/relays/${spec#*:}" '"%d meals, %d generations, %d municipalities" % (j["meals"], j["generations"], j["municipalities"])')"
    urls=(); for i in $(seq 0 "$RELAY_RUNS"); do urls+=("$base/api/v1/relays/${spec#*:}"); done
    time_urls "relay_${spec%%:*}" "${urls[@]}"
  done

  # -- 4. campaign dashboards
  local cid
  while IFS=$'\t' read -r cid _; do
    log "campaign $cid ($DASH_RUNS requests per variant)"
    urls=(); for i in $(seq 0 "$DASH_RUNS"); do urls+=("$base/api/v1/campaigns/$cid/progress"); done
    time_urls "camp${cid}_api" "${urls[@]}"
    urls=(); for i in $(seq 0 "$DASH_RUNS"); do urls+=("$base/kampagner/$cid?n=$RANDOM$i"); done
    time_urls "camp${cid}_html" "${urls[@]}"
    urls=(); for i in $(seq 0 "$DASH_RUNS"); do urls+=("$base/kampagner/$cid"); done
    time_urls "camp${cid}_html_same" "${urls[@]}"
  done <"$OUT/$BACKEND.campaigns.tsv"

  # -- 4b. the clustered map of Jutland for the month of the busiest campaign's week, at the
  # zoom that shows all of Jutland (a fresh query string per request: no cache answers)
  local month
  month="$(sort -t$'\t' -k5,5nr "$OUT/$BACKEND.campaigns.tsv" | head -1 | awk -F'\t' '{ print $3, $4 }' | "$PY" -c '
import datetime, sys
y, w = map(int, sys.stdin.read().split())
m = datetime.date.fromisocalendar(y, w, 1).replace(day=1)
n = (m + datetime.timedelta(days=32)).replace(day=1)
print(f"{m}T00:00:00%2B01:00 {n}T00:00:00%2B01:00")')"
  fact "$BACKEND.jutland_month" "${month%% *}"
  urls=(); for i in $(seq 0 "$DASH_RUNS"); do
    urls+=("$base/api/v1/meal-clusters?south=54.5&west=8&north=57.8&east=11&zoom=7&from=${month%% *}&to=${month##* }&n=$RANDOM$i")
  done
  fact "$BACKEND.jutland_answer" "$(json_get "${urls[0]}" '"%d clusters of %d meals" % (len(j["clusters"]), sum(c["count"] for c in j["clusters"]))')"
  time_urls jutland "${urls[@]}"

  # -- 3b. a relay of BIG_RELAY meals (synthetic)
  local generated; generated="$(( $(sql 'SELECT count(*) FROM meals') - $(grep -P "^$BACKEND\.meals_before\t" "$FACTS" | cut -f2) ))"
  if [ "$BIG_RELAY" -gt 0 ] && [ "$generated" -ge "$BIG_RELAY" ]; then
    local a code
    a="$(( $(sql 'SELECT max(id) FROM meals') - BIG_RELAY + 1 ))"
    log "rewiring meals $a.. into one relay of $BIG_RELAY meals"
    t0="$(us_now)"; make_big_relay "$a" "$BIG_RELAY"; t1="$(us_now)"
    code="$(sql "SELECT baton_code FROM meals WHERE id = $a")"
    sleep 2  # the server's index looks for changed rows once a second
    fact "$BACKEND.relay_big" "$a $(sql "SELECT count(*) FROM meals WHERE root_id = $a") $code"
    fact "$BACKEND.relay_big_answer" "$(json_get "$base/api/v1/relays/$code" '"%d meals, %d generations, %d municipalities" % (j["meals"], j["generations"], j["municipalities"])')"
    urls=(); for i in $(seq 0 "$RELAY_RUNS"); do urls+=("$base/api/v1/relays/$code"); done
    time_urls relay_big "${urls[@]}"
  else
    fact "$BACKEND.relay_big" "skipped"
  fi

  # -- 5. memory
  sleep 2
  fact "$BACKEND.rss_end_kb" "$(proc_kb VmRSS)"
  fact "$BACKEND.hwm_kb" "$(proc_kb VmHWM)"
  fact "$BACKEND.threads" "$(proc_kb Threads)"
  log "RSS now $(proc_kb VmRSS) kB, peak $(proc_kb VmHWM) kB"
  stop_server
  sed 's/\x1b\[[0-9;]*m//g' "$OUT/$BACKEND.serve.log" | grep -E ' (ERROR|WARN) ' | head -5 >&2 || true
  fact "$BACKEND.server_errors" "$(sed 's/\x1b\[[0-9;]*m//g' "$OUT/$BACKEND.serve.log" | grep -cE ' (ERROR|WARN) ' || true)"

  if [ "$BACKEND" = postgres ] && [ "$KEEP_TMP" != 1 ]; then
    pg_admin -c "DROP DATABASE IF EXISTS $PG_DB"
    PG_CREATED=0
  fi
}

start_nginx "$NGX" "$NGINX_PORT"
T_START="$(us_now)"
for b in $BACKENDS; do
  case "$b" in sqlite|postgres) bench_backend "$b" ;; *) die "unknown backend $b" ;; esac
done
T_END="$(us_now)"

# ---------------------------------------------------------------- report
COMMAND="bash bench/meals.sh   # MEALS=$MEALS PG_MEALS=$PG_MEALS SEED=$SEED BACKENDS=\"$BACKENDS\" DURATION=$DURATION REPEATS=$REPEATS CONNS=$CONNS THREADS=$THREADS WARMUP=$WARMUP BIG_RELAY=$BIG_RELAY WAIT_IDLE=$WAIT_IDLE WAIT_MAX=$WAIT_MAX BIN=$BIN" \
BIN_NOTE="$(
  cd "$ROOT"
  m="$(date -u -r "$BIN" '+%Y-%m-%d %H:%M UTC')"
  newer="$(find crates Cargo.toml Cargo.lock -newer "$BIN" -type f 2>/dev/null | wc -l)"
  head_t="$(git log -1 --format=%ct 2>/dev/null || echo 0)"
  s="$BUILT binary from $m"
  [ "$(stat -c %Y "$BIN")" -lt "$head_t" ] && s="$s (older than the HEAD commit)"
  [ "$newer" -gt 0 ] && s="$s; $newer source files are newer than the binary"
  echo "$s")" \
DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" \
ELAPSED_S="$(( (T_END - T_START) / 1000000 ))" \
CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
MEM="$(free -m | awk '/^Mem:/ { printf "%.1f GiB", $2/1024 }')" \
KERNEL="$(uname -r)" \
OS="$( . /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || echo unknown)" \
WRKV="$(wrk -v 2>&1 | head -1 | sed 's/ Copyright.*//')" \
NGINXV="$(nginx -v 2>&1 | sed 's/^nginx version: //')" \
RUSTCV="$(rustc -V 2>/dev/null || echo 'rustc ?')" \
SQLITEV="$(grep -A1 'name = "libsqlite3-sys"' "$ROOT/Cargo.lock" | sed -n 's/version = "\(.*\)"/libsqlite3-sys \1 (bundled SQLite)/p' | head -1)" \
COMMIT="$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')" \
NPROC="$NCPU" OUT="$OUT" BACKENDS="$BACKENDS" PEER_QPS="$PEER_QPS" REPEATS="$REPEATS" PEOPLE_REPEATS="$PEOPLE_REPEATS" \
DURATION="$DURATION" CEILING_DURATION="$CEILING_DURATION" WRK_TIMEOUT="$WRK_TIMEOUT" WARMUP="$WARMUP" CONNS="$CONNS" THREADS="$THREADS" RELAY_RUNS="$RELAY_RUNS" DASH_RUNS="$DASH_RUNS" \
BIG_RELAY="$BIG_RELAY" SEED="$SEED" LIB_DIR="$BENCH_DIR" NGINX_PORT="$NGINX_PORT" \
CPH="$CPH_LAT, $CPH_LON" AAR="$AAR_LAT, $AAR_LON" \
"$PY" - "$RESULTS" <<'PY'
import json, os, statistics as st, sys
sys.path.insert(0, os.environ["LIB_DIR"])
from loadlib import fmt, spread  # noqa: E402

e = os.environ
OUT = e["OUT"]
facts = {}
for line in open(os.path.join(OUT, "facts.tsv")):
    k, _, v = line.rstrip("\n").partition("\t")
    facts[k] = v
runs = [json.loads(l) for l in open(os.path.join(OUT, "runs.jsonl")) if l.strip()]
backends = e["BACKENDS"].split()
NAME = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
PEER = float(e["PEER_QPS"])
T = {"nginx_share": 0.40, "jutland": 20, "rps": 10_000, "ratio": 20, "p99": 10, "relay_typ": 1, "relay_big": 50, "dash": 50, "rss_mb": 1000, "gen_min": 10}

def times(b, name):
    p = os.path.join(OUT, f"{b}.{name}.times")
    return [float(x) for x in open(p)] if os.path.exists(p) else []

def med(v):
    return st.median(v) if v else None

def ok(flag):
    return "**pass**" if flag else "**FAIL**"

def tline(b, name):
    v = times(b, name)
    if not v:
        return "–"
    return f"{fmt(st.median(v))} ms (min {fmt(min(v))}, max {fmt(max(v))})"

def others(b, name):
    x = facts.get(f"{b}.{name}.others")
    return f"{float(x)*100:.0f} %" if x else "–"

def mb(kb):
    return int(kb) * 1024 / 1e6

def ratio_txt(r, variant):
    return "–" if variant == "healthz" else f"{r['rps'] / PEER:.2f}×"

def relay(b, key):
    v = facts.get(f"{b}.{key}", "skipped").split()
    return v if len(v) == 3 else None

campaigns = {}
for b in backends:
    p = os.path.join(OUT, f"{b}.campaigns.tsv")
    campaigns[b] = [l.rstrip("\n").split("\t") for l in open(p)] if os.path.exists(p) else []

S = {}  # summary per backend
for b in backends:
    u = [r for r in runs if r["target"] == b and r["page"] == "uniform"]
    s = {}
    if u:
        s["rps"] = st.median([r["rps"] for r in u]); s["p50"] = st.median([r["p50_ms"] for r in u])
        s["p99"] = st.median([r["p99_ms"] for r in u]); s["ratio"] = s["rps"] / PEER
        s["errors"] = sum(r["socket_errors"] + r["non2xx"] for r in u)
    u = [r for r in runs if r["target"] == b and r["page"] == "uniform-peak"]
    if u:
        s["peak_rps"] = st.median([r["rps"] for r in u]); s["peak_p99"] = st.median([r["p99_ms"] for r in u])
    # the densest places: medians over the repeats, and rygrad's share of nginx's requests/s
    s["dense"] = {}
    for name in dict.fromkeys(r["page"] for r in runs if r["target"] == f"{b}/rygrad"):
        ry = [r for r in runs if r["target"] == f"{b}/rygrad" and r["page"] == name]
        ng = [r for r in runs if r["target"] == f"{b}/nginx" and r["page"] == name]
        d = {k: st.median([r[k] for r in ry]) for k in ("rps", "p50_ms", "p99_ms")}
        d["nginx_rps"] = st.median([r["rps"] for r in ng]); d["nginx_p99_ms"] = st.median([r["p99_ms"] for r in ng])
        d["share"] = d["rps"] / d["nginx_rps"]
        d["errors"] = sum(r["socket_errors"] + r["non2xx"] for r in ry + ng)
        d["others"] = st.median([r["others_share"] for r in ry])
        s["dense"][name] = d
    s["relay_typ"] = med(times(b, "relay_typical")); s["relay_big"] = med(times(b, "relay_big"))
    s["relay_largest"] = med(times(b, "relay_largest"))
    s["jutland"] = med(times(b, "jutland"))
    dash = [(c[0], med(times(b, f"camp{c[0]}_html")), med(times(b, f"camp{c[0]}_api")), med(times(b, f"camp{c[0]}_html_same")))
            for c in campaigns[b]]
    s["dash"] = dash
    s["dash_worst_html"] = max((d[1] for d in dash if d[1] is not None), default=None)
    s["dash_worst_api"] = max((d[2] for d in dash if d[2] is not None), default=None)
    s["rss_end"] = mb(facts[f"{b}.rss_end_kb"]) if f"{b}.rss_end_kb" in facts else None
    s["hwm"] = mb(facts[f"{b}.hwm_kb"]) if f"{b}.hwm_kb" in facts else None
    s["demo_s"] = float(facts.get(f"{b}.demo_s", "nan"))
    s["meals"] = int(facts.get(f"{b}.meals_requested", "0"))
    S[b] = s

L = []
w = L.append
w("# Meals at scale: rygrad against the issue's speed targets")
w("")
w(f"Generated by `bash bench/meals.sh` on {e['DATE']} (took {int(e['ELAPSED_S'])//60} min {int(e['ELAPSED_S'])%60} s). "
  "Do not edit by hand: the script rewrites this file.")
w("")
w("## Machine and versions")
w("")
w(f"- nproc: {e['NPROC']}; CPU: {e['CPU']}; memory: {e['MEM']}; kernel {e['KERNEL']}; {e['OS']}")
w(f"- {e['WRKV']}; {e['NGINXV']}; {e['RUSTCV']}; {e['SQLITEV']}")
if "postgres.version" in facts:
    w(f"- PostgreSQL {facts['postgres.version']} (the shared cluster on 127.0.0.1:5432; {facts.get('postgres.settings', '')})")
w(f"- rygrad: commit {e['COMMIT']}, release profile, {e['BIN_NOTE']}")
w("- The machine is shared with another developer who builds and runs tests: every figure below comes with the share of "
  "the machine other processes used while it was taken (\"others\"). Treat figures taken with a high share as lower bounds.")
w("")
w("## Command")
w("")
w("```")
w(e["COMMAND"])
w("```")
w("")
w("Per backend: a fresh database (SQLite: a file in a temp dir; PostgreSQL: a new database on the shared cluster, dropped "
  "afterwards); `rygrad migrate`; `rygrad serve --demo` once until `/healthz` answers (the demo initiative, users and "
  "its two campaigns, plus 400 demo meals); `rygrad demo-data --meals N --seed "
  f"{e['SEED']}` (timed); on PostgreSQL `VACUUM ANALYZE` (as the peer did after its load); then "
  "`rygrad serve --listen 127.0.0.1:PORT --log-format text` for every measurement.")
w("")
w(f"- **Meals near me**: `wrk -t{e['THREADS']} -c{e['CONNS']} -d{e['DURATION']} --timeout {e['WRK_TIMEOUT']} --latency -s near-uniform.lua`, "
  f"{e['REPEATS']} repeats after a {e['WARMUP']} warm-up; every request asks "
  "`/api/v1/meals?radius_km=25&limit=50&from=NOW&to=NOW+14d&lat=…&lon=…` (from/to ISO 8601 with `%2B00:00`) for a centre "
  "drawn uniformly in lon 8.1..12.7, lat 54.8..57.7, exactly as the peer draws them. For information, "
  f"{e['PEOPLE_REPEATS']} more run(s) with centres where people are (the location of one of 5,000 random meals, so "
  "population-weighted: mostly towns). Before each run the script waits (at most WAIT_MAX s) for an idle CPU, as load.sh does. "
  f"The same with `-s near-uniform-peak.lua`: the window of the campaign's peak, from={facts.get('peak_from', '–')}"
  f"&to={facts.get('peak_to', '–')} (14 days from Monday 00:00 Danish time of the next campaign week, ISO week 17).")
w(f"- **Densest places**: Copenhagen ({e['CPH']}) and Aarhus ({e['AAR']}), each in both windows: one fixed URL "
  f"`/api/v1/meals?radius_km=25&limit=50&from=…&to=…&lat=…&lon=…`, `wrk -t{e['THREADS']} -c{e['CONNS']} -d{e['DURATION']} "
  f"--timeout {e['WRK_TIMEOUT']} --latency URL`, then the same against the nginx twin: nginx ({e['NGINXV']}, the settings of "
  "`bench/load.sh`: 2 workers, sendfile, open_file_cache, no gzip) serving the bytes of rygrad's answer (checked with cmp) "
  f"as a static `.json` file on 127.0.0.1:{e['NGINX_PORT']}; {e['REPEATS']} repeats, rygrad and nginx alternated.")
w(f"- **Relay statistics**: `GET /api/v1/relays/{{baton code}}` of a relay's first meal; one curl process, one keep-alive "
  f"connection, 1 warm-up + {e['RELAY_RUNS']} requests, `time_total` per request, median.")
w(f"- **Campaign dashboard**: `GET /kampagner/{{id}}?n=RANDOM` (a fresh query string per request, so the 2-second public "
  f"page cache never answers), the same without the query string (the cache may answer), and "
  f"`GET /api/v1/campaigns/{{id}}/progress` (never cached); 1 warm-up + {e['DASH_RUNS']} requests each, anonymous.")
w("- **Memory**: VmRSS of the server after all the runs above (+2 s), and VmHWM (its peak).")
w("")

# ---- summary
w("## Results against the targets")
w("")
hdr = "| target | " + " | ".join(NAME[b] for b in backends) + " |"
w(hdr); w("|---|" + "---|" * len(backends))
def row(label, cells):
    w(f"| {label} | " + " | ".join(cells) + " |")
cell = lambda v, unit, good, nd=2: "–" if v is None else f"{fmt(v, nd)}{unit} {ok(good(v))}"
row(f"meals near me, req/s at {e['CONNS']} connections (≥ 10,000)", [cell(S[b].get("rps"), "", lambda v: v >= T["rps"]) for b in backends])
row(f"… ratio to the PostGIS peer's {PEER:.0f} queries/s (≥ 20×)", [cell(S[b].get("ratio"), "×", lambda v: v >= T["ratio"]) for b in backends])
row("… p99 latency (≤ 10 ms)", [cell(S[b].get("p99"), " ms", lambda v: v <= T["p99"]) for b in backends])
row("… in the campaign's peak window: req/s", [fmt(S[b].get("peak_rps")) for b in backends])
row("… in the campaign's peak window: p99 (≤ 10 ms)", [cell(S[b].get("peak_p99"), " ms", lambda v: v <= T["p99"]) for b in backends])
for name in dict.fromkeys(n for b in backends for n in S[b]["dense"]):
    d = lambda b: S[b]["dense"].get(name)
    row(f"{name}: req/s, share of the nginx twin's (≥ 40 %)",
        ["–" if d(b) is None else f"{fmt(d(b)['rps'])} of {fmt(d(b)['nginx_rps'])} = {d(b)['share']*100:.0f} % {ok(d(b)['share'] >= T['nginx_share'])}"
         for b in backends])
    row(f"{name}: p99 (≤ 10 ms)", [cell(d(b) and d(b)["p99_ms"], " ms", lambda v: v <= T["p99"]) for b in backends])
row("relay statistics, typical relay (≤ 1 ms)", [cell(S[b]["relay_typ"], " ms", lambda v: v <= T["relay_typ"]) for b in backends])
row("clustered map of all of Jutland, a campaign month (≤ 20 ms)", [cell(S[b]["jutland"], " ms", lambda v: v <= T["jutland"]) for b in backends])
row(f"relay statistics, relay of {int(e['BIG_RELAY']):,} meals (≤ 50 ms; synthetic, see below)",
    [cell(S[b]["relay_big"], " ms", lambda v: v <= T["relay_big"]) for b in backends])
row("campaign dashboard page, slowest campaign, uncached (≤ 50 ms)", [cell(S[b]["dash_worst_html"], " ms", lambda v: v <= T["dash"]) for b in backends])
row("campaign progress API, slowest campaign (≤ 50 ms)", [cell(S[b]["dash_worst_api"], " ms", lambda v: v <= T["dash"]) for b in backends])
row("server RSS after all runs (≤ 1 GB)", [cell(S[b]["rss_end"], " MB", lambda v: v <= T["rss_mb"]) for b in backends])
row("… peak RSS (VmHWM)", [cell(S[b]["hwm"], " MB", lambda v: v <= T["rss_mb"]) for b in backends])
row("generating the meals: demo-data wall time (\"in minutes\", read as ≤ 10 min for 1,000,000)",
    [("–" if S[b]["demo_s"] != S[b]["demo_s"] else
      f"{S[b]['meals']:,} meals in {S[b]['demo_s']:.1f} s = {S[b]['meals']/S[b]['demo_s']:,.0f} meals/s "
      + (ok(S[b]['demo_s'] / S[b]['meals'] * 1e6 <= T['gen_min'] * 60) + (" (extrapolated to 1,000,000)" if S[b]['meals'] != 1_000_000 else "")))
     for b in backends])
w("")
w("The 20× ratio is 9,280 req/s, so the 10,000 req/s target is the binding one. The peer's figure is pgbench with 2 "
  "clients and no HTTP; rygrad's includes HTTP, JSON and wrk on the same 2 cores.")
w("")
for b in backends:
    s = S[b]
    if s.get("errors"):
        w(f"{NAME[b]}: {s['errors']} socket errors or non-2xx answers during the meal-search runs.")
w("")

# ---- data
w("## Data")
w("")
w("| | " + " | ".join(NAME[b] for b in backends) + " |")
w("|---|" + "---|" * len(backends))
row("meals in the database", [f"{int(facts.get(f'{b}.meals_total', 0)):,} ({int(facts.get(f'{b}.meals_before', 0)):,} from `serve --demo`)" for b in backends])
row("demo-data's own report", [facts.get(f"{b}.demo_reported", "–") for b in backends])
row("machine busy during the load (all processes, the generator and the database included)",
    [f"{float(facts[f'{b}.demo_busy'])*100:.0f} % of {e['NPROC']} cores" if f"{b}.demo_busy" in facts else "–" for b in backends])
def size(b):
    if b == "sqlite" and "sqlite.db_bytes" in facts:
        return f"{int(facts['sqlite.db_bytes'])/2**20:,.0f} MiB (file + WAL)"
    if b == "postgres" and "postgres.db_bytes" in facts:
        return (f"{int(facts['postgres.db_bytes'])/2**20:,.0f} MiB database, meals table + indexes "
                f"{int(facts['postgres.meals_bytes'])/2**20:,.0f} MiB (VACUUM ANALYZE {facts.get('postgres.vacuum_s')} s)")
    return "–"
row("size", [size(b) for b in backends])
def relay_dist(b):
    p = os.path.join(OUT, f"{b}.relay-sizes.txt")
    if not os.path.exists(p):
        return "–"
    v = sorted(int(x) for x in open(p) if x.strip())
    q = lambda f: v[min(len(v) - 1, int(f * (len(v) - 1)))]
    multi = [x for x in v if x > 1]
    return (f"{len(v):,} relays (trees), {len(multi):,} with more than one meal; meals per relay p50 {q(.5)}, p90 {q(.9)}, "
            f"p99 {q(.99)}, max {v[-1]:,}; relays with ≥ 50 meals: {sum(1 for x in v if x >= 50):,}")
row("relays", [relay_dist(b) for b in backends])
row("campaigns (id, name, published meals)", ["; ".join(f"{c[0]}: {c[1]} ({int(c[4]):,})" for c in campaigns[b]) or "–" for b in backends])
row(f"listed meals in the 14-day window from {facts['from']}", [f"{json.load(open(os.path.join(OUT, f'{b}.rows.json')))['window_meals']:,}"
                                                            if os.path.exists(os.path.join(OUT, f'{b}.rows.json')) else "–" for b in backends])
w("")
w("demo-data places meals in towns weighted by population (a few km of jitter), over the past 2 years and the next year "
  "with 30 % in week 17 of one of the three years, and 70 % of meals carry on the baton of one of the 20,000 meals before "
  "them. The peer's meals are uniform in the box (sea and Germany included), so the same centres find fewer meals there "
  "than here in towns and more in the countryside.")
w("")

# ---- meal search detail
w("## Meals near me")
w("")
w("The densest places (medians over the repeats):")
w("")
w("| backend | case | answer | rygrad req/s | p50 (ms) | p99 (ms) | nginx req/s | nginx p99 (ms) | rygrad / nginx | errors / non-2xx | others |")
w("|---|---|---|---|---|---|---|---|---|---|---|")
for b in backends:
    for name, d in S[b]["dense"].items():
        w(f"| {NAME[b]} | {name} | {int(facts.get(f'{b}.{name}.bytes', 0)):,} bytes, {facts.get(f'{b}.{name}.meals', '–')} meals | "
          f"{d['rps']:,.0f} | {d['p50_ms']:.2f} | {d['p99_ms']:.2f} | {d['nginx_rps']:,.0f} | {d['nginx_p99_ms']:.2f} | "
          f"{d['share']*100:.0f} % | {d['errors']} | {d['others']*100:.0f} % |")
w("")
w("Every run:")
w("")
w("| backend | centres | req/s | p50 (ms) | p99 (ms) | ratio to 464 | errors / non-2xx | server cores | wrk cores | others | CPU idle before (%) |")
w("|---|---|---|---|---|---|---|---|---|---|---|")
for b in backends:
    for variant in ("uniform", "uniform-peak", "people", "healthz"):
        for r in [r for r in runs if r["target"] == b and r["page"] == variant]:
            w(f"| {NAME[b]} | {variant} (rep {r['repeat']}) | {r['rps']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
              f"{ratio_txt(r, variant)} | {r['socket_errors']} / {r['non2xx']} | {r['server_cores']:.2f} | {r['wrk_cores']:.2f} | "
              f"{r['others_share']*100:.0f} % | {r['cpu_idle_before_pct']:.1f} |")
    for r in [r for r in runs if r["target"].startswith(f"{b}/")]:
        w(f"| {NAME[b]} | {r['page']}, {r['target'].split('/')[1]} (rep {r['repeat']}) | {r['rps']:,.0f} | {r['p50_ms']:.2f} | "
          f"{r['p99_ms']:.2f} | – | {r['socket_errors']} / {r['non2xx']} | {r['server_cores']:.2f} | {r['wrk_cores']:.2f} | "
          f"{r['others_share']*100:.0f} % | {r['cpu_idle_before_pct']:.1f} |")
w("")
w(f"`healthz` = one {e['CEILING_DURATION']} wrk run against `GET /healthz` (same server, same middleware, no database, "
  "a 2-byte answer): the most this server can answer on this machine with wrk beside it.")
w("")
w("server cores = CPU time of rygrad (and, on PostgreSQL, of this database's backends) / wall time; others = share of "
  "the machine's cores used by everything else (the other developer's builds and tests, the shared PostgreSQL's other work).")
w("")
w("What one search touches: `find_meals` reads the in-memory meal index (crates/store/src/meal_index.rs): listed meals "
  "in cells of 0.2° × 0.2°, each cell sorted by start time, so a search binary-searches the window in the few cells under "
  "the circle's box and tests the circle on those items only; the database is not asked. For comparison with the peer, "
  "what a database search of the box would walk, counted from the data for 1,000 centres of each kind "
  "(mean / p50 / p99 / max):")
w("")
w("| backend | centres | meals in the box's latitude band, any date (an index range on `lat` walks these) | in the box, any date (a lat+lon index yields these) | in the box and the window (rows sent to Rust) | within 25 km | centres with no meal | with ≥ 50 |")
w("|---|---|---|---|---|---|---|---|")
q4 = lambda x: f"{x['mean']:,.0f} / {x['p50']:,} / {x['p99']:,} / {x['max']:,}"
for b in backends:
    p = os.path.join(OUT, f"{b}.rows.json")
    if not os.path.exists(p):
        continue
    d = json.load(open(p))
    for variant in ("uniform", "people"):
        x = d[variant]
        w(f"| {NAME[b]} | {variant} | {q4(x['band'])} | {q4(x['box_all'])} | {q4(x['box'])} | {q4(x['inside'])} | "
          f"{x['empty_share']*100:.0f} % | {x['full_page_share']*100:.0f} % |")
w("")
for b in backends:
    p = os.path.join(OUT, f"{b}.rows.json")
    if not os.path.exists(p):
        continue
    d = json.load(open(p))
    c = d["copenhagen"]
    w(f"{NAME[b]}, centre Copenhagen (55.6761, 12.5683): {c['band']:,} meals in the latitude band, {c['box_all']:,} in the box, "
      f"{c['box']:,} in the box and the window, {c['inside']:,} within 25 km; the search's SQL alone takes {facts.get(f'{b}.cph_sql_ms', '–')} ms "
      f"({'median of 5 in Python’s sqlite3 module' if b == 'sqlite' else 'EXPLAIN ANALYZE execution time'}, "
      f"{facts.get(f'{b}.cph_sql_rows', '–')} rows); one HTTP request for it took {facts.get(f'{b}.sample_ms', '–')} ms "
      f"and returned {facts.get(f'{b}.sample_cph', '–')} meals. Plan:")
    w("")
    w("```")
    w(open(os.path.join(OUT, f"{b}.explain.txt")).read().rstrip())
    w("```")
    w("")

# ---- relays
w("## Relay statistics")
w("")
w("| backend | relay | first meal (baton code) | meals in the relay | answer | time per request | others |")
w("|---|---|---|---|---|---|---|")
for b in backends:
    w(f"| {NAME[b]} | floor: `GET /healthz` the same way | – | – | – | {tline(b, 'healthz')} | {others(b, 'healthz')} |")
    for key, label in (("relay_typical", "typical (closest to 50 meals)"), ("relay_largest", "largest generated"),
                       ("relay_big", f"synthetic, {int(e['BIG_RELAY']):,} meals")):
        v = relay(b, key)
        if not v:
            w(f"| {NAME[b]} | {label} | – | – | skipped | – | – |")
            continue
        w(f"| {NAME[b]} | {label} | {v[0]} ({v[2]}) | {int(v[1]):,} | {facts.get(f'{b}.{key}_answer', '–')} | "
          f"{tline(b, key)} | {others(b, key)} |")
w("")
w("The generated data has no relay anywhere near 100,000 meals (see the largest above: each meal continues a relay with "
  "probability 0.7, a subcritical branching process). For the 100,000 target the script rewires the newest "
  f"{int(e['BIG_RELAY']):,} generated meals into one relay after all other measurements: a binary tree under the first of "
  f"them (parent of the k-th is the ((k−1)/2)-th, {int(e['BIG_RELAY']).bit_length()} generations), `root_id`, `parent_id`, `generation` and `updated_at` updated by SQL while the server runs "
  "(its meal index reads the changed rows within a second). `GET /api/v1/relays/{code}` of that first meal takes the whole "
  "tree from the in-memory index and computes the statistics.")
w("")

# ---- dashboards
w("## Campaign dashboard")
w("")
w("| backend | campaign | published meals | page, uncached (`?n=RANDOM`) | page, same URL (cache may answer) | progress API | others (page / API) | page bytes |")
w("|---|---|---|---|---|---|---|---|")
for b in backends:
    for c in campaigns[b]:
        cid = c[0]
        w(f"| {NAME[b]} | {cid}: {c[1]} | {int(c[4]):,} | {tline(b, f'camp{cid}_html')} | {tline(b, f'camp{cid}_html_same')} | "
          f"{tline(b, f'camp{cid}_api')} | {others(b, f'camp{cid}_html')} / {others(b, f'camp{cid}_api')} | "
          f"{int(facts.get(f'{b}.camp{cid}_html.bytes', 0)):,} |")
w("")
w("The demo campaigns run from 1 January to 31 December of their year, so each one owns every generated meal of its "
  "year (about a third of all meals). `campaign_progress` reads every published meal of the campaign and counts in Rust.")
w("")

# ---- map
w("## Clustered map of Jutland")
w("")
w("`GET /api/v1/meal-clusters?south=54.5&west=8&north=57.8&east=11&zoom=7&from=…&to=…` for the calendar month of the busiest "
  "campaign's week (Danish time), as the zoomable map asks when it shows all of Jutland: clusters of the listed meals in the "
  "box and month from the in-memory index. One curl process, 1 warm-up + the runs, a fresh query string each.")
w("")
w("| backend | month from | answer | time per request | others | bytes |")
w("|---|---|---|---|---|---|")
for b in backends:
    w(f"| {NAME[b]} | {facts.get(f'{b}.jutland_month', '–').replace('%2B', '+')} | {facts.get(f'{b}.jutland_answer', '–')} | "
      f"{tline(b, 'jutland')} | {others(b, 'jutland')} | {int(facts.get(f'{b}.jutland.bytes', 0)):,} |")
w("")

# ---- memory
w("## Memory")
w("")
w("| backend | RSS 2 s after start | after the meal-search runs | after all runs | peak (VmHWM) | threads |")
w("|---|---|---|---|---|---|")
for b in backends:
    g = lambda k: f"{mb(facts[f'{b}.{k}']):.0f} MB" if f"{b}.{k}" in facts else "–"
    w(f"| {NAME[b]} | {g('rss_start_kb')} | {g('rss_after_search_kb')} | {g('rss_end_kb')} | {g('hwm_kb')} | {facts.get(f'{b}.threads', '–')} |")
w("")
w("On PostgreSQL this is rygrad's process only; the database's own memory (shared buffers, backends) is not counted. "
  "On SQLite the page cache of the database file is inside rygrad's RSS only as far as SQLite's own cache holds it.")
w("")
errs = {b: facts.get(f"{b}.server_errors", "0") for b in backends}
w("Server log lines at WARN or ERROR: " + ", ".join(f"{NAME[b]} {errs[b]}" for b in backends) + ".")
w("")
w("Raw wrk output, curl timings, plans and server logs stay in the temp dir when the script runs with `KEEP_TMP=1`.")
w("")
open(sys.argv[1], "w").write("\n".join(L))
for b in backends:
    s = S[b]
    print(f"{NAME[b]}: near {fmt(s.get('rps'))} req/s p99 {fmt(s.get('p99'))} ms, peak window {fmt(s.get('peak_rps'))} req/s "
          f"p99 {fmt(s.get('peak_p99'))} ms; " + "; ".join(f"{n} {fmt(d['rps'])} req/s p99 {fmt(d['p99_ms'])} ms = "
                                                          f"{d['share']*100:.0f} % of nginx" for n, d in s["dense"].items()))
    print(f"{NAME[b]}: relay typical {fmt(s['relay_typ'])} ms, "
          f"big {fmt(s['relay_big'])} ms; dashboard page {fmt(s['dash_worst_html'])} ms, API {fmt(s['dash_worst_api'])} ms; "
          f"RSS {fmt(s['rss_end'])} MB (peak {fmt(s['hwm'])}); load {s['meals']:,} meals in {s['demo_s']:.0f} s")
PY
log "results written to $RESULTS"
