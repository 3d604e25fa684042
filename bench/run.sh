#!/bin/sh
# bench/run.sh: build, generate a large municipality, rebuild its derived
# state (timed), serve it on loopback and measure: twelve pages with wrk
# (three of them the incidents of issue 13);
# four readers at once, read-only and then while a writer changes records
# through the API (1 and 10 writes per second); the first request after a
# change against a warm one; the exports of every list, the gap list and
# the Statement of Applicability; the server's peak memory; and three
# pages against nginx serving the same bytes as static files. Prints
# markdown tables (also written to bench/out/results.md). See
# bench/README.md for what each part does and what the figures mean.
#
# Environment (all optional):
#   BUILD=build        build directory (make BUILD=...); the binary measured
#   SCALE=1            data set size for bench/gen (1 = 50,000 people ...)
#   DURATION=30s       wrk duration per run (every wrk run below)
#   CONNS=32           wrk connections;  WRK_THREADS=2  wrk threads
#   WARMUP=5s          wrk warm-up per endpoint (not recorded)
#   PORT=18080         loopback port for the server
#   QUERY=skola        the search word for /systems?q=
#   THREADS=           --threads for tillit serve (empty: the default)
#   PER_IP_LIMIT=0     --per-ip-limit for tillit serve (0: no limit; every
#                      client here is 127.0.0.1)
#   REUSE_DB=1         keep bench/out/bench.db if it exists (skip gen)
#   NO_BUILD=1         measure $BUILD/tillit as it is (do not run make)
#   RUNS=1             measure every endpoint this many times, round robin
#                      (a row per run: on a shared machine the tail varies)
#   PLAN_SYSTEM=       the system whose action plan is measured (default: the
#                      running system with the most plan items, from the db)
#   EXPORTS=20         sequential requests per export timed (after a warm one)
#   READER_CONNS=16    connections of the four readers together (a quarter
#                      each, one wrk thread each)
#   WRITE_RATES="1 10" writes per second of the mixed runs, one run each
#   FIRST_N=20         rounds of "write, then the first GET, then a second"
#                      per reader endpoint
#   NGINX=1            0: skip the comparison with nginx
#   NGINX_PORT=18081   loopback port for nginx
#   NGINX_WORKERS=auto nginx worker_processes
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
PER_IP_LIMIT=${PER_IP_LIMIT:-0}
REUSE_DB=${REUSE_DB:-0}
NO_BUILD=${NO_BUILD:-0}
RUNS=${RUNS:-1}
PLAN_SYSTEM=${PLAN_SYSTEM:-}
EXPORTS=${EXPORTS:-20}
READER_CONNS=${READER_CONNS:-16}
WRITE_RATES=${WRITE_RATES:-1 10}
FIRST_N=${FIRST_N:-20}
NGINX=${NGINX:-1}
NGINX_PORT=${NGINX_PORT:-18081}
NGINX_WORKERS=${NGINX_WORKERS:-auto}
OUT=bench/out
DB=$OUT/bench.db
PASSWORD=bench-admin-password-1
BASE=http://127.0.0.1:$PORT
RESULTS=$OUT/results.md
METRICS=$OUT/metrics.txt

PKGS="libmicrohttpd sqlite3 libsodium zlib"
mkdir -p "$OUT"
: >"$METRICS"

# Tools from Debian's packages, installed when missing (as root).
need() {
	cmd=$1 pkg=$2
	command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "$cmd not found: install Debian's $pkg package (apt-get install $pkg)" >&2
		exit 1
	fi
	echo "== apt-get install $pkg" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$pkg" >&2 || {
		apt-get update >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$pkg" >&2
	}
}
need wrk wrk
need curl curl
need sqlite3 sqlite3
[ "$NGINX" = 1 ] && need nginx nginx

# A figure for the summary at the end: metric NAME VALUE.
metric() { echo "$1 $2" >>"$METRICS"; }
# The largest value recorded for NAME (empty when none).
metric_max() { awk -v k="$1" '$1 == k && (m == "" || $2 + 0 > m + 0) { m = $2 } END { print m }' "$METRICS"; }
now_s() { date +%s.%N; }
# Seconds from a wrk duration (30s, 2m, 30).
dur_s() {
	awk -v d="$1" 'BEGIN { n = d + 0; u = d; sub(/^[0-9.]+/, "", u)
		if (u == "m") n *= 60; else if (u == "h") n *= 3600; printf "%d", n }'
}

if [ "$NO_BUILD" != 1 ]; then
	echo "== build ($BUILD)" >&2
	make --no-print-directory BUILD="$BUILD" "$BUILD/tillit" "$BUILD/libtillit.a" >&2
fi
# The generator is linked against the same library, with the same flags.
cc -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral -Isrc \
	$(pkg-config --cflags $PKGS) -o "$OUT/gen" bench/gen.c "$BUILD/libtillit.a" \
	$(pkg-config --libs $PKGS) -lpthread -lm

