// "Sauvegarder" and "Restaurer" in the app. The archive travels as base64 (a download in browser
// mode; in Electron main saves it where the user chooses). A restore is checked entirely, then
// set aside in the data folder: the app has the database open, so the checked data replaces the
// current one at the next start (electron/runtime.ts startData), which keeps the replaced data in
// DIR/avant-restauration-<date>/. Runs outside any transaction (VACUUM INTO may not run in one).
// In team mode the backup is the shared database's, as its connected role reads it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiParsed } from '../../shared/api';
import { BACKUP_MIME, type BackupFile, type BackupSummary, type RestoreResult } from '../../shared/backup';
import { BackupError, backupFileName, createBackupArchive, inspectBackup, LEDGER_FILE, stageRestore } from '../db/backup';
import { AppError, type ApiContext } from './context';
import { isPostgres } from '../db/postgres/retry';
import { CopyRefusedError } from '../db/postgres/copyFromSqlite';
import { createServerBackupArchive } from './serverBackup';

function refusal(e: unknown): never {
  if (e instanceof BackupError) throw new AppError('VALIDATION', e.message, { archiveBase64: e.message });
  throw e;
}

async function withTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'aci-archive-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function archiveFromBase64(dir: string, base64: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new AppError('VALIDATION', 'Archive illisible (base64 attendu).', { archiveBase64: 'Archive illisible.' });
  const path = join(dir, 'archive.zip');
  writeFileSync(path, Buffer.from(base64, 'base64'));
  return path;
}

/**
 * Team mode (issue 13): « Sauvegarder » saves what the connected agent may read of the shared
 * database (electron/api/serverBackup.ts); pouring an archive into the server is the
 * administrator's `restore --data postgres://…`, not a button every agent has.
 */
function refuseRestoreOnServer(ctx: ApiContext): void {
  if (!isPostgres(ctx.db)) return;
  throw new AppError(
    'CONFLICT',
    'Base partagée (PostgreSQL) : une sauvegarde s’y verse par l’administrateur de la base, avec « npm run aci -- restore --data postgres://… --from archive.zip » (les contrats de l’archive sont ajoutés ; refusé si la base en a déjà un).',
  );
}

export function createBackup(ctx: ApiContext): Promise<BackupFile> {
  return withTemp(async (dir) => {
    const fileName = backupFileName();
    const out = join(dir, fileName);
    const meta = { appVersion: ctx.version };
    const made = isPostgres(ctx.db)
      ? await createServerBackupArchive(ctx.db, out, meta).catch((e: unknown) => {
          if (e instanceof CopyRefusedError) throw new AppError('CONFLICT', e.message);
          throw e;
        })
      : await createBackupArchive(ctx.db, ctx.dataDir, out, meta);
    return {
      fileName,
      mimeType: BACKUP_MIME,
      base64: readFileSync(made.path).toString('base64'),
      size: made.size,
      sha256: made.sha256,
      contractCount: made.contractCount,
      evidenceFiles: made.manifest.entries.length - 1,
    };
  });
}

export function inspectBackupArchive(_ctx: ApiContext, input: ApiParsed<'backup.inspect'>): Promise<BackupSummary> {
  return withTemp((dir) => inspectBackup(archiveFromBase64(dir, input.archiveBase64)).catch(refusal));
}

export function restoreBackupArchive(ctx: ApiContext, input: ApiParsed<'backup.restore'>): Promise<RestoreResult> {
  refuseRestoreOnServer(ctx);
  return withTemp(async (dir) => {
    const summary = await stageRestore(archiveFromBase64(dir, input.archiveBase64), ctx.dataDir, LEDGER_FILE).catch(refusal);
    return { summary, restartRequired: true };
  });
}
