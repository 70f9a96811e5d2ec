// Exchange format 2 (issue 12): the spending corrections, the FEC mapping rules and the register of
// indemnities carry a stable uuid — given to existing rows by 2026-11-30-11, to new rows on insert —
// while their ledger guards still refuse every real change.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../electron/db/connection';
import { MIGRATION_NAMES } from '../../electron/db/migrations';
import { BOOK_UUID_TABLES } from '../../electron/db/migrations/2026-11-30-11-exchange-books-uuids';
import { tempDir } from './helpers';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuids of the books', () => {
  it('are given to existing rows, to new ones, and the guards still refuse changes', async () => {
    const path = join(tempDir(), 'old.sqlite');
    const old = await openDatabase(path, { upTo: MIGRATION_NAMES[MIGRATION_NAMES.indexOf('2026-11-30-11-exchange-books-uuids') - 1] });
    const o = old.sqlite;
    const t = '2023-01-01T00:00:00Z';
    o.prepare(`INSERT INTO cpts (name, legal_name, siret, departement, communes, created_at) VALUES ('CPTS', 'Asso', '', '74', '[]', ?)`).run(t);
    o.prepare(`INSERT INTO contract (cpts_id, cpam, ars, signed_on, starts_on, ends_on, text_version, status, created_at, updated_at) VALUES (1, 'CPAM', 'ARS', '2022-07-01', '2022-07-01', '2027-06-30', 'avenant2', 'actif', ?, ?)`).run(t, t);
    o.prepare(`INSERT INTO spending (contract_id, spent_on, mission, category, amount_cents, document_ref, comment, recorded_at) VALUES (1, '2023-01-05', '', 'coordination', 5000, 'F1', '', ?)`).run(t);
    for (let i = 0; i < 3; i++) o.prepare(`INSERT INTO spending_correction (spending_id, contract_id, corrected_on, amount_cents, reason, recorded_at) VALUES (1, 1, '2023-02-01', -100, 'Avoir', ?)`).run(t);
    o.prepare(`INSERT INTO book_mapping (contract_id, rules, recorded_at) VALUES (1, '[]', ?)`).run(t);
    o.prepare(`INSERT INTO professional (contract_id, name, profession, created_at) VALUES (1, 'Dr Petit', 'Médecin', ?)`).run(t);
    o.prepare(`INSERT INTO indemnity_entry (contract_id, professional_id, worked_on, hours_centi, kind, amount_cents, dup_key, recorded_at) VALUES (1, 1, '2023-03-10', 250, 'indemnite', 25000, 'k1', ?)`).run(t);
    await old.close();

    const opened = await openDatabase(path);
    const s = opened.sqlite;
    try {
      const seen = new Set<string>();
      for (const table of BOOK_UUID_TABLES) {
        for (const r of s.prepare(`SELECT uuid FROM ${table}`).all() as { uuid: string }[]) {
          expect(r.uuid, table).toMatch(UUID_RE);
          expect(seen.has(r.uuid)).toBe(false);
          seen.add(r.uuid);
        }
      }
      expect(seen.size).toBe(6);
      // New rows get theirs on insert (the fill passes the guards); real changes are still refused.
      s.prepare(`INSERT INTO spending_correction (spending_id, contract_id, corrected_on, amount_cents, reason, recorded_at) VALUES (1, 1, '2023-02-02', -100, 'Avoir 2', ?)`).run(t);
      s.prepare(`INSERT INTO indemnity_entry (contract_id, professional_id, worked_on, hours_centi, kind, amount_cents, dup_key, recorded_at) VALUES (1, 1, '2023-03-11', 100, 'indemnite', 10000, 'k2', ?)`).run(t);
      s.prepare(`INSERT INTO book_mapping (contract_id, rules, recorded_at) VALUES (1, '[]', ?)`).run(t);
      for (const table of ['spending_correction', 'indemnity_entry', 'book_mapping']) {
        expect((s.prepare(`SELECT uuid FROM ${table} ORDER BY id DESC LIMIT 1`).get() as { uuid: string }).uuid, table).toMatch(UUID_RE);
      }
      expect(() => s.prepare(`UPDATE spending_correction SET amount_cents = -200 WHERE id = 1`).run()).toThrow(/ne se modifie pas/);
      expect(() => s.prepare(`UPDATE indemnity_entry SET amount_cents = 1 WHERE id = 1`).run()).toThrow(/ne se modifie pas/);
      expect(() => s.prepare(`UPDATE book_mapping SET rules = '[1]' WHERE id = 1`).run()).toThrow(/ne se modifie pas/);
      expect(() => s.prepare(`UPDATE professional SET uuid = '00000000-0000-4000-8000-000000000000'`).run()).toThrow(/ne se modifie pas/);
    } finally {
      await opened.close();
    }
  }, 300_000);
});
