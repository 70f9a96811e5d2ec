// Evidence files (pièces justificatives): copied into the data folder under their SHA-256, so they
// are never lost when the original moves; the renderer sends the content, never a path.
// A stored copy is written to a temporary name in its folder, flushed to disk, then renamed: a
// kill mid-write leaves either no file or the whole file, never a truncated one under the final
// name. A copy already there is checked against its name (the hash) and repaired from the upload.
// In team mode (PostgreSQL, issue 13) the contents live in the database instead, by the same hash
// (electron/db/repo/evidenceBlobs.ts), so every agent opens the same file: both go through
// EvidenceStorage, and every read is checked against the hash.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import type { ApiParsed } from '../../shared/api';
import type { EvidenceRow } from '../../shared/indicatorViews';
import type { Db } from '../db/connection';
import { isPostgres } from '../db/postgres/retry';
import { contractOfIndicator, contractOfLivrable, evidenceRows, findEvidence, insertEvidence } from '../db/repo/evidence';
import { getEvidenceBlob, putEvidenceBlob } from '../db/repo/evidenceBlobs';
import { invalid, notFound, type ApiContext } from './context';
import { MAX_EVIDENCE_BYTES } from '../../shared/schemas/indicators';

export const EVIDENCE_DIR = 'pieces';

/** Suffix of the temporary files of an atomic write (never a stored evidence name). */
export const TEMP_SUFFIX = '.ecriture';

/** Flushes a folder's entry list (the rename) to disk; not possible on Windows, where rename is durable enough. */
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows refuses to open a folder; nothing more to flush there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes `content` to `path` atomically: a temporary file in the same folder (same volume, so the
 * rename is atomic), fsync, rename over the final name, fsync of the folder.
 */
export function writeFileAtomic(path: string, content: Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  const fd = openSync(temp, 'wx');
  try {
    let written = 0;
    while (written < content.length) written += writeSync(fd, content, written, content.length - written);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  fsyncDir(dir);
}

export function sha256Of(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Whether the file at `path` exists and its content hashes to `sha256`. */
export function storedCopyIntact(path: string, sha256: string): boolean {
  try {
    return sha256Of(readFileSync(path)) === sha256;
  } catch {
    return false;
  }
}

/**
 * Stores `content` (whose hash is `sha256`) at `path`: written when absent, left alone when the
 * copy there is intact, rewritten from `content` when it is damaged (truncated, altered).
 * Returns what was done.
 */
export function storeEvidenceFile(path: string, content: Uint8Array, sha256: string): 'written' | 'kept' | 'repaired' {
  if (existsSync(path)) {
    if (storedCopyIntact(path, sha256)) return 'kept';
    writeFileAtomic(path, content);
    return 'repaired';
  }
  writeFileAtomic(path, content);
  return 'written';
}

/** A temporary file of writeFileAtomic: `.<name>.<pid>-<hex>.ecriture`. */
const TEMP_NAME = new RegExp(`^\\..+\\.(\\d+)-[0-9a-f]{8}${TEMP_SUFFIX.replace('.', '\\.')}$`);

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the hidden temporary files a killed upload left in the data folder (its top level and
 * the evidence folder): a write killed before its rename never becomes a piece, and its temporary
 * copy is dead weight a backup would skip forever. A temporary file of a process still running
 * (its pid is in the name) is left alone. Returns the paths removed, relative to the data folder.
 */
export function removeLeftoverTempFiles(dataDir: string): string[] {
  const removed: string[] = [];
  const visit = (dir: string, rel: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const abs = join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (depth === 0 ? e.name === EVIDENCE_DIR : depth < 3) visit(abs, r, depth + 1);
        continue;
      }
      const m = TEMP_NAME.exec(e.name);
      if (!e.isFile() || !m || processAlive(Number(m[1]))) continue;
      rmSync(abs, { force: true });
      removed.push(r);
    }
  };
  visit(dataDir, '', 0);
  return removed;
}

