// The audit trail: every change, whichever way it came (web form, API,
// import, command line), is recorded with who, how, what and per-field
// before/after; histories show it; `tillit audit verify` and the /audit page
// find every kind of tampering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freshDb, startServer, Api, Browserless, token, cli, sqlite, sqliteJson, tr, htmlText, uploadFile, auditCount,
} from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, api, web, people, ids = {};

const SYSTEM_FIELDS = ['name', 'purpose', 'unit_id', 'owner_id', 'administrator_id', 'supplier_id', 'hosting', 'users_count',
  'lifecycle', 'support_hours', 'after_hours_agreement', 'ot', 'information_asset_ids', 'depends_on_ids'];

// The web form that leaves a system as it is, with changes on top.
function systemForm(rec, changes = {}) {
  const form = {};
  for (const f of SYSTEM_FIELDS) {
    const v = rec[f];
    if (Array.isArray(v)) form[f] = v.map(String);
    else if (typeof v === 'boolean') { if (v) form[f] = '1'; } else form[f] = v === null ? '' : String(v);
  }
  return { ...form, ...changes };
}

// The newest audit entry (as the API shows it) for a record.
async function lastEntry(entity, id) {
  const h = await api.get(`/api/v1/${entity}/${id}/history`);
  assert.equal(h.status, 200, h.text);
  return h.json.items[0];
}

function verify(db) {
  const r = cli(['audit', 'verify', '--db', db]);
  const m = r.stdout.match(/First problem: entry (\d+) \(([a-z_]+)\): (.*)/);
  return { status: r.status, stdout: r.stdout, id: m ? Number(m[1]) : null, kind: m ? m[2] : null, detail: m ? m[3] : null };
}

before(async () => {
  env = freshDb();
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  web = new Browserless(srv.url);
  await web.login();
  const anna = (await api.post('/api/v1/people', { name: 'Anna Ägare' })).json;
  const bo = (await api.post('/api/v1/people', { name: 'Bo Berg' })).json;
  people = { anna, bo };
});

after(async () => {
  await srv.stop();
  env.cleanup();
});

