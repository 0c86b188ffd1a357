#!/usr/bin/env bash
# Warta calendar benchmark: the month view with a year of data, against nginx serving the same HTML.
#
#   bench/calendar.sh            (or: make bench-calendar)
#
# Builds the release binary if needed, starts `warta serve --demo --preset dki-ksd` once on a fresh
# database (migrations, demo accounts, national days), stops it, seeds a year of data with
# `warta seed-bench --workload calendar` (through the app's own writes: 1,000 agenda items and
# 3,000 content items over the year; every national day is already there), restarts it on a free
# 127.0.0.1 port, logs in as a demo account that may
# create content, saves the month view's HTML and serves that file with nginx (a config of our own
# in a temp folder, on another free 127.0.0.1 port), then runs wrk -c64 against
#   1. nginx, the saved month HTML as a static file   (the baseline)
#   2. warta GET /calendar?month=YYYY-MM              (the target)
#   3. warta GET /calendar?week=YYYY-Www and ?view=list for the whole month (extra rows)
# and prints req/s, p50, p99, the month view / nginx throughput ratio, with PASS or FAIL against
# the target (month view >= 30 % of nginx's req/s and p99 <= 20 ms). The table also goes to
# bench/results/calendar-latest.txt. See bench/README.md.
#
# Exit status: 0 PASS, 1 FAIL (a target missed), 2 invalid run or setup error.
#
# Settings (environment):
#   BENCH_THREADS=2  BENCH_CONNECTIONS=64  BENCH_DURATION=15 (s)  BENCH_WARMUP=3 (s)
#   BENCH_MONTH=2026-11          the month measured; the data fill that month's year
#   BENCH_RATIO_TARGET=0.30      required month view / nginx throughput ratio
#   BENCH_P99_TARGET=20          month view p99 target in ms
#   BENCH_USER=admin-medsos      demo account to log in as (holds the first step: "buat konten" links)
#   BENCH_EXTRA=1                0 = skip the week and list rows
#   BENCH_ITEMS=3000 BENCH_AGENDA=1000   the workload (content items in total, agenda items)
#   BENCH_NGINX_WORKERS=2        nginx worker_processes (a number or auto)
#   BENCH_PERF=0                 1 = `perf record -g` the server during the measured month run and
#                                save the profile to bench/results/raw/calendar-perf-month.txt
#   BENCH_BUILD=1                0 = do not run `swift build` (use the existing binary)
#   BENCH_BUILD_TIMEOUT=2400     seconds allowed for the release build
#   BENCH_SCRATCH_PATH=...       build with --scratch-path there (default: the package's .build);
#                                the default binary is then <path>/release/warta
#   WARTA_BIN=...                binary to run (default .build/release/warta)
#   WARTA_RESOURCES=...          folder with Views/, Public/, Locales/, Data/ for that binary (default:
#                                this checkout); with a binary built elsewhere, e.g. from `git archive`
#   BENCH_CODE=...               what the `code:` line says instead of this checkout's commit (for such
#                                a binary, e.g. "2b5f681 (git archive)")
#   WARTA_SEED_BIN=...           binary that seeds (`warta seed-bench`; default WARTA_BIN)
#   NGINX=/usr/sbin/nginx        nginx binary (Debian: apt-get install -y nginx-light)

set -euo pipefail

LOG_TAG="calendar bench"   # how this script's messages start
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # ROOT, BENCH_DIR, RESULTS, RAW, HOST, say, die, helpers

WRK_LUA="$BENCH_DIR/calendar.lua"

THREADS="${BENCH_THREADS:-2}"
CONNS="${BENCH_CONNECTIONS:-64}"
DURATION="${BENCH_DURATION:-15}"
WARMUP="${BENCH_WARMUP:-3}"
MONTH="${BENCH_MONTH:-2026-11}"
RATIO_TARGET="${BENCH_RATIO_TARGET:-0.30}"
P99_TARGET="${BENCH_P99_TARGET:-20}"
DEMO_USER="${BENCH_USER:-admin-medsos}"
EXTRA="${BENCH_EXTRA:-1}"
ITEMS="${BENCH_ITEMS:-3000}"
AGENDA="${BENCH_AGENDA:-1000}"
NGINX_WORKERS="${BENCH_NGINX_WORKERS:-2}"
PERF="${BENCH_PERF:-0}"
BUILD="${BENCH_BUILD:-1}"
BUILD_TIMEOUT="${BENCH_BUILD_TIMEOUT:-2400}"
SCRATCH="${BENCH_SCRATCH_PATH:-}"
if [[ -n "$SCRATCH" ]]; then
    BIN="${WARTA_BIN:-$SCRATCH/release/warta}"
