// Meetings and management reviews (issue 14, item 7) and internal control
// (item 8): decisions that link to records; a management review's agenda
// filled from live data and kept; control points whose results are
// recorded by the person responsible, a deviation becoming a measure, the
// gap control_not_performed appearing and going; permissions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, serverWithUsers, htmlText, auditCount, uploadFile, sqlite } from '../lib/tillit.mjs';

let s, admin, api, person;

const USERS = {
  coord: 'coordinator', manager: 'manager', elected: 'elected', auditor: 'auditor',
  employee: 'employee', checker: 'employee', dpo: 'dpo',
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

async function gaps(kind) {
  const r = await admin.get(`/api/v1/gaps?kind=${kind}&limit=500`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

test('a meeting with participants and decisions that link to a risk, a measure and a goal', async () => {
  const sys = await admin.create('systems', { name: 'Skolplattform' });
  const an = await admin.create('risk-analyses', { title: 'Riskanalys Skolplattform', scope: 'system', system_id: sys.id, analysed_on: day(-10) });
  const risk = await admin.create('risks', { analysis_id: an.id, title: 'Obehörig åtkomst', aspects: 'k', likelihood: 2, consequence: 2 });
  const measure = await admin.create('measures', { risk_id: risk.id, title: 'Tvåfaktorsinloggning' });
  const goal = await admin.create('goals', { title: 'Stark autentisering' });
  const m = await api.manager.create('meetings', { body: 'Säkerhetsforum', kind: 'forum', meeting_date: day(-1),
    participant_ids: [person.coord, person.manager], agenda: '1. Risker\n2. Övrigt' });
  assert.deepEqual(m.participant_ids.sort(), [person.coord, person.manager].sort());
  const d = await api.manager.create('meeting-decisions', { meeting_id: m.id, decision: 'Kvarvarande risk accepteras',
    risk_id: risk.id, measure_id: measure.id, goal_id: goal.id, owner_id: person.coord, due_date: day(60) });
  assert.equal(d.status, 'open');
  assert.equal(d.risk_id, risk.id);
  // The decision is reachable from the risk: a link, not a copy.
  const list = await admin.get(`/api/v1/meeting-decisions?risk_id=${risk.id}`);
  assert.equal(list.json.total, 1);
  const bad = await admin.post('/api/v1/meeting-decisions', { meeting_id: m.id, decision: 'X', risk_id: 999999 });
  assert.equal(bad.status, 422, bad.text);
  const nokind = await admin.post('/api/v1/meetings', { body: 'KS', kind: 'party' });
  assert.equal(nokind.status, 422, nokind.text);
  // Readers read, but do not write.
  for (const who of ['elected', 'auditor', 'dpo']) {
    assert.equal((await api[who].get(`/api/v1/meetings/${m.id}`)).status, 200, who);
    assert.equal((await api[who].get(`/api/v1/meeting-decisions/${d.id}`)).status, 200, who);
    assert.equal((await api[who].patch(`/api/v1/meetings/${m.id}`, { body: 'Nej' })).status, 403, who);
  }
  assert.equal((await api.employee.get(`/api/v1/meetings/${m.id}`)).status, 403);
  assert.equal((await api.employee.post('/api/v1/meeting-decisions', { meeting_id: m.id, decision: 'Nej' })).status, 403);
  // The meeting's page lists the way to its decisions.
  const page = htmlText((await s.web.coord.get(`/meetings/${m.id}`)).text);
  assert.match(page, /Säkerhetsforum/);
});

test('internal control: a deviation becomes a measure, the gap comes and goes', async () => {
  const p = await api.manager.create('control-points', { year: Number(day(0).slice(0, 4)), title: 'Avslutade konton tas bort i lönesystemet',
    method: 'Stickprov på tio personer som slutat', owner_id: person.checker, check_date: day(-3) });
  let g = (await gaps('control_not_performed')).filter((x) => x.id === p.id);
  assert.equal(g.length, 1);
  assert.equal(g[0].person_id, person.checker);
  assert.equal(g[0].entity, 'control-points');
  // It is on the checker's own tasks.
  const tasks = htmlText((await s.web.checker.get('/tasks')).text);
  assert.match(tasks, /Avslutade konton tas bort i lönesystemet/);
  // The date falls in another year: refused.
  const wrongYear = await admin.patch(`/api/v1/control-points/${p.id}`, { year: 2001 });
  assert.equal(wrongYear.status, 422, wrongYear.text);
  // A point not yet due: no gap.
  const later = await admin.create('control-points', { year: Number(day(0).slice(0, 4)) + 1, title: 'Loggar granskas',
    owner_id: person.checker, check_date: `${Number(day(0).slice(0, 4)) + 1}-06-30` });
  assert.ok(!(await gaps('control_not_performed')).some((x) => x.id === later.id));
  // Everyone reads the plan; the person responsible records the result, others may not.
  assert.equal((await api.checker.get(`/api/v1/control-points/${p.id}`)).status, 200);
  assert.equal((await api.employee.get(`/api/v1/control-points/${p.id}`)).status, 200);
  assert.equal((await api.employee.patch(`/api/v1/control-points/${p.id}`, { title: 'Nej' })).status, 403);
  assert.equal((await api.employee.post('/api/v1/control-results', { control_point_id: p.id, result_date: day(0), result: 'ok' })).status, 403);
  const audits = auditCount(s.env.db);
  for (const [body, field] of [
    [{ control_point_id: p.id, result_date: day(0), result: 'deviation' }, 'description'],
    [{ control_point_id: p.id, result_date: day(5), result: 'ok' }, 'result_date'],
    [{ control_point_id: p.id, result_date: day(0), result: 'maybe' }, 'result'],
  ]) {
    const r = await api.checker.post('/api/v1/control-results', body);
    assert.equal(r.status, 422, r.text);
    assert.ok(r.text.includes(field), r.text);
  }
  assert.equal(auditCount(s.env.db), audits, 'nothing written');
  const res = await api.checker.create('control-results', { control_point_id: p.id, result_date: day(0), result: 'deviation',
    description: 'Två av tio konton fanns kvar.' });
  assert.ok(!(await gaps('control_not_performed')).some((x) => x.id === p.id), 'performed: the gap is gone');
  const ms = await admin.items('measures', `&control_result_id=${res.id}`);
  assert.equal(ms.length, 1, 'the deviation became a measure');
  assert.equal(ms[0].owner_id, person.checker);
  assert.match(ms[0].title, /Avslutade konton/);
  assert.equal(ms[0].description, 'Två av tio konton fanns kvar.');
  // The measure's audit entry names the result as its cause.
  const h = await admin.get(`/api/v1/measures/${ms[0].id}/history`);
  assert.equal(h.status, 200);
  assert.match(h.text, new RegExp(`control-results/${res.id}`));
  // Changing the result again does not make a second measure.
  await admin.patch(`/api/v1/control-results/${res.id}`, { description: 'Två konton kvar, nu borttagna.' });
  assert.equal((await admin.items('measures', `&control_result_id=${res.id}`)).length, 1);
  // The result removed (its measure first): the gap is back.
  assert.equal((await admin.del(`/api/v1/measures/${ms[0].id}`)).status, 204);
  assert.equal((await admin.del(`/api/v1/control-results/${res.id}`)).status, 204);
  assert.ok((await gaps('control_not_performed')).some((x) => x.id === p.id));
  // Moved to a later date: not yet due.
  await admin.patch(`/api/v1/control-points/${p.id}`, { check_date: day(0) });
  assert.ok(!(await gaps('control_not_performed')).some((x) => x.id === p.id));
  await admin.patch(`/api/v1/control-points/${p.id}`, { check_date: day(-1) });
  // An ok result also performs it, and makes no measure.
  const ok = await api.checker.create('control-results', { control_point_id: p.id, result_date: day(0), result: 'ok' });
  assert.equal((await admin.items('measures', `&control_result_id=${ok.id}`)).length, 0);
  assert.ok(!(await gaps('control_not_performed')).some((x) => x.id === p.id));
});

test('a management review: the agenda filled from live data and kept afterwards', async () => {
  const goal = await admin.create('goals', { title: 'Alla system har ägare' });
  await admin.create('indicators', { goal_id: goal.id, title: 'System med ägare', kind: 'systems_with_owner', target: 100 });
  const earlier = await admin.create('meetings', { body: 'Kommunledningsgruppen', kind: 'management_review', meeting_date: day(-200) });
  await admin.create('meeting-decisions', { meeting_id: earlier.id, decision: 'Inför tvåfaktorsinloggning', status: 'open' });
  await admin.create('meeting-decisions', { meeting_id: earlier.id, decision: 'Anta ny riktlinje', status: 'done' });
  const forum = await admin.create('meetings', { body: 'Säkerhetsforum', kind: 'forum', meeting_date: day(-5) });
  const notReview = await admin.post(`/api/v1/meetings/${forum.id}/fill-agenda`);
  assert.equal(notReview.status, 422, notReview.text);
  const review = await api.manager.create('meetings', { body: 'Kommunledningsgruppen', kind: 'management_review', meeting_date: day(0),
    participant_ids: [person.manager, person.coord] });
  // Readers may not fill it.
  assert.equal((await api.elected.post(`/api/v1/meetings/${review.id}/fill-agenda`)).status, 403);
  const r = await api.manager.post(`/api/v1/meetings/${review.id}/fill-agenda`);
  assert.equal(r.status, 200, r.text);
  const agenda = r.json.agenda;
  for (const part of ['9.3.2', 'a) ', 'b) ', 'c) ', 'd) ', 'e) ', 'f) ', 'g) ']) assert.ok(agenda.includes(part), `${part}: ${agenda}`);
  assert.match(agenda, /Inför tvåfaktorsinloggning/, 'open decisions of the earlier review');
  assert.match(agenda, /1 .*öppna, 1 /);
  assert.match(agenda, /System med ägare: 0/, 'the indicator with its value');
  assert.match(agenda, /Alla system har ägare: 0 av 1/);
  assert.match(agenda, /Internkontroll|internkontroll/);
  // The data changes: the stored agenda does not.
  await admin.create('systems', { name: 'Nytt system', owner_id: person.coord });
  const again = await admin.get(`/api/v1/meetings/${review.id}`);
  assert.equal(again.json.agenda, agenda);
  // Filled through the record path: audited.
  const h = await admin.get(`/api/v1/meetings/${review.id}/history`);
  assert.match(h.text, /agenda/);
  // The page offers the button to those who may change the meeting, by form.
  const page = await s.web.coord.get(`/meetings/${review.id}`);
  assert.match(page.text, new RegExp(`action="/meetings/${review.id}/fill-agenda"`));
  const ro = await s.web.elected.get(`/meetings/${review.id}`);
  assert.equal(ro.status, 200);
  assert.doesNotMatch(ro.text, /fill-agenda/);
  const posted = await s.web.coord.post(`/meetings/${review.id}/fill-agenda`, {});
  assert.equal(posted.status, 303, posted.text);
});

test('the minutes file: checked and kept as evidence files are, audited, downloaded, removed', async () => {
  const m = await admin.create('meetings', { body: 'Säkerhetsforum', kind: 'forum', meeting_date: day(-2) });
  const web = s.web.coord;
  await web.get(`/meetings/${m.id}`);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
  // A renamed executable, a disallowed type and nothing at all are refused; nothing kept.
  let r = await uploadFile(web, `/meetings/${m.id}/minutes`, Buffer.from('MZ\x90\x00'), { filename: 'protokoll.pdf', type: 'application/pdf' });
  assert.equal(r.status, 415, r.text);
  r = await uploadFile(web, `/meetings/${m.id}/minutes`, Buffer.from('x'), { filename: 'protokoll.exe', type: 'application/octet-stream' });
  assert.equal(r.status, 415, r.text);
  r = await uploadFile(web, `/meetings/${m.id}/minutes`, Buffer.alloc(0), { filename: 'protokoll.pdf', type: 'application/pdf' });
  assert.equal(r.status, 400, r.text);
  r = await uploadFile(web, `/meetings/${m.id}/minutes`, Buffer.concat([pdf, Buffer.alloc(6 * 1024 * 1024)]), { filename: 'stort.pdf', type: 'application/pdf' });
  assert.equal(r.status, 413, r.text);
  assert.equal(sqlite(s.env.db, `SELECT count(*) FROM meeting_files WHERE meeting_id = ${m.id}`).trim(), '0');
  // A reader may not upload.
  await s.web.elected.get(`/meetings/${m.id}`);
  r = await uploadFile(s.web.elected, `/meetings/${m.id}/minutes`, pdf, { filename: 'protokoll.pdf', type: 'application/pdf' });
  assert.equal(r.status, 403);
  r = await uploadFile(web, `/meetings/${m.id}/minutes`, pdf, { filename: 'Protokoll 2026-03.pdf', type: 'application/pdf' });
  assert.equal(r.status, 303, r.text);
  const page = await web.get(`/meetings/${m.id}`);
  const href = page.text.match(/href="(\/minutes\/\d+)"/)[1];
  assert.match(htmlText(page.text), /Protokoll 2026-03\.pdf/);
  // Readers download it, with our type and as an attachment; others may not.
  const dl = await s.web.elected.get(href);
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('content-type'), 'application/pdf');
  assert.match(dl.headers.get('content-disposition'), /^attachment;/);
  assert.equal((await s.web.employee.get(href)).status, 403);
  // Audited on the meeting.
  const h = await admin.get(`/api/v1/meetings/${m.id}/history`);
  assert.match(h.text, /minutes_files/);
  assert.match(h.text, /Protokoll 2026-03\.pdf \(SHA-256 [0-9a-f]{64}\)/);
  // The meeting is not deleted while it has the file.
  const del = await admin.del(`/api/v1/meetings/${m.id}`);
  assert.equal(del.status, 409, del.text);
  r = await web.post(`${href}/delete`, {});
  assert.equal(r.status, 303);
  assert.equal((await web.get(href)).status, 404);
  assert.equal((await admin.del(`/api/v1/meetings/${m.id}`)).status, 204);
});
