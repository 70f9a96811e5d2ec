// What every entry point (Electron main, browser mode, CLI) shares: where the data lives,
// opening the ledger, seeding the demo portfolio on first start, the API context.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { todayIso, isIsoDate } from '../shared/dates';
import type { AppInfo } from '../shared/api';
import type { ApiContext } from './api/context';
import { openDatabase, type Db, type OpenedDb } from './db/connection';
import { seedDemo } from './db/demo';
import { applyPendingRestore, LEDGER_FILE } from './db/backup';
import { storeMissingClosedFigures } from './api/reviews';
import { refreshAllSummaries } from './api/portfolio';
import { removeLeftoverTempFiles } from './api/evidence';
import { acquireDataLock, type DataLock } from './dataLock';
import { databaseUrlFromEnv, parseDatabaseTarget, UnsupportedDatabaseUrlError } from './db/store';
import { openPostgres } from './db/postgres/connection';
import { sharedDatabaseUrl, SETTINGS_FILE } from './settings';

export const APP_DIR_NAME = 'ACI CPTS';
export const DB_FILE = LEDGER_FILE;

/** The OS's per-user app-data folder (what Electron's app.getPath('userData') gives). */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_DIR_NAME);
}

export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ACI_DATA_DIR && env.ACI_DATA_DIR.trim() !== '' ? env.ACI_DATA_DIR : defaultDataDir();
}

export function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
}

/** "Today" for the app: the local calendar date, or ACI_TODAY (YYYY-MM-DD) for tests and demos. */
export function todayProvider(env: NodeJS.ProcessEnv = process.env): () => string {
  const fixed = env.ACI_TODAY;
  if (fixed && isIsoDate(fixed)) return () => fixed;
  return () => todayIso();
}

export function makeContext(opened: { db: Db }, dataDir: string, mode: AppInfo['mode']): ApiContext {
  return { db: opened.db, dataDir, mode, version: appVersion(), today: todayProvider() };
}

/** The database the app serves (issue 13): the data folder's SQLite file, or a shared PostgreSQL server. */
export type DatabaseChoice =
  | { engine: 'sqlite' }
  | { engine: 'postgres'; url: string; source: 'env' | 'settings' };

/**
 * ACI_DATABASE_URL wins; then the "Base partagée" setting of the data folder (reglages.json);
 * otherwise the folder's SQLite file. A URL of another scheme is refused (French message).
 */
export function selectDatabase(dataDir: string, env: NodeJS.ProcessEnv = process.env): DatabaseChoice {
  const fromEnv = databaseUrlFromEnv(env);
  if (fromEnv) return { engine: 'postgres', url: fromEnv, source: 'env' };
  // Its password decrypted by the installed secret box (desktop app); one that cannot be is a French error.
  const saved = sharedDatabaseUrl(dataDir);
  if (!saved) return { engine: 'sqlite' };
  const target = parseDatabaseTarget(saved);
  if (target.engine !== 'postgres') throw new UnsupportedDatabaseUrlError(`${SETTINGS_FILE} : ${saved.slice(0, 20)}`);
  return { engine: 'postgres', url: target.url, source: 'settings' };
}

/** What the app holds open: its close() closes the database and releases the data folder's lock (SQLite). */
export interface OpenedStore {
  engine: 'sqlite' | 'postgres';
  db: Db;
  close(): Promise<void>;
}

export interface Started {
  /** The ledger; its close() also releases the data folder's lock. */
  opened: OpenedStore;
  ctx: ApiContext;
  createdDemo: boolean;
  /** The data folder's lock (SQLite); null on a shared server, where the server serialises writers. */
  lock: DataLock | null;
  database: DatabaseChoice;
}

/** Work every opening does once the database is open: derived figures brought up to date. */
async function prepareData(ctx: ApiContext): Promise<void> {
  await storeMissingClosedFigures(ctx.db);
  // The portfolio's stored échéanciers: those marked stale, or computed by another app version.
  await refreshAllSummaries(ctx.db, ctx.version);
}

/**
 * The app on a shared PostgreSQL server: no data-folder lock (several agents' apps share the
 * server, which serialises writers), the data folder still holds the local settings. The demo
 * portfolio is seeded only into a server that holds no contract at all.
 */
async function startShared(dataDir: string, mode: AppInfo['mode'], database: Extract<DatabaseChoice, { engine: 'postgres' }>): Promise<Started> {
  const opened = await openPostgres(database.url);
  try {
    const ctx = makeContext(opened, dataDir, mode);
    await prepareData(ctx);
    const count = await opened.db.selectFrom('contract').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const empty = Number(count.n) === 0;
    if (empty) await seedDemo(ctx);
    return { opened: { engine: 'postgres', db: opened.db, close: opened.close }, ctx, createdDemo: empty, lock: null, database };
  } catch (e) {
    await opened.close().catch(() => undefined);
    throw e;
  }
}

/**
 * Opens (and on first start creates, with the demo portfolio) the database of a data folder,
 * after taking the folder's lock (electron/dataLock.ts): one app per data folder. Throws
 * DataFolderInUseError, with its French message, when another live process holds it.
 */
export async function startData(dataDir: string, mode: AppInfo['mode'], nativeBinding?: string, env: NodeJS.ProcessEnv = process.env): Promise<Started> {
  const path = join(dataDir, DB_FILE);
  mkdirSync(dataDir, { recursive: true });
  const database = selectDatabase(dataDir, env);
  if (database.engine === 'postgres') return startShared(dataDir, mode, database);
  const lock = acquireDataLock(dataDir, mode);
  let opened: OpenedDb | undefined;
  try {
    // A restore checked and set aside by "Restaurer" replaces the data now, before it is opened.
    const restored = applyPendingRestore(dataDir, DB_FILE);
    if (restored) console.log(`Sauvegarde restaurée${restored.safetyCopy ? ` ; les données remplacées sont dans ${restored.safetyCopy}` : ''}.`);
    // Hidden temporary files of uploads killed before their rename (never pieces).
    removeLeftoverTempFiles(dataDir);
    const fresh = !existsSync(path);
    opened = await openDatabase(path, { nativeBinding });
    const ctx = makeContext(opened, dataDir, mode);
    await prepareData(ctx);
    if (fresh) await seedDemo(ctx);
    const closeDb = opened.close;
    const withLock: OpenedStore = {
      engine: 'sqlite',
      db: opened.db,
      close: async () => {
        try {
          await closeDb();
        } finally {
          lock.release();
        }
      },
    };
    return { opened: withLock, ctx, createdDemo: fresh, lock, database };
  } catch (e) {
    await opened?.close().catch(() => undefined);
    lock.release();
    throw e;
  }
}

/**
 * Where `scripts/setup.mjs` puts the copy of better-sqlite3 compiled for Electron, so the same
 * checkout runs both the desktop app (Electron's ABI) and the CLI and tests (Node's ABI).
 */
export const ELECTRON_SQLITE_DIR = join('node_modules', '.aci-electron-sqlite');

/** The Electron build of better-sqlite3 to load when running from a checkout; packaged apps have theirs rebuilt by electron-builder. */
export function electronSqliteBinding(appRoot: string, packaged: boolean): string | undefined {
  if (packaged) return undefined;
  const file = join(appRoot, ELECTRON_SQLITE_DIR, 'build', 'Release', 'better_sqlite3.node');
  return existsSync(file) ? file : undefined;
}
