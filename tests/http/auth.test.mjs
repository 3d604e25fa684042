// Authentication and request protection: login and its cookies, the
// throttling of failed logins, the login form's token, CSRF on forms and on
// the API, bearer tokens, redirects to the login page and back, logout,
// disabled accounts, revoked tokens, password changes, security headers and
// how passwords are stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN_PASSWORD, freshDb, startServer, addUser, token, cli, sqlite, sqliteJson, tr, Api, Browserless,
} from '../lib/tillit.mjs';

// Three servers: plain (A), --secure-cookies (S) and --trust-proxy (P),
// each on its own database so that failed logins on one do not count on
// another. On P every test uses addresses of its own (X-Forwarded-For).
let A, S, P, admin;
const passwords = new Set([ADMIN_PASSWORD]);

function user(db, name, role = 'coordinator') {
  const pw = addUser(db, name, role);
  passwords.add(pw);
  return pw;
}

before(async () => {
  const dbA = freshDb(), dbS = freshDb(), dbP = freshDb();
  for (const name of ['leaver', 'changer', 'revoker', 'plain', 'other']) user(dbA.db, name);
  user(dbA.db, 'nobody', null);
  for (const name of ['locked', 'bystander', 'victim', 'proxied', 'wrongpw', 'racer', 'returner']) user(dbP.db, name);
  const adminToken = token(dbA.db);
  const nobodyToken = token(dbA.db, 'nobody');
  const [a, s, p] = await Promise.all([
    startServer(dbA.db), startServer(dbS.db, ['--secure-cookies']), startServer(dbP.db, ['--trust-proxy']),
  ]);
  A = { ...dbA, srv: a, url: a.url, nobodyToken };
  S = { ...dbS, srv: s, url: s.url };
  P = { ...dbP, srv: p, url: p.url };
  admin = new Api(A.url, adminToken);
});

after(async () => {
  for (const x of [A, S, P]) {
    if (!x) continue;
    await x.srv.stop();
    x.cleanup();
  }
});

// ---- helpers ------------------------------------------------------------

// The login page's form token (and its cookie, kept in the client).
async function preToken(c, headers = {}) {
  const page = await c.request('GET', '/login', { headers });
  assert.equal(page.status, 200);
  return page.text.match(/name="_pre" value="([^"]+)"/)[1];
}

// One login attempt with a fresh client. Returns { c, res }.
async function attempt(url, username, password, { headers = {}, next = '/' } = {}) {
  const c = new Browserless(url);
  const pre = await preToken(c, headers);
  const res = await c.request('POST', '/login', { headers, form: { _pre: pre, username, password, next } });
  return { c, res };
}

// The Set-Cookie header for a cookie, as { value, attrs: Set(lower case) }.
function setCookie(res, name) {
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(';').map((s) => s.trim());
    if (pair.startsWith(`${name}=`))
      return { value: pair.slice(name.length + 1), attrs: new Set(attrs.map((x) => x.toLowerCase())), line };
  }
  return null;
}

const loginError = (html) => html.match(/class="error-summary"[^>]*><p>([^<]*)<\/p>/)?.[1];

async function webAs(url, name, password) {
  const c = new Browserless(url);
  await c.login(name, password);
  return c;
}

async function systemCount(name) {
  const r = await admin.get(`/api/v1/systems?q=${encodeURIComponent(name)}`);
  assert.equal(r.status, 200);
  return r.json.total;
}

// ---- login and its cookie ----------------------------------------------

test('login sets tillit_session HttpOnly, SameSite=Lax, Path=/ and not Secure', async () => {
  const { c, res } = await attempt(A.url, 'admin', ADMIN_PASSWORD);
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/');
  const sc = setCookie(res, 'tillit_session');
  assert.ok(sc, 'a session cookie');
  assert.ok(sc.value.length >= 20, 'a long random value');
  assert.ok(sc.attrs.has('httponly'), sc.line);
  assert.ok(sc.attrs.has('samesite=lax'), sc.line);
  assert.ok(sc.attrs.has('path=/'), sc.line);
  assert.ok(!sc.attrs.has('secure'), sc.line);
  // The login form's cookie is done with.
  assert.match(setCookie(res, 'tillit_pre').line, /Max-Age=0/);
  assert.equal((await c.get('/')).status, 200);
  // Only a hash of the cookie is stored.
  assert.equal(sqlite(A.db, `SELECT count(*) FROM sessions WHERE token_hash = '${sc.value}'`).trim(), '0');
});

