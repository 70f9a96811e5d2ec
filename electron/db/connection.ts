// Opens the SQLite ledger: pragmas, migrations (with a backup first), and Kysely on top.
// SQLite-specific SQL stays in this folder.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type MigrationProvider,
  type Migration,
  type TransactionSettings,
} from 'kysely';
import type { Database as Schema } from './schema';
import { MIGRATION_NAMES, migrationMap } from './migrations';

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

class InCodeProvider implements MigrationProvider {
  constructor(private readonly upTo?: string) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const map = migrationMap(this.upTo);
    // SQLite DDL is not transactional in Kysely's adapter: each migration runs in its own
    // transaction on the migrator's connection.
    const wrapped: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(map)) {
      wrapped[name] = {
        up: async (db) => {
          await sql`BEGIN IMMEDIATE`.execute(db);
          try {
            await m.up(db);
            await sql`COMMIT`.execute(db);
          } catch (e) {
            await sql`ROLLBACK`.execute(db);
            throw e;
          }
        },
      };
    }
    return wrapped;
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

export async function openDatabase(path: string, opts: OpenOptions = {}): Promise<OpenedDb> {
  mkdirSync(dirname(path), { recursive: true });
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
      const migrator = new Migrator({ db, provider: new InCodeProvider(opts.upTo) });
      const { error, results } = opts.upTo ? await migrator.migrateTo(opts.upTo) : await migrator.migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'inconnue';
        await db.destroy();
        throw new Error(
          `Échec de la mise à jour de la base (migration ${failed}) : ${error instanceof Error ? error.message : String(error)}.` +
            (backupPath ? ` Une copie a été conservée : ${backupPath}` : ''),
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
  return db.transaction().setIsolationLevel('serializable').execute(fn);
}

/** Runs fn in a read transaction: one consistent snapshot for every query of a read call. */
export function inReadTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}
