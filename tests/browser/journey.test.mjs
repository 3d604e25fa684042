// The first journey through Tillit, in Swedish and then in English: the
// administrator logs in, names the organisation from the overview's prompt,
// builds the unit tree, registers a system without an owner and sees the
// gap, registers a person, makes them the system owner and sees the gap go,
// and finds the change with its before and after in the system's history.
// Every step uses the controls a keyboard user reaches (links, buttons and
// labelled fields, found by role and name as assistive technology finds them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, addUser } from '../lib/tillit.mjs';
import { launch, newPage, login, tr, pageErrors, choose } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A server with a fresh database whose organisation has no name yet.
async function freshServer() {
  const dbInfo = freshDb({ org: false });
  const srv = await startServer(dbInfo.db);
  return { ...dbInfo, srv, url: srv.url, async stop() { await srv.stop(); dbInfo.cleanup(); } };
}

// The name of the menu section that holds the page named label (none: label
// names a section).
async function menuSection(page, label) {
  const names = await page.locator('nav.menu .sections > li').evaluateAll((lis, l) => lis
    .filter((li) => [...li.querySelectorAll('.pages a')].some((a) => a.textContent.trim() === l))
    .map((li) => li.querySelector('a').textContent.trim()), label);
  return names[0];
}

function ui(page, lang) {
  const T = (msgid, ...args) => tr(lang, msgid, ...args);
  const main = page.getByRole('main');
  return {
    T,
    main,
    // A page from the menu, as a desktop user reaches it: its section
    // first, then the page among the section's pages.
    async nav(label) {
      const section = await menuSection(page, label);
      if (!section) {
        await page.getByRole('navigation', { name: T('Main menu') }).getByRole('link', { name: label, exact: true }).click();
        return;
      }
      await page.getByRole('navigation', { name: T('Main menu') }).getByRole('link', { name: section, exact: true }).click();
      await page.getByRole('navigation', { name: section, exact: true }).getByRole('link', { name: label, exact: true }).click();
    },
    // A form field by its label; required fields carry " *".
    field(label, required = false) {
      return main.getByLabel(required ? `${T(label)} *` : T(label), { exact: true });
    },
    // A choice: a radio group or a drop-down list, as the registry made it.
    async choose(label, required, option) {
      await choose(main, required ? `${T(label)} *` : T(label), option);
    },
    async save() {
      await main.getByRole('button', { name: T('Save'), exact: true }).click();
    },
    async heading(text) {
      await main.getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
    },
    async flash(msgid, ...args) {
      assert.equal((await main.getByRole('status').filter({ hasText: T(msgid, ...args) }).innerText()).trim(), T(msgid, ...args));
    },
    // The message after a change, naming the record: "Enheten X har lagts till."
    async said(fmt, the, title) {
      const text = T(fmt, T(the), title);
      const want = text[0].toUpperCase() + text.slice(1);
      assert.equal((await main.getByRole('status').filter({ hasText: want }).innerText()).trim(), want);
    },
  };
}

