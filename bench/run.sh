#!/bin/sh
# bench/run.sh: build, generate a large municipality, serve it on loopback,
# measure eight pages with wrk and time the Statement of Applicability exports
# (XLSX, PDF) and the risk export (XLSX) with sequential requests. Prints
# markdown tables (also written to bench/out/results.md). See
# bench/README.md for the figures and what they mean.
#
# Environment (all optional):
#   BUILD=build        build directory (make BUILD=...); the binary measured
#   SCALE=1            data set size for bench/gen (1 = 50,000 people ...)
#   DURATION=30s       wrk duration per endpoint
#   CONNS=32           wrk connections;  WRK_THREADS=2  wrk threads
#   WARMUP=5s          wrk warm-up per endpoint (not recorded)
#   PORT=18080         loopback port for the server
#   QUERY=skola        the search word for /systems?q=
#   THREADS=           --threads for tillit serve (empty: the default)
#   REUSE_DB=1         keep bench/out/bench.db if it exists (skip gen)
#   NO_BUILD=1         measure $BUILD/tillit as it is (do not run make)
#   RUNS=1             measure every endpoint this many times, round robin
#                      (a row per run: on a shared machine the tail varies)
#   PLAN_SYSTEM=       the system whose action plan is measured (default: the
#                      running system with the most plan items, from the db)
#   EXPORTS=20         sequential requests per export timed (after a warm one)
set -eu

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SCALE=${SCALE:-1}
DURATION=${DURATION:-30s}
CONNS=${CONNS:-32}
WRK_THREADS=${WRK_THREADS:-2}
WARMUP=${WARMUP:-5s}
PORT=${PORT:-18080}
QUERY=${QUERY:-skola}
THREADS=${THREADS:-}
REUSE_DB=${REUSE_DB:-0}
NO_BUILD=${NO_BUILD:-0}
RUNS=${RUNS:-1}
PLAN_SYSTEM=${PLAN_SYSTEM:-}
EXPORTS=${EXPORTS:-20}
OUT=bench/out
DB=$OUT/bench.db
PASSWORD=bench-admin-password-1
BASE=http://127.0.0.1:$PORT

PKGS="libmicrohttpd sqlite3 libsodium zlib"
mkdir -p "$OUT"

if [ "$NO_BUILD" != 1 ]; then
	echo "== build ($BUILD)" >&2
	make --no-print-directory BUILD="$BUILD" "$BUILD/tillit" "$BUILD/libtillit.a" >&2
fi
# The generator is linked against the same library, with the same flags.
cc -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral -Isrc \
	$(pkg-config --cflags $PKGS) -o "$OUT/gen" bench/gen.c "$BUILD/libtillit.a" \
	$(pkg-config --libs $PKGS) -lpthread -lm

if [ "$REUSE_DB" = 1 ] && [ -f "$DB" ]; then
	echo "== reusing $DB" >&2
else
	echo "== generate (scale $SCALE)" >&2
	rm -f "$DB" "$DB-wal" "$DB-shm"
	TILLIT_ADMIN_PASSWORD=$PASSWORD "$BUILD/tillit" init --db "$DB" --org "Storköpings kommun" >&2
	"$OUT/gen" --db "$DB" --scale "$SCALE" >&2
	"$BUILD/tillit" audit verify --db "$DB" >&2
fi
TOKEN=$("$BUILD/tillit" token create --db "$DB" --user admin --name bench 2>/dev/null)

echo "== serve on $BASE" >&2
if [ -n "$THREADS" ]; then
	"$BUILD/tillit" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads "$THREADS" >"$OUT/serve.log" 2>&1 &
else
	"$BUILD/tillit" serve --db "$DB" --listen "127.0.0.1:$PORT" >"$OUT/serve.log" 2>&1 &
