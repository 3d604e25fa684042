// The installation's life: init (twice, generated or given password), the
// command line's help and option checks, users and tokens, backup under
// load and restore, and a clean stop on SIGTERM with a request half sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, rmSync, existsSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freshDb, startServer, Api, Browserless, token, cli, cliAsync, sqlite, sqliteJson, ADMIN_PASSWORD,
} from '../lib/tillit.mjs';

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'tillit-life-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Does logging in with these credentials work?
async function canLogIn(url, user, password) {
  const web = new Browserless(url);
  const page = await web.get('/login');
  const pre = page.text.match(/name="_pre" value="([^"]+)"/)[1];
  const r = await web.request('POST', '/login', { form: { _pre: pre, username: user, password, next: '/' } });
  return r.status === 303;
}

test('init twice keeps the data; without TILLIT_ADMIN_PASSWORD it prints a password that logs in', async () => {
  const t = tempDir();
  const db = join(t.dir, 'tillit.db');
  try {
    let r = cli(['init', '--db', db, '--org', 'Lilla kommun'], { TILLIT_ADMIN_PASSWORD: '' });
    assert.equal(r.status, 0, r.stderr);
    const m = r.stdout.match(/user name 'admin', password '([^']+)'/);
    assert.ok(m, r.stdout);
    const generated = m[1];
    assert.ok(generated.length >= 12, 'a generated password is long enough');
    assert.match(r.stdout, /is ready \(schema version \d+\)\./);

    let srv = await startServer(db);
    const api = new Api(srv.url, token(db));
    assert.ok(await canLogIn(srv.url, 'admin', generated), 'the printed password logs in');
    assert.ok(!(await canLogIn(srv.url, 'admin', 'wrong-password-123')));
    const sys = await api.post('/api/v1/systems', { name: 'Överlever init' });
    assert.equal(sys.status, 201);
    const person = await api.post('/api/v1/people', { name: 'Init Person' });
    assert.equal((await srv.stop()).code, 0);
    const auditBefore = sqlite(db, 'SELECT count(*) FROM audit').trim();

    // Again, even with a password given: nothing is replaced.
    r = cli(['init', '--db', db, '--org', 'Annat namn'], { TILLIT_ADMIN_PASSWORD: 'another-password-456' });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /Created the administrator/);
    assert.match(r.stdout, /is ready/);
    r = cli(['init', '--db', db], { TILLIT_ADMIN_PASSWORD: '' });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /password/);

    srv = await startServer(db);
    try {
      const api2 = new Api(srv.url, token(db));
      const got = await api2.get(`/api/v1/systems/${sys.json.id}`);
      assert.equal(got.status, 200);
      assert.equal(got.json.name, 'Överlever init');
      assert.equal((await api2.get(`/api/v1/people/${person.json.id}`)).json.name, 'Init Person');
      assert.equal((await api2.get('/api/v1/organisation')).json.name, 'Lilla kommun', 'the organisation keeps its name');
      assert.ok(await canLogIn(srv.url, 'admin', generated), 'the first password still works');
      assert.ok(!(await canLogIn(srv.url, 'admin', 'another-password-456')));
      assert.equal((await api2.get('/api/v1/users')).json.total, 1, 'no second administrator');
    } finally {
      await srv.stop();
    }
    assert.ok(Number(sqlite(db, 'SELECT count(*) FROM audit').trim()) >= Number(auditBefore));
    assert.equal(cli(['audit', 'verify', '--db', db]).status, 0);
  } finally {
    t.cleanup();
  }
});

test('init refuses a too short TILLIT_ADMIN_PASSWORD, and accepts a good one afterwards', async () => {
  const t = tempDir();
  const db = join(t.dir, 'tillit.db');
  try {
    let r = cli(['init', '--db', db], { TILLIT_ADMIN_PASSWORD: 'kort' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /TILLIT_ADMIN_PASSWORD/);
    assert.doesNotMatch(r.stdout, /Created the administrator/);
    r = cli(['init', '--db', db], { TILLIT_ADMIN_PASSWORD: 'elva-tecken' }); // 11 characters
    assert.notEqual(r.status, 0);
    r = cli(['init', '--db', db], { TILLIT_ADMIN_PASSWORD: ADMIN_PASSWORD });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Created the administrator 'admin' with the password from TILLIT_ADMIN_PASSWORD\./);
    const srv = await startServer(db);
    try {
      assert.ok(await canLogIn(srv.url, 'admin', ADMIN_PASSWORD));
    } finally {
      await srv.stop();
    }
  } finally {
    t.cleanup();
  }
});

