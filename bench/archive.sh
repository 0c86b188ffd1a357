#!/usr/bin/env bash
# Warta archive benchmark: /archive and /archive.csv with 100,000 archived links.
#
#   bench/archive.sh            (or: make bench-archive)
#
# Builds the release binary if needed, starts `warta serve --demo --preset dki-ksd` once on a fresh
# database (migrations, demo accounts), stops it, seeds a year of published posts with
# `warta seed-bench --workload archive` (through the app's own writes: 49,999 items, 2 links each:
# 100,000 links with the demo's own 2, their checks; then ANALYZE), restarts it on a free
# 127.0.0.1 port and logs in as a demo account. Then:
#   1. GET /archive.csv for one month (~8,300 rows), then for all 100,000 rows, twice: wall time
#      (curl) and the server's resident memory, sampled from /proc/PID/status every 50 ms before,
#      during and after the download (VmRSS, RssAnon, RssFile), plus the kernel's exact peak
#      (VmHWM, reset before each download through /proc/PID/clear_refs). Streaming keeps the heap
#      flat: the full export should not need more memory than the one-month export. The CSV is
#      checked (BOM, header + one line per row, as many rows as SQLite counts);
#   2. the pages below one at a time with curl, each GET right after a commit that empties the
#      server's archive page cache (POST /language, same language): the uncached cost; and as
#      many GETs without a commit (cached). Reported, not judged;
#   3. wrk against GET /archive — the first page, a month + channel filter, a text search and a
#      deep page (offset, extra row) — at -c16, then at -c1 and -c64: req/s, p50, p99 and the
#      server's CPU, with PASS or FAIL against p99 <= 25 ms for the first and the filtered pages
#      at -c16 (the -c1 and -c64 rows are reported, not judged). wrk repeats one URL, so it
#      measures the cached page. Before and after, curl checks each page is the signed-in archive
#      (200, 50 `data-link-status` rows, the total SQLite counts for that filter), not a redirect
#      to /login.
# The table goes to bench/results/archive-latest.txt. See bench/README.md.
#
# Exit status: 0 PASS, 1 FAIL (a p99 above target), 2 invalid run or setup error.
#
# Settings (environment):
#   BENCH_THREADS=2  BENCH_CONNECTIONS=16  BENCH_DURATION=15 (s)  BENCH_WARMUP=3 (s)
#   BENCH_CONNECTIONS_EXTRA="1 64"  more rounds of every page at these connection counts ("" = none);
#                                reported, not part of the verdict (-c1 runs with one wrk thread)
#   BENCH_P99_TARGET=25          p99 target in ms (first and filtered pages at BENCH_CONNECTIONS)
#   BENCH_MONTH=auto             month of the filtered page and the month CSV; auto = 5 months
#                                before the current one (a full month inside the seeded year)
#   BENCH_CHANNEL=instagram      channel of the filtered page
#   BENCH_QUERY=rapat            search words of the text-filter page (q=)
#   BENCH_DEEP_PAGE=1000         page number of the deep-page row (offset = (page - 1) * 50)
#   BENCH_LINKS=100000 BENCH_MONTHS=12   the workload (links in all, months they are spread over)
#   BENCH_ANALYZE=1              0 = seed without running ANALYZE afterwards
#   BENCH_USER=admin             demo account to log in as
#   BENCH_UNCACHED_SAMPLES=200   GETs per page after a commit (uncached), and as many cached ones
#   BENCH_RSS_INTERVAL=0.05      seconds between two memory samples
#   BENCH_BUILD=1                0 = do not run `swift build` (use the existing binary)
#   BENCH_BUILD_TIMEOUT=2400     seconds allowed for the release build
#   BENCH_SCRATCH_PATH=...       build with --scratch-path there (default: the package's .build);
#                                the default binary is then <path>/release/warta
#   WARTA_BIN=...                binary to run (default .build/release/warta)
#   WARTA_SEED_BIN=...           binary that seeds (`warta seed-bench`; default WARTA_BIN)
#   PYTHON=/usr/bin/python3      Python with the sqlite3 module (read-only checks of the database)

set -euo pipefail

LOG_TAG="archive bench"   # how this script's messages start
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # ROOT, BENCH_DIR, RESULTS, RAW, HOST, say, die, helpers

LUA="$BENCH_DIR/report.lua"

