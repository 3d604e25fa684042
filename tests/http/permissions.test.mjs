// Permissions: every role × entity × action through the API, checked against
// the matrix of docs/permissions.md (copied by hand below, not derived from
// the server), then unit and record scopes, inactive people, users without
// roles, and the same rules through the web pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, addUser, token, Api, Browserless } from '../lib/tillit.mjs';

const ROLES = ['admin', 'coordinator', 'security_chief', 'it_chief', 'dpo', 'manager',
  'information_owner', 'system_owner', 'system_administrator', 'elected', 'employee', 'auditor'];

// docs/permissions.md, "The matrix". R = read, C = create, U = update,
// D = delete; "scope" = within the assignment's scope, "own" = records the
// person owns; – = nothing.
const COLUMNS = ['units', 'people', 'role-assignments', 'processes', 'information-assets', 'systems',
  'suppliers+agreements', 'users', 'organisation', 'audit'];
const MATRIX_TEXT = `
admin                | RCUD         | RCUD         | RCUD | RCUD         | RCUD         | RCUD         | RCUD | RCU | RU | R
coordinator          | RCUD         | RCUD         | R    | RCUD         | RCUD         | RCUD         | RCUD | –   | R  | R
security_chief       | R            | R            | R    | R            | R            | R            | R    | –   | R  | R
it_chief             | R            | R            | –    | R            | R            | RCUD         | RCUD | –   | R  | –
dpo                  | R            | R            | R    | R            | R            | R            | R    | –   | R  | R
manager              | R, CUD scope | R, CUD scope | –    | R, CUD scope | R, CUD scope | R, CUD scope | R    | –   | R  | –
information_owner    | R            | R            | –    | R            | R, U own     | R            | R    | –   | R  | –
system_owner         | R            | R            | –    | R            | R            | R, U own     | R    | –   | R  | –
system_administrator | R            | R            | –    | R            | R            | R, U own     | R    | –   | R  | –
elected              | R            | –            | –    | R            | R            | R            | R    | –   | R  | –
employee             | R            | –            | –    | R            | –            | R            | –    | –   | R  | –
auditor              | R            | R            | R    | R            | R            | R            | R    | R   | R  | R
`;

// "own": which field names the owner (docs/permissions.md, "Scope of a role").
const OWNER_FIELD = {
  information_owner: { 'information-assets': 'owner_id' },
  system_owner: { systems: 'owner_id' },
  system_administrator: { systems: 'administrator_id' },
};

// { role: { entity: { R: 'all'|'scope'|'own', C: ..., ... } } }
function parseMatrix(text) {
  const m = {};
  for (const line of text.trim().split('\n')) {
    const [role, ...cells] = line.split('|').map((s) => s.trim());
    assert.equal(cells.length, COLUMNS.length, `matrix row ${role}`);
    m[role] = {};
    cells.forEach((cell, i) => {
      const rights = {};
      if (cell !== '–') {
        for (const part of cell.split(',').map((s) => s.trim())) {
          const [letters, kind = 'all'] = part.split(/\s+/);
          for (const l of letters) rights[l] = kind;
        }
      }
      for (const name of COLUMNS[i].split('+')) m[role][name] = rights;
    });
  }
  return m;
}
const MATRIX = parseMatrix(MATRIX_TEXT);

const ENTITIES = ['units', 'people', 'role-assignments', 'processes', 'information-assets', 'systems',
  'suppliers', 'agreements', 'users'];
const ACTIONS = ['list', 'get', 'create', 'update', 'delete'];
const LETTER = { list: 'R', get: 'R', create: 'C', update: 'U', delete: 'D' };
const OK_STATUS = { list: 200, get: 200, create: 201, update: 200, delete: 204 };

// Expected status for a role holding an organisation-wide assignment.
function expected(role, entity, action, owned = false) {
  const kind = MATRIX[role][entity][LETTER[action]];
  let allowed;
  if (!kind) allowed = false;
  else if (kind === 'all' || kind === 'scope') allowed = true; // org-wide scope covers everything
  else allowed = kind === 'own' && action !== 'create' && owned; // creating needs all or scope
  return allowed ? OK_STATUS[action] : 403;
}

