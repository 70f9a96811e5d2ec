// The renderer's only window onto the app: `window.api.call(method, input)`, and
// `window.api.saveExport(request)` (main builds the export and saves it where the user chooses).
// It never sees ipcRenderer nor any event object.
import { contextBridge, ipcRenderer } from 'electron';

const API_CHANNEL = 'aci:api';
const SAVE_EXPORT_CHANNEL = 'aci:save-export';

contextBridge.exposeInMainWorld('api', {
  call: (method: string, input: unknown) => ipcRenderer.invoke(API_CHANNEL, method, input),
  saveExport: (input: unknown) => ipcRenderer.invoke(SAVE_EXPORT_CHANNEL, input),
});
