// Strict HTTP framing: a request whose length a proxy in front could read
// differently from Tillit (request smuggling) is refused with 400 and the
// connection closed, so the request pipelined behind it is never answered.
// Each case is sent on a raw socket, followed by a second request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { freshDb, startServer } from '../lib/tillit.mjs';

let env, srv, port;

before(async () => {
  env = freshDb();
  srv = await startServer(env.db);
  port = Number(new URL(srv.url).port);
});

after(async () => {
  const { code } = await srv.stop();
  env.cleanup();
  assert.equal(code, 0);
});

const SECOND = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

// Send raw bytes on a fresh connection and collect what comes back until the
// server closes it or waitMs pass: { text, statuses, closed }.
function exchange(raw, waitMs = 3000) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    let text = '';
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      const statuses = [...text.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((m) => Number(m[1]));
      resolve({ text, statuses, closed });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    s.setEncoding('latin1');
    s.on('data', (d) => { text += d; });
    s.on('end', () => finish(true));
    s.on('close', () => finish(true));
    s.on('error', (e) => (e.code === 'ECONNRESET' ? finish(true) : reject(e)));
    s.write(raw);
  });
}

// The bad request is answered 400 (or not at all), the connection is closed
// and the pipelined request behind it gets no answer.
async function refused(first) {
  const r = await exchange(first + SECOND);
  assert.ok(r.closed, `connection left open; got:\n${r.text}`);
  assert.ok(r.statuses.length <= 1, `the request behind it was answered too:\n${r.text}`);
  if (r.statuses.length) assert.equal(r.statuses[0], 400, r.text);
  return r;
}

test('a sound pipelined pair gets both answers (the method can see a second answer)', async () => {
  const r = await exchange('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' + SECOND, 1500);
  assert.deepEqual(r.statuses, [200, 200], r.text);
  const post = await exchange('POST /lang HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n'
    + 'Transfer-Encoding: chunked\r\n\r\n7\r\nlang=en\r\n0\r\n\r\n' + SECOND, 1500);
  assert.equal(post.statuses.length, 2, post.text);
  assert.equal(post.statuses[1], 200, post.text);
});

test('Content-Length together with Transfer-Encoding is refused', async () => {
  await refused('POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
  await refused('POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n');
});

test('a Transfer-Encoding other than plain chunked is refused', async () => {
  for (const te of ['xchunked', 'chunked, identity', 'identity', 'gzip, chunked', 'chunked\r\nTransfer-Encoding: chunked']) {
    await refused(`POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: ${te}\r\n\r\n0\r\n\r\n`);
  }
  await refused('POST /login HTTP/1.0\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
});

test('whitespace before a header colon is refused', async () => {
  // "Content-Length : 5" is no Content-Length to a lax parser: "hello" would
  // become the start of the next request.
  await refused('POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length : 5\r\n\r\nhello');
  await refused('GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept : */*\r\n\r\n');
  await refused('GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For\t: 10.0.0.1\r\n\r\n');
});

test('two Content-Length headers, or a header line without a colon, are refused', async () => {
  await refused('POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 0\r\n\r\nhello');
  await refused('GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n');
});

test('an HTTP/1.1 request without Host is refused (libmicrohttpd strict mode)', async () => {
  // libmicrohttpd 0.9.75 writes the head of this 400 twice (as it does for
  // every error it finds while parsing headers), so count answers by status:
  // nothing but 400, and no 200 for the request behind it.
  for (const first of ['GET /login HTTP/1.1\r\n\r\n', 'GET /login HTTP/1.1\r\nHost : 127.0.0.1\r\n\r\n']) {
    const r = await exchange(first + SECOND);
    assert.ok(r.closed, `connection left open; got:\n${r.text}`);
    assert.ok(r.statuses.length >= 1, r.text);
    assert.ok(r.statuses.every((s) => s === 400), `the request behind it was answered:\n${r.text}`);
  }
});
