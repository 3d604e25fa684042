// Goals and the management review in the browser (issue 14, items 5 and 7):
// the coordinator makes a goal and a computed indicator through the forms
// and reads its value, target and trend on the goals page; a manager opens
// a management review and fills its agenda with one button, and the
// figures stay when the data changes; a control point's deviation becomes
// a measure. Every page is checked with axe-core and the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, token, addUser, day } from '../lib/tillit.mjs';
import { launch, newPage, login, tr, pageErrors, checkPage, choose } from './lib.mjs';

const SV = 'sv';
const T = (msgid, ...args) => tr(SV, msgid, ...args);
let browser, env, srv, api, review, person;

before(async () => {
  browser = await launch();
  env = freshDb();
  addUser(env.db, 'samordnare', 'coordinator', { name: 'Sara Samordnare' });
  addUser(env.db, 'chefen', 'manager', { name: 'Kim Kommundirektör' });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  person = (await api.post('/api/v1/people', { name: 'Per Personalchef' })).json.id;
  await api.post('/api/v1/systems', { name: 'Ekonomisystemet', owner_id: person });
  await api.post('/api/v1/systems', { name: 'Diariet' });
  review = (await api.post('/api/v1/meetings', { body: 'Kommunledningsgruppen', kind: 'management_review', meeting_date: day() })).json;
});
after(async () => { await browser?.close(); await srv?.stop(); env?.cleanup(); });

test('a goal with a computed indicator, read on the goals page', async () => {
  const page = await newPage(browser, { axe: true });
  const main = page.getByRole('main');
  await login(page, srv.url, 'samordnare', 'samordnare-password-123');
  await page.goto(`${srv.url}/goals/indicators`);
  await checkPage(page, 'goals page, empty');
  await main.getByRole('link', { name: T('New goal') }).click();
  await main.getByLabel(`${T('Goal')} *`, { exact: true }).fill('Alla system har en systemägare');
  await main.getByLabel(T('From the policy'), { exact: true }).fill('Informationssäkerhetspolicy (KF 2025-03-10 § 41)');
  await checkPage(page, 'goal form');
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  await page.goto(`${srv.url}/goals/indicators`);
  await main.getByRole('link', { name: T('New indicator') }).click();
  await main.getByLabel(`${T('Indicator')} *`, { exact: true }).fill('Andel system med systemägare');
  await choose(main, `${T('Computed from')} *`, T('Share of systems with a system owner'));
  await main.getByLabel(T('Target'), { exact: true }).fill('90');
  await checkPage(page, 'indicator form');
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  await page.goto(`${srv.url}/goals/indicators`);
  const text = await main.innerText();
  assert.match(text, /Andel system med systemägare/);
  assert.match(text, /50 %/);
  assert.match(text, /Minst 90 %/);
  assert.match(text, new RegExp(T('No')));
  // The trend has a name a screen reader reads.
  const chart = main.getByRole('img');
  assert.match(await chart.getAttribute('aria-label'), /Q\d: 50 %/);
  await checkPage(page, 'goals page');
  for (const w of [390]) {
    await page.setViewportSize({ width: w, height: 800 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'nothing wider than the phone');
  }
  assert.deepEqual(pageErrors(page), []);
});

test('a manager fills the management review agenda with one button', async () => {
  const page = await newPage(browser, { axe: true });
  const main = page.getByRole('main');
  await login(page, srv.url, 'chefen', 'chefen-password-123');
  await page.goto(`${srv.url}/meetings/${review.id}`);
  await checkPage(page, 'management review');
  await main.getByRole('button', { name: T('Fill the agenda') }).click();
  await main.getByText('a) Status för åtgärder').waitFor();
  const text = await main.innerText();
  assert.match(text, /9\.3\.2/);
  assert.match(text, /Andel system med systemägare: 50 %/);
  await checkPage(page, 'management review with its agenda');
  // The data changes; the agenda does not.
  await api.post('/api/v1/systems', { name: 'Skolplattformen', owner_id: person });
  await page.reload();
  assert.match(await main.innerText(), /Andel system med systemägare: 50 %/);
  assert.deepEqual(pageErrors(page), []);
});