THREADS="${BENCH_THREADS:-2}"
CONNS="${BENCH_CONNECTIONS:-16}"
CONNS_EXTRA="${BENCH_CONNECTIONS_EXTRA-1 64}"
DURATION="${BENCH_DURATION:-15}"
WARMUP="${BENCH_WARMUP:-3}"
P99_TARGET="${BENCH_P99_TARGET:-25}"
MONTH="${BENCH_MONTH:-auto}"
CHANNEL="${BENCH_CHANNEL:-instagram}"
QUERY="${BENCH_QUERY:-rapat}"
DEEP_PAGE="${BENCH_DEEP_PAGE:-1000}"
LINKS="${BENCH_LINKS:-100000}"
MONTHS="${BENCH_MONTHS:-12}"
ANALYZE="${BENCH_ANALYZE:-1}"
DEMO_USER="${BENCH_USER:-admin}"
UNCACHED="${BENCH_UNCACHED_SAMPLES:-200}"
RSS_INTERVAL="${BENCH_RSS_INTERVAL:-0.05}"
BUILD="${BENCH_BUILD:-1}"
BUILD_TIMEOUT="${BENCH_BUILD_TIMEOUT:-2400}"
SCRATCH="${BENCH_SCRATCH_PATH:-}"
if [[ -n "$SCRATCH" ]]; then
    BIN="${WARTA_BIN:-$SCRATCH/release/warta}"
else
    BIN="${WARTA_BIN:-$ROOT/.build/release/warta}"
fi
PY="${PYTHON:-/usr/bin/python3}"
PAGE_SIZE=50     # ArchiveController.pageSize

positive_ints THREADS CONNS DURATION WARMUP DEEP_PAGE LINKS MONTHS UNCACHED
ROUNDS=("$CONNS")   # the verdict's round first, then the extra ones
for c in $CONNS_EXTRA; do
    [[ "$c" =~ ^[0-9]+$ ]] && (( c > 0 )) || die "BENCH_CONNECTIONS_EXTRA must be positive integers, not '$CONNS_EXTRA'"
    [[ " ${ROUNDS[*]} " == *" $c "* ]] || ROUNDS+=("$c")
done
[[ "$P99_TARGET" =~ ^[0-9]*\.?[0-9]+$ ]] || die "BENCH_P99_TARGET must be a number of ms, not '$P99_TARGET'"
[[ "$RSS_INTERVAL" =~ ^[0-9]*\.?[0-9]+$ ]] || die "BENCH_RSS_INTERVAL must be a number of seconds, not '$RSS_INTERVAL'"
[[ "$MONTH" == auto || "$MONTH" =~ ^[0-9]{4}-(0[1-9]|1[0-2])$ ]] || die "BENCH_MONTH must be YYYY-MM or auto, not '$MONTH'"
[[ "$CHANNEL" =~ ^[a-z-]+$ ]] || die "BENCH_CHANNEL must be a channel key such as instagram, not '$CHANNEL'"
(( CONNS >= THREADS )) || die "BENCH_CONNECTIONS must be >= BENCH_THREADS"
require_wrk_and_curl
require_python_sqlite
require_files "$LUA"
unset WARTA_CHECK_LINKS_EVERY   # the link checker must not run (it would fetch the seeded links)

# ---------------------------------------------------------------- cleanup: always stop the server
TMP=""
SERVE_PID=""
SAMPLER_PID=""

# shellcheck disable=SC2317   # called by the EXIT trap that install_traps sets
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$SAMPLER_PID"
    stop_pid "$CHILD_PID"   # the build, seeding, curl or wrk run in progress (run_bg)
    stop_pid "$SERVE_PID"
    keep_logs_remove_tmp "$TMP/archive-serve.log" "$TMP/archive-serve.out"
    exit "$rc"
}
install_traps

# ---------------------------------------------------------------- build
scratch=()
[[ -z "$SCRATCH" ]] || scratch=(--scratch-path "$SCRATCH")
build_release "${scratch[*]} (limit ${BUILD_TIMEOUT}s)" "${scratch[@]}"
# The code measured: the commit (and whether the sources differed from it) when the build finished.
commit="$(code_under_test)"

mkdir -p "$RAW"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/warta-archive.XXXXXX")"
DB="$TMP/warta.sqlite"

