// Goals and indicators (issue 14, item 5) and the security function
// (item 6): values computed from Tillit's own records, kept per quarter so
// that history does not change when the data does; manual values per
// quarter with bad input refused; who may read and write them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, serverWithUsers, sqlite, htmlText, auditCount, startServer } from '../lib/tillit.mjs';

let s, admin, api, person;

const USERS = {
  coord: 'coordinator', manager: 'manager', elected: 'elected', auditor: 'auditor',
  employee: 'employee', sysowner: 'system_owner', secchief: 'security_chief',
};

before(async () => {
  s = await serverWithUsers(USERS);
  ({ admin, api, person } = s);
});

after(async () => {
  const { code } = await s.srv.stop();
  s.env.cleanup();
  assert.equal(code, 0);
});

function quarter(d = day(0)) {
  return `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
}

async function now(id, client = admin) {
  const r = await client.get(`/api/v1/indicators/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.json.now;
}

test('a share of systems with an owner, from the records, against its target', async () => {
  const goal = await api.coord.create('goals', { title: 'Alla system har en systemägare', policy: 'Informationssäkerhetspolicy KF 2025 § 41',
    owner_id: person.coord, period_start: day(-30), period_end: day(300) });
  const ind = await api.coord.create('indicators', { goal_id: goal.id, title: 'System med ägare', kind: 'systems_with_owner',
    direction: 'at_least', target: 90 });
  assert.equal(ind.unit, '%', 'a share is in per cent');
  // Three systems, two with an owner, one retired without one (not counted).
  await admin.create('systems', { name: 'Ekonomisystem', owner_id: person.sysowner });
  await admin.create('systems', { name: 'Lönesystem', owner_id: person.sysowner });
  const orphan = await admin.create('systems', { name: 'Diariet' });
  await admin.create('systems', { name: 'Gamla arkivet', lifecycle: 'retired' });
  let n = await now(ind.id);
  assert.equal(n.available, true);
  assert.equal(n.whole, 3);
  assert.equal(n.part, 2);
  assert.equal(n.value, 66.7);
  assert.equal(n.target_met, false);
  assert.equal(n.quarter, quarter());
  assert.deepEqual(n.history, [{ quarter: quarter(), value: 66.7 }]);
  // Given an owner: 100 %, meets the target; the current quarter follows.
  await admin.patch(`/api/v1/systems/${orphan.id}`, { owner_id: person.sysowner });
  n = await now(ind.id);
  assert.equal(n.value, 100);
  assert.equal(n.target_met, true);
  assert.deepEqual(n.history, [{ quarter: quarter(), value: 100 }]);
});

test('a past quarter keeps its value when the data changes afterwards', async () => {
  const goal = await admin.create('goals', { title: 'Informationen är klassad' });
  const ind = await admin.create('indicators', { goal_id: goal.id, title: 'Klassad information', kind: 'assets_classified', target: 80 });
  const a1 = await admin.create('information-assets', { name: 'Personakter' });
  await admin.create('information-assets', { name: 'Fakturor' });
  let n = await now(ind.id);
  assert.equal(n.whole, 2);
  assert.equal(n.part, 0);
  assert.equal(n.value, 0);
  // The quarter ends: the kept row becomes an earlier quarter's.
  sqlite(s.env.db, `UPDATE indicator_history SET quarter = '2025-Q1' WHERE indicator_id = ${ind.id}`);
  // The data changes: one asset classified.
  const cl = await admin.create('classifications', { asset_id: a1.id, confidentiality: 0, integrity: 0, availability: 0,
    traceability: 0, status: 'decided', decided_by_id: person.coord, decided_on: day(0) });
  assert.ok(cl.id);
  n = await now(ind.id);
  assert.equal(n.value, 50);
  assert.deepEqual(n.history, [{ quarter: '2025-Q1', value: 0 }, { quarter: quarter(), value: 50 }],
    'the past quarter keeps 0; the current one is 50');
  // Reading again changes nothing in the past.
  n = await now(ind.id);
  assert.equal(n.history[0].value, 0);
});

test('open overdue measures are counted, with a target of at most', async () => {
  const goal = await admin.create('goals', { title: 'Åtgärder genomförs i tid' });
  const ind = await admin.create('indicators', { goal_id: goal.id, title: 'Försenade åtgärder', kind: 'measures_overdue',
    direction: 'at_most', target: 0 });
  const before = (await now(ind.id)).value;
  const inc = await admin.create('incidents', { title: 'Nätfiske', description: 'Ett nätfiskemejl klickades på.' });
  const m = await admin.create('measures', { incident_id: inc.id, title: 'Utbilda i nätfiske', due_date: day(-2) });
  let n = await now(ind.id);
  assert.equal(n.value, before + 1);
  assert.equal(n.target_met, false);
  await admin.patch(`/api/v1/measures/${m.id}`, { status: 'done' });
  n = await now(ind.id);
  assert.equal(n.value, before);
  assert.equal(n.target_met, before === 0);
});

