# Shell helpers the bench scripts share. Sourced (not run) after the script has set ROOT.

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# row BACKEND NAME TARGET MEASURED MAX BYTES STATUS: a line of the results table in $ROWS, with its
# verdict (over the target or not HTTP 200: FAIL).
row() {
  local verdict=pass
  awk -v m="$4" -v t="$3" 'BEGIN {exit !(m > t)}' && verdict=FAIL
  [ "$7" = 200 ] || verdict="FAIL (HTTP $7)"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$verdict" >>"$ROWS"
  log "$1: $2 ${4} ms (max ${5} ms, $6 bytes) — $verdict"
}

# json EXPR: EXPR of the JSON on stdin (`d`), printed.
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

us_now() { local t="$EPOCHREALTIME"; echo "${t/./}"; }   # microseconds

# Settings from the caller's shell must not change what is measured.
unset RYGRAD_SMTP_URL RYGRAD_BASE_URL RYGRAD_TRUSTED_PROXIES RYGRAD_SECURE_COOKIES RYGRAD_LOG \
      RYGRAD_LISTEN RYGRAD_DEMO RYGRAD_LOG_FORMAT RYGRAD_MAIL_FROM || true

# ensure_pkgs COMMAND:PACKAGE...: installs (apt-get) the packages whose command is missing.
ensure_pkgs() {
  local missing=() spec
  for spec in "$@"; do
    command -v "${spec%%:*}" >/dev/null 2>&1 || missing+=("${spec#*:}")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# release_binary: sets BIN (default target/release/rygrad) and BUILT ("built" or "reused").
# BUILD=1 always builds, BUILD=auto only when the binary is missing, BUILD=0 never.
release_binary() {
  BIN="${BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/rygrad}"
  BUILT=reused
  if [ "$BUILD" = 1 ] || { [ "$BUILD" = auto ] && [ ! -x "$BIN" ]; }; then
    log "cargo build --release -p rygrad (slow the first time)"
    (cd "$ROOT" && cargo build --release -p rygrad)
    BUILT=built
  fi
  [ -x "$BIN" ] || die "$BIN missing; run with BUILD=1"
}

# ports_free PORT...: stops the script when something already listens on one of them.
ports_free() {
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      die "127.0.0.1:$port is in use; choose another port (see the script's knobs)"
    fi
  done
}

# start_nginx DIR PORT: a private nginx serving DIR/www as static files on 127.0.0.1:PORT, with
# the settings of the anchor in ../shared/bench/anchors; sets NGX_PID. DIR must be readable by
# nginx's workers (www-data when run as root).
start_nginx() {
  local dir="$1" port="$2" user=""
  mkdir -p "$dir/www" "$dir/tmp"
  if [ "$(id -u)" -eq 0 ] && id www-data >/dev/null 2>&1; then user="user www-data;"; fi
  cat >"$dir/nginx.conf" <<EOF
$user
worker_processes 2;
worker_rlimit_nofile 16384;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; use epoll; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_timeout 65s;
  keepalive_requests 100000;
  open_file_cache max=1000 inactive=60s;
  open_file_cache_valid 60s;
  server_tokens off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  server {
    listen 127.0.0.1:$port reuseport backlog=4096;
    root $dir/www;
    location / { }
  }
}
EOF
  chmod -R a+rX "$dir"
  nginx -t -q -c "$dir/nginx.conf" -p "$dir" || die "nginx config test failed"
  nginx -c "$dir/nginx.conf" -p "$dir"
  local _
  for _ in $(seq 1 50); do [ -s "$dir/nginx.pid" ] && break; sleep 0.1; done
  NGX_PID="$(cat "$dir/nginx.pid")"
  log "nginx master pid $NGX_PID on 127.0.0.1:$port"
}

# stop_nginx: graceful stop of the nginx start_nginx began (if it runs).
stop_nginx() {
  if [ -n "${NGX_PID:-}" ] && kill -0 "$NGX_PID" 2>/dev/null; then
    kill -QUIT "$NGX_PID" 2>/dev/null || true
    local _
    for _ in $(seq 1 20); do kill -0 "$NGX_PID" 2>/dev/null || break; sleep 0.2; done
  fi
  NGX_PID=""
}

# nginx_pids: nginx's master and workers, comma-separated (for CPU accounting).
nginx_pids() { echo "$NGX_PID,$(pgrep -d, -P "$NGX_PID" || true)"; }

# For the scripts that serve one database at a time and time URLs with curl (workspace.sh,
# indicators.sh, surveys.sh): a server in SERVER_PID stopped on exit, the PostgreSQL database PG_DB dropped
# unless KEEP_TMP=1, and `measure URL` (median and slowest of RUNS fetches).
serve_and_measure_setup() {
  SERVER_PID=""
  PG_CREATED=0
  trap cleanup EXIT
}
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

# median and maximum (ms) of RUNS fetches of URL, with any further arguments passed to curl
# (a token header, a cookie jar); prints "median max bytes status"
measure() {
  local url="$1" i times=() out status bytes
  shift
  curl -s -o /dev/null "$@" "$url&warmup=1" || true
  for i in $(seq 1 "$RUNS"); do
    out="$(curl -s -o /dev/null -w '%{time_total} %{size_download} %{http_code}' "$@" "$url&run=$i$RANDOM")"
    times+=("$(awk '{printf "%.1f", $1 * 1000}' <<<"$out")")
    bytes="$(awk '{print $2}' <<<"$out")"
    status="$(awk '{print $3}' <<<"$out")"
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v b="$bytes" -v s="$status" \
    '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f %.1f %s %s\n", m, a[NR], b, s}'
}

# fresh_database BACKEND: an empty database for BACKEND in DB_URL (SQLite: a file in WORK;
# PostgreSQL: PG_DB created anew, dropped on exit).
fresh_database() {
  case "$1" in
    sqlite) DB_URL="sqlite://$WORK/bench.db" ;;
    postgres)
      pg_admin -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
      PG_CREATED=1
      DB_URL="$PG_URL/$PG_DB" ;;
    *) die "unknown backend $1" ;;
  esac
}