else
    BIN="${WARTA_BIN:-$ROOT/.build/release/warta}"
fi
RES="${WARTA_RESOURCES:-$ROOT}"
CODE_LABEL="${BENCH_CODE:-}"
NGINX_BIN="${NGINX:-/usr/sbin/nginx}"

positive_ints THREADS CONNS DURATION WARMUP ITEMS AGENDA
[[ "$MONTH" =~ ^([0-9]{4})-(0[1-9]|1[0-2])$ ]] || die "BENCH_MONTH must look like 2026-11, not '$MONTH'"
YEAR="${MONTH%-*}"
[[ "$RATIO_TARGET" =~ ^[0-9]*\.?[0-9]+$ ]] || die "BENCH_RATIO_TARGET must be a number such as 0.30, not '$RATIO_TARGET'"
[[ "$P99_TARGET" =~ ^[0-9]*\.?[0-9]+$ ]] || die "BENCH_P99_TARGET must be a number of ms, not '$P99_TARGET'"
[[ "$NGINX_WORKERS" == auto || "$NGINX_WORKERS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_NGINX_WORKERS must be a number or auto"
(( CONNS >= THREADS )) || die "BENCH_CONNECTIONS must be >= BENCH_THREADS"
require_wrk_and_curl
[[ -x "$NGINX_BIN" ]] || die "$NGINX_BIN not found (apt-get install -y nginx-light, or set NGINX=...)"
if [[ "$PERF" == 1 ]]; then command -v perf >/dev/null || die "BENCH_PERF=1 but perf not found"; fi
require_files "$WRK_LUA"

# The month, its days, an ISO week inside it and the list range covering it.
MONTH_FIRST="$MONTH-01"
MONTH_LAST="$(date -u -d "$MONTH_FIRST +1 month -1 day" +%F)"
WEEK="${BENCH_WEEK:-$(date -u -d "$MONTH-15" +%G-W%V)}"

# ---------------------------------------------------------------- cleanup: always stop the servers
TMP=""
WWW=""
SERVE_PID=""
NGINX_PID=""
PERF_PID=""

# shellcheck disable=SC2317   # called by the EXIT trap that install_traps sets
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$PERF_PID" INT
    stop_pid "$CHILD_PID"   # the build, wrk or seeding in progress (run_bg)
    stop_pid "$SERVE_PID"
    stop_pid "$NGINX_PID" QUIT      # nginx's graceful stop; its workers go with the master
    if [[ -n "$TMP" && -d "$TMP" ]]; then   # nginx's error log, under a name of its own
        mkdir -p "$RESULTS/logs"
        cp -f "$TMP/nginx/error.log" "$RESULTS/logs/calendar-nginx-error.log" 2>/dev/null || true
    fi
    keep_logs_remove_tmp "$TMP/calendar-serve.log" "$TMP/calendar-serve.out" "$TMP/calendar-seed.out"
    [[ -n "$WWW" && -d "$WWW" ]] && rm -rf "$WWW"
    exit "$rc"
}
install_traps

# ---------------------------------------------------------------- build
scratch=()
[[ -z "$SCRATCH" ]] || scratch=(--scratch-path "$SCRATCH")
build_release "${scratch[*]} (limit ${BUILD_TIMEOUT}s)" "${scratch[@]}"
[[ -d "$RES/Views" ]] || die "$RES/Views not found (set WARTA_RESOURCES)"

mkdir -p "$RAW"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/warta-calendar.XXXXXX")"
DB="$TMP/warta.sqlite"

# ---------------------------------------------------------------- helpers
server_pids() {   # name: the pids whose CPU counts for that server
    case "$1" in
        nginx) echo "$NGINX_PID" $(pgrep -P "$NGINX_PID" 2>/dev/null || true) ;;
        *)     echo "$SERVE_PID" ;;
    esac
}
start_serve() {   # label: starts `warta serve --demo` on $PORT, waits for /healthz and the printed accounts
    "$BIN" serve --demo --preset dki-ksd --db "$DB" --host "$HOST" --port "$PORT" --resources "$RES" --log-level warning \
        >"$TMP/calendar-serve.out" 2>>"$TMP/calendar-serve.log" 9>&- &
    SERVE_PID=$!
    wait_serve "$TMP/calendar-serve.log" "$1"
    wait_for_banner "$TMP/calendar-serve.out"
}

