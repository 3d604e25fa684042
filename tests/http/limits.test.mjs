// Connection limits and deadlines: one client cannot lock everyone out, and
// a client that trickles its request in a byte now and then is cut off by
// the deadline, not kept for ever by an idle timeout it never reaches.
//
// On Linux every 127.x.y.z address is loopback: the attacking sockets bind
// to 127.0.0.2 and the ordinary client uses 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { freshDb, startServer, cli } from '../lib/tillit.mjs';

// A connection from localAddress that sends a request line and then one
// header line every dripMs, never finishing. Tracks { open, closed, data,
// closedAt }; stop() ends it.
function dripper(port, localAddress, dripMs, first = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n') {
  const d = { open: false, closed: false, data: '', startedAt: Date.now(), closedAt: null };
  const s = net.connect({ port, host: '127.0.0.1', localAddress });
  const timer = setInterval(() => { if (!d.closed) s.write('X-Drip: 1\r\n'); }, dripMs);
  s.setEncoding('latin1');
  s.on('connect', () => { d.open = true; s.write(first); });
  s.on('data', (x) => { d.data += x; });
  s.on('error', () => {});
  s.on('close', () => { d.closed = true; d.closedAt = Date.now(); clearInterval(timer); });
  d.stop = () => { clearInterval(timer); s.destroy(); };
  return d;
}

// One request on a raw socket from localAddress: its status, or null when
// no answer came within waitMs.
function rawRequest(port, localAddress, waitMs = 5000) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress });
    let data = '';
    const done = (v) => { clearTimeout(timer); s.destroy(); resolve(v); };
    const timer = setTimeout(() => done(null), waitMs);
    s.setEncoding('latin1');
    s.on('connect', () => s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'));
    s.on('data', (x) => {
      data += x;
      const m = data.match(/^HTTP\/1\.1 (\d{3})/);
      if (m) done(Number(m[1]));
    });
    s.on('error', () => done(null));
  });
}

const portOf = (srv) => Number(new URL(srv.url).port);

test('hundreds of trickling connections from one address leave room for everyone else', async () => {
  const env = freshDb();
  // 256 open files, as a small `ulimit -n`: before the limits, the attacker's
  // connections used them all up and accept() failed for everyone.
  const srv = await startServer(env.db, [], { nofile: 256 });
  const attack = [];
  try {
    for (let i = 0; i < 300; i++) attack.push(dripper(portOf(srv), '127.0.0.2', 1000));
    await sleep(1500);

    const t0 = Date.now();
    const res = await fetch(`${srv.url}/healthz`, { signal: AbortSignal.timeout(5000) });
    assert.equal(res.status, 200);
    const took = Date.now() - t0;
    assert.ok(took < 3000, `the ordinary request took ${took} ms`);

    // The server says what fits in 256 open files: a total, and a quarter
    // of it for one address.
    const m = srv.stderr().match(/open-file limit is 256: serving (\d+) connections at once, (\d+) from one address/);
    assert.ok(m, srv.stderr());
    const [total, perIp] = [Number(m[1]), Number(m[2])];
    assert.ok(total < 256 && perIp === Math.floor(total / 4), m[0]);
    const held = attack.filter((d) => d.open && !d.closed).length;
    assert.ok(held <= perIp, `${held} connections from one address held (the limit per address is ${perIp})`);
    assert.ok(held >= perIp / 2, `only ${held} attacking connections were held: the test did not attack`);
  } finally {
    for (const d of attack) d.stop();
    const { code } = await srv.stop();
    env.cleanup();
    assert.equal(code, 0);
  }
  // libmicrohttpd logs each refused connection: no more than 20 lines a
  // second get through, and what was left out is counted.
  const refusedLines = srv.stderr().split('\n').filter((l) => /connection limit/i.test(l)).length;
  assert.ok(refusedLines <= 80, `${refusedLines} log lines for refused connections`);
  assert.match(srv.stderr(), /more log lines were left out/);
});

