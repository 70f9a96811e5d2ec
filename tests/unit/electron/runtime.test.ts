import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDataDir, electronSqliteBinding, resolveDataDir, selectDatabase, todayProvider } from '../../../electron/runtime';
import { readSettings, SETTINGS_FILE, writeSharedDatabaseUrl } from '../../../electron/settings';

describe('runtime', () => {
  it('uses the OS per-user app-data folder unless ACI_DATA_DIR says otherwise', () => {
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\x\\AppData\\Roaming' })).toContain('ACI CPTS');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/home/x/.config' })).toBe('/home/x/.config/ACI CPTS');
    expect(resolveDataDir({ ACI_DATA_DIR: '/data/aci' })).toBe('/data/aci');
  });

  it('fixes "today" with ACI_TODAY only when it is a real date', () => {
    expect(todayProvider({ ACI_TODAY: '2026-11-23' })()).toBe('2026-11-23');
    expect(todayProvider({ ACI_TODAY: '2026-02-30' })()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(todayProvider({ ACI_TODAY: '2026-02-30' })()).not.toBe('2026-02-30');
  });

  it('finds the Electron build of SQLite in a checkout, and leaves packaged apps to electron-builder', () => {
    const root = mkdtempSync(join(tmpdir(), 'aci-root-'));
    expect(electronSqliteBinding(root, false)).toBeUndefined();
    const dir = join(root, 'node_modules', '.aci-electron-sqlite', 'build', 'Release');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'better_sqlite3.node'), '');
    expect(electronSqliteBinding(root, false)).toBe(join(dir, 'better_sqlite3.node'));
    expect(electronSqliteBinding(root, true)).toBeUndefined();
  });

  it('serves the data folder\'s SQLite file unless ACI_DATABASE_URL or the "Base partagée" setting names a PostgreSQL server; the variable wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aci-select-'));
    expect(selectDatabase(dir, {})).toEqual({ engine: 'sqlite' });
    expect(selectDatabase(dir, { ACI_DATABASE_URL: '  ' })).toEqual({ engine: 'sqlite' });
    expect(selectDatabase(dir, { ACI_DATABASE_URL: 'postgres://agent@serveur:5432/aci' })).toEqual({ engine: 'postgres', url: 'postgres://agent@serveur:5432/aci', source: 'env' });
    expect(selectDatabase(dir, { ACI_DATABASE_URL: 'postgresql://agent@serveur/aci' })).toMatchObject({ engine: 'postgres', source: 'env' });
    expect(() => selectDatabase(dir, { ACI_DATABASE_URL: 'mysql://agent@serveur/aci' })).toThrow(/non prise en charge.*mysql/);

    writeSharedDatabaseUrl(dir, 'postgres://equipe@cpam:5432/aci');
    expect(readSettings(dir)).toEqual({ sharedDatabaseUrl: 'postgres://equipe@cpam:5432/aci' });
    expect(selectDatabase(dir, {})).toEqual({ engine: 'postgres', url: 'postgres://equipe@cpam:5432/aci', source: 'settings' });
    expect(selectDatabase(dir, { ACI_DATABASE_URL: 'postgres://autre@serveur/aci' })).toMatchObject({ url: 'postgres://autre@serveur/aci', source: 'env' });
    writeSharedDatabaseUrl(dir, null);
    expect(selectDatabase(dir, {})).toEqual({ engine: 'sqlite' });

    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ sharedDatabaseUrl: 'ftp://serveur/base' }));
    expect(() => selectDatabase(dir, {})).toThrow(/non prise en charge/);
    writeFileSync(join(dir, SETTINGS_FILE), '{ pas du json');
    expect(() => selectDatabase(dir, {})).toThrow(/Réglages illisibles/);
  });
});
