// Data rules the UI let through (issue 11): each through the API and the
// form, with the message in the user's language and nothing changed when a
// change is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, freshDb, startServer, addUser, token, Api, Browserless, htmlText, tr } from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, admin;
const api = {};      // user -> Api
const web = {};      // user -> Browserless (logged in)
const person = {};   // user -> person id
const USERS = {
  samordnare: 'coordinator',
  sysagare: 'system_owner',
  forvaltare: 'system_administrator',
  infoagare: 'information_owner',
  itchef: 'it_chief',
};

async function mk(entity, body) {
  return (await admin.create(entity, body)).id;
}
const get = async (entity, id) => (await admin.get(`/api/v1/${entity}/${id}`)).json;

// The errors of a 422 problem as "field: message".
function errors(r) {
  assert.equal(r.status, 422, r.text);
  return r.json.errors.map((e) => `${e.field}: ${e.message}`);
}

before(async () => {
  env = freshDb();
  for (const [user, role] of Object.entries(USERS)) addUser(env.db, user, role, { name: user });
  srv = await startServer(env.db);
  admin = new Api(srv.url, token(env.db));
  for (const user of Object.keys(USERS)) {
    api[user] = new Api(srv.url, token(env.db, user));
    person[user] = (await api[user].get('/api/v1/me')).json.person_id;
    web[user] = new Browserless(srv.url);
    await web[user].login(user, `${user}-password-123`);
  }
  web.admin = new Browserless(srv.url);
  await web.admin.login();
});
after(async () => { await srv?.stop(); env?.cleanup(); });

test('the same record twice in a list of references is an error that names it (API and form)', async () => {
  const [a1, a2] = await Promise.all([mk('information-assets', { name: 'Dubbelpost' }), mk('information-assets', { name: 'Enkelpost' })]);
  const msg = tr(SV, '"%s" is in the list twice. List each record only once.', 'Dubbelpost');
  let r = await admin.post('/api/v1/systems', { name: 'Dubbelsystem', information_asset_ids: [a1, a2, a1] });
  assert.deepEqual(errors(r), [`information_asset_ids: ${msg}`]);
  assert.equal((await admin.get('/api/v1/systems?q=Dubbelsystem')).json.total, 0, 'nothing created');
  const sys = await mk('systems', { name: 'Enkelsystem', information_asset_ids: [a2] });
  r = await admin.patch(`/api/v1/systems/${sys}`, { information_asset_ids: [a1, a1] });
  assert.deepEqual(errors(r), [`information_asset_ids: ${msg}`]);
  assert.deepEqual((await get('systems', sys)).information_asset_ids, [a2], 'nothing changed');

  // The form: two ticks of the same box (or the same line twice in the text box).
  r = await web.admin.post(`/systems/${sys}`, { name: 'Enkelsystem', lifecycle: 'in_use', information_asset_ids: [String(a1), String(a1)] });
  assert.equal(r.status, 422);
  assert.ok(htmlText(r.text).includes(msg), 'the form shows the message');
  r = await web.admin.post('/systems', { name: 'Dubbelsystem', lifecycle: 'in_use', information_asset_ids: [`#${a1}`, 'Dubbelpost'] });
  assert.equal(r.status, 422);
  assert.ok(htmlText(r.text).includes(msg), 'a number and a name for the same record');
  assert.deepEqual((await get('systems', sys)).information_asset_ids, [a2]);
  assert.equal((await admin.get('/api/v1/systems?q=Dubbelsystem')).json.total, 0);
});

test('a system cannot depend on itself (API and form); two systems may depend on each other', async () => {
  const [a, b] = await Promise.all([mk('systems', { name: 'Självberoende' }), mk('systems', { name: 'Grannsystem' })]);
  const msg = tr(SV, 'Choose another system: a system cannot depend on itself.');
  let r = await admin.patch(`/api/v1/systems/${a}`, { depends_on_ids: [b, a] });
  assert.deepEqual(errors(r), [`depends_on_ids: ${msg}`]);
  r = await web.admin.post(`/systems/${a}`, { name: 'Självberoende', lifecycle: 'in_use', depends_on_ids: [String(a)] });
  assert.equal(r.status, 422);
  assert.ok(htmlText(r.text).includes(msg), 'the form shows the message');
  assert.deepEqual((await get('systems', a)).depends_on_ids, [], 'nothing changed');
  assert.equal((await admin.patch(`/api/v1/systems/${a}`, { depends_on_ids: [b] })).status, 200);
  assert.equal((await admin.patch(`/api/v1/systems/${b}`, { depends_on_ids: [a] })).status, 200);
});

