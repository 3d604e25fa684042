// Issue 11, the outside review: nothing past a limit is dropped silently.
// What input can reach is refused with a message in the user's language
// (looked up in po/*.po) and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  freshDb, startServer, Api, Browserless, token, addUser, tr, htmlText, auditCount,
} from '../lib/tillit.mjs';

let env, srv, api, apiEn, web;
const SV = 'sv', EN = 'en';

before(async () => {
  env = freshDb();
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  addUser(env.db, 'eva', 'admin', { name: 'Eva English', lang: 'en' });
  apiEn = new Api(srv.url, token(env.db, 'eva'));
  web = new Browserless(srv.url);
  await web.login();
});

after(async () => {
  const { code } = await srv.stop();
  env.cleanup();
  assert.equal(code, 0);
  // No internal check fired during any of it.
  assert.doesNotMatch(srv.stderr(), /internal check failed/);
});

function problem(r, status) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  return r.json;
}

test('a search of more words than a list query holds is refused, not cut short', async () => {
  await api.create('systems', { name: 'alfa beta gamma delta epsilon zeta eta theta' });
  const eight = 'alfa beta gamma delta epsilon zeta eta theta';
  let r = await api.get(`/api/v1/systems?q=${encodeURIComponent(eight)}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.total, 1);
  // A ninth word that matches nothing: searching only the first eight
  // would find the system.
  const nine = `${eight} zzz`;
  const p = problem(await api.get(`/api/v1/systems?q=${encodeURIComponent(nine)}`), 400);
  assert.deepEqual(p.errors, [{ field: 'q', message: tr(SV, 'Search for at most %d words at a time.', 8) }]);
  const e = problem(await apiEn.get(`/api/v1/systems?q=${encodeURIComponent('a b c d e f g h i')}`), 400);
  assert.deepEqual(e.errors, [{ field: 'q', message: tr(EN, 'Search for at most %d words at a time.', 8) }]);
  // Runs of spaces are one separator, as the search counts them.
  r = await api.get(`/api/v1/systems?q=${encodeURIComponent(`  ${eight.replace(/ /g, '   ')}  `)}`);
  assert.equal(r.status, 200);
  // The export refuses it too; the list page shows why, without the search.
  r = await web.get(`/systems/export.csv?q=${encodeURIComponent(nine)}`);
  assert.equal(r.status, 400);
  r = await web.get(`/systems?q=${encodeURIComponent(nine)}`);
  assert.equal(r.status, 200);
  assert.ok(htmlText(r.text).includes(tr(SV, 'Search for at most %d words at a time.', 8)));
});

test('a form with more references than any fixed array keeps every one', async () => {
  const asset = await api.create('information-assets', { name: 'Elevregister', personal_data: 'none' });
  const before = (await api.get('/api/v1/systems?limit=1')).json.total;
  const audit = auditCount(env.db);
  // A thousand ticks of the same asset, then one that does not exist:
  // the last must be read, not dropped with the rest past 1000.
  const ids = [...Array(1000).fill(String(asset.id)), '999999'];
  const r = await web.post('/systems', { name: 'Många referenser', lifecycle: 'in_use', information_asset_ids: ids });
  assert.equal(r.status, 422, r.text.slice(0, 300));
  assert.ok(htmlText(r.text).includes(tr(SV, 'There is no %s number %lld.', tr(SV, 'Information asset'), 999999)));
  assert.equal((await api.get('/api/v1/systems?limit=1')).json.total, before);
  assert.equal(auditCount(env.db), audit);
  // Without the bad one it is saved, with the asset once.
  const ok = await web.post('/systems', { name: 'Många referenser', lifecycle: 'in_use', information_asset_ids: ids.slice(0, 1000) });
  assert.equal(ok.status, 303);
  const saved = (await api.get(`/api/v1/systems?q=${encodeURIComponent('många referenser')}`)).json.items;
  assert.equal(saved.length, 1);
  assert.deepEqual(saved[0].information_asset_ids, [asset.id]);
});
