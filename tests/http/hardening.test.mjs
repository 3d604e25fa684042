// Issue 11, the outside review: nothing past a limit is dropped silently.
// What input can reach is refused with a message in the user's language
// (looked up in po/*.po) and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import {
  freshDb, startServer, Api, Browserless, token, addUser, cli, tr, htmlText, auditCount, uploadFile,
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

const MORE = 'There are more errors than shown here.';

test('an API body with more errors than the list holds says so, and writes nothing', async () => {
  const before = (await api.get('/api/v1/systems?limit=1')).json.total;
  const body = { name: 'Trasig' };
  for (let i = 0; i < 250; i++) body[`okänt_${i}`] = i;
  const p = problem(await api.post('/api/v1/systems', body), 422);
  assert.equal(p.errors.length, 201);
  assert.deepEqual(p.errors[200], { message: tr(SV, MORE) });
  assert.equal(p.more_errors, true);
  const e = problem(await apiEn.post('/api/v1/systems', body), 422);
  assert.deepEqual(e.errors.at(-1), { message: tr(EN, MORE) });
  assert.equal((await api.get('/api/v1/systems?limit=1')).json.total, before);
  // A list that fits has no such line.
  const few = problem(await api.post('/api/v1/systems', { name: 'Trasig', okänt: 1 }), 422);
  assert.equal(few.more_errors, undefined);
  assert.ok(!few.errors.some((x) => x.message === tr(SV, MORE)));
});

test('a form with more errors than the list holds says so', async () => {
  const before = (await api.get('/api/v1/systems?limit=1')).json.total;
  const ids = Array.from({ length: 250 }, (_, i) => String(2000000 + i));
  const r = await web.post('/systems', { name: 'Trasig', lifecycle: 'in_use', information_asset_ids: ids });
  assert.equal(r.status, 422);
  const text = htmlText(r.text);
  assert.ok(text.includes(tr(SV, 'There is no %s number %lld.', tr(SV, 'Information asset'), 2000000)));
  assert.ok(text.includes(tr(SV, MORE)));
  assert.equal((await api.get('/api/v1/systems?limit=1')).json.total, before);
});

test('an import row with more errors than the list holds says so', async () => {
  const refs = Array.from({ length: 250 }, (_, i) => `#${3000000 + i}`).join(';');
  const csv = `name,lifecycle,information_asset_ids\nTrasig,in_use,"${refs}"\n`;
  const r = await uploadFile(web, '/systems/import', csv);
  assert.equal(r.status, 422);
  const text = htmlText(r.text);
  assert.ok(text.includes(tr(SV, MORE)), text.slice(0, 500));
});

test('an import whose problems fill the report counts no bad row as good', async () => {
  const before = (await api.get('/api/v1/systems?limit=1')).json.total;
  // 1005 rows with a bad value each: the report keeps 1000 problems, and
  // the five rows after them are no better for it.
  let csv = 'name,lifecycle\n';
  for (let i = 0; i < 1005; i++) csv += `Rad ${i},skrotad\n`;
  const r = await uploadFile(web, '/systems/import', csv);
  assert.equal(r.status, 422);
  const text = htmlText(r.text);
  assert.ok(text.includes(`${tr(SV, 'To create:')} 0.`), text.slice(0, 300));
  assert.ok(text.includes(tr(SV, 'There are more problems than shown.')));
  // The command line counts every problem it found.
  const dir = env.dir;
  const file = `${dir}/rows.csv`;
  writeFileSync(file, csv);
  const c = cli(['import', '--db', env.db, '--entity', 'systems', '--file', file]);
  assert.equal(c.status, 1);
  assert.match(c.stdout, /1005 rows: 0 to create, 0 to change, 0 unchanged, 1005 problems\. Nothing was written\./);
  assert.equal((await api.get('/api/v1/systems?limit=1')).json.total, before);
});