# ---------------------------------------------------------------- helpers
start_server() {   # starts `warta serve --demo` on a new free port; sets SERVE_PID, BASE
    local port
    # shellcheck disable=SC2119   # no port to avoid
    port="$(free_port)" || die "no free port"
    BASE="http://$HOST:$port"
    "$BIN" serve --demo --preset dki-ksd --db "$DB" --host "$HOST" --port "$port" --resources "$ROOT" --log-level warning \
        >"$TMP/archive-serve.out" 2>"$TMP/archive-serve.log" 9>&- &
    SERVE_PID=$!
    wait_serve "$TMP/archive-serve.log"
    wait_for_banner "$TMP/archive-serve.out"
}

# ---------------------------------------------------------------- 1. demo database, then the seed
say "archive bench: demo database in $DB"
start_server
stop_pid "$SERVE_PID"; SERVE_PID=""
seed_args=(--db "$DB" --preset dki-ksd --workload archive --links "$LINKS" --months "$MONTHS")
[[ "$ANALYZE" == 0 ]] || seed_args+=(--analyze)
seed_bench 900 "$TMP/seed.out" "${seed_args[@]}"
say "archive bench: ${SEED_LINE#SEED }"
DB_MB="$(du -m "$DB" | cut -f1)"

# ---------------------------------------------------------------- 2. serve, log in
start_server
say "archive bench: warta serve on $BASE (pid $SERVE_PID)"
read_demo_accounts "$TMP/archive-serve.out"
PASSWORD="$(demo_password "$DEMO_USER")"
[[ -n "$PASSWORD" ]] || die "no demo account '$DEMO_USER' (accounts: $(demo_users))"
login "$DEMO_USER" "$PASSWORD"
COOKIE="Cookie: warta_session=$SESSION"
say "archive bench: logged in as $DEMO_USER"

# ---------------------------------------------------------------- the targets and what SQLite says they hold
if [[ "$MONTH" == auto ]]; then
    MONTH="$("$PY" -c '
import datetime as dt
t = dt.datetime.now(dt.timezone(dt.timedelta(hours=7)))
m = t.year * 12 + t.month - 1 - 5
print(f"{m // 12:04d}-{m % 12 + 1:02d}")')"
fi
# The month in the institution's zone, as UTC text bounds (GRDB's Date form), like the app's filter.
IFS='|' read -r M_FROM M_TO < <("$PY" - "$DB" "$MONTH" <<'EOF'
import datetime as dt, sqlite3, sys
from zoneinfo import ZoneInfo
tz = ZoneInfo(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute("SELECT timeZone FROM institution").fetchone()[0])
y, m = map(int, sys.argv[2].split("-"))
start = dt.datetime(y, m, 1, tzinfo=tz)
end = dt.datetime(y + (m == 12), m % 12 + 1, 1, tzinfo=tz)
f = lambda t: t.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.000")
print(f(start) + "|" + f(end))
EOF
)
[[ -n "${M_TO:-}" ]] || die "could not compute the bounds of $MONTH"
Q_ENC="$("$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$QUERY")"
like="$("$PY" -c 'import sys; print("%" + sys.argv[1].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")' "$QUERY")"
[[ "$QUERY" != *" "* ]] || die "BENCH_QUERY must be one word (the expected count is computed for one)"

N_ALL="$(sql "SELECT count(*) FROM contentLink")"
N_MONTH="$(sql "SELECT count(*) FROM contentLink WHERE createdAt >= ? AND createdAt < ?" "$M_FROM" "$M_TO")"
N_MONTH_CH="$(sql "SELECT count(*) FROM contentLink WHERE createdAt >= ? AND createdAt < ? AND channel = ?" "$M_FROM" "$M_TO" "$CHANNEL")"
N_Q="$(sql "SELECT count(*) FROM contentLink l JOIN contentItem i ON i.id = l.itemId WHERE i.title LIKE ? ESCAPE '\\' OR l.url LIKE ? ESCAPE '\\'" "$like" "$like")"
(( N_ALL == LINKS )) || die "$N_ALL links in the database, expected $LINKS"
(( N_MONTH_CH >= PAGE_SIZE && N_Q >= PAGE_SIZE )) || die "the filters match too few rows ($MONTH/$CHANNEL: $N_MONTH_CH, q=$QUERY: $N_Q): pick another BENCH_MONTH/BENCH_CHANNEL/BENCH_QUERY"
(( N_ALL >= DEEP_PAGE * PAGE_SIZE )) || die "page $DEEP_PAGE is past the last page ($(( (N_ALL + PAGE_SIZE - 1) / PAGE_SIZE )))"

