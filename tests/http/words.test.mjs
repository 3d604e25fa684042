// Issue 12, items 7 and 11: after saving the user comes back to where the
// form was opened (only ever to a path on this site), with a message that
// names the record in good Swedish or English; form titles, empty lists and
// forbidden pages say what to do; numbers are written the Swedish way;
// organisation numbers are checked by their check digit; a second record
// with the same name is a warning in the form and in the import.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freshDb, startServer, Api, Browserless, token, addUser, cli, htmlText, tr, uploadFile, sqlite,
} from '../lib/tillit.mjs';

const SV = 'sv', EN = 'en';
let env, srv, api, web, en;

before(async () => {
  env = freshDb();
  addUser(env.db, 'anstalld', 'employee', { name: 'Anders Anställd' });
  addUser(env.db, 'english', 'admin', { name: 'Emma English', lang: 'en' });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  web = new Browserless(srv.url);
  await web.login();
  en = new Browserless(srv.url);
  await en.login('english', 'english-password-123');
});
after(async () => { await srv?.stop(); env?.cleanup(); });

const h1 = (html) => htmlText((html.match(/<h1[^>]*>([^]*?)<\/h1>/) || [])[1] || '').trim();
const flash = (html) => htmlText((html.match(/<div class="flash"[^>]*>([^]*?)<\/div>/) || [])[1] || '').trim();
const errors = (html) => htmlText((html.match(/class="error-summary"[^>]*>([^]*?)<\/div>/) || [])[1] || '');
const unit = (name) => ({ name, kind: 'administration' });

