// Triage and closing in the browser (issue 13): the coordinator opens a
// reported incident, triages it (category, severity, significance with its
// reason), sees the deadlines appear with the time left, writes the early
// warning from the incident's fields and records it as sent, and closes the
// incident — refused without root cause and lessons learned, then accepted.
// Every page is checked with axe-core and walked with the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, token, addUser } from '../lib/tillit.mjs';
import { launch, newPage, login, tr, pageErrors, checkPage, savedRe, choose } from './lib.mjs';

const SV = 'sv';
const T = (msgid, ...args) => tr(SV, msgid, ...args);
let browser, env, srv, api, incident;

before(async () => {
  browser = await launch();
  env = freshDb();
  addUser(env.db, 'samordnare', 'coordinator', { name: 'Sara Samordnare' });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  const sys = (await api.post('/api/v1/systems', { name: 'Ekonomisystemet' })).json;
  const at = new Date(Date.now() - 2 * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const r = await api.post('/api/v1/incidents', {
    title: 'Falska fakturor betalda', description: 'Två fakturor från en falsk leverantör betalades ut.',
    discovered_at: at, aware_at: at, system_ids: [sys.id],
  });
  assert.equal(r.status, 201, r.text);
  incident = r.json;
});
after(async () => { await browser?.close(); await srv?.stop(); env?.cleanup(); });

test('triage, the deadlines, the early warning recorded as sent, and closing', async () => {
  const page = await newPage(browser, { axe: true });
  const errors = pageErrors(page);
  const main = page.getByRole('main');
  await login(page, srv.url, 'samordnare', 'samordnare-password-123');

  // The list, then the incident: no deadlines before the assessment.
  await page.goto(`${srv.url}/incidents`);
  await checkPage(page, 'incident list');
  await main.getByRole('link', { name: 'Falska fakturor betalda' }).click();
  await main.getByRole('heading', { name: T('Report deadlines') }).waitFor();
  assert.match(await main.innerText(), new RegExp(T('No report deadlines: the incident is not assessed as significant under the Cybersecurity Act, nor as a personal data breach to report to IMY.').slice(0, 30)));

  // Triage.
  await main.getByRole('link', { name: T('Edit'), exact: true }).click();
  await checkPage(page, 'incident form');
  await choose(main, T('Category'), 'Skadlig kod').catch(() => choose(main, T('Category'), T('Malware')));
  await choose(main, T('Severity'), 'Hög').catch(() => choose(main, T('Severity'), T('High')));
  await choose(main, `${T('Status')} *`, T('Being handled'));
  await choose(main, `${T('Significant incident?')} *`, T('Significant incident'));
  // A decision without its reason is refused, with the reason asked for.
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  const summary = page.getByRole('alert');
  await summary.waitFor();
  assert.match(await summary.innerText(), new RegExp(T('Give the reason for the significance decision.')));
  await checkPage(page, 'incident form with errors');
  await main.getByLabel(T('Reason for the decision'), { exact: true }).fill('Betalningar till bedragare: betydande ekonomisk förlust.');
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  await main.getByRole('status').filter({ hasText: savedRe(SV) }).waitFor();

  // The deadlines with the time left, in words.
  const deadlines = main.locator('table.deadlines');
  await deadlines.waitFor();
  const text = await deadlines.innerText();
  assert.match(text, new RegExp(T('Early warning (Cybersecurity Act)').replace(/[()]/g, '\\$&')));
  assert.match(text, new RegExp(T('%s left', '.*')));
  await checkPage(page, 'incident with deadlines');

  // The early warning, written from the incident, recorded as sent.
  await deadlines.getByRole('link', { name: T('Early warning (Cybersecurity Act)'), exact: true }).click();
  const body = main.getByLabel(T('Text to copy'), { exact: true });
  await body.waitFor();
  assert.match(await body.inputValue(), /Falska fakturor betalda/);
  await checkPage(page, 'report text');
  await main.getByLabel(T('Reference'), { exact: true }).fill('CSIRT-2026-0042');
  await main.getByRole('button', { name: T('Record as sent'), exact: true }).click();
  await main.getByRole('heading', { name: T('Report deadlines') }).waitFor();
  assert.match(await main.locator('table.deadlines').innerText(), /CSIRT-2026-0042/);

  // Closing: refused without root cause and lessons learned, then accepted.
  await main.getByRole('link', { name: T('Edit'), exact: true }).click();
  await choose(main, `${T('Status')} *`, T('Closed'));
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  await summary.waitFor();
  const why = await summary.innerText();
  assert.match(why, new RegExp(T('Give the root cause before closing the incident.')));
  assert.match(why, new RegExp(T('Give the lessons learned before closing the incident.')));
  await main.getByLabel(T('Root cause'), { exact: true }).fill('Ingen kontroll av nya leverantörers bankkonton.');
  await main.getByLabel(T('Lessons learned'), { exact: true }).fill('Ring leverantören på känt nummer före första betalningen.');
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  // The incident notification was never recorded as sent: said, and confirmed past.
  await summary.waitFor();
  assert.match(await summary.innerText(), new RegExp(T('These reports are not recorded as sent: %s.', '.*')));
  await main.getByLabel(T('I have read the warning and want to save anyway.')).check();
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  await main.getByRole('status').filter({ hasText: savedRe(SV) }).waitFor();
  const closed = (await api.get(`/api/v1/incidents/${incident.id}`)).json;
  assert.equal(closed.status, 'closed');
  assert.ok(closed.closed_at && closed.handled_at, 'closing records when');
  assert.equal(closed.deadlines.find((d) => d.kind === 'nis2_early_warning').reference, 'CSIRT-2026-0042');
  assert.deepEqual(errors, []);
  await page.context().close();
});
