// Frozen in time: never edit a migration that has shipped; add a new one.
// Indexes on the foreign keys that the screens look up row by row (issue 11): without them each
// lookup scans the whole child table, and a contract's screens grow with the size of the file.
import type { Kysely } from 'kysely';

/** [index name, table, columns]: every foreign key read in a WHERE or a join that had no index (scripts/bench.ts reads the names). */
export const INDEXES: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  // The annex tree: paliers, livrables, target history and the follow-up copies of an indicator.
  ['indicator_palier_indicator', 'indicator_palier', ['indicator_id']],
  ['livrable_action', 'livrable', ['action_id']],
  ['target_revision_indicator', 'target_revision', ['indicator_id']],
  ['indicator_origin', 'indicator', ['origin_indicator_id']],
  ['annex_action_origin', 'annex_action', ['origin_action_id']],
  // Evidence, attached to a livrable or to an indicator.
  ['evidence_indicator', 'evidence', ['indicator_id']],
  ['evidence_livrable', 'evidence', ['livrable_id']],
  ['evidence_contract', 'evidence', ['contract_id']],
  // A review's lines (review_indicator is served by its UNIQUE (review_id, indicator_id)).
  ['review_participant_review', 'review_participant', ['review_id']],
  ['review_decision_review', 'review_decision', ['review_id']],
  ['review_addendum_review', 'review_addendum', ['review_id']],
  ['review_indicator_indicator', 'review_indicator', ['indicator_id']],
  ['review_decision_indicator', 'review_decision', ['indicator_id']],
  // Payments: allocations per payment, and the corrections of a payment.
  ['payment_allocation_payment', 'payment_allocation', ['payment_id']],
  ['payment_corrects', 'payment', ['corrects_payment_id']],
  // The portfolio joins each contract to its CPTS.
  ['contract_cpts', 'contract', ['cpts_id']],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, columns] of INDEXES) {
    await db.schema.createIndex(name).ifNotExists().on(table).columns([...columns]).execute();
  }
}
