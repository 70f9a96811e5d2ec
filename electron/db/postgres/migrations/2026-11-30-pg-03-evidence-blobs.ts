// Frozen in time: never edit a migration that has shipped; add a new one.
// Evidence files in team mode (issue 13): on a shared server every agent must open the same file,
// so the content lives in the database, once per SHA-256 (the `evidence` rows keep their
// stored_path and sha256 as on SQLite, where the files stay in the data folder). PostgreSQL only:
// tests/integration/postgres-schema.test.ts lists this table as the server's own.
// Roles (2026-11-30-pg-04-audit-roles) give the agents this table when it exists; on a server
// where that migration ran first (it shipped before this one), the same grants and policies are
// given here.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE evidence_blob (
    sha256 TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size BIGINT NOT NULL CHECK (size > 0),
    content BYTEA NOT NULL CHECK (octet_length(content) = size),
    stored_at TEXT NOT NULL
  )`.execute(db);
  const rolesFirst = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM kysely_migration WHERE name = '2026-11-30-pg-04-audit-roles'`.execute(db);
  if (Number(rolesFirst.rows[0]?.n ?? 0) === 0) return;
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON evidence_blob TO aci_agent, aci_admin`.execute(db);
  await sql`ALTER TABLE evidence_blob ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY evidence_blob_read ON evidence_blob FOR SELECT USING (true)`.execute(db);
  await sql`CREATE POLICY evidence_blob_add ON evidence_blob FOR INSERT WITH CHECK (true)`.execute(db);
  await sql`CREATE POLICY evidence_blob_repair ON evidence_blob FOR UPDATE USING (true) WITH CHECK (true)`.execute(db);
  await sql`CREATE POLICY evidence_blob_remove ON evidence_blob FOR DELETE USING (pg_has_role('aci_admin', 'MEMBER'))`.execute(db);
}