let env, srv, admin;
const apis = {};        // role -> Api
const person = {};      // role -> person id
const extra = {};       // name -> { api, person, password }
const fx = {};          // fixtures
const passwordOf = (user) => `${user}-password-123`;
const userOf = (role) => `as-${role}`;

async function mk(entity, body) {
  const r = await admin.post(`/api/v1/${entity}`, body);
  assert.equal(r.status, 201, `fixture ${entity} ${JSON.stringify(body)}: ${r.text}`);
  return r.json.id;
}

async function adminGet(entity, id) {
  return admin.get(`/api/v1/${entity}/${id}`);
}

// The field that carries a record's name in newBody().
const nameField = (entity) => ({ 'role-assignments': 'note', users: 'username' })[entity] || 'name';

// Is the record gone? SQLite hands a deleted record's number to the next
// new record, so a 200 for that number only counts if it is the same record.
async function gone(entity, id, name) {
  const r = await adminGet(entity, id);
  if (r.status === 404) return true;
  assert.equal(r.status, 200);
  return r.json[nameField(entity)] !== name;
}

// A body for a new record of each entity; tag is a unique search word.
function newBody(entity, tag) {
  switch (entity) {
    case 'units': return { name: tag, kind: 'department' };
    case 'role-assignments': return { person_id: fx.dummyPerson, role: 'employee', scope: 'org', note: tag };
    case 'agreements': return { name: tag, supplier_id: fx.agreementSupplier, kind: 'sla' };
    case 'users': return { username: tag };
    default: return { name: tag };
  }
}

// The change each role makes in the update test, and the field to check.
function updateBody(entity, role) {
  switch (entity) {
    case 'role-assignments': return ['note', `changed by ${role}`];
    case 'users': return ['lang', 'en'];
    case 'organisation': return ['name', `Testkommun ${role}`];
    default: return ['name', `changed by ${role}`];
  }
}

before(async () => {
  env = freshDb();
  for (const role of ROLES) addUser(env.db, userOf(role), role);
  for (const name of ['scoped-manager', 'record-owner', 'no-roles']) addUser(env.db, name, null);
  addUser(env.db, 'inactive-coord', 'coordinator');
  const tokens = {};
  for (const role of ROLES) tokens[role] = token(env.db, userOf(role));
  for (const name of ['scoped-manager', 'record-owner', 'no-roles', 'inactive-coord']) tokens[name] = token(env.db, name);
  const adminToken = token(env.db, 'admin');

  srv = await startServer(env.db);
  admin = new Api(srv.url, adminToken);
  for (const role of ROLES) apis[role] = new Api(srv.url, tokens[role]);
  await Promise.all(ROLES.map(async (role) => {
    const me = await apis[role].get('/api/v1/me');
    assert.equal(me.status, 200);
    assert.deepEqual(me.json.roles, [{ role, scope: 'org' }]);
    person[role] = me.json.person_id;
  }));
  await Promise.all(['scoped-manager', 'record-owner', 'no-roles', 'inactive-coord'].map(async (name) => {
    const api = new Api(srv.url, tokens[name]);
    const me = await api.get('/api/v1/me');
    assert.equal(me.status, 200);
    extra[name] = { api, person: me.json.person_id, password: passwordOf(name) };
  }));

  // Shared fixtures, then one record per role for each of get, update and
  // delete so that no test depends on another.
  [fx.dummyPerson, fx.agreementSupplier] = await Promise.all([
    mk('people', { name: 'Dummy person' }), mk('suppliers', { name: 'Agreement supplier' })]);
  fx.get = {};
  fx.update = {};
  fx.delete = {};
  await Promise.all(ENTITIES.map(async (entity) => {
    fx.get[entity] = await mk(entity, newBody(entity, `get-${entity.replace(/[^a-z]/g, '')}`));
    fx.update[entity] = {};
    fx.delete[entity] = {};
    await Promise.all(ROLES.map(async (role, i) => {
      [fx.update[entity][role], fx.delete[entity][role]] = await Promise.all([
        mk(entity, newBody(entity, `upd${i}-${entity.replace(/[^a-z]/g, '')}`)),
        mk(entity, newBody(entity, `del${i}-${entity.replace(/[^a-z]/g, '')}`)),
      ]);
    }));
  }));
  // Records the "own" roles own (for update and for delete), and records
  // where they are named in the other owner field.
  fx.owned = {};
  fx.otherField = {};
  await Promise.all(Object.entries(OWNER_FIELD).map(async ([role, byEntity]) => {
    fx.owned[role] = {};
    fx.otherField[role] = {};
    for (const [entity, field] of Object.entries(byEntity)) {
      const [u, d] = await Promise.all([
        mk(entity, { name: `owned by ${role} (update)`, [field]: person[role] }),
        mk(entity, { name: `owned by ${role} (delete)`, [field]: person[role] }),
      ]);
      fx.owned[role][entity] = { update: u, delete: d };
      if (entity === 'systems') {
        const other = field === 'owner_id' ? 'administrator_id' : 'owner_id';
        fx.otherField[role][entity] = await mk(entity, { name: `${role} as ${other}`, [other]: person[role] });
      }
    }
  }));
});

