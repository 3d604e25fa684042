// The risk journey the issue names, in the browser: configure a method,
// analyse a system with classified information (the information in scope
// suggests the consequence), import a Lessebo-style spreadsheet through the
// column and scale mapping, open the report for signing, and see the
// organisation's risk overview and the one action plan. Every page is
// checked with axe-core and walked with the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, token, day } from '../lib/tillit.mjs';
import { launch, newPage, login, tr, pageErrors, checkPage, savedRe, choose } from './lib.mjs';

const SV = 'sv';
const T = (msgid, ...args) => tr(SV, msgid, ...args);
let browser, env, srv, api, person, sys;

before(async () => {
  browser = await launch();
  env = freshDb();
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  person = (await api.post('/api/v1/people', { name: 'Ingrid Informationsägare' })).json;
  const asset = (await api.post('/api/v1/information-assets', { name: 'Personakter', owner_id: person.id })).json;
  const c = await api.post('/api/v1/classifications', {
    asset_id: asset.id, classified_on: day(), confidentiality: 3, integrity: 2, availability: 2, traceability: 2,
    confidentiality_reason: 'Sekretess', integrity_reason: 'Fel beslut', availability_reason: 'Väntan', traceability_reason: 'Logg',
    status: 'decided', decided_by_id: person.id, decided_on: day(),
  });
  assert.equal(c.status, 201, c.text);
  sys = (await api.post('/api/v1/systems', { name: 'Socialtjänstsystem', information_asset_ids: [asset.id] })).json;
});
after(async () => { await browser?.close(); await srv?.stop(); env?.cleanup(); });

test('configure a method, analyse with suggested consequences, import a spreadsheet, see the overview and the action plan', async () => {
  const page = await newPage(browser, { axe: true });
  const main = page.getByRole('main');
  await login(page, srv.url);
  const field = (label, req = false) => main.getByLabel(req ? `${T(label)} *` : T(label), { exact: true });
  const save = () => main.getByRole('button', { name: T('Save'), exact: true }).click();
  const saved = () => main.getByRole('status').filter({ hasText: savedRe('sv') }).waitFor();

  // A new version of the method: four levels of likelihood.
  await page.goto(`${srv.url}/risk-methods/new`);
  await field('Name', true).fill('Riskmetod 2027');
  await field('Likelihood scale', true).fill('Sällan: vart tionde år\nIbland: vart tredje år\nOfta: varje år\nMycket ofta: varje månad');
  await field('Consequence scale', true).fill('Liten\nMärkbar\nAllvarlig\nMycket allvarlig\nKatastrofal');
  await field('Matrix bands', true).fill('1-4 Låg #2e7d32\n5-9 Medel #f9a825\n10-14 Hög #ef6c00\n15-20 Kritisk #c62828');
  await save();
  await saved();
  await checkPage(page, 'new method version');

  // An analysis of the system: its classified information suggests the consequence.
  await page.goto(`${srv.url}/risk-analyses/new`);
  await field('Title', true).fill('RA socialtjänst');
  await choose(main, `${T('Scope')} *`, T('A system'));
  await field('System').selectOption({ label: sys.name });
  await field('Date of analysis', true).fill(day());
  await field('Risk owner').selectOption({ label: person.name });
  await save();
  await saved();
  const analysisUrl = page.url();
  const row = main.getByRole('row', { name: /Personakter/ });
  await assert.doesNotReject(row.getByRole('cell', { name: 'K3 → 4' }).waitFor());
  await checkPage(page, 'analysis with information in scope');
  await row.getByRole('link', { name: new RegExp(`^${T('Add a risk')}`) }).click();
  // Pre-filled: the suggested consequence by its name on the new method's
  // scale, and the aspect checked.
  const consequence = main.getByRole('group', { name: `${T('Consequence')} *`, exact: true });
  assert.equal(await consequence.getByRole('radio', { name: '4 – Mycket allvarlig', exact: true }).isChecked(), true);
  const aspects = main.getByRole('group', { name: T('Aspects affected'), exact: true });
  assert.equal(await aspects.getByRole('checkbox', { name: T('Confidentiality (K)'), exact: true }).isChecked(), true);
  assert.equal(await aspects.getByRole('checkbox', { name: T('Integrity (R)'), exact: true }).isChecked(), false);
  await field('Risk', true).fill('Obehörig läser personakter');
  await choose(main, `${T('Likelihood')} *`, '2 – Ibland');
  await save();
  await saved();

  // Import a spreadsheet: guessed mapping, one value to map by hand, a check, then the import.
  await page.goto(analysisUrl);
  await main.getByRole('link', { name: T('Import risks from a spreadsheet') }).click();
  await checkPage(page, 'import upload form');
  const csv = 'Risk;Skadeverkan;Sannolikhet;Konsekvens;Riskvärde;Förslag på åtgärder/kommentar\n' +
    'Lösenord delas;Obehörig åtkomst;Ofta;4;12;Utbildning\nServern går sönder;Stopp;1;5;5;\n';
  await main.getByLabel(T('CSV or XLSX file')).setInputFiles({ name: 'lessebo.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await main.getByRole('button', { name: T('Read the file') }).click();
  await main.getByRole('heading', { name: T('Which column is which') }).waitFor();
  await checkPage(page, 'import mapping');
  // "Ofta" is a level name of the new method's likelihood scale: guessed.
  assert.equal(await main.getByLabel('Ofta', { exact: true }).inputValue(), '3');
  await main.getByLabel('1', { exact: true }).selectOption('1');
  await main.getByRole('button', { name: T('Check'), exact: true }).click();
  await main.getByRole('status').filter({ hasText: T('No problems were found.') }).waitFor();
  await checkPage(page, 'import checked');
  await main.getByRole('button', { name: T('Import the rows') }).click();
  await main.getByRole('img', { name: T('Risk matrix') }).waitFor();
  const titles = await main.getByRole('rowheader').allTextContents();
  for (const t of ['Lösenord delas', 'Servern går sönder', 'Obehörig läser personakter'])
    assert.ok(titles.some((x) => x.includes(t)), t);

  // The report for the risk owner to sign: the matrix and every risk.
  await main.getByRole('link', { name: T('Report for signing') }).click();
  await main.getByRole('heading', { level: 1, name: T('Risk analysis: %s').replace('%s', 'RA socialtjänst') }).waitFor();
  await main.getByRole('img', { name: T('Risk matrix') }).waitFor();
  for (const t of ['Lösenord delas', 'Servern går sönder', 'Obehörig läser personakter'])
    await main.getByRole('heading', { level: 3, name: new RegExp(t) }).waitFor();
  await main.getByRole('table', { name: T('Decision') }).waitFor();
  await checkPage(page, 'analysis report');

  // The organisation's picture and the one action plan.
  await page.goto(`${srv.url}/risk`);
  await main.getByRole('heading', { name: T('Top risks') }).waitFor();
  await checkPage(page, 'risk overview');
  await page.goto(`${srv.url}/action-plan`);
  await main.getByRole('link', { name: 'Utbildning' }).waitFor();
  await checkPage(page, 'action plan');
  assert.deepEqual(pageErrors(page), []);
  await page.context().close();
});