fi
PID=$!
SAMPLER=
cleanup() {
	[ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
	kill -TERM "$PID" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
i=0
until grep -q "listening on" "$OUT/serve.log" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 "$PID" 2>/dev/null; then
		echo "the server did not start:" >&2
		cat "$OUT/serve.log" >&2
		exit 1
	fi
	sleep 0.1
done

# Log in as a browser does: the form's _pre token must match its cookie.
# Prints the session token. A login is also a change: it writes the audit
# trail, so the next request that needs the gaps recomputes them.
login() {
	jar=$OUT/cookies.txt
	rm -f "$jar"
	pre=$(curl -sS -c "$jar" -b "$jar" "$BASE/login" | sed -n 's/.*name="_pre" value="\([^"]*\)".*/\1/p' | head -n 1)
	status=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
		--data-urlencode "_pre=$pre" --data-urlencode username=admin \
		--data-urlencode "password=$PASSWORD" --data-urlencode next=/ "$BASE/login")
	session=$(awk '$6 == "tillit_session" { print $7 }' "$jar")
	if [ "$status" != 303 ] || [ -z "$session" ]; then
		echo "login failed (HTTP $status)" >&2
		return 1
	fi
	echo "$session"
}
SESSION=$(login)
COOKIE="Cookie: tillit_session=$SESSION"
BEARER="Authorization: Bearer $TOKEN"

# The action plan measured: the running system with the most plan items
# (every requirement its classification makes apply, assessed), the lowest
# id among equals. The sqlite3 shell can read the database (only writes
# need the store's "sv" collation).
if [ -z "$PLAN_SYSTEM" ]; then
	command -v sqlite3 >/dev/null || { echo "sqlite3 not found: set PLAN_SYSTEM=id" >&2; exit 1; }
	PLAN_SYSTEM=$(sqlite3 "$DB" "SELECT p.system_id FROM plan_items p JOIN systems s ON s.id = p.system_id
		WHERE s.lifecycle IN ('in_use', 'retiring') GROUP BY p.system_id
		ORDER BY count(*) DESC, p.system_id LIMIT 1")
	[ -n "$PLAN_SYSTEM" ] || { echo "no system has an action plan in $DB" >&2; exit 1; }
fi
PLAN_ITEMS=$(sqlite3 "$DB" "SELECT count(*) FROM plan_items WHERE system_id = $PLAN_SYSTEM" 2>/dev/null || echo "?")
PLAN_NAME=$(sqlite3 "$DB" "SELECT name FROM systems WHERE id = $PLAN_SYSTEM" 2>/dev/null || echo "?")
echo "== action plan measured: system $PLAN_SYSTEM \"$PLAN_NAME\", $PLAN_ITEMS plan items" >&2

# name|path|header
ENDPOINTS="dashboard|/|$COOKIE
system list, page 1 by name|/systems?sort=name|$COOKIE
search \"$QUERY\"|/systems?q=$QUERY|$COOKIE
API system list|/api/v1/systems|$BEARER
action plan, system $PLAN_SYSTEM ($PLAN_ITEMS items)|/systems/$PLAN_SYSTEM/plan|$COOKIE
SoA page, ISO 27001|/soa/iso27001|$COOKIE
risk overview (heat map, top risks, bands per quarter)|/risk|$COOKIE
joint action plan, page 1 (overdue first)|/action-plan|$COOKIE"

# Every endpoint must answer 200 (wrk counts a redirect to the login page
# as a success), before the runs and after them.
check_all() {
	echo "$ENDPOINTS" | while IFS='|' read -r name path header; do
		code=$(curl -sS -o "$OUT/check.out" -w '%{http_code} %{size_download}' -H "$header" "$BASE$path")
		echo "   $path -> HTTP $code bytes" >&2
		case "$code" in 200\ *) ;; *) echo "$path did not answer 200" >&2; exit 1 ;; esac
	done
}
check_all
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# Peak resident memory: VmHWM from the kernel, and VmRSS sampled every 0.2 s.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$PID/status"; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$PID/status"; }
RSS_IDLE=$(rss_kb)
(
	max=0
	while kill -0 "$PID" 2>/dev/null; do
		v=$(awk '/^VmRSS:/ { print $2 }' "/proc/$PID/status" 2>/dev/null || echo 0)
		[ "${v:-0}" -gt "$max" ] && max=$v && echo "$max" >"$OUT/rss_max"
		sleep 0.2
	done
) &
SAMPLER=$!

# CPU time the server has used so far, in clock ticks (user + system).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }

# wrk's latency figure in milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
		printf "%.2f", n }'
}

echo "== warm up ($WARMUP each)" >&2
echo "$ENDPOINTS" | while IFS='|' read -r name path header; do
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$WARMUP" -H "$header" "$BASE$path" >/dev/null
done