after(async () => {
  if (srv) await srv.stop();
  if (env) env.cleanup();
});

// One role: every entity and action, then the effects checked as admin.
async function runMatrix(role) {
  const api = apis[role];
  const i = ROLES.indexOf(role);
  const checks = [];
  const check = (label, want, promise, effect) => checks.push({ label, want, promise, effect });

  for (const entity of ENTITIES) {
    const base = `/api/v1/${entity}`;
    check(`list ${entity}`, expected(role, entity, 'list'), api.get(base));
    check(`get ${entity}`, expected(role, entity, 'get'), api.get(`${base}/${fx.get[entity]}`));

    const tag = `newrec${i}q`;
    check(`create ${entity}`, expected(role, entity, 'create'), api.post(base, newBody(entity, tag)),
      async (res, allowed) => {
        const found = await admin.get(`${base}?q=${tag}`);
        assert.equal(found.status, 200);
        return found.json.total === (allowed ? 1 : 0) ? null : `create ${entity}: ${found.json.total} records named ${tag}`;
      });

    const [field, value] = updateBody(entity, role);
    const upd = async (id, label, owned) => check(label, expected(role, entity, 'update', owned),
      api.patch(`${base}/${id}`, { [field]: value }),
      async (res, allowed) => {
        const now = await adminGet(entity, id);
        return (now.json[field] === value) === allowed ? null : `${label}: ${field} is ${JSON.stringify(now.json[field])}`;
      });
    const del = async (id, name, label, owned) => check(label, expected(role, entity, 'delete', owned),
      api.del(`${base}/${id}`),
      async (res, allowed) => (await gone(entity, id, name)) === allowed ? null
        : `${label}: the record is ${allowed ? 'still there' : 'gone'}`);
    upd(fx.update[entity][role], `update ${entity} (not owned)`, false);
    del(fx.delete[entity][role], newBody(entity, `del${i}-${entity.replace(/[^a-z]/g, '')}`)[nameField(entity)],
      `delete ${entity} (not owned)`, false);
    const owned = fx.owned[role]?.[entity];
    if (owned) {
      upd(owned.update, `update ${entity} (owned)`, true);
      del(owned.delete, `owned by ${role} (delete)`, `delete ${entity} (owned)`, true);
      if (fx.otherField[role][entity])
        upd(fx.otherField[role][entity], `update ${entity} (named in the other owner field)`, false);
    }
  }
  const [field, value] = updateBody('organisation', role);
  check('get organisation', expected(role, 'organisation', 'get'), api.get('/api/v1/organisation'));
  check('update organisation', expected(role, 'organisation', 'update'),
    api.patch('/api/v1/organisation', { [field]: value }),
    async (res, allowed) => {
      const now = await admin.get('/api/v1/organisation');
      return (now.json.name === value) === allowed ? null : `update organisation: name is ${now.json.name}`;
    });

  const results = await Promise.all(checks.map((c) => c.promise));
  const wrong = [];
  const effects = [];
  checks.forEach((c, k) => {
    const got = results[k].status;
    if (got !== c.want) wrong.push(`${role} ${c.label}: expected ${c.want}, got ${got}`);
    else if (c.want === 403 && results[k].headers.get('content-type') !== 'application/problem+json')
      wrong.push(`${role} ${c.label}: 403 is ${results[k].headers.get('content-type')}`);
    if (c.effect) effects.push(c.effect(results[k], c.want !== 403));
  });
  for (const e of await Promise.all(effects)) if (e) wrong.push(`${role} ${e}`);
  // The organisation name back, for the next role.
  if (role === 'admin') assert.equal((await admin.patch('/api/v1/organisation', { name: 'Testkommun' })).status, 200);
  return wrong;
}