# ---------------------------------------------------------------- 1. a demo database, then a year of data
PORT="$(free_port)" || die "no free port"
BASE="http://$HOST:$PORT"
say "calendar bench: first start of warta serve --demo on $DB"
start_serve "first start"
stop_pid "$SERVE_PID"
SERVE_PID=""
say "calendar bench: seeding $AGENDA agenda items and $ITEMS content items over $YEAR"
seed_bench 300 "$TMP/calendar-seed.out" --db "$DB" --preset dki-ksd --workload calendar --year "$YEAR" --items "$ITEMS" --agenda "$AGENDA"
say "calendar bench: ${SEED_LINE#SEED }"

start_serve "restart on the seeded database"
say "calendar bench: warta serve on $BASE (pid $SERVE_PID)"

# ---------------------------------------------------------------- 2. log in
read_demo_accounts "$TMP/calendar-serve.out"
PASSWORD="$(demo_password "$DEMO_USER")"
[[ -n "$PASSWORD" ]] || die "no demo account '$DEMO_USER' (have: $(demo_users))"
login "$DEMO_USER" "$PASSWORD"
COOKIE="Cookie: warta_session=$SESSION"
say "calendar bench: logged in as $DEMO_USER"

# ---------------------------------------------------------------- 3. the pages, checked
MONTH_PATH="/calendar?month=$MONTH"
WEEK_PATH="/calendar?week=$WEEK"
LIST_PATH="/calendar?view=list&from=$MONTH_FIRST&to=$MONTH_LAST"

# fetch PATH FILE -> the status; the page goes to FILE
# (60 s: right after a run the server may still be finishing the requests wrk left in flight)
fetch() { curl -s --max-time 60 -o "$2" -w '%{http_code}' -H "$COOKIE" "$BASE$1" 2>/dev/null || true; }
entries() { grep -o 'data-kind="' "$1" | wc -l; }

# The measured page must be the signed-in calendar with the content plan on it, not a redirect.
check_page() {   # path file when
    local code
    code="$(fetch "$1" "$2")"
    [[ "$code" == 200 ]] && grep -q 'action="/logout"' "$2" && grep -q 'data-kind="content"' "$2" \
        || die "GET $1 $3 gave HTTP $code (or no logout form, or no data-kind=\"content\"): session not accepted or no data"
}
check_page "$MONTH_PATH" "$TMP/month.html" "before the runs"
MONTH_BYTES="$(wc -c <"$TMP/month.html")"
MONTH_ENTRIES="$(entries "$TMP/month.html")"
kinds="$(grep -o 'data-kind="[a-z_]*"' "$TMP/month.html" | sed 's/data-kind="//; s/"//' | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')"
CELLS="$(grep -o 'data-date="[0-9-]*"' "$TMP/month.html" | sort -u | wc -l)"
CREATE_LINKS="$(grep -o 'href="/content/new?' "$TMP/month.html" | wc -l)"
(( CREATE_LINKS > 0 )) || say "calendar bench: warning: no \"buat konten\" links on the month view ($DEMO_USER may not create content)"
if [[ "$EXTRA" == 1 ]]; then
    check_page "$WEEK_PATH" "$TMP/week.html" "before the runs"
    check_page "$LIST_PATH" "$TMP/list.html" "before the runs"
    WEEK_BYTES="$(wc -c <"$TMP/week.html")"; WEEK_ENTRIES="$(entries "$TMP/week.html")"
    LIST_BYTES="$(wc -c <"$TMP/list.html")"; LIST_ENTRIES="$(entries "$TMP/list.html")"
fi
say "calendar bench: $MONTH_PATH: $MONTH_BYTES bytes, $MONTH_ENTRIES entries ($kinds)"

# ---------------------------------------------------------------- 4. nginx with the saved month HTML
# The static root is its own world-readable folder: nginx's workers drop to an unprivileged user.
WWW="$(mktemp -d "${TMPDIR:-/tmp}/warta-calendar-www.XXXXXX")"
chmod 755 "$WWW"
install -m 644 "$TMP/month.html" "$WWW/month.html"
NGINX_PORT="$(free_port "$PORT")" || die "no free port"
NGX="$TMP/nginx"
mkdir -p "$NGX/tmp"
cat >"$NGX/nginx.conf" <<EOF
# bench/calendar.sh: nginx serving one static file on loopback, nothing else.
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
say "calendar bench: $NGINX_VERSION on http://$HOST:$NGINX_PORT (pid $NGINX_PID, $NGINX_WORKERS workers)"

