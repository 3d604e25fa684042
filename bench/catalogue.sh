#!/bin/sh
# bench/catalogue.sh: the catalogue of issue 15 on the large municipality.
# Takes a database a previous release made (OLD_DB: bench/out/bench.db
# after that release's `tillit serve` has run on it once), and on a copy:
#   1. the upgrade: how long the new build's `tillit serve` takes from start
#      to answering /healthz (migration 0022, the catalogue's three-way
#      merge: changed triggers re-evaluate the plan items of their
#      requirements, dropped requirements retired; no rebuild);
#   2. 45 of the requirements on the organisation assessed through the API
#      (a governing document as evidence, some past their due date);
#   3. the pages, one request at a time (bench/latency.mjs, N each): the
#      requirements on the organisation, the SoA by framework, an SoA
#      entry (its related lists), an assessment.
# Prints the startup time and a markdown table. See bench/README.md,
# "The requirement catalogue (issue 15)".
#
#   BUILD=build OLD_DB=bench/out/bench.db bench/catalogue.sh
#
# Environment: BUILD (build), OLD_DB (bench/out/bench.db), PORT (18096),
# N (30), PASSWORD (bench-admin-password-1, as run.sh's init).
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
OLD_DB=${OLD_DB:-bench/out/bench.db}
PORT=${PORT:-18096}
N=${N:-30}
PASSWORD=${PASSWORD:-bench-admin-password-1}
BASE=http://127.0.0.1:$PORT
OUT=$(mktemp -d)
DB=$OUT/upgrade.db
[ -f "$OLD_DB" ] || { echo "no database $OLD_DB: run bench/run.sh with the previous release first" >&2; exit 1; }
cp "$OLD_DB" "$DB"
rm -f "$DB-wal" "$DB-shm"

start=$(date +%s%N)
"$BUILD/tillit" serve --db "$DB" --listen "127.0.0.1:$PORT" --per-ip-limit 0 >"$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$OUT"' EXIT
until curl -sf -o /dev/null "$BASE/healthz"; do
	kill -0 $SERVER 2>/dev/null || { cat "$OUT/serve.log" >&2; exit 1; }
	sleep 0.1
done
end=$(date +%s%N)
echo "upgrade: serving after $(( (end - start) / 1000000 )) ms"
sed 's/^/    /' "$OUT/serve.log"
echo "requirements: $(sqlite3 "$DB" "SELECT group_concat(n, ', ') FROM (SELECT status || ' ' || scope || ' ' || count(*) AS n
	FROM requirements GROUP BY status, scope)")"

TOKEN=$("$BUILD/tillit" token create --db "$DB" --user admin --name bench-catalogue 2>/dev/null)
H="Authorization: Bearer $TOKEN"
post() { curl -sS -o "$OUT/post.json" -w '%{http_code}' -H "$H" -H 'Content-Type: application/json' -d "$2" "$BASE$1"; }
DOC=$(sqlite3 "$DB" "SELECT id FROM governing_documents ORDER BY id LIMIT 1")
if [ -z "$DOC" ]; then
	post /api/v1/governing-documents '{"title":"Informationssäkerhetspolicy","kind":"policy","status":"adopted",
		"adopted_by":"council","decision_date":"2026-02-10","case_number":"KF 2026/3","review_interval_months":12}' >/dev/null
	DOC=$(sqlite3 "$DB" "SELECT id FROM governing_documents ORDER BY id LIMIT 1")
fi
i=0
t0=$(date +%s%N)
for q in $(sqlite3 "$DB" "SELECT id FROM requirements WHERE scope = 'organisation' AND status = 'active' ORDER BY code LIMIT 45"); do
	p=$(sqlite3 "$DB" "SELECT id FROM people WHERE active ORDER BY id LIMIT 1 OFFSET $i")
	case $((i % 5)) in 0 | 1) as=fulfilled ;; 2) as=partly ;; 3) as=not_fulfilled ;; *) as=not_applicable ;; esac
	due=$([ $((i % 3)) -eq 0 ] && echo 2026-06-30 || echo 2027-03-31)
	code=$(post /api/v1/organisation-assessments "{\"requirement_id\":$q,\"assessment\":\"$as\",\"reason\":\"Ingen egen drift\",
		\"document_id\":$DOC,\"responsible_id\":$p,\"due_date\":\"$due\"}")
	[ "$code" = 201 ] || { echo "assessment of $q: $code $(cat "$OUT/post.json")" >&2; exit 1; }
	i=$((i + 1))
done
t1=$(date +%s%N)
echo "assessed: $i in $(( (t1 - t0) / 1000000 )) ms (each a change: the requirement, its controls and its gap recounted)"
ENTRY=$(sqlite3 "$DB" "SELECT to_id FROM measure_controls GROUP BY to_id ORDER BY count(*) DESC LIMIT 1")
ASSESSMENT=$(sqlite3 "$DB" "SELECT id FROM org_assessments ORDER BY id LIMIT 1")
NODE_PATH=node_modules node bench/latency.mjs "$BASE" admin "$PASSWORD" "$N" /organisation-requirements /soa /soa/iso27001 \
	/soa/clauses "/soa-entries/$ENTRY" "/organisation-assessments/$ASSESSMENT" /organisation-assessments

# The first request after a change: an assessment's state changed through
# the API (so the SoA's kept page bodies are made again), then the page.
NODE_PATH=node_modules node --input-type=module - "$BASE" "$PASSWORD" "$TOKEN" "$ASSESSMENT" "$N" <<'JS'
import { Browserless, Api } from './tests/lib/tillit.mjs';
const [base, password, token, assessment, n] = process.argv.slice(2);
const web = new Browserless(base);
await web.login('admin', password);
const api = new Api(base, token);
console.log('\n| page, first request after an assessment changed | median ms | max ms |\n|---|---|---|');
for (const path of ['/soa/iso27001', '/soa/clauses', '/organisation-requirements']) {
  const t = [];
  for (let i = 0; i < Number(n); i++) {
    const r = await api.patch(`/api/v1/organisation-assessments/${assessment}`, { assessment: i % 2 ? 'fulfilled' : 'partly' });
    if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
    const s = performance.now();
    const p = await web.get(path);
    t.push(performance.now() - s);
    if (p.status !== 200) throw new Error(`${path}: ${p.status}`);
  }
  t.sort((a, b) => a - b);
  console.log(`| ${path} | ${t[Math.floor(t.length / 2)].toFixed(1)} | ${t[t.length - 1].toFixed(1)} |`);
}
JS