async function journey(page, lang, names) {
  const u = ui(page, lang);
  const { T, main } = u;
  assert.equal(await page.getAttribute('html', 'lang'), lang);

  // The overview asks for the organisation's name.
  await u.nav(T('Overview'));
  await u.heading(T('Overview'));
  await main.getByRole('heading', { name: T('Start by naming the organisation') }).waitFor();
  await main.getByRole('link', { name: T('Name the organisation') }).click();
  assert.equal(new URL(page.url()).pathname, '/organisation/edit');
  await u.field('Name', true).fill(names.org);
  await u.choose('Kind of organisation', true, T('Municipality (kommun)'));
  await u.field('Organisation number').fill('212000-0142');
  await u.save();
  assert.equal(new URL(page.url()).pathname, '/organisation');
  await u.said('%s %s was changed.', 'the organisation', names.org);
  await u.heading(names.org);
  await u.nav(T('Overview'));
  await u.heading(`${T('Overview')}: ${names.org}`);
  assert.equal(await main.getByRole('link', { name: T('Name the organisation') }).count(), 0);

  // The unit tree, top down, each unit choosing its parent.
  const units = [
    [names.units[0], 'Committee (nämnd)', null],
    [names.units[1], 'Administration (förvaltning)', names.units[0]],
    [names.units[2], 'Department (avdelning)', names.units[1]],
  ];
  for (const [name, kind, parent] of units) {
    await u.nav(T('Units'));
    await main.getByRole('link', { name: T('New unit') }).click();
    await u.heading(T('New unit'));
    await u.field('Name', true).fill(name);
    await u.choose('Kind of unit', true, T(kind));
    if (parent) await u.field('Part of').selectOption({ label: parent });
    await u.save();
    // Back on the list the form was opened from.
    await u.heading(T('Units'));
    await u.said('%s %s was added.', 'the unit', name);
    // The list shows the new unit under its parent ("Part of").
    if (parent) await main.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) }).getByRole('link', { name: parent, exact: true }).waitFor();
  }
  await u.nav(T('Units'));
  const tree = main.getByRole('region', { name: T('Organisation tree') });
  const top = tree.getByRole('listitem').filter({ has: page.getByRole('link', { name: names.units[0], exact: true }) });
  const mid = top.getByRole('listitem').filter({ has: page.getByRole('link', { name: names.units[1], exact: true }) });
  await mid.getByRole('listitem').getByRole('link', { name: names.units[2], exact: true }).waitFor();
  // Each level is a list inside the list item above it.
  assert.equal(await tree.locator(':scope > ul > li > a').allInnerTexts().then((x) => x.join('|')), names.units[0]);
  assert.equal(await tree.locator(':scope > ul > li > ul > li > a').allInnerTexts().then((x) => x.join('|')), names.units[1]);
  assert.equal(await tree.locator(':scope > ul > li > ul > li > ul > li > a').allInnerTexts().then((x) => x.join('|')), names.units[2]);
  if (lang === 'sv') await page.screenshot({ path: '/tmp/tillit-list.png', fullPage: true });

  // A system without an owner: the gap shows on its page and the overview.
  const gap = T('The system "%s" has no system owner.', names.system);
  await u.nav(T('Systems'));
  await main.getByRole('link', { name: T('New system') }).click();
  await u.field('Name', true).fill(names.system);
  await u.field('Owning unit').selectOption({ label: names.units[2] });
  assert.equal(await u.field('System owner').inputValue(), '');
  if (lang === 'sv') await page.screenshot({ path: '/tmp/tillit-form.png', fullPage: true });
  await u.save();
  await u.heading(T('Systems'));
  await u.said('%s %s was added.', 'the system', names.system);
  await main.getByRole('rowheader').getByRole('link', { name: names.system, exact: true }).click();
  await u.heading(names.system);
  const gapsBox = main.getByRole('region', { name: T('What is missing') });
  await gapsBox.getByText(gap, { exact: true }).waitFor();
  const systemUrl = page.url().replace(/\?.*/, '');
  await u.nav(T('Overview'));
  await main.getByRole('link', { name: gap, exact: true }).waitFor();
  if (lang === 'sv') await page.screenshot({ path: '/tmp/tillit-overview.png', fullPage: true });
  // The overview's gap leads to the system.
  await main.getByRole('link', { name: gap, exact: true }).click();
  assert.equal(page.url().replace(/\?.*/, ''), systemUrl);

  // A person, then the person as the system owner: the gap goes.
  await u.nav(T('People'));
  await main.getByRole('link', { name: T('New person') }).click();
  await u.field('Name', true).fill(names.person);
  await u.field('Unit').selectOption({ label: names.units[2] });
  await u.save();
  await u.heading(T('People'));
  await u.said('%s %s was added.', 'the person', names.person);

  await u.nav(T('Systems'));
  await main.getByRole('rowheader').getByRole('link', { name: names.system, exact: true }).click();
  await main.getByRole('link', { name: T('Edit'), exact: true }).click();
  await u.heading(T('Edit %s %s', T('the system'), names.system));
  await u.field('System owner').selectOption({ label: names.person });
  await u.save();
  await u.heading(names.system);
  await u.said('%s %s was changed.', 'the system', names.system);
  assert.equal(await main.getByText(gap, { exact: true }).count(), 0, 'the gap is gone from the system page');
  const ownerRow = main.locator('dl.fields > div').filter({ has: page.getByText(T('System owner'), { exact: true }) });
  await ownerRow.getByRole('link', { name: names.person, exact: true }).waitFor();
  await u.nav(T('Overview'));
  await u.heading(`${T('Overview')}: ${names.org}`);
  assert.equal(await main.getByRole('link', { name: gap, exact: true }).count(), 0, 'the gap is gone from the overview');

  // The history shows the change with its before and after.
  await u.nav(T('Systems'));
  await main.getByRole('rowheader').getByRole('link', { name: names.system, exact: true }).click();
  assert.equal(page.url().replace(/\?.*/, ''), systemUrl);
  await page.getByRole('navigation', { name: T('Record views') }).getByRole('link', { name: T('History'), exact: true }).click();
  await u.heading(T('History: %s', names.system));
  const entry = main.getByRole('listitem').filter({ hasText: T('Changed') }).filter({ has: page.getByRole('rowheader', { name: T('System owner'), exact: true }) });
  assert.equal(await entry.count(), 1, 'one change of the system owner');
  const table = entry.getByRole('table');
  assert.deepEqual(await table.getByRole('columnheader').allInnerTexts(), [T('Field'), T('Before'), T('After')]);
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: T('System owner'), exact: true }) });
  const cells = await row.getByRole('cell').allInnerTexts();
  assert.equal(cells.length, 2);
  assert.equal(cells[0].trim(), T('Not given'), 'no owner before');
  assert.match(cells[1], new RegExp(`^${names.person} \\(#\\d+\\)$`), 'the owner after');
  assert.match(await entry.locator('.entry-head').innerText(), /admin/);

  assert.deepEqual(pageErrors(page), [], 'no script errors or CSP violations');
}