test('serve --secure-cookies marks the cookies Secure', async () => {
  const { c, res } = await attempt(S.url, 'admin', ADMIN_PASSWORD);
  assert.equal(res.status, 303);
  const sc = setCookie(res, 'tillit_session');
  assert.ok(sc.attrs.has('secure'), sc.line);
  assert.ok(sc.attrs.has('httponly') && sc.attrs.has('samesite=lax'), sc.line);
  const page = await new Browserless(S.url).get('/login');
  assert.ok(setCookie(page, 'tillit_pre').attrs.has('secure'));
  assert.equal((await c.get('/')).status, 200);
});

test('serve --trust-proxy with X-Forwarded-Proto: https marks the cookie Secure', async () => {
  const https = await attempt(P.url, 'proxied', 'proxied-password-123',
    { headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '10.9.0.1' } });
  assert.equal(https.res.status, 303);
  assert.ok(setCookie(https.res, 'tillit_session').attrs.has('secure'));
  const http = await attempt(P.url, 'proxied', 'proxied-password-123',
    { headers: { 'X-Forwarded-Proto': 'http', 'X-Forwarded-For': '10.9.0.1' } });
  assert.equal(http.res.status, 303);
  assert.ok(!setCookie(http.res, 'tillit_session').attrs.has('secure'));
  // Without --trust-proxy the header is ignored.
  const plain = await attempt(A.url, 'plain', 'plain-password-123', { headers: { 'X-Forwarded-Proto': 'https' } });
  assert.equal(plain.res.status, 303);
  assert.ok(!setCookie(plain.res, 'tillit_session').attrs.has('secure'));
});

test('a wrong password and an unknown user get the same 401 and no session', async () => {
  const headers = { 'X-Forwarded-For': '10.1.0.1' };
  const wrong = await attempt(P.url, 'wrongpw', 'not-the-password-1', { headers });
  const unknown = await attempt(P.url, 'no-such-user', 'not-the-password-1', { headers });
  assert.equal(wrong.res.status, 401);
  assert.equal(unknown.res.status, 401);
  assert.equal(setCookie(wrong.res, 'tillit_session'), null);
  assert.equal(setCookie(unknown.res, 'tillit_session'), null);
  assert.ok(loginError(wrong.res.text), 'an error message');
  assert.equal(loginError(wrong.res.text), loginError(unknown.res.text));
  assert.equal((await wrong.c.get('/')).status, 303);
});

// ---- throttling -----------------------------------------------------------

test('after 5 failed logins for an account the 6th attempt gets 429, even with the right password', async () => {
  const headers = { 'X-Forwarded-For': '10.2.0.1' };
  for (let i = 0; i < 5; i++) {
    const { res } = await attempt(P.url, 'locked', `wrong-password-${i}`, { headers });
    assert.equal(res.status, 401, `attempt ${i + 1}`);
  }
  const sixth = await attempt(P.url, 'locked', 'locked-password-123', { headers });
  assert.equal(sixth.res.status, 429);
  assert.match(sixth.res.headers.get('retry-after') || '', /^[1-9]\d*$/);
  assert.equal(setCookie(sixth.res, 'tillit_session'), null);
  // Per account: another address does not help ...
  const elsewhere = await attempt(P.url, 'locked', 'locked-password-123', { headers: { 'X-Forwarded-For': '10.2.0.2' } });
  assert.equal(elsewhere.res.status, 429);
  // ... and other accounts from the same address still log in.
  const other = await attempt(P.url, 'bystander', 'bystander-password-123', { headers });
  assert.equal(other.res.status, 303);
});

test('20 failed logins from one address block every account from that address', async () => {
  const headers = { 'X-Forwarded-For': '10.3.0.1' };
  const fails = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    attempt(P.url, `ghost${i}`, 'wrong-password-x', { headers })));
  assert.deepEqual(fails.map((f) => f.res.status), Array(20).fill(401));
  const blocked = await attempt(P.url, 'victim', 'victim-password-123', { headers });
  assert.equal(blocked.res.status, 429);
  assert.match(blocked.res.headers.get('retry-after') || '', /^[1-9]\d*$/);
  assert.equal(setCookie(blocked.res, 'tillit_session'), null);
  const fromElsewhere = await attempt(P.url, 'victim', 'victim-password-123', { headers: { 'X-Forwarded-For': '10.3.0.2' } });
  assert.equal(fromElsewhere.res.status, 303);
});

