#!/usr/bin/env bash
# Survey benchmark at scale: rygrad's release binary with a generated survey of ANSWERS answers
# (default 100,000) over SURVEY_GROUPS classes (default 500) of one open wave, on SQLite and on
# PostgreSQL, against the issue's speed targets:
#   - a wave's results by group (getSurveyResults; the results page too) ≤ 50 ms;
#   - SUBMIT answers (default 1,000) sent at once by CLIENTS clients (default 64) over distinct
#     group codes (submitSurveyResponse): not a single error, and the wave's count grown by
#     exactly SUBMIT (nothing lost);
#   - the export of all answers (exportSurveyResponses, CSV and XLSX) ≤ 2 s;
#   - the server's peak memory (VmHWM), reported (< 1 GB, as for the other benchmarks).
# Each URL is fetched RUNS times one after another (after one warm-up); the median and the
# slowest are reported (curl's total on 127.0.0.1: an upper bound of the server time). The
# export is fetched EXPORT_RUNS times. The concurrent answers come from bench/surveys_submit.py.
# Writes bench/SURVEYS_RESULTS.md (pass or fail, as measured).
#
# Usage (from anywhere):  bash bench/surveys.sh
#                         ANSWERS=5000 BIN=target/debug/rygrad RESULTS=/tmp/s.md bash bench/surveys.sh   # a short try
# Knobs (environment):    ANSWERS=100000 SURVEY_GROUPS=500 SUBMIT=1000 CLIENTS=64 SEED=2026 RUNS=20 EXPORT_RUNS=3
#                         BACKENDS="sqlite postgres" PORT=18196
#                         PG_URL=postgres://postgres@127.0.0.1:5432 PG_ADMIN_DB=test PG_DB=rygrad_surveys_bench
#                         BUILD=auto (build only if the binary is missing; 1 = always; 0 = never)
#                         BIN=path (another binary)  KEEP_TMP=1  RESULTS=path
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"

ANSWERS="${ANSWERS:-100000}"
SURVEY_GROUPS="${SURVEY_GROUPS:-500}"
SUBMIT="${SUBMIT:-1000}"
CLIENTS="${CLIENTS:-64}"
SEED="${SEED:-2026}"
RUNS="${RUNS:-20}"
EXPORT_RUNS="${EXPORT_RUNS:-3}"
BACKENDS="${BACKENDS:-sqlite postgres}"
PORT="${PORT:-18196}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
PG_ADMIN_DB="${PG_ADMIN_DB:-test}"
PG_DB="${PG_DB:-rygrad_surveys_bench}"
BUILD="${BUILD:-auto}"
KEEP_TMP="${KEEP_TMP:-0}"
RESULTS="${RESULTS:-$BENCH_DIR/SURVEYS_RESULTS.md}"
SLUG=undersoegelse-i-stor-skala
EMAIL=bench@example.dk
PASSWORD=bench-kodeord-1

. "$BENCH_DIR/lib.sh"

command -v curl >/dev/null || die "curl is missing"
command -v python3 >/dev/null || die "python3 is missing"
case " $BACKENDS " in *" postgres "*) command -v psql >/dev/null || die "psql is missing (postgresql-client)" ;; esac

release_binary
ports_free "$PORT"

WORK="$(mktemp -d /tmp/rygrad-surveys.XXXXXX)"
ROWS="$WORK/rows.tsv"; : >"$ROWS"
NOTES="$WORK/notes.tsv"; : >"$NOTES"
serve_and_measure_setup

# The server's memory after a step, to the notes: its peak so far (VmHWM) and what it holds now,
# its own (RssAnon) and the database file's pages SQLite maps into each connection (RssFile).
memory_note() {
  local backend="$1" step="$2"
  awk -v b="$backend" -v s="$step" '/^(VmHWM|RssAnon|RssFile):/ {m[$1] = int($2 / 1024)}
    END {printf "%s\tmemory after %s\tpeak %d MB; now %d MB own, %d MB of mapped files\n", b, s, m["VmHWM:"], m["RssAnon:"], m["RssFile:"]}' \
    "/proc/$SERVER_PID/status" >>"$NOTES"
}

