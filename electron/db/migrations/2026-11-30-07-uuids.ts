// Frozen in time: never edit a migration that has shipped; add a new one.
// Stable identity (issue 12): every record that crosses a machine in the CPTS ↔ CPAM exchange file
// carries a UUID made once. Local integer ids never leave the machine.
//
// SQLite refuses ALTER TABLE ADD COLUMN with a non-constant DEFAULT on a table that has rows, so:
// - the column is added bare (TEXT, checked shape), and the existing rows get theirs here, the
//   guards that refuse UPDATE (payments, allocations, addenda, closed reviews and their lines,
//   target revisions, closed figures) being lifted for this one transaction and put back;
// - a new row gets its UUID from an AFTER INSERT trigger (`<table>_uuid_fill`) when it comes
//   without one. That fill is an UPDATE: the BEFORE UPDATE guards of these tables are recreated
//   with one exception, "this UPDATE only fills a missing uuid and changes no other column", so a
//   payment still refuses every real change;
// - once set, a UUID never changes (`<table>_uuid_fixed`) and is unique (`<table>_uuid`).
// A guard added later on one of these tables must keep the same exception (uuidFillOnly below), or
// inserts into its table would be refused.
import { sql, type Kysely } from 'kysely';

/** Every table whose rows the exchange file carries. */
export const UUID_TABLES = [
  'cpts',
  'population',
  'contract',
  'contract_mission',
  'envelope',
  'attainment',
  'payment',
  'payment_allocation',
  'budget',
  'spending',
  'annex_year',
  'annex_action',
  'livrable',
  'indicator',
  'indicator_palier',
  'target_revision',
  'indicator_value',
  'evidence',
  'review',
  'review_participant',
  'review_indicator',
  'review_decision',
  'review_addendum',
  'closed_mission_figure',
  'closed_indicator_figure',
] as const;

/** A random (version 4) UUID, lower-case, 36 characters, in SQLite's own SQL. */
export const UUID_SQL =
  "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || " +
  "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))";

/** The UPDATE that only fills a missing uuid (every other column unchanged). */
export function uuidFillOnly(columns: readonly string[]): string {
  return ['OLD.uuid IS NULL', 'NEW.uuid IS NOT NULL', ...columns.filter((c) => c !== 'uuid').map((c) => `NEW."${c}" IS OLD."${c}"`)].join(' AND ');
}

/** A BEFORE UPDATE guard rewritten so that it lets the uuid fill through (its name, body and condition otherwise kept). */
export function withFillException(ddl: string, columns: readonly string[]): string {
  const begin = /\bBEGIN\b/i.exec(ddl);
  if (!begin) throw new Error(`trigger sans BEGIN : ${ddl.slice(0, 80)}`);
  const head = ddl.slice(0, begin.index);
  const body = ddl.slice(begin.index);
  const exception = `NOT (${uuidFillOnly(columns)})`;
  const when = /\bWHEN\b/i.exec(head);
  if (when) return `${head.slice(0, when.index)}WHEN ${exception} AND (${head.slice(when.index + when[0].length).trim()})\n    ${body}`;
  return `${head.trimEnd()}\n    WHEN ${exception}\n    ${body}`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const tables = new Set<string>(UUID_TABLES);
  for (const t of UUID_TABLES) {
    await sql.raw(`ALTER TABLE ${t} ADD COLUMN uuid TEXT CHECK (uuid IS NULL OR length(uuid) = 36)`).execute(db);
  }
  const triggers = await sql<{ name: string; tbl_name: string; sql: string | null }>`
    SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`.execute(db);
  const guards = triggers.rows.filter((t): t is { name: string; tbl_name: string; sql: string } => t.sql !== null && tables.has(t.tbl_name) && /\bBEFORE\s+UPDATE\b/i.test(t.sql));
  for (const g of guards) await sql`DROP TRIGGER ${sql.id(g.name)}`.execute(db);
  for (const t of UUID_TABLES) {
    // One statement per table: the expression is evaluated per row.
    await sql.raw(`UPDATE ${t} SET uuid = (${UUID_SQL}) WHERE uuid IS NULL`).execute(db);
  }
  const columnsOf = new Map<string, string[]>();
  for (const t of UUID_TABLES) {
    const cols = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${t})`.execute(db);
    columnsOf.set(t, cols.rows.map((c) => c.name));
  }
  for (const g of guards) await sql.raw(withFillException(g.sql, columnsOf.get(g.tbl_name) ?? [])).execute(db);
  for (const t of UUID_TABLES) {
    await sql.raw(`CREATE UNIQUE INDEX ${t}_uuid ON ${t}(uuid)`).execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${t}_uuid_fill AFTER INSERT ON ${t} WHEN NEW.uuid IS NULL
         BEGIN UPDATE ${t} SET uuid = (${UUID_SQL}) WHERE rowid = NEW.rowid; END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${t}_uuid_fixed BEFORE UPDATE OF uuid ON ${t} WHEN OLD.uuid IS NOT NULL AND NEW.uuid IS NOT OLD.uuid
         BEGIN SELECT RAISE(ABORT, 'Identifiant d’échange (uuid) : il est donné une fois et ne se modifie pas.'); END`,
      )
      .execute(db);
  }
}
