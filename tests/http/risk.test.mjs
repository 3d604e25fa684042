// Risk analysis (issue 4, first part) through the API and the pages: the
// organisation's method and its versions, analyses with their scope, risks
// scored on the analysis's own method version, residual risk and its
// acceptance as a decision, the heat map with its table, and who may do
// what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, freshDb, startServer, Api, Browserless, token, addUser, htmlText, tr, auditCount } from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, api, web;
const people = {};
const post = (entity, body) => api.create(entity, body);
const all = (entity, qs) => api.items(entity, qs);
// The first (5 x 5) method: later tests add a 3 x 3 version.
const v1 = async () => (await all('risk-methods')).find((m) => m.version === 1).id;

before(async () => {
  env = freshDb();
  for (const [user, role] of [['agare', 'information_owner'], ['annan', 'information_owner'], ['revisor', 'auditor'], ['anstalld', 'employee']])
    addUser(env.db, user, role, { name: user });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  for (const name of ['agare', 'annan', 'revisor', 'anstalld'])
    people[name] = (await api.get(`/api/v1/people?q=${name}`)).json.items[0].id;
  web = new Browserless(srv.url);
  await web.login();
});
after(async () => { await srv?.stop(); env?.cleanup(); });

test('the organisation starts with a 5 x 5 method; bad scales and bands are refused, naming the line or band', async () => {
  const methods = await all('risk-methods');
  assert.equal(methods.length, 1);
  assert.equal(methods[0].version, 1);
  assert.equal(methods[0].likelihood_scale.trim().split('\n').length, 5);
  assert.equal(methods[0].consequence_scale.trim().split('\n').length, 5);
  assert.match(methods[0].bands, /^1-4 Låg/);

  const n = auditCount(env.db);
  const base = { name: 'Test', likelihood_scale: 'Låg\nMedel\nHög', consequence_scale: 'Liten\nStor\nMycket stor' };
  const cases = [
    ['1-3 Låg\n5-9 Hög', tr(SV, 'No band covers the risk value %d.', 4)],
    ['1-5 Låg\n5-9 Hög', tr(SV, 'Band %s overlaps the band before it or is not in order, lowest first.', 'Hög')],
    ['1-6 Låg', tr(SV, 'No band covers the risk values %d-%d.', 7, 9)],
    ['1-12 Allt', tr(SV, 'Band %s goes beyond %d, the largest risk value of the scales.', 'Allt', 9)],
    ['1-9 Allt #12', tr(SV, 'The colour on line %d must be written as #rrggbb, such as #c62828.', 1)],
  ];
  for (const [bands, message] of cases) {
    const r = await api.post('/api/v1/risk-methods', { ...base, bands });
    assert.equal(r.status, 422, bands);
    assert.deepEqual(r.json.errors.map((e) => [e.field, e.message]), [['bands', message]], bands);
  }
  let r = await api.post('/api/v1/risk-methods', { ...base, likelihood_scale: 'Bara en', bands: '1-9 x' });
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].field, 'likelihood_scale');
  r = await api.post('/api/v1/risk-methods', { ...base, bands: '1-9 x', version: 7 });
  assert.equal(r.status, 422, 'the version is set by Tillit');
  assert.equal(auditCount(env.db), n, 'nothing written');
});

