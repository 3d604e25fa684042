// Every page shows only what the reader may read (issue 11): a record
// names others — a system its owner, administrator, supplier and the
// information it processes — and a reader who may not read those records
// (a medarbetare: no people, no information assets, no suppliers; a
// förtroendevald: no people) sees a placeholder instead of their names, on
// the record's page, in lists, histories, exports, the API, the risk pages
// and the action plan. The coordinator sees every name on the same pages,
// so each check can fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, freshDb, startServer, Api, Browserless, token, addUser, htmlText, tr, unzip, pdfText } from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, admin;
const web = {}; // user -> Browserless
const api = {}; // user -> Api
const fx = {};  // the records

// The names that must not reach those who may not read them.
const PEOPLE = {
  owner: 'Olle Agarsson', administrator: 'Frida Forvaltarsson', administrator2: 'Gustav Forvaltarsson',
  responsible: 'Rut Ansvarsson', riskOwner: 'Rikard Riskagarsson', measureOwner: 'Maja Atgardsson',
  acceptedBy: 'Acke Accepterarsson', decidedBy: 'Dora Beslutsson', agreementResponsible: 'Alva Avtalsson',
};
const COORDINATOR = { user: 'cecilia.samordnare', name: 'Cecilia Samordnarsson' };
const ASSETS = ['Lonelistor Hemliga', 'Pensionsdata Kansliga'];
const SUPPLIER = 'Lonetjanst Leverans AB';
const PERSON_NAMES = [...Object.values(PEOPLE), COORDINATOR.name, COORDINATOR.user];

// What each role may not see (docs/permissions.md): a medarbetare reads
// neither people nor information assets nor suppliers; a förtroendevald
// reads everything here but people.
const HIDDEN = {
  employee: [...PERSON_NAMES, ...ASSETS, SUPPLIER],
  elected: PERSON_NAMES,
};
const USERS = { employee: 'anna.anstalld', elected: 'per.politiker', coordinator: COORDINATOR.user };

