// Upgrading the requirement catalogue (issue 15, item 5): a database whose
// requirements came from the previous catalogue — ACC-05 on S, AUT-05 from
// K2, PHY-03 from K3, MON-07 from S1 — with local edits (AUT-05's title,
// PHY-03's level), and a system whose plan was begun. Started with the
// current catalogue: the triggers move where the organisation had not
// changed them, its own edits stay, nothing assessed is lost, and a
// requirement that now applies shows in the plan as new.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer, Api, Browserless, token, sqlite, day, htmlText, tr } from '../lib/tillit.mjs';

const SV = 'sv';

// The row and its last shipped snapshot as the previous catalogue had them.
function previous(db, code, changes, local = {}) {
  const row = JSON.parse(sqlite(db, `SELECT json_object('shipped', shipped) FROM requirements WHERE code = '${code}'`)).shipped;
  const snap = JSON.parse(row);
  Object.assign(snap, changes);
  const set = Object.entries({ ...changes, ...local }).map(([k, v]) => `${k} = ${typeof v === 'number' ? v : `'${v}'`}`).join(', ');
  sqlite(db, `UPDATE requirements SET ${set}, shipped = '${JSON.stringify(snap).replace(/'/g, "''")}' WHERE code = '${code}'`);
}

test('the upgrade keeps local edits, moves unchanged triggers and flags what now applies as new', async () => {
  const env = freshDb();
  let srv = await startServer(env.db);
  let api = new Api(srv.url, token(env.db));
  const owner = await api.create('people', { name: 'Ingrid Ägare' });
  const asset = await api.create('information-assets', { name: 'Ekonomiunderlag', owner_id: owner.id });
  await api.create('classifications', {
    asset_id: asset.id, classified_on: day(-10), confidentiality: 2, integrity: 0, availability: 0, traceability: 0,
    confidentiality_reason: 'Intern information', status: 'decided', decided_by_id: owner.id, decided_on: day(-10),
  });
  const sys = await api.create('systems', { name: 'Ekonomisystemet', owner_id: owner.id, information_asset_ids: [asset.id] });
  const reqs = await api.items('requirements');
  const id = (code) => reqs.find((q) => q.code === code).id;
  // The plan begun: one requirement assessed.
  await api.create('action-plan-items', { system_id: sys.id, requirement_id: id('ACC-01'), assessment: 'fulfilled' });
  await srv.stop();

  // As the previous catalogue made them.
  previous(env.db, 'ACC-05', { aspect: 'S' });
  previous(env.db, 'AUT-05', { min_level: 2 }, { title_sv: 'MFA för distansarbete (lokal text)' });
  previous(env.db, 'PHY-03', { min_level: 3 }, { min_level: 1 });
  previous(env.db, 'MON-07', { min_level: 1 });
  sqlite(env.db, "DELETE FROM catalogue_state WHERE name = 'shipped'");
  // The derived rows as they were before (rebuilt from the old triggers).
  const gaps = (await import('../lib/tillit.mjs')).cli(['gaps', 'rebuild', '--db', env.db]);
  assert.equal(gaps.status, 0, gaps.stderr);

  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  try {
    const get = async (code) => (await api.get(`/api/v1/requirements/${id(code)}`)).json;
    const acc = await get('ACC-05');
    assert.deepEqual([acc.aspect, acc.min_level], ['K', 2], 'unchanged locally: the new trigger');
    const aut = await get('AUT-05');
    assert.equal(aut.min_level, 1, 'the trigger moves');
    assert.equal(aut.title_sv, 'MFA för distansarbete (lokal text)', 'the local title stays');
    const phy = await get('PHY-03');
    assert.equal(phy.min_level, 1, 'a trigger changed locally stays the organisation\'s');
    const mon = await get('MON-07');
    assert.deepEqual([mon.aspect, mon.min_level], ['S', 0], 'a statutory duty: always');
    // Nothing assessed is lost; what now applies is in the plan, new.
    const items = await api.items('action-plan-items', `&system_id=${sys.id}`);
    assert.ok(items.some((i) => i.requirement_id === id('ACC-01') && i.assessment === 'fulfilled'));
    const web = new Browserless(srv.url);
    await web.login();
    let plan = '';
    for (let p = 1; ; p++) {
      const t = (await web.get(`/systems/${sys.id}/plan?page=${p}`)).text;
      plan += t;
      if (!t.includes('rel="next"')) break;
    }
    const text = htmlText(plan);
    for (const code of ['ACC-05', 'AUT-05', 'MON-07']) assert.ok(text.includes(code), `${code} now applies`);
    assert.ok(text.includes(tr(SV, 'New requirement')));
    // The history says the catalogue changed it.
    const hist = await api.get(`/api/v1/requirements/${id('ACC-05')}/history`);
    assert.equal(hist.status, 200);
    assert.ok(JSON.stringify(hist.json).includes('aspect'));
  } finally {
    await srv.stop();
    env.cleanup();
  }
});

