// Decisions as actions (issue 12, item 6): "Besluta" on a classification,
// a system classification decision, a risk analysis and a residual risk.
// Offered only to those who may decide; records who (the user's person)
// and when (today), audited as a change through the web; a decided record
// shows no edit or delete button, and the server refuses both, in the UI
// and the API, changing nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, serverWithUsers, htmlText, tr } from '../lib/tillit.mjs';

const SV = 'sv';
// Who takes part, by login and role.
const USERS = {
  samordnare: 'coordinator',
  infoagare: 'information_owner',
  annan: 'information_owner', // owns nothing here
  sysagare: 'system_owner',
  revisor: 'auditor',
};
let env, srv, admin, api, web, person;
const KEPT = {
  classifications: 'A decided classification stays as it was decided. Make a new classification instead.',
  'system-classifications': 'A classification decision stays as the system\'s history. Make a new decision instead: the latest one counts.',
  'risk-analyses': 'A decided risk analysis stays as history. Make a new analysis instead.',
  risks: 'An accepted risk stays as it was accepted. Analyse it again in a new analysis.',
};

const mk = async (entity, body) => (await admin.create(entity, body)).id;
const get = async (entity, id) => (await admin.get(`/api/v1/${entity}/${id}`)).json;
const decideLink = (entity, id) => `href="/${entity}/${id}/decide"`;

before(async () => {
  ({ env, srv, admin, api, web, person } = await serverWithUsers(USERS, (u) => `Person ${u}`));
});
after(async () => { await srv?.stop(); env?.cleanup(); });

// Who may not decide: no button on the record, 403 on the page and the POST,
// and the record unchanged.
async function refused(user, entity, id, page) {
  const before = await get(entity, id);
  const p = await web[user].get(page);
  assert.equal(p.status, 200, `${user} reads ${page}`);
  assert.ok(!p.text.includes(decideLink(entity, id)), `${user} is offered no decision on ${page}`);
  assert.equal((await web[user].get(`/${entity}/${id}/decide`)).status, 403, `${user} GET decide`);
  assert.equal((await web[user].post(`/${entity}/${id}/decide`, {})).status, 403, `${user} POST decide`);
  assert.deepEqual(await get(entity, id), before, 'nothing changed');
}

// Decide as user through the page: the summary, the button, the redirect,
// who and when, and the audit entry.
async function decide(user, entity, id, { by = 'decided_by_id', on = 'decided_on', shows = [] } = {}) {
  const page = await web[user].get(`/${entity}/${id}/decide`);
  assert.equal(page.status, 200, page.text.slice(0, 300));
  const text = htmlText(page.text);
  assert.ok(text.includes(tr(SV, 'Check what is decided')), 'a check-your-answers page');
  assert.ok(text.includes(`Person ${user}`) && text.includes(day()), 'it says who decides and when');
  for (const s of shows) assert.ok(text.includes(s), `the summary shows ${s}`);
  const form = page.text.match(new RegExp(`<form[^>]*action="/${entity}/${id}/decide"[\\s\\S]*?</form>`));
  assert.ok(form, 'a form that decides');
  assert.equal((form[0].match(/<button/g) || []).length, 1, 'one button');
  assert.ok(form[0].includes('name="_csrf"'), 'with the CSRF token');
  const r = await web[user].post(`/${entity}/${id}/decide`, {});
  assert.equal(r.status, 303, htmlText(r.text).slice(0, 400));
  assert.equal(r.headers.get('location'), `/${entity}/${id}?done=decided`);
  const now = await get(entity, id);
  assert.equal(now[by], person[user], 'who: the user\'s person');
  assert.equal(now[on], day(), 'when: today');
  const h = (await admin.get(`/api/v1/${entity}/${id}/history`)).json.items[0];
  assert.deepEqual([h.action, h.via, h.username], ['update', 'ui', user], 'audited as the user\'s change');
  assert.deepEqual(h.changes[by], [null, person[user]]);
  const shown = await web[user].get(`/${entity}/${id}?done=decided`);
  assert.ok(htmlText(shown.text).includes(tr(SV, 'Decided. Tillit recorded who decided and when.')));
  return now;
}

