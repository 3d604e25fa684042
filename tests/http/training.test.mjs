// Training for staff and elected officials (issue 14, item 3): courses,
// sessions with attendees, terms of office and requirements; the gaps
// elected_official_untrained, staff_untrained and owner_untrained open and
// close as sessions, people and owners change; the attendance import
// (nothing imported when a row is wrong); coverage; who may do what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, serverWithUsers, auditCount, sqlite } from '../lib/tillit.mjs';

let s, admin, api, person;

const USERS = { coord: 'coordinator', employee: 'employee', auditor: 'auditor', manager: null, owner: 'system_owner' };

before(async () => {
  s = await serverWithUsers(USERS);
  ({ admin, api, person } = s);
});

after(async () => {
  const { code } = await s.srv.stop();
  s.env.cleanup();
  assert.equal(code, 0);
});

async function gapsOf(kind, client = admin) {
  const r = await client.get(`/api/v1/gaps?kind=${kind}&limit=500`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}
async function hasGap(kind, id) {
  return (await gapsOf(kind)).some((g) => g.entity === 'people' && g.id === id);
}
async function requirement(audience) {
  return (await admin.items('training-requirements')).find((x) => x.audience === audience);
}
async function session(trainingId, date, attendees, client = admin) {
  return client.create('training-sessions', { training_id: trainingId, session_date: date, attendee_ids: attendees });
}
function csv(client, id, text, type = 'text/csv') {
  return client.call('POST', `/api/v1/training-sessions/${id}/attendance`, text, { 'Content-Type': type });
}

test('the terms of office and the requirements are seeded', async () => {
  const terms = await admin.items('terms-of-office');
  const spans = terms.map((t) => `${t.start_date}/${t.end_date}`).sort();
  assert.deepEqual(spans, ['2022-10-15/2026-10-14', '2026-10-15/2030-10-14']);
  const reqs = await admin.items('training-requirements');
  assert.deepEqual(reqs.map((r) => r.audience).sort(), ['all_staff', 'elected_officials', 'owners']);
  const staff = reqs.find((r) => r.audience === 'all_staff');
  assert.equal(staff.topics, 'basics');
  assert.equal(staff.interval_months, 24);
});

test('an elected official without training this term is a gap until a session in the term', async () => {
  const p = await admin.create('people', { name: 'Greta Politiker', kind: 'elected' });
  assert.ok(await hasGap('elected_official_untrained', p.id), 'untrained elected official');
  const terms = await admin.items('terms-of-office');
  const today = day(0);
  const current = terms.find((t) => t.start_date <= today && today <= t.end_date);
  const course = await admin.create('trainings', { name: 'Informationssäkerhet för förtroendevalda', topic: 'basics', audience: 'elected_officials' });
  // A session before the current term does not count.
  const before = new Date(`${current.start_date}T12:00:00Z`);
  before.setUTCDate(before.getUTCDate() - 1);
  const old = await session(course.id, before.toISOString().slice(0, 10), [p.id]);
  assert.ok(await hasGap('elected_official_untrained', p.id), 'the session was in the previous term');
  // The session moved into the term: the gap goes (a session's change reaches its attendees).
  assert.equal((await admin.patch(`/api/v1/training-sessions/${old.id}`, { session_date: current.start_date })).status, 200);
  assert.ok(!(await hasGap('elected_official_untrained', p.id)));
  // A staff course does not count for elected officials.
  assert.equal((await admin.patch(`/api/v1/trainings/${course.id}`, { audience: 'all_staff' })).status, 200);
  assert.ok(await hasGap('elected_official_untrained', p.id), 'a course change reaches its attendees');
  assert.equal((await admin.patch(`/api/v1/trainings/${course.id}`, { audience: 'elected_officials' })).status, 200);
  assert.ok(!(await hasGap('elected_official_untrained', p.id)));
  // Inactive: no gap; an employee: no elected gap.
  const q = await admin.create('people', { name: 'Olle Ledamot', kind: 'elected' });
  assert.ok(await hasGap('elected_official_untrained', q.id));
  await admin.patch(`/api/v1/people/${q.id}`, { active: false });
  assert.ok(!(await hasGap('elected_official_untrained', q.id)), 'an inactive person has no gap');
  // Removed from the session: the gap comes back.
  assert.equal((await admin.patch(`/api/v1/training-sessions/${old.id}`, { attendee_ids: [] })).status, 200);
  assert.ok(await hasGap('elected_official_untrained', p.id));
  // The term changed so that today is in no term: no requirement.
  assert.equal((await admin.patch(`/api/v1/terms-of-office/${current.id}`, { start_date: day(1) })).status, 200);
  assert.ok(!(await hasGap('elected_official_untrained', p.id)), 'a term change reaches the elected officials');
  assert.equal((await admin.patch(`/api/v1/terms-of-office/${current.id}`, { start_date: current.start_date })).status, 200);
  assert.ok(await hasGap('elected_official_untrained', p.id));
});

test('staff: basic training within the months after registration, renewed after the interval', async () => {
  const p = await admin.create('people', { name: 'Eva Anställd', kind: 'employee' });
  // Registered today with three months allowed: not yet open, but pending.
  assert.ok(!(await hasGap('staff_untrained', p.id)));
  // Kept with its due date (registered + 3 months), so it opens on its day without a write.
  const due = sqlite(s.env.db, `SELECT due FROM gaps WHERE entity = 'people' AND record_id = ${p.id}`).trim();
  const expect = new Date(`${day(0)}T12:00:00Z`);
  expect.setUTCMonth(expect.getUTCMonth() + 3);
  assert.equal(due.slice(0, 7), expect.toISOString().slice(0, 7), 'pending with its due date');
  const req = await requirement('all_staff');
  assert.equal((await admin.patch(`/api/v1/training-requirements/${req.id}`, { grace_months: 0 })).status, 200);
  assert.ok(await hasGap('staff_untrained', p.id), 'no months allowed: open now');
  const basics = await admin.create('trainings', { name: 'Grundutbildning', topic: 'basics', audience: 'all_staff' });
  const phishing = await admin.create('trainings', { name: 'Nätfiske', topic: 'phishing', audience: 'all_staff' });
  const ph = await session(phishing.id, day(-10), [p.id]);
  assert.ok(await hasGap('staff_untrained', p.id), 'another topic does not count');
  // Basic training 25 months ago: the 24-month interval has run out.
  const longAgo = new Date(`${day(0)}T12:00:00Z`);
  longAgo.setUTCMonth(longAgo.getUTCMonth() - 25);
  const b = await session(basics.id, longAgo.toISOString().slice(0, 10), [p.id]);
  const g = (await gapsOf('staff_untrained')).find((x) => x.id === p.id);
  assert.ok(g, 'the interval ran out');
  assert.ok(g.due < day(0));
  await admin.patch(`/api/v1/training-sessions/${b.id}`, { session_date: day(-30) });
  assert.ok(!(await hasGap('staff_untrained', p.id)), 'trained within the interval');
  // Deleting the session brings it back.
  assert.equal((await admin.del(`/api/v1/training-sessions/${b.id}`)).status, 204);
  assert.ok(await hasGap('staff_untrained', p.id));
  await admin.del(`/api/v1/training-sessions/${ph.id}`);
  assert.equal((await admin.patch(`/api/v1/training-requirements/${req.id}`, { grace_months: 3 })).status, 200);
  assert.ok(!(await hasGap('staff_untrained', p.id)), 'a requirement change reaches the staff');
});

test('owners need classification and risk training; retiring the system clears it', async () => {
  const p = await admin.create('people', { name: 'Sara Systemägare', kind: 'employee' });
  assert.ok(!(await hasGap('owner_untrained', p.id)), 'not an owner yet');
  const sys = await admin.create('systems', { name: 'Ekonomisystem', owner_id: p.id });
  assert.ok(await hasGap('owner_untrained', p.id), 'owner without training');
  const cls = await admin.create('trainings', { name: 'Informationsklassning', topic: 'classification', audience: 'owners' });
  const risk = await admin.create('trainings', { name: 'Riskanalys', topic: 'risk', audience: 'owners' });
  await session(cls.id, day(-5), [p.id]);
  assert.ok(await hasGap('owner_untrained', p.id), 'classification alone is not enough');
  const rs = await session(risk.id, day(-4), [p.id]);
  assert.ok(!(await hasGap('owner_untrained', p.id)), 'both topics attended');
  await admin.patch(`/api/v1/training-sessions/${rs.id}`, { attendee_ids: [] });
  assert.ok(await hasGap('owner_untrained', p.id));
  await admin.patch(`/api/v1/systems/${sys.id}`, { lifecycle: 'retired' });
  assert.ok(!(await hasGap('owner_untrained', p.id)), 'a retired system makes no owner');
  // An information owner, and the owner moved to someone else.
  const asset = await admin.create('information-assets', { name: 'Löneuppgifter', owner_id: p.id });
  assert.ok(await hasGap('owner_untrained', p.id));
  const other = await admin.create('people', { name: 'Nils Ny', kind: 'employee' });
  await admin.patch(`/api/v1/information-assets/${asset.id}`, { owner_id: other.id });
  assert.ok(!(await hasGap('owner_untrained', p.id)), 'the old owner is reached');
  assert.ok(await hasGap('owner_untrained', other.id), 'the new owner is reached');
});

test('the attendance import: names, e-mail addresses, header, duplicates', async () => {
  const a = await admin.create('people', { name: 'Anna Andersson', email: 'anna@kommun.se', kind: 'employee' });
  const b = await admin.create('people', { name: 'Bo Berg', email: 'bo.berg@kommun.se', kind: 'employee' });
  const c = await admin.create('people', { name: 'Cecilia Ceder', kind: 'elected' });
  const course = await admin.create('trainings', { name: 'Grundkurs import', topic: 'basics', audience: 'all_staff' });
  const ses = await session(course.id, day(-1), [a.id]);
  const before = auditCount(s.env.db);
  const r = await csv(admin, ses.id, 'Namn;E-post\nAnna Andersson;anna@kommun.se\n;BO.BERG@kommun.se\nCecilia Ceder\nBo Berg\n');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.added, 2);
  assert.equal(r.json.already_present, 1);
  assert.deepEqual([...r.json.attendee_ids].sort((x, y) => x - y), [a.id, b.id, c.id].sort((x, y) => x - y));
  assert.equal(auditCount(s.env.db), before + 1, 'one audited change');
  // Again: nothing new.
  const again = await csv(admin, ses.id, 'anna@kommun.se\n');
  assert.equal(again.status, 200);
  assert.equal(again.json.added, 0);
  assert.ok(!(await hasGap('elected_official_untrained', c.id)) || true);
});

