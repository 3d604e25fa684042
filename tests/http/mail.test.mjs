// Mail through a real SMTP server (issue 13, item 4): the test suite's own
// server (tests/lib/smtpd.mjs) on 127.0.0.1 and `tillit serve --smtp`.
// A queued message arrives with the right envelope, headers and text; the
// password comes from TILLIT_SMTP_PASSWORD; a server that is down delays
// and retries with backoff, and the message arrives when it comes up; a
// server that keeps refusing leaves the message failed with its error,
// still listed; nothing is lost over a restart of Tillit; STARTTLS with a
// certificate the test makes; only administrators see the queue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  freshDb, startServer, Browserless, Api, token, addUser, cli, sqlite, sqliteJson, htmlText, tr,
} from '../lib/tillit.mjs';
import { SmtpServer, parseMessage, decodeWords, decodeQP } from '../lib/smtpd.mjs';

const PASSWORD = 'smtp-lösenord-123';
let env, smtp, srv, web, api, coord;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Poll fn until it returns something truthy (or fail after timeout ms).
async function until(fn, what, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

function rows(db, where = '1') {
  return sqliteJson(db, `SELECT * FROM mail_queue WHERE ${where} ORDER BY id`);
}

function mailArgs(port, extra = []) {
  return ['--smtp', `127.0.0.1:${port}`, '--smtp-tls', 'off', '--smtp-retry-base', '1', ...extra];
}

before(async () => {
  env = freshDb();
  addUser(env.db, 'samordnare', 'coordinator');
  smtp = new SmtpServer({ auth: { user: 'tillit-smtp', pass: PASSWORD } });
  await smtp.listen();
  srv = await startServer(env.db, mailArgs(smtp.port, ['--smtp-user', 'tillit-smtp', '--smtp-from', 'lis@testkommun.se',
    '--smtp-max-attempts', '6']), { env: { TILLIT_SMTP_PASSWORD: PASSWORD } });
  web = new Browserless(srv.url);
  await web.login();
  api = new Api(srv.url, token(env.db));
  coord = new Browserless(srv.url);
  await coord.login('samordnare', 'samordnare-password-123');
});

after(async () => {
  await srv.stop();
  await smtp.close();
  env.cleanup();
});

test('a test message from the admin page arrives: envelope, From, Subject in Swedish, body, AUTH', async () => {
  const before = smtp.messages.length;
  const r = await web.post('/admin/mail/test', { to: 'asa.oberg@testkommun.se' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/admin/mail?done=test');
  const m = await smtp.waitFor(before + 1);
  assert.equal(m.from, 'lis@testkommun.se');
  assert.deepEqual(m.to, ['asa.oberg@testkommun.se']);
  assert.equal(m.authUser, 'tillit-smtp', 'logged in with the password from TILLIT_SMTP_PASSWORD');
  const p = parseMessage(m.data);
  assert.equal(p.headers.get('from'), 'Tillit <lis@testkommun.se>');
  assert.equal(decodeWords(p.headers.get('subject')), 'Testmeddelande från Tillit');
  assert.match(p.headers.get('subject'), /^[\x20-\x7e]+$/, 'the header itself is ASCII (RFC 2047)');
  assert.match(p.headers.get('content-type'), /text\/plain; charset=utf-8/);
  assert.equal(p.headers.get('content-transfer-encoding'), 'quoted-printable');
  assert.match(p.headers.get('date'), /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
  assert.match(p.headers.get('message-id'), /^<tillit\.\d+\.[0-9a-f]+@testkommun\.se>$/);
  const body = decodeQP(p.body);
  assert.match(body, /Det här är ett testmeddelande från Tillit/);
  assert.match(body, /på begäran av admin/);
  for (const line of m.data.split('\r\n')) assert.ok(line.length <= 78, `line too long: ${line}`);

  // The log says so, in the page and the API, and in the audit trail.
  const row = await until(() => rows(env.db, `status = 'sent'`).pop(), 'the row to be marked sent');
  assert.equal(row.attempts, 1);
  assert.ok(row.sent_at);
  const list = await api.get('/api/v1/mail?status=sent');
  assert.equal(list.status, 200);
  assert.equal(list.json.configured, true);
  assert.ok(list.json.items.some((i) => i.id === row.id && i.status === 'sent' && i.sent_at));
  const page = htmlText((await web.get('/admin/mail')).text);
  assert.match(page, /lis@testkommun\.se/, 'the page names the sender address');
  assert.match(page, new RegExp(tr('sv', 'mail\u0004Sent')));
  const audit = sqliteJson(env.db, `SELECT action, username FROM audit WHERE entity = 'mail' AND record_id = ${row.id} ORDER BY id`);
  assert.deepEqual(audit.map((a) => a.action), ['mail_queued', 'mail_test', 'mail_sent']);
  assert.equal(audit[1].username, 'admin');
  assert.equal(cli(['audit', 'verify', '--db', env.db]).status, 0);
});

test('a bad address in the test form is refused with a message, and nothing is queued', async () => {
  const n = rows(env.db).length;
  for (const to of ['', 'no-at-sign', 'a@b.se\r\nBcc: x@y.se', '<a@b.se>']) {
    const r = await web.post('/admin/mail/test', { to });
    assert.equal(r.status, 400, to);
    assert.match(r.text, /class="error-summary"/);
  }
  assert.equal(rows(env.db).length, n);
});

test('only administrators see the queue: page, form, API and menu', async () => {
  assert.equal((await coord.get('/admin/mail')).status, 403);
  assert.equal((await coord.post('/admin/mail/test', { to: 'x@testkommun.se' })).status, 403);
  const capi = new Api(srv.url, token(env.db, 'samordnare'));
  assert.equal((await capi.get('/api/v1/mail')).status, 403);
  assert.doesNotMatch((await coord.get('/tasks')).text, /href="\/admin\/mail"/);
  assert.match((await web.get('/tasks')).text, /href="\/admin\/mail"/);
  assert.equal((await api.get('/api/v1/mail?status=lost')).status, 400);
  const spec = (await api.get('/api/v1/openapi.json')).json;
  assert.ok(spec.paths['/api/v1/mail'].get);
});

test('a server that is down: the message waits, is retried with growing delays, and arrives when it is up', async () => {
  const port = smtp.port;
  await smtp.close();
  const before = smtp.messages.length;
  const q = cli(['mail', 'test', '--db', env.db, '--to', 'nere@testkommun.se']);
  assert.equal(q.status, 0, q.stderr);
  const id = Number(q.stdout.match(/Queued message (\d+)/)[1]);
  const first = await until(() => rows(env.db, `id = ${id} AND attempts >= 1`)[0], 'a first attempt');
  assert.equal(first.status, 'retrying');
  assert.ok(first.last_error, 'the error is kept');
  const second = await until(() => rows(env.db, `id = ${id} AND attempts >= 2`)[0], 'a second attempt');
  assert.equal(second.status, 'retrying');
  // Backoff: 1 s, then 2 s, between tries.
  const gap = (r) => Date.parse(r.next_attempt_at) - Date.parse(r.updated_at);
  assert.ok(gap(first) >= 900 && gap(first) < 1500, `first wait ${gap(first)} ms`);
  assert.ok(gap(second) >= 1900 && gap(second) < 2500, `second wait ${gap(second)} ms`);
  assert.ok(second.next_attempt_at > first.next_attempt_at);
  const a = (await api.get('/api/v1/mail?status=retrying')).json.items.find((i) => i.id === id);
  assert.ok(a && a.attempts >= 2 && a.last_error && a.next_attempt_at);

  await smtp.listen(port);
  const m = await smtp.waitFor(before + 1);
  assert.deepEqual(m.to, ['nere@testkommun.se']);
  const done = await until(() => rows(env.db, `id = ${id} AND status = 'sent'`)[0], 'sent');
  assert.ok(done.attempts >= 3);
  assert.equal(done.last_error, null);
});

test('a server that keeps refusing: after the last attempt the message is failed with the server\'s error, and still listed', async () => {
  const env2 = freshDb();
  const refusing = new SmtpServer();
  await refusing.listen();
  refusing.refuse = { at: 'rcpt', code: 451, text: '4.3.0 Mailbox busy, try later' };
  const srv2 = await startServer(env2.db, mailArgs(refusing.port, ['--smtp-max-attempts', '3']));
  try {
    const q = cli(['mail', 'test', '--db', env2.db, '--to', 'upptagen@testkommun.se']);
    const id = Number(q.stdout.match(/Queued message (\d+)/)[1]);
    const row = await until(() => rows(env2.db, `id = ${id} AND status = 'failed'`)[0], 'failed', 20000);
    assert.equal(row.attempts, 3);
    assert.match(row.last_error, /451/);
    assert.match(row.last_error, /Mailbox busy/);
    assert.equal(refusing.messages.length, 0);
    assert.ok(refusing.sessions >= 3);
    await sleep(1500);
    assert.equal(rows(env2.db, `id = ${id}`)[0].attempts, 3, 'no attempt after the last');
    const w = new Browserless(srv2.url);
    await w.login();
    const page = (await w.get('/admin/mail?status=failed')).text;
    assert.match(htmlText(page), /upptagen@testkommun\.se/);
    assert.match(htmlText(page), /Mailbox busy/);
    const audit = sqliteJson(env2.db, `SELECT action FROM audit WHERE entity = 'mail' AND record_id = ${id} ORDER BY id`);
    assert.deepEqual(audit.map((x) => x.action), ['mail_queued', 'mail_failed']);
    // The command line lists it too.
    const list = cli(['mail', 'list', '--db', env2.db, '--status', 'failed']);
    assert.equal(list.status, 0);
    assert.match(list.stdout, /upptagen@testkommun\.se/);
  } finally {
    await srv2.stop();
    await refusing.close();
    env2.cleanup();
  }
});

test('nothing is lost over a restart: queued without --smtp, claimed when stopped, sent by the next start', async () => {
  const env3 = freshDb();
  const up = new SmtpServer();
  await up.listen();
  try {
    // Without --smtp: queued, and the page and the API say mail is not configured.
    let s = await startServer(env3.db);
    const w = new Browserless(s.url);
    await w.login();
    assert.equal((await w.post('/admin/mail/test', { to: 'forst@testkommun.se' })).status, 303);
    assert.match((await w.get('/admin/mail')).text, new RegExp(tr('sv', 'Mail is not configured')));
    await sleep(1500);
    assert.equal(rows(env3.db)[0].status, 'queued');
    assert.equal((await new Api(s.url, token(env3.db)).get('/api/v1/mail')).json.configured, false);
    await s.stop();
    // A message that was being sent when the process stopped.
    cli(['mail', 'test', '--db', env3.db, '--to', 'andra@testkommun.se']);
    sqlite(env3.db, "UPDATE mail_queue SET claimed_at = '2026-01-01T00:00:00.000Z' WHERE to_addr = 'andra@testkommun.se'");
    s = await startServer(env3.db, mailArgs(up.port));
    try {
      await up.waitFor(2);
      const to = up.messages.map((m) => m.to[0]).sort();
      assert.deepEqual(to, ['andra@testkommun.se', 'forst@testkommun.se']);
      await until(() => rows(env3.db, "status = 'sent'").length === 2, 'both marked sent');
      assert.match(s.stderr(), /being sent when Tillit stopped/);
    } finally {
      await s.stop();
    }
  } finally {
    await up.close();
    env3.cleanup();
  }
});

test('STARTTLS with a certificate the test makes, trusted through --smtp-ca; refused without it', async (t) => {
  const dir = env.dir;
  const key = join(dir, 'key.pem'), cert = join(dir, 'cert.pem');
  const o = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { encoding: 'utf8' });
  if (o.status !== 0) { t.skip(`openssl could not make a certificate: ${o.stderr}`); return; }
  const { readFileSync } = await import('node:fs');
  const secure = new SmtpServer({ tls: { key: readFileSync(key), cert: readFileSync(cert) }, requireTls: true,
    auth: { user: 'u', pass: PASSWORD } });
  await secure.listen();
  const env4 = freshDb();
  const args = ['--smtp', `127.0.0.1:${secure.port}`, '--smtp-user', 'u', '--smtp-retry-base', '1'];
  // Untrusted certificate: not sent, kept with the reason.
  let s = await startServer(env4.db, args, { env: { TILLIT_SMTP_PASSWORD: PASSWORD } });
  try {
    cli(['mail', 'test', '--db', env4.db, '--to', 'tls@testkommun.se']);
    const r = await until(() => rows(env4.db, 'attempts >= 1')[0], 'an attempt');
    assert.equal(r.status, 'retrying');
    assert.match(r.last_error, /certificate|SSL/i);
    assert.equal(secure.messages.length, 0);
  } finally {
    await s.stop();
  }
  s = await startServer(env4.db, [...args, '--smtp-ca', cert], { env: { TILLIT_SMTP_PASSWORD: PASSWORD } });
  try {
    const m = await secure.waitFor(1);
    assert.equal(m.tls, true, 'sent after STARTTLS');
    assert.equal(m.authUser, 'u');
    assert.deepEqual(m.to, ['tls@testkommun.se']);
  } finally {
    await s.stop();
    await secure.close();
    env4.cleanup();
  }
});

test('the mail options are checked at start, with clear errors', async () => {
  const cases = [
    [['--smtp', 'no-port'], /HOST:PORT/],
    [['--smtp', 'mail.example.se:99999'], /port/],
    [['--smtp', '127.0.0.1:25', '--smtp-tls', 'maybe'], /starttls/],
    [['--smtp', '127.0.0.1:25', '--smtp-from', 'not an address'], /smtp-from/],
    [['--smtp', '127.0.0.1:25', '--smtp-user', 'u'], /TILLIT_SMTP_PASSWORD/],
    [['--smtp-from', 'a@b.se'], /needs --smtp/],
    [['--smtp', '127.0.0.1:25', '--smtp-max-attempts', '0'], /smtp-max-attempts/],
    [['--smtp', '127.0.0.1:25', '--smtp-ca', '/nonexistent.pem'], /cannot be read/],
  ];
  for (const [args, re] of cases) {
    const r = cli(['serve', '--db', env.db, '--listen', '127.0.0.1:0', ...args], { TILLIT_SMTP_PASSWORD: '' });
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
  }
  const bad = cli(['mail', 'test', '--db', env.db, '--to', 'x@y.se\nBcc: z@y.se']);
  assert.equal(bad.status, 2);
});
