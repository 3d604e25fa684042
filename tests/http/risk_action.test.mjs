// Risk analysis that drives action (issue 4, second part): a measure under
// way or done moves the SoA controls and the system's action plan it names,
// as Tillit's change with the measure as its cause; the organisation's risk
// picture (heat map of the current analyses, per unit, top risks, risks
// per quarter) and the one action plan of measures and requirements.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, freshDb, startServer, Api, Browserless, token, addUser, sqliteJson, htmlText, uploadFile } from '../lib/tillit.mjs';

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

// The rows of the table whose caption (or a heading just before it) contains text.
function tableRows(html, caption) {
  const at = html.indexOf(caption);
  assert.ok(at >= 0, `no ${caption}`);
  const table = html.slice(html.indexOf('<tbody>', at), html.indexOf('</tbody>', at));
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => htmlText(c[1]).trim()));
}

test('the risk picture: current analyses only, per unit and below, top risks, risks per quarter', async () => {
  const forv = await post('units', { name: 'Socialförvaltningen', kind: 'administration' });
  const enhet = await post('units', { name: 'Hemtjänsten', kind: 'section', parent_id: forv.id });
  const annan = await post('units', { name: 'Tekniska förvaltningen', kind: 'administration' });
  const s1 = await post('systems', { name: 'Omsorgssystem', unit_id: enhet.id });
  const s2 = await post('systems', { name: 'VA-system', unit_id: annan.id });
  // An old analysis of s1 is history: only the newer one counts now.
  const old = await post('risk-analyses', { title: 'RA omsorg 2024', scope: 'system', system_id: s1.id, analysed_on: '2024-02-10' });
  await post('risks', { analysis_id: old.id, title: 'Gammal risk', likelihood: 5, consequence: 5 });
  const cur = await post('risk-analyses', { title: 'RA omsorg 2026', scope: 'system', system_id: s1.id, analysed_on: '2026-08-01' });
  await post('risks', { analysis_id: cur.id, title: 'Journal läcker', likelihood: 4, consequence: 5 });
  await post('risks', { analysis_id: cur.id, title: 'Inloggning nere', likelihood: 2, consequence: 2 });
  const va = await post('risk-analyses', { title: 'RA VA', scope: 'system', system_id: s2.id, analysed_on: '2026-05-05' });
  await post('risks', { analysis_id: va.id, title: 'Styrsystem angrips', likelihood: 3, consequence: 5 });

  const web = new Browserless(srv.url);
  await web.login();
  let page = await web.get('/risk');
  assert.equal(page.status, 200);
  const matrix = (html) => Object.fromEntries(tableRows(html, 'Riskmatris').map((row) => [row[0].split(' ')[0], row.slice(1).map((c) => parseInt(c, 10))]));
  let m = matrix(page.text);
  // Likelihood 4, consequence 5: the current risk; the old 5 x 5 is not there.
  assert.equal(m['4'][4], 1);
  assert.equal(m['5'][4], 0, 'the superseded analysis is history');
  assert.equal(m['3'][4], 1);
  assert.equal(m['2'][1], 1);
  const mine = ['Journal läcker', 'Styrsystem angrips', 'Inloggning nere', 'Gammal risk'];
  const top = tableRows(page.text, 'id="top-h"').filter((r) => mine.includes(r[0]));
  assert.deepEqual(top.map((r) => r[0]), ['Journal läcker', 'Styrsystem angrips', 'Inloggning nere']);
  assert.match(top[0][1], /20 Kritisk/);

  // The administration sees its unit's system through the unit below it; not the other's.
  page = await web.get(`/risk?unit=${forv.id}`);
  m = matrix(page.text);
  assert.equal(m['4'][4], 1);
  assert.equal(m['3'][4], 0);
  assert.deepEqual(tableRows(page.text, 'id="top-h"').map((r) => r[0]), ['Journal läcker', 'Inloggning nere']);
  const quarters = tableRows(page.text, 'id="quarters-h"');
  assert.deepEqual(quarters.map((r) => r[0]), ['2026 Q3', '2024 Q1'], 'every analysis, newest first');
  assert.deepEqual(quarters[0].slice(1), ['1', '0', '0', '1', '0', '2'], 'Låg, Medel, Hög, Kritisk, other, total');
  assert.deepEqual(quarters[1].slice(1), ['0', '0', '0', '1', '0', '1']);
  assert.equal((await web.get('/risk?unit=999999')).status, 400);
  assert.equal((await web.get('/risk?unit=x')).status, 400);

  // A change shows at once (the page is kept only until the data changes).
  await post('risks', { analysis_id: va.id, title: 'Nytt hot', likelihood: 1, consequence: 1 });
  m = matrix((await web.get('/risk')).text);
  assert.equal(m['1'][0], 1);
});

