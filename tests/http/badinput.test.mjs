// Bad input through the API and the web forms: the right status, a message
// per field in the user's language (looked up in po/*.po so the test follows
// the translations), and nothing written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  freshDb, startServer, Api, Browserless, token, cli, tr, translated, htmlText, uploadFile, auditCount,
} from '../lib/tillit.mjs';

let env, srv, api, apiEn, web, webEn, seed, snapshot;
const SV = 'sv', EN = 'en';
const TOO_LARGE = 'The request is too large. Forms may be at most 1 MiB and uploaded files at most 10 MiB.';

// Record counts of every inventory entity plus the audit entries.
async function counts() {
  const out = {};
  for (const e of ['units', 'people', 'role-assignments', 'processes', 'information-assets', 'systems', 'suppliers', 'agreements', 'users']) {
    const r = await api.get(`/api/v1/${e}?limit=1`);
    assert.equal(r.status, 200);
    out[e] = r.json.total;
  }
  out.audit = auditCount(env.db);
  return out;
}

before(async () => {
  env = freshDb();
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  const r = cli(['user', 'add', '--db', env.db, '--user', 'eva', '--name', 'Eva English', '--role', 'admin', '--lang', 'en'],
    { TILLIT_PASSWORD: 'eva-password-123' });
  assert.equal(r.status, 0, r.stderr);
  apiEn = new Api(srv.url, token(env.db, 'eva'));
  web = new Browserless(srv.url);
  await web.login();
  webEn = new Browserless(srv.url);
  await webEn.login('eva', 'eva-password-123');
  const person = (await api.post('/api/v1/people', { name: 'Seed Person' })).json;
  const supplier = (await api.post('/api/v1/suppliers', { name: 'Seed AB' })).json;
  const system = (await api.post('/api/v1/systems', { name: 'Seed System', owner_id: person.id })).json;
  const emailed = (await api.post('/api/v1/people', { name: 'Dubblett', email: 'dup@kommun.se' })).json;
  assert.equal(emailed.email, 'dup@kommun.se');
  seed = { person, supplier, system };
  snapshot = await counts();
});

after(async () => {
  const { code } = await srv.stop();
  env.cleanup();
  assert.equal(code, 0);
});

function problem(r, status) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(r.json.status, status);
  assert.equal(typeof r.json.title, 'string');
  return r.json;
}

// The errors of a 422 as "field: message", sorted.
function fieldErrors(r) {
  const p = problem(r, 422);
  assert.equal(p.title, tr(r.lang || SV, 'The data is not valid'));
  return p.errors.map((e) => `${e.field}: ${e.message}`).sort();
}
const expect = (lang, pairs) => pairs.map(([f, msgid, ...args]) => `${f}: ${tr(lang, msgid, ...args)}`).sort();

// A formatted message with one argument that is itself a message: split the
// outer format around a marker so the check follows either translation.
function malformed(lang, line, col, inner) {
  return tr(lang, 'The JSON is malformed at line %d, column %d: %s.', line, col, tr(lang, inner));
}

test('malformed JSON is 400 problem+json naming line and column', async () => {
  const cases = [
    ['{\n  "name": x\n}', 2, 11, 'unexpected character'],
    ['{\n  "name": "a",\n', 3, 1, 'unexpected end of input'],
    ['{"name": "a"} x', 1, 15, 'trailing characters after the JSON value'],
    ['{"name": "a", "name": "b"}', 1, 15, 'duplicate key'],
    ['', 1, 1, 'empty document'],
  ];
  for (const [body, line, col, inner] of cases) {
    const p = problem(await api.post('/api/v1/systems', body), 400);
    assert.equal(p.detail, malformed(SV, line, col, inner), JSON.stringify(body));
    assert.deepEqual(p.errors, [{ message: p.detail }]);
    const e = problem(await apiEn.post('/api/v1/systems', body), 400);
    assert.equal(e.detail, malformed(EN, line, col, inner));
  }
  // The same on PATCH.
  const p = problem(await api.patch(`/api/v1/systems/${seed.system.id}`, '{"name": }'), 400);
  assert.equal(p.detail, malformed(SV, 1, 10, 'unexpected character'));
});

test('a body that is not a JSON object is 400', async () => {
  for (const body of ['[1, 2]', '"text"', '42', 'null', 'true']) {
    const p = problem(await api.post('/api/v1/systems', body), 400);
    assert.equal(p.detail, tr(SV, 'The body must be a JSON object.'), body);
  }
  const p = problem(await apiEn.patch(`/api/v1/systems/${seed.system.id}`, '[]'), 400);
  assert.equal(p.detail, tr(EN, 'The body must be a JSON object.'));
});

