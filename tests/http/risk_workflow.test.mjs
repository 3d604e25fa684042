// Risk analysis as a workflow (issue 12, item 5): the analysis page lists
// each risk with its measures and "Add measure", which returns to the
// analysis after saving (a same-site return path only); the risk form
// groups its fields under headings; a new analysis started from a system
// is titled after it with the system owner as risk owner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { day, freshDb, startServer, addUser, token, Api, Browserless, htmlText, tr } from '../lib/tillit.mjs';

const SV = 'sv';
let env, srv, admin, web, owner, ownerId;
const mk = async (entity, body) => (await admin.create(entity, body)).id;
const amp = (s) => s.replaceAll('&', '&amp;');

before(async () => {
  env = freshDb();
  addUser(env.db, 'agare', 'system_owner', { name: 'Sara Systemägare' });
  srv = await startServer(env.db);
  admin = new Api(srv.url, token(env.db));
  web = new Browserless(srv.url);
  await web.login();
  owner = new Browserless(srv.url);
  await owner.login('agare', 'agare-password-123');
  ownerId = (await new Api(srv.url, token(env.db, 'agare')).get('/api/v1/me')).json.person_id;
});
after(async () => { await srv?.stop(); env?.cleanup(); });

async function analysis() {
  const sys = await mk('systems', { name: 'Ärendesystemet', owner_id: ownerId });
  const ra = await mk('risk-analyses', { title: 'Analys av ärenden', scope: 'system', system_id: sys, analysed_on: day() });
  const [k1, k2] = [await mk('risks', { analysis_id: ra, title: 'Obehörig åtkomst', likelihood: 3, consequence: 4 }),
    await mk('risks', { analysis_id: ra, title: 'Avbrott i drift', likelihood: 2, consequence: 2 })];
  return { sys, ra, k1, k2 };
}

test('the analysis page lists each risk with its measures and a link to add one', async () => {
  const { ra, k1, k2 } = await analysis();
  const m1 = await mk('measures', { risk_id: k1, title: 'Tvåfaktorsinloggning', status: 'in_progress', due_date: '2027-03-31', owner_id: ownerId });
  const m2 = await mk('measures', { risk_id: k1, title: 'Behörighetsgranskning', status: 'planned' });
  const page = await web.get(`/risk-analyses/${ra}`);
  assert.equal(page.status, 200);
  // The row of each risk holds its own measures, linked, with status, due date and who.
  const row = (risk) => page.text.match(new RegExp(`<tr>\\s*<th scope="row"><a href="/risks/${risk}">[\\s\\S]*?</tr>`))[0];
  const r1 = row(k1), r2 = row(k2);
  assert.ok(r1.includes(`href="/measures/${m1}"`) && r1.includes(`href="/measures/${m2}"`), 'the risk lists its measures');
  const t1 = htmlText(r1);
  assert.ok(t1.includes('Tvåfaktorsinloggning') && t1.includes(tr(SV, 'In progress')) && t1.includes('2027-03-31') && t1.includes('Sara Systemägare'));
  assert.ok(!/href="\/measures\/\d+"/.test(r2), 'another risk\'s row lists none of them');
  assert.ok(htmlText(r2).includes(tr(SV, 'No measures yet.')));
  for (const [r, k] of [[r1, k1], [r2, k2]]) {
    assert.ok(r.includes(`href="${amp(`/measures/new?risk_id=${k}&return=/risk-analyses/${ra}`)}"`), 'add a measure to this risk');
    assert.ok(htmlText(r).includes(tr(SV, 'Add measure')));
  }
  assert.ok(page.text.includes(`<th scope="col">${tr(SV, 'Measures')}</th>`));
});

test('a measure added from the analysis is saved on its risk and the user returns to the analysis', async () => {
  const { ra, k2 } = await analysis();
  const form = await web.get(`/measures/new?risk_id=${k2}&return=/risk-analyses/${ra}`);
  assert.equal(form.status, 200);
  assert.ok(form.text.includes(`<input type="hidden" name="_return" value="/risk-analyses/${ra}">`), 'the form keeps where it returns');
  assert.ok(form.text.includes(`<option value="${k2}" selected>`), 'the risk is chosen');
  assert.ok(form.text.includes(`href="/risk-analyses/${ra}" class="button"`), 'cancel returns to the analysis');
  const r = await web.post('/measures', { risk_id: String(k2), title: 'Reservdrift', status: 'planned', _return: `/risk-analyses/${ra}` });
  assert.equal(r.status, 303, htmlText(r.text).slice(0, 300));
  assert.equal(r.headers.get('location'), `/risk-analyses/${ra}?done=created`);
  const made = (await admin.items('measures', `&risk_id=${k2}`)).find((m) => m.title === 'Reservdrift');
  assert.ok(made, 'the measure is on the risk');
  const back = await web.get(r.headers.get('location'));
  assert.ok(back.text.includes(`href="/measures/${made.id}"`), 'the analysis lists it');
  const flash = htmlText((back.text.match(/<div class="flash" role="status">[\s\S]*?<\/div>/) || [''])[0]);
  assert.ok(flash.includes('Reservdrift') && flash.includes(tr(SV, '%s %s was added.').replace('%s %s', '').trim()), flash);
  // An invalid form keeps the return path.
  const bad = await web.post('/measures', { risk_id: String(k2), title: '', status: 'planned', _return: `/risk-analyses/${ra}` });
  assert.equal(bad.status, 422);
  assert.ok(bad.text.includes(`name="_return" value="/risk-analyses/${ra}"`));
});

