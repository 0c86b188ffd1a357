# bench/lib.sh: what the benchmark scripts (run.sh, views.sh, workflow.sh, calendar.sh, archive.sh) share.
#
# Sourced, never run: each script sets LOG_TAG (how its messages start: "bench", "workflow bench",
# ...) and `set -euo pipefail`, then sources this file, which sets the paths below, opens fd 9 on
# the script's stderr and defines the helpers. The helpers read the script's own variables where
# their comments say so (BIN, BUILD, BUILD_TIMEOUT, TMP, BASE, SERVE_PID, PY, DB, PERF, LOAD_BEFORE,
# SEED_BIN).
# What differs from one benchmark to the next (its cleanup, checks, wrk runs and report) stays in
# the script.
# shellcheck shell=bash disable=SC2154,SC2034   # variables read from / set for the sourcing script

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="$ROOT/bench"
RESULTS="$BENCH_DIR/results"
RAW="$RESULTS/raw"
HOST=127.0.0.1   # loopback only, never anything else
# wrk opens up to 64 connections (and more in BENCH_*_CONNECTIONS) from this one address: the
# servers started here must not cap them (--max-connections-per-address, default 64).
export WARTA_MAX_CONNECTIONS_PER_ADDRESS=0
TICKS="$(getconf CLK_TCK 2>/dev/null || echo 100)"   # clock ticks per second in /proc/PID/stat

exec 9>&2   # the script's stderr, also for traps that fire inside a redirected step
say()  { printf '%s\n' "$*" >&9; }
die()  { say "$LOG_TAG: $*"; exit 2; }

# ---------------------------------------------------------------- settings and tools

# positive_ints NAME...: dies unless each named variable holds a whole number above 0; a NAME of
# the form SHOWN:NAME is called SHOWN in the message (e.g. the environment variable it came from).
positive_ints() {
    local pair n
    for pair in "$@"; do
        n="${pair#*:}"
        [[ "${!n}" =~ ^[0-9]+$ ]] && (( ${!n} > 0 )) || die "${pair%%:*} must be a positive integer, not '${!n}'"
    done
}

# require_wrk_and_curl: dies unless both are installed.
require_wrk_and_curl() {
    command -v wrk  >/dev/null || die "wrk not found (apt-get install -y wrk)"
    command -v curl >/dev/null || die "curl not found"
}

# require_python_sqlite: dies unless $PY can import sqlite3.
require_python_sqlite() {
    "$PY" -c 'import sqlite3' 2>/dev/null || die "$PY cannot import sqlite3 (set PYTHON=/usr/bin/python3)"
}

# require_files FILE...: dies unless each file exists.
require_files() {
    local f
    for f in "$@"; do [[ -f "$f" ]] || die "$f missing"; done
}

# ---------------------------------------------------------------- processes and cleanup
CHILD_PID=""   # the step run_bg waits for (build, seeding, wrk...), for cleanup to stop

# run_bg COMMAND...: runs a long step in the background and waits for it, so that a signal reaches
# the trap at once (bash runs traps only after a foreground child ends) and cleanup can stop the
# step too. Returns the step's status.
run_bg() {
    "$@" 9>&- &
    CHILD_PID=$!
    local rc=0
    wait "$CHILD_PID" || rc=$?
    CHILD_PID=""
    return "$rc"
}

