// Risk analysis in the browser (issue 4, first part): start an analysis of
// a system through the form, add risks with likelihood and consequence,
// see the heat map and the same counts in its table, and accept a residual
// risk. Every page is checked with axe-core and walked with the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, token, addUser } from '../lib/tillit.mjs';
import { launch, newPage, login, tr, pageErrors, checkPage, savedRe, choose, chooseLevel } from './lib.mjs';

const SV = 'sv';
const T = (msgid, ...args) => tr(SV, msgid, ...args);
let browser, env, srv, api, person, sys;

before(async () => {
  browser = await launch();
  env = freshDb();
  addUser(env.db, 'samordnare', 'coordinator', { name: 'Sam Samordnare' });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  person = (await api.post('/api/v1/people', { name: 'Rut Riskägare' })).json;
  sys = (await api.post('/api/v1/systems', { name: 'Verksamhetssystem IFO' })).json;
});
after(async () => { await browser?.close(); await srv?.stop(); env?.cleanup(); });

test('analyse a system: risks, heat map and table, residual risk accepted', async () => {
  const page = await newPage(browser, { axe: true });
  const main = page.getByRole('main');
  await login(page, srv.url);
  const field = (label, req = false) => main.getByLabel(req ? `${T(label)} *` : T(label), { exact: true });
  const save = () => main.getByRole('button', { name: T('Save'), exact: true }).click();

  await page.goto(`${srv.url}/risk-methods`);
  await checkPage(page, 'risk methods');
  await page.goto(`${srv.url}/risk-methods/new`);
  await checkPage(page, 'new risk method form');

  await page.goto(`${srv.url}/risk-analyses/new`);
  await field('Title', true).fill('Riskanalys IFO 2026');
  await choose(main, `${T('Scope')} *`, T('A system'));
  await save();
  // Without the system the form says which field is missing.
  await main.getByText(T('Choose the system the analysis covers.')).first().waitFor();
  await checkPage(page, 'analysis form with errors');
  await field('System').selectOption({ label: sys.name });
  await field('Date of analysis', true).fill('2026-11-20');
  await field('Risk owner').selectOption({ label: person.name });
  await save();
  await main.getByRole('status').filter({ hasText: savedRe('sv') }).waitFor();
  await checkPage(page, 'analysis without risks');

  for (const [title, l, c] of [['Obehörig åtkomst till akter', 4, 4], ['Driftstopp', 2, 3], ['Felaktiga utbetalningar', 4, 4]]) {
    await main.getByRole('link', { name: T('Add a risk'), exact: true }).click();
    await field('Risk', true).fill(title);
    await chooseLevel(main, `${T('Likelihood')} *`, l);
    await chooseLevel(main, `${T('Consequence')} *`, c);
    await save();
    // Back on the analysis the risk was added from.
    await main.getByRole('status').filter({ hasText: savedRe('sv') }).waitFor();
    await main.getByRole('heading', { level: 1, name: 'Riskanalys IFO 2026' }).waitFor();
  }
  // The heat map is an image with a text alternative; the table has the counts.
  const img = main.getByRole('img', { name: T('Risk matrix') });
  await img.waitFor();
  const table = main.getByRole('table', { name: new RegExp(`^${T('Risk matrix')}:`) });
  const row4 = table.getByRole('row', { name: new RegExp(`^4 `) });
  const cells = await row4.getByRole('cell').allInnerTexts();
  assert.match(cells[3].trim(), /^2 /);
  await checkPage(page, 'analysis with heat map and table');

  // Accept the residual risk of one of them.
  await main.getByRole('link', { name: 'Driftstopp', exact: true }).first().click();
  await main.getByRole('link', { name: T('Edit'), exact: true }).click();
  await chooseLevel(main, T('Residual likelihood'), 1);
  await chooseLevel(main, T('Residual consequence'), 3);
  await field('Date of acceptance').fill('2026-11-21');
  await save();
  await main.getByText(T('Name who accepted the residual risk.')).first().waitFor();
  await checkPage(page, 'risk form with errors');
  await field('Residual risk accepted by').selectOption({ label: person.name });
  await field('Case number').fill('SN 2026/45');
  await save();
  await main.getByRole('status').filter({ hasText: savedRe('sv') }).waitFor();
  await checkPage(page, 'risk with accepted residual risk');
  await main.getByRole('link', { name: 'Riskanalys IFO 2026', exact: true }).first().click();
  await main.getByRole('img', { name: T('Residual risk matrix') }).waitFor();
  await checkPage(page, 'analysis with residual heat map');
  assert.deepEqual(pageErrors(page), []);
  await page.context().close();
});

test('the analysis as a workflow: a measure added on a risk returns to the analysis; the analysis is decided with one button', async () => {
  const page = await newPage(browser, { axe: true });
  const main = page.getByRole('main');
  await login(page, srv.url, 'samordnare', 'samordnare-password-123');
  const ra = (await api.post('/api/v1/risk-analyses', { title: 'Riskanalys att besluta', scope: 'system', system_id: sys.id,
    analysed_on: '2026-11-20', risk_owner_id: person.id })).json;
  const k = await api.post('/api/v1/risks', { analysis_id: ra.id, title: 'Förlorad bärbar dator', likelihood: 3, consequence: 3 });
  assert.equal(k.status, 201, k.text);
  await page.goto(`${srv.url}/risk-analyses/${ra.id}`);
  // The risk form reads in groups with headings.
  await page.goto(`${srv.url}/risks/new?analysis_id=${ra.id}`);
  await main.getByRole('heading', { level: 2, name: T('Residual risk after measures'), exact: true }).waitFor();
  await checkPage(page, 'risk form in groups');
  await page.goto(`${srv.url}/risk-analyses/${ra.id}`);
  await main.getByRole('link', { name: new RegExp(`^${T('Add measure')}\\s*: Förlorad bärbar dator$`) }).click();
  await main.getByLabel(`${T('Measure')} *`, { exact: true }).fill('Kryptera hårddiskar');
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  await main.getByRole('status').filter({ hasText: savedRe(SV) }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/risk-analyses/${ra.id}`, 'back on the analysis');
  await main.getByRole('link', { name: 'Kryptera hårddiskar', exact: true }).waitFor();
  await checkPage(page, 'analysis with measures');
  await main.getByRole('link', { name: T('Decide'), exact: true }).click();
  await main.getByRole('heading', { name: T('Check what is decided') }).waitFor();
  await checkPage(page, 'decide page');
  await main.getByRole('button', { name: T('Decide'), exact: true }).click();
  await main.getByRole('status').filter({ hasText: T('Decided. Tillit recorded who decided and when.') }).waitFor();
  assert.equal(await main.getByRole('link', { name: T('Edit'), exact: true }).count(), 0, 'no edit button once decided');
  const now = (await api.get(`/api/v1/risk-analyses/${ra.id}`)).json;
  assert.equal(now.status, 'decided');
  assert.equal(now.decided_by_id, (await new Api(srv.url, token(env.db, 'samordnare')).get('/api/v1/me')).json.person_id);
  await checkPage(page, 'decided analysis');
  assert.deepEqual(pageErrors(page), []);
  await page.context().close();
});
