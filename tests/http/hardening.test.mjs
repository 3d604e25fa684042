// Issue 11, the outside review: nothing past a limit is dropped silently.
// What input can reach is refused with a message in the user's language
// (looked up in po/*.po) and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createDeflateRaw, crc32 as zlibCrc32 } from 'node:zlib';
import {
  freshDb, startServer, Api, Browserless, token, addUser, cli, tr, htmlText, auditCount, uploadFile, sqlite, day,
} from '../lib/tillit.mjs';

let env, srv, api, apiEn, web;
const SV = 'sv', EN = 'en';

before(async () => {
  // The zip bomb test measures the server's peak memory: under the
  // sanitizer build, freed memory would otherwise stay resident in its
  // quarantine and count as if still in use (ignored by other builds).
  process.env.ASAN_OPTIONS = [process.env.ASAN_OPTIONS, 'quarantine_size_mb=0'].filter(Boolean).join(':');
  env = freshDb();
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  addUser(env.db, 'eva', 'admin', { name: 'Eva English', lang: 'en' });
  apiEn = new Api(srv.url, token(env.db, 'eva'));
  web = new Browserless(srv.url);
  await web.login();
});

after(async () => {
  const { code } = await srv.stop();
  env.cleanup();
  assert.equal(code, 0);
  // No internal check fired during any of it.
  assert.doesNotMatch(srv.stderr(), /internal check failed/);
});

function problem(r, status) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  return r.json;
}