for (const role of ROLES) {
  test(`API matrix: ${role} × every entity × every action`, async () => {
    assert.deepEqual(await runMatrix(role), []);
  });
}

test('the matrix in this file is what docs/permissions.md says', async () => {
  // Guards against a typo here turning a check into a no-op: spot checks
  // of the rules the issue names.
  assert.equal(expected('auditor', 'systems', 'update'), 403);
  assert.equal(expected('auditor', 'users', 'list'), 200);
  assert.equal(expected('system_owner', 'systems', 'update', true), 200);
  assert.equal(expected('system_owner', 'systems', 'update', false), 403);
  assert.equal(expected('system_owner', 'systems', 'delete', true), 403);
  assert.equal(expected('information_owner', 'information-assets', 'update', true), 200);
  assert.equal(expected('employee', 'information-assets', 'get'), 403);
  assert.equal(expected('coordinator', 'users', 'list'), 403);
  assert.equal(expected('admin', 'users', 'delete'), 403);
  assert.equal(expected('manager', 'suppliers', 'create'), 403);
  assert.equal(expected('manager', 'systems', 'create'), 201);
  for (const role of ROLES.filter((r) => r !== 'admin'))
    for (const action of ['create', 'update', 'delete'])
      assert.equal(expected(role, 'users', action), 403, `${role} ${action} users`);
});