test('the action plan: open measures and requirements together, overdue first, by owner', async () => {
  const sys = await post('systems', { name: 'Ärendesystem' });
  const reqs = await all('requirements');
  const ra = await post('risk-analyses', { title: 'RA ärende', scope: 'system', system_id: sys.id, analysed_on: day() });
  const risk = await post('risks', { analysis_id: ra.id, title: 'Fel behörigheter', likelihood: 3, consequence: 3 });
  const late = await post('measures', { risk_id: risk.id, title: 'Behörighetsgenomgång', due_date: day(-30), owner_id: people.agare });
  await post('measures', { risk_id: risk.id, title: 'Klar åtgärd', due_date: day(-60), status: 'done' });
  await post('measures', { risk_id: risk.id, title: 'Ingen tidpunkt' });
  const item = await post('action-plan-items', { system_id: sys.id, requirement_id: reqs[5].id, due_date: day(-45), responsible_id: people.revisor });
  await post('action-plan-items', { system_id: sys.id, requirement_id: reqs[6].id, due_date: day(10) });
  await post('action-plan-items', { system_id: sys.id, requirement_id: reqs[7].id, due_date: day(-90), assessment: 'fulfilled' });

  const web = new Browserless(srv.url);
  await web.login();
  const page = await web.get('/action-plan');
  assert.equal(page.status, 200);
  const rows = tableRows(page.text, '<tbody>').filter((r) => /Ärendesystem|Fel behörigheter/.test(r[2]));
  assert.deepEqual(rows.map((r) => r[1].replace(/\s+/g, ' ')), [
    `Krav: ${reqs[5].code} ${reqs[5].title_sv}`,
    'Åtgärd: Behörighetsgenomgång',
    `Krav: ${reqs[6].code} ${reqs[6].title_sv}`,
    'Åtgärd: Ingen tidpunkt',
  ]);
  assert.match(rows[0][0], /Försenat/);
  assert.doesNotMatch(rows[2][0], /Försenat/);
  assert.equal(rows[0][3], 'revisor');
  assert.ok(!page.text.includes('Klar åtgärd'), 'done measures are not listed');

  const mine = await web.get(`/action-plan?owner=${people.agare}`);
  const own = tableRows(mine.text, '<tbody>');
  assert.deepEqual(own.map((r) => r[1].replace(/\s+/g, ' ')), ['Åtgärd: Behörighetsgenomgång']);
  assert.match(htmlText(mine.text), /Öppna: 1\. Försenade: 1\./);
  assert.equal((await web.get('/action-plan?owner=abc')).status, 400);
  assert.equal((await web.get('/action-plan?owner=999999')).status, 400);
  // A name in the list leads to that person's plan.
  assert.ok(page.text.includes(`href="/action-plan?owner=${people.revisor}"`));

  // Done: off the plan.
  await api.patch(`/api/v1/measures/${late.id}`, { status: 'done' });
  await api.patch(`/api/v1/action-plan-items/${item.id}`, { assessment: 'fulfilled' });
  const after = await web.get('/action-plan');
  // (Not the menu's "Behörighetsgenomgångar": the plan's rows.)
  assert.ok(!tableRows(after.text, '<tbody>').some((r) => r[1].includes('Behörighetsgenomgång')));
  assert.ok(!after.text.includes(`${reqs[5].code} `));

  // Who cannot read measures or plans does not get the page.
  addUser(env.db, 'anstalld', 'employee');
  const emp = new Browserless(srv.url);
  await emp.login('anstalld', 'anstalld-password-123');
  assert.equal((await emp.get('/action-plan')).status, 403);
  assert.equal((await emp.get('/risk')).status, 403);
});

