// Access reviews (issue 14, item 4): a campaign per system with the system
// owner as reviewer by default; accounts imported from CSV (a bad row and
// nothing is imported); decisions in bulk (an unknown account and nothing
// changes); completion when every account is decided, with a measure for
// the system administrator per removal and change; the gap
// access_review_overdue on a K2 system, gone when a review completes; who
// may read and decide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, serverWithUsers, htmlText, auditCount, uploadFile, sqlite } from '../lib/tillit.mjs';

let s, admin, api, web, person, sys, other;

const USERS = {
  coord: 'coordinator', owner: 'system_owner', otherowner: 'system_owner', sysadmin: 'system_administrator',
  employee: 'employee', auditor: 'auditor',
};

before(async () => {
  s = await serverWithUsers(USERS);
  ({ admin, api, web, person } = s);
  sys = await admin.create('systems', { name: 'Procapita', owner_id: person.owner, administrator_id: person.sysadmin });
  other = await admin.create('systems', { name: 'Visma', owner_id: person.otherowner });
});

after(async () => {
  const { code } = await s.srv.stop();
  s.env.cleanup();
  assert.equal(code, 0);
});

const CSV = 'Konto;Namn;Roller;Senaste inloggning\r\nanna;Anna A;Handläggare;2026-10-01\r\nbo;Bo B;Admin, Läsare;2025-01-02\r\ncia;Cia C;Läsare;\r\n';

