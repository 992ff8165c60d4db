#!/usr/bin/env bash
# Browser tests for rygrad: starts the debug binary on a free port with a fresh SQLite database
# and the demo data, then runs e2e/tests/*.test.js (Node's test runner, Playwright driving
# Debian's chromium, axe-core on every page). Exits non-zero on any failure.
#
#   e2e/run.sh                    # all tests
#   e2e/run.sh tests/language.test.js   # some tests (paths relative to e2e/)
#
# Environment: RYGRAD_BIN (default target/debug/rygrad), CHROMIUM (default /usr/bin/chromium),
# E2E_KEEP=1 keeps the temporary directory (database, server log, failure screenshots).
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$E2E_DIR/.." && pwd)"
cd "$ROOT"

log() { printf 'e2e: %s\n' "$*" >&2; }

# ---- the browser: Debian's chromium, never a downloaded one ----
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$CHROMIUM" ]]; then
  log "installing chromium (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y chromium; then
    apt-get update
    apt-get install -y chromium
  fi
fi
export CHROMIUM

# ---- node packages, pinned by package-lock.json ----
# npm writes node_modules/.package-lock.json at each install: older than package-lock.json
# means the lock changed since.
INSTALLED="$E2E_DIR/node_modules/.package-lock.json"
if [[ ! -f "$INSTALLED" || "$E2E_DIR/package-lock.json" -nt "$INSTALLED" ]]; then
  log "npm ci"
  (cd "$E2E_DIR" && npm ci --no-audit --no-fund)
fi

# ---- the server binary ----
# Always build (a no-op when fresh), so the browser never tests a stale binary.
if [[ -n "${RYGRAD_BIN:-}" ]]; then
  BIN="$RYGRAD_BIN"
else
  BIN="$ROOT/target/debug/rygrad"
  log "building $BIN"
  (cd "$ROOT" && cargo build -p rygrad --locked)
fi

# ---- a fresh database and a free port ----
TMP="$(mktemp -d "${TMPDIR:-/tmp}/rygrad-e2e.XXXXXX")"
SERVER_PID=""
TEST_PID=""
cleanup() {
  local status=$?
  if [[ -n "$TEST_PID" ]]; then
    kill -TERM -- "-$TEST_PID" 2>/dev/null || true
    wait "$TEST_PID" 2>/dev/null || true
  fi
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -f "$TMP/server.log" ]]; then
    log "last lines of the server log ($TMP/server.log):"
    tail -n 40 "$TMP/server.log" >&2 || true
  fi
  if [[ "${E2E_KEEP:-}" == 1 || $status -ne 0 ]]; then
    log "kept $TMP"
  else
    rm -rf "$TMP"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT="$(node -e '
  const s = require("net").createServer();
  s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });
')"
BASE_URL="http://127.0.0.1:$PORT"

log "starting $BIN on $BASE_URL (database $TMP/e2e.db)"
# No SMTP: mail goes to the outbox page /udbakke. Settings from the caller's environment that
# would change that (or the links in mail) are dropped.
env -u RYGRAD_SMTP_URL -u RYGRAD_BASE_URL -u RYGRAD_SECURE_COOKIES -u RYGRAD_TRUSTED_PROXIES \
  -u RYGRAD_LISTEN -u RYGRAD_DEMO \
  NO_COLOR=1 DATABASE_URL="sqlite://$TMP/e2e.db" \
  "$BIN" serve --demo --listen "127.0.0.1:$PORT" --log-format text \
  >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

for i in $(seq 300); do
  if curl -fsS "$BASE_URL/healthz" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    log "the server exited before it answered /healthz"
    exit 1
  fi
  if [[ $i -eq 300 ]]; then
    log "the server did not answer /healthz within 30 s"
    exit 1
  fi
  sleep 0.1
done
log "server is up"

# ---- the tests ----
cd "$E2E_DIR"
if [[ $# -gt 0 ]]; then
  TESTS=("$@")
else
  TESTS=(tests/*.test.js)
fi
# In its own process group and waited for in the background, so that an interrupt or TERM to
# this script stops the tests and their browsers at once (see cleanup).
BASE_URL="$BASE_URL" E2E_ARTIFACTS="$TMP" \
  setsid --wait node --test --test-concurrency=1 --test-reporter=spec "${TESTS[@]}" &
TEST_PID=$!
set +e
wait "$TEST_PID"
status=$?
set -e
TEST_PID=""
exit "$status"