before(async () => {
  env = freshDb();
  addUser(env.db, USERS.employee, 'employee', { name: 'Anna Anstalld' });
  addUser(env.db, USERS.elected, 'elected', { name: 'Per Politiker' });
  addUser(env.db, COORDINATOR.user, 'coordinator', { name: COORDINATOR.name });
  srv = await startServer(env.db);
  admin = new Api(srv.url, token(env.db));
  for (const user of Object.values(USERS)) {
    api[user] = new Api(srv.url, token(env.db, user));
    web[user] = new Browserless(srv.url);
    await web[user].login(user, `${user}-password-123`);
  }
  // The coordinator makes the records, so that the history names them.
  const co = api[COORDINATOR.user];
  const p = {};
  for (const [k, name] of Object.entries(PEOPLE)) p[k] = (await co.create('people', { name })).id;
  fx.people = p;
  fx.coordinatorPerson = (await admin.get(`/api/v1/people?q=Samordnarsson`)).json.items[0].id;
  fx.unit = await co.create('units', { name: 'Ekonomiforvaltningen', kind: 'department' });
  fx.process = await co.create('processes', { name: 'Loneutbetalning', unit_id: fx.unit.id });
  fx.assets = [];
  for (const name of ASSETS)
    fx.assets.push(await co.create('information-assets', { name, owner_id: p.owner, process_ids: [fx.process.id] }));
  fx.supplier = await co.create('suppliers', { name: SUPPLIER });
  fx.system = await co.create('systems', {
    name: 'Lonesystemet', unit_id: fx.unit.id, owner_id: p.owner, administrator_id: p.administrator,
    supplier_id: fx.supplier.id, information_asset_ids: fx.assets.map((a) => a.id),
  });
  // A change, so that the history shows a person before and after.
  assert.equal((await co.patch(`/api/v1/systems/${fx.system.id}`, { administrator_id: p.administrator2 })).status, 200);
  fx.agreement = await co.create('agreements', {
    name: 'Driftavtal lon', supplier_id: fx.supplier.id, kind: 'sla', responsible_id: p.agreementResponsible,
    system_ids: [fx.system.id],
  });
  // Deciders must be allowed to decide (data rules): the two who decide
  // and accept below hold the coordinator's role.
  for (const who of [p.decidedBy, p.acceptedBy])
    await admin.create('role-assignments', { person_id: who, role: 'coordinator', scope: 'org' });
  // Classified information, so that the system's action plan has rows.
  fx.classification = await co.create('classifications', {
    asset_id: fx.assets[0].id, classified_on: day(), confidentiality: 3, integrity: 1, availability: 1, traceability: 1,
    confidentiality_reason: 'Sekretess enligt OSL', integrity_reason: 'Felaktiga beslut',
    availability_reason: 'Verksamheten stannar', traceability_reason: 'Loggkrav',
    status: 'decided', decided_by_id: p.decidedBy, decided_on: day(),
  });
  const cry = (await admin.items('requirements')).find((q) => q.code === 'CRY-02');
  fx.planItem = await co.create('action-plan-items', {
    system_id: fx.system.id, requirement_id: cry.id, assessment: 'partly', responsible_id: p.responsible, due_date: day(30),
  });
  fx.analysis = await co.create('risk-analyses', {
    title: 'RA lonesystemet', scope: 'system', system_id: fx.system.id, analysed_on: day(),
    risk_owner_id: p.riskOwner, participant_ids: [p.riskOwner],
  });
  fx.risk = await co.create('risks', {
    analysis_id: fx.analysis.id, title: 'Obehorig atkomst till loner', asset_ids: [fx.assets[0].id], aspects: 'K',
    likelihood: 4, consequence: 4, residual_likelihood: 2, residual_consequence: 2,
    risk_owner_id: p.riskOwner, accepted_by_id: p.acceptedBy, accepted_on: day(), accepted_body: 'Kommunstyrelsen',
  });
  fx.measure = await co.create('measures', { risk_id: fx.risk.id, title: 'Tvafaktorsinloggning', owner_id: p.measureOwner, due_date: day(60) });
  fx.comment = await co.create('risk-comments', { analysis_id: fx.analysis.id, body: 'Vi behover se over behorigheterna.' });
});
after(async () => { await srv?.stop(); env?.cleanup(); });

// The text a reader gets from a path: HTML as shown, a CSV, the cells of
// an XLSX, the text of a PDF, or JSON as sent.
async function read(user, path) {
  if (path.startsWith('/api/')) {
    const r = await api[user].get(path);
    return { status: r.status, text: r.text, raw: r.text };
  }
  const res = await fetch(srv.url + path, { headers: { Cookie: web[user].cookieHeader() } });
  const body = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type') || '';
  let text;
  if (/spreadsheetml/.test(type)) text = [...unzip(body).values()].map((b) => b.toString('utf8')).join('\n');
  else if (/pdf/.test(type)) text = pdfText(body);
  else if (/html/.test(type)) text = htmlText(body.toString('utf8'));
  else text = body.toString('utf8');
  return { status: res.status, text, raw: body.toString('utf8') };
}

