// SERIALIZABLE on PostgreSQL (issue 13): a transaction that would break serial order is refused
// with SQLSTATE 40001 (serialization_failure), or 40P01 (deadlock_detected); the whole unit of
// work (the API call) is then run again from the start, a bounded number of times.
import { PostgresAdapter, type Kysely } from 'kysely';
import pg from 'pg';

export const RETRY_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01']);
export const MAX_ATTEMPTS = 20;

/** Whether this Kysely instance talks to PostgreSQL. */
export function isPostgres<DB>(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export function isRetryable(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && RETRY_SQLSTATES.has(code)) return true;
  }
  return false;
}

/**
 * An error the PostgreSQL server raised (it carries a SQLSTATE): the transaction it happened in is
 * aborted, so it must reach the call (retried when isRetryable), never be caught and gone past.
 */
export function isServerError(e: unknown): boolean {
  return e instanceof pg.DatabaseError;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs attempt() again while it fails with a serialization failure or a deadlock. */
export async function withSerializationRetry<T>(attempt: () => Promise<T>, maxAttempts = MAX_ATTEMPTS): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= maxAttempts || !isRetryable(e)) throw e;
      // Jittered backoff: concurrent writers of one contract spread out.
      await sleep(Math.floor(Math.random() * 10 * 2 ** Math.min(i, 6)));
    }
  }
}
