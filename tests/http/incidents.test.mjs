// Incidents (issue 13): triage with the significance and personal-data
// breach assessments, the clocks in GET /api/v1/incidents/{id} (24 h /
// 72 h / one month / IMY 72 h), reports recorded as sent, the gaps, the
// serious-incident trigger, closing, permissions (the DPO reads only
// personal-data incidents, the auditor reads, an employee reads none —
// in lists, exports and the API alike) and bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, Browserless, token, addUser, sqlite } from '../lib/tillit.mjs';

let env, srv, api;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const HOUR = 3600e3;
// A local time in Stockholm as a datetime-local control sends it.
const stockholm = (ms) => new Date(ms).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' }).replace(' ', 'T').slice(0, 16);

before(async () => {
  env = freshDb();
  for (const [user, role] of [['samordnare', 'coordinator'], ['dso', 'dpo'], ['revisor', 'auditor'],
    ['medarbetare', 'employee'], ['sakchef', 'security_chief']])
    addUser(env.db, user, role, { name: `Namn ${user}` });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
});
after(async () => { await srv?.stop(); env?.cleanup(); });

async function create(body) {
  const r = await api.post('/api/v1/incidents', body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('the clocks: 24 h, 72 h, one month after the notification, IMY 72 h, and moving awareness moves them', async () => {
  const inc = await create({
    title: 'Utpressningsprogram på skolans server', description: 'Filer krypterade.',
    discovered_at: '2026-03-28T12:00:00+01:00', aware_at: '2026-03-28T12:00:00+01:00',
  });
  // Not assessed: no deadline.
  let r = await api.get(`/api/v1/incidents/${inc.id}`);
  assert.deepEqual(r.json.deadlines, []);
  assert.equal(r.json.follow_hash, undefined, 'the follow secret hash never reaches the API');

  r = await api.patch(`/api/v1/incidents/${inc.id}`, { significance: 'significant', significance_reason: 'Allvarlig driftstörning i skolan.', pd_breach: 'yes_report' });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.significance_by_id, 'who decided is recorded');
  assert.ok(r.json.significance_at, 'when it was decided is recorded');
  assert.equal(r.json.significance_version, 1, 'the criteria version the decision was made against');
  const by = Object.fromEntries(r.json.deadlines.map((d) => [d.kind, d]));
  // 24 h across the change to summer time on 29 March: real elapsed hours.
  assert.equal(by.nis2_early_warning.due_at, '2026-03-29T11:00:00Z');
  assert.equal(by.nis2_notification.due_at, '2026-03-31T11:00:00Z');
  assert.equal(by.gdpr_notification.due_at, '2026-03-31T11:00:00Z');
  // Still handled a month after the notification's deadline: a progress report, the final one open.
  assert.equal(by.nis2_progress_report.due_at, '2026-04-30T11:00:00Z');
  assert.equal(by.nis2_final_report.due_at, null);
  assert.equal(by.nis2_early_warning.overdue, true);

  // Reports sent: the notification sets the final report's month.
  r = await api.post('/api/v1/incident-reports', { incident_id: inc.id, kind: 'nis2_early_warning', sent_at: '2026-03-29T09:30:00+02:00', reference: 'CSIRT-1', recipient: 'CERT-SE' });
  assert.equal(r.status, 201, r.text);
  r = await api.post('/api/v1/incident-reports', { incident_id: inc.id, kind: 'nis2_notification', sent_at: '2026-03-30T10:00:00+02:00', reference: 'CSIRT-1' });
  assert.equal(r.status, 201, r.text);
  const closing = { status: 'closed', root_cause: 'Oparad VPN.', lessons: 'Patcha inom 48 h.', handled_at: '2026-04-10T12:00:00+02:00' };
  // The IMY notification was never recorded as sent: closing asks first.
  r = await api.patch(`/api/v1/incidents/${inc.id}`, closing);
  assert.equal(r.status, 422, r.text);
  assert.ok(r.json.errors.some((e) => e.field === 'status' && /IMY/.test(e.message)), r.text);
  assert.equal((await api.get(`/api/v1/incidents/${inc.id}`)).json.status, 'new', 'nothing changed');
  r = await api.patch(`/api/v1/incidents/${inc.id}?confirm=1`, closing);
  assert.equal(r.status, 200, r.text);
  const d2 = Object.fromEntries(r.json.deadlines.map((d) => [d.kind, d]));
  assert.equal(d2.nis2_early_warning.sent_at, '2026-03-29T07:30:00Z');
  assert.equal(d2.nis2_early_warning.reference, 'CSIRT-1');
  assert.equal(d2.nis2_early_warning.overdue, false);
  // One month after the notification was sent, same local time (12:00 summer time).
  assert.equal(d2.nis2_final_report.due_at, '2026-04-30T08:00:00Z');
  assert.equal(d2.nis2_progress_report, undefined, 'handling ended before the final deadline: no progress report');

  // Moving awareness moves every deadline, and is in the audit trail.
  r = await api.patch(`/api/v1/incidents/${inc.id}`, { aware_at: '2026-03-28T18:00:00+01:00' });
  assert.equal(r.status, 200, r.text);
  const d3 = Object.fromEntries(r.json.deadlines.map((d) => [d.kind, d]));
  assert.equal(d3.nis2_early_warning.due_at, '2026-03-29T17:00:00Z');
  assert.equal(d3.gdpr_notification.due_at, '2026-03-31T17:00:00Z');
  const hist = await api.get(`/api/v1/incidents/${inc.id}/history`);
  assert.ok(JSON.stringify(hist.json).includes('aware_at'), 'the change of awareness is in the audit trail');
  const tl = (await api.get(`/api/v1/incident-events?incident_id=${inc.id}`)).json.items;
  assert.ok(tl.some((e) => e.kind === 'status_changed'), 'status changes are on the timeline');
  assert.ok(tl.some((e) => e.kind === 'assessment'), 'the assessments are on the timeline');
});

test('the gaps: a report deadline missed and an incident open too long', async () => {
  const aware = iso(Date.now() - 100 * 24 * HOUR);
  const inc = await create({ title: 'Felskickat beslut', description: 'Ett beslut skickades till fel adress.', discovered_at: aware, aware_at: aware,
    pd_breach: 'yes_report', pd_nature: 'Röjande' });
  let gaps = (await api.get('/api/v1/gaps?kind=incident_report_overdue')).json.items;
  assert.ok(gaps.some((g) => g.id === inc.id), 'the IMY notification was due 72 h after awareness');
  gaps = (await api.get('/api/v1/gaps?kind=incident_without_follow_up')).json.items;
  assert.ok(gaps.some((g) => g.id === inc.id), 'open for 100 days with the default of 90');
  // Sending the report clears the first; closing clears the second.
  let r = await api.post('/api/v1/incident-reports', { incident_id: inc.id, kind: 'gdpr_notification', sent_at: iso(Date.now() - 99 * 24 * HOUR), reference: 'IMY-2026-1' });
  assert.equal(r.status, 201, r.text);
  gaps = (await api.get('/api/v1/gaps?kind=incident_report_overdue')).json.items;
  assert.ok(!gaps.some((g) => g.id === inc.id));
  // Closing without root cause and lessons learned is refused, nothing changes.
  r = await api.patch(`/api/v1/incidents/${inc.id}`, { status: 'closed' });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['lessons', 'root_cause']);
  assert.equal((await api.get(`/api/v1/incidents/${inc.id}`)).json.status, 'new');
  r = await api.patch(`/api/v1/incidents/${inc.id}`, { status: 'closed', root_cause: 'Fel adress i registret.', lessons: 'Kontrollera adressen före utskick.' });
  assert.equal(r.status, 200, r.text);
  gaps = (await api.get('/api/v1/gaps?kind=incident_without_follow_up')).json.items;
  assert.ok(!gaps.some((g) => g.id === inc.id));
});

