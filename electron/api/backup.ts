// "Sauvegarder" and "Restaurer" in the app. The archive travels as base64 (a download in browser
// mode; in Electron main saves it where the user chooses). A restore is checked entirely, then
// set aside in the data folder: the app has the database open, so the checked data replaces the
// current one at the next start (electron/runtime.ts startData), which keeps the replaced data in
// DIR/avant-restauration-<date>/. Runs outside any transaction (VACUUM INTO may not run in one).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiParsed } from '../../shared/api';
import { BACKUP_MIME, type BackupFile, type BackupSummary, type RestoreResult } from '../../shared/backup';
import { BackupError, backupFileName, createBackupArchive, inspectBackup, LEDGER_FILE, stageRestore } from '../db/backup';
import { AppError, type ApiContext } from './context';
import { isPostgres } from '../db/postgres/retry';

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
 * Team mode (issue 13): the app's backup is a copy of its SQLite file and data folder; the shared
 * PostgreSQL database is saved and restored on the server, by its administrator, with its tools.
 */
function refuseOnServer(ctx: ApiContext, what: 'sauvegarde' | 'restauration'): void {
  if (!isPostgres(ctx.db)) return;
  throw new AppError(
    'CONFLICT',
    what === 'sauvegarde'
      ? 'Base partagée (PostgreSQL) : la sauvegarde se fait sur le serveur par son administrateur (pg_dump, avec les pièces, qui sont dans la base) ; « Sauvegarder » copie seulement une base locale.'
      : 'Base partagée (PostgreSQL) : la restauration se fait sur le serveur par son administrateur (pg_restore) ; pour y verser une base locale, utilisez « npm run aci -- migrate-to-server ».',
  );
}

export function createBackup(ctx: ApiContext): Promise<BackupFile> {
  refuseOnServer(ctx, 'sauvegarde');
  return withTemp(async (dir) => {
    const fileName = backupFileName();
    const made = await createBackupArchive(ctx.db, ctx.dataDir, join(dir, fileName), { appVersion: ctx.version });
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
  refuseOnServer(ctx, 'restauration');
  return withTemp(async (dir) => {
    const summary = await stageRestore(archiveFromBase64(dir, input.archiveBase64), ctx.dataDir, LEDGER_FILE).catch(refusal);
    return { summary, restartRequired: true };
  });
}
