// Frozen in time: never edit a migration that has shipped; add a new one.
// Closed is closed (issue 9): the money an annual dialogue de gestion decides is stored when it
// closes, and every screen and document reads that stored figure.
// - closed_mission_figure: per mission, the variable part as the échéancier pays it (pro rata
//   included), what the indicators gave, the pro-rated maximum, and whether the parties decided
//   the amount ("Montant validé");
// - closed_indicator_figure: per indicator, the validated value and the amount earned;
// - review_addendum gains an optional mission and a signed amount: a dated adjustment that is its
//   own tranche in the échéancier, never a rewrite of the closed figure.
// Rows are written once (origin 'closing', or 'migration' for reviews closed before this change:
// electron/api/closedYears.ts stores those from the data as it stands, when the file is opened).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE closed_mission_figure (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 1 AND 5),
    mission TEXT NOT NULL,
    retained_cents INTEGER NOT NULL CHECK (retained_cents BETWEEN 0 AND 10000000000),
    computed_cents INTEGER CHECK (computed_cents BETWEEN 0 AND 10000000000),
    max_cents INTEGER CHECK (max_cents BETWEEN 0 AND 10000000000),
    decided INTEGER NOT NULL CHECK (decided IN (0, 1)),
    prorata_num INTEGER NOT NULL,
    prorata_den INTEGER NOT NULL,
    fixed_on TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('closing', 'migration')),
    recorded_at TEXT NOT NULL,
    UNIQUE (review_id, mission)
  ) STRICT`.execute(db);
  await sql`CREATE INDEX closed_mission_figure_contract ON closed_mission_figure(contract_id, year)`.execute(db);
  await sql`CREATE TABLE closed_indicator_figure (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
    indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
    validated INTEGER,
    earned_cents INTEGER,
    max_cents INTEGER NOT NULL,
    UNIQUE (review_id, indicator_id)
  ) STRICT`.execute(db);
  await sql`CREATE INDEX closed_indicator_figure_indicator ON closed_indicator_figure(indicator_id)`.execute(db);
  for (const t of ['closed_mission_figure', 'closed_indicator_figure']) {
    await sql.raw(`CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t}
      BEGIN SELECT RAISE(ABORT, 'Montant arrêté au dialogue annuel : il ne se modifie pas ; ajoutez un addendum daté.'); END`).execute(db);
    // A deletion cascading from its review or its contract (a demonstration contract being
    // removed) goes through: the parent row is already gone when the child's trigger runs.
    await sql.raw(`CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t}
      WHEN EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id)${t === 'closed_mission_figure' ? ' AND EXISTS (SELECT 1 FROM contract WHERE id = OLD.contract_id)' : ' AND EXISTS (SELECT 1 FROM indicator WHERE id = OLD.indicator_id)'}
      BEGIN SELECT RAISE(ABORT, 'Montant arrêté au dialogue annuel : il ne se supprime pas ; ajoutez un addendum daté.'); END`).execute(db);
  }
  await sql`ALTER TABLE review_addendum ADD COLUMN mission TEXT`.execute(db);
  await sql`ALTER TABLE review_addendum ADD COLUMN amount_cents INTEGER CHECK (amount_cents BETWEEN -10000000000 AND 10000000000)`.execute(db);
}
