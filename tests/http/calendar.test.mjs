// Calendar feeds (issue 14, item 9): POST /api/v1/calendar-feeds makes a
// feed with a secret token in its url; GET /calendar/{token}.ics needs no
// session and answers valid iCalendar (RFC 5545: CRLF, folded lines, UIDs
// stable across requests, DTSTAMP, all-day DATE values); DELETE revokes it
// and its url then answers exactly as a token that never existed; only the
// token's hash is stored; a person makes feeds for themselves, the
// coordinator for anyone and for the organisation; a feed shows what its
// maker may read; guessing is limited per address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serverWithUsers, day, sqliteJson } from '../lib/tillit.mjs';

let s, ids = {};

before(async () => {
  s = await serverWithUsers({ samordnare: 'coordinator', anna: 'employee', bo: 'employee' });
  const { admin, person } = s;
  const ex = await admin.create('exercises', { title: 'Övning, med komma; och semikolon', exercise_date: day(20) });
  const finding = await admin.create('exercise-findings', { exercise_id: ex.id, title: 'Reservkraft saknas' });
  ids.measure = (await admin.create('measures', { title: 'Skaffa reservkraft', finding_id: finding.id, owner_id: person.anna, due_date: day(5) })).id;
  ids.activity = (await admin.create('recurring-activities', { title: 'Annas månadskoll med en mycket lång titel som måste vikas på flera rader i kalenderfilen åäö', rule: 'monthly', day: 28, owner_id: person.anna, first_year: 2020 })).id;
});

after(async () => {
  await s.srv.stop();
  s.env.cleanup();
});

// Unfold and check the physical lines (RFC 5545 3.1).
function parseIcs(text) {
  assert.ok(text.endsWith('\r\n'), 'ends with CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  const bytes = (l) => Buffer.byteLength(l, 'utf8');
  for (const l of physical) {
    assert.ok(bytes(l) <= 75, `line of ${bytes(l)} octets: ${l}`);
    assert.ok(!l.includes('\n') && !l.includes('\r'), 'no bare line ends');
  }
  const lines = [];
  for (const l of physical) {
    if (l.startsWith(' ')) lines[lines.length - 1] += l.slice(1); else lines.push(l);
  }
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines[lines.length - 1], 'END:VCALENDAR');
  assert.ok(lines.includes('VERSION:2.0'));
  assert.ok(lines.some((l) => l.startsWith('PRODID:')));
  const events = [];
  let cur = null;
  for (const l of lines) {
    if (l === 'BEGIN:VEVENT') cur = {};
    else if (l === 'END:VEVENT') { events.push(cur); cur = null; } else if (cur && !cur._alarm) {
      if (l === 'BEGIN:VALARM') cur._alarm = true;
      const i = l.indexOf(':');
      const k = l.slice(0, i);
      if (!(k in cur)) cur[k] = l.slice(i + 1);
    } else if (cur && l === 'END:VALARM') cur._alarm = false;
  }
  for (const e of events) {
    assert.match(e.UID, /@tillit$/);
    assert.match(e.DTSTAMP, /^\d{8}T\d{6}Z$/);
    assert.match(e['DTSTART;VALUE=DATE'], /^\d{8}$/);
    assert.match(e['DTEND;VALUE=DATE'], /^\d{8}$/);
    assert.ok(e.SUMMARY);
  }
  return events;
}

const compact = (d) => d.replaceAll('-', '');

