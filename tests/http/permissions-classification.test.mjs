// Permissions for the classification entities: every role × entity × action
// through the API, checked against the classification matrix of
// docs/permissions.md (copied by hand below, not derived from the server),
// with the "own" cases decided on the record a classification record
// belongs to (a classification on its information asset, a system decision
// and an action-plan item on their system), the unit scope of a manager,
// and changes that would move a record out of the user's reach.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, addUser, token, Api } from '../lib/tillit.mjs';

const ROLES = ['admin', 'coordinator', 'security_chief', 'it_chief', 'dpo', 'manager',
  'information_owner', 'system_owner', 'system_administrator', 'elected', 'employee', 'auditor'];

// docs/permissions.md, the classification table. R = read, C = create,
// U = update, D = delete; "scope" = within the assignment's scope, "own" =
// the person owns the record this one belongs to; – = nothing. The doc
// names several roles on one row; their codes are listed here.
const COLUMNS = ['classifications', 'system-classifications+action-plan-items', 'requirements', 'soa-entries',
  'classification-levels'];
const MATRIX_TEXT = `
admin, coordinator                                 | RCUD         | RCUD         | RCU | RU | RU
it_chief                                           | R            | RCUD         | R   | R  | R
manager                                            | R, CUD scope | R, CUD scope | R   | R  | R
information_owner                                  | R, CUD own   | R            | R   | R  | R
system_owner                                       | R            | R, CUD own   | R   | R  | R
security_chief, dpo, system_administrator, auditor | R            | R            | R   | R  | R
elected                                            | R            | R            | R   | R  | R
employee                                           | –            | –            | –   | –  | R
`;
// docs/permissions.md, below the table: "Requirements are retired rather
// than deleted; controls (SoA entries) and levels come from the shipped
// catalogue and cannot be created or deleted." (The table says as much;
// this holds it for every role, whatever the table.) The API answers such
// a request 403 (docs/api.md: "the account's roles do not allow it").
const NO_CREATE = new Set(['soa-entries', 'classification-levels']);
const NO_DELETE = new Set(['requirements', 'soa-entries', 'classification-levels']);
// docs/permissions.md, below the table: a system decision is never
// deleted (409 for those whose role would allow it). The classifications
// deleted here are drafts.
const KEPT = new Set(['system-classifications']);

// "own" (docs/permissions.md, "Scope of a role"): the owner field of the
// record a classification record belongs to.
const OWNER_FIELD = {
  information_owner: { entity: 'information-assets', field: 'owner_id' },
  system_owner: { entity: 'systems', field: 'owner_id' },
  system_administrator: { entity: 'systems', field: 'administrator_id' },
};
// The record each of the three belongs to (its scope), and the owner
// fields of those.
const PARENT = { classifications: 'information-assets', 'system-classifications': 'systems', 'action-plan-items': 'systems' };
const PARENT_OWNER_FIELDS = { 'information-assets': ['owner_id'], systems: ['owner_id', 'administrator_id'] };

// { role: { entity: { R: 'all'|'scope'|'own', C: ..., ... } } }
function parseMatrix(text) {
  const m = {};
  for (const line of text.trim().split('\n')) {
    const [roles, ...cells] = line.split('|').map((s) => s.trim());
    assert.equal(cells.length, COLUMNS.length, `matrix row ${roles}`);
    for (const role of roles.split(',').map((s) => s.trim())) {
      assert.ok(ROLES.includes(role), `matrix row ${role}`);
      assert.ok(!m[role], `matrix row ${role} twice`);
      m[role] = {};
      cells.forEach((cell, i) => {
        const rights = {};
        if (cell !== '–') {
          for (const part of cell.split(',').map((s) => s.trim())) {
            const [letters, kind = 'all'] = part.split(/\s+/);
            assert.match(letters, /^[RCUD]+$/, `matrix cell ${role} ${COLUMNS[i]}`);
            assert.ok(['all', 'scope', 'own'].includes(kind), `matrix cell ${role} ${COLUMNS[i]}`);
            for (const l of letters) rights[l] = kind;
          }
        }
        for (const name of COLUMNS[i].split('+')) m[role][name] = rights;
      });
    }
  }
  assert.deepEqual(Object.keys(m).sort(), [...ROLES].sort(), 'every role has a row');
  return m;
}
const MATRIX = parseMatrix(MATRIX_TEXT);

