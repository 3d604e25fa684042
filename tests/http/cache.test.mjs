// Kept responses (issue 11): the common pages carry an ETag and answer
// If-None-Match with 304; a change to a table a page reads gives it a new
// one at once, a change to another table or a login leaves it as it was;
// what is kept is kept per reader, so no one is ever served what another
// reader may see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, Browserless, token, addUser, htmlText } from '../lib/tillit.mjs';

let env, srv, api, web;

before(async () => {
  env = freshDb();
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  web = new Browserless(srv.url);
  await web.login();
});

after(async () => {
  const { code } = await srv.stop();
  env.cleanup();
  assert.equal(code, 0);
});

async function etagOf(client, path) {
  const r = client instanceof Api ? await client.get(path) : await client.get(path);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  const e = r.headers.get('etag');
  assert.ok(e, `${path} has an ETag`);
  return { etag: e, text: r.text, headers: r.headers };
}

const PAGES = ['/', '/gaps', '/systems', '/suppliers', '/risk', '/action-plan', '/soa', '/soa/iso27001'];

test('the common pages carry an ETag; If-None-Match answers 304 with no body', async () => {
  for (const path of PAGES) {
    const first = await etagOf(web, path);
    const again = await etagOf(web, path);
    assert.equal(again.etag, first.etag, path);
    assert.equal(again.text, first.text, path);
    assert.match(first.headers.get('cache-control'), /private, no-cache/, path);
    const r = await web.request('GET', path, { headers: { 'If-None-Match': first.etag } });
    assert.equal(r.status, 304, path);
    assert.equal(r.text, '', path);
    const other = await web.request('GET', path, { headers: { 'If-None-Match': '"0000000000000000"' } });
    assert.equal(other.status, 200, path);
  }
  for (const path of ['/api/v1/systems', '/api/v1/gaps']) {
    const r = await api.get(path);
    assert.equal(r.status, 200);
    const e = r.headers.get('etag');
    assert.ok(e);
    assert.equal((await api.call('GET', path, undefined, { 'If-None-Match': e })).status, 304, path);
  }
});

test('a change to a table a page reads moves it at once; a change to another table does not', async () => {
  const sys = await api.create('systems', { name: 'Cachesystemet' });
  const list1 = await etagOf(web, '/systems');
  const risk1 = await etagOf(web, '/risk');
  const dash1 = await etagOf(web, '/');
  assert.ok(htmlText(list1.text).includes('Cachesystemet'));
  assert.equal((await api.patch(`/api/v1/systems/${sys.id}`, { name: 'Döpt om' })).status, 200);
  const list2 = await etagOf(web, '/systems');
  assert.notEqual(list2.etag, list1.etag);
  assert.ok(htmlText(list2.text).includes('Döpt om'), 'the new name at once');
  assert.ok(!htmlText(list2.text).includes('Cachesystemet'));
  assert.equal((await web.request('GET', '/systems', { headers: { 'If-None-Match': list1.etag } })).status, 200);
  // The risk overview reads no systems.
  assert.equal((await etagOf(web, '/risk')).etag, risk1.etag);
  // The overview counts systems and lists their gaps: it moved too.
  const dash2 = await etagOf(web, '/');
  assert.notEqual(dash2.etag, dash1.etag);
  // A supplier is read by the system list (its names) but not by the
  // risk overview.
  await api.create('suppliers', { name: 'Ny leverantör' });
  assert.notEqual((await etagOf(web, '/systems')).etag, list2.etag);
  assert.equal((await etagOf(web, '/risk')).etag, risk1.etag);
  // A gap fixed shows on the gap list at once.
  const gaps1 = await etagOf(web, '/gaps?kind=system_without_owner');
  assert.ok(htmlText(gaps1.text).includes('Döpt om'));
  const owner = await api.create('people', { name: 'Ägaren' });
  await api.patch(`/api/v1/systems/${sys.id}`, { owner_id: owner.id });
  const gaps2 = await etagOf(web, '/gaps?kind=system_without_owner');
  assert.ok(!htmlText(gaps2.text).includes('Döpt om'));
});

test('a login, another session or a page view leaves every kept page valid', async () => {
  const before = {};
  for (const path of PAGES) before[path] = (await etagOf(web, path)).etag;
  const other = new Browserless(srv.url);
  await other.login();
  for (const path of PAGES) await other.get(path);
  const wrong = await fetch(`${srv.url}/login`, { method: 'POST', redirect: 'manual' });
  assert.ok(wrong.status >= 300);
  for (const path of PAGES) {
    const r = await web.request('GET', path, { headers: { 'If-None-Match': before[path] } });
    assert.equal(r.status, 304, path);
  }
});