test('a person\'s feed: valid iCalendar, stable UIDs, no session, not cached by shared caches', async () => {
  const r = await s.api.anna.post('/api/v1/calendar-feeds', { person_id: s.person.anna });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.url, /^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  // Whole, for a calendar program, from the request's Host (no --base-url).
  assert.equal(r.json.absolute_url, s.srv.url + r.json.url);
  assert.equal(r.json.person_id, s.person.anna);
  assert.equal(r.json.token_hash, undefined);
  const token = r.json.url.slice(10, 53);
  // Only the hash is stored.
  const stored = sqliteJson(s.env.db, 'SELECT token_hash FROM calendar_feeds');
  assert.ok(stored.every((row) => row.token_hash !== token && /^[0-9a-f]{64}$/.test(row.token_hash)));
  const one = await fetch(s.srv.url + r.json.url);
  assert.equal(one.status, 200);
  assert.equal(one.headers.get('content-type'), 'text/calendar; charset=utf-8');
  assert.match(one.headers.get('cache-control'), /private|no-store/);
  const text1 = await one.text();
  const ev1 = parseIcs(text1);
  // An employee reads her own recurring activity, not the measure (she may
  // not read measures): the feed shows what its maker may read.
  assert.ok(ev1.some((e) => e.SUMMARY.includes('Annas månadskoll')));
  assert.ok(!ev1.some((e) => e.SUMMARY.includes('Skaffa reservkraft')));
  const act = ev1.find((e) => e.SUMMARY.includes('Annas månadskoll'));
  assert.ok(text1.includes('åäö'), 'UTF-8 kept');
  // DTEND is the day after DTSTART.
  const start = act['DTSTART;VALUE=DATE'];
  const next = new Date(Date.UTC(+start.slice(0, 4), +start.slice(4, 6) - 1, +start.slice(6, 8) + 1)).toISOString().slice(0, 10);
  assert.equal(act['DTEND;VALUE=DATE'], compact(next));
  const text2 = await (await fetch(s.srv.url + r.json.url)).text();
  const ev2 = parseIcs(text2);
  assert.deepEqual(ev2.map((e) => e.UID), ev1.map((e) => e.UID), 'the same UIDs on a second request');
  assert.equal(new Set(ev1.map((e) => e.UID)).size, ev1.length, 'UIDs are unique');
  // A change shows at the next fetch (a kept feed is valid only while the
  // due dates do not change); a calendar that sends the ETag back gets 304.
  const etag = (await fetch(s.srv.url + r.json.url)).headers.get('etag');
  assert.ok(etag);
  assert.equal((await fetch(s.srv.url + r.json.url, { headers: { 'If-None-Match': etag } })).status, 304);
  await s.admin.create('recurring-activities', { title: 'Ny aktivitet för Anna', rule: 'yearly', month: 12, day: 31, owner_id: s.person.anna });
  const text3 = await (await fetch(s.srv.url + r.json.url, { headers: { 'If-None-Match': etag } })).text();
  assert.ok(text3.includes('Ny aktivitet för Anna'));
  // The list gives feeds without their tokens.
  const list = await s.api.anna.get('/api/v1/calendar-feeds');
  assert.equal(list.status, 200);
  assert.ok(list.json.items.length >= 1);
  assert.ok(!list.text.includes(token));
  assert.ok(list.json.items.every((f) => !('token_hash' in f)));
  // Nor the export, nor the record's history.
  const csv = await s.web.anna.get('/calendar-feeds/export.csv');
  assert.equal(csv.status, 200);
  assert.ok(!/token|[0-9a-f]{64}/.test(csv.text), csv.text);
  const hist = await s.web.anna.get(`/calendar-feeds/${r.json.id}/history`);
  assert.equal(hist.status, 200);
  assert.ok(!/token_hash|[0-9a-f]{64}/.test(hist.text));
});

test('the organisation\'s feed shows the coordinator\'s view, escaped', async () => {
  const r = await s.api.samordnare.post('/api/v1/calendar-feeds', {});
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.person_id, null);
  const text = await (await fetch(s.srv.url + r.json.url)).text();
  const ev = parseIcs(text);
  assert.ok(ev.some((e) => e.SUMMARY.includes('Skaffa reservkraft')));
  assert.ok(text.includes('Övning\\, med komma\\; och semikolon'), 'TEXT escaping of , and ;');
  const m = ev.find((e) => e.SUMMARY.includes('Skaffa reservkraft'));
  assert.equal(m['DTSTART;VALUE=DATE'], compact(day(5)));
  assert.match(m.UID, new RegExp(`-measures-${ids.measure}-0-${compact(day(5))}@tillit$`));
});

