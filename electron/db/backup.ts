// Backup and restore of a data folder as ONE zip archive (yazl writes it, yauzl reads it):
//   manifest.json          format "aci-sauvegarde", format version, app version, schema version
//                          (last migration), date, SHA-256 and size of every other entry;
//   base/aci-cpts.sqlite   a consistent copy of the ledger (VACUUM INTO, taken while it is open);
//   pieces/xx/<sha256>.ext every evidence file of the data folder.
// The archive is written under a temporary name and renamed when complete, so a kill never leaves
// a normal-looking partial backup.
//
// A restore first extracts the archive into a hidden folder of the data folder and checks it
// entirely (every hash and size against the manifest, PRAGMA integrity_check, a schema this
// version knows): a damaged or foreign archive is refused and nothing is changed. The checked
// data then replaces the current one, which is kept in DIR/avant-restauration-<date>/. The swap
// is journaled, so a kill during it is finished at the next start (applyPendingRestore).
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { sql } from 'kysely';
import yazl from 'yazl';
import yauzl from 'yauzl';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, backupManifestSchema, type BackupManifest, type BackupSummary } from '../../shared/backup';
import { sqliteBinding, type Db } from './connection';
import { MIGRATION_NAMES } from './migrations';
import { TEMP_SUFFIX, writeFileAtomic } from '../api/evidence';

/** The ledger's file name in a data folder (electron/runtime.ts DB_FILE). */
export const LEDGER_FILE = 'aci-cpts.sqlite';
export const MANIFEST_ENTRY = 'manifest.json';
export const DB_ENTRY = 'base/aci-cpts.sqlite';
export const EVIDENCE_ENTRY_DIR = 'pieces';
/** Where a checked restore waits (in the data folder, so its files are renamed into place). */
export const PENDING_RESTORE_DIR = '.restauration-en-attente';
export const SAFETY_PREFIX = 'avant-restauration-';
const JOURNAL = 'etat.json';
const MAX_ENTRIES = 500_000;

/** A refused archive or restore, with a French message for the user (CLI exit 2, API VALIDATION). */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

