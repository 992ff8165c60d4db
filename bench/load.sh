#!/usr/bin/env bash
# Load benchmark: rygrad's release binary (SQLite, demo data) against nginx serving the same
# bytes as static files, measured in the same run with wrk. Also start-up time on an existing
# database and idle memory. Writes bench/RESULTS.md.
#
# Usage (from anywhere):  bash bench/load.sh
# Knobs (environment):    DURATION=10s REPEATS=3 THREADS=2 CONNS=64 WARMUP=3s STARTS=5
#                         RYGRAD_PORT=18181 NGINX_PORT=18182 IDLE_S=5 SETTLE_S=2
#                         WAIT_IDLE=85 WAIT_MAX=60 (wait for an idle CPU before each run; 0 = don't)
#                         BUILD=0 (skip `cargo build --release`), KEEP_TMP=1 (keep the temp dir)
#                         RESULTS=path (default bench/RESULTS.md)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"

DURATION="${DURATION:-10s}"
REPEATS="${REPEATS:-3}"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-64}"
WARMUP="${WARMUP:-3s}"
STARTS="${STARTS:-5}"
RYGRAD_PORT="${RYGRAD_PORT:-18181}"
NGINX_PORT="${NGINX_PORT:-18182}"
IDLE_S="${IDLE_S:-5}"
SETTLE_S="${SETTLE_S:-2}"
BUILD="${BUILD:-1}"
KEEP_TMP="${KEEP_TMP:-0}"
RESULTS="${RESULTS:-$BENCH_DIR/RESULTS.md}"
export WAIT_IDLE="${WAIT_IDLE:-85}" WAIT_MAX="${WAIT_MAX:-60}"

# Targets from the issue.
T_P99_MS=10
T_RATIO=0.40
T_STARTUP_MS=1000
T_RSS_MB=60

# name|label|path  (the name is also nginx's file name)
PAGES=(
  "initiative|public initiative page|/initiativer/danmark-spiser-sammen"
  "organisations|organisation list|/organisationer"
)

. "$BENCH_DIR/lib.sh"

ensure_pkgs wrk:wrk nginx:nginx curl:curl python3:python3
# The real interpreter (a pyenv shim costs ~1 s per call).
PY="$(python3 -c 'import sys; print(sys.executable)')"
LIB="$BENCH_DIR/loadlib.py"

release_binary
ports_free "$RYGRAD_PORT" "$NGINX_PORT"

# ---------------------------------------------------------------- scratch + cleanup
WORK="$(mktemp -d /tmp/rygrad-load.XXXXXX)"
chmod 755 "$WORK"     # nginx's workers (www-data) read the files below
DB="$WORK/rygrad.db"
NGX="$WORK/nginx"
OUT="$WORK/out"
mkdir -p "$NGX/www" "$OUT"
RYGRAD_PID=""
NGX_PID=""

cleanup() {
  local rc=$?
  if [ -n "$RYGRAD_PID" ] && kill -0 "$RYGRAD_PID" 2>/dev/null; then
    kill -TERM "$RYGRAD_PID" 2>/dev/null || true
    wait "$RYGRAD_PID" 2>/dev/null || true
  fi
  stop_nginx
  if [ "$KEEP_TMP" = 1 ] || [ "$rc" -ne 0 ]; then
    log "scratch files kept in $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- rygrad start/stop
us_to_ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }

# One GET /healthz without forking (bash's /dev/tcp); true on "200".
healthz() {
  local line=""
  if ! { exec 3<>"/dev/tcp/127.0.0.1/$RYGRAD_PORT"; } 2>/dev/null; then return 1; fi
  printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  IFS= read -r -t 2 line <&3 || true
  exec 3>&- 3<&-
  [[ $line == "HTTP/1."?" 200"* ]]
}

