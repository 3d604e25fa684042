// The cadence of risk analysis (issue 4, point 7): every system and
// information asset has a next-analysis date from its classification, and
// triggers make an analysis due at once — a raised classification, a
// system change marked significant, a serious incident (recorded as a
// risk trigger, the hook the incident area will use). Shown on the
// record's page and as gaps; who may record a trigger.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, freshDb, startServer, Api, Browserless, token, addUser, htmlText, tr, sqliteJson } from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, api, web;
const people = {};
const post = (entity, body) => api.create(entity, body);
const gaps = async (kind) => (await api.get(`/api/v1/gaps?kind=${kind}`)).json.items;

before(async () => {
  env = freshDb();
  for (const [user, role] of [['sysagare', 'system_owner'], ['annan', 'system_owner'], ['revisor', 'auditor'], ['samordnare', 'coordinator']])
    addUser(env.db, user, role, { name: `Namn ${user}` });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  for (const name of ['sysagare', 'annan', 'revisor', 'samordnare'])
    people[name] = (await api.get(`/api/v1/people?q=${name}`)).json.items[0].id;
  web = new Browserless(srv.url);
  await web.login();
});
after(async () => { await srv?.stop(); env?.cleanup(); });

const classify = (asset, k, on) => post('classifications', {
  asset_id: asset, classified_on: on, confidentiality: k, integrity: 1, availability: 1, traceability: 1,
  ...(k ? { confidentiality_reason: 'Sekretess' } : {}), integrity_reason: 'x', availability_reason: 'x', traceability_reason: 'x',
  status: 'decided', decided_by_id: people.samordnare, decided_on: on,
});
const decidedAnalysis = (sys, on) => post('risk-analyses', {
  title: `RA ${on}`, scope: 'system', system_id: sys, analysed_on: on, status: 'decided', decided_by_id: people.samordnare, decided_on: on,
});
const overdue = async (entity, id) => (await gaps('analysis_overdue')).find((g) => g.entity === entity && g.id === id);

test('next analysis: 12 months for K3 and above, 36 otherwise, for systems and their information', async () => {
  const low = await post('information-assets', { name: 'Matsedlar' });
  const high = await post('information-assets', { name: 'Vårdjournaler' });
  await classify(low.id, 1, day(-800));
  await classify(high.id, 3, day(-800));
  const lowSys = await post('systems', { name: 'Kökssystem', information_asset_ids: [low.id], lifecycle: 'in_use' });
  const highSys = await post('systems', { name: 'Journalsystem', information_asset_ids: [high.id], lifecycle: 'in_use' });
  await decidedAnalysis(lowSys.id, day(-400));
  await decidedAnalysis(highSys.id, day(-400));

  // Analysed 400 days ago: the K3 system and its information are overdue, the low ones not.
  const g = await overdue('systems', highSys.id);
  assert.ok(g, 'the K3 system is overdue');
  assert.ok(g.message.includes('Journalsystem'));
  assert.ok(await overdue('information-assets', high.id), 'its information too');
  assert.ok(!(await overdue('systems', lowSys.id)));
  assert.ok(!(await overdue('information-assets', low.id)));
  const assetGap = await overdue('information-assets', high.id);
  assert.equal(assetGap.message, tr(SV, 'A new risk analysis of the information asset "%s" was due on %s.', 'Vårdjournaler', assetGap.message.match(/\d{4}-\d\d-\d\d/)[0]));

  // The record pages show the last and the next analysis.
  let page = htmlText((await web.get(`/information-assets/${low.id}`)).text);
  assert.ok(page.includes(tr(SV, 'Next risk analysis')));
  assert.ok(page.includes(day(-400)), 'the last analysis');
  page = htmlText((await web.get(`/systems/${highSys.id}`)).text);
  assert.ok(page.includes(tr(SV, 'Overdue')));
  const never = await post('systems', { name: 'Oanalyserat', lifecycle: 'in_use' });
  page = htmlText((await web.get(`/systems/${never.id}`)).text);
  assert.ok(page.includes(tr(SV, 'Never analysed')));
});

