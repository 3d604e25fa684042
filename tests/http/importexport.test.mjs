// Export (CSV, XLSX, JSON; web and command line) and CSV import (web upload
// with preview and confirmation, command line with --dry-run): every problem
// listed by row and column, nothing written unless the whole file is good.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freshDb, startServer, Api, Browserless, token, cli, tr, htmlText, unzip, uploadFile, auditCount,
} from '../lib/tillit.mjs';

let env, srv, api, web, seed;
const SV = 'sv', EN = 'en';

const SYSTEM_HEADER = ['id', 'name', 'purpose', 'unit_id', 'unit_name', 'owner_id', 'owner_name', 'administrator_id',
  'administrator_name', 'supplier_id', 'supplier_name', 'hosting', 'users_count', 'lifecycle', 'support_hours',
  'after_hours_agreement', 'ot', 'information_asset_ids', 'depends_on_ids', 'rto_hours', 'rpo_hours', 'created_at', 'updated_at'];

// RFC 4180 reader (quotes, doubled quotes, CRLF, a chosen separator).
function parseCsv(text, sep = ',') {
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === sep) { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') i++;
    if (c === '\n' || c === '\r') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += c; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function writeCsv(rows) {
  const q = (s) => (/[",;\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return '\uFEFF' + rows.map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';
}

// Cells of an XLSX worksheet: { A1: 'text', B2: '12', ... }.
function sheetCells(xml) {
  const un = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const cells = {};
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const inner = m[3] || '';
    const t = inner.match(/<t(?: [^>]*)?>([\s\S]*?)<\/t>/);
    const v = inner.match(/<v>([\s\S]*?)<\/v>/);
    cells[m[1]] = t ? un(t[1]) : v ? un(v[1]) : '';
  }
  return cells;
}
const colName = (n) => { let s = ''; for (n++; n; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s; return s; };

// The rows of every HTML table on a page, as arrays of cell texts.
function tableRows(html) {
  return [...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => htmlText(c[1]).trim()));
}

// Windows-1252 bytes for text (Latin-1 plus the euro sign at 0x80).
function cp1252(s) {
  return Buffer.from([...s].map((ch) => (ch === '€' ? 0x80 : ch.charCodeAt(0))).map((b) => {
    if (b > 0xff) throw new Error(`not in Windows-1252: ${b}`);
    return b;
  }));
}

async function state() {
  const out = {};
  for (const e of ['systems', 'people', 'suppliers', 'information-assets']) out[e] = (await api.get(`/api/v1/${e}?limit=1`)).json.total;
  out.audit = auditCount(env.db);
  return out;
}

async function systemByName(name) {
  const r = await api.get(`/api/v1/systems?q=${encodeURIComponent(name)}&limit=500`);
  return r.json.items.filter((s) => s.name === name);
}

before(async () => {
  env = freshDb();
  srv = await startServer(env.db);
  api = new Api(srv.url, token(env.db));
  web = new Browserless(srv.url);
  await web.login();
  const post = async (e, b) => { const r = await api.post(`/api/v1/${e}`, b); assert.equal(r.status, 201, r.text); return r.json; };
  const anna = await post('people', { name: 'Anna Ägare' });
  const bo = await post('people', { name: 'Bo Förvaltare' });
  const lev = await post('suppliers', { name: 'Leverantör AB' });
  const asset = await post('information-assets', { name: 'Elevregister', owner_id: anna.id });
  const s1 = await post('systems', { name: 'Skolplattform', purpose: 'Lärande, "digitalt"', owner_id: anna.id, administrator_id: bo.id, supplier_id: lev.id, users_count: 1200, information_asset_ids: [asset.id], support_hours: 'office' });
  const s2 = await post('systems', { name: 'Vattenverk SCADA', purpose: '=SUM(A1)', ot: true, depends_on_ids: [s1.id] });
  const s3 = await post('systems', { name: 'Gamla ekonomisystemet', lifecycle: 'retired' });
  seed = { anna, bo, lev, asset, s1, s2, s3 };
});

after(async () => {
  const { code } = await srv.stop();
  env.cleanup();
  assert.equal(code, 0);
});

test('CSV export: BOM, field-name header, one row per record, *_name labels, current filters', async () => {
  const r = await web.get('/systems/export.csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(r.headers.get('content-disposition'), /^attachment; filename="systems-\d{4}-\d{2}-\d{2}\.csv"$/);
  const raw = Buffer.from(await (await fetch(`${srv.url}/systems/export.csv`, { headers: { Cookie: web.cookieHeader() } })).arrayBuffer());
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with a UTF-8 byte-order mark');
  assert.equal(raw.toString('utf8').charCodeAt(0), 0xfeff);
  const rows = parseCsv(raw.toString('utf8').slice(1));
  assert.deepEqual(rows[0], SYSTEM_HEADER);
  assert.equal(rows.length, 4, 'header and one row per system');
  const byName = Object.fromEntries(rows.slice(1).map((row) => [row[1], Object.fromEntries(SYSTEM_HEADER.map((h, i) => [h, row[i]]))]));
  assert.deepEqual(Object.keys(byName).sort(), ['Gamla ekonomisystemet', 'Skolplattform', 'Vattenverk SCADA']);
  const s1 = byName.Skolplattform;
  assert.equal(s1.id, String(seed.s1.id));
  assert.equal(s1.purpose, 'Lärande, "digitalt"');
  assert.equal(s1.owner_id, String(seed.anna.id));
  assert.equal(s1.owner_name, 'Anna Ägare');
  assert.equal(s1.administrator_id, String(seed.bo.id));
  assert.equal(s1.administrator_name, 'Bo Förvaltare');
  assert.equal(s1.supplier_name, 'Leverantör AB');
  assert.equal(s1.unit_id, '');
  assert.equal(s1.unit_name, '');
  assert.equal(s1.users_count, '1200');
  assert.equal(s1.lifecycle, 'in_use');
  assert.equal(s1.support_hours, 'office');
  assert.equal(s1.after_hours_agreement, '0');
  assert.equal(s1.information_asset_ids, String(seed.asset.id));
  assert.match(s1.created_at, /^\d{4}-\d{2}-\d{2}T/);
  const s2 = byName['Vattenverk SCADA'];
  assert.equal(s2.ot, '1');
  assert.equal(s2.depends_on_ids, String(seed.s1.id));
  assert.equal(s2.purpose, "'=SUM(A1)", 'a formula is guarded with an apostrophe');
  assert.equal(byName['Gamla ekonomisystemet'].lifecycle, 'retired');

  // The list's current filters and search apply.
  const only = async (qs) => parseCsv((await web.get(`/systems/export.csv?${qs}`)).text.replace(/^\uFEFF/, '')).slice(1).map((row) => row[1]).sort();
  assert.deepEqual(await only('lifecycle=retired'), ['Gamla ekonomisystemet']);
  assert.deepEqual(await only('q=skol'), ['Skolplattform']);
  assert.deepEqual(await only('ot=1'), ['Vattenverk SCADA']);
  assert.deepEqual(await only(`owner_id=${seed.anna.id}`), ['Skolplattform']);
  assert.deepEqual(await only('owner_id=-'), ['Gamla ekonomisystemet', 'Vattenverk SCADA']);
  assert.deepEqual(await only('lifecycle=in_use&sort=-name&page=2'), ['Skolplattform', 'Vattenverk SCADA'], 'paging does not cut the export');
  // An empty file to fill in: only the header.
  const tpl = parseCsv((await web.get('/systems/export.csv?template=1')).text.replace(/^\uFEFF/, ''));
  assert.deepEqual(tpl, [SYSTEM_HEADER]);
  // Other entities have their own columns.
  const ia = parseCsv((await web.get('/information-assets/export.csv')).text.replace(/^\uFEFF/, ''));
  assert.deepEqual(ia[0].slice(0, 6), ['id', 'name', 'unit_id', 'unit_name', 'owner_id', 'owner_name']);
  assert.equal(ia[1][5], 'Anna Ägare');
  // Not logged in: no export.
  const anon = await fetch(`${srv.url}/systems/export.csv`, { redirect: 'manual' });
  assert.equal(anon.status, 303);
});

test('XLSX export: a workbook whose sheet has the expected cells, with the filters applied', async () => {
  const res = await fetch(`${srv.url}/systems/export.xlsx?lifecycle=in_use`, { headers: { Cookie: web.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(res.headers.get('content-disposition'), /filename="systems-\d{4}-\d{2}-\d{2}\.xlsx"/);
  const files = unzip(Buffer.from(await res.arrayBuffer()));
  for (const f of ['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']) assert.ok(files.has(f), f);
  assert.ok(files.get('xl/workbook.xml').toString('utf8').includes(`name="${tr(SV, 'Systems')}"`));
  const cells = sheetCells(files.get('xl/worksheets/sheet1.xml').toString('utf8'));
  // Header row: labels in the user's language (Swedish for admin).
  const header = {};
  for (let c = 0; cells[`${colName(c)}1`] !== undefined; c++) header[cells[`${colName(c)}1`]] = colName(c);
  assert.equal(cells.A1, tr(SV, 'Number'));
  assert.equal(cells.B1, tr(SV, 'Name'));
  for (const l of ['Purpose', 'System owner', 'Lifecycle', 'Number of users', 'Industrial control system (OT)'])
    assert.ok(header[tr(SV, l)], `column ${l}`);
  const ownerName = header[tr(SV, '%s (name)').replace('%s', tr(SV, 'System owner'))];
  assert.ok(ownerName, 'owner name column');
  // Two systems in use, sorted by name; the retired one is filtered out.
  assert.equal(cells.B2, 'Skolplattform');
  assert.equal(cells.B3, 'Vattenverk SCADA');
  assert.equal(cells.B4, undefined);
  assert.equal(cells.A2, String(seed.s1.id));
  assert.equal(cells[`${header[tr(SV, 'Purpose')]}2`], 'Lärande, "digitalt"');
  assert.equal(cells[`${header[tr(SV, 'System owner')]}2`], String(seed.anna.id));
  assert.equal(cells[`${ownerName}2`], 'Anna Ägare');
  assert.equal(cells[`${header[tr(SV, 'Number of users')]}2`], '1200');
  assert.equal(cells[`${header[tr(SV, 'Lifecycle')]}2`], tr(SV, 'In use'));
  assert.equal(cells[`${header[tr(SV, 'Industrial control system (OT)')]}3`], tr(SV, 'Yes'));
  assert.equal(cells[`${header[tr(SV, 'Purpose')]}3`], '=SUM(A1)', 'text cells are never formulas');
  assert.ok(!files.get('xl/worksheets/sheet1.xml').toString('utf8').includes('<f>'));
});

test('the command line exports csv, xlsx and json', async () => {
  let r = cli(['export', '--db', env.db, '--entity', 'systems', '--format', 'csv']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.charCodeAt(0), 0xfeff);
  const rows = parseCsv(r.stdout.slice(1));
  assert.deepEqual(rows[0], SYSTEM_HEADER);
  assert.deepEqual(rows.slice(1).map((x) => x[1]).sort(), ['Gamla ekonomisystemet', 'Skolplattform', 'Vattenverk SCADA']);
  r = cli(['export', '--db', env.db, '--entity', 'systems']);
  assert.equal(r.status, 0);
  assert.deepEqual(parseCsv(r.stdout.slice(1))[0], SYSTEM_HEADER, 'csv is the default');

  r = cli(['export', '--db', env.db, '--entity', 'systems', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.items.length, 3);
  const s1 = doc.items.find((x) => x.name === 'Skolplattform');
  assert.equal(s1.owner_id, seed.anna.id);
  assert.deepEqual(s1.information_asset_ids, [seed.asset.id]);
  assert.equal(s1.users_count, 1200);
  assert.equal(s1._labels, undefined, 'no private members');

  const out = join(env.dir, 'systems.xlsx');
  r = cli(['export', '--db', env.db, '--entity', 'systems', '--format', 'xlsx', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const cells = sheetCells(unzip(readFileSync(out)).get('xl/worksheets/sheet1.xml').toString('utf8'));
  assert.equal(cells.A1, tr(SV, 'Number'));
  assert.deepEqual([cells.B2, cells.B3, cells.B4].sort(), ['Gamla ekonomisystemet', 'Skolplattform', 'Vattenverk SCADA']);

  r = cli(['export', '--db', env.db, '--entity', 'nosuch']);
  assert.equal(r.status, 2);
  r = cli(['export', '--db', env.db, '--entity', 'systems', '--format', 'pdf']);
  assert.equal(r.status, 2);
});

const BAD_FILE = [
  'name,lifecycle,owner_id,colour',
  'Alfa,in_use,Ingen Alls,x',
  'Beta,skrotad,,x',
  ',in_use,,x',
  'Gamma,in_use',
  'Delta,planned,Anna Ägare,x',
  '',
].join('\n');

function badProblems(lang) {
  return [
    ['1', 'colour', tr(lang, 'Unknown column. Use the field names of the export or the field labels.')],
    ['2', 'owner_id', tr(lang, 'No %s is called "%s".', tr(lang, 'Person'), 'Ingen Alls')],
    ['3', 'lifecycle', tr(lang, 'Choose one of the listed values.')],
    ['4', 'name', tr(lang, 'This field is required.')],
    ['5', '', tr(lang, 'The row has %zu fields but the header has %zu.', 2, 4)],
  ];
}

test('web import: a file with problems lists every one by row and column and writes nothing', async () => {
  const before = await state();
  const r = await uploadFile(web, '/systems/import', BAD_FILE, { filename: 'fel.csv' });
  assert.equal(r.status, 422);
  const rows = tableRows(r.text);
  for (const p of badProblems(SV)) assert.ok(rows.some((row) => JSON.stringify(row) === JSON.stringify(p)), `problem listed: ${p.join(' | ')}`);
  const listed = rows.filter((row) => row.length === 3 && /^\d+$/.test(row[0]) && badProblems(SV).some((p) => p[2] === row[2]));
  assert.equal(listed.length, 5, 'exactly the five problems');
  assert.ok(!/name="import_id"/.test(r.text), 'no confirm button');
  assert.ok(htmlText(r.text).includes(tr(SV, 'Nothing was imported. Correct these problems and upload the file again:')));
  assert.deepEqual(await state(), before);
  assert.deepEqual(await systemByName('Delta'), [], 'not even the good row');

  // Not a CSV file at all.
  const x = await uploadFile(web, '/systems/import', Buffer.from('PK\x03\x04rest of a zip'), { filename: 'bok.xlsx' });
  assert.ok(x.status === 400 || x.status === 422, String(x.status));
  assert.ok(htmlText(x.text).includes(tr(SV, 'This looks like an Excel workbook. Save it as CSV (UTF-8) and import that file.')));
  // No file.
  const none = await web.request('POST', '/systems/import', { form: { x: '1' } });
  assert.equal(none.status, 400);
  assert.ok(htmlText(none.text).includes(tr(SV, 'Choose a CSV file to import.')));
  assert.deepEqual(await state(), before);
});

test('web import: a clean file shows a preview, and confirming writes it with audit entries via import', async () => {
  const before = await state();
  const file = [
    'name,purpose,owner_id,lifecycle,support_hours,information_asset_ids,ot',
    `Bibliotekssystem,Utlån,Anna Ägare,in_use,office,Elevregister,nej`,
    `Parkeringsappen,"Betala, parkera",#${seed.bo.id},${tr(SV, 'Planned / in procurement')},,,ja`,
    '',
  ].join('\r\n');
  const r = await uploadFile(web, '/systems/import', file, { filename: 'ny.csv' });
  assert.equal(r.status, 200, htmlText(r.text).slice(0, 2000));
  const text = htmlText(r.text);
  assert.ok(text.includes(`${tr(SV, 'Rows:')} 2.`), 'row count');
  assert.ok(text.includes(`${tr(SV, 'To create:')} 2.`), 'create count');
  assert.ok(text.includes(`${tr(SV, 'To change:')} 0.`), 'change count');
  const rows = tableRows(r.text);
  assert.ok(rows.some((x) => x[0] === '2' && x[1] === tr(SV, 'Create') && x[2] === 'Bibliotekssystem'));
  assert.ok(rows.some((x) => x[0] === '3' && x[1] === tr(SV, 'Create') && x[2] === 'Parkeringsappen'));
  const id = r.text.match(/name="import_id" value="([^"]+)"/)[1];
  assert.ok(/<button[^>]*type="submit"/.test(r.text));
  // The preview wrote nothing.
  assert.deepEqual(await state(), before);
  assert.deepEqual(await systemByName('Bibliotekssystem'), []);

  // A made-up import id is refused.
  const wrong = await web.post('/systems/import/confirm', { import_id: 'nope' });
  assert.equal(wrong.status, 400);
  assert.deepEqual(await state(), before);

  const c = await web.post('/systems/import/confirm', { import_id: id });
  assert.equal(c.status, 303);
  assert.equal(c.headers.get('location'), '/systems?done=imported');
  const [bib] = await systemByName('Bibliotekssystem');
  const [park] = await systemByName('Parkeringsappen');
  assert.equal(bib.owner_id, seed.anna.id);
  assert.equal(bib.purpose, 'Utlån');
  assert.equal(bib.support_hours, 'office');
  assert.deepEqual(bib.information_asset_ids, [seed.asset.id]);
  assert.equal(bib.ot, false);
  assert.equal(park.owner_id, seed.bo.id);
  assert.equal(park.purpose, 'Betala, parkera');
  assert.equal(park.lifecycle, 'planned');
  assert.equal(park.ot, true);
  const after = await state();
  assert.equal(after.systems, before.systems + 2);
  assert.equal(after.audit, before.audit + 2, 'one audit entry per created record');
  for (const s of [bib, park]) {
    const h = await api.get(`/api/v1/systems/${s.id}/history`);
    assert.equal(h.json.total, 1);
    const e = h.json.items[0];
    assert.equal(e.action, 'create');
    assert.equal(e.via, 'import');
    assert.equal(e.username, 'admin');
    assert.deepEqual(e.changes.name, [null, s.name]);
  }
  // The same import cannot be confirmed twice.
  const again = await web.post('/systems/import/confirm', { import_id: id });
  assert.equal(again.status, 400);
  assert.equal((await systemByName('Bibliotekssystem')).length, 1);
});

test('re-importing an export with changed values and the id column changes those records', async () => {
  const exp = parseCsv((await web.get('/systems/export.csv')).text.replace(/^\uFEFF/, ''));
  const header = exp[0];
  const col = (n) => header.indexOf(n);
  const before = await state();
  for (const row of exp.slice(1)) {
    if (row[col('name')] === 'Skolplattform') row[col('purpose')] = 'Ny text om lärande';
    if (row[col('name')] === 'Gamla ekonomisystemet') {
      row[col('lifecycle')] = 'retiring';
      row[col('owner_id')] = String(seed.bo.id);
      row[col('owner_name')] = 'ignored label';
    }
  }
  const r = await uploadFile(web, '/systems/import', writeCsv(exp), { filename: 'export.csv' });
  assert.equal(r.status, 200, htmlText(r.text).slice(0, 2000));
  const text = htmlText(r.text);
  const total = exp.length - 1;
  assert.ok(text.includes(`${tr(SV, 'Rows:')} ${total}.`));
  assert.ok(text.includes(`${tr(SV, 'To create:')} 0.`));
  assert.ok(text.includes(`${tr(SV, 'To change:')} 2.`));
  assert.ok(text.includes(`${tr(SV, 'Unchanged:')} ${total - 2}.`));
  const id = r.text.match(/name="import_id" value="([^"]+)"/)[1];
  const c = await web.post('/systems/import/confirm', { import_id: id });
  assert.equal(c.status, 303);
  const s1 = (await api.get(`/api/v1/systems/${seed.s1.id}`)).json;
  assert.equal(s1.purpose, 'Ny text om lärande');
  assert.equal(s1.owner_id, seed.anna.id, 'other fields unchanged');
  assert.deepEqual(s1.information_asset_ids, [seed.asset.id]);
  const s2 = (await api.get(`/api/v1/systems/${seed.s2.id}`)).json;
  assert.equal(s2.purpose, '=SUM(A1)', 'the guarded formula reads back as it was');
  const s3 = (await api.get(`/api/v1/systems/${seed.s3.id}`)).json;
  assert.equal(s3.lifecycle, 'retiring');
  assert.equal(s3.owner_id, seed.bo.id);
  const after = await state();
  assert.equal(after.systems, before.systems);
  assert.equal(after.audit, before.audit + 2, 'only the changed records get entries');
  const h = (await api.get(`/api/v1/systems/${seed.s3.id}/history`)).json.items[0];
  assert.equal(h.action, 'update');
  assert.equal(h.via, 'import');
  assert.deepEqual(h.changes, { owner_id: [null, seed.bo.id], lifecycle: ['retired', 'retiring'] });
  const h1 = (await api.get(`/api/v1/systems/${seed.s1.id}/history`)).json.items[0];
  assert.deepEqual(h1.changes, { purpose: ['Lärande, "digitalt"', 'Ny text om lärande'] });

  // An id that does not exist is a problem of its row.
  const bad = writeCsv([['id', 'name'], ['99999', 'Finns inte']]);
  const b = await uploadFile(web, '/systems/import', bad);
  assert.equal(b.status, 422);
  assert.ok(tableRows(b.text).some((x) => x[0] === '2' && x[2] === tr(SV, 'There is no record number %lld.', 99999)));
});

test('a semicolon-separated Windows-1252 file with Swedish labels imports correctly', async () => {
  const before = await state();
  const head = [tr(SV, 'Name'), tr(SV, 'Purpose'), tr(SV, 'Lifecycle'), tr(SV, 'System owner')].join(';');
  const body = `${head}\r\nVäxjö e-tjänst;"Kostar 5 € i månaden, i Växjö";${tr(SV, 'In use')};Anna Ägare\r\nÅtervinning Öst;;retired;\r\n`;
  const bytes = cp1252(body);
  assert.ok(bytes.includes(Buffer.from([0x56, 0xe4, 0x78, 0x6a, 0xf6])), 'Växjö as Windows-1252 bytes');
  const r = await uploadFile(web, '/systems/import', bytes, { filename: 'excel.csv' });
  assert.equal(r.status, 200, htmlText(r.text).slice(0, 2000));
  assert.ok(htmlText(r.text).includes(tr(SV, 'The file was not UTF-8; it was read as Windows-1252 (what Excel saves) and converted.')));
  const id = r.text.match(/name="import_id" value="([^"]+)"/)[1];
  assert.equal((await web.post('/systems/import/confirm', { import_id: id })).status, 303);
  const [v] = await systemByName('Växjö e-tjänst');
  assert.ok(v, 'Växjö e-tjänst imported with its name intact');
  assert.equal(v.purpose, 'Kostar 5 € i månaden, i Växjö', 'split on semicolons, not commas; € from 0x80');
  assert.equal(v.lifecycle, 'in_use');
  assert.equal(v.owner_id, seed.anna.id);
  const [a] = await systemByName('Återvinning Öst');
  assert.equal(a.lifecycle, 'retired');
  assert.equal(a.purpose, null);
  assert.equal((await state()).systems, before.systems + 2);
});

test('command-line import: --dry-run lists problems and writes nothing; a real run imports', async () => {
  const before = await state();
  const bad = join(env.dir, 'bad.csv');
  writeFileSync(bad, BAD_FILE);
  for (const args of [['--dry-run'], []]) {
    const r = cli(['import', '--db', env.db, '--entity', 'systems', '--file', bad, ...args]);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stderr.trim().split('\n');
    const want = badProblems(EN).map(([row, column, message]) => (column ? `row ${row}, column ${column}: ${message}` : `row ${row}: ${message}`));
    assert.deepEqual(lines, want);
    assert.match(r.stdout, /Nothing was written\./);
  }
  assert.deepEqual(await state(), before);

  const good = join(env.dir, 'good.csv');
  writeFileSync(good, 'name,lifecycle,administrator_id\nKommandorad 1,in_use,Bo Förvaltare\nKommandorad 2,planned,\n');
  let r = cli(['import', '--db', env.db, '--entity', 'systems', '--file', good, '--dry-run']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^2 rows: 2 to create, 0 to change, 0 unchanged, 0 problems\. Dry run: nothing was written\./);
  assert.deepEqual(await state(), before);

  r = cli(['import', '--db', env.db, '--entity', 'systems', '--file', good]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^2 rows: 2 to create, 0 to change, 0 unchanged, 0 problems\. Imported\./);
  const [k1] = await systemByName('Kommandorad 1');
  assert.equal(k1.administrator_id, seed.bo.id);
  assert.equal((await systemByName('Kommandorad 2'))[0].lifecycle, 'planned');
  const after = await state();
  assert.equal(after.systems, before.systems + 2);
  assert.equal(after.audit, before.audit + 2);
  const h = (await api.get(`/api/v1/systems/${k1.id}/history`)).json.items[0];
  assert.equal(h.via, 'import');
  assert.equal(h.username, 'cli:test');
  assert.equal(h.action, 'create');

  // Acting as a user with that user's rights: an employee may not create systems.
  const ru = cli(['user', 'add', '--db', env.db, '--user', 'emil', '--role', 'employee'], { TILLIT_PASSWORD: 'emil-password-123' });
  assert.equal(ru.status, 0, ru.stderr);
  const mid = await state();
  writeFileSync(good, 'name\nEmils system\n');
  r = cli(['import', '--db', env.db, '--entity', 'systems', '--file', good, '--user', 'emil']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^row 2: /m);
  assert.deepEqual(await state(), mid);
  // Entities that cannot be imported, and unknown ones.
  writeFileSync(good, 'username\nnisse\n');
  r = cli(['import', '--db', env.db, '--entity', 'users', '--file', good]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(tr(EN, 'Records of this kind cannot be imported.').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  r = cli(['import', '--db', env.db, '--entity', 'nosuch', '--file', good]);
  assert.equal(r.status, 2);
  assert.deepEqual(await state(), mid);
});
