// The Electron main process, with `electron` mocked: the binary is not needed to check its wiring.
import { beforeAll, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;
const appListeners = new Map<string, Listener>();
const state = {
  readyResolve: null as null | (() => void),
  protocolHandler: null as null | ((req: { url: string }) => Promise<Response>),
  permissionHandler: null as null | Listener,
  windowOptions: null as null | Record<string, unknown>,
  loadedUrl: '',
  menuTemplate: [] as { label?: string }[],
  ipcHandlers: new Map<string, Listener>(),
  savePath: '',
  /** The secret box installed when main opened the data (electron/settings.ts). */
  boxAtStart: undefined as undefined | null | { encrypt(t: string): string; decrypt(b: string): string },
};

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    static fromWebContents = () => null;
    constructor(opts: Record<string, unknown>) {
      state.windowOptions = opts;
    }
    once() {}
    loadURL(url: string) {
      state.loadedUrl = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      requestSingleInstanceLock: vi.fn(() => true),
      on: vi.fn((name: string, fn: Listener) => appListeners.set(name, fn)),
      whenReady: () => new Promise<void>((r) => (state.readyResolve = r)),
      getPath: () => '/tmp/aci-main-test',
      quit: vi.fn(),
      name: 'ACI CPTS',
    },
    BrowserWindow,
    Menu: { buildFromTemplate: (t: { label?: string }[]) => ((state.menuTemplate = t), t), setApplicationMenu: vi.fn() },
    ipcMain: { handle: vi.fn((channel: string, fn: Listener) => state.ipcHandlers.set(channel, fn)) },
    dialog: { showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: state.savePath })) },
    net: { fetch: vi.fn(async () => new Response('<html></html>', { status: 200 })) },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn((_s: string, fn: (req: { url: string }) => Promise<Response>) => (state.protocolHandler = fn)),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Listener) => (state.permissionHandler = fn),
        setPermissionCheckHandler: vi.fn(),
      },
    },
    shell: { openExternal: vi.fn(), openPath: vi.fn(async () => ''), showItemInFolder: vi.fn() },
    // The OS encryption, faked: "chiffré:" + the text reversed.
    safeStorage: {
      isEncryptionAvailable: vi.fn(() => true),
      encryptString: vi.fn((t: string) => Buffer.from(`chiffré:${[...t].reverse().join('')}`)),
      decryptString: vi.fn((b: Buffer) => [...b.toString().replace(/^chiffré:/, '')].reverse().join('')),
    },
  };
});

// The export itself is tested elsewhere (integration); here main only has to save what the API built.
vi.mock('../../../electron/api/dispatch', () => ({
  callApi: vi.fn(async (_ctx: unknown, method: string) =>
    method === 'reports.export'
      ? { ok: true, value: { fileName: 'CPTS-X-versements-annee-2-2026-11-23.pdf', mimeType: 'application/pdf', base64: Buffer.from('%PDF-1.3 test').toString('base64') } }
      : method === 'backup.create'
        ? { ok: true, value: { fileName: 'aci-cpts-sauvegarde-2026-11-30-10-00-00.zip', mimeType: 'application/zip', base64: Buffer.from('PK archive').toString('base64'), size: 10, sha256: '', contractCount: 1, evidenceFiles: 0 } }
      : method === 'evidence.get'
        ? { ok: true, value: { fileName: 'piece', mimeType: 'application/octet-stream', base64: '', sha256: '' } }
        : { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'non' } },
  ),
}));

// Stored evidence: n° 1 is a PDF, n° 2 an executable someone attached.
vi.mock('../../../electron/api/evidence', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../electron/api/evidence')>()),
  evidenceLocalFile: vi.fn(async (_ctx: unknown, id: number) => ({
    path: id === 1 ? '/data/pieces/ab/ab12.pdf' : '/data/pieces/cd/cd34.exe',
    fileName: id === 1 ? 'compte-rendu.pdf' : 'outil.exe',
    sha256: '',
  })),
}));

