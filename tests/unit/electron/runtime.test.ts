import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDataDir, electronSqliteBinding, resolveDataDir, todayProvider } from '../../../electron/runtime';

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
});
