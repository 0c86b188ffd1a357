#!/usr/bin/env bash
# Warta incoming-messages benchmark (issue 14): the inbox, the monthly report and the CSV export
# with a year of messages (default 20,000).
#
#   bench/incoming.sh
#
# Builds the release binary if needed, starts `warta serve --demo --preset kendal` once on a fresh
# database (migrations, demo accounts, divisions), stops it, seeds a year of messages with
# `warta seed-bench --workload incoming` (through the app's own writes: logged by the monitor, 70%
# forwarded to a division), restarts it and logs in as the monitor (pengelola-ti). Then:
#   0. the baseline, in the same run and with the same wrk settings: `warta bench-hello` (a bare
#      Hummingbird route) and the server's own GET /healthz, without a session;
#   1. wrk -c16 against GET /pesan (the first page) and GET /pesan?category=keluhan: req/s, p50,
#      p99, PASS or FAIL against p99 <= BENCH_P99_TARGET ms, and req/s as a share of bench-hello's;
#   2. GET /pesan/laporan?month=<this month> BENCH_REPORT_SAMPLES times with curl: the render time
#      (median and max of time_total);
#   3. GET /pesan.csv (every message): wall time and the server's peak resident memory (VmHWM,
#      reset before the download through /proc/PID/clear_refs) against its memory before.
# The lines go to bench/results/incoming-latest.txt.
#
# Exit status: 0 PASS, 1 FAIL (a p99 above target), 2 invalid run or setup error.
#
# Settings (environment): BENCH_MESSAGES=20000 BENCH_THREADS=2 BENCH_CONNECTIONS=16
#   BENCH_DURATION=15 (s) BENCH_WARMUP=3 (s) BENCH_P99_TARGET=25 (ms) BENCH_REPORT_SAMPLES=10
#   BENCH_BUILD=1 (0: use WARTA_BIN as it is) WARTA_BIN=.build/release/warta
set -euo pipefail
LOG_TAG="incoming bench"
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Without a `response` hook: with one, wrk copies every 32 KB page into a Lua string, and on a
# two-core machine the load generator's CPU comes out of the server's (see bench/calendar.lua).
# Statuses are checked instead by wrk's count of those >= 400 and by the bytes per request.
LUA="$BENCH_DIR/calendar.lua"
MESSAGES="${BENCH_MESSAGES:-20000}"
THREADS="${BENCH_THREADS:-2}"
CONNS="${BENCH_CONNECTIONS:-16}"
DURATION="${BENCH_DURATION:-15}"
WARMUP="${BENCH_WARMUP:-3}"
P99_TARGET="${BENCH_P99_TARGET:-25}"
SAMPLES="${BENCH_REPORT_SAMPLES:-10}"
BUILD="${BENCH_BUILD:-1}"
BUILD_TIMEOUT="${BENCH_BUILD_TIMEOUT:-2400}"
BIN="${WARTA_BIN:-$ROOT/.build/release/warta}"
PY="${PYTHON:-/usr/bin/python3}"
USER_NAME="${BENCH_USER:-pengelola-ti}"

positive_ints MESSAGES THREADS CONNS DURATION WARMUP SAMPLES
[[ "$P99_TARGET" =~ ^[0-9]*\.?[0-9]+$ ]] || die "BENCH_P99_TARGET must be a number of ms, not '$P99_TARGET'"
require_wrk_and_curl
require_files "$LUA"
unset WARTA_CHECK_LINKS_EVERY

TMP=""
SERVE_PID=""
HELLO_PID=""
# shellcheck disable=SC2317   # called by the EXIT trap that install_traps sets
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$CHILD_PID"
    stop_pid "$SERVE_PID"
    stop_pid "$HELLO_PID"
    keep_logs_remove_tmp "$TMP/incoming-serve.log" "$TMP/incoming-serve.out"
    exit "$rc"
}
install_traps

build_release "(limit ${BUILD_TIMEOUT}s)"
mkdir -p "$RAW"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/warta-incoming.XXXXXX")"
DB="$TMP/warta.sqlite"

start_server() {
    local port
    # shellcheck disable=SC2119
    port="$(free_port)" || die "no free port"
    BASE="http://$HOST:$port"
    "$BIN" serve --demo --preset kendal --db "$DB" --host "$HOST" --port "$port" --resources "$ROOT" --log-level warning \
        >"$TMP/incoming-serve.out" 2>"$TMP/incoming-serve.log" 9>&- &
    SERVE_PID=$!
    wait_serve "$TMP/incoming-serve.log"
    wait_for_banner "$TMP/incoming-serve.out"
}

say "incoming bench: demo database in $DB"
start_server
stop_pid "$SERVE_PID"; SERVE_PID=""
seed_bench 1800 "$TMP/seed.out" --db "$DB" --preset kendal --workload incoming --items "$MESSAGES"
say "incoming bench: ${SEED_LINE#SEED }"

start_server
read_demo_accounts "$TMP/incoming-serve.out"
PASSWORD="$(demo_password "$USER_NAME")"
[[ -n "$PASSWORD" ]] || die "no demo account '$USER_NAME' (accounts: $(demo_users))"
login "$USER_NAME" "$PASSWORD"
COOKIE="Cookie: warta_session=$SESSION"
RESULT="$RESULTS/incoming-latest.txt"
: >"$RESULT"
report() { say "incoming bench: $*"; printf '%s\n' "$*" >>"$RESULT"; }
report "messages=$MESSAGES $(date -u +%Y-%m-%dT%H:%M:%SZ)"

