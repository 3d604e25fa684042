// Incident statistics (issue 13, item 8): incidents with known categories,
// severities, channels, suppliers, awareness, triage and closing times and
// reports sent in time and late, counted in the JSON of
// GET /api/v1/incidents/statistics, the page's tables and the CSV; the
// period's bad input; who may read them (an employee may not, an auditor
// may, a data protection officer sees only the incidents with personal
// data).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, Browserless, token, addUser, htmlText, tr, unzip } from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, api, web;
const H = 3600 * 1000;
const T0 = Date.now();
// An instant hours before the start of the test, as RFC 3339 with an offset.
const ago = (hours) => new Date(T0 - hours * H).toISOString().replace(/\.\d+Z$/, '+00:00');
const at = (hours) => new Date(T0 - hours * H).toISOString().replace(/\.\d+Z$/, 'Z');
const ids = {};

before(async () => {
  env = freshDb();
  for (const [user, role] of [['revisor', 'auditor'], ['anstalld', 'employee'], ['dso', 'dpo']])
    addUser(env.db, user, role, { name: `Namn ${user}` });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  web = new Browserless(srv.url);
  await web.login();

  const cats = await api.items('incident-categories');
  const sevs = await api.items('incident-severities');
  ids.malware = cats.find((c) => c.name === 'Skadlig kod').id;
  ids.access = cats.find((c) => c.name === 'Obehörig åtkomst').id;
  ids.high = sevs.find((s) => s.level === 3).id;
  ids.low = sevs.find((s) => s.level === 1).id;
  ids.supplier = (await api.create('suppliers', { name: 'Driftleverantören AB' })).id;

  const inc = async (title, hours, extra = {}) =>
    (await api.create('incidents', { title, description: `${title}: vad som hände`, discovered_at: ago(hours), aware_at: ago(hours), ...extra })).id;
  // Triaged (status leaves "new") now: 2, 4, 6, 8 and 40 hours after awareness.
  ids.a = await inc('A', 2, { category_id: ids.malware, severity_id: ids.high, channel: 'staff' });
  ids.b = await inc('B', 4, { category_id: ids.malware, severity_id: ids.low, channel: 'staff' });
  ids.c = await inc('C', 6, { category_id: ids.access, channel: 'monitoring' });
  ids.d = await inc('D', 8, { channel: 'monitoring' });
  ids.e = await inc('E', 40, { channel: 'supplier', supplier_id: ids.supplier });
  for (const k of ['a', 'b', 'c', 'd', 'e']) {
    const r = await api.patch(`/api/v1/incidents/${ids[k]}`, { status: 'handling' });
    assert.equal(r.status, 200, r.text);
  }
  // Closed now: A, B and E (2, 4 and 40 hours).
  for (const k of ['a', 'b', 'e']) {
    const r = await api.patch(`/api/v1/incidents/${ids[k]}`, { status: 'closed', root_cause: 'Orsak', lessons: 'Lärdom' });
    assert.equal(r.status, 200, r.text);
  }
  // A significant incident: early warning in time (10 h), notification late (80 h).
  ids.s = await inc('S', 100, { channel: 'external', supplier_id: ids.supplier, significance: 'significant', significance_reason: 'Allvarlig driftstörning' });
  await api.create('incident-reports', { incident_id: ids.s, kind: 'nis2_early_warning', sent_at: at(90), reference: 'CERT-1' });
  await api.create('incident-reports', { incident_id: ids.s, kind: 'nis2_notification', sent_at: at(20), reference: 'CERT-2' });
  // A later early warning does not count: the first of a kind does.
  await api.create('incident-reports', { incident_id: ids.s, kind: 'nis2_early_warning', sent_at: at(10) });
  // Personal data breaches to report: one never notified (overdue), one notified at 50 h.
  ids.p = await inc('P', 100, { channel: 'staff', personal_data_possible: true, pd_breach: 'yes_report' });
  ids.p2 = await inc('P2', 100, { channel: 'other', personal_data_possible: true, pd_breach: 'yes_report' });
  await api.create('incident-reports', { incident_id: ids.p2, kind: 'gdpr_notification', sent_at: at(50), reference: 'IMY-1' });
});
after(async () => { await srv?.stop(); env?.cleanup(); });