const ENTITIES = ['classification-levels', 'classifications', 'system-classifications', 'requirements',
  'soa-entries', 'action-plan-items'];
const LETTER = { list: 'R', get: 'R', create: 'C', update: 'U', delete: 'D' };
const OK_STATUS = { list: 200, get: 200, create: 201, update: 200, delete: 204 };

// Expected status for a role holding an organisation-wide assignment;
// owned: the person owns the record the target belongs to.
function expected(role, entity, action, owned = false) {
  if (action === 'create' && NO_CREATE.has(entity)) return 403;
  if (action === 'delete' && NO_DELETE.has(entity)) return 403;
  const kind = MATRIX[role][entity][LETTER[action]];
  let allowed;
  if (!kind) allowed = false;
  else if (kind === 'all' || kind === 'scope') allowed = true; // org-wide scope covers everything
  else allowed = kind === 'own' && owned; // "CUD own": creating on an owned record too
  if (allowed && action === 'delete' && KEPT.has(entity)) return 409;
  return allowed ? OK_STATUS[action] : 403;
}

let env, srv, admin;
const apis = {};        // role -> Api
const person = {};      // role -> person id
const fx = {};          // fixtures
const userOf = (role) => (ROLES.includes(role) ? `as-${role}` : role);
const today = new Date().toLocaleDateString('sv-SE', { timeZone: process.env.TZ || 'Europe/Stockholm' });

async function mk(entity, body) {
  const r = await admin.post(`/api/v1/${entity}`, body);
  assert.equal(r.status, 201, `fixture ${entity} ${JSON.stringify(body)}: ${r.text}`);
  return r.json.id;
}

// Valid bodies. Each carries a tag in a searchable text field so that the
// record can be found again (q=) and told apart from another that got the
// same id after a delete.
const TAG_FIELD = {
  classifications: 'participants',
  'system-classifications': 'reason',
  'action-plan-items': 'reason',
  requirements: 'title_sv',
  'soa-entries': 'title_sv',
  'classification-levels': 'name',
};
// A decided classification: every aspect raised, so each needs its reason.
const classification = (asset, tag, status = 'decided') => ({
  asset_id: asset, classified_on: today, confidentiality: 1, integrity: 1, availability: 1, traceability: 1,
  confidentiality_reason: 'Sekretess', integrity_reason: 'Felaktiga beslut', availability_reason: 'Avbrott',
  traceability_reason: 'Loggkrav', participants: tag, status,
  ...(status === 'decided' ? { decided_by_id: fx.decider, decided_on: today } : {}),
});
// A decision raising availability above what the system's information
// calls for (1 on every aspect: fx.baseAsset), so not lower than derived.
const systemDecision = (system, tag) => ({ system_id: system, availability: 2, reason: tag, decided_on: today });
// Not applicable, with the reason it needs; the pair must be new.
const planItem = (system, requirement, tag) => ({
  system_id: system, requirement_id: requirement, assessment: 'not_applicable', reason: tag,
});

// The change each role makes in the update test, and the field to check.
const UPDATE_FIELD = {
  classifications: 'participants',      // of a draft: a decided one stays as decided
  'system-classifications': 'reason',
  'action-plan-items': 'comment',
  requirements: 'title_en',
  'soa-entries': 'justification',
  'classification-levels': 'description',
};
const updateValue = (role, label) => `changed by ${role} (${label})`;

async function adminGet(entity, id) {
  return admin.get(`/api/v1/${entity}/${id}`);
}

