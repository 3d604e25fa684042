// Governing documents and acknowledgement (issue 14, items 1-2): documents
// with their decision, review and versions (files checked as SoA evidence),
// company boards' adoption, required documents, the gaps they feed, who
// may write and read them (staff never see drafts), and asking a unit to
// read a version, confirming it, and a new version asking again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, serverWithUsers, auditCount, sqlite, uploadFile, htmlText } from '../lib/tillit.mjs';

let s, admin, api, web, person;

const USERS = {
  coord: 'coordinator', owner: 'system_owner', other: 'system_owner', anna: 'employee', bo: 'employee',
  cecilia: 'employee', auditor: 'auditor', elected: 'elected',
};

before(async () => {
  s = await serverWithUsers(USERS);
  ({ admin, api, web, person } = s);
});

after(async () => {
  const { code } = await s.srv.stop();
  s.env.cleanup();
  assert.equal(code, 0);
});

async function gaps(kind) {
  const r = await admin.get(`/api/v1/gaps?kind=${kind}&limit=500`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}
async function has(kind, entity, id) {
  return (await gaps(kind)).some((g) => g.entity === entity && g.id === id);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function adopted(title, extra = {}) {
  return api.coord.create('governing-documents', {
    title, kind: 'policy', owner_id: person.owner, status: 'adopted', adopted_by: 'council',
    decision_date: day(-10), case_number: 'KS 2026/1', review_interval_months: 12, ...extra,
  });
}

test('next review is computed from the decision or the last review, unless set by hand; a bad interval is refused', async () => {
  const d = await adopted('Informationssäkerhetspolicy', { decision_date: '2024-02-29' });
  assert.equal(d.next_review, '2025-02-28', 'clamped to the end of February');
  let r = await api.coord.patch(`/api/v1/governing-documents/${d.id}`, { last_reviewed: '2025-01-31', review_interval_months: 1 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.next_review, '2025-02-28');
  r = await api.coord.patch(`/api/v1/governing-documents/${d.id}`, { next_review_manual: true, next_review: '2030-06-01' });
  assert.equal(r.json.next_review, '2030-06-01', 'a hand-set date is kept');
  r = await api.coord.patch(`/api/v1/governing-documents/${d.id}`, { last_reviewed: '2025-03-01' });
  assert.equal(r.json.next_review, '2030-06-01', 'and not recomputed');
  const n = auditCount(s.env.db);
  for (const bad of [0, -3]) {
    r = await api.coord.patch(`/api/v1/governing-documents/${d.id}`, { review_interval_months: bad });
    assert.equal(r.status, 422, r.text);
    assert.ok(r.json.errors.some((e) => e.field === 'review_interval_months'), r.text);
    r = await api.coord.post('/api/v1/governing-documents', { title: 'X', review_interval_months: bad });
    assert.equal(r.status, 422, r.text);
  }
  assert.equal(auditCount(s.env.db), n, 'nothing written');
  // Back to draft is refused once adopted.
  r = await api.coord.patch(`/api/v1/governing-documents/${d.id}`, { status: 'draft' });
  assert.equal(r.status, 422, r.text);
});

test('the owner edits their own documents and not others\'; staff read adopted documents, never drafts', async () => {
  const mine = await adopted('Riktlinje för informationssäkerhet');
  const draft = await api.coord.create('governing-documents', { title: 'Utkast: Behörighetsrutin', owner_id: person.owner });
  const theirs = await adopted('Incidentrutin', { owner_id: person.other });
  let r = await api.owner.patch(`/api/v1/governing-documents/${mine.id}`, { case_number: 'KS 2026/2' });
  assert.equal(r.status, 200, r.text);
  r = await api.owner.patch(`/api/v1/governing-documents/${theirs.id}`, { case_number: 'KS 2026/3' });
  assert.equal(r.status, 403, r.text);
  r = await api.owner.patch(`/api/v1/governing-documents/${mine.id}`, { owner_id: person.other });
  assert.ok(r.status === 403 || r.status === 422, 'handing over is not the owner\'s');
  assert.equal((await api.coord.get(`/api/v1/governing-documents/${mine.id}`)).json.owner_id, person.owner);
  // An employee reads adopted documents but no draft.
  assert.equal((await api.anna.get(`/api/v1/governing-documents/${mine.id}`)).status, 200);
  assert.equal((await api.anna.get(`/api/v1/governing-documents/${draft.id}`)).status, 403);
  // The refusal says who reads what: staff some documents (the published ones).
  const refused = await web.anna.request('GET', `/governing-documents/${draft.id}`);
  assert.equal(refused.status, 403);
  assert.match(htmlText(refused.text), /Medarbetare \(för vissa poster\)/);
  assert.match(htmlText(refused.text), /Samordnare för informationssäkerhet|Informationssäkerhetssamordnare/);
  const list = await api.anna.items('governing-documents');
  assert.ok(list.some((x) => x.id === mine.id));
  assert.ok(!list.some((x) => x.id === draft.id), 'drafts are not listed to staff');
  assert.equal((await api.anna.patch(`/api/v1/governing-documents/${mine.id}`, { title: 'x' })).status, 403);
  // The auditor reads drafts too; the elected official does not.
  assert.equal((await api.auditor.get(`/api/v1/governing-documents/${draft.id}`)).status, 200);
  assert.equal((await api.elected.get(`/api/v1/governing-documents/${draft.id}`)).status, 403);
  // A draft's versions are not readable by staff either.
  const v = await api.owner.create('document-versions', { document_id: draft.id, label: '0.1', version_date: day(-1) });
  assert.equal((await api.anna.get(`/api/v1/document-versions/${v.id}`)).status, 403);
});

test('a version\'s file: checked as evidence is, SHA-256 shown, downloaded with permission; bad files change nothing', async () => {
  const d = await adopted('Klassningsmodell');
  const v = await api.owner.create('document-versions', { document_id: d.id, label: '1.0', version_date: day(-5), change_summary: 'Första versionen' });
  const n = auditCount(s.env.db);
  let r = await api.owner.call('PUT', `/api/v1/document-versions/${v.id}/file?filename=evil.exe`, 'MZ\x90\x00', { 'Content-Type': 'application/octet-stream' });
  assert.equal(r.status, 415, r.text);
  r = await api.owner.call('PUT', `/api/v1/document-versions/${v.id}/file?filename=fake.pdf`, 'not a pdf', { 'Content-Type': 'application/octet-stream' });
  assert.equal(r.status, 415, r.text);
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024 + 10, 0x20)]);
  const up = await uploadFile(web.owner, `/document-versions/${v.id}/file`, big, { filename: 'stor.pdf', type: 'application/pdf' });
  assert.equal(up.status, 413, up.text.slice(0, 200));
  assert.equal(auditCount(s.env.db), n, 'nothing written');
  assert.equal(sqlite(s.env.db, `SELECT count(*) FROM document_versions WHERE id = ${v.id} AND content IS NOT NULL`).trim(), '0');
  // Another owner may not upload.
  r = await api.other.call('PUT', `/api/v1/document-versions/${v.id}/file?filename=a.pdf`, PDF, { 'Content-Type': 'application/pdf' });
  assert.equal(r.status, 403, r.text);
  const ok = await uploadFile(web.owner, `/document-versions/${v.id}/file`, PDF, { filename: 'klassningsmodell.pdf', type: 'application/pdf' });
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  const got = (await api.owner.get(`/api/v1/document-versions/${v.id}`)).json;
  const { createHash } = await import('node:crypto');
  assert.equal(got.sha256, createHash('sha256').update(PDF).digest('hex'));
  assert.equal(got.filename, 'klassningsmodell.pdf');
  assert.equal(got.size, PDF.length);
  const page = await web.owner.get(`/document-versions/${v.id}`);
  assert.ok(page.text.includes(got.sha256), 'the page shows the SHA-256');
  const dl = await web.anna.get(`/document-versions/${v.id}/file`);
  assert.equal(dl.status, 200);
  assert.match(dl.headers.get('content-disposition'), /attachment/);
  assert.equal(auditCount(s.env.db), n + 1, 'the upload is audited');
});