// A database made before requirements had a scope and before the
// duplicates were merged: its shipped snapshots have no scope, it holds a
// shipped requirement the catalogue has since dropped (BAK-09, merged into
// CRY-04) with an assessment, another dropped one it edited (PER-10), and
// a row the new catalogue puts on the organisation (ORG-01) still on
// systems. Started with the current catalogue: the dropped row is retired
// with its assessment kept, the edited one stays the organisation's, the
// scope moves, and every other requirement keeps its scope.
test('the upgrade retires dropped requirements unless edited, and moves rows to the organisation', async () => {
  const env = freshDb();
  let srv = await startServer(env.db);
  let api = new Api(srv.url, token(env.db));
  const sys = await api.create('systems', { name: 'Lönesystemet', lifecycle: 'in_use' });
  await srv.stop();
  const org = sqlite(env.db, 'SELECT id FROM organisations LIMIT 1').trim();
  const now = new Date().toISOString();
  const snap = (o) => JSON.stringify(o).replace(/'/g, "''");
  const dropped = (code, title, local) => sqlite(env.db, `INSERT INTO requirements (org_id, code, area, scope, aspect, min_level, title_sv,
    status, origin, shipped, created_at, updated_at) VALUES (${org}, '${code}', 'backup', 'system', 'K', 0, '${local}', 'active', 'shipped',
    '${snap({ area: 'backup', aspect: 'K', min_level: 0, title_sv: title, controls: [] })}', '${now}', '${now}')`);
  dropped('BAK-09', 'Krypterade säkerhetskopior', 'Krypterade säkerhetskopior');
  dropped('PER-10', 'Testdata', 'Testdata utan personuppgifter (vår text)');
  const bak = sqlite(env.db, "SELECT id FROM requirements WHERE code = 'BAK-09'").trim();
  sqlite(env.db, `INSERT INTO plan_items (org_id, system_id, requirement_id, assessment, created_at, updated_at)
    VALUES (${org}, ${sys.id}, ${bak}, 'fulfilled', '${now}', '${now}')`);
  // Snapshots as the previous release wrote them: no scope.
  sqlite(env.db, "UPDATE requirements SET shipped = json_remove(shipped, '$.scope') WHERE shipped IS NOT NULL");
  sqlite(env.db, "UPDATE requirements SET scope = 'system', aspect = 'K', min_level = 1 WHERE code = 'ORG-01'");
  sqlite(env.db, "UPDATE requirements SET shipped = json_set(shipped, '$.aspect', 'K', '$.min_level', 1) WHERE code = 'ORG-01'");
  // A requirement the organisation made itself under a code a later
  // catalogue ships: it stays theirs, and the log says so.
  sqlite(env.db, "UPDATE requirements SET origin = 'local', shipped = NULL, title_sv = 'Vårt eget nätkrav' WHERE code = 'NET-01'");
  sqlite(env.db, "DELETE FROM catalogue_state WHERE name = 'shipped'");
  const scopes = sqlite(env.db, "SELECT count(*) FROM requirements WHERE scope = 'organisation'").trim();

  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  try {
    const reqs = await api.items('requirements');
    const by = (code) => reqs.find((q) => q.code === code);
    assert.equal(by('BAK-09').status, 'retired', 'dropped and unedited: retired');
    assert.equal(by('PER-10').status, 'active', 'dropped but edited: the organisation\'s to keep');
    assert.deepEqual([by('ORG-01').scope, by('ORG-01').aspect, by('ORG-01').min_level], ['organisation', 'any', 0]);
    assert.equal(by('NET-01').title_sv, 'Vårt eget nätkrav');
    assert.match(srv.stderr(), /requirement NET-01 is the organisation's own; the catalogue's NET-01 .* was not loaded/);
    assert.equal(sqlite(env.db, "SELECT count(*) FROM requirements WHERE scope = 'organisation'").trim(), String(Number(scopes) + 1));
    // The assessment of the retired one is kept, out of the plan.
    const items = await api.items('action-plan-items', `&system_id=${sys.id}`);
    assert.ok(items.some((i) => i.requirement_id === by('BAK-09').id && i.assessment === 'fulfilled'));
    // Audited as the catalogue's change.
    const hist = await api.get(`/api/v1/requirements/${by('BAK-09').id}/history`);
    assert.match(JSON.stringify(hist.json), /retired/);
    // Started again: nothing more changes.
    await srv.stop();
    const audit = sqlite(env.db, 'SELECT count(*) FROM audit').trim();
    srv = await startServer(env.db);
    assert.equal(sqlite(env.db, 'SELECT count(*) FROM audit').trim(), audit);
  } finally {
    await srv.stop();
    env.cleanup();
  }
});
