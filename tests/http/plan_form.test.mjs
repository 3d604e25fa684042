// The action plan assessed in place (issue 12, item 4): one form per page
// of 25 requirements, saved through the record layer in one transaction —
// each changed row audited, unchanged rows not written, any refused row
// undoing the whole save; filters by area and assessment that paging
// keeps; the bulk action; the permission and CSRF checks; links from the
// joint action plan and back from an item's own form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, freshDb, startServer, Api, Browserless, token, addUser, htmlText, tr, auditCount, sqlite, requirementApplies } from '../lib/tillit.mjs';

const SV = 'sv';
const T = (msgid, ...args) => tr(SV, msgid, ...args);
let env, srv, api, web, sys, other, reqs, owner;

// The requirements that apply at K3 R3 T2 S3, in the plan's order.
function applying(all) {
  const lv = { K: 3, R: 3, T: 2, S: 3 };
  return all.filter((q) => q.status === 'active' && requirementApplies(q, lv))
    .sort((a, b) => a.code.localeCompare(b.code, 'sv') || a.id - b.id);
}

async function classifiedSystem(name, ownerId) {
  const asset = await api.create('information-assets', { name: `${name} – information`, owner_id: owner });
  const r = await api.post('/api/v1/classifications', {
    asset_id: asset.id, classified_on: day(), confidentiality: 3, integrity: 3, availability: 2, traceability: 3,
    confidentiality_reason: 'a', integrity_reason: 'b', availability_reason: 'c', traceability_reason: 'd',
    status: 'decided', decided_by_id: owner, decided_on: day(),
  });
  assert.equal(r.status, 201, r.text);
  return api.create('systems', { name, information_asset_ids: [asset.id], ...(ownerId ? { owner_id: ownerId } : {}) });
}

// The form of a page as the browser would send it: every row's inputs as
// shown, with changes applied per requirement id.
function pageForm(html, changes = {}, extra = {}) {
  const form = {};
  const rows = [...html.matchAll(/name="row" value="(\d+)"/g)].map((m) => m[1]);
  form.row = rows;
  for (const k of ['area', 'status', 'page']) {
    const m = html.match(new RegExp(`type="hidden" name="${k}" value="([^"]*)"`));
    form[k] = m ? m[1] : '';
  }
  // What each row showed, sent back so that only what was changed is written.
  for (const m of html.matchAll(/<input type="hidden" name="(o[a-z]-\d+)" value="([^"]*)">/g))
    form[m[1]] = m[2].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const id of rows) {
    for (const p of ['a', 'n', 'p', 'd']) {
      const input = html.match(new RegExp(`<input id="${p}-${id}" name="${p}-${id}" type="[a-z]+" value="([^"]*)"`));
      if (input) form[`${p}-${id}`] = input[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
    }
    const sel = html.match(new RegExp(`<select id="a-${id}" name="a-${id}"[^>]*>([\\s\\S]*?)</select>`));
    const chosen = sel && sel[1].match(/<option value="([^"]*)" selected>/);
    form[`a-${id}`] = chosen ? chosen[1] : '';
    const ta = html.match(new RegExp(`<textarea id="c-${id}" name="c-${id}"[^>]*>([\\s\\S]*?)</textarea>`));
    form[`c-${id}`] = ta ? ta[1] : '';
    for (const [k, v] of Object.entries(changes[id] || {})) form[`${k}-${id}`] = v;
  }
  return { ...form, ...extra };
}

const items = async (systemId) => api.items('action-plan-items', `&system_id=${systemId}`);
const planAudit = () => Number(sqlite(env.db, "SELECT count(*) FROM audit WHERE entity = 'action-plan-items'").trim());

before(async () => {
  env = freshDb();
  addUser(env.db, 'revisor', 'auditor', { name: 'Rut Revisor' });
  addUser(env.db, 'agare', 'system_owner', { name: 'Sara Systemägare' });
  addUser(env.db, 'annan', 'system_owner', { name: 'Anna Annansson' });
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  owner = (await api.create('people', { name: 'Ingrid Informationsägare' })).id;
  const sara = (await api.get('/api/v1/people?q=Sara')).json.items[0].id;
  sys = await classifiedSystem('Ekonomisystem', sara);
  other = await classifiedSystem('Lönesystem');
  reqs = applying(await api.items('requirements'));
  assert.ok(reqs.length > 100, `${reqs.length} requirements apply`);
  web = new Browserless(srv.url);
  await web.login();
});
after(async () => { await srv?.stop(); env?.cleanup(); });

