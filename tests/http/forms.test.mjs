// Forms that show meaning (issue 12, item 3), generated from the registry:
// classification levels and a risk's likelihood and consequence as radio
// groups with their names, aspects as check boxes, few-option enumerations
// as radio groups, controls grouped by framework in natural order,
// requirements with code and title, fields under headings, and references
// to large tables typed by name (without JavaScript) with a clear error
// that changes nothing when a name is ambiguous.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, Browserless, token, tr, addUser, auditCount, htmlText } from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, api, web;
const all = (entity, qs) => api.items(entity, qs);
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const reEsc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The radio group of field name in html: its legend and [value, label] pairs.
function radios(html, name) {
  const m = html.match(new RegExp(`<fieldset class="field radios[^"]*" id="f-${name}"[^>]*>\\s*<legend>([^<]*)</legend>([\\s\\S]*?)</fieldset>`));
  assert.ok(m, `a radio group for ${name}`);
  const opts = [...m[2].matchAll(/<input type="radio" id="([^"]+)" name="([^"]+)" value="([^"]*)"([^>]*)><label for="\1">([^<]*)<\/label>/g)]
    .map((o) => ({ name: o[2], value: o[3], checked: / checked/.test(o[4]), label: o[5] }));
  for (const o of opts) assert.equal(o.name, name);
  return { legend: m[1], opts };
}

let analysis, asset, system;
before(async () => {
  env = freshDb();
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  web = new Browserless(srv.url);
  await web.login();
  asset = await api.create('information-assets', { name: 'Elevregister' });
  system = await api.create('systems', { name: 'Skolsystemet' });
  analysis = await api.create('risk-analyses', { title: 'Riskanalys Skolsystemet', scope: 'system', system_id: system.id, analysed_on: '2026-01-15' });
});
after(async () => { await srv?.stop(); env?.cleanup(); });

test('a classification level is a radio group with the organisation\'s level names and descriptions', async () => {
  const levels = await all('classification-levels');
  await api.call('PATCH', `/api/v1/classification-levels/${levels.find((l) => l.level === 3).id}`, { name: 'Allvarlig skada', description: 'Stor skada för verksamheten.' });
  const page = await web.get(`/classifications/new?asset_id=${asset.id}`);
  assert.equal(page.status, 200);
  const k = radios(page.text, 'confidentiality');
  assert.equal(k.legend, `${tr(SV, 'Confidentiality (K)')} *`);
  assert.deepEqual(k.opts.map((o) => o.value), ['0', '1', '2', '3', '4'], 'every level, no "not given" on a required level');
  assert.equal(k.opts[3].label, '3 – Allvarlig skada');
  assert.match(page.text, /<p class="hint" id="f-confidentiality-3-hint">Stor skada för verksamheten\.<\/p>/);
  for (const f of ['integrity', 'availability', 'traceability']) radios(page.text, f);
  // Fields are grouped under headings the registry declares.
  assert.match(page.text, new RegExp(`<section class="form-section"[^>]*><h2[^>]*>${reEsc(tr(SV, 'Levels and reasons'))}</h2>`));
  assert.match(page.text, new RegExp(`<h2[^>]*>${reEsc(tr(SV, 'Decision'))}</h2>`));
  // A system decision may leave a level unset: "not given" comes first.
  const raise = radios((await web.get(`/system-classifications/new?system_id=${system.id}`)).text, 'confidentiality');
  assert.deepEqual(raise.opts.map((o) => o.value), ['', '0', '1', '2', '3', '4']);
  assert.equal(raise.opts[0].checked, true);
  // A requirement's "from level" offers only the levels it allows: 0
  // (always, whatever the classification) to 3 — and "not given" first,
  // for a requirement on the organisation, which has no trigger.
  const req = radios((await web.get('/requirements/new')).text, 'min_level');
  assert.deepEqual(req.opts.map((o) => o.value), ['', '0', '1', '2', '3']);
  assert.match((await web.get('/requirements/new')).text, /0 – Alltid, oavsett klassning/);
  // An enumeration with few options is a radio group; with many, a list.
  assert.deepEqual(radios(page.text, 'status').opts.map((o) => o.value), ['draft', 'decided']);
  assert.match((await web.get('/requirements/new')).text, /<select id="f-area" name="area"/);
});

