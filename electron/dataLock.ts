// One writer per data folder. The app (Electron or browser mode) holds an exclusive lock on its
// data folder for as long as it runs; CLI commands that write take it for their duration, and
// refuse when another live process holds it. The lock is a file, `aci-cpts.lock`, created with
// O_EXCL (open 'wx'), that names its holder: pid, host, start time. A lock whose process is gone
// (killed, crashed, power cut) is stale: the next start detects it and takes its place.
//
// Replacing a stale lock is itself guarded: two processes that both find the same stale lock must
// not both remove it (the second would remove the first one's fresh lock). Only the holder of a
// second file, `aci-cpts.lock.reprise` (also O_EXCL, and itself stale after a few seconds), may
// remove a lock, after reading it again.
import { closeSync, fsyncSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'aci-cpts.lock';
const BREAKER_SUFFIX = '.reprise';

/** Who holds a data folder. */
export interface LockOwner {
  pid: number;
  host: string;
  /** When the holder process started (ISO). */
  startedAt: string;
  /** Linux only: the process's start time in clock ticks since boot (/proc/<pid>/stat, field 22), to tell a reused pid. */
  procStart: string | null;
  /** What holds it: 'electron', 'browser', 'cli demo', … */
  holder: string;
}

export interface DataLock {
  path: string;
  owner: LockOwner;
  /** Removes the lock if it is still this process's; safe to call more than once. */
  release(): void;
}

/** The data folder is in use by another live process: the French message says by what and since when. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner | null,
    readonly lockPath: string,
  ) {
    super(inUseMessage(dataDir, owner, lockPath));
    this.name = 'DataFolderInUseError';
  }
}

function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return ` depuis le ${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} à ${pad(d.getHours())} h ${pad(d.getMinutes())}`;
}

function inUseMessage(dataDir: string, owner: LockOwner | null, lockPath: string): string {
  if (!owner) return `Le dossier de données ${dataDir} est en cours d’ouverture par un autre programme ACI CPTS : réessayez dans un instant.`;
  const elsewhere = owner.host !== hostname();
  const who = `processus n° ${owner.pid}${elsewhere ? ` sur l’ordinateur « ${owner.host} »` : ''}${localTime(owner.startedAt)}`;
  const stale = elsewhere ? ` Si cet ordinateur ne l’utilise plus, supprimez le fichier ${lockPath}.` : '';
  if (owner.holder.startsWith('cli')) {
    return `Une commande ACI CPTS (${owner.holder.slice(4) || 'ligne de commande'}) modifie en ce moment le dossier de données ${dataDir} (${who}) : attendez qu’elle se termine.${stale}`;
  }
  return `L’application ACI CPTS est déjà ouverte sur le dossier de données ${dataDir} (${who}). Fermez-la d’abord, ou choisissez un autre dossier de données.${stale}`;
}

/** Field 22 of /proc/<pid>/stat (start time in ticks since boot), or null where there is no /proc. */
export function procStartOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether a process with this pid exists (EPERM: it exists, owned by another user). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Locks this process holds, by path: a second acquire of the same folder in the same process is refused too. */
const held = new Map<string, LockOwner>();

/**
 * Whether the holder named in a lock file still runs. On this computer: its pid exists, is not
 * this process (unless this process holds it), and, where /proc tells, started when the lock
 * says (a pid reused by an unrelated process after a reboot or a container restart is not the
 * holder). On another computer nothing can be checked: the lock is taken as live.
 */
export function ownerAlive(owner: LockOwner, lockPath?: string): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return lockPath !== undefined && held.has(lockPath);
  if (!pidAlive(owner.pid)) return false;
  if (owner.procStart !== null) {
    const now = procStartOf(owner.pid);
    if (now !== null && now !== owner.procStart) return false;
  }
  return true;
}

function parseOwner(text: string): LockOwner | null {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid !== 'number' || typeof o.host !== 'string') return null;
    return {
      pid: o.pid,
      host: o.host,
      startedAt: typeof o.startedAt === 'string' ? o.startedAt : '',
      procStart: typeof o.procStart === 'string' ? o.procStart : null,
      holder: typeof o.holder === 'string' ? o.holder : '',
    };
  } catch {
    return null;
  }
}

