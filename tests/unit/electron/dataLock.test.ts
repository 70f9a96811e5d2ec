// One writer per data folder (electron/dataLock.ts): the lock file, a live holder refused, a
// stale lock (its process gone, or its pid reused) replaced, released on exit, and two starts
// that find the same stale lock at once: exactly one of them gets the folder.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireDataLock, DataFolderInUseError, LOCK_FILE, lockHolder, procStartOf, type LockOwner } from '../../../electron/dataLock';

const CHILD = fileURLToPath(new URL('./tools/lockChild.ts', import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'aci-lock-'));
}

function lockText(owner: Partial<LockOwner> & { pid: number }): string {
  return JSON.stringify({ host: hostname(), startedAt: '2026-11-30T08:00:00.000Z', procStart: null, holder: 'browser', ...owner });
}

/** A child running lockChild.ts; resolves with its first line ("locked <pid>" or "refused <pid>") and its exit. */
function child(dataDir: string, mode: 'exit' | 'hold' | 'try', goFile?: string) {
  const p = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, mode, ...(goFile ? [goFile] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(p);
  let out = '';
  let err = '';
  p.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const line = new Promise<string>((resolve, reject) => {
    p.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    p.on('exit', (code) => (out.includes('\n') ? undefined : reject(new Error(`code ${code}: ${err}`))));
  });
  const exited = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
  return { p, line, exited };
}

/** A pid that no longer runs: a process started and finished. */
async function deadPid(): Promise<number> {
  const p = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => p.on('exit', r));
  return p.pid!;
}

describe('data folder lock', () => {
  it('is a file naming this process, refused to a second taker, removed on release', () => {
    const d = dir();
    const lock = acquireDataLock(d, 'browser');
    const owner = JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8')) as LockOwner;
    expect(owner).toMatchObject({ pid: process.pid, host: hostname(), holder: 'browser' });
    expect(Date.parse(owner.startedAt)).toBeLessThanOrEqual(Date.now());
    expect(() => acquireDataLock(d, 'cli restore')).toThrow(DataFolderInUseError);
    expect(lockHolder(d)).toBeNull(); // this process's own lock is not "another" holder
    lock.release();
    lock.release();
    expect(existsSync(join(d, LOCK_FILE))).toBe(false);
    acquireDataLock(d, 'browser').release();
  });

  it('refuses a folder held by another live process, in French, naming it', async () => {
    const d = dir();
    const holder = child(d, 'hold');
    expect(await holder.line).toBe(`locked ${holder.p.pid}`);
    let error: unknown;
    try {
      acquireDataLock(d, 'browser', { timeoutMs: 200 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataFolderInUseError);
    expect((error as Error).message).toMatch(new RegExp(`^L’application ACI CPTS est déjà ouverte sur le dossier de données .*aci-lock-.* \\(processus n° ${holder.p.pid} depuis le \\d\\d/\\d\\d/\\d{4} à \\d\\d h \\d\\d\\)\\. Fermez-la d’abord`));
    expect(lockHolder(d)).toMatchObject({ pid: holder.p.pid, holder: 'browser' });
    holder.p.kill('SIGKILL');
    await holder.exited;
    // Killed: its lock stays behind, stale, and the next start takes its place.
    expect(existsSync(join(d, LOCK_FILE))).toBe(true);
    expect(lockHolder(d)).toBeNull();
    const lock = acquireDataLock(d, 'browser');
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  }, 20_000);

  it('replaces a stale lock: its process is gone, its pid reused by another program, or the file half-written long ago', async () => {
    const d = dir();
    writeFileSync(join(d, LOCK_FILE), lockText({ pid: await deadPid() }));
    acquireDataLock(d, 'browser').release();

    // A live pid that is not the holder: it started at another time than the lock says (Linux /proc).
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    children.push(other);
    if (procStartOf(other.pid!) !== null) {
      writeFileSync(join(d, LOCK_FILE), lockText({ pid: other.pid!, procStart: '1' }));
      acquireDataLock(d, 'browser').release();
      // The same pid with its real start time is live.
      writeFileSync(join(d, LOCK_FILE), lockText({ pid: other.pid!, procStart: procStartOf(other.pid!) }));
      expect(() => acquireDataLock(d, 'browser', { timeoutMs: 100 })).toThrow(DataFolderInUseError);
    }
    other.kill('SIGKILL');

    // A lock naming this very process, which does not hold it: left by an earlier process that had the same pid.
    writeFileSync(join(d, LOCK_FILE), lockText({ pid: process.pid }));
    acquireDataLock(d, 'browser').release();

    // An empty lock file: being written right now (refused for a moment), or long ago by a killed start (stale).
    writeFileSync(join(d, LOCK_FILE), '');
    expect(() => acquireDataLock(d, 'browser', { timeoutMs: 100 })).toThrow(/en cours d’ouverture/);
    const old = new Date(Date.now() - 60_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(join(d, LOCK_FILE), old, old);
    acquireDataLock(d, 'browser').release();
  }, 20_000);

  it('is released when its process exits normally', async () => {
    const d = dir();
    const c = child(d, 'exit');
    expect(await c.line).toMatch(/^locked \d+$/);
    expect(await c.exited).toBe(0);
    expect(existsSync(join(d, LOCK_FILE))).toBe(false);
  }, 20_000);

  it('two starts that find the same stale lock: exactly one gets the folder', async () => {
    const d = dir();
    writeFileSync(join(d, LOCK_FILE), lockText({ pid: await deadPid() }));
    const go = join(d, 'go');
    const a = child(d, 'try', go);
    const b = child(d, 'try', go);
    await new Promise((r) => setTimeout(r, 1_500)); // both started, waiting for the signal
    writeFileSync(go, '');
    const lines = await Promise.all([a.line, b.line]);
    expect(lines.filter((l) => l.startsWith('locked'))).toHaveLength(1);
    const winner = lines.find((l) => l.startsWith('locked'))!.split(' ')[1];
    expect(lines.find((l) => l.startsWith('refused'))).toBe(`refused ${winner}`);
    expect(JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8'))).toMatchObject({ pid: Number(winner) });
    for (const c of [a, b]) c.p.kill('SIGKILL');
  }, 20_000);
});