test('changes through the API are recorded with user, via, entity, id, action and before/after', async () => {
  const r = await api.post('/api/v1/systems', { name: 'Loggsystem', owner_id: people.anna.id, users_count: 0 });
  assert.equal(r.status, 201);
  ids.sys = r.json.id;
  let e = await lastEntry('systems', ids.sys);
  assert.equal(e.username, 'admin');
  assert.equal(e.via, 'api');
  assert.equal(e.entity, 'systems');
  assert.equal(e.record_id, ids.sys);
  assert.equal(e.action, 'create');
  assert.match(e.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  assert.deepEqual(e.changes, {
    name: [null, 'Loggsystem'], owner_id: [null, people.anna.id], users_count: [null, 0],
    lifecycle: [null, 'in_use'], after_hours_agreement: [null, false], ot: [null, false],
  });

  const p = await api.patch(`/api/v1/systems/${ids.sys}`, { owner_id: people.bo.id, users_count: 25, name: 'Loggsystem' });
  assert.equal(p.status, 200);
  e = await lastEntry('systems', ids.sys);
  ids.patchEntry = e.id;
  assert.equal(e.action, 'update');
  assert.equal(e.via, 'api');
  assert.deepEqual(e.changes, { owner_id: [people.anna.id, people.bo.id], users_count: [0, 25] }, 'only what changed');

  // A PATCH that changes nothing writes no entry.
  const n = auditCount(env.db);
  assert.equal((await api.patch(`/api/v1/systems/${ids.sys}`, { users_count: 25 })).status, 200);
  assert.equal(auditCount(env.db), n);

  const tmp = (await api.post('/api/v1/suppliers', { name: 'Tillfällig AB', phone: '123' })).json;
  assert.equal((await api.del(`/api/v1/suppliers/${tmp.id}`)).status, 204);
  const [d] = sqliteJson(env.db, `SELECT username, via, entity, record_id, action, changes FROM audit WHERE entity = 'suppliers' AND record_id = ${tmp.id} ORDER BY id DESC LIMIT 1`);
  assert.deepEqual({ ...d, changes: JSON.parse(d.changes) }, {
    username: 'admin', via: 'api', entity: 'suppliers', record_id: tmp.id, action: 'delete',
    changes: { name: ['Tillfällig AB', null], phone: ['123', null] },
  });
});

test('changes through the web forms are recorded via "ui"', async () => {
  const c = await web.post('/systems', { name: 'Webbsystem', lifecycle: 'planned', owner_id: String(people.anna.id) });
  assert.equal(c.status, 303, htmlText(c.text).slice(0, 500));
  const id = Number(c.headers.get('location').match(/^\/systems\/(\d+)\?done=created$/)[1]);
  ids.web = id;
  let e = await lastEntry('systems', id);
  assert.equal(e.username, 'admin');
  assert.equal(e.via, 'ui');
  assert.equal(e.action, 'create');
  assert.equal(e.record_id, id);
  assert.deepEqual(e.changes.name, [null, 'Webbsystem']);
  assert.deepEqual(e.changes.owner_id, [null, people.anna.id]);
  assert.deepEqual(e.changes.lifecycle, [null, 'planned']);

  const rec = (await api.get(`/api/v1/systems/${id}`)).json;
  const u = await web.post(`/systems/${id}`, systemForm(rec, { purpose: 'Via webben', owner_id: String(people.bo.id) }));
  assert.equal(u.status, 303);
  assert.equal(u.headers.get('location'), `/systems/${id}?done=updated`);
  e = await lastEntry('systems', id);
  assert.equal(e.via, 'ui');
  assert.equal(e.action, 'update');
  assert.deepEqual(e.changes, { purpose: [null, 'Via webben'], owner_id: [people.anna.id, people.bo.id] });

  // Saving the form unchanged writes nothing.
  const n = auditCount(env.db);
  const same = await web.post(`/systems/${id}`, systemForm((await api.get(`/api/v1/systems/${id}`)).json));
  assert.equal(same.headers.get('location'), `/systems/${id}?done=nochange`);
  assert.equal(auditCount(env.db), n);

  const del = (await api.post('/api/v1/processes', { name: 'Webbprocess', critical: true })).json;
  const d = await web.post(`/processes/${del.id}/delete`, {});
  assert.equal(d.status, 303);
  const [row] = sqliteJson(env.db, `SELECT username, via, action, changes FROM audit WHERE entity = 'processes' AND record_id = ${del.id} ORDER BY id DESC LIMIT 1`);
  assert.equal(row.via, 'ui');
  assert.equal(row.action, 'delete');
  assert.deepEqual(JSON.parse(row.changes), { name: ['Webbprocess', null], critical: [true, null] });
});

test('changes through imports (web and command line) are recorded via "import"', async () => {
  const up = await uploadFile(web, '/systems/import', `id,purpose\n${ids.sys},Importerad\n`);
  assert.equal(up.status, 200, htmlText(up.text).slice(0, 800));
  const importId = up.text.match(/name="import_id" value="([^"]+)"/)[1];
  assert.equal((await web.post('/systems/import/confirm', { import_id: importId })).status, 303);
  let e = await lastEntry('systems', ids.sys);
  assert.equal(e.username, 'admin');
  assert.equal(e.via, 'import');
  assert.equal(e.action, 'update');
  assert.deepEqual(e.changes, { purpose: [null, 'Importerad'] });

  const file = join(env.dir, 'cli.csv');
  writeFileSync(file, `id,purpose,administrator_id\n${ids.sys},Från kommandoraden,Anna Ägare\n`);
  const r = cli(['import', '--db', env.db, '--entity', 'systems', '--file', file]);
  assert.equal(r.status, 0, r.stderr);
  e = await lastEntry('systems', ids.sys);
  assert.equal(e.username, 'cli:test');
  assert.equal(e.via, 'import');
  assert.deepEqual(e.changes, { purpose: ['Importerad', 'Från kommandoraden'], administrator_id: [null, people.anna.id] });
});