test('a unit-scoped manager writes inside the unit and below it, and nowhere else', async () => {
  const [top, other] = await Promise.all([
    mk('units', { name: 'Scoped top', kind: 'administration' }),
    mk('units', { name: 'Outside', kind: 'administration' }),
  ]);
  const child = await mk('units', { name: 'Scoped child', kind: 'department', parent_id: top });
  const grandchild = await mk('units', { name: 'Scoped grandchild', kind: 'section', parent_id: child });
  const sm = extra['scoped-manager'];
  const pre = await sm.api.get('/api/v1/systems');
  assert.equal(pre.status, 403, "no roles before the assignment");
  const ra = await admin.post('/api/v1/role-assignments',
    { person_id: sm.person, role: 'manager', scope: 'unit', unit_id: top });
  assert.equal(ra.status, 201, ra.text);
  const me = await sm.api.get('/api/v1/me');
  assert.deepEqual(me.json.roles, [{ role: 'manager', scope: 'unit', unit_id: top }]);

  const [sTop, sChild, sOut, sMove, sDelIn, sDelOut, sNoUnit] = await Promise.all([
    mk('systems', { name: 'SM top', unit_id: top }),
    mk('systems', { name: 'SM child', unit_id: child }),
    mk('systems', { name: 'SM outside', unit_id: other }),
    mk('systems', { name: 'SM move', unit_id: top }),
    mk('systems', { name: 'SM delete inside', unit_id: grandchild }),
    mk('systems', { name: 'SM delete outside', unit_id: other }),
    mk('systems', { name: 'SM no unit' }),
  ]);
  const api = sm.api;
  const r = await Promise.all([
    api.post('/api/v1/systems', { name: 'SM new top', unit_id: top }),
    api.post('/api/v1/systems', { name: 'SM new grandchild', unit_id: grandchild }),
    api.post('/api/v1/systems', { name: 'SM new outside', unit_id: other }),
    api.post('/api/v1/systems', { name: 'SM new no unit' }),
    api.patch(`/api/v1/systems/${sTop}`, { name: 'SM top renamed' }),
    api.patch(`/api/v1/systems/${sChild}`, { name: 'SM child renamed', unit_id: grandchild }),
    api.patch(`/api/v1/systems/${sOut}`, { name: 'SM outside renamed' }),
    api.patch(`/api/v1/systems/${sNoUnit}`, { name: 'SM no unit renamed' }),
    api.del(`/api/v1/systems/${sDelIn}`),
    api.del(`/api/v1/systems/${sDelOut}`),
    api.get(`/api/v1/systems/${sOut}`),
    api.post('/api/v1/suppliers', { name: 'SM supplier' }),
    api.post('/api/v1/processes', { name: 'SM process inside', unit_id: child }),
    api.post('/api/v1/processes', { name: 'SM process outside', unit_id: other }),
    api.get('/api/v1/role-assignments'),
  ]);
  assert.deepEqual(r.map((x) => x.status),
    [201, 201, 403, 403, 200, 200, 403, 403, 204, 403, 200, 403, 201, 403, 403]);

  // Moving a system out of the scope is refused, and nothing changes.
  const moves = await Promise.all([
    api.patch(`/api/v1/systems/${sMove}`, { unit_id: other }),
    api.patch(`/api/v1/systems/${sMove}`, { unit_id: null }),
  ]);
  assert.deepEqual(moves.map((x) => x.status), [403, 403]);
  const post = await Promise.all([sMove, sOut, sChild].map((id) => adminGet('systems', id)));
  assert.equal(post[0].json.unit_id, top);
  assert.equal(post[1].json.name, 'SM outside');
  assert.equal(post[2].json.unit_id, grandchild);
  assert.equal(await gone('systems', sDelOut, 'SM delete outside'), false);
  assert.equal(await gone('systems', sDelIn, 'SM delete inside'), true);

  // Units: new ones only below the scope; moving a sub-unit out is refused.
  const u = await Promise.all([
    api.post('/api/v1/units', { name: 'SM new sub-unit', kind: 'section', parent_id: child }),
    api.post('/api/v1/units', { name: 'SM new outside', kind: 'section', parent_id: other }),
    api.post('/api/v1/units', { name: 'SM new top-level', kind: 'section' }),
    api.patch(`/api/v1/units/${other}`, { name: 'Outside renamed' }),
  ]);
  assert.deepEqual(u.map((x) => x.status), [201, 403, 403, 403]);
  const unitMoves = await Promise.all([
    api.patch(`/api/v1/units/${grandchild}`, { parent_id: other }),
    api.patch(`/api/v1/units/${grandchild}`, { parent_id: null }),
  ]);
  assert.deepEqual(unitMoves.map((x) => x.status), [403, 403]);
  assert.equal((await adminGet('units', grandchild)).json.parent_id, child);
});

test('a record-scoped system owner updates exactly that system', async () => {
  const [s1, s2] = await Promise.all([mk('systems', { name: 'Record scope 1' }), mk('systems', { name: 'Record scope 2' })]);
  const ro = extra['record-owner'];
  const ra = await admin.post('/api/v1/role-assignments',
    { person_id: ro.person, role: 'system_owner', scope: 'record', record_entity: 'systems', record_id: s1 });
  assert.equal(ra.status, 201, ra.text);
  const api = ro.api;
  const r = await Promise.all([
    api.patch(`/api/v1/systems/${s1}`, { name: 'Record scope 1 renamed' }),
    api.patch(`/api/v1/systems/${s2}`, { name: 'Record scope 2 renamed' }),
    api.del(`/api/v1/systems/${s1}`),
    api.post('/api/v1/systems', { name: 'Record scope new' }),
    api.get(`/api/v1/systems/${s2}`),
    api.patch(`/api/v1/information-assets/${fx.get['information-assets']}`, { name: 'not mine' }),
  ]);
  assert.deepEqual(r.map((x) => x.status), [200, 403, 403, 403, 200, 403]);
  const [a1, a2] = await Promise.all([adminGet('systems', s1), adminGet('systems', s2)]);
  assert.equal(a1.json.name, 'Record scope 1 renamed');
  assert.equal(a2.json.name, 'Record scope 2');
});