NAMES=(first month q deep)
declare -A URL LABEL EXPECT REQUIRED
URL[first]="/archive";                                   LABEL[first]="/archive (first page)";         EXPECT[first]=$N_ALL;      REQUIRED[first]=1
URL[month]="/archive?month=$MONTH&channel=$CHANNEL";     LABEL[month]="/archive?month=$MONTH&channel=$CHANNEL"; EXPECT[month]=$N_MONTH_CH; REQUIRED[month]=1
URL[q]="/archive?q=$Q_ENC";                              LABEL[q]="/archive?q=$QUERY";                 EXPECT[q]=$N_Q;            REQUIRED[q]=1
URL[deep]="/archive?page=$DEEP_PAGE";                    LABEL[deep]="/archive?page=$DEEP_PAGE (offset $(( (DEEP_PAGE - 1) * PAGE_SIZE )))"; EXPECT[deep]=$N_ALL; REQUIRED[deep]=0

# The page must be the signed-in archive: 200 (not a redirect to /login), 50 rows with
# data-link-status, and the range line with the total SQLite counts for the filter.
check_page() {   # name when
    local name="$1" code rows total
    code="$(curl -s --max-time 20 -o "$TMP/page-$name.html" -w '%{http_code}' -H "$COOKIE" "$BASE${URL[$name]}")" || code=000
    [[ "$code" == 200 ]] && grep -q 'data-link-status' "$TMP/page-$name.html" \
        || die "GET ${URL[$name]} $2 gave HTTP $code (or no data-link-status): not the signed-in archive"
    rows="$(grep -c '<tr data-link-status=' "$TMP/page-$name.html" || true)"
    (( rows == PAGE_SIZE )) || die "GET ${URL[$name]} $2 shows $rows rows, expected $PAGE_SIZE"
    total="$(grep -o 'id="archive-range">[^<]*' "$TMP/page-$name.html" | grep -oE '[0-9]+ (dari|of) [0-9]+' | sed -n 1p | awk '{print $3}')"
    [[ "$total" == "${EXPECT[$name]}" ]] || die "GET ${URL[$name]} $2 says '${total:-no}' matching links, SQLite counts ${EXPECT[$name]}"
    if [[ "$2" == before ]]; then
        say "archive bench: GET ${URL[$name]}: 200, $rows rows of $total, $(wc -c <"$TMP/page-$name.html") bytes"
    fi
}
for name in "${NAMES[@]}"; do check_page "$name" before; done

# ---------------------------------------------------------------- 3. CSV: time and memory
# rss_sampler PID FILE: appends "ms-since-start VmRSS VmHWM RssAnon RssFile" (kB) every
# RSS_INTERVAL s until the process is gone or the sampler is stopped. RssAnon is the heap and
# stacks; RssFile counts pages of mapped files (the binary, libraries, and the database when SQLite
# maps it with mmap_size), which a full scan touches whether or not the export streams. Only
# builtins in the loop (no fork per sample).
rss_sampler() {
    local pid="$1" out="$2" fd key value _ rss hwm anon file now start
    start="${EPOCHREALTIME/[.,]/}"
    exec {fd}<> <(:)                    # an empty pipe: `read -t` on it is a sleep without a fork
    while [[ -r "/proc/$pid/status" ]]; do
        rss=""; hwm=""; anon=0; file=0
        while read -r key value _; do
            case "$key" in
                VmHWM:) hwm="$value" ;; VmRSS:) rss="$value" ;; RssAnon:) anon="$value" ;; RssFile:) file="$value"; break ;;
            esac
        done <"/proc/$pid/status" || true
        [[ -n "$rss" ]] || break
        now="${EPOCHREALTIME/[.,]/}"
        printf '%d %s %s %s %s\n' $(( (now - start) / 1000 )) "$rss" "$hwm" "$anon" "$file" >>"$out"
        read -r -t "$RSS_INTERVAL" -u "$fd" _ || true
    done
}

