// A consistent copy of the ledger, taken while it is open (SQLite's VACUUM INTO).
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from './connection';

export const BACKUP_DIR = 'sauvegardes';

export async function backupDatabase(db: Db, dataDir: string, now: Date = new Date()): Promise<{ fileName: string; path: string; size: number }> {
  const dir = join(dataDir, BACKUP_DIR);
  mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const fileName = `aci-cpts-sauvegarde-${stamp}.sqlite`;
  const path = join(dir, fileName);
  await sql`VACUUM INTO ${path}`.execute(db);
  return { fileName, path, size: statSync(path).size };
}