test('a body that is not JSON by its Content-Type is 415', async () => {
  for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
    const p = problem(await api.call('POST', '/api/v1/systems', '{"name":"Fel typ"}', { 'Content-Type': ct }), 415);
    assert.equal(p.detail, tr(SV, 'Send the body as JSON (Content-Type: application/json).'));
  }
  // No Content-Type at all.
  const res = await fetch(`${srv.url}/api/v1/systems`, {
    method: 'POST', headers: { Authorization: `Bearer ${api.token}` }, body: new Uint8Array(Buffer.from('{"name":"Ingen typ"}')),
  });
  assert.equal(res.status, 415);
  const p = problem(await apiEn.call('PATCH', `/api/v1/systems/${seed.system.id}`, '{"name":"x"}', { 'Content-Type': 'text/csv' }), 415);
  assert.equal(p.detail, tr(EN, 'Send the body as JSON (Content-Type: application/json).'));
});

test('unknown fields are 422 naming each', async () => {
  const r = await api.post('/api/v1/systems', { name: 'Okänt fält', colour: 'red', Owner_ID: 1 });
  assert.deepEqual(fieldErrors(r), expect(SV, [['colour', 'Unknown field.'], ['Owner_ID', 'Unknown field.']]));
  const e = await apiEn.patch(`/api/v1/people/${seed.person.id}`, { password: 'x' });
  e.lang = EN;
  assert.deepEqual(fieldErrors(e), expect(EN, [['password', 'Unknown field.']]));
});

test('wrong JSON types are 422 per field', async () => {
  const r = await api.post('/api/v1/systems', {
    name: 5, users_count: '12', ot: 1, after_hours_agreement: 'yes', depends_on_ids: 5,
    information_asset_ids: ['1'], owner_id: '1', lifecycle: true,
  });
  assert.deepEqual(fieldErrors(r), expect(SV, [
    ['name', 'Expected text.'],
    ['users_count', 'Expected a whole number.'],
    ['ot', 'Expected true or false.'],
    ['after_hours_agreement', 'Expected true or false.'],
    ['depends_on_ids', 'Expected a list of record numbers.'],
    ['information_asset_ids', 'Expected a list of record numbers.'],
    ['owner_id', 'Expected a whole number.'],
    ['lifecycle', 'Expected text.'],
  ]));
  const r2 = await api.post('/api/v1/systems', { name: 'Typer', users_count: 1.5, ot: null, depends_on_ids: { a: 1 } });
  assert.deepEqual(fieldErrors(r2), expect(SV, [
    ['users_count', 'Expected a whole number.'],
    ['ot', 'Expected true or false.'],
    ['depends_on_ids', 'Expected a list of record numbers.'],
  ]));
  const e = await apiEn.post('/api/v1/processes', { name: 'Typer', critical: 'true' });
  e.lang = EN;
  assert.deepEqual(fieldErrors(e), expect(EN, [['critical', 'Expected true or false.']]));
});