GENERATED=0
if [ "$REUSE_DB" = 1 ] && [ -f "$DB" ]; then
	echo "== reusing $DB" >&2
else
	echo "== generate (scale $SCALE)" >&2
	rm -f "$DB" "$DB-wal" "$DB-shm"
	TILLIT_ADMIN_PASSWORD=$PASSWORD "$BUILD/tillit" init --db "$DB" --org "Storköpings kommun" >&2
	"$OUT/gen" --db "$DB" --scale "$SCALE" >"$OUT/gen.log" 2>&1 || { cat "$OUT/gen.log" >&2; exit 1; }
	cat "$OUT/gen.log" >&2
	"$BUILD/tillit" audit verify --db "$DB" >&2
	GENERATED=1
fi

# The derived state (gaps, SoA coverage, risk picture, joint action plan)
# rebuilt from scratch, as after an upgrade that changes a rule: the wall
# time, and the command's peak memory where GNU time is installed.
echo "== tillit gaps rebuild" >&2
t0=$(now_s)
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$OUT/rebuild.rss" "$BUILD/tillit" gaps rebuild --db "$DB" >"$OUT/rebuild.log" 2>&1 ||
		{ cat "$OUT/rebuild.log" >&2; exit 1; }
	REBUILD_RSS=$(tail -n 1 "$OUT/rebuild.rss")
else
	"$BUILD/tillit" gaps rebuild --db "$DB" >"$OUT/rebuild.log" 2>&1 || { cat "$OUT/rebuild.log" >&2; exit 1; }
	REBUILD_RSS=
fi
REBUILD_S=$(awk -v a="$t0" -v b="$(now_s)" 'BEGIN { printf "%.1f", b - a }')
cat "$OUT/rebuild.log" >&2
REBUILD_N=$(awk '/records evaluated/ { n += $3 } END { print n + 0 }' "$OUT/rebuild.log")
metric rebuild_s "$REBUILD_S"

TOKEN=$("$BUILD/tillit" token create --db "$DB" --user admin --name bench 2>/dev/null)
# The audit trail so far: every write below that changes a record adds an
# entry after this one.
AUDIT0=$(sqlite3 "$DB" "SELECT coalesce(max(id), 0) FROM audit")

echo "== serve on $BASE" >&2
"$BUILD/tillit" serve --db "$DB" --listen "127.0.0.1:$PORT" --per-ip-limit "$PER_IP_LIMIT" \
	${THREADS:+--threads "$THREADS"} >"$OUT/serve.log" 2>&1 &
