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

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="$ROOT/bench"
RESULTS="$BENCH_DIR/results"
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
HOST=127.0.0.1   # loopback only, never anything else

exec 9>&2   # the script's stderr, also for traps that fire inside a redirected step
say()  { printf '%s\n' "$*" >&9; }
die()  { say "bench: $*"; exit 2; }

for pair in BENCH_THREADS:THREADS BENCH_CONNECTIONS:CONNS BENCH_DURATION:DURATION BENCH_WARMUP:WARMUP; do
    n="${pair#*:}"
    [[ "${!n}" =~ ^[0-9]+$ ]] && (( ${!n} > 0 )) || die "${pair%%:*} must be a positive integer, not '${!n}'"
done
[[ "$TARGET" =~ ^[0-9]*\.?[0-9]+$ ]] || die "BENCH_TARGET must be a number such as 0.50, not '$TARGET'"
(( CONNS >= THREADS )) || die "BENCH_CONNECTIONS must be >= BENCH_THREADS"
command -v wrk  >/dev/null || die "wrk not found (apt-get install -y wrk)"
command -v curl >/dev/null || die "curl not found"
[[ -f "$LUA" ]] || die "$LUA missing"

# ---------------------------------------------------------------- cleanup: always stop servers
TMP=""
SERVE_PID=""
HELLO_PID=""
CHILD_PID=""   # the build or wrk run in progress

# Long steps run in the background and are waited for, so that a signal reaches the trap at once
# (bash runs traps only after a foreground child ends) and cleanup can stop the step too.
run_bg() {
    "$@" 9>&- &
    CHILD_PID=$!
    local rc=0
    wait "$CHILD_PID" || rc=$?
    CHILD_PID=""
    return "$rc"
}

