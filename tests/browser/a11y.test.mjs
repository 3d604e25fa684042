// WCAG 2.1 AA on every page type, in Swedish and in English: axe-core finds
// no violation, and Tab reaches every control in reading order, skip link
// first, with a visible focus indicator. Also: the site works without
// JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, token, Api, cli, ADMIN_PASSWORD } from '../lib/tillit.mjs';
import {
  launch, newPage, login, checkAxe, checkKeyboard, checkPage, tr, pageErrors,
} from './lib.mjs';

let srv, dbInfo, browser, api;
const pages = {}; // lang -> logged-in page
const ids = {};
const USERS = { sv: ['admin', ADMIN_PASSWORD], en: ['eva', 'eva-password-123456'] };

before(async () => {
  dbInfo = freshDb({ org: false }); // no name yet: the overview asks for one
  const r = cli(['user', 'add', '--db', dbInfo.db, '--user', 'eva', '--name', 'Eva Ek', '--role', 'admin', '--lang', 'en'],
    { TILLIT_PASSWORD: USERS.en[1] });
  assert.equal(r.status, 0, r.stderr);
  srv = await startServer(dbInfo.db);
  api = new Api(srv.url, token(dbInfo.db));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  dbInfo?.cleanup();
});

async function create(entity, body) {
  const res = await api.post(`/api/v1/${entity}`, body);
  assert.equal(res.status, 201, `${entity}: ${res.text}`);
  return res.json.id;
}

// Everything the pages below show: a unit tree, a record of every kind with
// references between them (so that some cannot be deleted), gaps, and
// enough people for a second page.
async function seed() {
  ids.ks = await create('units', { name: 'Kommunstyrelsen', kind: 'committee' });
  ids.klf = await create('units', { name: 'Kommunledningsförvaltningen', kind: 'administration', parent_id: ids.ks });
  ids.it = await create('units', { name: 'IT-avdelningen', kind: 'department', parent_id: ids.klf, code: 'IT1' });
  ids.unitPlain = await create('units', { name: 'Tom enhet', kind: 'section' });
  ids.anna = await create('people', { name: 'Anna Andersson', email: 'anna@example.se', unit_id: ids.it, title: 'IT-chef' });
  ids.personPlain = await create('people', { name: 'Bo Berg', unit_id: ids.ks });
  ids.cecilia = await create('people', { name: 'Cecilia Carlsson', unit_id: ids.it, kind: 'employee' });
  for (let i = 1; i <= 26; i++) await create('people', { name: `Person ${String(i).padStart(2, '0')}` });
  ids.proc = await create('processes', { name: 'Löneutbetalning', unit_id: ids.klf, critical: true, description: 'Rad ett\nRad två' });
  ids.procPlain = await create('processes', { name: 'Bygglov' });
  ids.asset = await create('information-assets', { name: 'Personalakter', unit_id: ids.klf, owner_id: ids.anna, process_ids: [ids.proc], personal_data: 'sensitive' });
  ids.assetPlain = await create('information-assets', { name: 'Kartdata' });
  ids.sup = await create('suppliers', { name: 'Leverantör AB', org_number: '556000-0000', email: 'info@example.se' });
  ids.supPlain = await create('suppliers', { name: 'Annan leverantör AB' });
  ids.sys = await create('systems', { name: 'Personalsystem', unit_id: ids.it, owner_id: ids.anna, supplier_id: ids.sup, information_asset_ids: [ids.asset], support_hours: 'office', users_count: 120 });
  ids.sysPlain = await create('systems', { name: 'Fristående system' });
  ids.agr = await create('agreements', { name: 'Driftavtal', supplier_id: ids.sup, kind: 'sla', start_date: '2020-01-01', end_date: '2021-12-31', responsible_id: ids.anna, system_ids: [ids.sys] });
  ids.ra = await create('role-assignments', { person_id: ids.anna, role: 'system_owner', scope: 'unit', unit_id: ids.it });
  const res = await api.patch(`/api/v1/systems/${ids.sys}`, { administrator_id: ids.cecilia, users_count: 150 });
  assert.equal(res.status, 200, res.text);
  const users = await api.get('/api/v1/users?q=eva');
  ids.eva = users.json.items[0].id;
}