test('--trust-proxy counts the last X-Forwarded-For address, the one the proxy added', async () => {
  // A client that puts addresses of its own in front cannot spread its
  // failures over many "addresses": the proxy's entry (last) is the one kept.
  const fails = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    attempt(P.url, `spoof${i}`, 'wrong-password-x', { headers: { 'X-Forwarded-For': `192.0.2.${i + 1}, 10.5.0.1` } })));
  assert.deepEqual(fails.map((f) => f.res.status), Array(20).fill(401));
  const blocked = await attempt(P.url, 'proxied', 'proxied-password-123', { headers: { 'X-Forwarded-For': '198.51.100.7, 10.5.0.1' } });
  assert.equal(blocked.res.status, 429);
});

const LOCKED = 'Too many failed logins. Wait 15 minutes and try again.';
const failures = (db, key) => Number(sqlite(db, `SELECT count(*) FROM login_failures WHERE key = '${key}'`).trim());

test('wrong passwords sent in parallel are all counted: no more than 5 are tried', async () => {
  const headers = { 'X-Forwarded-For': '10.6.0.1' };
  const c = new Browserless(P.url);
  const pre = await preToken(c, headers);
  // One client, one form token: the 30 posts leave together.
  const all = await Promise.all(Array.from({ length: 30 }, (_, i) => c.request('POST', '/login',
    { headers, form: { _pre: pre, username: 'racer', password: `wrong-password-${i}`, next: '/' } })));
  const statuses = all.map((r) => r.status);
  assert.equal(statuses.filter((x) => x === 401).length, 5, statuses.join(' '));
  assert.equal(statuses.filter((x) => x === 429).length, 25, statuses.join(' '));
  assert.equal(failures(P.db, 'user:racer'), 5);
  assert.equal(failures(P.db, 'addr:10.6.0.1'), 5);
  const right = await attempt(P.url, 'racer', 'racer-password-123', { headers: { 'X-Forwarded-For': '10.6.0.2' } });
  assert.equal(right.res.status, 429);
  assert.equal(loginError(right.res.text), tr('sv', LOCKED));
  assert.equal(setCookie(right.res, 'tillit_session'), null);
  // A refused attempt is not written: the lockout does not grow by trying.
  assert.equal(failures(P.db, 'user:racer'), 5);
});

test('a right password takes back its own attempt: logins from one address never add up to a lockout', async () => {
  const headers = { 'X-Forwarded-For': '10.6.1.1' };
  for (let i = 0; i < 25; i++)
    assert.equal((await attempt(P.url, 'bystander', 'bystander-password-123', { headers })).res.status, 303);
  assert.equal(failures(P.db, 'addr:10.6.1.1'), 0);
  assert.equal(failures(P.db, 'user:bystander'), 0);
});

test('an administrator locked out by wrong passwords gets in again after `tillit user unlock`', async () => {
  const headers = { 'X-Forwarded-For': '10.7.0.1' };
  for (let i = 0; i < 5; i++)
    assert.equal((await attempt(P.url, 'admin', `someone-guessing-${i}`, { headers: { 'X-Forwarded-For': `10.7.1.${i}` } })).res.status, 401);
  const locked = await attempt(P.url, 'admin', ADMIN_PASSWORD, { headers });
  assert.equal(locked.res.status, 429);
  assert.equal(loginError(locked.res.text), tr('sv', LOCKED));

  const before = Number(sqlite(P.db, 'SELECT max(id) FROM audit').trim());
  const r = cli(['user', 'unlock', '--db', P.db, '--user', 'admin'], { USER: 'driftare' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), "User 'admin' unlocked: 5 failed logins cleared.");
  assert.equal(failures(P.db, 'user:admin'), 0);
  const entries = sqliteJson(P.db, `SELECT username, via, entity, record_id, action, changes FROM audit WHERE id > ${before}`);
  const [{ id: adminId }] = sqliteJson(P.db, "SELECT id FROM users WHERE username = 'admin'");
  assert.deepEqual(entries.map((e) => ({ ...e, changes: JSON.parse(e.changes) })), [{
    username: 'cli:driftare', via: 'cli', entity: 'users', record_id: adminId, action: 'unlock',
    changes: { failed_logins: [5, 0] },
  }]);
  const back = await attempt(P.url, 'admin', ADMIN_PASSWORD, { headers });
  assert.equal(back.res.status, 303);
  // The account's history says so, in words.
  const history = await back.c.get(`/users/${adminId}/history`);
  assert.equal(history.status, 200);
  assert.ok(history.text.includes(tr('sv', 'Failed logins cleared')));
  assert.ok(history.text.includes(tr('sv', 'Failed logins')));

  // Unlocking an account without failures writes nothing; an unknown name fails.
  const again = cli(['user', 'unlock', '--db', P.db, '--user', 'admin']);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout.trim(), "User 'admin' unlocked: 0 failed logins cleared.");
  assert.equal(sqliteJson(P.db, `SELECT count(*) AS n FROM audit WHERE action = 'unlock'`)[0].n, 1);
  const nobody = cli(['user', 'unlock', '--db', P.db, '--user', 'no-such-user']);
  assert.notEqual(nobody.status, 0);
  assert.match(nobody.stderr, /no user 'no-such-user'/);
});