test('triggers: a raised classification, a significant change or a serious incident makes the analysis due at once', async () => {
  const asset = await post('information-assets', { name: 'Bygglov' });
  await classify(asset.id, 1, day(-300));
  const sys = await post('systems', { name: 'Byggsystem', information_asset_ids: [asset.id], lifecycle: 'in_use', owner_id: people.sysagare });
  await decidedAnalysis(sys.id, day(-200));
  assert.ok(!(await overdue('systems', sys.id)));
  assert.ok(!(await overdue('information-assets', asset.id)));

  // The information's classification raised after the analysis: due on that day.
  await classify(asset.id, 3, day(-10));
  let a = await overdue('information-assets', asset.id);
  assert.ok(a, 'raised classification');
  assert.ok(a.message.includes(day(-10)));
  // The information's page says why.
  let page = htmlText((await web.get(`/information-assets/${asset.id}`)).text);
  assert.ok(page.includes(tr(SV, 'Classification raised')));

  // A significant change to the system, recorded by its owner.
  const owner = new Api(srv.url, token(env.db, 'sysagare'));
  let r = await owner.post('/api/v1/risk-triggers', { kind: 'significant_change', occurred_on: day(-5), title: 'Flytt till molntjänst', system_id: sys.id, reference: 'KS 2026/301' });
  assert.equal(r.status, 201, r.text);
  const change = r.json;
  const g = await overdue('systems', sys.id);
  assert.ok(g, 'the change makes it due');
  assert.ok(g.message.includes(day(-5)));
  assert.deepEqual(g.related, { entity: 'risk-triggers', id: change.id });
  page = htmlText((await web.get(`/systems/${sys.id}`)).text);
  assert.ok(page.includes(tr(SV, 'Significant change')));
  assert.ok(page.includes('Flytt till molntjänst'));

  // A serious incident on the information: the hook the incident area uses.
  const asset2 = await post('information-assets', { name: 'Ekonomidata' });
  await classify(asset2.id, 1, day(-300));
  const sys2 = await post('systems', { name: 'Ekonomisystem', information_asset_ids: [asset2.id], lifecycle: 'in_use' });
  await decidedAnalysis(sys2.id, day(-100));
  assert.ok(!(await overdue('information-assets', asset2.id)));
  r = await api.post('/api/v1/risk-triggers', { kind: 'serious_incident', occurred_on: day(-1), title: 'Intrång via leverantör', asset_id: asset2.id, reference: 'INC-12' });
  assert.equal(r.status, 201, r.text);
  a = await overdue('information-assets', asset2.id);
  assert.ok(a);
  assert.equal(a.related.id, r.json.id);
  assert.ok(!(await overdue('systems', sys2.id)), 'the incident names the information, not the system');

  // A new decided analysis after the trigger clears it.
  await decidedAnalysis(sys2.id, day());
  assert.ok(!(await overdue('information-assets', asset2.id)));

  // Every trigger is in the audit trail.
  const audit = sqliteJson(env.db, `SELECT action, username FROM audit WHERE entity = 'risk-triggers' ORDER BY id`);
  assert.deepEqual(audit.map((x) => [x.action, x.username]), [['create', 'sysagare'], ['create', 'admin']]);
});

test('bad triggers are refused naming the field; only those who keep the system record one', async () => {
  const sys = await post('systems', { name: 'Skolwebb', owner_id: people.sysagare });
  let r = await api.post('/api/v1/risk-triggers', { kind: 'significant_change', occurred_on: day(), title: 'Utan system' });
  assert.equal(r.status, 422);
  assert.ok(JSON.stringify(r.json).includes('system_id'));
  r = await api.post('/api/v1/risk-triggers', { kind: 'nonsense', occurred_on: day(), title: 'x', system_id: sys.id });
  assert.equal(r.status, 422);
  r = await api.post('/api/v1/risk-triggers', { kind: 'other', occurred_on: '2026-02-30', title: 'x', system_id: sys.id });
  assert.equal(r.status, 422);
  const before = (await api.items('risk-triggers')).length;

  const other = new Api(srv.url, token(env.db, 'annan'));
  r = await other.post('/api/v1/risk-triggers', { kind: 'significant_change', occurred_on: day(), title: 'Inte mitt system', system_id: sys.id });
  assert.equal(r.status, 403);
  const rev = new Api(srv.url, token(env.db, 'revisor'));
  assert.equal((await rev.get('/api/v1/risk-triggers')).status, 200);
  r = await rev.post('/api/v1/risk-triggers', { kind: 'other', occurred_on: day(), title: 'x', system_id: sys.id });
  assert.equal(r.status, 403);
  assert.equal((await api.items('risk-triggers')).length, before, 'nothing written');

  // The system page offers its owner the form, prefilled.
  const ow = new Browserless(srv.url);
  await ow.login('sysagare', 'sysagare-password-123');
  const page = await ow.get(`/systems/${sys.id}`);
  assert.ok(page.text.includes(`href="/risk-triggers/new?system_id=${sys.id}&amp;return=/systems/${sys.id}"`));
  const form = await ow.get(`/risk-triggers/new?system_id=${sys.id}`);
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`<option value="${sys.id}" selected`));
});