HWM_RESET=0
if echo 5 >"/proc/$SERVE_PID/clear_refs" 2>/dev/null; then HWM_RESET=1; fi

# csv_run name query expected-rows: downloads /archive.csv?query while sampling the server's memory;
# appends a row to $TMP/csv.rows: name rows bytes time ttfb base_kB peak_kB hwm_kB after_kB cpu_s
csv_run() {
    local name="$1" query="$2" expected="$3" samples="$RAW/archive-rss-$1.txt" out="$TMP/$1.csv"
    local t0 t1 code secs ttfb bytes lines bom base peak hwm anon_base anon_peak file_base file_peak cpu url="$BASE/archive.csv${2:+?$2}"
    : >"$samples"
    sleep 1                                         # let the previous run's memory settle
    [[ "$HWM_RESET" == 1 ]] && echo 5 >"/proc/$SERVE_PID/clear_refs"
    rss_sampler "$SERVE_PID" "$samples" 9>&- &
    SAMPLER_PID=$!
    sleep 1                                         # ~20 samples of the baseline
    echo "# download starts" >>"$samples"
    t0="$(server_ticks)"
    run_bg curl -s --max-time 300 -H "$COOKIE" -o "$out" -w '%{http_code} %{time_total} %{time_starttransfer} %{size_download}' \
        "$url" >"$TMP/timing.txt" || die "GET /archive.csv?$query failed"
    t1="$(server_ticks)"
    echo "# download ends" >>"$samples"
    sleep 1                                         # and ~20 after
    stop_pid "$SAMPLER_PID"; SAMPLER_PID=""
    read -r code secs ttfb bytes <"$TMP/timing.txt" || true   # curl -w writes no newline
    [[ "$code" == 200 ]] || die "GET /archive.csv?$query gave HTTP $code"
    bom="$(head -c 3 "$out" | od -An -tx1 | tr -d ' \n')"
    [[ "$bom" == efbbbf ]] || die "/archive.csv?$query does not start with the UTF-8 BOM (starts with $bom)"
    lines="$(wc -l <"$out")"
    (( lines == expected + 1 )) || die "/archive.csv?$query has $lines lines, expected $expected rows + header"
    median_before() {   # column: its median over the samples before the download
        awk -v c="$1" '/^# download starts/ { exit } { print $c }' "$samples" | sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }'
    }
    base="$(median_before 2)"; anon_base="$(median_before 4)"; file_base="$(median_before 5)"
    read -r peak hwm anon_peak file_peak < <(awk '
        /^# download starts/ { on = 1; next } /^#/ { next }
        on { if ($2 > p) p = $2; if ($3 > h) h = $3; if ($4 > a) a = $4; if ($5 > f) f = $5 }
        END { print p + 0, h + 0, a + 0, f + 0 }' "$samples")
    cpu="$(awk -v a="$t0" -v b="$t1" -v t="$TICKS" 'BEGIN { printf "%.2f", (b - a) / t }')"
    echo "$name $(( lines - 1 )) $bytes $secs $ttfb $cpu $base $peak $hwm $anon_base $anon_peak $file_base $file_peak" >>"$TMP/csv.rows"
    say "archive bench: CSV $name: $(( lines - 1 )) rows, $bytes bytes in ${secs}s; RSS $((base / 1024)) → peak $((peak / 1024)) MB (anon $((anon_base / 1024)) → $((anon_peak / 1024)) MB, VmHWM $((hwm / 1024)) MB)"
}

LOAD_BEFORE="$(load_avg)"
: >"$TMP/csv.rows"
csv_run month "month=$MONTH" "$N_MONTH"
csv_run all   ""             "$N_ALL"
csv_run all2  ""             "$N_ALL"

