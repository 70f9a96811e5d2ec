// The Electron main process when its data cannot be opened (here: the data folder already held by
// another ACI CPTS): a native dialog says why in French, and the app quits with a non-zero code,
// without opening a window nor registering the API.
import { describe, expect, it, vi } from 'vitest';

const state = { readyResolve: null as null | (() => void), windows: 0 };

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    constructor() {
      state.windows += 1;
    }
  }
  return {
    app: {
      requestSingleInstanceLock: vi.fn(() => true),
      on: vi.fn(),
      whenReady: () => new Promise<void>((r) => (state.readyResolve = r)),
      getPath: () => '/tmp/aci-main-test',
      quit: vi.fn(),
      exit: vi.fn(),
      isPackaged: false,
      name: 'ACI CPTS',
    },
    BrowserWindow,
    Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() },
    ipcMain: { handle: vi.fn() },
    dialog: { showErrorBox: vi.fn(), showSaveDialog: vi.fn() },
    net: { fetch: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    shell: { openExternal: vi.fn(), openPath: vi.fn(), showItemInFolder: vi.fn() },
    // An OS without encryption: no secret box, the setting is kept as before.
    safeStorage: { isEncryptionAvailable: vi.fn(() => false), encryptString: vi.fn(), decryptString: vi.fn() },
  };
});

vi.mock('../../../electron/runtime', async () => {
  const { DataFolderInUseError } = await import('../../../electron/dataLock');
  return {
    resolveDataDir: () => '/tmp/aci-main-test',
    electronSqliteBinding: vi.fn(() => undefined),
    startData: vi.fn(async () => {
      throw new DataFolderInUseError('/tmp/aci-main-test', { pid: 4242, host: (await import('node:os')).hostname(), startedAt: '2026-11-30T08:15:00.000Z', procStart: null, holder: 'browser' }, '/tmp/aci-main-test/aci-cpts.lock');
    }),
  };
});

describe('Electron main when the data folder is already in use', () => {
  it('shows a French dialog and exits non-zero, with no window and no API', async () => {
    await import('../../../electron/main');
    state.readyResolve?.();
    const { app, dialog, ipcMain } = await import('electron');
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(1));
    expect(dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, message] = vi.mocked(dialog.showErrorBox).mock.calls[0];
    expect(title).toBe('ACI CPTS ne peut pas démarrer');
    expect(message).toMatch(/^L’application ACI CPTS est déjà ouverte sur le dossier de données \/tmp\/aci-main-test \(processus n° 4242 depuis le 30\/11\/2026/);
    expect(state.windows).toBe(0);
    expect(ipcMain.handle).not.toHaveBeenCalled();
  });

  it('installs no secret box when the OS offers no encryption', async () => {
    const { safeStorage } = await import('electron');
    expect(safeStorage.isEncryptionAvailable).toHaveBeenCalled();
    expect((await import('../../../electron/settings')).installedSecretBox()).toBeNull();
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
  });
});
