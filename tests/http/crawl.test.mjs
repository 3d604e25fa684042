// The role crawler: for every role, log in and follow the links of the web
// interface from the start page; every page of the route table (`tillit
// routes`, so the expected set follows the table, not a list kept here) that
// the role may use must be among the pages reached. "May use" is asked of
// the server: a GET of the page, as the role, for one of the seeded records
// (or any address of the page the crawls found) answers 200 without an
// error summary.
//
// A link the role is shown must work for the role: one that answers 403,
// 404 or a server error fails the test too.
//
// Links only: forms are not submitted (logging out is a form). Downloads
// (.csv, .xlsx, .pdf) count as reached when linked, without being fetched
// during the crawl. Each pattern is visited at most PER_PATTERN times per
// role, so that a catalogue of a few hundred controls does not make the
// crawl a few thousand pages; links on those pages are still counted.
//
// On the same seeded data: the menu (its sections, the current marks, what
// an employee sees) and the record pages (related records in words).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  freshDb, startServer, addUser, token, Api, Browserless, cli, uploadFile, tr, htmlText,
} from '../lib/tillit.mjs';

const ROLES = ['admin', 'coordinator', 'security_chief', 'it_chief', 'dpo', 'manager',
  'information_owner', 'system_owner', 'system_administrator', 'elected', 'employee', 'auditor'];
const PER_PATTERN = 6;
const MAX_PAGES = 1500;
const DOWNLOAD = /\.(csv|xlsx|pdf)$/;

let env, srv, admin;
const person = {};
const seeded = {}; // entity -> [id, ...]