stop_pid() {
    local pid="$1"
    [[ -n "$pid" ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do           # up to 5 s for a graceful stop
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "bench: pid $pid did not stop after SIGTERM, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$CHILD_PID"
    stop_pid "$SERVE_PID"
    stop_pid "$HELLO_PID"
    if [[ -n "$TMP" && -d "$TMP" ]]; then
        mkdir -p "$RESULTS/logs"
        cp -f "$TMP"/*.log "$RESULTS/logs/" 2>/dev/null || true
        rm -rf "$TMP"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'say "bench: interrupted"; exit 130' INT
trap 'say "bench: terminated"; exit 143' TERM

# ---------------------------------------------------------------- build
if [[ "$BUILD" != 0 ]]; then
    command -v swift >/dev/null || die "swift not found (set BENCH_BUILD=0 and WARTA_BIN to use a prebuilt binary)"
    say "bench: swift build -c release --product warta (waits if another build holds .build; limit ${BUILD_TIMEOUT}s)"
    run_bg timeout --kill-after=30 "$BUILD_TIMEOUT" swift build --package-path "$ROOT" -c release --product warta >&2 \
        || die "release build failed or timed out"
fi
[[ -x "$BIN" ]] || die "$BIN not found or not executable"

mkdir -p "$RESULTS/raw"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/warta-bench.XXXXXX")"

# ---------------------------------------------------------------- helpers
port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

free_port() {   # [port to avoid]: a port nothing listens on now
    local p
    for _ in $(seq 1 100); do
        p=$(( 20000 + RANDOM % 40000 ))
        [[ "$p" == "${1:-}" ]] && continue
        if ! port_in_use "$p"; then echo "$p"; return 0; fi
    done
    return 1
}

# http_code URL [curl args...]: prints the status code (000 on connection failure)
http_code() {
    local url="$1"; shift
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$url" 2>/dev/null || true
}

wait_healthy() {   # name pid url
    local name="$1" pid="$2" url="$3" code
    for _ in $(seq 1 300); do          # 60 s
        kill -0 "$pid" 2>/dev/null || { tail -n 20 "$TMP/$name.log" >&2 || true; die "$name exited during start-up"; }
        code="$(http_code "$url")"
        [[ "$code" == 200 ]] && return 0
        sleep 0.2
    done
    die "$name not healthy after 60 s ($url last gave $code)"
}

# field FILE KEY: a value from the BENCH line that report.lua prints
field() { grep -m1 '^BENCH ' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

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
for _ in $(seq 1 50); do grep -q '^Warta: http' "$TMP/serve.out" && break; sleep 0.1; done
accounts="$(awk '/^Akun demo/ {f=1; next} /^Warta:/ {f=0} f && NF >= 2 {print $1, $2}' "$TMP/serve.out")"
[[ -n "$accounts" ]] || { cat "$TMP/serve.out" >&2; die "no demo accounts printed"; }
PASSWORD="$(awk -v u="$DEMO_USER" '$1 == u {print $2; exit}' <<<"$accounts")"
if [[ -z "$PASSWORD" ]]; then
    say "bench: no demo account '$DEMO_USER'; using the first one"
    DEMO_USER="$(head -n1 <<<"$accounts" | awk '{print $1}')"
    PASSWORD="$(head -n1 <<<"$accounts" | awk '{print $2}')"
fi

JAR="$TMP/cookies.txt"
curl -s --max-time 10 -c "$JAR" -o "$TMP/login.html" "$BASE/login" || die "GET /login failed"
CSRF="$(grep -o 'name="csrf_token" value="[^"]*"' "$TMP/login.html" | head -n1 | sed 's/.*value="//; s/"$//')"
[[ -n "$CSRF" ]] || die "no csrf_token on /login"
code="$(curl -s --max-time 20 -b "$JAR" -c "$JAR" -D "$TMP/login.headers" -o /dev/null -w '%{http_code}' \
    --data-urlencode "csrf_token=$CSRF" --data-urlencode "username=$DEMO_USER" --data-urlencode "password=$PASSWORD" \
    "$BASE/login")" || die "POST /login failed"
location="$(tr -d '\r' <"$TMP/login.headers" | sed -n 's/^[Ll]ocation: *//p' | head -n1)"
[[ "$code" == 303 ]] || die "POST /login gave $code, expected 303"
SESSION="$(tr -d '\r' <"$TMP/login.headers" | sed -n 's/^[Ss]et-[Cc]ookie: *warta_session=\([^;]*\).*/\1/p' | head -n1)"
[[ -n "$SESSION" ]] || die "POST /login set no warta_session cookie"
[[ "$location" == "/" ]] || say "bench: warning: login redirected to '$location', not '/'"
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
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

run_wrk() {   # name url [extra wrk args...]
    local name="$1" url="$2"; shift 2
    say "bench: $name: warm-up ${WARMUP}s, then ${DURATION}s (wrk -t$THREADS -c$CONNS)"
    run_bg timeout --kill-after=5 $(( WARMUP + 30 )) \
        wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" --timeout 5s -s "$LUA" "$@" "$url" >"$TMP/$name.warmup.txt" 2>&1 \
        || die "wrk warm-up for $name failed: $(tail -n 3 "$TMP/$name.warmup.txt")"
    run_bg timeout --kill-after=5 $(( DURATION + 30 )) \
        wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 5s --latency -s "$LUA" "$@" "$url" >"$RESULTS/raw/$name.txt" 2>&1 \
        || die "wrk for $name failed: $(tail -n 3 "$RESULTS/raw/$name.txt")"
    grep -q '^BENCH ' "$RESULTS/raw/$name.txt" || die "no BENCH line in wrk output for $name"
}

run_wrk hello "$HELLO/"
run_wrk login "$BASE/login"
run_wrk auth  "$BASE/" -H "$COOKIE"
if [[ "$DIAG" == 1 ]]; then
    run_wrk healthz-anon    "$BASE/healthz"
    run_wrk healthz-session "$BASE/healthz" -H "$COOKIE"
fi
check_auth after

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- report
HELLO_RPS="$(field "$RESULTS/raw/hello.txt" rps)"
AUTH_RPS="$(field "$RESULTS/raw/auth.txt" rps)"
RATIO="$(awk -v a="$AUTH_RPS" -v h="$HELLO_RPS" 'BEGIN { if (h > 0) printf "%.3f", a / h; else print "0" }')"
VERDICT="$(awk -v r="$RATIO" -v t="$TARGET" 'BEGIN { print (r >= t) ? "PASS" : "FAIL" }')"

INVALID=""
NAMES=(hello login auth)
[[ "$DIAG" == 1 ]] && NAMES+=(healthz-anon healthz-session)
for name in "${NAMES[@]}"; do
    bad="$(field "$RESULTS/raw/$name.txt" non2xx)"
    errs=$(( $(field "$RESULTS/raw/$name.txt" connect_errors) + $(field "$RESULTS/raw/$name.txt" read_errors) \
           + $(field "$RESULTS/raw/$name.txt" write_errors) + $(field "$RESULTS/raw/$name.txt" timeouts) ))
    if (( bad > 0 )); then INVALID+=" $name:$bad-non-2xx"; fi
    if (( errs > 0 )); then INVALID+=" $name:$errs-socket-errors"; fi
done
[[ -z "$INVALID" ]] || VERDICT="INVALID"

commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ "$commit" != unknown ]] && [[ -n "$(git -C "$ROOT" status --porcelain -- Sources Views Locales Public Package.swift 2>/dev/null)" ]]; then
    commit+=" (+ uncommitted changes)"
fi
BUSY="$(awk -v l="${LOAD_BEFORE%% *}" -v n="$(nproc)" 'BEGIN { print (l > 0.5 * n) ? "yes" : "no" }')"
[[ "$BUILD" != 0 ]] || commit+="; BENCH_BUILD=0: binary not rebuilt, may be older than this"
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"

row() {   # label name
    local f="$RESULTS/raw/$2.txt"
    local rps p99 p50 non2xx ratio
    rps="$(field "$f" rps)"; p99="$(field "$f" p99_ms)"; p50="$(field "$f" p50_ms)"; non2xx="$(field "$f" non2xx)"
    ratio="$(awk -v a="$rps" -v h="$HELLO_RPS" 'BEGIN { if (h > 0) printf "%.1f%%", 100 * a / h; else print "-" }')"
    printf '%-28s %10s %9s %9s %8s %9s\n' "$1" "$rps" "$p50" "$p99" "$non2xx" "$ratio"
}

{
    echo "Warta benchmark — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "machine: nproc=$(nproc), ${cpu:-unknown CPU}; load avg before $LOAD_BEFORE, after $LOAD_AFTER"
    echo "code:    $commit; binary $(realpath --relative-to="$ROOT" "$BIN" 2>/dev/null || echo "$BIN")"
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
    if [[ "$BUSY" == yes ]]; then
        echo "note: the machine was busy before the run (load avg ${LOAD_BEFORE%% *} on $(nproc) CPUs): figures are noisy, re-run when idle"
    fi
    if [[ -n "$INVALID" ]]; then
        echo "INVALID RUN — unexpected responses or socket errors:$INVALID (see bench/results/raw/)"
    fi
} | tee "$RESULTS/latest.txt"
cp -f "$RESULTS/latest.txt" "$RESULTS/$(date -u +%Y%m%d-%H%M%S).txt"

case "$VERDICT" in
    PASS) exit 0 ;;
    FAIL) exit 1 ;;
    *)    exit 2 ;;
esac
