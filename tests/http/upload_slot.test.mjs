// Issue 11, the memory ceiling: one large file at a time. While one upload
// past 1 MiB is held (arriving, checked, or its kept file read back for
// confirmation), another is answered 503 with Retry-After in the user's
// language and changes nothing; small requests go on as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { freshDb, startServer, Api, token, tr, htmlText } from '../lib/tillit.mjs';

let env, srv, api, tok;

before(async () => {
  env = freshDb();
  srv = await startServer(env.db);
  tok = token(env.db);
  api = new Api(srv.url, tok);
});

after(async () => {
  const { code } = await srv.stop();
  env.cleanup();
  assert.equal(code, 0);
});

const BOUNDARY = 'tillitgrans7d3f';

// A CSV of systems, about `mib` MiB, named with `prefix`.
function csvOf(prefix, mib) {
  const lines = ['name,purpose'];
  const purpose = 'x'.repeat(200);
  for (let i = 0; lines.length * 220 < mib * 1024 * 1024; i++) lines.push(`${prefix} ${i},${purpose}`);
  return lines.join('\n') + '\n';
}

function multipart(csv) {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="s.csv"\r\n`
      + 'Content-Type: text/csv\r\n\r\n'),
    Buffer.from(csv),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

function post(body) {
  return fetch(`${srv.url}/systems/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tok}`, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    body,
  });
}

// Start an upload on a raw socket and send all but the last 1,000 bytes:
// the server holds its body. Returns finish(), which sends the rest and
// resolves to the status line.
async function holdUpload(body) {
  const { port, hostname } = new URL(srv.url);
  const sock = net.connect(Number(port), hostname);
  await new Promise((resolve) => sock.once('connect', resolve));
  let answer = '';
  sock.on('data', (d) => { answer += d; });
  const ended = new Promise((resolve) => sock.on('close', resolve));
  sock.write(`POST /systems/import HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${tok}\r\n`
    + `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${body.length}\r\n`
    + 'Connection: close\r\n\r\n');
  await new Promise((resolve) => sock.write(body.subarray(0, body.length - 1000), resolve));
  // Let the server take in what was sent.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return async () => {
    sock.write(body.subarray(body.length - 1000));
    await ended;
    return answer.split('\r\n')[0];
  };
}

test('a second large upload while one is held gets 503 with Retry-After in Swedish; small requests are served', async () => {
  const before = (await api.get('/api/v1/systems?limit=1')).json.total;
  const finish = await holdUpload(multipart(csvOf('Första', 3)));

  const second = await post(multipart(csvOf('Andra', 2)));
  assert.equal(second.status, 503);
  assert.equal(second.headers.get('retry-after'), '60');
  const text = htmlText(await second.text());
  assert.ok(text.includes(tr('sv', 'Another file is being uploaded or imported right now. Try again in a minute; nothing was changed.')), text.slice(0, 400));

  // A small upload and an ordinary write are not held up.
  const small = await post(multipart('name\nLitet system\n'));
  assert.equal(small.status, 200);
  assert.equal((await api.create('systems', { name: 'Under tiden' })).name, 'Under tiden');

  assert.match(await finish(), /^HTTP\/1\.1 200/);
  // The slot is free again: the same large upload now goes through.
  const again = await post(multipart(csvOf('Andra', 2)));
  assert.equal(again.status, 200);
  // Checking imports nothing; only the ordinary write changed the list.
  assert.equal((await api.get('/api/v1/systems?limit=1')).json.total, before + 1);
});

test('confirming a kept import waits for the slot too', async () => {
  const checked = await post(multipart(csvOf('Bekräftad', 2)));
  assert.equal(checked.status, 200);
  const id = (await checked.text()).match(/name="import_id" value="([^"]+)"/)[1];
  const finish = await holdUpload(multipart(csvOf('Hållen', 3)));
  const confirm = await fetch(`${srv.url}/systems/import/confirm`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `import_id=${encodeURIComponent(id)}`,
  });
  assert.equal(confirm.status, 503);
  assert.match(await finish(), /^HTTP\/1\.1 200/);
  const done = await fetch(`${srv.url}/systems/import/confirm`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `import_id=${encodeURIComponent(id)}`,
    redirect: 'manual',
  });
  assert.ok([200, 303].includes(done.status), `${done.status}`);
  assert.ok((await api.get('/api/v1/systems?q=Bekräftad&limit=1')).json.total > 0);
});
