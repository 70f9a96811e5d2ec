// The app's PostgreSQL sessions (issue 13): JIT compilation is off on every connection of the pool
// openPostgres makes (PostgreSQL otherwise compiles the set-based reads over the whole portfolio,
// 40 ms and more per call: npm run bench -- --db …). Skipped without ACI_TEST_POSTGRES_URL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { openTestPostgres, PG_SKIP_REASON, PG_URL } from './pgTest';

describe.skipIf(!PG_URL)(`PostgreSQL sessions of the app${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  let opened: Awaited<ReturnType<typeof openTestPostgres>>;
  beforeAll(async () => {
    opened = await openTestPostgres();
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('runs every connection of the pool with jit off, inside transactions too', async () => {
    // Several connections at once: each one the pool opens gets the setting.
    const shown = await Promise.all(
      Array.from({ length: 4 }, () => opened.db.transaction().execute(async (trx) => {
        const r = await sql<{ jit: string; pid: number }>`SELECT current_setting('jit') AS jit, pg_backend_pid() AS pid, pg_sleep(0.05) IS NULL AS slept`.execute(trx);
        return r.rows[0];
      })),
    );
    expect(new Set(shown.map((r) => r?.pid)).size).toBeGreaterThan(1);
    expect(shown.map((r) => r?.jit)).toEqual(['off', 'off', 'off', 'off']);
  });

  it('survives the server ending its idle connections (restart, administrator): no crash, the next call reconnects', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const pids = await Promise.all(
        Array.from({ length: 3 }, () => opened.db.transaction().execute(async (trx) => (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid, pg_sleep(0.05) IS NULL AS slept`.execute(trx)).rows[0].pid)),
      );
      // Another session ends them while they sit idle in the pool.
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      try {
        await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
      } finally {
        await admin.end();
      }
      await new Promise((r) => setTimeout(r, 200));
      const after = await sql<{ ok: number }>`SELECT 1 AS ok`.execute(opened.db);
      expect(after.rows[0].ok).toBe(1);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