test('kept per reader: another role never gets a page kept for someone else, and a role taken away counts at once', async () => {
  addUser(env.db, 'cache-employee', 'employee');
  addUser(env.db, 'cache-coordinator', 'coordinator');
  const asset = await api.create('information-assets', { name: 'Hemligt register' });
  assert.ok(asset.id);
  const co = new Browserless(srv.url);
  await co.login('cache-coordinator', 'cache-coordinator-password-123');
  const emp = new Browserless(srv.url);
  await emp.login('cache-employee', 'cache-employee-password-123');
  for (const path of ['/', '/gaps']) {
    const c = await co.get(path);
    assert.ok(htmlText(c.text).includes('Hemligt register'), `coordinator sees it on ${path}`);
    const e = await emp.get(path);
    assert.ok(!e.text.includes('Hemligt register'), `employee does not on ${path}`);
    // Not even with the coordinator's validator.
    const x = await emp.request('GET', path, { headers: { 'If-None-Match': c.headers.get('etag') } });
    assert.equal(x.status, 200, path);
    assert.ok(!x.text.includes('Hemligt register'));
  }
  // The coordinator's role is taken away: the kept pages are no longer
  // hers, and what she may not read is not served from them.
  assert.equal((await co.get('/information-assets')).status, 200);
  const me = (await new Api(srv.url, token(env.db, 'cache-coordinator')).get('/api/v1/me')).json;
  const roles = await api.items('role-assignments', `&person_id=${me.person_id}`);
  for (const ra of roles) assert.equal((await api.del(`/api/v1/role-assignments/${ra.id}`)).status, 204);
  assert.equal((await co.get('/information-assets')).status, 403);
  assert.ok(!(await co.get('/')).text.includes('Hemligt register'));
});

test('two readers served alternately each keep their pages: no page is made again', async () => {
  // Kept pages are kept per reader; two people taking turns must not push
  // each other's pages out or be served each other's.
  addUser(env.db, 'turvis', 'employee');
  const g = new Browserless(srv.url);
  await g.login('turvis', 'turvis-password-123');
  const a1 = await web.get('/systems');
  const b1 = await g.get('/systems');
  assert.equal(a1.status, 200);
  assert.equal(b1.status, 200);
  assert.notEqual(a1.headers.get('etag'), b1.headers.get('etag'), 'each reader has a page of their own');
  for (let i = 0; i < 3; i++) {
    const a = await web.get('/systems');
    const b = await g.get('/systems');
    assert.equal(a.headers.get('x-tillit-cache'), 'hit', `first reader, round ${i}`);
    assert.equal(b.headers.get('x-tillit-cache'), 'hit', `second reader, round ${i}`);
    assert.equal(a.text, a1.text);
    assert.equal(b.text, b1.text);
  }
  // A change to what the page reads makes both pages again.
  await web.post('/systems', { name: 'Turordningssystemet', lifecycle: 'in_use' });
  const a2 = await web.get('/systems');
  const b2 = await g.get('/systems');
  assert.equal(a2.headers.get('x-tillit-cache'), 'miss');
  assert.equal(b2.headers.get('x-tillit-cache'), 'miss');
  assert.ok(htmlText(a2.text).includes('Turordningssystemet'));
  assert.equal((await g.get('/systems')).headers.get('x-tillit-cache'), 'hit');
});

test('the page after saving, with its message for the one who saved, is never kept nor served from what was kept', async () => {
  // Two readers with the same rights (both administrators).
  addUser(env.db, 'admin2', 'admin');
  const other = new Browserless(srv.url);
  await other.login('admin2', 'admin2-password-123');
  await web.get('/units/new');
  const r = await web.post('/units', { name: 'Meddelandeenheten', kind: 'department', _return: '/units' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/units?done=created');
  const mine = await web.get('/units?done=created');
  const flash = (t) => htmlText((t.match(/<div class="flash"[\s\S]*?<\/div>/) || [''])[0]);
  assert.ok(flash(mine.text).includes('Meddelandeenheten'), 'the one who saved sees the message naming the record');
  assert.equal(mine.headers.get('x-tillit-cache'), null, 'made for this request only');
  // The other reader, at the same address: no message that is not theirs.
  const theirs = await other.get('/units?done=created');
  assert.equal(theirs.status, 200);
  assert.ok(!flash(theirs.text).includes('Meddelandeenheten'), 'no one else\'s message');
  assert.equal(theirs.headers.get('x-tillit-cache'), null);
});
