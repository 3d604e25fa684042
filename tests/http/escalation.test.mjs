// Escalation paths and notices (issue 13, item 3): the organisation's rules
// (seeded with the defaults, editable) tell the people they name
// when an incident matches — by a notice row, an e-mail through the mail
// queue (here to the test suite's own SMTP server on 127.0.0.1) and a line
// in each recipient's "Mina uppgifter". Creating and updating incidents
// (personal data, severity raised, significance decided, a supplier, a
// category) notifies the right people exactly once per incident; every
// notice is in the audit trail and the mail log with its recipient, rule
// and delivery result; a person without an e-mail address still gets the
// notice and the mail log says why nothing was sent; a recipient who may
// not read incidents sees the receipt number and title without a link and
// marks the notice read; no one else may.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  freshDb, startServer, Browserless, Api, token, addUser, sqliteJson, htmlText, tr,
} from '../lib/tillit.mjs';
import { SmtpServer, parseMessage, decodeQP, decodeWords } from '../lib/smtpd.mjs';

// A message's text and subject, decoded.
function textOf(m) {
  const p = parseMessage(m.data);
  return { subject: decodeWords(p.headers.get('subject') || ''), body: decodeQP(p.body) };
}

let env, smtp, srv, api;
const ids = {};
const mail = {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(fn, what, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}

async function as(user) {
  const w = new Browserless(srv.url);
  await w.login(user, `${user}-password-123`);
  return w;
}

async function personOf(user) {
  return (await new Api(srv.url, token(env.db, user)).get('/api/v1/me')).json.person_id;
}

// The notices of an incident as the API gives them, by person id.
async function notices(incident) {
  const r = await api.get(`/api/v1/incidents/${incident}/notices`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

function noticedPeople(list) {
  return list.map((n) => n.person_id).sort((a, b) => a - b);
}

function sorted(...people) {
  return people.map((p) => ids[p]).sort((a, b) => a - b);
}

async function patchIncident(id, body) {
  const r = await api.patch(`/api/v1/incidents/${id}`, body);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

before(async () => {
  env = freshDb();
  // People with roles held for the whole organisation, each with an account.
  const users = {
    sara: ['security_chief', 'Sara Säkerhetschef'],
    ivar: ['it_chief', 'Ivar IT-chef'],
    kerstin: ['manager', 'Kerstin Kommundirektör'],
    dora: ['dpo', 'Dora Dataskyddsombud'],
    ida: ['information_owner', 'Ida Informationsägare'],
    sam: ['system_owner', 'Sam Systemägare'],
  };
  for (const [u, [role, name]] of Object.entries(users)) addUser(env.db, u, role, { name });
  smtp = new SmtpServer();
  await smtp.listen();
  srv = await startServer(env.db, ['--smtp', `127.0.0.1:${smtp.port}`, '--smtp-tls', 'off', '--smtp-retry-base', '1',
    '--smtp-from', 'lis@testkommun.se']);
  api = new Api(srv.url, token(env.db));
  for (const u of Object.keys(users)) {
    ids[u] = await personOf(u);
    mail[u] = `${u}@testkommun.se`;
  }
  // Everyone but Ivar has an address: his notice is kept, his e-mail failed.
  for (const u of ['sara', 'kerstin', 'dora', 'ida', 'sam']) {
    const r = await api.patch(`/api/v1/people/${ids[u]}`, { email: mail[u] });
    assert.equal(r.status, 200, r.text);
  }
  // Alva is responsible for the agreement with the supplier; Nils is named
  // on a rule of our own; Pelle has left (inactive) and holds a role.
  ids.alva = (await api.create('people', { name: 'Alva Avtalsansvarig', email: 'alva@testkommun.se' })).id;
  ids.nils = (await api.create('people', { name: 'Nils Namngiven', email: 'nils@testkommun.se' })).id;
  ids.pelle = (await api.create('people', { name: 'Pelle Slutat', email: 'pelle@testkommun.se' })).id;
  await api.create('role-assignments', { person_id: ids.pelle, role: 'security_chief', scope: 'org' });
  assert.equal((await api.patch(`/api/v1/people/${ids.pelle}`, { active: false })).status, 200);
  ids.supplier = (await api.create('suppliers', { name: 'Driftbolaget AB' })).id;
  await api.create('agreements', { name: 'Driftavtal', supplier_id: ids.supplier, kind: 'operation', responsible_id: ids.alva });
  await api.create('agreements', { name: 'Gammalt avtal', supplier_id: ids.supplier, kind: 'sla', responsible_id: ids.nils, start_date: '2019-01-01', end_date: '2020-12-31' });
  ids.asset = (await api.create('information-assets', { name: 'Elevakter', owner_id: ids.ida })).id;
  ids.system = (await api.create('systems', { name: 'Skolsystemet', owner_id: ids.sam, information_asset_ids: [ids.asset] })).id;
  const sev = await api.items('incident-severities');
  for (const s of sev) ids[`sev${s.level}`] = s.id;
  const cats = await api.items('incident-categories');
  ids.lost = cats.find((c) => c.name === 'Förlorad eller stulen enhet').id;
});

after(async () => {
  await srv?.stop();
  await smtp?.close();
  env?.cleanup();
});

test('each organisation starts with the default rules: severity high or T ≥ 3 is two rules', async () => {
  const rules = await api.items('escalation-rules');
  const by = Object.fromEntries(rules.map((r) => [r.name, r]));
  assert.deepEqual(Object.keys(by).sort(), ['Betydande incident', 'Hög allvarlighet', 'Leverantörsincident', 'Personuppgifter', 'Tillgänglighet 3 eller högre']);
  assert.equal(by['Hög allvarlighet'].min_severity_id, ids.sev3);
  assert.equal(by['Hög allvarlighet'].roles, 'security_chief, it_chief, manager');
  assert.equal(by['Hög allvarlighet'].information_owners, true);
  assert.equal(by['Tillgänglighet 3 eller högre'].class_aspect, 'T');
  assert.equal(by['Tillgänglighet 3 eller högre'].class_level, 3);
  assert.equal(by['Tillgänglighet 3 eller högre'].roles, by['Hög allvarlighet'].roles);
  assert.equal(by.Personuppgifter.personal_data, 'yes');
  assert.equal(by.Personuppgifter.roles, 'dpo');
  assert.equal(by['Leverantörsincident'].supplier, 'yes');
  assert.equal(by['Leverantörsincident'].agreement_responsible, true);
  assert.equal(by['Betydande incident'].significant, 'yes');
  assert.equal(by['Betydande incident'].roles, 'security_chief, manager');
});

test('bad rules are refused with a clear error and change nothing', async () => {
  const before = (await api.items('escalation-rules')).length;
  let r = await api.post('/api/v1/escalation-rules', { name: 'Ingen mottagare', category_id: ids.lost });
  assert.equal(r.status, 422);
  assert.ok(r.json.errors.some((e) => e.field === 'roles'), r.text);
  r = await api.post('/api/v1/escalation-rules', { name: 'Aspekt utan nivå', class_aspect: 'K', roles: 'dpo' });
  assert.equal(r.status, 422);
  assert.ok(r.json.errors.some((e) => e.field === 'class_level'), r.text);
  r = await api.post('/api/v1/escalation-rules', { name: 'Okänd roll', roles: 'dpo, kommunalråd' });
  assert.equal(r.status, 422);
  r = await api.post('/api/v1/escalation-rules', { name: 'Nivå 5', class_level: 5, roles: 'dpo' });
  assert.equal(r.status, 422);
  assert.equal((await api.items('escalation-rules')).length, before);
  // Notices are written by Tillit only.
  r = await api.post('/api/v1/incident-notices', { incident_id: 1, person_id: ids.sara });
  assert.equal(r.status, 403);
});

test('personal data, then severity raised, then significance: the right people, each once', async () => {
  const inc = await api.create('incidents', {
    title: 'Borttappad dator', description: 'En bärbar dator med elevakter glömdes på bussen.',
    personal_data_possible: true, asset_ids: [ids.asset],
  });
  ids.inc1 = inc.id;
  ids.inc1_receipt = inc.receipt;
  // Personal data: the data protection officer only.
  let list = await notices(inc.id);
  assert.deepEqual(noticedPeople(list), sorted('dora'));
  assert.equal(list[0].rule, 'Personuppgifter');

  // Severity raised to Hög: security chief, IT chief, chief executive and
  // the information owner of the affected information; not Pelle, who
  // left; the officer is not told again.
  await patchIncident(inc.id, { severity_id: ids.sev3, status: 'handling' });
  list = await notices(inc.id);
  assert.deepEqual(noticedPeople(list), sorted('dora', 'sara', 'ivar', 'kerstin', 'ida'));
  for (const n of list.filter((x) => x.person_id !== ids.dora)) assert.equal(n.rule, 'Hög allvarlighet');

  // Significance decided: its rule names the security chief and the chief
  // executive, both told already. Raising severity again, editing: nothing new.
  await patchIncident(inc.id, { significance: 'significant', significance_reason: 'Många elever berörs.' });
  await patchIncident(inc.id, { severity_id: ids.sev4 });
  await patchIncident(inc.id, { title: 'Borttappad dator med elevakter' });
  list = await notices(inc.id);
  assert.equal(list.length, 5);
  const rows = sqliteJson(env.db, `SELECT person_id, count(*) AS n FROM incident_notices WHERE incident_id = ${inc.id} GROUP BY person_id`);
  assert.ok(rows.every((r) => r.n === 1));
});

test('a severity below the rule\'s level notifies no one; the system owner is told only by a rule that names them', async () => {
  const inc = await api.create('incidents', { title: 'Skrivaren strular', description: 'Utskrifter fastnar.', system_ids: [ids.system] });
  await patchIncident(inc.id, { severity_id: ids.sev2 });
  assert.deepEqual(await notices(inc.id), []);
  // A rule of our own: any incident in the category "lost device" goes to
  // the system owners and to Nils by name.
  const rule = await api.create('escalation-rules', {
    name: 'Förlorade enheter', category_id: ids.lost, system_owners: true, person_ids: [ids.nils],
  });
  assert.equal(rule.active, true);
  await patchIncident(inc.id, { category_id: ids.lost });
  const list = await notices(inc.id);
  assert.deepEqual(noticedPeople(list), sorted('sam', 'nils'));
  assert.ok(list.every((n) => n.rule === 'Förlorade enheter' && n.rule_id === rule.id));
  // A rule not in use notifies no one.
  await api.patch(`/api/v1/escalation-rules/${rule.id}`, { active: false });
  const other = await api.create('incidents', { title: 'Mobil borta', description: 'Tappad mobil.', category_id: ids.lost, system_ids: [ids.system] });
  assert.deepEqual(await notices(other.id), []);
});

test('a supplier incident goes to the responsible person of the supplier\'s current agreements', async () => {
  const inc = await api.create('incidents', { title: 'Driftstopp hos leverantör', description: 'Leverantörens datacenter ligger nere.', supplier_id: ids.supplier });
  ids.inc_supplier = inc.id;
  const list = await notices(inc.id);
  // Alva (current agreement), not Nils (his agreement ended in 2020).
  assert.deepEqual(noticedPeople(list), [ids.alva]);
  assert.equal(list[0].rule, 'Leverantörsincident');
});

test('every notice is in the audit trail and the mail log, with recipient, rule and delivery result', async () => {
  const audits = sqliteJson(env.db, `SELECT record_id, changes FROM audit WHERE entity = 'incident-notices' AND action = 'create'`);
  const notes = sqliteJson(env.db, 'SELECT * FROM incident_notices ORDER BY id');
  assert.equal(audits.length, notes.length);
  for (const n of notes) {
    const a = audits.find((x) => x.record_id === n.id);
    assert.ok(a, `notice ${n.id} audited`);
    const ch = JSON.parse(a.changes);
    assert.equal(ch.person_id[1], n.person_id);
    assert.equal(ch.rule_name[1], n.rule_name);
    assert.equal(ch.mail_id[1], n.mail_id);
    const m = sqliteJson(env.db, `SELECT * FROM mail_queue WHERE id = ${n.mail_id}`)[0];
    assert.equal(m.reason, n.rule_name);
    assert.equal(m.entity, 'incidents');
    assert.equal(m.record_id, n.incident_id);
    const logged = sqliteJson(env.db, `SELECT action FROM audit WHERE entity = 'mail' AND record_id = ${n.mail_id}`);
    assert.ok(logged.length >= 1);
  }
  // Ivar has no address: his notice is there, his e-mail failed with the reason.
  const ivar = (await notices(ids.inc1)).find((n) => n.person_id === ids.ivar);
  assert.equal(ivar.mail_status, 'failed');
  assert.equal(ivar.mail_error, 'The recipient has no e-mail address.');
  assert.equal(ivar.person, 'Ivar IT-chef');
  // One notice from the registry's API says the same.
  const one = await api.get(`/api/v1/incident-notices/${ivar.id}`);
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.mail_status, 'failed');
  assert.equal(one.json.rule_name, 'Hög allvarlighet');
});

test('the e-mails arrive at the SMTP server with the right recipients, in Swedish, and say why', async () => {
  const expected = ['sara', 'kerstin', 'dora', 'ida'].map((u) => mail[u]);
  await until(() => {
    const got = new Set(smtp.messages.flatMap((m) => m.to));
    return expected.every((a) => got.has(a)) && got.has('alva@testkommun.se') && got.has('nils@testkommun.se');
  }, 'the notices to arrive');
  // Each message to one recipient; never to Ivar (no address) or Pelle (left).
  const all = smtp.messages.flatMap((m) => m.to);
  assert.ok(!all.includes('pelle@testkommun.se'));
  assert.ok(smtp.messages.every((m) => m.to.length === 1));
  // Each person once per incident: Sara has one message about the first incident.
  const toSara = smtp.messages.filter((m) => m.to[0] === mail.sara);
  assert.equal(toSara.length, 1);
  const { subject, body } = textOf(toSara[0]);
  assert.match(subject, new RegExp(`Incident ${ids.inc1_receipt}: Borttappad dator`));
  assert.match(body, /^Hej Sara Säkerhetschef,/);
  assert.match(body, /eskaleringsregeln ”Hög allvarlighet”/);
  assert.match(body, new RegExp(`Kvittonummer: ${ids.inc1_receipt}`));
  assert.match(body, /Allvarlighet: Hög/);
  assert.match(body, /En bärbar dator med elevakter/);
  assert.match(body, new RegExp(`/incidents/${ids.inc1}\n`));
  // Delivered: the API says so.
  const sara = await until(async () => (await notices(ids.inc1)).find((n) => n.person_id === ids.sara && n.mail_status === 'sent'), 'status sent');
  assert.ok(sara.sent_at);
});

test('a secrecy-marked incident\'s e-mail says to read it in Tillit, never its description', async () => {
  const secret = 'Lösenordet till journalsystemet har läckt ut';
  const inc = await api.create('incidents', {
    title: 'Läckta uppgifter', description: secret, personal_data_possible: true, secrecy_basis: 'OSL 25 kap. 1 §',
  });
  const m = await until(() => smtp.messages.map(textOf).find((x) => x.body.includes('OSL 25 kap. 1 §')), 'the secret notice');
  assert.ok(!m.body.includes('journalsystemet'), 'no description');
  assert.match(m.body, /Läs vad som hänt i Tillit/);
  assert.ok(!m.subject.includes('Läckta'), m.subject);
  const queued = sqliteJson(env.db, `SELECT subject, body FROM mail_queue WHERE record_id = ${inc.id} AND entity = 'incidents'`);
  assert.equal(queued.length, 1);
  assert.ok(!queued[0].body.includes(secret));
  assert.ok(!queued[0].subject.includes('Läckta'), 'the subject holds only the receipt number');
});

test('"Mina uppgifter" lists the notices: a link for those who may read the incident, the title alone for others; mark as read', async () => {
  // Sara (security chief) reads incidents: the notice links to it.
  const sara = await as('sara');
  let page = await sara.get('/tasks');
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`href="/incidents/${ids.inc1}"`), 'linked for a reader');
  assert.match(htmlText(page.text), /Hög allvarlighet/);
  // Ida (information owner) may not read incidents: receipt and title, no link.
  const ida = await as('ida');
  page = await ida.get('/tasks');
  assert.equal(page.status, 200);
  const text = htmlText(page.text);
  assert.ok(text.includes(`${ids.inc1_receipt}: Borttappad dator med elevakter`), text);
  assert.ok(!page.text.includes(`href="/incidents/${ids.inc1}"`), 'no link for someone who may not read it');
  assert.equal((await ida.get(`/incidents/${ids.inc1}`)).status, 403);
  const notice = sqliteJson(env.db, `SELECT id FROM incident_notices WHERE incident_id = ${ids.inc1} AND person_id = ${ids.ida}`)[0].id;
  assert.ok(page.text.includes(`action="/incident-notices/${notice}/read"`));
  // Someone else may not mark Ida's notice read; without the CSRF token no one may.
  let r = await sara.post(`/incident-notices/${notice}/read`, {});
  assert.equal(r.status, 403);
  r = await ida.request('POST', `/incident-notices/${notice}/read`, { form: { _csrf: 'wrong' } });
  assert.notEqual(r.status, 303);
  assert.equal(sqliteJson(env.db, `SELECT read_at FROM incident_notices WHERE id = ${notice}`)[0].read_at, null);
  r = await ida.post(`/incident-notices/${notice}/read`, {});
  assert.equal(r.status, 303);
  const read = sqliteJson(env.db, `SELECT read_at FROM incident_notices WHERE id = ${notice}`)[0].read_at;
  assert.match(read, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const audit = sqliteJson(env.db, `SELECT username FROM audit WHERE entity = 'incident-notices' AND record_id = ${notice} AND action = 'update'`);
  assert.deepEqual(audit.map((a) => a.username), ['ida']);
  page = await ida.get('/tasks');
  assert.ok(!page.text.includes(`action="/incident-notices/${notice}/read"`));
  assert.ok(htmlText(page.text).includes(tr('sv', 'Read')));
  // Closed, the incident leaves the list.
  // Closed with reports not recorded and the breach not assessed: confirmed past the warnings.
  const closed = await api.patch(`/api/v1/incidents/${ids.inc1}?confirm=1`, { status: 'closed', root_cause: 'Slarv.', lessons: 'Kryptera datorer.' });
  assert.equal(closed.status, 200, closed.text);
  page = await ida.get('/tasks');
  assert.ok(!htmlText(page.text).includes('Borttappad dator'));
});

test('the notices API follows the incident\'s permissions', async () => {
  const idaApi = new Api(srv.url, token(env.db, 'ida'));
  assert.equal((await idaApi.get(`/api/v1/incidents/${ids.inc1}/notices`)).status, 403);
  const saraApi = new Api(srv.url, token(env.db, 'sara'));
  assert.equal((await saraApi.get(`/api/v1/incidents/${ids.inc1}/notices`)).status, 200);
  assert.equal((await api.get('/api/v1/incidents/999999/notices')).status, 404);
  // The data protection officer reads the notices of incidents involving
  // personal data only, in the list as one by one.
  const doraApi = new Api(srv.url, token(env.db, 'dora'));
  assert.equal((await doraApi.get(`/api/v1/incidents/${ids.inc1}/notices`)).status, 200);
  assert.equal((await doraApi.get(`/api/v1/incidents/${ids.inc_supplier}/notices`)).status, 403);
  const seen = await doraApi.get('/api/v1/incident-notices?limit=500');
  assert.equal(seen.status, 200);
  const all = await api.items('incident-notices');
  const incOf = Object.fromEntries((await api.items('incidents')).map((i) => [i.id, i]));
  assert.ok(seen.json.items.length > 0 && seen.json.items.length < all.length);
  assert.ok(seen.json.items.every((n) => incOf[n.incident_id].personal_data_possible), 'only personal-data incidents');
});