test('changes through the command line are recorded via "cli"', async () => {
  const before = auditCount(env.db);
  const r = cli(['user', 'add', '--db', env.db, '--user', 'kalle', '--name', 'Kalle Kommandorad', '--email', 'kalle@kommun.se', '--role', 'it_chief'],
    { TILLIT_PASSWORD: 'kalle-password-123', USER: 'driftare' });
  assert.equal(r.status, 0, r.stderr);
  const rows = sqliteJson(env.db, `SELECT username, via, entity, action, changes FROM audit WHERE id > ${before} ORDER BY id`);
  assert.ok(rows.length >= 3);
  for (const row of rows) {
    assert.equal(row.username, 'cli:driftare');
    assert.equal(row.via, 'cli');
  }
  const byEntity = Object.fromEntries(rows.filter((x) => x.action === 'create').map((x) => [x.entity, JSON.parse(x.changes)]));
  assert.deepEqual(byEntity.people.name, [null, 'Kalle Kommandorad']);
  assert.deepEqual(byEntity.people.email, [null, 'kalle@kommun.se']);
  assert.deepEqual(byEntity['role-assignments'].role, [null, 'it_chief']);
  assert.deepEqual(byEntity.users.username, [null, 'kalle']);
  assert.ok(rows.some((x) => x.entity === 'users' && x.action === 'password'), 'setting the password is recorded');
  assert.ok(!rows.some((x) => x.changes.includes('kalle-password-123')), 'the password itself is never recorded');

  const dis = cli(['user', 'disable', '--db', env.db, '--user', 'kalle'], { USER: 'driftare' });
  assert.equal(dis.status, 0, dis.stderr);
  const [last] = sqliteJson(env.db, 'SELECT username, via, entity, action, changes FROM audit ORDER BY id DESC LIMIT 1');
  assert.deepEqual({ ...last, changes: JSON.parse(last.changes) },
    { username: 'cli:driftare', via: 'cli', entity: 'users', action: 'update', changes: { disabled: [false, true] } });
});

test('`tillit init` records the organisation it creates, first in the trail', async () => {
  const [first] = sqliteJson(env.db, 'SELECT id, username, via, entity, record_id, action, changes FROM audit ORDER BY id LIMIT 1');
  assert.deepEqual({ ...first, changes: JSON.parse(first.changes) }, {
    id: 1, username: 'cli:test', via: 'cli', entity: 'organisation', record_id: 1, action: 'create',
    changes: { name: [null, 'Testkommun'], kind: [null, 'municipality'] },
  });
  const h = await api.get('/api/v1/organisation');
  assert.equal(h.json.name, 'Testkommun');
});

test('a record\'s history is shown by the API and on its history page, with people named', async () => {
  const h = await api.get(`/api/v1/systems/${ids.sys}/history`);
  assert.equal(h.status, 200);
  assert.equal(h.json.total, 4);
  assert.deepEqual(h.json.items.map((x) => [x.action, x.via, x.username]), [
    ['update', 'import', 'cli:test'], ['update', 'import', 'admin'], ['update', 'api', 'admin'], ['create', 'api', 'admin'],
  ]);
  assert.ok(h.json.items.every((x) => x.entity === 'systems' && x.record_id === ids.sys));
  assert.ok(h.json.items[0].id > h.json.items[1].id, 'newest first');
  assert.equal((await api.get('/api/v1/systems/999999/history')).status, 404);

  const page = await web.get(`/systems/${ids.sys}/history`);
  assert.equal(page.status, 200);
  const text = htmlText(page.text);
  assert.ok(text.includes(tr(SV, 'System owner')));
  assert.ok(text.includes(`Anna Ägare (#${people.anna.id})`), 'the previous owner is named');
  assert.ok(text.includes(`Bo Berg (#${people.bo.id})`), 'the new owner is named');
  for (const s of ['Importerad', 'Från kommandoraden', 'cli:test', 'admin', tr(SV, 'API'), tr(SV, 'import'), tr(SV, 'Created'), tr(SV, 'Changed')])
    assert.ok(text.includes(s), `history page shows ${s}`);
  const wp = htmlText((await web.get(`/systems/${ids.web}/history`)).text);
  assert.ok(wp.includes(tr(SV, 'web')));
  assert.ok(wp.includes('Via webben'));
  assert.equal((await web.get('/systems/999999/history')).status, 404);
});