run_backend() {
  local backend="$1" url
  fresh_database "$backend"; url="$DB_URL"
  log "$backend: migrating and generating $ANSWERS answers over $SURVEY_GROUPS groups"
  "$BIN" --database-url "$url" migrate >/dev/null
  local started=$SECONDS
  "$BIN" --database-url "$url" demo-data --survey-answers "$ANSWERS" --survey-groups "$SURVEY_GROUPS" \
    --survey-slug "$SLUG" --seed "$SEED" >"$WORK/generate-$backend.log" 2>&1 \
    || { cat "$WORK/generate-$backend.log" >&2; die "demo-data failed"; }
  printf '%s\tgenerating %s answers over %s groups\t%s s\n' "$backend" "$ANSWERS" "$SURVEY_GROUPS" "$((SECONDS - started))" >>"$NOTES"
  if [ "$backend" = postgres ]; then
    psql "$url" -X -q -c "VACUUM ANALYZE" >/dev/null
  fi
  "$BIN" --database-url "$url" user create --email "$EMAIL" --password "$PASSWORD" --admin >/dev/null
  local token
  token="$("$BIN" --database-url "$url" token create --email "$EMAIL")"
  "$BIN" --database-url "$url" serve --listen "127.0.0.1:$PORT" >"$WORK/server-$backend.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
    sleep 0.1
  done
  local base="http://127.0.0.1:$PORT" api="http://127.0.0.1:$PORT/api/v1"
  local auth=(-H "Authorization: Bearer $token")
  local id wave
  curl -s "${auth[@]}" "$api/initiatives/$SLUG/surveys" >"$WORK/surveys.json"
  id="$(json 'd[-1]["id"]' <"$WORK/surveys.json")"
  wave="$(json 'd[-1]["waves"][0]["id"]' <"$WORK/surveys.json")"
  curl -s "${auth[@]}" "$api/surveys/$id" >"$WORK/survey.json"
  curl -s "${auth[@]}" "$api/survey-waves/$wave/groups" >"$WORK/groups.json"

  # The results page as the browser asks for it: logged in (a session cookie, the CSRF token).
  local jar="$WORK/cookies-$backend.txt" csrf login
  curl -s -c "$jar" -b "$jar" -o /dev/null "$base/log-ind"
  csrf="$(awk '$6 == "rygrad_csrf" {print $7}' "$jar")"
  login="$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "_csrf=$csrf" \
    --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" "$base/log-ind")"
  [ "$login" = 303 ] || die "logging in answered HTTP $login"

  local results="$api/surveys/$id/results?wave_id=$wave"
  read -r median max bytes status <<<"$(measure "$results" "${auth[@]}")"
  row "$backend" "getSurveyResults (one wave by group, $SURVEY_GROUPS groups)" 50 "$median" "$max" "$bytes" "$status"
  read -r median max bytes status <<<"$(measure "$base/initiativer/$SLUG/undersoegelser/$id/resultater?boelge=$wave" -b "$jar")"
  row "$backend" "results page (one wave by group; the first 50 groups)" 50 "$median" "$max" "$bytes" "$status"
  memory_note "$backend" "the results"
  read -r median max bytes status <<<"$(measure "$results&group_by=mobbet" "${auth[@]}")"
  row "$backend" "getSurveyResults (grouped by an answer)" 50 "$median" "$max" "$bytes" "$status"
  memory_note "$backend" "grouping by an answer"

  # SUBMIT answers at once from CLIENTS clients; then the wave must count exactly SUBMIT more.
  local before after
  before="$(curl -s "${auth[@]}" "$results" | json 'd["total"]')"
  python3 "$BENCH_DIR/surveys_submit.py" "$api" "$WORK/survey.json" "$WORK/groups.json" "$SUBMIT" "$CLIENTS" \
    >"$WORK/submit-$backend.json"
  after="$(curl -s "${auth[@]}" "$results" | json 'd["total"]')"
  local errors grown verdict=pass
  errors="$(json 'd["errors"]' <"$WORK/submit-$backend.json")"
  grown=$((after - before))
  [ "$errors" = 0 ] && [ "$grown" = "$SUBMIT" ] || verdict=FAIL
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$backend" \
    "submitSurveyResponse: $SUBMIT answers by $CLIENTS clients at once (errors; stored)" \
    "0; +$SUBMIT" "$errors; +$grown" "$(json 'd["max_ms"]' <"$WORK/submit-$backend.json")" "–" "$verdict" >>"$ROWS"
  log "$backend: $SUBMIT answers by $CLIENTS clients: $errors errors, the wave grew by $grown — $verdict"
  printf '%s\tthe concurrent answers\t%s\n' "$backend" "$(cat "$WORK/submit-$backend.json")" >>"$NOTES"
  memory_note "$backend" "the concurrent answers"

  # The export of every answer (now ANSWERS + SUBMIT), timed whole.
  local format times out export_status export_bytes
  for format in csv xlsx; do
    times=()
    for _ in $(seq 1 "$EXPORT_RUNS"); do
      out="$(curl -s -o "$WORK/export-$backend.$format" -w '%{time_total} %{size_download} %{http_code}' "${auth[@]}" \
        "$api/surveys/$id/responses/export?format=$format")"
      times+=("$(awk '{printf "%.0f", $1 * 1000}' <<<"$out")")
      export_bytes="$(awk '{print $2}' <<<"$out")"; export_status="$(awk '{print $3}' <<<"$out")"
    done
    read -r median max <<<"$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[NR]}')"
    row "$backend" "exportSurveyResponses (${format^^}, all $((ANSWERS + SUBMIT)) answers)" 2000 "$median" "$max" "$export_bytes" "$export_status"
  done
  printf '%s\tCSV lines (header and answers)\t%s\n' "$backend" "$(wc -l <"$WORK/export-$backend.csv")" >>"$NOTES"
  memory_note "$backend" "the export"

  local hwm
  hwm="$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")"
  verdict=pass; [ "$hwm" -lt 1048576 ] || verdict=FAIL
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$backend" "server peak memory (VmHWM, MB)" "1024" \
    "$((hwm / 1024))" "–" "–" "$verdict" >>"$ROWS"
  stop_server
}