PID=$!
SAMPLER=
WRITER=
NGINX_PID=
cleanup() {
	[ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null || true
	[ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null || true
	[ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null || true
	kill -TERM "$PID" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
i=0
until grep -q "listening on" "$OUT/serve.log" 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 300 ] || ! kill -0 "$PID" 2>/dev/null; then
		echo "the server did not start:" >&2
		cat "$OUT/serve.log" >&2
		exit 1
	fi
	sleep 0.1
done

# Log in as a browser does: the form's _pre token must match its cookie.
# Prints the session token.
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
	PLAN_SYSTEM=$(sqlite3 "$DB" "SELECT p.system_id FROM plan_items p JOIN systems s ON s.id = p.system_id
		WHERE s.lifecycle IN ('in_use', 'retiring') GROUP BY p.system_id
		ORDER BY count(*) DESC, p.system_id LIMIT 1")
	[ -n "$PLAN_SYSTEM" ] || { echo "no system has an action plan in $DB" >&2; exit 1; }
fi
PLAN_ITEMS=$(sqlite3 "$DB" "SELECT count(*) FROM plan_items WHERE system_id = $PLAN_SYSTEM" 2>/dev/null || echo "?")
PLAN_NAME=$(sqlite3 "$DB" "SELECT name FROM systems WHERE id = $PLAN_SYSTEM" 2>/dev/null || echo "?")
echo "== action plan measured: system $PLAN_SYSTEM \"$PLAN_NAME\", $PLAN_ITEMS plan items" >&2

# The incident page measured (issue 13): the incident with the most
# reports, then the most timeline entries, the lowest id among equals.
INCIDENT=$(sqlite3 "$DB" "SELECT i.id FROM incidents i ORDER BY (SELECT count(*) FROM incident_reports r
	WHERE r.incident_id = i.id) DESC, (SELECT count(*) FROM incident_events e WHERE e.incident_id = i.id) DESC,
	i.id LIMIT 1" 2>/dev/null || true)
INCIDENT=${INCIDENT:-1}

# name|path|header|metric key
ENDPOINTS="dashboard|/|$COOKIE|dashboard
system list, page 1 by name|/systems?sort=name|$COOKIE|list
search \"$QUERY\"|/systems?q=$QUERY|$COOKIE|search
API system list|/api/v1/systems|$BEARER|api
action plan, system $PLAN_SYSTEM ($PLAN_ITEMS items)|/systems/$PLAN_SYSTEM/plan|$COOKIE|plan
SoA page, ISO 27001|/soa/iso27001|$COOKIE|soa
risk overview (heat map, top risks, bands per quarter)|/risk|$COOKIE|risk
joint action plan, page 1 (overdue first)|/action-plan|$COOKIE|actionplan
gap list, page 1|/gaps|$COOKIE|gaps
incident list, page 1|/incidents|$COOKIE|incidents
incident $INCIDENT (deadlines, timeline, reports)|/incidents/$INCIDENT|$COOKIE|incident
incident statistics, last 12 months|/incidents/statistics|$COOKIE|incidentstats"

# The four readers of the mixed runs: name|path|header.
READERS="overview|/|$COOKIE
gap list|/gaps|$COOKIE
action plan, system $PLAN_SYSTEM|/systems/$PLAN_SYSTEM/plan|$COOKIE
risk overview|/risk|$COOKIE"

# Every endpoint must answer 200 (wrk counts a redirect to the login page
# as a success), before the runs and after them.
check_all() {
	echo "$ENDPOINTS" | while IFS='|' read -r name path header key; do
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
# Memory after each part: part name, VmRSS and VmHWM so far (KiB).
: >"$OUT/memory.txt"
mem_mark() { echo "$1|$(rss_kb)|$(hwm_kb)" >>"$OUT/memory.txt"; }
mem_mark "after start-up and the first requests"

# CPU time the server has used so far, in clock ticks (user + system).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }

# wrk's latency figure in milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
		printf "%.2f", n }'
}

# From a wrk --latency output: "rps p50 p90 p99 max errors requests".
wrk_stats() {
	f=$1
	rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")
	p90=$(to_ms "$(awk '$1 == "90%" { print $2 }' "$f")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
	max=$(to_ms "$(awk '$1 == "Latency" && NF >= 4 { print $4; exit }' "$f")")
	non2xx=$(awk '/Non-2xx or 3xx/ { print $NF }' "$f")
	sockerr=$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$f")
	nreq=$(awk '/requests in/ { print $1 }' "$f")
	echo "${rps:-0} $p50 $p90 $p99 $max $(( ${non2xx:-0} + ${sockerr:-0} )) ${nreq:-0}"
}

echo "== warm up ($WARMUP each)" >&2
echo "$ENDPOINTS" | while IFS='|' read -r name path header key; do
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$WARMUP" -H "$header" "$BASE$path" >/dev/null
done

{
	echo "## Pages, one at a time (wrk -t$WRK_THREADS -c$CONNS -d$DURATION)"
	echo
	echo "| Endpoint | Requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | server CPU µs/req | load |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$RESULTS"
run=1
while [ "$run" -le "$RUNS" ]; do
	echo "$ENDPOINTS" | while IFS='|' read -r name path header key; do
		[ "$RUNS" -gt 1 ] && name="$name, run $run"
		echo "== wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency $path" >&2
		cpu0=$(cpu_ticks)
		wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -H "$header" "$BASE$path" >"$OUT/wrk.out"
		cpu1=$(cpu_ticks)
		cat "$OUT/wrk.out" >&2
		set -- $(wrk_stats "$OUT/wrk.out")
		# The machine's 1-minute load average after the run: other work on
		# the same cores shows up in the latency tail.
		load=$(cut -d' ' -f1 /proc/loadavg)
		# The server's own CPU time (user + system) per request: unlike the
		# latencies, hardly affected by what else the machine is doing.
		cpu_us=$(awk -v t="$((cpu1 - cpu0))" -v hz="$(getconf CLK_TCK)" -v n="$7" \
			'BEGIN { printf "%.0f", n ? t / hz * 1e6 / n : 0 }')
		metric "cpu_$key" "$cpu_us"
		metric "rps_$key" "$1"
		echo "| $name \`GET $path\` | $1 | $2 | $3 | $4 | $5 | $6 | $cpu_us | $load |" >>"$RESULTS"
	done
	run=$((run + 1))
done
mem_mark "after the pages"

# ---- writes --------------------------------------------------------------
#
# Each write is a PATCH of one field of one record, through the API with
# the bearer token, to a value that differs from the current one
# (bench/writes.awk plans them from pools of records read from the
# database just before: the records change only through these writes).

# Plan n writes into file: one "PATH<TAB>JSON" per line.
plan_writes() {
	n=$1 file=$2
	sqlite3 -separator "$(printf '\t')" "$DB" <bench/writes.sql |
		awk -F'\t' -v n="$n" -f bench/writes.awk >"$file"
}

# One write, the next of a plan kept in $OUT/writes.single (planned anew,
# from the database as it is, when used up). Prints "code seconds".
WRITE_LOG=$OUT/writes.log
: >"$WRITE_LOG"
write_next() {
	plan=$OUT/writes.single
	k=$(cat "$OUT/writes.next" 2>/dev/null || echo 1)
	if [ ! -s "$plan" ] || [ "$k" -gt "$(wc -l <"$plan")" ]; then
		plan_writes 60 "$plan"
		k=1
	fi
	echo $((k + 1)) >"$OUT/writes.next"
	line=$(sed -n "${k}p" "$plan")
	wpath=$(printf '%s' "$line" | cut -f1)
	body=$(printf '%s' "$line" | cut -f2-)
	res=$(curl -sS -o "$OUT/write.out" -w '%{http_code} %{time_total}' -X PATCH -H "$BEARER" \
		-H 'Content-Type: application/json' --data-binary "$body" "$BASE$wpath")
	echo "$res $wpath $body" >>"$WRITE_LOG"
	case "$res" in
	200\ *) ;;
	*) echo "   write PATCH $wpath $body -> HTTP $res: $(head -c 300 "$OUT/write.out")" >&2 ;;
	esac
	echo "$res"
}
rm -f "$OUT/writes.single" "$OUT/writes.next"

# The writer of a mixed run: n writes at rate per second, one curl on one
# connection (--rate spaces the transfers; at most 30 s each), each line of
# out "code seconds" (curl's own messages go there too, told apart by not
# starting with a status code). WRITER_T0: when it started.
start_writer() {
	n=$1 rate=$2 out=$3
	plan_writes "$n" "$OUT/writes.plan"
	awk -F'\t' -v base="$BASE" -v auth="$BEARER" -v n="$n" '{
		body = $2; gsub(/\\/, "\\\\", body); gsub(/"/, "\\\"", body)
		print "url = \"" base $1 "\""
		print "request = \"PATCH\""
		print "header = \"" auth "\""
		print "header = \"Content-Type: application/json\""
		print "data-binary = \"" body "\""
		print "output = \"/dev/null\""
		print "write-out = \"%{http_code} %{time_total}\\n\""
		if (NR < n) print "next"
	}' "$OUT/writes.plan" >"$OUT/writes.curl"
	WRITER_T0=$(now_s)
	curl -sS --max-time 30 --rate "$rate/s" -K "$OUT/writes.curl" >"$out" 2>&1 &
	WRITER=$!
}

# ---- four readers at once, read-only and with writes ---------------------

PER_READER=$((READER_CONNS / 4))
[ "$PER_READER" -ge 1 ] || PER_READER=1
# Run the four readers for $DURATION at once; outputs $OUT/reader.N.out.
run_readers() {
	i=0 pids=
	while IFS='|' read -r name path header; do
		i=$((i + 1))
		wrk -t1 -c"$PER_READER" -d"$DURATION" --latency -H "$header" "$BASE$path" >"$OUT/reader.$i.out" &
		pids="$pids $!"
	done <<EOF
$READERS
EOF
	for p in $pids; do wait "$p"; done
}

# Rows of the readers' table for run label (read-only: "ro").
reader_rows() {
	label=$1 i=0
	while IFS='|' read -r name path header; do
		i=$((i + 1))
		cat "$OUT/reader.$i.out" >&2
		set -- $(wrk_stats "$OUT/reader.$i.out")
		metric "reader${i}_rps_$label" "$1"
		metric "reader${i}_p99_$label" "$4"
		base=$(metric_max "reader${i}_rps_ro")
		share=$(awk -v a="$1" -v b="${base:-0}" 'BEGIN { if (b > 0) printf "%.0f %%", 100 * a / b; else print "–" }')
		echo "| $name \`GET $path\` | $1 | $share | $2 | $4 | $5 | $6 |" >>"$RESULTS"
	done <<EOF
$READERS
EOF
}

# "n ok p50 p99 max" (milliseconds) of a writer's output.
writer_stats() {
	awk '$1 !~ /^[0-9][0-9][0-9]$/ { next } { n++ } $1 == 200 { ok++; t[ok] = $2 * 1000 } END {
		if (!ok) { printf "%d 0 – – –", n; exit }
		# sort the successful times
		for (i = 2; i <= ok; i++) { v = t[i]; j = i - 1; while (j > 0 && t[j] > v) { t[j + 1] = t[j]; j-- } t[j + 1] = v }
		p50 = t[int((ok - 1) * 0.50) + 1]; p99 = t[int((ok - 1) * 0.99) + 1]
		printf "%d %d %.2f %.2f %.2f", n, ok, p50, p99, t[ok] }' "$1"
}

SECONDS_RUN=$(dur_s "$DURATION")
{
	echo
	echo "## Four readers at once ($PER_READER connections each, $READER_CONNS in all; wrk -t1 -c$PER_READER -d$DURATION each)"
	echo
	echo "Read-only:"
	echo
	echo "| Reader | Requests/s | share of read-only | p50 ms | p99 ms | max ms | errors |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
} >>"$RESULTS"
echo "== readers, read-only" >&2
cpu0=$(cpu_ticks)
run_readers
cpu1=$(cpu_ticks)
reader_rows ro
mem_mark "after the read-only readers"

for rate in $WRITE_RATES; do
	n=$(awk -v r="$rate" -v s="$SECONDS_RUN" 'BEGIN { printf "%d", r * s }')
	echo "== readers with $rate writes/s ($n writes)" >&2
	{
		echo
		echo "With $rate write(s) per second:"
		echo
		echo "| Reader | Requests/s | share of read-only | p50 ms | p99 ms | max ms | errors |"
		echo "|---|---:|---:|---:|---:|---:|---:|"
	} >>"$RESULTS"
	start_writer "$n" "$rate" "$OUT/writer.$rate.out"
	run_readers
	# The writer makes all its writes: when they are slower than the rate,
	# the last ones come after the readers have stopped, and the writes per
	# second made (over the writer's own time) fall below the rate.
	wait "$WRITER" || true
	t1=$(now_s)
	WRITER=
	reader_rows "w$rate"
	set -- $(writer_stats "$OUT/writer.$rate.out")
	got=$(awk -v n="$1" -v a="$WRITER_T0" -v b="$t1" 'BEGIN { printf "%.1f", n / (b - a) }')
	metric "writes_ok_w$rate" "$2"
	metric "writes_planned_w$rate" "$n"
	{
		echo
		echo "| Writer | planned | made | succeeded (200) | writes/s made | p50 ms | p99 ms | max ms |"
		echo "|---|---:|---:|---:|---:|---:|---:|---:|"
		echo "| PATCH through the API, $rate/s | $n | $1 | $2 | $got | $3 | $4 | $5 |"
	} >>"$RESULTS"
	if [ "$2" != "$1" ] || grep -qv '^[0-9][0-9][0-9] ' "$OUT/writer.$rate.out"; then
		echo "   writes that did not answer 200, and curl's messages:" >&2
		awk '$1 != 200' "$OUT/writer.$rate.out" | sort | uniq -c | head >&2
	fi
	mem_mark "after the readers with $rate writes/s"
done

# ---- the first request after a change ------------------------------------
#
# Per reader endpoint, FIRST_N rounds of: a write, one GET (the first
# after the change), a second GET (warm). Seconds are curl's time_total,
# each GET on a connection of its own. The writes rotate over six kinds
# of change; a round makes five (one before the four endpoints' own), so
# that over the rounds every endpoint follows every kind.
echo "== first request after a change ($FIRST_N rounds per endpoint)" >&2
: >"$OUT/first.times"
r=1
while [ "$r" -le "$FIRST_N" ]; do
	write_next >/dev/null
	i=0
	while IFS='|' read -r name path header; do
		i=$((i + 1))
		write_next >/dev/null
		t1=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -H "$header" "$BASE$path")
		t2=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' -H "$header" "$BASE$path")
		echo "$i $t1 $t2" >>"$OUT/first.times"
	done <<EOF
