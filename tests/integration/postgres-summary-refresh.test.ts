// The portfolio's stored figures are recomputed inside each write call's transaction
// (refreshStaleSummaries, electron/api/portfolio.ts). A contract the funding engine cannot compute
// stays stale, but an error of the PostgreSQL server itself (serialization failure, lock timeout,
// out of shared memory…) has aborted the transaction: swallowing it let the call go on to fail
// later with « current transaction is aborted » (an internal error, never retried) — or, with
// nothing written after it, to commit as a silent rollback. Found when ledger-triggers.test.ts
// first ran on PostgreSQL on a busy server. The server's error must reach the call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { refreshStaleSummaries } from '../../electron/api/portfolio';
import { makeContext } from '../../electron/runtime';
import { ok, T3_CONTRACT, tempDir } from './helpers';
import { createTestDatabase, PG_SKIP_REASON, PG_URL } from './pgTest';
import { openPostgres, type OpenedPostgres } from '../../electron/db/postgres/connection';

if (!PG_URL) console.warn(`[postgres-summary-refresh] ${PG_SKIP_REASON}`);

describe.skipIf(!PG_URL)('portfolio figures recomputed in a write call, on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: OpenedPostgres;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await openPostgres(database.url);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('lets an error of the server inside the recompute reach the caller instead of leaving an aborted transaction behind', async () => {
    const ctx = { ...makeContext(store, tempDir(), 'cli'), today: () => '2023-02-01' };
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    await sql`UPDATE portfolio_summary SET stale = 1 WHERE contract_id = ${c.id}`.execute(store.db);

    // Another session holds the contract table: the recompute's first read (loadContract) waits,
    // then fails with the server's lock timeout (SQLSTATE 55P03).
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('LOCK TABLE contract IN ACCESS EXCLUSIVE MODE');
      const outcome = await store.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL lock_timeout = '200ms'`.execute(trx);
        try {
          const refreshed = await refreshStaleSummaries(trx, 'test');
          return `returned ${refreshed}`;
        } catch (e) {
          return `threw ${(e as { code?: string }).code}`;
        }
      });
      expect(outcome).toBe('threw 55P03');
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
    // Once the lock is gone the same recompute goes through and clears the mark.
    expect(await store.db.transaction().execute((trx) => refreshStaleSummaries(trx, 'test'))).toBe(1);
    const row = await sql<{ stale: number }>`SELECT stale FROM portfolio_summary WHERE contract_id = ${c.id}`.execute(store.db);
    expect(Number(row.rows[0].stale)).toBe(0);
  }, 60_000);
});