test('running systems analysed within their interval', async () => {
  const goal = await admin.create('goals', { title: 'Riskanalyser görs' });
  const ind = await admin.create('indicators', { goal_id: goal.id, title: 'Analyserade system', kind: 'systems_analysed', target: 100 });
  const n = await now(ind.id);
  assert.equal(n.available, true);
  assert.ok(n.whole >= 3);
  assert.equal(n.part, 0, 'no system has a decided analysis');
  const r = await admin.create('indicators', { goal_id: goal.id, title: 'Rapporter i tid', kind: 'incident_reports_on_time', target: 100 });
  assert.equal((await now(r.id)).available, true);
});

test('manual values per quarter: validated, one per quarter, only for manual indicators', async () => {
  const goal = await admin.create('goals', { title: 'Medvetenhet' });
  const ind = await admin.create('indicators', { goal_id: goal.id, title: 'Klickfrekvens i phishingtest', kind: 'manual',
    direction: 'at_most', target: 10, unit: '%' });
  let n = await now(ind.id);
  assert.equal(n.available, false);
  const audits = auditCount(s.env.db);
  for (const [body, field] of [
    [{ indicator_id: ind.id, period: '2026-Q5', value: 12 }, 'period'],
    [{ indicator_id: ind.id, period: '2026-07', value: 12 }, 'period'],
    [{ indicator_id: ind.id, period: '2999-Q1', value: 12 }, 'period'],
    [{ indicator_id: ind.id, period: '2025-Q4', value: 'tolv' }, 'value'],
    [{ indicator_id: ind.id, value: 12 }, 'period'],
  ]) {
    const r = await admin.post('/api/v1/indicator-values', body);
    assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
    assert.ok(r.text.includes(field), r.text);
  }
  assert.equal(auditCount(s.env.db), audits, 'nothing written');
  await admin.create('indicator-values', { indicator_id: ind.id, period: '2025-Q4', value: 14, comment: 'Kampanj i november' });
  await admin.create('indicator-values', { indicator_id: ind.id, period: quarter(), value: 8 });
  const dup = await admin.post('/api/v1/indicator-values', { indicator_id: ind.id, period: '2025-Q4', value: 3 });
  assert.equal(dup.status, 422, dup.text);
  n = await now(ind.id);
  assert.equal(n.value, 8);
  assert.equal(n.target_met, true);
  assert.deepEqual(n.history.map((p) => p.quarter), ['2025-Q4', quarter()]);
  // Not for a computed indicator.
  const comp = await admin.create('indicators', { goal_id: goal.id, title: 'Ägda system', kind: 'systems_with_owner' });
  const bad = await admin.post('/api/v1/indicator-values', { indicator_id: comp.id, period: '2025-Q4', value: 3 });
  assert.equal(bad.status, 422, bad.text);
  // A manual indicator with values stays manual.
  const sw = await admin.patch(`/api/v1/indicators/${ind.id}`, { kind: 'systems_with_owner' });
  assert.equal(sw.status, 422, sw.text);
  // A share's target is a per cent.
  const pct = await admin.post('/api/v1/indicators', { goal_id: goal.id, title: 'X', kind: 'assets_classified', target: 120 });
  assert.equal(pct.status, 422, pct.text);
});

test('the goals page shows each indicator with value, target and trend with a text alternative', async () => {
  const r = await s.web.elected.get('/goals/indicators');
  assert.equal(r.status, 200);
  const text = htmlText(r.text);
  assert.match(text, /Alla system har en systemägare/);
  assert.match(text, /System med ägare/);
  assert.match(text, /100 %/);
  assert.match(r.text, /<svg class="trend"[^>]*role="img" aria-label="[^"]+Q\d: /);
  const g = await s.web.coord.get('/goals');
  assert.equal(g.status, 200);
});

test('permissions: managers manage goals, readers read, others do not', async () => {
  const g = await api.manager.create('goals', { title: 'Chefens mål' });
  assert.ok(g.id);
  for (const who of ['elected', 'auditor', 'secchief']) {
    assert.equal((await api[who].get(`/api/v1/goals/${g.id}`)).status, 200, who);
    assert.equal((await api[who].get('/api/v1/indicators')).status, 200, who);
    assert.equal((await api[who].post('/api/v1/goals', { title: 'Nej' })).status, 403, who);
    assert.equal((await api[who].patch(`/api/v1/goals/${g.id}`, { title: 'Nej' })).status, 403, who);
  }
  for (const who of ['employee', 'sysowner']) {
    assert.equal((await api[who].get(`/api/v1/goals/${g.id}`)).status, 403, who);
    assert.equal((await api[who].get('/goals/indicators')).status === 200, false, who);
  }
  assert.equal((await s.web.employee.get('/goals/indicators')).status, 403);
});

