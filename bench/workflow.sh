#!/usr/bin/env bash
# Warta workflow benchmark: "Tugas saya" and approvals with 5,000 items in flight and 50 users.
#
#   bench/workflow.sh
#
# Builds the release binary if needed, sets up a fresh institution (`warta init --preset dki-ksd`),
# creates two login accounts (the only kepala-biro, and a tim-pengelola approver), seeds 48 more
# accounts and 5,000 items in flight with `warta seed-bench --workload workflow` (through the app's
# own writes; 200 waiting for the kepala-biro at step 5, 3,000 at step 2), starts `warta serve` on
# a free 127.0.0.1 port, logs both in, then
#   1. GET / as the kepala-biro (200 waiting) under wrk -c64: req/s, p50, p99 — target p99 <= 20 ms;
#   2. POST /content/{id}/approve as the approver, each step-2 item once (bench/approve.lua), until
#      the items are used up (or -d ends first): successful approvals per second over that window
#      and p99, and afterwards a check in SQLite that the new approve events are exactly the
#      successes (bench/verify_approvals.py).
# The table goes to bench/results/workflow-latest.txt. See bench/README.md.
#
# Exit status: 0 PASS (GET / p99 within target), 1 FAIL (p99 above target), 2 invalid run or
# setup error (unexpected statuses, socket errors, SQLite check failed...).
#
# Settings (environment):
#   BENCH_THREADS=2              wrk threads (both runs)
#   BENCH_HOME_CONNECTIONS=64    wrk connections for GET /
#   BENCH_HOME_DURATION=20 (s)   measured GET / run, after BENCH_WARMUP=5 (s) of warm-up
#   BENCH_P99_TARGET=20          GET / p99 target in ms
#   BENCH_APPROVE_CONNECTIONS=8  wrk connections for the approvals (writes are serialised anyway)
#   BENCH_APPROVE_DURATION=auto  wrk -d of the approval run, whole s: the run ends when the items are
#                                used up or at -d, whichever is first. `auto`: twice the time the
#                                items last at the warm-up's rate + 1 s, at most
#                                BENCH_APPROVE_MAX_DURATION=15 (wrk sleeps all of -d in any case)
#   BENCH_APPROVE_WARMUP=1 (s)   approval warm-up on its own slice of BENCH_APPROVE_WARMUP_ITEMS=250 items
#   BENCH_ITEMS=5000 BENCH_USERS=50 BENCH_BIRO_ITEMS=200 BENCH_STEP2_ITEMS=3000   the workload
#   BENCH_PERF=0                 1 = `perf record -g` the server during the measured GET / run and
#                                save the flat profile to bench/results/raw/workflow-perf-home.txt
#   BENCH_BUILD=1                0 = do not run `swift build` (use the existing binary)
#   BENCH_BUILD_TIMEOUT=2400     seconds allowed for the release build
#   WARTA_BIN=...                binary to run (default .build/release/warta)
#   WARTA_SEED_BIN=...           binary that seeds (`warta seed-bench`; default WARTA_BIN)
#   PYTHON=/usr/bin/python3      Python with the sqlite3 module (read-only checks of the database)

set -euo pipefail

LOG_TAG="workflow bench"   # how this script's messages start
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # ROOT, BENCH_DIR, RESULTS, RAW, HOST, say, die, helpers

REPORT_LUA="$BENCH_DIR/report.lua"
APPROVE_LUA="$BENCH_DIR/approve.lua"
VERIFY="$BENCH_DIR/verify_approvals.py"

