// The JSON API: create, read, list (search, sort, page, filter), change and
// delete for every entity; conflicts on delete; the OpenAPI description;
// /healthz and /api/v1/me.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import { freshDb, startServer, Api, token, addUser, tr } from '../lib/tillit.mjs';

let env, srv, api;

before(async () => {
  env = freshDb();
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
});

after(async () => {
  const { code } = await srv.stop();
  env.cleanup();
  assert.equal(code, 0);
});

// POST and check 201, Location and the echoed record; returns the record.
async function create(entity, body) {
  const r = await api.post(`/api/v1/${entity}`, body);
  assert.equal(r.status, 201, `${entity}: ${r.text}`);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(typeof r.json.id, 'number');
  assert.ok(r.json.id > 0);
  assert.equal(r.headers.get('location'), `/api/v1/${entity}/${r.json.id}`);
  for (const [k, v] of Object.entries(body)) assert.deepEqual(r.json[k], v, `${entity}.${k}`);
  return r.json;
}

async function names(path) {
  const r = await api.get(path);
  assert.equal(r.status, 200, r.text);
  return r.json.items.map((x) => x.name);
}

// Every field each entity has in the API (from src/model/*.c).
const FIELDS = {
  units: ['name', 'kind', 'parent_id', 'code', 'description'],
  people: ['name', 'email', 'title', 'unit_id', 'kind', 'active'],
  'role-assignments': ['person_id', 'role', 'scope', 'unit_id', 'record_entity', 'record_id', 'note'],
  processes: ['name', 'unit_id', 'critical', 'description'],
  'information-assets': ['name', 'unit_id', 'owner_id', 'process_ids', 'personal_data', 'legal_basis', 'description'],
  systems: ['name', 'purpose', 'unit_id', 'owner_id', 'administrator_id', 'supplier_id', 'hosting', 'users_count',
    'lifecycle', 'support_hours', 'after_hours_agreement', 'ot', 'information_asset_ids', 'depends_on_ids'],
  suppliers: ['name', 'org_number', 'contact', 'email', 'phone', 'notes'],
  agreements: ['name', 'supplier_id', 'kind', 'standard_contract', 'support_hours', 'start_date', 'end_date',
    'responsible_id', 'system_ids', 'reference', 'notes'],
  users: ['username', 'person_id', 'lang', 'disabled'],
};

test('/healthz answers without login, /api/v1/me describes the token user', async () => {
  const h = await fetch(`${srv.url}/healthz`);
  assert.equal(h.status, 200);
  assert.deepEqual(await h.json(), { status: 'ok' });

  const anon = await fetch(`${srv.url}/api/v1/me`);
  assert.equal(anon.status, 401);
  assert.match(anon.headers.get('www-authenticate'), /^Bearer/);
  assert.match(anon.headers.get('content-type'), /^application\/problem\+json/);

  const bad = await new Api(srv.url, 'not-a-token').get('/api/v1/me');
  assert.equal(bad.status, 401);

  const me = await api.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.json.username, 'admin');
  assert.equal(me.json.lang, 'sv');
  assert.equal(typeof me.json.id, 'number');
  assert.equal(typeof me.json.person_id, 'number');
  assert.deepEqual(me.json.roles, [{ role: 'admin', scope: 'org' }]);

  addUser(env.db, 'kerstin', 'coordinator');
  const k = await new Api(srv.url, token(env.db, 'kerstin')).get('/api/v1/me');
  assert.equal(k.status, 200);
  assert.equal(k.json.username, 'kerstin');
  assert.deepEqual(k.json.roles, [{ role: 'coordinator', scope: 'org' }]);
});