// Each page: what the coordinator sees on it (so that the page is known to
// show those names at all), and who else reads it.
function pages() {
  const { system, process, unit, assets, agreement, analysis, risk, measure, comment, planItem, classification } = fx;
  const P = PEOPLE;
  const s = `/systems/${system.id}`;
  const everyone = ['employee', 'elected'];
  return [
    { path: s, shows: [P.owner, P.administrator2, SUPPLIER, ...ASSETS], readers: everyone },
    { path: '/systems', shows: [P.owner, P.administrator2], readers: everyone },
    { path: `/systems?owner_id=${fx.people.owner}`, shows: [P.owner], readers: everyone },
    { path: `${s}/history`, shows: [P.owner, P.administrator, P.administrator2, SUPPLIER, ...ASSETS, COORDINATOR.user], readers: everyone },
    { path: '/systems/export.csv', shows: [P.owner, P.administrator2, SUPPLIER], readers: everyone },
    { path: '/systems/export.xlsx', shows: [P.owner, P.administrator2, SUPPLIER], readers: everyone },
    // The API sends numbers, never titles ("_labels" stays inside).
    { path: `/api/v1/systems/${system.id}`, shows: ['Lonesystemet'], readers: everyone },
    { path: '/api/v1/systems', shows: ['Lonesystemet'], readers: everyone },
    { path: `/api/v1/systems/${system.id}/history`, shows: [COORDINATOR.user], readers: everyone },
    { path: `/processes/${process.id}`, shows: [...ASSETS], readers: everyone },
    { path: `/units/${unit.id}`, shows: ['Lonesystemet'], readers: everyone },
    { path: `/information-assets/${assets[0].id}`, shows: [P.owner], readers: ['elected'] },
    { path: '/information-assets', shows: [P.owner], readers: ['elected'] },
    { path: '/information-assets/export.csv', shows: [P.owner], readers: ['elected'] },
    { path: `/agreements/${agreement.id}`, shows: [P.agreementResponsible], readers: ['elected'] },
    { path: '/agreements/export.xlsx', shows: [P.agreementResponsible], readers: ['elected'] },
    { path: `/classifications/${classification.id}`, shows: [P.decidedBy], readers: ['elected'] },
    // The coordinator assesses the plan in place: the name is the value of
    // the row's input (in the page, not in its text).
    { path: `/systems/${system.id}/plan`, shows: [P.responsible], readers: ['elected'], inForm: true },
    { path: `/action-plan-items/${planItem.id}`, shows: [P.responsible], readers: ['elected'] },
    { path: `/risk-analyses/${analysis.id}`, shows: [P.riskOwner, COORDINATOR.name], readers: ['elected'] },
    { path: `/risk-analyses/${analysis.id}/history`, shows: [P.riskOwner, COORDINATOR.user], readers: ['elected'] },
    { path: '/risk-analyses', shows: [P.riskOwner], readers: ['elected'] },
    { path: `/risk-analyses/${analysis.id}/report`, shows: [P.riskOwner, P.acceptedBy, P.measureOwner], readers: ['elected'] },
    { path: `/risk-analyses/${analysis.id}/report.pdf`, shows: [P.riskOwner, P.acceptedBy, P.measureOwner], readers: ['elected'] },
    { path: `/risks/${risk.id}`, shows: [P.riskOwner, P.acceptedBy], readers: ['elected'] },
    { path: `/measures/${measure.id}`, shows: [P.measureOwner], readers: ['elected'] },
    { path: '/measures/export.csv', shows: [P.measureOwner], readers: ['elected'] },
    { path: `/risk-comments/${comment.id}`, shows: [COORDINATOR.name], readers: ['elected'] },
    { path: `/api/v1/risk-analyses/${analysis.id}/history`, shows: [COORDINATOR.user], readers: ['elected'] },
  ];
}

test('the coordinator sees every name on the pages checked below', async () => {
  for (const page of pages()) {
    const r = await read(COORDINATOR.user, page.path);
    assert.equal(r.status, 200, `${page.path}: ${r.raw.slice(0, 300)}`);
    for (const name of page.shows)
      assert.ok((page.inForm ? r.raw : r.text).includes(name), `the coordinator sees ${name} on ${page.path}`);
  }
});

for (const role of ['employee', 'elected']) {
  test(`a ${role === 'employee' ? 'medarbetare' : 'förtroendevald'} sees no name of a record they may not read`, async () => {
    const user = USERS[role];
    let checked = 0;
    for (const page of pages().filter((p) => p.readers.includes(role))) {
      const r = await read(user, page.path);
      assert.equal(r.status, 200, `${role} reads ${page.path}: ${r.raw.slice(0, 300)}`);
      for (const name of HIDDEN[role]) {
        assert.ok(!r.text.includes(name), `${role} must not see ${name} on ${page.path}`);
        assert.ok(!r.raw.includes(name), `${role} must not get ${name} from ${page.path}`);
      }
      checked++;
    }
    assert.ok(checked >= 10, `${checked} pages`);
  });
}

