// The audit trail as a revisor reads it (issue 12): filtered by kind of
// record, by who made the change and by day, the pager keeping the filters;
// a filter the reader may not use is refused and a login name is only a
// filter for those who may read people. Entries name their record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Browserless, Api, token, addUser, sqlite, sqliteJson, tr, htmlText } from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, web, api;

before(async () => {
  env = freshDb();
  srv = await startServer(env.db);
  web = new Browserless(srv.url);
  await web.login();
  api = new Api(srv.url, token(env.db));
  const u = await api.create('units', { name: 'Kultur och fritid', kind: 'administration' });
  for (let i = 0; i < 60; i++) await api.create('systems', { name: `Bokningssystem ${i}`, unit_id: u.id });
  await api.create('people', { name: 'Rut Revisorsson' });
  // The trail up to the unit dated in the past, as a trail begun a year
  // ago would be (written in time order: older entries have lower ids).
  sqlite(env.db, "UPDATE audit SET at = '2025-05-02T10:00:00.000Z' WHERE id <= (SELECT max(id) FROM audit WHERE entity = 'units')");
});

after(async () => {
  const { code } = await srv.stop();
  env.cleanup();
  assert.equal(code, 0);
});

function entryCount(html) {
  return (html.match(/<li>\s*<p class="entry-head">/g) || []).length;
}

test('the trail filtered by kind of record names each record and pages with the filter kept', async () => {
  const r = await web.get('/audit?entity=systems');
  assert.equal(r.status, 200);
  const n = sqliteJson(env.db, "SELECT count(*) AS n FROM audit WHERE entity = 'systems'")[0].n;
  assert.equal(n, 60);
  const text = htmlText(r.text);
  assert.ok(text.includes(`${tr(SV, 'Entries:')} ${n}`), text.slice(0, 400));
  assert.equal(entryCount(r.text), 50);
  assert.ok(!text.includes(`${tr(SV, 'Unit')}: Kultur och fritid`), 'no unit entries');
  // Named, and linked, rather than "System #12".
  assert.match(r.text, /<a href="\/systems\/\d+">System: Bokningssystem 59 \(#\d+\)<\/a>/);
  assert.match(r.text, /href="\?entity=systems&amp;page=2"/);
  const p2 = await web.get('/audit?entity=systems&page=2');
  assert.equal(entryCount(p2.text), 10);
  assert.ok(!htmlText(p2.text).includes(`${tr(SV, 'Unit')}: Kultur och fritid`));
});

test('by day: from and to are inclusive, in UTC days', async () => {
  const old = await web.get('/audit?from=2025-05-01&to=2025-05-02');
  assert.equal(old.status, 200);
  // The days split the trail: what is before and what is after add up
  // to the whole, as the page counts them.
  const total = async (q) => Number(htmlText((await web.get(`/audit${q}`)).text)
    .match(new RegExp(`${tr(SV, 'Entries:')} ([\\d\\s\u00a0]+)`))[1].replace(/\D/g, ''));
  const n = await total('?from=2025-05-01&to=2025-05-02');
  assert.ok(n >= 1);
  assert.equal(entryCount(old.text), Math.min(n, 50));
  assert.equal(await total('?to=2025-05-02'), n);
  assert.equal(n + await total('?from=2025-05-03'), await total(''));
  assert.ok(!htmlText(old.text).includes('Bokningssystem'), 'nothing from after the day');
  const unitDay = await web.get('/audit?from=2025-05-02&to=2025-05-02&entity=units');
  assert.equal(entryCount(unitDay.text), 1);
  assert.ok(htmlText(unitDay.text).includes(`${tr(SV, 'Unit')}: Kultur och fritid`));
  const later = await web.get('/audit?from=2025-05-03&entity=units');
  assert.equal(entryCount(later.text), 0, 'the unit is not after the day');
  const none = await web.get('/audit?from=2025-05-03&to=2025-05-31');
  assert.equal(entryCount(none.text), 0);
  const before = await web.get('/audit?to=2025-05-01');
  assert.equal(entryCount(before.text), 0);
});

test('by who: the login that made the change', async () => {
  addUser(env.db, 'sam', 'coordinator');
  const sam = new Browserless(srv.url);
  await sam.login('sam', 'sam-password-123');
  await sam.get('/people/new');
  assert.equal((await sam.post('/people', { name: 'Sams person', kind: 'employee' })).status, 303);
  const r = await web.get('/audit?user=sam&entity=people');
  assert.equal(entryCount(r.text), 1);
  assert.ok(htmlText(r.text).includes('Sams person'));
  const admin = await web.get('/audit?user=admin&entity=people');
  assert.equal(entryCount(admin.text), 1);
  assert.ok(htmlText(admin.text).includes('Rut Revisorsson'));
});

test('bad filters are refused in the reader\'s language and show nothing', async () => {
  for (const [q, msgid] of [
    ['from=2025-13-01', 'Give the date as YYYY-MM-DD, for example 2026-03-31.'],
    ['from=2025-06-01&to=2025-05-01', 'The first day comes after the last day.'],
    ['entity=nonsense', 'There is no such kind of record, or your roles do not let you read it.'],
  ]) {
    const r = await web.get(`/audit?${q}`);
    assert.equal(r.status, 400, q);
    assert.ok(htmlText(r.text).includes(tr(SV, msgid)), q);
    assert.equal(entryCount(r.text), 0, q);
  }
});

test('a reader who may not read accounts cannot filter on them', async () => {
  // The coordinator reads the trail but not the accounts (sam, above).
  const sam = new Browserless(srv.url);
  await sam.login('sam', 'sam-password-123');
  const acc = await sam.get('/audit?entity=users');
  assert.equal(acc.status, 400);
  assert.ok(htmlText(acc.text).includes(tr(SV, 'There is no such kind of record, or your roles do not let you read it.')));
  const page = await sam.get('/audit');
  assert.equal(page.status, 200);
  assert.ok(!/<option value="users"/.test(page.text));
  assert.ok(/<option value="systems"/.test(page.text));
  // Someone who may not read the trail at all is told so.
  addUser(env.db, 'emil', 'employee');
  const emil = new Browserless(srv.url);
  await emil.login('emil', 'emil-password-123');
  assert.equal((await emil.get('/audit?entity=systems')).status, 403);
});
