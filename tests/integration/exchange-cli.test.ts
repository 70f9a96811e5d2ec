// `npm run aci -- init` and `exchange export|import` (issue 12): exit 0 applied, 2 invalid input
// (French message), 3 conflicts left unanswered (nothing written) unless --resolve.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from './helpers';
import { UUID_TABLES } from '../../electron/db/migrations/2026-11-30-07-uuids';
import { BOOK_UUID_TABLES } from '../../electron/db/migrations/2026-11-30-11-exchange-books-uuids';
import { contentHash } from './exchangeFixture';

/** Every table the exchange writes (opening a database through the CLI may refresh other, derived, tables). */
const ledgerHash = (s: Database.Database) => contentHash(s, [...UUID_TABLES, ...BOOK_UUID_TABLES]);

function aci(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, ACI_TODAY: '2026-11-23' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function withSqlite<T>(path: string, fn: (s: Database.Database) => T): T {
  const s = new Database(path);
  try {
    return fn(s);
  } finally {
    s.close();
  }
}

describe('CLI exchange', () => {
  it('init, export, import (dry run, apply, conflicts, resolve), refusals', () => {
    const dir = tempDir();
    const cpts = join(dir, 'cpts', 'aci.sqlite');
    const cpam = join(dir, 'cpam', 'aci.sqlite');
    expect(aci(['demo', '--db', cpts]).code).toBe(0);
    const init = aci(['init', '--db', cpam]);
    expect(init.code, init.stderr).toBe(0);
    expect(withSqlite(cpam, (s) => (s.prepare('SELECT COUNT(*) AS n FROM contract').get() as { n: number }).n)).toBe(0);
    expect(aci(['init', '--db', cpam]).code).toBe(2);

    const file = join(dir, 'envoi.aci');
    const exp = aci(['exchange', 'export', '--db', cpts, '--contract', '1', '--out', file]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);

    const dry = aci(['exchange', 'import', '--db', cpam, '--file', file, '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const diff = JSON.parse(dry.stdout) as { new: number; changed: number; unchanged: number; conflicts: unknown[] };
    expect(diff.new).toBeGreaterThan(50);
    expect(diff.conflicts).toEqual([]);
    expect(withSqlite(cpam, (s) => (s.prepare('SELECT COUNT(*) AS n FROM contract').get() as { n: number }).n)).toBe(0);
    const applied = aci(['exchange', 'import', '--db', cpam, '--file', file, '--json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((JSON.parse(applied.stdout) as { new: number }).new).toBe(diff.new);

    // Both sides change the same field: a conflict, nothing written, exit 3; --resolve theirs takes the file's.
    withSqlite(cpam, (s) => s.prepare("UPDATE contract SET cpam = 'CPAM de Haute-Savoie (Annecy)'").run());
    withSqlite(cpts, (s) => s.prepare("UPDATE contract SET cpam = 'CPAM 74' WHERE id = 1").run());
    expect(aci(['exchange', 'export', '--db', cpts, '--contract', '1', '--out', file]).code).toBe(0);
    const before = withSqlite(cpam, ledgerHash);
    const conflict = aci(['exchange', 'import', '--db', cpam, '--file', file, '--json']);
    expect(conflict.code, conflict.stderr).toBe(3);
    const shown = JSON.parse(conflict.stdout) as { conflicts: { table: string; mine: { cpam: string }; theirs: { cpam: string } }[] };
    expect(shown.conflicts).toEqual([expect.objectContaining({ table: 'contract', mine: expect.objectContaining({ cpam: 'CPAM de Haute-Savoie (Annecy)' }), theirs: expect.objectContaining({ cpam: 'CPAM 74' }) })]);
    expect(withSqlite(cpam, ledgerHash)).toBe(before);
    const resolved = aci(['exchange', 'import', '--db', cpam, '--file', file, '--resolve', 'theirs']);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(withSqlite(cpam, (s) => (s.prepare('SELECT cpam FROM contract').get() as { cpam: string }).cpam)).toBe('CPAM 74');

    // One answer per conflict: --choice <id>=mine keeps this base's version of that record.
    withSqlite(cpam, (s) => s.prepare("UPDATE contract SET cpam = 'CPAM d’Annecy'").run());
    const id = (JSON.parse(conflict.stdout) as { conflicts: { id: string }[] }).conflicts[0].id;
    expect(aci(['exchange', 'import', '--db', cpam, '--file', file, '--choice', `${id}=both`]).code).toBe(2);
    const chosen = aci(['exchange', 'import', '--db', cpam, '--file', file, '--choice', `${id}=mine`, '--json']);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect((JSON.parse(chosen.stdout) as { applied: boolean; conflicts: { resolution: string }[] }).conflicts).toEqual([expect.objectContaining({ id, resolution: 'mine' })]);
    expect(withSqlite(cpam, (s) => (s.prepare('SELECT cpam FROM contract').get() as { cpam: string }).cpam)).toBe('CPAM d’Annecy');

    // Refusals: a damaged file, a file of another contract, a bad option.
    const bad = join(dir, 'abime.aci');
    writeFileSync(bad, 'pas un zip');
    const r1 = aci(['exchange', 'import', '--db', cpam, '--file', bad]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/Fichier illisible/);
    const other = join(dir, 'autre.aci');
    expect(aci(['exchange', 'export', '--db', cpts, '--contract', '2', '--out', other, '--side', 'cpts']).code).toBe(0);
    const r2 = aci(['exchange', 'import', '--db', cpam, '--file', other, '--contract', '1']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/autre contrat/);
    const r3 = aci(['exchange', 'import', '--db', cpam, '--file', file, '--resolve', 'both']);
    expect(r3.code, r3.stderr).toBe(2);
  }, 400_000); // some twenty CLI processes, ~10 s each on a loaded machine
});