test('the plan is one form per page of 25, each row with its inputs, and a save writes only what changed', async () => {
  let page = await web.get(`/systems/${sys.id}/plan`);
  assert.equal(page.status, 200);
  const rows = [...page.text.matchAll(/name="row" value="(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(rows, reqs.slice(0, 25).map((q) => q.id));
  assert.ok(htmlText(page.text).includes(T('Showing %lld–%lld of %lld', 1, 25, reqs.length)));
  // Code and title, the level it applies from, the description.
  const first = reqs[0];
  assert.ok(htmlText(page.text).includes(`${first.code} ${first.title_sv}`));
  assert.match(page.text, new RegExp(`id="req-${first.code}"`));
  assert.ok(page.text.includes(`<select id="a-${first.id}"`));
  assert.ok(page.text.includes(`id="p-${first.id}"`) && page.text.includes('data-suggest="people"'));
  assert.ok(page.text.includes(`type="date"`));
  // The system's people are suggested for the responsible, also without JavaScript.
  assert.match(page.text, new RegExp(`<datalist id="plan-people"><option value="#${sys.owner_id} Sara Systemägare">`));
  assert.ok(page.text.includes(`list="plan-people"`));
  assert.ok(page.text.includes('name="_csrf"'));

  // Assess the whole page: 25 items created, 25 audit entries, one message.
  const before = planAudit();
  const changes = {};
  for (const q of reqs.slice(0, 25)) changes[q.id] = { a: 'fulfilled', d: day(30), c: `Kommentar ${q.code}` };
  changes[reqs[1].id].p = 'Sara Systemägare';
  const res = await web.post(`/systems/${sys.id}/plan`, pageForm(page.text, changes, { _do: 'save' }));
  assert.equal(res.status, 303, res.text);
  assert.equal(res.headers.get('location'), `/systems/${sys.id}/plan?saved=25#plan-form`);
  assert.equal(planAudit(), before + 25);
  const saved = await items(sys.id);
  assert.equal(saved.length, 25);
  assert.ok(saved.every((i) => i.assessment === 'fulfilled' && i.due_date === day(30)));
  assert.equal(saved.find((i) => i.requirement_id === reqs[1].id).responsible_id, sys.owner_id);
  page = await web.get(`/systems/${sys.id}/plan?saved=25`);
  assert.ok(htmlText(page.text).includes(T('%lld requirements have been assessed.', 25)));

  // The same page sent again as it is: nothing written.
  const n = auditCount(env.db);
  page = await web.get(`/systems/${sys.id}/plan`);
  const again = await web.post(`/systems/${sys.id}/plan`, pageForm(page.text, {}, { _do: 'save' }));
  assert.equal(again.status, 303);
  assert.match(again.headers.get('location'), /saved=0/);
  assert.equal(auditCount(env.db), n);

  // One row changed: one audit entry, with just that change, and the message names it.
  const target = saved.find((i) => i.requirement_id === reqs[2].id);
  const one = await web.post(`/systems/${sys.id}/plan`, pageForm(page.text, { [reqs[2].id]: { a: 'partly' } }, { _do: 'save' }));
  assert.equal(one.headers.get('location'), `/systems/${sys.id}/plan?saved=1&req=${reqs[2].id}#plan-form`);
  assert.equal(auditCount(env.db), n + 1);
  const entry = JSON.parse(sqlite(env.db, `SELECT changes FROM audit WHERE entity = 'action-plan-items' AND record_id = ${target.id} ORDER BY id DESC LIMIT 1`));
  assert.deepEqual(entry.assessment, ['fulfilled', 'partly']);
  assert.equal(Object.keys(entry).length, 1);
  page = await web.get(`/systems/${sys.id}/plan?saved=1&req=${reqs[2].id}`);
  assert.ok(htmlText(page.text).includes(T('The assessment of %s has been saved.', reqs[2].code)));
});

test('a row with an error saves nothing at all, and says what is wrong on the row and on top', async () => {
  const page = await web.get(`/systems/${sys.id}/plan?page=2`);
  const [q1, q2, q3, q4] = reqs.slice(25, 29);
  const n = auditCount(env.db);
  const before = (await items(sys.id)).length;
  const res = await web.post(`/systems/${sys.id}/plan`, pageForm(page.text, {
    [q1.id]: { a: 'fulfilled' },                 // fine on its own
    [q2.id]: { a: 'not_applicable' },            // needs a reason
    [q3.id]: { a: 'partly', d: '2026-13-45' },   // no such date
    [q4.id]: { p: 'Sara Systemägare' },          // a person, but no assessment
  }, { _do: 'save' }));
  assert.equal(res.status, 422, res.text.slice(0, 300));
  assert.equal(auditCount(env.db), n, 'nothing written');
  assert.equal((await items(sys.id)).length, before);
  const text = htmlText(res.text);
  assert.ok(res.text.includes('class="error-summary"'));
  assert.ok(text.includes(T('Give the reason the requirement does not apply to the system.')));
  assert.ok(text.includes(T('Enter a date as YYYY-MM-DD.')));
  assert.ok(text.includes(T('Choose an assessment to save the rest of the row.')));
  // Each error links to its input, which is marked, on a row that is marked.
  assert.ok(res.text.includes(`href="#n-${q2.id}"`));
  assert.ok(res.text.includes(`href="#d-${q3.id}"`));
  assert.match(res.text, new RegExp(`id="d-${q3.id}" name="d-${q3.id}" type="date" value="2026-13-45" aria-invalid="true"`));
  assert.match(res.text, new RegExp(`<tr id="req-${q2.code}" class="state-none row-invalid">`));
  // What was typed stays, so that it can be corrected and sent again.
  assert.match(res.text, new RegExp(`<option value="fulfilled" selected>[^<]*</option>[\\s\\S]*?id="n-${q1.id}"`));
  const fixed = await web.post(`/systems/${sys.id}/plan`, pageForm(page.text, {
    [q1.id]: { a: 'fulfilled' }, [q2.id]: { a: 'not_applicable', n: 'Systemet har inga egna konton' },
    [q3.id]: { a: 'partly', d: day(10) },
  }, { _do: 'save' }));
  assert.equal(fixed.status, 303);
  assert.match(fixed.headers.get('location'), /saved=3/);
  assert.equal(auditCount(env.db), n + 3);
});

test('filters by area and assessment, and "not yet assessed"; paging keeps them', async () => {
  const area = reqs.filter((q) => q.area === 'backup');
  let page = await web.get(`/systems/${sys.id}/plan?area=backup`);
  const rows = [...page.text.matchAll(/<tr id="req-([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(rows, area.map((q) => q.code));
  // Not yet assessed: 121 less the 28 assessed above, 25 a page, the filter in every page link.
  const assessed = new Set((await items(sys.id)).map((i) => i.requirement_id));
  const open = reqs.filter((q) => !assessed.has(q.id));
  page = await web.get(`/systems/${sys.id}/plan?status=none`);
  let codes = [...page.text.matchAll(/<tr id="req-([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(codes, open.slice(0, 25).map((q) => q.code));
  assert.ok(page.text.includes(`href="/systems/${sys.id}/plan?status=none&amp;page=2#plan-form"`));
  assert.ok(page.text.includes('<input type="hidden" name="status" value="none">'));
  page = await web.get(`/systems/${sys.id}/plan?status=none&page=2`);
  codes = [...page.text.matchAll(/<tr id="req-([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(codes, open.slice(25, 50).map((q) => q.code));
  // An assessment: only those so assessed.
  page = await web.get(`/systems/${sys.id}/plan?status=not_applicable`);
  codes = [...page.text.matchAll(/<tr id="req-([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(codes, [reqs[26].code]);
  // A filter value that is not an option is said, and left out.
  page = await web.get(`/systems/${sys.id}/plan?area=nonsense`);
  assert.equal(page.status, 200);
  assert.ok(htmlText(page.text).includes(T('There is no such area. Every area is shown.')));

  // Saving returns to the same filter and page; "save and show the next
  // page" to the rows after the last one saved (with "not yet assessed",
  // the first page again, now showing the next 25).
  const q = open[0];
  page = await web.get(`/systems/${sys.id}/plan?area=${q.area}`);
  let res = await web.post(`/systems/${sys.id}/plan`, pageForm(page.text, { [q.id]: { a: 'partly' } }, { _do: 'save' }));
  assert.equal(res.headers.get('location'), `/systems/${sys.id}/plan?area=${q.area}&saved=1&req=${q.id}#plan-form`);
  page = await web.get(`/systems/${sys.id}/plan?status=none`);
  const changes = {};
  const shown = [...page.text.matchAll(/name="row" value="(\d+)"/g)].map((m) => m[1]);
  for (const id of shown) changes[id] = { a: 'not_fulfilled' };
  res = await web.post(`/systems/${sys.id}/plan`, pageForm(page.text, changes, { _do: 'next' }));
  assert.equal(res.headers.get('location'), `/systems/${sys.id}/plan?status=none&saved=25#plan-form`);
  page = await web.get(`/systems/${sys.id}/plan?page=2`);
  res = await web.post(`/systems/${sys.id}/plan`, pageForm(page.text, {}, { _do: 'next' }));
  assert.equal(res.headers.get('location'), `/systems/${sys.id}/plan?page=3&saved=0#plan-form`);
});

test('the bulk action marks the selected rows, with what else was changed, in one save', async () => {
  const page = await web.get(`/systems/${other.id}/plan`);
  const [a, b, c, d] = reqs.slice(0, 4);
  const n = auditCount(env.db);
  // Nothing selected: said, nothing saved.
  let res = await web.post(`/systems/${other.id}/plan`, pageForm(page.text, { [d.id]: { a: 'partly' } }, { _do: 'bulk', bulk_to: 'fulfilled' }));
  assert.equal(res.status, 422);
  assert.ok(htmlText(res.text).includes(T('Select the requirements to mark, with the boxes in the first column.')));
  assert.equal(auditCount(env.db), n);
  res = await web.post(`/systems/${other.id}/plan`, pageForm(page.text, { [d.id]: { a: 'partly' } },
    { _do: 'bulk', bulk_to: 'fulfilled', sel: [a.id, b.id, c.id].map(String) }));
  assert.equal(res.status, 303, res.text.slice(0, 300));
  assert.match(res.headers.get('location'), /saved=4/);
  const got = Object.fromEntries((await items(other.id)).map((i) => [i.requirement_id, i.assessment]));
  assert.deepEqual(got, { [a.id]: 'fulfilled', [b.id]: 'fulfilled', [c.id]: 'fulfilled', [d.id]: 'partly' });
  assert.equal(auditCount(env.db), n + 4);
  // A selection that is not a row of the form is refused.
  res = await web.post(`/systems/${other.id}/plan`, pageForm(page.text, {}, { _do: 'bulk', bulk_to: 'fulfilled', sel: ['999999'] }));
  assert.equal(res.status, 403);
  // Every requirement on the page at once, without ticking each box.
  const second = await web.get(`/systems/${other.id}/plan?page=2`);
  const rows = [...second.text.matchAll(/name="row" value="(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(rows.length, 25);
  const before = auditCount(env.db);
  res = await web.post(`/systems/${other.id}/plan`, pageForm(second.text, {}, { _do: 'bulk_all', bulk_to: 'not_applicable' }));
  assert.equal(res.status, 422, 'not applicable needs each row\'s reason: refused, nothing saved');
  assert.equal(auditCount(env.db), before);
  res = await web.post(`/systems/${other.id}/plan`, pageForm(second.text, {}, { _do: 'bulk_all', bulk_to: 'partly' }));
  assert.equal(res.status, 303, res.text.slice(0, 300));
  assert.match(res.headers.get('location'), /saved=25/);
  const after = Object.fromEntries((await items(other.id)).map((i) => [i.requirement_id, i.assessment]));
  for (const id of rows) assert.equal(after[id], 'partly', `row ${id}`);
  assert.equal(auditCount(env.db), before + 25);
});

test('who may not change the plan sees no inputs, and a save from them is refused (403) with nothing changed', async () => {
  const plan = `/systems/${sys.id}/plan`;
  const own = await web.get(plan);
  const form = pageForm(own.text, { [reqs[5].id]: { a: 'not_fulfilled' } }, { _do: 'save' });
  for (const [user, role] of [['revisor', 'an auditor'], ['annan', 'the owner of another system']]) {
    const w = new Browserless(srv.url);
    await w.login(user, `${user}-password-123`);
    const page = await w.get(plan);
    assert.equal(page.status, 200, role);
    assert.ok(!page.text.includes('name="row"'), `${role}: no inputs`);
    assert.ok(!page.text.includes('method="post" action="/systems'), `${role}: no form`);
    assert.ok(htmlText(page.text).includes(reqs[0].code));
    const n = auditCount(env.db);
    const res = await w.post(plan, form);
    assert.equal(res.status, 403, role);
    assert.equal(auditCount(env.db), n, `${role}: nothing changed`);
  }
  // The system's own owner has the form and may save it.
  const w = new Browserless(srv.url);
  await w.login('agare', 'agare-password-123');
  const page = await w.get(plan);
  assert.ok(page.text.includes('name="row"'));
  const n = auditCount(env.db);
  const res = await w.post(plan, pageForm(page.text, { [reqs[5].id]: { a: 'not_fulfilled' } }, { _do: 'save' }));
  assert.equal(res.status, 303);
  assert.equal(auditCount(env.db), n + 1);
  const entry = sqlite(env.db, "SELECT username, via FROM audit WHERE entity = 'action-plan-items' ORDER BY id DESC LIMIT 1").trim();
  assert.equal(entry, 'agare|ui');
});

test('a save without the CSRF token is refused and changes nothing', async () => {
  const page = await web.get(`/systems/${sys.id}/plan`);
  const form = pageForm(page.text, { [reqs[6].id]: { a: 'not_fulfilled' } }, { _do: 'save' });
  const n = auditCount(env.db);
  let res = await web.post(`/systems/${sys.id}/plan`, { ...form, _csrf: '' });
  assert.equal(res.status, 403);
  res = await web.post(`/systems/${sys.id}/plan`, { ...form, _csrf: 'x'.repeat(43) });
  assert.equal(res.status, 403);
  assert.equal(auditCount(env.db), n);
});

test('the joint action plan links each requirement into the system plan where it is assessed; its own form returns there', async () => {
  // A requirement on the third page of the plan, open and due.
  const q = reqs[60];
  const item = await api.create('action-plan-items', { system_id: sys.id, requirement_id: q.id, assessment: 'partly', due_date: day(-1) });
  const joint = await web.get('/action-plan');
  const href = `/systems/${sys.id}/plan?at=${q.code}#req-${q.code}`;
  assert.ok(joint.text.includes(`href="${href.replace(/&/g, '&amp;')}"`), 'a link into the plan');
  const page = await web.get(href.split('#')[0]);
  assert.match(page.text, new RegExp(`<tr id="req-${q.code}"`));
  assert.ok(htmlText(page.text).includes(T('Showing %lld–%lld of %lld', 51, 75, reqs.length)));
  // The row links to the item's own form, which carries the way back and returns there.
  const formHref = `/action-plan-items/${item.id}/edit?return=${encodeURIComponent(href).replace(/%2F/g, '/')}`;
  assert.ok(page.text.includes(`href="${formHref.replace(/&/g, '&amp;')}"`), 'the row links its own form');
  const edit = await web.get(formHref);
  assert.equal(edit.status, 200);
  assert.ok(edit.text.includes(`class="button">${T('Cancel')}`) && edit.text.includes(`href="${href.replace(/&/g, '&amp;')}" class="button"`), 'cancel goes back');
  const ret = edit.text.match(/name="_return" value="([^"]*)"/);
  assert.ok(ret, 'the return address is carried');
  const res = await web.post(`/action-plan-items/${item.id}`, {
    system_id: String(sys.id), requirement_id: String(q.id), assessment: 'fulfilled', due_date: day(-1),
    _return: ret[1].replace(/&amp;/g, '&'),
  });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/systems/${sys.id}/plan?at=${q.code}&done=updated#req-${q.code}`);
  const back = await web.get(`/systems/${sys.id}/plan?at=${q.code}&done=updated`);
  assert.ok(htmlText(back.text).includes(T('The assessment of %s has been saved.', q.code)));
  assert.match(back.text, new RegExp(`<tr id="req-${q.code}"[\\s\\S]*?${T('Saved')}`));
  // Only a path of this site is followed.
  for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '/\t/evil.example', 'javascript:alert(1)']) {
    const r = await web.post(`/action-plan-items/${item.id}`, {
      system_id: String(sys.id), requirement_id: String(q.id), assessment: 'fulfilled', due_date: day(-1), _return: bad,
    });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/action-plan-items/${item.id}?done=nochange`, bad);
  }
});

test('a row left alone never undoes what someone else saved meanwhile; a row both changed is refused', async () => {
  const plan = `/systems/${other.id}/plan`;
  let page = await web.get(plan);
  const [a, , , , e] = reqs;
  const itemA = (await items(other.id)).find((i) => i.requirement_id === a.id);
  // Someone else comments on A after the page was opened.
  assert.equal((await api.patch(`/api/v1/action-plan-items/${itemA.id}`, { comment: 'Från någon annan' })).status, 200);
  let res = await web.post(plan, pageForm(page.text, { [e.id]: { a: 'partly' } }, { _do: 'save' }));
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /saved=1&/);
  assert.equal((await items(other.id)).find((i) => i.requirement_id === a.id).comment, 'Från någon annan', 'not undone');
  // Both change A's assessment: the second save is refused, showing what is there now.
  page = await web.get(plan);
  assert.equal((await api.patch(`/api/v1/action-plan-items/${itemA.id}`, { assessment: 'not_fulfilled' })).status, 200);
  const n = auditCount(env.db);
  res = await web.post(plan, pageForm(page.text, { [a.id]: { a: 'partly' }, [e.id]: { a: 'fulfilled' } }, { _do: 'save' }));
  assert.equal(res.status, 422);
  assert.equal(auditCount(env.db), n, 'nothing written');
  assert.ok(htmlText(res.text).includes(T('Someone else has changed this since you opened the page. The row now shows what they saved: check it and save again.')));
  assert.match(res.text, new RegExp(`<select id="a-${a.id}"[^>]*>[\\s\\S]*?<option value="not_fulfilled" selected>`));
  // Sent again as it now stands, it goes through.
  res = await web.post(plan, pageForm(res.text, { [a.id]: { a: 'partly' } }, { _do: 'save' }));
  assert.equal(res.status, 303, res.text.slice(0, 400));
  const now = Object.fromEntries((await items(other.id)).map((i) => [i.requirement_id, i.assessment]));
  assert.equal(now[a.id], 'partly');
  assert.equal(now[e.id], 'fulfilled');
});

test('the gaps follow a save of the plan at once, and a refused save leaves them as they were', async () => {
  const gaps = async (kind) => (await api.get(`/api/v1/gaps?kind=${kind}`)).json.items.filter((g) => g.id === other.id);
  const cry = reqs.find((q) => q.code === 'CRY-02');
  const plan = `/systems/${other.id}/plan?area=${cry.area}`;
  assert.equal((await gaps('encryption_at_rest_missing')).length, 1);
  assert.equal((await gaps('requirement_overdue')).length, 0);
  let page = await web.get(plan);
  // Refused (another row lacks its reason): no gap moves.
  const [x] = reqs.filter((q) => q.area === cry.area && q.id !== cry.id);
  let res = await web.post(plan, pageForm(page.text, { [cry.id]: { a: 'partly', d: day(-2) }, [x.id]: { a: 'not_applicable' } }, { _do: 'save' }));
  assert.equal(res.status, 422);
  assert.equal((await gaps('requirement_overdue')).length, 0);
  res = await web.post(plan, pageForm(page.text, { [cry.id]: { a: 'partly', d: day(-2) } }, { _do: 'save' }));
  assert.equal(res.status, 303);
  const overdue = await gaps('requirement_overdue');
  assert.equal(overdue.length, 1);
  assert.equal(overdue[0].related.id, cry.id);
  page = await web.get(plan);
  res = await web.post(plan, pageForm(page.text, { [cry.id]: { a: 'fulfilled' } }, { _do: 'save' }));
  assert.equal(res.status, 303);
  assert.equal((await gaps('requirement_overdue')).length, 0);
  assert.equal((await gaps('encryption_at_rest_missing')).length, 0);
});