test('whoever a record names as owner does not change who it names: a wider role hands over (API and form)', async () => {
  const msg = tr(SV, 'You cannot change who is named here. Ask the information security coordinator or the head of the unit to hand it over.');
  const other = await mk('people', { name: 'Annan person' });
  const [sys, asset] = await Promise.all([
    mk('systems', { name: 'Överlämning', owner_id: person.sysagare, administrator_id: person.forvaltare }),
    mk('information-assets', { name: 'Överlämnad information', owner_id: person.infoagare }),
  ]);
  const r = await Promise.all([
    // The system administrator makes himself (or another) the owner.
    api.forvaltare.patch(`/api/v1/systems/${sys}`, { owner_id: person.forvaltare }),
    api.forvaltare.patch(`/api/v1/systems/${sys}`, { owner_id: other }),
    // The system owner names another administrator.
    api.sysagare.patch(`/api/v1/systems/${sys}`, { administrator_id: other }),
    // The information owner hands her information over.
    api.infoagare.patch(`/api/v1/information-assets/${asset}`, { owner_id: other }),
  ]);
  assert.deepEqual(r.map(errors), [[`owner_id: ${msg}`], [`owner_id: ${msg}`], [`administrator_id: ${msg}`], [`owner_id: ${msg}`]]);
  // The form: the same, with the message on the field.
  let f = await web.forvaltare.post(`/systems/${sys}`, { name: 'Överlämning', lifecycle: 'in_use',
    owner_id: `#${person.forvaltare}`, administrator_id: `#${person.forvaltare}` });
  assert.equal(f.status, 422);
  assert.ok(htmlText(f.text).includes(msg), 'the form says whom to ask');
  f = await web.infoagare.post(`/information-assets/${asset}`, { name: 'Överlämnad information', personal_data: 'none', owner_id: `#${other}` });
  assert.equal(f.status, 422);
  assert.ok(htmlText(f.text).includes(msg));
  const [s1, a1] = await Promise.all([get('systems', sys), get('information-assets', asset)]);
  assert.deepEqual([s1.owner_id, s1.administrator_id, a1.owner_id], [person.sysagare, person.forvaltare, person.infoagare], 'nothing changed');
  // Their other changes still go through.
  assert.equal((await api.forvaltare.patch(`/api/v1/systems/${sys}`, { purpose: 'Drift' })).status, 200);
  assert.equal((await api.sysagare.patch(`/api/v1/systems/${sys}`, { purpose: 'Ägd' })).status, 200);
  // The coordinator and the IT chief hand over, through the API and the form.
  assert.equal((await api.samordnare.patch(`/api/v1/systems/${sys}`, { administrator_id: other })).status, 200);
  f = await web.itchef.post(`/systems/${sys}`, { name: 'Överlämning', lifecycle: 'in_use', owner_id: `#${other}`, administrator_id: `#${other}` });
  assert.equal(f.status, 303);
  assert.equal((await api.samordnare.patch(`/api/v1/information-assets/${asset}`, { owner_id: other })).status, 200);
  const [s2, a2] = await Promise.all([get('systems', sys), get('information-assets', asset)]);
  assert.deepEqual([s2.owner_id, s2.administrator_id, a2.owner_id], [other, other, other]);
});