$READERS
EOF
	r=$((r + 1))
done
{
	echo
	echo "## The first request after a change ($FIRST_N rounds per endpoint: a write through the API, then one GET, then a second)"
	echo
	echo "| Endpoint | first after a change: median ms | max ms | second (warm): median ms | max ms | median difference ms | not 200 |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
} >>"$RESULTS"
i=0
while IFS='|' read -r name path header; do
	i=$((i + 1))
	stats=$(awk -v e="$i" '$1 == e { n++; a[n] = $3 * 1000; b[n] = $5 * 1000; bad += ($2 != 200) + ($4 != 200) }
		function sort(x, n,   i, j, v) { for (i = 2; i <= n; i++) { v = x[i]; j = i - 1
			while (j > 0 && x[j] > v) { x[j + 1] = x[j]; j-- } x[j + 1] = v } }
		function med(x, n) { return n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2 }
		END { sort(a, n); sort(b, n); ma = med(a, n); mb = med(b, n)
			printf "%.2f %.2f %.2f %.2f %.2f %d", ma, a[n], mb, b[n], ma - mb, bad }' "$OUT/first.times")
	set -- $stats
	metric "first_diff_$i" "$5"
	echo "| $name \`GET $path\` | $1 | $2 | $3 | $4 | $5 | $6 |" >>"$RESULTS"
done <<EOF
$READERS
EOF
mem_mark "after the first requests after a change"

# ---- exports ---------------------------------------------------------------
#
# The SoA exports (and the SoA page for comparison), one request at a time
# as a user downloads them: first the request right after a change (the
# next write of the plan above), then one warm request, then $EXPORTS
# timed ones. Seconds are curl's time_total (connect to last byte).
time_export() {
	name=$1 path=$2
	write_next >/dev/null
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
	echo "## Sequential requests ($EXPORTS timed after a warm one)"
	echo
	echo "| Sequential requests | first after a change, s | min s | median s | max s | bytes | server CPU ms/req | load |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
} >>"$RESULTS"
time_export "SoA page, ISO 27001" /soa/iso27001
time_export "SoA XLSX export" /soa/iso27001.xlsx
time_export "SoA PDF export" /soa/iso27001.pdf
# The risks (100,000) as XLSX: target under 3 s.
time_export "risk XLSX export" /risks/export.xlsx
mem_mark "after the SoA and risk exports"

# Every list the admin may read as CSV and XLSX (the entities the API
# describes), and the gap list: one request each, for the peak memory
# and as a record of their size and time.
echo "== export of every list" >&2
ENTITIES=$(curl -sS -H "$BEARER" "$BASE/api/v1/openapi.json" | grep -o '"/api/v1/[a-z][a-z-]*"' | tr -d '"' |
	sed 's|^/api/v1/||' | grep -v -x -e gaps -e me -e organisation | sort -u)
[ -n "$ENTITIES" ] || { echo "no entities found in /api/v1/openapi.json" >&2; exit 1; }
{
	echo
	echo "## Exports of every list (one request each)"
	echo
	echo "| List | rows | CSV bytes | CSV s | XLSX bytes | XLSX s |"
	echo "|---|---:|---:|---:|---:|---:|"
} >>"$RESULTS"
fetch() {
	fr=$(curl -sS -o /dev/null -w '%{http_code} %{time_total} %{size_download}' -H "$COOKIE" "$BASE$1")
	set -- $fr
	if [ "$1" = 200 ]; then
		printf '%s | %.3f' "$3" "$2"
	else
		printf 'HTTP %s | –' "$1"
	fi
}
for e in $ENTITIES; do
	rows=$(curl -sS -H "$BEARER" "$BASE/api/v1/$e?limit=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
	echo "| $e | ${rows:-–} | $(fetch "/$e/export.csv") | $(fetch "/$e/export.xlsx") |" >>"$RESULTS"
done
rows=$(curl -sS -H "$BEARER" "$BASE/api/v1/gaps?limit=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
echo "| gaps (\`/gaps.csv\`, \`/gaps.xlsx\`) | ${rows:-–} | $(fetch /gaps.csv) | $(fetch /gaps.xlsx) |" >>"$RESULTS"
mem_mark "after the export of every list"

# ---- the largest upload ----------------------------------------------------
#
# What a file costs the server to take in and check, at the limits: a CSV
# of 2,000,000 fields (10,000 rows of 200 four-letter fields, 10 MB),
# uploaded for import into the systems (its columns are unknown, so the
# check refuses it and nothing changes), four at once: one is checked, the
# others are told to try again (503) while it is held.
echo "== the largest upload, four at once" >&2
awk 'BEGIN { h = "name"; for (i = 1; i < 200; i++) h = h ",c" i; print h;
	r = "abcd"; for (i = 1; i < 200; i++) r = r ",abcd"; for (n = 1; n < 10000; n++) print r }' >"$OUT/upload.csv"
: >"$OUT/upload.codes"
uploads=
for k in 1 2 3 4; do
	curl -sS -o /dev/null -w '%{http_code}\n' -H "$BEARER" -F "file=@$OUT/upload.csv;type=text/csv" \
		"$BASE/systems/import" >>"$OUT/upload.codes" &
	uploads="$uploads $!"
done
for j in $uploads; do wait "$j" || true; done
UPLOAD_CODES=$(sort "$OUT/upload.codes" | uniq -c | awk '{ printf "%s%s × %s", sep, $1, $2; sep = ", " }')
echo "upload answers: $UPLOAD_CODES" >&2
mem_mark "after four of the largest uploads at once ($UPLOAD_CODES)"

# ---- against nginx -----------------------------------------------------------
#
# The bodies of three pages saved to files and served by nginx on another
# loopback port, each measured right after Tillit with the same wrk
# settings and request headers.
if [ "$NGINX" = 1 ]; then
	echo "== nginx on 127.0.0.1:$NGINX_PORT" >&2
	NGX=$(pwd)/$OUT/nginx
	rm -rf "$NGX"
	mkdir -p "$NGX/www" "$NGX/tmp"
	curl -sS -H "$COOKIE" -o "$NGX/www/systems.html" "$BASE/systems?sort=name"
	curl -sS -H "$BEARER" -o "$NGX/www/systems.json" "$BASE/api/v1/systems"
	curl -sS -H "$COOKIE" -o "$NGX/www/gaps.html" "$BASE/gaps"
	chmod -R a+rX "$NGX/www"
	NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
	cat >"$NGX/nginx.conf" <<EOF
$([ "$(id -u)" = 0 ] && echo "user root;")
worker_processes $NGINX_WORKERS;
pid $NGX/nginx.pid;
error_log $NGX/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_timeout 65;
	keepalive_requests 1000000;
	client_body_temp_path $NGX/tmp/body;
	proxy_temp_path $NGX/tmp/proxy;
	fastcgi_temp_path $NGX/tmp/fastcgi;
	uwsgi_temp_path $NGX/tmp/uwsgi;
	scgi_temp_path $NGX/tmp/scgi;
	types { }
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $NGX/www;
		location = /systems.html { default_type "text/html; charset=utf-8"; }
		location = /gaps.html { default_type "text/html; charset=utf-8"; }
		location = /systems.json { default_type "application/json"; }
	}
}
EOF
	"$NGINX_BIN" -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" -g 'daemon off;' >"$NGX/stdout.log" 2>&1 &
	NGINX_PID=$!
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/gaps.html"; do
		i=$((i + 1))
		if [ $i -gt 50 ] || ! kill -0 "$NGINX_PID" 2>/dev/null; then
			echo "nginx did not start:" >&2
			cat "$NGX/error.log" "$NGX/stdout.log" >&2
			exit 1
		fi
		sleep 0.1
	done
	{
		echo
		echo "## Against nginx serving the same bytes (wrk -t$WRK_THREADS -c$CONNS -d$DURATION each, nginx worker_processes $NGINX_WORKERS)"
		echo
		echo "| Page | bytes | Tillit requests/s | Tillit p99 ms | nginx requests/s | nginx p99 ms | Tillit / nginx |"
		echo "|---|---:|---:|---:|---:|---:|---:|"
	} >>"$RESULTS"
	while IFS='|' read -r name path header file key; do
		bytes=$(wc -c <"$NGX/www/$file")
		[ -s "$NGX/www/$file" ] || { echo "empty body saved for $path" >&2; exit 1; }
		echo "== wrk $path (Tillit) and /$file (nginx)" >&2
		wrk -t"$WRK_THREADS" -c"$CONNS" -d"$WARMUP" -H "$header" "$BASE$path" >/dev/null
		wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -H "$header" "$BASE$path" >"$OUT/wrk.tillit.out"
		wrk -t"$WRK_THREADS" -c"$CONNS" -d"$WARMUP" -H "$header" "http://127.0.0.1:$NGINX_PORT/$file" >/dev/null
		wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -H "$header" \
			"http://127.0.0.1:$NGINX_PORT/$file" >"$OUT/wrk.nginx.out"
		cat "$OUT/wrk.tillit.out" "$OUT/wrk.nginx.out" >&2
		set -- $(wrk_stats "$OUT/wrk.tillit.out")
		t_rps=$1 t_p99=$4 t_err=$6
		set -- $(wrk_stats "$OUT/wrk.nginx.out")
		n_rps=$1 n_p99=$4 n_err=$6
		[ "$t_err" = 0 ] && [ "$n_err" = 0 ] || echo "   errors: Tillit $t_err, nginx $n_err" >&2
		ratio=$(awk -v a="$t_rps" -v b="$n_rps" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }')
		metric "nginx_ratio_$key" "$ratio"
		echo "| $name \`GET $path\` | $bytes | $t_rps | $t_p99 | $n_rps | $n_p99 | $ratio |" >>"$RESULTS"
	done <<EOF