/** Where evidence contents are kept: files in the data folder (SQLite) or rows of the shared database (PostgreSQL). */
export interface EvidenceStorage {
  readonly kind: 'files' | 'database';
  /** Stores `content` (whose hash is `sha256`) for the evidence path `rel` (pieces/ab/<sha>.ext). */
  put(rel: string, sha256: string, content: Uint8Array): Promise<'written' | 'kept' | 'repaired'>;
  /** The stored content, or null when it is missing. Not checked: see readEvidenceContent. */
  get(rel: string, sha256: string): Promise<Buffer | null>;
}

/** The absolute path of an evidence path inside the data folder, or null if it would leave it. */
function insideEvidenceDir(dataDir: string, rel: string): string | null {
  const root = resolve(dataDir, EVIDENCE_DIR);
  const abs = resolve(dataDir, ...rel.split(/[\\/]/));
  return abs.startsWith(root + sep) ? abs : null;
}

export function fileEvidenceStorage(dataDir: string): EvidenceStorage {
  return {
    kind: 'files',
    put: async (rel, sha256, content) => {
      const abs = insideEvidenceDir(dataDir, rel);
      if (!abs) throw new Error(`Chemin de pièce refusé : ${rel}`);
      return storeEvidenceFile(abs, content, sha256);
    },
    get: async (rel) => {
      const abs = insideEvidenceDir(dataDir, rel);
      if (!abs || !existsSync(abs)) return null;
      return readFileSync(abs);
    },
  };
}

export function databaseEvidenceStorage(db: Db): EvidenceStorage {
  return {
    kind: 'database',
    put: (_rel, sha256, content) => putEvidenceBlob(db, sha256, content),
    get: (_rel, sha256) => getEvidenceBlob(db, sha256),
  };
}

/** The storage of a context: the shared database on PostgreSQL, the data folder on SQLite. */
export function evidenceStorage(ctx: { db: Db; dataDir: string }): EvidenceStorage {
  return isPostgres(ctx.db) ? databaseEvidenceStorage(ctx.db) : fileEvidenceStorage(ctx.dataDir);
}

/** The path an evidence file is stored under, from its hash and its (safe) file name. */
export function evidenceRelPath(sha256: string, fileName: string): string {
  // Stored with '/' on every system, so a backup restored on another system finds its files.
  return [EVIDENCE_DIR, sha256.slice(0, 2), `${sha256}${extname(fileName).toLowerCase().replace(/[^.a-z0-9]/g, '')}`].join('/');
}

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
};

export function mimeOf(fileName: string): string {
  return MIME[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

function safeName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'));
  return base.normalize('NFC').replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 120) || 'piece';
}

export { evidenceRows };

async function ownerContract(db: Db, input: { livrableId: number | null; indicatorId: number | null }): Promise<number> {
  if (input.livrableId !== null) {
    const contractId = await contractOfLivrable(db, input.livrableId);
    if (contractId === undefined) throw notFound(`Livrable n° ${input.livrableId}`);
    return contractId;
  }
  const contractId = await contractOfIndicator(db, input.indicatorId!);
  if (contractId === undefined) throw notFound(`Indicateur n° ${input.indicatorId}`);
  return contractId;
}

/** What an evidence file supports: one of these besides its contract (the others null). */
export interface EvidenceOwner {
  contractId: number;
  livrableId?: number | null;
  indicatorId?: number | null;
  spendingId?: number | null;
  spendingCorrectionId?: number | null;
}

/**
 * Stores an uploaded file (base64) under its SHA-256 in the data folder (atomic write, a damaged
 * copy repaired) and records it for `owner`. `field` names the input field in a refusal.
 */
export async function saveEvidence(ctx: ApiContext, owner: EvidenceOwner, upload: { fileName: string; contentBase64: string }, field = 'contentBase64'): Promise<EvidenceRow> {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(upload.contentBase64)) throw invalid(field, 'Fichier illisible.');
  const content = Buffer.from(upload.contentBase64, 'base64');
  if (content.length === 0) throw invalid(field, 'Fichier vide.');
  if (content.length > MAX_EVIDENCE_BYTES) throw invalid(field, 'Fichier trop volumineux (20 Mo au plus).');
  const sha256 = sha256Of(content);
  const name = safeName(upload.fileName);
  const rel = evidenceRelPath(sha256, name);
  await evidenceStorage(ctx).put(rel, sha256, content);
  return insertEvidence(ctx.db, {
    contract_id: owner.contractId,
    livrable_id: owner.livrableId ?? null,
    indicator_id: owner.indicatorId ?? null,
    spending_id: owner.spendingId ?? null,
    spending_correction_id: owner.spendingCorrectionId ?? null,
    file_name: name,
    stored_path: rel,
    sha256,
    size: content.length,
    added_at: new Date().toISOString(),
  });
}