test('a system owner starts and keeps risk analyses of the systems he owns (API and form); an information owner keeps those she is risk owner of', async () => {
  const [mine, theirs] = await Promise.all([
    mk('systems', { name: 'Ägt system', owner_id: person.sysagare }),
    mk('systems', { name: 'Annans system', owner_id: person.forvaltare }),
  ]);
  const body = (system, extra = {}) => ({ title: `RA ${system}`, scope: 'system', system_id: system, analysed_on: day(), ...extra });
  // The API: his own system, naming the information owner as risk owner.
  let r = await api.sysagare.post('/api/v1/risk-analyses', body(mine, { risk_owner_id: person.infoagare }));
  assert.equal(r.status, 201, r.text);
  const ra = r.json.id;
  r = await api.sysagare.post('/api/v1/risks', { analysis_id: ra, title: 'Avbrott', likelihood: 2, consequence: 3 });
  assert.equal(r.status, 201, r.text);
  assert.equal((await api.sysagare.patch(`/api/v1/risk-analyses/${ra}`, { summary: 'Genomförd' })).status, 200);
  // Not another's system, nor an analysis of something else naming his.
  const before = (await admin.items('risk-analyses')).length;
  r = await api.sysagare.post('/api/v1/risk-analyses', body(theirs));
  assert.equal(r.status, 403);
  r = await api.sysagare.post('/api/v1/risk-analyses', { ...body(mine), scope: 'infrastructure' });
  assert.deepEqual(errors(r), [`system_id: ${tr(SV, 'Leave the system empty, or choose a system as the scope: only an analysis of a system names one.')}`]);
  assert.equal((await admin.items('risk-analyses')).length, before, 'nothing written');

  // The form: the system page offers it, the form opens prefilled, and saving works.
  const page = await web.sysagare.get(`/systems/${mine}`);
  assert.ok(page.text.includes(`href="/risk-analyses/new?scope=system&amp;system_id=${mine}&amp;`), 'the system page links to a new analysis');
  const form = await web.sysagare.get(`/risk-analyses/new?scope=system&system_id=${mine}`);
  assert.equal(form.status, 200);
  const fields = { title: 'RA via formulär', scope: 'system', analysed_on: day(), status: 'draft' };
  let f = await web.sysagare.post('/risk-analyses', { ...fields, system_id: `#${mine}`, risk_owner_id: `#${person.infoagare}` });
  assert.equal(f.status, 303, htmlText(f.text).slice(0, 300));
  const made = (await admin.items('risk-analyses', '&q=formul')).filter((x) => x.title === 'RA via formulär');
  assert.deepEqual(made.map((x) => [x.system_id, x.risk_owner_id]), [[mine, person.infoagare]]);
  assert.ok(!(await web.sysagare.get(`/systems/${theirs}`)).text.includes('/risk-analyses/new?'), 'no link on another\'s system');
  f = await web.sysagare.post('/risk-analyses', { ...fields, title: 'RA annans via formulär', system_id: `#${theirs}` });
  assert.equal(f.status, 403);
  assert.equal((await admin.items('risk-analyses', '&q=annans')).length, 0);

  // The information owner: she starts none, and keeps the one naming her.
  r = await api.infoagare.post('/api/v1/risk-analyses', body(mine, { risk_owner_id: person.infoagare }));
  assert.equal(r.status, 403);
  assert.equal((await web.infoagare.get('/risk-analyses/new')).status, 403);
  r = await api.infoagare.post('/api/v1/risks', { analysis_id: ra, title: 'Dataläcka', likelihood: 1, consequence: 2 });
  assert.equal(r.status, 201, r.text);
  assert.equal((await api.infoagare.patch(`/api/v1/risk-analyses/${ra}`, { summary: 'Granskad' })).status, 200);
});

// A decided classification of asset, decided by its owner.
const decidedClassification = (asset, by, extra = {}) => ({
  asset_id: asset, classified_on: day(), confidentiality: 0, integrity: 0, availability: 0, traceability: 0,
  status: 'decided', decided_by_id: by, decided_on: day(), ...extra,
});

