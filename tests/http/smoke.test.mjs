// The server starts, answers its health check, and stops cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, startServer } from '../lib/tillit.mjs';

test('serve answers /healthz and exits 0 on SIGTERM', async () => {
  const { db, cleanup } = freshDb();
  const srv = await startServer(db);
  try {
    const res = await fetch(`${srv.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  } finally {
    const { code } = await srv.stop();
    assert.equal(code, 0);
    cleanup();
  }
});