test('values out of range, too long, not in the list, bad dates, e-mail and references are 422 per field', async () => {
  const long = 'å'.repeat(201); // characters, not bytes, are counted
  let r = await api.post('/api/v1/systems', {
    name: long, users_count: -1, lifecycle: 'scrapped', support_hours: 'nights',
    owner_id: 99999, administrator_id: 0, information_asset_ids: [99998], depends_on_ids: [seed.system.id, 99997],
  });
  assert.deepEqual(fieldErrors(r), expect(SV, [
    ['name', 'Use at most %lld characters (now %zu).', 200, 201],
    ['users_count', 'Enter a number from %lld to %lld.', 0, 10000000],
    ['lifecycle', 'Choose one of the listed values.'],
    ['support_hours', 'Choose one of the listed values.'],
    ['owner_id', 'There is no %s number %lld.', tr(SV, 'Person'), 99999],
    ['administrator_id', 'Give the number of an existing record.'],
    ['information_asset_ids', 'There is no %s number %lld.', tr(SV, 'Information asset'), 99998],
    ['depends_on_ids', 'There is no %s number %lld.', tr(SV, 'System'), 99997],
  ]));
  r = await api.post('/api/v1/systems', { name: 'Stor', users_count: 10000001 });
  assert.deepEqual(fieldErrors(r), expect(SV, [['users_count', 'Enter a number from %lld to %lld.', 0, 10000000]]));
  // Exactly at the limits is fine — checked without writing: a bad field alongside.
  r = await api.post('/api/v1/systems', { name: 'å'.repeat(200), users_count: 10000000, colour: 1 });
  assert.deepEqual(fieldErrors(r), expect(SV, [['colour', 'Unknown field.']]));

  r = await api.post('/api/v1/agreements', {
    name: 'Datum', supplier_id: seed.supplier.id, kind: 'sla', start_date: '2024-02-30', end_date: '31/12/2024',
  });
  assert.deepEqual(fieldErrors(r), expect(SV, [
    ['start_date', 'Enter a date as YYYY-MM-DD.'], ['end_date', 'Enter a date as YYYY-MM-DD.'],
  ]));
  r = await api.post('/api/v1/agreements', {
    name: 'Ordning', supplier_id: seed.supplier.id, kind: 'sla', start_date: '2025-01-01', end_date: '2024-12-31',
  });
  assert.deepEqual(fieldErrors(r), expect(SV, [['end_date', 'The end date is before the start date.']]));
  r = await api.post('/api/v1/agreements', { name: 'Leverantör saknas', supplier_id: 4242, kind: 'licence' });
  assert.deepEqual(fieldErrors(r), expect(SV, [['supplier_id', 'There is no %s number %lld.', tr(SV, 'Supplier'), 4242]]));

  for (const email of ['petra@', 'petra', '@kommun.se', 'a b@kommun.se', 'a@b@kommun.se', 'a@kommun']) {
    r = await api.post('/api/v1/people', { name: 'Epost', email });
    assert.deepEqual(fieldErrors(r), expect(SV, [['email', 'Enter an e-mail address such as name@kommun.se.']]), email);
  }
  r = await api.post('/api/v1/people', { name: 'Dubblett 2', email: 'DUP@kommun.se' });
  assert.deepEqual(fieldErrors(r), expect(SV, [['email', 'Another record already has this value.']]));
  // Control characters are refused; line breaks only in long text.
  for (const name of ['Rad\nbrytning', 'Klocka\u0007', 'Del\u007f']) {
    r = await api.post('/api/v1/suppliers', { name });
    assert.deepEqual(fieldErrors(r), expect(SV, [['name', 'The text contains control characters.']]), JSON.stringify(name));
  }
  // A NUL cannot even be a JSON string here.
  const nul = problem(await api.post('/api/v1/suppliers', '{"name": "Nul\\u0000byte"}'), 400);
  assert.equal(nul.detail, malformed(SV, 1, 14, 'null character in string'));

  const e = await apiEn.post('/api/v1/systems', { name: 'x'.repeat(300), lifecycle: 'gone', owner_id: 88888 });
  e.lang = EN;
  assert.deepEqual(fieldErrors(e), expect(EN, [
    ['name', 'Use at most %lld characters (now %zu).', 200, 300],
    ['lifecycle', 'Choose one of the listed values.'],
    ['owner_id', 'There is no %s number %lld.', tr(EN, 'Person'), 88888],
  ]));
});

test('missing required fields are 422', async () => {
  let r = await api.post('/api/v1/systems', {});
  assert.deepEqual(fieldErrors(r), expect(SV, [['name', 'This field is required.']]));
  r = await api.post('/api/v1/systems', { name: '   ' });
  assert.deepEqual(fieldErrors(r), expect(SV, [['name', 'This field is required.']]), 'blank is missing');
  r = await api.post('/api/v1/agreements', {});
  assert.deepEqual(fieldErrors(r), expect(SV, [
    ['name', 'This field is required.'], ['supplier_id', 'This field is required.'], ['kind', 'This field is required.'],
  ]));
  r = await api.post('/api/v1/role-assignments', { role: 'auditor' });
  assert.deepEqual(fieldErrors(r), expect(SV, [['person_id', 'This field is required.']]));
  r = await api.patch(`/api/v1/systems/${seed.system.id}`, { name: null, lifecycle: null });
  assert.deepEqual(fieldErrors(r), expect(SV, [['name', 'This field is required.'], ['lifecycle', 'This field is required.']]));
  const e = await apiEn.post('/api/v1/users', { lang: 'en' });
  e.lang = EN;
  assert.deepEqual(fieldErrors(e), expect(EN, [['username', 'This field is required.']]));
});