THREADS="${BENCH_THREADS:-2}"
HOME_CONNS="${BENCH_HOME_CONNECTIONS:-64}"
HOME_DURATION="${BENCH_HOME_DURATION:-20}"
WARMUP="${BENCH_WARMUP:-5}"
P99_TARGET="${BENCH_P99_TARGET:-20}"
APPROVE_CONNS="${BENCH_APPROVE_CONNECTIONS:-8}"
APPROVE_DURATION="${BENCH_APPROVE_DURATION:-auto}"
APPROVE_MAX_DURATION="${BENCH_APPROVE_MAX_DURATION:-15}"
APPROVE_WARMUP="${BENCH_APPROVE_WARMUP:-1}"
APPROVE_WARMUP_ITEMS="${BENCH_APPROVE_WARMUP_ITEMS:-250}"
ITEMS="${BENCH_ITEMS:-5000}"
USERS="${BENCH_USERS:-50}"
BIRO_ITEMS="${BENCH_BIRO_ITEMS:-200}"
STEP2_ITEMS="${BENCH_STEP2_ITEMS:-3000}"
PERF="${BENCH_PERF:-0}"
BUILD="${BENCH_BUILD:-1}"
BUILD_TIMEOUT="${BENCH_BUILD_TIMEOUT:-2400}"
BIN="${WARTA_BIN:-$ROOT/.build/release/warta}"
PY="${PYTHON:-/usr/bin/python3}"
BIRO_USER=bench-kabiro
APPROVER_USER=bench-pengelola

positive_ints THREADS HOME_CONNS HOME_DURATION WARMUP APPROVE_CONNS APPROVE_MAX_DURATION APPROVE_WARMUP APPROVE_WARMUP_ITEMS \
    ITEMS USERS BIRO_ITEMS STEP2_ITEMS
[[ "$P99_TARGET" =~ ^[0-9]*\.?[0-9]+$ ]] || die "BENCH_P99_TARGET must be a number of ms, not '$P99_TARGET'"
(( HOME_CONNS >= THREADS && APPROVE_CONNS >= THREADS )) || die "connections must be >= BENCH_THREADS"
[[ "$APPROVE_DURATION" == auto || ( "$APPROVE_DURATION" =~ ^[0-9]+$ && "$APPROVE_DURATION" -gt 0 ) ]] \
    || die "BENCH_APPROVE_DURATION must be 'auto' or a positive integer, not '$APPROVE_DURATION'"
(( APPROVE_WARMUP_ITEMS < STEP2_ITEMS )) || die "BENCH_APPROVE_WARMUP_ITEMS must be below BENCH_STEP2_ITEMS"
require_wrk_and_curl
require_python_sqlite
if [[ "$PERF" == 1 ]]; then command -v perf >/dev/null || die "BENCH_PERF=1 but perf not found"; fi
require_files "$REPORT_LUA" "$APPROVE_LUA" "$VERIFY"

# ---------------------------------------------------------------- cleanup: always stop the server
TMP=""
SERVE_PID=""
PERF_PID=""

# shellcheck disable=SC2317   # called by the EXIT trap that install_traps sets
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$PERF_PID" INT
    stop_pid "$CHILD_PID"   # the build, wrk or seeding in progress (run_bg)
    stop_pid "$SERVE_PID"
    keep_logs_remove_tmp "$TMP/workflow-serve.log" "$TMP/workflow-serve.out"
    exit "$rc"
}
install_traps

# ---------------------------------------------------------------- build
build_release "(waits if another build holds .build; limit ${BUILD_TIMEOUT}s)"

mkdir -p "$RAW"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/warta-workflow.XXXXXX")"
DB="$TMP/warta.sqlite"

# ---------------------------------------------------------------- helpers
new_password() { tr -dc 'A-Za-z0-9' </dev/urandom | head -c 24 || true; }

# ---------------------------------------------------------------- set up the institution
say "workflow bench: setting up $DB"
run_bg timeout 60 "$BIN" init --db "$DB" --preset dki-ksd --name "Bench" >"$TMP/init.out" 2>&1 \
    || { cat "$TMP/init.out" >&2; die "warta init failed"; }
BIRO_PASSWORD="$(new_password)"
APPROVER_PASSWORD="$(new_password)"
add_user() {   # username display-name role password
    printf '%s\n' "$4" | timeout 60 "$BIN" user add --db "$DB" --username "$1" --display-name "$2" --role "$3" \
        --bcrypt-cost 10 >>"$TMP/init.out" 2>&1 9>&- || { cat "$TMP/init.out" >&2; die "warta user add $1 failed"; }
}
add_user "$BIRO_USER" "Kepala Biro (bench)" kepala-biro "$BIRO_PASSWORD"
add_user "$APPROVER_USER" "Tim Pengelola (bench)" tim-pengelola "$APPROVER_PASSWORD"
seed_bench 300 "$TMP/seed.out" --db "$DB" --preset dki-ksd --workload workflow --biro-user "$BIRO_USER" \
    --approver-user "$APPROVER_USER" --users "$USERS" --items "$ITEMS" --biro-items "$BIRO_ITEMS" --step2-items "$STEP2_ITEMS"
