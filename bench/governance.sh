#!/bin/sh
# bench/governance.sh: the pages of the governance cycle (issue 14) on a
# database bench/gen filled (scale 1: 300 governing documents, ~50,000
# acknowledgement requests, 2,000 training sessions with 100,000
# attendances, 5,000 access reviews with 500,000 accounts), at 32
# connections with wrk, as bench/incidents.sh measures its pages; then
# the first request after a change against a warm one, as bench/run.sh
# does. Prints markdown tables. See bench/README.md, "Governance
# (issue 14)".
#
#   BUILD=build DB=bench/out/bench.db bench/governance.sh
#
# Two readers: the administrator (the training coverage, the annual wheel)
# and a person with much to do — by default the system owner who is the
# reviewer of the most open access reviews, among those with documents to
# read (PERSON=id to choose another). The person gets an account
# ("bench-person", unless they have one) with a password, and an API token
# with which the calendar feed of their own due dates is made
# (POST /api/v1/calendar-feeds); these writes go into the database.
#
# Environment: BUILD (build), DB (bench/out/bench.db), PORT (18095),
# DURATION (30s), WARMUP (5s), CONNS (32), WRK_THREADS (2), N (20 rounds of
# write, first GET, second GET per endpoint), PERSON (see above),
# PASSWORD (bench-admin-password-1, as run.sh's init).
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
DB=${DB:-bench/out/bench.db}
PORT=${PORT:-18095}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-5s}
CONNS=${CONNS:-32}
WRK_THREADS=${WRK_THREADS:-2}
N=${N:-20}
PERSON=${PERSON:-}
PASSWORD=${PASSWORD:-bench-admin-password-1}
PERSON_PASSWORD=bench-person-password-1
BASE=http://127.0.0.1:$PORT
OUT=$(mktemp -d)
[ -f "$DB" ] || { echo "no database $DB: run bench/run.sh (or tillit init and bench/gen) first" >&2; exit 1; }
q() { sqlite3 "$DB" "$1"; }

# The person with much to do: a system owner (by role) reviewing open
# access reviews, with documents to read and training due (or overdue)
# first, then with the most open reviews, then the most gaps.
if [ -z "$PERSON" ]; then
	PERSON=$(q "SELECT p.id FROM people p WHERE p.active AND EXISTS (SELECT 1 FROM role_assignments ra
		WHERE ra.person_id = p.id AND ra.role = 'system_owner')
		AND EXISTS (SELECT 1 FROM access_reviews r WHERE r.reviewer_id = p.id AND r.status = 'open')
		ORDER BY EXISTS (SELECT 1 FROM document_acks a WHERE a.person_id = p.id AND a.confirmed_at IS NULL
			AND a.closed_at IS NULL) DESC,
		EXISTS (SELECT 1 FROM training_state t WHERE t.person_id = p.id AND t.due < date('now', '+3 months')) DESC,
		(SELECT count(*) FROM access_reviews r WHERE r.reviewer_id = p.id AND r.status = 'open') DESC,
		(SELECT count(*) FROM gaps g WHERE g.person_id = p.id) DESC, p.id LIMIT 1")
fi
[ -n "$PERSON" ] || { echo "no system owner reviews an open access review in $DB" >&2; exit 1; }
USERNAME=$(q "SELECT username FROM users WHERE person_id = $PERSON AND disabled = 0 ORDER BY id LIMIT 1")
if [ -z "$USERNAME" ]; then
	USERNAME=bench-person
	TILLIT_PASSWORD=$PERSON_PASSWORD "$BUILD/tillit" user add --db "$DB" --user "$USERNAME" --person "$PERSON" >/dev/null
else
	TILLIT_PASSWORD=$PERSON_PASSWORD "$BUILD/tillit" user password --db "$DB" --user "$USERNAME" >/dev/null
fi
ADMIN_TOKEN=$("$BUILD/tillit" token create --db "$DB" --user admin --name bench-governance 2>/dev/null)
PERSON_TOKEN=$("$BUILD/tillit" token create --db "$DB" --user "$USERNAME" --name bench-governance 2>/dev/null)

