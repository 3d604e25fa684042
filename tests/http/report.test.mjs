// Reporting anyone can do (issue 13 item 1): the report page for every
// logged-in person and "Mina rapporter"; public reporting at /rapportera and
// POST /api/v1/public/reports when the organisation has it on; the status
// page behind the follow secret; the limits (size, flood) that store nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, Browserless, token, addUser, sqlite, tr } from '../lib/tillit.mjs';

let env, srv, admin;

const count = () => Number(sqlite(env.db, 'SELECT count(*) FROM incidents').trim());

async function as(user) {
  const w = new Browserless(srv.url);
  await w.login(user, `${user}-password-123`);
  return w;
}

// A public report as JSON, from the address given (the server trusts the
// proxy's X-Forwarded-For in this test).
async function publicReport(body, addr = '10.0.0.1', headers = {}) {
  const res = await fetch(`${srv.url}/api/v1/public/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': addr, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json };
}

const get = async (path, headers = {}) => {
  const res = await fetch(srv.url + path, { headers });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* a page */ }
  return { status: res.status, text, json, headers: res.headers };
};

const valid = (extra = {}) => ({
  description: 'Ett mejl med en konstig länk kom till kommunens växel.',
  discovered_at: new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z'),
  personal_data: null,
  ...extra,
});

before(async () => {
  env = freshDb();
  addUser(env.db, 'eva', 'employee', { name: 'Eva Anställd' });
  addUser(env.db, 'tom', 'employee', { name: 'Tom Anställd' });
  addUser(env.db, 'kim', 'coordinator', { name: 'Kim Samordnare' });
  srv = await startServer(env.db, ['--trust-proxy']);
  admin = new Api(srv.url, token(env.db));
  await admin.create('systems', { name: 'Procapita' });
});

after(async () => {
  await srv?.stop();
  env?.cleanup();
});

test('an employee reports; sees it in Mina rapporter; cannot open or list incidents; others do not see it', async () => {
  const eva = await as('eva');
  const tasks = await eva.get('/tasks');
  assert.match(tasks.text, /href="\/report"/, 'Mina uppgifter links to the report page');
  assert.match(tasks.text, /href="\/report\/mine"/);
  const form = await eva.get('/report');
  assert.equal(form.status, 200);
  assert.match(form.text, /data-suggest="systems"/, 'an employee may read systems: suggestions');

  // Errors: nothing written, the summary in Swedish.
  const before = count();
  const bad = await eva.post('/report', { description: '', discovered_at: '2026-13-40T10:00', personal_data: 'unknown' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /class="error-summary"/);
  assert.match(bad.text, new RegExp(tr('sv', 'Describe what happened.')));
  assert.equal(count(), before);

  const sysId = (await admin.items('systems')).find((s) => s.name === 'Procapita').id;
  const res = await eva.post('/report', {
    description: 'Jag skickade ett mejl med elevuppgifter till fel mottagare.',
    title: 'Felskickat mejl', discovered_at: '2026-01-10T09:30', system: 'Procapita', _ref_system: String(sysId),
    asset: 'Elevakter', personal_data: 'yes', reporter_contact: '070-123 45 67',
  });
  // Sent, then to the status page: reloading it never sends the report again.
  assert.equal(res.status, 303, res.text.slice(0, 500));
  assert.match(res.headers.get('location'), /^\/rapportera\/status\/[A-Za-z0-9_-]{43}\?new=1$/);
  const sent = await eva.get(res.headers.get('location'));
  assert.equal(sent.status, 200);
  assert.equal(count(), before + 1, 'reading the receipt again sends nothing');
  res.text = sent.text;
  const receipt = res.text.match(/<strong class="receipt">([^<]+)<\/strong>/)[1];
  assert.match(receipt, /^\d{4}-[2-9A-HJKMNP-Z]{6}$/);
  const follow = res.text.match(/<a class="follow" href="([^"]+)"/)[1];
  assert.match(follow, /^http:\/\/127\.0\.0\.1:\d+\/rapportera\/status\/[A-Za-z0-9_-]{43}$/);
  assert.equal(count(), before + 1);

  const row = JSON.parse(sqlite(env.db, `SELECT json_object('id', id, 'channel', channel, 'reported_by_id', reported_by_id, 'pd', personal_data_possible, 'description', description) FROM incidents WHERE receipt = '${receipt}'`));
  assert.equal(row.channel, 'staff');
  assert.equal(row.pd, 1);
  assert.ok(row.reported_by_id > 0);
  assert.match(row.description, /Elevakter/, 'a name matching no record is kept in the description');
  assert.equal(sqlite(env.db, `SELECT to_id FROM incident_systems WHERE from_id = ${row.id}`).trim(), String(sysId));

  const mine = await eva.get('/report/mine');
  assert.equal(mine.status, 200);
  assert.ok(mine.text.includes(receipt));
  assert.ok(mine.text.includes('Felskickat mejl'));
  assert.ok(!mine.text.includes('070-123'), 'only receipt, title, date and status');

  assert.equal((await eva.get(`/incidents/${row.id}`)).status, 403);
  assert.equal((await eva.get('/incidents')).status, 403);
  const evaApi = new Api(srv.url, token(env.db, 'eva'));
  assert.equal((await evaApi.get(`/api/v1/incidents/${row.id}`)).status, 403);
  assert.equal((await evaApi.get('/api/v1/incidents')).status, 403);

  const tom = await as('tom');
  const tomMine = await tom.get('/report/mine');
  assert.equal(tomMine.status, 200);
  assert.ok(!tomMine.text.includes(receipt), 'another employee does not see it');
  assert.ok(!tomMine.text.includes('Felskickat'));

  // The coordinator sees it, new, with its timeline entry.
  const kim = new Api(srv.url, token(env.db, 'kim'));
  const list = await kim.get('/api/v1/incidents?limit=100');
  const inc = list.json.items.find((i) => i.receipt === receipt);
  assert.equal(inc.status, 'new');
  const events = await kim.get(`/api/v1/incident-events?incident_id=${row.id}`);
  assert.equal(events.status, 200);
  assert.ok(events.json.items.some((e) => e.kind === 'detection'));
  const page = await (await as('kim')).get('/incidents');
  assert.ok(page.text.includes('Felskickat mejl'));
});

test('public reporting off: 404 for the form and the API', async () => {
  sqlite(env.db, 'UPDATE organisations SET public_reporting = 0');
  assert.equal((await get('/rapportera')).status, 404);
  const before = count();
  const r = await publicReport(valid(), '10.9.9.9');
  assert.equal(r.status, 404);
  assert.equal(count(), before);
});

test('public reporting on: 201 with receipt and follow_url; the status page follows the status', async () => {
  const login = () => fetch(`${srv.url}/login`).then((x) => x.text());
  assert.doesNotMatch(await login(), /href="\/rapportera"/, 'no way in while public reporting is off');
  const on = await admin.patch('/api/v1/organisation', { public_reporting: true });
  assert.equal(on.status, 200, on.text);
  assert.match(await login(), /href="\/rapportera"/, "the login page shows the way to report without an account");
  const r = await publicReport(valid({ contact: 'anna@example.se' }), '10.0.0.2');
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.receipt, /^\d{4}-[2-9A-HJKMNP-Z]{6}$/);
  const m = r.json.follow_url.match(/^http:\/\/127\.0\.0\.1:\d+(\/rapportera\/status\/([A-Za-z0-9_-]{43}))$/);
  assert.ok(m, r.json.follow_url);
  const [, path, secret] = m;
  const row = JSON.parse(sqlite(env.db, `SELECT json_object('id', id, 'channel', channel, 'by', reported_by_id, 'hash', follow_hash) FROM incidents WHERE receipt = '${r.json.receipt}'`));
  assert.equal(row.channel, 'public');
  assert.equal(row.by, null);
  assert.ok(!row.hash.includes(secret), 'only a hash of the secret is kept');

  const page = await get(path);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(r.json.receipt));
  assert.ok(page.text.includes(tr('sv', 'report\u0004Received, not yet assessed')));
  assert.ok(!page.text.includes('konstig länk'), 'the status page does not show the description');
  const st = await get(`/api/v1/public/reports/${secret}`);
  assert.deepEqual(Object.keys(st.json).sort(), ['receipt', 'received_at', 'status', 'status_text']);
  assert.equal(st.json.status, 'new');

  const kim = new Api(srv.url, token(env.db, 'kim'));
  const ch = await kim.patch(`/api/v1/incidents/${row.id}`, { status: 'handling' });
  assert.equal(ch.status, 200, ch.text);
  assert.ok((await get(path)).text.includes(tr('sv', 'report\u0004Being handled')));
  assert.equal((await get(`/api/v1/public/reports/${secret}`)).json.status, 'handling');
  const en = await get(path, { 'Accept-Language': 'en' });
  assert.ok(en.text.includes('Being handled'));

  // Wrong, random and malformed secrets: the same bytes as a page that
  // never existed.
  const wrong = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
  const random = Buffer.from(Array.from({ length: 32 }, () => Math.floor(Math.random() * 256))).toString('base64url');
  assert.equal(random.length, 43);
  const bodies = [];
  for (const p of [`/rapportera/status/${wrong}`, `/rapportera/status/${random}`, '/rapportera/status/x%27y', '/rapportera/status/abc', '/no/such/page']) {
    const res = await get(p);
    assert.equal(res.status, 404, p);
    bodies.push(res.text);
  }
  for (const b of bodies) assert.equal(b, bodies[0]);
  const apiBodies = [];
  for (const s of [wrong, random, 'abc']) {
    const res = await get(`/api/v1/public/reports/${s}`);
    assert.equal(res.status, 404);
    apiBodies.push(res.text);
  }
  for (const b of apiBodies) assert.equal(b, apiBodies[0]);
});

test('the public form: CSRF by a cookie, no session, receipt page', async () => {
  const w = new Browserless(srv.url);
  const form = await w.get('/rapportera');
  assert.equal(form.status, 200);
  assert.ok(!form.text.includes('data-suggest'), 'no record names on the public form');
  const tok = form.text.match(/name="_report" value="([^"]+)"/)[1];
  const before = count();
  // Without the cookie: refused, nothing stored.
  const stranger = new Browserless(srv.url);
  const forged = await stranger.request('POST', '/rapportera', { form: { _report: tok, description: 'x', discovered_at: '2026-01-01T10:00' }, headers: { 'X-Forwarded-For': '10.0.0.3' } });
  assert.equal(forged.status, 403);
  assert.equal(count(), before);
  const res = await w.request('POST', '/rapportera', {
    form: { _report: tok, description: 'Jag hittade en USB-sticka i biblioteket.', discovered_at: '2026-01-01T10:00', personal_data: 'no', affected: 'Biblioteket' },
    headers: { 'X-Forwarded-For': '10.0.0.3' },
  });
  assert.equal(res.status, 303, res.text.slice(0, 400));
  res.text = (await w.get(res.headers.get('location'))).text;
  assert.match(res.text, /<strong class="receipt">\d{4}-[2-9A-HJKMNP-Z]{6}<\/strong>/);
  assert.equal(count(), before + 1);
  assert.ok(![...w.cookies.keys()].includes('tillit_session'), 'no session for someone who reports');
});

test('limits: flood → 429 with Retry-After and nothing stored; oversize → 413; bad JSON, wrong types, future → 400', async () => {
  const addr = '10.0.1.1';
  for (let i = 0; i < 10; i++) {
    const r = await publicReport(valid({ title: `Flod ${i}` }), addr);
    assert.equal(r.status, 201, r.text);
  }
  const before = count();
  const sixth = await publicReport(valid(), addr); // the eleventh in ten minutes
  assert.equal(sixth.status, 429);
  assert.equal(sixth.headers.get('retry-after'), '600');
  assert.match(sixth.json.detail, /För många rapporter/);
  const en = await publicReport(valid(), addr, { 'Accept-Language': 'en' });
  assert.equal(en.status, 429);
  assert.match(en.json.detail, /Too many reports/);
  assert.equal(count(), before, 'nothing stored beyond the limit');
  // Another address is not held back.
  assert.equal((await publicReport(valid(), '10.0.1.2')).status, 201);

  const big = await publicReport(valid({ description: 'x'.repeat(70000) }), '10.0.2.1');
  assert.equal(big.status, 413);
  const long = await publicReport(valid({ description: 'x'.repeat(8001) }), '10.0.2.1');
  assert.equal(long.status, 400);
  assert.equal(long.json.errors[0].field, 'description');
  const contact = await publicReport(valid({ contact: 'x'.repeat(301) }), '10.0.2.1');
  assert.equal(contact.status, 400);
  assert.equal(contact.json.errors[0].field, 'contact');
  const malformed = await publicReport('{"description": ', '10.0.2.1');
  assert.equal(malformed.status, 400);
  const types = await publicReport({ description: 12, discovered_at: true, personal_data: 'ja' }, '10.0.2.1');
  assert.equal(types.status, 400);
  assert.deepEqual(types.json.errors.map((e) => e.field).sort(), ['description', 'discovered_at', 'personal_data']);
  const future = await publicReport(valid({ discovered_at: new Date(Date.now() + 86400e3).toISOString() }), '10.0.2.1');
  assert.equal(future.status, 400);
  assert.equal(future.json.errors[0].field, 'discovered_at');
  const noOffset = await publicReport(valid({ discovered_at: '2026-01-01T10:00:00' }), '10.0.2.1');
  assert.equal(noOffset.status, 400);
  assert.equal(count(), before + 1, 'no invalid report stored');
});