# start_rygrad LOGFILE: sets RYGRAD_PID and STARTUP_MS (process start → /healthz 200) and
# LOGGED_MS (startup_ms from the "rygrad is listening" log line).
start_rygrad() {
  local logf="$1" t0
  t0="$(us_now)"
  DATABASE_URL="sqlite://$DB" "$BIN" serve --demo --listen "127.0.0.1:$RYGRAD_PORT" --log-format text \
    >"$logf" 2>&1 &
  RYGRAD_PID=$!
  until healthz; do
    if ! kill -0 "$RYGRAD_PID" 2>/dev/null; then cat "$logf" >&2; die "rygrad exited during start-up"; fi
    if (( $(us_now) - t0 > 60000000 )); then cat "$logf" >&2; die "rygrad did not answer /healthz within 60 s"; fi
    sleep 0.002
  done
  STARTUP_MS="$(us_to_ms $(( $(us_now) - t0 )))"
  LOGGED_MS="$(sed 's/\x1b\[[0-9;]*m//g' "$logf" | grep 'rygrad is listening' | grep -o 'startup_ms=[0-9]*' | head -1 | cut -d= -f2)"
  LOGGED_MS="${LOGGED_MS:-null}"
}

# stop_rygrad: SIGTERM, wait for exit; sets STOP_MS.
stop_rygrad() {
  local t0
  t0="$(us_now)"
  kill -TERM "$RYGRAD_PID"
  wait "$RYGRAD_PID" || die "rygrad exited with status $? on SIGTERM"
  STOP_MS="$(us_to_ms $(( $(us_now) - t0 )))"
  RYGRAD_PID=""
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$RYGRAD_PID/status"; }

# ---------------------------------------------------------------- 1. start-up
log "first start on a fresh database ($DB): migrations + demo data"
start_rygrad "$OUT/rygrad-first.log"
FIRST_MS="$STARTUP_MS"; FIRST_LOGGED="$LOGGED_MS"
log "  /healthz after $FIRST_MS ms (logged startup_ms=$FIRST_LOGGED)"
stop_rygrad

STARTUP_LIST=(); LOGGED_LIST=(); STOP_LIST=()
for i in $(seq 1 "$STARTS"); do
  sleep 0.5
  start_rygrad "$OUT/rygrad-start$i.log"
  STARTUP_LIST+=("$STARTUP_MS"); LOGGED_LIST+=("$LOGGED_MS")
  log "start $i on the existing database: /healthz after $STARTUP_MS ms (logged startup_ms=$LOGGED_MS)"
  if [ "$i" -lt "$STARTS" ]; then
    sleep 0.5
    stop_rygrad; STOP_LIST+=("$STOP_MS")
  fi
done
# The last one stays up for the load runs.
sleep "$SETTLE_S"
RSS_START_KB="$(rss_kb)"
log "idle RSS ${SETTLE_S} s after start-up: $RSS_START_KB kB"

# ---------------------------------------------------------------- 2. pages + nginx
PAGES_JSON="$OUT/pages.jsonl"; : >"$PAGES_JSON"
for spec in "${PAGES[@]}"; do
  IFS='|' read -r name label path <<<"$spec"
  meta="$(curl -sS -o "$NGX/www/$name.html" -D "$OUT/$name.rygrad-headers" \
          -w '%{http_code} %{size_download} %{size_header} %{content_type}' "http://127.0.0.1:$RYGRAD_PORT$path")"
  read -r code size hsize ctype <<<"$meta"
  [ "$code" = 200 ] || die "GET $path returned $code"
  log "page $path: $size bytes ($ctype)"
  printf '%s\n' "$name|$label|$path|$size|$hsize|$ctype" >>"$PAGES_JSON"
done
start_nginx "$NGX" "$NGINX_PORT"

PAGE_META="$OUT/pages.tsv"; : >"$PAGE_META"
while IFS='|' read -r name label path size hsize ctype; do
  nmeta="$(curl -sS -o "$OUT/$name.nginx-body" -w '%{http_code} %{size_download} %{size_header}' \
           "http://127.0.0.1:$NGINX_PORT/$name.html")"
  read -r ncode nsize nhsize <<<"$nmeta"
  [ "$ncode" = 200 ] && [ "$nsize" = "$size" ] || die "nginx serves $name.html as $ncode / $nsize bytes (want 200 / $size)"
  cmp -s "$OUT/$name.nginx-body" "$NGX/www/$name.html" || die "nginx's bytes for $name differ"
  # rygrad's body length must not change between requests (only the CSRF token does).
  again="$(curl -sS -o /dev/null -w '%{size_download}' "http://127.0.0.1:$RYGRAD_PORT$path")"
  [ "$again" = "$size" ] || log "warning: $path is $again bytes now, $size before"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$label" "$path" "$size" "$hsize" "$nhsize" "$ctype" >>"$PAGE_META"
done <"$PAGES_JSON"

# ---------------------------------------------------------------- 3. load
url_of() {  # url_of TARGET NAME PATH
  if [ "$1" = rygrad ]; then echo "http://127.0.0.1:$RYGRAD_PORT$3"; else echo "http://127.0.0.1:$NGINX_PORT/$2.html"; fi
}
pids_of() {
  if [ "$1" = rygrad ]; then echo "$RYGRAD_PID"; else nginx_pids; fi
}

log "warm-up: $WARMUP per server and page"
while IFS=$'\t' read -r name label path _; do
  for target in rygrad nginx; do
    wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$(url_of "$target" "$name" "$path")" >/dev/null
  done
done <"$PAGE_META"

RUNS="$OUT/runs.jsonl"; : >"$RUNS"
for rep in $(seq 1 "$REPEATS"); do
  while IFS=$'\t' read -r name label path _; do
    for target in rygrad nginx; do
      idle="$("$PY" "$LIB" quiet)"
      url="$(url_of "$target" "$name" "$path")"
      "$PY" "$LIB" run "$OUT/wrk-$name-$target-$rep.txt" "$name" "$target" "$rep" "$idle" "$(pids_of "$target")" -- \
        wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$url" >>"$RUNS"
      log "$name $target rep $rep: $(tail -1 "$RUNS" | "$PY" "$LIB" line)"
    done
  done <"$PAGE_META"
done

# ---------------------------------------------------------------- 4. idle memory after load
log "idle for $IDLE_S s"
sleep "$IDLE_S"
RSS_IDLE_KB="$(rss_kb)"
HWM_KB="$(awk '/^VmHWM:/ { print $2 }' "/proc/$RYGRAD_PID/status")"
THREADS_IDLE="$(awk '/^Threads:/ { print $2 }' "/proc/$RYGRAD_PID/status")"
log "idle RSS after load: $RSS_IDLE_KB kB (peak $HWM_KB kB, $THREADS_IDLE threads)"
stop_rygrad; STOP_LIST+=("$STOP_MS")
sed 's/\x1b\[[0-9;]*m//g' "$OUT"/rygrad-*.log | grep -E ' (ERROR|WARN) ' >&2 || true

# ---------------------------------------------------------------- 5. report
export_meta() {
  COMMAND="bash bench/load.sh   # DURATION=$DURATION REPEATS=$REPEATS THREADS=$THREADS CONNS=$CONNS WARMUP=$WARMUP STARTS=$STARTS" \
  WRK_CMD="wrk -t$THREADS -c$CONNS -d$DURATION --latency URL" \
  DATE="$(date -u '+%Y-%m-%d %H:%M UTC')" \
  NPROC="$(nproc)" \
  CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
  MEM="$(free -m | awk '/^Mem:/ { printf "%.1f GiB", $2/1024 }')" \
  KERNEL="$(uname -r)" \
  OS="$( . /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || echo unknown)" \
  WRKV="$(wrk -v 2>&1 | head -1 | sed 's/ Copyright.*//')" \
  NGINXV="$(nginx -v 2>&1 | sed 's/^nginx version: //')" \
  RUSTCV="$(rustc -V 2>/dev/null || echo 'rustc ?')" \
  COMMIT="$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && [ -n "$(git status --porcelain -- crates Cargo.toml Cargo.lock 2>/dev/null)" ] && echo ' (+ uncommitted changes in crates/Cargo)' || true)" \
  BINSIZE="$(du -h "$BIN" | cut -f1)" \
  STARTUP_LIST="${STARTUP_LIST[*]}" LOGGED_LIST="${LOGGED_LIST[*]}" STOP_LIST="${STOP_LIST[*]}" \
  FIRST_MS="$FIRST_MS" FIRST_LOGGED="$FIRST_LOGGED" \
  RSS_START_KB="$RSS_START_KB" RSS_IDLE_KB="$RSS_IDLE_KB" HWM_KB="$HWM_KB" THREADS_IDLE="$THREADS_IDLE" \
  SETTLE_S="$SETTLE_S" IDLE_S="$IDLE_S" PAGE_META="$PAGE_META" \
  REPEATS="$REPEATS" WARMUP="$WARMUP" CONNS="$CONNS" RYGRAD_PORT="$RYGRAD_PORT" NGINX_PORT="$NGINX_PORT" \
  T_P99_MS="$T_P99_MS" T_RATIO="$T_RATIO" T_STARTUP_MS="$T_STARTUP_MS" T_RSS_MB="$T_RSS_MB" \
  "$PY" - "$OUT/meta.json" <<'PY'
import json, os, sys
e = os.environ
num = lambda s: [float(x) for x in s.split()]
pages = []
for line in open(e["PAGE_META"]):
    name, label, path, size, hsize, nhsize, ctype = line.rstrip("\n").split("\t")
    pages.append({"name": name, "label": label, "path": path, "bytes": int(size),
                  "rygrad_header_bytes": int(hsize), "nginx_header_bytes": int(nhsize), "content_type": ctype})
meta = {
    "command": e["COMMAND"], "wrk_cmd": e["WRK_CMD"], "date": e["DATE"], "nproc": e["NPROC"], "cpu": e["CPU"],
    "mem": e["MEM"], "kernel": e["KERNEL"], "os": e["OS"], "wrk": e["WRKV"], "nginx": e["NGINXV"],
    "rustc": e["RUSTCV"], "commit": e["COMMIT"], "binary_size": e["BINSIZE"],
    "repeats": int(e["REPEATS"]), "warmup": e["WARMUP"], "conns": int(e["CONNS"]),
    "rygrad_port": e["RYGRAD_PORT"], "nginx_port": e["NGINX_PORT"],
    "wait_idle": e["WAIT_IDLE"], "wait_max": e["WAIT_MAX"], "pages": pages,
    "targets": {"p99_ms": float(e["T_P99_MS"]), "ratio": float(e["T_RATIO"]),
                "startup_ms": float(e["T_STARTUP_MS"]), "rss_mb": float(e["T_RSS_MB"])},
    "startup": {"healthz_ms": num(e["STARTUP_LIST"]),
                "logged_ms": [int(x) if x != "null" else None for x in e["LOGGED_LIST"].split()],
                "stop_ms": num(e["STOP_LIST"]), "first_healthz_ms": float(e["FIRST_MS"]),
                "first_logged_ms": e["FIRST_LOGGED"]},
    "rss": {"after_start_kb": int(e["RSS_START_KB"]), "after_load_idle_kb": int(e["RSS_IDLE_KB"]),
            "hwm_kb": int(e["HWM_KB"]), "threads": int(e["THREADS_IDLE"]),
            "settle_s": e["SETTLE_S"], "idle_s": e["IDLE_S"]},
}
json.dump(meta, open(sys.argv[1], "w"), indent=1)
PY
}
export_meta
"$PY" "$LIB" report "$RUNS" "$OUT/meta.json" "$RESULTS"
log "results written to $RESULTS"