RESULTS=$OUT/results.md
{
	echo "| Endpoint | Requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | server CPU µs/req | load |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$RESULTS"
run=1
while [ "$run" -le "$RUNS" ]; do
	echo "$ENDPOINTS" | while IFS='|' read -r name path header; do
		[ "$RUNS" -gt 1 ] && name="$name, run $run"
		echo "== wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency $path" >&2
		cpu0=$(cpu_ticks)
		wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -H "$header" "$BASE$path" >"$OUT/wrk.out"
		cpu1=$(cpu_ticks)
		cat "$OUT/wrk.out" >&2
		rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$OUT/wrk.out")
		p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$OUT/wrk.out")")
		p90=$(to_ms "$(awk '$1 == "90%" { print $2 }' "$OUT/wrk.out")")
		p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$OUT/wrk.out")")
		max=$(to_ms "$(awk '$1 == "Latency" && NF >= 4 { print $4; exit }' "$OUT/wrk.out")")
		non2xx=$(awk '/Non-2xx or 3xx/ { print $NF }' "$OUT/wrk.out")
		sockerr=$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$OUT/wrk.out")
		# The machine's 1-minute load average after the run: other work on
		# the same cores shows up in the latency tail.
		load=$(cut -d' ' -f1 /proc/loadavg)
		# The server's own CPU time (user + system) per request: unlike the
		# latencies, hardly affected by what else the machine is doing.
		nreq=$(awk '/requests in/ { print $1 }' "$OUT/wrk.out")
		cpu_us=$(awk -v t="$((cpu1 - cpu0))" -v hz="$(getconf CLK_TCK)" -v n="$nreq" \
			'BEGIN { printf "%.0f", n ? t / hz * 1e6 / n : 0 }')
		echo "| $name \`GET $path\` | $rps | $p50 | $p90 | $p99 | $max | $(( ${non2xx:-0} + ${sockerr:-0} )) | $cpu_us | $load |" >>"$RESULTS"
	done
	run=$((run + 1))
done

# The SoA exports (and the SoA page for comparison), one request at a time
# as a user downloads them: first the request right after a change (a
# login: it writes the audit trail, so the gap snapshot and the SoA
# coverage are recomputed), then one warm request, then $EXPORTS timed
# ones. Seconds are curl's time_total (connect to last byte).
time_export() {
	name=$1 path=$2
	login >/dev/null
	cold=$(curl -sS -o "$OUT/export.out" -w '%{http_code} %{time_total} %{size_download}' -H "$COOKIE" "$BASE$path")
	case "$cold" in 200\ *) ;; *) echo "$path did not answer 200 ($cold)" >&2; exit 1 ;; esac
	curl -sS -o /dev/null -H "$COOKIE" "$BASE$path"
	: >"$OUT/export.times"
	cpu0=$(cpu_ticks)
	i=0
	while [ $i -lt "$EXPORTS" ]; do
		curl -sS -o /dev/null -w '%{http_code} %{time_total} %{size_download}\n' -H "$COOKIE" "$BASE$path" \
			>>"$OUT/export.times"
		i=$((i + 1))
	done
	cpu1=$(cpu_ticks)
	awk '$1 != 200 { bad = 1 } END { exit bad }' "$OUT/export.times" ||
		{ echo "$path did not answer 200 every time" >&2; exit 1; }
	stats=$(sort -n -k2 "$OUT/export.times" | awk '{ t[NR] = $2; b = $3 } END {
		m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
		printf "%.3f | %.3f | %.3f | %d", t[1], m, t[NR], b }')
	cpu_ms=$(awk -v t="$((cpu1 - cpu0))" -v hz="$(getconf CLK_TCK)" -v n="$EXPORTS" \
		'BEGIN { printf "%.0f", t / hz * 1e3 / n }')
	echo "| $name \`GET $path\` | $(echo "$cold" | awk '{ printf "%.3f", $2 }') | $stats | $cpu_ms | $(cut -d' ' -f1 /proc/loadavg) |" \
		>>"$RESULTS"
}
echo "== exports ($EXPORTS sequential requests each)" >&2
{
	echo
	echo "| Sequential requests | first after a change, s | min s | median s | max s | bytes | server CPU ms/req | load |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
} >>"$RESULTS"
time_export "SoA page, ISO 27001" /soa/iso27001
time_export "SoA XLSX export" /soa/iso27001.xlsx
time_export "SoA PDF export" /soa/iso27001.pdf
# The risks (100,000) as XLSX: target under 3 s.
time_export "risk XLSX export" /risks/export.xlsx

check_all
HWM=$(hwm_kb)
RSS_END=$(rss_kb)
RSS_MAX=$(cat "$OUT/rss_max" 2>/dev/null || echo 0)
kill "$SAMPLER" 2>/dev/null || true
SAMPLER=
kill -TERM "$PID"
wait "$PID" || true
trap - EXIT INT TERM

{
	echo
	echo "Server memory: peak RSS (VmHWM) $((HWM / 1024)) MiB; VmRSS $((RSS_IDLE / 1024)) MiB after start-up," \
		"$((RSS_MAX / 1024)) MiB at most while sampled, $((RSS_END / 1024)) MiB at the end."
	echo
	echo "$(date -u +%Y-%m-%d), $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))," \
		"$BUILD/tillit serve${THREADS:+ --threads $THREADS}, wrk -t$WRK_THREADS -c$CONNS -d$DURATION, scale $SCALE;" \
		"action plan of system $PLAN_SYSTEM \"$PLAN_NAME\" ($PLAN_ITEMS plan items);" \
		"load average before the runs: $LOAD_BEFORE."
} >>"$RESULTS"
cat "$RESULTS"