test('a serious incident makes each affected system due for a new risk analysis, once', async () => {
  const sys = await api.create('systems', { name: 'Elevregister' });
  const inc = await create({ title: 'Intrång i elevregistret', description: 'Obehörig inloggning.', discovered_at: iso(Date.now() - HOUR), system_ids: [sys.id] });
  let triggers = (await api.get(`/api/v1/risk-triggers?system_id=${sys.id}`)).json.items;
  assert.equal(triggers.length, 0, 'not yet serious');
  const high = (await api.get('/api/v1/incident-severities')).json.items.find((s) => s.level === 3);
  let r = await api.patch(`/api/v1/incidents/${inc.id}`, { severity_id: high.id });
  assert.equal(r.status, 200, r.text);
  triggers = (await api.get(`/api/v1/risk-triggers?system_id=${sys.id}`)).json.items;
  assert.equal(triggers.length, 1);
  assert.equal(triggers[0].kind, 'serious_incident');
  r = await api.patch(`/api/v1/incidents/${inc.id}`, { title: 'Intrång i elevregistret (bekräftat)' });
  assert.equal((await api.get(`/api/v1/risk-triggers?system_id=${sys.id}`)).json.items.length, 1, 'not twice');
  assert.match(triggers[0].reference, /^\d{4}-[2-9A-HJKMNP-Z]{6}$/, 'the trigger names the incident by its receipt number');
});

