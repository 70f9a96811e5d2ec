// A migration and its record in kysely_migration commit together, or not at all (issue 10).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { MigrationFailedError, runMigrations, type MigrationStep } from '../../electron/db/migrate';
import { openDatabase } from '../../electron/db/connection';
import { MIGRATION_NAMES } from '../../electron/db/migrations';
import { tempDir } from './helpers';

function scratch(): { sqlite: Database.Database; db: Kysely<unknown> } {
  const sqlite = new Database(join(tempDir(), 'm.sqlite'));
  return { sqlite, db: new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) }) };
}

const tables = (sqlite: Database.Database) =>
  (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
const recorded = (sqlite: Database.Database) => (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);

const createTable = (name: string, table: string): MigrationStep => ({ name, up: async (db) => void (await sql.raw(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY)`).execute(db)) });

describe('migrations record their version in their own transaction', () => {
  it('applies and records each migration once, in order', async () => {
    const { sqlite, db } = scratch();
    expect(await runMigrations(db, [createTable('2026-01-01-01-a', 't_a'), createTable('2026-01-01-02-b', 't_b')])).toEqual(['2026-01-01-01-a', '2026-01-01-02-b']);
    expect(await runMigrations(db, [createTable('2026-01-01-01-a', 't_a'), createTable('2026-01-01-02-b', 't_b')])).toEqual([]);
    expect(tables(sqlite)).toEqual(['t_a', 't_b']);
    expect(recorded(sqlite)).toEqual(['2026-01-01-01-a', '2026-01-01-02-b']);
    await db.destroy();
  });

  it('leaves neither the schema change nor the record when the record cannot be written', async () => {
    const { sqlite, db } = scratch();
    await runMigrations(db, [createTable('2026-01-01-01-a', 't_a')]);
    // The record of the next migration fails after its up() has run: its table must go with it.
    sqlite.exec(`CREATE TRIGGER refuse_record BEFORE INSERT ON kysely_migration WHEN NEW.name = '2026-01-01-02-b'
      BEGIN SELECT RAISE(ABORT, 'enregistrement impossible'); END`);
    const failed = runMigrations(db, [createTable('2026-01-01-01-a', 't_a'), createTable('2026-01-01-02-b', 't_b')]);
    await expect(failed).rejects.toBeInstanceOf(MigrationFailedError);
    await expect(failed).rejects.toMatchObject({ migrationName: '2026-01-01-02-b' });
    expect(tables(sqlite)).toEqual(['t_a']);
    expect(recorded(sqlite)).toEqual(['2026-01-01-01-a']);
    expect(sqlite.inTransaction).toBe(false);
    await db.destroy();
  });

  it('leaves nothing of a migration that fails half-way, and refuses to apply one before an applied later one', async () => {
    const { sqlite, db } = scratch();
    const halfway: MigrationStep = {
      name: '2026-01-01-01-a',
      up: async (d) => {
        await sql`CREATE TABLE t_half (id INTEGER PRIMARY KEY)`.execute(d);
        await sql`INSERT INTO t_missing VALUES (1)`.execute(d);
      },
    };
    await expect(runMigrations(db, [halfway])).rejects.toMatchObject({ migrationName: '2026-01-01-01-a' });
    expect(tables(sqlite)).toEqual([]);
    expect(recorded(sqlite)).toEqual([]);

    await runMigrations(db, [createTable('2026-01-01-02-b', 't_b')]);
    await expect(runMigrations(db, [createTable('2026-01-01-01-a', 't_a'), createTable('2026-01-01-02-b', 't_b')])).rejects.toThrow(/ordre des migrations rompu/);
    expect(tables(sqlite)).toEqual(['t_b']);
    await db.destroy();
  });

  it('the app database records every migration with its schema, step by step from an old one', async () => {
    const dir = tempDir();
    const path = join(dir, 'app.sqlite');
    const old = await openDatabase(path, { upTo: MIGRATION_NAMES[1] });
    expect(recorded(old.sqlite)).toEqual(MIGRATION_NAMES.slice(0, 2));
    await old.close();
    const latest = await openDatabase(path);
    expect(recorded(latest.sqlite)).toEqual(MIGRATION_NAMES);
    expect(latest.sqlite.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name = 'contract_with_payments_no_delete'").get()).toEqual({ n: 1 });
    await latest.close();
  });
});