test('the first journey, in Swedish', async () => {
  const s = await freshServer();
  const page = await newPage(browser, { lang: 'sv' });
  try {
    await page.goto(`${s.url}/`);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    await page.getByRole('heading', { level: 1, name: tr('sv', 'Log in to Tillit') }).waitFor();
    await login(page, s.url);
    await journey(page, 'sv', {
      org: 'Exempelkommun',
      units: ['Kommunstyrelsen', 'Kommunledningsförvaltningen', 'IT-avdelningen'],
      system: 'Ärendehanteringssystem',
      person: 'Karin Lund',
    });
  } finally {
    await page.context().close();
    await s.stop();
  }
});

test('the first journey, in English, and English chosen on the login page', async () => {
  const s = await freshServer();
  const page = await newPage(browser, { lang: 'sv' });
  const other = await newPage(browser, { lang: 'sv' });
  try {
    // The administrator's account is Swedish until changed on the account page.
    await login(page, s.url);
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    const sv = ui(page, 'sv');
    await page.getByRole('banner').getByRole('link', { name: sv.T('My account') }).click();
    await sv.main.getByRole('combobox', { name: sv.T('Language'), exact: true }).selectOption({ label: 'English' });
    await page.getByRole('region', { name: sv.T('Language') }).getByRole('button', { name: sv.T('Save') }).click();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    const en = ui(page, 'en');
    await en.flash('The language was changed.');
    await en.heading(`${tr('en', 'My account')}: admin`);
    for (const label of ['Overview', 'Inventory', 'Classification', 'Risk', 'Follow-up', 'Administration']) {
      await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: tr('en', label), exact: true }).waitFor();
    }
    await journey(page, 'en', {
      org: 'Example Municipality',
      units: ['Municipal Executive Board', 'Municipal Management Office', 'IT Department'],
      system: 'Case management',
      person: 'Karen Lund',
    });

    // Another user, whose account the administrator sets to English.
    addUser(s.db, 'bertil', 'coordinator', { password: 'bertil-password-123', name: 'Bertil Berg' });
    await en.nav(tr('en', 'User accounts'));
    await en.main.getByRole('rowheader').getByRole('link', { name: 'bertil', exact: true }).click();
    await en.main.getByRole('link', { name: tr('en', 'Edit'), exact: true }).click();
    await en.choose('Language', true, tr('en', 'English'));
    await en.save();
    await en.said('%s %s was changed.', 'the user account', 'bertil');

    // Before logging in, the login page's language button switches to English.
    await other.goto(`${s.url}/login`);
    assert.equal(await other.getAttribute('html', 'lang'), 'sv');
    await other.getByRole('heading', { level: 1, name: tr('sv', 'Log in to Tillit') }).waitFor();
    await other.getByRole('button', { name: 'English', exact: true }).click();
    assert.equal(new URL(other.url()).pathname, '/login');
    assert.equal(await other.getAttribute('html', 'lang'), 'en');
    await other.getByRole('heading', { level: 1, name: tr('en', 'Log in to Tillit') }).waitFor();
    await other.getByLabel(tr('en', 'User name'), { exact: true }).fill('bertil');
    await other.getByLabel(tr('en', 'Password'), { exact: true }).fill('bertil-password-123');
    await other.getByRole('button', { name: tr('en', 'Log in'), exact: true }).click();
    await other.waitForURL((u) => u.pathname === '/');
    assert.equal(await other.getAttribute('html', 'lang'), 'en');
    await other.getByRole('heading', { level: 1, name: `${tr('en', 'Overview')}: Example Municipality` }).waitFor();
    // The button back to Swedish, after logging out.
    await other.getByRole('button', { name: tr('en', 'Log out') }).click();
    await other.getByRole('button', { name: 'Svenska', exact: true }).click();
    assert.equal(await other.getAttribute('html', 'lang'), 'sv');
    assert.deepEqual(pageErrors(other), []);
  } finally {
    await page.context().close();
    await other.context().close();
    await s.stop();
  }
});