const near = (x, want, msg) => assert.ok(Math.abs(x - want) < 0.1, `${msg}: ${x} is not about ${want}`);

test('the JSON counts categories, severities, months, times, channels, suppliers and deadlines', async () => {
  const r = await api.get('/api/v1/incidents/statistics');
  assert.equal(r.status, 200, r.text);
  const s = r.json;
  assert.equal(s.total, 8);
  assert.equal(s.restricted, false);
  assert.equal(s.time_zone, 'Europe/Stockholm');
  assert.equal(s.months.length, 12);
  assert.equal(s.months.reduce((n, m) => n + m.total, 0), 8);
  assert.match(s.from, /^\d{4}-\d{2}$/);
  const cat = (id) => s.categories.find((c) => c.id === id).total;
  assert.equal(cat(ids.malware), 2);
  assert.equal(cat(ids.access), 1);
  assert.equal(s.categories.at(-1).id, null);
  assert.equal(s.categories.at(-1).total, 5);
  const sev = (id) => s.severities.find((c) => c.id === id).total;
  assert.equal(sev(ids.high), 1);
  assert.equal(sev(ids.low), 1);
  assert.equal(s.severities.at(-1).total, 6);
  // Each month's columns add up to its total, in the order of the lists.
  for (const m of s.months) {
    assert.equal(m.categories.length, s.categories.length);
    assert.equal(m.categories.reduce((a, b) => a + b, 0), m.total);
    assert.equal(m.severities.reduce((a, b) => a + b, 0), m.total);
  }
  // Triage 2, 4, 6, 8, 40 h: median 6, p90 8 + 0.6 × 32 = 27.2; three not triaged.
  assert.equal(s.time_to_triage.count, 5);
  assert.equal(s.time_to_triage.waiting, 3);
  near(s.time_to_triage.median_hours, 6, 'median to triage');
  near(s.time_to_triage.p90_hours, 27.2, 'p90 to triage');
  // Closed 2, 4, 40 h: median 4, p90 4 + 0.8 × 36 = 32.8.
  assert.equal(s.time_to_close.count, 3);
  near(s.time_to_close.median_hours, 4, 'median to close');
  near(s.time_to_close.p90_hours, 32.8, 'p90 to close');
  const ch = (c) => s.channels.find((x) => x.channel === c);
  assert.equal(ch('staff').count, 3);
  assert.equal(ch('staff').share, 0.375);
  assert.equal(ch('monitoring').count, 2);
  assert.equal(ch('monitoring').share, 0.25);
  assert.equal(ch('public').count, 0);
  assert.deepEqual(s.supplier, { count: 2, share: 0.25 });
  const dl = (k) => s.deadlines.find((d) => d.kind === k);
  assert.deepEqual(dl('nis2_early_warning'), { kind: 'nis2_early_warning', name: dl('nis2_early_warning').name, met: 1, late: 0, overdue: 0, pending: 0, met_share: 1 });
  assert.equal(dl('nis2_notification').late, 1);
  assert.equal(dl('nis2_notification').met_share, 0);
  assert.equal(dl('nis2_final_report').pending, 1);
  assert.equal(dl('gdpr_notification').met, 1);
  assert.equal(dl('gdpr_notification').overdue, 1);
  assert.equal(dl('gdpr_notification').met_share, 0.5);
  assert.equal(dl('nis2_progress_report').met_share, null);
});

