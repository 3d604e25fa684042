// An access review in the browser (issue 14, item 4): the system owner finds
// the campaign in "Mina uppgifter", imports the system's accounts from a CSV
// file (a file with a repeated account is refused, row named, nothing
// imported), decides every account on one page with one save (a removal
// without a comment is refused and nothing is saved), and the review
// completes with a measure for the system administrator. Every page is
// checked with axe-core and walked with the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDb, startServer, Api, token, addUser, day } from '../lib/tillit.mjs';
import { launch, newPage, login, tr, pageErrors, checkPage } from './lib.mjs';

const T = (msgid, ...args) => tr('sv', msgid, ...args);
let browser, env, srv, api, review, dir, owner, admin;

before(async () => {
  browser = await launch();
  env = freshDb();
  addUser(env.db, 'agare', 'system_owner', { name: 'Åsa Ägare' });
  addUser(env.db, 'forvaltare', 'system_administrator', { name: 'Filip Förvaltare' });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  owner = (await new Api(srv.url, token(env.db, 'agare')).get('/api/v1/me')).json.person_id;
  admin = (await new Api(srv.url, token(env.db, 'forvaltare')).get('/api/v1/me')).json.person_id;
  const sys = (await api.post('/api/v1/systems', { name: 'Lönesystemet', owner_id: owner, administrator_id: admin })).json;
  review = (await api.post('/api/v1/access-reviews', { system_id: sys.id, due_date: day(14) })).json;
  assert.equal(review.reviewer_id, owner);
  dir = mkdtempSync(join(tmpdir(), 'tillit-ar-'));
});
after(async () => { await browser?.close(); await srv?.stop(); env?.cleanup(); if (dir) rmSync(dir, { recursive: true, force: true }); });

test('the reviewer imports the accounts and completes the review on one page', async () => {
  const page = await newPage(browser, { axe: true });
  const errors = pageErrors(page);
  const main = page.getByRole('main');
  await login(page, srv.url, 'agare', 'agare-password-123');

  // My tasks names the campaign.
  await page.goto(`${srv.url}/tasks`);
  await main.getByRole('heading', { name: T('Access reviews to decide') }).waitFor();
  await checkPage(page, 'tasks with an access review');
  await main.getByRole('region', { name: T('Access reviews to decide') }).getByRole('link', { name: 'Lönesystemet', exact: true }).click();
  await main.getByRole('heading', { name: T('Import the system\'s accounts') }).waitFor();
  await checkPage(page, 'empty access review');

  // A file with a repeated account: refused, row named, nothing imported.
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'konto;namn;roller;senaste inloggning\nanna;Anna;Läsare;2026-01-01\nanna;Anna igen;Admin;\n');
  await main.getByLabel(T('CSV file')).setInputFiles(bad);
  await main.getByRole('button', { name: T('Import the accounts') }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await main.innerText(), new RegExp(T('The account %s is in the file more than once.', 'anna')));
  await checkPage(page, 'import refused');
  assert.equal((await api.items('access-review-accounts', `&review_id=${review.id}`)).length, 0);

  // A good file.
  const good = join(dir, 'good.csv');
  const rows = ['konto;namn;roller;senaste inloggning'];
  for (let i = 1; i <= 30; i++) rows.push(`user${String(i).padStart(2, '0')};Person ${i};Handläggare;2026-0${1 + (i % 9)}-01`);
  writeFileSync(good, rows.join('\r\n') + '\r\n');
  await main.getByLabel(T('CSV file')).setInputFiles(good);
  await main.getByRole('button', { name: T('Import the accounts') }).click();
  await main.getByText(T('Accounts imported: %lld.', 30)).waitFor();
  await checkPage(page, 'access review with accounts');

  // Every account on this one page: keep all, remove one without a comment.
  const radios = main.getByRole('radio', { name: T('Keep') });
  assert.equal(await radios.count(), 30);
  for (let i = 0; i < 30; i++) await radios.nth(i).check();
  await main.getByRole('group', { name: `${T('Decision')} user07` }).getByRole('radio', { name: T('Remove') }).check();
  await main.getByRole('button', { name: T('Save the decisions') }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), new RegExp(T('Say why the account is to be removed.')));
  await checkPage(page, 'decisions refused');
  assert.ok((await api.items('access-review-accounts', `&review_id=${review.id}`)).every((a) => a.decision == null), 'nothing saved');
  // What was chosen is still chosen; add the comment and save once.
  await main.getByLabel(`${T('Comment')} user07`).fill('Har slutat i kommunen');
  await main.getByRole('button', { name: T('Save the decisions') }).click();
  await main.getByText(T('Every account has a decision: the access review is completed, and each removal and change has become a measure for the system administrator.').slice(0, 40)).waitFor();
  await checkPage(page, 'access review completed');
  const done = (await api.get(`/api/v1/access-reviews/${review.id}`)).json;
  assert.equal(done.status, 'completed');
  const ms = await api.items('measures', `&access_review_id=${review.id}`);
  assert.equal(ms.length, 1);
  assert.equal(ms[0].owner_id, admin);
  assert.match(ms[0].title, /user07/);
  // Read-only now: no radio buttons.
  assert.equal(await main.getByRole('radio').count(), 0);
  // The phone: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.ok(!wide, 'no horizontal scrolling at 390 px');
  assert.deepEqual(errors, []);
});
