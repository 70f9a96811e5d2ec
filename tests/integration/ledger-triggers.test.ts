// The database itself refuses every change the ledger forbids (issue 10): each forbidden statement
// is tried with plain SQL, as another program writing to the file would, and must be answered by
// the French refusal and change nothing.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { OpenedDb } from '../../electron/db/connection';
import { seedDemo } from '../../electron/db/demo';
import { contractTrigger } from '../../electron/db/migrations/2026-11-30-04-ledger-triggers';
import { ok, openTemp } from './helpers';

let opened: OpenedDb;
let sqlite: Database.Database;

function one(query: string): number {
  const row = sqlite.prepare(query).get() as Record<string, number> | undefined;
  if (!row) throw new Error(`no row: ${query}`);
  return Object.values(row)[0];
}

/** A fingerprint of every ledger table, to check that a refused statement changed nothing. */
function snapshot(): string {
  const tables = ['contract', 'payment', 'payment_allocation', 'review', 'review_addendum', 'target_revision', 'review_indicator', 'review_participant', 'review_decision'];
  return JSON.stringify(tables.map((t) => sqlite.prepare(`SELECT * FROM ${t} ORDER BY id`).all()));
}

beforeAll(async () => {
  const t = await openTemp('2026-11-23');
  opened = t.opened;
  sqlite = t.opened.sqlite;
  await seedDemo(t.ctx);
  const closed = one(`SELECT id FROM review WHERE status = 'closed' ORDER BY id LIMIT 1`);
  await ok(t.ctx, 'reviews.addendum', { reviewId: closed, addedOn: '2026-11-20', text: 'Correction du compte rendu.' });
  // The demo contracts are flagged as such (and may then be deleted): these stand for real ones.
  if (hasDemoColumn()) sqlite.exec('UPDATE contract SET demo = 0');
}, 120_000);

function hasDemoColumn(): boolean {
  return (sqlite.prepare('PRAGMA table_info(contract)').all() as { name: string }[]).some((c) => c.name === 'demo');
}

afterAll(async () => {
  await opened.close();
});