test('a period without the incidents counts none; a bad period is refused in the reader\'s language', async () => {
  const r = await api.get('/api/v1/incidents/statistics?from=2020-01&to=2020-12');
  assert.equal(r.status, 200);
  assert.equal(r.json.total, 0);
  assert.equal(r.json.months.length, 12);
  assert.equal(r.json.time_to_triage.median_hours, null);
  assert.equal(r.json.supplier.share, null);
  for (const qs of ['from=2026-13', 'to=26-01', 'from=2026-05&to=2026-04', 'from=2000-01&to=2026-01']) {
    const bad = await api.call('GET', `/api/v1/incidents/statistics?${qs}`, undefined, { 'Accept-Language': 'sv' });
    assert.equal(bad.status, 400, qs);
    assert.match(bad.headers.get('content-type'), /problem\+json/);
  }
  const page = await web.get('/incidents/statistics?from=2026-05&to=2026-04');
  assert.equal(page.status, 400);
  assert.ok(htmlText(page.text).includes(tr(SV, 'The first month is after the last month.')));
  const long = await web.get('/incidents/statistics?from=2000-01&to=2026-01');
  assert.ok(htmlText(long.text).includes(tr(SV, 'Choose a period of at most 120 months.')));
});

test('the page shows each chart with its table, reached from the menu and the incident list', async () => {
  const list = await web.get('/incidents');
  assert.ok(list.text.includes('href="/incidents/statistics"'));
  const r = await web.get('/incidents/statistics');
  assert.equal(r.status, 200);
  const html = r.text;
  // Every chart is an image with a text alternative, and has a table.
  const svgs = html.match(/<svg width="640"[^>]*>/g);
  assert.equal(svgs.length, 7);
  for (const s of svgs) {
    assert.match(s, /role="img"/);
    assert.match(s, /aria-labelledby="[^"]+-title [^"]+-desc"/);
  }
  assert.equal((html.match(/<table class="data">/g) || []).length, 8);
  const text = htmlText(html);
  for (const t of ['Incidents per month by category', 'Incidents per month by severity', 'Time to triage and to close, in hours', 'Report deadlines met'])
    assert.ok(text.includes(tr(SV, t)), t);
  // The row of a channel: name, count, share.
  const row = (name) => {
    const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = html.match(new RegExp(`<th scope="row">${esc}</th>((?:<td class="num">[^<]*</td>)+)`));
    assert.ok(m, name);
    return [...m[1].matchAll(/<td class="num">([^<]*)<\/td>/g)].map((x) => x[1]);
  };
  assert.deepEqual(row(tr(SV, 'Reported by staff')), ['3', '38 %']);
  assert.deepEqual(row(tr(SV, 'Found by monitoring')), ['2', '25 %']);
  assert.deepEqual(row(tr(SV, 'A supplier involved')), ['2', '25 %']);
  assert.deepEqual(row(tr(SV, 'Personal data breach notification to IMY')), ['1', '0', '1', '0', '50 %']);
  assert.deepEqual(row(tr(SV, 'Early warning (Cybersecurity Act)')), ['1', '0', '0', '0', '100 %']);
  const triage = row(tr(SV, 'To triage'));
  assert.equal(triage[0], '5');
  assert.equal(triage[1], '6,0');
  assert.equal(triage[3], '3');
  // The category table's totals row: 2 malware of 8.
  assert.deepEqual(row('Skadlig kod'), ['2', '25 %']);
  // The menu names the page.
  assert.ok(html.includes(`>${tr(SV, 'Incident statistics')}<`));
});