test('a form opened from a filtered list comes back to that list with a message naming the record', async () => {
  await api.create('units', unit('Kommunstyrelsen'));
  const list = await web.get('/units?q=kommun');
  const href = list.text.match(/href="(\/units\/new\?return=[^"]+)">([^<]+)</);
  assert.ok(href, 'the list offers a new unit with the way back');
  assert.equal(href[2], tr(SV, 'New unit'));
  assert.equal(href[2], 'Ny enhet');
  const form = await web.get(href[1].replace(/&amp;/g, '&'));
  assert.equal(h1(form.text), 'Ny enhet');
  assert.match(form.text, /name="_return" value="\/units\?q=kommun"/);
  // Cancel goes back there too.
  assert.match(form.text, /<a href="\/units\?q=kommun" class="button">/);

  const r = await web.post('/units', { ...unit('Socialförvaltningen'), _return: '/units?q=kommun' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/units?q=kommun&done=created');
  const back = await web.get(r.headers.get('location'));
  assert.equal(flash(back.text), 'Enheten Socialförvaltningen har lagts till.');
  assert.equal(flash(back.text), tr(SV, '%s %s was added.', 'enheten', 'Socialförvaltningen').replace(/^e/, 'E'));
  // Shown once: the message is not there on the next visit.
  assert.equal(flash((await web.get('/units?q=kommun&done=created')).text), tr(SV, 'Saved. The record was created.'));
});

test('the way back is only ever a path on this site', async () => {
  const bad = ['//evil.example/', 'https://evil.example/', 'http:/evil.example', '/\\evil.example', 'evil.example',
    '/units\r\nSet-Cookie: x=1', '/\t/evil.example', ''];
  for (const ret of bad) {
    const r = await web.post('/units', { ...unit(`Enhet ${bad.indexOf(ret)}`), _return: ret });
    assert.equal(r.status, 303, JSON.stringify(ret));
    assert.match(r.headers.get('location'), /^\/units\/\d+\?done=created$/, JSON.stringify(ret));
  }
  // Nor through the query of a form page: no hidden field, cancel stays home.
  const form = await web.get('/units/new?return=%2F%2Fevil.example');
  assert.doesNotMatch(form.text, /_return/);
  assert.doesNotMatch(form.text, /evil\.example/);
  // The message travels in a cookie, never in the URL.
  const r = await web.post('/units', unit('Kultur'));
  assert.doesNotMatch(r.headers.get('location'), /Kultur/);
  assert.ok(r.headers.getSetCookie().some((c) => /^tillit_flash=/.test(c) && /HttpOnly/.test(c) && /SameSite=Strict/.test(c)));
});

test('changing and deleting name the record; a delete from the record goes to the list', async () => {
  const p = await api.create('people', { name: 'Petra Person' });
  let r = await web.post(`/people/${p.id}`, { name: 'Petra Persson', kind: 'employee', active: '1', _return: '/people?q=petra' });
  assert.equal(r.headers.get('location'), '/people?q=petra&done=updated');
  assert.equal(flash((await web.get(r.headers.get('location'))).text), 'Personen Petra Persson har ändrats.');
  // Without a way back: the record.
  r = await web.post(`/people/${p.id}`, { name: 'Petra Persson', kind: 'employee', active: '1', email: 'petra@kommun.se' });
  assert.equal(r.headers.get('location'), `/people/${p.id}?done=updated`);

  const form = await web.get(`/people/${p.id}/delete?return=/people/${p.id}`);
  assert.equal(h1(form.text), 'Ta bort personen Petra Persson');
  r = await web.post(`/people/${p.id}/delete`, { _return: `/people/${p.id}` });
  assert.equal(r.headers.get('location'), '/people?done=deleted');
  assert.equal(flash((await web.get('/people?done=deleted')).text), 'Personen Petra Persson har tagits bort.');
  const q = await api.create('people', { name: 'Quentin' });
  r = await web.post(`/people/${q.id}/delete`, { _return: '/units?q=x' });
  assert.equal(r.headers.get('location'), '/units?q=x&done=deleted');
});

test('form titles and messages name the record in Swedish and in English', async () => {
  const s = await api.create('systems', { name: 'Lifecare' });
  assert.equal(h1((await web.get('/systems/new')).text), 'Nytt system');
  assert.equal(h1((await web.get(`/systems/${s.id}/edit`)).text), 'Ändra systemet Lifecare');
  assert.equal(h1((await web.get('/organisation/edit')).text), 'Ändra organisationens uppgifter');
  assert.equal(h1((await web.get('/information-assets/new')).text), 'Ny informationsmängd');
  assert.equal(h1((await en.get('/systems/new')).text), 'New system');
  assert.equal(h1((await en.get(`/systems/${s.id}/edit`)).text), 'Edit the system Lifecare');
  assert.equal(h1((await en.get('/organisation/edit')).text), "Edit the organisation's details");
  let r = await web.post(`/systems/${s.id}`, { name: 'Lifecare Omsorg', lifecycle: 'in_use' });
  assert.equal(flash((await web.get(r.headers.get('location'))).text), 'Systemet Lifecare Omsorg har ändrats.');
  r = await en.post('/units', unit('Socialförvaltningen i norr'));
  assert.equal(flash((await en.get(r.headers.get('location'))).text), 'The unit Socialförvaltningen i norr was added.');
});

test('an empty list says what to do first; a search that finds nothing says so', async () => {
  const fresh = await web.get('/agreements');
  assert.ok(htmlText(fresh.text).includes('Inga avtal ännu. Lägg till avtalen med era leverantörer'));
  assert.ok(!htmlText(fresh.text).includes(tr(SV, 'Nothing matches the search and filters.')));
  const units = await web.get('/units?q=finnsinte');
  assert.ok(htmlText(units.text).includes(tr(SV, 'Nothing matches the search and filters.')));
  const enList = await en.get('/agreements');
  assert.ok(htmlText(enList.text).includes('No agreements yet.'));
  // The units' own words, as the issue asks for them.
  assert.equal(tr(SV, 'No units yet. Start with the highest level, for example the municipal executive board, and add the units below it.')
    .startsWith('Inga enheter ännu. Börja med den högsta nivån, t.ex. kommunstyrelsen'), true);
});

test('a forbidden page says which roles may do it and whom to ask', async () => {
  const emp = new Browserless(srv.url);
  await emp.login('anstalld', 'anstalld-password-123');
  let r = await emp.get('/users');
  assert.equal(r.status, 403);
  let text = htmlText(r.text);
  assert.ok(text.includes(tr(SV, 'Your roles do not allow this.')));
  assert.ok(text.includes('Roller som får läsa detta: Administratör, Revisor.'), text);
  assert.ok(text.includes(tr(SV, 'Ask the information security coordinator or an administrator if you need a role.')));
  r = await emp.get('/organisation/edit');
  assert.ok(htmlText(r.text).includes('Roller som får ändra detta: Administratör.'));
  // With a coordinator, by name.
  addUser(env.db, 'samordnare', 'coordinator', { name: 'Karin Samordnare' });
  r = await emp.get('/users');
  text = htmlText(r.text);
  assert.ok(text.includes(tr(SV, 'Ask the information security coordinator, %s, or an administrator if you need a role.', 'Karin Samordnare')), text);
  // A page asked for with GET that changes (a decide page) names who may
  // change, as the route says, not who may read.
  const asset = await api.create('information-assets', { name: 'Beslutsunderlag' });
  const cl = await api.create('classifications', { asset_id: asset.id, classified_on: '2026-11-01', confidentiality: 1, integrity: 1, availability: 1, traceability: 1, status: 'draft' });
  r = await emp.get(`/classifications/${cl.id}/decide`);
  assert.equal(r.status, 403);
  assert.ok(htmlText(r.text).includes('Roller som får ändra detta:'), htmlText(r.text));
});

test('numbers in Swedish: thousands with a space, a decimal comma', async () => {
  const rows = ['name'];
  for (let i = 0; i < 1001; i++) rows.push(`Massystem ${i}`);
  const file = join(env.dir, 'many.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  const c = cli(['import', '--db', env.db, '--entity', 'systems', '--file', file]);
  assert.equal(c.status, 0, c.stderr);
  const list = await web.get('/systems?q=massystem');
  assert.ok(htmlText(list.text).includes('Visar 1–25 av 1\u00a0001'), htmlText(list.text).slice(0, 2000));
  assert.ok(htmlText((await en.get('/systems?q=massystem')).text).includes('Showing 1–25 of 1,001'));
  // An evidence file of 46 000 bytes: "46,0 kB".
  const ctl = (await api.items('soa-entries', '&framework=iso27001')).find((e) => e.code === '5.1');
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(46000 - 16, 'x'), Buffer.from('\n%%EOF\n')]);
  assert.equal(pdf.length, 46000);
  await web.get(`/soa-entries/${ctl.id}`);
  const up = await uploadFile(web, `/soa-entries/${ctl.id}/evidence`, pdf, { filename: 'policy.pdf', type: 'application/pdf' });
  assert.equal(up.status, 303);
  assert.ok(htmlText((await web.get(`/soa-entries/${ctl.id}`)).text).includes('46,0 kB'));
  assert.ok(htmlText((await en.get(`/soa-entries/${ctl.id}`)).text).includes('46.0 kB'));
});