async function check(t, page, what, path) {
  await t.test(what, async () => {
    if (path) {
      const res = await page.goto(srv.url + path);
      assert.ok(res, `${path}: no response`);
    }
    await checkPage(page, `${what} (${path || page.url()})`);
  });
}

test('the checks find faults: axe, the keyboard walk and the focus indicator', async () => {
  const page = await newPage(browser, { axe: true });
  try {
    await page.setContent('<!doctype html><html lang="en"><title>x</title><body><main><h1>x</h1>' +
      '<input type="text"><img src="data:image/png;base64,"><p style="color:#bbb">faint</p></main></body></html>');
    await assert.rejects(checkAxe(page, 'faulty'), /label|image-alt|color-contrast/);
    // Structure: a skipped heading level, an id used twice, content outside landmarks.
    await page.setContent('<!doctype html><html lang="en"><title>x</title><body><main><h1>x</h1><h3>y</h3>' +
      '<p id="d">a</p><p id="d">b</p></main><p>outside</p></body></html>');
    await assert.rejects(checkAxe(page, 'structure'), (err) => /heading-order/.test(err.message) &&
      /duplicate-id/.test(err.message) && /region/.test(err.message));

    const good = '<!doctype html><html lang="en"><title>x</title><style>:focus-visible{outline:3px solid red}</style>' +
      '<body><a class="skip" href="#main">Skip</a><main id="main"><h1>x</h1><label>A <input id="a"></label>';
    await page.setContent(`${good}<button>B</button></main></body></html>`);
    await checkKeyboard(page, 'good');
    // A control focus skips over (a script moving focus on).
    await page.setContent(`${good}<button id="b" onfocus="document.getElementById('c').focus()">B</button><button id="c">C</button></main></body></html>`);
    await assert.rejects(checkKeyboard(page, 'skipped'), /never reached/);
    // Positive tabindex: focus order differs from reading order.
    await page.setContent(`${good}<button>B</button><button tabindex="1">C</button></main></body></html>`);
    await assert.rejects(checkKeyboard(page, 'order'), /reading order/);
    // No skip link.
    await page.setContent(`${good.replace('<a class="skip" href="#main">Skip</a>', '')}</main></body></html>`);
    await assert.rejects(checkKeyboard(page, 'no skip'), /skip link/);
    // Focus indicator removed.
    await page.setContent(`${good.replace('outline:3px solid red', 'outline:none')}<button>B</button></main></body></html>`);
    await assert.rejects(checkKeyboard(page, 'no outline'), /visible focus indicator/);
  } finally {
    await page.context().close();
  }
});

