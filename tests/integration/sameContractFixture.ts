// Rows of two contracts and, for each reference of the migration 2026-11-30-pg-05-same-contract-refs
// (and its SQLite counterpart 2026-11-30-13), a statement making a row of one contract designate a
// row of the other: shared by postgres-same-contract.test.ts (as an agent's role) and
// same-contract.test.ts (either engine, as the file's owner).

import { sql, type Kysely } from 'kysely';
import type { Database } from '../../electron/db/schema';

/** The tables a cross-contract write could reach: their row counts must not move on a refusal. */
export const WATCHED = [
  'payment', 'payment_allocation', 'evidence', 'closed_mission_figure', 'fec_line', 'fec_line_correction', 'indemnity_entry', 'annex_action',
  'livrable', 'indicator', 'target_revision', 'review_indicator', 'review_decision', 'closed_indicator_figure', 'professional',
];

export interface Rows {
  contract: number;
  payment: number;
  spending: number;
  correction: number;
  annex: number;
  action: number;
  livrable: number;
  indicator: number;
  review: number;
  professional: number;
  fecImport: number;
  fecLine: number;
  evidence: number;
}

/** A contract's rows of every kind another row can designate (written by the owner). */
export async function seed(db: Kysely<Database>, contract: number, tag: string): Promise<Rows> {
  const one = async (q: string, params: unknown[]): Promise<number> => {
    const r = await sql.raw<{ id: number }>(q.replace(/\$(\d+)/g, (_, n: string) => String(params[Number(n) - 1]))).execute(db);
    return Number(r.rows[0].id);
  };
  const payment = await one(`INSERT INTO payment (contract_id, received_on, amount_cents, cpam_ref, recorded_at) VALUES ($1, '2022-08-01', 10000, 'VIR-${tag}', 'now') RETURNING id`, [contract]);
  const spending = await one(
    `INSERT INTO spending (contract_id, spent_on, category, amount_cents, document_ref, recorded_at) VALUES ($1, '2022-09-01', 'autre', 5000, 'F-${tag}', 'now') RETURNING id`,
    [contract],
  );
  const correction = await one(
    `INSERT INTO spending_correction (spending_id, contract_id, corrected_on, amount_cents, reason, recorded_at) VALUES ($1, $2, '2022-09-02', -100, 'erreur', 'now') RETURNING id`,
    [spending, contract],
  );
  const annex = await one(`INSERT INTO annex_year (contract_id, year, created_at) VALUES ($1, 5, 'now') RETURNING id`, [contract]);
  const action = await one(`INSERT INTO annex_action (annex_year_id, mission, label) VALUES ($1, 'acces_soins', 'Action ${tag}') RETURNING id`, [annex]);
  const livrable = await one(`INSERT INTO livrable (action_id, label) VALUES ($1, 'Livrable ${tag}') RETURNING id`, [action]);
  const indicator = await one(
    `INSERT INTO indicator (action_id, label, kind, unit, source, direction, payment, amount_cents) VALUES ($1, 'Indicateur ${tag}', 'action', 'count', 'cpts', 'higher', 'linear', 100000) RETURNING id`,
    [action],
  );
  const review = await one(`INSERT INTO review (contract_id, year, kind, status, held_on, created_at) VALUES ($1, 5, 'annual', 'draft', '2027-06-01', 'now') RETURNING id`, [contract]);
  const professional = await one(`INSERT INTO professional (contract_id, name, profession, created_at) VALUES ($1, 'Dr ${tag}', 'médecin', 'now') RETURNING id`, [contract]);
  const fecImport = await one(
    `INSERT INTO fec_import (contract_id, file_name, sha256, encoding, layout, line_count, imported_count, duplicates_skipped, unmatched_count, imported_at)
     VALUES ($1, 'fec-${tag}.txt', '${'a'.repeat(64)}', 'utf-8', 'debit-credit', 1, 1, 0, 0, 'now') RETURNING id`,
    [contract],
  );
  const fecLine = await one(
    `INSERT INTO fec_line (import_id, contract_id, dup_key, line_no, kind, journal, ecriture_num, entry_date, account, label, amount_cents)
     VALUES ($1, $2, 'k-${tag}', 1, 'charge', 'AC', '1', '2022-09-01', '606', 'Achat', 5000) RETURNING id`,
    [fecImport, contract],
  );
  const evidence = await one(
    `INSERT INTO evidence (contract_id, livrable_id, file_name, stored_path, sha256, size, added_at) VALUES ($1, $2, 'p.pdf', 'p.pdf', '${'b'.repeat(64)}', 1, 'now') RETURNING id`,
    [contract, livrable],
  );
  return { contract, payment, spending, correction, annex, action, livrable, indicator, review, professional, fecImport, fecLine, evidence };
}

