// Frozen in time: never edit a migration that has shipped; add a new one.
// The yearly annex (mission -> actions -> indicators, livrables), values, evidence, and the
// dialogue de gestion reviews. Values are integers in hundredths.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE annex_year (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 1 AND 5),
    copied_from_year INTEGER,
    created_at TEXT NOT NULL,
    UNIQUE (contract_id, year)
  ) STRICT`.execute(db);
  await sql`CREATE TABLE annex_action (
    id INTEGER PRIMARY KEY,
    annex_year_id INTEGER NOT NULL REFERENCES annex_year(id) ON DELETE CASCADE,
    mission TEXT NOT NULL,
    label TEXT NOT NULL,
    carried_over INTEGER NOT NULL DEFAULT 0 CHECK (carried_over IN (0, 1)),
    origin_action_id INTEGER REFERENCES annex_action(id),
    position INTEGER NOT NULL DEFAULT 0
  ) STRICT`.execute(db);
  await sql`CREATE TABLE livrable (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES annex_action(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    done_on TEXT,
    position INTEGER NOT NULL DEFAULT 0
  ) STRICT`.execute(db);
  await sql`CREATE TABLE indicator (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES annex_action(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('action', 'result')),
    unit TEXT NOT NULL CHECK (unit IN ('count', 'percentage', 'yesno')),
    baseline INTEGER,
    baseline_on TEXT,
    source TEXT NOT NULL CHECK (source IN ('cpam', 'cpts')),
    direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    payment TEXT NOT NULL CHECK (payment IN ('paliers', 'all_or_nothing', 'linear')),
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    target INTEGER,
    origin_indicator_id INTEGER REFERENCES indicator(id),
    position INTEGER NOT NULL DEFAULT 0
  ) STRICT`.execute(db);
  await sql`CREATE TABLE indicator_palier (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    threshold INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0)
  ) STRICT`.execute(db);
  await sql`CREATE TABLE target_revision (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    old_target INTEGER,
    new_target INTEGER NOT NULL,
    decided_on TEXT NOT NULL,
    review_id INTEGER,
    decision TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE TABLE indicator_value (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    value INTEGER NOT NULL,
    measured_on TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    livrable_id INTEGER REFERENCES livrable(id) ON DELETE SET NULL,
    indicator_id INTEGER REFERENCES indicator(id) ON DELETE SET NULL,
    file_name TEXT NOT NULL,
    stored_path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    added_at TEXT NOT NULL
  ) STRICT`.execute(db);
  await sql`CREATE TABLE review (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 1 AND 5),
    kind TEXT NOT NULL CHECK (kind IN ('intermediate', 'annual')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'closed')),
    held_on TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    agenda TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    closed_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (contract_id, year, kind)
  ) STRICT`.execute(db);
  await sql`CREATE TABLE review_participant (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    organisation TEXT NOT NULL CHECK (organisation IN ('CPTS', 'CPAM', 'ARS')),
    role TEXT NOT NULL DEFAULT ''
  ) STRICT`.execute(db);
  await sql`CREATE TABLE review_indicator (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    presented INTEGER,
    validated INTEGER,
    status TEXT CHECK (status IS NULL OR status IN ('atteint', 'partiel', 'non_atteint')),
    comment TEXT NOT NULL DEFAULT '',
    UNIQUE (review_id, indicator_id)
  ) STRICT`.execute(db);
  await sql`CREATE TABLE review_decision (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    indicator_id INTEGER REFERENCES indicator(id),
    new_target INTEGER,
    mission TEXT,
    on_date TEXT,
    amount_cents INTEGER
  ) STRICT`.execute(db);
  await sql`CREATE TABLE review_addendum (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    added_on TEXT NOT NULL,
    text TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  ) STRICT`.execute(db);
  // A closed review is read-only: corrections are addenda.
  await sql`CREATE TRIGGER review_closed_no_update BEFORE UPDATE ON review WHEN OLD.status = 'closed'
    BEGIN SELECT RAISE(ABORT, 'Dialogue clos : ajoutez un addendum.'); END`.execute(db);
  for (const t of ['review_participant', 'review_indicator', 'review_decision']) {
    for (const [op, ref] of [['INSERT', 'NEW'], ['UPDATE', 'OLD'], ['DELETE', 'OLD']] as const) {
      await sql`CREATE TRIGGER ${sql.raw(`${t}_closed_${op.toLowerCase()}`)} BEFORE ${sql.raw(op)} ON ${sql.raw(t)}
        WHEN (SELECT status FROM review WHERE id = ${sql.raw(ref)}.review_id) = 'closed'
        BEGIN SELECT RAISE(ABORT, 'Dialogue clos : ajoutez un addendum.'); END`.execute(db);
    }
  }
  await sql`CREATE TRIGGER target_revision_no_update BEFORE UPDATE ON target_revision
    BEGIN SELECT RAISE(ABORT, 'Historique des cibles : ajout seulement.'); END`.execute(db);
  for (const [name, on] of [
    ['annex_year_contract', 'annex_year(contract_id)'],
    ['annex_action_year', 'annex_action(annex_year_id)'],
    ['indicator_action', 'indicator(action_id)'],
    ['indicator_value_ind', 'indicator_value(indicator_id)'],
    ['review_contract', 'review(contract_id)'],
  ] as const) {
    await sql`CREATE INDEX ${sql.raw(name)} ON ${sql.raw(on)}`.execute(db);
  }
}