test('decisions stay: a decided classification, a system decision and a decided analysis cannot be deleted (API and form)', async () => {
  const asset = await mk('information-assets', { name: 'Beslutad information', owner_id: person.infoagare });
  const sys = await mk('systems', { name: 'Beslutat system', owner_id: person.sysagare, information_asset_ids: [asset] });
  const [cls, draft, dec, ra, draftRa] = await Promise.all([
    mk('classifications', decidedClassification(asset, person.infoagare)),
    mk('classifications', { ...decidedClassification(asset, null), status: 'draft', decided_on: null }),
    mk('system-classifications', { system_id: sys, availability: 2, reason: 'Många beroenden', decided_by_id: person.sysagare, decided_on: day() }),
    mk('risk-analyses', { title: 'Beslutad analys', scope: 'system', system_id: sys, analysed_on: day(), risk_owner_id: person.sysagare,
      status: 'decided', decided_by_id: person.sysagare, decided_on: day() }),
    mk('risk-analyses', { title: 'Utkast till analys', scope: 'system', system_id: sys, analysed_on: day() }),
  ]);
  const kept = [
    ['classifications', cls, 'A decided classification stays as it was decided. Make a new classification instead.'],
    ['system-classifications', dec, 'A classification decision stays as the system\'s history. Make a new decision instead: the latest one counts.'],
    ['risk-analyses', ra, 'A decided risk analysis stays as history. Make a new analysis instead.'],
  ];
  for (const [entity, id, msgid] of kept) {
    // The API: 409 with the reason; the record stays.
    const r = await admin.del(`/api/v1/${entity}/${id}`);
    assert.equal(r.status, 409, `${entity}: ${r.text}`);
    assert.ok(r.text.includes(JSON.stringify(tr(SV, msgid)).slice(1, -1)), `${entity}: ${r.text}`);
    // The pages: no Delete link, the delete page says why and offers no button, a post is refused.
    const show = await web.admin.get(`/${entity}/${id}`);
    assert.equal(show.status, 200);
    assert.ok(!show.text.includes(`href="/${entity}/${id}/delete"`), `${entity}: no Delete link`);
    const page = await web.admin.get(`/${entity}/${id}/delete`);
    assert.equal(page.status, 200);
    assert.ok(htmlText(page.text).includes(tr(SV, msgid)), `${entity}: the delete page says why`);
    assert.ok(!page.text.includes('class="danger"'), `${entity}: no delete button`);
    const post = await web.admin.post(`/${entity}/${id}/delete`, {});
    assert.equal(post.status, 409);
    assert.ok(htmlText(post.text).includes(tr(SV, msgid)));
    assert.equal((await admin.get(`/api/v1/${entity}/${id}`)).status, 200, `${entity}: still there`);
  }
  // Drafts go as before.
  assert.equal((await admin.del(`/api/v1/classifications/${draft}`)).status, 204);
  assert.equal((await web.admin.post(`/risk-analyses/${draftRa}/delete`, {})).status, 303);
  assert.equal((await admin.get(`/api/v1/risk-analyses/${draftRa}`)).status, 404);
});