test('`tillit user enable` clears the failed logins too', async () => {
  const headers = { 'X-Forwarded-For': '10.8.0.1' };
  assert.equal(cli(['user', 'disable', '--db', P.db, '--user', 'returner']).status, 0);
  // Even the right password fails while disabled, and counts.
  for (let i = 0; i < 5; i++)
    assert.equal((await attempt(P.url, 'returner', 'returner-password-123', { headers })).res.status, 401);
  assert.equal((await attempt(P.url, 'returner', 'returner-password-123', { headers })).res.status, 429);
  const r = cli(['user', 'enable', '--db', P.db, '--user', 'returner']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /User 'returner' enabled\.\n5 failed logins cleared\./);
  assert.equal((await attempt(P.url, 'returner', 'returner-password-123', { headers })).res.status, 303);
  assert.equal(sqliteJson(P.db, "SELECT count(*) AS n FROM audit WHERE action = 'unlock' AND changes = '{\"failed_logins\":[5,0]}'")[0].n, 2);
});

// ---- the login form's token -----------------------------------------------

test('login without the _pre token or with a mismatching tillit_pre cookie is refused (403)', async () => {
  const creds = { username: 'admin', password: ADMIN_PASSWORD, next: '/' };
  // No _pre field.
  const c1 = new Browserless(A.url);
  await preToken(c1);
  const r1 = await c1.request('POST', '/login', { form: creds });
  // A _pre that does not match the cookie.
  const c2 = new Browserless(A.url);
  const pre2 = await preToken(c2);
  c2.cookies.set('tillit_pre', pre2.slice(0, -4) + (pre2.endsWith('AAAA') ? 'BBBB' : 'AAAA'));
  const r2 = await c2.request('POST', '/login', { form: { ...creds, _pre: pre2 } });
  // A _pre without any cookie.
  const c3 = new Browserless(A.url);
  const pre3 = await preToken(c3);
  c3.cookies.delete('tillit_pre');
  const r3 = await c3.request('POST', '/login', { form: { ...creds, _pre: pre3 } });
  // Another visitor's token and cookie pair.
  const c4 = new Browserless(A.url);
  await preToken(c4);
  const r4 = await c4.request('POST', '/login', { form: { ...creds, _pre: pre3 } });
  for (const [i, r] of [r1, r2, r3, r4].entries()) {
    assert.equal(r.status, 403, `case ${i + 1}`);
    assert.equal(setCookie(r, 'tillit_session'), null, `case ${i + 1}`);
  }
});

// ---- CSRF -------------------------------------------------------------------

