// Frozen in time: never edit a migration that has shipped; add a new one.
// The treasurer's books (issue 14):
// - book_mapping: the FEC mapping rules of a contract (JSON, append-only: the latest row is in force);
// - fec_import: one row per FEC imported (file name, SHA-256, encoding, layout, counts);
// - fec_line: every FEC line an import wrote or recorded (charges -> spending entries, refunds ->
//   corrections of entries through fec_line_correction, receipts on 73/74 accounts kept for the
//   reconciliation). Its duplicate key (JournalCode, EcritureNum, CompteNum, amount, rank) is unique
//   per contract: re-importing a file, or an overlapping period, writes nothing twice;
// - professional and indemnity_entry: the register of the indemnities and remunerations paid to
//   health professionals (décret 2022-375), each entry with the spending entry it generated, its
//   own duplicate key, and its flag when the PASS was exceeded with a confirmation.
// Lines and entries are a ledger: the database refuses UPDATE and DELETE (but for the cascade of a
// deleted contract, as for spending in 2026-11-30-06).
import { sql, type Kysely } from 'kysely';

const MAX_CENTS = 10_000_000_000;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`CREATE TABLE book_mapping (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    rules TEXT NOT NULL CHECK (json_valid(rules)),
    recorded_at TEXT NOT NULL
  ) STRICT`).execute(db);
  await sql.raw(`CREATE TABLE fec_import (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    encoding TEXT NOT NULL CHECK (encoding IN ('utf-8', 'iso-8859-15')),
    layout TEXT NOT NULL CHECK (layout IN ('debit-credit', 'montant-sens')),
    line_count INTEGER NOT NULL CHECK (line_count >= 0),
    imported_count INTEGER NOT NULL CHECK (imported_count >= 0),
    duplicates_skipped INTEGER NOT NULL CHECK (duplicates_skipped >= 0),
    unmatched_count INTEGER NOT NULL CHECK (unmatched_count >= 0),
    period_from TEXT,
    period_to TEXT,
    imported_at TEXT NOT NULL
  ) STRICT`).execute(db);
  await sql.raw(`CREATE TABLE fec_line (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES fec_import(id) ON DELETE CASCADE,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    dup_key TEXT NOT NULL,
    line_no INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('charge', 'refund', 'receipt')),
    journal TEXT NOT NULL,
    ecriture_num TEXT NOT NULL,
    entry_date TEXT NOT NULL,
    account TEXT NOT NULL,
    label TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0 AND amount_cents BETWEEN -${MAX_CENTS} AND ${MAX_CENTS}),
    mission TEXT,
    category TEXT,
    spending_id INTEGER REFERENCES spending(id) ON DELETE CASCADE,
    UNIQUE (contract_id, dup_key)
  ) STRICT`).execute(db);
  await sql.raw(`CREATE TABLE fec_line_correction (
    id INTEGER PRIMARY KEY,
    fec_line_id INTEGER NOT NULL REFERENCES fec_line(id) ON DELETE CASCADE,
    spending_correction_id INTEGER NOT NULL REFERENCES spending_correction(id) ON DELETE CASCADE
  ) STRICT`).execute(db);
  await sql.raw(`CREATE TABLE professional (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) > 0),
    profession TEXT NOT NULL,
    rpps TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (contract_id, name)
  ) STRICT`).execute(db);
  await sql.raw(`CREATE TABLE indemnity_entry (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    professional_id INTEGER NOT NULL REFERENCES professional(id) ON DELETE CASCADE,
    worked_on TEXT NOT NULL,
    mission TEXT NOT NULL DEFAULT '',
    hours_centi INTEGER NOT NULL CHECK (hours_centi >= 0),
    kind TEXT NOT NULL CHECK (kind IN ('indemnite', 'remuneration')),
    rate_cents INTEGER CHECK (rate_cents IS NULL OR rate_cents >= 0),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0 AND amount_cents <= ${MAX_CENTS}),
    over_ceiling INTEGER NOT NULL DEFAULT 0 CHECK (over_ceiling IN (0, 1)),
    dup_key TEXT NOT NULL,
    spending_id INTEGER REFERENCES spending(id) ON DELETE CASCADE,
    recorded_at TEXT NOT NULL,
    UNIQUE (contract_id, dup_key)
  ) STRICT`).execute(db);

  const indexes: ReadonlyArray<readonly [string, string, string]> = [
    ['book_mapping_contract', 'book_mapping', 'contract_id'],
    ['fec_import_contract', 'fec_import', 'contract_id'],
    ['fec_line_import', 'fec_line', 'import_id'],
    ['fec_line_spending', 'fec_line', 'spending_id'],
    ['fec_line_correction_line', 'fec_line_correction', 'fec_line_id'],
    ['fec_line_correction_correction', 'fec_line_correction', 'spending_correction_id'],
    ['indemnity_entry_contract', 'indemnity_entry', 'contract_id'],
    ['indemnity_entry_professional', 'indemnity_entry', 'professional_id'],
    ['indemnity_entry_spending', 'indemnity_entry', 'spending_id'],
  ];
  for (const [name, table, column] of indexes) await sql.raw(`CREATE INDEX ${name} ON ${table}(${column})`).execute(db);

  for (const table of ['fec_line', 'fec_line_correction', 'indemnity_entry', 'fec_import', 'book_mapping']) {
    await sql.raw(`CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
      BEGIN SELECT RAISE(ABORT, 'Comptabilité : une ligne enregistrée ne se modifie pas.'); END`).execute(db);
  }
  for (const [table, owner] of [
    ['fec_line', 'SELECT 1 FROM contract WHERE id = OLD.contract_id'],
    ['indemnity_entry', 'SELECT 1 FROM contract WHERE id = OLD.contract_id'],
    ['fec_import', 'SELECT 1 FROM contract WHERE id = OLD.contract_id'],
  ] as const) {
    await sql.raw(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
      WHEN EXISTS (${owner})
      BEGIN SELECT RAISE(ABORT, 'Comptabilité : une ligne enregistrée ne se supprime pas.'); END`).execute(db);
  }
}
