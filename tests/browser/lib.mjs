// Helpers for the browser tests: Debian's Chromium driven by playwright-core,
// axe-core for WCAG 2.1 AA, a keyboard walk over every control, and the
// message catalogues, so tests can expect the text a page shows in either
// language without depending on how far the translation has come.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { ADMIN_PASSWORD } from '../lib/tillit.mjs';

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
const ROOT = new URL('../../', import.meta.url).pathname;

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// One browser per test file; playwright gives it a fresh user-data-dir.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

// A fresh context (own cookies) whose browser asks for lang ('sv' or 'en')
// in Accept-Language, as a Swedish or an English desktop would. axe: load
// axe-core into every page as it opens (through the DevTools protocol, so
// the page's Content-Security-Policy, which allows no inline script, still
// applies to everything else, and no page pays for injecting it twice).
export async function newPage(browser, { lang = 'sv', javaScript = true, axe = false } = {}) {
  const context = await browser.newContext({
    locale: lang === 'en' ? 'en-GB' : 'sv-SE',
    javaScriptEnabled: javaScript,
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(10000);
  if (axe) await context.addInitScript({ path: AXE_PATH });
  const page = await context.newPage();
  // A script error or a console error (a CSP violation, a failed load of
  // the stylesheet or script) is a failure; see pageErrors().
  page.__errors = [];
  page.on('pageerror', (err) => page.__errors.push(`script error: ${err}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // The page's own error status (a 404 page, a form re-shown with 422) is
    // reported too; that is what the tests asked for.
    if (/status of [45]\d\d/.test(msg.text()) && msg.location().url === page.url()) return;
    page.__errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  return page;
}

// Errors the page reported since the last call (and forget them).
export function pageErrors(page) {
  const e = page.__errors || [];
  page.__errors = [];
  return e;
}

// ---- message catalogues ---------------------------------------------------

const catalogues = {};

// The text of a PO string literal ("..." with C escapes).
function unquote(s) {
  const esc = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
  return s.slice(1, -1).replace(/\\(.)/g, (_, c) => (c in esc ? esc[c] : c));
}

// Parse po/<lang>.po into Map(msgid -> msgstr); fuzzy and empty entries are
// left out, as the server leaves them out.
function catalogue(lang) {
  if (catalogues[lang]) return catalogues[lang];
  const map = new Map();
  let text = '';
  try { text = readFileSync(`${ROOT}po/${lang}.po`, 'utf8'); } catch { /* none: identity */ }
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n');
    if (lines.some((l) => /^#,.*\bfuzzy\b/.test(l))) continue;
    let key = null;
    const parts = { msgid: '', msgstr: '', msgctxt: null };
    for (const l of lines) {
      const m = l.match(/^(msgid|msgstr|msgctxt)\s+(".*")\s*$/);
      if (m) { key = m[1]; parts[key] = unquote(m[2]); continue; }
      if (/^".*"\s*$/.test(l) && key) parts[key] += unquote(l.trim());
      else if (!l.startsWith('#')) key = null;
    }
    if (parts.msgid && parts.msgstr) map.set(parts.msgctxt === null ? parts.msgid : `${parts.msgctxt}\u0004${parts.msgid}`, parts.msgstr);
  }
  catalogues[lang] = map;
  return map;
}

// The text the server shows for msgid in lang ('sv' or 'en'); %s / %lld
// placeholders are filled from args in order.
export function tr(lang, msgid, ...args) {
  // A message with a context: "ctxt\u0004msgid", as the server keys it.
  let s = catalogue(lang).get(msgid) || msgid.slice(msgid.indexOf('\u0004') + 1);
  for (const a of args) s = s.replace(/%(?:ll|l)?[sd]/, String(a));
  return s;
}

// The message after saving a record ("Enheten X har lagts till.", "The unit
// X was changed."), for any record: a pattern for getByRole('status').
export function savedRe(lang) {
  const esc = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const one = (fmt) => esc(tr(lang, fmt, '\u0001', '\u0002')).replace('\u0001', '.+').replace('\u0002', '.+');
  return new RegExp(`(${one('%s %s was added.')}|${one('%s %s was changed.')})`, 'i');
}

// ---- logging in -----------------------------------------------------------

// Log in through the form, as a person would; expects to land on next.
export async function login(page, url, username = 'admin', password = ADMIN_PASSWORD) {
  if (!page.url().startsWith(`${url}/login`)) await page.goto(`${url}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.locator('form[action="/login"] button[type=submit]').click(),
  ]);
}

// ---- accessibility --------------------------------------------------------

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// Rules outside those tags that check what WCAG asks in words (headings
// and landmarks that convey structure, ids that label things once).
export const AXE_EXTRA_RULES = [
  'heading-order', 'page-has-heading-one', 'empty-heading', 'empty-table-header',
  'landmark-one-main', 'landmark-unique', 'landmark-no-duplicate-banner',
  'landmark-no-duplicate-contentinfo', 'landmark-main-is-top-level', 'region',
  'duplicate-id', 'duplicate-id-aria', 'duplicate-id-active', 'tabindex',
];

// Run axe-core on the current page; fails listing every violation by rule,
// help text and the elements at fault.
export async function checkAxe(page, what = page.url()) {
  assert.deepEqual(pageErrors(page), [], `${what}: the page reported errors`);
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.addScriptTag({ path: AXE_PATH }); // e.g. after setContent
  const result = await page.evaluate(({ tags, extra }) => {
    const rules = window.axe.getRules(tags).map((r) => r.ruleId);
    for (const r of extra) if (window.axe.getRules().some((x) => x.ruleId === r)) rules.push(r);
    return window.axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'rule', values: rules } });
  }, { tags: AXE_TAGS, extra: AXE_EXTRA_RULES });
  const lines = [];
  for (const v of result.violations) {
    lines.push(`- ${v.id} (${v.impact}): ${v.help}`);
    for (const n of v.nodes.slice(0, 8)) {
      lines.push(`    at ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`);
    }
    if (v.nodes.length > 8) lines.push(`    ... and ${v.nodes.length - 8} more`);
  }
  assert.equal(result.violations.length, 0,
    `${what} (${await page.title()}): ${result.violations.length} accessibility violation(s):\n${lines.join('\n')}`);
  return result;
}

