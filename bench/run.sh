#!/usr/bin/env bash
# Warta throughput benchmark: compares the portal against a bare Hummingbird hello-world.
#
#   bench/run.sh            (or: make bench)
#
# Builds the release binary if needed, starts `warta serve --demo` and `warta bench-hello` on
# free 127.0.0.1 ports, logs in as a demo account, runs wrk against
#   1. hello-world GET /          (baseline, `warta bench-hello`)
#   2. anonymous GET /login       (template render, no session)
#   3. authenticated GET /        (session lookup in SQLite + home page render)
# and prints req/s, p99 latency and the authenticated / hello-world throughput ratio, with PASS
# or FAIL against the target (authenticated page >= 50% of hello-world). The table also goes to
# bench/results/latest.txt. See bench/README.md.
#
# Exit status: 0 PASS, 1 FAIL (below target), 2 run invalid or setup error.
#
# Settings (environment):
#   BENCH_THREADS=2  BENCH_CONNECTIONS=32  BENCH_DURATION=15 (s)  BENCH_WARMUP=3 (s)
#   BENCH_TARGET=0.50        required authenticated / hello-world throughput ratio
#   BENCH_USER=admin         demo account to log in as
#   BENCH_DIAG=0             1 = also measure GET /healthz anonymous and with the session cookie
#                            (middleware + session lookup without page rendering), for diagnosis
#   BENCH_BUILD=1            0 = do not run `swift build` (use the existing binary)
#   BENCH_BUILD_TIMEOUT=2400 seconds allowed for the release build
#   WARTA_BIN=...            binary to run (default .build/release/warta)

set -euo pipefail

LOG_TAG="bench"   # how this script's messages start
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # ROOT, BENCH_DIR, RESULTS, RAW, HOST, say, die, helpers

LUA="$BENCH_DIR/report.lua"

THREADS="${BENCH_THREADS:-2}"
CONNS="${BENCH_CONNECTIONS:-32}"
DURATION="${BENCH_DURATION:-15}"
WARMUP="${BENCH_WARMUP:-3}"
TARGET="${BENCH_TARGET:-0.50}"
DEMO_USER="${BENCH_USER:-admin}"
BUILD="${BENCH_BUILD:-1}"
DIAG="${BENCH_DIAG:-0}"
BUILD_TIMEOUT="${BENCH_BUILD_TIMEOUT:-2400}"
BIN="${WARTA_BIN:-$ROOT/.build/release/warta}"

positive_ints BENCH_THREADS:THREADS BENCH_CONNECTIONS:CONNS BENCH_DURATION:DURATION BENCH_WARMUP:WARMUP
[[ "$TARGET" =~ ^[0-9]*\.?[0-9]+$ ]] || die "BENCH_TARGET must be a number such as 0.50, not '$TARGET'"
(( CONNS >= THREADS )) || die "BENCH_CONNECTIONS must be >= BENCH_THREADS"
require_wrk_and_curl
require_files "$LUA"

# ---------------------------------------------------------------- cleanup: always stop servers
TMP=""
SERVE_PID=""
HELLO_PID=""