test('an inactive person holds no roles', async () => {
  const ic = extra['inactive-coord'];
  assert.equal((await ic.api.get('/api/v1/systems')).status, 200);
  assert.equal((await ic.api.post('/api/v1/systems', { name: 'by active coordinator' })).status, 201);
  assert.equal((await admin.patch(`/api/v1/people/${ic.person}`, { active: false })).status, 200);
  const r = await Promise.all([
    ic.api.get('/api/v1/systems'),
    ic.api.post('/api/v1/systems', { name: 'by inactive coordinator' }),
    ic.api.patch(`/api/v1/systems/${fx.get.systems}`, { name: 'by inactive coordinator' }),
    ic.api.get('/api/v1/organisation'),
    ic.api.get('/api/v1/me'),
  ]);
  assert.deepEqual(r.map((x) => x.status), [403, 403, 403, 403, 200]);
  assert.deepEqual(r[4].json.roles, []);
  const web = new Browserless(srv.url);
  await web.login('inactive-coord', ic.password);
  assert.equal((await web.get('/systems')).status, 403);
  // Active again: the rights come back.
  assert.equal((await admin.patch(`/api/v1/people/${ic.person}`, { active: true })).status, 200);
  assert.equal((await ic.api.get('/api/v1/systems')).status, 200);
});

test('a user without roles gets 403 on every list', async () => {
  const api = extra['no-roles'].api;
  const paths = [...ENTITIES.map((e) => `/api/v1/${e}`), '/api/v1/organisation'];
  const r = await Promise.all(paths.map((p) => api.get(p)));
  assert.deepEqual(Object.fromEntries(paths.map((p, k) => [p, r[k].status])),
    Object.fromEntries(paths.map((p) => [p, 403])));
  const me = await api.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.deepEqual(me.json.roles, []);
});

// ---- the web pages ----------------------------------------------------

// One logged-in web session per role, shared by the tests (logging in
// costs an Argon2id check).
const sessions = {};
function webAs(role) {
  sessions[role] ??= (async () => {
    const c = new Browserless(srv.url);
    await c.login(userOf(role), passwordOf(userOf(role)));
    return c;
  })();
  return sessions[role];
}

// A link to href, with or without a query (a form's ?return=).
const hasLink = (html, href) => html.includes(`href="${href}"`) || html.includes(`href="${href}?`);

// Forms for the two entities; `extraFields` keeps an owner's ownership.
const FORMS = {
  systems: (name, extraFields = {}) => ({ name, lifecycle: 'in_use', ...extraFields }),
  'information-assets': (name, extraFields = {}) => ({ name, personal_data: 'none', ...extraFields }),
};