say "workflow bench: ${SEED_LINE#SEED }"

# ---------------------------------------------------------------- start the server
# shellcheck disable=SC2119   # no port to avoid
PORT="$(free_port)" || die "no free port"
BASE="http://$HOST:$PORT"
"$BIN" serve --db "$DB" --host "$HOST" --port "$PORT" --resources "$ROOT" --log-level warning \
    >"$TMP/workflow-serve.out" 2>"$TMP/workflow-serve.log" 9>&- &
SERVE_PID=$!
wait_serve "$TMP/workflow-serve.log"
say "workflow bench: warta serve on $BASE (pid $SERVE_PID)"

# ---------------------------------------------------------------- log in
login "$BIRO_USER" "$BIRO_PASSWORD" "$BIRO_USER"
BIRO_COOKIE="Cookie: warta_session=$SESSION"
login "$APPROVER_USER" "$APPROVER_PASSWORD" "$APPROVER_USER"
APPROVER_COOKIE="Cookie: warta_session=$SESSION"
say "workflow bench: logged in as $BIRO_USER and $APPROVER_USER"

# home COOKIE FILE -> the status; the page goes to FILE
home() { curl -s --max-time 10 -o "$2" -w '%{http_code}' -H "$1" "$BASE/" || echo 000; }
count_pill() { grep -o '<span class="count-pill">[0-9]*</span>' "$1" | sed -n 1p | sed 's/[^0-9]//g'; }

# The kepala-biro's home must be the signed-in "Tugas saya" with all BIRO_ITEMS waiting.
check_biro() {   # when
    local code shown rows
    code="$(home "$BIRO_COOKIE" "$TMP/home-biro.html")"
    [[ "$code" == 200 ]] && grep -q 'action="/logout"' "$TMP/home-biro.html" \
        || die "GET / as $BIRO_USER $1 gave HTTP $code (or no logout form): session not accepted"
    shown="$(count_pill "$TMP/home-biro.html")"
    [[ "$shown" == "$BIRO_ITEMS" ]] || die "GET / as $BIRO_USER $1 shows '${shown:-no count}' waiting, expected $BIRO_ITEMS"
    rows="$(grep -o 'href="/content/[0-9]*"' "$TMP/home-biro.html" | sort -u | wc -l)"
    (( rows == (BIRO_ITEMS < 50 ? BIRO_ITEMS : 50) )) || die "GET / as $BIRO_USER $1 links $rows items, expected a page of 50"
    say "workflow bench: GET / as $BIRO_USER $1: 200, $shown waiting, $rows item links on the page, $(wc -c <"$TMP/home-biro.html") bytes"
}
check_biro "before the GET / run"

code="$(home "$APPROVER_COOKIE" "$TMP/home-approver.html")"
[[ "$code" == 200 ]] || die "GET / as $APPROVER_USER gave HTTP $code"
APPROVER_CSRF="$(csrf_token "$TMP/home-approver.html")"
[[ -n "$APPROVER_CSRF" ]] || die "no csrf_token on the approver's home page"
shown="$(count_pill "$TMP/home-approver.html")"
[[ "$shown" == "$STEP2_ITEMS" ]] || die "GET / as $APPROVER_USER shows '${shown:-no count}' waiting, expected $STEP2_ITEMS"

LOAD_BEFORE="$(load_avg)"

# ---------------------------------------------------------------- 1. GET / as the kepala-biro
say "workflow bench: GET / (kepala-biro): warm-up ${WARMUP}s, then ${HOME_DURATION}s (wrk -t$THREADS -c$HOME_CONNS)"
wrk_for "$WARMUP" "$TMP/home.warmup.txt" "wrk warm-up for GET /" \
    -t"$THREADS" -c"$HOME_CONNS" -s "$REPORT_LUA" -H "$BIRO_COOKIE" "$BASE/"
