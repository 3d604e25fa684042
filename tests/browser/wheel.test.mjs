// The annual wheel in the browser (issue 14, item 9): the coordinator
// reaches it from the Governance menu, sees the year's months with an
// overdue item said in words, goes to the next year, lists one kind, adds
// a recurring activity that then shows, makes a calendar feed whose
// address is shown once and answers iCalendar, and revokes it. Every page
// is checked with axe-core and walked with the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, token, addUser, day } from '../lib/tillit.mjs';
import { launch, newPage, login, tr, pageErrors, checkPage, choose } from './lib.mjs';

const SV = 'sv';
const T = (msgid, ...args) => tr(SV, msgid, ...args);
let browser, env, srv, api;

before(async () => {
  browser = await launch();
  env = freshDb();
  addUser(env.db, 'samordnare', 'coordinator', { name: 'Sara Samordnare' });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  const ex = await api.create('exercises', { title: 'Övning strömavbrott', exercise_date: day(-3) });
  assert.ok(ex.id);
});
after(async () => { await browser?.close(); await srv?.stop(); env?.cleanup(); });

test('the wheel, a recurring activity added, a calendar feed made and revoked', async () => {
  const page = await newPage(browser, { axe: true });
  const errors = pageErrors(page);
  const main = page.getByRole('main');
  await login(page, srv.url, 'samordnare', 'samordnare-password-123');
  const year = Number(day(0).slice(0, 4));

  await page.goto(`${srv.url}/`);
  // The Governance section leads to its first page, the wheel.
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: T('Governance'), exact: true }).click();
  await main.getByRole('heading', { name: T('Annual wheel %d', year) }).waitFor();
  await checkPage(page, 'the annual wheel');
  // A planned exercise three days ago: overdue, in words.
  const ex = main.getByRole('listitem').filter({ hasText: 'Övning strömavbrott' });
  assert.match(await ex.innerText(), new RegExp(T('Overdue')));

  await main.getByRole('link', { name: `${year + 1} →` }).click();
  await main.getByRole('heading', { name: T('Annual wheel %d', year + 1) }).waitFor();
  // The RSA falls in the year after an election (2026, 2030 ...).
  const rsa = (year + 1 - 2023) % 4 === 0;
  assert.equal((await main.innerText()).includes('Risk- och sårbarhetsanalys'), rsa);

  // A list of one kind.
  await choose(main, T('Kind'), T('Recurring activity'));
  await choose(main, T('Show as'), T('List'));
  await main.getByRole('button', { name: T('Show'), exact: true }).click();
  await main.getByRole('table').waitFor();
  await checkPage(page, 'the wheel as a list');
  assert.ok((await main.getByRole('table').innerText()).includes('kommunstyrelsen'));

  // A new recurring activity shows on the wheel.
  await main.getByRole('link', { name: T('New recurring activity') }).click();
  await checkPage(page, 'a new recurring activity');
  await main.getByLabel(`${T('Activity')} *`, { exact: true }).fill('Uppföljning av internkontrollen');
  await choose(main, `${T('Recurs')} *`, T('Every quarter'));
  await main.getByLabel(T('Month'), { exact: true }).fill('3');
  await main.getByLabel(`${T('Day of the month')} *`, { exact: true }).fill('31');
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  await main.getByRole('heading', { name: 'Uppföljning av internkontrollen' }).waitFor();
  await page.goto(`${srv.url}/wheel?year=${year + 1}&view=list&source=recurring`);
  const rows = await main.getByRole('row').filter({ hasText: 'Uppföljning av internkontrollen' }).count();
  assert.equal(rows, 4, 'four quarters');

  // A calendar feed for the organisation.
  await page.goto(`${srv.url}/wheel`);
  await main.getByRole('link', { name: T('Subscribe in Outlook or Thunderbird') }).click();
  await checkPage(page, 'calendar feeds');
  await main.getByLabel(T("The whole organisation's annual wheel")).check();
  await main.getByRole('button', { name: T('Make the calendar feed') }).click();
  const url = await main.getByLabel(T("The calendar's address")).inputValue();
  assert.match(url, /\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  await checkPage(page, 'the new feed');
  const ics = await fetch(url);
  assert.equal(ics.status, 200);
  assert.match(await ics.text(), /^BEGIN:VCALENDAR\r\n/);
  await page.goto(`${srv.url}/wheel/calendar`);
  await main.getByRole('button', { name: new RegExp(T('Revoke')) }).first().click();
  await main.getByText(T('The calendar feed was revoked. Its address no longer works.')).waitFor();
  assert.equal((await fetch(url)).status, 404);
  assert.deepEqual(errors, []);
});
