// Risk analysis that drives action (issue 4, second part): a measure under
// way or done moves the SoA controls and the system's action plan it names,
// as Tillit's change with the measure as its cause.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, freshDb, startServer, Api, token, addUser, sqliteJson } from '../lib/tillit.mjs';

let env, srv, api;
const people = {};
const post = (entity, body) => api.create(entity, body);
const all = (entity, qs) => api.items(entity, qs);

before(async () => {
  env = freshDb();
  for (const [user, role] of [['agare', 'information_owner'], ['revisor', 'auditor']])
    addUser(env.db, user, role, { name: user });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  for (const name of ['agare', 'revisor'])
    people[name] = (await api.get(`/api/v1/people?q=${name}`)).json.items[0].id;
});
after(async () => { await srv?.stop(); env?.cleanup(); });

test('a measure done fulfils its requirements on the system and moves its controls, with the measure as cause', async () => {
  const sys = await post('systems', { name: 'Skolplattform' });
  const [req1, req2] = (await all('requirements')).slice(0, 2);
  const control = (await all('soa-entries', '&framework=iso27001'))[0];
  assert.equal(control.implementation, 'not_started');
  // req2 already has an item the owner wrote: not fulfilled, with a comment.
  const item2 = await post('action-plan-items', { system_id: sys.id, requirement_id: req2.id, comment: 'Väntar' });
  const ra = await post('risk-analyses', { title: 'RA skola', scope: 'system', system_id: sys.id, analysed_on: day(), risk_owner_id: people.agare });
  const risk = await post('risks', { analysis_id: ra.id, title: 'Obehörig åtkomst', likelihood: 3, consequence: 4 });

  // The risk owner (an information owner, who cannot edit the SoA or the plan) drives it.
  const owner = new Api(srv.url, token(env.db, 'agare'));
  assert.equal((await owner.patch(`/api/v1/soa-entries/${control.id}`, { implementation: 'partly' })).status, 403);
  let r = await owner.post('/api/v1/measures', { risk_id: risk.id, title: 'Tvåfaktorsinloggning', requirement_ids: [req1.id, req2.id], control_ids: [control.id], status: 'planned' });
  assert.equal(r.status, 201, r.text);
  const m = r.json;
  assert.equal((await api.get(`/api/v1/soa-entries/${control.id}`)).json.implementation, 'not_started', 'planned moves nothing');

  r = await owner.patch(`/api/v1/measures/${m.id}`, { status: 'in_progress' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await api.get(`/api/v1/soa-entries/${control.id}`)).json.implementation, 'partly');
  assert.equal((await all('action-plan-items', `&system_id=${sys.id}`)).filter((i) => i.assessment === 'fulfilled').length, 0,
    'requirements wait until the measure is done');

  // A second measure on the same control keeps it partly implemented until both are done.
  const m2 = await post('measures', { risk_id: risk.id, title: 'Loggning', control_ids: [control.id], status: 'in_progress' });
  r = await owner.patch(`/api/v1/measures/${m.id}`, { status: 'done' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await api.get(`/api/v1/soa-entries/${control.id}`)).json.implementation, 'partly');
  const items = await all('action-plan-items', `&system_id=${sys.id}`);
  const byReq = Object.fromEntries(items.map((i) => [i.requirement_id, i]));
  assert.equal(byReq[req1.id].assessment, 'fulfilled', 'an item is created');
  assert.equal(byReq[req2.id].assessment, 'fulfilled', 'the existing item is updated');
  assert.equal(byReq[req2.id].id, item2.id);
  assert.equal(byReq[req2.id].comment, 'Väntar', 'the rest of the item is kept');
  await api.patch(`/api/v1/measures/${m2.id}`, { status: 'done' });
  assert.equal((await api.get(`/api/v1/soa-entries/${control.id}`)).json.implementation, 'implemented');

  // The audit trail names the user and the measure as the cause.
  const rows = sqliteJson(env.db, `SELECT entity, action, username, changes FROM audit WHERE entity IN ('action-plan-items', 'soa-entries') ORDER BY id`);
  const caused = rows.filter((a) => JSON.parse(a.changes).cause);
  assert.deepEqual(caused.map((a) => [a.entity, a.action, a.username, JSON.parse(a.changes).cause[1]]), [
    ['soa-entries', 'update', 'agare', `measures/${m.id}`],
    ['action-plan-items', 'create', 'agare', `measures/${m.id}`],
    ['action-plan-items', 'update', 'agare', `measures/${m.id}`],
    ['soa-entries', 'update', 'admin', `measures/${m2.id}`],
  ]);

  // Back to in progress moves nothing back: other work may have done it.
  await api.patch(`/api/v1/measures/${m2.id}`, { status: 'in_progress' });
  assert.equal((await api.get(`/api/v1/soa-entries/${control.id}`)).json.implementation, 'implemented');
});

test('a measure in an analysis without one system moves its controls only', async () => {
  const req = (await all('requirements'))[0];
  const control = (await all('soa-entries', '&framework=cis8'))[0];
  const ra = await post('risk-analyses', { title: 'RA infrastruktur', scope: 'infrastructure', analysed_on: day() });
  const risk = await post('risks', { analysis_id: ra.id, title: 'Strömavbrott i serverhall', likelihood: 2, consequence: 5 });
  const before = sqliteJson(env.db, 'SELECT count(*) AS n FROM plan_items')[0].n;
  await post('measures', { risk_id: risk.id, title: 'UPS', requirement_ids: [req.id], control_ids: [control.id], status: 'done' });
  assert.equal(sqliteJson(env.db, 'SELECT count(*) AS n FROM plan_items')[0].n, before);
  assert.equal((await api.get(`/api/v1/soa-entries/${control.id}`)).json.implementation, 'implemented');
});