test('--help for the program and every command; unknown commands and options exit 2', () => {
  const top = cli(['--help']);
  assert.equal(top.status, 0);
  for (const c of ['init', 'serve', 'user', 'token', 'import', 'export', 'backup', 'restore', 'audit'])
    assert.match(top.stdout, new RegExp(`tillit ${c} `), `--help lists ${c}`);
  const help = {
    init: ['--db', '--org', '--org-kind', 'TILLIT_ADMIN_PASSWORD'],
    serve: ['--db', '--listen', '--threads', '--secure-cookies', '--trust-proxy', 'SIGTERM'],
    user: ['add', 'list', 'disable', 'enable', 'password', '--user', '--name', '--email', '--person', '--role', '--lang', 'TILLIT_PASSWORD'],
    token: ['create', 'revoke', 'list', '--user', '--name', '--id'],
    import: ['--db', '--entity', '--file', '--dry-run', '--user', 'Windows-1252'],
    export: ['--db', '--entity', '--format', 'csv', 'xlsx', 'json', '--out'],
    backup: ['--db', '--out'],
    restore: ['--db', '--from', '--force'],
    audit: ['verify', '--db', 'exit 3'],
  };
  for (const [c, words] of Object.entries(help)) {
    const r = cli([c, '--help']);
    assert.equal(r.status, 0, c);
    assert.match(r.stdout, new RegExp(`^usage: tillit ${c} `), c);
    for (const w of words) assert.ok(r.stdout.includes(w), `${c} --help mentions ${w}`);
    assert.ok(r.stdout.split('\n').length >= 3, `${c} --help explains`);
  }
  assert.equal(cli(['user', 'add', '--help']).status, 0);
  assert.equal(cli(['--version']).status, 0);

  assert.equal(cli([]).status, 2);
  const unknown = cli(['frobnicate']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  const { db, cleanup } = freshDb();
  try {
    const bad = [
      ['init', '--db', db, '--bogus'],
      ['serve', '--db', db, '--port', '8080'],
      ['user', 'list', '--db', db, '--verbose'],
      ['user', 'frobnicate', '--db', db],
      ['token', 'create', '--db', db, '--user', 'admin', '--expires', '1d'],
      ['token', 'frobnicate', '--db', db],
      ['import', '--db', db, '--entity', 'systems', '--file', '/dev/null', '--dryrun'],
      ['export', '--db', db, '--entity', 'systems', '--fromat', 'csv'],
      ['backup', '--db', db, '--out', join(tmpdir(), 'x.db'), '--compress'],
      ['restore', '--db', db, '--from', db, '--yes'],
      ['audit', 'verify', '--db', db, '--fix'],
      ['audit', 'repair', '--db', db],
      ['init', '--db', db, 'extra-argument'],
    ];
    for (const args of bad) {
      const r = cli(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.ok(r.stderr.length > 0, `${args.join(' ')} says why`);
    }
    assert.match(cli(['init', '--db', db, '--bogus']).stderr, /unknown option '--bogus'/);
    // The commands without --db say so.
    const nodb = cli(['user', 'list']);
    assert.notEqual(nodb.status, 0);
    assert.match(nodb.stderr, /--db/);
  } finally {
    cleanup();
  }
});

test('user add, list, disable, enable and password; token create, list and revoke', async () => {
  const { db, cleanup } = freshDb();
  const srv = await startServer(db);
  try {
    let r = cli(['user', 'add', '--db', db, '--user', 'lisa', '--name', 'Lisa Larsson', '--email', 'lisa@kommun.se', '--role', 'coordinator', '--lang', 'en'],
      { TILLIT_PASSWORD: 'lisa-password-123' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "Created user 'lisa'.");
    r = cli(['user', 'add', '--db', db, '--user', 'mats', '--role', 'auditor'], { TILLIT_PASSWORD: '' });
    assert.equal(r.status, 0, r.stderr);
    const matsPw = r.stdout.match(/Created user 'mats' with password '([^']+)'/)[1];
    assert.ok(await canLogIn(srv.url, 'mats', matsPw));
    assert.ok(await canLogIn(srv.url, 'lisa', 'lisa-password-123'));

    // Refusals leave nothing behind: no person, role or account, no audit entry.
    const peopleBefore = sqliteJson(db, 'SELECT name FROM people ORDER BY id').map((x) => x.name);
    assert.deepEqual(peopleBefore, ['Administratör', 'Lisa Larsson', 'mats']);
    const auditBefore = sqlite(db, 'SELECT count(*) FROM audit').trim();
    assert.equal(cli(['user', 'add', '--db', db, '--user', 'lisa'], { TILLIT_PASSWORD: 'another-password-1' }).status, 1, 'taken user name');
    assert.equal(cli(['user', 'add', '--db', db, '--user', 'x'], { TILLIT_PASSWORD: 'another-password-1' }).status, 1, 'too short a user name');
    assert.equal(cli(['user', 'add', '--db', db, '--user', 'fia', '--lang', 'fi'], { TILLIT_PASSWORD: 'another-password-1' }).status, 1, 'unknown language');
    assert.equal(cli(['user', 'add', '--db', db, '--user', 'olle', '--role', 'king'], { TILLIT_PASSWORD: 'olle-password-123' }).status, 2, 'unknown role');
    assert.notEqual(cli(['user', 'add', '--db', db, '--user', 'pelle'], { TILLIT_PASSWORD: 'kort' }).status, 0, 'short password');
    assert.equal(cli(['user', 'add', '--db', db]).status, 2, 'no --user');
    assert.equal(cli(['user', 'disable', '--db', db, '--user', 'nobody']).status, 1);
    assert.deepEqual(sqliteJson(db, 'SELECT name FROM people ORDER BY id').map((x) => x.name), peopleBefore);
    assert.equal(sqlite(db, 'SELECT count(*) FROM audit').trim(), auditBefore);

    const list = () => {
      const out = cli(['user', 'list', '--db', db]);
      assert.equal(out.status, 0);
      return Object.fromEntries(out.stdout.trim().split('\n').slice(1).map((l) => {
        const [id, name, lang, status, ...person] = l.split(/\s+/);
        return [name, { id: Number(id), lang, status, person: person.join(' ') }];
      }));
    };
    let users = list();
    assert.deepEqual(Object.keys(users).sort(), ['admin', 'lisa', 'mats']);
    assert.deepEqual({ ...users.lisa, id: 0 }, { id: 0, lang: 'en', status: 'active', person: 'Lisa Larsson' });
    const lisaApi = new Api(srv.url, token(db, 'lisa'));
    const me = await lisaApi.get('/api/v1/me');
    assert.equal(me.json.lang, 'en');
    assert.deepEqual(me.json.roles, [{ role: 'coordinator', scope: 'org' }]);

    r = cli(['user', 'disable', '--db', db, '--user', 'lisa']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "User 'lisa' disabled.");
    assert.equal(list().lisa.status, 'disabled');
    assert.ok(!(await canLogIn(srv.url, 'lisa', 'lisa-password-123')), 'a disabled user cannot log in');
    assert.equal((await lisaApi.get('/api/v1/me')).status, 401, 'nor use a token');
    r = cli(['user', 'enable', '--db', db, '--user', 'lisa']);
    assert.equal(r.status, 0);
    assert.equal(list().lisa.status, 'active');
    assert.ok(await canLogIn(srv.url, 'lisa', 'lisa-password-123'));
    assert.equal((await lisaApi.get('/api/v1/me')).status, 200);

    r = cli(['user', 'password', '--db', db, '--user', 'lisa'], { TILLIT_PASSWORD: 'new-lisa-password-9' });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(await canLogIn(srv.url, 'lisa', 'new-lisa-password-9'));
    assert.ok(!(await canLogIn(srv.url, 'lisa', 'lisa-password-123')));
    r = cli(['user', 'password', '--db', db, '--user', 'lisa'], { TILLIT_PASSWORD: '' });
    assert.equal(r.status, 0);
    const gen = r.stdout.match(/New password for 'lisa': (\S+)/)[1];
    assert.ok(await canLogIn(srv.url, 'lisa', gen));
    assert.notEqual(cli(['user', 'password', '--db', db, '--user', 'lisa'], { TILLIT_PASSWORD: 'short' }).status, 0);
    assert.ok(await canLogIn(srv.url, 'lisa', gen), 'a refused password changes nothing');

    // Tokens.
    r = cli(['token', 'create', '--db', db, '--user', 'mats', '--name', 'rapportskript']);
    assert.equal(r.status, 0, r.stderr);
    const tok = r.stdout.trim();
    assert.ok(tok.length >= 20);
    const tid = Number(r.stderr.match(/^Token (\d+) for 'mats'/)[1]);
    const matsApi = new Api(srv.url, tok);
    assert.equal((await matsApi.get('/api/v1/me')).json.username, 'mats');
    const tokens = () => cli(['token', 'list', '--db', db, '--user', 'mats']).stdout.trim().split('\n').slice(1);
    let rows = tokens();
    assert.equal(rows.length, 1);
    assert.match(rows[0], new RegExp(`^${tid}\\s+mats\\s+\\S+\\s+-\\s+rapportskript$`));
    assert.ok(!cli(['token', 'list', '--db', db]).stdout.includes(tok), 'the token itself is never listed');
    r = cli(['token', 'revoke', '--db', db, '--id', String(tid)]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), `Token ${tid} revoked.`);
    assert.equal((await matsApi.get('/api/v1/me')).status, 401);
    rows = tokens();
    assert.match(rows[0], new RegExp(`^${tid}\\s+mats\\s+\\S+\\s+\\d{4}-\\d{2}-\\d{2}T\\S+\\s+rapportskript$`));
    assert.equal(cli(['token', 'revoke', '--db', db, '--id', String(tid)]).status, 1, 'already revoked');
    assert.equal(cli(['token', 'revoke', '--db', db, '--id', '9999']).status, 1);
    assert.equal(cli(['token', 'revoke', '--db', db]).status, 2);
    assert.equal(cli(['token', 'create', '--db', db, '--user', 'nobody']).status, 1);
    assert.equal(cli(['audit', 'verify', '--db', db]).status, 0);
  } finally {
    await srv.stop();
    cleanup();
  }
});

test('backup while the server is being written to verifies and restores exactly; a tampered backup is refused', async () => {
  const { db, dir, cleanup } = freshDb();
  let srv = await startServer(db);
  const restored = join(dir, 'restored.db');
  try {
    const api = new Api(srv.url, token(db));
    const owner = (await api.post('/api/v1/people', { name: 'Backup Ägare' })).json;
    let created = 0, stop = false;
    const writer = async (w) => {
      for (let i = 0; !stop; i++) {
        const r = await api.post('/api/v1/systems', { name: `Last ${w}-${i}`, owner_id: owner.id, users_count: i });
        assert.equal(r.status, 201, r.text);
        created++;
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (created < 40) await new Promise((r) => setTimeout(r, 5));
    const backup = join(dir, 'backup.db');
    const b = await cliAsync(['backup', '--db', db, '--out', backup]);
    const atBackup = created;
    while (created < atBackup + 20) await new Promise((r) => setTimeout(r, 5));
    stop = true;
    await Promise.all(writers);
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /^Backed up .* to .*\./);
    assert.ok(!existsSync(`${backup}-wal`), 'the backup is one file');

    const v = cli(['audit', 'verify', '--db', backup]);
    assert.equal(v.status, 0, v.stdout);
    const inBackup = sqliteJson(backup, 'SELECT id, name, owner_id, users_count FROM systems ORDER BY id');
    assert.ok(inBackup.length >= 40, `backup has ${inBackup.length}`);
    const live = (await api.get('/api/v1/systems?limit=500&sort=name')).json;
    assert.ok(inBackup.length < live.total, 'writes went on after the backup');
    // The backup is a consistent prefix of what was written: every system in
    // it has its audit entry, and the live database has it unchanged.
    const liveById = new Map(live.items.map((s) => [s.id, s]));
    for (const s of inBackup) assert.deepEqual({ id: s.id, name: s.name, owner_id: s.owner_id, users_count: s.users_count },
      (({ id, name, owner_id, users_count }) => ({ id, name, owner_id, users_count }))(liveById.get(s.id)));
    const [ac] = sqliteJson(backup, "SELECT count(*) AS n FROM audit WHERE entity = 'systems' AND action = 'create'");
    assert.equal(ac.n, inBackup.length);

    // Refusals first: existing output, existing target without --force, tampered backup.
    assert.equal(cli(['backup', '--db', db, '--out', backup]).status, 1, 'will not overwrite');
    writeFileSync(restored, 'x');
    const nf = cli(['restore', '--db', restored, '--from', backup]);
    assert.equal(nf.status, 1);
    assert.match(nf.stderr, /--force/);
    rmSync(restored);
    const tampered = join(dir, 'tampered.db');
    copyFileSync(backup, tampered);
    sqlite(tampered, "UPDATE audit SET changes = '{\"name\":[null,\"Fejk\"]}' WHERE id = 5");
    const tr = cli(['restore', '--db', restored, '--from', tampered, '--force']);
    assert.equal(tr.status, 1);
    assert.match(tr.stderr, /audit trail is not intact/);
    assert.ok(!existsSync(restored), 'nothing restored from a tampered backup');
    const notdb = join(dir, 'not-a-db');
    writeFileSync(notdb, 'hello');
    assert.equal(cli(['restore', '--db', restored, '--from', notdb, '--force']).status, 1);

    // Restore into a new path and compare through the API.
    const rr = cli(['restore', '--db', restored, '--from', backup, '--force']);
    assert.equal(rr.status, 0, rr.stderr);
    assert.match(rr.stdout, /audit entries verified/);
    assert.equal(cli(['audit', 'verify', '--db', restored]).status, 0);
    await srv.stop();
    const a = await startServer(backup);
    const c = await startServer(restored);
    try {
      const tokA = token(backup), tokC = token(restored);
      for (const e of ['systems', 'people', 'users', 'role-assignments']) {
        const la = (await new Api(a.url, tokA).get(`/api/v1/${e}?limit=500`)).json;
        const lc = (await new Api(c.url, tokC).get(`/api/v1/${e}?limit=500`)).json;
        assert.deepEqual(lc, la, e);
      }
      const hist = (await new Api(c.url, tokC).get(`/api/v1/systems/${inBackup[0].id}/history`)).json;
      assert.equal(hist.total, 1);
    } finally {
      await a.stop();
      await c.stop();
    }
    // Restoring over an existing database needs --force and replaces it.
    const rf = cli(['restore', '--db', restored, '--from', db, '--force']);
    assert.equal(rf.status, 0, rf.stderr);
    srv = await startServer(restored);
    const n = (await new Api(srv.url, token(restored)).get('/api/v1/systems?limit=1')).json.total;
    assert.equal(n, live.total);
  } finally {
    await srv.stop();
    cleanup();
  }
});

test('SIGTERM with a request half sent: the request completes (201), the server exits 0, the record stays', async () => {
  const { db, cleanup } = freshDb();
  const tok = token(db);
  const srv = await startServer(db);
  try {
    const { hostname, port, host } = new URL(srv.url);
    const body = Buffer.from(JSON.stringify({ name: 'Halvvägs skickad', purpose: 'Kroppen kommer i två delar' }));
    const half = Math.floor(body.length / 2);
    const sock = net.connect(Number(port), hostname);
    await new Promise((resolve, reject) => { sock.on('connect', resolve); sock.on('error', reject); });
    let response = '';
    sock.setEncoding('utf8');
    sock.on('data', (d) => { response += d; });
    const closed = new Promise((resolve) => sock.on('close', resolve));
    sock.write(`POST /api/v1/systems HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${tok}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    sock.write(body.subarray(0, half));
    await new Promise((r) => setTimeout(r, 150));
    srv.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(srv.proc.exitCode, null, 'still running while a request is in flight');
    sock.write(body.subarray(half));
    const exit = await srv.exited;
    await closed;
    const [head, json] = response.split('\r\n\r\n');
    assert.match(head, /^HTTP\/1\.1 201 /);
    assert.match(head, /\r\nLocation: \/api\/v1\/systems\/\d+/i);
    const rec = JSON.parse(json);
    assert.equal(rec.name, 'Halvvägs skickad');
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.match(srv.stderr(), /SIGTERM received/);

    // A new server on the same database has the record.
    const again = await startServer(db);
    try {
      const api = new Api(again.url, tok);
      const got = await api.get(`/api/v1/systems/${rec.id}`);
      assert.equal(got.status, 200);
      assert.equal(got.json.purpose, 'Kroppen kommer i två delar');
      assert.equal((await api.get('/api/v1/systems')).json.total, 1);
    } finally {
      assert.equal((await again.stop()).code, 0);
    }
    assert.equal(cli(['audit', 'verify', '--db', db]).status, 0);
  } finally {
    cleanup();
  }
});
