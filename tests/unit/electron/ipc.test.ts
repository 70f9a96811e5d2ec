import { describe, expect, it, vi } from 'vitest';
import type { ApiContext } from '../../../electron/api/context';

vi.mock('electron', () => ({ ipcMain: { handle: vi.fn() } }));

const { registerIpc, handleIpcCall, API_CHANNEL } = await import('../../../electron/ipc');
const { ipcMain } = await import('electron');

const ctx = { today: () => '2026-11-23', version: '1.0.0', mode: 'electron', dataDir: '/tmp/x', db: {} } as unknown as ApiContext;

describe('IPC transport', () => {
  it('registers one channel on ipcMain', () => {
    registerIpc(ipcMain, ctx);
    expect(ipcMain.handle).toHaveBeenCalledWith(API_CHANNEL, expect.any(Function));
  });

  it('refuses calls whose sender frame is not the app', async () => {
    const res = await handleIpcCall(ctx, { senderFrame: { url: 'https://evil.example/' } } as never, 'app.info', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const none = await handleIpcCall(ctx, { senderFrame: null } as never, 'app.info', {});
    expect(none).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('validates the input of an app frame call with the contract schema', async () => {
    const frame = { senderFrame: { url: 'app://aci/index.html' } } as never;
    expect(await handleIpcCall(ctx, frame, 'app.info', {})).toEqual({
      ok: true,
      value: { version: '1.0.0', mode: 'electron', dataDir: '/tmp/x', today: '2026-11-23' },
    });
    expect(await handleIpcCall(ctx, frame, 'app.info', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await handleIpcCall(ctx, frame, 42, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });
});

describe('preload', () => {
  it('exposes only window.api.call, saveExport, openEvidence and saveBackup, forwarding to their channels without the event', async () => {
    vi.resetModules();
    const expose = vi.fn();
    const invoke = vi.fn().mockResolvedValue({ ok: true, value: 1 });
    vi.doMock('electron', () => ({ contextBridge: { exposeInMainWorld: expose }, ipcRenderer: { invoke } }));
    await import('../../../electron/preload');
    expect(expose).toHaveBeenCalledTimes(1);
    const [name, api] = expose.mock.calls[0] as [string, Record<string, (...a: unknown[]) => unknown>];
    expect(name).toBe('api');
    expect(Object.keys(api)).toEqual(['call', 'saveExport', 'openEvidence', 'saveBackup']);
    await api.call('portfolio.list', { search: 'x' });
    expect(invoke).toHaveBeenCalledWith('aci:api', 'portfolio.list', { search: 'x' });
    await api.saveExport({ report: 'portfolio', format: 'xlsx' });
    expect(invoke).toHaveBeenLastCalledWith('aci:save-export', { report: 'portfolio', format: 'xlsx' });
    await api.openEvidence(7);
    expect(invoke).toHaveBeenLastCalledWith('aci:open-evidence', 7);
    await api.saveBackup();
    expect(invoke).toHaveBeenLastCalledWith('aci:save-backup');
  });
});
