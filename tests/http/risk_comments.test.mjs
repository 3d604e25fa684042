// Participants comment (issue 4: "the risk owner and the coordinator edit,
// participants comment, revisor reads"): the people an analysis names as
// participants with an account may comment on it and its risks, as may
// those who edit it; the author is set by Tillit; the auditor only reads;
// a comment is never edited; every comment is in the audit trail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, freshDb, startServer, Api, Browserless, token, addUser, htmlText, tr, sqliteJson } from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, api;
const people = {};

before(async () => {
  env = freshDb();
  for (const [user, role] of [['agare', 'information_owner'], ['forvaltare', 'system_administrator'], ['dso', 'dpo'], ['revisor', 'auditor']])
    addUser(env.db, user, role, { name: `Namn ${user}` });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  for (const name of ['agare', 'forvaltare', 'dso', 'revisor'])
    people[name] = (await api.get(`/api/v1/people?q=${name}`)).json.items[0].id;
});
after(async () => { await srv?.stop(); env?.cleanup(); });

test('participants and editors comment, the author is who wrote it, others read or are refused', async () => {
  const ra = await api.create('risk-analyses', {
    title: 'RA e-tjänster', scope: 'shared_it', analysed_on: day(), risk_owner_id: people.agare,
    participant_ids: [people.forvaltare],
  });
  const risk = await api.create('risks', { analysis_id: ra.id, title: 'Inloggning slutar fungera', likelihood: 2, consequence: 4 });
  const other = await api.create('risk-analyses', { title: 'RA annan', scope: 'infrastructure', analysed_on: day() });
  const otherRisk = await api.create('risks', { analysis_id: other.id, title: 'Annan risk', likelihood: 1, consequence: 1 });

  // A participant (a system administrator, who cannot edit the analysis) comments on a risk.
  const forv = new Api(srv.url, token(env.db, 'forvaltare'));
  assert.equal((await forv.patch(`/api/v1/risk-analyses/${ra.id}`, { summary: 'x' })).status, 403);
  let r = await forv.post('/api/v1/risk-comments', { analysis_id: ra.id, risk_id: risk.id, body: 'Sannolikheten är högre: det hände två gånger i fjol.' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.author_id, people.forvaltare, 'the author is the writer');
  // The author cannot be given, nor the comment changed, by the participant.
  r = await forv.post('/api/v1/risk-comments', { analysis_id: ra.id, body: 'x', author_id: people.agare });
  assert.equal(r.status, 422);
  const c1 = (await api.items('risk-comments'))[0];
  assert.equal((await forv.patch(`/api/v1/risk-comments/${c1.id}`, { body: 'ändrat' })).status, 403);
  // Not a participant of the other analysis.
  assert.equal((await forv.post('/api/v1/risk-comments', { analysis_id: other.id, body: 'x' })).status, 403);

  // The risk owner comments; a risk of another analysis is refused by name.
  const owner = new Api(srv.url, token(env.db, 'agare'));
  r = await owner.post('/api/v1/risk-comments', { analysis_id: ra.id, body: 'Vi tar det på nästa möte.' });
  assert.equal(r.status, 201, r.text);
  r = await owner.post('/api/v1/risk-comments', { analysis_id: ra.id, risk_id: otherRisk.id, body: 'x' });
  assert.equal(r.status, 422);
  assert.ok(JSON.stringify(r.json).includes(tr(SV, 'The risk belongs to another analysis.')) || JSON.stringify(r.json).includes('risk_id'));
  r = await owner.post('/api/v1/risk-comments', { analysis_id: ra.id, body: '' });
  assert.equal(r.status, 422, 'a comment needs a text');

  // Readers who are not participants read; they do not comment.
  for (const user of ['revisor', 'dso']) {
    const u = new Api(srv.url, token(env.db, user));
    assert.equal((await u.get('/api/v1/risk-comments')).status, 200, user);
    assert.equal((await u.post('/api/v1/risk-comments', { analysis_id: ra.id, body: 'x' })).status, 403, user);
  }
  // Named as a participant, the data protection officer may.
  await api.patch(`/api/v1/risk-analyses/${ra.id}`, { participant_ids: [people.forvaltare, people.dso] });
  const dso = new Api(srv.url, token(env.db, 'dso'));
  assert.equal((await dso.post('/api/v1/risk-comments', { analysis_id: ra.id, body: 'Personuppgifter berörs.' })).status, 201);

  const items = await api.items('risk-comments', `&analysis_id=${ra.id}`);
  assert.equal(items.length, 3, 'nothing else was written');
  const audit = sqliteJson(env.db, `SELECT action, username FROM audit WHERE entity = 'risk-comments' ORDER BY id`);
  assert.deepEqual(audit.map((x) => [x.action, x.username]), [['create', 'forvaltare'], ['create', 'agare'], ['create', 'dso']]);

  // The analysis page shows them, oldest first, with who wrote them and on which risk.
  const web = new Browserless(srv.url);
  await web.login('forvaltare', 'forvaltare-password-123');
  const page = await web.get(`/risk-analyses/${ra.id}`);
  assert.equal(page.status, 200);
  const text = htmlText(page.text);
  assert.ok(text.indexOf('Sannolikheten är högre') < text.indexOf('Vi tar det på nästa möte.'));
  assert.ok(text.includes('Namn forvaltare'));
  assert.ok(text.includes('Inloggning slutar fungera'));
  assert.ok(page.text.includes(`href="/risk-comments/new?analysis_id=${ra.id}&amp;return=/risk-analyses/${ra.id}"`));
  const rev = new Browserless(srv.url);
  await rev.login('revisor', 'revisor-password-123');
  const rp = await rev.get(`/risk-analyses/${ra.id}`);
  assert.ok(htmlText(rp.text).includes('Personuppgifter berörs.'));
  assert.ok(!rp.text.includes('/risk-comments/new'), 'the auditor is not offered the form');
});