test('who decided must be someone who may decide: the owner or a role that may change the record (API and form)', async () => {
  const stranger = await mk('people', { name: 'Utomstående' });
  const asset = await mk('information-assets', { name: 'Ägd information', owner_id: person.infoagare });
  const sys = await mk('systems', { name: 'Ägt beslutssystem', owner_id: person.sysagare, information_asset_ids: [asset] });
  const clsMsg = tr(SV, '%s may not decide this classification. Name the information owner, or someone whose role lets them change the asset\'s classifications.', 'Utomstående');
  const decMsg = tr(SV, '%s may not make this decision. Name the system owner, or someone whose role lets them decide on the system\'s classification.', 'forvaltare');
  const anMsg = tr(SV, '%s may not decide this analysis. Name the risk owner, or someone whose role lets them change the analysis.', 'Utomstående');
  const kMsg = tr(SV, '%s may not accept this risk. Name the risk owner, or someone whose role lets them change the analysis.', 'forvaltare');
  const counts = async () => Promise.all(['classifications', 'system-classifications'].map(async (e) => (await admin.items(e)).length));
  const before = await counts();

  // The API.
  let r = await admin.post('/api/v1/classifications', decidedClassification(asset, stranger));
  assert.deepEqual(errors(r), [`decided_by_id: ${clsMsg}`]);
  r = await admin.post('/api/v1/system-classifications', { system_id: sys, availability: 2, reason: 'Beroenden', decided_by_id: person.forvaltare, decided_on: day() });
  assert.deepEqual(errors(r), [`decided_by_id: ${decMsg}`]);
  // The form.
  const clsForm = { asset_id: `#${asset}`, classified_on: day(), confidentiality: '0', integrity: '0', availability: '0', traceability: '0',
    status: 'decided', decided_on: day() };
  let f = await web.admin.post('/classifications', { ...clsForm, decided_by_id: `#${stranger}` });
  assert.equal(f.status, 422);
  assert.ok(htmlText(f.text).includes(clsMsg), 'the form shows the message');
  assert.deepEqual(await counts(), before, 'nothing written');
  // The information owner, and a role that may decide, are accepted.
  f = await web.infoagare.post('/classifications', { ...clsForm, decided_by_id: `#${person.infoagare}` });
  assert.equal(f.status, 303, htmlText(f.text).slice(0, 400));
  assert.equal((await admin.post('/api/v1/classifications', decidedClassification(asset, person.samordnare))).status, 201);
  assert.equal((await api.sysagare.post('/api/v1/system-classifications', { system_id: sys, availability: 2, reason: 'Beroenden',
    decided_by_id: person.sysagare, decided_on: day() })).status, 201);

  // An analysis: decided by its risk owner, not by anyone.
  const ra = await mk('risk-analyses', { title: 'Analys att besluta', scope: 'system', system_id: sys, analysed_on: day(), risk_owner_id: person.infoagare });
  r = await admin.patch(`/api/v1/risk-analyses/${ra}`, { status: 'decided', decided_by_id: stranger, decided_on: day() });
  assert.deepEqual(errors(r), [`decided_by_id: ${anMsg}`]);
  f = await web.admin.post(`/risk-analyses/${ra}`, { title: 'Analys att besluta', scope: 'system', system_id: `#${sys}`, analysed_on: day(),
    risk_owner_id: `#${person.infoagare}`, status: 'decided', decided_by_id: `#${stranger}`, decided_on: day() });
  assert.equal(f.status, 422);
  assert.ok(htmlText(f.text).includes(anMsg));
  assert.equal((await get('risk-analyses', ra)).status, 'draft', 'nothing changed');
  // A risk's acceptance: the system administrator is not the risk owner and may not change the analysis.
  const k = await mk('risks', { analysis_id: ra, title: 'Obehörig åtkomst', likelihood: 2, consequence: 2 });
  r = await admin.patch(`/api/v1/risks/${k}`, { residual_likelihood: 1, residual_consequence: 1, accepted_by_id: person.forvaltare, accepted_on: day() });
  assert.deepEqual(errors(r), [`accepted_by_id: ${kMsg}`]);
  f = await web.infoagare.post(`/risks/${k}`, { analysis_id: `#${ra}`, title: 'Obehörig åtkomst', likelihood: '2', consequence: '2', treatment: 'reduce',
    residual_likelihood: '1', residual_consequence: '1', accepted_by_id: `#${person.forvaltare}`, accepted_on: day() });
  assert.equal(f.status, 422);
  assert.ok(htmlText(f.text).includes(kMsg));
  assert.equal((await get('risks', k)).accepted_by_id, null);
  // The risk owner accepts and decides.
  assert.equal((await api.infoagare.patch(`/api/v1/risks/${k}`, { residual_likelihood: 1, residual_consequence: 1, accepted_by_id: person.infoagare, accepted_on: day() })).status, 200);
  assert.equal((await api.infoagare.patch(`/api/v1/risk-analyses/${ra}`, { status: 'decided', decided_by_id: person.infoagare, decided_on: day() })).status, 200);
});