test('what is hidden is shown as a placeholder, never linked, and its number stays', async () => {
  const hidden = tr(SV, '(hidden)');
  assert.notEqual(hidden, '(hidden)', 'the placeholder is translated');
  const user = USERS.employee;
  const { system } = fx;
  // The system's page: each reference by the placeholder, no link to a
  // page the medarbetare cannot open.
  const page = await web[user].get(`/systems/${system.id}`);
  assert.equal(page.status, 200);
  assert.ok(htmlText(page.text).includes(hidden));
  for (const href of [`/people/${fx.people.owner}`, `/people/${fx.people.administrator2}`, `/suppliers/${fx.supplier.id}`,
    `/information-assets/${fx.assets[0].id}`])
    assert.ok(!page.text.includes(`href="${href}"`), `no link to ${href}`);
  const co = await web[COORDINATOR.user].get(`/systems/${system.id}`);
  assert.ok(co.text.includes(`href="/people/${fx.people.owner}"`), 'the coordinator has the link');
  assert.ok(!htmlText(co.text).includes(hidden));

  // The API keeps the numbers; who changed the record is null.
  const r = await api[user].get(`/api/v1/systems/${system.id}`);
  assert.equal(r.json.owner_id, fx.people.owner);
  assert.deepEqual(r.json.information_asset_ids, fx.assets.map((a) => a.id).sort((a, b) => a - b));
  const history = await api[user].get(`/api/v1/systems/${system.id}/history`);
  assert.ok(history.json.items.length >= 2);
  assert.ok(history.json.items.every((e) => e.username === null));
  const coHistory = await api[COORDINATOR.user].get(`/api/v1/systems/${system.id}/history`);
  assert.ok(coHistory.json.items.every((e) => e.username === COORDINATOR.user));

  // The CSV: the number column keeps the number, the name column the placeholder.
  const csv = (await read(user, '/systems/export.csv')).text.replace(/^\uFEFF/, '').split('\r\n');
  const head = csv[0].split(',');
  const row = csv.find((l) => l.startsWith(`${system.id},`)).split(',');
  assert.equal(row[head.indexOf('owner_id')], String(fx.people.owner));
  assert.equal(row[head.indexOf('owner_name')], hidden);
  assert.equal(row[head.indexOf('unit_name')], 'Ekonomiforvaltningen');

  // The history: the number beside the placeholder, so that a change shows.
  const hist = htmlText((await web[user].get(`/systems/${system.id}/history`)).text);
  assert.ok(hist.includes(`#${fx.people.administrator} ${hidden}`), hist.slice(0, 2000));
  assert.ok(hist.includes(`#${fx.people.administrator2} ${hidden}`));
});

test('lists neither offer the names as filters nor sort by them', async () => {
  const user = USERS.employee;
  const list = await web[user].get('/systems');
  assert.ok(!list.text.includes('sort=owner_id'), 'no sorting by a name the reader cannot see');
  assert.ok(list.text.includes('sort=unit_id'), 'a unit the reader reads sorts');
  const co = await web[COORDINATOR.user].get('/systems');
  assert.ok(co.text.includes('sort=owner_id'));
  // Asked for anyway, the order is refused as any unknown order is.
  const sorted = await web[user].get('/systems?sort=owner_id');
  assert.ok(htmlText(sorted.text).includes(tr(SV, 'The list cannot be sorted on that.')));
  const apiSorted = await api[user].get('/api/v1/systems?sort=owner_id');
  assert.equal(apiSorted.status, 400);
  assert.equal((await api[COORDINATOR.user].get('/api/v1/systems?sort=owner_id')).status, 200);
  // A filter on an owner still works by number.
  const filtered = await api[user].get(`/api/v1/systems?owner_id=${fx.people.owner}`);
  assert.equal(filtered.status, 200);
  assert.deepEqual(filtered.json.items.map((s) => s.id), [fx.system.id]);
});