async function importCsv(client, id, csv) {
  return client.call('POST', `/api/v1/access-reviews/${id}/accounts`, csv, { 'Content-Type': 'text/csv' });
}
async function gaps(kind) {
  const r = await admin.get(`/api/v1/gaps?kind=${kind}&limit=500`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

test('a campaign defaults to the system owner as reviewer and needs one when there is none', async () => {
  const c = await api.coord.create('access-reviews', { system_id: sys.id, due_date: day(30) });
  assert.equal(c.reviewer_id, person.owner);
  assert.equal(c.status, 'open');
  const noOwner = await admin.create('systems', { name: 'Utan ägare' });
  const r = await api.coord.post('/api/v1/access-reviews', { system_id: noOwner.id, due_date: day(30) });
  assert.equal(r.status, 422, r.text);
  assert.ok(r.json.errors.some((e) => e.field === 'reviewer_id'));
  // Status is Tillit's.
  const s2 = await api.coord.post('/api/v1/access-reviews', { system_id: sys.id, due_date: day(30), status: 'completed' });
  assert.equal(s2.status, 400 <= s2.status && s2.status < 500 ? s2.status : -1);
});

test('the CSV import: bad rows listed by row, nothing imported; a good file creates every account', async () => {
  const c = await api.coord.create('access-reviews', { system_id: sys.id, due_date: day(30) });
  const before = await auditCount(s.env.db);
  const bad = 'account,name,roles,last login\nanna,Anna,r,\n,Tom,r,\nanna,Anna igen,r,\nbo,Bo,r,x,extra\n';
  let r = await importCsv(api.owner, c.id, bad);
  assert.equal(r.status, 422, r.text);
  const rows = r.json.errors.map((e) => e.row).sort();
  assert.deepEqual(rows, [3, 4, 5], JSON.stringify(r.json.errors));
  assert.ok(r.json.errors.some((e) => /more than once|mer än en gång/.test(e.message)));
  assert.equal((await admin.items('access-review-accounts', `&review_id=${c.id}`)).length, 0, 'nothing imported');
  assert.equal(await auditCount(s.env.db), before, 'nothing written');
  // No account column.
  r = await importCsv(api.owner, c.id, 'namn;roller\nAnna;x\n');
  assert.equal(r.status, 422);
  // Oversize.
  r = await importCsv(api.owner, c.id, 'account\n' + 'x'.repeat(9 << 20));
  assert.ok(r.status === 413 || r.status === 422, `${r.status}`);
  // Good: the reviewer imports.
  r = await importCsv(api.owner, c.id, CSV);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.created, 3);
  const accs = await admin.items('access-review-accounts', `&review_id=${c.id}`);
  assert.deepEqual(accs.map((a) => a.account).sort(), ['anna', 'bo', 'cia']);
  const got = (await admin.get(`/api/v1/access-reviews/${c.id}`)).json;
  assert.equal(got.accounts, 3);
  assert.equal(got.undecided, 3);
  // Searchable and exported like any record.
  const found = await admin.items('access-review-accounts', '&q=Läsare');
  assert.ok(found.some((a) => a.account === 'bo') && found.some((a) => a.account === 'cia'));
  const csv = await web.coord.get(`/access-review-accounts/export.csv?review_id=${c.id}`);
  assert.equal(csv.status, 200);
  assert.match(csv.text, /Admin, Läsare/);
  assert.equal(accs.find((a) => a.account === 'bo').roles, 'Admin, Läsare');
  // Again: every account is already there.
  r = await importCsv(api.owner, c.id, CSV);
  assert.equal(r.status, 422);
  assert.equal(r.json.errors.length, 3);
  // Someone else's reviewer may not import.
  r = await importCsv(api.otherowner, c.id, CSV);
  assert.ok(r.status === 403 || r.status === 404, `${r.status}`);
});

test('decisions in bulk: unknown account changes nothing; the last decision completes and makes measures', async () => {
  const c = await api.coord.create('access-reviews', { system_id: sys.id, due_date: day(30) });
  assert.equal((await importCsv(api.coord, c.id, CSV)).status, 201);
  const url = `/api/v1/access-reviews/${c.id}/decisions`;
  // One unknown account: nothing changes.
  let r = await api.owner.post(url, [{ account: 'anna', decision: 'keep' }, { account: 'zed', decision: 'keep' }]);
  assert.equal(r.status, 422, r.text);
  assert.ok(r.json.errors.some((e) => e.account === 'zed'));
  let accs = await admin.items('access-review-accounts', `&review_id=${c.id}`);
  assert.ok(accs.every((a) => a.decision == null), 'nothing decided');
  // A removal without a comment: refused, nothing changed.
  r = await api.owner.post(url, [{ account: 'anna', decision: 'keep' }, { account: 'bo', decision: 'remove' }]);
  assert.equal(r.status, 422, r.text);
  accs = await admin.items('access-review-accounts', `&review_id=${c.id}`);
  assert.ok(accs.every((a) => a.decision == null));
  // Another system's owner may not decide; an employee not even see it.
  r = await api.otherowner.post(url, [{ account: 'anna', decision: 'keep' }]);
  assert.ok(r.status === 403 || r.status === 404, `${r.status}`);
  r = await api.employee.post(url, [{ account: 'anna', decision: 'keep' }]);
  assert.ok(r.status === 403 || r.status === 404, `${r.status}`);
  // Two of three: still open.
  r = await api.owner.post(url, [{ account: 'anna', decision: 'keep' }, { account: 'bo', decision: 'remove', comment: 'Slutat' }]);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.changed, 2);
  assert.equal(r.json.status, 'open');
  assert.equal(r.json.undecided, 1);
  const bo = (await admin.items('access-review-accounts', `&review_id=${c.id}`)).find((a) => a.account === 'bo');
  assert.equal(bo.decided_by, person.owner);
  assert.ok(bo.decided_at);
  // The last one: completed, with measures for the administrator.
  r = await api.owner.post(url, { decisions: [{ account: 'cia', decision: 'change', comment: 'Bara läsare' }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'completed');
  assert.equal(r.json.completed_on, day());
  const ms = await admin.items('measures', `&access_review_id=${c.id}`);
  assert.equal(ms.length, 2);
  assert.ok(ms.every((m) => m.owner_id === person.sysadmin && m.status === 'planned'));
  assert.ok(ms.some((m) => m.title.includes('bo')) && ms.some((m) => m.title.includes('cia')));
  // Audited, with the campaign's completion as the cause.
  const h = await admin.get(`/api/v1/access-reviews/${c.id}/history`);
  assert.equal(h.status, 200);
  assert.ok(JSON.stringify(h.json).includes('completed'));
  // Completed: decisions no longer change, the campaign is kept.
  r = await api.owner.post(url, [{ account: 'anna', decision: 'remove', comment: 'x' }]);
  assert.equal(r.status, 422);
  assert.equal((await admin.del(`/api/v1/access-reviews/${c.id}`)).status, 409);
});

test('who reads: the system owner reads, the auditor reads, an employee and another owner do not', async () => {
  const c = await api.coord.create('access-reviews', { system_id: sys.id, reviewer_id: person.coord, due_date: day(30) });
  assert.equal((await api.owner.get(`/api/v1/access-reviews/${c.id}`)).status, 200, 'the system owner reads');
  assert.equal((await api.auditor.get(`/api/v1/access-reviews/${c.id}`)).status, 200);
  assert.ok([403, 404].includes((await api.employee.get(`/api/v1/access-reviews/${c.id}`)).status));
  assert.ok([403, 404].includes((await api.otherowner.get(`/api/v1/access-reviews/${c.id}`)).status));
  // The system owner who is not the reviewer may not decide.
  assert.equal((await importCsv(api.coord, c.id, CSV)).status, 201);
  const r = await api.owner.post(`/api/v1/access-reviews/${c.id}/decisions`, [{ account: 'anna', decision: 'keep' }]);
  assert.ok([403, 404].includes(r.status), `${r.status}`);
  // The reviewer's list shows their own campaigns only.
  const mine = await api.otherowner.items('access-reviews');
  assert.ok(mine.every((x) => x.reviewer_id === person.otherowner));
  // The auditor may not write.
  const w = await api.auditor.patch(`/api/v1/access-reviews/${c.id}`, { notes: 'x' });
  assert.equal(w.status, 403);
  // The employee's pages: 403/404.
  const page = await web.employee.get(`/access-reviews/${c.id}/accounts`);
  assert.ok([403, 404].includes(page.status));
});

test('the gap: a K2 system never reviewed, gone when a review completes, back when the interval passes', async () => {
  const k = await admin.create('systems', { name: 'Ekonomi', owner_id: person.owner, administrator_id: person.sysadmin });
  const has = async () => (await gaps('access_review_overdue')).find((g) => g.entity === 'systems' && g.id === k.id);
  assert.ok(!(await has()), 'not classified: no gap');
  await admin.create('system-classifications', { system_id: k.id, confidentiality: 2, reason: 'Sekretess', decided_by_id: person.owner, decided_on: day() });
  const g = await has();
  assert.ok(g, 'K2 never reviewed');
  assert.equal(g.person_id, person.owner);
  const c = await api.coord.create('access-reviews', { system_id: k.id, due_date: day(10) });
  assert.equal((await importCsv(api.coord, c.id, 'account\nx\n')).status, 201);
  assert.ok(await has(), 'open campaign does not count');
  const r = await api.owner.post(`/api/v1/access-reviews/${c.id}/decisions`, [{ account: 'x', decision: 'keep' }]);
  assert.equal(r.json.status, 'completed');
  assert.ok(!(await has()), 'completed review clears it');
  // The interval: a completion 13 months ago is overdue again (the
  // setting's change reaches the systems).
  sqlite(s.env.db, `UPDATE access_reviews SET completed_on = '${day(-400)}' WHERE id = ${c.id}`);
  const o = await admin.patch('/api/v1/organisation', { access_review_months: 6 });
  assert.equal(o.status, 200, o.text);
  const again = await has();
  assert.ok(again, 'overdue after the interval');
  assert.ok(again.due && again.due < day());
  await admin.patch('/api/v1/organisation', { access_review_months: 12 });
});

test('the review page: every account on one page, one save, import with errors listed', async () => {
  const c = await api.coord.create('access-reviews', { system_id: sys.id, due_date: day(30) });
  let r = await uploadFile(web.owner, `/access-reviews/${c.id}/accounts/import`, 'konto;namn\nanna;A\nanna;B\n');
  assert.equal(r.status, 422);
  assert.match(htmlText(r.text), /anna/);
  r = await uploadFile(web.owner, `/access-reviews/${c.id}/accounts/import`, CSV);
  assert.equal(r.status, 303, r.text);
  const page = await web.owner.get(`/access-reviews/${c.id}/accounts`);
  assert.equal(page.status, 200);
  const ids = [...page.text.matchAll(/name="row" value="(\d+)"/g)].map((m) => m[1]);
  assert.equal(ids.length, 3);
  const form = { row: ids };
  for (const id of ids) { form[`d${id}`] = 'keep'; form[`c${id}`] = ''; }
  form[`d${ids[0]}`] = 'remove';
  r = await web.owner.post(`/access-reviews/${c.id}/accounts`, form);
  assert.equal(r.status, 422, 'a removal needs a comment');
  assert.ok((await admin.items('access-review-accounts', `&review_id=${c.id}`)).every((a) => a.decision == null));
  form[`c${ids[0]}`] = 'Har slutat';
  r = await web.owner.post(`/access-reviews/${c.id}/accounts`, form);
  assert.equal(r.status, 303, r.text);
  const done = await admin.get(`/api/v1/access-reviews/${c.id}`);
  assert.equal(done.json.status, 'completed');
  // My tasks: shown while open, gone when completed.
  const c2 = await api.coord.create('access-reviews', { system_id: sys.id, due_date: day(5) });
  await importCsv(api.coord, c2.id, CSV);
  const t = await web.owner.get('/tasks');
  assert.match(htmlText(t.text), /Procapita/);
  assert.match(t.text, new RegExp(`/access-reviews/${c2.id}/accounts`));
  // The system's page names its reviews and the last completion.
  const sp = await web.owner.get(`/systems/${sys.id}`);
  assert.match(sp.text, new RegExp(day()));
  assert.match(sp.text, /system-reviews-h/);
});
