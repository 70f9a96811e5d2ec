// The database itself refuses every change the ledger forbids (issue 10): each forbidden statement
// is tried with plain SQL, as another program writing to the file would, and must be answered by
// the French refusal and change nothing. On PostgreSQL (team mode, issue 13: ACI_TEST_ENGINE=postgres)
// the same statements meet the server's triggers (2026-11-30-pg-01-schema), which raise the same
// French messages: another program connected to the shared database is refused alike.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { OpenedDb } from '../../electron/db/connection';
import { seedDemo } from '../../electron/db/demo';
import { contractTrigger } from '../../electron/db/migrations/2026-11-30-04-ledger-triggers';
import { ok, openTemp, sqlAll, sqlRun } from './helpers';
import { ON_POSTGRES } from './pgTest';

let opened: OpenedDb;

async function one(query: string): Promise<number> {
  const [row] = await sqlAll(opened, query);
  if (!row) throw new Error(`no row: ${query}`);
  return Number(Object.values(row)[0]);
}

/** A fingerprint of every ledger table, to check that a refused statement changed nothing. */
async function snapshot(): Promise<string> {
  const tables = ['contract', 'payment', 'payment_allocation', 'review', 'review_addendum', 'target_revision', 'review_indicator', 'review_participant', 'review_decision'];
  const all: unknown[] = [];
  for (const t of tables) all.push(await sqlAll(opened, `SELECT * FROM ${t} ORDER BY id`));
  return JSON.stringify(all);
}

beforeAll(async () => {
  const t = await openTemp('2026-11-23');
  opened = t.opened;
  await seedDemo(t.ctx);
  const closed = await one(`SELECT id FROM review WHERE status = 'closed' ORDER BY id LIMIT 1`);
  await ok(t.ctx, 'reviews.addendum', { reviewId: closed, addedOn: '2026-11-20', text: 'Correction du compte rendu.' });
  // The demo contracts are flagged as such (and may then be deleted): these stand for real ones.
  if (await hasDemoColumn()) await sqlRun(opened, 'UPDATE contract SET demo = 0');
}, 120_000);

async function hasDemoColumn(): Promise<boolean> {
  const columns = ON_POSTGRES
    ? await sqlAll<{ name: string }>(opened, "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'contract'")
    : await sqlAll<{ name: string }>(opened, 'PRAGMA table_info(contract)');
  return columns.some((c) => c.name === 'demo');
}

afterAll(async () => {
  await opened.close();
});