test('a return path to another site, or not a path, is ignored: the user lands on the record', async () => {
  const { k1 } = await analysis();
  for (const back of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/risk-analyses/1"><script>']) {
    const form = await web.get(`/measures/new?risk_id=${k1}&return=${encodeURIComponent(back)}`);
    assert.ok(!form.text.includes('name="_return"'), `not kept: ${back}`);
    const r = await web.post('/measures', { risk_id: String(k1), title: `Åtgärd ${back}`, status: 'planned', _return: back });
    assert.equal(r.status, 303);
    assert.match(r.headers.get('location'), /^\/measures\/\d+\?done=created$/, back);
  }
});

test('the risk form groups its fields: the risk, the first assessment, the treatment, the residual risk, the acceptance', async () => {
  const { ra } = await analysis();
  const form = await web.get(`/risks/new?analysis_id=${ra}`);
  assert.equal(form.status, 200);
  const groups = [...form.text.matchAll(/<section class="form-section"[^>]*><h2[^>]*>([^<]*)<\/h2>/g)].map((m) => m[1]);
  assert.deepEqual(groups, ['The risk', 'Assessment before measures', 'How the risk is treated', 'Residual risk after measures',
    'Acceptance of the residual risk'].map((g) => tr(SV, g)));
  assert.equal((form.text.match(/<section class="form-section"/g) || []).length,
    (form.text.match(/<\/section>/g) || []).length, 'every group is closed');
  // In its group, in order: the likelihood follows the first heading of assessment, the acceptance the last.
  const at = (s) => form.text.indexOf(s);
  // (The headings as the form's sections have them, not in the links to its parts before it.)
  const h2 = (t) => at(`>${tr(SV, t)}</h2>`);
  assert.ok(h2('Assessment before measures') < at('name="likelihood"'));
  assert.ok(at('name="treatment"') < h2('Residual risk after measures'));
  assert.ok(h2('Acceptance of the residual risk') < at('name="accepted_by_id"'));
  // A form of an entity without groups has none.
  assert.ok(!(await web.get('/units/new')).text.includes('form-section'));
});

test('a new analysis started from a system is titled after it, with the system owner as risk owner', async () => {
  const { sys } = await analysis();
  const page = await owner.get(`/systems/${sys}`);
  const href = `/risk-analyses/new?scope=system&system_id=${sys}&analysed_on=${day()}&title=${encodeURIComponent(tr(SV, 'Risk analysis: %s', 'Ärendesystemet'))}&risk_owner_id=${ownerId}`;
  assert.ok(page.text.includes(`href="${amp(href)}"`), 'the system page starts one with the facts it knows');
  const form = await owner.get(href);
  assert.equal(form.status, 200);
  assert.ok(form.text.includes(`name="title" type="text" value="${tr(SV, 'Risk analysis: %s', 'Ärendesystemet')}"`), 'titled after the system');
  assert.ok(form.text.includes(`value="${day()}"`), 'dated today');
  assert.match(form.text, new RegExp(`<select id="f-risk_owner_id"[^>]*>[\\s\\S]*?<option value="${ownerId}" selected>`), 'the system owner is the risk owner');
  assert.match(form.text, new RegExp(`<select id="f-system_id"[^>]*>[\\s\\S]*?<option value="${sys}" selected>`));
  // Saved as it is, the system owner's analysis is made.
  const r = await owner.post('/risk-analyses', { title: tr(SV, 'Risk analysis: %s', 'Ärendesystemet'), scope: 'system', system_id: String(sys),
    analysed_on: day(), risk_owner_id: String(ownerId), status: 'draft' });
  assert.equal(r.status, 303, htmlText(r.text).slice(0, 300));
});