# ---------------------------------------------------------------- 4. uncached pages, one at a time
# The server keeps each rendered archive body (per page, filter and language) until a commit
# touches links, items, users or settings, so wrk's repeated URL is served from that cache after
# its first request. Here every GET follows such a commit — POST /language lang=id by the same
# account (its language stays `id`; the update of its row is the commit) — so each one is
# rendered from SQLite: the cost of the page after any approval, publication or link check.
PAGE_CSRF="$(csrf_token "$TMP/page-first.html")"
[[ -n "$PAGE_CSRF" ]] || die "no csrf_token on /archive"
uncached_run() {   # name: UNCACHED samples of (POST /language, then the timed GET) on one connection each
    local out="$RAW/archive-uncached-$1.txt"
    : >"$out"
    for _ in $(seq 1 "$UNCACHED"); do
        curl -s --max-time 20 -o /dev/null -w '%{http_code} ' -H "$COOKIE" \
            --data-urlencode "csrf_token=$PAGE_CSRF" --data-urlencode "lang=id" "$BASE/language" \
            --next --max-time 20 -o /dev/null -w '%{http_code} %{time_total}\n' -H "$COOKIE" "$BASE${URL[$1]}" >>"$out" 2>/dev/null \
            || echo "000 000 0" >>"$out"
    done
    awk '$1 != 303 || $2 != 200 { bad++ } END { exit bad > 0 }' "$out" \
        || die "uncached GET ${URL[$1]}: $(awk '$1 != 303 || $2 != 200' "$out" | wc -l) pairs did not give 303 then 200 (see $out)"
}
# cached_run name: the same number of GETs of the page without a commit in between (cache hits)
cached_run() {
    local out="$RAW/archive-cached-$1.txt"
    : >"$out"
    for _ in $(seq 1 "$UNCACHED"); do
        curl -s --max-time 20 -o /dev/null -w '000 %{http_code} %{time_total}\n' -H "$COOKIE" "$BASE${URL[$1]}" >>"$out" 2>/dev/null \
            || echo "000 000 0" >>"$out"
    done
}
# stats FILE: p50 p90 p99 max in ms of the third column
stats() {
    awk '{ print $3 * 1000 }' "$1" | sort -n | awk '{ v[NR] = $1 }
        function q(p,  i) { i = int(p * NR + 0.999999); if (i < 1) i = 1; return v[i] }
        END { printf "%.3f %.3f %.3f %.3f\n", q(0.5), q(0.9), q(0.99), v[NR] }'
}
say "archive bench: uncached pages: $UNCACHED × (POST /language, GET page) per page, one at a time"
for name in "${NAMES[@]}"; do uncached_run "$name"; cached_run "$name"; done
LOAD_MID="$(load_avg)"

# ---------------------------------------------------------------- 5. wrk on the pages
now_us() { echo "${EPOCHREALTIME/[.,]/}"; }
# settle: wait (at most 30 s) until the server has worked off what wrk left in flight when it
# stopped — under 10 % of a core over 0.3 s — so that no backlog spills into the next run.
settle() {
    local a b
    for _ in $(seq 1 100); do
        a="$(server_ticks)"; sleep 0.3; b="$(server_ticks)"
        (( (b - a) * 100 <= TICKS * 3 )) && return 0
    done
    say "archive bench: warning: the server was still busy 30 s after a run"
}
run_wrk() {   # name conns; the server's CPU during the measured run goes to $RAW/archive-NAME-cN.cpu
    local name="$1" conns="$2" out="$RAW/archive-$1-c$2.txt" threads=$(( THREADS < $2 ? THREADS : $2 )) t0 t1 w0 w1
    say "archive bench: GET ${URL[$name]}: warm-up ${WARMUP}s, then ${DURATION}s (wrk -t$threads -c$conns)"
    wrk_for "$WARMUP" "$TMP/warmup.txt" "wrk warm-up for ${URL[$name]}" \
        -t"$threads" -c"$conns" -s "$LUA" -H "$COOKIE" "$BASE${URL[$name]}"
    settle
    t0="$(server_ticks)"; w0="$(now_us)"
    wrk_for "$DURATION" "$out" "wrk for ${URL[$name]}" \
        -t"$threads" -c"$conns" --latency -s "$LUA" -H "$COOKIE" "$BASE${URL[$name]}"
    t1="$(server_ticks)"; w1="$(now_us)"
    awk -v a="$t0" -v b="$t1" -v us=$(( w1 - w0 )) -v t="$TICKS" 'BEGIN { printf "%.0f%%\n", 100 * (b - a) / t / (us / 1e6) }' \
        >"$RAW/archive-$name-c$conns.cpu"
    settle
    require_bench_line "$out" "${URL[$name]}"
}
for conns in "${ROUNDS[@]}"; do
    for name in "${NAMES[@]}"; do run_wrk "$name" "$conns"; done
done
for name in "${NAMES[@]}"; do check_page "$name" after; done
LOAD_AFTER="$(load_avg)"