for backend in $BACKENDS; do
  run_backend "$backend"
done

{
  echo "# Survey benchmark"
  echo
  echo "Generated by \`bench/surveys.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPU cores, binary $BUILT"
  echo "(\`$(basename "$(dirname "$BIN")")/$(basename "$BIN")\`), commit $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)."
  echo "Data: one survey (the pupils' wellbeing set and an age question: likert, single, multi, number, free"
  echo "text) with $ANSWERS answers over $SURVEY_GROUPS classes of one open wave, one class in fifty with 1–4 answers,"
  echo "from \`rygrad demo-data --survey-answers $ANSWERS --survey-groups $SURVEY_GROUPS\` (seed $SEED)."
  echo "Times: median and slowest of $RUNS sequential fetches with curl on 127.0.0.1 (an upper bound of"
  echo "the server time), as the administrator (API token; the page with a session). The export: median and"
  echo "slowest of $EXPORT_RUNS. The concurrent answers: \`bench/surveys_submit.py\`, $CLIENTS threads with a"
  echo "keep-alive connection each, answer i to group code i of the wave in turn; the wave's \`total\` in"
  echo "getSurveyResults read before and after (the slowest column: the slowest answer, ms)."
  case "$BIN" in */debug/*) echo; echo "**A debug build: a trial of the script, not a measurement of the targets.**" ;; esac
  echo
  echo "| backend | what | target (ms) | measured (ms) | slowest (ms) | bytes | verdict |"
  echo "|---|---|---|---|---|---|---|"
  awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7}' "$ROWS"
  echo
  awk -F'\t' '{printf "- %s, %s: %s\n", $1, $2, $3}' "$NOTES"
} >"$RESULTS"
log "wrote $RESULTS"
