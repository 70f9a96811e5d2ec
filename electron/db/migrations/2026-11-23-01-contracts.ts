// Frozen in time: never edit a migration that has shipped; add a new one.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE cpts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    legal_name TEXT NOT NULL,
    siret TEXT NOT NULL DEFAULT '',
    departement TEXT NOT NULL,
    communes TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE TABLE population (
    id INTEGER PRIMARY KEY,
    cpts_id INTEGER NOT NULL REFERENCES cpts(id) ON DELETE CASCADE,
    population INTEGER NOT NULL CHECK (population >= 0),
    as_of TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE INDEX population_cpts ON population(cpts_id, as_of)`.execute(db);
  await sql`CREATE TABLE contract (
    id INTEGER PRIMARY KEY,
    cpts_id INTEGER NOT NULL REFERENCES cpts(id) ON DELETE CASCADE,
    cpam TEXT NOT NULL,
    ars TEXT NOT NULL,
    signed_on TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL CHECK (ends_on > starts_on),
    text_version TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE TABLE contract_mission (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    started_on TEXT,
    deployed_on TEXT,
    UNIQUE (contract_id, code)
  ) STRICT`.execute(db);
}
