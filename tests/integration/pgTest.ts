// PostgreSQL in the tests (issue 13). ACI_TEST_POSTGRES_URL names a server where the tests may
// create and drop databases (scripts/pg-test-cluster.sh start prints one); without it the
// PostgreSQL tests are skipped with that reason. ACI_TEST_ENGINE=postgres makes openTemp
// (helpers.ts) open a fresh PostgreSQL database per test instead of a SQLite file, so a whole
// test file runs on the server unchanged.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../electron/db/schema';
import { isPostgres } from '../../electron/db/postgres/retry';
import { openPostgres, type OpenedPostgres } from '../../electron/db/postgres/connection';

export const PG_URL = process.env.ACI_TEST_POSTGRES_URL ?? '';
export const PG_SKIP_REASON = 'PostgreSQL absent : définissez ACI_TEST_POSTGRES_URL (scripts/pg-test-cluster.sh start) pour ces tests.';
export const ON_POSTGRES = process.env.ACI_TEST_ENGINE === 'postgres';

if (!PG_URL) console.warn(`[tests] ${PG_SKIP_REASON}`);

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new empty database on the test server; drop() removes it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!PG_URL) throw new Error(PG_SKIP_REASON);
  const name = `aci_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: withDatabase(PG_URL, name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** A fresh, migrated PostgreSQL store; close() also drops its database, disconnect() keeps it. */
export async function openTestPostgres(): Promise<OpenedPostgres & { disconnect(): Promise<void> }> {
  const database = await createTestDatabase();
  const opened = await openPostgres(database.url);
  return {
    ...opened,
    disconnect: opened.close,
    close: async () => {
      try {
        await opened.close();
      } finally {
        await database.drop();
      }
    },
  };
}

/** The same server address, connecting as another login role (an agent's, with no password: trust auth on the test server). */
export function asLogin(url: string, login: string): string {
  const u = new URL(url);
  u.username = login;
  u.password = '';
  return u.toString();
}

/** Login roles belong to the cluster, not to a test database: removed once their database is gone. */
export async function dropRoles(logins: readonly string[]): Promise<void> {
  await admin(async (c) => {
    for (const r of logins) await c.query(`DROP ROLE IF EXISTS ${r}`);
  });
}

/** DROP TRIGGER on either engine (PostgreSQL names the table). */
export async function dropTrigger(db: Kysely<Database>, name: string, table: string): Promise<void> {
  if (isPostgres(db)) await sql`DROP TRIGGER ${sql.id(name)} ON ${sql.id(table)}`.execute(db);
  else await sql`DROP TRIGGER ${sql.id(name)}`.execute(db);
}