vi.mock('../../../electron/runtime', () => ({
  resolveDataDir: () => '/tmp/aci-main-test',
  startData: vi.fn(async () => {
    state.boxAtStart = (await import('../../../electron/settings')).installedSecretBox();
    return { ctx: {}, opened: { close: vi.fn() }, createdDemo: false };
  }),
  electronSqliteBinding: vi.fn(() => '/repo/node_modules/.aci-electron-sqlite/build/Release/better_sqlite3.node'),
}));

beforeAll(async () => {
  await import('../../../electron/main');
  state.readyResolve?.();
  await new Promise((r) => setTimeout(r, 20));
});

describe('Electron main (mocked electron)', () => {
  it('takes the single-instance lock and registers the app:// scheme as privileged', async () => {
    const { app, protocol } = await import('electron');
    expect(app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([expect.objectContaining({ scheme: 'app' })]);
  });

  it('opens a sandboxed, context-isolated window on app://', () => {
    const prefs = state.windowOptions?.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(state.loadedUrl).toBe('app://aci/index.html');
  });

  it('serves app:// with a CSP and refuses paths outside the renderer', async () => {
    const ok = await state.protocolHandler!({ url: 'app://aci/index.html' });
    expect(ok.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
    const bad = await state.protocolHandler!({ url: 'app://aci/..%2F..%2Fpackage.json' });
    expect(bad.status).toBe(404);
  });

  it('denies permissions, navigation away and new windows', async () => {
    const cb = vi.fn();
    state.permissionHandler!(null, 'camera', cb);
    expect(cb).toHaveBeenCalledWith(false);

    const contentsListeners = new Map<string, Listener>();
    let openHandler: Listener = () => undefined;
    appListeners.get('web-contents-created')!(null, {
      on: (n: string, fn: Listener) => contentsListeners.set(n, fn),
      setWindowOpenHandler: (fn: Listener) => (openHandler = fn),
    });
    const nav = { preventDefault: vi.fn() };
    contentsListeners.get('will-navigate')!(nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    contentsListeners.get('will-navigate')!(inside, 'app://aci/index.html#/contrats/1');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contentsListeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(openHandler({ url: 'https://www.ameli.fr/' })).toEqual({ action: 'deny' });
    const { shell } = await import('electron');
    expect(shell.openExternal).toHaveBeenCalledWith('https://www.ameli.fr/');
    openHandler({ url: 'file:///etc/passwd' });
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('registers the API channel, the save-export, open-evidence and save-backup channels', () => {
    expect([...state.ipcHandlers.keys()]).toEqual(['aci:api', 'aci:save-export', 'aci:open-evidence', 'aci:save-backup']);
  });

  it('refuses to open evidence for a sender that is not the app, without touching the shell', async () => {
    const { shell } = await import('electron');
    const res = await state.ipcHandlers.get('aci:open-evidence')!({ senderFrame: { url: 'https://evil.example/' } }, 1);
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(shell.openPath).not.toHaveBeenCalled();
  });

  it('opens a stored PDF with the system, and only shows an executable in its folder', async () => {
    const { shell } = await import('electron');
    const event = { senderFrame: { url: 'app://aci/index.html' } };
    expect(await state.ipcHandlers.get('aci:open-evidence')!(event, 1)).toEqual({ ok: true, value: { opened: true, shownInFolder: false } });
    expect(shell.openPath).toHaveBeenCalledWith('/data/pieces/ab/ab12.pdf');
    expect(await state.ipcHandlers.get('aci:open-evidence')!(event, 2)).toEqual({ ok: true, value: { opened: false, shownInFolder: true } });
    expect(shell.showItemInFolder).toHaveBeenCalledWith('/data/pieces/cd/cd34.exe');
    expect(shell.openPath).toHaveBeenCalledTimes(1);
  });

  it('saves an export where the native dialog says, never where the renderer says', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { dialog } = await import('electron');
    state.savePath = join(mkdtempSync(join(tmpdir(), 'aci-save-')), 'etat');
    const event = { senderFrame: { url: 'app://aci/index.html' }, sender: {} };
    const res = await state.ipcHandlers.get('aci:save-export')!(event, { report: 'payments', format: 'pdf', contractId: 1, year: 2 });
    expect(res).toEqual({ ok: true, value: { saved: true, fileName: 'CPTS-X-versements-annee-2-2026-11-23.pdf', path: `${state.savePath}.pdf` } });
    expect(readFileSync(`${state.savePath}.pdf`, 'utf8')).toBe('%PDF-1.3 test');
    const options = vi.mocked(dialog.showSaveDialog).mock.calls[0][0] as unknown as { defaultPath: string; filters: { extensions: string[] }[] };
    expect(options.defaultPath).toBe(join('/tmp/aci-main-test', 'CPTS-X-versements-annee-2-2026-11-23.pdf'));
    expect(options.filters[0].extensions).toEqual(['pdf']);

    const foreign = await state.ipcHandlers.get('aci:save-export')!({ senderFrame: { url: 'https://evil.example/' }, sender: {} }, {});
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dialog.showSaveDialog).toHaveBeenCalledTimes(1);
  });

  it('saves the backup archive where the native dialog says, under a temporary name renamed when complete', async () => {
    const { mkdtempSync, readdirSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { dialog } = await import('electron');
    const dir = mkdtempSync(join(tmpdir(), 'aci-save-backup-'));
    state.savePath = join(dir, 'ma-sauvegarde');
    const event = { senderFrame: { url: 'app://aci/index.html' }, sender: {} };
    const res = await state.ipcHandlers.get('aci:save-backup')!(event);
    expect(res).toEqual({ ok: true, value: { saved: true, fileName: 'aci-cpts-sauvegarde-2026-11-30-10-00-00.zip', path: `${state.savePath}.zip` } });
    expect(readFileSync(`${state.savePath}.zip`, 'utf8')).toBe('PK archive');
    expect(readdirSync(dir)).toEqual(['ma-sauvegarde.zip']);
    const options = vi.mocked(dialog.showSaveDialog).mock.calls.at(-1)![0] as unknown as { filters: { extensions: string[] }[] };
    expect(options.filters[0].extensions).toEqual(['zip']);
    const calls = vi.mocked(dialog.showSaveDialog).mock.calls.length;
    expect(await state.ipcHandlers.get('aci:save-backup')!({ senderFrame: { url: 'https://evil.example/' }, sender: {} })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(vi.mocked(dialog.showSaveDialog).mock.calls.length).toBe(calls);
  });

  it('opens the data with the Electron build of SQLite when running from a checkout', async () => {
    const runtime = await import('../../../electron/runtime');
    expect(runtime.startData).toHaveBeenCalledWith('/tmp/aci-main-test', 'electron', '/repo/node_modules/.aci-electron-sqlite/build/Release/better_sqlite3.node');
  });

  it('installs a secret box built on safeStorage before opening the data, so reglages.json keeps the shared database password encrypted', async () => {
    const { safeStorage } = await import('electron');
    expect(safeStorage.isEncryptionAvailable).toHaveBeenCalled();
    const box = state.boxAtStart!;
    expect(box).not.toBeNull();
    const sealed = box.encrypt('motdepasse');
    expect(safeStorage.encryptString).toHaveBeenCalledWith('motdepasse');
    expect(sealed).toBe(Buffer.from('chiffré:essapedtom').toString('base64'));
    expect(box.decrypt(sealed)).toBe('motdepasse');
    expect(safeStorage.decryptString).toHaveBeenCalledTimes(1);
  });

  it('has French menus', () => {
    const labels = state.menuTemplate.map((m) => m.label);
    expect(labels).toEqual(expect.arrayContaining(['Fichier', 'Édition', 'Affichage', 'Fenêtre']));
  });
});
