// Frozen in time: never edit a migration that has shipped; add a new one.
// Who did what (issue 13): the journal of the writes, one row per write API call, recorded in the
// call's own transaction (electron/api/audit.ts): when, by whom, on which contract, which method,
// a French summary, and what it changed (the input as "after", the row it replaced as "before"
// when there was one). Append-only: the triggers refuse to modify a row, and to delete one while
// its contract stands (a demonstration contract's journal goes with it, by cascade).
// The team tables (agents and the contracts assigned to them) serve the shared PostgreSQL server,
// where the database itself restricts an agent to their contracts (row-level security,
// electron/db/postgres/migrations/2026-11-30-pg-04-audit-roles.ts); a SQLite file has one user.
import { sql, type Kysely } from 'kysely';

export const AUDIT_NO_UPDATE = 'Journal des modifications : une entrée ne se modifie pas (ajout seulement).';
export const AUDIT_NO_DELETE = 'Journal des modifications : une entrée ne se supprime pas (ajout seulement).';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    author TEXT NOT NULL CHECK (length(author) > 0),
    contract_id INTEGER REFERENCES contract(id) ON DELETE CASCADE,
    method TEXT NOT NULL,
    summary TEXT NOT NULL,
    before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
    after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json))
  ) STRICT`.execute(db);
  await sql`CREATE INDEX audit_log_contract ON audit_log(contract_id, id)`.execute(db);
  await sql.raw(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, '${AUDIT_NO_UPDATE}'); END`).execute(db);
  await sql.raw(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    WHEN OLD.contract_id IS NULL OR EXISTS (SELECT 1 FROM contract WHERE id = OLD.contract_id)
    BEGIN SELECT RAISE(ABORT, '${AUDIT_NO_DELETE}'); END`).execute(db);

  await sql`CREATE TABLE agent (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE CHECK (length(login) > 0),
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('agent', 'admin')),
    created_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE TABLE contract_assignment (
    id INTEGER PRIMARY KEY,
    agent_login TEXT NOT NULL REFERENCES agent(login) ON DELETE CASCADE,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    assigned_at TEXT NOT NULL,
    UNIQUE (agent_login, contract_id)
  ) STRICT`.execute(db);
  await sql`CREATE INDEX contract_assignment_contract ON contract_assignment(contract_id)`.execute(db);
}