# stop_pid PID [SIGNAL]: sends SIGNAL (TERM) if PID still runs, waits up to 5 s, then SIGKILL.
stop_pid() {
    local pid="$1" sig="${2:-TERM}"
    [[ -n "$pid" ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill -"$sig" "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do           # up to 5 s for a graceful stop
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "$LOG_TAG: pid $pid did not stop after SIG$sig, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# install_traps: runs the script's cleanup() on every exit; Ctrl-C and SIGTERM exit 130 and 143.
install_traps() {
    trap cleanup EXIT
    trap 'say "$LOG_TAG: interrupted"; exit 130' INT
    trap 'say "$LOG_TAG: terminated"; exit 143' TERM
}

# keep_logs_remove_tmp FILE...: for cleanup: if the temp folder $TMP was made, copies those of
# FILE... that exist to bench/results/logs/, then deletes $TMP.
keep_logs_remove_tmp() {
    [[ -n "$TMP" && -d "$TMP" ]] || return 0
    mkdir -p "$RESULTS/logs"
    cp -f "$@" "$RESULTS/logs/" 2>/dev/null || true
    rm -rf "$TMP"
}

# ---------------------------------------------------------------- build

# build_release NOTE [SWIFT-BUILD-ARGS...]: unless BUILD=0, `swift build -c release --product warta`
# (plus the args, e.g. --scratch-path DIR) within BUILD_TIMEOUT s, announced with NOTE at the end
# of the line; then dies unless $BIN is executable.
build_release() {
    local note="$1"; shift
    if [[ "$BUILD" != 0 ]]; then
        command -v swift >/dev/null || die "swift not found (set BENCH_BUILD=0 and WARTA_BIN to use a prebuilt binary)"
        say "$LOG_TAG: swift build -c release --product warta $note"
        run_bg timeout --kill-after=30 "$BUILD_TIMEOUT" swift build --package-path "$ROOT" "$@" -c release --product warta >&2 \
            || die "release build failed or timed out"
    fi
    [[ -x "$BIN" ]] || die "$BIN not found or not executable"
}

# ---------------------------------------------------------------- data

# The binary that seeds the databases: `warta seed-bench` writes each workload through the app's
# own code (AppDatabase and the domain rules). WARTA_SEED_BIN overrides it, e.g. when WARTA_BIN is
# an older build without that command.
SEED_BIN="${WARTA_SEED_BIN:-}"

# seed_bench SECONDS OUT ARGS...: `warta seed-bench ARGS` with $SEED_BIN (default $BIN), stopped
# after SECONDS, its output in OUT; sets SEED_LINE to the `SEED key=value ...` line it prints.
# Dies (showing OUT) if it fails, refuses the database or prints no SEED line.
seed_bench() {
    local secs="$1" out="$2" bin="${SEED_BIN:-$BIN}"; shift 2
    "$bin" seed-bench --help >/dev/null 2>&1 \
        || die "$bin has no seed-bench command (built before it existed?): set WARTA_SEED_BIN to a warta that has it"
    run_bg timeout "$secs" "$bin" seed-bench "$@" >"$out" 2>&1 || { cat "$out" >&2; die "warta seed-bench failed"; }
    SEED_LINE="$(grep -m1 '^SEED ' "$out")" || die "warta seed-bench printed no SEED line"
}

# ---------------------------------------------------------------- servers, HTTP

port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# free_port [PORT TO AVOID]: prints a port nothing listens on now.
free_port() {
    local p
    for _ in $(seq 1 100); do
        p=$(( 20000 + RANDOM % 40000 ))
        [[ "$p" == "${1:-}" ]] && continue
        if ! port_in_use "$p"; then echo "$p"; return 0; fi
    done
    return 1
}

# http_code URL [curl args...]: prints the status code (000 on connection failure).
http_code() {
    local url="$1"; shift
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$url" 2>/dev/null || true
}

# wait_for_200 PID URL SECONDS: polls URL every 0.2 s until it answers 200 (returns 0), PID exits
# (1) or SECONDS pass (2). HTTP_LAST holds the last status seen.
wait_for_200() {
    local pid="$1" url="$2"
    HTTP_LAST=000
    for _ in $(seq 1 $(( $3 * 5 ))); do
        kill -0 "$pid" 2>/dev/null || return 1
        HTTP_LAST="$(http_code "$url")"
        [[ "$HTTP_LAST" == 200 ]] && return 0
        sleep 0.2
    done
    return 2
}

# wait_serve LOG [LABEL]: waits up to 60 s for `warta serve` (SERVE_PID) to answer $BASE/healthz;
# dies with the end of its LOG if it exits first. LABEL names the start in the messages.
wait_serve() {
    local log="$1" label="${2:-}" rc=0
    wait_for_200 "$SERVE_PID" "$BASE/healthz" 60 || rc=$?
    if (( rc == 1 )); then
        tail -n 20 "$log" >&2 || true
        die "warta serve exited during start-up${label:+ ($label)}"
    fi
    (( rc == 0 )) || die "warta serve not healthy after 60 s (${label:+$label; }/healthz gave $HTTP_LAST)"
}

# wait_for_banner OUT: waits up to 5 s for the "Warta: http..." line `warta serve` prints to OUT
# after the demo accounts.
wait_for_banner() {
    for _ in $(seq 1 50); do grep -q '^Warta: http' "$1" && return 0; sleep 0.1; done
    return 0
}

# read_demo_accounts OUT: sets DEMO_ACCOUNTS to the "user password" lines `warta serve --demo`
# printed to OUT; dies (showing OUT) if there are none.
read_demo_accounts() {
    DEMO_ACCOUNTS="$(awk '/^Akun demo/ {f=1; next} /^Warta:/ {f=0} f && NF >= 2 {print $1, $2}' "$1")"
    [[ -n "$DEMO_ACCOUNTS" ]] || { cat "$1" >&2; die "no demo accounts printed"; }
}

# demo_password USER: that demo account's password ("" if there is no such account).
demo_password() { awk -v u="$1" '$1 == u {print $2; exit}' <<<"$DEMO_ACCOUNTS"; }

# demo_users: the demo account names, each followed by a space.
demo_users() { awk '{printf "%s ", $1}' <<<"$DEMO_ACCOUNTS"; }

# csrf_token FILE: the first csrf_token value in an HTML page ("" if it has none).
csrf_token() {
    grep -o 'name="csrf_token" value="[^"]*"' "$1" | sed -n 1p | sed 's/.*value="//; s/"$//' || true
}

# login USER PASSWORD [WHO]: signs in at $BASE as a browser does (GET /login for the CSRF token and
# its cookie, POST /login, which must answer 303) and sets SESSION to the warta_session cookie and
# LOGIN_LOCATION to where the 303 points. Dies on any failure; the POST's messages say
# "for WHO" when WHO is given. Its files are $TMP/jar-USER.txt and $TMP/login-USER.*.
login() {
    local user="$1" password="$2" for="${3:+ for $3}" jar="$TMP/jar-$1.txt" csrf code
    curl -s --max-time 10 -c "$jar" -o "$TMP/login-$user.html" "$BASE/login" || die "GET /login failed"
    csrf="$(csrf_token "$TMP/login-$user.html")"
    [[ -n "$csrf" ]] || die "no csrf_token on /login"
    code="$(curl -s --max-time 20 -b "$jar" -c "$jar" -D "$TMP/login-$user.headers" -o /dev/null -w '%{http_code}' \
        --data-urlencode "csrf_token=$csrf" --data-urlencode "username=$user" --data-urlencode "password=$password" \
        "$BASE/login")" || die "POST /login$for failed"
    LOGIN_LOCATION="$(tr -d '\r' <"$TMP/login-$user.headers" | sed -n 's/^[Ll]ocation: *//p' | sed -n 1p)"
    [[ "$code" == 303 ]] || die "POST /login$for gave $code, expected 303"
    SESSION="$(tr -d '\r' <"$TMP/login-$user.headers" | sed -n 's/^[Ss]et-[Cc]ookie: *warta_session=\([^;]*\).*/\1/p' | sed -n 1p)"
    [[ -n "$SESSION" ]] || die "POST /login$for set no warta_session cookie"
}

# sql QUERY [ARGS...]: rows of a read-only query on $DB (with $PY), values separated by spaces.
sql() { "$PY" - "$DB" "$@" <<'EOF'
import sqlite3, sys
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=30)
for row in conn.execute(sys.argv[2], sys.argv[3:]):
    print(" ".join(str(v) for v in row))
EOF
}

# ---------------------------------------------------------------- wrk

# wrk_for SECONDS OUT WHAT WRK-ARGS...: `wrk -dSECONDS --timeout 5s WRK-ARGS`, stopped after
# SECONDS + 30 s, its output in OUT; dies "WHAT failed: <OUT's last lines>" if it fails.
wrk_for() {
    local secs="$1" out="$2" what="$3"; shift 3
    run_bg timeout --kill-after=5 $(( secs + 30 )) wrk -d"${secs}s" --timeout 5s "$@" >"$out" 2>&1 \
        || die "$what failed: $(tail -n 3 "$out")"
}

# response_bytes URL [CURL-ARGS...]: the bytes of one response to URL, head and body, as wrk counts them.
response_bytes() {
    local url="$1"; shift
    curl -s --max-time 20 -o /dev/null -w '%{size_header} %{size_download}' "$@" "$url" | awk '{ print $1 + $2 }'
}

# require_bench_line FILE WHAT: dies unless wrk's output FILE has the BENCH line of the Lua script.
require_bench_line() { grep -q '^BENCH ' "$1" || die "no BENCH line in wrk output for $2"; }

# field FILE KEY: a value from the BENCH line that report.lua (or calendar.lua, approve.lua) prints.
field() { grep -m1 '^BENCH ' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# ---------------------------------------------------------------- CPU time, perf

# ticks_of PID...: CPU time those processes used so far, in clock ticks (utime + stime; the name
# field has no spaces); 0 for a process that is gone.
ticks_of() {
    local total=0 pid t
    for pid in "$@"; do
        t="$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)"
        total=$(( total + t ))
    done
    echo "$total"
}
server_ticks() { ticks_of "$SERVE_PID"; }   # the same for `warta serve`
now_s() { date +%s.%N; }

# cpu_pct TICKS-BEFORE TICKS-AFTER SECONDS: CPU used in between, in % of one core.
cpu_pct() {
    awk -v a="$1" -v b="$2" -v s="$3" -v t="$TICKS" 'BEGIN { if (s > 0) printf "%.0f%%", 100 * (b - a) / t / s; else print "-" }'
}

# perf_start SECONDS: `perf record -g` on `warta serve` for SECONDS + 2 s, in the background
# (PERF_PID), into $TMP/perf.data; waits a second for it to attach.
perf_start() {
    perf record -F 999 -g -p "$SERVE_PID" -o "$TMP/perf.data" -- sleep $(( $1 + 2 )) >"$TMP/perf.log" 2>&1 9>&- &
    PERF_PID=$!
    sleep 1
}

# perf_report RUN OUT: waits for perf_start's recording to end and writes its profile to OUT (self
# time per symbol, then time including callees); RUN says which run it covered.
perf_report() {
    wait "$PERF_PID" 2>/dev/null || true
    PERF_PID=""
    { echo "# perf record -F 999 -g -p <warta serve> during $1 (its figures are perturbed by it)"
      echo "# perf report --no-children --sort symbol: self time per symbol, >= 0.5 %"
      timeout 300 perf report -i "$TMP/perf.data" --no-children --sort symbol --stdio -g none --percent-limit 0.5 2>/dev/null \
          | grep -E '^ +[0-9]' | perf_tidy | swift_demangle
      echo
      echo "# perf report --children --sort symbol: time including callees, >= 3 % (where the self time comes from)"
      timeout 300 perf report -i "$TMP/perf.data" --children --sort symbol --stdio -g none --percent-limit 3 2>/dev/null \
          | grep -E '^ +[0-9]' | perf_tidy | swift_demangle
    } >"$2" 2>/dev/null || say "$LOG_TAG: perf report failed (see $TMP/perf.log)"
}
# Swift symbols demangled when the toolchain is there; perf's padding and IPC columns dropped.
swift_demangle() { if command -v swift >/dev/null; then swift demangle --simplified; else cat; fi; }
perf_tidy() { sed -E 's/[[:space:]]+-[[:space:]]+-[[:space:]]*$//; s/[[:space:]]+$//'; }

# perf_top RUN FILE: for the report, when PERF=1 and the profile FILE is there: its top 15 symbols.
perf_top() {
    [[ "$PERF" == 1 && -s "$2" ]] || return 0
    echo
    echo "perf, $1 (top symbols, self time; all in ${2#"$ROOT"/}):"
    awk '/^ +[0-9]+\.[0-9]+%/ && n++ < 15' "$2"
}

# ---------------------------------------------------------------- report

load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

# machine_summary: "nproc=N, CPU model" for the report's machine line.
machine_summary() {
    local cpu
    cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sed -n 1p)"
    echo "nproc=$(nproc), ${cpu:-unknown CPU}"
}

# code_under_test: the checkout's commit, "(+ uncommitted changes)" when the sources differ from
# it, and a warning when BUILD=0 left the binary as it was.
code_under_test() {
    local commit
    commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    if [[ "$commit" != unknown ]] && [[ -n "$(git -C "$ROOT" status --porcelain -- Sources Views Locales Public Package.swift 2>/dev/null)" ]]; then
        commit+=" (+ uncommitted changes)"
    fi
    [[ "$BUILD" != 0 ]] || commit+="; BENCH_BUILD=0: binary not rebuilt, may be older than this"
    printf '%s\n' "$commit"
}

# binary_label: $BIN relative to the checkout, for the report's code line.
binary_label() { realpath --relative-to="$ROOT" "$BIN" 2>/dev/null || echo "$BIN"; }

# busy_note: the report's note when the load average before the runs (LOAD_BEFORE) was above
# half the CPUs.
busy_note() {
    local busy
    busy="$(awk -v l="${LOAD_BEFORE%% *}" -v n="$(nproc)" 'BEGIN { print (l > 0.5 * n) ? "yes" : "no" }')"
    if [[ "$busy" == yes ]]; then
        echo "note: the machine was busy before the run (load avg ${LOAD_BEFORE%% *} on $(nproc) CPUs): figures are noisy, re-run when idle"
    fi
}

# count_warnings LOG: how many lines of a server log say warning, error or critical.
count_warnings() { grep -c -i -E 'warning|error|critical' "$1" || true; }

# save_report PREFIX: the report on stdin to the terminal and to bench/results/PREFIXlatest.txt,
# plus a copy named PREFIX<UTC date-time>.txt (PREFIX: "workflow-" and so on; "" for run.sh).
save_report() {
    tee "$RESULTS/${1}latest.txt"
    cp -f "$RESULTS/${1}latest.txt" "$RESULTS/${1}$(date -u +%Y%m%d-%H%M%S).txt"
}

# exit_for_verdict VERDICT: exits 0 for PASS, 1 for FAIL, 2 for anything else (INVALID).
exit_for_verdict() {
    case "$1" in
        PASS) exit 0 ;;
        FAIL) exit 1 ;;
        *)    exit 2 ;;
    esac
}