// Walk the page with Tab from the top: every visible, enabled control must
// be reached, in document order, the skip link first, each with a visible
// focus indicator. Returns the list of controls reached.
export async function checkKeyboard(page, what = page.url()) {
  const positive = await page.evaluate(() => [...document.querySelectorAll('[tabindex]')]
    .filter((el) => el.tabIndex > 0).map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(positive, [], `${what}: a positive tabindex takes elements out of reading order`);
  const { controls, presses } = await page.evaluate(() => {
    // A details element's summary is a control of its own (it opens it).
    const sel = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    const out = [];
    const seenRadio = new Map();
    let presses = 3;
    for (const el of document.querySelectorAll(sel)) {
      el.removeAttribute('data-kbd');
      if (el.matches('input[type=hidden], :disabled') || el.closest('[inert], [hidden]')) continue;
      // What a closed details element holds is not shown, so not reached.
      const closed = el.closest('details:not([open])');
      if (closed && !(el.matches('summary') && el.parentElement === closed)) continue;
      if (el.getAttribute('tabindex') === '-1') continue;
      const style = getComputedStyle(el);
      if (!el.getClientRects().length || style.visibility === 'hidden' || style.display === 'none') continue;
      if (el.matches('input[type=radio]') && el.name) {
        // One Tab stop per group of radio buttons.
        const key = `${el.form ? [...document.forms].indexOf(el.form) : -1}:${el.name}`;
        if (seenRadio.has(key)) { el.setAttribute('data-kbd', seenRadio.get(key)); continue; }
        seenRadio.set(key, String(out.length));
      }
      el.setAttribute('data-kbd', String(out.length));
      // Date and time inputs take a Tab per part (day, month, year ...).
      // (a date and time: day, month, year, hours, minutes and more).
      presses += el.matches('input[type=datetime-local]') ? 7
        : el.matches('input[type=date], input[type=time], input[type=month], input[type=week]') ? 4 : 1;
      const name = (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '').trim().replace(/\s+/g, ' ').slice(0, 50);
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      out.push({ idx: String(out.length), desc: `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}> ${name}` });
    }
    // Record every element that receives focus, with whether its focus
    // indicator shows (an outline of 2px or more, or a box shadow).
    // (Installed afresh each time: document.open() drops listeners.)
    window.__kbdLog = [];
    if (window.__kbdHandler) document.removeEventListener('focusin', window.__kbdHandler, true);
    window.__kbdHandler = (ev) => {
      const el = ev.target;
      const s = getComputedStyle(el);
      const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none');
      window.__kbdLog.push({ idx: el.getAttribute('data-kbd'), tag: el.tagName.toLowerCase(), id: el.id, visible });
    };
    document.addEventListener('focusin', window.__kbdHandler, true);
    // Start the walk at the top of the document.
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    document.body.setAttribute('tabindex', '-1');
    document.body.focus();
    window.__kbdLog = [];
    return { controls: out, presses };
  });
  assert.ok(controls.length > 0, `${what}: no focusable controls found`);
  for (let n = 0; n < presses; n++) await page.keyboard.press('Tab');
  const log = await page.evaluate(() => {
    document.body.removeAttribute('tabindex');
    return window.__kbdLog;
  });
  const reached = [];
  const noOutline = [];
  for (const got of log) {
    if (got.tag === 'body') continue;
    if (got.idx === null) {
      reached.push({ idx: null, desc: `<${got.tag}${got.id ? `#${got.id}` : ''}> (not in the list of controls)` });
      continue;
    }
    if (reached.length && got.idx === reached[0].idx) break; // wrapped round
    reached.push(controls[Number(got.idx)]);
    if (!got.visible) noOutline.push(controls[Number(got.idx)].desc);
  }
  const list = (xs) => xs.map((c) => `  ${c.desc}`).join('\n');
  assert.ok(reached.length > 0, `${what}: Tab reached nothing`);
  assert.match(reached[0].desc, /^<a[^>]*\.skip/, `${what}: the first Tab stop must be the skip link, was ${reached[0].desc}`);
  const reachedIdx = new Set(reached.map((c) => c.idx));
  const missed = controls.filter((c) => !reachedIdx.has(c.idx));
  assert.deepEqual(missed, [], `${what}: controls never reached with Tab:\n${list(missed)}\nreached:\n${list(reached)}`);
  const stray = reached.filter((c) => c.idx === null);
  assert.deepEqual(stray, [], `${what}: Tab stopped on elements that are not controls:\n${list(stray)}`);
  const order = reached.map((c) => Number(c.idx));
  const sorted = [...order].sort((a, b) => a - b);
  assert.deepEqual(order, sorted, `${what}: focus order differs from reading order:\n${list(reached)}`);
  assert.deepEqual(noOutline, [], `${what}: controls without a visible focus indicator:\n${noOutline.join('\n')}`);
  return reached;
}

// Both checks on the page as it is now.
export async function checkPage(page, what) {
  await checkAxe(page, what);
  await checkKeyboard(page, what);
}

// A form's choice by the label of the field (with " *" when required) and
// of the option: a radio group (fieldset and legend) or a drop-down list,
// whichever the registry made of the field.
export async function choose(scope, field, option) {
  const group = scope.getByRole('group', { name: field, exact: true });
  if (await group.count()) return group.getByRole('radio', { name: option, exact: true }).check();
  return scope.getByLabel(field, { exact: true }).selectOption({ label: option });
}

// A named level (classification or risk scale) by its number.
export async function chooseLevel(scope, field, level) {
  return scope.getByRole('group', { name: field, exact: true }).locator(`input[type=radio][value="${level}"]`).check();
}
