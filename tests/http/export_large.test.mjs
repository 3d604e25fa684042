// Exports larger than what the server keeps in memory (issue 11: the
// memory ceiling): the body goes to a file as it is made and is sent from
// there. The files must be whole — every row, a valid workbook — and the
// server's memory must not grow with them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDb, startServer, Browserless, cli, unzip } from '../lib/tillit.mjs';

const N = 9000; // systems: their list and their gaps past the 1 MiB kept in memory
let env, srv, web;

function vmHWM(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return m ? Number(m[1]) / 1024 : 0;
}

before(async () => {
  env = freshDb();
  const rows = ['name,purpose,lifecycle,support_hours'];
  const purpose = 'Ett verksamhetssystem med ett långt syfte som gör exporten större än en mebibyte. '.repeat(3);
  for (let i = 0; i < N; i++) rows.push(`Stort system ${i},"${purpose}",in_use,office`);
  const file = join(env.dir || '/tmp', `large-${process.pid}.csv`);
  writeFileSync(file, rows.join('\n'));
  const r = cli(['import', '--db', env.db, '--entity', 'systems', '--file', file]);
  assert.equal(r.status, 0, r.stderr);
  srv = await startServer(env.db);
  web = new Browserless(srv.url);
  await web.login();
});

after(async () => {
  const { code } = await srv.stop();
  env.cleanup();
  assert.equal(code, 0);
});

test('a system list past a mebibyte comes whole, as CSV and as XLSX', async () => {
  const before = vmHWM(srv.proc.pid);
  const csv = await fetch(`${srv.url}/systems/export.csv`, { headers: { Cookie: web.cookieHeader() } });
  assert.equal(csv.status, 200);
  const bytes = Buffer.from(await csv.arrayBuffer());
  assert.ok(bytes.length > 1.5 * 1024 * 1024, `${bytes.length} bytes`);
  assert.equal(Number(csv.headers.get('content-length')), bytes.length);
  const lines = bytes.toString('utf8').trim().split('\r\n');
  assert.equal(lines.length, N + 1, 'the header and every system');
  assert.ok(lines[N].includes('Stort system'));

  const x = await fetch(`${srv.url}/systems/export.xlsx`, { headers: { Cookie: web.cookieHeader() } });
  assert.equal(x.status, 200);
  const files = unzip(Buffer.from(await x.arrayBuffer()));
  const sheet = files.get('xl/worksheets/sheet1.xml').toString('utf8');
  assert.equal((sheet.match(/<row /g) || []).length, N + 1);
  // Memory did not grow by the size of what was sent (it went from a file).
  assert.ok(vmHWM(srv.proc.pid) - before < 16, `grew ${vmHWM(srv.proc.pid) - before} MiB`);
});

test('the gap list past a mebibyte comes whole, as CSV and as XLSX', async () => {
  const csv = await fetch(`${srv.url}/gaps.csv?kind=system_without_owner`, { headers: { Cookie: web.cookieHeader() } });
  assert.equal(csv.status, 200);
  const text = await csv.text();
  const lines = text.trim().split('\r\n');
  assert.equal(lines.length, N + 1);
  assert.ok(Buffer.byteLength(text) > 1024 * 1024, `${Buffer.byteLength(text)} bytes`);
  const x = await fetch(`${srv.url}/gaps.xlsx?kind=system_without_owner`, { headers: { Cookie: web.cookieHeader() } });
  assert.equal(x.status, 200);
  const sheet = unzip(Buffer.from(await x.arrayBuffer())).get('xl/worksheets/sheet1.xml').toString('utf8');
  assert.equal((sheet.match(/<row /g) || []).length, N + 1);
});

test('with no usable temporary directory a large export says so in the user\'s language, a small one still comes', async () => {
  const broken = await startServer(env.db, [], { env: { TMPDIR: '/nonexistent-tillit-tmp' } });
  try {
    const b = new Browserless(broken.url);
    await b.login();
    const csv = await b.get('/systems/export.csv');
    assert.equal(csv.status, 500, 'not a file cut off at the first mebibyte');
    assert.match(csv.text, /tillfälliga katalog/);
    assert.match(broken.stderr(), /temporary directory/);
    const small = await b.get('/systems/export.csv?q=' + encodeURIComponent('Stort system 42'));
    assert.equal(small.status, 200);
    assert.ok(small.text.includes('Stort system 42'));
  } finally {
    await broken.stop();
  }
});