test('the CSV and the XLSX hold the same figures', async () => {
  const r = await web.get('/incidents/statistics.csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/csv/);
  assert.match(r.headers.get('content-disposition'), /incident-statistics-\d{4}-\d{2}-\d{4}-\d{2}\.csv/);
  const lines = r.text.trim().split('\r\n').map((l) => l.split(','));
  assert.deepEqual(lines[0], ['table', 'month', 'code', 'item', 'count', 'share', 'hours']);
  const find = (table, code) => lines.find((l) => l[0] === table && l[2] === code);
  assert.deepEqual(find('channel', 'staff').slice(4), ['3', '0.3750', '']);
  assert.deepEqual(find('supplier', 'supplier').slice(4), ['2', '0.2500', '']);
  assert.deepEqual(find('deadline_met', 'gdpr_notification').slice(4), ['1', '0.5000', '']);
  assert.equal(find('deadline_overdue', 'gdpr_notification')[4], '1');
  assert.equal(find('deadline_late', 'nis2_notification')[4], '1');
  near(+find('time_to_triage', 'median')[6], 6, 'CSV median to triage');
  near(+find('time_to_close', 'p90')[6], 32.8, 'CSV p90 to close');
  const months = lines.filter((l) => l[0] === 'month');
  assert.equal(months.length, 12);
  assert.equal(months.reduce((n, l) => n + +l[4], 0), 8);
  const malware = lines.filter((l) => l[0] === 'category' && l[2] === String(ids.malware));
  assert.equal(malware.reduce((n, l) => n + +l[4], 0), 2);

  const x = await fetch(srv.url + '/incidents/statistics.xlsx', { headers: { Cookie: web.cookieHeader() } });
  assert.equal(x.status, 200);
  const files = unzip(Buffer.from(await x.arrayBuffer()));
  const sheet = files.get('xl/worksheets/sheet1.xml').toString('utf8');
  assert.ok(sheet.includes(tr(SV, 'Reported by staff')));
  assert.ok(sheet.includes('<v>0.375</v>'), 'the staff share as a number');
});

test('an employee may not read the statistics; an auditor may; a data protection officer sees the personal data incidents', async () => {
  const emp = new Browserless(srv.url);
  await emp.login('anstalld', 'anstalld-password-123');
  for (const p of ['/incidents/statistics', '/incidents/statistics.csv', '/incidents/statistics.xlsx'])
    assert.equal((await emp.get(p)).status, 403, p);
  const empApi = new Api(srv.url, token(env.db, 'anstalld'));
  assert.equal((await empApi.get('/api/v1/incidents/statistics')).status, 403);
  assert.ok(!(await emp.get('/tasks')).text.includes('href="/incidents/statistics"'), 'not in the employee\'s menu');

  const aud = new Api(srv.url, token(env.db, 'revisor'));
  const a = await aud.get('/api/v1/incidents/statistics');
  assert.equal(a.status, 200);
  assert.equal(a.json.total, 8);
  const audWeb = new Browserless(srv.url);
  await audWeb.login('revisor', 'revisor-password-123');
  assert.equal((await audWeb.get('/incidents/statistics')).status, 200);

  const dpo = new Api(srv.url, token(env.db, 'dso'));
  const d = await dpo.get('/api/v1/incidents/statistics');
  assert.equal(d.status, 200);
  assert.equal(d.json.restricted, true);
  assert.equal(d.json.total, 2);
  assert.equal(d.json.deadlines.find((k) => k.kind === 'gdpr_notification').met, 1);
  assert.equal(d.json.deadlines.find((k) => k.kind === 'nis2_early_warning').met, 0);
  const dpoWeb = new Browserless(srv.url);
  await dpoWeb.login('dso', 'dso-password-123');
  const page = await dpoWeb.get('/incidents/statistics');
  assert.ok(htmlText(page.text).includes(tr(SV, 'Only the incidents you may read are counted.')));
});

test('a new incident shows in the statistics at once (the kept page is made anew)', async () => {
  const first = await api.get('/api/v1/incidents/statistics');
  const again = await api.get('/api/v1/incidents/statistics');
  assert.equal(again.headers.get('x-tillit-cache'), 'hit');
  await api.create('incidents', { title: 'F', description: 'Ny', channel: 'monitoring' });
  const after = await api.get('/api/v1/incidents/statistics');
  assert.equal(after.json.total, first.json.total + 1);
  assert.equal(after.json.channels.find((c) => c.channel === 'monitoring').count, 3);
});
