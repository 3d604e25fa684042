// Training in the browser (issue 14, item 3): the coordinator sees an
// elected official without training this term on the gap list, registers
// a session of the elected officials' course, imports the attendance list
// naming the elected official — first with a name that is no one's, which
// is refused with the row and imports nothing — and watches the gap go.
// The coverage page counts the official as trained. Every page is checked
// with axe-core and the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, token, addUser } from '../lib/tillit.mjs';
import { launch, newPage, login, tr, pageErrors, checkPage, choose } from './lib.mjs';

const SV = 'sv';
const T = (msgid, ...args) => tr(SV, msgid, ...args);
let browser, env, srv, api, official;

before(async () => {
  browser = await launch();
  env = freshDb();
  addUser(env.db, 'samordnare', 'coordinator', { name: 'Sara Samordnare' });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  official = (await api.post('/api/v1/people', { name: 'Greta Ledamot', kind: 'elected' })).json;
  const r = await api.post('/api/v1/trainings', { name: 'Informationssäkerhet för förtroendevalda', topic: 'basics', audience: 'elected_officials' });
  assert.equal(r.status, 201, r.text);
});
after(async () => { await browser?.close(); await srv?.stop(); env?.cleanup(); });

test('register an elected officials\' session, import the attendance list, the gap goes', async () => {
  const page = await newPage(browser, { axe: true });
  const errors = pageErrors(page);
  const main = page.getByRole('main');
  await login(page, srv.url, 'samordnare', 'samordnare-password-123');
  const gapMessage = T('The elected official %s has attended no training for elected officials in the current term of office.', 'Greta Ledamot');

  // The gap, on the gap list.
  await page.goto(`${srv.url}/gaps?kind=elected_official_untrained`);
  await checkPage(page, 'gap list with the training gap');
  assert.match(await main.innerText(), new RegExp(gapMessage.slice(0, 40)));

  // A new session of the course, from the Governance menu's list.
  await page.goto(`${srv.url}/training-sessions/new`);
  await checkPage(page, 'new training session');
  await choose(main, `${T('Training')} *`, 'Informationssäkerhet för förtroendevalda');
  await main.getByLabel(T('Place'), { exact: true }).fill('Kommunhuset, sessionssalen');
  await main.getByRole('button', { name: T('Save'), exact: true }).click();
  await main.getByRole('heading', { name: T('Import an attendance list') }).waitFor();
  await checkPage(page, 'training session');

  // A name that is no one's: refused with its row, nothing imported.
  const list = main.getByLabel(T('Or paste the list'), { exact: true });
  await list.fill('Namn\nGreta Ledamot\nOkänd Okändsson');
  await main.getByRole('button', { name: T('Import the attendees'), exact: true }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), new RegExp(T('Row %zu: no person is named "%s".').replace('%zu', '3').replace('%s', 'Okänd Okändsson')));
  await checkPage(page, 'attendance list refused');
  const s1 = (await api.get('/api/v1/training-sessions?limit=10')).json.items[0];
  assert.deepEqual(s1.attendee_ids ?? (await api.get(`/api/v1/training-sessions/${s1.id}`)).json.attendee_ids, []);

  // The corrected list.
  await page.goto(`${srv.url}/training-sessions/${s1.id}`);
  await main.getByLabel(T('Or paste the list'), { exact: true }).fill('Greta Ledamot');
  await main.getByRole('button', { name: T('Import the attendees'), exact: true }).click();
  await main.getByRole('status').filter({ hasText: T('%lld attendees were added.').replace('%lld', '1') }).waitFor();
  assert.match(await main.innerText(), /Greta Ledamot/);

  // The gap is gone, on the list and on the person's page.
  await page.goto(`${srv.url}/gaps?kind=elected_official_untrained`);
  assert.doesNotMatch(await main.innerText(), new RegExp(gapMessage.slice(0, 40)));
  const gaps = (await api.get('/api/v1/gaps?kind=elected_official_untrained')).json.items;
  assert.ok(!gaps.some((g) => g.id === official.id));

  // Coverage: the official counted as trained.
  await page.goto(`${srv.url}/training/coverage`);
  await checkPage(page, 'training coverage');
  const row = main.getByRole('row').filter({ hasText: T('Elected officials') }).first();
  // Trained, missing, within the time allowed, in all, share.
  assert.match(await row.innerText(), /1\s+0\s+0\s+1\s+100/);
  assert.deepEqual(errors, []);
});
