// The action plan assessed in place, in the browser (issue 12, item 4):
// the 120 and more requirements of a highly classified system assessed in
// one page load per 25 of them — the plan, then one "save and show the
// next page" per page of 25 — with the
// page checked by axe-core and the keyboard, a refused save showing its
// errors, and the form read as stacked rows on a 390 px phone with nothing
// wider than the screen. The page loads are counted as the browser's own
// navigations of the main frame (a POST answered by a redirect is one).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, freshDb, startServer, Api, token, requirementApplies } from '../lib/tillit.mjs';
import { launch, newPage, login, tr, pageErrors, checkPage, checkAxe } from './lib.mjs';

const SV = 'sv';
const T = (msgid, ...args) => tr(SV, msgid, ...args);
let browser, env, srv, api, sys, applicable;

before(async () => {
  browser = await launch();
  env = freshDb();
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  const owner = await api.create('people', { name: 'Ingrid Informationsägare' });
  const asset = await api.create('information-assets', { name: 'Elevakter', owner_id: owner.id });
  const lv = { K: 3, R: 3, T: 2, S: 3 };
  const r = await api.post('/api/v1/classifications', {
    asset_id: asset.id, classified_on: day(), confidentiality: lv.K, integrity: lv.R, availability: lv.T, traceability: lv.S,
    confidentiality_reason: 'a', integrity_reason: 'b', availability_reason: 'c', traceability_reason: 'd',
    status: 'decided', decided_by_id: owner.id, decided_on: day(),
  });
  assert.equal(r.status, 201, r.text);
  sys = await api.create('systems', { name: 'Skolplattform', owner_id: owner.id, information_asset_ids: [asset.id] });
  applicable = (await api.items('requirements')).filter((q) => q.status === 'active' && requirementApplies(q, lv));
  assert.ok(applicable.length >= 120, `${applicable.length} requirements apply`);
});
after(async () => { await browser?.close(); await srv?.stop(); env?.cleanup(); });

test('120 and more requirements are assessed in one page load per 25', async () => {
  const page = await newPage(browser, { axe: true });
  await login(page, srv.url);
  let loads = 0;
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) loads++; });
  const main = page.getByRole('main');
  const choices = ['fulfilled', 'partly', 'not_fulfilled'];
  await page.goto(`${srv.url}/systems/${sys.id}/plan`);
  await checkPage(page, 'the action plan form');
  let done = 0;
  for (;;) {
    const rows = main.locator('tbody tr');
    const n = await rows.count();
    assert.ok(n > 0 && n <= 25, `${n} rows`);
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      await row.locator('select').selectOption(choices[(done + i) % choices.length]);
      if ((done + i) % 10 === 0) await row.getByRole('textbox', { name: new RegExp(`^${T('Comment')}`) }).fill(`Bedömt på sida ${Math.floor(done / 25) + 1}`);
    }
    done += n;
    const next = main.getByRole('button', { name: T('Save and show the next page'), exact: true });
    if (await next.count()) {
      await Promise.all([page.waitForURL(/saved=/), next.click()]);
    } else {
      await Promise.all([page.waitForURL(/saved=/), main.getByRole('button', { name: T('Save'), exact: true }).click()]);
      break;
    }
    assert.ok((await main.locator('.flash').innerText()).includes(T('%lld requirements have been assessed.', 25)));
  }
  assert.equal(done, applicable.length);
  assert.ok(loads <= 1 + Math.ceil(done / 25), `${loads} page loads for ${done} requirements`);
  const items = await api.items('action-plan-items', `&system_id=${sys.id}`);
  assert.equal(items.length, applicable.length);
  assert.equal(items.filter((i) => i.comment).length, Math.ceil(applicable.length / 10));
  const progress = T('%lld of %lld applicable requirements fulfilled (%lld %%).', Math.ceil(applicable.length / 3),
    applicable.length, Math.floor(Math.ceil(applicable.length / 3) * 100 / applicable.length)).replace('%%', '%');
  await main.getByText(progress).waitFor();
  assert.deepEqual(pageErrors(page), []);
  await page.context().close();
});

test('a refused save shows its errors on top and on the row, and is checked like every page', async () => {
  const page = await newPage(browser, { axe: true });
  await login(page, srv.url);
  const main = page.getByRole('main');
  await page.goto(`${srv.url}/systems/${sys.id}/plan`);
  const row = main.locator('tbody tr').first();
  await row.locator('select').selectOption('not_applicable');
  await row.locator('input[type=date]').fill('2030-01-01');
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  const summary = main.locator('.error-summary');
  await summary.waitFor();
  // The summary has focus (tillit.js) and links to the reason, now open.
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('error-summary')), true);
  await summary.getByRole('link', { name: new RegExp(T('Give the reason the requirement does not apply to the system.')) }).click();
  const reason = row.getByRole('textbox', { name: new RegExp(`^${T('Reason, if not applicable')}`) });
  assert.equal(await reason.isVisible(), true);
  assert.equal(await row.locator('input[type=date]').inputValue(), '2030-01-01', 'what was typed stays');
  await checkPage(page, 'the action plan with errors');
  await reason.fill('Ingen egen behörighetshantering');
  await Promise.all([page.waitForURL(/saved=1/), main.getByRole('button', { name: T('Save'), exact: true }).click()]);
  assert.deepEqual(pageErrors(page), []);
  await page.context().close();
});

test('on a 390 px phone each requirement is a stacked card and nothing is wider than the screen', async () => {
  const page = await newPage(browser, { axe: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, srv.url);
  await page.goto(`${srv.url}/systems/${sys.id}/plan`);
  await checkAxe(page, 'the action plan form at 390 px');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `scrollWidth ${width}`);
  // A cell is a block under its column's name, not a column one letter wide.
  const cell = page.locator('tbody tr').first().locator('td[data-label]').first();
  assert.equal(await cell.evaluate((el) => getComputedStyle(el).display), 'block');
  const box = await page.locator('tbody tr').first().locator('select').boundingBox();
  assert.ok(box.width > 200, `the assessment's select is ${box.width} px wide`);
  assert.deepEqual(pageErrors(page), []);
  await page.context().close();
});
