// Frozen in time: never edit a migration that has shipped; add a new one.
// Every link stays inside its contract (issue 13). A foreign-key check bypasses row-level
// security, and a policy's WITH CHECK sees only the row's own contract: an agent could, inside a
// contract assigned to them, add or change a row designating a row of another contract (an
// evidence on its livrable, a review line on its indicator, a correction of its payment…), and so
// change that contract's figures without seeing it. Here the database refuses, for everyone
// (agents, administrators, the owner who migrates or seeds: the application never links two
// contracts), in French, with its own SQLSTATE (electron/db/sameContract.ts makes it a VALIDATION
// refusal of the API):
// 1. a row whose reference designates a row of another contract (REFS below: every foreign key,
//    or id column, of a contract's table towards another contract-scoped table); a reference to
//    a row that does not exist is left to the foreign key;
// 2. a row that changes contract (its contract_id, or its parent, designating another contract):
//    the rows that designate it would then point across contracts.
// Already enforced before: spending_correction → spending (trigger spending_correction_same_contract,
// pg-01). payment_allocation.tranche_id is no reference: a tranche is read in the payment's contract.
// The checks run AFTER the row is written (before the statement ends, so nothing stays): the
// policy's refusal of a contract not assigned, and the foreign key's of a missing row, come first.
// The trigger functions run as the database's owner (SECURITY DEFINER): they see the designated
// row whatever the caller may see, and reveal nothing but the refusal.
import { sql, type Kysely } from 'kysely';

/** The SQLSTATE of these refusals (class "AC": the application's own). */
export const SAME_CONTRACT_SQLSTATE = 'ACI01';

/** How a row of a contract-scoped table finds its contract: its own column, or its parent's. */
export const SAME_CONTRACT_OWNER: Readonly<Record<string, readonly [column: string, parent: string | null]>> = {
  contract_mission: ['contract_id', null],
  envelope: ['contract_id', null],
  attainment: ['contract_id', null],
  payment: ['contract_id', null],
  budget: ['contract_id', null],
  spending: ['contract_id', null],
  spending_correction: ['contract_id', null],
  annex_year: ['contract_id', null],
  evidence: ['contract_id', null],
  review: ['contract_id', null],
  closed_mission_figure: ['contract_id', null],
  portfolio_summary: ['contract_id', null],
  portfolio_tranche: ['contract_id', null],
  book_mapping: ['contract_id', null],
  fec_import: ['contract_id', null],
  fec_line: ['contract_id', null],
  professional: ['contract_id', null],
  indemnity_entry: ['contract_id', null],
  payment_allocation: ['payment_id', 'payment'],
  annex_action: ['annex_year_id', 'annex_year'],
  livrable: ['action_id', 'annex_action'],
  indicator: ['action_id', 'annex_action'],
  indicator_palier: ['indicator_id', 'indicator'],
  target_revision: ['indicator_id', 'indicator'],
  indicator_value: ['indicator_id', 'indicator'],
  review_participant: ['review_id', 'review'],
  review_indicator: ['review_id', 'review'],
  review_decision: ['review_id', 'review'],
  review_addendum: ['review_id', 'review'],
  closed_indicator_figure: ['review_id', 'review'],
  fec_line_correction: ['fec_line_id', 'fec_line'],
};

/** French names of the rows, for the messages. */
const LABELS: Readonly<Record<string, string>> = {
  contract_mission: 'Mission du contrat',
  envelope: 'Enveloppe',
  attainment: 'Taux d’atteinte',
  payment: 'Versement',
  budget: 'Budget',
  spending: 'Dépense',
  spending_correction: 'Correction de dépense',
  annex_year: 'Annexe annuelle',
  evidence: 'Pièce justificative',
  review: 'Dialogue de gestion',
  closed_mission_figure: 'Montant arrêté',
  portfolio_summary: 'Synthèse du portefeuille',
  portfolio_tranche: 'Échéance du portefeuille',
  book_mapping: 'Règles de comptabilité',
  fec_import: 'Import FEC',
  fec_line: 'Ligne du FEC',
  professional: 'Professionnel du registre',
  indemnity_entry: 'Temps indemnisé',
  payment_allocation: 'Répartition d’un versement',
  annex_action: 'Action de l’annexe',
  livrable: 'Livrable',
  indicator: 'Indicateur',
  indicator_palier: 'Palier d’indicateur',
  target_revision: 'Révision de cible',
  indicator_value: 'Valeur d’indicateur',
  review_participant: 'Participant au dialogue',
  review_indicator: 'Ligne de dialogue de gestion',
  review_decision: 'Décision du dialogue de gestion',
  review_addendum: 'Addendum',
  closed_indicator_figure: 'Montant arrêté d’indicateur',
  fec_line_correction: 'Correction d’une ligne du FEC',
};

