// Frozen in time: never edit a migration that has shipped; add a new one.
// Every link stays inside its contract (issue 13): the SQLite counterpart of the PostgreSQL
// migration 2026-11-30-pg-05-same-contract-refs, with the same references and the same French
// messages. A desktop file has one user, but it also takes in exchange files and server copies:
// a row designating a row of another contract (an evidence on its livrable, a review line on its
// indicator, a correction of its payment…), or a row moved to another contract, is refused here
// too (electron/db/sameContract.ts makes it a VALIDATION refusal of the API). A reference to a
// row that does not exist is left to the foreign key. Triggers only: no table, column or index.
import { sql, type Kysely } from 'kysely';
import {
  contractOfRow,
  crossContractMessage,
  movedContractMessage,
  SAME_CONTRACT_OWNER,
  SAME_CONTRACT_REFS,
} from '../postgres/migrations/2026-11-30-pg-05-same-contract-refs';

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, [column, parent]] of Object.entries(SAME_CONTRACT_OWNER)) {
    const own = (r: 'NEW' | 'OLD') => (parent === null ? `${r}.${column}` : contractOfRow(parent, `${r}.${column}`));
    await sql.raw(`CREATE TRIGGER ${table}_one_contract_move BEFORE UPDATE OF ${column} ON ${table}
      WHEN NEW.${column} IS NOT OLD.${column} AND ${own('NEW')} IS NOT ${own('OLD')}
      BEGIN SELECT RAISE(ABORT, ${quote(movedContractMessage(table))}); END`).execute(db);
    for (const [, ref, target, what] of SAME_CONTRACT_REFS.filter(([t]) => t === table)) {
      const refused = `NEW.${ref} IS NOT NULL AND ${contractOfRow(target, `NEW.${ref}`)} <> ${own('NEW')}`;
      const raise = `BEGIN SELECT RAISE(ABORT, ${quote(crossContractMessage(table, what))}); END`;
      await sql.raw(`CREATE TRIGGER ${table}_${ref}_one_contract_insert BEFORE INSERT ON ${table} WHEN ${refused} ${raise}`).execute(db);
      await sql.raw(`CREATE TRIGGER ${table}_${ref}_one_contract_update BEFORE UPDATE OF ${ref}, ${column} ON ${table} WHEN ${refused} ${raise}`).execute(db);
    }
  }
}
