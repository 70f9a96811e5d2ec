// Stable identity (issue 12): every exchanged record has a UUID made once — by the migration for
// the rows that existed, by the database on insert for new ones — unique and never changed, while
// the ledger guards still refuse every real change. On PostgreSQL (ACI_TEST_ENGINE=postgres) the
// schema has carried the uuid columns from its first migration, so no row ever predates them: the
// same rows are written with plain SQL into the migrated database and get theirs from the column's
// DEFAULT, then face the same checks (the server's triggers and unique indexes).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type OpenedDb } from '../../electron/db/connection';
import { seedDemo } from '../../electron/db/demo';
import { MIGRATION_NAMES } from '../../electron/db/migrations';
import { UUID_TABLES } from '../../electron/db/migrations/2026-11-30-07-uuids';
import { makeContext } from '../../electron/runtime';
import type { ApiContext } from '../../electron/api/context';
import { ok, openTemp, sqlAll, sqlRun, tempDir } from './helpers';
import { ON_POSTGRES } from './pgTest';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The data as it stood before the uuids, in a SQLite file migrated up to just before them, then opened (migrated). */
async function sqliteBeforeUuids(): Promise<{ opened: OpenedDb; ctx: ApiContext }> {
  const dir = tempDir();
  const path = join(dir, 'old.sqlite');
  // The data as it stood before this migration (plain SQL: the API of today needs later tables).
  const old = await openDatabase(path, { upTo: MIGRATION_NAMES[MIGRATION_NAMES.indexOf('2026-11-30-07-uuids') - 1] });
  const o = old.sqlite;
  const t = '2023-01-01T00:00:00Z';
  o.prepare(`INSERT INTO cpts (name, legal_name, siret, departement, communes, created_at) VALUES ('CPTS Ancienne', 'Asso', '', '74', '[]', ?)`).run(t);
  o.prepare(`INSERT INTO population (cpts_id, population, as_of, recorded_at) VALUES (1, 90000, '2022-01-01', ?)`).run(t);
  o.prepare(`INSERT INTO contract (cpts_id, cpam, ars, signed_on, starts_on, ends_on, text_version, status, created_at, updated_at) VALUES (1, 'CPAM', 'ARS', '2022-07-01', '2022-07-01', '2027-06-30', 'avenant2', 'actif', ?, ?)`).run(t, t);
  for (let i = 0; i < 200; i++) {
    const p = o.prepare(`INSERT INTO payment (contract_id, received_on, amount_cents, cpam_ref, comment, recorded_at) VALUES (1, '2022-09-15', ?, 'V', '', ?)`).run(1000 + i, t);
    o.prepare(`INSERT INTO payment_allocation (payment_id, tranche_id, amount_cents) VALUES (?, 'y1-fonctionnement', ?)`).run(p.lastInsertRowid, 1000 + i);
  }
  const r = o.prepare(`INSERT INTO review (contract_id, year, kind, status, held_on, created_at) VALUES (1, 1, 'annual', 'draft', '2023-06-10', ?)`).run(t);
  o.prepare(`INSERT INTO review_participant (review_id, name, organisation) VALUES (?, 'Paul', 'CPAM')`).run(r.lastInsertRowid);
  o.prepare(`UPDATE review SET status = 'closed', closed_at = ? WHERE id = ?`).run(t, r.lastInsertRowid);
  o.prepare(`INSERT INTO review_addendum (review_id, added_on, text, recorded_at) VALUES (?, '2023-07-01', 'Correction', ?)`).run(r.lastInsertRowid, t);
  await old.close();
  const opened = await openDatabase(path);
  return { opened, ctx: { ...makeContext(opened, dir, 'cli'), today: () => '2026-11-23' } };
}

/** The same rows written with plain SQL into a migrated PostgreSQL database (another program's inserts). */
async function postgresWithRows(): Promise<{ opened: OpenedDb; ctx: ApiContext }> {
  const { opened, ctx } = await openTemp('2026-11-23');
  const t = '2023-01-01T00:00:00Z';
  const id = async (text: string, params: unknown[]) => (await sqlAll<{ id: number }>(opened, `${text} RETURNING id`, params))[0].id;
  const cpts = await id(`INSERT INTO cpts (name, legal_name, siret, departement, communes, created_at) VALUES ('CPTS Ancienne', 'Asso', '', '74', '[]', ?)`, [t]);
  await sqlRun(opened, `INSERT INTO population (cpts_id, population, as_of, recorded_at) VALUES (?, 90000, '2022-01-01', ?)`, [cpts, t]);
  const contract = await id(`INSERT INTO contract (cpts_id, cpam, ars, signed_on, starts_on, ends_on, text_version, status, created_at, updated_at) VALUES (?, 'CPAM', 'ARS', '2022-07-01', '2022-07-01', '2027-06-30', 'avenant2', 'actif', ?, ?)`, [cpts, t, t]);
  for (let i = 0; i < 200; i++) {
    const p = await id(`INSERT INTO payment (contract_id, received_on, amount_cents, cpam_ref, comment, recorded_at) VALUES (?, '2022-09-15', ?, 'V', '', ?)`, [contract, 1000 + i, t]);
    await sqlRun(opened, `INSERT INTO payment_allocation (payment_id, tranche_id, amount_cents) VALUES (?, 'y1-fonctionnement', ?)`, [p, 1000 + i]);
  }
  const r = await id(`INSERT INTO review (contract_id, year, kind, status, held_on, created_at) VALUES (?, 1, 'annual', 'draft', '2023-06-10', ?)`, [contract, t]);
  await sqlRun(opened, `INSERT INTO review_participant (review_id, name, organisation) VALUES (?, 'Paul', 'CPAM')`, [r]);
  await sqlRun(opened, `UPDATE review SET status = 'closed', closed_at = ? WHERE id = ?`, [t, r]);
  await sqlRun(opened, `INSERT INTO review_addendum (review_id, added_on, text, recorded_at) VALUES (?, '2023-07-01', 'Correction', ?)`, [r, t]);
  return { opened, ctx };
}

