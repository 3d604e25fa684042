// The annual wheel (issue 14, item 9): every due date Tillit knows, from
// its sources — classification reviews, measures, planned exercises,
// continuity plan reviews and the organisation's own recurring activities
// (the defaults: the annual report to kommunstyrelsen and the RSA to
// länsstyrelsen by 31 October of the year after an election) — as a month
// view, a list and JSON; only what the reader may read: an employee sees
// their own recurring activity and nothing else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serverWithUsers, day, htmlText, tr } from '../lib/tillit.mjs';

const SV = 'sv';
let s, ids = {};

before(async () => {
  s = await serverWithUsers({ samordnare: 'coordinator', anna: 'employee', ulla: 'system_owner' });
  const { admin, person } = s;
  const owner = await admin.create('people', { name: 'Olle Ägare', email: 'olle@example.se', kind: 'employee' });
  ids.owner = owner.id;
  const info = await admin.create('information-assets', { name: 'Elevjournaler', owner_id: owner.id });
  ids.info = info.id;
  // Decided 400 days ago: its review fell due about a month ago.
  await admin.create('classifications', {
    asset_id: info.id, classified_on: day(-400), confidentiality: 2, integrity: 1, availability: 1, traceability: 1,
    confidentiality_reason: 'Personuppgifter', integrity_reason: 'x', availability_reason: 'x', traceability_reason: 'x',
    status: 'decided', decided_by_id: owner.id, decided_on: day(-400),
  });
  const ex = await admin.create('exercises', { title: 'Övning strömavbrott', exercise_date: day(20), participant_ids: [person.anna] });
  ids.exercise = ex.id;
  const finding = await admin.create('exercise-findings', { exercise_id: ex.id, title: 'Reservkraft saknas' });
  const m = await admin.create('measures', { title: 'Skaffa reservkraft', finding_id: finding.id, owner_id: person.anna, due_date: day(5) });
  ids.measure = m.id;
  const proc = await admin.create('processes', { name: 'Skolskjuts' });
  const plan = await admin.create('continuity-plans', { title: 'Plan för skolskjuts', process_id: proc.id, status: 'adopted', review_date: day(30), owner_id: owner.id });
  ids.plan = plan.id;
  // A system analysed about three years ago (classified 2: every 36
  // months), an open action-plan item with a due date, and a significant
  // incident whose early warning is due within 24 hours.
  const sys = await admin.create('systems', { name: 'Skolsystemet', owner_id: owner.id, information_asset_ids: [info.id] });
  ids.system = sys.id;
  await admin.create('risk-analyses', { title: 'RA Skolsystemet', scope: 'system', system_id: sys.id, analysed_on: day(-1000),
    status: 'decided', decided_by_id: owner.id, decided_on: day(-1000) });
  const reqs = await admin.items('requirements', '&status=active');
  await admin.create('action-plan-items', { system_id: sys.id, requirement_id: reqs[0].id, assessment: 'partly', responsible_id: owner.id, due_date: day(15) });
  const at = new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const inc = await admin.create('incidents', { title: 'Intrång i skolsystemet', description: 'Obehörig inloggning.', discovered_at: at, aware_at: at,
    significance: 'significant', significance_reason: 'Många elever berörs.' });
  ids.incident = inc.id;
  const act = await admin.create('recurring-activities', { title: 'Annas kvartalskoll', rule: 'quarterly', month: 1, day: 15, owner_id: person.anna, first_year: 2020 });
  ids.activity = act.id;
});

after(async () => {
  await s.srv.stop();
  s.env.cleanup();
});

