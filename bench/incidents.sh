#!/bin/sh
# bench/incidents.sh: the incident pages of issue 13 on a database bench/gen
# filled (scale 1: 50,000 incidents over five years), at 32 connections
# with wrk, as bench/run.sh measures its pages, plus what the statistics
# cost when the page cache cannot answer (every request another period,
# one at a time). Prints a markdown table. See bench/README.md,
# "Incidents (issue 13)".
#
#   BUILD=build-dev DB=bench/out/bench.db bench/incidents.sh
#
# Environment: BUILD (build), DB (bench/out/bench.db), PORT (18090),
# DURATION (30s), WARMUP (5s), CONNS (32), WRK_THREADS (2), N (50 requests
# per uncached figure), PASSWORD (bench-admin-password-1, as run.sh's init).
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
DB=${DB:-bench/out/bench.db}
PORT=${PORT:-18090}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-5s}
CONNS=${CONNS:-32}
WRK_THREADS=${WRK_THREADS:-2}
N=${N:-50}
PASSWORD=${PASSWORD:-bench-admin-password-1}
BASE=http://127.0.0.1:$PORT
OUT=$(mktemp -d)
[ -f "$DB" ] || { echo "no database $DB: run bench/run.sh (or tillit init and bench/gen) first" >&2; exit 1; }

"$BUILD/tillit" serve --db "$DB" --listen "127.0.0.1:$PORT" --per-ip-limit 0 >"$OUT/serve.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true; rm -rf "$OUT"' EXIT INT TERM
i=0
until grep -q "listening on" "$OUT/serve.log" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 300 ] && { cat "$OUT/serve.log" >&2; exit 1; }
	sleep 0.1
done
jar=$OUT/cookies
pre=$(curl -sS -c "$jar" -b "$jar" "$BASE/login" | sed -n 's/.*name="_pre" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -sS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_pre=$pre" --data-urlencode username=admin \
	--data-urlencode "password=$PASSWORD" --data-urlencode next=/ "$BASE/login"
COOKIE="Cookie: tillit_session=$(awk '$6 == "tillit_session" { print $7 }' "$jar")"
INCIDENT=$(sqlite3 "$DB" "SELECT i.id FROM incidents i ORDER BY (SELECT count(*) FROM incident_reports r
	WHERE r.incident_id = i.id) DESC, (SELECT count(*) FROM incident_events e WHERE e.incident_id = i.id) DESC,
	i.id LIMIT 1")
NINC=$(sqlite3 "$DB" "SELECT count(*) FROM incidents")
NEV=$(sqlite3 "$DB" "SELECT count(*) FROM incident_events WHERE incident_id = $INCIDENT")
NREP=$(sqlite3 "$DB" "SELECT count(*) FROM incident_reports WHERE incident_id = $INCIDENT")

to_ms() {
	awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.2f", n }'
}
echo "| Endpoint | Requests/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|"
while IFS='|' read -r name path; do
	code=$(curl -sS -o /dev/null -w '%{http_code}' -H "$COOKIE" "$BASE$path")
	[ "$code" = 200 ] || { echo "$path answered $code" >&2; exit 1; }
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$WARMUP" -H "$COOKIE" "$BASE$path" >/dev/null
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -H "$COOKIE" "$BASE$path" >"$OUT/wrk"
	f=$OUT/wrk
	rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")
	p90=$(to_ms "$(awk '$1 == "90%" { print $2 }' "$f")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
	max=$(to_ms "$(awk '$1 == "Latency" && NF >= 4 { print $4; exit }' "$f")")
	errs=$(awk '/Non-2xx or 3xx/ { print $NF }' "$f")
	echo "| $name \`GET $path\` | $rps | $p50 | $p90 | $p99 | $max | ${errs:-0} |"
done <<EOF2
incident list, page 1 ($NINC incidents)|/incidents
incident $INCIDENT ($NEV timeline entries, $NREP reports)|/incidents/$INCIDENT
incident statistics, last 12 months|/incidents/statistics
incident statistics, JSON|/api/v1/incidents/statistics
EOF2

# Uncached: another period (or the same period under another query) every
# request, one at a time: what a page costs after a write.
uncached() {
	label=$1 query=$2
	: >"$OUT/t"
	k=0
	while [ $k -lt "$N" ]; do
		curl -sS -o /dev/null -w '%{time_total}\n' -H "$COOKIE" "$BASE/incidents/statistics?${query}&n=$k" >>"$OUT/t"
		k=$((k + 1))
	done
	sort -n "$OUT/t" | awk -v l="$label" '{ v[NR] = $1 * 1000 } END {
		printf "| %s, not kept (%d requests one at a time) | median %.1f ms | p90 %.1f ms | max %.1f ms |\n",
			l, NR, v[int(NR / 2) + 1], v[int(NR * 0.9)], v[NR] }'
}
echo
echo "| Statistics computed anew | | | |"
echo "|---|---:|---:|---:|"
uncached "the last 12 months" "x=1"
uncached "five years (60 months)" "from=$(date -u -d '-59 months' +%Y-%m)&to=$(date -u +%Y-%m)"