# ---------------------------------------------------------------- report
VERDICT=PASS
INVALID=""
for conns in "${ROUNDS[@]}"; do
    for name in "${NAMES[@]}"; do
        f="$RAW/archive-$name-c$conns.txt"
        bad="$(field "$f" non2xx)"
        errs=$(( $(field "$f" connect_errors) + $(field "$f" read_errors) + $(field "$f" write_errors) ))
        (( bad == 0 )) || INVALID+=" $name-c$conns:$bad-non-2xx"
        (( errs == 0 )) || INVALID+=" $name-c$conns:$errs-socket-errors"
        (( $(field "$f" requests) > 0 )) || INVALID+=" $name-c$conns:no-requests-completed"
        if [[ "${REQUIRED[$name]}" == 1 && "$conns" == "$CONNS" ]]; then
            ok="$(awk -v p="$(field "$f" p99_ms)" -v t="$P99_TARGET" 'BEGIN { print (p <= t) ? 1 : 0 }')"
            (( ok == 1 && $(field "$f" timeouts) == 0 )) || VERDICT=FAIL
        fi
    done
done
[[ -z "$INVALID" ]] || VERDICT=INVALID
SERVER_WARNINGS="$(count_warnings "$TMP/archive-serve.log")"
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

page_row() {   # name conns
    local f="$RAW/archive-$1-c$2.txt" p99 verdict
    p99="$(field "$f" p99_ms)"
    verdict="$(awk -v p="$p99" -v t="$P99_TARGET" 'BEGIN { print (p <= t) ? "PASS" : "FAIL" }')"
    (( $(field "$f" timeouts) == 0 )) || verdict="FAIL"
    (( $(field "$f" requests) > 0 )) || verdict="NO ANSWER"
    if [[ "${REQUIRED[$1]}" != 1 ]]; then verdict="($verdict, extra)"
    elif [[ "$2" != "$CONNS" ]]; then verdict="($verdict)"; fi
    printf '%-44s %5s %9s %9s %9s %9s %8s %6s %8s  %s\n' "${LABEL[$1]}" "$2" "$(field "$f" rps)" "$(field "$f" p50_ms)" "$p99" \
        "$(field "$f" max_ms)" "$(( $(field "$f" non2xx) + $(field "$f" timeouts) ))" "$(cat "$RAW/archive-$1-c$2.cpu")" "${EXPECT[$1]}" "$verdict"
}