test('who may make feeds for whom', async () => {
  // An employee: not for someone else, not for the organisation.
  assert.equal((await s.api.anna.post('/api/v1/calendar-feeds', { person_id: s.person.bo })).status, 403);
  assert.equal((await s.api.anna.post('/api/v1/calendar-feeds', {})).status, 403);
  // The coordinator: for anyone.
  const r = await s.api.samordnare.post('/api/v1/calendar-feeds', { person_id: s.person.bo });
  assert.equal(r.status, 201);
  // Bo sees the feed made for him and may revoke it; Anna does not see it.
  const bo = await s.api.bo.get('/api/v1/calendar-feeds');
  assert.ok(bo.json.items.some((f) => f.id === r.json.id));
  const anna = await s.api.anna.get('/api/v1/calendar-feeds');
  assert.ok(!anna.json.items.some((f) => f.id === r.json.id));
  assert.equal((await s.api.anna.del(`/api/v1/calendar-feeds/${r.json.id}`)).status, 403);
  // Bad input.
  assert.equal((await s.api.samordnare.post('/api/v1/calendar-feeds', { person_id: 999999 })).status, 422);
  assert.equal((await s.api.samordnare.post('/api/v1/calendar-feeds', { person_id: 'x' })).status, 422);
  assert.equal((await s.api.samordnare.post('/api/v1/calendar-feeds', { secret: 1 })).status, 422);
  // Not through the generic form.
  assert.notEqual((await s.web.samordnare.get('/calendar-feeds/new')).status, 200);
});

test('a revoked token answers exactly as one that never existed', async () => {
  const r = await s.api.anna.post('/api/v1/calendar-feeds', { person_id: s.person.anna, label: 'Mitt årshjul' });
  assert.equal(r.status, 201);
  assert.equal((await fetch(s.srv.url + r.json.url)).status, 200);
  assert.equal((await s.api.anna.del(`/api/v1/calendar-feeds/${r.json.id}`)).status, 204);
  const revoked = await fetch(s.srv.url + r.json.url);
  const never = await fetch(`${s.srv.url}/calendar/${'A'.repeat(43)}.ics`);
  assert.equal(revoked.status, 404);
  assert.equal(never.status, 404);
  assert.equal(await revoked.text(), await never.text());
  // The revocation is in the audit trail.
  const audit = sqliteJson(s.env.db, `SELECT action FROM audit WHERE entity = 'calendar-feeds' AND record_id = ${r.json.id} ORDER BY id`);
  assert.deepEqual(audit.map((a) => a.action), ['create', 'delete']);
});

test('the feed page: make one, see its address once, revoke it', async () => {
  const w = s.web.anna;
  const page = await w.get('/wheel/calendar');
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('Thunderbird'));
  const made = await w.post('/wheel/calendar', { whose: 'mine', label: 'Från sidan' });
  assert.equal(made.status, 201);
  const url = made.text.match(/id="feed-url"[^>]*value="([^"]+)"/)[1];
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  assert.equal((await fetch(url)).status, 200);
  const again = await w.get('/wheel/calendar');
  assert.ok(!again.text.includes(url.split('/calendar/')[1]), 'the address is not shown again');
  assert.equal((await w.post('/wheel/calendar', { whose: 'org' })).status, 403);
  const id = (await s.api.anna.get('/api/v1/calendar-feeds')).json.items.find((f) => f.label === 'Från sidan').id;
  const rev = await w.post(`/wheel/calendar/${id}/revoke`, {});
  assert.equal(rev.status, 303);
  assert.equal((await fetch(url)).status, 404);
});

test('guessing tokens is limited per address', async () => {
  let last;
  for (let i = 0; i < 40; i++) {
    last = await fetch(`${s.srv.url}/calendar/${String(i).padStart(43, 'x')}.ics`);
    await last.text();
    if (last.status === 429) break;
  }
  assert.equal(last.status, 429);
  assert.ok(last.headers.get('retry-after'));
});
