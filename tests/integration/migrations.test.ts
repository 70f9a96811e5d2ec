import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase, DatabaseFromFutureError } from '../../electron/db/connection';
import { MIGRATION_NAMES } from '../../electron/db/migrations';
import { tempDir } from './helpers';

describe('migrations', () => {
  it('are named by ISO date and strictly increasing', () => {
    for (const n of MIGRATION_NAMES) expect(n).toMatch(/^\d{4}-\d{2}-\d{2}-\d{2}-[a-z-]+$/);
    expect([...MIGRATION_NAMES].sort()).toEqual(MIGRATION_NAMES);
    expect(new Set(MIGRATION_NAMES).size).toBe(MIGRATION_NAMES.length);
  });

  it('upgrade a database seeded at an older migration, keeping its data and a backup', async () => {
    const dir = tempDir();
    const path = join(dir, 'old.sqlite');
    const old = await openDatabase(path, { upTo: MIGRATION_NAMES[0] });
    await sql`INSERT INTO cpts (name, legal_name, departement, communes, created_at) VALUES ('CPTS Ancienne', 'Asso', '74', '["Évian-les-Bains"]', '2024-01-01')`.execute(old.db);
    const tablesBefore = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type='table' AND name='payment'`.execute(old.db);
    expect(tablesBefore.rows).toHaveLength(0);
    await old.close();

    const upgraded = await openDatabase(path);
    expect(upgraded.backupPath).not.toBeNull();
    expect(existsSync(upgraded.backupPath!)).toBe(true);
    const cpts = await upgraded.db.selectFrom('cpts').select('name').execute();
    expect(cpts).toEqual([{ name: 'CPTS Ancienne' }]);
    const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(upgraded.db);
    expect(applied.rows.map((r) => r.name)).toEqual(MIGRATION_NAMES);
    await upgraded.db.selectFrom('payment').selectAll().execute();
    await upgraded.close();

    // The backup is the old schema, readable as is.
    const backup = new Database(join(dir, readdirSync(dir).find((f) => f.includes('avant-migration'))!), { readonly: true });
    expect(backup.prepare("SELECT name FROM sqlite_master WHERE name = 'payment'").get()).toBeUndefined();
    backup.close();
  });

  it('refuse a database written by a newer version, without touching it', async () => {
    const dir = tempDir();
    const path = join(dir, 'future.sqlite');
    const db = await openDatabase(path);
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('2099-01-01-01-future', '2099-01-01')`.execute(db.db);
    await db.close();
    await expect(openDatabase(path)).rejects.toBeInstanceOf(DatabaseFromFutureError);
    await expect(openDatabase(path)).rejects.toThrow(/version plus récente/);
    expect(readdirSync(dir).some((f) => f.includes('avant-migration'))).toBe(false);
  });

  it('set the ledger pragmas and STRICT tables', async () => {
    const dir = tempDir();
    const opened = await openDatabase(join(dir, 'p.sqlite'));
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(opened.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    const ddl = opened.sqlite.prepare("SELECT sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'kysely%' AND name NOT LIKE 'sqlite%'").all() as { sql: string }[];
    for (const t of ddl) expect(t.sql).toMatch(/STRICT$/);
    await opened.close();
  });
});
