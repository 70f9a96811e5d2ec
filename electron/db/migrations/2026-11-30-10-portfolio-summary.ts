// Frozen in time: never edit a migration that has shipped; add a new one.
// The portfolio's per-contract figures from one pass (issue 11): each contract's échéancier, as
// the funding engine computed it with the payments allocated to it, is kept in
// portfolio_tranche (due date, amount, paid), so "dû sous 60 jours" and "en retard" are summed
// in SQL for any "today"; portfolio_summary holds the contract's search key (accent- and
// case-free, shared/text.ts) and its derived end date.
//
// Derived data, never a decision: a row is marked stale (stale = 1) by the triggers below, in the
// same statement as any change of what the engine reads (contract, CPTS, population, missions,
// envelopes, attainment rates, reviews, stored closing figures, addenda, payment allocations);
// every write API call recomputes the stale rows before it commits (electron/api/dispatch.ts ->
// electron/api/portfolio.ts), and a read that meets a stale row (a file written by another
// program, an app version whose engine differs: computed_with) computes it in memory. A new
// contract gets its stale row on insert; existing contracts start stale, and are computed when
// the data folder is opened.
//
// Engine-specific (SQLite triggers): a PostgreSQL store needs the same invalidation with its own
// trigger syntax. Draft-review decisions (review_decision) are left out on purpose: the engine
// reads them only through a closed review, and closing updates review.status, which marks.
import { sql, type Kysely } from 'kysely';

/** [table, the contract ids touched by row `r` (NEW or OLD): a value or a SELECT, put inside IN (…), trigger events]. */
const SOURCES: ReadonlyArray<readonly [table: string, contracts: (r: 'NEW' | 'OLD') => string, ops?: string]> = [
  ['contract', (r) => `${r}.id`, 'UPDATE OF cpts_id, cpam, signed_on, starts_on, ends_on, text_version'],
  ['cpts', (r) => `SELECT id FROM contract WHERE cpts_id = ${r}.id`, 'UPDATE'],
  ['population', (r) => `SELECT id FROM contract WHERE cpts_id = ${r}.cpts_id`],
  ['contract_mission', (r) => `${r}.contract_id`],
  ['envelope', (r) => `${r}.contract_id`],
  ['attainment', (r) => `${r}.contract_id`],
  ['review', (r) => `${r}.contract_id`, 'INSERT|UPDATE OF contract_id, year, kind, status|DELETE'],
  ['review_addendum', (r) => `SELECT contract_id FROM review WHERE id = ${r}.review_id`],
  ['closed_mission_figure', (r) => `${r}.contract_id`],
  ['payment_allocation', (r) => `SELECT contract_id FROM payment WHERE id = ${r}.payment_id`],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE portfolio_summary (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL UNIQUE REFERENCES contract(id) ON DELETE CASCADE,
    stale INTEGER NOT NULL DEFAULT 1 CHECK (stale IN (0, 1)),
    computed_with TEXT NOT NULL DEFAULT '',
    search_key TEXT NOT NULL DEFAULT '',
    ends_on TEXT NOT NULL DEFAULT ''
  ) STRICT`.execute(db);
  await sql`CREATE INDEX portfolio_summary_stale ON portfolio_summary(contract_id) WHERE stale = 1`.execute(db);
  await sql`CREATE TABLE portfolio_tranche (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    tranche_id TEXT NOT NULL,
    due_on TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    paid_cents INTEGER NOT NULL,
    UNIQUE (contract_id, tranche_id)
  ) STRICT`.execute(db);
  await sql`INSERT INTO portfolio_summary (contract_id) SELECT id FROM contract`.execute(db);
  await sql`CREATE TRIGGER portfolio_summary_contract_insert AFTER INSERT ON contract
    BEGIN INSERT OR IGNORE INTO portfolio_summary (contract_id) VALUES (NEW.id); END`.execute(db);
  for (const [table, contracts, ops = 'INSERT|UPDATE|DELETE'] of SOURCES) {
    for (const op of ops.split('|')) {
      const verb = op.split(' ')[0].toLowerCase();
      const rows: ('NEW' | 'OLD')[] = verb === 'insert' ? ['NEW'] : verb === 'delete' ? ['OLD'] : ['OLD', 'NEW'];
      const body = rows.map((r) => `UPDATE portfolio_summary SET stale = 1 WHERE stale = 0 AND contract_id IN (${contracts(r)});`).join('\n      ');
      await sql.raw(`CREATE TRIGGER portfolio_summary_${table}_${verb} AFTER ${op} ON ${table}
      BEGIN
      ${body}
      END`).execute(db);
    }
  }
}
