// The renderer's only window onto the app: `window.api.call(method, input)`, and
// `window.api.saveExport(request)` (main builds the export and saves it where the user chooses),
// `window.api.openEvidence(id)` (main opens a stored evidence file with the system's application)
// and `window.api.saveBackup()` (main builds the backup archive and saves it where the user chooses).
// It never sees ipcRenderer nor any event object.
import { contextBridge, ipcRenderer } from 'electron';

const API_CHANNEL = 'aci:api';
const SAVE_EXPORT_CHANNEL = 'aci:save-export';
const OPEN_EVIDENCE_CHANNEL = 'aci:open-evidence';
const SAVE_BACKUP_CHANNEL = 'aci:save-backup';

contextBridge.exposeInMainWorld('api', {
  call: (method: string, input: unknown) => ipcRenderer.invoke(API_CHANNEL, method, input),
  saveExport: (input: unknown) => ipcRenderer.invoke(SAVE_EXPORT_CHANNEL, input),
  openEvidence: (id: number) => ipcRenderer.invoke(OPEN_EVIDENCE_CHANNEL, id),
  saveBackup: () => ipcRenderer.invoke(SAVE_BACKUP_CHANNEL),
});
