// Classification (issue 3) through the API and the pages: the shipped
// catalogues, classifying information with reasons and decisions, the
// derived system classification and its raise, the action plan and its
// progress, procurement requirements, the classification gaps, and who may
// do what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, freshDb, startServer, Api, Browserless, token, addUser, htmlText, tr, unzip, auditCount, requirementApplies } from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, api, web;
const people = {};

const post = (entity, body) => api.create(entity, body);
const all = (entity, qs) => api.items(entity, qs);
async function gaps(kind) {
  const r = await api.get(`/api/v1/gaps?kind=${kind}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}
function decided(asset, [k, r, t, s], by, extra = {}) {
  const reasons = {};
  if (k) reasons.confidentiality_reason = 'Sekretess enligt OSL';
  if (r) reasons.integrity_reason = 'Felaktiga beslut';
  if (t) reasons.availability_reason = 'Verksamheten stannar';
  if (s) reasons.traceability_reason = 'Loggkrav';
  return {
    asset_id: asset, classified_on: day(), confidentiality: k, integrity: r, availability: t, traceability: s,
    ...reasons, status: 'decided', decided_by_id: by, decided_on: day(), ...extra,
  };
}

before(async () => {
  env = freshDb();
  for (const [user, role] of [['infoagare', 'information_owner'], ['sysagare', 'system_owner'], ['revisor', 'auditor']])
    addUser(env.db, user, role, { name: user });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  for (const name of ['infoagare', 'sysagare', 'revisor']) {
    const r = await api.get(`/api/v1/people?q=${name}`);
    people[name] = r.json.items[0].id;
  }
  web = new Browserless(srv.url);
  await web.login();
});
after(async () => { await srv?.stop(); env?.cleanup(); });

test('the shipped catalogues are in place: levels, 60+ requirements, Annex A, CIS and NIS2', async () => {
  const levels = await all('classification-levels');
  assert.deepEqual(levels.map((l) => l.level).sort(), [0, 1, 2, 3, 4]);
  const reqs = await all('requirements');
  assert.ok(reqs.length >= 60, `${reqs.length} requirements`);
  const areas = new Set(reqs.map((r) => r.area));
  for (const a of ['access', 'authentication', 'crypto', 'logging', 'backup', 'continuity', 'supplier',
    'personal_data', 'physical', 'development', 'vulnerability', 'monitoring'])
    assert.ok(areas.has(a), a);
  const cry = reqs.find((r) => r.code === 'CRY-02');
  assert.equal(cry.aspect, 'K');
  assert.equal(cry.min_level, 2);
  assert.equal(cry.origin, 'shipped');
  assert.ok(cry.procurement_sv && cry.current_sv && cry.title_en);
  assert.ok(cry.control_ids.length > 0);
  const soa = await all('soa-entries');
  assert.equal(soa.filter((e) => e.framework === 'iso27001').length, 93);
  assert.equal(soa.filter((e) => e.framework === 'cis8').length, 18);
  assert.equal(soa.filter((e) => e.framework === 'nis2').length, 10);
  assert.ok(soa.some((e) => e.framework === 'iso27001' && e.code === '5.12'));
  // A second init changes nothing.
  const before = auditCount(env.db);
  const r = (await import('../lib/tillit.mjs')).cli(['init', '--db', env.db]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(auditCount(env.db), before);
});

test('a classification needs levels 0-4 and, to be decided, a reason for each raised aspect', async () => {
  const asset = await post('information-assets', { name: 'Elevakter', owner_id: people.infoagare });
  const n = auditCount(env.db);
  let r = await api.post('/api/v1/classifications', { ...decided(asset.id, [5, 0, 0, 0], people.infoagare) });
  assert.equal(r.status, 422, r.text);
  assert.ok(r.json.errors.some((e) => e.field === 'confidentiality'));
  const noReasons = decided(asset.id, [3, 2, 0, 1], people.infoagare);
  delete noReasons.confidentiality_reason;
  delete noReasons.traceability_reason;
  r = await api.post('/api/v1/classifications', noReasons);
  assert.equal(r.status, 422, r.text);
  const fields = r.json.errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['confidentiality_reason', 'traceability_reason']);
  assert.equal(auditCount(env.db), n, 'nothing written');
  // A draft needs no reasons; it is not the current classification.
  const draft = await post('classifications', { ...noReasons, status: 'draft', decided_by_id: null, decided_on: null });
  assert.equal((await gaps('asset_not_classified')).filter((g) => g.id === asset.id).length, 1);
  // Deciding it with the reasons makes it current; a decided one stays as it is.
  r = await api.patch(`/api/v1/classifications/${draft.id}`, {
    status: 'decided', confidentiality_reason: 'Sekretess', traceability_reason: 'Spårbarhet', decided_by_id: people.infoagare, decided_on: day(),
  });
  assert.equal(r.status, 200, r.text);
  assert.equal((await gaps('asset_not_classified')).filter((g) => g.id === asset.id).length, 0);
  r = await api.patch(`/api/v1/classifications/${draft.id}`, { confidentiality: 1 });
  assert.equal(r.status, 422, r.text);
  // The asset page shows the current classification and the history.
  const page = htmlText((await web.get(`/information-assets/${asset.id}`)).text);
  assert.ok(page.includes('3 – Allvarlig'), page);
  assert.ok(page.includes('3-2-0-1'));
});

// Every page of a system's plan (25 requirements a page), as one text.
async function planPages(id) {
  let out = '';
  for (let p = 1; ; p++) {
    const t = (await web.get(`/systems/${id}/plan?page=${p}`)).text;
    out += t;
    if (!t.includes('rel="next"')) return out;
  }
}

test('a system is classified from its information, can be raised but not lowered, and its plan follows', async () => {
  const a1 = await post('information-assets', { name: 'Journal', owner_id: people.infoagare });
  const a2 = await post('information-assets', { name: 'Schema', owner_id: people.infoagare });
  await post('classifications', decided(a1.id, [3, 1, 1, 2], people.infoagare));
  await post('classifications', decided(a2.id, [1, 2, 2, 0], people.infoagare));
  const sys = await post('systems', { name: 'Vårdsystem', owner_id: people.sysagare, information_asset_ids: [a1.id, a2.id] });
  const reqs = (await all('requirements')).filter((q) => q.status === 'active');
  const applies = (lv) => reqs.filter((q) => requirementApplies(q, lv)).map((q) => q.code).sort();
  const expect = applies({ K: 3, R: 2, T: 2, S: 2 });

  let plan = htmlText(await planPages(sys.id));
  for (const code of expect) assert.ok(plan.includes(code), code);
  const notApplying = reqs.filter((q) => !expect.includes(q.code));
  assert.ok(notApplying.length > 0);
  for (const q of notApplying) assert.ok(!plan.includes(`${q.code} `), `${q.code} should not apply`);
  const sysPage = htmlText((await web.get(`/systems/${sys.id}`)).text);
  assert.ok(sysPage.includes('Journal') && sysPage.includes('3 – Allvarlig'));

  // Lower than the information: refused, naming the asset.
  let r = await api.post('/api/v1/system-classifications', { system_id: sys.id, confidentiality: 2, reason: 'x', decided_on: day() });
  assert.equal(r.status, 422, r.text);
  assert.ok(r.json.errors.some((e) => e.field === 'confidentiality' && e.message.includes('Journal')));

  // Assess one requirement, then raise availability to 3: new requirements appear, flagged new.
  const first = reqs.find((q) => q.code === expect[0]);
  await post('action-plan-items', { system_id: sys.id, requirement_id: first.id, assessment: 'fulfilled' });
  r = await api.post('/api/v1/system-classifications', { system_id: sys.id, availability: 3, reason: 'Många beroenden', decided_on: day() });
  assert.equal(r.status, 201, r.text);
  const raised = applies({ K: 3, R: 2, T: 3, S: 2 });
  assert.ok(raised.length > expect.length);
  plan = await planPages(sys.id);
  for (const code of raised) assert.ok(plan.includes(code), code);
  assert.ok(htmlText(plan).includes(tr(SV, 'New requirement')));
  const total = raised.length;
  assert.ok(htmlText(plan).includes(tr(SV, '%lld of %lld applicable requirements fulfilled (%lld %%).', 1, total, Math.floor(100 / total))));

  // Not applicable needs a reason; one item per requirement.
  const second = reqs.find((q) => q.code === raised[1]);
  r = await api.post('/api/v1/action-plan-items', { system_id: sys.id, requirement_id: second.id, assessment: 'not_applicable' });
  assert.equal(r.status, 422);
  assert.ok(r.json.errors.some((e) => e.field === 'reason'));
  r = await api.post('/api/v1/action-plan-items', { system_id: sys.id, requirement_id: first.id, assessment: 'partly' });
  assert.equal(r.status, 422);
  assert.ok(r.json.errors.some((e) => e.field === 'requirement_id'));
});

test('classification gaps: unclassified systems, procurement, overdue requirements, encryption at rest, excluded controls', async () => {
  const asset = await post('information-assets', { name: 'Personakter', owner_id: people.infoagare });
  const sys = await post('systems', { name: 'HR-system', owner_id: people.sysagare, information_asset_ids: [asset.id] });
  const planned = await post('systems', { name: 'Nytt e-arkiv', lifecycle: 'planned', information_asset_ids: [asset.id] });
  assert.ok((await gaps('system_not_classified')).some((g) => g.id === sys.id));
  assert.ok((await gaps('procurement_not_classified')).some((g) => g.id === planned.id));
  await post('classifications', decided(asset.id, [3, 1, 1, 1], people.infoagare));
  assert.ok(!(await gaps('system_not_classified')).some((g) => g.id === sys.id));
  assert.ok(!(await gaps('procurement_not_classified')).some((g) => g.id === planned.id));

  // K3 without encryption of stored information: a gap until it is fulfilled.
  const cry = (await all('requirements')).find((q) => q.code === 'CRY-02');
  assert.ok((await gaps('encryption_at_rest_missing')).some((g) => g.id === sys.id));
  const item = await post('action-plan-items', { system_id: sys.id, requirement_id: cry.id, assessment: 'partly', due_date: day(-3) });
  assert.ok((await gaps('encryption_at_rest_missing')).some((g) => g.id === sys.id));
  const overdue = (await gaps('requirement_overdue')).filter((g) => g.id === sys.id);
  assert.equal(overdue.length, 1);
  assert.equal(overdue[0].related.id, cry.id);
  assert.equal((await api.patch(`/api/v1/action-plan-items/${item.id}`, { assessment: 'fulfilled' })).status, 200);
  assert.ok(!(await gaps('encryption_at_rest_missing')).some((g) => g.id === sys.id));
  assert.ok(!(await gaps('requirement_overdue')).some((g) => g.id === sys.id));

  // An Annex A control excluded without a justification.
  const ctl = (await all('soa-entries', '&framework=iso27001')).find((e) => e.code === '7.4');
  assert.equal((await api.patch(`/api/v1/soa-entries/${ctl.id}`, { applicable: false })).status, 200);
  assert.ok((await gaps('control_excluded_unjustified')).some((g) => g.id === ctl.id));
  assert.equal((await api.patch(`/api/v1/soa-entries/${ctl.id}`, { justification: 'Ingen bevakning behövs: inga egna lokaler.' })).status, 200);
  assert.ok(!(await gaps('control_excluded_unjustified')).some((g) => g.id === ctl.id));
  // The shipped numbering cannot be changed.
  const r = await api.patch(`/api/v1/soa-entries/${ctl.id}`, { code: '9.9' });
  assert.equal(r.status, 422);
  assert.ok(r.json.errors.some((e) => e.field === 'code'));
});

test('procurement requirements for a planned system: printable page and XLSX', async () => {
  const asset = await post('information-assets', { name: 'Bygglov', owner_id: people.infoagare });
  await post('classifications', decided(asset.id, [2, 2, 1, 1], people.infoagare));
  const sys = await post('systems', { name: 'Nytt bygglovssystem', lifecycle: 'planned', information_asset_ids: [asset.id] });
  const page = await web.get(`/systems/${sys.id}/procurement`);
  assert.equal(page.status, 200);
  const cry = (await all('requirements')).find((q) => q.code === 'CRY-02');
  assert.ok(htmlText(page.text).includes(cry.procurement_sv));
  const res = await fetch(`${srv.url}/systems/${sys.id}/procurement.xlsx`, { headers: { Cookie: web.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  const sheet = unzip(Buffer.from(await res.arrayBuffer())).get('xl/worksheets/sheet1.xml').toString('utf8');
  assert.ok(sheet.includes('CRY-02'));
  const reqs = (await all('requirements')).filter((q) => q.status === 'active');
  const n = reqs.filter((q) => requirementApplies(q, { K: 2, R: 2, T: 1, S: 1 })).length;
  assert.equal((sheet.match(/<row /g) || []).length, n + 1, 'a header and one row per applicable requirement');
  // The same as a PDF document.
  const pdf = await fetch(`${srv.url}/systems/${sys.id}/procurement.pdf`, { headers: { Cookie: web.cookieHeader() } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.match(pdf.headers.get('content-disposition'), /^attachment; filename="procurement-\d+-\d{4}-\d\d-\d\d\.pdf"$/);
  const body = Buffer.from(await pdf.arrayBuffer());
  assert.equal(body.subarray(0, 5).toString(), '%PDF-');
  assert.ok(Number(body.toString('latin1').match(/\/Count (\d+)/)[1]) >= 2, 'every requirement, over several pages');
  const anon = await fetch(`${srv.url}/systems/${sys.id}/procurement.pdf`, { redirect: 'manual' });
  assert.equal(anon.status, 303, 'only for logged-in users');
});

test('permissions: the information owner classifies their own information, the system owner keeps their own plan, the auditor reads', async () => {
  const own = await post('information-assets', { name: 'Egen info', owner_id: people.infoagare });
  const other = await post('information-assets', { name: 'Annans info' });
  const io = new Api(srv.url, token(env.db, 'infoagare'));
  let r = await io.post('/api/v1/classifications', decided(own.id, [1, 1, 1, 1], people.infoagare));
  assert.equal(r.status, 201, r.text);
  // (A draft: deciding another's information would first be refused for
  // naming her as the one who decided.)
  r = await io.post('/api/v1/classifications', { ...decided(other.id, [1, 1, 1, 1], null), status: 'draft', decided_on: null });
  assert.equal(r.status, 403, r.text);

  const ownSys = await post('systems', { name: 'Eget system', owner_id: people.sysagare, information_asset_ids: [own.id] });
  const otherSys = await post('systems', { name: 'Annat system', information_asset_ids: [own.id] });
  const req = (await all('requirements')).find((q) => q.code === 'CRY-01');
  const so = new Api(srv.url, token(env.db, 'sysagare'));
  r = await so.post('/api/v1/action-plan-items', { system_id: ownSys.id, requirement_id: req.id, assessment: 'fulfilled' });
  assert.equal(r.status, 201, r.text);
  r = await so.post('/api/v1/action-plan-items', { system_id: otherSys.id, requirement_id: req.id, assessment: 'fulfilled' });
  assert.equal(r.status, 403, r.text);
  r = await so.post('/api/v1/classifications', decided(own.id, [1, 1, 1, 1], people.infoagare));
  assert.equal(r.status, 403, 'a system owner does not classify information');

  const rev = new Api(srv.url, token(env.db, 'revisor'));
  for (const e of ['classifications', 'requirements', 'soa-entries', 'action-plan-items', 'system-classifications', 'classification-levels'])
    assert.equal((await rev.get(`/api/v1/${e}`)).status, 200, e);
  r = await rev.post('/api/v1/requirements', { code: 'X-01', area: 'access', aspect: 'K', min_level: 1, title_sv: 'x' });
  assert.equal(r.status, 403);
  const ctl = (await all('soa-entries')).find((e) => e.code === '5.1');
  assert.equal((await rev.patch(`/api/v1/soa-entries/${ctl.id}`, { implementation: 'implemented' })).status, 403);
  // The OpenAPI document lists the new entities.
  const doc = (await api.get('/api/v1/openapi.json')).json;
  for (const p of ['/api/v1/classifications', '/api/v1/requirements', '/api/v1/action-plan-items', '/api/v1/soa-entries'])
    assert.ok(doc.paths[p], p);
});

test('triggers that say what is meant: a requirement that always applies (level 0) and one on any aspect', async () => {
  const always = await post('requirements', { code: 'LAG-01', area: 'governance', aspect: 'K', min_level: 0, title_sv: 'Registerförteckning enligt GDPR',
    title_en: 'Record of processing under the GDPR' });
  const any = await post('requirements', { code: 'ANY-02', area: 'governance', aspect: 'any', min_level: 2, title_sv: 'Ägarens egen kontroll',
    title_en: 'The owner\'s own check' });
  // A running system with nothing classified yet: the statutory duty
  // applies, the any-aspect one does not.
  const sys = await post('systems', { name: 'Lönesystem', owner_id: people.sysagare });
  let plan = htmlText(await planPages(sys.id));
  assert.ok(plan.includes('LAG-01'), 'level 0 applies to an unclassified system');
  assert.ok(plan.includes(tr(SV, 'Always')));
  assert.ok(!plan.includes('ANY-02'));
  // Availability 2 (nothing else): any aspect at 2 reaches it.
  const info = await post('information-assets', { name: 'Lönelistor', owner_id: people.infoagare });
  await post('classifications', decided(info.id, [1, 1, 2, 0], people.infoagare));
  await api.patch(`/api/v1/systems/${sys.id}`, { information_asset_ids: [info.id] });
  plan = htmlText(await planPages(sys.id));
  assert.ok(plan.includes('LAG-01') && plan.includes('ANY-02'), 'any aspect at 2: availability 2 is enough');
  // The kept coverage counts them as the plan shows them.
  const cov = (id) => api.get(`/api/v1/requirements/${id}`).then((r) => r.json);
  assert.equal((await cov(always.id)).id, always.id);
  // Bad triggers are refused.
  let r = await api.post('/api/v1/requirements', { code: 'BAD-01', area: 'governance', aspect: 'all', min_level: 1, title_sv: 'x' });
  assert.equal(r.status, 422);
  r = await api.post('/api/v1/requirements', { code: 'BAD-02', area: 'governance', aspect: 'any', min_level: -1, title_sv: 'x' });
  assert.equal(r.status, 422);
  r = await api.post('/api/v1/requirements', { code: 'BAD-03', area: 'governance', aspect: 'any', min_level: 4, title_sv: 'x' });
  assert.equal(r.status, 422);
  await api.patch(`/api/v1/requirements/${always.id}`, { status: 'retired' });
  await api.patch(`/api/v1/requirements/${any.id}`, { status: 'retired' });
});
