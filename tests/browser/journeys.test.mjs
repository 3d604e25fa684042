// The three journeys of issue 12, as each role does them in the browser,
// counting the page loads every step takes: the coordinator's first
// afternoon, a systemägare's yearly review from "Mina uppgifter", and a
// revisor reading the audit trail with the keyboard only. Every step uses
// what a user reaches (the menu, links, buttons and labelled fields, found
// by role and name as assistive technology finds them), never a typed URL
// after logging in.
//
// The counts are kept in docs/journeys.md; a journey whose steps take
// another number of page loads than the table says fails, and prints the
// table as measured, so that the documented counts stay the real ones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { freshDb, startServer, Api, token, addUser, sqliteJson, day } from '../lib/tillit.mjs';
import { launch, newPage, login, tr, pageErrors, choose, chooseLevel, checkAxe } from './lib.mjs';

const DOC = new URL('../../docs/journeys.md', import.meta.url);
const SV = 'sv';
const T = (msgid, ...args) => tr(SV, msgid, ...args);
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Page loads: each time the page's main frame lands on a new document (a
// link, a form sent, the page a redirect after saving leads to).
function journey(page, name) {
  let n = 0;
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) n++; });
  const steps = [];
  return {
    async step(what, fn) {
      const before = n;
      await fn();
      assert.deepEqual(pageErrors(page), [], `${name}: ${what}`);
      steps.push([what, n - before]);
    },
    // Compare with the table in docs/journeys.md for this journey.
    check() {
      const doc = readFileSync(DOC, 'utf8');
      const documented = [];
      for (const line of doc.split('\n')) {
        const m = line.match(/^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*(\d+)\s*\|$/);
        if (m && m[1] === name && m[2] !== 'total') documented.push([m[2], Number(m[3])]);
      }
      const table = steps.map(([w, k]) => `| ${name} | ${w} | ${k} |`).join('\n');
      assert.deepEqual(steps, documented,
        `the page loads of "${name}" differ from docs/journeys.md; as measured:\n${table}\n| ${name} | total | ${steps.reduce((s, [, k]) => s + k, 0)} |`);
      const total = doc.match(new RegExp(`^\\|\\s*${name}\\s*\\|\\s*total\\s*\\|\\s*(\\d+)\\s*\\|$`, 'm'));
      assert.ok(total, `docs/journeys.md gives the total of "${name}"`);
      assert.equal(Number(total[1]), steps.reduce((s, [, k]) => s + k, 0), `${name}: total`);
    },
  };
}

function ui(page) {
  const main = page.getByRole('main');
  const header = page.getByRole('banner');
  return {
    main,
    // A page of the menu: its section first unless the section is open.
    async menu(section, item) {
      const sub = page.getByRole('navigation', { name: T(section), exact: true });
      if (!(await sub.count())) {
        await page.getByRole('navigation', { name: T('Main menu') }).getByRole('link', { name: T(section), exact: true }).click();
        await page.waitForLoadState();
      }
      if (item) await page.getByRole('navigation', { name: T(section), exact: true }).getByRole('link', { name: T(item), exact: true }).click();
    },
    field(label, required = false) {
      return main.getByLabel(required ? `${T(label)} *` : T(label), { exact: true });
    },
    // A reference: a drop-down list for a small table, a typed name for a
    // large one (the registry decides by the number of records).
    async pick(label, required, name) {
      const f = main.getByLabel(required ? `${T(label)} *` : T(label), { exact: true });
      if (await f.evaluate((el) => el.tagName === 'SELECT')) await f.selectOption({ label: name });
      else await f.fill(name);
    },
    button(label) { return main.getByRole('button', { name: T(label), exact: true }); },
    link(name) { return main.getByRole('link', { name, exact: true }); },
    async save() { await main.getByRole('button', { name: T('Save'), exact: true }).click(); await page.waitForLoadState(); },
    async status(re) { await main.getByRole('status').filter({ hasText: re }).first().waitFor(); },
    async h1(text) { await main.getByRole('heading', { level: 1, name: text, exact: true }).waitFor(); },
    header,
  };
}

