// Exchange format 2 (issue 12): the spending corrections, the FEC mapping rules and the register of
// indemnities carry a stable uuid — given to existing rows by 2026-11-30-11, to new rows on insert —
// while their ledger guards still refuse every real change. On PostgreSQL (ACI_TEST_ENGINE=postgres)
// the same rows are written into a database migrated up to just before its counterpart,
// 2026-11-30-pg-02-exchange-books-uuids, which then gives them theirs through the column's DEFAULT.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { openDatabase, type OpenedDb } from '../../electron/db/connection';
import { MIGRATION_NAMES } from '../../electron/db/migrations';
import { MIGRATION_TABLE } from '../../electron/db/migrate';
import { BOOK_UUID_TABLES } from '../../electron/db/migrations/2026-11-30-11-exchange-books-uuids';
import { PG_MIGRATIONS, PG_MIGRATION_NAMES } from '../../electron/db/postgres/migrations';
import { openPostgres } from '../../electron/db/postgres/connection';
import { sqlAll, sqlRun, tempDir } from './helpers';
import { createTestDatabase, ON_POSTGRES } from './pgTest';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The rows as they stood before the books had uuids (plain SQL, `?` placeholders). */
async function insertOldRows(run: (text: string, params: unknown[]) => Promise<unknown>): Promise<void> {
  const t = '2023-01-01T00:00:00Z';
  await run(`INSERT INTO cpts (name, legal_name, siret, departement, communes, created_at) VALUES ('CPTS', 'Asso', '', '74', '[]', ?)`, [t]);
  await run(`INSERT INTO contract (cpts_id, cpam, ars, signed_on, starts_on, ends_on, text_version, status, created_at, updated_at) VALUES (1, 'CPAM', 'ARS', '2022-07-01', '2022-07-01', '2027-06-30', 'avenant2', 'actif', ?, ?)`, [t, t]);
  await run(`INSERT INTO spending (contract_id, spent_on, mission, category, amount_cents, document_ref, comment, recorded_at) VALUES (1, '2023-01-05', '', 'coordination', 5000, 'F1', '', ?)`, [t]);
  for (let i = 0; i < 3; i++) await run(`INSERT INTO spending_correction (spending_id, contract_id, corrected_on, amount_cents, reason, recorded_at) VALUES (1, 1, '2023-02-01', -100, 'Avoir', ?)`, [t]);
  await run(`INSERT INTO book_mapping (contract_id, rules, recorded_at) VALUES (1, '[]', ?)`, [t]);
  await run(`INSERT INTO professional (contract_id, name, profession, created_at) VALUES (1, 'Dr Petit', 'Médecin', ?)`, [t]);
  await run(`INSERT INTO indemnity_entry (contract_id, professional_id, worked_on, hours_centi, kind, amount_cents, dup_key, recorded_at) VALUES (1, 1, '2023-03-10', 250, 'indemnite', 25000, 'k1', ?)`, [t]);
}

async function sqliteBeforeBookUuids(): Promise<OpenedDb> {
  const path = join(tempDir(), 'old.sqlite');
  const old = await openDatabase(path, { upTo: MIGRATION_NAMES[MIGRATION_NAMES.indexOf('2026-11-30-11-exchange-books-uuids') - 1] });
  const o = old.sqlite;
  await insertOldRows(async (text, params) => o.prepare(text).run(...params));
  await old.close();
  return openDatabase(path);
}

/** A server database migrated (with the app's bookkeeping) up to just before pg-02, the rows written, then opened: pg-02 onwards run. */
async function postgresBeforeBookUuids(): Promise<OpenedDb> {
  const database = await createTestDatabase();
  const raw = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }) });
  try {
    await raw.transaction().execute(async (trx) => {
      await sql.raw(`CREATE TABLE ${MIGRATION_TABLE} ("name" varchar(255) NOT NULL PRIMARY KEY, "timestamp" varchar(255) NOT NULL)`).execute(trx);
      for (const [name, mod] of PG_MIGRATIONS.slice(0, PG_MIGRATION_NAMES.indexOf('2026-11-30-pg-02-exchange-books-uuids'))) {
        await mod.up(trx);
        await sql`INSERT INTO ${sql.raw(MIGRATION_TABLE)} ("name", "timestamp") VALUES (${name}, '2026-11-30T00:00:00Z')`.execute(trx);
      }
    });
    await insertOldRows(async (text, params) => {
      let i = 0;
      await raw.executeQuery(CompiledQuery.raw(text.replace(/\?/g, () => `$${++i}`), params));
    });
  } finally {
    await raw.destroy();
  }
  const store = await openPostgres(database.url);
  return {
    db: store.db,
    path: database.url,
    backupPath: null,
    close: async () => {
      await store.close();
      await database.drop();
    },
    get sqlite(): OpenedDb['sqlite'] {
      throw new Error('PostgreSQL');
    },
  };
}

describe('uuids of the books', () => {
  it('are given to existing rows, to new ones, and the guards still refuse changes', async () => {
    const opened = ON_POSTGRES ? await postgresBeforeBookUuids() : await sqliteBeforeBookUuids();
    const t = '2023-01-01T00:00:00Z';
    try {
      const seen = new Set<string>();
      for (const table of BOOK_UUID_TABLES) {
        for (const r of await sqlAll<{ uuid: string }>(opened, `SELECT uuid FROM ${table}`)) {
          expect(r.uuid, table).toMatch(UUID_RE);
          expect(seen.has(r.uuid)).toBe(false);
          seen.add(r.uuid);
        }
      }
      expect(seen.size).toBe(6);
      // New rows get theirs on insert (the fill passes the guards); real changes are still refused.
      await sqlRun(opened, `INSERT INTO spending_correction (spending_id, contract_id, corrected_on, amount_cents, reason, recorded_at) VALUES (1, 1, '2023-02-02', -100, 'Avoir 2', ?)`, [t]);
      await sqlRun(opened, `INSERT INTO indemnity_entry (contract_id, professional_id, worked_on, hours_centi, kind, amount_cents, dup_key, recorded_at) VALUES (1, 1, '2023-03-11', 100, 'indemnite', 10000, 'k2', ?)`, [t]);
      await sqlRun(opened, `INSERT INTO book_mapping (contract_id, rules, recorded_at) VALUES (1, '[]', ?)`, [t]);
      for (const table of ['spending_correction', 'indemnity_entry', 'book_mapping']) {
        expect((await sqlAll<{ uuid: string }>(opened, `SELECT uuid FROM ${table} ORDER BY id DESC LIMIT 1`))[0].uuid, table).toMatch(UUID_RE);
      }
      await expect(sqlRun(opened, `UPDATE spending_correction SET amount_cents = -200 WHERE id = 1`)).rejects.toThrow(/ne se modifie pas/);
      await expect(sqlRun(opened, `UPDATE indemnity_entry SET amount_cents = 1 WHERE id = 1`)).rejects.toThrow(/ne se modifie pas/);
      await expect(sqlRun(opened, `UPDATE book_mapping SET rules = '[1]' WHERE id = 1`)).rejects.toThrow(/ne se modifie pas/);
      await expect(sqlRun(opened, `UPDATE professional SET uuid = '00000000-0000-4000-8000-000000000000'`)).rejects.toThrow(/ne se modifie pas/);
    } finally {
      await opened.close();
    }
  }, 300_000);
});