test('organisation numbers: ten digits with a correct check digit, a clear message otherwise', async () => {
  // The whole form, as the page posts it (the incident and continuity settings too).
  const org = { name: 'Testkommun', kind: 'municipality', time_zone: 'Europe/Stockholm', incident_follow_up_days: '90', continuity_exercise_months: '12', access_review_months: '12' };
  let r = await web.post('/organisation', { ...org, org_number: '212000-0143' });
  assert.equal(r.status, 422);
  assert.ok(errors(r.text).includes(tr(SV, 'The organisation number is not valid: its last digit (the check digit) does not match the others. Check the number.')));
  r = await web.post('/organisation', { ...org, org_number: '21200-0142' });
  assert.equal(r.status, 422);
  assert.ok(errors(r.text).includes(tr(SV, 'Enter the organisation number as ten digits, such as 212000-0142.')));
  assert.equal(sqlite(env.db, 'SELECT coalesce(org_number, \'\') FROM organisations').trim(), '');
  r = await web.post('/organisation', { ...org, org_number: '212000-0142' });
  assert.equal(r.status, 303);
  r = await web.post('/organisation', { ...org, org_number: '2120000142' });
  assert.equal(r.status, 303);
  // Suppliers too, through the API as well.
  const bad = await api.post('/api/v1/suppliers', { name: 'Leverantör AB', org_number: '556036-0794' });
  assert.equal(bad.status, 422);
  assert.ok(JSON.stringify(bad.json).includes(tr(SV, 'The organisation number is not valid: its last digit (the check digit) does not match the others. Check the number.')));
  const ok = await api.post('/api/v1/suppliers', { name: 'Leverantör AB', org_number: '556036-0793' });
  assert.equal(ok.status, 201);
  // Empty stays allowed (a foreign supplier).
  assert.equal((await api.post('/api/v1/suppliers', { name: 'Foreign Ltd' })).status, 201);
});