test('forms without _csrf or with a wrong _csrf are refused (403) and change nothing', async () => {
  const c = await webAs(A.url, 'admin', ADMIN_PASSWORD);
  const good = c.csrf;
  assert.ok(good);
  const id = (await admin.post('/api/v1/systems', { name: 'CSRF target' })).json.id;
  const other = await webAs(A.url, 'other', 'other-password-123');
  const attempts = [
    ['create without _csrf', '/systems', { name: 'csrf-no-token', lifecycle: 'in_use' }, null],
    ['create with a wrong _csrf', '/systems', { name: 'csrf-wrong-token', lifecycle: 'in_use', _csrf: 'x'.repeat(good.length) }],
    ['create with an empty _csrf', '/systems', { name: 'csrf-empty-token', lifecycle: 'in_use', _csrf: '' }],
    ["create with another session's _csrf", '/systems', { name: 'csrf-other-token', lifecycle: 'in_use', _csrf: other.csrf }],
    ['update without _csrf', `/systems/${id}`, { name: 'csrf-renamed', lifecycle: 'in_use' }, null],
    ['update with a wrong _csrf', `/systems/${id}`, { name: 'csrf-renamed', lifecycle: 'in_use', _csrf: good.slice(1) }],
    ['delete without _csrf', `/systems/${id}/delete`, {}, null],
    ['delete with a wrong _csrf', `/systems/${id}/delete`, { _csrf: 'nope' }],
    ['organisation without _csrf', '/organisation', { name: 'csrf-org', kind: 'municipality' }, null],
    ['logout without _csrf', '/logout', {}, null],
  ];
  for (const [label, path, form, token] of attempts) {
    c.csrf = token === null ? null : good;
    const r = await c.post(path, form);
    c.csrf = good;
    assert.equal(r.status, 403, label);
  }
  assert.deepEqual(await Promise.all(['csrf-no-token', 'csrf-wrong-token', 'csrf-empty-token', 'csrf-other-token']
    .map(systemCount)), [0, 0, 0, 0]);
  const target = await admin.get(`/api/v1/systems/${id}`);
  assert.equal(target.status, 200);
  assert.equal(target.json.name, 'CSRF target');
  assert.notEqual((await admin.get('/api/v1/organisation')).json.name, 'csrf-org');
  // Still logged in, and with the right token the same form works.
  assert.equal((await c.get('/')).status, 200);
  const ok = await c.post('/systems', { name: 'csrf-good-token', lifecycle: 'in_use' });
  assert.equal(ok.status, 303);
  assert.equal(await systemCount('csrf-good-token'), 1);
});

test('the API with a session cookie needs X-CSRF-Token for changes; bearer tokens do not', async () => {
  const c = await webAs(A.url, 'admin', ADMIN_PASSWORD);
  const id = (await admin.post('/api/v1/systems', { name: 'API CSRF' })).json.id;
  const json = { 'Content-Type': 'application/json' };
  const patch = (headers, name) => c.request('PATCH', `/api/v1/systems/${id}`,
    { headers: { ...json, ...headers }, body: JSON.stringify({ name }) });
  assert.equal((await c.get(`/api/v1/systems/${id}`)).status, 200, 'reading needs no token');
  const without = await patch({}, 'API CSRF without');
  assert.equal(without.status, 403);
  assert.equal(without.headers.get('content-type'), 'application/problem+json');
  assert.equal((await patch({ 'X-CSRF-Token': 'wrong' }, 'API CSRF wrong')).status, 403);
  const post = await c.request('POST', '/api/v1/systems',
    { headers: json, body: JSON.stringify({ name: 'api-csrf-created' }) });
  assert.equal(post.status, 403);
  assert.equal(await systemCount('api-csrf-created'), 0);
  assert.equal((await admin.get(`/api/v1/systems/${id}`)).json.name, 'API CSRF');
  const withHeader = await patch({ 'X-CSRF-Token': c.csrf }, 'API CSRF with');
  assert.equal(withHeader.status, 200);
  assert.equal((await admin.get(`/api/v1/systems/${id}`)).json.name, 'API CSRF with');
  // A bearer token needs no CSRF token.
  const bearer = await admin.patch(`/api/v1/systems/${id}`, { name: 'API CSRF bearer' });
  assert.equal(bearer.status, 200);
  assert.equal(bearer.json.name, 'API CSRF bearer');
  assert.equal((await admin.del(`/api/v1/systems/${id}`)).status, 204);
});

// ---- without credentials ---------------------------------------------------

test('the API without credentials answers 401 with WWW-Authenticate: Bearer as problem+json', async () => {
  const cases = [
    ['GET', '/api/v1/systems', {}],
    ['GET', '/api/v1/me', {}],
    ['POST', '/api/v1/systems', { 'Content-Type': 'application/json' }],
    ['GET', '/api/v1/systems', { Authorization: 'Bearer not-a-real-token' }],
    ['GET', '/api/v1/systems', { Authorization: 'Basic YWRtaW46eA==' }],
    ['GET', '/api/v1/systems', { Cookie: 'tillit_session=forged-session-value-0123456789' }],
  ];
  for (const [method, path, headers] of cases) {
    const res = await fetch(A.url + path, { method, headers, body: method === 'POST' ? '{"name":"x"}' : undefined });
    const label = `${method} ${path} ${JSON.stringify(headers)}`;
    assert.equal(res.status, 401, label);
    assert.match(res.headers.get('www-authenticate') || '', /^Bearer\b/, label);
    assert.equal(res.headers.get('content-type'), 'application/problem+json', label);
    const body = await res.json();
    assert.equal(body.status, 401, label);
  }
  assert.equal(await systemCount('x'), 0);
});