test('risks are scored on the analysis\'s own method version, which never changes under it', async () => {
  const sys = await post('systems', { name: 'Ekonomisystem' });
  let r = await api.post('/api/v1/risk-analyses', { title: 'RA ekonomi', scope: 'system', analysed_on: day() });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['system_id']);
  const v1 = (await all('risk-methods')).find((m) => m.version === 1);
  const ra = await post('risk-analyses', { title: 'RA ekonomi', scope: 'system', system_id: sys.id, analysed_on: day(), risk_owner_id: people.agare });
  assert.equal(ra.method_id, v1.id, 'the latest version');
  const risk = await post('risks', { analysis_id: ra.id, title: 'Utpressningsvirus', likelihood: 4, consequence: 5, aspects: 'T, R' });
  assert.equal(risk.value, 20);
  assert.equal(risk.band, 'Kritisk');
  assert.equal(risk.risk_owner_id, people.agare, 'the analysis\'s risk owner by default');

  // The method in use cannot change; a new version can, and only new analyses use it.
  r = await api.patch(`/api/v1/risk-methods/${v1.id}`, { bands: '1-9 Låg\n10-25 Hög' });
  assert.equal(r.status, 422);
  const v2 = await post('risk-methods', { name: 'Tre nivåer', likelihood_scale: 'Låg\nMedel\nHög', consequence_scale: 'Liten\nMåttlig\nStor', bands: '1-2 Låg\n3-4 Medel\n5-9 Hög #b71c1c' });
  assert.equal(v2.version, 2);
  const ra2 = await post('risk-analyses', { title: 'RA ny metod', scope: 'shared_it', analysed_on: day() });
  assert.equal(ra2.method_id, v2.id);
  r = await api.patch(`/api/v1/risk-analyses/${ra.id}`, { method_id: v2.id });
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].field, 'method_id');
  // The old analysis still scores 1-5; the new one 1-3.
  r = await api.post('/api/v1/risks', { analysis_id: ra2.id, title: 'Strömavbrott', likelihood: 4, consequence: 2 });
  assert.equal(r.status, 422);
  assert.equal(r.json.errors[0].field, 'likelihood');
  assert.equal(r.json.errors[0].message, tr(SV, 'Choose a level from 1 to %d, the scale of the analysis\'s risk method.', 3));
  const k2 = await post('risks', { analysis_id: ra2.id, title: 'Strömavbrott', likelihood: 3, consequence: 2 });
  assert.equal(k2.value, 6);
  assert.equal(k2.band, 'Hög');
  const k1 = await post('risks', { analysis_id: ra.id, title: 'Strömavbrott', likelihood: 3, consequence: 2 });
  assert.equal(k1.band, 'Medel');
  // Rescoring follows.
  r = await api.patch(`/api/v1/risks/${k1.id}`, { likelihood: 1, consequence: 2 });
  assert.equal(r.json.value, 2);
  assert.equal(r.json.band, 'Låg');
});

test('treatment needs a reason, and accepting the residual risk is a decision with a decision maker', async () => {
  const ra = await post('risk-analyses', { title: 'RA infrastruktur', scope: 'infrastructure', analysed_on: day(), method_id: await v1(), risk_owner_id: people.agare });
  const n = auditCount(env.db);
  let r = await api.post('/api/v1/risks', { analysis_id: ra.id, title: 'Brand i serverhall', likelihood: 2, consequence: 5, treatment: 'accept' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['treatment_reason']);
  r = await api.post('/api/v1/risks', {
    analysis_id: ra.id, title: 'Brand i serverhall', likelihood: 2, consequence: 5,
    residual_likelihood: 1, residual_consequence: 5, accepted_on: day(), accepted_body: 'Kommunstyrelsen', case_number: 'KS 2026/123',
  });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['accepted_by_id']);
  assert.equal(r.json.errors[0].message, tr(SV, 'Name who accepted the residual risk.'));
  r = await api.post('/api/v1/risks', { analysis_id: ra.id, title: 'x', likelihood: 2, consequence: 5, residual_likelihood: 1 });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['residual_consequence']);
  r = await api.post('/api/v1/risks', { analysis_id: ra.id, title: 'x', likelihood: 9, consequence: 0 });
  assert.equal(r.status, 422);
  assert.equal(auditCount(env.db), n, 'nothing written');

  const k = await post('risks', {
    analysis_id: ra.id, title: 'Brand i serverhall', likelihood: 2, consequence: 5,
    residual_likelihood: 1, residual_consequence: 5, accepted_by_id: people.agare, accepted_on: day(),
    accepted_body: 'Kommunstyrelsen', case_number: 'KS 2026/123',
  });
  assert.equal(k.residual_value, 5);
  assert.equal(k.residual_band, 'Medel');
  const hist = (await api.get(`/api/v1/risks/${k.id}/history`)).json;
  assert.ok(JSON.stringify(hist).includes('KS 2026/123'));
  // A decided analysis names who decided.
  r = await api.patch(`/api/v1/risk-analyses/${ra.id}`, { status: 'decided' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['decided_by_id', 'decided_on']);
  const m = await post('measures', { risk_id: k.id, title: 'Släcksystem', owner_id: people.agare, due_date: day(30) });
  assert.equal(m.status, 'planned');
});

