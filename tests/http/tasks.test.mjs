// "Mina uppgifter" (/tasks, the start page of everyone but the coordinator)
// and the gap list filtered by who is expected to act, with its exports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, freshDb, startServer, Api, Browserless, token, tr, htmlText, addUser, sqlite } from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, api, coord;
const ids = {};

async function post(entity, body, client = api) {
  return client.create(entity, body);
}

// The person an account belongs to.
async function personOf(user) {
  const me = (await new Api(srv.url, token(env.db, user)).get('/api/v1/me')).json;
  return me.person_id;
}

async function as(user, password = `${user}-password-123`) {
  const w = new Browserless(srv.url);
  await w.login(user, password);
  return w;
}

// A CSV file's rows as arrays of fields (RFC 4180 quoting).
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

// The gap messages of a page of /gaps, in order.
function pageGaps(html) {
  return [...html.matchAll(/<th scope="row"><a href="[^"]*">([\s\S]*?)<\/a><\/th>/g)].map((m) => htmlText(m[1]).trim());
}

before(async () => {
  env = freshDb();
  addUser(env.db, 'sara', 'system_owner', { name: 'Sara Systemägare' });
  addUser(env.db, 'olle', 'system_owner', { name: 'Olle Ägare' });
  addUser(env.db, 'tom', 'employee', { name: 'Tom Tomhänt' });
  addUser(env.db, 'eva', 'employee', { name: 'Eva Anställd' });
  addUser(env.db, 'nils', 'system_owner', { name: 'Nils Personlös' });
  addUser(env.db, 'kim', 'coordinator', { name: 'Kim Samordnare' });
  addUser(env.db, 'ingrid', 'information_owner', { name: 'Ingrid Informationsägare' });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  for (const u of ['sara', 'olle', 'tom', 'eva', 'nils', 'kim', 'ingrid']) ids[u] = await personOf(u);
  ids.unit = (await post('units', { name: 'Socialförvaltningen' })).id;
  ids.other = (await post('units', { name: 'Tekniska förvaltningen' })).id;

  // Sara's and Olle's systems, each without a system administrator (a gap
  // for its owner), with a requirement overdue and a measure overdue.
  const [req1, req2] = await api.items('requirements');
  for (const who of ['sara', 'olle']) {
    const name = who === 'sara' ? 'Saras verksamhetssystem' : 'Olles ekonomisystem';
    const sys = await post('systems', { name, owner_id: ids[who], unit_id: who === 'sara' ? ids.unit : ids.other });
    ids[`${who}_system`] = sys.id;
    ids[`${who}_item`] = (await post('action-plan-items', {
      system_id: sys.id, requirement_id: (who === 'sara' ? req1 : req2).id, due_date: day(-5), responsible_id: ids[who],
    })).id;
    const ra = await post('risk-analyses', { title: `Riskanalys ${name}`, scope: 'system', system_id: sys.id, analysed_on: day(), risk_owner_id: ids[who] });
    ids[`${who}_analysis`] = ra.id;
    const risk = await post('risks', { analysis_id: ra.id, title: who === 'sara' ? 'Saras risk' : 'Olles risk', likelihood: 2, consequence: 2 });
    ids[`${who}_measure`] = (await post('measures', {
      risk_id: risk.id, title: who === 'sara' ? 'Saras säkerhetskopiering' : 'Olles loggning', owner_id: ids[who], due_date: day(-3),
    })).id;
  }
  // Sara's information, classified eleven months ago: its review falls due
  // within three months.
  ids.sara_asset = (await post('information-assets', { name: 'Saras brukarregister', owner_id: ids.sara })).id;
  await post('classifications', {
    asset_id: ids.sara_asset, classified_on: day(-335), confidentiality: 0, integrity: 0, availability: 0, traceability: 0,
    status: 'decided', decided_by_id: ids.sara, decided_on: day(-335),
  });
  // The coordinator owns a system too.
  ids.kim_system = (await post('systems', { name: 'Kims intranät', owner_id: ids.kim })).id;
  // Eva, an employee, is named on records an employee may not read: an
  // information asset she owns, and a measure.
  ids.secret_asset = (await post('information-assets', { name: 'Hemlig brukarinformation', owner_id: ids.eva })).id;
  const ra = await post('risk-analyses', { title: 'Analys utan insyn', scope: 'shared_it', analysed_on: day() });
  const risk = await post('risks', { analysis_id: ra.id, title: 'Hemlig risk', likelihood: 1, consequence: 1 });
  await post('measures', { risk_id: risk.id, title: 'Hemlig åtgärd', owner_id: ids.eva, due_date: day(-1) });
  // Nils's account loses its person.
  sqlite(env.db, "UPDATE users SET person_id = NULL WHERE username = 'nils'");
  coord = await as('kim');
});

after(async () => {
  await srv?.stop();
  env?.cleanup();
});

test('a system owner starts on her tasks: her systems, gaps, due plan items and measures, and nothing of others\'', async () => {
  const sara = await as('sara');
  const start = await sara.get('/');
  assert.equal(start.status, 200);
  const page = await sara.get('/tasks');
  assert.equal(page.status, 200);
  for (const r of [start, page]) {
    const text = htmlText(r.text);
    assert.ok(text.includes(tr(SV, 'My tasks')), text.slice(0, 500));
    assert.ok(!text.includes(tr(SV, 'Gaps found in the inventory:')), 'not the overview');
    for (const mine of ['Saras verksamhetssystem', 'Saras säkerhetskopiering', tr(SV, 'The system "%s" has no system administrator.').replace('%s', 'Saras verksamhetssystem')])
      assert.ok(text.includes(mine), `shows ${mine}`);
    for (const theirs of ['Olles ekonomisystem', 'Olles loggning', 'Olle Ägare', 'Kims intranät', 'Hemlig'])
      assert.ok(!text.includes(theirs), `does not show ${theirs}`);
  }
  const html = page.text;
  // Each task links to the form that settles it.
  assert.ok(html.includes(`href="/systems/${ids.sara_system}"`), 'her system');
  assert.ok(html.includes(`href="/systems/${ids.sara_system}/plan"`), 'its action plan');
  assert.ok(html.includes(`href="/measures/${ids.sara_measure}/edit"`), 'the measure\'s form');
  assert.ok(html.includes(`href="/action-plan-items/${ids.sara_item}/edit"`), 'the plan item\'s form');
  assert.ok(html.includes(`href="/systems/${ids.sara_system}/edit"`), 'the gap leads to the system\'s form');
  assert.ok(html.includes(`href="/risk-analyses/${ids.sara_analysis}/edit"`), 'the draft analysis waits for her decision');
  assert.ok(!html.includes(`/measures/${ids.olle_measure}`) && !html.includes(`/risk-analyses/${ids.olle_analysis}`));
  // Both plan entries are overdue.
  assert.ok(htmlText(html).includes(`${tr(SV, 'Overdue:')} 2`), htmlText(html));
  // Her gaps, in full and as files, from the tasks.
  assert.ok(html.includes(`href="/gaps?person_id=${ids.sara}"`));
  assert.ok(html.includes(`href="/gaps.csv?person_id=${ids.sara}"`));
  assert.ok(html.includes(`href="/gaps.xlsx?person_id=${ids.sara}"`));
  // The same gaps as the gap list filtered on her.
  const n = Number(htmlText(html).match(new RegExp(`${tr(SV, 'Gaps where you are expected to act')} \\((\\d+)\\)`))[1]);
  const list = await sara.get(`/gaps?person_id=${ids.sara}`);
  assert.ok(htmlText(list.text).includes(`${tr(SV, 'Number of gaps:')} ${n}`));
  const csv = parseCsv((await sara.get(`/gaps.csv?person_id=${ids.sara}`)).text);
  assert.equal(csv.length - 1, n);
  assert.ok(csv.slice(1).every((r) => r[9] === String(ids.sara)));
  // Her information, and its review coming up.
  assert.ok(html.includes(`href="/information-assets/${ids.sara_asset}"`));
  assert.ok(htmlText(html).includes(tr(SV, 'Review of the classification of "%s"').replace('%s', 'Saras brukarregister')));
  // A system owner may not classify: the review leads to the information's
  // page, not to a form she could not use.
  assert.ok(!html.includes('/classifications/new'), 'no form she may not use');
});

test('an information owner is led to the forms: a new classification, the draft to decide', async () => {
  const never = await post('information-assets', { name: 'Ingrids elevregister', owner_id: ids.ingrid });
  const drafted = await post('information-assets', { name: 'Ingrids personalakter', owner_id: ids.ingrid });
  const draft = await post('classifications', {
    asset_id: drafted.id, classified_on: day(), confidentiality: 2, integrity: 1, availability: 1, traceability: 1, status: 'draft',
  });
  const ingrid = await as('ingrid');
  const html = (await ingrid.get('/')).text;
  assert.ok(html.includes(`href="/classifications/new?asset_id=${never.id}"`), 'classify the information never classified');
  assert.ok(html.includes(`href="/classifications/${draft.id}/edit"`), 'decide the draft');
  assert.ok(htmlText(html).includes(tr(SV, 'Waiting for your decision')));
  assert.ok(htmlText(html).includes(tr(SV, 'Classification of "%s"').replace('%s', 'Ingrids personalakter')));
});

test('a task done leaves the tasks at once', async () => {
  const sara = await as('sara');
  assert.ok((await sara.get('/tasks')).text.includes('Saras säkerhetskopiering'));
  const r = await api.patch(`/api/v1/measures/${ids.sara_measure}`, { status: 'done' });
  assert.equal(r.status, 200, r.text);
  const after = await sara.get('/tasks');
  assert.ok(!after.text.includes('Saras säkerhetskopiering'), 'the measure done is gone');
  assert.ok(htmlText(after.text).includes(`${tr(SV, 'Overdue:')} 1`));
  await api.patch(`/api/v1/measures/${ids.sara_measure}`, { status: 'planned' });
  assert.ok((await sara.get('/tasks')).text.includes('Saras säkerhetskopiering'), 'and back when reopened');
});

test('an employee with nothing to do sees the empty state', async () => {
  const tom = await as('tom');
  const text = htmlText((await tom.get('/')).text);
  assert.ok(text.includes(tr(SV, 'You have no open tasks.')), text);
  assert.ok(!text.includes(tr(SV, 'Your systems')));
  assert.ok(!text.includes(tr(SV, 'Your account is not tied to a person')));
});

test('an account without a person is told whom to ask', async () => {
  const nils = await as('nils');
  for (const path of ['/', '/tasks']) {
    const r = await nils.get(path);
    assert.equal(r.status, 200, path);
    const text = htmlText(r.text);
    assert.ok(text.includes(tr(SV, 'Your account is not tied to a person')), path);
    assert.ok(text.includes(tr(SV, 'Ask an administrator of Tillit (or your information security coordinator) to tie your account to your person in the register of people.')));
    assert.ok(!text.includes(tr(SV, 'You have no open tasks.')));
  }
});

test('the coordinator keeps the overview on / and finds her own tasks at /tasks', async () => {
  const start = htmlText((await coord.get('/')).text);
  assert.ok(start.includes(tr(SV, 'Gaps found in the inventory:')), 'the overview');
  assert.ok(!start.includes(tr(SV, 'Gaps where you are expected to act')));
  // The overview offers the filtered list and its files.
  const html = (await coord.get('/')).text;
  assert.ok(html.includes(`href="/gaps?person_id=${ids.kim}"`), 'her own gaps');
  assert.ok(html.includes('href="/tasks"'), 'her own tasks');
  assert.ok(html.includes('href="/gaps.csv"') && html.includes('href="/gaps.xlsx"'));
  assert.ok(html.includes('action="/gaps"') && html.includes('name="person_id" value="none"'), 'the filter form');
  const mine = await coord.get('/tasks');
  assert.equal(mine.status, 200);
  const text = htmlText(mine.text);
  assert.ok(text.includes(tr(SV, 'My tasks')));
  assert.ok(text.includes('Kims intranät'));
  assert.ok(!text.includes('Saras verksamhetssystem'));
  assert.ok(mine.text.includes('href="/overview"'), 'to the overview');
  assert.ok(htmlText((await coord.get('/overview')).text).includes(tr(SV, 'Gaps found in the inventory:')));
  // Others reach the organisation's overview at /overview.
  const sara = await as('sara');
  assert.ok(htmlText((await sara.get('/overview')).text).includes(tr(SV, 'Gaps found in the inventory:')));
});

test('a reader with narrower rights sees no names of records they may not read, in the tasks or the gaps', async () => {
  const eva = await as('eva');
  for (const path of ['/', '/tasks', `/gaps?person_id=${ids.eva}`, `/gaps.csv?person_id=${ids.eva}`]) {
    const r = await eva.get(path);
    assert.equal(r.status, 200, path);
    for (const hidden of ['Hemlig brukarinformation', 'Hemlig åtgärd', 'Hemlig risk', 'Analys utan insyn'])
      assert.ok(!r.text.includes(hidden), `${path} names ${hidden}`);
  }
  // What she may not read is not counted either.
  assert.ok(htmlText((await eva.get('/')).text).includes(tr(SV, 'You have no open tasks.')));
  // The coordinator sees Eva's gap on the asset.
  const co = await coord.get(`/gaps?person_id=${ids.eva}`);
  assert.ok(htmlText(co.text).includes('Hemlig brukarinformation'));
});

test('the gap list filters by kind, unit and who is expected to act, and its files hold exactly the filtered list', async () => {
  const queries = [
    `?person_id=${ids.sara}`,
    `?unit_id=${ids.unit}`,
    `?kind=system_without_administrator&unit_id=${ids.other}`,
    `?kind=system_without_administrator&person_id=${ids.olle}`,
    '?person_id=none',
    '?kind=shared_it_not_analysed&person_id=none',
  ];
  for (const qs of queries) {
    const page = await coord.get(`/gaps${qs}&limit=500`);
    assert.equal(page.status, 200, qs);
    const shown = pageGaps(page.text);
    assert.ok(shown.length > 0, `${qs} selects something`);
    assert.ok(htmlText(page.text).includes(`${tr(SV, 'Number of gaps:')} ${shown.length}`), qs);
    // The page's own export links carry the filters.
    const href = page.text.match(/href="(\/gaps\.csv[^"]*)"/)[1].replace(/&amp;/g, '&');
    const csv = parseCsv((await coord.get(href)).text);
    assert.deepEqual(csv.slice(1).map((r) => r[4]), shown, `${qs}: the file holds the page's gaps`);
    if (qs.includes('person_id=none')) assert.ok(csv.slice(1).every((r) => r[9] === ''), 'no one named');
    if (qs.includes(`person_id=${ids.olle}`)) assert.deepEqual(shown, [tr(SV, 'The system "%s" has no system administrator.').replace('%s', 'Olles ekonomisystem')]);
    if (qs.includes(`unit_id=${ids.unit}`)) assert.ok(shown.every((m) => !m.includes('Olles')));
  }
  // The choice is kept in the form.
  const none = await coord.get('/gaps?person_id=none');
  assert.match(none.text, /name="person_id" value="none" checked/);
  const hers = await coord.get(`/gaps?person_id=${ids.sara}`);
  assert.ok(hers.text.includes(`value="${ids.sara}" checked`));
  assert.ok(htmlText(hers.text).includes('Sara Systemägare'), 'the person chosen is named');
  // The API takes the same filter.
  const j = (await api.get('/api/v1/gaps?person_id=none&limit=500')).json;
  assert.ok(j.items.length > 0 && j.items.every((g) => g.person_id === null));
  assert.equal((await coord.get('/gaps?person_id=nobody')).status, 400);
});