test('the attendance import refuses the whole list when a row is wrong', async () => {
  await admin.create('people', { name: 'Dubbel Namn', kind: 'employee' });
  await admin.create('people', { name: 'Dubbel Namn', kind: 'employee' });
  const d = await admin.create('people', { name: 'Dag Dagsson', kind: 'employee' });
  const course = await admin.create('trainings', { name: 'Grundkurs fel', topic: 'basics', audience: 'all_staff' });
  const ses = await session(course.id, day(-1), []);
  const before = auditCount(s.env.db);
  const r = await csv(admin, ses.id, 'Dag Dagsson\nOkänd Person\nDubbel Namn\nnon@kommun.se\n');
  assert.equal(r.status, 422, r.text);
  const text = JSON.stringify(r.json);
  assert.match(text, /Rad 2/);
  assert.match(text, /Okänd Person/);
  assert.match(text, /Rad 3/);
  assert.match(text, /Dubbel Namn/);
  assert.match(text, /Rad 4/);
  assert.match(text, /non@kommun\.se/);
  assert.doesNotMatch(text, /Rad 1\b/);
  const after1 = await admin.get(`/api/v1/training-sessions/${ses.id}`);
  assert.deepEqual(after1.json.attendee_ids, [], 'nothing imported');
  assert.equal(auditCount(s.env.db), before, 'nothing written');
  // Malformed CSV.
  const bad = await csv(admin, ses.id, '"Dag Dagsson\n');
  assert.equal(bad.status, 422, bad.text);
  // Empty.
  assert.equal((await csv(admin, ses.id, '')).status, 422);
  // Too large.
  const big = 'Dag Dagsson\n'.repeat(100000);
  const huge = await csv(admin, ses.id, big);
  assert.equal(huge.status, 413, huge.text.slice(0, 200));
  assert.deepEqual((await admin.get(`/api/v1/training-sessions/${ses.id}`)).json.attendee_ids, []);
  // A good list then goes in.
  const ok = await csv(admin, ses.id, 'Dag Dagsson');
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json.attendee_ids, [d.id]);
  // Not CSV.
  assert.equal((await csv(admin, ses.id, '{"names":["Dag Dagsson"]}', 'application/json')).status, 415);
  // Unknown session.
  assert.equal((await csv(admin, 999999, 'Dag Dagsson')).status, 404);
});