// The page patterns of the route table, as regular expressions.
function pagePatterns() {
  const r = cli(['routes']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.length > 50, 'tillit routes lists the pages');
  return lines.map((pattern) => ({
    pattern,
    re: new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\{id\}/g, '[1-9][0-9]*').replace(/\{param\}/g, '[^/]+')}$`),
  }));
}

const userOf = (role) => `crawl-${role}`;

async function mk(entity, body) {
  const rec = await admin.create(entity, body);
  (seeded[entity] ||= []).push(rec.id);
  return rec.id;
}

// One record of each entity (more where roles own different ones), so that
// record pages, their forms and their histories exist.
async function seed() {
  const unit = await mk('units', { name: 'Kommunstyrelsen', kind: 'committee' });
  const sub = await mk('units', { name: 'Kommunledningskontoret', kind: 'department', parent_id: unit });
  const proc = await mk('processes', { name: 'Ärendehantering', unit_id: sub });
  const supplier = await mk('suppliers', { name: 'Leverantören AB' });
  const asset = await mk('information-assets', {
    name: 'Ärenden', unit_id: sub, owner_id: person.information_owner, process_ids: [proc],
  });
  const system = await mk('systems', {
    name: 'Ärendesystemet', unit_id: sub, owner_id: person.system_owner,
    administrator_id: person.system_administrator, supplier_id: supplier, information_asset_ids: [asset],
  });
  // A system being procured has its procurement requirements.
  await mk('systems', { name: 'Nya e-tjänsten', unit_id: sub, owner_id: person.system_owner, lifecycle: 'planned', information_asset_ids: [asset] });
  await mk('agreements', { name: 'Driftavtal', supplier_id: supplier, kind: 'sla', system_ids: [system] });
  await mk('classifications', {
    asset_id: asset, classified_on: '2026-01-15', confidentiality: 2, integrity: 2, availability: 2, traceability: 2,
  });
  await mk('system-classifications', { system_id: system, availability: 3, reason: 'Många beror på det.', decided_on: '2026-01-20' });
  const req = (await admin.items('requirements', '&limit=1'))[0].id;
  await mk('action-plan-items', { system_id: system, requirement_id: req, assessment: 'not_fulfilled', responsible_id: person.system_owner });
  const analysis = await mk('risk-analyses', {
    title: 'Riskanalys Ärendesystemet', scope: 'system', system_id: system, analysed_on: '2026-02-01',
    risk_owner_id: person.information_owner, participant_ids: [person.system_owner],
  });
  const risk = await mk('risks', { analysis_id: analysis, title: 'Obehörig åtkomst', asset_ids: [asset], likelihood: 2, consequence: 3 });
  await mk('measures', { risk_id: risk, title: 'Tvåfaktorsinloggning', owner_id: person.system_administrator });
  await mk('risk-triggers', { kind: 'significant_change', occurred_on: '2026-03-01', title: 'Ny version', system_id: system });
  await mk('risk-comments', { analysis_id: analysis, body: 'Gäller även mobilen.' });
  // An incident, its timeline and a report sent (issue 13).
  const incident = await mk('incidents', {
    title: 'Nätfiske mot ekonomi', description: 'Falska fakturor.', discovered_at: '2026-02-02T09:00:00+01:00',
    aware_at: '2026-02-02T09:30:00+01:00', system_ids: [system], significance: 'significant', significance_reason: 'Ekonomisk förlust.',
    personal_data_possible: true,
  });
  await mk('incident-events', { incident_id: incident, at: '2026-02-02T10:00:00+01:00', kind: 'mitigation', description: 'Kontot spärrat.' });
  await mk('incident-reports', { incident_id: incident, kind: 'nis2_early_warning', sent_at: '2026-02-02T15:00:00+01:00', reference: 'CSIRT-7' });
  // A governing document with a version and a company board's adoption (issue 14).
  const company = await mk('units', { name: 'Kommunens Bolag AB', kind: 'company' });
  const doc = await mk('governing-documents', {
    title: 'Informationssäkerhetspolicy', status: 'adopted', adopted_by: 'council', decision_date: '2026-01-20',
    case_number: 'KS 2026/1', owner_id: person.information_owner, unit_ids: [unit, company],
  });
  await mk('document-versions', { document_id: doc, label: '1.0', version_date: '2026-01-20' });
  await mk('document-adoptions', { document_id: doc, company_id: company, decision_date: '2026-02-01', case_number: 'Styrelsen 2026/2' });
  // An access review with its accounts (issue 14, item 4).
  const review = await mk('access-reviews', { system_id: system, due_date: '2026-12-31' });
  await mk('access-review-accounts', { review_id: review, account: 'anna', name: 'Anna A', roles: 'Handläggare' });
  // Evidence for one control of the SoA (a page of its own).
  const web = new Browserless(srv.url);
  await web.login();
  const control = (await admin.items('soa-entries', '&limit=1'))[0].id;
  const up = await uploadFile(web, `/soa-entries/${control}/evidence`, 'Policy text', { filename: 'policy.txt', type: 'text/plain' });
  assert.ok(up.status < 400, `evidence upload: ${up.status}`);
  for (const e of ['requirements', 'soa-entries', 'classification-levels', 'risk-methods', 'role-assignments', 'users', 'people']) {
    seeded[e] = (await admin.items(e, '&limit=5')).map((x) => x.id);
  }
}

// Same-origin links of a page: paths without query or fragment.
function links(html) {
  const out = new Set();
  for (const m of html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)) {
    const href = m[1].replace(/&amp;/g, '&');
    if (!href.startsWith('/') || href.startsWith('//')) continue;
    const path = href.split(/[?#]/)[0];
    if (path) out.add(path);
  }
  return out;
}

async function crawl(web, patterns) {
  const reached = new Set();
  const seen = new Set(['/']);
  const queue = ['/'];
  const visits = new Map();
  const problems = [];
  let pages = 0;
  const patternOf = (path) => patterns.find((p) => p.re.test(path))?.pattern;
  while (queue.length && pages < MAX_PAGES) {
    const path = queue.shift();
    const pat = patternOf(path);
    if (pat) reached.add(pat);
    if (DOWNLOAD.test(path) || path.startsWith('/static/')) continue;
    if (pat) {
      const n = visits.get(pat) || 0;
      if (n >= PER_PATTERN) continue;
      visits.set(pat, n + 1);
    }
    const res = await web.get(path);
    pages++;
    if (res.status >= 500 || res.status === 403 || res.status === 404) problems.push(`${path}: ${res.status}`);
    if (res.status !== 200) continue;
    for (const next of links(res.text)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return { reached, pages, problems, seen };
}

// Addresses to ask the server whether the role may use a pattern: the
// pattern filled with the seeded records' numbers, and what crawls found.
function candidates(pattern, found) {
  const out = new Set();
  for (const path of found) if (pattern.re.test(path)) out.add(path);
  const m = pattern.pattern.match(/^\/([a-z-]+)\/\{id\}/);
  if (m && seeded[m[1]]) for (const id of seeded[m[1]]) out.add(pattern.pattern.replace('{id}', id));
  if (!pattern.pattern.includes('{')) out.add(pattern.pattern);
  return [...out].slice(0, 8);
}

async function mayUse(web, pattern, found) {
  for (const path of candidates(pattern, found)) {
    const r = await web.get(path);
    // A page that only says why not (a decision kept as history cannot
    // be deleted) is not a page the role can use on that record.
    if (r.status === 200 && !r.text.includes('class="error-summary"')) return path;
  }
  return null;
}

before(async () => {
  env = freshDb();
  for (const role of ROLES) addUser(env.db, userOf(role), role, { name: `Person ${role}` });
  srv = await startServer(env.db);
  admin = new Api(srv.url, token(env.db, 'admin'));
  await Promise.all(ROLES.map(async (role) => {
    const api = new Api(srv.url, token(env.db, userOf(role)));
    person[role] = (await api.get('/api/v1/me')).json.person_id;
  }));
  await seed();
});

after(async () => {
  await srv?.stop();
  env?.cleanup();
});

test('every page a role may use is reached by following links from the start page', async () => {
  const patterns = pagePatterns();
  const results = {};
  const found = new Set();
  for (const role of ROLES) {
    const web = new Browserless(srv.url);
    await web.login(userOf(role), `${userOf(role)}-password-123`);
    results[role] = { web, ...(await crawl(web, patterns)) };
    for (const p of results[role].seen) found.add(p);
  }
  const failures = [];
  for (const role of ROLES) {
    const { web, reached, pages, problems } = results[role];
    const missing = [];
    for (const p of patterns) {
      if (reached.has(p.pattern)) continue;
      const path = await mayUse(web, p, found);
      if (path) missing.push(`${p.pattern} (e.g. ${path})`);
    }
    console.log(`${role}: ${pages} pages fetched, ${reached.size} of ${patterns.length} patterns reached`);
    if (missing.length) failures.push(`${role} may use but cannot reach by links:\n    ${missing.join('\n    ')}`);
    if (problems.length) failures.push(`${role} is shown links that do not work for it: ${problems.join(', ')}`);
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});

// The menu itself: sections by the steps of the work, only what the role may
// read, the current section and page marked, and a Menu button for phones.
test('the menu: sections by the steps of the work, the current one marked, only what the role may read', async () => {
  const sectionsOf = (html) => {
    const nav = html.slice(html.indexOf('<nav aria-label="Huvudmeny"'), html.indexOf('</nav>'));
    return [...nav.matchAll(/<li[^>]*><a href="([^"]*)"([^>]*)>([^<]*)<\/a>\n<ul class="pages">([\s\S]*?)<\/ul>/g)]
      .map((m) => ({ href: m[1], current: m[2].includes('aria-current="true"'), label: m[3], pages: [...m[4].matchAll(/href="([^"]*)"([^>]*)>/g)].map((p) => ({ href: p[1], current: p[2].includes('aria-current="page"') })) }));
  };
  const web = new Browserless(srv.url);
  await web.login();
  const page = await web.get('/measures');
  assert.equal(page.status, 200);
  const sections = sectionsOf(page.text);
  assert.deepEqual(sections.map((s) => s.label), ['Översikt', 'Inventering', 'Klassning', 'Risk', 'Incidenter', 'Kontinuitet', 'Styrning', 'Uppföljning', 'Administration']);
  const risk = sections.find((s) => s.label === 'Risk');
  assert.ok(risk.current, 'the Risk section is the current one on /measures');
  assert.deepEqual(sections.filter((s) => s.current).map((s) => s.label), ['Risk']);
  for (const href of ['/risk-analyses', '/risks', '/measures', '/risk']) assert.ok(risk.pages.some((p) => p.href === href), `Risk holds ${href}`);
  assert.deepEqual(risk.pages.filter((p) => p.current).map((p) => p.href), ['/measures']);
  const classification = sections.find((s) => s.label === 'Klassning');
  assert.ok(classification.pages.some((p) => p.href === '/classifications'), 'Classification holds /classifications');
  const followUp = sections.find((s) => s.label === 'Uppföljning').pages.map((p) => p.href);
  assert.deepEqual(followUp, ['/gaps', '/action-plan', '/soa', '/organisation-requirements', '/risk']);
  // The current section's pages again, as the second row a desktop shows.
  assert.match(page.text, /<nav aria-label="Risk" class="menu sub">/);
  // The phone's Menu button: a labelled check box, no script needed.
  assert.match(page.text, /<input type="checkbox" id="menu-open" class="menu-open">\n<label for="menu-open" class="menu-button">Meny<\/label>/);
  assert.match(page.text, /<a href="\/account">Mitt konto<\/a>/);
  // A record page marks the section of its list.
  const rec = sectionsOf((await web.get(`/systems/${seeded.systems[0]}`)).text);
  assert.deepEqual(rec.filter((s) => s.current).map((s) => s.label), ['Inventering']);

  // An employee sees only what an employee may read.
  const emp = new Browserless(srv.url);
  await emp.login(userOf('employee'), `${userOf('employee')}-password-123`);
  const mine = sectionsOf((await emp.get('/')).text);
  // Of Administration, only the organisation's own page, which everyone reads.
  assert.deepEqual(mine.find((s) => s.label === 'Administration').pages.map((p) => p.href), ['/organisation']);
  const hrefs = mine.flatMap((s) => s.pages.map((p) => p.href));
  for (const href of ['/users', '/people', '/audit', '/measures']) assert.ok(!hrefs.includes(href), `no ${href} for an employee`);
  assert.ok(hrefs.includes('/systems'));
  assert.ok(hrefs.includes('/report'), 'everyone may report an incident');
});

// Record pages: the content first, related records named by what they are
// to the record (the registry's reverse names), the metadata last.
test('record pages: content first, what is not given in one line, related records in words, number and dates last', async () => {
  const web = new Browserless(srv.url);
  await web.login();
  const T = (msgid) => tr('sv', msgid);
  const section = (html, from, to) => htmlText(html.slice(html.indexOf(from), to ? html.indexOf(to) : undefined));

  const unit = (await web.get(`/units/${seeded.units[0]}`)).text;
  const order = ['<dl class="fields">', 'class="related"', '<dl class="record-meta">'].map((m) => unit.indexOf(m));
  assert.ok(order.every((i) => i > 0) && order[0] < order[1] && order[1] < order[2], `fields, related, metadata: ${order}`);
  // What is not given: one line after the fields, not a row each.
  assert.match(unit, new RegExp(`</dl>\n<p class="not-given"><span class="muted">${T('Not given')}:</span> ${T('Part of')}, ${T('Code')}, ${T('Description')}</p>`));
  assert.ok(!section(unit, '<dl class="fields">', '</dl>').includes(T('Not given')));
  const related = section(unit, 'class="related"', '<dl class="record-meta">');
  assert.match(related, new RegExp(`${T('Related')} ${T('Subunits')} \\(1\\) Kommunledningskontoret`));
  assert.ok(!related.includes(`(${T('Part of')})`), 'no field label in brackets');
  assert.match(section(unit, '<dl class="record-meta">'), new RegExp(`^ ${T('Number')} ${seeded.units[0]} ${T('Created')} `));

  const owner = section((await web.get(`/people/${person.system_owner}`)).text, 'class="related"', '<dl class="record-meta">');
  assert.ok(owner.includes(`${T('Systems they own')} (2)`), owner);
  // The person's roles, without the person's name before each.
  assert.match(owner, new RegExp(`${T('Roles')} \\(1\\) ${T('System owner')}`));

  const asset = section((await web.get(`/information-assets/${seeded['information-assets'][0]}`)).text, 'class="related"');
  assert.ok(asset.includes(`${T('Systems that process the information')} (2)`), asset);

  // A classification is named by its information and its date.
  const cls = (await web.get(`/classifications/${seeded.classifications[0]}`)).text;
  assert.match(cls, /<h1>Ärenden: 2026-01-15<\/h1>/);
});