system list, page 1 by name|/systems?sort=name|$COOKIE|systems.html|list
API system list|/api/v1/systems|$BEARER|systems.json|api
gap list, page 1|/gaps|$COOKIE|gaps.html|gaps
EOF
	kill -QUIT "$NGINX_PID" 2>/dev/null || true
	wait "$NGINX_PID" 2>/dev/null || true
	NGINX_PID=
fi

check_all
HWM=$(hwm_kb)
RSS_END=$(rss_kb)
RSS_MAX=$(cat "$OUT/rss_max" 2>/dev/null || echo 0)
mem_mark "at the end"
kill "$SAMPLER" 2>/dev/null || true
SAMPLER=
kill -TERM "$PID"
wait "$PID" || true
trap - EXIT INT TERM

# Every successful write must have changed its record: one audit entry
# each. And the trail must still verify.
WRITES_OK=$(cat "$OUT"/writer.*.out "$WRITE_LOG" 2>/dev/null | awk '$1 == 200 { n++ } END { print n + 0 }')
WRITES_ALL=$(cat "$OUT"/writer.*.out "$WRITE_LOG" 2>/dev/null | awk '$1 ~ /^[0-9][0-9][0-9]$/ { n++ } END { print n + 0 }')
CHANGES=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE id > $AUDIT0 AND via = 'api' AND action = 'update'")
CHANGES_OK=$([ "$CHANGES" = "$WRITES_OK" ] && echo 1 || echo 0)
[ "$CHANGES_OK" = 1 ] ||
	echo "   $WRITES_OK writes answered 200 but $CHANGES changes are in the audit trail" >&2
