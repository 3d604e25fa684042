// Reminder digests of the annual wheel (issue 14, item 9), through the
// test suite's own SMTP server (tests/lib/smtpd.mjs) and `tillit serve
// --smtp`: at start Tillit queues at most one digest per person and day
// listing what of theirs is overdue or falls due within the organisation's
// reminder_days_before (14); people without an e-mail address are
// skipped; the text is in the person's account language (Swedish by
// default) with links; a restart the same day sends nothing again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  freshDb, startServer, Api, token, addUser, day, sqliteJson, tr,
} from '../lib/tillit.mjs';
import { SmtpServer, parseMessage, decodeWords, decodeQP } from '../lib/smtpd.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let env, smtp;

function mailArgs(port) {
  return ['--smtp', `127.0.0.1:${port}`, '--smtp-tls', 'off', '--smtp-retry-base', '1',
    '--smtp-from', 'lis@testkommun.se', '--base-url', 'https://tillit.testkommun.se'];
}

function bodyOf(msg) {
  const m = parseMessage(msg.data);
  assert.equal((m.headers.get('content-transfer-encoding') || '').toLowerCase(), 'quoted-printable');
  return { subject: decodeWords(m.headers.get('subject') || ''), body: decodeQP(m.body), to: msg.to };
}

before(async () => {
  env = freshDb();
  addUser(env.db, 'anna', 'employee', { name: 'Anna Andersson' });
  addUser(env.db, 'eric', 'employee', { name: 'Eric English', lang: 'en' });
  smtp = new SmtpServer();
  await smtp.listen();
  // The records, made before the server with mail starts.
  const srv = await startServer(env.db);
  const api = new Api(srv.url, token(env.db));
  const me = async (u) => (await new Api(srv.url, token(env.db, u)).get('/api/v1/me')).json.person_id;
  const anna = await me('anna'), eric = await me('eric');
  await api.patch(`/api/v1/people/${anna}`, { email: 'anna@testkommun.se' });
  await api.patch(`/api/v1/people/${eric}`, { email: 'eric@testkommun.se' });
  const olle = await api.create('people', { name: 'Olle Utan Konto', email: 'olle@testkommun.se', kind: 'employee' });
  const nomail = await api.create('people', { name: 'Ingen Epost', kind: 'employee' });
  const ex = await api.create('exercises', { title: 'Övning', exercise_date: day(60) });
  const f = await api.create('exercise-findings', { exercise_id: ex.id, title: 'Brist' });
  const measure = (title, owner, due) => api.create('measures', { title, finding_id: f.id, owner_id: owner, due_date: due });
  await measure('Annas åtgärd snart', anna, day(3));
  await measure('Annas åtgärd långt fram', anna, day(40));
  await measure('Annas försenade åtgärd', anna, day(-2));
  await measure('Olles åtgärd', olle.id, day(10));
  await measure('Erics measure', eric, day(1));
  await measure('Ingen adress', nomail.id, day(2));
  // Everyone asked to read the policy within five days: only each
  // person's own wheel lists it, and their digest.
  const doc = await api.create('governing-documents', { title: 'Informationssäkerhetspolicy', kind: 'policy', status: 'adopted',
    adopted_by: 'council', decision_date: day(-20), case_number: 'KF 2026/3', review_interval_months: 24 });
  await api.create('document-versions', { document_id: doc.id, label: '1.0', version_date: day(-20) });
  const asked = await api.post(`/api/v1/governing-documents/${doc.id}/acknowledgement-requests`, { audience: 'everyone', due_date: day(5) });
  assert.equal(asked.status, 201, asked.text);
  await srv.stop();
});

after(async () => {
  await smtp.close();
  env.cleanup();
});

test('one digest per person with an address, in their language, with links; none again after a restart', async () => {
  let srv = await startServer(env.db, mailArgs(smtp.port));
  try {
    await smtp.waitFor(3);
    await sleep(1500); // anything more would have come by now
    assert.equal(smtp.messages.length, 3, smtp.messages.map((m) => m.to).join(', '));
    const by = (addr) => smtp.messages.filter((m) => m.to.includes(addr)).map(bodyOf);
    const [a] = by('anna@testkommun.se');
    assert.ok(a, 'Anna got a digest');
    assert.ok(a.body.includes('Annas åtgärd snart'));
    assert.ok(a.body.includes('Annas försenade åtgärd'));
    assert.ok(!a.body.includes('Annas åtgärd långt fram'), 'past reminder_days_before: not yet');
    assert.ok(!a.body.includes('Olles'), 'only her own');
    assert.ok(a.body.includes(`${day(5)}  ${tr('sv', 'Document to read')}: Informationssäkerhetspolicy`), a.body);
    assert.ok(a.body.includes(tr('sv', 'Overdue:')), 'Swedish by default');
    assert.ok(a.body.includes(tr('sv', 'Coming up:')));
    assert.ok(a.body.includes('https://tillit.testkommun.se/measures/'), 'links with --base-url');
    assert.equal(a.subject, tr('sv', 'Tillit: overdue and coming due dates in the annual wheel'));
    const [e] = by('eric@testkommun.se');
    assert.ok(e.body.includes('Coming up:'), 'English for an English account');
    assert.ok(e.body.includes('Erics measure'));
    assert.ok(e.body.includes('Document to read: Informationssäkerhetspolicy'), e.body);
    assert.equal(by('olle@testkommun.se').length, 1, 'a person without an account but with an address');
    const digests = sqliteJson(env.db, 'SELECT person_id, day, items, mail_id FROM reminder_digests');
    assert.equal(digests.length, 3);
    assert.ok(digests.every((d) => d.day === day(0) && d.mail_id > 0));
  } finally {
    await srv.stop();
  }
  // A restart the same day: nothing new.
  srv = await startServer(env.db, mailArgs(smtp.port));
  try {
    await sleep(2500);
    assert.equal(smtp.messages.length, 3, 'no duplicates after a restart');
    assert.equal(sqliteJson(env.db, 'SELECT count(*) AS n FROM reminder_digests')[0].n, 3);
  } finally {
    await srv.stop();
  }
  // The next day (the scheduler's test hook): a digest again, one each.
  srv = await startServer(env.db, mailArgs(smtp.port), { env: { TILLIT_REMINDER_DAY: day(1) } });
  try {
    await smtp.waitFor(6);
    await sleep(1500);
    assert.equal(smtp.messages.length, 6);
    const days = sqliteJson(env.db, 'SELECT day, count(*) AS n FROM reminder_digests GROUP BY day ORDER BY day');
    assert.deepEqual(days, [{ day: day(0), n: 3 }, { day: day(1), n: 3 }]);
  } finally {
    await srv.stop();
  }
});

test('a bad reminder_days_before is refused', async () => {
  const srv = await startServer(env.db);
  try {
    const api = new Api(srv.url, token(env.db));
    const r = await api.patch('/api/v1/organisation', { reminder_days_before: -1 });
    assert.equal(r.status, 422);
    const ok = await api.patch('/api/v1/organisation', { reminder_days_before: 30 });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.reminder_days_before, 30);
  } finally {
    await srv.stop();
  }
});