test('review overdue: a gap for the owner until the document is reviewed', async () => {
  const d = await adopted('Riskmetod', { decision_date: day(-400), review_interval_months: 12 });
  assert.ok(await has('document_review_overdue', 'governing-documents', d.id));
  const g = (await gaps('document_review_overdue')).find((x) => x.id === d.id);
  assert.equal(g.person_id, person.owner);
  assert.equal(g.due, d.next_review);
  assert.ok(htmlText((await web.owner.get('/tasks')).text).includes('Styrdokumentet ”Riskmetod” skulle ha setts över'),
    'the owner, who does not read every document, sees it among their tasks');
  await api.owner.patch(`/api/v1/governing-documents/${d.id}`, { last_reviewed: day(-1) });
  assert.ok(!(await has('document_review_overdue', 'governing-documents', d.id)));
  // Falling due soon: among what falls due in the owner's tasks.
  await api.coord.patch(`/api/v1/governing-documents/${d.id}`, { next_review_manual: true, next_review: day(20) });
  assert.ok(htmlText((await web.owner.get('/tasks')).text).includes('Översyn av styrdokumentet ”Riskmetod”'));
  // A draft is never overdue.
  const dr = await api.coord.create('governing-documents', { title: 'Gammalt utkast', decision_date: day(-800), review_interval_months: 1 });
  assert.ok(!(await has('document_review_overdue', 'governing-documents', dr.id)));
});

