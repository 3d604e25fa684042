// Reporting an incident from a phone (issue 13 item 1): at 390×844 an
// employee reports — choosing the system from the suggestions with the
// keyboard — and gets the receipt; the public form the same without an
// account. axe-core clean on the report, receipt, "Mina rapporter" and
// status pages, and nothing wider than the screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, token, addUser, sqlite } from '../lib/tillit.mjs';
import { launch, newPage, login, tr, pageErrors, checkAxe } from './lib.mjs';

const T = (msgid, ...args) => tr('sv', msgid, ...args);
let browser, env, srv, api, sysId;

before(async () => {
  browser = await launch();
  env = freshDb();
  addUser(env.db, 'eva', 'employee', { name: 'Eva Anställd' });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  sysId = (await api.create('systems', { name: 'Skolplattformen' })).id;
  await api.create('systems', { name: 'Ekonomisystemet' });
});
after(async () => { await browser?.close(); await srv?.stop(); env?.cleanup(); });

async function phone(opts = {}) {
  const page = await newPage(browser, { axe: true, ...opts });
  await page.setViewportSize({ width: 390, height: 844 });
  return page;
}

async function notWider(page, what) {
  const w = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(w[0] <= w[1], `${what}: ${w[0]}px wide on a ${w[1]}px screen`);
}

test('an employee reports from a phone, choosing the system with the keyboard', async () => {
  const page = await phone();
  await login(page, srv.url, 'eva', 'eva-password-123');
  await page.goto(`${srv.url}/tasks`);
  await page.getByRole('link', { name: T('Report an incident'), exact: true }).first().click();
  await page.waitForURL(/\/report$/);
  await checkAxe(page, 'the report page at 390 px');
  await notWider(page, 'the report page');

  await page.getByLabel(T('What happened')).fill('Skolplattformen visade en annan elevs betyg.');
  const sys = page.getByRole('combobox', { name: T('Which system') });
  await sys.pressSequentially('Skolpl', { delay: 30 });
  const option = page.getByRole('option', { name: 'Skolplattformen' });
  await option.waitFor();
  await sys.press('ArrowDown');
  assert.equal(await option.getAttribute('aria-selected'), 'true');
  await sys.press('Enter');
  assert.equal(await sys.inputValue(), 'Skolplattformen');
  await page.getByRole('radio', { name: T('Yes'), exact: true }).check();
  await page.getByRole('button', { name: T('Send the report') }).click();
  await page.getByRole('heading', { level: 1, name: T('Your report has been received') }).waitFor();
  const receipt = await page.locator('.receipt').textContent();
  assert.match(receipt, /^\d{4}-[2-9A-HJKMNP-Z]{6}$/);
  const row = sqlite(env.db, `SELECT i.channel || '|' || s.to_id FROM incidents i JOIN incident_systems s ON s.from_id = i.id WHERE i.receipt = '${receipt}'`).trim();
  assert.equal(row, `staff|${sysId}`, 'the system chosen is on the incident');
  await checkAxe(page, 'the receipt page at 390 px');
  await notWider(page, 'the receipt page');
  const follow = await page.locator('a.follow').getAttribute('href');

  await page.getByRole('link', { name: T('My reports') }).click();
  await page.waitForURL(/\/report\/mine$/);
  assert.ok((await page.locator('main').textContent()).includes(receipt));
  await checkAxe(page, '"Mina rapporter" at 390 px');
  await notWider(page, '"Mina rapporter"');

  await page.goto(follow);
  assert.ok((await page.locator('main').textContent()).includes(receipt));
  await checkAxe(page, 'the status page at 390 px');
  assert.deepEqual(pageErrors(page), []);
  await page.context().close();
});

test('the public form from a phone, without an account', async () => {
  sqlite(env.db, 'UPDATE organisations SET public_reporting = 1');
  const page = await phone();
  await page.goto(`${srv.url}/rapportera`);
  await checkAxe(page, 'the public form at 390 px');
  await notWider(page, 'the public form');
  // An error first: the summary takes focus and links to the box.
  await page.getByRole('button', { name: T('Send the report') }).click();
  const summary = page.getByRole('alert');
  await summary.waitFor();
  assert.ok((await summary.textContent()).includes(T('Describe what happened.')));
  await checkAxe(page, 'the public form with errors');
  await page.getByLabel(T('What happened')).fill('Jag fick ett mejl från kommunen med någon annans uppgifter.');
  await page.getByRole('radio', { name: T("Don't know") }).check();
  await page.getByRole('button', { name: T('Send the report') }).click();
  await page.getByRole('heading', { level: 1, name: T('Your report has been received') }).waitFor();
  await checkAxe(page, 'the public receipt at 390 px');
  const follow = await page.locator('a.follow').getAttribute('href');
  await page.goto(follow);
  await page.getByText(T('report\u0004Received, not yet assessed')).waitFor();
  await checkAxe(page, 'the public status page at 390 px');
  await notWider(page, 'the public status page');
  const cookies = await page.context().cookies();
  assert.ok(!cookies.some((c) => c.name === 'tillit_session'), 'no session for a public reporter');
  assert.deepEqual(pageErrors(page), []);
  await page.context().close();
});