echo "== tillit audit verify" >&2
VERIFY=$("$BUILD/tillit" audit verify --db "$DB" 2>&1 | tail -n 1) || true
echo "$VERIFY" >&2

{
	echo
	echo "## Derived state rebuilt from scratch"
	echo
	echo "| | |"
	echo "|---|---|"
	echo "| \`tillit gaps rebuild\` | $REBUILD_S s wall, $REBUILD_N records evaluated${REBUILD_RSS:+, peak RSS $((REBUILD_RSS / 1024)) MiB} |"
	if [ "$GENERATED" = 1 ]; then
		echo "| gen's rebuild, right after generating | $(awk '/^derived rebuilt/ { print $(NF - 1) " s, " $3 " records evaluated" }' "$OUT/gen.log") |"
		echo "| open gaps after generating | $(sed -n 's/^gaps *//p' "$OUT/gen.log") |"
	fi
	echo
	echo "## Writes"
	echo
	echo "$WRITES_ALL writes through the API in all (the mixed runs, the first requests after a change, the" \
		"sequential requests); $WRITES_OK answered 200; $CHANGES changes recorded in the audit trail" \
		"($([ "$CHANGES_OK" = 1 ] && echo "every successful write changed its record" ||
			echo "**not every successful write changed its record**"))." \
		"\`tillit audit verify\` afterwards: $VERIFY"
	echo
	echo "## Server memory"
	echo
	echo "| After | VmRSS MiB | VmHWM (peak so far) MiB |"
	echo "|---|---:|---:|"
	awk -F'|' '{ printf "| %s | %d | %d |\n", $1, $2 / 1024, $3 / 1024 }' "$OUT/memory.txt"
	echo
	echo "Peak RSS (VmHWM) $((HWM / 1024)) MiB; VmRSS $((RSS_IDLE / 1024)) MiB after start-up," \
		"$((RSS_MAX / 1024)) MiB at most while sampled every 0.2 s, $((RSS_END / 1024)) MiB at the end."
} >>"$RESULTS"

# ---- against the targets -----------------------------------------------------
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { if (v == "" || v == "–") { print "–"; exit }
	ok = op == "<" ? v + 0 < t + 0 : op == "<=" ? v + 0 <= t + 0 : v + 0 >= t + 0; print ok ? "met" : "**not met**" }'; }
{
	echo
	echo "## Against the targets (issue 11)"
	echo
	echo "| Target | Measured | |"
	echo "|---|---|---|"
	i=0
	while IFS='|' read -r name path header; do
		i=$((i + 1))
		worst=
		for rate in $WRITE_RATES; do
			v=$(metric_max "reader${i}_p99_w$rate")
			worst=$(awk -v a="$worst" -v b="$v" 'BEGIN { print (a == "" || b + 0 > a + 0) ? b : a }')
		done
		echo "| $name p99 while writes happen < 20 ms | ${worst:-–} ms (worst of the runs at $WRITE_RATES writes/s) | $(verdict "$worst" "<" 20) |"
	done <<EOF
$READERS
EOF
	i=0
	while IFS='|' read -r name path header; do
		i=$((i + 1))
		v=$(metric_max "first_diff_$i")
		echo "| $name: first request after a change no more than 5 ms slower than a warm one | $v ms (difference of medians) | $(verdict "$v" "<=" 5) |"
	done <<EOF
$READERS
EOF
	hwm_mb=$(awk -v k="$HWM" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }')
	echo "| peak RSS < 100 MB | $hwm_mb MB ($((HWM / 1024)) MiB) | $(verdict "$hwm_mb" "<" 100) |"
	for kn in "search:search" "api:API list" "plan:action plan"; do
		k=${kn%%:*} n=${kn#*:}
		v=$(metric_max "cpu_$k")
		echo "| $n ≤ ~350 µs server CPU per request | $v µs | $(verdict "$v" "<=" 350) |"
	done
	if [ "$NGINX" = 1 ]; then
		for kn in "list:system list" "api:API list" "gaps:gap list"; do
			k=${kn%%:*} n=${kn#*:}
			v=$(metric_max "nginx_ratio_$k")
			echo "| $n ≥ a quarter of nginx's throughput | $v × | $(verdict "$v" ">=" 0.25) |"
		done
	fi
	echo
	echo "$(date -u +%Y-%m-%d), $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))," \
		"$BUILD/tillit serve${THREADS:+ --threads $THREADS} --per-ip-limit $PER_IP_LIMIT, scale $SCALE;" \
		"action plan of system $PLAN_SYSTEM \"$PLAN_NAME\" ($PLAN_ITEMS plan items);" \
		"load average before the runs: $LOAD_BEFORE, at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
} >>"$RESULTS"
cat "$RESULTS"