test('a JSON body over 1 MiB is 413 with a clear message', async () => {
  const body = JSON.stringify({ name: 'Stor', purpose: 'x'.repeat(1024 * 1024 + 10) });
  const p = problem(await api.post('/api/v1/systems', body), 413);
  assert.equal(p.detail, tr(SV, TOO_LARGE));
  const e = problem(await apiEn.post('/api/v1/systems', body), 413);
  assert.equal(e.detail, tr(EN, TOO_LARGE));
  // A web form over 1 MiB as well.
  const w = await web.post('/systems', { name: 'Stor', purpose: 'y'.repeat(1024 * 1024 + 10) });
  assert.equal(w.status, 413);
  assert.ok(htmlText(w.text).includes(tr(SV, TOO_LARGE)));
});

test('an upload over 10 MiB is 413; one under it is read', async () => {
  const big = Buffer.alloc(10 * 1024 * 1024 + 1024, 0x41);
  let r = await uploadFile(web, '/systems/import', big, { filename: 'stor.csv' });
  assert.equal(r.status, 413);
  assert.ok(htmlText(r.text).includes(tr(SV, TOO_LARGE)));
  r = await uploadFile(webEn, '/systems/import', big, { filename: 'stor.csv' });
  assert.equal(r.status, 413);
  assert.ok(htmlText(r.text).includes(tr(EN, TOO_LARGE)));
  // 2 MiB is more than a form may be but fine for an upload: it gets checked.
  const rows = Array.from({ length: 700 }, (_, i) => `Stor fil ${i},${'z'.repeat(3000)},x`);
  const two = Buffer.from(['name,purpose,colour', ...rows, ''].join('\n'));
  assert.ok(two.length > 2 * 1024 * 1024);
  r = await uploadFile(web, '/systems/import', two, { filename: 'bred.csv' });
  assert.equal(r.status, 422);
  const t = htmlText(r.text);
  assert.ok(t.includes(tr(SV, 'Unknown column. Use the field names of the export or the field labels.')));
});

test('invalid list parameters are 400 for the API', async () => {
  const cases = [
    ['sort=colour', 'sort', tr(SV, 'The list cannot be sorted on that.')],
    ['sort=-purpose', 'sort', tr(SV, 'The list cannot be sorted on that.')],
    ['page=0', 'page', tr(SV, 'The page must be a whole number of at least 1.')],
    ['page=-3', 'page', tr(SV, 'The page must be a whole number of at least 1.')],
    ['page=abc', 'page', tr(SV, 'The page must be a whole number of at least 1.')],
    ['limit=1000', 'limit', tr(SV, 'The limit must be a whole number from 1 to %d.', 500)],
    ['limit=0', 'limit', tr(SV, 'The limit must be a whole number from 1 to %d.', 500)],
    ['lifecycle=scrapped', 'lifecycle', `${tr(SV, 'Lifecycle')}: ${tr(SV, 'Choose one of the listed values.')}`],
    ['owner_id=abc', 'owner_id', `${tr(SV, 'System owner')}: ${tr(SV, 'Give the number of an existing record.')}`],
    ['owner_id=77777', 'owner_id', `${tr(SV, 'System owner')}: ${tr(SV, 'There is no %s number %lld.', tr(SV, 'Person'), 77777)}`],
    ['ot=maybe', 'ot', `${tr(SV, 'Industrial control system (OT)')}: ${tr(SV, 'Answer yes or no.')}`],
    [`q=${'s'.repeat(201)}`, 'q', tr(SV, 'The search text is too long (at most 200 characters).')],
  ];
  for (const [qs, field, message] of cases) {
    const p = problem(await api.get(`/api/v1/systems?${qs}`), 400);
    assert.equal(p.title, tr(SV, 'The query is not valid'), qs);
    assert.deepEqual(p.errors, [{ field, message }], qs);
  }
  const e = problem(await apiEn.get('/api/v1/systems?sort=colour&limit=1000'), 400);
  assert.deepEqual(e.errors, [
    { field: 'limit', message: tr(EN, 'The limit must be a whole number from 1 to %d.', 500) },
    { field: 'sort', message: tr(EN, 'The list cannot be sorted on that.') },
  ]);
  // The web list shows the reason instead of failing.
  const w = await web.get('/systems?sort=colour');
  assert.equal(w.status, 200);
  assert.ok(htmlText(w.text).includes(tr(SV, 'The list cannot be sorted on that.')));
});

function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

