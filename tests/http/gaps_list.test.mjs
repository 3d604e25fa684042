// The gap list as a list (issue 11): kept per change as rows, paged,
// filtered by kind, entity, unit (and below) and the person expected to act,
// sorted, exported as CSV and XLSX; what a reader may not read is never
// named; a login changes nothing about it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, freshDb, startServer, Api, Browserless, token, tr, htmlText, addUser, unzip, sqlite } from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, api, web;
let top, child, grandchild, elsewhere, olga, arne, sup;

async function post(entity, body) {
  const r = await api.post(`/api/v1/${entity}`, body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}
async function gaps(qs = '', client = api) {
  const r = await client.get(`/api/v1/gaps${qs}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

before(async () => {
  env = freshDb();
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  web = new Browserless(srv.url);
  await web.login();
  top = await post('units', { name: 'Socialnämnden', kind: 'committee' });
  child = await post('units', { name: 'Socialförvaltningen', kind: 'administration', parent_id: top.id });
  grandchild = await post('units', { name: 'Hemtjänsten', kind: 'section', parent_id: child.id });
  elsewhere = await post('units', { name: 'Tekniska förvaltningen', kind: 'administration' });
  olga = await post('people', { name: 'Olga Ägare' });
  arne = await post('people', { name: 'Arne Förvaltare' });
  sup = await post('suppliers', { name: 'Leverantören AB' });
  // 60 systems without owner in the grandchild unit, 5 elsewhere, owned
  // ones without an administrator.
  for (let i = 0; i < 60; i++) await post('systems', { name: `Hemtjänstsystem ${String(i).padStart(2, '0')}`, unit_id: grandchild.id });
  for (let i = 0; i < 5; i++) await post('systems', { name: `Tekniksystem ${i}`, unit_id: elsewhere.id });
  await post('systems', { name: 'Olgas system', unit_id: child.id, owner_id: olga.id });
});

after(async () => {
  const { code } = await srv.stop();
  env.cleanup();
  assert.equal(code, 0);
});

test('GET /api/v1/gaps pages, and says how many there are in all', async () => {
  const first = await gaps('?kind=system_without_owner');
  assert.equal(first.total, 65);
  assert.equal(first.page, 1);
  assert.equal(first.limit, 50);
  assert.equal(first.items.length, 50);
  const second = await gaps('?kind=system_without_owner&page=2');
  assert.equal(second.items.length, 15);
  const ids = new Set([...first.items, ...second.items].map((g) => g.id));
  assert.equal(ids.size, 65, 'no gap twice, none left out');
  const small = await gaps('?kind=system_without_owner&limit=7&page=3');
  assert.equal(small.items.length, 7);
  assert.equal(small.total, 65);
  // Past the end: an empty page, the same total.
  const past = await gaps('?kind=system_without_owner&page=9');
  assert.deepEqual(past.items, []);
  assert.equal(past.total, 65);
  // The default order: by kind, then the record's name.
  const names = first.items.map((g) => g.message);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'sv')));
});

test('filters by entity, by unit and everything below it, and by the person expected to act', async () => {
  const below = await gaps('?kind=system_without_owner&limit=500&unit_id=' + top.id);
  assert.equal(below.total, 60, 'the grandchild unit is below the committee');
  assert.ok(below.items.every((g) => g.unit_id === grandchild.id));
  assert.equal((await gaps(`?kind=system_without_owner&unit_id=${elsewhere.id}`)).total, 5);
  assert.equal((await gaps(`?kind=system_without_owner&unit_id=${grandchild.id}`)).total, 60);
  // The owner is expected to act on her system's gaps.
  const hers = await gaps(`?person_id=${olga.id}&limit=500`);
  assert.ok(hers.total >= 2, JSON.stringify(hers));
  assert.ok(hers.items.every((g) => g.person_id === olga.id));
  assert.ok(hers.items.some((g) => g.kind === 'system_without_administrator'));
  assert.ok(!hers.items.some((g) => g.kind === 'system_without_owner'), 'no one is named for a system without owner');
  // entity
  const assets = await gaps('?entity=information-assets');
  assert.ok(assets.items.every((g) => g.entity === 'information-assets'));
  // Bad filters are refused, in the user's language.
  for (const [qs, field] of [['?unit_id=999999', 'unit_id'], ['?unit_id=abc', 'unit_id'], ['?person_id=999999', 'person_id'],
    ['?entity=suppliers', 'entity'], ['?sort=colour', 'sort'], ['?limit=501', 'limit'], ['?limit=0', 'limit'], ['?page=0', 'page'],
    ['?kind=nonsense', 'kind']]) {
    const r = await api.get(`/api/v1/gaps${qs}`);
    assert.equal(r.status, 400, qs);
    assert.ok(r.text.includes(field), `${qs}: ${r.text}`);
  }
  const r = await api.get('/api/v1/gaps?kind=nonsense');
  assert.equal(r.json.detail, tr(SV, 'There is no such kind of gap.'));
});

test('sorts by name, since and due; a requirement overdue names its responsible person and its due date', async () => {
  const byName = await gaps('?kind=system_without_owner&sort=-name&limit=3');
  assert.ok(byName.items[0].message.includes('Tekniksystem 4'), byName.items[0].message);
  const reqs = await api.items('requirements');
  const sys = await post('systems', { name: 'Förfallet system', owner_id: olga.id, administrator_id: arne.id, unit_id: child.id });
  const item = await post('action-plan-items', { system_id: sys.id, requirement_id: reqs[0].id, due_date: day(-10), responsible_id: arne.id });
  const late = await post('action-plan-items', { system_id: sys.id, requirement_id: reqs[1].id, due_date: day(-40) });
  await post('action-plan-items', { system_id: sys.id, requirement_id: reqs[2].id, due_date: day(30), responsible_id: arne.id });
  const over = (await gaps('?kind=requirement_overdue&limit=500')).items.filter((g) => g.id === sys.id);
  assert.equal(over.length, 2, 'the one due in 30 days is not overdue yet');
  const mine = over.find((g) => g.related.id === reqs[0].id);
  assert.equal(mine.person_id, arne.id, 'the responsible person acts');
  assert.equal(mine.due, day(-10));
  assert.equal(mine.since, day(-10), 'open since its due date');
  assert.equal(over.find((g) => g.related.id === reqs[1].id).person_id, olga.id, 'without one, the system owner');
  const byDue = (await gaps('?kind=requirement_overdue&sort=due&limit=500')).items.map((g) => g.due);
  assert.deepEqual(byDue, [...byDue].sort());
  const bySince = (await gaps('?sort=-since&limit=500')).items.map((g) => g.since);
  assert.deepEqual(bySince, [...bySince].sort().reverse());
  assert.ok(item.id && late.id);
  // Fulfilled: the gap goes.
  await api.patch(`/api/v1/action-plan-items/${item.id}`, { assessment: 'fulfilled' });
  assert.equal((await gaps('?kind=requirement_overdue&limit=500')).items.filter((g) => g.id === sys.id).length, 1);
});

test('the web list filters, sorts, pages and exports the same way', async () => {
  const page = await web.get(`/gaps?kind=system_without_owner&unit_id=${top.id}`);
  assert.equal(page.status, 200);
  const text = htmlText(page.text);
  assert.ok(text.includes(`${tr(SV, 'Number of gaps:')} 60`), text.slice(0, 2000));
  assert.ok(!text.includes('Tekniksystem'));
  assert.ok(page.text.includes('rel="next"'), 'a second page');
  const p2 = await web.get(`/gaps?kind=system_without_owner&unit_id=${top.id}&page=2`);
  assert.equal([...p2.text.matchAll(/<th scope="row">/g)].length, 10);
  // Sorting by name, descending, through the column heading.
  const sorted = await web.get(`/gaps?kind=system_without_owner&sort=-name`);
  assert.ok(htmlText(sorted.text).indexOf('Tekniksystem 4') < htmlText(sorted.text).indexOf('Hemtjänstsystem 59'));
  // Someone's gaps: the name links to that person's list.
  const hers = await web.get(`/gaps?person_id=${olga.id}`);
  assert.ok(htmlText(hers.text).includes('Olga Ägare'));
  assert.ok(hers.text.includes(`href="/gaps?person_id=${olga.id}"`));
  assert.equal((await web.get('/gaps?unit_id=999999')).status, 400);

  // CSV: every matching gap (not only the first page), with the filters.
  const csv = await web.get(`/gaps.csv?kind=system_without_owner&unit_id=${top.id}`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines[0], 'kind,entity,id,name,message,related_entity,related_id,unit_id,unit,person_id,person,due,since');
  assert.equal(lines.length, 61);
  assert.ok(lines.slice(1).every((l) => l.startsWith('system_without_owner,systems,')));
  assert.ok(lines[1].includes('Hemtjänsten'));
  // XLSX: the same rows, headings in the user's language.
  const x = await fetch(`${srv.url}/gaps.xlsx?kind=system_without_owner&unit_id=${top.id}`, { headers: { Cookie: web.cookieHeader() } });
  assert.equal(x.status, 200);
  const files = unzip(Buffer.from(await x.arrayBuffer()));
  const sheet = files.get('xl/worksheets/sheet1.xml')?.toString('utf8');
  assert.ok(sheet, [...files.keys()].join(','));
  assert.equal((sheet.match(/<row /g) || []).length, 61);
  assert.ok(sheet.includes(tr(SV, 'Expected to act')));
  assert.equal((await web.get('/gaps.csv?kind=nonsense')).status, 400);
});

test('a reader sees only gaps about what they may read, and no names they may not read', async () => {
  // An employee may read systems but not information assets, people or
  // agreements; an elected official may not read people.
  addUser(env.db, 'anna', 'employee');
  addUser(env.db, 'elin', 'elected');
  const asset = await post('information-assets', { name: 'Hemlig brukarinformation' });
  const s = await post('systems', { name: 'Avtalslöst system', owner_id: olga.id, unit_id: child.id });
  const ag = await post('agreements', { name: 'Hemligt avtal', supplier_id: sup.id, kind: 'sla', end_date: day(-2), system_ids: [s.id] });
  assert.ok(ag.id && asset.id);
  const emp = new Api(srv.url, token(env.db, 'anna'));
  const all = await gaps('?limit=500', emp);
  assert.ok(all.items.length > 0);
  assert.ok(all.items.every((g) => ['systems', 'processes', 'risk-analyses'].includes(g.entity)), [...new Set(all.items.map((g) => g.entity))].join());
  const text = JSON.stringify(all);
  assert.ok(!text.includes('Hemlig brukarinformation'));
  assert.ok(!text.includes('Hemligt avtal'), 'the agreement that ended is not named');
  assert.ok(all.items.every((g) => g.person_id === null), 'no person numbers either');
  const ended = all.items.find((g) => g.kind === 'agreement_ended' && g.id === s.id);
  assert.ok(ended, 'the system\'s gap is there');
  // The same on the web: the overview, the list, the system's page.
  const w = new Browserless(srv.url);
  await w.login('anna', 'anna-password-123');
  for (const path of ['/', '/gaps', '/gaps?kind=agreement_ended', `/systems/${s.id}`, '/gaps.csv']) {
    const r = await w.get(path);
    assert.equal(r.status, 200, path);
    for (const hidden of ['Hemlig brukarinformation', 'Hemligt avtal', 'Olga Ägare'])
      assert.ok(!r.text.includes(hidden), `${path} names ${hidden}`);
  }
  // An elected official sees the asset's gap but no person named.
  const el = new Browserless(srv.url);
  await el.login('elin', 'elin-password-123');
  for (const path of ['/gaps', `/gaps?person_id=${olga.id}`, '/']) {
    const r = await el.get(path);
    assert.ok(!r.text.includes('Olga Ägare'), path);
  }
  assert.ok(htmlText((await el.get('/gaps?kind=asset_without_owner&limit=500')).text).includes('Hemlig brukarinformation'));
  // ... and the coordinator sees it all.
  const co = htmlText((await web.get('/gaps?kind=agreement_ended')).text);
  assert.ok(co.includes('Hemligt avtal') && co.includes('Olga Ägare'));
});

test('a login, a session or a page view changes nothing the gaps are kept from', async () => {
  const before = sqlite(env.db, "SELECT group_concat(name || '=' || gen) FROM (SELECT * FROM generations ORDER BY name)");
  const again = new Browserless(srv.url);
  await again.login();
  await again.get('/');
  await again.get('/gaps');
  const after = sqlite(env.db, "SELECT group_concat(name || '=' || gen) FROM (SELECT * FROM generations ORDER BY name)");
  assert.equal(after, before);
});