test('web pages without a session redirect (303) to /login?next=...', async () => {
  const cases = [['/systems', '/login?next=/systems'], ['/systems/1/edit', '/login?next=/systems/1/edit'],
    ['/audit', '/login?next=/audit'], ['/', '/login']];
  for (const [path, location] of cases) {
    const res = await fetch(A.url + path, { redirect: 'manual' });
    assert.equal(res.status, 303, path);
    assert.equal(res.headers.get('location'), location, path);
  }
  const post = await fetch(`${A.url}/systems`, {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'name=no-session-system&lifecycle=in_use',
  });
  assert.equal(post.status, 303);
  assert.match(post.headers.get('location'), /^\/login/);
  assert.equal(await systemCount('no-session-system'), 0);
});

test('next is honoured for local paths and ignored for other sites', async () => {
  const cases = [
    ['/systems', '/systems'], ['/systems/new?unit_id=1', '/systems/new?unit_id=1'],
    ['//evil.example', '/'], ['//evil.example/systems', '/'], ['http://evil.example', '/'],
    ['https://evil.example/x', '/'], ['/\\evil.example', '/'], ['evil.example', '/'], ['', '/'],
  ];
  const results = await Promise.all(cases.map(async ([next]) => {
    const { res } = await attempt(A.url, 'plain', 'plain-password-123', { next });
    return [next, res.status, res.headers.get('location')];
  }));
  assert.deepEqual(results, cases.map(([next, want]) => [next, 303, want]));
  // The login page carries next on only when it is local.
  const page = async (q) => (await new Browserless(A.url).get(`/login?next=${encodeURIComponent(q)}`)).text
    .match(/name="next" value="([^"]*)"/)[1];
  assert.equal(await page('/gaps'), '/gaps');
  assert.equal(await page('//evil.example'), '/');
  assert.equal(await page('http://evil.example'), '/');
  // Logged in already: /login?next= sends on, but only locally.
  const c = await webAs(A.url, 'plain', 'plain-password-123');
  assert.equal((await c.get('/login?next=/gaps')).headers.get('location'), '/gaps');
  assert.equal((await c.get(`/login?next=${encodeURIComponent('//evil.example')}`)).headers.get('location'), '/');
});

