// The menu in a browser: on a phone (390 px) without JavaScript the first
// screen shows the page, not the menu; the Menu button opens it from the
// keyboard, and the open menu passes axe. On a desktop the sections sit in
// one row with the current section's pages below.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer } from '../lib/tillit.mjs';
import { launch, newPage, login, tr, checkAxe } from './lib.mjs';

let browser, env, srv;
before(async () => {
  browser = await launch();
  env = freshDb();
  srv = await startServer(env.db);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  env?.cleanup();
});

const T = (msgid) => tr('sv', msgid);

test('on a phone without JavaScript the menu waits behind the Menu button', async () => {
  const page = await newPage(browser, { javaScript: false });
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, srv.url);
  await page.goto(`${srv.url}/systems`);
  const menu = page.getByRole('navigation', { name: T('Main menu') });
  // Closed: no section link shows, and the heading is high on the first screen.
  assert.equal(await menu.getByRole('link', { name: T('Inventory'), exact: true }).isVisible(), false);
  const h1 = await page.getByRole('heading', { level: 1 }).boundingBox();
  assert.ok(h1.y < 250, `the heading starts ${h1.y}px down`);
  // The button is reached and used from the keyboard.
  const toggle = page.getByRole('checkbox', { name: T('Menu') });
  await toggle.focus();
  await page.keyboard.press('Space');
  assert.equal(await toggle.isChecked(), true);
  for (const section of ['Overview', 'Inventory', 'Classification', 'Risk', 'Follow-up', 'Administration']) {
    assert.ok(await menu.getByRole('link', { name: T(section), exact: true }).isVisible(), `${section} shows`);
  }
  // Every page of every section is one tap away, the current one marked.
  const measures = menu.getByRole('link', { name: T('Measures'), exact: true });
  assert.ok(await measures.isVisible());
  assert.equal(await menu.getByRole('link', { name: T('Systems'), exact: true }).getAttribute('aria-current'), 'page');
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
  await measures.click();
  await page.waitForURL(`${srv.url}/measures`);
  await page.context().close();

  // The open menu passes axe (which needs script to run).
  const checked = await newPage(browser, { axe: true });
  await checked.setViewportSize({ width: 390, height: 844 });
  await login(checked, srv.url);
  await checked.goto(`${srv.url}/systems`);
  await checked.getByText(T('Menu'), { exact: true }).click();
  assert.ok(await checked.getByRole('navigation', { name: T('Main menu') }).getByRole('link', { name: T('Measures'), exact: true }).isVisible());
  await checkAxe(checked, 'the open menu at 390 px');
  await checked.context().close();
});

test('on a desktop the sections make one row and the current section its pages below', async () => {
  const page = await newPage(browser, { axe: true });
  await login(page, srv.url);
  await page.goto(`${srv.url}/risks`);
  const menu = page.getByRole('navigation', { name: T('Main menu') });
  assert.equal(await page.getByRole('checkbox', { name: T('Menu') }).count(), 0, 'no Menu button on a desktop');
  const boxes = [];
  for (const section of ['Overview', 'Inventory', 'Classification', 'Risk', 'Follow-up', 'Administration']) {
    boxes.push(await menu.getByRole('link', { name: T(section), exact: true }).boundingBox());
  }
  assert.ok(boxes.every((b) => Math.abs(b.y - boxes[0].y) < 2), 'the sections share one row');
  assert.equal(await menu.getByRole('link', { name: T('Risk'), exact: true }).getAttribute('aria-current'), 'true');
  const sub = page.getByRole('navigation', { name: T('Risk'), exact: true });
  assert.equal(await sub.getByRole('link', { name: T('Risks'), exact: true }).getAttribute('aria-current'), 'page');
  await sub.getByRole('link', { name: T('Measures'), exact: true }).click();
  await page.waitForURL(`${srv.url}/measures`);
  await page.getByRole('banner').getByRole('link', { name: T('My account') }).click();
  await page.waitForURL(`${srv.url}/account`);
  await checkAxe(page, 'account page with the menu');
  await page.context().close();
});