test('the security function: roles with share of a position, budget per year and mandate', async () => {
  const f = await api.manager.create('security-function', { role: 'coordinator', person_id: person.coord, fte_percent: 50,
    budget_year: 2026, budget_sek: 250000, mandate: 'Riktlinje för informationssäkerhet, avsnitt 4' });
  assert.equal(f.fte_percent, 50);
  for (const [body, field] of [
    [{ role: 'coordinator', fte_percent: 120 }, 'fte_percent'],
    [{ role: 'coordinator', budget_sek: 1000 }, 'budget_year'],
    [{ role: 'boss' }, 'role'],
  ]) {
    const r = await admin.post('/api/v1/security-function', body);
    assert.equal(r.status, 422, r.text);
    assert.ok(r.text.includes(field), r.text);
  }
  assert.equal((await api.auditor.get(`/api/v1/security-function/${f.id}`)).status, 200);
  assert.equal((await api.auditor.patch(`/api/v1/security-function/${f.id}`, { fte_percent: 10 })).status, 403);
  assert.equal((await api.employee.get(`/api/v1/security-function/${f.id}`)).status, 403);
  const hist = await admin.get(`/api/v1/security-function/${f.id}/history`);
  assert.equal(hist.status, 200);
});

test('training coverage and documents reviewed on time, from the training and documents areas', async () => {
  const goal = await admin.create('goals', { title: 'Utbildning och styrdokument' });
  const staff = await admin.create('indicators', { goal_id: goal.id, title: 'Utbildad personal', kind: 'training_staff', target: 90 });
  const elected = await admin.create('indicators', { goal_id: goal.id, title: 'Utbildade förtroendevalda', kind: 'training_elected', target: 100 });
  const docs = await admin.create('indicators', { goal_id: goal.id, title: 'Styrdokument i tid', kind: 'documents_reviewed', target: 100 });
  const s0 = await now(staff.id), e0 = await now(elected.id), d0 = await now(docs.id);
  for (const n of [s0, e0, d0]) assert.equal(n.available, true);
  // An employee registered long enough ago to be due, then trained.
  const emp = await admin.create('people', { name: 'Ulla Utbildad', kind: 'employee' });
  const pol = await admin.create('people', { name: 'Per Politiker', kind: 'elected' });
  const basics = await admin.create('trainings', { name: 'Grundutbildning', topic: 'basics', audience: 'all_staff' });
  const forEl = await admin.create('trainings', { name: 'För förtroendevalda', topic: 'basics', audience: 'elected_officials' });
  await admin.create('training-sessions', { training_id: basics.id, session_date: day(0), attendee_ids: [emp.id] });
  await admin.create('training-sessions', { training_id: forEl.id, session_date: day(0), attendee_ids: [pol.id] });
  const s1 = await now(staff.id), e1 = await now(elected.id);
  assert.equal(s1.part, s0.part + 1, JSON.stringify([s0, s1]));
  assert.equal(s1.whole, s0.whole + 1);
  assert.equal(e1.part, e0.part + 1, JSON.stringify([e0, e1]));
  assert.equal(e1.whole, e0.whole + 1);
  // An adopted document reviewed in time, and one whose review has passed.
  const base = { kind: 'policy', status: 'adopted', adopted_by: 'council', case_number: 'KS 2026/9', review_interval_months: 12 };
  await admin.create('governing-documents', { ...base, title: 'Policy i tid', decision_date: day(-30) });
  await admin.create('governing-documents', { ...base, title: 'Riktlinje sen', decision_date: day(-800) });
  const d1 = await now(docs.id);
  assert.equal(d1.whole, d0.whole + 2, JSON.stringify([d0, d1]));
  assert.equal(d1.part, d0.part + 1);
});

test('a daily pass keeps each quarter\'s value even when no one reads the indicator', async () => {
  const goal = await admin.create('goals', { title: 'Ägarskap' });
  const ind = await admin.create('indicators', { goal_id: goal.id, title: 'System med ägare (dagligen)', kind: 'systems_with_owner', target: 90 });
  const kept = () => sqlite(s.env.db, `SELECT quarter FROM indicator_history WHERE indicator_id = ${ind.id} ORDER BY quarter`)
    .split('\n').filter(Boolean);
  // The server's daily pass, on a day of the next quarter, without any read.
  const next = new Date(Date.now() + 100 * 86400e3).toISOString().slice(0, 10);
  const q = `${next.slice(0, 4)}-Q${Math.floor((Number(next.slice(5, 7)) - 1) / 3) + 1}`;
  assert.ok(!kept().includes(q));
  await s.srv.stop();
  s.srv = await startServer(s.env.db, [], { env: { TILLIT_REMINDER_DAY: next } });
  for (let i = 0; i < 50 && !kept().includes(q); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(kept().includes(q), `the pass kept ${q}: ${kept()}`);
});
