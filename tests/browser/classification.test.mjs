// Classification in the browser: classify two information assets through
// the form, link them to a system, see the derived classification and the
// action plan, assess requirements, and fetch the procurement requirements
// (the XLSX opens and has a row per applicable requirement); then the
// Statement of Applicability: coverage, evidence upload, the XLSX and PDF
// exports, and the confirmation a planned system needs to go into use
// unclassified. Every new page is checked with axe-core and walked with
// the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, token, unzip, requirementApplies } from '../lib/tillit.mjs';
import { launch, newPage, login, tr, pageErrors, checkPage, savedRe, choose, chooseLevel } from './lib.mjs';

const SV = 'sv';
const T = (msgid, ...args) => tr(SV, msgid, ...args);
let browser, env, srv, api, person;

before(async () => {
  browser = await launch();
  env = freshDb();
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  person = (await api.post('/api/v1/people', { name: 'Ingrid Informationsägare' })).json;
});
after(async () => { await browser?.close(); await srv?.stop(); env?.cleanup(); });

async function classify(page, assetId, levels) {
  const main = page.getByRole('main');
  await page.goto(`${srv.url}/information-assets/${assetId}`);
  await checkPage(page, 'information asset with its classification panel');
  await main.getByRole('link', { name: T('Classify'), exact: true }).click();
  const field = (label, req = false) => main.getByLabel(req ? `${T(label)} *` : T(label), { exact: true });
  const aspects = ['Confidentiality (K)', 'Integrity (R)', 'Availability (T)', 'Traceability (S)'];
  const reasons = ['Reason for confidentiality', 'Reason for integrity', 'Reason for availability', 'Reason for traceability'];
  await field('Date of classification', true).fill('2026-11-01');
  for (let i = 0; i < 4; i++) await chooseLevel(main, `${T(aspects[i])} *`, levels[i]);
  await choose(main, `${T('Status')} *`, T('Decided'));
  await field('Decided by').selectOption({ label: person.name });
  await field('Date of decision').fill('2026-11-02');
  // Without reasons the decision is refused, naming each field.
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  const errors = main.getByText(T('Give the reason for this level before the classification is decided.'));
  assert.equal(await errors.count() >= levels.filter((l) => l > 0).length, true);
  await checkPage(page, 'classification form with errors');
  for (let i = 0; i < 4; i++) if (levels[i] > 0) await field(reasons[i]).fill(`Skäl ${i}`);
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  await main.getByRole('status').filter({ hasText: savedRe('sv') }).waitFor();
}

