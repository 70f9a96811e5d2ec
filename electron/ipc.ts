// IPC transport: sender checked against the app origin, input validated by callApi.
//  - API_CHANNEL: every API method;
//  - SAVE_EXPORT_CHANNEL: an export saved where the user chooses in the native save dialog;
//  - OPEN_EVIDENCE_CHANNEL: a stored evidence file opened (document types) or shown in its folder;
//  - SAVE_BACKUP_CHANNEL: the backup archive saved where the user chooses.
//    Main builds the file, shows the dialog and writes the file: the renderer never names a path.
import type { IpcMain, IpcMainInvokeEvent, SaveDialogOptions } from 'electron';
import { extname, join } from 'node:path';
import type { ApiResponse } from '../shared/api';
import type { ExportFile, SavedExport } from '../shared/reports';
import type { OpenedEvidence } from '../shared/indicatorViews';
import type { ApiContext } from './api/context';
import { callApi } from './api/dispatch';
import { isAppUrl } from './security';
import { evidenceLocalFile, writeFileAtomic } from './api/evidence';
import type { BackupFile } from '../shared/backup';

export const API_CHANNEL = 'aci:api';
export const SAVE_EXPORT_CHANNEL = 'aci:save-export';
export const OPEN_EVIDENCE_CHANNEL = 'aci:open-evidence';
export const SAVE_BACKUP_CHANNEL = 'aci:save-backup';

type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

function forbidden(): ApiResponse<never> {
  return { ok: false, error: { code: 'FORBIDDEN', message: 'Appel refusé : il ne vient pas de l’application.' } };
}