describe('uuids', () => {
  it('are given to existing rows by the migration, to new rows on insert, and never change', async () => {
    const { opened, ctx } = ON_POSTGRES ? await postgresWithRows() : await sqliteBeforeUuids();
    const one = async <R,>(text: string, params: unknown[] = []) => (await sqlAll<R>(opened, text, params))[0];
    try {
      const seen = new Set<string>();
      for (const t of UUID_TABLES) {
        const rows = await sqlAll<{ uuid: string | null }>(opened, `SELECT uuid FROM ${t}`);
        for (const r of rows) {
          expect(r.uuid, t).toMatch(UUID_RE);
          expect(seen.has(r.uuid!)).toBe(false);
          seen.add(r.uuid!);
        }
      }
      expect(seen.size).toBeGreaterThan(400);

      // A new payment gets its uuid from the database; the ledger still refuses any change to it.
      await seedDemo(ctx);
      const contractId = (await one<{ id: number }>('SELECT contract_id AS id FROM payment LIMIT 1')).id;
      const view = await ok(ctx, 'payments.list', { contractId });
      const open = view.schedule.find((t) => t.outstandingCents > 0 && t.dueOn <= '2026-11-23');
      if (open) {
        await ok(ctx, 'payments.record', { contractId, receivedOn: '2026-11-20', amountCents: '10,00', cpamRef: 'VIR-TEST', trancheIds: [open.id] });
        const p = await one<{ id: number; uuid: string }>('SELECT id, uuid FROM payment ORDER BY id DESC LIMIT 1');
        expect(p.uuid).toMatch(UUID_RE);
        const a = await one<{ uuid: string }>('SELECT uuid FROM payment_allocation WHERE payment_id = ?', [p.id]);
        expect(a.uuid).toMatch(UUID_RE);
      }
      await expect(sqlRun(opened, 'UPDATE payment SET amount_cents = amount_cents + 1 WHERE id = (SELECT MIN(id) FROM payment)')).rejects.toThrow(/Un versement ne se modifie pas/);
      await expect(sqlRun(opened, `UPDATE payment SET uuid = '00000000-0000-4000-8000-000000000000' WHERE id = (SELECT MIN(id) FROM payment)`)).rejects.toThrow();
      await expect(sqlRun(opened, `UPDATE review_addendum SET text = 'x'`)).rejects.toThrow(/Un addendum ne se modifie pas/);
      await expect(sqlRun(opened, `UPDATE review SET summary = 'x' WHERE status = 'closed'`)).rejects.toThrow(/Dialogue clos/);
      await expect(sqlRun(opened, `UPDATE contract SET uuid = '00000000-0000-4000-8000-000000000000' WHERE id = (SELECT MIN(id) FROM contract)`)).rejects.toThrow(/ne se modifie pas/);
      // An explicit uuid is kept as given (the exchange import inserts the other side's).
      const given = '11111111-2222-4333-8444-555555555555';
      await sqlRun(opened, `INSERT INTO cpts (name, legal_name, siret, departement, communes, created_at, uuid) VALUES ('X', 'X', '', '01', '[]', '2026-01-01', ?)`, [given]);
      expect((await one<{ uuid: string }>('SELECT uuid FROM cpts ORDER BY id DESC LIMIT 1')).uuid).toBe(given);
      const duplicate = ON_POSTGRES ? /duplicate key value violates unique constraint "cpts_uuid"/ : /UNIQUE/;
      await expect(sqlRun(opened, `INSERT INTO cpts (name, legal_name, siret, departement, communes, created_at, uuid) VALUES ('Y', 'Y', '', '01', '[]', '2026-01-01', ?)`, [given])).rejects.toThrow(duplicate);
    } finally {
      await opened.close();
    }
  }, 60_000);
});