test('the web form answers bad input with 422, each field\'s message and the typed values kept', async () => {
  const name = 'N'.repeat(205);
  const purpose = 'Syfte med <tecken> & "citat"';
  let r = await web.post('/systems', { name, purpose, users_count: 'många', lifecycle: 'scrapped', owner_id: '99999' });
  assert.equal(r.status, 422);
  const text = htmlText(r.text);
  for (const m of [
    tr(SV, 'Use at most %lld characters (now %zu).', 200, 205),
    tr(SV, 'Enter a whole number.'),
    tr(SV, 'Choose one of the listed values.'),
    tr(SV, 'There is no %s number %lld.', tr(SV, 'Person'), 99999),
  ]) assert.ok(text.includes(m), `page shows "${m}"`);
  assert.ok(r.text.includes(`value="${name}"`), 'the typed name is kept');
  assert.ok(r.text.includes(escapeHtml(purpose)), 'the typed purpose is kept (escaped)');
  assert.ok(r.text.includes('value="många"'), 'the typed number is kept');
  assert.match(r.text, /<html lang="sv"/);
  // The form can be sent again: it still carries the CSRF token.
  assert.match(r.text, /name="_csrf" value="[^"]+"/);

  r = await web.post('/agreements', { name: 'Datumavtal', supplier_id: String(seed.supplier.id), kind: 'sla', start_date: '2024-13-01', end_date: 'igår' });
  assert.equal(r.status, 422);
  assert.ok(htmlText(r.text).includes(tr(SV, 'Enter a date as YYYY-MM-DD.')));
  assert.ok(r.text.includes('value="2024-13-01"') && r.text.includes('value="igår"') && r.text.includes('value="Datumavtal"'));
  r = await web.post('/agreements', { name: '', supplier_id: '', kind: 'sla', reference: 'Dnr 1/2025' });
  assert.equal(r.status, 422);
  assert.equal(htmlText(r.text).split(tr(SV, 'This field is required.')).length - 1 >= 2, true, 'name and supplier are required');
  assert.ok(r.text.includes('value="Dnr 1/2025"'));

  r = await web.post(`/people/${seed.person.id}`, { name: seed.person.name, email: 'inte-en-adress', kind: 'employee', active: '1' });
  assert.equal(r.status, 422);
  assert.ok(htmlText(r.text).includes(tr(SV, 'Enter an e-mail address such as name@kommun.se.')));
  assert.ok(r.text.includes('value="inte-en-adress"'));

  // In English for a user whose language is English.
  r = await webEn.post('/systems', { name, users_count: '-5' });
  assert.equal(r.status, 422);
  assert.match(r.text, /<html lang="en"/);
  const et = htmlText(r.text);
  assert.ok(et.includes(tr(EN, 'Use at most %lld characters (now %zu).', 200, 205)));
  assert.ok(et.includes(tr(EN, 'Enter a number from %lld to %lld.', 0, 10000000)));
  assert.ok(r.text.includes('value="-5"'));
  // Where Swedish has its own translation, the Swedish page must not show the English text.
  const msgid = 'Use at most %lld characters (now %zu).';
  if (translated(SV, msgid)) {
    const sv = await web.post('/systems', { name });
    assert.ok(!htmlText(sv.text).includes(tr(EN, msgid, 200, 205)), 'Swedish page is not in English');
  }
});

const BAD_URL = 'The address is malformed (a per cent sign not followed by two hexadecimal digits, or a NUL character).';
const BAD_FORM = 'The form data is malformed (a per cent sign not followed by two hexadecimal digits, a NUL character, or too many fields). Nothing was saved.';

test('a path or query with %00 or a malformed %-escape is 400 with a clear message', async () => {
  const urls = ['/systems%00', '/systems%00.csv', '/systems/%zz', '/syst%4', '/%', `/systems/${seed.system.id}%00`,
    '/systems?q=%00', '/systems?q=%zz', '/systems?q=a%4', '/systems?%zz=1', '/login?next=%', '/gaps?x=1&y=%00'];
  for (const u of urls) {
    const r = await web.get(u);
    assert.equal(r.status, 400, u);
    assert.ok(htmlText(r.text).includes(tr(SV, BAD_URL)), `${u}: ${htmlText(r.text).slice(0, 300)}`);
    const e = await webEn.get(u);
    assert.equal(e.status, 400, u);
    assert.ok(htmlText(e.text).includes(tr(EN, BAD_URL)), u);
  }
  // Not logged in: the same, before the login page would be offered.
  const anon = await new Browserless(srv.url).request('GET', '/systems?q=%zz', { headers: { 'Accept-Language': 'en' } });
  assert.equal(anon.status, 400);
  assert.ok(htmlText(anon.text).includes(tr(EN, BAD_URL)));
  // The API answers problem+json; a change sent to a bad address is not made.
  for (const u of ['/api/v1/systems%00', '/api/v1/systems?q=%00', '/api/v1/systems?q=%e', `/api/v1/systems/${seed.system.id}?x=%G0`])
    assert.equal(problem(await api.get(u), 400).detail, tr(SV, BAD_URL), u);
  assert.equal(problem(await api.post('/api/v1/systems?x=%0', { name: 'Via dålig adress' }), 400).detail, tr(SV, BAD_URL));
  assert.equal(problem(await apiEn.call('PATCH', `/api/v1/systems/${seed.system.id}%00`, { name: 'Ändrad' }), 400).detail,
    tr(EN, BAD_URL));
  // Well-formed escapes still work, '+' in a query is a space.
  const ok = await api.get('/api/v1/systems?q=Seed+Syst%65m');
  assert.equal(ok.status, 200);
  assert.equal(ok.json.total, 1);
  assert.equal((await web.get(`/syst%65ms/${seed.system.id}`)).status, 200);
});

