// Frozen in time: never edit a migration that has shipped; add a new one.
// The exchange file carries the spending corrections and the treasurer's register (issue 12,
// format 2): their rows get a stable UUID, exactly as 2026-11-30-07 gave one to the other exchanged
// tables — the existing rows get theirs here (the BEFORE UPDATE guards lifted for this transaction
// and put back with the "only fills a missing uuid" exception), new rows from an AFTER INSERT fill,
// unique, never changed. The FEC imports and their lines stay on the CPTS's machine (the spending
// entries and corrections they produced travel), so they get none.
import { sql, type Kysely } from 'kysely';
import { UUID_SQL, withFillException } from './2026-11-30-07-uuids';

export const BOOK_UUID_TABLES = ['spending_correction', 'book_mapping', 'professional', 'indemnity_entry'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  const tables = new Set<string>(BOOK_UUID_TABLES);
  for (const t of BOOK_UUID_TABLES) {
    await sql.raw(`ALTER TABLE ${t} ADD COLUMN uuid TEXT CHECK (uuid IS NULL OR length(uuid) = 36)`).execute(db);
  }
  const triggers = await sql<{ name: string; tbl_name: string; sql: string | null }>`
    SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`.execute(db);
  const guards = triggers.rows.filter((t): t is { name: string; tbl_name: string; sql: string } => t.sql !== null && tables.has(t.tbl_name) && /\bBEFORE\s+UPDATE\b/i.test(t.sql));
  for (const g of guards) await sql`DROP TRIGGER ${sql.id(g.name)}`.execute(db);
  for (const t of BOOK_UUID_TABLES) await sql.raw(`UPDATE ${t} SET uuid = (${UUID_SQL}) WHERE uuid IS NULL`).execute(db);
  const columnsOf = new Map<string, string[]>();
  for (const t of BOOK_UUID_TABLES) {
    const cols = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${t})`.execute(db);
    columnsOf.set(t, cols.rows.map((c) => c.name));
  }
  for (const g of guards) await sql.raw(withFillException(g.sql, columnsOf.get(g.tbl_name) ?? [])).execute(db);
  for (const t of BOOK_UUID_TABLES) {
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
