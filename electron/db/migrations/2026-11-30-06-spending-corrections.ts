// Frozen in time: never edit a migration that has shipped; add a new one.
// Spending entries become a ledger like payments (issue 10):
// - spending_correction: a dated correction of one spending entry (the signed difference it makes
//   to the entry's amount, with its reason); the entry itself is never rewritten, and a correction
//   to 0 € cancels it. It counts in the year and line of the entry it corrects;
// - the database refuses to update or delete a spending entry or a correction (a deletion that
//   cascades from its contract being deleted goes through: the contract row is already gone), and
//   a correction that names an entry of another contract or would bring its amount below 0 €;
// - evidence gains two optional owners: a spending entry or a correction (its supporting file,
//   stored like every evidence file, under its SHA-256 in the data folder).
import { sql, type Kysely } from 'kysely';

/** Plausibility bound of an amount, as in shared/schemas/common.ts (MAX_MONEY_CENTS). */
const MAX_CENTS = 10_000_000_000;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`CREATE TABLE spending_correction (
    id INTEGER PRIMARY KEY,
    spending_id INTEGER NOT NULL REFERENCES spending(id) ON DELETE CASCADE,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    corrected_on TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0 AND amount_cents BETWEEN -${MAX_CENTS} AND ${MAX_CENTS}),
    reason TEXT NOT NULL CHECK (length(reason) > 0),
    recorded_at TEXT NOT NULL
  ) STRICT`).execute(db);
  await sql`CREATE INDEX spending_correction_spending ON spending_correction(spending_id)`.execute(db);
  await sql`CREATE INDEX spending_correction_contract ON spending_correction(contract_id)`.execute(db);

  const triggers: ReadonlyArray<readonly [string, string]> = [
    [
      'spending_no_update',
      `BEFORE UPDATE ON spending
       BEGIN SELECT RAISE(ABORT, 'Une dépense ne se modifie pas : enregistrez une correction.'); END`,
    ],
    [
      'spending_no_delete',
      `BEFORE DELETE ON spending
       WHEN EXISTS (SELECT 1 FROM contract WHERE id = OLD.contract_id)
       BEGIN SELECT RAISE(ABORT, 'Une dépense ne se supprime pas : enregistrez une correction (0 € l’annule).'); END`,
    ],
    [
      'spending_correction_no_update',
      `BEFORE UPDATE ON spending_correction
       BEGIN SELECT RAISE(ABORT, 'Une correction de dépense ne se modifie pas : enregistrez une nouvelle correction.'); END`,
    ],
    [
      'spending_correction_no_delete',
      `BEFORE DELETE ON spending_correction
       WHEN EXISTS (SELECT 1 FROM contract WHERE id = OLD.contract_id)
       BEGIN SELECT RAISE(ABORT, 'Une correction de dépense ne se supprime pas : enregistrez une nouvelle correction.'); END`,
    ],
    [
      'spending_correction_same_contract',
      `BEFORE INSERT ON spending_correction
       WHEN NOT EXISTS (SELECT 1 FROM spending WHERE id = NEW.spending_id AND contract_id = NEW.contract_id)
       BEGIN SELECT RAISE(ABORT, 'Correction de dépense : la dépense corrigée n’appartient pas à ce contrat.'); END`,
    ],
    [
      'spending_correction_not_negative',
      `BEFORE INSERT ON spending_correction
       WHEN (SELECT amount_cents FROM spending WHERE id = NEW.spending_id)
          + (SELECT COALESCE(SUM(amount_cents), 0) FROM spending_correction WHERE spending_id = NEW.spending_id)
          + NEW.amount_cents < 0
       BEGIN SELECT RAISE(ABORT, 'Correction de dépense : le montant corrigé ne peut pas être négatif.'); END`,
    ],
  ];
  for (const [name, ddl] of triggers) await sql.raw(`CREATE TRIGGER ${name} ${ddl}`).execute(db);

  await sql`ALTER TABLE evidence ADD COLUMN spending_id INTEGER REFERENCES spending(id) ON DELETE CASCADE`.execute(db);
  await sql`ALTER TABLE evidence ADD COLUMN spending_correction_id INTEGER REFERENCES spending_correction(id) ON DELETE CASCADE`.execute(db);
  await sql`CREATE INDEX evidence_spending ON evidence(spending_id)`.execute(db);
  await sql`CREATE INDEX evidence_spending_correction ON evidence(spending_correction_id)`.execute(db);
}
