#!/bin/sh
# bench/profile.sh: the CPU cost of one endpoint, counted by callgrind.
#
#   bench/profile.sh PATH [N]        e.g. bench/profile.sh '/systems?q=skola' 20
#   COLD=1 bench/profile.sh PATH [N] each counted request the first after a
#                                    change (a write through the API, not
#                                    counted, before it)
#
# Runs $BUILD/tillit serve (one worker thread) under valgrind --tool=callgrind
# on bench/out/bench.db (made by bench/run.sh), logs in, sends 3 requests
# to warm up, then counts the instructions of N more (default 20). Prints
# instructions per request and the most expensive functions (inclusive);
# the whole profile stays in bench/out/callgrind.out for callgrind_annotate
# or kcachegrind. Instruction counts do not depend on what else the machine
# is doing, so they compare builds fairly where wrk's latencies cannot.
#
# With COLD=1 a write through the API comes before each counted request,
# with the counting off: one field of one record changed, rotating over the
# kinds of change bench/run.sh's writer makes (bench/writes.sql and
# bench/writes.awk), so the counts are those of the first request after a
# change: kept page bodies whose inputs moved are rendered again. (A login
# is no change: it moves no derived state.)
set -eu

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
PORT=${PORT:-18090}
OUT=bench/out
DB=$OUT/bench.db
PASSWORD=bench-admin-password-1
URLPATH=${1:?usage: bench/profile.sh PATH [N]}
N=${2:-20}
COLD=${COLD:-0}
BASE=http://127.0.0.1:$PORT

[ -f "$DB" ] || { echo "no $DB: run bench/run.sh first" >&2; exit 1; }
BEARER="Authorization: Bearer $("$BUILD/tillit" token create --db "$DB" --user admin --name profile 2>/dev/null)"
case "$URLPATH" in
/api/*) AUTH=$BEARER ;;
*) AUTH= ;;
esac
if [ "$COLD" = 1 ]; then
	sqlite3 -separator "$(printf '\t')" "$DB" <bench/writes.sql |
		awk -F'\t' -v n="$N" -f bench/writes.awk >"$OUT/profile-writes"
fi

rm -f "$OUT/callgrind.out"
valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.out" --instr-atstart=no \
	"$BUILD/tillit" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 1 >"$OUT/profile.log" 2>&1 &
VG=$!
trap 'kill -TERM $VG 2>/dev/null || true' EXIT INT TERM
i=0
until grep -q "listening on" "$OUT/profile.log" 2>/dev/null; do
	i=$((i + 1))
	[ $i -le 300 ] || { cat "$OUT/profile.log" >&2; exit 1; }
	sleep 0.2
done

JAR=$OUT/profile-cookies.txt
login() {
	rm -f "$JAR"
	PRE=$(curl -sS -c "$JAR" -b "$JAR" "$BASE/login" | sed -n 's/.*name="_pre" value="\([^"]*\)".*/\1/p' | head -n 1)
	curl -sS -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "_pre=$PRE" \
		--data-urlencode username=admin --data-urlencode "password=$PASSWORD" "$BASE/login"
}
if [ -z "$AUTH" ]; then
	login
	AUTH="Cookie: tillit_session=$(awk '$6 == "tillit_session" { print $7 }' "$JAR")"
fi

for i in 1 2 3; do
	code=$(curl -sS -o /dev/null -w '%{http_code}' -H "$AUTH" "$BASE$URLPATH")
	[ "$code" = 200 ] || { echo "$URLPATH answered $code" >&2; exit 1; }
done
if [ "$COLD" = 1 ]; then
	while IFS="$(printf '\t')" read -r wpath body; do
		code=$(curl -sS -o /dev/null -w '%{http_code}' -X PATCH -H "$BEARER" -H 'Content-Type: application/json' \
			--data-binary "$body" "$BASE$wpath")
		[ "$code" = 200 ] || { echo "PATCH $wpath $body answered $code" >&2; exit 1; }
		callgrind_control -i on "$VG" >/dev/null 2>&1
		curl -sS -o /dev/null -H "$AUTH" "$BASE$URLPATH"
		callgrind_control -i off "$VG" >/dev/null 2>&1
	done <"$OUT/profile-writes"
else
	callgrind_control -i on "$VG" >/dev/null 2>&1
	sleep 0.5
	i=0
	while [ $i -lt "$N" ]; do
		curl -sS -o /dev/null -H "$AUTH" "$BASE$URLPATH"
		i=$((i + 1))
	done
	callgrind_control -i off "$VG" >/dev/null 2>&1
fi
kill -TERM "$VG"
wait "$VG" 2>/dev/null || true
trap - EXIT INT TERM

TOTAL=$(callgrind_annotate "$OUT/callgrind.out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(/,/, "", $1); print $1 }')
echo "$URLPATH: $((TOTAL / N)) instructions per request (user space, $N requests$([ "$COLD" = 1 ] && echo ', each the first after a change'))"
callgrind_annotate --inclusive=yes "$OUT/callgrind.out" 2>/dev/null |
	grep -E '^ *[0-9,]+ \([ 0-9.]+%\)  [^ ]* \[' | sed 's/ \[.*//' | head -n 25