# ---------------------------------------------------------------- 5. wrk
# What one whole response weighs (status line, headers and body), to check wrk's bytes per request.
declare -A EXPECT CPU
EXPECT[calendar-nginx]="$(response_bytes "$NGINX_URL")"
EXPECT[calendar-month]="$(response_bytes "$BASE$MONTH_PATH" -H "$COOKIE")"
if [[ "$EXTRA" == 1 ]]; then
    EXPECT[calendar-week]="$(response_bytes "$BASE$WEEK_PATH" -H "$COOKIE")"
    EXPECT[calendar-list]="$(response_bytes "$BASE$LIST_PATH" -H "$COOKIE")"
fi
LOAD_BEFORE="$(load_avg)"

run_wrk() {   # name server url [extra wrk args...]
    local name="$1" server="$2" url="$3"; shift 3
    say "calendar bench: $name: warm-up ${WARMUP}s, then ${DURATION}s (wrk -t$THREADS -c$CONNS)"
    wrk_for "$WARMUP" "$TMP/$name.warmup.txt" "wrk warm-up for $name" -t"$THREADS" -c"$CONNS" -s "$WRK_LUA" "$@" "$url"
    if [[ "$PERF" == 1 && "$name" == calendar-month ]]; then perf_start "$DURATION"; fi
    local pids t0 s0
    pids="$(server_pids "$server")"
    t0="$(ticks_of $pids)"; s0="$(now_s)"
    wrk_for "$DURATION" "$RAW/$name.txt" "wrk for $name" -t"$THREADS" -c"$CONNS" --latency -s "$WRK_LUA" "$@" "$url"
    CPU[$name]="$(cpu_pct "$t0" "$(ticks_of $pids)" "$(awk -v a="$s0" -v b="$(now_s)" 'BEGIN { print b - a }')")"
    require_bench_line "$RAW/$name.txt" "$name"
}

NAMES=(calendar-nginx calendar-month)
run_wrk calendar-nginx nginx "$NGINX_URL"
run_wrk calendar-month warta "$BASE$MONTH_PATH" -H "$COOKIE"
if [[ -n "$PERF_PID" ]]; then perf_report "the measured month-view run" "$RAW/calendar-perf-month.txt"; fi
if [[ "$EXTRA" == 1 ]]; then
    run_wrk calendar-week warta "$BASE$WEEK_PATH" -H "$COOKIE"
    run_wrk calendar-list warta "$BASE$LIST_PATH" -H "$COOKIE"
    NAMES+=(calendar-week calendar-list)
fi
check_page "$MONTH_PATH" "$TMP/month-after.html" "after the runs"
AFTER_BYTES="$(wc -c <"$TMP/month-after.html")"
[[ "$(http_code "$NGINX_URL")" == 200 ]] || die "nginx stopped serving the file"
LOAD_AFTER="$(load_avg)"

# ---------------------------------------------------------------- report
N="$RAW/calendar-nginx.txt"
M="$RAW/calendar-month.txt"
NGINX_RPS="$(field "$N" rps)"
MONTH_RPS="$(field "$M" rps)"
MONTH_P99="$(field "$M" p99_ms)"
RATIO="$(awk -v a="$MONTH_RPS" -v h="$NGINX_RPS" 'BEGIN { if (h > 0) printf "%.4f", a / h; else print "0" }')"
RATIO_OK="$(awk -v r="$RATIO" -v t="$RATIO_TARGET" 'BEGIN { print (r >= t) ? "PASS" : "FAIL" }')"
P99_OK="$(awk -v p="$MONTH_P99" -v t="$P99_TARGET" 'BEGIN { print (p <= t) ? "PASS" : "FAIL" }')"
MONTH_TIMEOUTS="$(field "$M" timeouts)"
(( MONTH_TIMEOUTS == 0 )) || P99_OK=FAIL
VERDICT=PASS
[[ "$RATIO_OK" == PASS && "$P99_OK" == PASS ]] || VERDICT=FAIL

# A timeout on a Warta row (no answer within wrk's 5 s) is a latency wrk leaves out of its
# percentiles: reported in its column, it fails the month row. Anything else is invalid: a status
# >= 400, a socket error, or fewer bytes per request than the page weighs (responses that were not
# the page, e.g. a 303 to /login; partial responses at the end only add bytes).
INVALID=""
for name in "${NAMES[@]}"; do
    f="$RAW/$name.txt"
    bad="$(field "$f" status_errors)"
    errs=$(( $(field "$f" connect_errors) + $(field "$f" read_errors) + $(field "$f" write_errors) ))
    [[ "$name" == calendar-nginx ]] && errs=$(( errs + $(field "$f" timeouts) ))
    if (( bad > 0 )); then INVALID+=" $name:$bad-status>=400"; fi
    if (( errs > 0 )); then INVALID+=" $name:$errs-socket-errors"; fi
    short="$(awk -v got="$(field "$f" bytes_per_request)" -v want="${EXPECT[$name]}" \
        'BEGIN { if (got < 0.999 * want) printf "%.0f", got; }')"
    [[ -z "$short" ]] || INVALID+=" $name:$short-bytes-per-request-not-${EXPECT[$name]}"