test('a document that applies to a municipal company needs its board\'s adoption', async () => {
  const co = await admin.create('units', { name: 'Kommunens Bostads AB', kind: 'company' });
  const dept = await admin.create('units', { name: 'Socialförvaltningen', kind: 'administration' });
  const d = await adopted('Policy för bolagen', { unit_ids: [co.id, dept.id] });
  let g = (await gaps('document_not_adopted_for_company')).filter((x) => x.id === d.id);
  assert.equal(g.length, 1, 'only the company');
  assert.deepEqual(g[0].related, { entity: 'units', id: co.id });
  assert.match(g[0].message, /Kommunens Bostads AB/);
  // Only a company adopts for itself.
  let r = await api.owner.post('/api/v1/document-adoptions', { document_id: d.id, company_id: dept.id, decision_date: day(-2) });
  assert.equal(r.status, 422, r.text);
  const ad = await api.owner.create('document-adoptions', { document_id: d.id, company_id: co.id, decision_date: day(-2), case_number: 'Styrelsen 2026/4' });
  assert.ok(!(await has('document_not_adopted_for_company', 'governing-documents', d.id)));
  assert.equal((await api.owner.del(`/api/v1/document-adoptions/${ad.id}`)).status, 204);
  assert.ok(await has('document_not_adopted_for_company', 'governing-documents', d.id));
  // The unit no longer a company: the gap goes.
  await admin.patch(`/api/v1/units/${co.id}`, { kind: 'administration' });
  assert.ok(!(await has('document_not_adopted_for_company', 'governing-documents', d.id)));
});