# shellcheck disable=SC2317   # called by the EXIT trap that install_traps sets
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$CHILD_PID"   # the build or wrk run in progress (run_bg)
    stop_pid "$SERVE_PID"
    stop_pid "$HELLO_PID"
    keep_logs_remove_tmp "$TMP"/*.log
    exit "$rc"
}
install_traps

# ---------------------------------------------------------------- build
build_release "(waits if another build holds .build; limit ${BUILD_TIMEOUT}s)"

mkdir -p "$RAW"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/warta-bench.XXXXXX")"

# ---------------------------------------------------------------- helpers
wait_healthy() {   # name pid url: up to 60 s for a 200; dies with the end of $TMP/name.log if pid exits
    local rc=0
    wait_for_200 "$2" "$3" 60 || rc=$?
    if (( rc == 1 )); then
        tail -n 20 "$TMP/$1.log" >&2 || true
        die "$1 exited during start-up"
    fi
    (( rc == 0 )) || die "$1 not healthy after 60 s ($3 last gave $HTTP_LAST)"
}

# ---------------------------------------------------------------- start servers
SERVE_PORT="$(free_port)" || die "no free port"
HELLO_PORT="$(free_port "$SERVE_PORT")" || die "no free port"

"$BIN" serve --demo --db "$TMP/warta.sqlite" --port "$SERVE_PORT" --host "$HOST" \
    --resources "$ROOT" --log-level warning >"$TMP/serve.out" 2>"$TMP/serve.log" 9>&- &
SERVE_PID=$!
"$BIN" bench-hello --port "$HELLO_PORT" --host "$HOST" >"$TMP/hello.out" 2>"$TMP/hello.log" 9>&- &
HELLO_PID=$!

BASE="http://$HOST:$SERVE_PORT"
HELLO="http://$HOST:$HELLO_PORT"
wait_healthy serve "$SERVE_PID" "$BASE/healthz"
wait_healthy hello "$HELLO_PID" "$HELLO/"
say "bench: warta serve on $BASE (pid $SERVE_PID), bench-hello on $HELLO (pid $HELLO_PID)"

# ---------------------------------------------------------------- log in
wait_for_banner "$TMP/serve.out"
read_demo_accounts "$TMP/serve.out"
PASSWORD="$(demo_password "$DEMO_USER")"
if [[ -z "$PASSWORD" ]]; then
    say "bench: no demo account '$DEMO_USER'; using the first one"
    DEMO_USER="$(head -n1 <<<"$DEMO_ACCOUNTS" | awk '{print $1}')"
    PASSWORD="$(head -n1 <<<"$DEMO_ACCOUNTS" | awk '{print $2}')"
fi

login "$DEMO_USER" "$PASSWORD"
[[ "$LOGIN_LOCATION" == "/" ]] || say "bench: warning: login redirected to '$LOGIN_LOCATION', not '/'"
COOKIE="Cookie: warta_session=$SESSION"
say "bench: logged in as $DEMO_USER"

# The authenticated page must really be the home page: 200, not a redirect to /login, and the
# body must carry the logout form that only signed-in pages have.
check_auth() {   # label
    local code
    code="$(curl -s --max-time 10 -o "$TMP/home.html" -w '%{http_code}' -H "$COOKIE" "$BASE/")" || code=000
    if [[ "$code" != 200 ]] || ! grep -q 'action="/logout"' "$TMP/home.html"; then
        die "authenticated GET / $1 the run gave HTTP $code (or no logout form): session not accepted"
    fi
}
check_auth before
[[ "$(http_code "$BASE/login")" == 200 ]] || die "anonymous GET /login is not 200"
[[ "$(http_code "$HELLO/")" == 200 ]] || die "hello-world GET / is not 200"

# ---------------------------------------------------------------- run wrk
LOAD_BEFORE="$(load_avg)"

run_wrk() {   # name url [extra wrk args...]
    local name="$1" url="$2"; shift 2
    say "bench: $name: warm-up ${WARMUP}s, then ${DURATION}s (wrk -t$THREADS -c$CONNS)"
    wrk_for "$WARMUP" "$TMP/$name.warmup.txt" "wrk warm-up for $name" -t"$THREADS" -c"$CONNS" -s "$LUA" "$@" "$url"
    wrk_for "$DURATION" "$RAW/$name.txt" "wrk for $name" -t"$THREADS" -c"$CONNS" --latency -s "$LUA" "$@" "$url"
    require_bench_line "$RAW/$name.txt" "$name"
}

run_wrk hello "$HELLO/"
run_wrk login "$BASE/login"
run_wrk auth  "$BASE/" -H "$COOKIE"
if [[ "$DIAG" == 1 ]]; then
    run_wrk healthz-anon    "$BASE/healthz"
    run_wrk healthz-session "$BASE/healthz" -H "$COOKIE"
fi
check_auth after

LOAD_AFTER="$(load_avg)"

# ---------------------------------------------------------------- report
HELLO_RPS="$(field "$RAW/hello.txt" rps)"
AUTH_RPS="$(field "$RAW/auth.txt" rps)"
RATIO="$(awk -v a="$AUTH_RPS" -v h="$HELLO_RPS" 'BEGIN { if (h > 0) printf "%.3f", a / h; else print "0" }')"
VERDICT="$(awk -v r="$RATIO" -v t="$TARGET" 'BEGIN { print (r >= t) ? "PASS" : "FAIL" }')"

INVALID=""
NAMES=(hello login auth)
[[ "$DIAG" == 1 ]] && NAMES+=(healthz-anon healthz-session)
for name in "${NAMES[@]}"; do
    bad="$(field "$RAW/$name.txt" non2xx)"
    errs=$(( $(field "$RAW/$name.txt" connect_errors) + $(field "$RAW/$name.txt" read_errors) \
           + $(field "$RAW/$name.txt" write_errors) + $(field "$RAW/$name.txt" timeouts) ))
    if (( bad > 0 )); then INVALID+=" $name:$bad-non-2xx"; fi
    if (( errs > 0 )); then INVALID+=" $name:$errs-socket-errors"; fi
done
[[ -z "$INVALID" ]] || VERDICT="INVALID"

commit="$(code_under_test)"

row() {   # label name
    local f="$RAW/$2.txt"
    local rps p99 p50 non2xx ratio
    rps="$(field "$f" rps)"; p99="$(field "$f" p99_ms)"; p50="$(field "$f" p50_ms)"; non2xx="$(field "$f" non2xx)"
    ratio="$(awk -v a="$rps" -v h="$HELLO_RPS" 'BEGIN { if (h > 0) printf "%.1f%%", 100 * a / h; else print "-" }')"
    printf '%-28s %10s %9s %9s %8s %9s\n' "$1" "$rps" "$p50" "$p99" "$non2xx" "$ratio"
}

{
    echo "Warta benchmark — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "machine: $(machine_summary); load avg before $LOAD_BEFORE, after $LOAD_AFTER"
    echo "code:    $commit; binary $(binary_label)"
    echo "load:    wrk -t$THREADS -c$CONNS -d${DURATION}s after ${WARMUP}s warm-up; wrk and servers share the machine"
    echo "session: demo account '$DEMO_USER'"
    echo
    printf '%-28s %10s %9s %9s %8s %9s\n' "target" "req/s" "p50 ms" "p99 ms" "non-2xx" "vs hello"
    row "hello-world GET /"     hello
    row "anonymous GET /login"  login
    row "authenticated GET /"   auth
    if [[ "$DIAG" == 1 ]]; then
        row "diag: anonymous /healthz" healthz-anon
        row "diag: session /healthz"   healthz-session
    fi
    echo
    echo "authenticated GET / ÷ hello-world = $RATIO (target ≥ $TARGET): $VERDICT"
    busy_note
    if [[ -n "$INVALID" ]]; then
        echo "INVALID RUN — unexpected responses or socket errors:$INVALID (see bench/results/raw/)"
    fi
} | save_report ""

exit_for_verdict "$VERDICT"
