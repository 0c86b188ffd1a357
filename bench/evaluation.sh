#!/usr/bin/env bash
# Warta evaluation benchmark (issue 15): /evaluasi for a quarter with a year of data.
#
#   bench/evaluation.sh
#
# Builds the release binary if needed, starts `warta serve --demo --preset dki-ksd` once on a fresh
# database (migrations including v13-evaluation's indexes, demo accounts), stops it, seeds the
# archive benchmark's year with `warta seed-bench --workload archive` (49,999 published items
# through the app's own writes, each with its full history: 7 history lines, ≈ 350,000 in all,
# 100,000 links and their checks, ANALYZE). Then, for the current quarter (the default page,
# about two months of data on the day it runs) and the last full quarter before it:
#   1. cold: BENCH_COLD_SAMPLES times, a fresh `warta serve` process (and, when this user may, the
#      kernel's page cache dropped), a login, and the first GET /evaluasi?quarter=… : time_total.
#      PASS when every cold sample is under BENCH_TARGET_MS (500);
#   2. warm: BENCH_WARM_SAMPLES more GETs on the same process: median and max;
#   3. the same period as JSON (Accept: application/json), CSV and XLSX, once each.
# Every answer is checked: 200, the per-step table (or the JSON's "steps"), not a redirect to /login.
# The lines go to bench/results/evaluation-latest.txt.
#
# Exit status: 0 PASS, 1 FAIL (a cold sample over the target), 2 invalid run or setup error.
#
# Settings (environment): BENCH_LINKS=100000 BENCH_MONTHS=12 BENCH_COLD_SAMPLES=3
#   BENCH_WARM_SAMPLES=10 BENCH_TARGET_MS=500 BENCH_USER=admin BENCH_BUILD=1 (0: use WARTA_BIN as
#   it is) WARTA_BIN=.build/release/warta BENCH_KEEP_DB=path (seed once into that file and reuse it
#   on the next runs; the default seeds a temporary database every run)
set -euo pipefail
LOG_TAG="evaluation bench"
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LINKS="${BENCH_LINKS:-100000}"
MONTHS="${BENCH_MONTHS:-12}"
COLD="${BENCH_COLD_SAMPLES:-3}"
WARM="${BENCH_WARM_SAMPLES:-10}"
TARGET="${BENCH_TARGET_MS:-500}"
BUILD="${BENCH_BUILD:-1}"
BUILD_TIMEOUT="${BENCH_BUILD_TIMEOUT:-2400}"
BIN="${WARTA_BIN:-$ROOT/.build/release/warta}"
PY="${PYTHON:-/usr/bin/python3}"
USER_NAME="${BENCH_USER:-admin}"
KEEP_DB="${BENCH_KEEP_DB:-}"

positive_ints LINKS MONTHS COLD WARM TARGET
require_wrk_and_curl
unset WARTA_CHECK_LINKS_EVERY

TMP=""
SERVE_PID=""
# shellcheck disable=SC2317   # called by the EXIT trap that install_traps sets
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$CHILD_PID"
    stop_pid "$SERVE_PID"
    keep_logs_remove_tmp "$TMP/evaluation-serve.log" "$TMP/evaluation-serve.out"
    exit "$rc"
}
install_traps

build_release "(limit ${BUILD_TIMEOUT}s)"
mkdir -p "$RAW"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/warta-evaluation.XXXXXX")"
DB="$TMP/warta.sqlite"

start_server() {
    local port
    # shellcheck disable=SC2119
    port="$(free_port)" || die "no free port"
    BASE="http://$HOST:$port"
    "$BIN" serve --demo --preset dki-ksd --db "$DB" --host "$HOST" --port "$port" --resources "$ROOT" --log-level warning \
        >"$TMP/evaluation-serve.out" 2>"$TMP/evaluation-serve.log" 9>&- &
    SERVE_PID=$!
    wait_serve "$TMP/evaluation-serve.log"
    wait_for_banner "$TMP/evaluation-serve.out"
}

if [[ -n "$KEEP_DB" && -s "$KEEP_DB" ]]; then
    say "evaluation bench: reusing the seeded database $KEEP_DB"
    cp "$KEEP_DB" "$DB"
    SEEDED="reused $KEEP_DB"