type LockState = { kind: 'absent' } | { kind: 'owner'; owner: LockOwner; text: string } | { kind: 'unreadable'; ageMs: number; text: string };

function readLock(path: string): LockState {
  let text: string;
  let mtime: number;
  try {
    text = readFileSync(path, 'utf8');
    mtime = statSync(path).mtimeMs;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw e;
  }
  const owner = parseOwner(text);
  return owner ? { kind: 'owner', owner, text } : { kind: 'unreadable', ageMs: Date.now() - mtime, text };
}

/** The live holder of a data folder other than this process, or null (no lock, or a stale one). */
export function lockHolder(dataDir: string): LockOwner | null {
  const path = join(dataDir, LOCK_FILE);
  const state = readLock(path);
  if (state.kind !== 'owner') return null;
  if (state.owner.pid === process.pid && state.owner.host === hostname()) return null;
  return ownerAlive(state.owner, path) ? state.owner : null;
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function createExclusive(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** A lock file left half-written (a process killed between creating and writing it) is stale after this. */
const UNREADABLE_STALE_MS = 5_000;
/** A breaker left by a process killed while replacing a stale lock is stale after this. */
const BREAKER_STALE_MS = 5_000;

/** Removes a stale lock if it still reads `expectedText`; false when another process is replacing it. */
function removeIfUnchanged(path: string, expectedText: string): boolean {
  const breaker = path + BREAKER_SUFFIX;
  if (!createExclusive(breaker, String(process.pid))) {
    try {
      if (Date.now() - statSync(breaker).mtimeMs > BREAKER_STALE_MS) unlinkSync(breaker);
    } catch {
      // another process removed it first
    }
    return false; // someone else is replacing it: the caller tries again
  }
  try {
    let now: string | null = null;
    try {
      now = readFileSync(path, 'utf8');
    } catch {
      now = null;
    }
    if (now === expectedText) unlinkSync(path);
    return true;
  } finally {
    try {
      unlinkSync(breaker);
    } catch {
      // already gone
    }
  }
}

const releaseOnExit = new Set<() => void>();
let exitHookInstalled = false;

/**
 * Takes the lock of a data folder for this process, or throws DataFolderInUseError when another
 * live process holds it. A stale lock (its process gone) is replaced. `holder` says what takes it
 * ('electron', 'browser', 'cli restore', …). The lock is released by `release()`, and at the
 * latest when the process exits normally; a killed process leaves a stale lock, replaced later.
 */
export function acquireDataLock(dataDir: string, holder: string, opts: { timeoutMs?: number } = {}): DataLock {
  const path = join(dataDir, LOCK_FILE);
  if (held.has(path)) throw new DataFolderInUseError(dataDir, held.get(path) ?? null, path);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    procStart: procStartOf(process.pid),
    holder,
  };
  const text = `${JSON.stringify(owner, null, 2)}\n`;
  const deadline = Date.now() + (opts.timeoutMs ?? 2_000);
  for (;;) {
    if (createExclusive(path, text)) break;
    const state = readLock(path);
    if (state.kind === 'owner') {
      if (ownerAlive(state.owner, path)) throw new DataFolderInUseError(dataDir, state.owner, path);
      if (!removeIfUnchanged(path, state.text)) sleepMs(20);
    } else if (state.kind === 'unreadable') {
      if (state.ageMs > UNREADABLE_STALE_MS) {
        if (!removeIfUnchanged(path, state.text)) sleepMs(20);
      } else if (Date.now() > deadline) throw new DataFolderInUseError(dataDir, null, path);
      else sleepMs(50); // being written right now by another start
    }
    if (Date.now() > deadline) {
      const again = readLock(path);
      throw new DataFolderInUseError(dataDir, again.kind === 'owner' ? again.owner : null, path);
    }
  }
  held.set(path, owner);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    releaseOnExit.delete(release);
    held.delete(path);
    try {
      if (readFileSync(path, 'utf8') === text) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  releaseOnExit.add(release);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const r of [...releaseOnExit]) r();
    });
  }
  return { path, owner, release };
}
