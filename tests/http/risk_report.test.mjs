// The printable report of a risk analysis (issue 4, point 8): the same
// facts, matrices, risks, measures and decision lines as an HTML page to
// print and as a PDF, for the risk owner to sign or for the nämnd; read
// back with pdftotext. Who may read the analysis may read its report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { day, freshDb, startServer, Api, Browserless, token, addUser, htmlText, tr, pdfText } from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, api, web;
const people = {};
const post = (entity, body) => api.create(entity, body);

before(async () => {
  env = freshDb();
  for (const [user, role] of [['agare', 'information_owner'], ['revisor', 'auditor'], ['anstalld', 'employee']])
    addUser(env.db, user, role, { name: `Namn ${user}` });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  for (const name of ['agare', 'revisor', 'anstalld'])
    people[name] = (await api.get(`/api/v1/people?q=${name}`)).json.items[0].id;
  web = new Browserless(srv.url);
  await web.login();
});
after(async () => { await srv?.stop(); env?.cleanup(); });

async function fetchAs(client, path) {
  const res = await fetch(srv.url + path, { headers: { Cookie: client.cookieHeader() } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

// The PDF's drawing operators: every stream that inflates, joined.
function pdfContent(pdf) {
  let out = '';
  for (let at = pdf.indexOf('stream'); at >= 0; at = pdf.indexOf('stream', at + 6)) {
    let start = at + 6;
    if (pdf[start] === 0x0d) start++;
    if (pdf[start] !== 0x0a) continue;
    const end = pdf.indexOf('endstream', start);
    try { out += inflateSync(pdf.subarray(start + 1, end)).toString('latin1'); } catch { /* not deflated */ }
  }
  return out;
}
// "#c62828" as cairo's fill operator "0.776471 0.156863 0.156863 rg".
const rg = (hex) => [1, 3, 5].map((i) => +(parseInt(hex.slice(i, i + 2), 16) / 255).toFixed(6)).join(' ') + ' rg';

async function analysis() {
  const sys = await post('systems', { name: 'Elevregistret' });
  const asset = await post('information-assets', { name: 'Elevuppgifter' });
  const ra = await post('risk-analyses', {
    title: 'RA elevregister', scope: 'system', system_id: sys.id, analysed_on: '2026-10-01',
    participants: 'Systemägare\nIT-drift', risk_owner_id: people.agare, summary: 'Två risker behöver åtgärdas.',
  });
  const low = await post('risks', { analysis_id: ra.id, title: 'Strömavbrott', likelihood: 1, consequence: 2, treatment: 'accept', treatment_reason: 'UPS finns' });
  const high = await post('risks', {
    analysis_id: ra.id, title: 'Obehörig åtkomst till elevdata', vulnerability: 'Delade konton', harm: 'Sekretessbrott',
    asset_ids: [asset.id], aspects: 'K', likelihood: 4, consequence: 5, residual_likelihood: 2, residual_consequence: 3,
    accepted_by_id: people.agare, accepted_on: '2026-10-20', accepted_body: 'Barn- och utbildningsnämnden', case_number: 'BUN 2026/77',
  });
  await post('measures', { risk_id: high.id, title: 'Personliga konton', owner_id: people.agare, due_date: '2026-12-31', status: 'in_progress' });
  await post('measures', { risk_id: high.id, title: 'Tvåfaktorsinloggning', due_date: '2027-03-01' });
  return { sys, asset, ra, low, high };
}

test('the report page: facts, both matrices, risks highest first with their measures, and the decision lines', async () => {
  const { ra } = await analysis();
  const page = await web.get(`/risk-analyses/${ra.id}`);
  assert.ok(page.text.includes(`href="/risk-analyses/${ra.id}/report"`), 'the analysis page links to the report');
  assert.ok(page.text.includes(`href="/risk-analyses/${ra.id}/report.pdf"`));

  const r = await web.get(`/risk-analyses/${ra.id}/report`);
  assert.equal(r.status, 200);
  const html = r.text;
  const text = htmlText(html);
  assert.ok(text.includes(tr(SV, 'Risk analysis: %s', 'RA elevregister')));
  for (const s of ['Elevregistret', '2026-10-01', 'Systemägare', 'IT-drift', 'Två risker behöver åtgärdas.',
    tr(SV, '%s, version %lld', (await api.items('risk-methods'))[0].name, 1), 'Namn agare'])
    assert.ok(text.includes(s), s);
  // Both matrices, each with the SVG and its table.
  assert.match(html, /aria-labelledby="matrix-title matrix-desc"/);
  assert.match(html, /aria-labelledby="residual-title residual-desc"/);
  assert.equal((html.match(/<table class="data matrix">/g) || []).length, 2);
  // Highest risk first, with what the register holds about it.
  assert.ok(text.indexOf('Obehörig åtkomst till elevdata') < text.indexOf('Strömavbrott'));
  for (const s of ['Delade konton', 'Sekretessbrott', 'Elevuppgifter', '4 × 5 = 20', 'UPS finns',
    '2×3 = 6', 'Barn- och utbildningsnämnden', 'BUN 2026/77', '2026-10-20', 'Personliga konton', 'Tvåfaktorsinloggning', '2026-12-31'])
    assert.ok(text.includes(s), s);
  assert.ok(text.indexOf('Personliga konton') < text.indexOf('Tvåfaktorsinloggning'), 'measures by due date');
  // The decision: the risk owner named, with room to sign.
  const sig = html.match(/<table class="data signature[^"]*">(.*?)<\/table>/s)[1];
  assert.ok(htmlText(sig).includes('Namn agare'));
  assert.ok(htmlText(sig).includes(tr(SV, 'Signature')));
});

test('the report as a PDF holds the same, the matrix cells coloured by band', async () => {
  const { ra } = await analysis();
  const r = await fetchAs(web, `/risk-analyses/${ra.id}/report.pdf`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.match(r.headers.get('content-disposition'), new RegExp(`^attachment; filename="risk-analysis-${ra.id}-\\d{4}-\\d\\d-\\d\\d\\.pdf"$`));
  assert.equal(r.body.subarray(0, 5).toString(), '%PDF-');
  const text = pdfText(r.body).replace(/\s+/g, ' ');
  for (const s of [tr(SV, 'Risk analysis: %s', 'RA elevregister'), 'Elevregistret', 'Systemägare',
    tr(SV, 'Risk matrix'), tr(SV, 'Residual risk matrix'), 'Obehörig åtkomst till elevdata', 'Delade konton',
    'Elevuppgifter', 'Strömavbrott', 'UPS finns', 'Barn- och utbildningsnämnden', 'BUN 2026/77',
    'Personliga konton', 'Tvåfaktorsinloggning', '2027-03-01', tr(SV, 'Signature'), 'Namn agare'])
    assert.ok(text.includes(s), `${s} in: ${text.slice(0, 2000)}`);
  assert.ok(text.indexOf('Obehörig åtkomst till elevdata') < text.indexOf('Strömavbrott'));
  // Every band of the method colours its cells of the matrix.
  const ops = pdfContent(r.body);
  const bands = (await api.items('risk-methods'))[0].bands.split('\n').filter((l) => l.trim()).map((l) => l.match(/#[0-9a-fA-F]{6}/)[0]);
  assert.equal(bands.length, 4);
  for (const c of bands)
    assert.ok(ops.includes(rg(c)), `${c} (${rg(c)}) is drawn`);
  assert.ok(ops.includes(rg('#ffffff')), 'white text on the dark bands');
});

test('who reads the analysis reads its report; others get 403, an unknown analysis 404', async () => {
  const { ra } = await analysis();
  const rev = new Browserless(srv.url);
  await rev.login('revisor', 'revisor-password-123');
  assert.equal((await rev.get(`/risk-analyses/${ra.id}/report`)).status, 200);
  assert.equal((await fetchAs(rev, `/risk-analyses/${ra.id}/report.pdf`)).status, 200);
  const emp = new Browserless(srv.url);
  await emp.login('anstalld', 'anstalld-password-123');
  assert.equal((await emp.get(`/risk-analyses/${ra.id}/report`)).status, 403);
  assert.equal((await fetchAs(emp, `/risk-analyses/${ra.id}/report.pdf`)).status, 403);
  assert.equal((await web.get('/risk-analyses/999999/report')).status, 404);
  assert.equal((await fetchAs(web, '/risk-analyses/999999/report.pdf')).status, 404);
  const anon = await fetch(`${srv.url}/risk-analyses/${ra.id}/report.pdf`, { redirect: 'manual' });
  assert.notEqual(anon.status, 200);
});