if [[ "$PERF" == 1 ]]; then perf_start "$HOME_DURATION"; fi
T0="$(server_ticks)"; S0="$(now_s)"
wrk_for "$HOME_DURATION" "$RAW/workflow-home.txt" "wrk for GET /" \
    -t"$THREADS" -c"$HOME_CONNS" --latency -s "$REPORT_LUA" -H "$BIRO_COOKIE" "$BASE/"
HOME_CPU="$(cpu_pct "$T0" "$(server_ticks)" "$(awk -v a="$S0" -v b="$(now_s)" 'BEGIN { print b - a }')")"
require_bench_line "$RAW/workflow-home.txt" "GET /"
if [[ -n "$PERF_PID" ]]; then perf_report "the measured GET / run" "$RAW/workflow-perf-home.txt"; fi
check_biro "after the GET / run"
LOAD_MID="$(load_avg)"

# ---------------------------------------------------------------- 2. approvals as the tim-pengelola
# The step-2 items, in id order: the first ones for the warm-up, the rest for the measured run.
sql "SELECT id, version FROM contentItem WHERE position = 2 AND stepRoleKey = 'tim-pengelola' ORDER BY id" >"$TMP/step2.txt"
have="$(wc -l <"$TMP/step2.txt")"
(( have == STEP2_ITEMS )) || die "$have items at step 2, expected $STEP2_ITEMS"
head -n "$APPROVE_WARMUP_ITEMS" "$TMP/step2.txt" >"$TMP/ids-warmup.txt"
tail -n +"$(( APPROVE_WARMUP_ITEMS + 1 ))" "$TMP/step2.txt" >"$TMP/ids-run.txt"
RUN_ITEMS="$(wc -l <"$TMP/ids-run.txt")"

approve_run() {   # name ids-file duration out [--latency]
    # shellcheck disable=SC2086   # ${5:-}: --latency or nothing at all
    wrk_for "$3" "$4" "wrk for approvals ($1)" -t"$THREADS" -c"$APPROVE_CONNS" ${5:-} -s "$APPROVE_LUA" -H "$APPROVER_COOKIE" "$BASE/" \
        -- "$2" "$APPROVER_CSRF" "$TMP/$1.ids" "$THREADS"
    require_bench_line "$4" "approvals ($1)"
}
# Wait until the server has finished what was in flight when wrk stopped: the event count stands still.
settle() {
    local last="" now
    for _ in $(seq 1 40); do
        now="$(sql "SELECT count(*) FROM contentEvent")"
        [[ "$now" == "$last" ]] && return 0
        last="$now"
        sleep 0.5
    done
    die "the event count keeps changing 20 s after the approval run"
}

say "workflow bench: approvals (tim-pengelola): warm-up ${APPROVE_WARMUP}s on $APPROVE_WARMUP_ITEMS items (wrk -t$THREADS -c$APPROVE_CONNS)"
approve_run warmup "$TMP/ids-warmup.txt" "$APPROVE_WARMUP" "$TMP/approve.warmup.txt"
W="$TMP/approve.warmup.txt"
for k in s303_other s403 s409 s4xx s5xx other; do
    (( $(field "$W" "$k") == 0 )) || die "approval warm-up: $(field "$W" "$k") responses counted as $k (session, CSRF or route problem)"
done
(( $(field "$W" ok) > 0 )) || die "approval warm-up: no approval succeeded"
RATE_SEEN="$(field "$W" ok_rps)"
if [[ "$APPROVE_DURATION" == auto ]]; then
    APPROVE_DURATION="$(awk -v n="$RUN_ITEMS" -v r="$RATE_SEEN" -v max="$APPROVE_MAX_DURATION" \
        'BEGIN { d = int(2 * n / r) + 1; if (d > max) d = max; print d }')"
    DURATION_NOTE="auto from the warm-up's ~$RATE_SEEN/s"