test('classify, derive, plan and procure', async () => {
  const a1 = (await api.post('/api/v1/information-assets', { name: 'Elevakter', owner_id: person.id })).json;
  const a2 = (await api.post('/api/v1/information-assets', { name: 'Närvaro', owner_id: person.id })).json;
  const page = await newPage(browser, { axe: true });
  await login(page, srv.url);
  await classify(page, a1.id, [3, 1, 1, 2]);
  await classify(page, a2.id, [1, 2, 2, 0]);
  const sys = (await api.post('/api/v1/systems', { name: 'Skolplattform', lifecycle: 'planned', information_asset_ids: [a1.id, a2.id] })).json;

  // The system page shows the derived classification and what sets it.
  const main = page.getByRole('main');
  await page.goto(`${srv.url}/systems/${sys.id}`);
  const table = main.getByRole('table', { name: T('Derived classification') });
  const row = table.getByRole('row', { name: new RegExp(T('Confidentiality (K)').replace(/[()]/g, '\\$&')) });
  assert.match(await row.innerText(), /3 – Allvarlig/);
  assert.match(await row.innerText(), /Elevakter/);
  const avail = table.getByRole('row', { name: new RegExp(T('Availability (T)').replace(/[()]/g, '\\$&')) });
  assert.match(await avail.innerText(), /Närvaro/);
  await checkPage(page, 'system with its classification panel');

  // The action plan: every requirement applies from its level; assess one.
  await main.getByRole('link', { name: T('Action plan'), exact: true }).click();
  await main.getByRole('heading', { level: 1, name: T('Action plan: %s', 'Skolplattform') }).waitFor();
  await checkPage(page, 'action plan');
  const reqs = (await api.get('/api/v1/requirements?limit=500&status=active')).json.items;
  const lv = { K: 3, R: 2, T: 2, S: 2 };
  const applicable = reqs.filter((q) => requirementApplies(q, lv));
  // 25 requirements a page; assessed in place: filter the area, choose, save.
  const rows = main.getByRole('table').locator('tbody tr');
  assert.equal(await rows.count(), Math.min(25, applicable.length));
  await main.getByLabel(T('Area'), { exact: true }).selectOption({ label: T('Encryption') });
  await main.getByRole('button', { name: T('Filter'), exact: true }).click();
  await main.getByLabel(`${T('Assessment')} CRY-01`, { exact: true }).selectOption({ label: T('Fulfilled') });
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  await main.getByRole('status').filter({ hasText: T('The assessment of %s has been saved.', 'CRY-01') }).waitFor();
  await checkPage(page, 'action plan after a save');
  await page.goto(`${srv.url}/systems/${sys.id}/plan`);
  const progress = T('%lld of %lld applicable requirements fulfilled (%lld %%).', 1, applicable.length, Math.floor(100 / applicable.length)).replace('%%', '%');
  await main.getByText(progress).waitFor();

  // Procurement requirements: a printable page and an XLSX to attach.
  await page.goto(`${srv.url}/systems/${sys.id}`);
  await main.getByRole('link', { name: T('Procurement requirements'), exact: true }).click();
  await checkPage(page, 'procurement requirements');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    main.getByRole('link', { name: T('Export Excel'), exact: true }).click(),
  ]);
  const file = await download.path();
  const { readFileSync } = await import('node:fs');
  const sheet = unzip(readFileSync(file)).get('xl/worksheets/sheet1.xml').toString('utf8');
  assert.equal((sheet.match(/<row /g) || []).length, applicable.length + 1);
  assert.ok(sheet.includes('CRY-02'));

  // The catalogue lists are accessible too.
  for (const path of ['/requirements', '/soa-entries', '/classification-levels', '/classifications', '/action-plan-items']) {
    await page.goto(srv.url + path);
    await checkPage(page, path);
  }
  assert.deepEqual(pageErrors(page), []);
  await page.context().close();
});

