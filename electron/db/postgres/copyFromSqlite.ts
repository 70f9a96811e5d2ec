// Moving in (issue 13): copies a desktop SQLite ledger, with its evidence files, into the shared
// PostgreSQL database, in ONE transaction on the server (all or nothing). Tables go in the order of
// their foreign keys, rows in id order; the server gives new ids and every reference is mapped
// (the uuids, which identify rows across copies, are kept). A CPTS (and its population figures)
// the server already holds by uuid is reused — another contract of that CPTS came in earlier; any
// contract the server already holds refuses the whole copy. A closed review is written as a draft,
// its participants, lines and decisions under it, then closed, as the ledger's guards require.
// The portfolio's stored figures are derived: the server recomputes them.
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../connection';
import { putEvidenceBlob } from '../repo/evidenceBlobs';

/** Derived tables, recomputed on the server; the migrations' bookkeeping. */
const NOT_COPIED = new Set(['portfolio_summary', 'portfolio_tranche', 'kysely_migration', 'kysely_migration_lock']);
/** Rows shared by several contracts: reused when the server already holds them (by uuid). */
const REUSABLE = new Set(['cpts', 'population']);

export interface CopyReport {
  /** The contracts copied (uuid, CPTS name, id on the server). */
  contracts: { uuid: string; cpts: string; serverId: number }[];
  /** Rows written per table. */
  tables: Record<string, number>;
  /** Rows the server already held (a CPTS and its population figures), per table. */
  reused: Record<string, number>;
  evidence: { files: number; bytes: number };
}

export class CopyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyRefusedError';
  }
}

type Row = Record<string, unknown>;

export interface SourceTable {
  name: string;
  columns: string[];
  refs: { column: string; table: string }[];
}

/** The ledger's tables of a SQLite file (derived ones and the migrations' bookkeeping left out), parents first. */
export function sourceTables(source: Database.Database): SourceTable[] {
  const names = (source.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !NOT_COPIED.has(n));
  const tables = names.map((name) => ({
    name,
    columns: (source.prepare('SELECT name FROM pragma_table_info(?)').all(name) as { name: string }[]).map((c) => c.name),
    refs: (source.prepare('SELECT "table" AS t, "from" AS f FROM pragma_foreign_key_list(?)').all(name) as { t: string; f: string }[]).map((r) => ({ column: r.f, table: r.t })),
  }));
  // Parents first (a table's self-reference is served by the id order of its rows).
  const ordered: SourceTable[] = [];
  const done = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.filter((t) => !done.has(t.name) && t.refs.every((r) => r.table === t.name || done.has(r.table) || NOT_COPIED.has(r.table)));
    if (next.length === 0) throw new Error(`Ordre des tables introuvable (références circulaires) : ${tables.filter((t) => !done.has(t.name)).map((t) => t.name).join(', ')}`);
    for (const t of next) {
      ordered.push(t);
      done.add(t.name);
    }
  }
  for (const t of ordered) {
    if (!t.columns.includes('id')) throw new Error(`Table ${t.name} sans colonne id : copie non prévue.`);
  }
  return ordered;
}

async function serverColumns(target: Db): Promise<Map<string, Set<string>>> {
  const rows = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`.execute(target);
  const out = new Map<string, Set<string>>();
  for (const r of rows.rows) out.set(r.table_name, (out.get(r.table_name) ?? new Set()).add(r.column_name));
  return out;
}

async function serverIdsByUuid(target: Db, table: string, uuids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < uuids.length; i += 500) {
    const chunk = uuids.slice(i, i + 500);
    const r = await sql<{ id: number; uuid: string }>`SELECT id, uuid FROM ${sql.table(table)} WHERE uuid IN (${sql.join(chunk)})`.execute(target);
    for (const x of r.rows) out.set(x.uuid, x.id);
  }
  return out;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Key of the advisory lock that makes two copies into one server wait for each other. */
const COPY_LOCK_KEY = 7_314_003;

/**
 * Copies a desktop ledger into the server in one transaction of its own (all or nothing). Not
 * SERIALIZABLE, unlike the API's calls: every row a copy reads to decide (is this contract, this
 * CPTS already there?) is guarded by a unique uuid, and SERIALIZABLE would take a predicate lock
 * for each of the hundreds of thousands of reads the ledger's guards make while a national file
 * goes in — PostgreSQL then stops with "out of shared memory". Two copies wait for each other.
 */
export async function copySqliteIntoServerAtomically(source: Database.Database, sourceDir: string, server: Db): Promise<CopyReport> {
  return server
    .transaction()
    .setIsolationLevel('read committed')
    .execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${COPY_LOCK_KEY})`.execute(trx);
      return copySqliteIntoServer(source, sourceDir, trx);
    });
}

/**
 * Copies everything of `source` (its data folder: `sourceDir`) into `target`, which must be a
 * transaction on the server (the caller's). Throws CopyRefusedError, in French, when the server
 * already holds one of these contracts or an evidence file is missing or altered: nothing written.
 */