test('`tillit audit verify` and the /audit page report an intact trail', async () => {
  const n = auditCount(env.db);
  const v = verify(env.db);
  assert.equal(v.status, 0, v.stdout);
  assert.equal(v.stdout.trim(), `The audit trail is intact: ${n} entries verified.`);
  const page = await web.get('/audit?verify=1');
  assert.equal(page.status, 200);
  assert.ok(htmlText(page.text).includes(tr(SV, 'The audit trail is intact: %s entries checked.', n)));
  const plain = await web.get('/audit');
  assert.ok(!htmlText(plain.text).includes(tr(SV, 'The audit trail is intact: %s entries checked.', n)), 'only on request');
});

// ---- tampering ------------------------------------------------------------

function field(s) { return `${Buffer.byteLength(s)}:${s}\n`; }
function entryHash(e) {
  const text = 'tillit-audit-1\n' + field(String(e.id)) + field(e.at) + field(String(e.org_id)) +
    field(e.user_id === null ? '' : String(e.user_id)) + field(e.username) + field(e.via) + field(e.entity) +
    field(e.record_id === null ? '' : String(e.record_id)) + field(e.action) + field(e.changes) + field(e.prev_hash);
  return createHash('sha256').update(text).digest('hex');
}
const q = (s) => (s === null ? 'NULL' : typeof s === 'number' ? String(s) : `'${String(s).replace(/'/g, "''")}'`);
function insertSql(e) {
  return `INSERT INTO audit (id, org_id, at, user_id, username, via, entity, record_id, action, changes, prev_hash, hash) VALUES (${
    [e.id, e.org_id, e.at, e.user_id, e.username, e.via, e.entity, e.record_id, e.action, e.changes, e.prev_hash, e.hash].map(q).join(', ')});`;
}

test('tampering of every kind makes verify exit 3 naming the first bad entry; the /audit page says so', async () => {
  // Make the entries' hashes recomputable here first, so the forged ones below are realistic.
  const all = sqliteJson(env.db, 'SELECT * FROM audit ORDER BY id');
  for (const e of all) assert.equal(entryHash(e), e.hash, `entry ${e.id}: the test computes the server's hash`);
  const { code } = await srv.stop();
  assert.equal(code, 0);

  const last = all[all.length - 1].id;
  const mid = ids.patchEntry;
  assert.ok(mid > 1 && mid < last);
  const midRow = all.find((e) => e.id === mid);
  const earlier = (at) => { const d = new Date(Date.parse(at) - 3600 * 1000); return d.toISOString(); };
  let n = 0;
  const tampered = (sql) => {
    const db = join(env.dir, `tampered-${++n}.db`);
    copyFileSync(env.db, db);
    if (sql) sqlite(db, sql);
    return db;
  };

  // A forged entry after the last one, hashed correctly but not in the head.
  const lastRow = all[all.length - 1];
  const forged = { ...lastRow, id: last + 1, action: 'update', changes: '{"name":["a","b"]}', prev_hash: lastRow.hash };
  forged.hash = entryHash(forged);
  // The whole chain rewritten from mid on with an earlier time for mid.
  let rewrite = '', prev = all.find((e) => e.id === mid - 1).hash;
  for (const e of all.filter((x) => x.id >= mid)) {
    const ne = { ...e, at: e.id === mid ? earlier(all.find((x) => x.id === mid - 1).at) : e.at, prev_hash: prev };
    ne.hash = entryHash(ne);
    rewrite += `UPDATE audit SET at = ${q(ne.at)}, prev_hash = ${q(ne.prev_hash)}, hash = ${q(ne.hash)} WHERE id = ${e.id};`;
    prev = ne.hash;
  }
  rewrite += `UPDATE audit_head SET last_hash = ${q(prev)};`;

  const cases = [
    ['changes of a middle entry', `UPDATE audit SET changes = '{"owner_id":[1,2]}' WHERE id = ${mid}`, mid, ['changed']],
    ['a middle entry deleted', `DELETE FROM audit WHERE id = ${mid}`, mid, ['removed']],
    ['the last entry deleted', `DELETE FROM audit WHERE id = ${last}`, last, ['removed']],
    ['a forged entry appended', insertSql(forged), last + 1, ['inserted']],
    ['a naive entry appended', insertSql({ ...lastRow, id: last + 1, hash: 'f'.repeat(64) }), last + 1, ['inserted', 'changed']],
    ['the time of an entry set earlier', `UPDATE audit SET at = ${q(earlier(midRow.at))} WHERE id = ${mid}`, mid, ['changed']],
    ['an entry moved back in time with the chain rewritten', rewrite, mid, ['out_of_order']],
    ['the user of an entry changed', `UPDATE audit SET username = 'someone' WHERE id = ${mid}`, mid, ['changed']],
    ['the head changed', `UPDATE audit_head SET last_hash = '${'0'.repeat(64)}'`, last, ['changed']],
  ];
  let brokenDb;
  for (const [what, sql, id, kinds] of cases) {
    const db = tampered(sql);
    const v = verify(db);
    assert.equal(v.status, 3, `${what}: ${v.stdout}`);
    assert.match(v.stdout, /^The audit trail is NOT intact\./, what);
    assert.equal(v.id, id, `${what}: ${v.stdout}`);
    assert.ok(kinds.includes(v.kind), `${what}: kind ${v.kind}`);
    if (!brokenDb) brokenDb = { db, v };
  }
  // The untouched original still verifies.
  assert.equal(verify(env.db).status, 0);
  assert.equal(verify(tampered(null)).status, 0, 'a plain copy verifies');

  // The /audit page on the tampered copy (the session cookie is in the copy).
  srv = await startServer(brokenDb.db);
  web.url = srv.url;
  const page = await web.get('/audit?verify=1');
  assert.equal(page.status, 200);
  const text = htmlText(page.text);
  assert.ok(text.includes(tr(SV, 'The audit trail has been tampered with at entry %lld (%s).', mid, brokenDb.v.detail)), text.slice(0, 3000));
  assert.ok(!text.includes(tr(SV, 'The audit trail is intact: %s entries checked.', all.length)));
});