for (const lang of ['sv', 'en']) {
  test(`login pages and the first overview, with the "name the organisation" prompt (${lang})`, async (t) => {
    const page = await newPage(browser, { lang, axe: true });
    pages[lang] = page;
    await page.goto(`${srv.url}/login`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await check(t, page, 'login');
    await page.locator('#username').fill('nobody');
    await page.locator('#password').fill('wrong password');
    await page.locator('form[action="/login"] button[type=submit]').click();
    await page.locator('.error-summary').waitFor();
    await t.test('the error summary has focus', async () => {
      assert.equal(await page.evaluate(() => document.activeElement.className), 'error-summary');
      assert.equal(await page.locator('.error-summary').innerText(),
        tr(lang, 'Wrong user name or password, or the account is disabled.'));
    });
    await check(t, page, 'login after a failed login');
    await login(page, srv.url, ...USERS[lang]);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await page.getByRole('link', { name: tr(lang, 'Name the organisation') }).waitFor();
    await check(t, page, 'overview with the prompt to name the organisation');
  });
}

test('the overview of a named, empty organisation', async (t) => {
  const res = await api.patch('/api/v1/organisation', { name: 'Exempelkommun', kind: 'municipality' });
  assert.equal(res.status, 200, res.text);
  for (const lang of ['sv', 'en']) {
    const page = pages[lang];
    await page.goto(`${srv.url}/`);
    assert.equal(await page.getByRole('link', { name: tr(lang, 'Name the organisation') }).count(), 0);
    await check(t, page, `overview, empty (${lang})`);
  }
  await seed();
});

const ENTITIES = [
  // entity, the record with references, one without (null: not deletable),
  // whether to check its history (the same template for all)
  ['systems', 'sys', 'sysPlain', true],
  ['information-assets', 'asset', 'assetPlain', false],
  ['processes', 'proc', 'procPlain', false],
  ['units', 'ks', 'unitPlain', true],
  ['people', 'anna', 'personPlain', false],
  ['suppliers', 'sup', 'supPlain', false],
  ['agreements', 'agr', 'agr', true],
  ['role-assignments', 'ra', 'ra', false],
  ['users', 'eva', null, true],
];

for (const lang of ['sv', 'en']) {
  test(`every page type (${lang})`, async (t) => {
    const page = pages[lang];
    assert.ok(page, 'the login test ran first');
    await check(t, page, 'overview with data', '/');
    await t.test('the overview lists gaps', async () => {
      await page.getByRole('link', { name: tr(lang, 'The system "%s" has no system owner.', 'Fristående system') }).waitFor();
    });

    for (const [entity, rich, plain, history] of ENTITIES) {
      await check(t, page, `${entity}: list`, `/${entity}`);
      await check(t, page, `${entity}: record`, `/${entity}/${ids[rich]}`);
      if (history) await check(t, page, `${entity}: history`, `/${entity}/${ids[rich]}/history`);
      await check(t, page, `${entity}: edit form`, `/${entity}/${ids[rich]}/edit`);
      await check(t, page, `${entity}: new form`, `/${entity}/new`);
      await t.test(`${entity}: new form with errors`, async () => {
        await page.locator('form.record-form button[type=submit]').click();
        await page.locator('.error-summary').waitFor();
        // The summary is in the page before the deferred script that
        // focuses it has run: wait for the script (a slow server, as
        // under the sanitizer, shows the gap), and fail if it never does.
        await page.waitForFunction(() => document.activeElement?.className === 'error-summary', null, { timeout: 5000 })
          .catch(() => {});
        assert.equal(await page.evaluate(() => document.activeElement.className), 'error-summary',
          'focus moves to the error summary');
        assert.ok(await page.locator('[aria-invalid="true"]').count() > 0, 'a field is marked invalid');
        const links = await page.evaluate(() => {
          const text = (ids) => (ids || '').split(/\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ').trim();
          return {
            described: [...document.querySelectorAll('[aria-invalid="true"]')].map((el) => text(el.getAttribute('aria-describedby'))),
            anchors: [...document.querySelectorAll('.error-summary a[href^="#"]')].map((a) => !!document.getElementById(a.getAttribute('href').slice(1))),
          };
        });
        assert.ok(links.described.every((d) => d), 'every invalid field is described by its error');
        assert.ok(links.anchors.length > 0 && links.anchors.every(Boolean), 'the error summary links to the fields');
        await checkPage(page, `${entity}: form with errors`);
      });
      if (plain) {
        await check(t, page, `${entity}: delete`, `/${entity}/${ids[plain]}/delete`);
        await t.test(`${entity}: delete offers a button`, async () => {
          assert.equal(await page.locator('main form button.danger').count(), 1);
        });
      }
    }
    await check(t, page, 'units: the tree', '/units');
    await t.test('units: the tree nests the units', async () => {
      const tree = page.locator('section.tree');
      await tree.locator('li', { hasText: 'Kommunstyrelsen' })
        .locator('li', { hasText: 'Kommunledningsförvaltningen' })
        .locator('li a', { hasText: 'IT-avdelningen' }).waitFor();
    });
    for (const [entity, key] of [['units', 'ks'], ['people', 'anna'], ['systems', 'sys']]) {
      await check(t, page, `${entity}: delete blocked by references`, `/${entity}/${ids[key]}/delete`);
      await t.test(`${entity}: delete is blocked`, async () => {
        assert.equal(await page.locator('main form button.danger').count(), 0);
        assert.ok(await page.locator('.notice li').count() > 0);
      });
    }
    await check(t, page, 'people: second page of the list', '/people?page=2');
    await check(t, page, 'systems: search with no result', '/systems?q=finnsinte');
    await check(t, page, 'systems: list with a filter', `/systems?owner_id=-&lifecycle=in_use&sort=-name`);
    await check(t, page, 'systems: list with a bad parameter', '/systems?sort=nonsense');

    await check(t, page, 'organisation', '/organisation');
    await check(t, page, 'organisation: edit form', '/organisation/edit');
    await check(t, page, 'organisation: history', '/organisation/history');

    await check(t, page, 'import of people', '/people/import');
    await check(t, page, 'import', '/systems/import');
    await t.test('import: preview with errors', async () => {
      await page.locator('#file').setInputFiles({
        name: 'systems.csv', mimeType: 'text/csv',
        buffer: Buffer.from('name,lifecycle,owner_id\n,in_use,\nEtt system,sometimes,\nTvå,in_use,#9999\n'),
      });
      await page.locator(`form[enctype="multipart/form-data"] button[type=submit]`).click();
      await page.locator('table.issues').waitFor();
      assert.ok(await page.locator('table.issues tbody tr').count() >= 2);
      await checkPage(page, 'import preview with errors');
    });
    await t.test('import: clean preview', async () => {
      await page.locator('#file').setInputFiles({
        name: 'systems.csv', mimeType: 'text/csv',
        buffer: Buffer.from(`name,lifecycle\nImporterat ${lang},in_use\nÄnnu ett ${lang},planned\n`),
      });
      await page.locator(`form[enctype="multipart/form-data"] button[type=submit]`).click();
      await page.locator('input[name=import_id]').waitFor({ state: 'attached' });
      await checkPage(page, 'import clean preview');
    });

    await check(t, page, 'gaps', '/gaps');
    await check(t, page, 'gaps of one kind', '/gaps?kind=system_without_owner');
    await check(t, page, 'gaps no one is named for', '/gaps?person_id=none');
    await check(t, page, 'my tasks', '/tasks');
    await check(t, page, 'audit trail', '/audit');
    await t.test('audit trail after verifying', async () => {
      await page.getByRole('button', { name: tr(lang, 'Verify the audit trail') }).click();
      await page.waitForURL(/verify=1/);
      await page.locator('.flash').waitFor();
      await checkPage(page, 'audit verified');
    });

    await check(t, page, 'account', '/account');
    await t.test('account after creating a token', async () => {
      await page.getByLabel(tr(lang, 'Name of the new token')).fill(`Skript ${lang}`);
      await page.getByRole('button', { name: tr(lang, 'Create token') }).click();
      await page.locator('code.token').waitFor();
      await checkPage(page, 'account with a new token');
    });
    await t.test('account with a wrong current password', async () => {
      await page.goto(`${srv.url}/account`);
      await page.getByLabel(tr(lang, 'Current password')).fill('not the password');
      await page.getByLabel(tr(lang, 'New password'), { exact: true }).fill('another-long-password');
      await page.getByLabel(tr(lang, 'New password again')).fill('another-long-password');
      await page.locator('form[action="/account/password"] button[type=submit]').click();
      await page.locator('.error-summary').waitFor();
      await checkPage(page, 'account with errors');
    });
    await check(t, page, 'set password', `/users/${ids.eva}/password`);
    await t.test('set password with errors', async () => {
      await page.getByLabel(tr(lang, 'New password'), { exact: true }).fill('short');
      await page.getByLabel(tr(lang, 'New password again')).fill('different');
      await page.locator('main form button[type=submit]').click();
      await page.locator('.error-summary').waitFor();
      await checkPage(page, 'set password with errors');
    });
    await check(t, page, 'error page: no such record', '/systems/999999');
    await check(t, page, 'error page: no such page', '/no/such/page');
    await t.test('the skip link moves focus to the content', async () => {
      await page.goto(`${srv.url}/systems`);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    });
    assert.deepEqual(pageErrors(page), []);
  });
}

// WCAG 1.4.10: at 320 CSS pixels wide (1280 at 400 % zoom) nothing needs
// scrolling sideways except data tables, which scroll in their own box.
test('pages reflow to 320 pixels without scrolling sideways', async (t) => {
  const page = pages.sv;
  await page.setViewportSize({ width: 320, height: 800 });
  try {
    for (const path of ['/', '/systems', `/systems/${ids.sys}`, `/systems/${ids.sys}/edit`, '/units',
      `/systems/${ids.sys}/history`, '/gaps', '/tasks', '/audit', '/account', '/organisation', `/units/${ids.ks}/delete`,
      '/systems/import', '/agreements/new']) {
      await t.test(path, async () => {
        await page.goto(srv.url + path);
        const wide = await page.evaluate(() => {
          const vw = document.documentElement.clientWidth;
          const out = [];
          for (const el of document.querySelectorAll('body *')) {
            if (el.parentElement.closest('.table-wrap')) continue; // scrolls in its own box
            const r = el.getBoundingClientRect();
            if (r.width && (r.right > vw + 1 || r.left < -1) && !el.closest('.skip, .visually-hidden')) {
              out.push(`<${el.tagName.toLowerCase()}${el.className ? `.${el.className}` : ''}> ${Math.round(r.left)}..${Math.round(r.right)}`);
            }
          }
          return { scroll: document.documentElement.scrollWidth, vw, out: out.slice(0, 10) };
        });
        assert.ok(wide.scroll <= wide.vw && wide.out.length === 0,
          `${path}: wider than ${wide.vw}px (${wide.scroll}px):\n${wide.out.join('\n')}`);
      });
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
});

test('the site works without JavaScript', async () => {
  const page = await newPage(browser, { javaScript: false });
  try {
    await page.goto(`${srv.url}/systems`);
    assert.equal(new URL(page.url()).pathname, '/login');
    await login(page, srv.url);
    assert.equal(new URL(page.url()).pathname, '/systems');
    await page.getByRole('link', { name: `${tr('sv', 'New')}: ${tr('sv', 'System')}` }).click();
    await page.getByLabel(`${tr('sv', 'Name')} *`).fill('Utan skript');
    await page.getByLabel(tr('sv', 'Owning unit')).selectOption({ label: 'IT-avdelningen' });
    await page.getByLabel(tr('sv', 'System owner')).selectOption({ label: 'Anna Andersson' });
    await page.getByRole('button', { name: tr('sv', 'Save') }).click();
    await page.getByRole('heading', { level: 1, name: 'Utan skript' }).waitFor();
    await page.getByRole('link', { name: tr('sv', 'Systems'), exact: true }).first().click();
    await page.getByRole('rowheader').getByRole('link', { name: 'Utan skript' }).waitFor();
    // A form with an error comes back with the error, still without script.
    await page.goto(`${srv.url}/systems/new`);
    await page.getByRole('button', { name: tr('sv', 'Save') }).click();
    await page.locator('.error-summary a[href="#f-name"]').waitFor();
    assert.equal(await page.locator('#f-name').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(pageErrors(page), []);
  } finally {
    await page.context().close();
  }
});

// Above 300 records a reference is typed, with suggestions from the API
// (tillit.js) in a datalist; the form must stay accessible that way too.
test('typed references with suggestions, when there are too many to list', async (t) => {
  const names = [];
  for (let i = 0; i < 300; i += 20) {
    await Promise.all(Array.from({ length: 20 }, (_, k) => {
      const name = `Anställd ${String(i + k).padStart(3, '0')}`;
      names.push(name);
      return create('people', { name });
    }));
  }
  for (const lang of ['sv', 'en']) {
    const page = pages[lang];
    await check(t, page, `systems: new form with typed references (${lang})`, '/systems/new');
    await check(t, page, `systems: edit form with typed references (${lang})`, `/systems/${ids.sys}/edit`);
  }
  const page = pages.sv;
  await page.goto(`${srv.url}/systems/${ids.sysPlain}/edit`);
  const owner = page.locator('#f-owner_id');
  assert.equal(await owner.getAttribute('list'), 'f-owner_id-list');
  await owner.fill('');
  await owner.pressSequentially('Anställd 12', { delay: 20 });
  const options = page.locator('#f-owner_id-list option');
  await options.first().waitFor({ state: 'attached' });
  const value = await options.first().getAttribute('value');
  assert.match(value, /^#\d+ Anställd \d*12\d*$/);
  await owner.fill(value);
  await page.getByRole('button', { name: tr('sv', 'Save') }).click();
  await page.getByRole('heading', { level: 1, name: 'Fristående system' }).waitFor();
  await page.locator('main dl').getByRole('link', { name: value.replace(/^#\d+ /, ''), exact: true }).waitFor();
  assert.deepEqual(pageErrors(page), []);
});