/** [table, column, designated table, what it designates] — the references across a contract's rows. */
export const SAME_CONTRACT_REFS: ReadonlyArray<readonly [table: string, column: string, target: string, what: string]> = [
  ['payment', 'corrects_payment_id', 'payment', 'le versement corrigé'],
  ['evidence', 'livrable_id', 'livrable', 'le livrable désigné'],
  ['evidence', 'indicator_id', 'indicator', 'l’indicateur désigné'],
  ['evidence', 'spending_id', 'spending', 'la dépense désignée'],
  ['evidence', 'spending_correction_id', 'spending_correction', 'la correction de dépense désignée'],
  ['closed_mission_figure', 'review_id', 'review', 'le dialogue de gestion désigné'],
  ['fec_line', 'import_id', 'fec_import', 'l’import FEC désigné'],
  ['fec_line', 'spending_id', 'spending', 'la dépense désignée'],
  ['fec_line_correction', 'spending_correction_id', 'spending_correction', 'la correction de dépense désignée'],
  ['indemnity_entry', 'professional_id', 'professional', 'le professionnel désigné'],
  ['indemnity_entry', 'spending_id', 'spending', 'la dépense désignée'],
  ['annex_action', 'origin_action_id', 'annex_action', 'l’action d’origine désignée'],
  ['indicator', 'origin_indicator_id', 'indicator', 'l’indicateur d’origine désigné'],
  ['target_revision', 'review_id', 'review', 'le dialogue de gestion désigné'],
  ['review_indicator', 'indicator_id', 'indicator', 'l’indicateur désigné'],
  ['review_decision', 'indicator_id', 'indicator', 'l’indicateur désigné'],
  ['closed_indicator_figure', 'indicator_id', 'indicator', 'l’indicateur désigné'],
];

export function crossContractMessage(table: string, what: string): string {
  return `${LABELS[table]} : ${what} appartient à un autre contrat. Rien n’a été enregistré.`;
}

export function movedContractMessage(table: string): string {
  return `${LABELS[table]} : une ligne ne passe pas d’un contrat à un autre. Rien n’a été enregistré.`;
}

/** Every message these rules raise (the SQLite counterpart raises the same). */
export const SAME_CONTRACT_MESSAGES: ReadonlySet<string> = new Set([
  ...SAME_CONTRACT_REFS.map(([t, , , what]) => crossContractMessage(t, what)),
  ...Object.keys(SAME_CONTRACT_OWNER).map(movedContractMessage),
]);

/** The SQL giving the contract of the row of `table` whose id is `id` (null when there is none); standard SQL, SQLite's too. */
export function contractOfRow(table: string, id: string): string {
  const [column, parent] = SAME_CONTRACT_OWNER[table]!;
  return parent === null ? `(SELECT contract_id FROM ${table} WHERE id = ${id})` : contractOfRow(parent, `(SELECT ${column} FROM ${table} WHERE id = ${id})`);
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const raise = (message: string) => `RAISE EXCEPTION USING MESSAGE = ${quote(message)}, ERRCODE = '${SAME_CONTRACT_SQLSTATE}';`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // The contract of a designated row; the owner's only (it would tell an agent where any id lives).
  const targets = [...new Set([...SAME_CONTRACT_REFS.map(([, , t]) => t), ...Object.values(SAME_CONTRACT_OWNER).flatMap(([, p]) => (p ? [p] : []))])].sort();
  const cases = targets.map((t) => `WHEN ${quote(t)} THEN RETURN ${contractOfRow(t, 'row_id')};`).join('\n      ');
  await sql.raw(`CREATE FUNCTION aci_contract_of(t TEXT, row_id BIGINT) RETURNS BIGINT LANGUAGE plpgsql STABLE AS $$
    BEGIN
      IF row_id IS NULL THEN RETURN NULL; END IF;
      CASE t
      ${cases}
      END CASE;
    END $$`).execute(db);
  await sql.raw(`REVOKE EXECUTE ON FUNCTION aci_contract_of(TEXT, BIGINT) FROM PUBLIC`).execute(db);

  for (const [table, [column, parent]] of Object.entries(SAME_CONTRACT_OWNER)) {
    const refs = SAME_CONTRACT_REFS.filter(([t]) => t === table);
    const own = (r: 'NEW' | 'OLD') => (parent === null ? `${r}.${column}` : `aci_contract_of(${quote(parent)}, ${r}.${column})`);
    const checks = refs
      .map(([, col, target, what]) => `IF NEW.${col} IS NOT NULL AND aci_contract_of(${quote(target)}, NEW.${col}) <> own THEN ${raise(crossContractMessage(table, what))} END IF;`)
      .join('\n        ');
    const watched = [column, ...refs.map(([, col]) => col)].join(', ');
    await sql.raw(`CREATE FUNCTION ${table}_one_contract_fn() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE own BIGINT;
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.${column} IS DISTINCT FROM OLD.${column} AND ${own('NEW')} IS DISTINCT FROM ${own('OLD')} THEN
          ${raise(movedContractMessage(table))}
        END IF;
        own := ${own('NEW')};
        ${checks}
        RETURN NULL;
      END $$`).execute(db);
    // A table that designates no other row is only watched for a change of contract.
    const events = refs.length > 0 ? `INSERT OR UPDATE OF ${watched}` : `UPDATE OF ${column}`;
    await sql.raw(`CREATE TRIGGER ${table}_one_contract AFTER ${events} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_one_contract_fn()`).execute(db);
  }
}
