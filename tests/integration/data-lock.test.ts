// One writer per data folder, between real processes: while the app holds a folder, a second
// start says so in French and exits non-zero; CLI commands that write (demo --force, demo-remove,
// restore, any API write) refuse with exit 2 and change nothing; reading commands still work.
// Once the app is killed, its stale lock is replaced.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { callApi } from '../../electron/api/dispatch';
import { cliDataAccess } from '../../electron/cliLock';
import { openDatabase } from '../../electron/db/connection';
import { LOCK_FILE } from '../../electron/dataLock';
import { DB_FILE, makeContext } from '../../electron/runtime';
import { ok, T3_CONTRACT, tempDir } from './helpers';

const HOLDER = fileURLToPath(new URL('./tools/hold-data.ts', import.meta.url));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const c of running) if (c.exitCode === null) c.kill('SIGKILL');
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point to its end (several at once: the checks below run side by side). */
function run(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const p = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ACI_TODAY: '2026-11-23', ...env } });
  running.push(p);
  let stdout = '';
  let stderr = '';
  p.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  p.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve) => p.on('exit', (code) => resolve({ code, stdout, stderr })));
}
const aci = (args: string[]) => run(['electron/cli.ts', ...args]);

async function holdFolder(dir: string): Promise<ChildProcess> {
  const p = spawn(process.execPath, ['--import', 'tsx', HOLDER, dir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ACI_TODAY: '2026-11-23' } });
  running.push(p);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    p.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('prêt')) resolve();
    });
    p.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    p.on('exit', (code) => reject(new Error(`le processus témoin s’est arrêté (code ${code}) : ${out}`)));
  });
  return p;
}

describe('one writer per data folder', () => {
  it('refuses a second start and the CLI’s writes while the app holds the folder, and lets reads through', async () => {
    const dir = tempDir();
    const dbPath = join(dir, DB_FILE);
    // A folder that already holds data (one contract): the app opens it without seeding the demo.
    const seed = await openDatabase(dbPath);
    await ok({ ...makeContext(seed, dir, 'cli'), today: () => '2026-11-23' }, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Témoin' });
    await seed.close();
    const backup = await aci(['backup', '--data', dir, '--out', join(dir, '..', `${dir.split('/').at(-1)}-copie.zip`), '--json']);
    expect(backup.code, backup.stderr).toBe(0);
    const archive = (JSON.parse(backup.stdout) as { path: string }).path;

    const app = await holdFolder(dir);
    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number; holder: string };
    expect(lock).toMatchObject({ pid: app.pid, holder: 'browser' });

    const writes = [
      [['demo', '--db', dbPath, '--force'], 'demo'],
      [['demo-remove', '--db', dbPath], 'demo-remove'],
      [['restore', '--data', dir, '--from', archive, '--force'], 'restore'],
    ] as const;
    const [second, list, ...refused] = await Promise.all([
      // A second start of the app (browser mode) on the same folder.
      run(['electron/start.ts'], { ACI_BROWSER_MODE: '1', ACI_DATA_DIR: dir, PORT: '0' }),
      // A reading command.
      aci(['contracts', '--db', dbPath, '--json']),
      ...writes.map(([args]) => aci([...args])),
    ]);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`Démarrage impossible : L’application ACI CPTS est déjà ouverte sur le dossier de données ${dir} (processus n° ${app.pid}`);

    // Writing commands: exit 2, French message, nothing changed.
    for (const [i, [, name]] of writes.entries()) {
      const r = refused[i];
      expect(r.code, `${name} : ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('L’application ACI CPTS est déjà ouverte sur le dossier de données');
      expect(r.stderr).toContain(`La commande « ${name} » modifie les données : elle est refusée`);
    }
    expect(existsSync(dbPath)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('avant-restauration') || f.startsWith('.restauration'))).toEqual([]);

    // Reading commands still work.
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { cpts: string }[]).map((c) => c.cpts)).toEqual(['CPTS Témoin']);

    // Any other write through the CLI's guarded database: refused before anything is written.
    const access = cliDataAccess(dir, null);
    expect(access.heldBy).toMatchObject({ pid: app.pid });
    const opened = await openDatabase(dbPath);
    const ctx = { ...makeContext({ ...opened, db: opened.db.withPlugin(access.guard) }, dir, 'cli'), today: () => '2026-11-23' };
    expect((await callApi(ctx, 'portfolio.list', {})).ok).toBe(true);
    const write = await callApi(ctx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Intruse' });
    expect(write).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('Cette commande modifie les données') } });
    expect((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM contract`.execute(opened.db)).rows[0].n).toBe(1);
    await opened.close();
    access.release();

    // The app is killed: its lock stays, stale; the next writer replaces it.
    app.kill('SIGKILL');
    await new Promise((r) => app.once('exit', r));
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const removed = await aci(['demo-remove', '--db', dbPath]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);

    // A stopped app (SIGTERM) releases its lock.
    const again = await holdFolder(dir);
    again.kill('SIGTERM');
    await new Promise((r) => again.once('exit', r));
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 150_000);
});

