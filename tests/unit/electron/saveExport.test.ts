// The save-export IPC handler with Electron's dialog and the file system injected.
import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import type { ApiContext } from '../../../electron/api/context';
import type { SaveExportDeps } from '../../../electron/ipc';

vi.mock('electron', () => ({}));
vi.mock('../../../electron/api/dispatch', () => ({
  callApi: vi.fn(async (_ctx: unknown, method: string, input: { report?: string }) => {
    if (method !== 'reports.export') throw new Error(`unexpected ${method}`);
    if (input.report !== 'portfolio') return { ok: false, error: { code: 'VALIDATION', message: 'État des versements : indiquez le contrat.' } };
    return { ok: true, value: { fileName: 'ACI-CPTS-portefeuille-2026-11-23.xlsx', mimeType: 'x', base64: Buffer.from('PK-bytes').toString('base64') } };
  }),
}));

const { handleSaveExport } = await import('../../../electron/ipc');
const ctx = {} as ApiContext;
const appEvent = { senderFrame: { url: 'app://aci/index.html' }, sender: {} } as unknown as IpcMainInvokeEvent;

function deps(choice: { canceled: boolean; filePath?: string }, writeFile: SaveExportDeps['writeFile'] = vi.fn(async () => undefined)) {
  return { showSaveDialog: vi.fn(async () => choice), writeFile, defaultDir: () => '/home/u/Documents' } satisfies SaveExportDeps;
}

describe('save an export (Electron main)', () => {
  it('writes the bytes the API built at the path the dialog returned, proposing the file name in Documents', async () => {
    const d = deps({ canceled: false, filePath: '/home/u/Bureau/portefeuille.xlsx' });
    const res = await handleSaveExport(ctx, appEvent, { report: 'portfolio', format: 'xlsx' }, d);
    expect(res).toEqual({ ok: true, value: { saved: true, fileName: 'ACI-CPTS-portefeuille-2026-11-23.xlsx', path: '/home/u/Bureau/portefeuille.xlsx' } });
    expect(d.writeFile).toHaveBeenCalledWith('/home/u/Bureau/portefeuille.xlsx', Buffer.from('PK-bytes'));
    expect(d.showSaveDialog).toHaveBeenCalledWith(
      appEvent,
      expect.objectContaining({ defaultPath: '/home/u/Documents/ACI-CPTS-portefeuille-2026-11-23.xlsx', filters: [{ name: 'Classeur Excel', extensions: ['xlsx'] }] }),
    );
  });

  it('adds the extension when the user typed a name without one', async () => {
    const d = deps({ canceled: false, filePath: '/home/u/Bureau/portefeuille' });
    const res = await handleSaveExport(ctx, appEvent, { report: 'portfolio', format: 'xlsx' }, d);
    expect(res).toMatchObject({ ok: true, value: { path: '/home/u/Bureau/portefeuille.xlsx' } });
  });

  it('writes nothing when the user cancels', async () => {
    const d = deps({ canceled: true });
    expect(await handleSaveExport(ctx, appEvent, { report: 'portfolio', format: 'xlsx' }, d)).toEqual({
      ok: true,
      value: { saved: false, fileName: 'ACI-CPTS-portefeuille-2026-11-23.xlsx', path: null },
    });
    expect(d.writeFile).not.toHaveBeenCalled();
  });

  it('shows no dialog for a refused request, and says why in French', async () => {
    const d = deps({ canceled: false, filePath: '/x.pdf' });
    expect(await handleSaveExport(ctx, appEvent, { report: 'payments', format: 'pdf' }, d)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'État des versements : indiquez le contrat.' } });
    expect(d.showSaveDialog).not.toHaveBeenCalled();
  });

  it('refuses a sender that is not the app', async () => {
    const d = deps({ canceled: false, filePath: '/x.xlsx' });
    const foreign = { senderFrame: { url: 'https://evil.example/' } } as unknown as IpcMainInvokeEvent;
    expect(await handleSaveExport(ctx, foreign, { report: 'portfolio', format: 'xlsx' }, d)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(d.showSaveDialog).not.toHaveBeenCalled();
  });

  it('reports a file that cannot be written (open in Excel, protected folder)', async () => {
    const busy = Object.assign(new Error('busy'), { code: 'EBUSY' });
    const d = deps({ canceled: false, filePath: 'C:\\Users\\u\\portefeuille.xlsx' }, vi.fn(async () => Promise.reject(busy)));
    const res = await handleSaveExport(ctx, appEvent, { report: 'portfolio', format: 'xlsx' }, d);
    expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(res.ok ? '' : res.error.message).toContain('ouvert dans une autre application');
  });
});
