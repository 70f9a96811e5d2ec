// IPC transport: one channel, sender checked against the app origin, input validated by callApi.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { ApiResponse } from '../shared/api';
import type { ApiContext } from './api/context';
import { callApi } from './api/dispatch';
import { isAppUrl } from './security';

export const API_CHANNEL = 'aci:api';

export async function handleIpcCall(ctx: ApiContext, event: Pick<IpcMainInvokeEvent, 'senderFrame'>, method: unknown, input: unknown): Promise<ApiResponse<unknown>> {
  const frameUrl = event.senderFrame?.url;
  if (!isAppUrl(frameUrl)) {
    return { ok: false, error: { code: 'FORBIDDEN', message: 'Appel refusé : il ne vient pas de l’application.' } };
  }
  if (typeof method !== 'string') return { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Méthode manquante.' } };
  return callApi(ctx, method, input);
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, ctx: ApiContext): void {
  ipcMain.handle(API_CHANNEL, (event, method: unknown, input: unknown) => handleIpcCall(ctx, event, method, input));
}
