// Opens the SQLite ledger: pragmas, migrations (with a backup first), and Kysely on top.
// SQLite-specific SQL stays in this folder.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type TransactionSettings,
} from 'kysely';
import type { Database as Schema } from './schema';
import { MIGRATIONS, MIGRATION_NAMES } from './migrations';
import { MigrationFailedError, runMigrations } from './migrate';
import { isPostgres, withSerializationRetry } from './postgres/retry';

export type Db = Kysely<Schema>;

/**
 * Kysely's SQLite driver with one change: a transaction asked for at the `serializable` level
 * starts with BEGIN IMMEDIATE, so a write takes the database's write lock before it reads what
 * decides it (what is still owed, whether a year is closed). Two processes on one file then
 * queue instead of both deciding from the same stale figures. Other transactions are deferred
 * (a read snapshot in WAL mode).
 */
class AciSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings = {}): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(settings.isolationLevel === 'serializable' ? 'begin immediate' : 'begin'));
  }
}

class AciSqliteDialect extends SqliteDialect {
  constructor(private readonly database: Database.Database) {
    super({ database });
  }
  override createDriver(): Driver {
    return new AciSqliteDriver({ database: this.database });
  }
}

export interface OpenedDb {
  db: Db;
  sqlite: Database.Database;
  path: string;
  /** Path of the copy taken before migrating, if one was needed. */
  backupPath: string | null;
  close(): Promise<void>;
}

export class DatabaseFromFutureError extends Error {
  constructor(unknown: string[]) {
    super(
      `Cette base de données a été écrite par une version plus récente de l'application ` +
        `(migrations inconnues : ${unknown.join(', ')}). Mettez l'application à jour ; la base n'a pas été modifiée.`,
    );
    this.name = 'DatabaseFromFutureError';
  }
}

function applyPragmas(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
}

function appliedMigrations(sqlite: Database.Database): string[] {
  const table = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'")
    .get();
  if (!table) return [];
  return (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

export interface OpenOptions {
  /** Stop at this migration (tests seed old databases with it). */
  upTo?: string;
  /** better-sqlite3's compiled addon to load (the Electron build when running under Electron). */
  nativeBinding?: string;
}

/** The better-sqlite3 addon this process opened its ledger with, when not the default one. */
let bindingInUse: string | undefined;

/** The addon to open other SQLite files with (a backup's copy): the one the ledger was opened with. */
export function sqliteBinding(): string | undefined {
  return bindingInUse;
}

export async function openDatabase(path: string, opts: OpenOptions = {}): Promise<OpenedDb> {
  mkdirSync(dirname(path), { recursive: true });
  if (opts.nativeBinding) bindingInUse = opts.nativeBinding;
  const existed = existsSync(path);
  const sqlite = new Database(path, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  try {
    applyPragmas(sqlite);
    const applied = appliedMigrations(sqlite);
    const unknown = applied.filter((n) => !MIGRATION_NAMES.includes(n));
    if (unknown.length > 0) throw new DatabaseFromFutureError(unknown);

    const target = opts.upTo ? MIGRATION_NAMES.indexOf(opts.upTo) + 1 : MIGRATION_NAMES.length;
    const pending = MIGRATION_NAMES.slice(0, target).filter((n) => !applied.includes(n));
    let backupPath: string | null = null;
    if (existed && applied.length > 0 && pending.length > 0) {
      backupPath = `${path}.avant-migration-${timestamp()}.sqlite`;
      await sqlite.backup(backupPath);
    }

    const db = new Kysely<Schema>({ dialect: new AciSqliteDialect(sqlite) });
    if (pending.length > 0) {
      // Each migration and its record in kysely_migration commit together (electron/db/migrate.ts).
      const steps = MIGRATIONS.slice(0, target).map(([name, mod]) => ({ name, up: mod.up }));
      try {
        await runMigrations(db as Kysely<unknown>, steps);
      } catch (error) {
        const failed = error instanceof MigrationFailedError ? error.migrationName : 'inconnue';
        const reason = error instanceof MigrationFailedError ? error.reason : error;
        await db.destroy();
        throw new Error(
          `Échec de la mise à jour de la base (migration ${failed}) : ${reason instanceof Error ? reason.message : String(reason)}.` +
            (backupPath ? ` Une copie a été conservée : ${backupPath}` : ''),
          { cause: error },
        );
      }
    }
    return {
      db,
      sqlite,
      path,
      backupPath,
      close: async () => {
        try {
          sqlite.pragma('optimize');
        } finally {
          await db.destroy();
        }
      },
    };
  } catch (e) {
    if (sqlite.open) sqlite.close();
    throw e;
  }
}

/**
 * Runs fn inside one write transaction (BEGIN IMMEDIATE). Inside an API call the handler's `db`
 * already is the call's transaction: fn then simply runs in it (one unit of work per call).
 */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  // PostgreSQL (team mode): SERIALIZABLE, and the whole unit of work runs again on a
  // serialization failure or a deadlock (electron/db/postgres/retry.ts).
  if (isPostgres(db)) return withSerializationRetry(() => db.transaction().setIsolationLevel('serializable').execute(fn));
  return db.transaction().setIsolationLevel('serializable').execute(fn);
}

/** Runs fn in a read transaction: one consistent snapshot for every query of a read call. */
export function inReadTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  // PostgreSQL: REPEATABLE READ gives the one snapshot (READ COMMITTED would not).
  if (isPostgres(db)) return db.transaction().setIsolationLevel('repeatable read').execute(fn);
  return db.transaction().execute(fn);
}