export async function copySqliteIntoServer(source: Database.Database, sourceDir: string, target: Db): Promise<CopyReport> {
  const tables = sourceTables(source);
  const onServer = await serverColumns(target);

  const contracts = source.prepare('SELECT c.uuid AS uuid, p.name AS cpts FROM contract c JOIN cpts p ON p.id = c.cpts_id ORDER BY c.id').all() as { uuid: string; cpts: string }[];
  const held = await serverIdsByUuid(target, 'contract', contracts.map((c) => c.uuid));
  if (held.size > 0) {
    const names = contracts.filter((c) => held.has(c.uuid)).map((c) => c.cpts);
    throw new CopyRefusedError(
      `La base partagée contient déjà ${held.size} des ${contracts.length} contrat(s) de ce fichier (${names.slice(0, 5).join(', ')}${names.length > 5 ? '…' : ''}) : rien n’a été copié. ` +
        'Un contrat ne s’y verse qu’une fois ; pour mettre à jour un contrat déjà partagé, utilisez le fichier d’échange.',
    );
  }

  // Every evidence file, read and checked before anything is written.
  const evidenceFiles = source.prepare('SELECT DISTINCT sha256, stored_path FROM evidence ORDER BY sha256').all() as { sha256: string; stored_path: string }[];
  const contents = new Map<string, Buffer>();
  for (const e of evidenceFiles) {
    if (contents.has(e.sha256)) continue;
    let content: Buffer;
    try {
      content = readFileSync(join(sourceDir, ...e.stored_path.split(/[\\/]/)));
    } catch {
      throw new CopyRefusedError(`Pièce manquante dans le dossier de données : ${e.stored_path}. Rien n’a été copié ; restaurez la pièce (ou une sauvegarde) puis recommencez.`);
    }
    if (sha256(content) !== e.sha256) throw new CopyRefusedError(`Pièce altérée dans le dossier de données (empreinte différente) : ${e.stored_path}. Rien n’a été copié.`);
    contents.set(e.sha256, content);
  }

  const ids = new Map<string, Map<number, number>>();
  const report: CopyReport = { contracts: [], tables: {}, reused: {}, evidence: { files: 0, bytes: 0 } };
  const toClose: { id: number; closedAt: unknown }[] = [];

  for (const t of tables) {
    const columns = onServer.get(t.name);
    if (!columns) throw new Error(`La base partagée n’a pas la table ${t.name} : mettez à jour l’application qui l’a créée.`);
    const missing = t.columns.filter((c) => !columns.has(c));
    if (missing.length > 0) throw new Error(`La base partagée n’a pas les colonnes ${missing.map((c) => `${t.name}.${c}`).join(', ')} : mettez-la à jour.`);
    const map = new Map<number, number>();
    ids.set(t.name, map);
    const rows = source.prepare(`SELECT * FROM "${t.name.replace(/"/g, '""')}" ORDER BY id`).all() as Row[];
    const existing = REUSABLE.has(t.name) && t.columns.includes('uuid')
      ? await serverIdsByUuid(target, t.name, rows.map((r) => r.uuid).filter((u): u is string => typeof u === 'string'))
      : new Map<string, number>();
    let written = 0;
    for (const row of rows) {
      const oldId = Number(row.id);
      const reuse = typeof row.uuid === 'string' ? existing.get(row.uuid) : undefined;
      if (reuse !== undefined) {
        map.set(oldId, reuse);
        report.reused[t.name] = (report.reused[t.name] ?? 0) + 1;
        continue;
      }
      const values: Row = {};
      for (const c of t.columns) {
        if (c === 'id') continue;
        const ref = t.refs.find((r) => r.column === c);
        const v = row[c];
        if (ref && v !== null && v !== undefined) {
          const mapped = ids.get(ref.table)?.get(Number(v));
          if (mapped === undefined) throw new Error(`${t.name} n° ${oldId} : ${c} désigne ${ref.table} n° ${String(v)}, introuvable.`);
          values[c] = mapped;
        } else values[c] = v ?? null;
      }
      const closing = t.name === 'review' && values.status === 'closed';
      const closedAt = values.closed_at;
      if (closing) Object.assign(values, { status: 'draft', closed_at: null });
      const cols = Object.keys(values);
      const r = await sql<{ id: number }>`INSERT INTO ${sql.table(t.name)} (${sql.join(cols.map((c) => sql.id(c)))}) VALUES (${sql.join(cols.map((c) => values[c]))}) RETURNING id`.execute(target);
      const newId = r.rows[0].id;
      map.set(oldId, newId);
      if (closing) toClose.push({ id: newId, closedAt });
      if (t.name === 'contract') {
        const c = contracts.find((x) => x.uuid === row.uuid);
        report.contracts.push({ uuid: String(row.uuid), cpts: c?.cpts ?? '', serverId: newId });
      }
      written++;
    }
    report.tables[t.name] = written;
  }

  for (const r of toClose) {
    await sql`UPDATE review SET status = 'closed', closed_at = ${r.closedAt} WHERE id = ${r.id} AND status = 'draft'`.execute(target);
  }
  for (const [hash, content] of contents) {
    await putEvidenceBlob(target, hash, content);
    report.evidence.files++;
    report.evidence.bytes += content.length;
  }
  return report;
}