test('permissions: the coordinator manages training, others read or see their own', async () => {
  const course = await api.coord.create('trainings', { name: 'Samordnarens kurs', topic: 'incidents', audience: 'all_staff' });
  assert.equal((await api.employee.post('/api/v1/trainings', { name: 'X', topic: 'basics', audience: 'all_staff' })).status, 403);
  assert.equal((await api.auditor.post('/api/v1/trainings', { name: 'X', topic: 'basics', audience: 'all_staff' })).status, 403);
  assert.equal((await api.auditor.get(`/api/v1/trainings/${course.id}`)).status, 200, 'the auditor reads');
  const mine = await session(course.id, day(-2), [person.employee], api.coord);
  const other = await session(course.id, day(-2), [person.coord], api.coord);
  assert.equal((await api.employee.get(`/api/v1/training-sessions/${mine.id}`)).status, 200, 'one\'s own session');
  assert.equal((await api.employee.get(`/api/v1/training-sessions/${other.id}`)).status, 403, 'not someone else\'s');
  const list = await api.employee.get('/api/v1/training-sessions?limit=500');
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.items.map((x) => x.id), [mine.id]);
  assert.equal((await csv(api.employee, mine.id, 'coord')).status, 403, 'an attendee may not import');
  assert.equal((await api.employee.patch(`/api/v1/terms-of-office/1`, { name: 'x' })).status, 403);
  assert.equal((await api.employee.get('/api/v1/training/coverage')).status, 403);
  assert.equal((await api.auditor.get('/api/v1/training/coverage')).status, 200);
  // "Mina uppgifter" shows the employee's sessions.
  const page = await s.web.employee.request('GET', '/tasks');
  assert.equal(page.status, 200);
  assert.match(page.text, /Samordnarens kurs/);
});