else
    DURATION_NOTE="fixed; warm-up ~$RATE_SEEN/s"
fi
settle
say "workflow bench: approvals: $RUN_ITEMS items, at most ${APPROVE_DURATION}s ($DURATION_NOTE)"
AFTER_EVENT_ID="$(sql "SELECT coalesce(max(id), 0) FROM contentEvent")"
T0="$(server_ticks)"
approve_run run "$TMP/ids-run.txt" "$APPROVE_DURATION" "$RAW/workflow-approve.txt" --latency
T1="$(server_ticks)"   # the server is idle once the items are used up: its CPU time is the window's
settle
run_bg timeout 120 "$PY" "$VERIFY" --db "$DB" --approver-user "$APPROVER_USER" --after-event-id "$AFTER_EVENT_ID" \
    --wrk-ids "$TMP/run.ids" >"$RAW/workflow-verify.txt" 2>&1 || true
VERIFY_LINE="$(grep -m1 '^VERIFY ' "$RAW/workflow-verify.txt" || echo "VERIFY result=ERROR")"
LOAD_AFTER="$(load_avg)"

# The kepala-biro's list is untouched by step-2 approvals; the approver's count went down by
# every approval, warm-up included.
check_biro "after the approvals"
code="$(home "$APPROVER_COOKIE" "$TMP/home-approver.html")"
left="$(sql "SELECT count(*) FROM contentItem WHERE stepRoleKey = 'tim-pengelola'")"
shown="$(count_pill "$TMP/home-approver.html")"
[[ "$code" == 200 && "$shown" == "$left" ]] \
    || die "GET / as $APPROVER_USER after the approvals gave HTTP $code showing '${shown:-no count}' waiting; the database has $left"
[[ "$(http_code "$BASE/healthz")" == 200 ]] || die "the server stopped answering /healthz"

# ---------------------------------------------------------------- report
H="$RAW/workflow-home.txt"
A="$RAW/workflow-approve.txt"
vfield() { tr ' ' '\n' <<<"$VERIFY_LINE" | sed -n "s/^$1=//p"; }
HOME_P99="$(field "$H" p99_ms)"
VERDICT="$(awk -v p="$HOME_P99" -v t="$P99_TARGET" 'BEGIN { print (p <= t) ? "PASS" : "FAIL" }')"
(( $(field "$H" timeouts) == 0 )) || VERDICT=FAIL

INVALID=""
errs() { echo $(( $(field "$1" connect_errors) + $(field "$1" read_errors) + $(field "$1" write_errors) + $(field "$1" timeouts) )); }
(( $(field "$H" non2xx) == 0 )) || INVALID+=" GET/:$(field "$H" non2xx)-non-2xx"
# A GET / timeout (no answer within wrk's 5 s) is a latency far above the target that wrk leaves
# out of its percentiles: it makes the run FAIL, not INVALID. Other socket errors are invalid.
HOME_TIMEOUTS="$(field "$H" timeouts)"
(( $(errs "$H") - HOME_TIMEOUTS == 0 )) || INVALID+=" GET/:$(( $(errs "$H") - HOME_TIMEOUTS ))-socket-errors"
for k in s303_other s403 s409 s4xx s5xx other; do
    (( $(field "$A" "$k") == 0 )) || INVALID+=" approve:$(field "$A" "$k")-$k"
done
(( $(errs "$A") == 0 )) || INVALID+=" approve:$(errs "$A")-socket-errors"
(( $(field "$A" ok) > 0 )) || INVALID+=" approve:no-success"
[[ "$(vfield result)" == OK ]] || INVALID+=" sqlite-check:$(vfield result)"
[[ -z "$INVALID" ]] || VERDICT="INVALID"
SERVER_WARNINGS="$(count_warnings "$TMP/workflow-serve.log")"

