// Stable identity (issue 12): every exchanged record has a UUID made once — by the migration for
// the rows that existed, by the database on insert for new ones — unique and never changed, while
// the ledger guards still refuse every real change.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../electron/db/connection';
import { seedDemo } from '../../electron/db/demo';
import { MIGRATION_NAMES } from '../../electron/db/migrations';
import { UUID_TABLES } from '../../electron/db/migrations/2026-11-30-07-uuids';
import { makeContext } from '../../electron/runtime';
import { ok, tempDir } from './helpers';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuids', () => {
  it('are given to existing rows by the migration, to new rows on insert, and never change', async () => {
    const dir = tempDir();
    const path = join(dir, 'old.sqlite');
    const old = await openDatabase(path, { upTo: MIGRATION_NAMES[MIGRATION_NAMES.indexOf('2026-11-30-07-uuids') - 1] });
    await seedDemo({ ...makeContext(old, dir, 'cli'), today: () => '2026-11-23' });
    await old.close();

    const opened = await openDatabase(path);
    const s = opened.sqlite;
    try {
      const seen = new Set<string>();
      for (const t of UUID_TABLES) {
        const rows = s.prepare(`SELECT uuid FROM ${t}`).all() as { uuid: string | null }[];
        for (const r of rows) {
          expect(r.uuid, t).toMatch(UUID_RE);
          expect(seen.has(r.uuid!)).toBe(false);
          seen.add(r.uuid!);
        }
      }
      expect(seen.size).toBeGreaterThan(500);

      // A new payment gets its uuid from the database; the ledger still refuses any change to it.
      const ctx = { ...makeContext(opened, dir, 'cli'), today: () => '2026-11-23' };
      const contractId = (s.prepare('SELECT contract_id AS id FROM payment LIMIT 1').get() as { id: number }).id;
      const view = await ok(ctx, 'payments.list', { contractId });
      const open = view.schedule.find((t) => t.outstandingCents > 0 && t.dueOn <= '2026-11-23');
      if (open) {
        await ok(ctx, 'payments.record', { contractId, receivedOn: '2026-11-20', amountCents: '10,00', cpamRef: 'VIR-TEST', trancheIds: [open.id] });
        const p = s.prepare('SELECT id, uuid FROM payment ORDER BY id DESC LIMIT 1').get() as { id: number; uuid: string };
        expect(p.uuid).toMatch(UUID_RE);
        const a = s.prepare('SELECT uuid FROM payment_allocation WHERE payment_id = ?').get(p.id) as { uuid: string };
        expect(a.uuid).toMatch(UUID_RE);
      }
      expect(() => s.prepare('UPDATE payment SET amount_cents = amount_cents + 1 WHERE id = (SELECT MIN(id) FROM payment)').run()).toThrow(/Un versement ne se modifie pas/);
      expect(() => s.prepare(`UPDATE payment SET uuid = '00000000-0000-4000-8000-000000000000' WHERE id = (SELECT MIN(id) FROM payment)`).run()).toThrow();
      expect(() => s.prepare(`UPDATE contract SET uuid = '00000000-0000-4000-8000-000000000000' WHERE id = (SELECT MIN(id) FROM contract)`).run()).toThrow(/ne se modifie pas/);
      // An explicit uuid is kept as given (the exchange import inserts the other side's).
      const given = '11111111-2222-4333-8444-555555555555';
      s.prepare(`INSERT INTO cpts (name, legal_name, siret, departement, communes, created_at, uuid) VALUES ('X', 'X', '', '01', '[]', '2026-01-01', ?)`).run(given);
      expect((s.prepare('SELECT uuid FROM cpts ORDER BY id DESC LIMIT 1').get() as { uuid: string }).uuid).toBe(given);
      expect(() => s.prepare(`INSERT INTO cpts (name, legal_name, siret, departement, communes, created_at, uuid) VALUES ('Y', 'Y', '', '01', '[]', '2026-01-01', ?)`).run(given)).toThrow(/UNIQUE/);
    } finally {
      await opened.close();
    }
  }, 60_000);
});
