// Runs the in-code migrations, each in ONE SQLite transaction that also records it in
// kysely_migration: a migration is either applied and recorded, or neither (a kill between the
// two can no longer leave a schema change that the next start would try to apply again).
//
// Kysely's Migrator records a migration after its up() returns, outside any transaction we can
// open around up() (SQLite DDL is not transactional in Kysely's adapter), so this small loop
// replaces it. It keeps the Migrator's bookkeeping tables and their layout, so a database
// migrated by an earlier version reads the same, and its rules: applied migrations must be known
// (checked by the caller: DatabaseFromFutureError) and pending ones may not come before an
// applied one.
import { sql, type Kysely } from 'kysely';

export const MIGRATION_TABLE = 'kysely_migration';
export const MIGRATION_LOCK_TABLE = 'kysely_migration_lock';

export interface MigrationStep {
  name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

export class MigrationFailedError extends Error {
  constructor(
    readonly migrationName: string,
    readonly reason: unknown,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
    this.name = 'MigrationFailedError';
  }
}

async function ensureBookkeeping(db: Kysely<unknown>): Promise<void> {
  // The same tables (and columns) Kysely's Migrator creates.
  await sql`CREATE TABLE IF NOT EXISTS ${sql.raw(MIGRATION_TABLE)} ("name" varchar(255) NOT NULL PRIMARY KEY, "timestamp" varchar(255) NOT NULL)`.execute(db);
  await sql`CREATE TABLE IF NOT EXISTS ${sql.raw(MIGRATION_LOCK_TABLE)} ("id" varchar(255) NOT NULL PRIMARY KEY, "is_locked" integer DEFAULT 0 NOT NULL)`.execute(db);
  await sql`INSERT OR IGNORE INTO ${sql.raw(MIGRATION_LOCK_TABLE)} ("id", "is_locked") VALUES ('migration_lock', 0)`.execute(db);
}

/** Rolls back, keeping the first error (SQLite may already have ended the transaction). */
async function rollback(db: Kysely<unknown>): Promise<void> {
  try {
    await sql`ROLLBACK`.execute(db);
  } catch {
    // no transaction left to roll back
  }
}

async function appliedNames(db: Kysely<unknown>): Promise<string[]> {
  const r = await sql<{ name: string }>`SELECT "name" FROM ${sql.raw(MIGRATION_TABLE)} ORDER BY "name"`.execute(db);
  return r.rows.map((x) => x.name);
}

/**
 * Applies, in order, the steps not yet recorded. Each runs inside BEGIN IMMEDIATE ... COMMIT with
 * its own INSERT into kysely_migration; the check "already applied?" is made inside the same
 * transaction, so two processes opening one file never apply a migration twice.
 * Returns the names applied by this call.
 */
export async function runMigrations(db: Kysely<unknown>, steps: readonly MigrationStep[], now: () => Date = () => new Date()): Promise<string[]> {
  await sql`BEGIN IMMEDIATE`.execute(db);
  try {
    await ensureBookkeeping(db);
    await sql`COMMIT`.execute(db);
  } catch (e) {
    await rollback(db);
    throw e;
  }
  const done: string[] = [];
  for (const step of steps) {
    await sql`BEGIN IMMEDIATE`.execute(db);
    try {
      const applied = await appliedNames(db);
      if (!applied.includes(step.name)) {
        const later = applied.filter((n) => n > step.name);
        if (later.length > 0) {
          throw new Error(`la migration ${step.name} manque alors que ${later.join(', ')} est déjà appliquée (ordre des migrations rompu)`);
        }
        await step.up(db);
        await sql`INSERT INTO ${sql.raw(MIGRATION_TABLE)} ("name", "timestamp") VALUES (${step.name}, ${now().toISOString()})`.execute(db);
        done.push(step.name);
      }
      await sql`COMMIT`.execute(db);
    } catch (e) {
      await rollback(db);
      throw new MigrationFailedError(step.name, e);
    }
  }
  return done;
}