test('an analysis is pre-filled with the classified information in its scope and suggests the consequence', async () => {
  const asset = await post('information-assets', { name: 'Elevhälsojournaler', owner_id: people.agare });
  const other = await post('information-assets', { name: 'Schema' });
  await post('information-assets', { name: 'Oklassat register' });
  await post('classifications', {
    asset_id: asset.id, classified_on: day(), confidentiality: 3, integrity: 2, availability: 1, traceability: 3,
    confidentiality_reason: 'OSL', integrity_reason: 'Fel beslut', availability_reason: 'Väntan', traceability_reason: 'Logg',
    status: 'decided', decided_by_id: people.agare, decided_on: day(),
  });
  const sys = await post('systems', { name: 'Elevhälsa', information_asset_ids: [asset.id, other.id] });
  const ra = await post('risk-analyses', { title: 'RA elevhälsa', scope: 'system', system_id: sys.id, analysed_on: day() });
  const web = new Browserless(srv.url);
  await web.login();
  const page = await web.get(`/risk-analyses/${ra.id}`);
  const rows = tableRows(page.text, 'Information som omfattas');
  assert.deepEqual(rows.map((r) => r.slice(0, 5)), [
    ['Elevhälsojournaler', 'K3 → 4', 'R2 → 3', 'T1 → 2', 'S3 → 4'],
    ['Schema (inte klassad)', '–', '–', '–', '–'],
  ]);
  // The link starts a risk with the information, its highest aspects and their consequence.
  const href = page.text.match(/href="(\/risks\/new\?analysis_id=[^"]+)"/)[1].replaceAll('&amp;', '&');
  assert.equal(href, `/risks/new?analysis_id=${ra.id}&asset_ids=${asset.id}&aspects=K%2C%20S&consequence=4&return=/risk-analyses/${ra.id}`);
  const form = await web.get(href);
  assert.equal(form.status, 200);
  // Pre-filled as the radio group and check boxes of the new form shapes.
  assert.match(form.text, /name="consequence" value="4" checked/);
  assert.match(form.text, /name="aspects" value="K" checked/);
  assert.match(form.text, /name="aspects" value="S" checked/);
  assert.doesNotMatch(form.text, /name="aspects" value="[RT]" checked/);

  // The shared IT environment carries all of the information: its highest levels.
  const it = await post('risk-analyses', { title: 'RA IT-miljö', scope: 'shared_it', analysed_on: day() });
  const itRows = tableRows((await web.get(`/risk-analyses/${it.id}`)).text, 'Information som omfattas');
  assert.equal(itRows.length, 1);
  assert.equal(itRows[0][1], 'K3 → 4');
});

// The form controls of the import's mapping page, as a form would send them.
function importForm(html) {
  const form = {};
  for (const m of html.matchAll(/<select id="([^"]+)" name="([^"]+)">([\s\S]*?)<\/select>/g)) {
    const sel = m[3].match(/<option value="([^"]*)" selected>/);
    form[m[2]] = sel ? sel[1] : '';
  }
  form.import_id = html.match(/name="import_id" value="([^"]+)"/)[1];
  return form;
}

