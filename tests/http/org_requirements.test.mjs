// Requirements on the organisation (issue 15, item 1): a requirement with
// scope "organisation" is assessed once, by the coordinator or the
// responsible person holding the role it names, with a due date and
// evidence (a governing document, a file, a link); the SoA counts a
// fulfilled one toward its controls; it never enters a system's action
// plan; bad input and other roles change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, serverWithUsers, htmlText, auditCount, uploadFile, sqlite } from '../lib/tillit.mjs';

let s, admin, api, person;

const USERS = { coord: 'coordinator', dpo: 'dpo', other: 'dpo', elected: 'elected', auditor: 'auditor', employee: 'employee', owner: 'system_owner' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

before(async () => {
  s = await serverWithUsers(USERS);
  ({ admin, api, person } = s);
});

after(async () => {
  const { code } = await s.srv.stop();
  s.env.cleanup();
  assert.equal(code, 0);
});

// A control, and the only active requirement on it: ours (others retired,
// so that the control's coverage is this requirement's).
async function controlWithOnly(code, req) {
  const ctl = (await admin.items('soa-entries', '&framework=iso27001')).find((e) => e.code === code);
  for (const q of await admin.items('requirements', '&status=active'))
    if (q.control_ids.includes(ctl.id) && q.id !== req.id)
      assert.equal((await admin.patch(`/api/v1/requirements/${q.id}`, { status: 'retired' })).status, 200);
  return ctl;
}

async function soaRow(code) {
  const html = (await s.web.coord.get('/soa/iso27001')).text;
  const m = html.match(new RegExp(`<tr class="cover-(\\w+)[^"]*">\\s*<th scope="row"><a href="/soa-entries/\\d+"[^>]*>${code.replace('.', '\\.')}</a>(.*?)</tr>`, 's'));
  assert.ok(m, `row ${code}`);
  return { cover: m[1], text: htmlText(m[2]) };
}

test('an organisation requirement assessed with a governing document as evidence covers its control on the SoA', async () => {
  const ctl = (await admin.items('soa-entries', '&framework=iso27001')).find((e) => e.code === '5.4');
  // On the organisation, the trigger is not asked for; on systems it is.
  const req = await api.coord.create('requirements', {
    code: 'ORG-T1', area: 'governance', scope: 'organisation',
    title_sv: 'Ledningen kräver att informationssäkerheten följs', control_ids: [ctl.id],
  });
  assert.deepEqual([req.scope, req.aspect, req.min_level], ['organisation', 'any', 0]);
  const noTrigger = await api.coord.post('/api/v1/requirements', { code: 'SYS-T1', area: 'access', scope: 'system', title_sv: 'Utan villkor' });
  assert.equal(noTrigger.status, 422, noTrigger.text);
  assert.deepEqual(noTrigger.json.errors.map((e) => e.field).sort(), ['aspect', 'min_level']);
  await controlWithOnly('5.4', req);
  let row = await soaRow('5.4');
  assert.equal(row.cover, 'not', row.text);
  assert.match(row.text, /ORG-T1.*organisationen: Inte bedömt/);
  // Not yet assessed: the link leads to its row on the page of them all.
  assert.match((await s.web.coord.get('/soa/iso27001')).text, /href="\/organisation-requirements#req-ORG-T1"/);

  // It never enters a system's action plan.
  const sys = await admin.create('systems', { name: 'Ekonomisystem', lifecycle: 'in_use' });
  const refused = await admin.post('/api/v1/action-plan-items', { system_id: sys.id, requirement_id: req.id, assessment: 'fulfilled' });
  assert.equal(refused.status, 422, refused.text);
  assert.match(refused.text, /organisation/);
  const plan = htmlText((await s.web.coord.get(`/systems/${sys.id}/plan`)).text);
  assert.doesNotMatch(plan, /ORG-T1/);

  // Fulfilled needs evidence; not applicable a reason; nothing is kept on refusal.
  const before = auditCount(s.env.db);
  let r = await api.coord.post('/api/v1/organisation-assessments', { requirement_id: req.id, assessment: 'fulfilled' });
  assert.equal(r.status, 422, r.text);
  assert.match(r.text, /underlaget/);
  r = await api.coord.post('/api/v1/organisation-assessments', { requirement_id: req.id, assessment: 'not_applicable' });
  assert.equal(r.status, 422, r.text);
  r = await api.coord.post('/api/v1/organisation-assessments', { requirement_id: req.id, assessment: 'partly', link: 'javascript:alert(1)' });
  assert.equal(r.status, 422, r.text);
  assert.equal(auditCount(s.env.db), before);

  const doc = await api.coord.create('governing-documents', {
    title: 'Informationssäkerhetspolicy', kind: 'policy', owner_id: person.coord, status: 'adopted', adopted_by: 'council',
    decision_date: day(-10), case_number: 'KF 2026/12', review_interval_months: 12,
  });
  const as = await api.coord.create('organisation-assessments', {
    requirement_id: req.id, assessment: 'fulfilled', document_id: doc.id, responsible_id: person.coord, due_date: day(30),
  });
  assert.equal(auditCount(s.env.db), before + 2);
  // One assessment per requirement.
  r = await api.coord.post('/api/v1/organisation-assessments', { requirement_id: req.id, assessment: 'partly' });
  assert.equal(r.status, 422, r.text);

  row = await soaRow('5.4');
  assert.equal(row.cover, 'covered', row.text);
  assert.match(row.text, /ORG-T1 ✓ organisationen: Uppfyllt/);
  // The control's page links the assessment.
  const entry = (await s.web.coord.get(`/soa-entries/${ctl.id}`)).text;
  assert.match(entry, new RegExp(`href="/organisation-assessments/${as.id}"`));

  // The page of all organisation requirements names the document.
  const page = await s.web.coord.get('/organisation-requirements');
  assert.equal(page.status, 200);
  const text = htmlText(page.text);
  assert.match(text, /ORG-T1 Ledningen kräver att informationssäkerheten följs/);
  assert.match(text, /Uppfyllt/);
  assert.match(text, /Informationssäkerhetspolicy/);

  // Not fulfilled any more: the control is no longer covered.
  assert.equal((await api.coord.patch(`/api/v1/organisation-assessments/${as.id}`, { assessment: 'partly' })).status, 200);
  row = await soaRow('5.4');
  assert.equal(row.cover, 'not', row.text);
  assert.match(row.text, /organisationen: Delvis uppfyllt/);
  // Not applicable with a reason counts as the control's requirement
  // settled but not implemented (nothing fulfils it).
  assert.equal((await api.coord.patch(`/api/v1/organisation-assessments/${as.id}`, { assessment: 'not_applicable', reason: 'Ingen nämnd' })).status, 200);
  assert.equal((await soaRow('5.4')).cover, 'not');
  // A system requirement cannot be assessed for the organisation.
  const sysReq = (await admin.items('requirements', '&scope=system&status=active'))[0];
  r = await api.coord.post('/api/v1/organisation-assessments', { requirement_id: sysReq.id, assessment: 'partly' });
  assert.equal(r.status, 422, r.text);
  assert.match(r.text, /action plan|åtgärdsplan/i);
});

test('the role the requirement names assesses it; others read or are refused', async () => {
  const req = await api.coord.create('requirements', {
    code: 'ORG-T2', area: 'personal_data', scope: 'organisation', aspect: 'any', min_level: 0, assessor_role: 'dpo',
    title_sv: 'Registerförteckning hålls aktuell',
  });
  // A system requirement names no assessor role.
  let r = await api.coord.post('/api/v1/requirements', { code: 'ORG-T3', area: 'access', scope: 'system', aspect: 'K', min_level: 1, title_sv: 'X', assessor_role: 'dpo' });
  assert.equal(r.status, 422, r.text);
  // The responsible must hold the role.
  r = await api.coord.post('/api/v1/organisation-assessments', { requirement_id: req.id, assessment: 'not_fulfilled', responsible_id: person.employee });
  assert.equal(r.status, 422, r.text);
  assert.match(r.text, /Dataskyddsombud|Data protection officer/);
  const as = await api.coord.create('organisation-assessments', { requirement_id: req.id, assessment: 'not_fulfilled', responsible_id: person.dpo, due_date: day(-1) });
  // The DPO named updates it; another DPO does not; readers read; an employee does not.
  assert.equal((await api.dpo.patch(`/api/v1/organisation-assessments/${as.id}`, { assessment: 'partly', comment: 'Påbörjad' })).status, 200);
  assert.equal((await api.other.patch(`/api/v1/organisation-assessments/${as.id}`, { assessment: 'fulfilled', link: 'https://intranat.example/reg' })).status, 403);
  // The responsible cannot carry the assessment over to another requirement.
  const another = await api.coord.create('requirements', { code: 'ORG-T5', area: 'governance', scope: 'organisation', title_sv: 'Roller och ansvar' });
  r = await api.dpo.patch(`/api/v1/organisation-assessments/${as.id}`, { requirement_id: another.id, assessment: 'fulfilled', link: 'https://intranat.example/roller' });
  assert.equal(r.status, 422, r.text);
  assert.equal((await admin.get(`/api/v1/organisation-assessments/${as.id}`)).json.requirement_id, req.id);
  assert.equal((await api.dpo.post('/api/v1/organisation-assessments', { requirement_id: req.id, assessment: 'partly' })).status, 403);
  for (const who of ['elected', 'auditor'])
    assert.equal((await api[who].get(`/api/v1/organisation-assessments/${as.id}`)).status, 200, who);
  assert.equal((await api.employee.get(`/api/v1/organisation-assessments/${as.id}`)).status, 403);
  assert.equal((await s.web.employee.get('/organisation-requirements')).status, 403);
  // Past its due date: marked on the page.
  const page = htmlText((await s.web.auditor.get('/organisation-requirements')).text);
  assert.match(page, /ORG-T2 Registerförteckning hålls aktuell.*Delvis uppfyllt Försenat/s);
  assert.match(page, /Bedöms av: Dataskyddsombud/);
  // Past its due date: a gap on the responsible, on their tasks and wheel.
  const gaps = async () => (await admin.get('/api/v1/gaps?kind=org_requirement_overdue&limit=500')).json.items.filter((g) => g.id === as.id);
  let g = await gaps();
  assert.equal(g.length, 1);
  assert.equal(g[0].person_id, person.dpo);
  assert.equal(g[0].entity, 'organisation-assessments');
  assert.match(g[0].message, /ORG-T2 Registerförteckning hålls aktuell/);
  assert.match(htmlText((await s.web.dpo.get('/tasks')).text), /ORG-T2 Registerförteckning hålls aktuell/);
  const wheel = await api.dpo.get(`/api/v1/wheel?from=${day(-30)}&to=${day(30)}&source=org_requirements&person=${person.dpo}`);
  assert.equal(wheel.status, 200, wheel.text);
  assert.ok(JSON.stringify(wheel.json).includes('ORG-T2'), 'on the wheel');
  // Fulfilled (with a link as its evidence): the gap goes.
  assert.equal((await api.dpo.patch(`/api/v1/organisation-assessments/${as.id}`, { assessment: 'fulfilled', link: 'https://intranat.example/registerforteckning' })).status, 200);
  assert.equal((await gaps()).length, 0);
  assert.equal((await api.dpo.patch(`/api/v1/organisation-assessments/${as.id}`, { assessment: 'partly' })).status, 200);
  assert.equal((await gaps()).length, 1);
  // A reader gets no way to assess or change.
  assert.doesNotMatch((await s.web.auditor.get('/organisation-requirements')).text, /organisation-assessments\/new|\/edit/);
});

test('a file as evidence: checked, kept, and the last evidence of a fulfilled assessment stays', async () => {
  const req = await api.coord.create('requirements', {
    code: 'ORG-T4', area: 'personnel', scope: 'organisation', aspect: 'any', min_level: 0, title_sv: 'Bakgrundskontroll före anställning',
  });
  // Made with the form: the message names the requirement, not a number.
  const web = s.web.coord;
  const page0 = (await web.get(`/organisation-assessments/new?requirement_id=${req.id}`)).text;
  const form = page0.match(/<select id="f-requirement_id"[\s\S]*?<\/select>/)[0];
  // The form offers the requirements on the organisation only.
  assert.match(form, new RegExp(`<option value="${req.id}" selected>ORG-T4 `));
  const sysReq = (await admin.items('requirements', '&code=ACC-01'))[0];
  assert.doesNotMatch(form, new RegExp(`<option value="${sysReq.id}"`));
  const made = await web.post('/organisation-assessments', { requirement_id: String(req.id), assessment: 'partly', _return: '/organisation-requirements' });
  assert.equal(made.status, 303, made.text);
  const back = htmlText((await web.get(made.headers.get('location'))).text);
  assert.match(back, /ORG-T4 har lagts till/);
  const as = (await admin.items('organisation-assessments')).find((x) => x.requirement_id === req.id);
  await web.get(`/organisation-assessments/${as.id}`);
  let r = await uploadFile(web, `/organisation-assessments/${as.id}/files`, Buffer.from('MZ\x90\x00'), { filename: 'rutin.pdf', type: 'application/pdf' });
  assert.equal(r.status, 415, r.text);
  await s.web.auditor.get(`/organisation-assessments/${as.id}`);
  r = await uploadFile(s.web.auditor, `/organisation-assessments/${as.id}/files`, PDF, { filename: 'rutin.pdf', type: 'application/pdf' });
  assert.equal(r.status, 403);
  r = await uploadFile(web, `/organisation-assessments/${as.id}/files`, PDF, { filename: 'Rutin för bakgrundskontroll.pdf', type: 'application/pdf' });
  assert.equal(r.status, 303, r.text);
  // Now fulfilled on the file alone.
  r = await api.coord.patch(`/api/v1/organisation-assessments/${as.id}`, { assessment: 'fulfilled' });
  assert.equal(r.status, 200, r.text);
  const page = await web.get(`/organisation-assessments/${as.id}`);
  assert.match(htmlText(page.text), /Rutin för bakgrundskontroll\.pdf/);
  // The page says what is assessed.
  assert.match(htmlText(page.text), /Det som bedöms ORG-T4 Bakgrundskontroll före anställning/);
  const href = page.text.match(/href="(\/assessment-files\/\d+)"/)[1];
  const dl = await s.web.auditor.get(href);
  assert.equal(dl.status, 200);
  assert.match(dl.headers.get('content-disposition'), /^attachment;/);
  assert.equal((await s.web.employee.get(href)).status, 403);
  // The only evidence of a fulfilled assessment is not removed.
  r = await web.post(`${href}/delete`, {});
  assert.equal(r.status, 409, r.text);
  assert.equal(sqlite(s.env.db, `SELECT count(*) FROM org_assessment_files WHERE assessment_id = ${as.id}`).trim(), '1');
  // With a link as well, it may go; audited on the assessment.
  assert.equal((await api.coord.patch(`/api/v1/organisation-assessments/${as.id}`, { link: 'https://intranat.example/hr/bakgrund' })).status, 200);
  r = await web.post(`${href}/delete`, {});
  assert.equal(r.status, 303, r.text);
  const h = await admin.get(`/api/v1/organisation-assessments/${as.id}/history`);
  assert.match(h.text, /evidence_files/);
});

test('a control the catalogue explains instead of covering shows the note; nothing asks for it elsewhere', async () => {
  const ctl = (await admin.items('soa-entries', '&framework=iso27001')).find((e) => e.code === '7.6');
  for (const q of await admin.items('requirements', '&status=active'))
    if (q.control_ids.includes(ctl.id))
      assert.equal((await admin.patch(`/api/v1/requirements/${q.id}`, { status: 'retired' })).status, 200);
  sqlite(s.env.db, `UPDATE soa_entries SET catalogue_note_sv = 'Täcks av lokalernas skalskydd.', catalogue_note_en = 'Covered by the premises.' WHERE id = ${ctl.id}`);
  // A change through Tillit, so that cached pages are made afresh.
  assert.equal((await admin.patch(`/api/v1/soa-entries/${ctl.id}`, { justification: 'Fysiskt skydd' })).status, 200);
  const entry = htmlText((await s.web.coord.get(`/soa-entries/${ctl.id}`)).text);
  assert.match(entry, /Varför katalogen saknar krav: Täcks av lokalernas skalskydd\./);
  assert.match((await soaRow('7.6')).text, /Täcks av lokalernas skalskydd\./);
  // A control with requirements shows no note, and its page does not list
  // the empty note among what is not given.
  const other = (await admin.items('soa-entries', '&framework=iso27001')).find((e) => e.code === '5.15');
  const page = htmlText((await s.web.coord.get(`/soa-entries/${other.id}`)).text);
  assert.doesNotMatch(page, /Varför katalogen saknar krav/);
});