function stampOf(d: Date): string {
  return d.toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

export function backupFileName(now: Date = new Date()): string {
  return `aci-cpts-sauvegarde-${stampOf(now)}.zip`;
}

function fsyncPath(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // a folder cannot be opened on Windows: nothing more to flush there
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every stored evidence file of a data folder, relative paths with '/' (temporary files of an interrupted write left out). */
export function evidenceFiles(dataDir: string): string[] {
  const root = join(dataDir, EVIDENCE_ENTRY_DIR);
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.isFile() && !e.name.endsWith(TEMP_SUFFIX)) out.push(relative(dataDir, abs).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

export interface BackupMeta {
  appVersion: string;
  now?: Date;
}

export interface CreatedBackup {
  path: string;
  size: number;
  sha256: string;
  manifest: BackupManifest;
  contractCount: number;
}

/**
 * Writes the backup archive of a data folder to `outPath` (temporary name beside it, renamed when
 * complete). `db` is the open ledger: VACUUM INTO copies it consistently while it is in use; it
 * must not run inside a transaction.
 */
export async function createBackupArchive(db: Db, dataDir: string, outPath: string, meta: BackupMeta): Promise<CreatedBackup> {
  const now = meta.now ?? new Date();
  const work = mkdtempSync(join(tmpdir(), 'aci-sauvegarde-'));
  const partial = join(dirname(outPath), `.${basename(outPath)}.${randomBytes(4).toString('hex')}.partiel`);
  try {
    const snapshot = join(work, 'aci-cpts.sqlite');
    await sql`VACUUM INTO ${snapshot}`.execute(db);
    // What the copy holds (read from the copy itself, so it matches the archive).
    const copy = openSqlite(snapshot, true);
    let schemaVersion: string;
    let contractCount: number;
    try {
      schemaVersion = lastMigration(copy) ?? '';
      contractCount = (copy.prepare('SELECT COUNT(*) AS n FROM contract').get() as { n: number }).n;
    } finally {
      copy.close();
    }
    // Evidence files are named by their hash and only ever added: listed after the copy, every
    // file the copied database names is there.
    const files: { real: string; path: string }[] = [{ real: snapshot, path: DB_ENTRY }];
    for (const rel of evidenceFiles(dataDir)) files.push({ real: join(dataDir, ...rel.split('/')), path: rel });
    const entries: BackupManifest['entries'] = [];
    for (const f of files) entries.push({ path: f.path, size: statSync(f.real).size, sha256: await sha256File(f.real) });
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: meta.appVersion,
      schemaVersion,
      createdAt: now.toISOString(),
      entries,
    };

    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), MANIFEST_ENTRY, { mtime: now });
    for (const f of files) zip.addFile(f.real, f.path, { mtime: now, compress: f.path === DB_ENTRY || !/\.(jpe?g|png|zip|docx|xlsx|pptx|od[tsp]|gif|webp|heic)$/i.test(f.path) });
    zip.end();
    mkdirSync(dirname(outPath), { recursive: true });
    await pipeline(zip.outputStream, createWriteStream(partial, { flags: 'wx' }));
    fsyncPath(partial);
    // The archive re-read before it takes its name: every entry where the manifest says.
    await readArchive(partial, null);
    renameSync(partial, outPath);
    fsyncPath(dirname(outPath));
    return { path: outPath, size: statSync(outPath).size, sha256: await sha256File(outPath), manifest, contractCount };
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** better-sqlite3 on a file, with the addon this process opened its ledger with (Electron's build under Electron). */
function openSqlite(path: string, readonly: boolean): Database.Database {
  const binding = sqliteBinding();
  return new Database(path, { readonly, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
}

function lastMigration(db: Database.Database): string | null {
  const t = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get();
  if (!t) return null;
  const r = db.prepare('SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1').get() as { name: string } | undefined;
  return r?.name ?? null;
}

/**
 * Reads an archive and checks it against its manifest; with `into`, extracts it there.
 * Throws BackupError (French) for anything that is not an intact backup of this application.
 */
async function readArchive(archive: string, into: string | null): Promise<BackupManifest> {
  try {
    return await readArchiveUnchecked(archive, into);
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`Archive endommagée : ${e instanceof Error ? e.message : String(e)}.`);
  }
}

async function readArchiveUnchecked(archive: string, into: string | null): Promise<BackupManifest> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(archive, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true });
  } catch {
    throw new BackupError('Archive illisible : ce n’est pas une sauvegarde ACI CPTS (archive zip attendue), ou elle est endommagée.');
  }
  try {
    if (zip.entryCount > MAX_ENTRIES) throw new BackupError('Archive refusée : trop de fichiers pour une sauvegarde ACI CPTS.');
    const seen = new Map<string, { size: number; sha256: string }>();
    let manifestText: string | null = null;
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (name.endsWith('/')) continue;
      if (seen.has(name) || (name === MANIFEST_ENTRY && manifestText !== null)) throw new BackupError(`Archive refusée : l’entrée ${name} y figure deux fois.`);
      if (name !== MANIFEST_ENTRY && name !== DB_ENTRY && !/^pieces\/[0-9a-f]{2}\/[0-9a-f]{64}(\.[\p{L}\p{N}_-]{1,20})?$/u.test(name)) {
        throw new BackupError(`Archive refusée : l’entrée « ${name.slice(0, 200)} » n’appartient pas à une sauvegarde ACI CPTS.`);
      }
      if (entry.isEncrypted()) throw new BackupError('Archive refusée : entrées chiffrées.');
      const stream = await zip.openReadStreamPromise(entry);
      if (name === MANIFEST_ENTRY) {
        if (entry.uncompressedSize > 200 * 1024 * 1024) throw new BackupError('Archive refusée : manifeste démesuré.');
        const chunks: Buffer[] = [];
        for await (const c of stream) chunks.push(c as Buffer);
        manifestText = Buffer.concat(chunks).toString('utf8');
        continue;
      }
      const hash = createHash('sha256');
      let size = 0;
      if (into) {
        const target = join(into, ...name.split('/'));
        mkdirSync(dirname(target), { recursive: true });
        const counter = new Transform({
          transform(chunk: Buffer, _enc, done) {
            hash.update(chunk);
            size += chunk.length;
            done(null, chunk);
          },
        });
        await pipeline(stream, counter, createWriteStream(target, { flags: 'wx' }));
        fsyncPath(target);
      } else {
        for await (const chunk of stream) {
          hash.update(chunk as Buffer);
          size += (chunk as Buffer).length;
        }
      }
      seen.set(name, { size, sha256: hash.digest('hex') });
    }
    if (manifestText === null) throw new BackupError('Archive refusée : pas de manifest.json, ce n’est pas une sauvegarde ACI CPTS.');
    let raw: unknown;
    try {
      raw = JSON.parse(manifestText);
    } catch {
      throw new BackupError('Archive refusée : manifest.json illisible.');
    }
    const format = (raw as { format?: unknown } | null)?.format;
    if (format !== BACKUP_FORMAT) throw new BackupError('Archive refusée : ce n’est pas une sauvegarde ACI CPTS (format inconnu).');
    const parsed = backupManifestSchema.safeParse(raw);
    if (!parsed.success) throw new BackupError('Archive refusée : manifest.json incomplet ou mal formé.');
    const manifest = parsed.data;
    if (manifest.formatVersion > BACKUP_FORMAT_VERSION) {
      throw new BackupError(`Sauvegarde faite par une version plus récente de l’application (${manifest.appVersion}, format ${manifest.formatVersion}) : mettez l’application à jour pour la restaurer.`);
    }
    const listed = new Set<string>();
    for (const e of manifest.entries) {
      listed.add(e.path);
      const got = seen.get(e.path);
      if (!got) throw new BackupError(`Archive endommagée : ${e.path} annoncé par le manifeste est absent.`);
      if (got.size !== e.size || got.sha256 !== e.sha256) throw new BackupError(`Archive endommagée : ${e.path} ne correspond pas à son empreinte SHA-256.`);
    }
    for (const name of seen.keys()) if (!listed.has(name)) throw new BackupError(`Archive refusée : ${name} n’est pas dans le manifeste.`);
    if (!listed.has(DB_ENTRY)) throw new BackupError('Archive refusée : elle ne contient pas de base de données.');
    for (const e of manifest.entries) {
      if (e.path.startsWith(`${EVIDENCE_ENTRY_DIR}/`) && !posix.basename(e.path).startsWith(e.sha256)) {
        throw new BackupError(`Archive endommagée : la pièce ${e.path} ne correspond pas à son nom (empreinte).`);
      }
    }
    return manifest;
  } finally {
    zip.close();
  }
}