test('import a Lessebo-style spreadsheet: guessed columns and scales, a dry run with every row problem, then all rows', async () => {
  const ra = await post('risk-analyses', { title: 'RA import', scope: 'shared_it', analysed_on: day() });
  const web = new Browserless(srv.url);
  await web.login();
  assert.equal((await web.get(`/risk-analyses/${ra.id}/import`)).status, 200);
  const csv = [
    'Risk;Skadeverkan;Sannolikhet;Konsekvens;Riskvärde;Förslag på åtgärder/kommentar',
    'Obehörig åtkomst till e-post;Sekretess röjs;3;Allvarlig;12;"Inför MFA\nför alla konton"',
    'Serverhall översvämmas;Allt stannar;1;Mycket allvarlig;5;',
    'Fel i lönefil;Fel lön;Ofta;Måttlig;6;Kontroll före utbetalning',
    ';Saknar risk;2;lindrig;2;',
  ].join('\r\n');
  const n = sqliteJson(env.db, 'SELECT count(*) AS n FROM risks')[0].n;
  let r = await uploadFile(web, `/risk-analyses/${ra.id}/import`, csv, { filename: 'lessebo.csv' });
  assert.equal(r.status, 200, r.text);
  let form = importForm(r.text);
  // Columns from the headings; riskvärde is not the risk.
  assert.deepEqual([form.col_title, form.col_harm, form.col_likelihood, form.col_consequence, form.col_measure, form.col_vulnerability], ['0', '1', '2', '3', '5', '']);
  // Values: numbers as they are, level names by name; "Ofta" is not guessed.
  assert.deepEqual([form.l_0, form.l_1, form.l_2, form.l_3], ['3', '1', '', '2']);
  assert.deepEqual([form.c_0, form.c_1, form.c_2, form.c_3], ['4', '5', '3', '2']);

  // The dry run names every row problem (by line in the file) and writes nothing.
  r = await web.post(`/risk-analyses/${ra.id}/import`, { ...form, do: 'import' });
  assert.equal(r.status, 422);
  const issues = tableRows(r.text, 'Problem i filen');
  assert.deepEqual(issues.map((i) => [i[0], i[1]]), [['5', 'Sannolikhet'], ['6', 'Risk']]);
  assert.match(issues[0][2], /Ofta/);
  assert.equal(sqliteJson(env.db, 'SELECT count(*) AS n FROM risks')[0].n, n, 'nothing written');

  // Map "Ofta" and leave out the row without a risk: still a problem, so the file is fixed and uploaded again.
  r = await uploadFile(web, `/risk-analyses/${ra.id}/import`, csv.split('\r\n').slice(0, 4).join('\r\n'), { filename: 'lessebo.csv' });
  form = { ...importForm(r.text), l_2: '4' };
  r = await web.post(`/risk-analyses/${ra.id}/import`, { ...form, do: 'check' });
  assert.equal(r.status, 200, r.text);
  assert.match(htmlText(r.text), /Inga problem hittades\. Risker att skapa: 3\. Åtgärder att skapa: 2\./);
  assert.equal(sqliteJson(env.db, 'SELECT count(*) AS n FROM risks')[0].n, n, 'a check writes nothing');
  r = await web.post(`/risk-analyses/${ra.id}/import`, { ...form, do: 'import' });
  assert.equal(r.status, 303, r.text);
  const risks = await all('risks', `&analysis_id=${ra.id}`);
  const byTitle = Object.fromEntries(risks.map((k) => [k.title, k]));
  assert.equal(byTitle['Obehörig åtkomst till e-post'].likelihood, 3);
  assert.equal(byTitle['Obehörig åtkomst till e-post'].consequence, 4);
  assert.equal(byTitle['Obehörig åtkomst till e-post'].value, 12);
  assert.equal(byTitle['Fel i lönefil'].likelihood, 4);
  assert.equal(byTitle['Serverhall översvämmas'].harm, 'Allt stannar');
  const ms = await all('measures', `&risk_id=${byTitle['Obehörig åtkomst till e-post'].id}`);
  assert.deepEqual(ms.map((m) => [m.title, m.status, m.description]), [['Inför MFA', 'planned', 'Inför MFA\nför alla konton']]);
  // The kept file is used once.
  r = await web.post(`/risk-analyses/${ra.id}/import`, { ...form, do: 'import' });
  assert.equal(r.status, 400);

  // XLSX: the risk register exported from Tillit goes back in (its headings are the field labels).
  const xlsx = await fetch(`${srv.url}/risks/export.xlsx?analysis_id=${ra.id}`, { headers: { Cookie: web.cookieHeader() } });
  assert.equal(xlsx.status, 200);
  const ra2 = await post('risk-analyses', { title: 'RA import 2', scope: 'infrastructure', analysed_on: day() });
  r = await uploadFile(web, `/risk-analyses/${ra2.id}/import`, Buffer.from(await xlsx.arrayBuffer()), {
    filename: 'register.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  assert.equal(r.status, 200, r.text);
  form = importForm(r.text);
  r = await web.post(`/risk-analyses/${ra2.id}/import`, { ...form, do: 'import' });
  assert.equal(r.status, 303, r.text);
  assert.deepEqual((await all('risks', `&analysis_id=${ra2.id}`)).map((k) => k.value).sort((x, y) => x - y), [5, 12, 12]);

  // Not a spreadsheet, an empty one, and someone who may not add risks.
  r = await uploadFile(web, `/risk-analyses/${ra.id}/import`, Buffer.from('PK\x03\x04garbage'), { filename: 'x.xlsx' });
  assert.equal(r.status, 400);
  assert.match(htmlText(r.text), /XLSX/);
  r = await uploadFile(web, `/risk-analyses/${ra.id}/import`, 'Risk;Sannolikhet;Konsekvens\r\n', { filename: 'tom.csv' });
  assert.equal(r.status, 400);
  addUser(env.db, 'lasare', 'auditor');
  const rev = new Browserless(srv.url);
  await rev.login('lasare', 'lasare-password-123');
  assert.equal((await rev.get(`/risk-analyses/${ra.id}/import`)).status, 403);
});
