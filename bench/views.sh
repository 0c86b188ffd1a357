#!/usr/bin/env bash
# Warta views benchmark: the issue-11 figures of the compiled views, all measured in one run.
#
#   bench/views.sh            (or: make bench-views; `make bench` runs it after bench/run.sh)
#
# Builds the release binary if needed (--scratch-path .build-release), then sets up, in a temp
# folder, the two workloads of the other benchmarks on two databases (they cannot share one: the
# workflow workload wants a fresh `warta init` database with one kepala-biro and no items, the
# calendar workload a demo database with one demo account per role), both written by
# `warta seed-bench` through the app's own code:
#   - workflow.sqlite: `warta init --preset dki-ksd`, the kepala-biro bench-kabiro and the approver
#     bench-pengelola (`warta user add`), `warta seed-bench --workload workflow` (50 users, 5,000
#     items in flight, 200 waiting for the kepala-biro), as bench/workflow.sh does;
#   - calendar.sqlite: `warta serve --demo --preset dki-ksd` started once and stopped, then
#     `warta seed-bench --workload calendar` (a year: 1,000 agenda items, 3,000 content items), as
#     bench/calendar.sh;
# and starts `warta serve` on each, `warta bench-hello`, and nginx serving the month page that was
# fetched once with curl (byte for byte the same), all on free 127.0.0.1 ports. It logs in as
# bench-kabiro (workflow) and admin-medsos (calendar), checks every page, then runs wrk against
#   1. hello-world GET /                     `warta bench-hello`, the baseline       -t2 -c64
#   2. GET /healthz with bench-kabiro's session cookie (middleware + session lookup) -t2 -c64
#   3. anonymous GET /login                                                          -t2 -c64
#   4. GET / "Tugas saya" as bench-kabiro (200 waiting, 50 rows shown)               -t2 -c64
#   5. nginx serving the saved month HTML, the calendar baseline                     -t2 -c64
#   6. GET /calendar?month=2026-11 as admin-medsos (~240 KB)                         -t2 -c64
#   7. the same month page, one request at a time                                    -t1 -c1
# sampling each server's VmRSS (/proc/PID/status) before and after each run, and prints req/s,
# latencies, the ratios and the goals of issue 11:
#   session /healthz >= 60 % of hello-world, /login >= 50 %, Tugas saya >= 25 % with p99 <= 20 ms,
#   month view >= 30 % of nginx, month view one at a time p50 <= 5 ms.
# The table also goes to bench/results/views-latest.txt. See bench/README.md.
#
# Exit status: 0 PASS (every goal met), 1 FAIL (a goal missed, or requests of a Warta row that got
# no answer within wrk's 5 s), 2 invalid run or setup error (a server did not start, login or a
# page check failed, non-2xx or >= 400 responses, socket errors, too few bytes per request).
#
# Settings (environment):
#   BENCH_THREADS=2  BENCH_CONNECTIONS=64  BENCH_DURATION=15 (s)  BENCH_WARMUP=3 (s)
#                               rows 1-6; row 7 always runs wrk -t1 -c1 for BENCH_DURATION
#   BENCH_MONTH=2026-11         the month measured; the calendar data fill that month's year
#   BENCH_HEALTHZ_TARGET=0.60   required session /healthz / hello-world throughput ratio
#   BENCH_LOGIN_TARGET=0.50     required anonymous /login / hello-world ratio
#   BENCH_HOME_TARGET=0.25      required Tugas saya / hello-world ratio
#   BENCH_HOME_P99_TARGET=20    Tugas saya p99 target in ms
#   BENCH_CALENDAR_TARGET=0.30  required month view / nginx ratio
#   BENCH_SERIAL_P50_TARGET=5   month view p50 target in ms, one request at a time
#   BENCH_CALENDAR_USER=admin-medsos   demo account for the calendar (holds the first step)
#   BENCH_NGINX_WORKERS=2       nginx worker_processes (a number or auto)
#   BENCH_BUILD=1               0 = do not run `swift build` (use the existing binary)
#   BENCH_BUILD_TIMEOUT=2400    seconds allowed for the release build
#   BENCH_SCRATCH_PATH=.build-release   where to build (--scratch-path); the default binary is
#                               <path>/release/warta
#   WARTA_BIN=...               binary to run (default .build-release/release/warta)
#   WARTA_RESOURCES=...         folder with Public/, Data/... for that binary (default: this checkout)
#   BENCH_CODE=...              what the `code:` line says instead of this checkout's commit
#   WARTA_SEED_BIN=...          binary that seeds (`warta seed-bench`; default WARTA_BIN)
#   NGINX=/usr/sbin/nginx       nginx binary (Debian: apt-get install -y nginx-light)

set -euo pipefail

LOG_TAG="views bench"   # how this script's messages start
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # ROOT, BENCH_DIR, RESULTS, RAW, HOST, say, die, helpers

REPORT_LUA="$BENCH_DIR/report.lua"       # counts statuses (small pages)
CALENDAR_LUA="$BENCH_DIR/calendar.lua"   # no response hook (the 250 KB page; see calendar.lua)