{
    echo "Warta archive benchmark — $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "machine: $(machine_summary); wrk, curl and the server share it; load avg before $LOAD_BEFORE, after the CSV runs $LOAD_MID, at the end $LOAD_AFTER"
    echo "code:    $commit; binary $(binary_label)"
    echo "data:    ${SEED_LINE#SEED }; database ${DB_MB} MB"
    echo "session: demo account '$DEMO_USER'; 50 rows per page"
    echo "load:    wrk (cached: the same URL again and again) -t$THREADS (-t1 at -c1) -d${DURATION}s after ${WARMUP}s warm-up, per row; closed loop: latencies at saturation;"
    echo "         cpu = the server's CPU time during the run, in % of one core (the machine has $(nproc))"
    echo
    printf '%-44s %5s %9s %9s %9s %9s %8s %6s %8s  %s\n' "GET" "conns" "req/s" "p50 ms" "p99 ms" "max ms" "errors" "cpu" "matched" "p99 ≤ $P99_TARGET ms"
    for conns in $(printf '%s\n' "${ROUNDS[@]}" | sort -n); do
        for name in "${NAMES[@]}"; do page_row "$name" "$conns"; done
    done
    echo "(errors = non-2xx + requests wrk got no answer to within 5 s, which it leaves out of the percentiles;"
    echo " matched = the filter's total on the page, equal to SQLite's count; the first page also runs the dead-links panel)"
    echo
    printf '%-44s %9s %9s %9s %9s   %-33s  %s\n' "GET, one at a time (curl, $UNCACHED each)" "p50 ms" "p90 ms" "p99 ms" "max ms" "cached: p50 / p99 / max ms" "uncached p99 ≤ $P99_TARGET ms"
    for name in "${NAMES[@]}"; do
        read -r u50 u90 u99 umax < <(stats "$RAW/archive-uncached-$name.txt")
        read -r c50 _ c99 cmax < <(stats "$RAW/archive-cached-$name.txt")
        v="$(awk -v p="$u99" -v t="$P99_TARGET" 'BEGIN { print (p <= t) ? "PASS" : "FAIL" }')"
        printf '%-44s %9s %9s %9s %9s   %-33s  (%s)\n' "${LABEL[$name]}" "$u50" "$u90" "$u99" "$umax" "$c50 / $c99 / $cmax" "$v"
    done
    echo "(uncached: each GET right after a commit that empties the server's archive page cache — POST /language, same"
    echo " language — so the page is rendered from SQLite; cached: the same GETs with no commit in between. The wrk rows"
    echo " above repeat one URL, so all but their first request are cache hits)"
    echo
    csv_label() {
        case "$1" in
            month) echo "?month=$MONTH (run 1)" ;;
            all)   echo "all rows (run 2)" ;;
            all2)  echo "all rows again (run 3)" ;;
        esac
    }
    printf '%-28s %7s %7s %8s %8s %8s %7s\n' "GET /archive.csv" "rows" "MB" "time s" "ttfb s" "rows/s" "cpu s"
    while read -r name rows bytes secs ttfb cpus _; do
        printf '%-28s %7s %7s %8s %8s %8s %7s\n' "$(csv_label "$name")" "$rows" "$(mb $(( bytes / 1024 )))" \
            "$(printf '%.3f' "$secs")" "$(printf '%.3f' "$ttfb")" "$(awk -v r="$rows" -v t="$secs" 'BEGIN { printf "%.0f", (t > 0) ? r / t : 0 }')" "$cpus"
    done <"$TMP/csv.rows"
    echo
    printf '%-28s %9s %9s %7s %10s %10s %7s %7s %8s\n' "server memory, MB" "RSS base" "RSS peak" "+RSS" "anon base" "anon peak" "+anon" "+file" "VmHWM"
    while read -r name _ _ _ _ _ base peak hwm abase apeak fbase fpeak; do
        printf '%-28s %9s %9s %7s %10s %10s %7s %7s %8s\n' "$(csv_label "$name")" "$(mb "$base")" "$(mb "$peak")" "+$(mb $(( peak - base )))" \
            "$(mb "$abase")" "$(mb "$apeak")" "+$(mb $(( apeak - abase )))" "+$(mb $(( fpeak - fbase )))" "$(mb "$hwm")"
    done <"$TMP/csv.rows"
    echo "(base = median in the second before the download, peak = highest sample (every ${RSS_INTERVAL}s) during it and in"
    echo " the second after; anon = RssAnon (heap, stacks), +file = growth of RssFile (mapped files: binary, libraries, the"
    if [[ "$HWM_RESET" == 1 ]]; then
        echo " database if SQLite maps it); VmHWM = the kernel's exact RSS peak since a reset (/proc/PID/clear_refs) just before"
        echo " each download. Every CSV checked: UTF-8 BOM, header + one line per row, as many rows as SQLite counts)"
    else
        echo " database if SQLite maps it); VmHWM = the kernel's RSS peak since the server started (clear_refs not writable)."
        echo " Every CSV checked: UTF-8 BOM, header + one line per row, as many rows as SQLite counts)"
    fi
    read -r m_anon a_anon < <(awk '$1 == "month" { m = $11 - $10 } $1 == "all" { a = $11 - $10 } END { print m + 0, a + 0 }' "$TMP/csv.rows")
    echo "streaming: all $N_ALL rows grew the heap by $(mb "$a_anon") MB, one month ($N_MONTH rows) by $(mb "$m_anon") MB:" \
        "$(awk -v a="$a_anon" -v m="$m_anon" 'BEGIN { print (a <= m + 10240) ? "flat (within 10 MB)" : "NOT flat" }')"
    echo
    echo "server:  $SERVER_WARNINGS warning/error lines in its log (bench/results/logs/archive-serve.log)"
    echo "verdict: first and filtered pages at -c$CONNS, p99 ≤ $P99_TARGET ms: $VERDICT"
    busy_note
    if [[ -n "$INVALID" ]]; then
        echo "INVALID RUN —$INVALID (see bench/results/raw/archive-*.txt)"
    fi
} | save_report archive-

exit_for_verdict "$VERDICT"