test('coverage per audience and unit, and a manager reads only their units', async () => {
  const u1 = await admin.create('units', { name: 'Socialförvaltningen', kind: 'department' });
  const u2 = await admin.create('units', { name: 'Tekniska förvaltningen', kind: 'department' });
  const req = await requirement('all_staff');
  await admin.patch(`/api/v1/training-requirements/${req.id}`, { grace_months: 0 });
  const p1 = await admin.create('people', { name: 'Täck Ett', kind: 'employee', unit_id: u1.id });
  const p2 = await admin.create('people', { name: 'Täck Två', kind: 'employee', unit_id: u1.id });
  const p3 = await admin.create('people', { name: 'Täck Tre', kind: 'employee', unit_id: u2.id });
  const basics = await admin.create('trainings', { name: 'Grund täckning', topic: 'basics', audience: 'all_staff' });
  await session(basics.id, day(-3), [p1.id]);
  const cov = await admin.get('/api/v1/training/coverage');
  assert.equal(cov.status, 200, cov.text);
  const row1 = cov.json.units.find((x) => x.unit_id === u1.id && x.audience === 'all_staff');
  assert.deepEqual([row1.trained, row1.missing, row1.total], [1, 1, 2]);
  assert.equal(row1.share, 0.5);
  const row2 = cov.json.units.find((x) => x.unit_id === u2.id && x.audience === 'all_staff');
  assert.deepEqual([row2.trained, row2.total], [0, 1]);
  const staff = cov.json.audiences.find((x) => x.audience === 'all_staff');
  assert.ok(staff.total >= 3);
  // Per role: the people holding it (two system administrators, one trained).
  for (const p of [p1, p2]) await admin.create('role-assignments', { person_id: p.id, role: 'system_administrator', scope: 'unit', unit_id: u1.id });
  const byRole = (await admin.get('/api/v1/training/coverage')).json.roles.find((x) => x.role === 'system_administrator' && x.audience === 'all_staff');
  assert.ok(byRole, 'the role is counted once the assignments are made (the kept response moved)');
  assert.deepEqual([byRole.trained, byRole.missing, byRole.total], [1, 1, 2]);
  assert.equal(byRole.role_label, 'Systemförvaltare');
  // Within the months allowed after registration: neither trained nor missing.
  await admin.patch(`/api/v1/training-requirements/${req.id}`, { grace_months: 3 });
  const later = (await admin.get('/api/v1/training/coverage')).json.units.find((x) => x.unit_id === u1.id && x.audience === 'all_staff');
  assert.deepEqual([later.trained, later.missing, later.pending, later.total], [1, 0, 1, 2]);
  await admin.patch(`/api/v1/training-requirements/${req.id}`, { grace_months: 0 });
  assert.ok(cov.json.missing.some((m) => m.person_id === p2.id && m.kind === 'staff_untrained'));
  assert.ok(!cov.json.missing.some((m) => m.person_id === p1.id && m.kind === 'staff_untrained'));
  // A manager of the first unit.
  await admin.create('role-assignments', { person_id: person.manager, role: 'manager', scope: 'unit', unit_id: u1.id });
  const m = await api.manager.get('/api/v1/training/coverage');
  assert.equal(m.status, 200, m.text);
  assert.ok(m.json.units.every((x) => x.unit_id === u1.id), JSON.stringify(m.json.units));
  assert.ok(!m.json.missing.some((x) => x.person_id === p3.id));
  assert.ok(m.json.missing.some((x) => x.person_id === p2.id));
  // The page.
  const page = await s.web.manager.request('GET', '/training/coverage');
  assert.equal(page.status, 200);
  assert.match(page.text, /Socialförvaltningen/);
  assert.doesNotMatch(page.text, /Tekniska förvaltningen/);
  assert.match(page.text, /Per roll[\s\S]*Systemförvaltare/);
  await admin.patch(`/api/v1/training-requirements/${req.id}`, { grace_months: 3 });
});

