// The gap rules (src/core/gaps.h) through the API, the overview and the
// record pages: each gap appears when the data makes it true and goes away
// when it is fixed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, freshDb, startServer, Api, Browserless, token, tr, htmlText, addUser, cli } from '../lib/tillit.mjs';

const SV = 'sv', EN = 'en';
let env, srv, api, web, owner, admin;

const KIND_LABELS = {
  system_without_owner: 'Systems without a system owner',
  system_without_administrator: 'Systems without a system administrator',
  asset_without_owner: 'Information assets without an information owner',
  system_without_information: 'Systems that process no registered information',
  critical_process_without_system: 'Essential processes without a supporting system',
  agreement_ended: 'Systems in use whose agreement has ended',
  office_hours_for_critical: 'Office-hours support for systems essential services depend on',
};


async function post(entity, body) {
  const r = await api.post(`/api/v1/${entity}`, body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}
async function patch(entity, id, body) {
  const r = await api.patch(`/api/v1/${entity}/${id}`, body);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// Every gap (every page), as the API gives them.
async function allGaps(qs = '', client = api) {
  const items = [];
  let total;
  for (let page = 1; ; page++) {
    const r = await client.get(`/api/v1/gaps${qs}${qs ? '&' : '?'}limit=500&page=${page}`);
    assert.equal(r.status, 200, r.text);
    total = r.json.total;
    items.push(...r.json.items);
    if (r.json.items.length < 500) break;
  }
  assert.equal(total, items.length);
  return items;
}
// What a gap is, without when it was found and who acts on it (tested on
// their own below).
function core(g) {
  const { kind, entity, id, message, related } = g;
  return related ? { kind, entity, id, message, related } : { kind, entity, id, message };
}
// The inventory gaps of one record, as "kind" strings, sorted. (The
// classification gaps have their own tests in classification.test.mjs.)
async function kindsOf(entity, id) {
  return (await allGaps()).filter((g) => g.entity === entity && g.id === id && g.kind in KIND_LABELS)
    .map((g) => g.kind).sort();
}
async function gapOf(kind, entity, id) {
  return (await allGaps()).filter((g) => g.kind === kind && g.entity === entity && g.id === id).map(core);
}

before(async () => {
  env = freshDb();
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  web = new Browserless(srv.url);
  await web.login();
  owner = await post('people', { name: 'Olga Ägare' });
  admin = await post('people', { name: 'Arne Förvaltare' });
});

after(async () => {
  const { code } = await srv.stop();
  env.cleanup();
  assert.equal(code, 0);
});

test('a system without owner, administrator or information has those gaps until each is fixed', async () => {
  const s = await post('systems', { name: 'Bristsystem' });
  assert.deepEqual(await kindsOf('systems', s.id), ['system_without_administrator', 'system_without_information', 'system_without_owner']);
  const [g] = await gapOf('system_without_owner', 'systems', s.id);
  assert.deepEqual(g, { kind: 'system_without_owner', entity: 'systems', id: s.id, message: tr(SV, 'The system "%s" has no system owner.', 'Bristsystem') });
  assert.equal((await gapOf('system_without_administrator', 'systems', s.id))[0].message,
    tr(SV, 'The system "%s" has no system administrator.', 'Bristsystem'));
  assert.equal((await gapOf('system_without_information', 'systems', s.id))[0].message,
    tr(SV, 'The system "%s" processes no registered information asset.', 'Bristsystem'));

  await patch('systems', s.id, { owner_id: owner.id });
  assert.deepEqual(await kindsOf('systems', s.id), ['system_without_administrator', 'system_without_information']);
  await patch('systems', s.id, { administrator_id: admin.id });
  assert.deepEqual(await kindsOf('systems', s.id), ['system_without_information']);
  const asset = await post('information-assets', { name: 'Bristinfo', owner_id: owner.id });
  await patch('systems', s.id, { information_asset_ids: [asset.id] });
  assert.deepEqual(await kindsOf('systems', s.id), []);
  // Taking the owner away brings the gap back.
  await patch('systems', s.id, { owner_id: null });
  assert.deepEqual(await kindsOf('systems', s.id), ['system_without_owner']);
  await patch('systems', s.id, { owner_id: owner.id });

  // Retired systems are left out of every rule; planned ones are not.
  const retired = await post('systems', { name: 'Avvecklat', lifecycle: 'retired' });
  assert.deepEqual(await kindsOf('systems', retired.id), []);
  const planned = await post('systems', { name: 'Planerat', lifecycle: 'planned' });
  assert.deepEqual(await kindsOf('systems', planned.id), ['system_without_administrator', 'system_without_information', 'system_without_owner']);
  await patch('systems', planned.id, { lifecycle: 'retired' });
  assert.deepEqual(await kindsOf('systems', planned.id), []);
  // A deleted system takes its gaps with it.
  const gone = await post('systems', { name: 'Kortlivat' });
  assert.equal((await kindsOf('systems', gone.id)).length, 3);
  assert.equal((await api.del(`/api/v1/systems/${gone.id}`)).status, 204);
  assert.deepEqual(await kindsOf('systems', gone.id), []);
});

test('an information asset without an owner has a gap until it gets one', async () => {
  const a = await post('information-assets', { name: 'Ägarlös information' });
  const gaps = await gapOf('asset_without_owner', 'information-assets', a.id);
  assert.deepEqual(gaps, [{ kind: 'asset_without_owner', entity: 'information-assets', id: a.id,
    message: tr(SV, 'The information asset "%s" has no information owner.', 'Ägarlös information') }]);
  await patch('information-assets', a.id, { owner_id: owner.id });
  assert.deepEqual(await kindsOf('information-assets', a.id), []);
});

test('an essential process that no system supports has a gap until a system processes its information', async () => {
  const p = await post('processes', { name: 'Vattenförsörjning', critical: true });
  const plain = await post('processes', { name: 'Fikalista', critical: false });
  assert.deepEqual(await gapOf('critical_process_without_system', 'processes', p.id), [{
    kind: 'critical_process_without_system', entity: 'processes', id: p.id,
    message: tr(SV, 'The essential process "%s" is supported by no registered system.', 'Vattenförsörjning'),
  }]);
  assert.deepEqual(await kindsOf('processes', plain.id), [], 'only essential processes');
  const info = await post('information-assets', { name: 'Driftdata vatten', owner_id: owner.id, process_ids: [p.id] });
  assert.deepEqual(await kindsOf('processes', p.id), ['critical_process_without_system'], 'information alone is not support');
  const sys = await post('systems', { name: 'Vattenverkets styrsystem', owner_id: owner.id, administrator_id: admin.id, lifecycle: 'retired', information_asset_ids: [info.id] });
  assert.deepEqual(await kindsOf('processes', p.id), ['critical_process_without_system'], 'a retired system is no support');
  await patch('systems', sys.id, { lifecycle: 'in_use', support_hours: 'always' });
  assert.deepEqual(await kindsOf('processes', p.id), []);
  // No longer essential: no gap even without support.
  await patch('systems', sys.id, { information_asset_ids: [] });
  assert.deepEqual(await kindsOf('processes', p.id), ['critical_process_without_system']);
  await patch('processes', p.id, { critical: false });
  assert.deepEqual(await kindsOf('processes', p.id), []);
});

test('an agreement that ended yesterday is a gap for the systems in use it covers; one ending today is not', async () => {
  const sup = await post('suppliers', { name: 'Avtalsleverantören' });
  const base = { owner_id: owner.id, administrator_id: admin.id };
  const x = await post('systems', { name: 'Avtalssystem X', ...base });
  const y = await post('systems', { name: 'Avtalssystem Y', ...base });
  const z = await post('systems', { name: 'Avtalssystem Z', ...base, lifecycle: 'retired' });
  const w = await post('systems', { name: 'Avtalssystem W', ...base, lifecycle: 'planned' });
  const ended = await post('agreements', { name: 'Utgånget avtal', supplier_id: sup.id, kind: 'sla', end_date: day(-1), system_ids: [x.id, z.id, w.id] });
  const today = await post('agreements', { name: 'Slutar idag', supplier_id: sup.id, kind: 'sla', end_date: day(0), system_ids: [y.id] });
  const open = await post('agreements', { name: 'Tillsvidare', supplier_id: sup.id, kind: 'licence', system_ids: [y.id] });

  const gx = await gapOf('agreement_ended', 'systems', x.id);
  assert.deepEqual(gx, [{
    kind: 'agreement_ended', entity: 'systems', id: x.id,
    message: tr(SV, 'The agreement "%s" ended on %s, but the system "%s" is still in use.', 'Utgånget avtal', day(-1), 'Avtalssystem X'),
    related: { entity: 'agreements', id: ended.id },
  }]);
  assert.deepEqual(await gapOf('agreement_ended', 'systems', y.id), [], 'ending today is not ended');
  assert.deepEqual(await gapOf('agreement_ended', 'systems', z.id), [], 'retired systems are left out');
  assert.deepEqual(await gapOf('agreement_ended', 'systems', w.id), [], 'planned systems are not in use');
  assert.ok(today.id && open.id);

  // One gap per system and agreement.
  const ended2 = await post('agreements', { name: 'Också utgånget', supplier_id: sup.id, kind: 'dpa', start_date: day(-400), end_date: day(-30), system_ids: [x.id] });
  const both = await gapOf('agreement_ended', 'systems', x.id);
  assert.deepEqual(both.map((g) => g.related.id).sort((a, b) => a - b), [ended.id, ended2.id].sort((a, b) => a - b));
  // Extended: the gap goes.
  await patch('agreements', ended.id, { end_date: day(1) });
  await patch('agreements', ended2.id, { system_ids: [] });
  assert.deepEqual(await gapOf('agreement_ended', 'systems', x.id), []);
  // A system retiring is no longer in use.
  await patch('agreements', ended.id, { end_date: day(-1) });
  assert.equal((await gapOf('agreement_ended', 'systems', x.id)).length, 1);
  await patch('systems', x.id, { lifecycle: 'retiring' });
  assert.deepEqual(await gapOf('agreement_ended', 'systems', x.id), []);
});

test('office-hours support for a system an essential process depends on, directly and through dependencies', async () => {
  const p = await post('processes', { name: 'Hemtjänst dygnet runt', critical: true });
  const info = await post('information-assets', { name: 'Hemtjänstens planering', owner_id: owner.id, process_ids: [p.id] });
  const other = await post('information-assets', { name: 'Annat', owner_id: owner.id });
  const base = { owner_id: owner.id, administrator_id: admin.id, lifecycle: 'in_use', support_hours: 'office' };
  // A processes the process's information; A depends on B, B on D; C depends on A (not the other way).
  const d = await post('systems', { name: 'Katalog D', ...base, information_asset_ids: [other.id] });
  const b = await post('systems', { name: 'Nätverk B', ...base, information_asset_ids: [other.id], depends_on_ids: [d.id] });
  const a = await post('systems', { name: 'Planeringssystem A', ...base, information_asset_ids: [info.id], depends_on_ids: [b.id] });
  const c = await post('systems', { name: 'Skrivare C', ...base, information_asset_ids: [other.id], depends_on_ids: [a.id] });

  const msg = (name) => tr(SV, 'The system "%s" has support during office hours only, but the essential process "%s" depends on it.', name, p.name);
  const office = async () => (await allGaps('?kind=office_hours_for_critical')).filter((g) => [a.id, b.id, c.id, d.id].includes(g.id));
  let gaps = await office();
  assert.deepEqual(gaps.map((g) => g.id).sort((x, y) => x - y), [a.id, b.id, d.id].sort((x, y) => x - y), 'A directly, B and D through A');
  for (const g of gaps) {
    assert.equal(g.entity, 'systems');
    assert.deepEqual(g.related, { entity: 'processes', id: p.id });
    assert.equal(g.message, msg({ [a.id]: a.name, [b.id]: b.name, [d.id]: d.name }[g.id]));
  }
  // The process's own page lists the systems that leave it exposed; D's page its gap.
  const pp = htmlText((await web.get(`/processes/${p.id}`)).text);
  for (const x of [a, b, d]) assert.ok(pp.includes(msg(x.name)), `process page names ${x.name}`);
  assert.ok(!pp.includes(msg(c.name)));
  assert.ok(htmlText((await web.get(`/systems/${d.id}`)).text).includes(msg(d.name)));
  assert.ok(!htmlText((await web.get(`/systems/${c.id}`)).text).includes(msg(c.name)));

  // A gets round-the-clock support: A's gap goes, B and D still carry A's process.
  await patch('systems', a.id, { support_hours: 'always' });
  assert.deepEqual((await office()).map((g) => g.id).sort((x, y) => x - y), [b.id, d.id].sort((x, y) => x - y));
  // Extended hours are not office hours.
  await patch('systems', b.id, { support_hours: 'extended' });
  assert.deepEqual((await office()).map((g) => g.id), [d.id]);
  // B no longer depends on D: D's gap goes.
  await patch('systems', b.id, { depends_on_ids: [] });
  assert.deepEqual(await office(), []);
  // Back again, then the process stops being essential: every gap goes.
  await patch('systems', b.id, { depends_on_ids: [d.id], support_hours: 'office' });
  assert.deepEqual((await office()).map((g) => g.id).sort((x, y) => x - y), [b.id, d.id].sort((x, y) => x - y));
  await patch('processes', p.id, { critical: false });
  assert.deepEqual(await office(), []);
});

test('filters of /api/v1/gaps; messages in the user\'s language', async () => {
  const all = await allGaps();
  for (const kind of Object.keys(KIND_LABELS)) {
    const only = await allGaps(`?kind=${kind}`);
    assert.deepEqual(only, all.filter((g) => g.kind === kind), kind);
  }
  const assets = await allGaps('?entity=information-assets');
  assert.deepEqual(assets, all.filter((g) => g.entity === 'information-assets'));
  const bad = await api.get('/api/v1/gaps?kind=no_such_gap');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.detail, tr(SV, 'There is no such kind of gap.'));
  assert.equal((await fetch(`${srv.url}/api/v1/gaps`)).status, 401);

  addUser(env.db, 'reader', 'auditor');
  const r = cli(['user', 'add', '--db', env.db, '--user', 'engelska', '--role', 'auditor', '--lang', 'en'], { TILLIT_PASSWORD: 'engelska-password-1' });
  assert.equal(r.status, 0, r.stderr);
  const en = await allGaps('', new Api(srv.url, token(env.db, 'engelska')));
  const sv = await allGaps('', new Api(srv.url, token(env.db, 'reader')));
  assert.equal(en.length, all.length);
  const s = await post('systems', { name: 'Språksystem', owner_id: owner.id, administrator_id: admin.id });
  const [ge] = (await allGaps('?kind=system_without_information', new Api(srv.url, token(env.db, 'engelska')))).filter((g) => g.id === s.id);
  assert.equal(ge.message, tr(EN, 'The system "%s" processes no registered information asset.', 'Språksystem'));
  assert.ok(sv.every((g) => all.some((x) => x.kind === g.kind && x.id === g.id && x.message === g.message)));
});

test('the overview shows the gap counts and a record page shows its own gaps', async () => {
  const all = await allGaps();
  const page = await web.get('/');
  assert.equal(page.status, 200);
  const cells = [...page.text.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => htmlText(c[1]).trim()));
  for (const [kind, label] of Object.entries(KIND_LABELS)) {
    const n = all.filter((g) => g.kind === kind).length;
    assert.ok(cells.some((r) => r[0] === tr(SV, label) && r[1] === String(n)), `overview: ${kind} = ${n}`);
  }
  assert.ok(htmlText(page.text).includes(`${tr(SV, 'Gaps found in the inventory:')} ${all.length}`));
  // Counts link to the gap list filtered by kind.
  assert.ok(page.text.includes('href="/gaps?kind=system_without_owner"') || all.every((g) => g.kind !== 'system_without_owner'));

  // A record page shows its own gaps and no one else's.
  const lonely = await post('systems', { name: 'Ensamt system' });
  const other = await post('systems', { name: 'Annat system', owner_id: owner.id });
  const p1 = htmlText((await web.get(`/systems/${lonely.id}`)).text);
  assert.ok(p1.includes(tr(SV, 'The system "%s" has no system owner.', 'Ensamt system')));
  assert.ok(p1.includes(tr(SV, 'The system "%s" has no system administrator.', 'Ensamt system')));
  assert.ok(p1.includes(tr(SV, 'The system "%s" processes no registered information asset.', 'Ensamt system')));
  assert.ok(!p1.includes('Annat system'));
  const p2 = htmlText((await web.get(`/systems/${other.id}`)).text);
  assert.ok(!p2.includes(tr(SV, 'The system "%s" has no system owner.', 'Annat system')));
  assert.ok(p2.includes(tr(SV, 'The system "%s" has no system administrator.', 'Annat system')));
  // A fixed record shows no gaps section at all (its information classified,
  // the system analysed).
  const info = await post('information-assets', { name: 'Fullständig info', owner_id: owner.id });
  await post('classifications', {
    asset_id: info.id, classified_on: day(), confidentiality: 0, integrity: 0, availability: 0, traceability: 0,
    status: 'decided', decided_by_id: owner.id, decided_on: day(),
  });
  const ok = await post('systems', { name: 'Komplett system', owner_id: owner.id, administrator_id: admin.id, information_asset_ids: [info.id] });
  // ... and analysed: a decided risk analysis of it.
  await post('risk-analyses', {
    title: 'RA komplett', scope: 'system', system_id: ok.id, analysed_on: day(), status: 'decided',
    decided_by_id: owner.id, decided_on: day(),
  });
  const p3 = await web.get(`/systems/${ok.id}`);
  assert.ok(!htmlText(p3.text).includes(tr(SV, 'What is missing')));
  assert.ok(htmlText(p1).includes(tr(SV, 'What is missing')));

  // The gap list page, filtered by kind.
  const gl = htmlText((await web.get('/gaps?kind=system_without_owner')).text);
  assert.ok(gl.includes(tr(SV, 'The system "%s" has no system owner.', 'Ensamt system')));
  assert.ok(!gl.includes(tr(SV, 'The system "%s" has no system administrator.', 'Annat system')));
  assert.equal((await web.get('/gaps?kind=nonsense')).status, 400);

  // The dashboard updates: after fixing, the count drops by one.
  const before = (await allGaps('?kind=system_without_owner')).length;
  await patch('systems', lonely.id, { owner_id: owner.id });
  const after = (await allGaps('?kind=system_without_owner')).length;
  assert.equal(after, before - 1);
  const page2 = await web.get('/');
  const cells2 = [...page2.text.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => htmlText(c[1]).trim()));
  assert.ok(cells2.some((r) => r[0] === tr(SV, KIND_LABELS.system_without_owner) && r[1] === String(after)));
});