# What the person has, and the data's size.
P_NAME=$(q "SELECT name FROM people WHERE id = $PERSON")
P_ROLES=$(q "SELECT group_concat(role, ', ') FROM (SELECT DISTINCT role FROM role_assignments WHERE person_id = $PERSON)")
P_SYSTEMS=$(q "SELECT count(*) FROM systems WHERE owner_id = $PERSON")
P_OPEN=$(q "SELECT count(*) FROM access_reviews WHERE reviewer_id = $PERSON AND status = 'open'")
P_UNDECIDED=$(q "SELECT count(*) FROM access_review_accounts a JOIN access_reviews r ON r.id = a.review_id
	WHERE r.reviewer_id = $PERSON AND r.status = 'open' AND a.decision IS NULL")
P_ACKS=$(q "SELECT count(*) FROM document_acks WHERE person_id = $PERSON AND confirmed_at IS NULL AND closed_at IS NULL")
P_GAPS=$(q "SELECT count(*) FROM gaps WHERE person_id = $PERSON")
P_TRAIN=$(q "SELECT group_concat(audience || ' ' || CASE due WHEN '' THEN 'untrained' ELSE 'due ' || due END, ', ')
	FROM training_state WHERE person_id = $PERSON AND due < date('now', '+3 months')")
P_SESSIONS=$(q "SELECT count(*) FROM training_attendees WHERE to_id = $PERSON")
N_DOCS=$(q "SELECT count(*) FROM governing_documents")
N_VERS=$(q "SELECT count(*) FROM document_versions")
N_ACKS=$(q "SELECT count(*) FROM document_acks")
N_ACKED=$(q "SELECT count(*) FROM document_acks WHERE confirmed_at IS NOT NULL")
N_SESS=$(q "SELECT count(*) FROM training_sessions")
N_ATT=$(q "SELECT count(*) FROM training_attendees")
N_REV=$(q "SELECT count(*) FROM access_reviews")
N_REV_OPEN=$(q "SELECT count(*) FROM access_reviews WHERE status = 'open'")
N_ACC=$(q "SELECT count(*) FROM access_review_accounts")
N_DEC=$(q "SELECT count(*) FROM access_review_accounts WHERE decision IS NOT NULL")
N_PEOPLE=$(q "SELECT count(*) FROM people")
N_STATE=$(q "SELECT count(*) FROM training_state")

# The records the writes below change, back and forth: one of the person's
# open access reviews (its due date; the wheel, the feed and "Mina
# uppgifter" read it) and the latest basic training for all staff given
# so far (its date: for most of its attendees the session their basic
# training runs from, so their training state moves with it).
REVIEW=$(q "SELECT id FROM access_reviews WHERE reviewer_id = $PERSON AND status = 'open' ORDER BY due_date, id LIMIT 1")
REVIEW_DUE=$(q "SELECT due_date FROM access_reviews WHERE id = $REVIEW")
SESSION=$(q "SELECT s.id FROM training_sessions s JOIN trainings t ON t.id = s.training_id
	WHERE t.audience = 'all_staff' AND t.topic = 'basics' AND s.session_date <= date('now')
	ORDER BY s.session_date DESC, s.id LIMIT 1")
SESSION_DATE=$(q "SELECT session_date FROM training_sessions WHERE id = $SESSION")

"$BUILD/tillit" serve --db "$DB" --listen "127.0.0.1:$PORT" --per-ip-limit 0 >"$OUT/serve.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true; rm -rf "$OUT"' EXIT INT TERM
i=0
until grep -q "listening on" "$OUT/serve.log" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 300 ] && { cat "$OUT/serve.log" >&2; exit 1; }
	sleep 0.1
done
# Log in as a browser does; prints the session cookie header.
login() {
	jar=$OUT/cookies.$1
	pre=$(curl -sS -c "$jar" -b "$jar" "$BASE/login" | sed -n 's/.*name="_pre" value="\([^"]*\)".*/\1/p' | head -n 1)
	curl -sS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_pre=$pre" --data-urlencode "username=$1" \
		--data-urlencode "password=$2" --data-urlencode next=/ "$BASE/login"
	s=$(awk '$6 == "tillit_session" { print $7 }' "$jar")
	[ -n "$s" ] || { echo "login as $1 failed" >&2; exit 1; }
	echo "Cookie: tillit_session=$s"
}
ADMIN=$(login admin "$PASSWORD")
PCOOKIE=$(login "$USERNAME" "$PERSON_PASSWORD")
ABEARER="Authorization: Bearer $ADMIN_TOKEN"
# The person's own calendar feed, made by them.
FEED=$(curl -sS -H "Authorization: Bearer $PERSON_TOKEN" -H 'Content-Type: application/json' \
	-d "{\"person_id\": $PERSON, \"label\": \"Mina uppgifter\"}" "$BASE/api/v1/calendar-feeds" |
	sed -n 's/.*"url": *"\(\/calendar\/[^"]*\.ics\)".*/\1/p')
[ -n "$FEED" ] || { echo "no calendar feed made for person $PERSON" >&2; exit 1; }
YEAR=$(date +%Y)
FEED_EVENTS=$(curl -sS "$BASE$FEED" | grep -c '^BEGIN:VEVENT' || true)

to_ms() {
	awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.2f", n }'
}
# name|path|header|write kind (for the first request after a change)
ENDPOINTS="training coverage (admin)|/training/coverage|$ADMIN|session
training coverage, JSON (admin's token)|/api/v1/training/coverage|$ABEARER|session
annual wheel $YEAR, month by month (admin)|/wheel|$ADMIN|review
annual wheel $YEAR, list (admin)|/wheel?view=list|$ADMIN|review
the person's calendar feed ($FEED_EVENTS events)|$FEED|X-Bench: 1|review
Mina uppgifter (the person)|/tasks|$PCOOKIE|review
Mina uppgifter (the person), after a training change|/tasks|$PCOOKIE|session"

echo "| Endpoint | Requests/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | bytes |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
echo "$ENDPOINTS" | while IFS='|' read -r name path header kind; do
	case $name in *"after a training change") continue ;; esac
	set -- $(curl -sS -o "$OUT/body" -w '%{http_code} %{size_download}' -H "$header" "$BASE$path")
	[ "$1" = 200 ] || { echo "$path answered $1" >&2; exit 1; }
	bytes=$2
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$WARMUP" -H "$header" "$BASE$path" >/dev/null
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -H "$header" "$BASE$path" >"$OUT/wrk"
	f=$OUT/wrk
	rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")
	p90=$(to_ms "$(awk '$1 == "90%" { print $2 }' "$f")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
	max=$(to_ms "$(awk '$1 == "Latency" && NF >= 4 { print $4; exit }' "$f")")
	errs=$(awk '/Non-2xx or 3xx/ { print $NF }' "$f")
	echo "| $name \`GET ${path%%/calendar/*}$(case $path in /calendar/*) echo '/calendar/{token}.ics' ;; esac)\` | $rps | $p50 | $p90 | $p99 | $max | ${errs:-0} | $bytes |"
done

# The first request after a change: N rounds per endpoint of a write
# through the API (the admin's token) that the page reads, one GET (the
# first after it) and a second GET, each with curl on a connection of its
# own. The writes move a date back and forth by a day.
# Each kind of write flips its record between the original date and the
# one next to it (the state in a file: the loop below runs in a subshell).
write() {
	st=$OUT/flip.$1
	flip=$(cat "$st" 2>/dev/null || echo 0)
	flip=$((1 - flip))
	echo "$flip" >"$st"
	if [ "$1" = review ]; then
		if [ "$flip" = 1 ]; then d=$(date -d "$REVIEW_DUE + 1 day" +%F); else d=$REVIEW_DUE; fi
		body="{\"due_date\": \"$d\"}" url=$BASE/api/v1/access-reviews/$REVIEW
	else
		if [ "$flip" = 1 ]; then d=$(date -d "$SESSION_DATE - 1 day" +%F); else d=$SESSION_DATE; fi
		body="{\"session_date\": \"$d\"}" url=$BASE/api/v1/training-sessions/$SESSION
	fi
	c=$(curl -sS -o "$OUT/write" -w '%{http_code}' -X PATCH -H "$ABEARER" -H 'Content-Type: application/json' \
		-d "$body" "$url")
	[ "$c" = 200 ] || { echo "PATCH $url answered $c: $(cat "$OUT/write")" >&2; exit 1; }
}
echo
echo "| First request after a change ($N rounds) | write | first median ms | first max ms | second median ms | second max ms |"
echo "|---|---|---:|---:|---:|---:|"
echo "$ENDPOINTS" | while IFS='|' read -r name path header kind; do
	: >"$OUT/first"
	: >"$OUT/second"
	j=0
	while [ $j -lt "$N" ]; do
		write "$kind"
		curl -sS -o /dev/null -w '%{time_total}\n' -H "$header" "$BASE$path" >>"$OUT/first"
		curl -sS -o /dev/null -w '%{time_total}\n' -H "$header" "$BASE$path" >>"$OUT/second"
		j=$((j + 1))
	done
	stats() { sort -n "$1" | awk '{ v[NR] = $1 * 1000 } END { printf "%.1f | %.1f", v[int((NR + 1) / 2)], v[NR] }'; }
	what=$([ "$kind" = review ] && echo "access review $REVIEW's due date" || echo "session $SESSION's date")
	echo "| ${name%%, after a training change} \`${path%%/calendar/*}$(case $path in /calendar/*) echo '/calendar/{token}.ics' ;; esac)\` | $what | $(stats "$OUT/first") | $(stats "$OUT/second") |"
done
# Leave the records as they were.
for kind in review session; do
	[ "$(cat "$OUT/flip.$kind" 2>/dev/null || echo 0)" = 0 ] || write "$kind"
done

echo
echo "Data: $N_PEOPLE people ($N_STATE training state rows), $N_DOCS governing documents with $N_VERS versions," \
	"$N_ACKS acknowledgement requests ($N_ACKED confirmed), $N_SESS training sessions with $N_ATT attendances," \
	"$N_REV access reviews ($N_REV_OPEN open) with $N_ACC accounts ($N_DEC decided)."
echo "The person: $PERSON \"$P_NAME\" (user $USERNAME; roles $P_ROLES): owner of $P_SYSTEMS systems, reviewer of" \
	"$P_OPEN open access reviews ($P_UNDECIDED accounts undecided), $P_ACKS documents to read, $P_GAPS gaps," \
	"training due within three months: ${P_TRAIN:-none}; $P_SESSIONS sessions attended; their feed has $FEED_EVENTS events."
echo "$(date -u +%Y-%m-%d), $(nproc) cores, $BUILD/tillit serve --per-ip-limit 0 (4 threads)," \
	"wrk -t$WRK_THREADS -c$CONNS -d$DURATION after a $WARMUP warm-up; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