// A role that may read but not write: no links, every write page 403,
// and nothing changed.
async function webReadOnly(role, entity) {
  const c = await webAs(role);
  const id = await mk(entity, { name: `web ${role} ${entity}` });
  const problems = [];
  const expect = (label, got, want) => { if (got !== want) problems.push(`${label}: expected ${want}, got ${got}`); };
  // The session's CSRF token goes with every form, so a 403 below is the
  // permission check's.
  expect('CSRF token', typeof c.csrf === 'string' && c.csrf.length > 10, true);
  const list = await c.get(`/${entity}`);
  expect('list', list.status, 200);
  expect('New link on the list', hasLink(list.text, `/${entity}/new`), false);
  const show = await c.get(`/${entity}/${id}`);
  expect('record', show.status, 200);
  expect('Edit link', hasLink(show.text, `/${entity}/${id}/edit`), false);
  expect('Delete link', hasLink(show.text, `/${entity}/${id}/delete`), false);
  expect('GET new', (await c.get(`/${entity}/new`)).status, 403);
  expect('POST create', (await c.post(`/${entity}`, FORMS[entity](`webnew-${role}`))).status, 403);
  expect('GET edit', (await c.get(`/${entity}/${id}/edit`)).status, 403);
  expect('POST update', (await c.post(`/${entity}/${id}`, FORMS[entity](`webchanged-${role}`))).status, 403);
  expect('GET delete', (await c.get(`/${entity}/${id}/delete`)).status, 403);
  expect('POST delete', (await c.post(`/${entity}/${id}/delete`, {})).status, 403);
  expect('Import link on the list', hasLink(list.text, `/${entity}/import`), false);
  expect('GET import', (await c.get(`/${entity}/import`)).status, 403);
  expect('history', (await c.get(`/${entity}/${id}/history`)).status, 200);
  expect('CSV export', (await c.get(`/${entity}/export.csv`)).status, 200);
  const now = await adminGet(entity, id);
  expect('record afterwards', now.status, 200);
  expect('name afterwards', now.json?.name, `web ${role} ${entity}`);
  expect('record deleted', await gone(entity, id, `web ${role} ${entity}`), false);
  expect('created records', (await admin.get(`/api/v1/${entity}?q=webnew-${role}`)).json.total, 0);
  return problems;
}

// A role that may do everything: links shown, every page works.
async function webFull(role, entity) {
  const c = await webAs(role);
  const problems = [];
  const expect = (label, got, want) => { if (got !== want) problems.push(`${label}: expected ${want}, got ${got}`); };
  const list = await c.get(`/${entity}`);
  expect('New link', hasLink(list.text, `/${entity}/new`), true);
  expect('Import link', hasLink(list.text, `/${entity}/import`), true);
  expect('GET import', (await c.get(`/${entity}/import`)).status, 200);
  expect('GET new', (await c.get(`/${entity}/new`)).status, 200);
  const created = await c.post(`/${entity}`, FORMS[entity](`webnew-${role}`));
  expect('POST create', created.status, 303);
  const id = Number((created.headers.get('location') || '').match(/\/(\d+)/)?.[1]);
  expect('created record', (await adminGet(entity, id)).json?.name, `webnew-${role}`);
  const show = await c.get(`/${entity}/${id}`);
  expect('Edit link', hasLink(show.text, `/${entity}/${id}/edit`), true);
  expect('Delete link', hasLink(show.text, `/${entity}/${id}/delete`), true);
  expect('GET edit', (await c.get(`/${entity}/${id}/edit`)).status, 200);
  expect('POST update', (await c.post(`/${entity}/${id}`, FORMS[entity](`webchanged-${role}`))).status, 303);
  expect('updated record', (await adminGet(entity, id)).json?.name, `webchanged-${role}`);
  expect('GET delete', (await c.get(`/${entity}/${id}/delete`)).status, 200);
  expect('POST delete', (await c.post(`/${entity}/${id}/delete`, {})).status, 303);
  expect('record deleted', await gone(entity, id, `webchanged-${role}`), true);
  return problems;
}