test('report texts carry the secrecy marking and the structure the recipient asks for', async () => {
  const inc = await create({ title: 'Förlorad mobil', description: 'En tjänstemobil glömdes på tåget.', discovered_at: iso(Date.now() - 3 * HOUR), aware_at: iso(Date.now() - 3 * HOUR),
    secrecy_basis: 'OSL 18 kap. 8 §', significance: 'significant', significance_reason: 'Känsliga uppgifter', malicious: 'not_suspected',
    pd_breach: 'yes_report', pd_subjects_count: 40, pd_consequences: 'Risk för identitetsstöld' });
  const web = new Browserless(srv.url);
  await web.login();
  let page = await web.get(`/incidents/${inc.id}/report?kind=nis2_early_warning`);
  assert.equal(page.status, 200);
  assert.match(page.text, /OSL 18 kap\. 8 §/);
  assert.match(page.text, /olaglig eller avsiktligt skadlig orsak|unlawful or malicious cause/);
  page = await web.get(`/incidents/${inc.id}/report?kind=gdpr_notification`);
  assert.match(page.text, /OSL 18 kap\. 8 §/);
  assert.match(page.text, /Risk för identitetsstöld/);
  assert.match(page.text, />40|: 40/);
  assert.match(page.text, /Integritetsskyddsmyndigheten/, 'the recipient of the kind');
  assert.match(page.text, /<a href="https:\/\/e-tjanster\.imy\.se\/sv\/anmalan">/, 'its e-service is a link');
  // The incident page says what is overdue or left in words.
  page = await web.get(`/incidents/${inc.id}`);
  assert.match(page.text, /OSL 18 kap\. 8 §/);
  assert.match(page.text, /kvar|left/);
  // Recording it as sent from the page's form.
  // A time in the future is refused on the same page, with what was written kept.
  let r = await web.post(`/incidents/${inc.id}/report`, { kind: 'nis2_early_warning', body: 'Min text', recipient: 'CERT-SE',
    sent_at: stockholm(Date.now() + 48 * HOUR), reference: 'REF-9' });
  assert.equal(r.status, 422);
  assert.match(r.text, /class="error-summary"/);
  assert.match(r.text, />Min text<\/textarea>/);
  assert.match(r.text, /value="REF-9"/);
  r = await web.post(`/incidents/${inc.id}/report`, { kind: 'nis2_early_warning',
    body: 'Text', recipient: 'CERT-SE', sent_at: stockholm(Date.now() - HOUR), reference: 'REF-9' });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.match(r.headers.get('location'), new RegExp(`^/incidents/${inc.id}\\?done=report$`));
  assert.match((await web.get(r.headers.get('location'))).text, /Registrerad som skickad: Tidig varning/);
  const d = (await api.get(`/api/v1/incidents/${inc.id}`)).json.deadlines.find((x) => x.kind === 'nis2_early_warning');
  assert.equal(d.reference, 'REF-9');
});