test('the Statement of Applicability: coverage, evidence, exports; going into use unclassified', async () => {
  const { readFileSync } = await import('node:fs');
  const main = (p) => p.getByRole('main');
  const asset = (await api.post('/api/v1/information-assets', { name: 'Bygglovsakter', owner_id: person.id })).json;
  const reasons = { confidentiality_reason: 'a', integrity_reason: 'b', availability_reason: 'c', traceability_reason: 'd' };
  assert.equal((await api.post('/api/v1/classifications', {
    asset_id: asset.id, classified_on: '2026-11-01', confidentiality: 2, integrity: 1, availability: 1, traceability: 1,
    ...reasons, status: 'decided', decided_by_id: person.id, decided_on: '2026-11-01',
  })).status, 201);
  const sys = (await api.post('/api/v1/systems', { name: 'Bygglovssystem', information_asset_ids: [asset.id] })).json;
  const cry = (await api.get('/api/v1/requirements?q=CRY-01')).json.items.find((q) => q.code === 'CRY-01');
  assert.equal((await api.post('/api/v1/action-plan-items', { system_id: sys.id, requirement_id: cry.id, assessment: 'fulfilled' })).status, 201);
  const controls = (await api.get('/api/v1/soa-entries?limit=500&framework=iso27001')).json.items.filter((e) => cry.control_ids.includes(e.id));
  assert.ok(controls.length > 0);
  const ctl = controls[0];

  const page = await newPage(browser, { axe: true });
  await login(page, srv.url);
  // From the menu: the Follow-up section, then its page.
  await page.getByRole('navigation', { name: T('Main menu') }).getByRole('link', { name: T('Follow-up'), exact: true }).click();
  await page.getByRole('navigation', { name: T('Follow-up'), exact: true }).getByRole('link', { name: T('Statement of Applicability'), exact: true }).click();
  await main(page).getByRole('heading', { level: 1, name: T('Statement of Applicability') }).waitFor();
  await checkPage(page, 'SoA overview');
  await main(page).getByRole('link', { name: T('ISO/IEC 27001:2022 Annex A'), exact: true }).click();
  await checkPage(page, 'SoA: Annex A');
  const row = main(page).getByRole('row').filter({ has: page.getByRole('link', { name: ctl.code, exact: true }) });
  assert.match(await row.innerText(), /CRY-01 ✓/);
  assert.match(await row.innerText(), /Bygglovssystem/);
  await main(page).getByRole('link', { name: T('NIS2 article 21(2)'), exact: true }).click();
  await checkPage(page, 'SoA: NIS2');

  // The XLSX and the PDF.
  await page.goto(`${srv.url}/soa/iso27001`);
  let [download] = await Promise.all([page.waitForEvent('download'),
    main(page).getByRole('link', { name: T('Export Excel'), exact: true }).click()]);
  const sheet = unzip(readFileSync(await download.path())).get('xl/worksheets/sheet1.xml').toString('utf8');
  assert.equal((sheet.match(/<row /g) || []).length, 94);
  assert.ok(sheet.includes('CRY-01 ✓') && sheet.includes('Bygglovssystem'));
  [download] = await Promise.all([page.waitForEvent('download'),
    main(page).getByRole('link', { name: T('Export PDF'), exact: true }).click()]);
  assert.equal(readFileSync(await download.path()).subarray(0, 5).toString(), '%PDF-');

  // Evidence on the control: upload a file, see it with its checksum.
  await row.getByRole('link', { name: ctl.code, exact: true }).click();
  await checkPage(page, 'SoA entry with coverage and evidence');
  await main(page).getByLabel(T('Add an evidence file'), { exact: true }).setInputFiles({
    name: 'krypteringsrutin.txt', mimeType: 'text/plain', buffer: Buffer.from('Rutin för kryptering, beslutad 2026-11-01.'),
  });
  await main(page).getByRole('button', { name: T('Upload'), exact: true }).click();
  await main(page).getByRole('status').filter({ hasText: T('The file was saved as evidence.') }).waitFor();
  const files = main(page).getByRole('table', { name: T('Evidence files') });
  assert.match(await files.innerText(), /krypteringsrutin\.txt/);
  assert.match(await files.innerText(), /[0-9a-f]{64}/);
  await checkPage(page, 'SoA entry with an evidence file');
  // A file of a type not allowed: a message, nothing kept.
  await main(page).getByLabel(T('Add an evidence file'), { exact: true }).setInputFiles({
    name: 'skript.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ'),
  });
  await main(page).getByRole('button', { name: T('Upload'), exact: true }).click();
  await main(page).getByRole('alert').waitFor();
  await checkPage(page, 'SoA entry with an upload error');
  assert.equal(await main(page).getByRole('table', { name: T('Evidence files') }).getByRole('row').count(), 2);

  // A planned, unclassified system into use: a warning to confirm.
  const other = (await api.post('/api/v1/systems', { name: 'Nytt diariesystem', lifecycle: 'planned' })).json;
  await page.goto(`${srv.url}/systems/${other.id}/edit`);
  await choose(main(page), `${T('Lifecycle')} *`, T('In use'));
  await main(page).getByRole('button', { name: T('Save'), exact: true }).click();
  await main(page).getByRole('alert').waitFor();
  await checkPage(page, 'system form with a warning to confirm');
  await main(page).getByLabel(T('I have read the warning and want to save anyway.'), { exact: true }).check();
  await main(page).getByRole('button', { name: T('Save'), exact: true }).click();
  await main(page).getByRole('status').filter({ hasText: savedRe('sv') }).waitFor();
  assert.equal((await api.get(`/api/v1/systems/${other.id}`)).json.lifecycle, 'in_use');
  assert.deepEqual(pageErrors(page), []);
  await page.context().close();
});