test('the analysis page: the risks, the heat map and the same counts as a table', async () => {
  const ra = await post('risk-analyses', { title: 'RA skola', scope: 'shared_it', analysed_on: day(), method_id: await v1() });
  await post('risks', { analysis_id: ra.id, title: 'Phishing', likelihood: 5, consequence: 3 });
  await post('risks', { analysis_id: ra.id, title: 'Felaktig behörighet', likelihood: 5, consequence: 3 });
  await post('risks', { analysis_id: ra.id, title: 'Dataläcka', likelihood: 2, consequence: 4, residual_likelihood: 1, residual_consequence: 4 });
  const page = await web.get(`/risk-analyses/${ra.id}`);
  assert.equal(page.status, 200);
  const html = page.text;
  assert.match(html, /<svg [^>]*role="img" aria-labelledby="matrix-title matrix-desc"/);
  assert.ok(html.includes(tr(SV, 'Residual risk matrix')));
  // The table: the row for likelihood 5, the column for consequence 3 holds 2.
  const table = html.match(/<table class="data matrix">(.*?)<\/table>/s)[1];
  const row5 = table.match(/<tr><th scope="row">5 [^<]*<\/th>(.*?)<\/tr>/s)[1];
  const cells = [...row5.matchAll(/<td>(.*?)<\/td>/gs)].map((m) => htmlText(m[1]).trim());
  assert.equal(cells.length, 5);
  assert.match(cells[2], /^2 Hög$/);
  assert.match(cells[0], /^0 Medel$/);
  // The risks, highest value first.
  const text = htmlText(html);
  assert.ok(text.indexOf('Phishing') < text.indexOf('Dataläcka'));
  assert.ok(text.includes('15 Hög'));
});

test('permissions: the risk owner keeps their analysis, others read or see nothing', async () => {
  const own = await post('risk-analyses', { title: 'RA egen', scope: 'shared_it', analysed_on: day(), risk_owner_id: people.agare });
  const other = await post('risk-analyses', { title: 'RA annans', scope: 'shared_it', analysed_on: day(), risk_owner_id: people.annan });
  const owner = new Api(srv.url, token(env.db, 'agare'));
  let r = await owner.post('/api/v1/risks', { analysis_id: own.id, title: 'Egen risk', likelihood: 2, consequence: 2 });
  assert.equal(r.status, 201, r.text);
  const mine = r.json;
  r = await owner.post('/api/v1/measures', { risk_id: mine.id, title: 'Åtgärd' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await owner.patch(`/api/v1/risk-analyses/${own.id}`, { summary: 'Klar' })).status, 200);
  assert.equal((await owner.post('/api/v1/risks', { analysis_id: other.id, title: 'x', likelihood: 1, consequence: 1 })).status, 403);
  assert.equal((await owner.patch(`/api/v1/risk-analyses/${other.id}`, { summary: 'x' })).status, 403);
  assert.equal((await owner.patch(`/api/v1/risk-methods/1`, { name: 'x' })).status, 403);

  const rev = new Api(srv.url, token(env.db, 'revisor'));
  for (const e of ['risk-methods', 'risk-analyses', 'risks', 'measures'])
    assert.equal((await rev.get(`/api/v1/${e}`)).status, 200, e);
  assert.equal((await rev.patch(`/api/v1/risks/${mine.id}`, { title: 'x' })).status, 403);
  const emp = new Api(srv.url, token(env.db, 'anstalld'));
  for (const e of ['risk-analyses', 'risks', 'measures'])
    assert.equal((await emp.get(`/api/v1/${e}`)).status, 403, e);
  // The OpenAPI document lists them.
  const doc = (await api.get('/api/v1/openapi.json')).json;
  for (const p of ['/api/v1/risk-methods', '/api/v1/risk-analyses', '/api/v1/risks', '/api/v1/measures'])
    assert.ok(doc.paths[p], p);
});

