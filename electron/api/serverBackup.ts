// The backup archive of the shared database (team mode, issue 13), in the desktop archive's own
// format: the server's rows the caller may read (all of them for an administrator, their contracts
// for an agent) are copied into a fresh ledger in a temporary data folder, evidence files written
// from the database, the portfolio's derived figures computed there, and the archive made from
// that folder (electron/db/backup.ts). The figures stored at closings travel as stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackupArchive, LEDGER_FILE, type BackupMeta, type CreatedBackup } from '../db/backup';
import { inReadTransaction, openDatabase, type Db } from '../db/connection';
import { copyServerIntoSqlite, type ServerCopyReport } from '../db/postgres/copyToSqlite';
import { refreshAllSummaries } from './portfolio';
import { storeMissingClosedFigures } from './reviews';

export interface ServerBackup extends CreatedBackup {
  copy: ServerCopyReport;
}

/** Writes the backup archive of the server `db` (a PostgreSQL store) to `outPath`. */
export async function createServerBackupArchive(db: Db, outPath: string, meta: BackupMeta): Promise<ServerBackup> {
  const dir = mkdtempSync(join(tmpdir(), 'aci-sauvegarde-serveur-'));
  try {
    const ledger = await openDatabase(join(dir, LEDGER_FILE));
    try {
      const copy = await inReadTransaction(db, (trx) => copyServerIntoSqlite(trx, ledger.sqlite, dir));
      await storeMissingClosedFigures(ledger.db);
      await refreshAllSummaries(ledger.db, meta.appVersion);
      return { ...(await createBackupArchive(ledger.db, dir, outPath, meta)), copy };
    } finally {
      await ledger.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