// An "own" role: may edit the owned record (not delete it), nothing else.
async function webOwner(role, entity, field) {
  const c = await webAs(role);
  const problems = [];
  const expect = (label, got, want) => { if (got !== want) problems.push(`${label}: expected ${want}, got ${got}`); };
  const [mine, theirs] = await Promise.all([
    mk(entity, { name: `web mine ${role}`, [field]: person[role] }),
    mk(entity, { name: `web theirs ${role}` }),
  ]);
  const list = await c.get(`/${entity}`);
  expect('New link', hasLink(list.text, `/${entity}/new`), false);
  expect('GET new', (await c.get(`/${entity}/new`)).status, 403);
  const showMine = await c.get(`/${entity}/${mine}`);
  expect('Edit link (owned)', hasLink(showMine.text, `/${entity}/${mine}/edit`), true);
  expect('Delete link (owned)', hasLink(showMine.text, `/${entity}/${mine}/delete`), false);
  expect('GET edit (owned)', (await c.get(`/${entity}/${mine}/edit`)).status, 200);
  expect('POST update (owned)', (await c.post(`/${entity}/${mine}`,
    FORMS[entity](`web mine ${role} changed`, { [field]: String(person[role]) }))).status, 303);
  expect('owned record name', (await adminGet(entity, mine)).json?.name, `web mine ${role} changed`);
  // A handover is for a wider role: the form says so on the field (422).
  expect('POST update giving the record away', (await c.post(`/${entity}/${mine}`,
    FORMS[entity](`web given away ${role}`, { [field]: '' }))).status, 422);
  expect('POST delete (owned)', (await c.post(`/${entity}/${mine}/delete`, {})).status, 403);
  const showTheirs = await c.get(`/${entity}/${theirs}`);
  expect('record (not owned)', showTheirs.status, 200);
  expect('Edit link (not owned)', hasLink(showTheirs.text, `/${entity}/${theirs}/edit`), false);
  expect('GET edit (not owned)', (await c.get(`/${entity}/${theirs}/edit`)).status, 403);
  expect('POST update (not owned)', (await c.post(`/${entity}/${theirs}`, FORMS[entity]('stolen'))).status, 403);
  const after = await Promise.all([adminGet(entity, mine), adminGet(entity, theirs)]);
  expect('owned record afterwards', after[0].json?.name, `web mine ${role} changed`);
  expect('owner afterwards', after[0].json?.[field], person[role]);
  expect('other record afterwards', after[1].json?.name, `web theirs ${role}`);
  return problems;
}

test('web pages: systems', async () => {
  const results = await Promise.all([
    ...['coordinator', 'it_chief', 'admin'].map(async (r) => [`${r} (full)`, await webFull(r, 'systems')]),
    ...['auditor', 'employee', 'security_chief', 'information_owner'].map(async (r) => [`${r} (read)`, await webReadOnly(r, 'systems')]),
    ['system_owner (own)', await webOwner('system_owner', 'systems', 'owner_id')],
    ['system_administrator (own)', await webOwner('system_administrator', 'systems', 'administrator_id')],
  ]);
  assert.deepEqual(results.filter(([, p]) => p.length), []);
});

test('web pages: information assets', async () => {
  const results = await Promise.all([
    ...['coordinator', 'admin'].map(async (r) => [`${r} (full)`, await webFull(r, 'information-assets')]),
    ...['auditor', 'elected', 'it_chief', 'system_owner'].map(async (r) => [`${r} (read)`, await webReadOnly(r, 'information-assets')]),
    ['information_owner (own)', await webOwner('information_owner', 'information-assets', 'owner_id')],
  ]);
  assert.deepEqual(results.filter(([, p]) => p.length), []);
  // The employee may not even read them.
  const c = await webAs('employee');
  const id = fx.get['information-assets'];
  assert.equal((await c.get('/information-assets')).status, 403);
  assert.equal((await c.get(`/information-assets/${id}`)).status, 403);
  assert.equal((await c.get(`/information-assets/${id}/history`)).status, 403);
  assert.equal((await c.get('/information-assets/export.csv')).status, 403);
  assert.equal((await c.get('/information-assets/new')).status, 403);
  assert.equal((await c.post('/information-assets', FORMS['information-assets']('by an employee'))).status, 403);
  assert.equal((await admin.get('/api/v1/information-assets?q=employee')).json.total, 0);
});

test('web: the audit trail only for admin, coordinator, security_chief, dpo and auditor', async () => {
  const got = {};
  await Promise.all(ROLES.map(async (role) => {
    const c = await webAs(role);
    got[role] = (await c.get('/audit')).status;
  }));
  const want = Object.fromEntries(ROLES.map((r) => [r, MATRIX[r].audit.R ? 200 : 403]));
  assert.deepEqual(got, want);
  assert.deepEqual(ROLES.filter((r) => want[r] === 200), ['admin', 'coordinator', 'security_chief', 'dpo', 'auditor']);
});