test('next with a control character or a backslash anywhere goes to "/", not to another site', async () => {
  // Browsers drop tab, CR and LF from a URL and read '\' as '/', so
  // "/\t/evil.example" would become "//evil.example": another site.
  // Each value is written as it travels in the form body.
  const bad = ['/%09/evil.example', '/%0D/evil.example', '/%0A/evil.example', '/%0D%0A/evil.example',
    '%09//evil.example', '/%01/evil.example', '/%1F/evil.example', '/%7F/evil.example', '/systems%09',
    '/%5Cevil', '/systems/%5C/evil.example', '/a%5C', '//evil', '/%2F/evil', '%2F%2Fevil', '/\\evil'];
  const ok = [['/systems%3Fq%3Da', '/systems?q=a'], ['/systems?q=a', '/systems?q=a'], ['/gaps', '/gaps'],
    ['/%2509/evil.example', '/%09/evil.example']];
  const results = await Promise.all([...bad.map((n) => [n, '/']), ...ok].map(async ([next, want]) => {
    const c = new Browserless(A.url);
    const pre = await preToken(c);
    const body = `_pre=${encodeURIComponent(pre)}&username=plain&password=plain-password-123&next=${next}`;
    const res = await c.request('POST', '/login', {
      body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    return { next, status: res.status, location: res.headers.get('location'), want };
  }));
  for (const r of results) {
    assert.equal(r.status, 303, `next=${r.next}`);
    assert.equal(r.location, r.want, `next=${r.next}`);
  }
  // The same on the login page (its hidden field and the language link),
  // when already logged in, and after choosing a language.
  const page = await new Browserless(A.url).get('/login?next=/%09/evil.example');
  assert.equal(page.text.match(/name="next" value="([^"]*)"/)[1], '/');
  const c = await webAs(A.url, 'plain', 'plain-password-123');
  for (const next of bad)
    assert.equal((await c.get(`/login?next=${next}`)).headers.get('location'), '/', `logged in, next=${next}`);
  assert.equal((await c.get('/login?next=/systems%3Fq%3Da')).headers.get('location'), '/systems?q=a');
  const lang = await new Browserless(A.url).request('POST', '/lang', {
    body: 'lang=en&next=/%09/evil.example', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(lang.status, 303);
  assert.equal(lang.headers.get('location'), '/');
});

// ---- ending sessions and tokens ---------------------------------------------

test('logout deletes the session: the old cookie no longer works', async () => {
  const c = await webAs(A.url, 'plain', 'plain-password-123');
  const old = c.cookies.get('tillit_session');
  const res = await c.post('/logout', {});
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/login');
  assert.match(setCookie(res, 'tillit_session').line, /Max-Age=0/);
  const replay = await fetch(`${A.url}/`, { headers: { Cookie: `tillit_session=${old}` }, redirect: 'manual' });
  assert.equal(replay.status, 303);
  assert.equal(replay.headers.get('location'), '/login');
  const api = await fetch(`${A.url}/api/v1/me`, { headers: { Cookie: `tillit_session=${old}` } });
  assert.equal(api.status, 401);
});

test('disabling a user ends their sessions and their tokens answer 401', async () => {
  const c = await webAs(A.url, 'leaver', 'leaver-password-123');
  const api = new Api(A.url, token(A.db, 'leaver'));
  assert.equal((await c.get('/')).status, 200);
  assert.equal((await api.get('/api/v1/me')).status, 200);
  const r = cli(['user', 'disable', '--db', A.db, '--user', 'leaver']);
  assert.equal(r.status, 0, r.stderr);
  const page = await c.get('/systems');
  assert.equal(page.status, 303);
  assert.equal(page.headers.get('location'), '/login?next=/systems');
  assert.equal((await api.get('/api/v1/me')).status, 401);
  assert.equal((await api.patch('/api/v1/organisation', { name: 'by a leaver' })).status, 401);
  assert.equal(sqlite(A.db, "SELECT count(*) FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'leaver')").trim(), '0');
  const again = await attempt(A.url, 'leaver', 'leaver-password-123');
  assert.equal(again.res.status, 401);
  assert.equal(setCookie(again.res, 'tillit_session'), null);
});

test('token revoke makes that token fail with 401', async () => {
  const made = cli(['token', 'create', '--db', A.db, '--user', 'revoker', '--name', 'to revoke']);
  assert.equal(made.status, 0, made.stderr);
  const id = made.stderr.match(/Token (\d+)/)[1];
  const doomed = new Api(A.url, made.stdout.trim());
  const kept = new Api(A.url, token(A.db, 'revoker'));
  assert.equal((await doomed.get('/api/v1/me')).status, 200);
  const r = cli(['token', 'revoke', '--db', A.db, '--id', id]);
  assert.equal(r.status, 0, r.stderr);
  const after = await doomed.get('/api/v1/me');
  assert.equal(after.status, 401);
  assert.match(after.headers.get('www-authenticate') || '', /^Bearer\b/);
  assert.equal((await doomed.post('/api/v1/systems', { name: 'by a revoked token' })).status, 401);
  assert.equal(await systemCount('by a revoked token'), 0);
  assert.equal((await kept.get('/api/v1/me')).status, 200, 'other tokens of the user still work');
});

test('changing the password ends the other sessions', async () => {
  const oldPw = 'changer-password-123', newPw = 'a-brand-new-password-456';
  passwords.add(newPw);
  const [a, b] = await Promise.all([webAs(A.url, 'changer', oldPw), webAs(A.url, 'changer', oldPw)]);
  await a.get('/account');
  // A wrong current password changes nothing.
  const wrong = await a.post('/account/password', { current: 'not-it-at-all-1', password: newPw, password_again: newPw });
  assert.equal(wrong.status, 422);
  assert.equal((await b.get('/')).status, 200);
  const res = await a.post('/account/password', { current: oldPw, password: newPw, password_again: newPw });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/login');
  const other = await b.get('/systems');
  assert.equal(other.status, 303);
  assert.equal(other.headers.get('location'), '/login?next=/systems');
  assert.equal((await attempt(A.url, 'changer', oldPw)).res.status, 401);
  assert.equal((await attempt(A.url, 'changer', newPw)).res.status, 303);
});

// ---- headers ------------------------------------------------------------------

test('security headers on HTML, JSON, redirects and errors', async () => {
  const c = await webAs(A.url, 'plain', 'plain-password-123');
  const none = new Browserless(A.url);
  const nobody = new Api(A.url, A.nobodyToken);
  const responses = {
    'HTML login page': await none.get('/login'),
    'HTML page': await c.get('/systems'),
    'JSON health': await fetch(`${A.url}/healthz`),
    'JSON API': await admin.get('/api/v1/me'),
    'redirect': await none.get('/systems'),
    'API 401': await fetch(`${A.url}/api/v1/systems`),
    'API 403': await nobody.get('/api/v1/systems'),
    'API 404': await admin.get('/api/v1/systems/999999'),
    'API 405': await admin.call('PUT', '/api/v1/systems'),
    'HTML 403': await webAs(A.url, 'nobody', 'nobody-password-123').then((x) => x.get('/systems')),
    'HTML 404': await c.get('/no-such-page'),
    'HTML 405': await none.request('DELETE', '/login'),
    'login 401': (await attempt(A.url, 'plain', 'wrong-password-123')).res,
    'stylesheet': await fetch(`${A.url}/static/tillit.css`),
  };
  const want = {
    'HTML login page': 200, 'HTML page': 200, 'JSON health': 200, 'JSON API': 200, 'redirect': 303,
    'API 401': 401, 'API 403': 403, 'API 404': 404, 'API 405': 405, 'HTML 403': 403, 'HTML 404': 404,
    'HTML 405': 405, 'login 401': 401, 'stylesheet': 200,
  };
  const problems = [];
  for (const [label, res] of Object.entries(responses)) {
    const h = res.headers;
    const csp = h.get('content-security-policy') || '';
    if (res.status !== want[label]) problems.push(`${label}: status ${res.status}`);
    if (!/(^|;)\s*default-src 'none'/.test(csp)) problems.push(`${label}: CSP ${csp}`);
    if (/unsafe-inline|unsafe-eval/.test(csp)) problems.push(`${label}: CSP allows unsafe code: ${csp}`);
    if (!/frame-ancestors 'none'/.test(csp)) problems.push(`${label}: CSP lets other sites frame the page`);
    if (h.get('x-content-type-options') !== 'nosniff') problems.push(`${label}: X-Content-Type-Options ${h.get('x-content-type-options')}`);
    if (h.get('x-frame-options') !== 'DENY') problems.push(`${label}: X-Frame-Options ${h.get('x-frame-options')}`);
    if (!/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/.test(h.get('referrer-policy') || ''))
      problems.push(`${label}: Referrer-Policy ${h.get('referrer-policy')}`);
  }
  assert.deepEqual(problems, []);
});

// ---- storage --------------------------------------------------------------------

test('passwords are stored as Argon2id hashes and never in the audit trail', async () => {
  // Last in the file: by now there have been logins, failures and a
  // password change.
  const rows = sqlite(A.db, "SELECT username || ' ' || coalesce(password_hash, '') FROM users ORDER BY id")
    .trim().split('\n').map((l) => l.split(' '));
  const withPw = rows.filter(([name]) => ['admin', 'leaver', 'changer', 'revoker', 'plain', 'other', 'nobody'].includes(name));
  assert.equal(withPw.length, 7);
  for (const [name, hash] of withPw) assert.match(hash || '', /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/, name);
  const audit = sqlite(A.db, 'SELECT * FROM audit');
  assert.match(audit, /"password"/, 'the password change is recorded ...');
  const dump = sqlite(A.db, '.dump');
  for (const pw of [...passwords, 'wrong-password-123', 'not-it-at-all-1']) {
    assert.ok(!audit.includes(pw), `... but not the password ${pw}`);
    assert.ok(!dump.includes(pw), `password ${pw} is nowhere in the database`);
  }
  for (const db of [S.db, P.db]) {
    const other = sqlite(db, '.dump');
    for (const pw of passwords) assert.ok(!other.includes(pw), `password ${pw} in ${db}`);
  }
});