THREADS="${BENCH_THREADS:-2}"
CONNS="${BENCH_CONNECTIONS:-64}"
DURATION="${BENCH_DURATION:-15}"
WARMUP="${BENCH_WARMUP:-3}"
MONTH="${BENCH_MONTH:-2026-11}"
HEALTHZ_TARGET="${BENCH_HEALTHZ_TARGET:-0.60}"
LOGIN_TARGET="${BENCH_LOGIN_TARGET:-0.50}"
HOME_TARGET="${BENCH_HOME_TARGET:-0.25}"
HOME_P99_TARGET="${BENCH_HOME_P99_TARGET:-20}"
CALENDAR_TARGET="${BENCH_CALENDAR_TARGET:-0.30}"
SERIAL_P50_TARGET="${BENCH_SERIAL_P50_TARGET:-5}"
CALENDAR_USER="${BENCH_CALENDAR_USER:-admin-medsos}"
NGINX_WORKERS="${BENCH_NGINX_WORKERS:-2}"
BUILD="${BENCH_BUILD:-1}"
BUILD_TIMEOUT="${BENCH_BUILD_TIMEOUT:-2400}"
SCRATCH="${BENCH_SCRATCH_PATH:-$ROOT/.build-release}"
[[ "$SCRATCH" == /* ]] || SCRATCH="$ROOT/$SCRATCH"   # build_release passes --package-path: make it absolute
BIN="${WARTA_BIN:-$SCRATCH/release/warta}"
RES="${WARTA_RESOURCES:-$ROOT}"
CODE_LABEL="${BENCH_CODE:-}"
NGINX_BIN="${NGINX:-/usr/sbin/nginx}"

# The workloads, as bench/workflow.sh and bench/calendar.sh set them by default.
BIRO_USER=bench-kabiro
APPROVER_USER=bench-pengelola
WF_USERS=50 WF_ITEMS=5000 WF_BIRO_ITEMS=200 WF_STEP2_ITEMS=3000
CAL_ITEMS=3000 CAL_AGENDA=1000
PAGE_ROWS=50   # Tugas saya shows 50 tasks a page

positive_ints BENCH_THREADS:THREADS BENCH_CONNECTIONS:CONNS BENCH_DURATION:DURATION BENCH_WARMUP:WARMUP
for pair in BENCH_HEALTHZ_TARGET:HEALTHZ_TARGET BENCH_LOGIN_TARGET:LOGIN_TARGET BENCH_HOME_TARGET:HOME_TARGET \
    BENCH_HOME_P99_TARGET:HOME_P99_TARGET BENCH_CALENDAR_TARGET:CALENDAR_TARGET BENCH_SERIAL_P50_TARGET:SERIAL_P50_TARGET; do
    n="${pair#*:}"
    [[ "${!n}" =~ ^[0-9]*\.?[0-9]+$ ]] || die "${pair%%:*} must be a number, not '${!n}'"
done
[[ "$MONTH" =~ ^([0-9]{4})-(0[1-9]|1[0-2])$ ]] || die "BENCH_MONTH must look like 2026-11, not '$MONTH'"
YEAR="${MONTH%-*}"
[[ "$NGINX_WORKERS" == auto || "$NGINX_WORKERS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_NGINX_WORKERS must be a number or auto"
(( CONNS >= THREADS )) || die "BENCH_CONNECTIONS must be >= BENCH_THREADS"
require_wrk_and_curl
[[ -x "$NGINX_BIN" ]] || die "$NGINX_BIN not found (apt-get install -y nginx-light, or set NGINX=...)"
require_files "$REPORT_LUA" "$CALENDAR_LUA"

# ---------------------------------------------------------------- cleanup: always stop every server
TMP=""
WWW=""
SERVE_PID=""   # whichever `warta serve` wait_serve is waiting for
WF_PID=""
CAL_PID=""
HELLO_PID=""
NGINX_PID=""

# shellcheck disable=SC2317   # called by the EXIT trap that install_traps sets
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$CHILD_PID"   # the build, seeding or wrk run in progress (run_bg)
    stop_pid "$SERVE_PID"
    stop_pid "$WF_PID"
    stop_pid "$CAL_PID"
    stop_pid "$HELLO_PID"
    stop_pid "$NGINX_PID" QUIT      # nginx's graceful stop; its workers go with the master
    if [[ -n "$TMP" && -d "$TMP" ]]; then   # nginx's error log, under a name of its own
        mkdir -p "$RESULTS/logs"
        cp -f "$TMP/nginx/error.log" "$RESULTS/logs/views-nginx-error.log" 2>/dev/null || true
    fi
    keep_logs_remove_tmp "$TMP"/views-*.log "$TMP"/views-*.out
    [[ -n "$WWW" && -d "$WWW" ]] && rm -rf "$WWW"
    exit "$rc"
}
install_traps

# ---------------------------------------------------------------- build
build_release "--scratch-path $SCRATCH (limit ${BUILD_TIMEOUT}s)" --scratch-path "$SCRATCH"
[[ -d "$RES/Public" ]] || die "$RES/Public not found (set WARTA_RESOURCES)"

mkdir -p "$RAW"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/warta-views.XXXXXX")"
WF_DB="$TMP/workflow.sqlite"
CAL_DB="$TMP/calendar.sqlite"
LOAD_START="$(load_avg)"

# ---------------------------------------------------------------- helpers
new_password() { tr -dc 'A-Za-z0-9' </dev/urandom | head -c 24 || true; }

# start_serve NAME DB PORT [ARGS...]: `warta serve` on DB at 127.0.0.1:PORT, output in
# $TMP/views-NAME.{out,log}; sets SERVE_PID and waits for /healthz (dies if it exits or stays unwell).
start_serve() {
    local name="$1" db="$2" port="$3"; shift 3
    "$BIN" serve --db "$db" --host "$HOST" --port "$port" --resources "$RES" --log-level warning "$@" \
        >"$TMP/views-$name.out" 2>>"$TMP/views-$name.log" 9>&- &
    SERVE_PID=$!
    BASE="http://$HOST:$port"
    wait_serve "$TMP/views-$name.log" "$name"
}

# vmrss_kb PID...: the resident set of those processes (VmRSS, kB, summed); 0 for one that is gone.
vmrss_kb() {
    local total=0 pid kb
    for pid in "$@"; do
        kb="$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status" 2>/dev/null || true)"
        total=$(( total + ${kb:-0} ))
    done
    echo "$total"
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# ---------------------------------------------------------------- 1. workflow data (as workflow.sh)
say "views bench: workflow data: warta init --preset dki-ksd, $WF_ITEMS items in flight, $WF_USERS users"
run_bg timeout 60 "$BIN" init --db "$WF_DB" --preset dki-ksd --name "Bench" >"$TMP/views-init.out" 2>&1 \
    || { cat "$TMP/views-init.out" >&2; die "warta init failed"; }
BIRO_PASSWORD="$(new_password)"
add_user() {   # username display-name role password
    printf '%s\n' "$4" | timeout 60 "$BIN" user add --db "$WF_DB" --username "$1" --display-name "$2" --role "$3" \
        --bcrypt-cost 10 >>"$TMP/views-init.out" 2>&1 9>&- || { cat "$TMP/views-init.out" >&2; die "warta user add $1 failed"; }
}
add_user "$BIRO_USER" "Kepala Biro (bench)" kepala-biro "$BIRO_PASSWORD"
add_user "$APPROVER_USER" "Tim Pengelola (bench)" tim-pengelola "$(new_password)"   # the seeder wants it; never logs in here
seed_bench 300 "$TMP/views-seed-workflow.out" --db "$WF_DB" --preset dki-ksd --workload workflow --biro-user "$BIRO_USER" \
    --approver-user "$APPROVER_USER" --users "$WF_USERS" --items "$WF_ITEMS" --biro-items "$WF_BIRO_ITEMS" --step2-items "$WF_STEP2_ITEMS"
WF_SEED="${SEED_LINE#SEED }"
say "views bench: workflow: $WF_SEED"

# ---------------------------------------------------------------- 2. calendar data (as calendar.sh)
say "views bench: calendar data: warta serve --demo --preset dki-ksd once, then $CAL_AGENDA agenda and $CAL_ITEMS content items over $YEAR"
PORT="$(free_port)" || die "no free port"
start_serve calendar-serve "$CAL_DB" "$PORT" --demo --preset dki-ksd
stop_pid "$SERVE_PID"
SERVE_PID=""
seed_bench 300 "$TMP/views-seed-calendar.out" --db "$CAL_DB" --preset dki-ksd --workload calendar --year "$YEAR" \
    --items "$CAL_ITEMS" --agenda "$CAL_AGENDA"
CAL_SEED="${SEED_LINE#SEED }"
say "views bench: calendar: $CAL_SEED"

# ---------------------------------------------------------------- 3. the servers
# Each port is chosen once the servers before it listen, so free_port never hands out one of theirs.
WF_PORT="$(free_port)" || die "no free port"
start_serve workflow-serve "$WF_DB" "$WF_PORT"
WF_PID="$SERVE_PID"; SERVE_PID=""
WF="$BASE"

CAL_PORT="$(free_port)" || die "no free port"
start_serve calendar-serve "$CAL_DB" "$CAL_PORT" --demo --preset dki-ksd
CAL_PID="$SERVE_PID"; SERVE_PID=""
CAL="$BASE"
wait_for_banner "$TMP/views-calendar-serve.out"

HELLO_PORT="$(free_port)" || die "no free port"
"$BIN" bench-hello --host "$HOST" --port "$HELLO_PORT" >"$TMP/views-hello.out" 2>"$TMP/views-hello.log" 9>&- &
HELLO_PID=$!
HELLO="http://$HOST:$HELLO_PORT"
hello_wait=0
wait_for_200 "$HELLO_PID" "$HELLO/" 60 || hello_wait=$?
if (( hello_wait == 1 )); then
    tail -n 20 "$TMP/views-hello.log" >&2 || true
    die "warta bench-hello exited during start-up"
fi
(( hello_wait == 0 )) || die "warta bench-hello not answering after 60 s (GET / gave $HTTP_LAST)"
say "views bench: warta serve (workflow) on $WF (pid $WF_PID), (calendar) on $CAL (pid $CAL_PID), bench-hello on $HELLO (pid $HELLO_PID)"

# ---------------------------------------------------------------- 4. log in
BASE="$WF"
login "$BIRO_USER" "$BIRO_PASSWORD" "$BIRO_USER"
BIRO_COOKIE="Cookie: warta_session=$SESSION"
BASE="$CAL"
read_demo_accounts "$TMP/views-calendar-serve.out"
CAL_PASSWORD="$(demo_password "$CALENDAR_USER")"
[[ -n "$CAL_PASSWORD" ]] || die "no demo account '$CALENDAR_USER' (have: $(demo_users))"
login "$CALENDAR_USER" "$CAL_PASSWORD"
CAL_COOKIE="Cookie: warta_session=$SESSION"
say "views bench: logged in as $BIRO_USER (workflow) and $CALENDAR_USER (calendar)"

# ---------------------------------------------------------------- 5. the pages, checked
# get URL FILE [curl args...] -> the status; headers in FILE.headers, body in FILE
# (60 s: right after a run the server may still be finishing the requests wrk left in flight)
get() {
    local url="$1" file="$2"; shift 2
    curl -s --max-time 60 -D "$file.headers" -o "$file" -w '%{http_code}' "$@" "$url" 2>/dev/null || echo 000
}
count_pill() { grep -o '<span class="count-pill">[0-9]*</span>' "$1" | sed -n 1p | sed 's/[^0-9]//g'; }

check_hello() {   # when
    local code
    code="$(get "$HELLO/" "$TMP/hello.txt")"
    [[ "$code" == 200 ]] && grep -q 'Hello' "$TMP/hello.txt" || die "hello-world GET / $1 gave HTTP $code"
}
# /healthz answers "ok" to anyone; with a session the middleware recognised, the response sets no
# cookie at all (an unknown or expired session gets an expired warta_session cookie and a new
# warta_pre token, as any anonymous request).
check_healthz() {   # when
    local code
    code="$(get "$WF/healthz" "$TMP/healthz.txt" -H "$BIRO_COOKIE")"
    [[ "$code" == 200 ]] && grep -qx 'ok' "$TMP/healthz.txt" || die "GET /healthz with the session $1 gave HTTP $code"
    ! grep -qi '^set-cookie:' "$TMP/healthz.txt.headers" \
        || die "GET /healthz with the session $1 set a cookie ($(grep -i '^set-cookie:' "$TMP/healthz.txt.headers" | cut -c1-60 | tr -d '\r')): session not accepted"
}
check_login() {   # when
    local code
    code="$(get "$WF/login" "$TMP/login.html")"
    [[ "$code" == 200 && -n "$(csrf_token "$TMP/login.html")" ]] && grep -q 'name="password"' "$TMP/login.html" \
        || die "anonymous GET /login $1 gave HTTP $code (or no login form)"
}
# The kepala-biro's home must be the signed-in "Tugas saya" with all the waiting items counted and a
# page of them listed (as workflow.sh checks it).
check_home() {   # when
    local code shown rows want=$(( WF_BIRO_ITEMS < PAGE_ROWS ? WF_BIRO_ITEMS : PAGE_ROWS ))
    code="$(get "$WF/" "$TMP/home.html" -H "$BIRO_COOKIE")"
    [[ "$code" == 200 ]] && grep -q 'action="/logout"' "$TMP/home.html" \
        || die "GET / as $BIRO_USER $1 gave HTTP $code (or no logout form): session not accepted"
    shown="$(count_pill "$TMP/home.html")"
    [[ "$shown" == "$WF_BIRO_ITEMS" ]] || die "GET / as $BIRO_USER $1 shows '${shown:-no count}' waiting, expected $WF_BIRO_ITEMS"
    rows="$(grep -o 'href="/content/[0-9]*"' "$TMP/home.html" | sort -u | wc -l)"
    (( rows == want )) || die "GET / as $BIRO_USER $1 links $rows items, expected $want"
    HOME_SHOWN="$shown"; HOME_ROWS="$rows"; HOME_BYTES="$(wc -c <"$TMP/home.html")"
}
# The month view must be the signed-in calendar with the content plan on it (as calendar.sh checks it).
MONTH_PATH="/calendar?month=$MONTH"
check_month() {   # file when
    local code
    code="$(get "$CAL$MONTH_PATH" "$1" -H "$CAL_COOKIE")"
    [[ "$code" == 200 ]] && grep -q 'action="/logout"' "$1" && grep -q 'data-kind="content"' "$1" \
        || die "GET $MONTH_PATH $2 gave HTTP $code (or no logout form, or no data-kind=\"content\"): session not accepted or no data"
}

check_hello "before the runs"
check_healthz "before the runs"
check_login "before the runs"
check_home "before the runs"
say "views bench: GET / as $BIRO_USER: 200, $HOME_SHOWN waiting, $HOME_ROWS item links, $HOME_BYTES bytes"
check_month "$TMP/month.html" "before the runs"
MONTH_BYTES="$(wc -c <"$TMP/month.html")"
MONTH_ENTRIES="$(grep -o 'data-kind="' "$TMP/month.html" | wc -l)"
kinds="$(grep -o 'data-kind="[a-z_]*"' "$TMP/month.html" | sed 's/data-kind="//; s/"//' | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')"
CELLS="$(grep -o 'data-date="[0-9-]*"' "$TMP/month.html" | sort -u | wc -l)"
CREATE_LINKS="$(grep -o 'href="/content/new?' "$TMP/month.html" | wc -l)"
say "views bench: $MONTH_PATH: $MONTH_BYTES bytes, $MONTH_ENTRIES entries ($kinds)"

# ---------------------------------------------------------------- 6. nginx with the saved month HTML (as calendar.sh)
# The static root is its own world-readable folder: nginx's workers drop to an unprivileged user.
WWW="$(mktemp -d "${TMPDIR:-/tmp}/warta-views-www.XXXXXX")"
chmod 755 "$WWW"
install -m 644 "$TMP/month.html" "$WWW/month.html"
NGINX_PORT="$(free_port)" || die "no free port"
NGX="$TMP/nginx"
mkdir -p "$NGX/tmp"
cat >"$NGX/nginx.conf" <<EOF
# bench/views.sh: nginx serving one static file on loopback, nothing else.
daemon off;
worker_processes $NGINX_WORKERS;
pid $NGX/nginx.pid;
error_log $NGX/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path $NGX/tmp/body;
    proxy_temp_path $NGX/tmp/proxy;
    fastcgi_temp_path $NGX/tmp/fastcgi;
    uwsgi_temp_path $NGX/tmp/uwsgi;
    scgi_temp_path $NGX/tmp/scgi;
    types { text/html html; }
    default_type text/html;
    charset utf-8;
    server {
        listen $HOST:$NGINX_PORT;
        root $WWW;
        location / { }
    }
}
EOF
"$NGINX_BIN" -t -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" >"$NGX/test.out" 2>&1 \
    || { cat "$NGX/test.out" >&2; die "nginx -t refused the config"; }
"$NGINX_BIN" -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" >"$NGX/stdout.log" 2>&1 9>&- &
NGINX_PID=$!
NGINX_URL="http://$HOST:$NGINX_PORT/month.html"
nginx_wait=0
wait_for_200 "$NGINX_PID" "$NGINX_URL" 20 || nginx_wait=$?
if (( nginx_wait == 1 )); then
    cat "$NGX/error.log" >&2 || true
    die "nginx exited during start-up"
fi
(( nginx_wait == 0 )) || die "nginx not serving $NGINX_URL after 20 s (gave $HTTP_LAST)"
curl -s --max-time 10 -o "$TMP/nginx-month.html" "$NGINX_URL" && cmp -s "$TMP/nginx-month.html" "$TMP/month.html" \
    || die "nginx does not serve the saved month HTML byte for byte"
NGINX_VERSION="$("$NGINX_BIN" -v 2>&1 | sed 's/^nginx version: //')"
say "views bench: $NGINX_VERSION on http://$HOST:$NGINX_PORT (pid $NGINX_PID, $NGINX_WORKERS workers)"

# ---------------------------------------------------------------- 7. wrk
# What one whole response weighs (status line, headers and body), to check wrk's bytes per request
# on the rows run with calendar.lua, which cannot count statuses.
declare -A EXPECT CPU RSS0 RSS1 CMD LUA_OF
EXPECT[views-nginx]="$(response_bytes "$NGINX_URL")"
EXPECT[views-month]="$(response_bytes "$CAL$MONTH_PATH" -H "$CAL_COOKIE")"
EXPECT[views-month-c1]="${EXPECT[views-month]}"

server_pids() {   # server: the pids whose CPU time and memory count for it
    case "$1" in
        hello)    echo "$HELLO_PID" ;;
        workflow) echo "$WF_PID" ;;
        calendar) echo "$CAL_PID" ;;
        nginx)    echo "$NGINX_PID" $(pgrep -P "$NGINX_PID" 2>/dev/null || true) ;;
    esac
}
# settle PIDS...: waits (at most 30 s) until those processes have worked off what wrk left in flight
# when it stopped (under 10 % of a core over 0.3 s, as archive.sh), so that no backlog spills into
# the next run.
settle() {
    local a b
    for _ in $(seq 1 100); do
        a="$(ticks_of "$@")"; sleep 0.3; b="$(ticks_of "$@")"
        (( (b - a) * 100 <= TICKS * 3 )) && return 0
    done
    say "views bench: warning: the server was still busy 30 s after a run"
}
# show_cmd ARGS...: for the report, a command line: arguments with spaces quoted, paths relative to
# the checkout, the session cookie's value left out.
show_cmd() {
    local a out=""
    for a in "$@"; do
        [[ "$a" == *" "* ]] && a="'$a'"
        out+="${out:+ }$a"
    done
    sed -E "s#$ROOT/##g; s#(warta_session=)[^' ]*#\1…#g" <<<"$out"
}

# run_wrk NAME SERVER THREADS CONNS LUA URL [extra wrk args...]: warm-up, settle, measured run with
# the server's CPU time, settle; VmRSS of the server before the warm-up and after the run.
run_wrk() {
    local name="$1" server="$2" threads="$3" conns="$4" lua="$5" url="$6"; shift 6
    local pids t0 s0
    pids="$(server_pids "$server")"
    # shellcheck disable=SC2086   # pids: one or more words
    RSS0[$name]="$(vmrss_kb $pids)"
    say "views bench: $name: warm-up ${WARMUP}s, then ${DURATION}s (wrk -t$threads -c$conns)"
    wrk_for "$WARMUP" "$TMP/$name.warmup.txt" "wrk warm-up for $name" -t"$threads" -c"$conns" -s "$lua" "$@" "$url"
    # shellcheck disable=SC2086
    settle $pids
    # shellcheck disable=SC2086
    t0="$(ticks_of $pids)"; s0="$(now_s)"
    CMD[$name]="$(show_cmd wrk -d"${DURATION}s" --timeout 5s -t"$threads" -c"$conns" --latency -s "$lua" "$@" "$url")"
    LUA_OF[$name]="$lua"
    wrk_for "$DURATION" "$RAW/$name.txt" "wrk for $name" -t"$threads" -c"$conns" --latency -s "$lua" "$@" "$url"
    # shellcheck disable=SC2086
    CPU[$name]="$(cpu_pct "$t0" "$(ticks_of $pids)" "$(awk -v a="$s0" -v b="$(now_s)" 'BEGIN { print b - a }')")"
    require_bench_line "$RAW/$name.txt" "$name"
    # shellcheck disable=SC2086
    settle $pids
    # shellcheck disable=SC2086
    RSS1[$name]="$(vmrss_kb $pids)"
}

WF_RSS_START="$(vmrss_kb "$WF_PID")"; CAL_RSS_START="$(vmrss_kb "$CAL_PID")"; HELLO_RSS_START="$(vmrss_kb "$HELLO_PID")"
LOAD_BEFORE="$(load_avg)"

NAMES=(views-hello views-healthz views-login views-home views-nginx views-month views-month-c1)
run_wrk views-hello    hello    "$THREADS" "$CONNS" "$REPORT_LUA"   "$HELLO/"
run_wrk views-healthz  workflow "$THREADS" "$CONNS" "$REPORT_LUA"   "$WF/healthz" -H "$BIRO_COOKIE"
run_wrk views-login    workflow "$THREADS" "$CONNS" "$REPORT_LUA"   "$WF/login"
run_wrk views-home     workflow "$THREADS" "$CONNS" "$REPORT_LUA"   "$WF/" -H "$BIRO_COOKIE"
run_wrk views-nginx    nginx    "$THREADS" "$CONNS" "$CALENDAR_LUA" "$NGINX_URL"
run_wrk views-month    calendar "$THREADS" "$CONNS" "$CALENDAR_LUA" "$CAL$MONTH_PATH" -H "$CAL_COOKIE"
run_wrk views-month-c1 calendar 1 1                 "$CALENDAR_LUA" "$CAL$MONTH_PATH" -H "$CAL_COOKIE"

LOAD_AFTER="$(load_avg)"
check_hello "after the runs"
check_healthz "after the runs"
check_login "after the runs"
check_home "after the runs"
check_month "$TMP/month-after.html" "after the runs"
AFTER_BYTES="$(wc -c <"$TMP/month-after.html")"
[[ "$(http_code "$NGINX_URL")" == 200 ]] || die "nginx stopped serving the file"
WF_RSS_END="$(vmrss_kb "$WF_PID")"; CAL_RSS_END="$(vmrss_kb "$CAL_PID")"; HELLO_RSS_END="$(vmrss_kb "$HELLO_PID")"

# ---------------------------------------------------------------- report
f() { field "$RAW/$1.txt" "$2"; }
ratio() { awk -v a="$(f "$1" rps)" -v b="$(f "$2" rps)" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "0" }'; }
at_least() { awk -v v="$1" -v t="$2" 'BEGIN { print (v >= t) ? "PASS" : "FAIL" }'; }
at_most()  { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "PASS" : "FAIL" }'; }

HEALTHZ_RATIO="$(ratio views-healthz views-hello)"
LOGIN_RATIO="$(ratio views-login views-hello)"
HOME_RATIO="$(ratio views-home views-hello)"
CAL_RATIO="$(ratio views-month views-nginx)"
HOME_P99="$(f views-home p99_ms)"
SERIAL_P50="$(f views-month-c1 p50_ms)"

# goal LABEL FIGURE COMPARISON TARGET VERDICT [NAME]: a line of the goals block; a Warta row with
# requests that got no answer within wrk's 5 s (left out of its percentiles) fails its goals.
GOALS=""; MET=0; MISSED=0
goal() {
    local verdict="$5" timeouts=0 note=""
    if [[ -n "${6:-}" ]]; then timeouts="$(f "$6" timeouts)"; fi
    if (( timeouts > 0 )); then verdict=FAIL; note=", $timeouts requests without an answer within 5 s"; fi
    if [[ "$verdict" == PASS ]]; then MET=$(( MET + 1 )); else MISSED=$(( MISSED + 1 )); fi
    GOALS+="$(printf '  %-44s %10s  (target %s %s%s): %s' "$1" "$2" "$3" "$4" "$note" "$verdict")"$'\n'
}
goal "session GET /healthz / hello-world"           "$HEALTHZ_RATIO" "≥" "$HEALTHZ_TARGET" "$(at_least "$HEALTHZ_RATIO" "$HEALTHZ_TARGET")" views-healthz
goal "anonymous GET /login / hello-world"           "$LOGIN_RATIO"   "≥" "$LOGIN_TARGET"   "$(at_least "$LOGIN_RATIO" "$LOGIN_TARGET")"     views-login
goal "Tugas saya (kepala-biro) / hello-world"       "$HOME_RATIO"    "≥" "$HOME_TARGET"    "$(at_least "$HOME_RATIO" "$HOME_TARGET")"       views-home
goal "Tugas saya (kepala-biro) p99, ms"             "$HOME_P99"      "≤" "$HOME_P99_TARGET" "$(at_most "$HOME_P99" "$HOME_P99_TARGET")"     views-home
goal "calendar month / nginx"                       "$CAL_RATIO"     "≥" "$CALENDAR_TARGET" "$(at_least "$CAL_RATIO" "$CALENDAR_TARGET")"   views-month
goal "calendar month, one at a time (-c1) p50, ms" "$SERIAL_P50"    "≤" "$SERIAL_P50_TARGET" "$(at_most "$SERIAL_P50" "$SERIAL_P50_TARGET")" views-month-c1
VERDICT=PASS
(( MISSED == 0 )) || VERDICT=FAIL

# Anything else is invalid: a non-2xx response (report.lua rows), a status >= 400 or fewer bytes per
# request than the page weighs (calendar.lua rows: a 303 to /login is a few hundred bytes), a socket
# error, or a timeout on a baseline row.
INVALID=""
for name in "${NAMES[@]}"; do
    errs=$(( $(f "$name" connect_errors) + $(f "$name" read_errors) + $(f "$name" write_errors) ))
    [[ "$name" == views-hello || "$name" == views-nginx ]] && errs=$(( errs + $(f "$name" timeouts) ))
    if (( errs > 0 )); then INVALID+=" $name:$errs-socket-errors"; fi
    if [[ "${LUA_OF[$name]}" == "$REPORT_LUA" ]]; then
        bad="$(f "$name" non2xx)"
        if (( bad > 0 )); then INVALID+=" $name:$bad-non-2xx"; fi
    else
        bad="$(f "$name" status_errors)"
        if (( bad > 0 )); then INVALID+=" $name:$bad-status>=400"; fi
        short="$(awk -v got="$(f "$name" bytes_per_request)" -v want="${EXPECT[$name]}" \
            'BEGIN { if (got < 0.999 * want) printf "%.0f", got; }')"
        [[ -z "$short" ]] || INVALID+=" $name:$short-bytes-per-request-not-${EXPECT[$name]}"
    fi
    (( $(f "$name" requests) > 0 )) || INVALID+=" $name:no-requests"
done
[[ -z "$INVALID" ]] || VERDICT="INVALID"
WF_WARNINGS="$(count_warnings "$TMP/views-workflow-serve.log")"
CAL_WARNINGS="$(count_warnings "$TMP/views-calendar-serve.log")"

commit="$(code_under_test)"
[[ -z "$CODE_LABEL" ]] || commit="$CODE_LABEL"
[[ "$RES" == "$ROOT" ]] || commit+="; resources $RES"

FMT='%-44s %9s %8s %8s %8s %6s %6s %6s %9s %-12s\n'
row() {   # label name baseline-name
    local name="$2" errors vs
    if [[ "${LUA_OF[$name]}" == "$REPORT_LUA" ]]; then errors="$(f "$name" non2xx)"; else errors="$(f "$name" status_errors)"; fi
    if [[ "$3" == "$name" ]]; then vs="100.0%"; elif [[ "$3" == - ]]; then vs="-"; else
        vs="$(awk -v a="$(f "$name" rps)" -v b="$(f "$3" rps)" 'BEGIN { if (b > 0) printf "%.1f%%", 100 * a / b; else print "-" }')"
    fi
    printf "$FMT" "$1" "$(f "$name" rps)" "$(f "$name" p50_ms)" "$(f "$name" p99_ms)" "$(f "$name" max_ms)" \
        "$errors" "$(f "$name" timeouts)" "${CPU[$name]}" "$vs" "${4:-}"
}
RSS_FMT='%-44s %-22s %9s %9s %8s\n'
rss_row() {   # label process name
    printf "$RSS_FMT" "$1" "$2" "$(mb "${RSS0[$3]}")" "$(mb "${RSS1[$3]}")" \
        "$(awk -v a="${RSS0[$3]}" -v b="${RSS1[$3]}" 'BEGIN { printf "%+.1f", (b - a) / 1024 }')"
}

{
    echo "Warta views benchmark — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "machine:  $(machine_summary); load avg at the start $LOAD_START, before the runs $LOAD_BEFORE, after $LOAD_AFTER"
    echo "code:     $commit; binary $(binary_label)"
    echo "workflow: $WF_SEED"
    echo "calendar: $CAL_SEED"
    echo "load:     wrk -t$THREADS -c$CONNS -d${DURATION}s --timeout 5s after ${WARMUP}s warm-up, each row (the -c1 row: -t1 -c1); wrk and every server share the machine"
    echo "sessions: $BIRO_USER (the only kepala-biro, workflow database) for /healthz and /; $CALENDAR_USER (demo, calendar database) for the month"
    echo "baseline: warta bench-hello; $NGINX_VERSION, $NGINX_WORKERS workers, sendfile, access_log off, serving the month page fetched once with curl"
    echo
    printf "$FMT" "target" "req/s" "p50 ms" "p99 ms" "max ms" "errors" "t/outs" "cpu" "vs base" "base"
    row "hello-world GET / (bench-hello)"               views-hello    views-hello "baseline"
    row "session GET /healthz (kepala-biro)"            views-healthz  views-hello "hello"
    row "anonymous GET /login"                          views-login    views-hello "hello"
    row "GET / Tugas saya (kepala-biro, 200 waiting)"   views-home     views-hello "hello"
    row "nginx static month HTML"                       views-nginx    views-nginx "baseline"
    row "GET $MONTH_PATH"                               views-month    views-nginx "nginx"
    row "GET $MONTH_PATH, -t1 -c1"                      views-month-c1 - ""
    echo
    echo "pages:    Tugas saya $HOME_BYTES bytes, $HOME_SHOWN waiting, $HOME_ROWS rows shown;" \
         "month $MONTH_BYTES bytes, $MONTH_ENTRIES entries ($kinds) on $CELLS days, $CREATE_LINKS \"buat konten\" links"
    [[ "$AFTER_BYTES" == "$MONTH_BYTES" ]] || echo "          (month after the runs: $AFTER_BYTES bytes)"
    echo "server:   $WF_WARNINGS + $CAL_WARNINGS warning/error lines in the logs (bench/results/logs/views-{workflow,calendar}-serve.log)"
    echo
    printf "$RSS_FMT" "server RSS (VmRSS from /proc), MB" "process" "before" "after" "change"
    rss_row "hello-world GET /"                "warta bench-hello"     views-hello
    rss_row "session GET /healthz"             "warta serve (workflow)" views-healthz
    rss_row "anonymous GET /login"             "warta serve (workflow)" views-login
    rss_row "GET / Tugas saya"                 "warta serve (workflow)" views-home
    rss_row "nginx static month HTML"          "nginx (all processes)" views-nginx
    rss_row "GET $MONTH_PATH"                  "warta serve (calendar)" views-month
    rss_row "GET $MONTH_PATH, -c1"             "warta serve (calendar)" views-month-c1
    printf "$RSS_FMT" "whole run (first sample, last sample)" "warta serve (workflow)" "$(mb "$WF_RSS_START")" "$(mb "$WF_RSS_END")" \
        "$(awk -v a="$WF_RSS_START" -v b="$WF_RSS_END" 'BEGIN { printf "%+.1f", (b - a) / 1024 }')"
    printf "$RSS_FMT" "" "warta serve (calendar)" "$(mb "$CAL_RSS_START")" "$(mb "$CAL_RSS_END")" \
        "$(awk -v a="$CAL_RSS_START" -v b="$CAL_RSS_END" 'BEGIN { printf "%+.1f", (b - a) / 1024 }')"
    printf "$RSS_FMT" "" "warta bench-hello" "$(mb "$HELLO_RSS_START")" "$(mb "$HELLO_RSS_END")" \
        "$(awk -v a="$HELLO_RSS_START" -v b="$HELLO_RSS_END" 'BEGIN { printf "%+.1f", (b - a) / 1024 }')"
    echo
    echo "wrk command lines (measured runs; the warm-up is the same without --latency, -d${WARMUP}s):"
    for name in "${NAMES[@]}"; do echo "  ${CMD[$name]}"; done
    echo
    echo "goals (issue 11):"
    printf '%s' "$GOALS"
    echo "verdict: $VERDICT ($MET of $(( MET + MISSED )) goals met)"
    busy_note
    if [[ -n "$INVALID" ]]; then
        echo "INVALID RUN —$INVALID (see bench/results/raw/views-*.txt)"
    fi
} | save_report views-

exit_for_verdict "$VERDICT"