test('CRUD for every entity: create, get, patch only given fields, list, delete', async () => {
  const unit = await create('units', { name: 'Socialförvaltningen', kind: 'administration', code: 'SOC' });
  const sub = await create('units', { name: 'Äldreomsorg', kind: 'section', parent_id: unit.id });
  const person = await create('people', { name: 'Petra Persson', email: 'petra@kommun.se', unit_id: unit.id, title: 'Systemägare' });
  const admin2 = await create('people', { name: 'Ali Admin', kind: 'employee' });
  const role = await create('role-assignments', { person_id: person.id, role: 'system_owner', scope: 'unit', unit_id: unit.id, note: 'KS 2024/12' });
  const proc = await create('processes', { name: 'Hemtjänst', unit_id: unit.id, critical: true, description: 'Insatser i hemmet' });
  const asset = await create('information-assets', { name: 'Journaler', owner_id: person.id, process_ids: [proc.id], personal_data: 'sensitive', legal_basis: 'OSL 26 kap.' });
  const supplier = await create('suppliers', { name: 'Leverantören AB', org_number: '556036-0793', email: 'support@lev.se' });
  const base = await create('systems', { name: 'Nätverk', lifecycle: 'in_use' });
  const sys = await create('systems', {
    name: 'Treserva', purpose: 'Verksamhetssystem', unit_id: unit.id, owner_id: person.id,
    administrator_id: admin2.id, supplier_id: supplier.id, hosting: 'supplier', users_count: 350,
    lifecycle: 'in_use', support_hours: 'office', after_hours_agreement: false, ot: false,
    information_asset_ids: [asset.id], depends_on_ids: [base.id],
  });
  const agr = await create('agreements', {
    name: 'Driftavtal', supplier_id: supplier.id, kind: 'operation', standard_contract: true,
    start_date: '2024-01-01', end_date: '2027-12-31', responsible_id: person.id, system_ids: [sys.id], reference: 'Dnr 2023/45',
  });
  const user = await create('users', { username: 'petra', person_id: person.id, lang: 'en' });
  assert.equal(user.disabled, false);
  assert.equal(sub.parent_id, unit.id);
  assert.equal(role.record_id, null);

  // Defaults fill what was not given.
  assert.equal(admin2.active, true);
  assert.equal(base.ot, false);
  assert.deepEqual(base.information_asset_ids, []);
  assert.equal(proc.critical, true);

  const all = { units: unit, people: person, 'role-assignments': role, processes: proc, 'information-assets': asset,
    suppliers: supplier, systems: sys, agreements: agr, users: user };
  for (const [entity, rec] of Object.entries(all)) {
    const one = await api.get(`/api/v1/${entity}/${rec.id}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.json, rec, entity);
    for (const f of FIELDS[entity]) assert.ok(f in one.json, `${entity} has ${f}`);
    const list = await api.get(`/api/v1/${entity}?limit=500`);
    assert.equal(list.status, 200);
    assert.ok(list.json.items.some((x) => x.id === rec.id), `${entity} list has the record`);
    assert.equal(list.json.total, list.json.items.length);
  }

  // PATCH changes only what it is given.
  const patches = {
    units: { code: 'SOC-1' },
    people: { title: 'Förvaltningschef', active: false },
    'role-assignments': { note: 'KS 2025/1' },
    processes: { critical: false },
    'information-assets': { personal_data: 'personal', process_ids: [] },
    suppliers: { phone: '010-123 45 67' },
    systems: { users_count: 400, owner_id: null, depends_on_ids: [] },
    agreements: { end_date: '2028-06-30', system_ids: [base.id, sys.id] },
    users: { lang: 'sv' },
  };
  for (const [entity, patch] of Object.entries(patches)) {
    const before = all[entity];
    const r = await api.patch(`/api/v1/${entity}/${before.id}`, patch);
    assert.equal(r.status, 200, `${entity}: ${r.text}`);
    const expect = { ...before, ...patch, updated_at: r.json.updated_at };
    assert.deepEqual(r.json, expect, entity);
    assert.ok(r.json.updated_at >= before.updated_at);
    const again = await api.get(`/api/v1/${entity}/${before.id}`);
    assert.deepEqual(again.json, r.json, `${entity} stored`);
    all[entity] = r.json;
  }
  // Changing nothing is fine and keeps the record as it was.
  const same = await api.patch(`/api/v1/suppliers/${supplier.id}`, { name: 'Leverantören AB' });
  assert.equal(same.status, 200);
  assert.deepEqual(same.json, all.suppliers);

  // DELETE: 204, then 404 — in an order where nothing refers to the record.
  for (const entity of ['agreements', 'systems', 'information-assets', 'processes', 'role-assignments']) {
    const id = all[entity].id;
    const d = await api.del(`/api/v1/${entity}/${id}`);
    assert.equal(d.status, 204, `${entity}: ${d.text}`);
    assert.equal(d.text, '');
    const g = await api.get(`/api/v1/${entity}/${id}`);
    assert.equal(g.status, 404, entity);
    assert.match(g.headers.get('content-type'), /^application\/problem\+json/);
    const again = await api.del(`/api/v1/${entity}/${id}`);
    assert.equal(again.status, 404, `${entity}: deleting twice`);
    const p = await api.patch(`/api/v1/${entity}/${id}`, {});
    assert.equal(p.status, 404, `${entity}: patching a deleted record`);
  }
  // Accounts are never deleted: they keep their place in the audit trail.
  const du = await api.del(`/api/v1/users/${user.id}`);
  assert.equal(du.status, 403);
  assert.equal((await api.get(`/api/v1/users/${user.id}`)).status, 200);
  // The rest, now unreferenced (the user keeps Petra).
  assert.equal((await api.del(`/api/v1/suppliers/${supplier.id}`)).status, 204);
  assert.equal((await api.del(`/api/v1/people/${admin2.id}`)).status, 204);
  assert.equal((await api.del(`/api/v1/units/${sub.id}`)).status, 204);
  assert.equal((await api.get(`/api/v1/units/${sub.id}`)).status, 404);
  assert.equal((await api.get(`/api/v1/suppliers/${supplier.id}`)).status, 404);
});

test('unknown entities and ids answer 404 problem+json', async () => {
  for (const path of ['/api/v1/nosuch', '/api/v1/systems/999999', '/api/v1/systems/abc', '/api/v1/systems/0']) {
    const r = await api.get(path);
    assert.equal(r.status, 404, path);
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/, path);
    assert.equal(r.json.status, 404);
  }
  const r = await api.call('PUT', '/api/v1/systems', {});
  assert.equal(r.status, 405);
  assert.match(r.headers.get('allow'), /GET/);
  assert.match(r.headers.get('allow'), /POST/);
});

test("a deleted record's number is never given to a new record", async () => {
  // Otherwise the new record would inherit the old one's history.
  const first = await create('suppliers', { name: 'Kortlivad leverantör AB' });
  assert.equal((await api.del(`/api/v1/suppliers/${first.id}`)).status, 204);
  const second = await create('suppliers', { name: 'Nästa leverantör AB' });
  assert.ok(second.id > first.id, `${second.id} > ${first.id}`);
  const history = await api.get(`/api/v1/suppliers/${second.id}/history`);
  assert.deepEqual(history.json.items.map((e) => e.action), ['create']);
});

test('DELETE of a referenced record is 409 problem+json naming what refers to it', async () => {
  const owner = await create('people', { name: 'Olle Ägare' });
  const sup = await create('suppliers', { name: 'Referensbolaget' });
  const dep = await create('systems', { name: 'Katalogtjänst' });
  const s1 = await create('systems', { name: 'E-tjänst 1', owner_id: owner.id, depends_on_ids: [dep.id], supplier_id: sup.id });
  const s2 = await create('systems', { name: 'E-tjänst 2', owner_id: owner.id, administrator_id: owner.id });
  const agr = await create('agreements', { name: 'Avtal R', supplier_id: sup.id, kind: 'sla' });

  const lang = 'sv'; // admin's language
  const ref = (n, ent, field) => tr(lang, 'Still referred to by %lld %s (%s).', n, tr(lang, ent), tr(lang, field));

  let r = await api.del(`/api/v1/people/${owner.id}`);
  assert.equal(r.status, 409);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(r.json.status, 409);
  const msgs = r.json.errors.map((e) => e.message).sort();
  assert.deepEqual(msgs, [ref(2, 'Systems', 'System owner'), ref(1, 'System', 'System administrator')].sort());

  r = await api.del(`/api/v1/systems/${dep.id}`);
  assert.equal(r.status, 409);
  assert.deepEqual(r.json.errors.map((e) => e.message), [ref(1, 'System', 'Depends on systems')]);

  r = await api.del(`/api/v1/suppliers/${sup.id}`);
  assert.equal(r.status, 409);
  assert.deepEqual(r.json.errors.map((e) => e.message).sort(),
    [ref(1, 'System', 'Supplier'), ref(1, 'Agreement', 'Supplier')].sort());

  // A role for one record refers to that record by number.
  const ra = await create('role-assignments', { person_id: owner.id, role: 'system_owner', scope: 'record', record_entity: 'systems', record_id: s2.id });
  r = await api.del(`/api/v1/systems/${s2.id}`);
  assert.equal(r.status, 409);
  assert.deepEqual(r.json.errors.map((e) => e.message), [ref(1, 'Role assignment', 'Record number')]);
  assert.equal((await api.del(`/api/v1/role-assignments/${ra.id}`)).status, 204);

  // Nothing was deleted.
  for (const [e, id] of [['people', owner.id], ['systems', dep.id], ['suppliers', sup.id], ['systems', s2.id]])
    assert.equal((await api.get(`/api/v1/${e}/${id}`)).status, 200);

  // Once the references are gone the delete goes through.
  assert.equal((await api.patch(`/api/v1/systems/${s1.id}`, { depends_on_ids: [] })).status, 200);
  assert.equal((await api.del(`/api/v1/systems/${dep.id}`)).status, 204);
  for (const id of [s1.id, s2.id]) assert.equal((await api.del(`/api/v1/systems/${id}`)).status, 204);
  assert.equal((await api.del(`/api/v1/people/${owner.id}`)).status, 204);
  assert.equal((await api.del(`/api/v1/agreements/${agr.id}`)).status, 204);
  assert.equal((await api.del(`/api/v1/suppliers/${sup.id}`)).status, 204);
});

test('lists sort in Swedish order, ascending and descending, and page with totals', async () => {
  for (const n of ['Zeta', 'Åsa', 'Ärlig', 'Örebro', 'abc']) await create('suppliers', { name: n, notes: 'sorttest' });
  const order = ['abc', 'Zeta', 'Åsa', 'Ärlig', 'Örebro'];
  assert.deepEqual(await names('/api/v1/suppliers?q=sorttest&sort=name'), order);
  assert.deepEqual(await names('/api/v1/suppliers?q=sorttest'), order, 'default sort is by name');
  assert.deepEqual(await names('/api/v1/suppliers?q=sorttest&sort=-name'), [...order].reverse());

  const p2 = await api.get('/api/v1/suppliers?q=sorttest&sort=name&page=2&limit=2');
  assert.equal(p2.status, 200);
  assert.equal(p2.json.total, 5);
  assert.equal(p2.json.page, 2);
  assert.equal(p2.json.limit, 2);
  assert.deepEqual(p2.json.items.map((x) => x.name), ['Åsa', 'Ärlig']);
  const p3 = await api.get('/api/v1/suppliers?q=sorttest&sort=name&page=3&limit=2');
  assert.deepEqual(p3.json.items.map((x) => x.name), ['Örebro']);
  assert.equal(p3.json.total, 5);
  const p9 = await api.get('/api/v1/suppliers?q=sorttest&page=9&limit=2');
  assert.deepEqual(p9.json.items, []);
  assert.equal(p9.json.total, 5);
  const dflt = await api.get('/api/v1/suppliers?q=sorttest');
  assert.equal(dflt.json.page, 1);
  assert.equal(dflt.json.limit, 50);

  // Numbers sort as numbers.
  for (const [n, c] of [['S9', 9], ['S100', 100], ['S20', 20]]) await create('systems', { name: n, users_count: c, purpose: 'numsort' });
  assert.deepEqual(await names('/api/v1/systems?q=numsort&sort=users_count'), ['S9', 'S20', 'S100']);
  assert.deepEqual(await names('/api/v1/systems?q=numsort&sort=-users_count'), ['S100', 'S20', 'S9']);
});

test('search ignores case and diacritics and needs every word', async () => {
  await create('systems', { name: 'Informationssäkerhetsplattform', purpose: 'Styrning och uppföljning' });
  await create('systems', { name: 'Ekonomisystem', purpose: 'Bokföring i Örebro' });
  await create('suppliers', { name: 'ÖREBRO DATA AB' });
  assert.deepEqual(await names('/api/v1/systems?q=sakerhet'), ['Informationssäkerhetsplattform']);
  assert.deepEqual(await names('/api/v1/systems?q=S%C3%84KERHET'), ['Informationssäkerhetsplattform']);
  assert.deepEqual(await names('/api/v1/systems?q=uppfoljning'), ['Informationssäkerhetsplattform'], 'searches purpose');
  assert.deepEqual(await names('/api/v1/systems?q=orebro'), ['Ekonomisystem']);
  assert.deepEqual(await names('/api/v1/suppliers?q=orebro'), ['Örebro', 'ÖREBRO DATA AB']);
  assert.deepEqual(await names('/api/v1/systems?q=orebro%20bokforing'), ['Ekonomisystem']);
  assert.deepEqual(await names('/api/v1/systems?q=orebro%20sakerhet'), []);
  const r = await api.get('/api/v1/systems?q=zzzyyyxxx');
  assert.equal(r.json.total, 0);
});

test('filters: enum, boolean, reference id and "-" for empty', async () => {
  const a = await create('people', { name: 'Filter Anna' });
  const b = await create('people', { name: 'Filter Bo', active: false });
  await create('systems', { name: 'F1', purpose: 'filtertest', owner_id: a.id, lifecycle: 'in_use', ot: true });
  await create('systems', { name: 'F2', purpose: 'filtertest', owner_id: a.id, lifecycle: 'retired' });
  await create('systems', { name: 'F3', purpose: 'filtertest', lifecycle: 'planned', support_hours: 'always' });
  const base = '/api/v1/systems?q=filtertest';
  assert.deepEqual(await names(`${base}&lifecycle=retired`), ['F2']);
  assert.deepEqual(await names(`${base}&owner_id=${a.id}`), ['F1', 'F2']);
  assert.deepEqual(await names(`${base}&owner_id=-`), ['F3']);
  assert.deepEqual(await names(`${base}&owner_id=${a.id}&lifecycle=in_use`), ['F1']);
  assert.deepEqual(await names(`${base}&ot=1`), ['F1']);
  assert.deepEqual(await names(`${base}&ot=0`), ['F2', 'F3']);
  assert.deepEqual(await names(`${base}&support_hours=-`), ['F1', 'F2']);
  assert.deepEqual(await names(`${base}&support_hours=always`), ['F3']);
  const r = await api.get(`${base}&owner_id=${a.id}&limit=1`);
  assert.equal(r.json.total, 2);
  assert.equal(r.json.items.length, 1);
  assert.deepEqual(await names(`/api/v1/people?q=filter&active=0`), ['Filter Bo']);
  assert.ok(b.active === false);
});

test('field names: owner_id, administrator_id, supplier_id and the *_ids arrays', async () => {
  const p = await create('people', { name: 'Namn Test' });
  const q = await create('people', { name: 'Namn Test 2' });
  const s = await create('suppliers', { name: 'Namnleverantör' });
  const proc = await create('processes', { name: 'Namnprocess' });
  const asset = await create('information-assets', { name: 'Namninfo', owner_id: p.id, process_ids: [proc.id] });
  const dep = await create('systems', { name: 'Namnbas' });
  const sys = await create('systems', { name: 'Namnsystem', owner_id: p.id, administrator_id: q.id, supplier_id: s.id, information_asset_ids: [asset.id], depends_on_ids: [dep.id] });
  const agr = await create('agreements', { name: 'Namnavtal', supplier_id: s.id, kind: 'dpa', system_ids: [dep.id, sys.id] });
  const g = (await api.get(`/api/v1/systems/${sys.id}`)).json;
  assert.equal(g.owner_id, p.id);
  assert.equal(g.administrator_id, q.id);
  assert.equal(g.supplier_id, s.id);
  assert.deepEqual(g.information_asset_ids, [asset.id]);
  assert.deepEqual(g.depends_on_ids, [dep.id]);
  assert.equal((await api.get(`/api/v1/information-assets/${asset.id}`)).json.owner_id, p.id);
  assert.deepEqual((await api.get(`/api/v1/information-assets/${asset.id}`)).json.process_ids, [proc.id]);
  assert.deepEqual([...(await api.get(`/api/v1/agreements/${agr.id}`)).json.system_ids].sort((x, y) => x - y), [sys.id, dep.id].sort((x, y) => x - y));
  // Lists carry the link arrays too.
  const l = await api.get('/api/v1/systems?q=namnsystem');
  assert.deepEqual(l.json.items[0].depends_on_ids, [dep.id]);
  assert.deepEqual(l.json.items[0].information_asset_ids, [asset.id]);
  // Old or made-up names are refused, not ignored.
  for (const wrong of ['owner', 'system_owner_id', 'administrator', 'supplier', 'information_assets', 'depends_on']) {
    const r = await api.patch(`/api/v1/systems/${sys.id}`, { [wrong]: 1 });
    assert.equal(r.status, 422, wrong);
    assert.deepEqual(r.json.errors.map((e) => e.field), [wrong]);
  }
});

test('/api/v1/openapi.json is valid OpenAPI 3.1 and describes every entity', async () => {
  const r = await fetch(`${srv.url}/api/v1/openapi.json`); // public, no token
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const doc = await r.json();
  assert.equal(doc.openapi, '3.1.0');
  await SwaggerParser.validate(structuredClone(doc));
  for (const [entity, fields] of Object.entries(FIELDS)) {
    const list = doc.paths[`/api/v1/${entity}`];
    const one = doc.paths[`/api/v1/${entity}/{id}`];
    assert.ok(list, `path for ${entity}`);
    assert.ok(one, `path for ${entity}/{id}`);
    assert.ok(list.get && list.post, `${entity}: get and post`);
    assert.ok(one.get && one.patch, `${entity}/{id}: get and patch`);
    if (entity !== 'users') assert.ok(one.delete, `${entity}/{id}: delete`);
    // The schema of the record the list returns, followed through $ref.
    const deref = (s) => {
      while (s && s.$ref) s = s.$ref.replace(/^#\//, '').split('/').reduce((o, k) => o[k], doc);
      return s;
    };
    const created = deref(list.post.responses['201'].content['application/json'].schema);
    assert.ok(created && created.properties, `${entity}: 201 schema`);
    for (const f of fields) assert.ok(f in created.properties, `${entity} schema has ${f}`);
    assert.ok('id' in created.properties);
    const input = deref(list.post.requestBody.content['application/json'].schema);
    for (const f of fields) assert.ok(f in input.properties, `${entity} input schema has ${f}`);
    assert.equal(input.additionalProperties, false, `${entity}: unknown fields are refused`);
  }
  const sys = doc.components.schemas.System.properties;
  assert.deepEqual(sys.information_asset_ids.items, { type: 'integer' });
  assert.ok(sys.lifecycle.enum.includes('in_use'));
  assert.ok(doc.paths['/api/v1/gaps'].get);
  assert.ok(doc.paths['/api/v1/me'].get);
});