async function wheel(api, qs) {
  const r = await api.get(`/api/v1/wheel?${qs}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

test('the default recurring activities are seeded: the annual report and the RSA after each election', async () => {
  const acts = await s.admin.items('recurring-activities');
  const rsa = acts.find((a) => /RSA/.test(a.title));
  assert.ok(rsa, 'the RSA activity');
  assert.equal(rsa.rule, 'after_election');
  assert.equal(rsa.month, 10);
  assert.equal(rsa.day, 31);
  assert.ok(acts.find((a) => /kommunstyrelsen/.test(a.title)), 'the annual report');
  const items = await wheel(s.admin, 'from=2026-01-01&to=2028-12-31&source=recurring');
  const rsaDates = items.filter((i) => i.record_id === rsa.id).map((i) => i.date);
  assert.deepEqual(rsaDates, ['2027-10-31'], 'the RSA falls in the year after the 2026 election only');
});

test('the wheel lists each source with links to its records, overdue marked', async () => {
  const items = await wheel(s.admin, `from=${day(-60)}&to=${day(100)}`);
  const by = (src) => items.filter((i) => i.source === src);
  const cls = by('classification_reviews');
  assert.equal(cls.length, 1);
  assert.equal(cls[0].record_id, ids.info);
  assert.equal(cls[0].overdue, true, 'a review that fell due a month ago is overdue');
  assert.equal(cls[0].href, `/information-assets/${ids.info}`);
  assert.equal(cls[0].person_id, ids.owner);
  const ms = by('measures');
  assert.equal(ms.length, 1);
  assert.equal(ms[0].date, day(5));
  assert.equal(ms[0].overdue, false);
  assert.equal(by('exercises')[0].record_id, ids.exercise);
  assert.equal(by('plan_reviews')[0].date, day(30));
  assert.ok(by('recurring').some((i) => i.record_id === ids.activity));
  const sa = by('system_analyses');
  assert.equal(sa.length, 1, 'the system\'s next analysis, 36 months after the last');
  assert.equal(sa[0].record_id, ids.system);
  assert.ok(sa[0].date >= day(80) && sa[0].date <= day(100), sa[0].date);
  const pi = by('plan_items');
  assert.equal(pi.length, 1);
  assert.equal(pi[0].date, day(15));
  assert.equal(pi[0].href, `/systems/${ids.system}/plan`);
  const ir = by('incident_reports');
  assert.ok(ir.length >= 1, 'the early warning\'s deadline');
  assert.ok(ir.every((i) => i.record_id === ids.incident && i.href === `/incidents/${ids.incident}`));
  assert.ok(ir[0].date <= day(1));
  // Sorted by date.
  const dates = items.map((i) => i.date);
  assert.deepEqual(dates, [...dates].sort());
  // A measure done drops out.
  await s.admin.patch(`/api/v1/measures/${ids.measure}`, { status: 'done' });
  assert.equal((await wheel(s.admin, `from=${day(-60)}&to=${day(100)}&source=measures`)).length, 0);
  await s.admin.patch(`/api/v1/measures/${ids.measure}`, { status: 'planned' });
  assert.equal((await wheel(s.admin, `from=${day(-60)}&to=${day(100)}&source=measures`)).length, 1);
});

test('one person\'s wheel, and bad queries', async () => {
  const mine = await wheel(s.admin, `from=${day(-60)}&to=${day(100)}&person=${s.person.anna}`);
  assert.ok(mine.length >= 2);
  assert.ok(mine.every((i) => i.person_id === s.person.anna || i.source === 'exercises'), 'hers, or exercises she takes part in');
  assert.ok(mine.some((i) => i.source === 'exercises'));
  for (const qs of ['from=2026-02-30&to=2026-03-01', 'from=2026-01-01&to=2030-01-01', 'source=nonsense', 'person=x']) {
    const r = await s.admin.get(`/api/v1/wheel?${qs}`);
    assert.equal(r.status, 400, qs);
  }
});

test('an employee sees only what they may read: their own recurring activity', async () => {
  const items = await wheel(s.api.anna, `from=${day(-60)}&to=${day(370)}`);
  assert.ok(items.length > 0);
  // Of the recurring activities, only her own; no measures, classifications,
  // exercises, continuity plans or incidents, which an employee may not
  // read. (Employees read the systems, and so, as on the gap list, when a
  // system's analysis and plan fall due.)
  const recurring = items.filter((i) => i.source === 'recurring');
  assert.ok(recurring.length > 0 && recurring.every((i) => i.record_id === ids.activity), JSON.stringify(recurring));
  const hidden = ['measures', 'classification_reviews', 'exercises', 'plan_reviews', 'incident_reports', 'asset_analyses'];
  assert.ok(!items.some((i) => hidden.includes(i.source)), JSON.stringify(items));
  assert.ok(items.every((i) => i.source === 'recurring' || i.entity === 'systems'));
  // The system owner reads the security work: measures and plans too.
  const owner = await wheel(s.api.ulla, `from=${day(-60)}&to=${day(100)}`);
  assert.ok(owner.some((i) => i.source === 'measures'));
  assert.ok(owner.some((i) => i.source === 'classification_reviews'));
  // The page too.
  const page = htmlText((await s.web.anna.get(`/wheel?view=list&year=${day(5).slice(0, 4)}`)).text);
  assert.ok(!page.includes('Skaffa reservkraft'));
  assert.ok(!page.includes('Elevjournaler'));
});

test('an employee\'s own wheel shows when their own training must be done', async () => {
  const mine = await wheel(s.api.anna, `from=${day(-60)}&to=${day(370)}&person=me`);
  const own = mine.filter((i) => i.source === 'staff_training');
  assert.equal(own.length, 1, JSON.stringify(mine));
  assert.equal(own[0].record_id, s.person.anna);
  // Not someone else's: the organisation's wheel has none, and another
  // person's is not theirs to see.
  assert.ok(!(await wheel(s.api.anna, `from=${day(-60)}&to=${day(370)}`)).some((i) => i.source === 'staff_training'));
});

test('the month view: twelve months, items linked, overdue in words; the list and its filters', async () => {
  const year = day(-30).slice(0, 4);
  const r = await s.web.samordnare.get(`/wheel?year=${year}`);
  assert.equal(r.status, 200);
  const months = [...r.text.matchAll(/<section class="wheel-month/g)].length;
  assert.equal(months, 12);
  assert.ok(r.text.includes(`href="/information-assets/${ids.info}"`));
  assert.ok(htmlText(r.text).includes(tr(SV, 'Overdue')), 'overdue said in words');
  assert.ok(r.text.includes('class="tag overdue"'));
  const list = await s.web.samordnare.get(`/wheel?year=${year}&view=list&source=classification_reviews`);
  assert.equal(list.status, 200);
  assert.ok(list.text.includes('Elevjournaler'));
  assert.ok(!list.text.includes('Annas kvartalskoll'));
  // Mine: the coordinator is responsible for none of these.
  const mine = await s.web.samordnare.get(`/wheel?year=${year}&view=list&mine=1&source=classification_reviews`);
  assert.ok(!mine.text.includes('Elevjournaler'));
  // The menu names the wheel under Governance.
  assert.ok(r.text.includes('href="/wheel"'));
});

test('a recurring activity with a bad rule is refused and changes nothing', async () => {
  const before = (await s.admin.items('recurring-activities')).length;
  let r = await s.admin.post('/api/v1/recurring-activities', { title: 'Utan månad', rule: 'yearly', day: 1 });
  assert.equal(r.status, 422);
  assert.ok(r.json.errors.some((e) => e.field === 'month'));
  r = await s.admin.post('/api/v1/recurring-activities', { title: 'Baklänges', rule: 'yearly', month: 1, day: 1, first_year: 2030, last_year: 2029 });
  assert.equal(r.status, 422);
  r = await s.admin.post('/api/v1/recurring-activities', { title: 'Dag 32', rule: 'monthly', day: 32 });
  assert.equal(r.status, 422);
  assert.equal((await s.admin.items('recurring-activities')).length, before);
  // An employee may not add to the organisation's cycle.
  r = await s.api.anna.post('/api/v1/recurring-activities', { title: 'Eget', rule: 'monthly', day: 1 });
  assert.equal(r.status, 403);
});

test('the governance cycle on the wheel: document reviews and reading, training, access reviews, meetings, decisions, control points', async () => {
  const { admin, person } = s;
  const unit = await admin.create('units', { name: 'Barn- och utbildning', kind: 'administration' });
  const reader = { id: person.anna };
  assert.equal((await admin.patch(`/api/v1/people/${person.anna}`, { unit_id: unit.id })).status, 200);
  // An adopted document decided eleven months ago with a yearly review:
  // due in about a month; its owner reads it, and a unit is asked to read
  // it by a date.
  const doc = await admin.create('governing-documents', { title: 'Riktlinje för informationssäkerhet', kind: 'guideline', status: 'adopted',
    adopted_by: 'executive_board', decision_date: day(-335), case_number: 'KS 2025/77', review_interval_months: 12, owner_id: ids.owner });
  await admin.create('document-versions', { document_id: doc.id, label: '1.0', version_date: day(-335) });
  const ask = await admin.post(`/api/v1/governing-documents/${doc.id}/acknowledgement-requests`, { audience: 'unit', unit_id: unit.id, due_date: day(21) });
  assert.equal(ask.status, 201, ask.text);
  // A training session the reader attends; an elected official never trained.
  const course = await admin.create('trainings', { name: 'Grundkurs informationssäkerhet', topic: 'basics', audience: 'all_staff' });
  const session = await admin.create('training-sessions', { training_id: course.id, session_date: day(10), attendee_ids: [reader.id] });
  // An access review due, a meeting with a decision, a control point.
  const review = await admin.create('access-reviews', { system_id: ids.system, reviewer_id: ids.owner, due_date: day(40) });
  const meeting = await admin.create('meetings', { body: 'Säkerhetsforum', kind: 'forum', meeting_date: day(12), participant_ids: [reader.id] });
  const decision = await admin.create('meeting-decisions', { meeting_id: meeting.id, decision: 'Ta fram en rutin för behörigheter', owner_id: reader.id, due_date: day(50) });
  const cp = await admin.create('control-points', { year: Number(day(0).slice(0, 4)), title: 'Stickprov på avslutade konton', owner_id: ids.owner, check_date: day(25) });

  const items = await wheel(admin, `from=${day(-60)}&to=${day(100)}`);
  const one = (src, id) => {
    const found = items.filter((i) => i.source === src && i.record_id === id);
    assert.equal(found.length, 1, `${src} ${id}: ${JSON.stringify(items.filter((i) => i.source === src))}`);
    return found[0];
  };
  const dr = one('document_reviews', doc.id);
  assert.ok(dr.date >= day(25) && dr.date <= day(35), dr.date);
  assert.equal(dr.href, `/governing-documents/${doc.id}`);
  assert.equal(one('training_sessions', session.id).date, day(10));
  assert.equal(one('access_reviews', review.id).href, `/access-reviews/${review.id}/accounts`);
  assert.equal(one('meetings', meeting.id).date, day(12));
  assert.equal(one('meeting_decisions', decision.id).person_id, reader.id);
  assert.equal(one('control_points', cp.id).date, day(25));
  // The organisation's wheel does not list each person's reading and training.
  assert.ok(!items.some((i) => ['document_reading', 'staff_training'].includes(i.source)));

  // The reader's own wheel: the document to read by its date, the session,
  // the meeting and the decision; when their basic training must be done.
  const mine = await wheel(admin, `from=${day(-60)}&to=${day(400)}&person=${reader.id}`);
  const reading = mine.filter((i) => i.source === 'document_reading');
  assert.equal(reading.length, 1, JSON.stringify(mine));
  assert.equal(reading[0].date, day(21));
  assert.equal(reading[0].record_id, doc.id);
  for (const src of ['training_sessions', 'meetings', 'meeting_decisions']) assert.ok(mine.some((i) => i.source === src), src);
  // Confirming the reading takes it off the wheel.
  const version = (await admin.items('document-versions', `&document_id=${doc.id}`))[0];
  const ack = await s.api.anna.post(`/api/v1/document-versions/${version.id}/acknowledge`, {});
  assert.equal(ack.status, 200, ack.text);
  const after = await wheel(admin, `from=${day(-60)}&to=${day(400)}&person=${reader.id}`);
  assert.ok(!after.some((i) => i.source === 'document_reading'), JSON.stringify(after));
});
