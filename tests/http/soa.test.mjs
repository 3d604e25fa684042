// The Statement of Applicability (issue 3): the page per framework with
// coverage by implemented requirements, its XLSX and PDF exports, evidence
// files (upload with size and type limits, SHA-256, download, removal, all
// audited), who may do what, and the confirmation a planned system needs to
// go into use without a decided classification.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  day, freshDb, startServer, Api, Browserless, token, addUser, htmlText, tr, unzip, auditCount, sqlite, uploadFile,
} from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, api, web;
const people = {};

const post = (entity, body) => api.create(entity, body);
const all = (entity, qs) => api.items(entity, qs);
function decided(asset, [k, r, t, s]) {
  return {
    asset_id: asset, classified_on: day(), confidentiality: k, integrity: r, availability: t, traceability: s,
    confidentiality_reason: 'Sekretess', integrity_reason: 'Riktighet', availability_reason: 'Tillgänglighet',
    traceability_reason: 'Spårbarhet', status: 'decided', decided_by_id: people.infoagare, decided_on: day(),
  };
}
async function download(path, client = web) {
  const res = await fetch(srv.url + path, { headers: { Cookie: client.cookieHeader() } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}
// The text of each row of an XLSX sheet (inline strings and numbers), by
// column: empty cells are left out of the file, so the r="C2" reference
// places each cell.
function sheetRows(xml) {
  return [...xml.matchAll(/<row [^>]*>(.*?)<\/row>/gs)].map((m) => {
    const row = [];
    for (const c of m[1].matchAll(/<c r="([A-Z]+)\d+"[^>]*>(?:<is><t[^>]*>(.*?)<\/t><\/is>|<v>(.*?)<\/v>)?<\/c>/gs)) {
      const col = [...c[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      while (row.length < col) row.push('');
      row[col] = (c[2] ?? c[3] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    }
    return row;
  });
}
const control = async (fw, code) => (await all('soa-entries', `&framework=${fw}`)).find((e) => e.code === code);
const evidenceCount = () => Number(sqlite(env.db, 'SELECT count(*) FROM evidence_files').trim());

before(async () => {
  env = freshDb();
  for (const [user, role] of [['infoagare', 'information_owner'], ['revisor', 'auditor'], ['anstalld', 'employee']])
    addUser(env.db, user, role, { name: user });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  for (const name of ['infoagare', 'revisor', 'anstalld'])
    people[name] = (await api.get(`/api/v1/people?q=${name}`)).json.items[0].id;
  web = new Browserless(srv.url);
  await web.login();
});
after(async () => { await srv?.stop(); env?.cleanup(); });

test('coverage: a requirement counts once every system in use it applies to has fulfilled it', async () => {
  const reqs = await all('requirements');
  const cry = reqs.find((q) => q.code === 'CRY-02'); // K2 and up
  const ctlCodes = (await all('soa-entries')).filter((e) => cry.control_ids.includes(e.id));
  const annex = ctlCodes.find((e) => e.framework === 'iso27001');
  const nis2 = ctlCodes.find((e) => e.framework === 'nis2');
  assert.ok(annex && nis2, 'CRY-02 maps to Annex A and NIS2');

  const a = await post('information-assets', { name: 'Socialakter', owner_id: people.infoagare });
  await post('classifications', decided(a.id, [3, 2, 2, 2]));
  const s1 = await post('systems', { name: 'Procapita', information_asset_ids: [a.id] });
  const s2 = await post('systems', { name: 'Lifecare', information_asset_ids: [a.id] });
  await post('systems', { name: 'Upphandlas', lifecycle: 'planned', information_asset_ids: [a.id] });

  const row = (html, code) => {
    const m = html.match(new RegExp(`<tr class="cover-(\\w+)[^"]*">\\s*<th scope="row"><a href="/soa-entries/\\d+"[^>]*>${code.replace('.', '\\.')}</a>(.*?)</tr>`, 's'));
    assert.ok(m, `row ${code}`);
    return { cover: m[1], text: htmlText(m[2]) };
  };
  let page = await web.get('/soa/iso27001');
  assert.equal(page.status, 200);
  assert.equal(row(page.text, annex.code).text.includes('CRY-02 ✓'), false);

  // One of two systems fulfils it: systems listed, requirement not yet implemented.
  await post('action-plan-items', { system_id: s1.id, requirement_id: cry.id, assessment: 'fulfilled' });
  page = await web.get('/soa/iso27001');
  let r = row(page.text, annex.code);
  assert.ok(r.text.includes('Procapita'), r.text);
  assert.ok(!r.text.includes('Lifecare'), r.text);
  assert.ok(r.text.includes(tr(SV, '%zu of %zu', 1, 2)), r.text);
  assert.ok(!r.text.includes('CRY-02 ✓'));

  // The other says not applicable: now implemented (the planned one does not count).
  await post('action-plan-items', { system_id: s2.id, requirement_id: cry.id, assessment: 'not_applicable', reason: 'Ingen lagring' });
  page = await web.get('/soa/iso27001');
  r = row(page.text, annex.code);
  assert.ok(r.text.includes('CRY-02 ✓'), r.text);
  const nisPage = await web.get('/soa/nis2');
  assert.equal(nisPage.status, 200);
  assert.ok(row(nisPage.text, nis2.code).text.includes('CRY-02 ✓'));
  // The overview counts all three frameworks.
  const index = htmlText((await web.get('/soa')).text);
  for (const label of ['ISO/IEC 27001:2022 Annex A', 'CIS Controls v8', 'NIS2 article 21(2)'])
    assert.ok(index.includes(tr(SV, label)), label);
  assert.equal((await web.get('/soa/iso27002')).status, 404);
  assert.equal((await web.get('/soa/iso27001.docx')).status, 404);
});

test('the SoA exports: XLSX with one row per control, PDF', async () => {
  const ctl = await control('iso27001', '5.1');
  assert.equal((await api.patch(`/api/v1/soa-entries/${ctl.id}`, {
    implementation: 'implemented', justification: 'Beslutad policy', evidence_links: 'https://intranet.example/policy\nDnr 2025/123',
  })).status, 200);
  const x = await download('/soa/iso27001.xlsx');
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.match(x.headers.get('content-disposition'), /attachment; filename="soa-iso27001-\d{4}-\d\d-\d\d\.xlsx"/);
  const rows = sheetRows(unzip(x.body).get('xl/worksheets/sheet1.xml').toString('utf8'));
  assert.equal(rows.length, 94, 'a header and 93 controls');
  assert.equal(rows[0][0], tr(SV, 'Control'));
  const r51 = rows.find((c) => c[0] === '5.1');
  assert.equal(r51[3], tr(SV, 'Yes'));
  assert.equal(r51[4], 'Beslutad policy');
  assert.equal(r51[5], tr(SV, 'Implemented'));
  assert.ok(r51[10].includes('https://intranet.example/policy'));
  const withSystems = rows.find((c) => c[9] && c[9].includes('Procapita'));
  assert.ok(withSystems, 'systems that implement a control are listed');
  const cis = sheetRows(unzip((await download('/soa/cis8.xlsx')).body).get('xl/worksheets/sheet1.xml').toString('utf8'));
  assert.equal(cis.length, 19);

  const p = await download('/soa/iso27001.pdf');
  assert.equal(p.status, 200);
  assert.equal(p.headers.get('content-type'), 'application/pdf');
  assert.equal(p.body.subarray(0, 5).toString(), '%PDF-');
  assert.ok(p.body.subarray(-8).toString().includes('%%EOF'));
  const pages = Number(p.body.toString('latin1').match(/\/Type \/Pages[^>]*\/Count (\d+)/)?.[1]
    ?? p.body.toString('latin1').match(/\/Count (\d+)/)[1]);
  assert.ok(pages > 1, `${pages} pages for 93 controls`);
});

test('evidence files: upload, checksum, download, removal; wrong type, size or content changes nothing', async () => {
  const ctl = await control('iso27001', '8.13');
  const path = `/soa-entries/${ctl.id}/evidence`;
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 'x'), Buffer.from('\n%%EOF\n')]);
  const sha = createHash('sha256').update(pdf).digest('hex');
  await web.get(`/soa-entries/${ctl.id}`);
  const n = auditCount(env.db), files = evidenceCount();

  // Refused: each with a message in Swedish, nothing stored or audited.
  const bad = [
    [Buffer.from('MZ\x90\x00'), 'program.exe', 415, tr(SV, 'That type of file is not accepted. Allowed types: %s.', '.pdf, .png, .jpg, .jpeg, .txt, .csv, .md, .docx, .xlsx, .pptx, .odt, .ods, .odp')],
    [Buffer.from('MZ\x90\x00'), 'forklaedd.pdf', 415, tr(SV, "The file's content does not match its name's type.")],
    [Buffer.alloc(0), 'tom.pdf', 400, tr(SV, 'Choose a file to upload. Empty files are not kept.')],
    [Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(5 * 1024 * 1024)]), 'stor.pdf', 413, tr(SV, 'The file is too large. Evidence files may be at most %d MiB.', 5)],
  ];
  for (const [content, filename, status, message] of bad) {
    const r = await uploadFile(web, path, content, { filename, type: 'application/pdf' });
    assert.equal(r.status, status, `${filename}: ${r.text.slice(0, 200)}`);
    assert.ok(htmlText(r.text).includes(message), `${filename}: message`);
  }
  assert.equal(evidenceCount(), files);
  assert.equal(auditCount(env.db), n);

  // Accepted: stored with its SHA-256, shown, audited on the entry.
  let r = await uploadFile(web, path, pdf, { filename: 'Dokument/Återläsningstest 2026.pdf', type: 'application/octet-stream' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const page = await web.get(`/soa-entries/${ctl.id}?done=evidence_added`);
  const text = htmlText(page.text);
  assert.ok(text.includes('Återläsningstest 2026.pdf'), text);
  assert.ok(text.includes(sha));
  assert.equal(auditCount(env.db), n + 1);
  const stored = sqlite(env.db, `SELECT filename || '|' || content_type || '|' || size || '|' || sha256 FROM evidence_files WHERE entry_id = ${ctl.id}`).trim();
  assert.equal(stored, `Återläsningstest 2026.pdf|application/pdf|${pdf.length}|${sha}`);
  const hist = (await api.get(`/api/v1/soa-entries/${ctl.id}/history`)).json;
  assert.ok(JSON.stringify(hist).includes(sha), 'the history names the file and its checksum');

  // Downloaded byte for byte, always as an attachment.
  const id = Number(page.text.match(/href="\/evidence\/(\d+)"/)[1]);
  const d = await download(`/evidence/${id}`);
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('content-type'), 'application/pdf');
  const cd = d.headers.get('content-disposition');
  assert.match(cd, /^attachment; filename="__terl__sningstest 2026\.pdf"; filename\*=UTF-8''/);
  assert.equal(decodeURIComponent(cd.split("UTF-8''")[1]), 'Återläsningstest 2026.pdf');
  assert.equal(createHash('sha256').update(d.body).digest('hex'), sha);
  // The SoA page and export list it.
  assert.ok(htmlText((await web.get('/soa/iso27001')).text).includes('Återläsningstest 2026.pdf'));
  const rows = sheetRows(unzip((await download('/soa/iso27001.xlsx')).body).get('xl/worksheets/sheet1.xml').toString('utf8'));
  assert.ok(rows.find((c) => c[0] === '8.13')[10].includes(sha));

  // The auditor reads and downloads, but neither uploads nor removes.
  const rev = new Browserless(srv.url);
  await rev.login('revisor', 'revisor-password-123');
  assert.equal((await download(`/evidence/${id}`, rev)).status, 200);
  assert.ok(!(await rev.get(`/soa-entries/${ctl.id}`)).text.includes('enctype="multipart/form-data"'));
  assert.equal((await uploadFile(rev, path, pdf, { filename: 'x.pdf' })).status, 403);
  // The SoA page is rendered once per change and kept: the copy made for
  // someone who may edit (links to the edit forms) is not the auditor's.
  assert.match((await web.get('/soa/iso27001')).text, /href="\/soa-entries\/\d+\/edit"/);
  const revPage = await rev.get('/soa/iso27001');
  assert.equal(revPage.status, 200);
  assert.doesNotMatch(revPage.text, /href="\/soa-entries\/\d+\/edit"/);
  assert.ok(htmlText(revPage.text).includes('Återläsningstest 2026.pdf'));
  assert.equal((await rev.post(`/evidence/${id}/delete`, {})).status, 403);
  // An employee does not see the SoA at all.
  const emp = new Browserless(srv.url);
  await emp.login('anstalld', 'anstalld-password-123');
  assert.equal((await emp.get('/soa/iso27001')).status, 403);
  assert.equal((await download(`/evidence/${id}`, emp)).status, 403);
  assert.equal((await download('/soa/iso27001.xlsx', emp)).status, 403);
  assert.equal(evidenceCount(), files + 1);

  // Without the CSRF token nothing happens; with it the file goes, audited.
  const beforeDelete = auditCount(env.db);
  r = await web.request('POST', `/evidence/${id}/delete`, { form: { _csrf: 'wrong' } });
  assert.equal(r.status, 403);
  assert.equal(evidenceCount(), files + 1);
  r = await web.post(`/evidence/${id}/delete`, {});
  assert.equal(r.status, 303);
  assert.equal(evidenceCount(), files);
  assert.equal(auditCount(env.db), beforeDelete + 1);
  assert.equal((await download(`/evidence/${id}`)).status, 404);
  assert.equal((await web.post('/evidence/999999/delete', {})).status, 404);
});

test('a planned system goes into use without a decided classification only when the user confirms', async () => {
  const a = await post('information-assets', { name: 'Oklassad info', owner_id: people.infoagare });
  const sys = await post('systems', { name: 'Nytt ekonomisystem', lifecycle: 'planned', information_asset_ids: [a.id] });
  const n = auditCount(env.db);
  // API: a confirmable warning, nothing written.
  let r = await api.patch(`/api/v1/systems/${sys.id}`, { lifecycle: 'in_use' });
  assert.equal(r.status, 422, r.text);
  const err = r.json.errors.find((e) => e.field === 'lifecycle');
  assert.equal(err.confirmable, true);
  assert.equal(auditCount(env.db), n);
  assert.equal((await api.get(`/api/v1/systems/${sys.id}`)).json.lifecycle, 'planned');

  // The form shows the warning and a box to confirm; saving without it changes nothing.
  await web.get(`/systems/${sys.id}/edit`);
  const form = { name: 'Nytt ekonomisystem', lifecycle: 'in_use', information_asset_ids: String(a.id) };
  r = await web.post(`/systems/${sys.id}`, form);
  assert.equal(r.status, 422);
  assert.ok(r.text.includes('name="_confirm"'));
  assert.ok(htmlText(r.text).includes(tr(SV, 'The system has no decided classification. Classify the information it processes before it goes into use, or confirm that it goes into use without one.')));
  assert.equal(auditCount(env.db), n);
  r = await web.post(`/systems/${sys.id}`, { ...form, _confirm: '1' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal((await api.get(`/api/v1/systems/${sys.id}`)).json.lifecycle, 'in_use');
  const hist = (await api.get(`/api/v1/systems/${sys.id}/history`)).json;
  assert.ok(JSON.stringify(hist).includes('confirmed'), 'the confirmation is in the audit trail');
  // The gap stays until it is classified.
  assert.ok((await api.get('/api/v1/gaps?kind=system_not_classified')).json.items.some((g) => g.id === sys.id));

  // Through the API with ?confirm=1; and a classified system needs no confirmation.
  const sys2 = await post('systems', { name: 'Nästa system', lifecycle: 'planned', information_asset_ids: [a.id] });
  r = await api.call('PATCH', `/api/v1/systems/${sys2.id}?confirm=1`, { lifecycle: 'in_use' });
  assert.equal(r.status, 200, r.text);
  await post('classifications', decided(a.id, [1, 1, 1, 1]));
  const sys3 = await post('systems', { name: 'Klassat system', lifecycle: 'planned', information_asset_ids: [a.id] });
  r = await api.patch(`/api/v1/systems/${sys3.id}`, { lifecycle: 'in_use' });
  assert.equal(r.status, 200, r.text);
});
