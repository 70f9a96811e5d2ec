// Opens the team-mode store on PostgreSQL (issue 13): Kysely's Postgres dialect over a pg pool,
// BIGINT/NUMERIC read as JS numbers, and the PostgreSQL migration set, each migration in one
// transaction with its bookkeeping row (an advisory lock serialises two processes opening one
// database). PostgreSQL-specific SQL stays in this folder.
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database as Schema } from '../schema';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from '../migrate';
import { PG_MIGRATIONS, PG_MIGRATION_NAMES } from './migrations';

export type PgDb = Kysely<Schema>;

export interface OpenedPostgres {
  engine: 'postgres';
  db: PgDb;
  /** The connection URL, password masked (for messages). */
  url: string;
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * BIGINT (ids, money, COUNT) and NUMERIC (SUM of BIGINT) as JS numbers, as better-sqlite3 gives
 * them: safe, every amount being bounded to 10^10 cents (shared/schemas/common.ts) and every sum
 * of a contract's amounts far below 2^53.
 */
function int8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`Entier hors limites renvoyé par PostgreSQL : ${text}`);
  return n;
}

function numeric(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n))) throw new Error(`Nombre hors limites renvoyé par PostgreSQL : ${text}`);
  return n;
}

const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID) return int8;
    if (oid === NUMERIC_OID) return numeric;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export class PostgresFromFutureError extends Error {
  constructor(unknown: string[]) {
    super(
      `Cette base partagée a été écrite par une version plus récente de l'application ` +
        `(migrations inconnues : ${unknown.join(', ')}). Mettez l'application à jour ; la base n'a pas été modifiée.`,
    );
    this.name = 'PostgresFromFutureError';
  }
}

/** Applies the pending PostgreSQL migrations, each with its bookkeeping row in one transaction. */
async function migrate(db: Kysely<unknown>): Promise<string[]> {
  const done: string[] = [];
  await db.transaction().execute(async (trx) => {
    // One opener at a time per database (released at commit).
    await sql`SELECT pg_advisory_xact_lock(7426013)`.execute(trx);
    // The same bookkeeping tables as on SQLite (electron/db/migrate.ts). Created only when
    // missing: an agent's role (no CREATE right on the schema) opens a migrated database.
    const exists = async (table: string) => (await sql<{ t: string | null }>`SELECT to_regclass(${table})::text AS t`.execute(trx)).rows[0]?.t != null;
    if (!(await exists(MIGRATION_TABLE))) {
      await sql.raw(`CREATE TABLE IF NOT EXISTS ${MIGRATION_TABLE} ("name" varchar(255) NOT NULL PRIMARY KEY, "timestamp" varchar(255) NOT NULL)`).execute(trx);
    }
    if (!(await exists(MIGRATION_LOCK_TABLE))) {
      await sql.raw(`CREATE TABLE IF NOT EXISTS ${MIGRATION_LOCK_TABLE} ("id" varchar(255) NOT NULL PRIMARY KEY, "is_locked" integer DEFAULT 0 NOT NULL)`).execute(trx);
    }
    const applied = (await sql<{ name: string }>`SELECT "name" FROM ${sql.raw(MIGRATION_TABLE)} ORDER BY "name"`.execute(trx)).rows.map((r) => r.name);
    const unknown = applied.filter((n) => !PG_MIGRATION_NAMES.includes(n));
    if (unknown.length > 0) throw new PostgresFromFutureError(unknown);
    for (const [name, mod] of PG_MIGRATIONS) {
      if (applied.includes(name)) continue;
      try {
        await mod.up(trx);
      } catch (e) {
        throw new Error(`Échec de la mise à jour de la base partagée (migration ${name}) : ${e instanceof Error ? e.message : String(e)}.`, { cause: e });
      }
      await sql`INSERT INTO ${sql.raw(MIGRATION_TABLE)} ("name", "timestamp") VALUES (${name}, ${new Date().toISOString()})`.execute(trx);
      done.push(name);
    }
  });
  return done;
}

export interface PgOpenOptions {
  /** Connections in the pool (several API calls run at once on a server). */
  max?: number;
}

export async function openPostgres(url: string, opts: PgOpenOptions = {}): Promise<OpenedPostgres> {
  // JIT compilation off for the app's sessions: PostgreSQL starts it on a plan whose estimated
  // cost passes jit_above_cost, which the set-based reads over the whole portfolio do (« Dialogues
  // à venir », the portfolio) — 40 ms and more of compiling per call for queries of ~50 ms
  // (npm run bench -- --db …, README « Performances des écrans »).
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types: typeParsers, application_name: 'aci-cpts', options: '-c jit=off' });
  // An idle connection the server ends (restart, administrator, DROP … WITH (FORCE)) is purged by
  // the pool, which then emits 'error': without a listener that would crash the app. The next
  // call opens a new connection.
  pool.on('error', (e) => console.warn(`Connexion inactive à la base partagée fermée par le serveur (${maskUrl(url)}) : ${e.message}. Une nouvelle sera ouverte au prochain appel.`));
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db as Kysely<unknown>);
  } catch (e) {
    await db.destroy();
    if (e instanceof PostgresFromFutureError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(
      message.startsWith('Échec') ? message : `Base partagée inaccessible (${maskUrl(url)}) : ${message}`,
      { cause: e },
    );
  }
  return { engine: 'postgres', db, url: maskUrl(url), close: () => db.destroy() };
}