test('permissions: the DPO reads only personal-data incidents, the auditor reads all, an employee none', async () => {
  const pd = await create({ title: 'PU-incident', description: 'x', discovered_at: iso(Date.now() - HOUR), personal_data_possible: true });
  const other = await create({ title: 'Strömavbrott i serverhallen', description: 'y', discovered_at: iso(Date.now() - HOUR) });
  const dso = new Api(srv.url, token(env.db, 'dso'));
  let r = await dso.get('/api/v1/incidents?limit=100');
  assert.equal(r.status, 200);
  const ids = r.json.items.map((i) => i.id);
  assert.ok(ids.includes(pd.id));
  assert.ok(!ids.includes(other.id), 'the list shows the DPO only what the DPO may read');
  assert.equal(r.json.total, r.json.items.length);
  assert.equal((await dso.get(`/api/v1/incidents/${other.id}`)).status, 403);
  assert.equal((await dso.get(`/api/v1/incidents/${pd.id}`)).status, 200);
  // The DPO assesses the breach, and cannot touch the other.
  r = await dso.patch(`/api/v1/incidents/${pd.id}`, { pd_breach: 'yes_no_risk', pd_no_risk_reason: 'Krypterad dator.' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await dso.patch(`/api/v1/incidents/${other.id}`, { title: 'x' })).status, 403);
  const web = new Browserless(srv.url);
  await web.login('dso', 'dso-password-123');
  const list = await web.get('/incidents');
  assert.equal(list.status, 200);
  assert.match(list.text, /PU-incident/);
  assert.doesNotMatch(list.text, /Strömavbrott i serverhallen/);
  const exp = await web.get('/incidents/export.csv');
  assert.match(exp.text, /PU-incident/);
  assert.doesNotMatch(exp.text, /Strömavbrott/);

  const rev = new Api(srv.url, token(env.db, 'revisor'));
  r = await rev.get('/api/v1/incidents?limit=100');
  assert.ok(r.json.items.some((i) => i.id === other.id));
  assert.equal((await rev.patch(`/api/v1/incidents/${other.id}`, { title: 'x' })).status, 403);

  const emp = new Api(srv.url, token(env.db, 'medarbetare'));
  assert.equal((await emp.get('/api/v1/incidents')).status, 403);
  assert.equal((await emp.get(`/api/v1/incidents/${pd.id}`)).status, 403);
  assert.equal((await emp.post('/api/v1/incidents', { title: 'x', description: 'y', discovered_at: iso(Date.now()) })).status, 403);
  const sak = new Api(srv.url, token(env.db, 'sakchef'));
  r = await sak.patch(`/api/v1/incidents/${other.id}`, { status: 'handling' });
  assert.equal(r.status, 200, 'the security manager handles');
});

test('bad input: clear errors, nothing written', async () => {
  const count = () => Number(sqlite(env.db, 'SELECT count(*) FROM incidents').trim());
  const before = count();
  const future = iso(Date.now() + 48 * HOUR);
  let r = await api.post('/api/v1/incidents', { title: 'x', description: 'y', discovered_at: future, aware_at: future });
  assert.equal(r.status, 422);
  assert.ok(r.json.errors.some((e) => e.field === 'aware_at'));
  r = await api.post('/api/v1/incidents', { title: 'x', description: 'y', discovered_at: '2026-03-28T12:00:00' });
  assert.equal(r.status, 422, 'a time without its offset');
  assert.ok(r.json.errors.some((e) => e.field === 'discovered_at'));
  r = await api.post('/api/v1/incidents', { title: 'x', description: 'y', discovered_at: '2026-02-30T12:00:00Z' });
  assert.equal(r.status, 422);
  r = await api.post('/api/v1/incidents', { title: 'x', description: 'y', discovered_at: iso(Date.now()), category_id: 999999 });
  assert.equal(r.status, 422, 'an unknown category');
  r = await api.post('/api/v1/incidents', { title: 'x', description: 'y', discovered_at: iso(Date.now()), significance: 'significant' });
  assert.equal(r.status, 422, 'a significance decision without a reason');
  assert.ok(r.json.errors.some((e) => e.field === 'significance_reason'));
  r = await api.post('/api/v1/incidents', { title: 'x', description: 'y', discovered_at: iso(Date.now()), significance: 'maybe', significance_reason: 'z' });
  assert.equal(r.status, 422);
  assert.equal(count(), before, 'nothing written');
  const inc = await create({ title: 'Ok', description: 'y', discovered_at: iso(Date.now() - 2 * HOUR), aware_at: iso(Date.now() - 2 * HOUR) });
  const reports = () => Number(sqlite(env.db, 'SELECT count(*) FROM incident_reports').trim());
  const rb = reports();
  r = await api.post('/api/v1/incident-reports', { incident_id: inc.id, kind: 'nis2_early_warning', sent_at: iso(Date.now() - 3 * HOUR) });
  assert.equal(r.status, 422, 'a report before awareness');
  r = await api.post('/api/v1/incident-reports', { incident_id: inc.id, kind: 'nis2_dinner', sent_at: iso(Date.now()) });
  assert.equal(r.status, 422, 'an unknown kind');
  assert.equal(reports(), rb);
});

