// Governing documents in the browser (issue 14, items 1-2): the
// coordinator adopts a document (decision, case number, review interval),
// adds its version with the file, asks a unit to read it; one of the
// unit's people confirms from "Mina uppgifter"; the coordinator sees the
// coverage on the document's page. Every page is checked with axe-core and
// walked with the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, token, addUser } from '../lib/tillit.mjs';
import { launch, newPage, login, tr, pageErrors, checkPage, choose } from './lib.mjs';

const SV = 'sv';
const T = (msgid, ...args) => tr(SV, msgid, ...args);
let browser, env, srv, api, unit;

before(async () => {
  browser = await launch();
  env = freshDb();
  addUser(env.db, 'samordnare', 'coordinator', { name: 'Sara Samordnare' });
  addUser(env.db, 'medarbetare', 'employee', { name: 'Mats Medarbetare' });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  unit = (await api.post('/api/v1/units', { name: 'Socialförvaltningen', kind: 'administration' })).json;
  const me = (await new Api(srv.url, token(env.db, 'medarbetare')).get('/api/v1/me')).json;
  await api.patch(`/api/v1/people/${me.person_id}`, { unit_id: unit.id });
});
after(async () => { await browser?.close(); await srv?.stop(); env?.cleanup(); });

test('adopt a document, ask a unit to read it, and confirm it from Mina uppgifter', async () => {
  const page = await newPage(browser, { axe: true });
  const errors = pageErrors(page);
  const main = page.getByRole('main');
  await login(page, srv.url, 'samordnare', 'samordnare-password-123');

  // The list is in the Governance section of the menu.
  await page.goto(`${srv.url}/governing-documents`);
  await checkPage(page, 'governing documents list');
  await main.getByRole('link', { name: T('New governing document') }).click();
  await checkPage(page, 'governing document form');
  await main.getByLabel(`${T('Title')} *`, { exact: true }).fill('Informationssäkerhetspolicy');
  await choose(main, `${T('Status')} *`, T('Adopted (in force)'));
  await main.getByLabel(T('Adopted by'), { exact: true }).selectOption({ label: T('Municipal council (kommunfullmäktige)') }).catch(
    () => choose(main, T('Adopted by'), T('Municipal council (kommunfullmäktige)')));
  await main.getByLabel(T('Decision date'), { exact: true }).fill('2026-01-20');
  await main.getByLabel(T('Case number'), { exact: true }).fill('KS 2026/14');
  await main.getByLabel(`${T('Review interval (months)')} *`, { exact: true }).fill('12');
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  // Saved: back on the list, with the document.
  await main.getByRole('link', { name: 'Informationssäkerhetspolicy' }).click();
  await main.getByRole('heading', { name: 'Informationssäkerhetspolicy', level: 1 }).waitFor();
  assert.match(await main.innerText(), /2027-01-20/, 'the next review computed from the decision');
  await checkPage(page, 'governing document');

  // A version, then its file.
  await main.getByRole('link', { name: T('Add a version') }).click();
  await main.getByLabel(`${T('Version')} *`, { exact: true }).fill('1.0');
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  // Back on the document, whose current version it now is.
  await main.getByRole('heading', { name: T('Current version and reading') }).waitFor();
  await main.getByRole('link', { name: '1.0', exact: true }).first().click();
  await main.getByRole('heading', { name: T('File'), level: 2 }).waitFor();
  await main.getByLabel(T('Add the file')).setInputFiles({ name: 'policy.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await main.getByRole('button', { name: T('Upload'), exact: true }).click();
  await main.getByText('SHA-256').first().waitFor();
  await checkPage(page, 'document version');

  // Back to the document: ask the unit to read it.
  await main.getByRole('link', { name: 'Informationssäkerhetspolicy' }).first().click();
  await main.getByRole('heading', { name: T('Ask people to read it') }).waitFor();
  await main.getByLabel(T('A unit and its subunits')).check();
  await main.getByLabel(T('Unit'), { exact: true }).selectOption({ label: 'Socialförvaltningen' });
  await main.getByRole('button', { name: T('Ask them to read it') }).click();
  await page.getByText(T('%lld people were asked to read the document.', 1).replace('%lld', '1')).first().waitFor();
  assert.match(await main.innerText(), /Socialförvaltningen/);
  await checkPage(page, 'governing document with coverage');

  // The employee confirms from Mina uppgifter.
  const emp = await newPage(browser, { axe: true });
  const empErrors = pageErrors(emp);
  const empMain = emp.getByRole('main');
  await login(emp, srv.url, 'medarbetare', 'medarbetare-password-123');
  await emp.goto(`${srv.url}/tasks`);
  await empMain.getByRole('heading', { name: new RegExp(T('Documents to read')) }).waitFor();
  await checkPage(emp, 'tasks with a document to read');
  await empMain.getByRole('button', { name: new RegExp(T('I have read it')) }).click();
  await emp.getByText(T('Thank you: you have confirmed that you have read the document.')).first().waitFor();
  assert.equal(await empMain.getByRole('heading', { name: new RegExp(T('Documents to read')) }).count(), 0, 'nothing left to read');
  await checkPage(emp, 'tasks after confirming');

  // The coordinator sees the confirmation.
  await page.reload();
  const row = main.getByRole('row', { name: /Socialförvaltningen/ });
  assert.match(await row.innerText(), /100 %/);
  assert.deepEqual(errors, []);
  assert.deepEqual(empErrors, []);
});