describe('ledger triggers', () => {
  it('the demo holds every kind of history the triggers protect', async () => {
    for (const t of ['payment', 'payment_allocation', 'review_addendum', 'target_revision']) expect(await one(`SELECT COUNT(*) FROM ${t}`)).toBeGreaterThan(0);
    const closed = `(SELECT id FROM review WHERE status = 'closed')`;
    for (const t of ['review_indicator', 'review_participant', 'review_decision']) expect(await one(`SELECT COUNT(*) FROM ${t} WHERE review_id IN ${closed}`)).toBeGreaterThan(0);
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

  it.each(forbidden)('refuses %s in French and changes nothing', async (_label, statement, message) => {
    const before = await snapshot();
    await expect(sqlRun(opened, statement)).rejects.toThrow(message);
    expect(await snapshot()).toBe(before);
  });

  it('still lets the app append history: a new payment, an addendum, a draft review edited', async () => {
    const before = await one('SELECT COUNT(*) FROM review_addendum');
    await sqlRun(opened, `INSERT INTO review_addendum (review_id, added_on, text, recorded_at) VALUES (${closedReview}, '2026-11-21', 'Deuxième addendum', '2026-11-21T10:00:00Z')`);
    expect(await one('SELECT COUNT(*) FROM review_addendum')).toBe(before + 1);
    expect(await sqlRun(opened, `UPDATE review SET summary = 'brouillon repris' WHERE id = ${draftReview}`)).toBe(1);
  });

  it.runIf(ON_POSTGRES)('on PostgreSQL, every guard is a live trigger of the server (pg_trigger), not only the app', async () => {
    const rows = await sqlAll<{ name: string; enabled: string }>(
      opened,
      `SELECT t.tgname AS name, t.tgenabled AS enabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace`,
    );
    const live = new Map(rows.map((r) => [r.name, r.enabled]));
    const guards = ['payment_no_update', 'payment_no_delete', 'payment_allocation_no_update', 'payment_allocation_no_delete', 'review_addendum_no_update', 'review_addendum_no_delete', 'target_revision_no_update', 'target_revision_no_delete', 'review_closed_no_update', 'review_closed_no_delete', 'contract_with_payments_no_delete'];
    for (const t of ['review_participant', 'review_indicator', 'review_decision']) guards.push(`${t}_closed_insert`, `${t}_closed_update`, `${t}_closed_delete`);
    // 'O': fires in the origin (normal) replication role — every ordinary session.
    for (const g of guards) expect([g, live.get(g)]).toEqual([g, 'O']);
  });

  it('lets a contract without payments be deleted, and a demonstration contract with its whole history', async () => {
    if (!(await hasDemoColumn())) {
      // Before migration 2026-11-30-03 the column does not exist (SQLite only: the PostgreSQL schema
      // has it from its first migration): give it here, with the trigger the migration writes when
      // it finds the column.
      opened.sqlite.exec('ALTER TABLE contract ADD COLUMN demo INTEGER NOT NULL DEFAULT 0');
      opened.sqlite.exec(`DROP TRIGGER contract_with_payments_no_delete; CREATE TRIGGER contract_with_payments_no_delete ${contractTrigger(true)}`);
    }
    // Figures stored at closing (2026-11-30-05) have their own guards, which SQLite's cascade order
    // can reach while their review still stands: the demo removal lifts every guard for its one
    // transaction (electron/db/demoRemoval.ts). Here only this migration's triggers are under test.
    // On PostgreSQL every guard stays: a deletion cascading from a removed parent goes through them
    // (the parent row is already gone when the child's trigger runs), which this test then shows.
    if (!ON_POSTGRES) opened.sqlite.exec('DROP TRIGGER IF EXISTS closed_mission_figure_no_delete; DROP TRIGGER IF EXISTS closed_indicator_figure_no_delete');
    // The contract with the most history: payments, a closed review with its lines and addenda, target revisions.
    const id = await one(`SELECT contract_id FROM review_addendum JOIN review ON review.id = review_addendum.review_id LIMIT 1`);
    expect(await one(`SELECT COUNT(*) FROM payment WHERE contract_id = ${id}`)).toBeGreaterThan(0);
    await expect(sqlRun(opened, `DELETE FROM contract WHERE id = ${id}`)).rejects.toThrow(/archivez-le/);
    await sqlRun(opened, `UPDATE contract SET demo = 1 WHERE id = ${id}`);
    expect(await sqlRun(opened, `DELETE FROM contract WHERE id = ${id}`)).toBe(1);
    expect(await one(`SELECT COUNT(*) FROM payment WHERE contract_id = ${id}`)).toBe(0);
    expect(await one(`SELECT COUNT(*) FROM review WHERE contract_id = ${id}`)).toBe(0);
    expect(await one(`SELECT COUNT(*) FROM payment_allocation WHERE payment_id NOT IN (SELECT id FROM payment)`)).toBe(0);
    expect(await one(`SELECT COUNT(*) FROM review_addendum WHERE review_id NOT IN (SELECT id FROM review)`)).toBe(0);
    if (ON_POSTGRES) {
      // The server checks every foreign key at each statement; none is left unvalidated (NOT VALID) or off.
      expect(await one(`SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`)).toBeGreaterThan(20);
      expect(await one(`SELECT COUNT(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace AND NOT convalidated`)).toBe(0);
    } else {
      expect(opened.sqlite.pragma('foreign_key_check')).toEqual([]);
    }

    const cpts = await one('SELECT id FROM cpts ORDER BY id LIMIT 1');
    const now = '2026-11-23T00:00:00Z';
    const [{ id: fresh }] = await sqlAll<{ id: number }>(
      opened,
      `INSERT INTO contract (cpts_id, cpam, ars, signed_on, starts_on, ends_on, text_version, status, created_at, updated_at) VALUES (?, 'CPAM', 'ARS', '2026-01-01', '2026-01-01', '2030-12-31', 'avenant2', 'actif', ?, ?) RETURNING id`,
      [cpts, now, now],
    );
    expect(await sqlRun(opened, 'DELETE FROM contract WHERE id = ?', [fresh])).toBe(1);
  });
});