test('a connection that sends a header line every second is closed at the header deadline', async () => {
  const env = freshDb();
  const srv = await startServer(env.db, ['--header-timeout', '2', '--idle-timeout', '30']);
  const d = dripper(portOf(srv), '127.0.0.1', 1000);
  try {
    for (let i = 0; i < 60 && !d.closed; i++) await sleep(100);
    assert.ok(d.closed, 'still open after 6 s, with a 2 s header deadline');
    const after = d.closedAt - d.startedAt;
    assert.ok(after >= 1800 && after < 4500, `closed after ${after} ms`);
    assert.equal(d.data, '', 'the unfinished request got no answer');
    assert.match(srv.stderr(), /closed 1 connection too slow to send a request/);
  } finally {
    d.stop();
    const { code } = await srv.stop();
    env.cleanup();
    assert.equal(code, 0);
  }
});

test('a body trickled in is cut off at the body deadline; a prompt keep-alive client is not', async () => {
  const env = freshDb();
  const srv = await startServer(env.db, ['--header-timeout', '2', '--body-timeout', '2', '--idle-timeout', '30']);
  const port = portOf(srv);
  const body = dripper(port, '127.0.0.1', 300,
    'POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n'
    + 'Content-Length: 100000\r\n\r\n');
  try {
    // Two requests on one connection, a second apart: both answered.
    const s = net.connect({ port, host: '127.0.0.1' });
    s.setEncoding('latin1');
    let data = '';
    s.on('data', (x) => { data += x; });
    await new Promise((resolve) => s.on('connect', resolve));
    s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await sleep(1000);
    s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    for (let i = 0; i < 30 && (data.match(/^HTTP\/1\.1 200/gm) || []).length < 2; i++) await sleep(100);
    assert.equal((data.match(/^HTTP\/1\.1 200/gm) || []).length, 2, data);
    s.destroy();

    for (let i = 0; i < 60 && !body.closed; i++) await sleep(100);
    assert.ok(body.closed, 'the trickled body was still being read after 6 s, with a 2 s body deadline');
    const after = body.closedAt - body.startedAt;
    assert.ok(after >= 1800 && after < 4500, `closed after ${after} ms`);
    assert.doesNotMatch(body.data, /^HTTP\/1\.1 [23]/, 'the unfinished request was not handled');
  } finally {
    body.stop();
    const { code } = await srv.stop();
    env.cleanup();
    assert.equal(code, 0);
  }
});

test('with --trust-proxy the proxy\'s address is not limited like a single client', async () => {
  const env = freshDb();
  const srv = await startServer(env.db, ['--trust-proxy']);
  const conns = [];
  try {
    // A proxy keeps many connections open at once, all from one address.
    for (let i = 0; i < 100; i++) conns.push(dripper(portOf(srv), '127.0.0.2', 1000));
    await sleep(1000);
    assert.equal(conns.filter((d) => d.open && !d.closed).length, 100);
    assert.equal(await rawRequest(portOf(srv), '127.0.0.2'), 200);
  } finally {
    for (const d of conns) d.stop();
    const { code } = await srv.stop();
    env.cleanup();
    assert.equal(code, 0);
  }
});

test('serve --help names the limits; bad values are refused', () => {
  const help = cli(['serve', '--help']);
  assert.equal(help.status, 0);
  for (const o of ['--max-connections', '--per-ip-limit', '--idle-timeout', '--header-timeout', '--body-timeout'])
    assert.ok(help.stdout.includes(o), `serve --help mentions ${o}`);
  const env = freshDb();
  try {
    for (const bad of [['--header-timeout', '0'], ['--body-timeout', 'soon'], ['--max-connections', '-5'],
      ['--idle-timeout', '5s'], ['--per-ip-limit', '1000', '--max-connections', '1000']]) {
      const r = cli(['serve', '--db', env.db, '--listen', '127.0.0.1:0', ...bad]);
      assert.equal(r.status, 2, `${bad.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(bad[0]), r.stderr);
    }
  } finally {
    env.cleanup();
  }
});