// The message after saving that names the record ("Enheten X har lagts
// till."), any record's when name is null.
const named = (fmt, name) => new RegExp(T(fmt, '\u0001', name === null ? '\u0002' : name)
  .replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\u0001', '.+').replace('\u0002', '.+'));

test('the coordinator\'s first afternoon: organisation, units, people, roles, inventory, classification, action plan, risk analysis with measures', async () => {
  const env = freshDb({ org: false });
  const srv = await startServer(env.db);
  const page = await newPage(browser);
  const u = ui(page);
  const { main } = u;
  const j = journey(page, 'coordinator');
  try {
    await page.goto(`${srv.url}/login`);
    await j.step('log in', async () => { await login(page, srv.url); });

    await j.step('name the organisation', async () => {
      await u.link(T('Name the organisation')).click();
      await u.field('Name', true).fill('Storköpings kommun');
      await choose(main, `${T('Kind of organisation')} *`, T('Municipality (kommun)'));
      await u.field('Organisation number').fill('212000-0142');
      await u.save();
      await u.status(named('%s %s was changed.', 'Storköpings kommun'));
    });

    await j.step('two units, the second under the first', async () => {
      await u.menu('Inventory', 'Units');
      await u.link(T('New unit')).click();
      await u.field('Name', true).fill('Kommunstyrelsen');
      await choose(main, `${T('Kind of unit')} *`, T('Committee (nämnd)'));
      await u.save();
      await u.status(named('%s %s was added.', 'Kommunstyrelsen'));
      await u.link(T('New unit')).click();
      await u.field('Name', true).fill('Kommunledningsförvaltningen');
      await choose(main, `${T('Kind of unit')} *`, T('Administration (förvaltning)'));
      await u.pick('Part of', false, 'Kommunstyrelsen');
      await u.save();
      await u.status(named('%s %s was added.', 'Kommunledningsförvaltningen'));
    });

    await j.step('two people', async () => {
      await u.menu('Inventory', 'People');
      for (const name of ['Olga Ägare', 'Ivar Informationsägare']) {
        await u.link(T('New person')).click();
        await u.field('Name', true).fill(name);
        await u.save();
        await u.status(named('%s %s was added.', name));
      }
    });

    await j.step('a system owner\'s role', async () => {
      await u.menu('Administration', 'Role assignments');
      await u.link(T('New role assignment')).click();
      await u.pick('Person', true, 'Olga Ägare');
      await choose(main, `${T('Role')} *`, T('System owner'));
      await u.save();
      await u.status(named('%s %s was added.', null));
    });

    await j.step('information and the system that processes it', async () => {
      await u.menu('Inventory', 'Information assets');
      await u.link(T('New information asset')).click();
      await u.field('Name', true).fill('Ärenden i kommunstyrelsen');
      await u.pick('Information owner', false, 'Ivar Informationsägare');
      await u.save();
      await u.status(named('%s %s was added.', 'Ärenden i kommunstyrelsen'));
      await u.menu('Inventory', 'Systems');
      await u.link(T('New system')).click();
      await u.field('Name', true).fill('Ärendesystemet');
      await u.pick('System owner', false, 'Olga Ägare');
      await main.getByRole('checkbox', { name: 'Ärenden i kommunstyrelsen', exact: true }).check();
      await u.save();
      await u.status(named('%s %s was added.', 'Ärendesystemet'));
    });

    await j.step('classify the information and decide it', async () => {
      await u.menu('Inventory', 'Information assets');
      await u.link('Ärenden i kommunstyrelsen').click();
      await u.link(T('Classify')).click();
      for (const [aspect, level] of [['Confidentiality (K)', 2], ['Integrity (R)', 2], ['Availability (T)', 3], ['Traceability (S)', 1]])
        await chooseLevel(main, `${T(aspect)} *`, level);
      for (const reason of ['Reason for confidentiality', 'Reason for integrity', 'Reason for availability', 'Reason for traceability'])
        await u.field(reason).fill('Bedömt med informationsägaren.');
      await u.save();
      await main.getByRole('link', { name: new RegExp(`^${T('Decide')}`) }).first().click();
      await u.button('Decide').click();
      await page.waitForLoadState();
      await u.status(T('Decided. Tillit recorded who decided and when.'));
    });

    await j.step('assess the system\'s action plan in place', async () => {
      await u.menu('Inventory', 'Systems');
      await u.link('Ärendesystemet').click();
      await u.link(T('Action plan')).first().click();
      const n = await main.locator('input[name="sel"]').count();
      assert.ok(n >= 10, `the plan has requirements to assess (${n})`);
      await main.getByLabel(T('Mark the selected as'), { exact: true }).selectOption({ label: T('Fulfilled') });
      await main.getByRole('button', { name: T('Mark every requirement on this page'), exact: true }).click();
      await page.waitForLoadState();
      await u.status(T('%lld requirements have been assessed.', n));
    });

    await j.step('a risk analysis of the system with a risk and a measure', async () => {
      await u.menu('Inventory', 'Systems');
      await u.link('Ärendesystemet').click();
      await u.link(T('New risk analysis')).click();
      assert.match(await u.field('Title', true).inputValue(), /Ärendesystemet/);
      await u.save();
      await u.link(T('Add a risk')).click();
      await u.field('Risk', true).fill('Obehörig åtkomst till ärenden');
      await chooseLevel(main, `${T('Likelihood')} *`, 3);
      await chooseLevel(main, `${T('Consequence')} *`, 3);
      await u.save();
      await main.getByRole('link', { name: new RegExp(`^${T('Add measure')}`) }).first().click();
      await u.field('Measure', true).fill('Tvåfaktorsinloggning');
      await u.save();
      await main.getByRole('link', { name: 'Tvåfaktorsinloggning' }).waitFor();
    });
    j.check();
  } finally {
    await page.context().close();
    await srv.stop();
    env.cleanup();
  }
});

test('a systemägare\'s yearly review from "Mina uppgifter"', async () => {
  const env = freshDb();
  addUser(env.db, 'olga', 'system_owner', { name: 'Olga Ägare' });
  const srv = await startServer(env.db);
  const api = new Api(srv.url, token(env.db));
  const olga = sqliteJson(env.db, "SELECT id FROM people WHERE name = 'Olga Ägare'")[0].id;
  const admin = await api.create('people', { name: 'Arne Förvaltare' });
  const unit = await api.create('units', { name: 'Socialförvaltningen', kind: 'administration' });
  const ivar = await api.create('people', { name: 'Ivar Informationsägare' });
  const asset = await api.create('information-assets', { name: 'Brukarakter', unit_id: unit.id, owner_id: ivar.id });
  const why = 'Bedömt med verksamheten.';
  await api.create('classifications', {
    asset_id: asset.id, classified_on: day(-30), confidentiality: 3, integrity: 2, availability: 2, traceability: 2,
    confidentiality_reason: why, integrity_reason: why, availability_reason: why, traceability_reason: why,
    status: 'decided', decided_by_id: ivar.id, decided_on: day(-30),
  });
  const sys = await api.create('systems', {
    name: 'Lifecare', unit_id: unit.id, owner_id: olga, administrator_id: admin.id, information_asset_ids: [asset.id], users_count: 400,
  });
  const req = (await api.items('requirements')).find((q) => q.code === 'ACC-05');
  await api.create('action-plan-items', {
    system_id: sys.id, requirement_id: req.id, assessment: 'not_fulfilled', responsible_id: olga, due_date: day(-14),
  });
  const page = await newPage(browser);
  const u = ui(page);
  const { main } = u;
  const j = journey(page, 'system owner');
  try {
    await page.goto(`${srv.url}/login`);
    await j.step('log in: her tasks', async () => {
      await login(page, srv.url, 'olga', 'olga-password-123');
      await u.h1(T('My tasks'));
      await main.getByRole('region', { name: new RegExp(T('Your systems')) }).getByRole('link', { name: 'Lifecare', exact: true }).waitFor();
    });

    await j.step('the overdue requirement, put right', async () => {
      await main.getByRole('region', { name: new RegExp(T('Your part of the action plan')) })
        .getByRole('link').filter({ hasText: 'ACC-05' }).first().click();
      await choose(main, `${T('Assessment')} *`, T('Fulfilled'));
      await u.save();
      await u.h1(T('My tasks'));
      await u.status(named('%s %s was changed.', null));
      assert.equal(await main.getByRole('link').filter({ hasText: 'ACC-05' }).count(), 0, 'done, and gone from her tasks');
    });

    await j.step('her system, reviewed and brought up to date', async () => {
      await main.getByRole('region', { name: new RegExp(T('Your systems')) }).getByRole('link', { name: 'Lifecare', exact: true }).click();
      await main.getByRole('link', { name: T('Edit'), exact: true }).click();
      await u.field('Number of users').fill('450');
      await u.save();
      await u.status(named('%s %s was changed.', 'Lifecare'));
    });

    await j.step('the rest of the system\'s action plan, not yet assessed', async () => {
      await u.link(T('Action plan')).first().click();
      await u.link(T('Show those not yet assessed')).click();
      await main.getByLabel(`${T('Assessment')} ACC-01`, { exact: true }).selectOption({ label: T('Fulfilled') });
      await main.getByLabel(`${T('Assessment')} ACC-02`, { exact: true }).selectOption({ label: T('Partly fulfilled') });
      await main.getByLabel(`${T('Due date')} ACC-02`, { exact: true }).fill(day(60));
      await u.save();
      await u.status(T('%lld requirements have been assessed.', 2));
    });
    j.check();
    const item = (await api.items('action-plan-items', `&system_id=${sys.id}`)).find((x) => x.requirement_id === req.id);
    assert.equal(item.assessment, 'fulfilled');
    assert.equal((await api.get(`/api/v1/systems/${sys.id}`)).json.users_count, 450);
  } finally {
    await page.context().close();
    await srv.stop();
    env.cleanup();
  }
});

// Tab until the element is focused (at most max presses), as a keyboard
// user reaches it; fails when it is never reached.
async function tabTo(page, locator, max = 150) {
  const el = await locator.elementHandle();
  for (let i = 0; i < max; i++) {
    if (await el.evaluate((e) => e === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`not reached with Tab: ${locator}`);
}

test('a revisor reads the trail with the keyboard only', async () => {
  const env = freshDb();
  addUser(env.db, 'rut', 'auditor', { name: 'Rut Revisor' });
  const srv = await startServer(env.db);
  const api = new Api(srv.url, token(env.db));
  const unit = await api.create('units', { name: 'Kultur och fritid', kind: 'administration' });
  const sys = await api.create('systems', { name: 'Bokningssystemet', unit_id: unit.id });
  await api.patch(`/api/v1/systems/${sys.id}`, { users_count: 30 });
  const page = await newPage(browser, { axe: true });
  const u = ui(page);
  const { main } = u;
  const j = journey(page, 'revisor');
  try {
    await page.goto(`${srv.url}/login`);
    await j.step('log in', async () => {
      await tabTo(page, page.locator('#username'));
      await page.keyboard.type('rut');
      await page.keyboard.press('Tab');
      await page.keyboard.type('rut-password-123');
      await page.keyboard.press('Enter');
      await page.waitForURL((x) => !x.pathname.startsWith('/login'));
      await u.h1(T('My tasks'));
    });

    await j.step('to the audit trail through the menu', async () => {
      await tabTo(page, page.getByRole('navigation', { name: T('Main menu') }).getByRole('link', { name: T('Administration'), exact: true }));
      await page.keyboard.press('Enter');
      await page.waitForLoadState();
      await tabTo(page, page.getByRole('navigation', { name: T('Administration'), exact: true }).getByRole('link', { name: T('Audit trail'), exact: true }));
      await page.keyboard.press('Enter');
      await u.h1(T('Audit trail'));
      await checkAxe(page, 'the audit trail');
    });

    await j.step('what the administrator changed', async () => {
      await tabTo(page, main.getByLabel(T('Login name'), { exact: true }));
      await page.keyboard.type('admin');
      await page.keyboard.press('Enter');
      await page.waitForURL((x) => x.searchParams.get('user') === 'admin');
      await main.getByText(`${T('System')}: Bokningssystemet`).first().waitFor();
    });

    await j.step('the system and its history', async () => {
      await tabTo(page, main.getByRole('link', { name: new RegExp(`${T('System')}: Bokningssystemet`) }).first());
      await page.keyboard.press('Enter');
      await u.h1('Bokningssystemet');
      await tabTo(page, main.getByRole('link', { name: T('History'), exact: true }));
      await page.keyboard.press('Enter');
      await main.getByRole('cell', { name: '30', exact: true }).first().waitFor();
      await checkAxe(page, 'the system\'s history');
    });

    await j.step('the trail verified', async () => {
      await page.goBack(); await page.goBack();
      await u.h1(T('Audit trail'));
      await tabTo(page, main.getByRole('button', { name: T('Verify the audit trail'), exact: true }));
      await page.keyboard.press('Enter');
      await u.status(new RegExp(T('The audit trail is intact: %s entries checked.', '\u0001').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\u0001', '[\\d\\s\u00a0]+')));
    });
    j.check();
  } finally {
    await page.context().close();
    await srv.stop();
    env.cleanup();
  }
});