/** Checks the database of an extracted archive and says what it holds. */
function inspectDatabase(path: string, manifest: BackupManifest): BackupSummary {
  let db: Database.Database;
  try {
    db = openSqlite(path, true);
  } catch {
    throw new BackupError('Archive refusée : la base de données qu’elle contient est illisible.');
  }
  try {
    let integrity: string[];
    try {
      integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch {
      throw new BackupError('Archive refusée : la base de données qu’elle contient est illisible (ce n’est pas une base SQLite).');
    }
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      throw new BackupError(`Archive refusée : la base de données est endommagée (${integrity.slice(0, 3).join(' ; ')}).`);
    }
    const hasMigrations = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get();
    if (!hasMigrations) throw new BackupError('Archive refusée : la base de données n’est pas celle d’ACI CPTS.');
    const applied = (db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    const unknown = applied.filter((n) => !MIGRATION_NAMES.includes(n));
    if (unknown.length > 0) {
      throw new BackupError(`Sauvegarde d’une version plus récente de l’application (base au schéma ${unknown[unknown.length - 1]}) : mettez l’application à jour pour la restaurer.`);
    }
    const schemaVersion = applied[applied.length - 1] ?? '';
    if (schemaVersion !== manifest.schemaVersion) throw new BackupError('Archive refusée : la version de schéma de la base ne correspond pas au manifeste.');
    if (!applied.includes('2026-11-23-01-contracts')) throw new BackupError('Archive refusée : la base de données n’est pas celle d’ACI CPTS.');
    const contracts = db
      .prepare('SELECT contract.id AS id, cpts.name AS name FROM contract JOIN cpts ON cpts.id = contract.cpts_id ORDER BY cpts.name, contract.id')
      .all() as { id: number; name: string }[];
    const warnings: string[] = [];
    const hasEvidence = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'evidence'").get();
    if (hasEvidence) {
      const stored = db.prepare('SELECT DISTINCT stored_path AS p FROM evidence').all() as { p: string }[];
      const inArchive = new Set(manifest.entries.map((e) => e.path));
      const missing = stored.map((r) => r.p.split(/[\\/]/).join('/')).filter((p) => !inArchive.has(p));
      if (missing.length > 0) warnings.push(`${missing.length} pièce(s) justificative(s) citée(s) par la base manquent à l’archive (déjà absentes à la sauvegarde).`);
    }
    return {
      appVersion: manifest.appVersion,
      formatVersion: manifest.formatVersion,
      schemaVersion,
      schema: schemaVersion === MIGRATION_NAMES[MIGRATION_NAMES.length - 1] ? 'current' : 'older',
      createdAt: manifest.createdAt,
      contractCount: contracts.length,
      contracts,
      evidenceFiles: manifest.entries.filter((e) => e.path.startsWith(`${EVIDENCE_ENTRY_DIR}/`)).length,
      lastChange: lastChange(db),
      databaseBytes: statSync(path).size,
      totalBytes: manifest.entries.reduce((s, e) => s + e.size, 0),
      warnings,
    };
  } finally {
    db.close();
  }
}

const CHANGE_COLUMNS = new Set(['created_at', 'updated_at', 'recorded_at', 'added_at', 'closed_at', 'archived_at']);

/** The latest timestamp written anywhere in the database (every column named like one). */
function lastChange(db: Database.Database): string | null {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'kysely%'").all() as { name: string }[];
  let latest: string | null = null;
  for (const { name } of tables) {
    const cols = (db.prepare(`PRAGMA table_info("${name.replace(/"/g, '""')}")`).all() as { name: string }[]).filter((c) => CHANGE_COLUMNS.has(c.name));
    for (const c of cols) {
      const r = db.prepare(`SELECT MAX("${c.name}") AS m FROM "${name.replace(/"/g, '""')}"`).get() as { m: unknown };
      if (typeof r.m === 'string' && (latest === null || r.m > latest)) latest = r.m;
    }
  }
  return latest;
}

/** Checks an archive completely (extracted to a temporary folder, removed after) and says what it holds. */
export async function inspectBackup(archive: string): Promise<BackupSummary> {
  const work = mkdtempSync(join(tmpdir(), 'aci-restauration-'));
  try {
    const manifest = await readArchive(archive, work);
    return inspectDatabase(join(work, ...DB_ENTRY.split('/')), manifest);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Whether a data folder already holds data a restore would replace. */
export function holdsData(dataDir: string, dbFile: string): boolean {
  return existsSync(join(dataDir, dbFile)) || evidenceFiles(dataDir).length > 0;
}

/**
 * Extracts and checks an archive inside the data folder, where it waits to replace the current
 * data (PENDING_RESTORE_DIR). Nothing of the current data is touched; a refused archive leaves
 * nothing behind.
 */
export async function stageRestore(archive: string, dataDir: string, dbFile: string): Promise<BackupSummary> {
  mkdirSync(dataDir, { recursive: true });
  const work = join(dataDir, `.restauration-${randomBytes(4).toString('hex')}.partiel`);
  mkdirSync(work);
  try {
    const manifest = await readArchive(archive, work);
    const summary = inspectDatabase(join(work, ...DB_ENTRY.split('/')), manifest);
    // The staged folder mirrors the data folder: the database under its file name, pieces/.
    renameSync(join(work, ...DB_ENTRY.split('/')), join(work, dbFile));
    rmSync(join(work, dirname(DB_ENTRY)), { recursive: true, force: true });
    writeFileAtomic(join(work, JOURNAL), Buffer.from(JSON.stringify({ state: 'ready', summary })));
    const pending = join(dataDir, PENDING_RESTORE_DIR);
    rmSync(pending, { recursive: true, force: true });
    renameSync(work, pending);
    fsyncPath(dataDir);
    return summary;
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
}

interface Journal {
  state: 'ready' | 'moving-out' | 'moved-out';
  safety?: string;
}

function readJournal(pending: string): Journal {
  try {
    const j = JSON.parse(readFileSync(join(pending, JOURNAL), 'utf8')) as Journal;
    return j;
  } catch {
    return { state: 'ready' };
  }
}

function writeJournal(pending: string, j: Journal): void {
  writeFileAtomic(join(pending, JOURNAL), Buffer.from(JSON.stringify(j)));
}

/**
 * Replaces the data of a folder by a staged restore, if one waits. Run before the database is
 * opened (at start, or by the CLI). The replaced data goes to DIR/avant-restauration-<date>/;
 * each step is journaled so a kill mid-way is finished by the next call.
 * Returns the safety copy's path (null when there was nothing to keep), or undefined when no
 * restore was waiting.
 */
export function applyPendingRestore(dataDir: string, dbFile: string, now: Date = new Date()): { safetyCopy: string | null } | undefined {
  const pending = join(dataDir, PENDING_RESTORE_DIR);
  // Extractions a kill interrupted before they were checked: never a restore, only litter.
  if (existsSync(dataDir)) {
    for (const f of readdirSync(dataDir)) if (/^\.restauration-[0-9a-f]+\.partiel$/.test(f)) rmSync(join(dataDir, f), { recursive: true, force: true });
  }
  if (!existsSync(join(pending, JOURNAL))) {
    // An interrupted staging (no journal yet) is not a restore: drop it.
    if (existsSync(pending)) rmSync(pending, { recursive: true, force: true });
    return undefined;
  }
  let journal = readJournal(pending);
  const safetyName = journal.safety ?? `${SAFETY_PREFIX}${stampOf(now)}`;
  const safety = join(dataDir, safetyName);
  const current = [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`, EVIDENCE_ENTRY_DIR];
  if (journal.state !== 'moved-out') {
    journal = { state: 'moving-out', safety: safetyName };
    writeJournal(pending, journal);
    mkdirSync(safety, { recursive: true });
    for (const item of current) {
      if (existsSync(join(dataDir, item)) && !existsSync(join(safety, item))) renameSync(join(dataDir, item), join(safety, item));
    }
    fsyncPath(safety);
    fsyncPath(dataDir);
    journal = { state: 'moved-out', safety: safetyName };
    writeJournal(pending, journal);
  }
  for (const item of [dbFile, EVIDENCE_ENTRY_DIR]) {
    if (existsSync(join(pending, item))) renameSync(join(pending, item), join(dataDir, item));
  }
  fsyncPath(dataDir);
  rmSync(pending, { recursive: true, force: true });
  let safetyCopy: string | null = safety;
  if (existsSync(safety) && readdirSync(safety).length === 0) {
    rmSync(safety, { recursive: true, force: true });
    safetyCopy = null;
  }
  return { safetyCopy };
}

/** The summary a staged restore recorded, if one waits in the data folder. */
export function pendingRestore(dataDir: string): BackupSummary | null {
  try {
    const j = JSON.parse(readFileSync(join(dataDir, PENDING_RESTORE_DIR, JOURNAL), 'utf8')) as { summary?: BackupSummary };
    return j.summary ?? null;
  } catch {
    return null;
  }
}