test('the incident page shows who was notified and a delivery that failed', async () => {
  // The DPO ("Namn dso") has no e-mail address: the notice stays, the e-mail fails, visibly.
  const inc = await create({ title: 'Elevlista på villovägar', description: 'En elevlista skickades till fel skola.',
    discovered_at: iso(Date.now() - HOUR), personal_data_possible: true });
  const web = new Browserless(srv.url);
  await web.login();
  const page = await web.get(`/incidents/${inc.id}`);
  assert.equal(page.status, 200);
  const section = page.text.slice(page.text.indexOf('id="notices-h"'));
  assert.ok(section.length > 20, 'the notices are on the page');
  assert.match(section, /Namn dso/);
  assert.match(section, /E-post misslyckades/);
  assert.match(section, /class="overdue"/, 'a failed delivery is marked, not only by colour');
});

test('Mina uppgifter: whoever handles incidents sees those to triage with the next deadline and the time left, never a kept copy', async () => {
  const inc = await create({ title: 'Misstänkt intrång i e-posten', description: 'Okända inloggningar.', discovered_at: iso(Date.now() - 2 * HOUR),
    aware_at: iso(Date.now() - 2 * HOUR), significance: 'significant', significance_reason: 'Många konton.' });
  const web = new Browserless(srv.url);
  await web.login('samordnare', 'samordnare-password-123');
  let page = await web.get('/tasks');
  assert.equal(page.status, 200);
  const section = page.text.slice(page.text.indexOf('id="incidents-h"'), page.text.indexOf('</section>', page.text.indexOf('id="incidents-h"')));
  assert.match(section, /Att bedöma/);
  assert.match(section, new RegExp(`href="/incidents/${inc.id}"`));
  assert.match(section, /Tidig varning[^<]*: 2[12] tim \d+ min kvar/);
  page = await web.get('/tasks');
  assert.notEqual(page.headers.get('x-tillit-cache'), 'hit', 'the time left is never served from a kept copy');
  // An employee, who handles no incidents, sees no such section.
  const emp = new Browserless(srv.url);
  await emp.login('medarbetare', 'medarbetare-password-123');
  page = await emp.get('/tasks');
  assert.doesNotMatch(page.text, /id="incidents-h"/);
  await api.patch(`/api/v1/incidents/${inc.id}`, { status: 'closed', root_cause: 'Läckt lösenord.', lessons: 'Tvåfaktor för alla.' });
});

test('the DPO assesses a personal-data incident and writes its IMY report, but does not triage it', async () => {
  const inc = await create({ title: 'Journalutdrag i fel brevlåda', description: 'z', discovered_at: iso(Date.now() - 2 * HOUR),
    aware_at: iso(Date.now() - 2 * HOUR), personal_data_possible: true });
  const dso = new Api(srv.url, token(env.db, 'dso'));
  let r = await dso.patch(`/api/v1/incidents/${inc.id}`, { pd_breach: 'yes_report', pd_subjects_count: 3 });
  assert.equal(r.status, 200, r.text);
  r = await dso.patch(`/api/v1/incidents/${inc.id}`, { significance: 'significant', significance_reason: 'x' });
  assert.equal(r.status, 403, 'the significance decision is the handlers\'');
  r = await dso.patch(`/api/v1/incidents/${inc.id}`, { status: 'handling' });
  assert.equal(r.status, 403, 'so is triage');
  r = await dso.post('/api/v1/incident-events', { incident_id: inc.id, kind: 'communication', description: 'IMY kontaktad per telefon.' });
  assert.equal(r.status, 201, r.text);
  r = await dso.post('/api/v1/incident-reports', { incident_id: inc.id, kind: 'gdpr_notification', sent_at: iso(Date.now() - HOUR), reference: 'IMY-77' });
  assert.equal(r.status, 201, r.text);
  const web = new Browserless(srv.url);
  await web.login('dso', 'dso-password-123');
  const page = await web.get(`/incidents/${inc.id}/report?kind=gdpr_notification`);
  assert.equal(page.status, 200, 'the DPO writes the IMY notification');
  // The timeline is what was recorded: no one edits it; a report sent is never deleted.
  const ev = (await api.get(`/api/v1/incident-events?incident_id=${inc.id}`)).json.items[0];
  assert.equal((await api.patch(`/api/v1/incident-events/${ev.id}`, { description: 'ändrat' })).status, 403);
  const rep = (await api.get(`/api/v1/incident-reports?incident_id=${inc.id}`)).json.items[0];
  assert.notEqual((await api.del(`/api/v1/incident-reports/${rep.id}`)).status, 204);
  const tl = (await api.get(`/api/v1/incident-events?incident_id=${inc.id}`)).json.items;
  assert.ok(tl.some((e) => e.kind === 'communication' && /IMY-77/.test(e.description)), 'a report sent is on the timeline');
});

