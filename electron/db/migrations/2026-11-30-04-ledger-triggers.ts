// Frozen in time: never edit a migration that has shipped; add a new one.
// The ledger's history is refused change by the database itself (issue 10), whatever program
// writes to the file. Migrations 02 and 03 already refuse: UPDATE and DELETE of a payment (a
// deletion only goes through when its contract is being deleted), UPDATE of a closed review, any
// change to the participants, indicator lines and decisions of a closed review (OLD side), and
// UPDATE of a target revision. This one closes the rest.
//
// Deletions that cascade from a parent being deleted (the parent row is already gone when a
// child's BEFORE DELETE trigger runs) stay possible, so a contract that may be deleted takes its
// history with it; a contract that has payments may not be deleted (archive it instead), except a
// demonstration contract (column `demo`, added by 2026-11-30-03) that "supprimer les contrats de
// démonstration" removes.
import { sql, type Kysely } from 'kysely';

const TRIGGERS: ReadonlyArray<readonly [name: string, ddl: string]> = [
  // Payments: an allocation is part of the payment; a correction is a new payment.
  [
    'payment_allocation_no_update',
    `BEFORE UPDATE ON payment_allocation
     BEGIN SELECT RAISE(ABORT, 'La répartition d’un versement ne se modifie pas : enregistrez une correction.'); END`,
  ],
  [
    'payment_allocation_no_delete',
    `BEFORE DELETE ON payment_allocation
     WHEN EXISTS (SELECT 1 FROM payment WHERE id = OLD.payment_id)
     BEGIN SELECT RAISE(ABORT, 'La répartition d’un versement ne se supprime pas : enregistrez une correction.'); END`,
  ],
  // Addenda are the corrections of a closed review: added, never edited nor removed.
  [
    'review_addendum_no_update',
    `BEFORE UPDATE ON review_addendum
     BEGIN SELECT RAISE(ABORT, 'Un addendum ne se modifie pas : ajoutez un nouvel addendum.'); END`,
  ],
  [
    'review_addendum_no_delete',
    `BEFORE DELETE ON review_addendum
     WHEN EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id)
     BEGIN SELECT RAISE(ABORT, 'Un addendum ne se supprime pas : ajoutez un nouvel addendum.'); END`,
  ],
  // Target revisions keep the old value and the decision.
  [
    'target_revision_no_delete',
    `BEFORE DELETE ON target_revision
     WHEN EXISTS (SELECT 1 FROM indicator WHERE id = OLD.indicator_id)
     BEGIN SELECT RAISE(ABORT, 'Historique des cibles : une révision ne se supprime pas (ajout seulement).'); END`,
  ],
  // A closed review is read-only, deletion included.
  [
    'review_closed_no_delete',
    `BEFORE DELETE ON review
     WHEN OLD.status = 'closed' AND EXISTS (SELECT 1 FROM contract WHERE id = OLD.contract_id)
     BEGIN SELECT RAISE(ABORT, 'Dialogue clos : il ne se supprime pas ; ajoutez un addendum.'); END`,
  ],
  // Migration 03 checks the review a line leaves (OLD); a line may not be moved into a closed one either.
  ...(['review_participant', 'review_indicator', 'review_decision'] as const).map(
    (t) =>
      [
        `${t}_closed_update_new`,
        `BEFORE UPDATE ON ${t}
         WHEN (SELECT status FROM review WHERE id = NEW.review_id) = 'closed'
         BEGIN SELECT RAISE(ABORT, 'Dialogue clos : ajoutez un addendum.'); END`,
      ] as const,
  ),
];

export function contractTrigger(hasDemoColumn: boolean): string {
  return `BEFORE DELETE ON contract
    WHEN EXISTS (SELECT 1 FROM payment WHERE contract_id = OLD.id)${hasDemoColumn ? ' AND OLD.demo IS NOT 1' : ''}
    BEGIN SELECT RAISE(ABORT, 'Ce contrat a des versements : il ne se supprime pas, archivez-le.'); END`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const columns = await sql<{ name: string }>`PRAGMA table_info(contract)`.execute(db);
  const hasDemoColumn = columns.rows.some((c) => c.name === 'demo');
  for (const [name, ddl] of [...TRIGGERS, ['contract_with_payments_no_delete', contractTrigger(hasDemoColumn)] as const]) {
    await sql.raw(`CREATE TRIGGER ${name} ${ddl}`).execute(db);
  }
}