test('a form body with %00, a raw NUL or a malformed %-escape is 400 and saves nothing', async () => {
  const form = 'application/x-www-form-urlencoded';
  const bodies = (csrf) => [`_csrf=${csrf}&name=Bad%00System`, `_csrf=${csrf}&name=Bad%zzSystem`, `_csrf=${csrf}&name=Bad%4`,
    `_csrf=${csrf}&name=Bad%`, `_csrf=${csrf}&name%00=x`, `_csrf=${csrf}&name=Bad\0System`, `_csrf=${csrf}&name=ok&purpose=%0`];
  for (const [c, lang] of [[web, SV], [webEn, EN]]) {
    for (const body of bodies(c.csrf)) {
      for (const path of ['/systems', `/systems/${seed.system.id}`]) {
        const r = await c.request('POST', path, { body, headers: { 'Content-Type': form } });
        assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}`);
        assert.ok(htmlText(r.text).includes(tr(lang, BAD_FORM)), `${path} ${JSON.stringify(body)}`);
      }
    }
  }
  // The login form as well.
  const login = await new Browserless(srv.url).request('POST', '/login',
    { body: 'username=admin&password=%zz', headers: { 'Content-Type': form, 'Accept-Language': 'en' } });
  assert.equal(login.status, 400);
  assert.ok(htmlText(login.text).includes(tr(EN, BAD_FORM)));
});

test('none of the bad requests above wrote anything', async () => {
  assert.deepEqual(await counts(), snapshot);
  const s = (await api.get(`/api/v1/systems/${seed.system.id}`)).json;
  assert.equal(s.name, 'Seed System');
  assert.equal(s.owner_id, seed.person.id);
  assert.equal(s.lifecycle, 'in_use');
  assert.equal((await api.get(`/api/v1/people/${seed.person.id}`)).json.email, null);
});

test('a user switched to English by an administrator gets English messages', async () => {
  const r = cli(['user', 'add', '--db', env.db, '--user', 'sven', '--name', 'Sven Svensson', '--role', 'coordinator'],
    { TILLIT_PASSWORD: 'sven-password-123' });
  assert.equal(r.status, 0, r.stderr);
  const sven = new Api(srv.url, token(env.db, 'sven'));
  assert.equal((await sven.get('/api/v1/me')).json.lang, 'sv');
  const body = { name: 'x'.repeat(250), colour: 1 };
  let e = await sven.post('/api/v1/systems', body);
  assert.deepEqual(fieldErrors(e), expect(SV, [['name', 'Use at most %lld characters (now %zu).', 200, 250], ['colour', 'Unknown field.']]));

  const users = (await api.get('/api/v1/users?q=sven')).json.items;
  assert.equal(users.length, 1);
  const p = await api.patch(`/api/v1/users/${users[0].id}`, { lang: 'en' });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.lang, 'en');
  assert.equal((await sven.get('/api/v1/me')).json.lang, 'en');
  e = await sven.post('/api/v1/systems', body);
  e.lang = EN;
  assert.deepEqual(fieldErrors(e), expect(EN, [['name', 'Use at most %lld characters (now %zu).', 200, 250], ['colour', 'Unknown field.']]));
  // An invalid language is refused like any other value.
  const bad = await api.patch(`/api/v1/users/${users[0].id}`, { lang: 'fi' });
  assert.deepEqual(fieldErrors(bad), expect(SV, [['lang', 'Choose one of the listed values.']]));
});