export async function handleIpcCall(ctx: ApiContext, event: SenderEvent, method: unknown, input: unknown): Promise<ApiResponse<unknown>> {
  if (!isAppUrl(event.senderFrame?.url)) return forbidden();
  if (typeof method !== 'string') return { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Méthode manquante.' } };
  return callApi(ctx, method, input);
}

/** What saving an export needs from Electron (injected, so it is tested without Electron). */
export interface SaveExportDeps {
  /** The native save dialog, attached to the window that asked. */
  showSaveDialog(event: IpcMainInvokeEvent, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  writeFile(path: string, data: Buffer): Promise<void>;
  /** The folder the dialog opens in (the user's Documents). */
  defaultDir(): string;
}

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  xlsx: { name: 'Classeur Excel', extensions: ['xlsx'] },
  pdf: { name: 'Document PDF', extensions: ['pdf'] },
};

export async function handleSaveExport(ctx: ApiContext, event: IpcMainInvokeEvent, input: unknown, deps: SaveExportDeps): Promise<ApiResponse<SavedExport>> {
  if (!isAppUrl(event.senderFrame?.url)) return forbidden();
  const built = await callApi(ctx, 'reports.export', input);
  if (!built.ok) return built;
  const file = built.value as ExportFile;
  const ext = extname(file.fileName).slice(1);
  const choice = await deps.showSaveDialog(event, {
    title: 'Enregistrer l’export',
    buttonLabel: 'Enregistrer',
    defaultPath: join(deps.defaultDir(), file.fileName),
    filters: FILTERS[ext] ? [FILTERS[ext]] : [],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false, fileName: file.fileName, path: null } };
  const path = extname(choice.filePath) === '' ? `${choice.filePath}.${ext}` : choice.filePath;
  try {
    await deps.writeFile(path, Buffer.from(file.base64, 'base64'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EBUSY' || code === 'EPERM' || code === 'EACCES' ? ' : le fichier est-il ouvert dans une autre application, ou le dossier protégé ?' : '.';
    return { ok: false, error: { code: 'INTERNAL', message: `Fichier non enregistré (${path})${why}` } };
  }
  return { ok: true, value: { saved: true, fileName: file.fileName, path } };
}

/**
 * "Sauvegarder" in Electron: main builds the archive through the API ('backup.create'), asks where
 * to save it (native dialog) and writes it there under a temporary name, renamed when complete.
 */
export async function handleSaveBackup(ctx: ApiContext, event: IpcMainInvokeEvent, deps: Omit<SaveExportDeps, 'writeFile'>): Promise<ApiResponse<SavedExport>> {
  if (!isAppUrl(event.senderFrame?.url)) return forbidden();
  const built = await callApi(ctx, 'backup.create', {});
  if (!built.ok) return built;
  const file = built.value as BackupFile;
  const choice = await deps.showSaveDialog(event, {
    title: 'Enregistrer la sauvegarde',
    buttonLabel: 'Enregistrer',
    defaultPath: join(deps.defaultDir(), file.fileName),
    filters: [{ name: 'Sauvegarde ACI CPTS (zip)', extensions: ['zip'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false, fileName: file.fileName, path: null } };
  const path = extname(choice.filePath) === '' ? `${choice.filePath}.zip` : choice.filePath;
  try {
    writeFileAtomic(path, Buffer.from(file.base64, 'base64'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EBUSY' || code === 'EPERM' || code === 'EACCES' ? ' : le dossier est-il protégé, ou le fichier ouvert ailleurs ?' : '.';
    return { ok: false, error: { code: 'INTERNAL', message: `Sauvegarde non enregistrée (${path})${why}` } };
  }
  return { ok: true, value: { saved: true, fileName: file.fileName, path } };
}

/**
 * Document types the system may open with their application: PDF, images, office documents,
 * text and CSV. Anything else (an executable, a script, a shortcut, HTML, SVG, a macro-enabled
 * office file, an archive...) is only shown in its folder, so a stored file never runs by a click.
 */
export const OPENABLE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.pdf',
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.webp',
  '.bmp',
  '.tif',
  '.tiff',
  '.heic',
  '.doc',
  '.docx',
  '.xls',
  '.xlsx',
  '.ppt',
  '.pptx',
  '.odt',
  '.ods',
  '.odp',
  '.rtf',
  '.txt',
  '.csv',
]);

/** Whether a stored evidence file may be opened with the system's application (by its extension). */
export function isOpenableDocument(path: string): boolean {
  return OPENABLE_EXTENSIONS.has(extname(path).toLowerCase());
}

/** What opening an evidence file needs from Electron (injected, so it is tested without Electron). */
export interface OpenEvidenceDeps {
  /** shell.openPath: '' on success, else the error. */
  openPath(path: string): Promise<string>;
  /** shell.showItemInFolder: the file selected in the system's file manager. */
  showItemInFolder(path: string): void;
}

export async function handleOpenEvidence(ctx: ApiContext, event: SenderEvent, id: unknown, deps: OpenEvidenceDeps): Promise<ApiResponse<OpenedEvidence>> {
  if (!isAppUrl(event.senderFrame?.url)) return forbidden();
  // The same checks as the API (id validated, file inside the data folder, hash unchanged).
  const checked = await callApi(ctx, 'evidence.get', { id });
  if (!checked.ok) return checked;
  // The stored file (SQLite), or in team mode a checked copy of the shared database's content.
  const { path } = await evidenceLocalFile(ctx, id as number);
  if (!isOpenableDocument(path)) {
    deps.showItemInFolder(path);
    return { ok: true, value: { opened: false, shownInFolder: true } };
  }
  const error = await deps.openPath(path);
  if (error) return { ok: false, error: { code: 'INTERNAL', message: `Pièce non ouverte : ${error}` } };
  return { ok: true, value: { opened: true, shownInFolder: false } };
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, ctx: ApiContext, save?: SaveExportDeps, open?: OpenEvidenceDeps): void {
  ipcMain.handle(API_CHANNEL, (event, method: unknown, input: unknown) => handleIpcCall(ctx, event, method, input));
  if (save) ipcMain.handle(SAVE_EXPORT_CHANNEL, (event, input: unknown) => handleSaveExport(ctx, event, input, save));
  if (open) ipcMain.handle(OPEN_EVIDENCE_CHANNEL, (event, id: unknown) => handleOpenEvidence(ctx, event, id, open));
  if (save) ipcMain.handle(SAVE_BACKUP_CHANNEL, (event) => handleSaveBackup(ctx, event, save));
}