// A decided record: no edit, delete or decide button; edit and delete
// refused by the UI and the API with the reason; nothing changed.
async function kept(user, entity, id, form, patch) {
  const msg = tr(SV, KEPT[entity]);
  const before = await get(entity, id);
  const page = await web[user].get(`/${entity}/${id}`);
  for (const action of ['edit', 'delete', 'decide'])
    assert.ok(!page.text.includes(`href="/${entity}/${id}/${action}"`), `no ${action} button on a decided record`);
  let r = await web[user].get(`/${entity}/${id}/edit`);
  assert.equal(r.status, 409);
  assert.ok(htmlText(r.text).includes(msg), 'the edit page says why');
  r = await web[user].post(`/${entity}/${id}`, form);
  assert.ok(r.status === 409 || r.status === 422, `form edit refused: ${r.status}`);
  assert.ok(htmlText(r.text).includes(msg), 'the form says why');
  r = await web[user].post(`/${entity}/${id}/delete`, {});
  assert.equal(r.status, 409);
  assert.ok(htmlText(r.text).includes(msg), 'the delete says why');
  r = await web[user].post(`/${entity}/${id}/decide`, {});
  assert.equal(r.status, 409, 'decided once');
  r = await api[user].patch(`/api/v1/${entity}/${id}`, patch);
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(r.json.errors.map((e) => e.message), [msg]);
  r = await api[user].del(`/api/v1/${entity}/${id}`);
  assert.equal(r.status, 409, r.text);
  assert.ok(r.json.errors.some((e) => e.message === msg), r.text);
  assert.deepEqual(await get(entity, id), before, 'nothing changed');
}

test('a classification is decided by its information owner from the asset\'s page; then it stays', async () => {
  const asset = await mk('information-assets', { name: 'Beslutsregister', owner_id: person.infoagare });
  const draft = { asset_id: asset, classified_on: day(), confidentiality: 2, integrity: 1, availability: 1, traceability: 1,
    confidentiality_reason: 'Personuppgifter', integrity_reason: 'Rättas lätt', availability_reason: 'Kan vänta',
    traceability_reason: 'Loggas', status: 'draft' };
  const cls = await mk('classifications', draft);
  await refused('revisor', 'classifications', cls, `/information-assets/${asset}`);
  await refused('annan', 'classifications', cls, `/classifications/${cls}`);
  // The owner sees "Besluta" on the asset's page and on the classification.
  const assetPage = await web.infoagare.get(`/information-assets/${asset}`);
  assert.ok(assetPage.text.includes(decideLink('classifications', cls)), 'offered in the classification panel');
  const own = await web.infoagare.get(`/classifications/${cls}`);
  assert.ok(own.text.includes(decideLink('classifications', cls)));
  assert.ok(htmlText(own.text).includes(tr(SV, 'Decide')));
  const now = await decide('infoagare', 'classifications', cls, { shows: ['Personuppgifter'] });
  assert.equal(now.status, 'decided');
  const h = (await admin.get(`/api/v1/classifications/${cls}/history`)).json.items[0];
  assert.deepEqual(h.changes.status, ['draft', 'decided']);
  // The asset's current classification is the one decided.
  assert.ok(htmlText((await web.infoagare.get(`/information-assets/${asset}`)).text).includes(tr(SV, 'Current classification, decided')));
  await kept('infoagare', 'classifications', cls,
    { asset_id: `#${asset}`, classified_on: day(), confidentiality: '3', integrity: '1', availability: '1', traceability: '1',
      confidentiality_reason: 'Ändrad', integrity_reason: 'x', availability_reason: 'x', traceability_reason: 'x', status: 'decided', decided_by_id: `#${person.infoagare}`, decided_on: day() },
    { confidentiality: 3 });
  // The follow-up is a new classification, which replaces it once decided.
  const next = await mk('classifications', { ...draft, confidentiality: 3, confidentiality_reason: 'Känsligare' });
  await decide('samordnare', 'classifications', next);
  assert.equal((await get('classifications', cls)).status, 'decided', 'the old one stays as history');
});

test('a classification that is not ready is not decided: the reasons are shown, with links to the form', async () => {
  const asset = await mk('information-assets', { name: 'Oskälat register', owner_id: person.infoagare });
  const cls = await mk('classifications', { asset_id: asset, classified_on: day(), confidentiality: 3, integrity: 1, availability: 1,
    traceability: 1, status: 'draft' });
  const r = await web.infoagare.post(`/classifications/${cls}/decide`, {});
  assert.equal(r.status, 422);
  assert.ok(htmlText(r.text).includes(tr(SV, 'Give the reason for this level before the classification is decided.')));
  assert.ok(r.text.includes(`href="/classifications/${cls}/edit#f-confidentiality_reason"`), 'the error leads to the field');
  const now = await get('classifications', cls);
  assert.equal(now.status, 'draft');
  assert.equal(now.decided_by_id, null, 'nothing changed');
});

test('a system classification decision is decided by the system owner; then it stays', async () => {
  const sys = await mk('systems', { name: 'Beslutssystem', owner_id: person.sysagare });
  const dec = await mk('system-classifications', { system_id: sys, availability: 2, reason: 'Många beroenden', decided_on: day(-3) });
  await refused('revisor', 'system-classifications', dec, `/system-classifications/${dec}`);
  await refused('infoagare', 'system-classifications', dec, `/system-classifications/${dec}`);
  await decide('sysagare', 'system-classifications', dec, { shows: ['Många beroenden'] });
  await kept('sysagare', 'system-classifications', dec,
    { system_id: `#${sys}`, availability: '3', reason: 'Ändrad', decided_by_id: `#${person.sysagare}`, decided_on: day() },
    { reason: 'Ändrad' });
});