test('saving the form unchanged moves no time; receipts say nothing of how many; no hash in the history', async () => {
  const inc = await create({ title: 'Sekunder', description: 'z', discovered_at: '2026-11-02T10:15:42Z', aware_at: '2026-11-02T10:16:59Z' });
  assert.equal(inc.aware_at, '2026-11-02T10:16:00Z', 'times are kept to the minute');
  assert.match(inc.receipt, /^\d{4}-[2-9A-HJKMNP-Z]{6}$/);
  const web = new Browserless(srv.url);
  await web.login();
  const form = await web.get(`/incidents/${inc.id}/edit`);
  const fields = {};
  for (const m of form.text.matchAll(/<input id="f-([a-z_]+)" name="([a-z_]+)" type="(?:text|datetime-local|number|date)" value="([^"]*)"/g)) fields[m[2]] = m[3].replace(/&amp;/g, '&');
  for (const m of form.text.matchAll(/<input type="radio" id="[^"]+" name="([a-z_]+)" value="([^"]+)" checked/g)) fields[m[1]] = m[2];
  for (const m of form.text.matchAll(/<select id="f-[a-z_]+" name="([a-z_]+)"[^>]*>(.*?)<\/select>/gs)) {
    const sel = m[2].match(/<option value="([^"]*)" selected>/);
    if (sel) fields[m[1]] = sel[1];
  }
  const desc = form.text.match(/<textarea id="f-description" name="description"[^>]*>([^<]*)</);
  fields.description = desc[1];
  const r = await web.post(`/incidents/${inc.id}`, fields);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const after = (await api.get(`/api/v1/incidents/${inc.id}`)).json;
  assert.equal(after.aware_at, '2026-11-02T10:16:00Z');
  const tl = (await api.get(`/api/v1/incident-events?incident_id=${inc.id}`)).json.items;
  assert.ok(!tl.some((e) => e.kind === 'observation'), 'no change of awareness on the timeline');
  const hist = await web.get(`/incidents/${inc.id}/history`);
  assert.doesNotMatch(hist.text, /follow_hash/);
});

test('the coordinator\'s overview says how many incidents wait for triage, and follows a new one', async () => {
  const web = new Browserless(srv.url);
  await web.login('samordnare', 'samordnare-password-123');
  const waiting = (text) => (text.match(/Incidenter som väntar på bedömning: (\d+)/) || [])[1];
  const before = Number(waiting((await web.get('/overview')).text) || 0);
  await create({ title: 'Ny incident till översikten', description: 'x', discovered_at: iso(Date.now() - HOUR) });
  const page = await web.get('/overview');
  assert.equal(Number(waiting(page.text)), before + 1, 'a kept overview is not served after an incident is reported');
  assert.match(page.text, /href="\/incidents\?status=new"/);
});

test('a report that is not an incident is closed as such, with its reason, and leaves the work lists', async () => {
  const inc = await create({ title: 'Köp billiga klockor', description: 'Skräppost via formuläret.', discovered_at: iso(Date.now() - HOUR) });
  let r = await api.patch(`/api/v1/incidents/${inc.id}`, { status: 'not_incident' });
  assert.equal(r.status, 422);
  assert.ok(r.json.errors.some((e) => e.field === 'dismissal_reason'));
  r = await api.patch(`/api/v1/incidents/${inc.id}`, { dismissal_reason: 'Skräppost.' });
  assert.equal(r.status, 422, 'a reason only with that status');
  r = await api.patch(`/api/v1/incidents/${inc.id}`, { status: 'not_incident', dismissal_reason: 'Skräppost.' });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.closed_at, 'closed');
  const sig = await create({ title: 'Betydande', description: 'x', discovered_at: iso(Date.now() - HOUR), significance: 'significant', significance_reason: 'y' });
  r = await api.patch(`/api/v1/incidents/${sig.id}`, { status: 'not_incident', dismissal_reason: 'z' });
  assert.equal(r.status, 422, 'a significant incident is not dismissed');
  const web = new Browserless(srv.url);
  await web.login('samordnare', 'samordnare-password-123');
  assert.doesNotMatch((await web.get('/tasks')).text, /Köp billiga klockor/);
});