test('a search of more words than a list query holds is refused, not cut short', async () => {
  await api.create('systems', { name: 'alfa beta gamma delta epsilon zeta eta theta' });
  const eight = 'alfa beta gamma delta epsilon zeta eta theta';
  let r = await api.get(`/api/v1/systems?q=${encodeURIComponent(eight)}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.total, 1);
  // A ninth word that matches nothing: searching only the first eight
  // would find the system.
  const nine = `${eight} zzz`;
  const p = problem(await api.get(`/api/v1/systems?q=${encodeURIComponent(nine)}`), 400);
  assert.deepEqual(p.errors, [{ field: 'q', message: tr(SV, 'Search for at most %d words at a time.', 8) }]);
  const e = problem(await apiEn.get(`/api/v1/systems?q=${encodeURIComponent('a b c d e f g h i')}`), 400);
  assert.deepEqual(e.errors, [{ field: 'q', message: tr(EN, 'Search for at most %d words at a time.', 8) }]);
  // Runs of spaces are one separator, as the search counts them.
  r = await api.get(`/api/v1/systems?q=${encodeURIComponent(`  ${eight.replace(/ /g, '   ')}  `)}`);
  assert.equal(r.status, 200);
  // The export refuses it too; the list page shows why, without the search.
  r = await web.get(`/systems/export.csv?q=${encodeURIComponent(nine)}`);
  assert.equal(r.status, 400);
  r = await web.get(`/systems?q=${encodeURIComponent(nine)}`);
  assert.equal(r.status, 200);
  assert.ok(htmlText(r.text).includes(tr(SV, 'Search for at most %d words at a time.', 8)));
});

test('a form with more references than any fixed array keeps every one', async () => {
  const asset = await api.create('information-assets', { name: 'Elevregister', personal_data: 'none' });
  const before = (await api.get('/api/v1/systems?limit=1')).json.total;
  const audit = auditCount(env.db);
  // A thousand ticks of the same asset, then one that does not exist:
  // the last must be read, not dropped with the rest past 1000.
  const ids = [...Array(1000).fill(String(asset.id)), '999999'];
  const r = await web.post('/systems', { name: 'Många referenser', lifecycle: 'in_use', information_asset_ids: ids });
  assert.equal(r.status, 422, r.text.slice(0, 300));
  assert.ok(htmlText(r.text).includes(tr(SV, 'There is no %s number %lld.', tr(SV, 'Information asset'), 999999)));
  assert.equal((await api.get('/api/v1/systems?limit=1')).json.total, before);
  assert.equal(auditCount(env.db), audit);
  // The same record named twice is an error of its own (data rules);
  // named once, it is saved.
  const twice = await web.post('/systems', { name: 'Många referenser', lifecycle: 'in_use', information_asset_ids: ids.slice(0, 1000) });
  assert.equal(twice.status, 422);
  const ok = await web.post('/systems', { name: 'Många referenser', lifecycle: 'in_use', information_asset_ids: ids.slice(0, 1) });
  assert.equal(ok.status, 303);
  const saved = (await api.get(`/api/v1/systems?q=${encodeURIComponent('många referenser')}`)).json.items;
  assert.equal(saved.length, 1);
  assert.deepEqual(saved[0].information_asset_ids, [asset.id]);
});

test('units nest 64 levels deep at most; the 65th is refused, not cut from every scope check', async () => {
  let parent = null;
  for (let i = 1; i <= 64; i++) {
    parent = (await api.create('units', { name: `Nivå ${i}`, kind: 'department', ...(parent ? { parent_id: parent } : {}) })).id;
  }
  const before = (await api.get('/api/v1/units?limit=1')).json.total;
  const MSG = 'Units can be nested at most %d levels deep; placed here, the deepest would be at level %zu.';
  const p = problem(await api.post('/api/v1/units', { name: 'Nivå 65', kind: 'department', parent_id: parent }), 422);
  assert.deepEqual(p.errors, [{ field: 'parent_id', message: tr(SV, MSG, 64, 65) }]);
  const e = problem(await apiEn.post('/api/v1/units', { name: 'Nivå 65', kind: 'department', parent_id: parent }), 422);
  assert.deepEqual(e.errors, [{ field: 'parent_id', message: tr(EN, MSG, 64, 65) }]);
  assert.equal((await api.get('/api/v1/units?limit=1')).json.total, before);
});

const MORE = 'There are more errors than shown here.';

test('an API body with more errors than the list holds says so, and writes nothing', async () => {
  const before = (await api.get('/api/v1/systems?limit=1')).json.total;
  const body = { name: 'Trasig' };
  for (let i = 0; i < 250; i++) body[`okänt_${i}`] = i;
  const p = problem(await api.post('/api/v1/systems', body), 422);
  assert.equal(p.errors.length, 201);
  assert.deepEqual(p.errors[200], { message: tr(SV, MORE) });
  assert.equal(p.more_errors, true);
  const e = problem(await apiEn.post('/api/v1/systems', body), 422);
  assert.deepEqual(e.errors.at(-1), { message: tr(EN, MORE) });
  assert.equal((await api.get('/api/v1/systems?limit=1')).json.total, before);
  // A list that fits has no such line.
  const few = problem(await api.post('/api/v1/systems', { name: 'Trasig', okänt: 1 }), 422);
  assert.equal(few.more_errors, undefined);
  assert.ok(!few.errors.some((x) => x.message === tr(SV, MORE)));
});

test('a form with more errors than the list holds says so', async () => {
  const before = (await api.get('/api/v1/systems?limit=1')).json.total;
  const ids = Array.from({ length: 250 }, (_, i) => String(2000000 + i));
  const r = await web.post('/systems', { name: 'Trasig', lifecycle: 'in_use', information_asset_ids: ids });
  assert.equal(r.status, 422);
  const text = htmlText(r.text);
  assert.ok(text.includes(tr(SV, 'There is no %s number %lld.', tr(SV, 'Information asset'), 2000000)));
  assert.ok(text.includes(tr(SV, MORE)));
  assert.equal((await api.get('/api/v1/systems?limit=1')).json.total, before);
});

test('an import row with more errors than the list holds says so', async () => {
  const refs = Array.from({ length: 250 }, (_, i) => `#${3000000 + i}`).join(';');
  const csv = `name,lifecycle,information_asset_ids\nTrasig,in_use,"${refs}"\n`;
  const r = await uploadFile(web, '/systems/import', csv);
  assert.equal(r.status, 422);
  const text = htmlText(r.text);
  assert.ok(text.includes(tr(SV, MORE)), text.slice(0, 500));
});

test('an import whose problems fill the report counts no bad row as good', async () => {
  const before = (await api.get('/api/v1/systems?limit=1')).json.total;
  // 1005 rows with a bad value each: the report keeps 1000 problems, and
  // the five rows after them are no better for it.
  let csv = 'name,lifecycle\n';
  for (let i = 0; i < 1005; i++) csv += `Rad ${i},skrotad\n`;
  const r = await uploadFile(web, '/systems/import', csv);
  assert.equal(r.status, 422);
  const text = htmlText(r.text);
  assert.ok(text.includes(`${tr(SV, 'To create:')} 0.`), text.slice(0, 300));
  assert.ok(text.includes(tr(SV, 'There are more problems than shown.')));
  // The command line counts every problem it found.
  const dir = env.dir;
  const file = `${dir}/rows.csv`;
  writeFileSync(file, csv);
  const c = cli(['import', '--db', env.db, '--entity', 'systems', '--file', file]);
  assert.equal(c.status, 1);
  assert.match(c.stdout, /1005 rows: 0 to create, 0 to change, 0 unchanged, 1005 problems\. Nothing was written\./);
  assert.equal((await api.get('/api/v1/systems?limit=1')).json.total, before);
});

// ---- a zip bomb --------------------------------------------------------

// Raw deflate of prefix followed by spaces, total bytes in all, streamed a
// MiB at a time so the test never holds the unpacked bytes; crc covers the
// first crcLen of them (a liar's header is consistent for what it claims).
async function deflateSpaces(prefix, total, crcLen = total) {
  const z = createDeflateRaw({ level: 9 });
  const out = [];
  z.on('data', (d) => out.push(d));
  const done = new Promise((resolve, reject) => { z.on('end', resolve); z.on('error', reject); });
  let crc = 0, at = 0;
  const piece = Buffer.alloc(1 << 20, 0x20);
  while (at < total) {
    const n = Math.min(piece.length, total - at);
    const chunk = Buffer.from(piece.subarray(0, n));
    if (at < prefix.length) Buffer.from(prefix).copy(chunk, 0, at, Math.min(prefix.length, at + n));
    if (at < crcLen) crc = zlibCrc32(chunk.subarray(0, Math.min(n, crcLen - at)), crc);
    if (!z.write(chunk)) await new Promise((resolve) => z.once('drain', resolve));
    at += n;
  }
  z.end();
  await done;
  return { data: Buffer.concat(out), crc: crc >>> 0 };
}

// A ZIP of { name, data (deflated), crc, size (declared) } entries.
function zipOf(entries) {
  const locals = [], centrals = [];
  let off = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(8, 8);
    h.writeUInt32LE(e.crc, 14); h.writeUInt32LE(e.data.length, 18); h.writeUInt32LE(e.size, 22);
    h.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(8, 10);
    c.writeUInt32LE(e.crc, 16); c.writeUInt32LE(e.data.length, 20); c.writeUInt32LE(e.size, 24);
    c.writeUInt16LE(name.length, 28); c.writeUInt32LE(off, 42);
    locals.push(h, name, e.data);
    centrals.push(c, name);
    off += h.length + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(off, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function part(name, prefix, size, claim = size) {
  const { data, crc } = await deflateSpaces(prefix, size, Math.min(size, claim));
  return { name, data, crc, size: claim };
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const WORKBOOK = `<workbook ${NS} xmlns:r="${REL}"><sheets><sheet name="Risker" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const RELS = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
  + `<Relationship Id="rId1" Type="${REL}worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
const SHEET = `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Risk</t></is></c></row>`
  + '<row r="2"><c r="A2" t="inlineStr"><is><t>Brand</t></is></c></row></sheetData></worksheet>';

// The server's peak resident memory so far, in MiB.
function serverPeakMiB() {
  const m = readFileSync(`/proc/${srv.proc.pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
  return Number(m[1]) / 1024;
}

test('a workbook that unpacks past 16 MiB is refused in the user\'s language, changes nothing, and costs bounded memory', async (t) => {
  const ra = await api.create('risk-analyses', { title: 'Bomben', scope: 'shared_it', analysed_on: day() });
  const pending = () => Number(sqlite(env.db, 'SELECT count(*) FROM pending_imports').trim());
  const risks = async () => (await api.get(`/api/v1/risks?analysis_id=${ra.id}&limit=1`)).json.total;
  const kept = pending(), audit = auditCount(env.db);
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const upload = (buf) => uploadFile(web, `/risk-analyses/${ra.id}/import`, buf, { filename: 'bomb.xlsx', type: XLSX });
  const small = [await part('xl/workbook.xml', WORKBOOK, WORKBOOK.length), await part('xl/_rels/workbook.xml.rels', RELS, RELS.length)];
  const start = serverPeakMiB();

  // Shared strings of 10 MiB and a sheet of 8 MiB: each under the cap of
  // a part, together past what one upload may unpack.
  const sst = await part('xl/sharedStrings.xml', '<sst></sst>', 10 << 20);
  const sheet8 = await part('xl/worksheets/sheet1.xml', SHEET, 8 << 20);
  const both = zipOf([...small, sst, sheet8]);
  assert.ok(both.length < 1 << 20, `${both.length} bytes`);
  let r = await upload(both);
  assert.equal(r.status, 400, r.text.slice(0, 300));
  const UNPACKED = 'The workbook is larger than 16 MiB when unpacked. Save the sheet as CSV, or split it.';
  assert.ok(htmlText(r.text).includes(tr(SV, UNPACKED)), htmlText(r.text).slice(0, 600));
  assert.equal(pending(), kept);
  // Either part alone is read (the mapping page of a kept file).
  r = await upload(zipOf([...small, sheet8]));
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.equal(pending(), kept + 1);

  // 512 MiB of sheet that says so: refused from its header.
  r = await upload(zipOf([...small, await part('xl/worksheets/sheet1.xml', SHEET, 512 << 20)]));
  assert.equal(r.status, 400);
  assert.ok(htmlText(r.text).includes(tr(SV, UNPACKED)));
  // The same claiming 15 MiB: inflating stops one byte past the claim.
  r = await upload(zipOf([...small, await part('xl/worksheets/sheet1.xml', SHEET, 512 << 20, 15 << 20)]));
  assert.equal(r.status, 400);
  assert.ok(htmlText(r.text).includes(tr(SV, 'The file is not a readable XLSX workbook.')));

  assert.equal(pending(), kept + 1);
  assert.equal(await risks(), 0);
  assert.equal(auditCount(env.db), audit);
  // Reading all of that cost the server at most about what one upload
  // may unpack, twice over for a buffer being grown (and the sanitizer
  // build's quarantine), never the hundreds of MiB the bombs hold.
  const grown = serverPeakMiB() - start;
  t.diagnostic(`server peak memory grew by ${grown.toFixed(1)} MiB`);
  assert.ok(grown < 2 * 16 + 16, `peak memory grew by ${grown.toFixed(1)} MiB`);
});
