// Stopping the browser-mode app must not wait on the browser: Chromium opens connections ahead of
// time and may never use them, and a request may be cut half-way. Either held `server.close()`
// for Node's request timeout (5 min), which is how an end-to-end test hung at its own timeout.
import { connect, type Socket } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOSE_GRACE_MS, startWebServer } from '../../electron/web/server';
import { openTemp, tempDir } from './helpers';

async function server() {
  const { ctx, opened } = await openTemp('2023-06-01');
  const staticDir = join(tempDir(), 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<html></html>');
  return { web: await startWebServer({ ctx, staticDir, port: 0 }), opened };
}

async function socketTo(port: number): Promise<Socket> {
  const s = connect(port, '127.0.0.1');
  await new Promise((ok) => s.once('connect', ok));
  return s;
}

/** Milliseconds `close()` took, or null when it had not returned after `limit` ms. */
async function timeClose(close: () => Promise<void>, limit: number): Promise<number | null> {
  const t0 = Date.now();
  const done = await Promise.race([close().then(() => true), new Promise<false>((ok) => setTimeout(() => ok(false), limit))]);
  return done ? Date.now() - t0 : null;
}

describe('browser mode: stopping the web server', () => {
  it('does not wait for a connection that never sent a request (a browser preconnect)', async () => {
    const { web, opened } = await server();
    const silent = await socketTo(web.port);
    const closed = new Promise((ok) => silent.once('close', ok));
    const ms = await timeClose(web.close, 10_000);
    expect(ms).not.toBeNull();
    expect(ms!).toBeLessThan(CLOSE_GRACE_MS + 1_000);
    await closed; // the server ended it
    await opened.close();
  });

  it('gives a request cut half-way its grace period, then ends it', async () => {
    const { web, opened } = await server();
    const half = await socketTo(web.port);
    half.write(`POST /api/contract.get HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id":`);
    await new Promise((ok) => setTimeout(ok, 200)); // the server has started reading it
    const ms = await timeClose(web.close, 10_000);
    expect(ms).not.toBeNull();
    expect(ms!).toBeGreaterThanOrEqual(CLOSE_GRACE_MS - 50);
    expect(ms!).toBeLessThan(CLOSE_GRACE_MS + 2_000);
    half.destroy();
    await opened.close();
  });
});
