// Frozen in time: never edit a migration that has shipped; add a new one.
// Envelopes, attainment, payments and spending. History tables are append-only.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE envelope (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 0 AND 5),
    line TEXT NOT NULL,
    mission TEXT NOT NULL DEFAULT '',
    cents INTEGER NOT NULL CHECK (cents >= 0),
    reason TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE TABLE attainment (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 1 AND 5),
    mission TEXT NOT NULL,
    rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
    comment TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE TABLE payment (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    received_on TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    cpam_ref TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    corrects_payment_id INTEGER REFERENCES payment(id),
    recorded_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE TABLE payment_allocation (
    id INTEGER PRIMARY KEY,
    payment_id INTEGER NOT NULL REFERENCES payment(id) ON DELETE CASCADE,
    tranche_id TEXT NOT NULL,
    amount_cents INTEGER NOT NULL
  ) STRICT`.execute(db);
  // A ledger: payments are never edited nor deleted; a correction is a new row.
  await sql`CREATE TRIGGER payment_no_update BEFORE UPDATE ON payment
    BEGIN SELECT RAISE(ABORT, 'Un versement ne se modifie pas : enregistrez une correction.'); END`.execute(db);
  await sql`CREATE TRIGGER payment_no_delete BEFORE DELETE ON payment
    WHEN (SELECT COUNT(*) FROM contract WHERE id = OLD.contract_id) > 0
    BEGIN SELECT RAISE(ABORT, 'Un versement ne se supprime pas : enregistrez une correction.'); END`.execute(db);
  await sql`CREATE TABLE budget (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 1 AND 5),
    mission TEXT NOT NULL DEFAULT '',
    cents INTEGER NOT NULL CHECK (cents >= 0),
    recorded_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE TABLE spending (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    spent_on TEXT NOT NULL,
    mission TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    document_ref TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
  ) STRICT`.execute(db);
  for (const t of ['envelope', 'attainment', 'payment', 'budget', 'spending']) {
    await sql`CREATE INDEX ${sql.raw(`${t}_contract`)} ON ${sql.raw(t)}(contract_id)`.execute(db);
  }
}