done
[[ -z "$INVALID" ]] || VERDICT="INVALID"
SERVER_WARNINGS="$(count_warnings "$TMP/calendar-serve.log")"

commit="$(code_under_test)"
[[ -z "$CODE_LABEL" ]] || commit="$CODE_LABEL"
[[ "$RES" == "$ROOT" ]] || commit+="; resources $RES"

FMT='%-40s %9s %8s %8s %8s %6s %7s %8s %8s %6s %8s\n'
row() {   # label name [vs nginx]
    local f="$RAW/$2.txt" rps vs kb mibs
    rps="$(field "$f" rps)"
    kb="$(awk -v b="$(field "$f" bytes_per_request)" 'BEGIN { printf "%.1f", b / 1024 }')"
    mibs="$(awk -v b="$(field "$f" bytes)" -v d="$(field "$f" duration_us)" 'BEGIN { if (d > 0) printf "%.1f", b / 1048576 / (d / 1e6); else print "-" }')"
    vs="${3:-$(awk -v a="$rps" -v h="$NGINX_RPS" 'BEGIN { if (h > 0) printf "%.2f%%", 100 * a / h; else print "-" }')}"
    printf "$FMT" "$1" "$rps" "$(field "$f" p50_ms)" "$(field "$f" p99_ms)" "$(field "$f" max_ms)" \
        "$(field "$f" status_errors)" "$(field "$f" timeouts)" "$kb" "$mibs" "${CPU[$2]}" "$vs"
}

{
    echo "Warta calendar benchmark — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "machine: $(machine_summary); load avg before $LOAD_BEFORE, after $LOAD_AFTER"
    echo "code:    $commit; binary $(binary_label)"
    echo "data:    ${SEED_LINE#SEED }"
    echo "load:    wrk -t$THREADS -c$CONNS -d${DURATION}s after ${WARMUP}s warm-up, each row; wrk, warta and nginx share the machine"
    echo "session: demo account '$DEMO_USER'; baseline: $NGINX_VERSION, $NGINX_WORKERS workers, sendfile, access_log off"
    echo
    printf "$FMT" "target" "req/s" "p50 ms" "p99 ms" "max ms" ">=400" "t/outs" "KiB/req" "MiB/s" "cpu" "vs nginx"
    row "nginx static month HTML (baseline)" calendar-nginx
    row "warta GET $MONTH_PATH" calendar-month
    if [[ "$EXTRA" == 1 ]]; then
        row "extra: warta GET /calendar?week=$WEEK" calendar-week "-"
        row "extra: warta list $MONTH_FIRST..$MONTH_LAST" calendar-list "-"
    fi
    echo
    echo "month:   $MONTH_BYTES bytes of HTML, $MONTH_ENTRIES entries ($kinds) on $CELLS days, $CREATE_LINKS \"buat konten\" links"
    [[ "$AFTER_BYTES" == "$MONTH_BYTES" ]] || echo "         (after the runs: $AFTER_BYTES bytes)"
    if [[ "$EXTRA" == 1 ]]; then
        echo "extra:   week $WEEK: $WEEK_BYTES bytes, $WEEK_ENTRIES entries; list $MONTH_FIRST..$MONTH_LAST: $LIST_BYTES bytes, $LIST_ENTRIES entries"
    fi
    echo "server:  $SERVER_WARNINGS warning/error lines in its log (bench/results/logs/calendar-serve.log)"
    echo
    echo "month view ÷ nginx = $RATIO (target ≥ $RATIO_TARGET): $RATIO_OK"
    if (( MONTH_TIMEOUTS > 0 )); then
        echo "month view p99 = $MONTH_P99 ms, and $MONTH_TIMEOUTS requests got no answer within 5 s (target ≤ $P99_TARGET ms): $P99_OK"
    else
        echo "month view p99 = $MONTH_P99 ms (target ≤ $P99_TARGET ms): $P99_OK"
    fi
    echo "verdict: $VERDICT"
    busy_note
    if [[ -n "$INVALID" ]]; then
        echo "INVALID RUN —$INVALID (see bench/results/raw/calendar-*.txt)"
    fi
    perf_top "month-view run" "$RAW/calendar-perf-month.txt"
} | save_report calendar-

exit_for_verdict "$VERDICT"