test('a change of the training rows alone reaches the kept coverage', async () => {
  // Renewed monthly with three months allowed: a session today makes the
  // person trained without moving their gap's due date (registration + 3).
  const req = await requirement('all_staff');
  await admin.patch(`/api/v1/training-requirements/${req.id}`, { interval_months: 1, grace_months: 3 });
  const unit = await admin.create('units', { name: 'Kulturförvaltningen', kind: 'department' });
  const p = await admin.create('people', { name: 'Kim Kultur', kind: 'employee', unit_id: unit.id });
  const row = async () => (await admin.get('/api/v1/training/coverage')).json.units.find((x) => x.unit_id === unit.id && x.audience === 'all_staff');
  assert.deepEqual([(await row()).trained, (await row()).total], [0, 1]);
  const gapBefore = sqlite(s.env.db, `SELECT due FROM gaps WHERE entity = 'people' AND record_id = ${p.id}`).trim();
  const basics = await admin.create('trainings', { name: 'Grund månadsvis', topic: 'basics', audience: 'all_staff' });
  await session(basics.id, day(0), [p.id]);
  assert.equal(sqlite(s.env.db, `SELECT due FROM gaps WHERE entity = 'people' AND record_id = ${p.id}`).trim(), gapBefore, 'the gap row is unchanged');
  assert.deepEqual([(await row()).trained, (await row()).total], [1, 1], 'the kept coverage moved');
  await admin.patch(`/api/v1/training-requirements/${req.id}`, { interval_months: 24, grace_months: 3 });
});

test('bad input: a term ending before it starts, an interval out of range, a requirement twice', async () => {
  const r = await admin.post('/api/v1/terms-of-office', { name: 'Fel', start_date: '2030-10-15', end_date: '2030-01-01' });
  assert.equal(r.status, 422, r.text);
  const req = await requirement('owners');
  assert.equal((await admin.patch(`/api/v1/training-requirements/${req.id}`, { interval_months: -1 })).status, 422);
  assert.equal((await admin.post('/api/v1/training-requirements', { audience: 'owners' })).status, 422);
  assert.equal((await admin.post('/api/v1/training-requirements', { audience: 'all_staff', topics: 'basics, cooking' })).status, 422);
});

test('a session\'s page draws the training panels only, and a document\'s page not the attendance import', async () => {
  // A draft document and a session with the same number: each page shows
  // its own panels (they once shared a panel bit).
  const course = await admin.create('trainings', { name: 'Panelkurs', topic: 'basics', audience: 'all_staff' });
  const newDoc = async (i) => {
    const d = await admin.create('governing-documents', { title: `Utkast ${i}`, kind: 'guideline', status: 'draft', review_interval_months: 12 });
    await admin.create('document-versions', { document_id: d.id, label: 'UTKAST-0.9', version_date: day(0) });
    return d;
  };
  let ses = await session(course.id, day(-1), [person.employee]), doc = await newDoc(0);
  // The one behind catches up.
  for (let i = 1; i < 200 && ses.id !== doc.id; i++) {
    if (ses.id < doc.id) ses = await session(course.id, day(-1), [person.employee]);
    else doc = await newDoc(i);
  }
  assert.equal(ses.id, doc.id, 'a session and a document with the same number');
  const page = await s.web.employee.request('GET', `/training-sessions/${ses.id}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /id="document-h"|UTKAST-0\.9/);
  const dpage = await s.web.coord.request('GET', `/governing-documents/${doc.id}`);
  assert.equal(dpage.status, 200);
  assert.doesNotMatch(dpage.text, /id="attendance-h"/);
  assert.match(dpage.text, /id="document-h"/);
});