test('a column that holds another type, or text with a NUL inside, is reported as changed', async () => {
  // Such edits keep what the hash used to read (an INTEGER column read as
  // an integer, text read up to a NUL) while the record's history and the
  // audit page no longer find the entry, or show it blank.
  const e = sqliteJson(env.db, `SELECT * FROM audit WHERE id = ${ids.patchEntry}`)[0];
  assert.ok(e.user_id !== null && e.record_id !== null && e.id > 1);
  assert.equal(verify(env.db).status, 0);
  const cases = [
    ['org_id', `org_id = '${e.org_id}x'`], ['org_id', `org_id = ${e.org_id}.5`], ['org_id', `org_id = CAST('${e.org_id}' AS BLOB)`],
    ['user_id', `user_id = '${e.user_id}x'`], ['user_id', `user_id = ${e.user_id}.5`], ['user_id', `user_id = CAST('${e.user_id}' AS BLOB)`],
    ['record_id', `record_id = '${e.record_id}x'`], ['record_id', `record_id = ${e.record_id}.5`],
    ['record_id', `record_id = CAST('${e.record_id}' AS BLOB)`],
    ...['at', 'username', 'via', 'entity', 'action', 'changes', 'prev_hash', 'hash'].map((c) => [c, `${c} = ${c} || char(0) || 'x'`]),
    ['entity', 'entity = CAST(entity AS BLOB)'], ['changes', 'changes = CAST(changes AS BLOB)'],
  ];
  let n = 0;
  const copies = {};
  for (const [column, set] of cases) {
    const db = join(env.dir, `stored-${++n}.db`);
    copyFileSync(env.db, db);
    sqlite(db, `UPDATE audit SET ${set} WHERE id = ${e.id}`);
    const v = verify(db);
    assert.equal(v.status, 3, `${set}: ${v.stdout}`);
    assert.equal(v.id, e.id, `${set}: ${v.stdout}`);
    assert.equal(v.kind, 'changed', set);
    assert.match(v.detail, new RegExp(`^entry ${e.id} was changed: ${column} `), set);
    copies[set] = db;
  }
  // What such an edit does: the entry is gone from the record's history.
  await srv.stop();
  srv = await startServer(copies[`record_id = '${e.record_id}x'`]);
  const h = await new Api(srv.url, api.token).get(`/api/v1/systems/${e.record_id}/history`);
  assert.equal(h.status, 200);
  assert.ok(!h.json.items.some((x) => x.id === e.id), 'hidden from the history');
});