else
    say "evaluation bench: demo database in $DB"
    start_server
    stop_pid "$SERVE_PID"; SERVE_PID=""
    seed_bench 1800 "$TMP/seed.out" --db "$DB" --preset dki-ksd --workload archive --links "$LINKS" --months "$MONTHS" --analyze
    SEEDED="${SEED_LINE#SEED }"
    say "evaluation bench: $SEEDED"
    [[ -z "$KEEP_DB" ]] || cp "$DB" "$KEEP_DB"
fi

# The demo accounts' passwords are printed at every start; the first start wrote them.
N_ITEMS="$(sql "SELECT count(*) FROM contentItem")"
N_EVENTS="$(sql "SELECT count(*) FROM contentEvent")"
RESULT="$RESULTS/evaluation-latest.txt"
: >"$RESULT"
report() { say "evaluation bench: $*"; printf '%s\n' "$*" >>"$RESULT"; }
report "items=$N_ITEMS history_lines=$N_EVENTS data=($SEEDED) $(date -u +%Y-%m-%dT%H:%M:%SZ) load=$(load_avg)"

read -r Q_NOW Q_PREV < <("$PY" -c '
import datetime as dt
t = dt.datetime.now(dt.timezone(dt.timedelta(hours=7)))
q = (t.month - 1) // 3 + 1
p = (t.year, q - 1) if q > 1 else (t.year - 1, 4)
print(f"{t.year}-Q{q} {p[0]}-Q{p[1]}")')

fresh_login() {
    stop_pid "$SERVE_PID"; SERVE_PID=""
    # The kernel's page cache too, where this user may drop it (root on the bench machine).
    sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null && DROPPED=yes || DROPPED=no
    start_server
    read_demo_accounts "$TMP/evaluation-serve.out"
    PASSWORD="$(demo_password "$USER_NAME")"
    [[ -n "$PASSWORD" ]] || die "no demo account '$USER_NAME' (accounts: $(demo_users))"
    login "$USER_NAME" "$PASSWORD"
    COOKIE="Cookie: warta_session=$SESSION"
}

# get PATH [CURL-ARGS...]: GET with the session; checks 200 and prints time_total in ms.
get() {
    local path="$1" out="$TMP/answer" code secs; shift
    read -r code secs < <(curl -s -o "$out" -w '%{http_code} %{time_total}\n' -H "$COOKIE" "$@" "$BASE$path")
    [[ "$code" == 200 ]] || die "GET $path gave $code, expected 200 (signed in?)"
    "$PY" -c "print('%.1f' % (float('$secs') * 1000))"
}
stats() { "$PY" -c "
import statistics, sys
t = sorted(float(x) for x in sys.argv[1:])
print('median_ms=%.1f max_ms=%.1f samples=%d' % (statistics.median(t), t[-1], len(t)))" "$@"; }

verdict=0
for quarter in "$Q_NOW" "$Q_PREV"; do
    path="/evaluasi?quarter=$quarter"
    cold=()
    for _ in $(seq 1 "$COLD"); do
        fresh_login
        cold+=("$(get "$path")")
        grep -q 'id="eval-steps"' "$TMP/answer" || die "GET $path has no per-step table"
    done
    worst="$("$PY" -c "import sys; print(max(float(x) for x in sys.argv[1:]))" "${cold[@]}")"
    pass="$("$PY" -c "print('PASS' if float('$worst') < float('$TARGET') else 'FAIL')")"
    [[ "$pass" == PASS ]] || verdict=1
    report "GET $path cold (fresh process, page cache dropped: $DROPPED) ms=${cold[*]} $pass (< $TARGET ms)"
    warm=()
    for _ in $(seq 1 "$WARM"); do warm+=("$(get "$path")"); done
    report "GET $path warm $(stats "${warm[@]}")"
    ms="$(get "$path" -H 'Accept: application/json')"
    grep -q '"steps"' "$TMP/answer" || die "the JSON of $path has no steps"
    report "GET $path JSON ms=$ms bytes=$(wc -c <"$TMP/answer")"
    report "GET /evaluasi.csv?quarter=$quarter ms=$(get "/evaluasi.csv?quarter=$quarter") bytes=$(wc -c <"$TMP/answer")"
    report "GET /evaluasi.xlsx?quarter=$quarter ms=$(get "/evaluasi.xlsx?quarter=$quarter") bytes=$(wc -c <"$TMP/answer")"
done
exit "$verdict"