/** [what, the statement, for its own contract `o` designating the rows of `t`]: one per reference of the migration. */
export const attempts = (o: Rows, t: Rows): ReadonlyArray<readonly [table: string, column: string, statement: string]> => [
  ['payment', 'corrects_payment_id', `INSERT INTO payment (contract_id, received_on, amount_cents, cpam_ref, corrects_payment_id, recorded_at) VALUES (${o.contract}, '2022-08-02', -10000, 'VIR-C', ${t.payment}, 'now')`],
  ['evidence', 'livrable_id', `INSERT INTO evidence (contract_id, livrable_id, file_name, stored_path, sha256, size, added_at) VALUES (${o.contract}, ${t.livrable}, 'x.pdf', 'x.pdf', '${'c'.repeat(64)}', 1, 'now')`],
  ['evidence', 'indicator_id', `INSERT INTO evidence (contract_id, indicator_id, file_name, stored_path, sha256, size, added_at) VALUES (${o.contract}, ${t.indicator}, 'x.pdf', 'x.pdf', '${'c'.repeat(64)}', 1, 'now')`],
  ['evidence', 'spending_id', `INSERT INTO evidence (contract_id, spending_id, file_name, stored_path, sha256, size, added_at) VALUES (${o.contract}, ${t.spending}, 'x.pdf', 'x.pdf', '${'c'.repeat(64)}', 1, 'now')`],
  ['evidence', 'spending_correction_id', `INSERT INTO evidence (contract_id, spending_correction_id, file_name, stored_path, sha256, size, added_at) VALUES (${o.contract}, ${t.correction}, 'x.pdf', 'x.pdf', '${'c'.repeat(64)}', 1, 'now')`],
  ['closed_mission_figure', 'review_id', `INSERT INTO closed_mission_figure (review_id, contract_id, year, mission, retained_cents, decided, prorata_num, prorata_den, fixed_on, origin, recorded_at) VALUES (${t.review}, ${o.contract}, 5, 'acces_soins', 100, 0, 1, 1, '2027-06-01', 'closing', 'now')`],
  ['fec_line', 'import_id', `INSERT INTO fec_line (import_id, contract_id, dup_key, line_no, kind, journal, ecriture_num, entry_date, account, label, amount_cents) VALUES (${t.fecImport}, ${o.contract}, 'k-x1', 2, 'charge', 'AC', '2', '2022-09-01', '606', 'Achat', 100)`],
  ['fec_line', 'spending_id', `INSERT INTO fec_line (import_id, contract_id, dup_key, line_no, kind, journal, ecriture_num, entry_date, account, label, amount_cents, spending_id) VALUES (${o.fecImport}, ${o.contract}, 'k-x2', 2, 'charge', 'AC', '2', '2022-09-01', '606', 'Achat', 100, ${t.spending})`],
  ['fec_line_correction', 'spending_correction_id', `INSERT INTO fec_line_correction (fec_line_id, spending_correction_id) VALUES (${o.fecLine}, ${t.correction})`],
  ['indemnity_entry', 'professional_id', `INSERT INTO indemnity_entry (contract_id, professional_id, worked_on, hours_centi, kind, amount_cents, dup_key, recorded_at) VALUES (${o.contract}, ${t.professional}, '2022-10-01', 100, 'indemnite', 5000, 'd-x1', 'now')`],
  ['indemnity_entry', 'spending_id', `INSERT INTO indemnity_entry (contract_id, professional_id, worked_on, hours_centi, kind, amount_cents, dup_key, spending_id, recorded_at) VALUES (${o.contract}, ${o.professional}, '2022-10-01', 100, 'indemnite', 5000, 'd-x2', ${t.spending}, 'now')`],
  ['annex_action', 'origin_action_id', `INSERT INTO annex_action (annex_year_id, mission, label, origin_action_id) VALUES (${o.annex}, 'acces_soins', 'Copie', ${t.action})`],
  ['indicator', 'origin_indicator_id', `INSERT INTO indicator (action_id, label, kind, unit, source, direction, payment, amount_cents, origin_indicator_id) VALUES (${o.action}, 'Copie', 'action', 'count', 'cpts', 'higher', 'linear', 0, ${t.indicator})`],
  ['target_revision', 'review_id', `INSERT INTO target_revision (indicator_id, new_target, decided_on, review_id, decision, recorded_at) VALUES (${o.indicator}, 10, '2027-06-01', ${t.review}, 'cible', 'now')`],
  ['review_indicator', 'indicator_id', `INSERT INTO review_indicator (review_id, indicator_id, validated) VALUES (${o.review}, ${t.indicator}, 5)`],
  ['review_decision', 'indicator_id', `INSERT INTO review_decision (review_id, kind, text, indicator_id) VALUES (${o.review}, 'target', 'cible', ${t.indicator})`],
  ['closed_indicator_figure', 'indicator_id', `INSERT INTO closed_indicator_figure (review_id, indicator_id, max_cents) VALUES (${o.review}, ${t.indicator}, 100)`],
  // An UPDATE is checked like an INSERT.
  ['evidence', 'livrable_id', `UPDATE evidence SET livrable_id = ${t.livrable} WHERE id = ${o.evidence}`],
];


/** Row counts of the WATCHED tables. */
export async function counts(db: Kysely<Database>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of WATCHED) out[t] = Number((await sql.raw<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`).execute(db)).rows[0].n);
  return out;
}