// Is the record gone? A deleted record's number may be handed to the next
// new record, so a 200 for that number only counts if it is the same record.
async function gone(entity, id, tag) {
  const r = await adminGet(entity, id);
  if (r.status === 404) return true;
  assert.equal(r.status, 200, `${entity} ${id}: ${r.text}`);
  return r.json[TAG_FIELD[entity]] !== tag;
}

async function countTagged(entity, tag) {
  const r = await admin.get(`/api/v1/${entity}?q=${encodeURIComponent(tag)}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((x) => x[TAG_FIELD[entity]] === tag).length;
}

before(async () => {
  env = freshDb();
  for (const role of ROLES) addUser(env.db, userOf(role), role);
  const EXTRA = ['scoped-manager', 'record-owner'];
  for (const name of EXTRA) addUser(env.db, name, null);
  const tokens = {};
  for (const role of [...ROLES, ...EXTRA]) tokens[role] = token(env.db, userOf(role));
  const adminToken = token(env.db, 'admin');

  srv = await startServer(env.db);
  admin = new Api(srv.url, adminToken);
  for (const role of [...ROLES, ...EXTRA]) apis[role] = new Api(srv.url, tokens[role]);
  await Promise.all([...ROLES, ...EXTRA].map(async (role) => {
    const me = await apis[role].get('/api/v1/me');
    assert.equal(me.status, 200);
    assert.deepEqual(me.json.roles, EXTRA.includes(role) ? [] : [{ role, scope: 'org' }]);
    person[role] = me.json.person_id;
  }));

  // The catalogues as shipped.
  const [levels, reqs, soa] = await Promise.all(['classification-levels', 'requirements', 'soa-entries']
    .map(async (e) => (await admin.get(`/api/v1/${e}?limit=500`)).json.items));
  assert.equal(levels.length, 5);
  fx.levels = Object.fromEntries(levels.map((l) => [l.level, l]));
  fx.reqs = reqs.filter((q) => q.status === 'active' && q.scope === 'system').map((q) => q.id);
  assert.ok(fx.reqs.length >= 40, `${fx.reqs.length} active requirements`);
  const byCode = Object.fromEntries(soa.filter((e) => e.framework === 'iso27001').map((e) => [e.code, e]));
  fx.soa = { get: byCode['5.1'], update: byCode['5.2'], delete: byCode['5.3'] };

  // Who decides classifications in the bodies (someone whose role may
  // decide any: the coordinator); who owns the "others'" records.
  fx.decider = person.coordinator;
  fx.stranger = await mk('people', { name: 'Stranger' });

  // Every system processes this information, classified 1 on every aspect,
  // so that a decision must not go below 1.
  fx.baseAsset = await mk('information-assets', { name: 'Base information', owner_id: fx.stranger });
  await mk('classifications', classification(fx.baseAsset, 'base classification'));
  const system = (name, extra = {}) => mk('systems', { name, information_asset_ids: [fx.baseAsset], ...extra });

  // Records owned by someone else: the parents of the matrix's "not owned" cases.
  [fx.otherAsset, fx.otherSystem, fx.createSystem, fx.updSystem, fx.delSystem] = await Promise.all([
    mk('information-assets', { name: 'Others\' information', owner_id: fx.stranger }),
    system('Others\' system', { owner_id: fx.stranger, administrator_id: fx.stranger }),
    system('Others\' system for new plan items', { owner_id: fx.stranger, administrator_id: fx.stranger }),
    system('Others\' system for changed plan items', { owner_id: fx.stranger, administrator_id: fx.stranger }),
    system('Others\' system for deleted plan items', { owner_id: fx.stranger, administrator_id: fx.stranger }),
  ]);

  // One record to read per entity, and per role one to change and one to
  // delete, so that no test depends on another.
  fx.get = {
    'classification-levels': fx.levels[0].id,
    classifications: await mk('classifications', classification(fx.otherAsset, 'get classification')),
    'system-classifications': await mk('system-classifications', systemDecision(fx.otherSystem, 'get decision')),
    requirements: fx.reqs[0],
    'soa-entries': fx.soa.get.id,
    'action-plan-items': await mk('action-plan-items', planItem(fx.otherSystem, fx.reqs[0], 'get plan item')),
  };
  const [updReq, delReq] = await Promise.all([
    mk('requirements', { code: 'PERM-UPD', area: 'governance', aspect: 'S', min_level: 3, title_sv: 'upd requirement' }),
    mk('requirements', { code: 'PERM-DEL', area: 'governance', aspect: 'S', min_level: 3, title_sv: 'del requirement' }),
  ]);
  fx.update = {};
  fx.delete = {};
  await Promise.all(ROLES.map(async (role, i) => {
    const [cu, cd, su, sd, pu, pd] = await Promise.all([
      mk('classifications', classification(fx.otherAsset, `updcls${i}x`, 'draft')),
      mk('classifications', classification(fx.otherAsset, `delcls${i}x`, 'draft')),
      mk('system-classifications', systemDecision(fx.otherSystem, `updsys${i}x`)),
      mk('system-classifications', systemDecision(fx.otherSystem, `delsys${i}x`)),
      mk('action-plan-items', planItem(fx.updSystem, fx.reqs[i], `updplan${i}x`)),
      mk('action-plan-items', planItem(fx.delSystem, fx.reqs[i], `delplan${i}x`)),
    ]);
    fx.update[role] = {
      classifications: cu, 'system-classifications': su, 'action-plan-items': pu,
      requirements: updReq, 'soa-entries': fx.soa.update.id, 'classification-levels': fx.levels[2].id,
    };
    fx.delete[role] = {
      classifications: [cd, `delcls${i}x`], 'system-classifications': [sd, `delsys${i}x`],
      'action-plan-items': [pd, `delplan${i}x`], requirements: [delReq, 'del requirement'],
      'soa-entries': [fx.soa.delete.id, fx.soa.delete.title_sv],
      'classification-levels': [fx.levels[1].id, fx.levels[1].name],
    };
  }));
  fx.createParent = { classifications: fx.otherAsset, 'system-classifications': fx.otherSystem, 'action-plan-items': fx.createSystem };

  // For the three "own" roles: a parent where the person is named in each
  // owner field of each parent entity (an asset they own, a system they own,
  // a system they administer), with a record to change and one to delete
  // under it.
  fx.named = {};
  await Promise.all(Object.keys(OWNER_FIELD).map(async (role, r) => {
    fx.named[role] = [];
    for (const [entity, fields] of Object.entries(PARENT_OWNER_FIELDS)) {
      for (const field of fields) {
        const k = fx.named[role].length;
        const parent = entity === 'systems'
          ? await system(`${role} as ${field}`, { owner_id: fx.stranger, administrator_id: fx.stranger, [field]: person[role] })
          : await mk(entity, { name: `${role} as ${field}`, [field]: person[role] });
        const owned = OWNER_FIELD[role].entity === entity && OWNER_FIELD[role].field === field;
        const recs = {};
        for (const child of Object.keys(PARENT).filter((c) => PARENT[c] === entity)) {
          const upd = `updown${r}${k}${child[0]}x`, del = `delown${r}${k}${child[0]}x`;
          const body = (t, n) => (child === 'classifications' ? classification(parent, t, 'draft')
            : child === 'system-classifications' ? systemDecision(parent, t) : planItem(parent, fx.reqs[n], t));
          recs[child] = { update: await mk(child, body(upd, 1)), delete: [await mk(child, body(del, 2)), del] };
        }
        fx.named[role].push({ entity, field, parent, owned, recs, label: `${entity} ${field} = ${role}` });
      }
    }
  }));
});

after(async () => {
  if (srv) await srv.stop();
  if (env) env.cleanup();
});

// A body for a new record of entity under parent (for the three that belong
// to another record), tagged tag; n picks a fresh requirement for plan items.
// SoA entries and levels have no valid new body (their framework, code and
// titles are read-only; the five levels 0-4 are taken): the API refuses
// them before it reads the body, so the 403 is still the right's.
function newBody(entity, tag, parent, n) {
  switch (entity) {
    case 'classifications': return classification(parent, tag);
    case 'system-classifications': return systemDecision(parent, tag);
    case 'action-plan-items': return planItem(parent, fx.reqs[n], tag);
    case 'requirements': return { code: tag, area: 'governance', aspect: 'S', min_level: 3, title_sv: tag };
    case 'soa-entries': return { framework: 'iso27001', code: '9.99', theme: 'organizational', title_sv: tag };
    case 'classification-levels': return { level: 4, name: tag };
    default: throw new Error(entity);
  }
}

// One role: every entity and action, then the effects checked as admin.
async function runMatrix(role) {
  const api = apis[role];
  const i = ROLES.indexOf(role);
  const checks = [];
  const check = (label, want, promise, effect) => checks.push({ label, want, promise, effect });

  let made = 0;
  const create = (entity, label, parent, n, owned) => {
    const tag = `new${i}n${made++}x`;
    check(`create ${entity} (${label})`, expected(role, entity, 'create', owned),
      api.post(`/api/v1/${entity}`, newBody(entity, tag, parent, n)),
      async (allowed) => {
        const n2 = await countTagged(entity, tag);
        return n2 === (allowed ? 1 : 0) ? null : `create ${entity} (${label}): ${n2} records tagged ${tag}`;
      });
  };
  const update = (entity, label, id, owned) => {
    const field = UPDATE_FIELD[entity], value = updateValue(role, label);
    check(`update ${entity} (${label})`, expected(role, entity, 'update', owned),
      api.patch(`/api/v1/${entity}/${id}`, { [field]: value }),
      async (allowed) => {
        const now = await adminGet(entity, id);
        return (now.json?.[field] === value) === allowed ? null
          : `update ${entity} (${label}): ${field} is ${JSON.stringify(now.json?.[field])}`;
      });
  };
  const del = (entity, label, [id, tag], owned) => check(`delete ${entity} (${label})`,
    expected(role, entity, 'delete', owned), api.del(`/api/v1/${entity}/${id}`),
    async (allowed) => ((await gone(entity, id, tag)) === allowed ? null
      : `delete ${entity} (${label}): the record is ${allowed ? 'still there' : 'gone'}`));

  for (const entity of ENTITIES) {
    const base = `/api/v1/${entity}`;
    check(`list ${entity}`, expected(role, entity, 'list'), api.get(base));
    check(`get ${entity}`, expected(role, entity, 'get'), api.get(`${base}/${fx.get[entity]}`));
    create(entity, 'not owned', fx.createParent[entity], i, false);
    update(entity, 'not owned', fx.update[role][entity], false);
    del(entity, 'not owned', fx.delete[role][entity], false);
  }
  // Under records where the person is named as owner or administrator.
  for (const n of fx.named[role] || []) {
    for (const [entity, recs] of Object.entries(n.recs)) {
      create(entity, n.label, n.parent, 3, n.owned);
      update(entity, n.label, recs.update, n.owned);
      del(entity, n.label, recs.delete, n.owned);
    }
  }

  const results = await Promise.all(checks.map((c) => c.promise));
  const wrong = [];
  const effects = [];
  checks.forEach((c, k) => {
    const got = results[k].status;
    if (got !== c.want) wrong.push(`${role} ${c.label}: expected ${c.want}, got ${got} ${results[k].text.slice(0, 200)}`);
    else if (c.want === 403 && results[k].headers.get('content-type') !== 'application/problem+json')
      wrong.push(`${role} ${c.label}: 403 is ${results[k].headers.get('content-type')}`);
    if (c.effect) effects.push(c.effect(c.want < 400));
  });
  for (const e of await Promise.all(effects)) if (e) wrong.push(`${role} ${e}`);
  return { wrong, count: checks.length, effects: effects.length, refused: checks.filter((c) => c.want === 403).length };
}

for (const role of ROLES) {
  test(`API matrix: ${role} × every classification entity × every action`, async (t) => {
    const { wrong, count, effects, refused } = await runMatrix(role);
    t.diagnostic(`${count} statuses (${refused} of them 403, checked to be problem+json), ${effects} effects checked as admin`);
    assert.deepEqual(wrong, []);
  });
}

test('the matrix in this file is what docs/permissions.md says', () => {
  // Guards against a typo here turning a check into a no-op: spot checks
  // of the doc's rules.
  assert.equal(expected('information_owner', 'classifications', 'create', true), 201);
  assert.equal(expected('information_owner', 'classifications', 'delete', true), 204);
  assert.equal(expected('information_owner', 'classifications', 'update', false), 403);
  assert.equal(expected('information_owner', 'action-plan-items', 'update', true), 403);
  assert.equal(expected('system_owner', 'action-plan-items', 'create', true), 201);
  assert.equal(expected('system_owner', 'system-classifications', 'update', false), 403);
  assert.equal(expected('system_owner', 'classifications', 'update', true), 403);
  assert.equal(expected('system_administrator', 'action-plan-items', 'update', true), 403);
  assert.equal(expected('it_chief', 'system-classifications', 'delete'), 409);
  assert.equal(expected('it_chief', 'action-plan-items', 'delete'), 204);
  assert.equal(expected('auditor', 'system-classifications', 'delete'), 403);
  assert.equal(expected('it_chief', 'classifications', 'create'), 403);
  assert.equal(expected('manager', 'classifications', 'create'), 201);
  assert.equal(expected('manager', 'requirements', 'update'), 403);
  assert.equal(expected('coordinator', 'requirements', 'create'), 201);
  assert.equal(expected('coordinator', 'requirements', 'delete'), 403);
  assert.equal(expected('admin', 'soa-entries', 'update'), 200);
  assert.equal(expected('admin', 'soa-entries', 'create'), 403);
  assert.equal(expected('admin', 'classification-levels', 'update'), 200);
  assert.equal(expected('admin', 'classification-levels', 'delete'), 403);
  assert.equal(expected('employee', 'classification-levels', 'get'), 200);
  assert.equal(expected('employee', 'classifications', 'list'), 403);
  assert.equal(expected('employee', 'requirements', 'list'), 403);
  assert.equal(expected('elected', 'action-plan-items', 'list'), 200);
  assert.equal(expected('auditor', 'soa-entries', 'update'), 403);
});

test('a change that would move a record out of the owner\'s reach is refused', async () => {
  const mine = (role) => fx.named[role].find((n) => n.owned);
  const io = mine('information_owner'), so = mine('system_owner');
  const [cls, plan, dec, otherCls, otherPlan] = await Promise.all([
    mk('classifications', classification(io.parent, 'move cls', 'draft')),
    mk('action-plan-items', planItem(so.parent, fx.reqs[4], 'move plan')),
    mk('system-classifications', systemDecision(so.parent, 'move decision')),
    mk('classifications', classification(fx.otherAsset, 'pull cls', 'draft')),
    mk('action-plan-items', planItem(fx.otherSystem, fx.reqs[5], 'pull plan')),
  ]);
  const r = await Promise.all([
    // Own record to someone else's parent.
    apis.information_owner.patch(`/api/v1/classifications/${cls}`, { asset_id: fx.otherAsset }),
    apis.system_owner.patch(`/api/v1/action-plan-items/${plan}`, { system_id: fx.otherSystem }),
    apis.system_owner.patch(`/api/v1/system-classifications/${dec}`, { system_id: fx.otherSystem }),
    // Someone else's record to an own parent.
    apis.information_owner.patch(`/api/v1/classifications/${otherCls}`, { asset_id: io.parent }),
    apis.system_owner.patch(`/api/v1/action-plan-items/${otherPlan}`, { system_id: so.parent }),
    // The same changes are valid: the coordinator may make them.
    apis.coordinator.patch(`/api/v1/action-plan-items/${plan}`, { comment: 'still valid' }),
  ]);
  assert.deepEqual(r.map((x) => x.status), [403, 403, 403, 403, 403, 200], r.map((x) => x.text).join('\n'));
  const now = await Promise.all([
    adminGet('classifications', cls), adminGet('action-plan-items', plan), adminGet('system-classifications', dec),
    adminGet('classifications', otherCls), adminGet('action-plan-items', otherPlan),
  ]);
  assert.deepEqual(now.map((x) => x.json.asset_id ?? x.json.system_id),
    [io.parent, so.parent, so.parent, fx.otherAsset, fx.otherSystem]);
  // And the moves are valid ones: done by the coordinator they succeed.
  const c = await Promise.all([
    apis.coordinator.patch(`/api/v1/classifications/${cls}`, { asset_id: fx.otherAsset }),
    apis.coordinator.patch(`/api/v1/action-plan-items/${plan}`, { system_id: fx.otherSystem }),
    apis.coordinator.patch(`/api/v1/system-classifications/${dec}`, { system_id: fx.otherSystem }),
  ]);
  assert.deepEqual(c.map((x) => x.status), [200, 200, 200], c.map((x) => x.text).join('\n'));
});

test('a unit-scoped manager decides classifications, decisions and plans for the unit and below, nowhere else', async () => {
  const [top, outside] = await Promise.all([
    mk('units', { name: 'Class top', kind: 'administration' }),
    mk('units', { name: 'Class outside', kind: 'administration' }),
  ]);
  const child = await mk('units', { name: 'Class child', kind: 'department', parent_id: top });
  const sm = apis['scoped-manager'];
  const ra = await admin.post('/api/v1/role-assignments',
    { person_id: person['scoped-manager'], role: 'manager', scope: 'unit', unit_id: top });
  assert.equal(ra.status, 201, ra.text);
  const [aIn, aOut, sIn, sOut] = await Promise.all([
    mk('information-assets', { name: 'SM asset inside', unit_id: child, owner_id: fx.stranger }),
    mk('information-assets', { name: 'SM asset outside', unit_id: outside, owner_id: fx.stranger }),
    mk('systems', { name: 'SM system inside', unit_id: top, information_asset_ids: [fx.baseAsset] }),
    mk('systems', { name: 'SM system outside', unit_id: outside, information_asset_ids: [fx.baseAsset] }),
  ]);
  const [cIn, cOut, dIn, dOut, pIn, pOut] = await Promise.all([
    mk('classifications', classification(aIn, 'sm cls in', 'draft')),
    mk('classifications', classification(aOut, 'sm cls out', 'draft')),
    mk('system-classifications', systemDecision(sIn, 'sm dec in')),
    mk('system-classifications', systemDecision(sOut, 'sm dec out')),
    mk('action-plan-items', planItem(sIn, fx.reqs[0], 'sm plan in')),
    mk('action-plan-items', planItem(sOut, fx.reqs[0], 'sm plan out')),
  ]);
  const r = await Promise.all([
    sm.post('/api/v1/classifications', classification(aIn, 'smnewclsin')),
    sm.post('/api/v1/classifications', classification(aOut, 'smnewclsout')),
    sm.post('/api/v1/system-classifications', systemDecision(sIn, 'smnewdecin')),
    sm.post('/api/v1/system-classifications', systemDecision(sOut, 'smnewdecout')),
    sm.post('/api/v1/action-plan-items', planItem(sIn, fx.reqs[1], 'smnewplanin')),
    sm.post('/api/v1/action-plan-items', planItem(sOut, fx.reqs[1], 'smnewplanout')),
    sm.patch(`/api/v1/classifications/${cIn}`, { participants: 'sm changed' }),
    sm.patch(`/api/v1/classifications/${cOut}`, { participants: 'sm changed' }),
    sm.patch(`/api/v1/system-classifications/${dIn}`, { reason: 'sm changed' }),
    sm.patch(`/api/v1/system-classifications/${dOut}`, { reason: 'sm changed' }),
    sm.del(`/api/v1/action-plan-items/${pIn}`),
    sm.del(`/api/v1/action-plan-items/${pOut}`),
    sm.get(`/api/v1/classifications/${cOut}`),
    sm.patch(`/api/v1/requirements/${fx.reqs[0]}`, { title_en: 'sm changed' }),
  ]);
  assert.deepEqual(r.map((x) => x.status),
    [201, 403, 201, 403, 201, 403, 200, 403, 200, 403, 204, 403, 200, 403], r.map((x) => x.text).join('\n'));
  const [counts, now] = await Promise.all([
    Promise.all([['classifications', 'smnewclsin'], ['classifications', 'smnewclsout'],
      ['system-classifications', 'smnewdecin'], ['system-classifications', 'smnewdecout'],
      ['action-plan-items', 'smnewplanin'], ['action-plan-items', 'smnewplanout']].map(([e, t]) => countTagged(e, t))),
    Promise.all([adminGet('classifications', cOut), adminGet('system-classifications', dOut),
      adminGet('action-plan-items', pOut), adminGet('action-plan-items', pIn)]),
  ]);
  assert.deepEqual(counts, [1, 0, 1, 0, 1, 0]);
  assert.equal(now[0].json.participants, 'sm cls out');
  assert.equal(now[1].json.reason, 'sm dec out');
  assert.equal(now[2].status, 200);
  assert.ok(now[3].status === 404 || now[3].json.reason !== 'sm plan in', 'the plan item inside is gone');
});

test('a record-scoped system owner keeps the plan and decisions of that system only', async () => {
  const [s1, s2] = await Promise.all([
    mk('systems', { name: 'Record scope 1', owner_id: fx.stranger, information_asset_ids: [fx.baseAsset] }),
    mk('systems', { name: 'Record scope 2', owner_id: fx.stranger, information_asset_ids: [fx.baseAsset] }),
  ]);
  const ro = apis['record-owner'];
  const before = await ro.post('/api/v1/action-plan-items', planItem(s1, fx.reqs[0], 'ronobefore'));
  assert.equal(before.status, 403, 'no roles yet');
  const ra = await admin.post('/api/v1/role-assignments',
    { person_id: person['record-owner'], role: 'system_owner', scope: 'record', record_entity: 'systems', record_id: s1 });
  assert.equal(ra.status, 201, ra.text);
  const [i2, d2] = await Promise.all([
    mk('action-plan-items', planItem(s2, fx.reqs[0], 'ro plan 2')),
    mk('system-classifications', systemDecision(s2, 'ro dec 2')),
  ]);
  const r = await Promise.all([
    ro.post('/api/v1/action-plan-items', planItem(s1, fx.reqs[1], 'ronewplan1')),
    ro.post('/api/v1/action-plan-items', planItem(s2, fx.reqs[1], 'ronewplan2')),
    ro.post('/api/v1/system-classifications', systemDecision(s1, 'ronewdec1')),
    ro.post('/api/v1/system-classifications', systemDecision(s2, 'ronewdec2')),
    ro.patch(`/api/v1/action-plan-items/${i2}`, { comment: 'ro changed' }),
    ro.del(`/api/v1/system-classifications/${d2}`),
    ro.post('/api/v1/classifications', classification(fx.otherAsset, 'ronewcls')),
  ]);
  assert.deepEqual(r.map((x) => x.status), [201, 403, 201, 403, 403, 403, 403], r.map((x) => x.text).join('\n'));
  const counts = await Promise.all([['action-plan-items', 'ronewplan1'], ['action-plan-items', 'ronewplan2'],
    ['system-classifications', 'ronewdec1'], ['system-classifications', 'ronewdec2'], ['classifications', 'ronewcls'],
    ['action-plan-items', 'ronobefore']].map(([e, t]) => countTagged(e, t)));
  assert.deepEqual(counts, [1, 0, 1, 0, 0, 0]);
  const [a2, b2] = await Promise.all([adminGet('action-plan-items', i2), adminGet('system-classifications', d2)]);
  assert.equal(a2.json.comment, null);
  assert.equal(b2.json.reason, 'ro dec 2');
});
