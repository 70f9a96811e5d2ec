// Frozen in time: never edit a migration that has shipped; add a new one.
// PostgreSQL counterpart of the SQLite migration 2026-11-30-11-exchange-books-uuids (issue 12,
// exchange format 2): the spending corrections, the FEC mapping rules and the register of
// indemnities carry a stable uuid. The column's DEFAULT gives one to every existing row (a
// volatile default is evaluated per row) and to new rows; unique; never changed.
import { sql, type Kysely } from 'kysely';

const TABLES = ['spending_correction', 'book_mapping', 'professional', 'indemnity_entry'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) {
    await sql.raw(`ALTER TABLE ${t} ADD COLUMN uuid TEXT DEFAULT gen_random_uuid()::text CHECK (uuid IS NULL OR length(uuid) = 36)`).execute(db);
    await sql.raw(`CREATE UNIQUE INDEX ${t}_uuid ON ${t}(uuid)`).execute(db);
    await sql.raw(`CREATE TRIGGER ${t}_uuid_fixed BEFORE UPDATE OF uuid ON ${t} FOR EACH ROW
      WHEN (OLD.uuid IS NOT NULL AND NEW.uuid IS DISTINCT FROM OLD.uuid) EXECUTE FUNCTION aci_uuid_fixed_fn()`).execute(db);
  }
}