test('a second record with the same name: a warning to confirm in the form, a warning line in the import', async () => {
  const first = await api.create('units', unit('Barn- och utbildningsförvaltningen'));
  let r = await web.post('/units', unit('Barn- och utbildningsförvaltningen'));
  assert.equal(r.status, 422);
  const warning = `Enheten Barn- och utbildningsförvaltningen finns redan (nummer ${first.id}).`;
  assert.ok(errors(r.text).includes(warning), errors(r.text));
  assert.match(r.text, /name="_confirm"/);
  r = await web.post('/units', { ...unit('Barn- och utbildningsförvaltningen'), _confirm: '1' });
  assert.equal(r.status, 303);
  // Editing the namesake without renaming it asks nothing.
  const second = Number(r.headers.get('location').match(/\/units\/(\d+)/)[1]);
  r = await web.post(`/units/${second}`, { ...unit('Barn- och utbildningsförvaltningen'), code: 'BUF2' });
  assert.equal(r.status, 303);
  // The API is not asked (scripts keep working).
  assert.equal((await api.post('/api/v1/units', unit('Barn- och utbildningsförvaltningen'))).status, 201);

  // Import: the preview lists the warning; confirming imports the row.
  await web.get('/systems/import');
  await api.create('systems', { name: 'Procapita' });
  const up = await uploadFile(web, '/systems/import', Buffer.from('name\nProcapita\nHeroma\n'), { filename: 'dubbel.csv' });
  assert.equal(up.status, 200, up.text.slice(0, 500));
  const text = htmlText(up.text);
  assert.ok(text.includes(tr(SV, 'Warnings: the rows can be imported, but check these first')));
  assert.ok(text.includes('Systemet Procapita finns redan'), text);
  const id = up.text.match(/name="import_id" value="([^"]+)"/)[1];
  const done = await web.post('/systems/import/confirm', { import_id: id });
  assert.equal(done.status, 303);
  assert.equal((await api.items('systems', '&q=procapita')).length, 2);
});

test('the audit trail names a login\'s address in the reader\'s language', async () => {
  const page = await web.get('/users/1/history');
  const text = htmlText(page.text);
  assert.ok(text.includes(tr(SV, 'IP address')), text.slice(0, 1500));
  assert.ok(!/\baddress\b/.test(text));
});

test('the default risk method\'s words are shown in English to English readers', async () => {
  const sv = htmlText((await web.get('/risk')).text);
  const enText = htmlText((await en.get('/risk')).text);
  assert.ok(sv.includes('Försumbar'), sv.slice(0, 2000));
  assert.ok(enText.includes('Negligible'), enText.slice(0, 2000));
  assert.ok(!enText.includes('Försumbar'));
  // The method's own page too; its form edits what is stored.
  const m = (await api.items('risk-methods'))[0];
  const page = htmlText((await en.get(`/risk-methods/${m.id}`)).text);
  assert.ok(page.includes('Very low: Probably does not happen'), page.slice(0, 3000));
  assert.ok(page.includes('17-25 Critical #c62828'));
  assert.ok(htmlText((await web.get(`/risk-methods/${m.id}`)).text).includes('Mycket låg: Inträffar troligen inte'));
  assert.ok((await en.get(`/risk-methods/${m.id}/edit`)).text.includes('Mycket låg: Inträffar troligen inte'));
});

test('the shipped classification level names are shown in English to English readers, as stored to Swedish ones', async () => {
  const sv = htmlText((await web.get('/classification-levels')).text);
  const enText = htmlText((await en.get('/classification-levels')).text);
  assert.ok(sv.includes('Allvarlig'));
  assert.ok(enText.includes('Serious'), enText.slice(0, 2000));
  assert.ok(!enText.includes('Allvarlig'));
  // The form edits what is stored.
  const lv = (await api.items('classification-levels')).find((l) => l.level === 3);
  assert.match((await en.get(`/classification-levels/${lv.id}/edit`)).text, /value="Allvarlig"/);
  // Renamed by the organisation: shown as written, in both languages.
  assert.equal((await api.patch(`/api/v1/classification-levels/${lv.id}`, { name: 'Hög' })).status, 200);
  assert.ok(htmlText((await en.get('/classification-levels')).text).includes('Hög'));
});


test('the message after saving names a record whose title is a date by what its page calls it', async () => {
  const asset = await api.create('information-assets', { name: 'Löneunderlag' });
  await web.get(`/classifications/new?asset_id=${asset.id}`);
  const r = await web.post('/classifications', {
    asset_id: String(asset.id), classified_on: '2026-11-02', confidentiality: '2', integrity: '1', availability: '1', traceability: '1', status: 'draft',
  });
  assert.equal(r.status, 303, htmlText(r.text).slice(0, 300));
  const page = await web.get(r.headers.get('location'));
  assert.ok(flash(page.text).includes('Löneunderlag: 2026-11-02'), flash(page.text));
});