test('a risk to be accepted carries its acceptance once the analysis is decided, so no gap stands for a decision made (API and form)', async () => {
  const sys = await mk('systems', { name: 'Accepterat system' });
  const ra = await mk('risk-analyses', { title: 'Analys med accepterad risk', scope: 'system', system_id: sys, analysed_on: day(), risk_owner_id: person.infoagare });
  // In a draft, "accept" is the proposal: no acceptance needed yet.
  const k = await mk('risks', { analysis_id: ra, title: 'Kort avbrott', likelihood: 1, consequence: 2, treatment: 'accept', treatment_reason: 'Manuella rutiner finns' });
  const decide = { status: 'decided', decided_by_id: person.infoagare, decided_on: day() };
  const notYet = tr(SV, 'The risk "%s" is to be accepted, but no one has accepted it. Record who accepted it and when, or change its treatment, before the analysis is decided.', 'Kort avbrott');
  let r = await admin.patch(`/api/v1/risk-analyses/${ra}`, decide);
  assert.deepEqual(errors(r), [`status: ${notYet}`]);
  const analysisForm = { title: 'Analys med accepterad risk', scope: 'system', system_id: `#${sys}`, analysed_on: day(),
    risk_owner_id: `#${person.infoagare}`, status: 'decided', decided_by_id: `#${person.infoagare}`, decided_on: day() };
  let f = await web.infoagare.post(`/risk-analyses/${ra}`, analysisForm);
  assert.equal(f.status, 422);
  assert.ok(htmlText(f.text).includes(notYet), 'the form names the risk');
  assert.equal((await get('risk-analyses', ra)).status, 'draft', 'nothing changed');
  // The help text says when the acceptance is given.
  const edit = await web.infoagare.get(`/risks/${k}/edit`);
  assert.ok(htmlText(edit.text).includes(tr(SV, 'To accept a risk is a decision: once the analysis is decided, an accepted risk names who accepted it and when (below).')));
  // Accepted through the form, the analysis is decided, and no gap is left for the risk.
  const riskForm = { analysis_id: `#${ra}`, title: 'Kort avbrott', likelihood: '1', consequence: '2', treatment: 'accept', treatment_reason: 'Manuella rutiner finns',
    residual_likelihood: '1', residual_consequence: '2', accepted_by_id: `#${person.infoagare}`, accepted_on: day() };
  f = await web.infoagare.post(`/risks/${k}`, riskForm);
  assert.equal(f.status, 303, htmlText(f.text).slice(0, 400));
  assert.equal((await admin.patch(`/api/v1/risk-analyses/${ra}`, decide)).status, 200);
  const gaps = (await admin.get('/api/v1/gaps?kind=residual_risk_not_accepted')).json.items;
  assert.ok(!gaps.some((g) => g.id === k), 'the accepted risk leaves no gap');

  // In a decided analysis a risk to be accepted names who accepted it and when.
  const must = tr(SV, 'Name who accepted the risk: in a decided analysis, a risk to be accepted needs its acceptance.');
  const when = tr(SV, 'Give the date the residual risk was accepted.');
  const residual = tr(SV, 'Give the residual likelihood and consequence that were accepted.');
  const before = (await admin.items('risks', `&analysis_id=${ra}`)).length;
  r = await admin.post('/api/v1/risks', { analysis_id: ra, title: 'Nytt avbrott', likelihood: 1, consequence: 1, treatment: 'accept', treatment_reason: 'Litet' });
  assert.deepEqual(errors(r).sort(), [`accepted_by_id: ${must}`, `accepted_on: ${when}`, `residual_likelihood: ${residual}`].sort());
  f = await web.infoagare.post('/risks', { analysis_id: `#${ra}`, title: 'Nytt avbrott', likelihood: '1', consequence: '1', treatment: 'accept', treatment_reason: 'Litet' });
  assert.equal(f.status, 422);
  assert.ok(htmlText(f.text).includes(must));
  // Nor may an accepted risk lose its acceptance: an accepted risk no longer changes.
  r = await admin.patch(`/api/v1/risks/${k}`, { accepted_by_id: null, accepted_on: null });
  assert.deepEqual(errors(r), [`undefined: ${tr(SV, 'An accepted risk stays as it was accepted. Analyse it again in a new analysis.')}`]);
  assert.equal((await admin.items('risks', `&analysis_id=${ra}`)).length, before, 'nothing written');
  assert.equal((await get('risks', k)).accepted_by_id, person.infoagare);
  // A risk to be reduced is accepted later, once the measures are in place: the gap says so meanwhile.
  const later = await mk('risks', { analysis_id: ra, title: 'Intrång', likelihood: 3, consequence: 3 });
  assert.ok((await admin.get('/api/v1/gaps?kind=residual_risk_not_accepted')).json.items.some((g) => g.id === later));
});
