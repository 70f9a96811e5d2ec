// The backup of the shared database (team mode, issue 13): what the server holds — for the caller's
// role: everything for an administrator, their assigned contracts for an agent — is copied into a
// fresh desktop ledger (SQLite, same migrations) and its data folder, evidence files included. The
// backup archive is then made from that folder exactly as for a desktop one (electron/db/backup.ts),
// so one archive format serves both: restored into a data folder, or poured back into a server
// (electron/db/postgres/copyFromSqlite.ts). Rows keep their ids (the file is new); every figure
// stored at a closing is copied as stored, never recomputed. A closed review goes in as a draft,
// its rows under it, then is closed, as the ledger's guards require. The server's own tables
// (agents, assignments, evidence contents) have no place in a data folder and are not copied.
import type Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../connection';
import { getEvidenceBlob } from '../repo/evidenceBlobs';
import { CopyRefusedError, sourceTables } from './copyFromSqlite';

export interface ServerCopyReport {
  contracts: number;
  /** Rows copied per table. */
  tables: Record<string, number>;
  evidence: { files: number; bytes: number };
}

/** Rows read from the server per query (keyset on id), so a national database is not read at once. */
const PAGE = 5_000;

type Row = Record<string, unknown>;

/** A value as better-sqlite3 stores it (the server gives numbers, strings, nulls; booleans and dates are not used by the ledger's columns). */
function sqliteValue(v: unknown, where: string): string | number | bigint | Buffer | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || Buffer.isBuffer(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  throw new Error(`${where} : valeur de type ${typeof v} inattendue.`);
}

/** `pieces/ab/ab…(64 hex).ext`, as electron/api/evidence.ts evidenceRelPath writes it. */
const STORED_PATH = /^pieces\/[0-9a-f]{2}\/[0-9a-f]{64}(\.[a-z0-9]{1,10})?$/;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * Copies the server's rows (`source`: one REPEATABLE READ transaction, for one consistent
 * snapshot) into `target`, a freshly migrated SQLite ledger of the data folder `targetDir`, and
 * writes each evidence file under targetDir. Throws CopyRefusedError, in French, when an evidence
 * content is missing or altered on the server.
 */
export async function copyServerIntoSqlite(source: Db, target: Database.Database, targetDir: string): Promise<ServerCopyReport> {
  const held = target.prepare('SELECT COUNT(*) AS n FROM contract').get() as { n: number };
  if (held.n > 0) throw new Error('La copie du serveur se fait dans une base neuve.');
  const tables = sourceTables(target);
  const report: ServerCopyReport = { contracts: 0, tables: {}, evidence: { files: 0, bytes: 0 } };
  const toClose: { id: number; closedAt: unknown }[] = [];

  // Read everything first (the snapshot), then write the file in one SQLite transaction.
  const read = new Map<string, Row[]>();
  for (const t of tables) {
    const rows: Row[] = [];
    let after = 0;
    for (;;) {
      const page = await sql<Row>`SELECT ${sql.join(t.columns.map((c) => sql.id(c)))} FROM ${sql.table(t.name)} WHERE id > ${after} ORDER BY id LIMIT ${PAGE}`.execute(source);
      rows.push(...page.rows);
      if (page.rows.length < PAGE) break;
      after = Number(page.rows[page.rows.length - 1].id);
    }
    read.set(t.name, rows);
  }

  // Every evidence content, checked and written under the path its row names, which must be the
  // ledger's own shape (never a path out of the data folder). One content in memory at a time:
  // the folder is a fresh one, thrown away by the caller if anything fails.
  const written = new Map<string, string>(); // hash → first path written
  for (const r of read.get('evidence') ?? []) {
    const hash = String(r.sha256);
    const path = String(r.stored_path);
    if (!STORED_PATH.test(path) || path.split('/')[2].slice(0, 64) !== hash) throw new CopyRefusedError(`Pièce n° ${String(r.id)} : chemin enregistré invalide (${path.slice(0, 80)}). Sauvegarde non faite.`);
    const abs = join(targetDir, ...path.split('/'));
    if (existsSync(abs)) continue;
    mkdirSync(dirname(abs), { recursive: true });
    const first = written.get(hash);
    if (first) {
      copyFileSync(first, abs);
      continue;
    }
    const content = await getEvidenceBlob(source, hash);
    if (!content) throw new CopyRefusedError(`Pièce absente de la base partagée : ${path}. Sauvegarde non faite ; faites-la déposer de nouveau puis recommencez.`);
    if (sha256(content) !== hash) throw new CopyRefusedError(`Pièce altérée dans la base partagée (empreinte différente) : ${path}. Sauvegarde non faite.`);
    writeFileSync(abs, content);
    written.set(hash, abs);
    report.evidence.files++;
    report.evidence.bytes += content.length;
  }

  target.transaction(() => {
    for (const t of tables) {
      const rows = read.get(t.name) ?? [];
      const insert = target.prepare(`INSERT INTO "${t.name}" (${t.columns.map((c) => `"${c}"`).join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`);
      for (const row of rows) {
        const values: Row = { ...row };
        if (t.name === 'review' && values.status === 'closed') {
          toClose.push({ id: Number(values.id), closedAt: values.closed_at });
          Object.assign(values, { status: 'draft', closed_at: null });
        }
        insert.run(...t.columns.map((c) => sqliteValue(values[c], `${t.name} n° ${String(row.id)}, ${c}`)));
      }
      report.tables[t.name] = rows.length;
    }
    const close = target.prepare("UPDATE review SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'draft'");
    for (const r of toClose) close.run(sqliteValue(r.closedAt, `review n° ${r.id}, closed_at`), r.id);
  })();
  report.contracts = report.tables.contract ?? 0;

  return report;
}