# check_wrk OUT WHAT BYTES: dies (an invalid run) on a status >= 400, a socket error or a timeout,
# or fewer bytes per request than the response weighs (a 303 to /login weighs a few hundred).
check_wrk() {
    local errors short
    errors=$(( $(field "$1" status_errors) + $(field "$1" connect_errors) + $(field "$1" read_errors) \
        + $(field "$1" write_errors) + $(field "$1" timeouts) ))
    (( errors == 0 )) || die "wrk for $2: $errors responses >= 400, socket errors or timeouts: invalid run"
    short="$(awk -v got="$(field "$1" bytes_per_request)" -v want="$3" 'BEGIN { if (got < 0.999 * want) printf "%.0f", got }')"
    [[ -z "$short" ]] || die "wrk for $2: $short bytes per request, the response weighs $3: invalid run (signed out?)"
}

# 0. the baseline: a bare Hummingbird route, then the server's health check (no session)
HELLO_PORT="$(free_port)" || die "no free port"
"$BIN" bench-hello --host "$HOST" --port "$HELLO_PORT" >"$TMP/hello.out" 2>"$TMP/hello.log" 9>&- &
HELLO_PID=$!
hello_rc=0
wait_for_200 "$HELLO_PID" "http://$HOST:$HELLO_PORT/" 60 || hello_rc=$?
(( hello_rc == 0 )) || { tail -n 20 "$TMP/hello.log" >&2 || true; die "warta bench-hello did not answer (GET / gave $HTTP_LAST)"; }
hello_rps=""
for target in "hello http://$HOST:$HELLO_PORT/" "healthz $BASE/healthz"; do
    name="${target%% *}"; url="${target#* }"
    wrk_for "$WARMUP" "$TMP/warmup.txt" "wrk warm-up for $name" -t"$THREADS" -c"$CONNS" -s "$LUA" "$url"
    wrk_for "$DURATION" "$TMP/wrk-$name.txt" "wrk for $name" -t"$THREADS" -c"$CONNS" --latency -s "$LUA" "$url"
    require_bench_line "$TMP/wrk-$name.txt" "$name"
    check_wrk "$TMP/wrk-$name.txt" "$name" "$(response_bytes "$url")"
    [[ -n "$hello_rps" ]] || hello_rps="$(field "$TMP/wrk-$name.txt" rps)"
    report "baseline $name -t$THREADS -c$CONNS rps=$(field "$TMP/wrk-$name.txt" rps) p50_ms=$(field "$TMP/wrk-$name.txt" p50_ms) p99_ms=$(field "$TMP/wrk-$name.txt" p99_ms)"
done
stop_pid "$HELLO_PID"; HELLO_PID=""

# 1. the inbox under wrk
verdict=0
for path in "/pesan" "/pesan?category=keluhan"; do
    code="$(curl -s -o /dev/null -w '%{http_code}' -H "$COOKIE" "$BASE$path")"
    [[ "$code" == 200 ]] || die "GET $path gave $code, expected 200 (signed in?)"
    wrk_for "$WARMUP" "$TMP/warmup.txt" "wrk warm-up for $path" -t"$THREADS" -c"$CONNS" -s "$LUA" -H "$COOKIE" "$BASE$path"
    out="$TMP/wrk-$(tr -c 'a-z0-9' '-' <<<"$path").txt"
    wrk_for "$DURATION" "$out" "wrk for $path" -t"$THREADS" -c"$CONNS" --latency -s "$LUA" -H "$COOKIE" "$BASE$path"
    require_bench_line "$out" "$path"
    check_wrk "$out" "$path" "$(response_bytes "$BASE$path" -H "$COOKIE")"
    p99="$(field "$out" p99_ms)"
    pass="$("$PY" -c "print('PASS' if float('$p99') <= float('$P99_TARGET') else 'FAIL')")"
    [[ "$pass" == PASS ]] || verdict=1
    share="$("$PY" -c "print('%.1f' % (100 * float('$(field "$out" rps)') / float('$hello_rps')))")"
    report "GET $path -t$THREADS -c$CONNS rps=$(field "$out" rps) (${share}% of hello) p50_ms=$(field "$out" p50_ms) p99_ms=$p99 $pass (p99 <= $P99_TARGET ms)"
done

# 2. the monthly report's render time
month="$(TZ=Asia/Jakarta date +%Y-%m)"
times=()
for _ in $(seq 1 "$SAMPLES"); do
    times+=("$(curl -s -o /dev/null -w '%{time_total}' -H "$COOKIE" "$BASE/pesan/laporan?month=$month")")
done
report "GET /pesan/laporan?month=$month $("$PY" -c "
import statistics, sys
t = sorted(float(x) * 1000 for x in sys.argv[1:])
print('median_ms=%.1f max_ms=%.1f samples=%d' % (statistics.median(t), t[-1], len(t)))" "${times[@]}")"

# 3. the CSV export's memory
rss() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$SERVE_PID/status"; }
before="$(rss VmRSS)"
echo 5 >"/proc/$SERVE_PID/clear_refs" 2>/dev/null || true
secs="$(curl -s -o "$TMP/all.csv" -w '%{time_total}' -H "$COOKIE" "$BASE/pesan.csv")"
rows=$(( $(wc -l <"$TMP/all.csv") - 1 ))
report "GET /pesan.csv rows=$rows seconds=$secs rss_before_mb=$(( before / 1024 )) peak_mb=$(( $(rss VmHWM) / 1024 ))"
exit "$verdict"