commit="$(code_under_test)"
OK="$(field "$A" ok)"
NOT_OK=0
for k in s303_other s403 s409 s4xx s5xx other; do NOT_OK=$(( NOT_OK + $(field "$A" "$k") )); done
WINDOW="$(field "$A" window_s)"
APPROVE_RPS="$(awk -v n="$(( OK + NOT_OK ))" -v w="$WINDOW" 'BEGIN { printf "%.1f", (w > 0) ? n / w : 0 }')"
APPROVE_CPU="$(cpu_pct "$T0" "$T1" "$WINDOW")"
OK_RPS="$(awk -v n="$OK" -v w="$WINDOW" 'BEGIN { printf "%.1f", (w > 0) ? n / w : 0 }')"
if [[ "$(field "$A" drained)" == 1 ]]; then
    HOW="all $RUN_ITEMS items used up in $(printf '%.2f' "$WINDOW") s"
else
    HOW="-d ${APPROVE_DURATION}s ended the run before the items were used up"
fi
APPLIED_LATE="$(vfield applied_unanswered)"

{
    echo "Warta workflow benchmark — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "machine:  $(machine_summary); load avg before $LOAD_BEFORE, after GET / $LOAD_MID, at the end $LOAD_AFTER"
    echo "code:     $commit; binary $(binary_label)"
    echo "data:     ${SEED_LINE#SEED }"
    echo "GET /:    $BIRO_USER (the only kepala-biro, $BIRO_ITEMS waiting, 50 per page); wrk -t$THREADS -c$HOME_CONNS -d${HOME_DURATION}s after ${WARMUP}s warm-up"
    echo "approve:  $APPROVER_USER, POST /content/{id}/approve on step-2 items, each once; wrk -t$THREADS -c$APPROVE_CONNS -d${APPROVE_DURATION}s ($DURATION_NOTE) after ${APPROVE_WARMUP}s warm-up on $APPROVE_WARMUP_ITEMS other items"
    echo
    printf '%-26s %9s %9s %9s %9s %9s %8s %9s %7s\n' "target" "req/s" "ok/s" "p50 ms" "p99 ms" "max ms" "not ok" "timeouts" "cpu"
    printf '%-26s %9s %9s %9s %9s %9s %8s %9s %7s\n' "GET / (kepala-biro)" "$(field "$H" rps)" "-" \
        "$(field "$H" p50_ms)" "$HOME_P99" "$(field "$H" max_ms)" "$(field "$H" non2xx)" "$HOME_TIMEOUTS" "$HOME_CPU"
    printf '%-26s %9s %9s %9s %9s %9s %8s %9s %7s\n' "POST approve (pengelola)" "$APPROVE_RPS" "$OK_RPS" \
        "$(field "$A" p50_ms)" "$(field "$A" p99_ms)" "$(field "$A" max_ms)" "$NOT_OK" "$(field "$A" timeouts)" "$APPROVE_CPU"
    echo
    echo "approvals: $OK successes (303 to the item) = $OK_RPS/s sustained ($HOW);" \
         "403: $(field "$A" s403), 409: $(field "$A" s409), 5xx: $(field "$A" s5xx), other: $(( $(field "$A" s303_other) + $(field "$A" s4xx) + $(field "$A" other) ))"
    echo "sqlite:    $(vfield events) new approve events = $OK successes + $APPLIED_LATE in flight when wrk stopped;" \
         "lost $(vfield lost), double $(vfield double), wrong state $(vfield wrong_state), unexpected $(vfield unexpected): $(vfield result)"
    echo "server:    $SERVER_WARNINGS warning/error lines in its log (bench/results/logs/workflow-serve.log)"
    echo
    if (( HOME_TIMEOUTS > 0 )); then
        echo "GET / p99 = $HOME_P99 ms, and $HOME_TIMEOUTS requests got no answer within 5 s (left out of the percentiles) (target ≤ $P99_TARGET ms): $VERDICT"
    else
        echo "GET / p99 = $HOME_P99 ms (target ≤ $P99_TARGET ms): $VERDICT"
    fi
    busy_note
    if [[ -n "$INVALID" ]]; then
        echo "INVALID RUN —$INVALID (see bench/results/raw/workflow-*.txt)"
    fi
    perf_top "GET / run" "$RAW/workflow-perf-home.txt"
} | save_report workflow-

exit_for_verdict "$VERDICT"