test('a posted classification from radio buttons is saved with its levels', async () => {
  const r = await web.post('/classifications', {
    asset_id: String(asset.id), classified_on: '2026-02-01', confidentiality: '3', integrity: '2', availability: '1', traceability: '0',
    confidentiality_reason: 'Skyddade personuppgifter', status: 'draft',
  });
  assert.equal(r.status, 303, htmlText(r.text).slice(0, 400));
  const [c] = await all('classifications', `&asset_id=${asset.id}`);
  assert.deepEqual([c.confidentiality, c.integrity, c.availability, c.traceability], [3, 2, 1, 0]);
  // The edit form marks the saved levels.
  const edit = await web.get(`/classifications/${c.id}/edit`);
  assert.deepEqual(radios(edit.text, 'confidentiality').opts.filter((o) => o.checked).map((o) => o.value), ['3']);
  assert.deepEqual(radios(edit.text, 'traceability').opts.filter((o) => o.checked).map((o) => o.value), ['0']);
});

test('a risk\'s likelihood and consequence use the scale of the analysis\'s method; aspects are check boxes', async () => {
  const method = (await all('risk-methods'))[0];
  const names = (scale) => scale.trim().split('\n').map((l, i) => `${i + 1} – ${l.split(':')[0].trim()}`);
  const page = await web.get(`/risks/new?analysis_id=${analysis.id}`);
  assert.equal(page.status, 200);
  const l = radios(page.text, 'likelihood'), c = radios(page.text, 'consequence');
  assert.deepEqual(l.opts.map((o) => o.label), names(method.likelihood_scale));
  assert.deepEqual(c.opts.map((o) => o.label), names(method.consequence_scale));
  const rl = radios(page.text, 'residual_likelihood');
  assert.equal(rl.opts[0].value, '', 'the residual risk may be left out');
  for (const a of ['K', 'R', 'T', 'S'])
    assert.match(page.text, new RegExp(`<input type="checkbox" id="f-aspects-\\d" name="aspects" value="${a}">`));
  for (const h of ['The risk', 'Assessment before measures', 'How the risk is treated', 'Residual risk after measures', 'Acceptance of the residual risk'])
    assert.match(page.text, new RegExp(`<h2[^>]*>${reEsc(tr(SV, h))}</h2>`), h);
  // A method of its own (3 levels) for a new analysis: its risks get its names.
  const m3 = await api.create('risk-methods', { name: 'Enkel', likelihood_scale: 'Sällan\nIbland\nOfta', consequence_scale: 'Liten\nMärkbar\nStor', bands: '1-3 Låg #2e7d32\n4-9 Hög #c62828' });
  const a3 = await api.create('risk-analyses', { title: 'Enkel analys', scope: 'system', system_id: system.id, analysed_on: '2026-02-01', method_id: m3.id });
  const p3 = await web.get(`/risks/new?analysis_id=${a3.id}`);
  assert.deepEqual(radios(p3.text, 'likelihood').opts.map((o) => o.label), ['1 – Sällan', '2 – Ibland', '3 – Ofta']);
});

test('a posted risk from radio buttons and check boxes is saved; a bad aspect changes nothing', async () => {
  let r = await web.post('/risks', {
    analysis_id: String(analysis.id), title: 'Obehörig läser elevregistret', aspects: ['K', 'S'], likelihood: '4', consequence: '2', treatment: 'reduce',
  });
  assert.equal(r.status, 303, htmlText(r.text).slice(0, 400));
  const risk = (await all('risks')).find((k) => k.title === 'Obehörig läser elevregistret');
  assert.equal(risk.aspects, 'K, S');
  assert.equal(risk.likelihood, 4);
  assert.equal(risk.consequence, 2);
  const edit = await web.get(`/risks/${risk.id}/edit`);
  assert.match(edit.text, /name="aspects" value="K" checked/);
  assert.match(edit.text, /name="aspects" value="S" checked/);
  assert.doesNotMatch(edit.text, /name="aspects" value="R" checked/);
  // All check boxes cleared: no aspects.
  r = await web.post(`/risks/${risk.id}`, { analysis_id: String(analysis.id), title: risk.title, likelihood: '4', consequence: '2', treatment: 'reduce' });
  assert.equal(r.status, 303);
  assert.equal((await api.get(`/api/v1/risks/${risk.id}`)).json.aspects, null);
  const n = auditCount(env.db);
  r = await web.post(`/risks/${risk.id}`, { analysis_id: String(analysis.id), title: risk.title, aspects: ['K', 'X'], likelihood: '4', consequence: '2', treatment: 'reduce' });
  assert.equal(r.status, 422);
  assert.match(htmlText(r.text), new RegExp(reEsc(tr(SV, 'Use only %s, separated by commas.', 'K, R, T, S'))));
  assert.equal(auditCount(env.db), n, 'nothing written');
  // The API keeps its text form, written in the options' order.
  const k = await api.create('risks', { analysis_id: analysis.id, title: 'Avbrott', aspects: 't,k', likelihood: 2, consequence: 2 });
  assert.equal(k.aspects, 'K, T');
});