test('a risk analysis is decided with one button; one with a risk to accept that no one accepted is not', async () => {
  const sys = await mk('systems', { name: 'Analyssystem', owner_id: person.sysagare });
  const ra = await mk('risk-analyses', { title: 'Analys att besluta', scope: 'system', system_id: sys, analysed_on: day(),
    risk_owner_id: person.infoagare });
  const k = await mk('risks', { analysis_id: ra, title: 'Avbrott', likelihood: 2, consequence: 3, treatment: 'accept', treatment_reason: 'Rutiner finns' });
  await refused('revisor', 'risk-analyses', ra, `/risk-analyses/${ra}`);
  await refused('annan', 'risk-analyses', ra, `/risk-analyses/${ra}`);
  // The risk owner is offered the decision, but the risk to be accepted stops it.
  const page = await web.infoagare.get(`/risk-analyses/${ra}`);
  assert.ok(page.text.includes(decideLink('risk-analyses', ra)));
  let r = await web.infoagare.post(`/risk-analyses/${ra}/decide`, {});
  assert.equal(r.status, 422);
  assert.ok(htmlText(r.text).includes(tr(SV, 'The risk "%s" is to be accepted, but no one has accepted it. Record who accepted it and when, or change its treatment, before the analysis is decided.', 'Avbrott')));
  assert.equal((await get('risk-analyses', ra)).status, 'draft', 'nothing changed');
  // Changed to be reduced, the coordinator decides it; the page shows the risks it takes in.
  assert.equal((await admin.patch(`/api/v1/risks/${k}`, { treatment: 'reduce' })).status, 200);
  const check = await web.samordnare.get(`/risk-analyses/${ra}/decide`);
  assert.ok(check.text.includes(`<th scope="row"><a href="/risks/${k}">Avbrott</a></th>`), 'the summary lists the risks');
  const now = await decide('samordnare', 'risk-analyses', ra, { shows: ['Analys att besluta', 'Person infoagare'] });
  assert.equal(now.status, 'decided');
  await kept('samordnare', 'risk-analyses', ra,
    { title: 'Ändrad analys', scope: 'system', system_id: `#${sys}`, analysed_on: day(), risk_owner_id: `#${person.infoagare}`,
      status: 'decided', decided_by_id: `#${person.samordnare}`, decided_on: day() },
    { summary: 'Ändrad' });
  // Its risks still take their measures and residual assessment.
  assert.equal((await admin.patch(`/api/v1/risks/${k}`, { residual_likelihood: 1, residual_consequence: 2 })).status, 200);
});

test('a residual risk is accepted by the risk owner from the analysis\'s page; then the risk stays', async () => {
  const ra = await mk('risk-analyses', { title: 'Analys med kvarvarande risk', scope: 'unit', unit_id: await mk('units', { name: 'Acceptenheten', kind: 'administration' }),
    analysed_on: day(), risk_owner_id: person.infoagare });
  const done = await mk('risks', { analysis_id: ra, title: 'Intrång', likelihood: 4, consequence: 4, residual_likelihood: 2, residual_consequence: 2 });
  const open = await mk('risks', { analysis_id: ra, title: 'Läcka', likelihood: 3, consequence: 3 });
  await refused('revisor', 'risks', done, `/risk-analyses/${ra}`);
  const page = await web.infoagare.get(`/risk-analyses/${ra}`);
  assert.ok(page.text.includes(decideLink('risks', done)), 'offered for a risk whose residual risk is assessed');
  assert.ok(!page.text.includes(decideLink('risks', open)), 'not in the table for a risk with no residual risk yet');
  // Accepting a risk with no residual assessment says what is missing.
  let r = await web.infoagare.post(`/risks/${open}/decide`, {});
  assert.equal(r.status, 422);
  assert.ok(htmlText(r.text).includes(tr(SV, 'Give the residual likelihood and consequence that were accepted.')));
  assert.equal((await get('risks', open)).accepted_by_id, null);
  await decide('infoagare', 'risks', done, { by: 'accepted_by_id', on: 'accepted_on', shows: ['Intrång'] });
  assert.ok(htmlText((await web.infoagare.get(`/risk-analyses/${ra}`)).text).includes(tr(SV, 'Accepted')));
  await kept('infoagare', 'risks', done,
    { analysis_id: `#${ra}`, title: 'Ändrad', likelihood: '4', consequence: '4', treatment: 'reduce', residual_likelihood: '1', residual_consequence: '1',
      accepted_by_id: `#${person.infoagare}`, accepted_on: day() },
    { title: 'Ändrad' });
  // Its measures go on.
  const m = await mk('measures', { risk_id: done, title: 'Logga inloggningar', status: 'planned' });
  assert.equal((await admin.patch(`/api/v1/measures/${m}`, { status: 'done' })).status, 200);
});