test('risk gaps: never analysed, no measure for a top risk, overdue measures, unaccepted residual risk', async () => {
  const gaps = async (kind) => (await api.get(`/api/v1/gaps?kind=${kind}`)).json.items;
  const asset = await post('information-assets', { name: 'Löneuppgifter' });
  const sys = await post('systems', { name: 'Lönesystem', information_asset_ids: [asset.id] });
  assert.ok((await gaps('system_not_analysed')).some((g) => g.id === sys.id));
  assert.ok((await gaps('asset_not_analysed')).some((g) => g.id === asset.id));
  const infra = await gaps('infrastructure_not_analysed');
  assert.equal(infra.length, 1);
  assert.equal(infra[0].entity, 'risk-analyses');

  // A draft does not count; the decision does.
  const ra = await post('risk-analyses', { title: 'RA lön', scope: 'system', system_id: sys.id, analysed_on: day(), method_id: await v1(), risk_owner_id: people.agare });
  const top = await post('risks', { analysis_id: ra.id, title: 'Felaktiga löner', likelihood: 5, consequence: 4 });
  assert.ok((await gaps('system_not_analysed')).some((g) => g.id === sys.id));
  assert.ok((await gaps('risk_without_measure')).some((g) => g.id === top.id), 'value 20 is in the top band');
  assert.equal((await api.patch(`/api/v1/risk-analyses/${ra.id}`, { status: 'decided', decided_by_id: people.agare, decided_on: day() })).status, 200);
  assert.ok(!(await gaps('system_not_analysed')).some((g) => g.id === sys.id));
  assert.ok(!(await gaps('asset_not_analysed')).some((g) => g.id === asset.id), 'covered through its system');
  assert.ok((await gaps('residual_risk_not_accepted')).some((g) => g.id === top.id));

  // A measure: no longer without one; overdue once past its date, until done.
  const m = await post('measures', { risk_id: top.id, title: 'Fyraögonsprincip', due_date: day(-2) });
  assert.ok(!(await gaps('risk_without_measure')).some((g) => g.id === top.id));
  assert.ok((await gaps('measure_overdue')).some((g) => g.id === m.id));
  assert.equal((await api.patch(`/api/v1/measures/${m.id}`, { status: 'done' })).status, 200);
  assert.ok(!(await gaps('measure_overdue')).some((g) => g.id === m.id));
  assert.equal((await api.patch(`/api/v1/measures/${m.id}`, { status: 'cancelled' })).status, 200);
  assert.ok((await gaps('risk_without_measure')).some((g) => g.id === top.id), 'a cancelled measure does not count');
  assert.equal((await api.patch(`/api/v1/risks/${top.id}`, {
    residual_likelihood: 2, residual_consequence: 4, accepted_by_id: people.agare, accepted_on: day(),
  })).status, 200);
  assert.ok(!(await gaps('residual_risk_not_accepted')).some((g) => g.id === top.id));

  // The organisation-wide gap leads to the list of analyses.
  const page = await web.get('/gaps?kind=infrastructure_not_analysed');
  assert.ok(page.text.includes('href="/risk-analyses"'));
  assert.ok(htmlText(page.text).includes(tr(SV, 'The IT infrastructure has no decided risk analysis.')));
  await post('risk-analyses', { title: 'RA infra', scope: 'infrastructure', analysed_on: day(), risk_owner_id: people.agare, status: 'decided', decided_by_id: people.agare, decided_on: day() });
  assert.equal((await gaps('infrastructure_not_analysed')).length, 0);
});

test('a unit-scoped head of administration keeps the analyses of the unit, their risks and their measures', async () => {
  addUser(env.db, 'forvchef', null, { name: 'forvchef' });
  const top = await post('units', { name: 'Socialförvaltningen', kind: 'administration' });
  const child = await post('units', { name: 'Hemtjänsten', kind: 'department', parent_id: top.id });
  const outside = await post('units', { name: 'Tekniska förvaltningen', kind: 'administration' });
  const me = (await api.get('/api/v1/people?q=forvchef')).json.items[0].id;
  const ra = await api.post('/api/v1/role-assignments', { person_id: me, role: 'manager', scope: 'unit', unit_id: top.id });
  assert.equal(ra.status, 201, ra.text);
  const inside = await post('risk-analyses', { title: 'RA hemtjänst', scope: 'unit', unit_id: child.id, analysed_on: day() });
  const other = await post('risk-analyses', { title: 'RA teknik', scope: 'unit', unit_id: outside.id, analysed_on: day() });
  const rIn = await post('risks', { analysis_id: inside.id, title: 'Nyckelhantering', likelihood: 3, consequence: 3 });
  const rOut = await post('risks', { analysis_id: other.id, title: 'Fordon', likelihood: 3, consequence: 3 });
  const mIn = await post('measures', { risk_id: rIn.id, title: 'Nyckelskåp' });
  const mOut = await post('measures', { risk_id: rOut.id, title: 'Körjournal' });

  const chief = new Api(srv.url, token(env.db, 'forvchef'));
  let r = await chief.post('/api/v1/measures', { risk_id: rIn.id, title: 'Kvittens av nycklar' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await chief.patch(`/api/v1/measures/${mIn.id}`, { status: 'in_progress' })).status, 200);
  assert.equal((await chief.post('/api/v1/measures', { risk_id: rOut.id, title: 'x' })).status, 403);
  assert.equal((await chief.patch(`/api/v1/measures/${mOut.id}`, { status: 'done' })).status, 403);
  assert.equal((await chief.patch(`/api/v1/risks/${rIn.id}`, { likelihood: 2 })).status, 200);
  assert.equal((await chief.patch(`/api/v1/risks/${rOut.id}`, { likelihood: 2 })).status, 403);
  assert.equal((await api.get(`/api/v1/measures/${mOut.id}`)).json.status, 'planned', 'nothing changed outside');
});