test('controls are grouped by framework with number and title, in natural order; requirements show code and title', async () => {
  const page = await web.get('/measures/new');
  assert.equal(page.status, 200);
  const start = page.text.indexOf(`<legend>${esc(tr(SV, 'Controls it implements'))}</legend>`);
  assert.ok(start > 0);
  const block = page.text.slice(start);
  const legends = [...block.matchAll(/<fieldset class="choice-group"><legend>([^<]*)<\/legend>/g)].map((x) => x[1]);
  assert.deepEqual(legends, [tr(SV, 'ISO/IEC 27001:2022 Annex A'), tr(SV, 'CIS Controls v8'), tr(SV, 'NIS2 article 21(2)'), tr(SV, 'ISO/IEC 27001:2022 clauses 4-10')]);
  const soa = await all('soa-entries');
  const byId = new Map(soa.map((e) => [String(e.id), e]));
  const groups = block.split('<fieldset class="choice-group">').slice(1);
  const natural = (a, b) => a.localeCompare(b, 'en', { numeric: true });
  for (const [i, fw] of ['iso27001', 'cis8', 'nis2'].entries()) {
    const boxes = [...groups[i].matchAll(/name="control_ids" value="(\d+)"><label for="[^"]+">([^<]*)<\/label>/g)];
    const entries = boxes.map((b) => byId.get(b[1]));
    assert.ok(entries.length > 0 && entries.every((e) => e.framework === fw), fw);
    assert.equal(entries.length, soa.filter((e) => e.framework === fw).length, `every ${fw} control`);
    for (const [k, b] of boxes.entries()) assert.equal(b[2], esc(`${entries[k].code} ${entries[k].title_sv}`));
    const codes = entries.map((e) => e.code);
    assert.deepEqual(codes, [...codes].sort(natural), `${fw} in natural order`);
  }
  const iso = groups[0];
  assert.ok(iso.indexOf('>5.2 ') < iso.indexOf('>5.10 '), '5.2 before 5.10');
  const reqs = await all('requirements');
  const r1 = reqs.find((q) => q.code === 'ACC-01');
  assert.match(page.text, new RegExp(`name="requirement_ids" value="${r1.id}"><label for="[^"]+">${reEsc(esc(`ACC-01 ${r1.title_sv}`))}</label>`));
  // English readers get the English titles.
  addUser(env.db, 'engelska', 'coordinator', { lang: 'en' });
  const en = new Browserless(srv.url);
  await en.login('engelska', 'engelska-password-123');
  const pe = await en.get('/measures/new');
  const c51 = soa.find((e) => e.framework === 'iso27001' && e.code === '5.1');
  assert.ok(c51.title_en);
  assert.match(pe.text, new RegExp(`>5\\.1 ${reEsc(esc(c51.title_en))}</label>`));
  assert.match(pe.text, /<legend>NIS2 article 21\(2\)<\/legend>/);
});

test('a reference to a large table is typed by name: shown by name, a unique name saves, an ambiguous one is a clear error that changes nothing', async () => {
  // More people than a list offers: the form asks for a name.
  const batch = [];
  for (let i = 0; i < 300; i++) batch.push({ name: `Person ${String(i).padStart(3, '0')} Exempel` });
  for (let i = 0; i < batch.length; i += 30) await Promise.all(batch.slice(i, i + 30).map((p) => api.create('people', p)));
  const berg1 = await api.create('people', { name: 'Anna Berg', email: 'anna.berg1@example.se' });
  const berg2 = await api.create('people', { name: 'Anna Berg', email: 'anna.berg2@example.se' });
  const strom = await api.create('people', { name: 'Åsa-Lena Ekström' });

  const form = await web.get('/systems/new');
  assert.match(form.text, /<input id="f-owner_id" name="owner_id" type="text" value="" data-suggest="people" data-title="name" data-ids="f-owner_id-ids"/);
  assert.match(form.text, /<input type="hidden" name="_ref_owner_id" value="" id="f-owner_id-ids">/);

  // Part of a name that picks out one person (any case, accents aside).
  let r = await web.post('/systems', { name: 'Lönesystemet', owner_id: 'asa-lena', lifecycle: 'in_use', _ref_owner_id: '' });
  assert.equal(r.status, 303, htmlText(r.text).slice(0, 500));
  const sys = (await all('systems')).find((s) => s.name === 'Lönesystemet');
  assert.equal(sys.owner_id, strom.id);

  // The form shows the chosen person's name, not a number.
  let edit = await web.get(`/systems/${sys.id}/edit`);
  assert.match(edit.text, /name="owner_id" type="text" value="Åsa-Lena Ekström"/);
  assert.match(edit.text, new RegExp(`name="_ref_owner_id" value="${strom.id}"`));

  // An ambiguous name: a clear error naming the candidates, nothing written.
  const n = auditCount(env.db);
  r = await web.post(`/systems/${sys.id}`, { name: 'Lönesystemet', owner_id: 'Anna Berg', lifecycle: 'in_use', _ref_owner_id: String(strom.id) });
  assert.equal(r.status, 422);
  const msg = tr(SV, 'Several records match "%s": %s. Type more of the name, or the number, such as #%lld.', 'Anna Berg',
    `#${berg1.id} Anna Berg, #${berg2.id} Anna Berg`, berg1.id);
  assert.ok(htmlText(r.text).includes(msg), htmlText(r.text).slice(0, 800));
  assert.match(r.text, /name="owner_id" type="text" value="Anna Berg"/, 'the typed text stays for the next try');
  assert.equal(auditCount(env.db), n, 'nothing written');
  assert.equal((await api.get(`/api/v1/systems/${sys.id}`)).json.owner_id, strom.id);
  // A word many names share lists the first few.
  r = await web.post(`/systems/${sys.id}`, { name: 'Lönesystemet', owner_id: 'Exempel', lifecycle: 'in_use' });
  assert.equal(r.status, 422);
  assert.match(htmlText(r.text), /#\d+ Person \d{3} Exempel/);
  // No one by that name.
  r = await web.post(`/systems/${sys.id}`, { name: 'Lönesystemet', owner_id: 'Ingen Alls', lifecycle: 'in_use' });
  assert.equal(r.status, 422);
  assert.ok(htmlText(r.text).includes(tr(SV, 'No record in %s matches "%s".', tr(SV, 'People'), 'Ingen Alls')));
  assert.equal(auditCount(env.db), n, 'nothing written');

  // The number settles it; then the form shows the name with its number
  // hidden beside it, and saving the form unchanged keeps that person
  // although another has the same name.
  r = await web.post(`/systems/${sys.id}`, { name: 'Lönesystemet', owner_id: `#${berg2.id}`, lifecycle: 'in_use' });
  assert.equal(r.status, 303);
  edit = await web.get(`/systems/${sys.id}/edit`);
  assert.match(edit.text, /name="owner_id" type="text" value="Anna Berg"/);
  r = await web.post(`/systems/${sys.id}`, { name: 'Lönesystemet', owner_id: 'Anna Berg', lifecycle: 'in_use', _ref_owner_id: String(berg2.id), purpose: 'Löner' });
  assert.equal(r.status, 303, htmlText(r.text).slice(0, 500));
  const after = (await api.get(`/api/v1/systems/${sys.id}`)).json;
  assert.equal(after.owner_id, berg2.id);
  assert.equal(after.purpose, 'Löner');
});

test('an English reader chooses among the shipped level and scale names in English', async () => {
  addUser(env.db, 'reader-en', 'admin', { lang: 'en' });
  const en = new Browserless(srv.url);
  await en.login('reader-en', 'reader-en-password-123');
  const c = await en.get(`/classifications/new?asset_id=${asset.id}`);
  assert.equal(c.status, 200);
  const k = radios(c.text, 'confidentiality').opts.map((o) => o.label);
  // The shipped names in English (a name the organisation wrote itself,
  // as an earlier test here renames level 3, stays as written).
  assert.ok(k.includes('1 – Moderate') && k.includes('2 – Considerable'), k.join(' | '));
  assert.ok(!k.some((l) => /Måttlig|Betydande|Synnerligen/.test(l)), `no shipped Swedish level name: ${k.join(' | ')}`);
  const r = await en.get(`/risks/new?analysis_id=${analysis.id}`);
  const l = radios(r.text, 'likelihood').opts.map((o) => o.label);
  assert.ok(!l.some((x) => /[åäöÅÄÖ]|Mycket|Låg|Hög/.test(x)), `no Swedish scale name: ${l.join(' | ')}`);
  // The Swedish reader keeps the Swedish names.
  const sv = radios((await web.get(`/classifications/new?asset_id=${asset.id}`)).text, 'confidentiality').opts.map((o) => o.label);
  assert.ok(sv.includes('1 – Måttlig'), sv.join(' | '));
});
