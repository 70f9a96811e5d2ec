// The renderer's only window onto the app: `window.api.call(method, input)`.
// It never sees ipcRenderer nor any event object.
import { contextBridge, ipcRenderer } from 'electron';

const API_CHANNEL = 'aci:api';

contextBridge.exposeInMainWorld('api', {
  call: (method: string, input: unknown) => ipcRenderer.invoke(API_CHANNEL, method, input),
});