describe('ledger triggers', () => {
  it('the demo holds every kind of history the triggers protect', () => {
    for (const t of ['payment', 'payment_allocation', 'review_addendum', 'target_revision']) expect(one(`SELECT COUNT(*) FROM ${t}`)).toBeGreaterThan(0);
    const closed = `(SELECT id FROM review WHERE status = 'closed')`;
    for (const t of ['review_indicator', 'review_participant', 'review_decision']) expect(one(`SELECT COUNT(*) FROM ${t} WHERE review_id IN ${closed}`)).toBeGreaterThan(0);
  });

  const closedReview = `(SELECT id FROM review WHERE status = 'closed' ORDER BY id LIMIT 1)`;
  const draftReview = `(SELECT id FROM review WHERE status = 'draft' ORDER BY id LIMIT 1)`;
  const closedLine = (t: string) => `(SELECT id FROM ${t} WHERE review_id IN (SELECT id FROM review WHERE status = 'closed') ORDER BY id LIMIT 1)`;
  const paidContract = `(SELECT contract_id FROM payment ORDER BY id LIMIT 1)`;
  const forbidden: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['UPDATE payment', `UPDATE payment SET amount_cents = amount_cents + 1 WHERE id = (SELECT MIN(id) FROM payment)`, /Un versement ne se modifie pas/],
    ['DELETE payment', `DELETE FROM payment WHERE id = (SELECT MIN(id) FROM payment)`, /Un versement ne se supprime pas/],
    ['UPDATE payment_allocation', `UPDATE payment_allocation SET amount_cents = 0 WHERE id = (SELECT MIN(id) FROM payment_allocation)`, /La répartition d’un versement ne se modifie pas/],
    ['UPDATE payment_allocation (tranche)', `UPDATE payment_allocation SET tranche_id = 'autre'`, /La répartition d’un versement ne se modifie pas/],
    ['DELETE payment_allocation', `DELETE FROM payment_allocation WHERE id = (SELECT MIN(id) FROM payment_allocation)`, /La répartition d’un versement ne se supprime pas/],
    ['UPDATE review_addendum', `UPDATE review_addendum SET text = 'réécrit'`, /Un addendum ne se modifie pas/],
    ['DELETE review_addendum', `DELETE FROM review_addendum`, /Un addendum ne se supprime pas/],
    ['UPDATE target_revision', `UPDATE target_revision SET new_target = 0`, /Historique des cibles/],
    ['DELETE target_revision', `DELETE FROM target_revision`, /Historique des cibles : une révision ne se supprime pas/],
    ['UPDATE closed review', `UPDATE review SET summary = 'réécrit' WHERE id = ${closedReview}`, /Dialogue clos/],
    ['UPDATE closed review (reopen)', `UPDATE review SET status = 'draft' WHERE id = ${closedReview}`, /Dialogue clos/],
    ['DELETE closed review', `DELETE FROM review WHERE id = ${closedReview}`, /Dialogue clos : il ne se supprime pas/],
    ['UPDATE review_indicator of a closed review', `UPDATE review_indicator SET validated = 0 WHERE id = ${closedLine('review_indicator')}`, /Dialogue clos/],
    ['DELETE review_indicator of a closed review', `DELETE FROM review_indicator WHERE id = ${closedLine('review_indicator')}`, /Dialogue clos/],
    ['UPDATE review_participant of a closed review', `UPDATE review_participant SET name = 'X' WHERE id = ${closedLine('review_participant')}`, /Dialogue clos/],
    ['DELETE review_participant of a closed review', `DELETE FROM review_participant WHERE id = ${closedLine('review_participant')}`, /Dialogue clos/],
    ['INSERT review_participant into a closed review', `INSERT INTO review_participant (review_id, name, organisation) VALUES (${closedReview}, 'X', 'CPAM')`, /Dialogue clos/],
    ['UPDATE review_decision of a closed review', `UPDATE review_decision SET text = 'X' WHERE id = ${closedLine('review_decision')}`, /Dialogue clos/],
    ['DELETE review_decision of a closed review', `DELETE FROM review_decision WHERE id = ${closedLine('review_decision')}`, /Dialogue clos/],
    [
      'moving a draft review line into a closed review',
      `UPDATE review_participant SET review_id = ${closedReview} WHERE id = (SELECT id FROM review_participant WHERE review_id = ${draftReview} LIMIT 1)`,
      /Dialogue clos/,
    ],
    ['DELETE contract with payments', `DELETE FROM contract WHERE id = ${paidContract}`, /Ce contrat a des versements : il ne se supprime pas, archivez-le/],
    ['DELETE cpts of a contract with payments', `DELETE FROM cpts WHERE id = (SELECT cpts_id FROM contract WHERE id = ${paidContract})`, /archivez-le/],
    ['DELETE every contract', `DELETE FROM contract`, /archivez-le/],
  ];

  it.each(forbidden)('refuses %s in French and changes nothing', (_label, statement, message) => {
    const before = snapshot();
    expect(() => sqlite.prepare(statement).run()).toThrow(message);
    expect(snapshot()).toBe(before);
  });

  it('still lets the app append history: a new payment, an addendum, a draft review edited', () => {
    const before = one('SELECT COUNT(*) FROM review_addendum');
    sqlite.prepare(`INSERT INTO review_addendum (review_id, added_on, text, recorded_at) VALUES (${closedReview}, '2026-11-21', 'Deuxième addendum', '2026-11-21T10:00:00Z')`).run();
    expect(one('SELECT COUNT(*) FROM review_addendum')).toBe(before + 1);
    expect(sqlite.prepare(`UPDATE review SET summary = 'brouillon repris' WHERE id = ${draftReview}`).run().changes).toBe(1);
  });

  it('lets a contract without payments be deleted, and a demonstration contract with its whole history', () => {
    if (!hasDemoColumn()) {
      // Before migration 2026-11-30-03 the column does not exist: give it here, with the trigger
      // the migration writes when it finds the column.
      sqlite.exec('ALTER TABLE contract ADD COLUMN demo INTEGER NOT NULL DEFAULT 0');
      sqlite.exec(`DROP TRIGGER contract_with_payments_no_delete; CREATE TRIGGER contract_with_payments_no_delete ${contractTrigger(true)}`);
    }
    // Figures stored at closing (2026-11-30-05) have their own guards, which SQLite's cascade order
    // can reach while their review still stands: the demo removal lifts every guard for its one
    // transaction (electron/db/demoRemoval.ts). Here only this migration's triggers are under test.
    sqlite.exec('DROP TRIGGER IF EXISTS closed_mission_figure_no_delete; DROP TRIGGER IF EXISTS closed_indicator_figure_no_delete');
    // The contract with the most history: payments, a closed review with its lines and addenda, target revisions.
    const id = one(`SELECT contract_id FROM review_addendum JOIN review ON review.id = review_addendum.review_id LIMIT 1`);
    expect(one(`SELECT COUNT(*) FROM payment WHERE contract_id = ${id}`)).toBeGreaterThan(0);
    expect(() => sqlite.prepare(`DELETE FROM contract WHERE id = ${id}`).run()).toThrow(/archivez-le/);
    sqlite.prepare(`UPDATE contract SET demo = 1 WHERE id = ${id}`).run();
    expect(sqlite.prepare(`DELETE FROM contract WHERE id = ${id}`).run().changes).toBe(1);
    expect(one(`SELECT COUNT(*) FROM payment WHERE contract_id = ${id}`)).toBe(0);
    expect(one(`SELECT COUNT(*) FROM review WHERE contract_id = ${id}`)).toBe(0);
    expect(one(`SELECT COUNT(*) FROM payment_allocation WHERE payment_id NOT IN (SELECT id FROM payment)`)).toBe(0);
    expect(one(`SELECT COUNT(*) FROM review_addendum WHERE review_id NOT IN (SELECT id FROM review)`)).toBe(0);
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);

    const cpts = one('SELECT id FROM cpts ORDER BY id LIMIT 1');
    const now = '2026-11-23T00:00:00Z';
    const fresh = sqlite
      .prepare(`INSERT INTO contract (cpts_id, cpam, ars, signed_on, starts_on, ends_on, text_version, status, created_at, updated_at) VALUES (?, 'CPAM', 'ARS', '2026-01-01', '2026-01-01', '2030-12-31', 'avenant2', 'actif', ?, ?)`)
      .run(cpts, now, now).lastInsertRowid;
    expect(sqlite.prepare('DELETE FROM contract WHERE id = ?').run(fresh).changes).toBe(1);
  });
});