test('required documents: seeded defaults, fulfilled by an adopted document', async () => {
  const req = await admin.items('required-documents');
  const titles = req.map((x) => x.title);
  for (const t of ['Informationssäkerhetspolicy', 'Riktlinje för informationssäkerhet', 'Klassningsmodell', 'Riskmetod',
    'Incidentrutin', 'Kontinuitetsplanering', 'Behörighetsrutin', 'Utbildningsplan']) assert.ok(titles.includes(t), t);
  const policy = req.find((x) => x.title === 'Informationssäkerhetspolicy');
  assert.equal(policy.expected_body, 'council');
  assert.ok(await has('required_document_missing', 'required-documents', policy.id));
  const d = await api.coord.create('governing-documents', { title: 'IS-policy 2026', owner_id: person.owner });
  await api.coord.patch(`/api/v1/required-documents/${policy.id}`, { document_id: d.id });
  assert.ok(await has('required_document_missing', 'required-documents', policy.id), 'a draft does not fulfil it');
  await api.coord.patch(`/api/v1/governing-documents/${d.id}`, { status: 'adopted', adopted_by: 'council', decision_date: day(-1) });
  assert.ok(!(await has('required_document_missing', 'required-documents', policy.id)));
  await api.coord.patch(`/api/v1/governing-documents/${d.id}`, { status: 'repealed' });
  assert.ok(await has('required_document_missing', 'required-documents', policy.id), 'a repealed one no longer does');
  // Staff do not configure them.
  assert.equal((await api.owner.post('/api/v1/required-documents', { title: 'X', kind: 'policy' })).status, 403);
  // The organisation's classification model and the risk method as adopted.
  let r = await admin.patch('/api/v1/organisation', { classification_model_document_id: d.id, classification_model_decision: 'KF 2026-01-20 § 5' });
  assert.equal(r.status, 200, r.text);
  const m = (await admin.items('risk-methods'))[0];
  r = await admin.patch(`/api/v1/risk-methods/${m.id}`, { document_id: d.id, decision_reference: 'KS 2026/9' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.document_id, d.id);
  assert.equal(r.json.decision_reference, 'KS 2026/9');
  assert.equal((await admin.get('/api/v1/organisation')).json.classification_model_document_id, d.id);
});

test('asking a unit to read a version, confirming it, coverage, and a new version asking again', async () => {
  const parent = await admin.create('units', { name: 'Kultur- och fritidsförvaltningen', kind: 'administration' });
  const sub = await admin.create('units', { name: 'Biblioteket', kind: 'section', parent_id: parent.id });
  const elsewhere = await admin.create('units', { name: 'Tekniska förvaltningen', kind: 'administration' });
  await admin.patch(`/api/v1/people/${person.anna}`, { unit_id: parent.id });
  await admin.patch(`/api/v1/people/${person.bo}`, { unit_id: sub.id });
  await admin.patch(`/api/v1/people/${person.cecilia}`, { unit_id: elsewhere.id });
  const draft = await api.coord.create('governing-documents', { title: 'Rutin för lösenord', owner_id: person.owner });
  let r = await api.owner.post(`/api/v1/governing-documents/${draft.id}/acknowledgement-requests`, { audience: 'unit', unit_id: parent.id });
  assert.equal(r.status, 409, 'a draft is not sent out');
  const d = await adopted('Rutin för lösenord, antagen');
  r = await api.owner.post(`/api/v1/governing-documents/${d.id}/acknowledgement-requests`, { audience: 'unit', unit_id: parent.id });
  assert.equal(r.status, 409, 'no version yet');
  const v1 = await api.owner.create('document-versions', { document_id: d.id, label: '1.0', version_date: day(-3) });
  // Bad input, and someone else's document.
  r = await api.owner.post(`/api/v1/governing-documents/${d.id}/acknowledgement-requests`, { audience: 'unit' });
  assert.equal(r.status, 422, r.text);
  r = await api.owner.post(`/api/v1/governing-documents/${d.id}/acknowledgement-requests`, { audience: 'nobody' });
  assert.equal(r.status, 422, r.text);
  r = await api.other.post(`/api/v1/governing-documents/${d.id}/acknowledgement-requests`, { audience: 'everyone' });
  assert.equal(r.status, 403, r.text);
  r = await api.owner.post(`/api/v1/governing-documents/${d.id}/acknowledgement-requests`, { audience: 'unit', unit_id: parent.id, due_date: day(14) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.asked, 2, 'the unit and its subunit');
  assert.equal(r.json.version_id, v1.id);
  // Asked twice: no one is asked twice.
  r = await api.owner.post(`/api/v1/governing-documents/${d.id}/acknowledgement-requests`, { audience: 'unit', unit_id: sub.id });
  assert.equal(r.json.asked, 0);
  // Anna sees it among her tasks, Cecilia does not.
  let mine = await api.anna.get('/api/v1/acknowledgements');
  assert.equal(mine.json.total, 1);
  assert.equal(mine.json.items[0].version_id, v1.id);
  assert.equal(mine.json.items[0].due_date, day(14));
  assert.equal((await api.cecilia.get('/api/v1/acknowledgements')).json.total, 0);
  const tasks = await web.anna.get('/tasks');
  assert.ok(htmlText(tasks.text).includes('Rutin för lösenord, antagen'), 'listed in Mina uppgifter');
  // Not asked: 403, nothing written.
  const n = auditCount(s.env.db);
  r = await api.cecilia.post(`/api/v1/document-versions/${v1.id}/acknowledge`, {});
  assert.equal(r.status, 403, r.text);
  assert.equal(auditCount(s.env.db), n);
  // Anna confirms (the web, with CSRF); a second time is refused.
  const ok = await web.anna.post(`/document-versions/${v1.id}/acknowledge`, {});
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  assert.equal(auditCount(s.env.db), n + 1, 'audited');
  const row = sqlite(s.env.db, `SELECT confirmed_by, confirmed_at IS NOT NULL FROM document_acks WHERE person_id = ${person.anna} AND version_id = ${v1.id}`).trim();
  assert.equal(row, 'anna|1');
  r = await api.anna.post(`/api/v1/document-versions/${v1.id}/acknowledge`, {});
  assert.equal(r.status, 409, r.text);
  assert.equal((await api.anna.get('/api/v1/acknowledgements')).json.total, 0);
  // Coverage per unit.
  let cov = (await api.owner.get(`/api/v1/governing-documents/${d.id}/acknowledgements`)).json;
  assert.equal(cov.asked, 2);
  assert.equal(cov.confirmed, 1);
  assert.equal(cov.share, 0.5);
  assert.deepEqual(cov.units.find((u) => u.unit_id === parent.id), { unit_id: parent.id, asked: 1, confirmed: 1, share: 1 });
  assert.equal((await api.anna.get(`/api/v1/governing-documents/${d.id}/acknowledgements`)).status, 403, 'not staff\'s to see');
  assert.equal((await api.auditor.get(`/api/v1/governing-documents/${d.id}/acknowledgements`)).status, 200);
  assert.ok(!htmlText((await web.anna.get(`/governing-documents/${d.id}`)).text).includes('Biblioteket'));
  const page = await web.owner.get(`/governing-documents/${d.id}`);
  assert.ok(htmlText(page.text).includes('Biblioteket'), 'coverage on the document page');
  // A new version asks the same people again; the old one is closed.
  const v2 = await api.owner.create('document-versions', { document_id: d.id, label: '2.0', version_date: day(0), change_summary: 'Längre lösenord' });
  mine = await api.anna.get('/api/v1/acknowledgements');
  assert.equal(mine.json.total, 1);
  assert.equal(mine.json.items[0].version_id, v2.id);
  const bo = await api.bo.get('/api/v1/acknowledgements');
  assert.equal(bo.json.total, 1, 'Bo\'s request for 1.0 is closed, 2.0 asked');
  // The new version has no file yet: its owner is led to add it; staff are not.
  assert.ok((await web.owner.get(`/governing-documents/${d.id}`)).text.includes(`href="/document-versions/${v2.id}#version-h">Lägg till filen</a>`));
  assert.ok(!(await web.anna.get(`/governing-documents/${d.id}`)).text.includes('Lägg till filen'));
  assert.equal(bo.json.items[0].version_id, v2.id);
  const m = auditCount(s.env.db);
  r = await api.bo.post(`/api/v1/document-versions/${v1.id}/acknowledge`, {});
  assert.equal(r.status, 409, 'the replaced version');
  assert.equal(auditCount(s.env.db), m);
  r = await api.bo.post(`/api/v1/document-versions/${v2.id}/acknowledge`, {});
  assert.equal(r.status, 200, r.text);
  cov = (await api.owner.get(`/api/v1/governing-documents/${d.id}/acknowledgements`)).json;
  assert.equal(cov.version_id, v2.id);
  assert.equal(cov.asked, 2);
  assert.equal(cov.confirmed, 1);
  // A version people were asked to read is kept.
  assert.equal((await api.owner.del(`/api/v1/document-versions/${v1.id}`)).status, 409);
  // Everyone and a role.
  r = await api.coord.post(`/api/v1/governing-documents/${d.id}/acknowledgement-requests`, { audience: 'role', role: 'elected' });
  assert.equal(r.json.asked, 1);
  assert.equal((await api.elected.get('/api/v1/acknowledgements')).json.total, 1);
  // A person asked can still be deleted (their requests go with them).
  const temp = await admin.create('people', { name: 'Tillfällig Person', unit_id: sub.id });
  await api.owner.post(`/api/v1/governing-documents/${d.id}/acknowledgement-requests`, { audience: 'unit', unit_id: sub.id });
  assert.equal((await admin.del(`/api/v1/people/${temp.id}`)).status, 204);
  // The document repealed: nothing left to read, confirming is refused.
  assert.equal((await api.elected.get('/api/v1/acknowledgements')).json.total, 1);
  await api.coord.patch(`/api/v1/governing-documents/${d.id}`, { status: 'repealed' });
  assert.equal((await api.elected.get('/api/v1/acknowledgements')).json.total, 0);
  assert.equal((await api.elected.post(`/api/v1/document-versions/${v2.id}/acknowledge`, {})).status, 409);
  const vh = htmlText((await web.owner.get(`/document-versions/${v2.id}/history`)).text);
  assert.ok(vh.includes('Bekräftat läst av'), 'the version\'s history names who confirmed');
  // The history of the document says who asked.
  const h = await admin.get(`/api/v1/governing-documents/${d.id}/history`);
  assert.ok(JSON.stringify(h.json).includes('acknowledgement_requested'), h.text.slice(0, 300));
});

test('the SoA entry shows the documents that implement the control', async () => {
  const ctl = (await admin.items('soa-entries', '&q=5.1'))[0];
  const d = await adopted('Policy för informationssäkerhet (5.1)', { control_ids: [ctl.id] });
  const page = await web.coord.get(`/soa-entries/${ctl.id}`);
  const evidence = page.text.slice(page.text.indexOf('id="evidence-h"'));
  assert.ok(htmlText(evidence).includes(d.title), 'as evidence');
  // A draft is not shown to those who may not read it.
  const draft = await api.coord.create('governing-documents', { title: 'Utkast till ny policy', control_ids: [ctl.id] });
  const emp = await web.anna.get(`/soa-entries/${ctl.id}`);
  if (emp.status === 200) assert.ok(!htmlText(emp.text).includes(draft.title));
});

test('the OpenAPI document describes the documents\' own routes', async () => {
  const doc = (await admin.get('/api/v1/openapi.json')).json;
  for (const p of ['/api/v1/governing-documents/{id}/acknowledgement-requests', '/api/v1/governing-documents/{id}/acknowledgements',
    '/api/v1/document-versions/{id}/acknowledge', '/api/v1/document-versions/{id}/file', '/api/v1/acknowledgements',
    '/api/v1/governing-documents', '/api/v1/required-documents', '/api/v1/document-adoptions']) assert.ok(doc.paths[p], p);
});
