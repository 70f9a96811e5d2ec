// Electron main process: lifecycle, window, menu, single-instance lock; wires IPC to the API.
import { app, BrowserWindow, Menu, dialog, ipcMain, net, protocol, safeStorage, session, shell, type MenuItemConstructorOptions } from 'electron';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerIpc, type SaveExportDeps } from './ipc';
import { electronSqliteBinding, resolveDataDir, startData, type Started } from './runtime';
import { installSecretBox } from './settings';
import { desktopSecretBox } from './safeStorageBox';
import { APP_ENTRY, APP_SCHEME, ELECTRON_CSP, WEB_PREFERENCES, isAppUrl, isSafeExternalUrl, resolveAppFile } from './security';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const rendererRoot = join(__dirname, '..', 'renderer');
let started: Started | null = null;
let mainWindow: BrowserWindow | null = null;

export function frenchMenu(): MenuItemConstructorOptions[] {
  return [
    ...(process.platform === 'darwin' ? [{ label: app.name, submenu: [{ role: 'about' as const, label: 'À propos' }, { type: 'separator' as const }, { role: 'quit' as const, label: 'Quitter' }] }] : []),
    { label: 'Fichier', submenu: [{ role: process.platform === 'darwin' ? ('close' as const) : ('quit' as const), label: 'Quitter' }] },
    {
      label: 'Édition',
      submenu: [
        { role: 'undo', label: 'Annuler' },
        { role: 'redo', label: 'Rétablir' },
        { type: 'separator' },
        { role: 'cut', label: 'Couper' },
        { role: 'copy', label: 'Copier' },
        { role: 'paste', label: 'Coller' },
        { role: 'selectAll', label: 'Tout sélectionner' },
      ],
    },
    {
      label: 'Affichage',
      submenu: [
        { role: 'reload', label: 'Actualiser' },
        { role: 'resetZoom', label: 'Taille réelle' },
        { role: 'zoomIn', label: 'Zoom avant' },
        { role: 'zoomOut', label: 'Zoom arrière' },
        { role: 'togglefullscreen', label: 'Plein écran' },
      ],
    },
    { label: 'Fenêtre', submenu: [{ role: 'minimize', label: 'Réduire' }] },
  ];
}

/** Exports are saved by main, where the user chooses in the native dialog. */
const saveExportDeps: SaveExportDeps = {
  showSaveDialog: (event, options) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    return win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options);
  },
  writeFile: (path, data) => writeFile(path, data),
  defaultDir: () => app.getPath('documents'),
};

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 860,
    title: 'ACI CPTS',
    show: false,
    webPreferences: { ...WEB_PREFERENCES, preload: join(__dirname, 'preload.cjs') },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  void mainWindow.loadURL(APP_ENTRY);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  void app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    protocol.handle(APP_SCHEME, async (request) => {
      const file = resolveAppFile(request.url, rendererRoot);
      if (!file) return new Response('Introuvable', { status: 404 });
      const res = await net.fetch(pathToFileURL(file).toString());
      const headers = new Headers(res.headers);
      headers.set('Content-Security-Policy', ELECTRON_CSP);
      return new Response(res.body, { status: res.status, headers });
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(frenchMenu()));
    const dataDir = process.env.ACI_DATA_DIR ? resolveDataDir() : app.getPath('userData');
    try {
      // The "Base partagée" password stays encrypted by the OS in reglages.json (safeStorage is
      // usable only once the app is ready); without OS encryption it is kept as before.
      installSecretBox(desktopSecretBox(safeStorage));
      started = await startData(dataDir, 'electron', electronSqliteBinding(join(__dirname, '..', '..'), app.isPackaged));
    } catch (e) {
      // Nothing is open yet: say why in a native dialog (the data folder already in use by another
      // ACI CPTS, a database from a newer version, a failed migration…), then quit.
      dialog.showErrorBox('ACI CPTS ne peut pas démarrer', e instanceof Error ? e.message : String(e));
      app.exit(1);
      return;
    }
    registerIpc(ipcMain, started.ctx, saveExportDeps, { openPath: (path) => shell.openPath(path), showItemInFolder: (path) => shell.showItemInFolder(path) });
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    void started?.opened.close();
  });
}