export async function addEvidence(ctx: ApiContext, input: ApiParsed<'evidence.add'>): Promise<EvidenceRow> {
  const owner = await ownerContract(ctx.db, input);
  if (owner !== input.contractId) throw invalid('livrableId', 'Pièce : le livrable ou l’indicateur n’appartient pas à ce contrat.');
  return saveEvidence(ctx, { contractId: input.contractId, livrableId: input.livrableId, indicatorId: input.indicatorId }, input);
}

/** An evidence row: where it is stored, its name and hash. */
async function evidenceRecord(ctx: ApiContext, id: number): Promise<{ rel: string; fileName: string; sha256: string }> {
  const r = await findEvidence(ctx.db, id);
  if (!r) throw notFound(`Pièce n° ${id}`);
  return { rel: r.stored_path, fileName: r.file_name, sha256: r.sha256 };
}

/** The content of a stored evidence file, read back from its storage and checked against its hash. */
export async function readEvidenceContent(ctx: { db: Db; dataDir: string }, e: { id: number; rel: string; sha256: string }): Promise<Buffer> {
  const content = await evidenceStorage(ctx).get(e.rel, e.sha256);
  if (!content) throw notFound(`Fichier de la pièce n° ${e.id}`);
  if (sha256Of(content) !== e.sha256) throw invalid('id', `Pièce n° ${e.id} : le fichier conservé a été altéré (empreinte différente).`);
  return content;
}

/** Absolute path of a stored evidence file (SQLite: in the data folder), checked to stay inside it. */
export async function evidencePath(ctx: ApiContext, id: number): Promise<{ path: string; fileName: string; sha256: string }> {
  const r = await evidenceRecord(ctx, id);
  const abs = insideEvidenceDir(ctx.dataDir, r.rel);
  if (!abs) throw notFound(`Pièce n° ${id}`);
  if (!existsSync(abs)) throw notFound(`Fichier de la pièce n° ${id}`);
  return { path: abs, fileName: r.fileName, sha256: r.sha256 };
}

/** Folder of the data folder where team mode puts the copies of shared evidence it opens. */
export const OPENED_EVIDENCE_DIR = 'pieces-ouvertes';

/**
 * A file on this computer to open with the system's application: the stored file itself on
 * SQLite; in team mode a copy of the database's content (hash checked) in the data folder's
 * pieces-ouvertes/, written atomically and reused while intact.
 */
export async function evidenceLocalFile(ctx: ApiContext, id: number): Promise<{ path: string; fileName: string; sha256: string }> {
  if (!isPostgres(ctx.db)) return evidencePath(ctx, id);
  const r = await evidenceRecord(ctx, id);
  const content = await readEvidenceContent(ctx, { id, rel: r.rel, sha256: r.sha256 });
  const path = join(ctx.dataDir, OPENED_EVIDENCE_DIR, `${r.sha256}${extname(r.fileName).toLowerCase().replace(/[^.a-z0-9]/g, '')}`);
  storeEvidenceFile(path, content, r.sha256);
  return { path, fileName: r.fileName, sha256: r.sha256 };
}

export async function getEvidence(ctx: ApiContext, input: { id: number }): Promise<{ fileName: string; mimeType: string; base64: string; sha256: string }> {
  const r = await evidenceRecord(ctx, input.id);
  const content = await readEvidenceContent(ctx, { id: input.id, rel: r.rel, sha256: r.sha256 });
  return { fileName: r.fileName, mimeType: mimeOf(r.fileName), base64: content.toString('base64'), sha256: r.sha256 };
}
