// Evidence contents in the shared database (team mode, issue 13): one row per SHA-256 in
// evidence_blob (PostgreSQL migration 2026-11-30-pg-03). A row already there is kept when its
// content still hashes to its key, and rewritten from the upload when it does not (the same
// repair as a damaged file in the data folder). PostgreSQL only; no transaction of its own.
import { sql } from 'kysely';
import type { Db } from '../connection';

export type BlobWrite = 'written' | 'kept' | 'repaired';

export async function putEvidenceBlob(db: Db, sha256: string, content: Uint8Array): Promise<BlobWrite> {
  const r = await sql<{ inserted: boolean }>`
    INSERT INTO evidence_blob (sha256, size, content, stored_at)
    VALUES (${sha256}, ${content.length}, ${Buffer.from(content)}, ${new Date().toISOString()})
    ON CONFLICT (sha256) DO UPDATE SET content = EXCLUDED.content, size = EXCLUDED.size, stored_at = EXCLUDED.stored_at
      WHERE encode(sha256(evidence_blob.content), 'hex') <> evidence_blob.sha256
    RETURNING (xmax = 0) AS inserted`.execute(db);
  if (r.rows.length === 0) return 'kept';
  return r.rows[0].inserted ? 'written' : 'repaired';
}

/** The stored content of a hash, or null when the database has none. */
export async function getEvidenceBlob(db: Db, sha256: string): Promise<Buffer | null> {
  const r = await sql<{ content: Buffer }>`SELECT content FROM evidence_blob WHERE sha256 = ${sha256}`.execute(db);
  return r.rows[0]?.content ?? null;
}

/** Which of these hashes the database holds. */
export async function storedBlobHashes(db: Db, hashes: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < hashes.length; i += 500) {
    const chunk = hashes.slice(i, i + 500);
    const r = await sql<{ sha256: string }>`SELECT sha256 FROM evidence_blob WHERE sha256 IN (${sql.join(chunk)})`.execute(db);
    for (const x of r.rows) out.add(x.sha256);
  }
  return out;
}

/** Removes the contents no evidence row refers to any more (after demo contracts are deleted). */
export async function removeOrphanBlobs(db: Db, hashes: string[]): Promise<number> {
  if (hashes.length === 0) return 0;
  const r = await sql`DELETE FROM evidence_blob WHERE sha256 IN (${sql.join(hashes)}) AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.sha256 = evidence_blob.sha256)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
