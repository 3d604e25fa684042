// The organisation's audit trail as a reader sees it: only entries about
// what that reader may read (issue 11: "every page shows only what the
// reader may read").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Browserless, cli, sqliteJson, tr, htmlText } from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, web;

before(async () => {
  env = freshDb();
  srv = await startServer(env.db);
  web = new Browserless(srv.url);
  await web.login();
});

after(async () => {
  const { code } = await srv.stop();
  env.cleanup();
  assert.equal(code, 0);
});

test('a coordinator, who may not read accounts, sees no account entries; the administrator does', async () => {
  const r = cli(['user', 'add', '--db', env.db, '--user', 'samordnare', '--name', 'Samordnare', '--role', 'coordinator'],
    { TILLIT_PASSWORD: 'samordnare-password-1' });
  assert.equal(r.status, 0, r.stderr);
  const co = new Browserless(srv.url);
  await co.login('samordnare', 'samordnare-password-1');
  const users = sqliteJson(env.db, "SELECT count(*) AS n FROM audit WHERE entity = 'users'")[0].n;
  assert.ok(users >= 2, 'there are account entries (accounts made, logins)');
  const label = tr(SV, 'User account');
  const seen = htmlText((await co.get('/audit')).text);
  assert.ok(!seen.includes(label), 'no account entries for the coordinator');
  const all = htmlText((await web.get('/audit')).text);
  assert.ok(all.includes(label), 'the administrator sees account entries');
  // The count says what the reader sees, not what is hidden.
  const n = sqliteJson(env.db, "SELECT count(*) AS n FROM audit WHERE entity <> 'users'")[0].n;
  assert.ok(seen.includes(String(n)) || n <= 50, seen.slice(0, 300));
});
