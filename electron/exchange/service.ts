// Import of an exchange file (issue 12): the file is checked whole (parse.ts), its contract found
// here (by uuid, or on a first import by SIRET and signature date), the local data exported to the
// same shape and compared (shared/exchange/diff.ts). The preview writes nothing. The apply runs in
// the API call's one transaction: it recomputes the difference inside it, refuses if the data
// changed since the preview or if a conflict was left unanswered, copies the database first
// (a backup beside it), then writes everything or nothing.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { computeDiff, hasBlockingConflicts, type ExchangeDiff, type Resolution } from '../../shared/exchange/diff';
import { EXCHANGE_TABLES, TABLE_REFS, type AnyRow, type ExchangeTable, type ExchangeTables, type Side } from '../../shared/exchange/format';
import type { ExchangeApplied, ExchangePreview } from '../../shared/exchange/types';
import { sqliteBinding, type Db } from '../db/connection';
import {
  clearDraftReview,
  closeReviewRow,
  contractByUuid,
  contractsBySiret,
  cptsRows,
  databaseFile,
  existingUuids,
  idOfUuid,
  insertRow,
  updateRow,
} from '../db/repo/exchange';
import { evidenceRelPath, evidenceStorage } from '../api/evidence';
import { contractTables, toExchangeTables } from './build';
import { ExchangeError } from './errors';
import { parseExchange, type ParsedExchange } from './parse';

export interface ImportOptions {
  /** The contract the user chose: a file of another contract is refused. */
  contractId?: number;
  /** How to answer every conflict not in `choices`. Without it, an apply with conflicts is refused. */
  resolve?: Resolution;
  choices?: Record<string, Resolution>;
  /** The preview's digest: the apply is refused if the data changed since. */
  expectedDigest?: string;
}

interface Prepared {
  parsed: ParsedExchange;
  localId: number | null;
  match: ExchangePreview['match'];
  diff: ExchangeDiff;
  digest: string;
}

function emptyTables(): ExchangeTables {
  return Object.fromEntries(EXCHANGE_TABLES.map((t) => [t, []])) as unknown as ExchangeTables;
}

async function findLocal(db: Db, parsed: ParsedExchange, wanted: number | undefined): Promise<{ id: number | null; match: ExchangePreview['match'] }> {
  const c = parsed.content.tables.contract[0];
  const cpts = parsed.content.tables.cpts[0];
  let id = await contractByUuid(db, c.uuid);
  let match: ExchangePreview['match'] = 'uuid';
  if (id === null) {
    const bySiret = await contractsBySiret(db, cpts.siret, c.signed_on);
    const pick = wanted !== undefined ? bySiret.filter((x) => x === wanted) : bySiret;
    if (pick.length > 1) throw new ExchangeError(`Plusieurs contrats de cette base ont le SIRET ${cpts.siret} et la signature du ${c.signed_on} : choisissez le contrat (--contract).`);
    id = pick[0] ?? null;
    match = id === null ? 'new' : 'siret';
  }
  if (wanted !== undefined && id !== wanted) {
    throw new ExchangeError(
      `Ce fichier concerne un autre contrat (${cpts.name}, SIRET ${cpts.siret || 'non renseigné'}, signé le ${c.signed_on.split('-').reverse().join('/')}) que le contrat n° ${wanted} choisi : rien n’a été importé.`,
    );
  }
  return { id, match };
}

async function prepare(db: Db, bytes: Buffer, opts: ImportOptions): Promise<Prepared> {
  const parsed = await parseExchange(bytes);
  const { id, match } = await findLocal(db, parsed, opts.contractId);
  let local: ExchangeTables;
  if (id !== null) local = await contractTables(db, id);
  else {
    // A new contract of a CPTS already here: its identity and population history are compared.
    const known = await cptsRows(db, parsed.content.tables.cpts[0].uuid);
    const rows = Object.fromEntries(EXCHANGE_TABLES.map((t) => [t, []])) as unknown as Parameters<typeof toExchangeTables>[0];
    rows.cpts = known.cpts;
    rows.population = known.population;
    local = known.cpts.length > 0 ? toExchangeTables(rows) : emptyTables();
  }
  const diff = computeDiff(local, parsed.content.tables, { side: parsed.manifest.side, choices: opts.choices, fallback: opts.resolve });
  // A row the file would add must not already belong to another contract here.
  const localUuids = new Set<string>();
  for (const t of EXCHANGE_TABLES) for (const r of (local as unknown as Record<ExchangeTable, AnyRow[]>)[t]) localUuids.add(r.uuid);
  const inserts = new Map<ExchangeTable, string[]>();
  for (const a of diff.actions) if (a.op === 'insert' && !localUuids.has(a.row.uuid)) inserts.set(a.table, [...(inserts.get(a.table) ?? []), a.row.uuid]);
  for (const [table, uuids] of inserts) {
    const clash = await existingUuids(db, table, uuids);
    if (clash.size > 0) throw new ExchangeError(`Fichier refusé : ${clash.size} ligne(s) « ${table} » du fichier appartiennent déjà à un autre contrat de cette base (identifiant ${[...clash][0]}).`);
  }
  // What the preview was computed from: the file and the local data (not the user's answers).
  const digest = createHash('sha256').update(JSON.stringify([parsed.fileSha256, id, local])).digest('hex');
  return { parsed, localId: id, match, diff, digest };
}

function previewOf(p: Prepared): ExchangePreview {
  const c = p.parsed.content.tables.contract[0];
  const cpts = p.parsed.content.tables.cpts[0];
  return {
    side: p.parsed.manifest.side,
    createdAt: p.parsed.manifest.createdAt,
    appVersion: p.parsed.manifest.appVersion,
    contract: { uuid: c.uuid, cpts: cpts.name, siret: cpts.siret, signedOn: c.signed_on, localId: p.localId },
    match: p.match,
    new: p.diff.new,
    changed: p.diff.changed,
    unchanged: p.diff.unchanged,
    conflicts: p.diff.conflicts,
    notices: p.diff.notices,
    blocking: hasBlockingConflicts(p.diff),
    evidenceFiles: p.parsed.evidence.size,
    digest: p.digest,
  };
}

/** What importing the file would do; writes nothing. */
export async function previewExchange(db: Db, bytes: Buffer, opts: ImportOptions = {}): Promise<ExchangePreview> {
  return previewOf(await prepare(db, bytes, { ...opts, resolve: undefined, choices: undefined }));
}

/** A copy of the database as it stands before the import (read through a second connection: the import's transaction has not written yet). */
async function backupBeforeImport(db: Db, now: Date): Promise<string | null> {
  const file = await databaseFile(db);
  if (!file) return null;
  const target = join(dirname(file), `${file.split(/[\\/]/).pop() ?? 'base'}.avant-echange-${now.toISOString().replace(/[:.]/g, '-')}.sqlite`);
  const binding = sqliteBinding();
  const copy = new Database(file, { readonly: true, fileMustExist: true, ...(binding ? { nativeBinding: binding } : {}) });
  try {
    copy.prepare('VACUUM INTO ?').run(target);
  } finally {
    copy.close();
  }
  return target;
}

function fromJson(table: ExchangeTable, key: string, v: unknown): unknown {
  if ((table === 'cpts' && key === 'communes') || (table === 'book_mapping' && key === 'rules')) return JSON.stringify(v);
  return v;
}

/** Applies the file inside the caller's transaction (the API call's). */
export async function applyExchange(db: Db, dataDir: string, bytes: Buffer, opts: ImportOptions & { now?: Date }): Promise<ExchangeApplied> {
  const p = await prepare(db, bytes, opts);
  if (opts.expectedDigest && opts.expectedDigest !== p.digest) {
    throw new ExchangeError('Les données ont changé depuis l’aperçu de ce fichier : affichez de nouveau la différence avant de confirmer.');
  }
  const unanswered = p.diff.conflicts.filter((c) => c.blocking && !opts.resolve && !opts.choices?.[c.id]);
  if (unanswered.length > 0) {
    throw new ExchangeConflictError(`${unanswered.length} conflit(s) à trancher avant d’importer (garder la version locale ou prendre celle du fichier) : rien n’a été écrit.`, previewOf(p));
  }
  const now = opts.now ?? new Date();
  const stamp = now.toISOString();
  const backupPath = p.diff.actions.length > 0 ? await backupBeforeImport(db, now) : null;

  const ids = new Map<string, number>();
  const idOf = async (table: ExchangeTable, uuid: string): Promise<number> => {
    const k = `${table}:${uuid}`;
    const known = ids.get(k);
    if (known !== undefined) return known;
    const id = await idOfUuid(db, table, uuid);
    if (id === null) throw new ExchangeError(`Fichier refusé : ${table} ${uuid} introuvable au moment de l’écriture.`);
    ids.set(k, id);
    return id;
  };
  const toColumns = async (table: ExchangeTable, row: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      const refTable = TABLE_REFS[table][k];
      if (refTable) out[k.replace(/_uuid$/, '_id')] = v === null ? null : await idOf(refTable, String(v));
      else out[k] = fromJson(table, k, v);
    }
    return out;
  };

  try {
    for (const a of p.diff.actions) {
      if (a.op === 'insert') {
        const values = await toColumns(a.table, a.row);
        if (a.table === 'contract') Object.assign(values, { updated_at: stamp, archived_at: null, demo: 0 });
        if (a.table === 'evidence') {
          const sha = String(a.row.sha256);
          const content = p.parsed.evidence.get(sha);
          if (!content) throw new ExchangeError(`Fichier refusé : la pièce ${sha} manque.`);
          const rel = evidenceRelPath(sha, String(a.row.file_name));
          await evidenceStorage({ db, dataDir }).put(rel, sha, content);
          values.stored_path = rel;
        }
        ids.set(`${a.table}:${a.row.uuid}`, await insertRow(db, a.table, values));
      } else if (a.op === 'update') {
        const set = await toColumns(a.table, a.set);
        if (a.table === 'contract') set.updated_at = stamp;
        await updateRow(db, a.table, await idOf(a.table, a.uuid), set);
      } else if (a.op === 'clearReview') {
        await clearDraftReview(db, await idOf('review', a.uuid));
      } else {
        await closeReviewRow(db, await idOf('review', a.uuid), a.closedAt ?? stamp);
      }
    }
  } catch (e) {
    if (e instanceof ExchangeError) throw e;
    // A rule of the database the file breaks (a trigger, a CHECK): the whole import is rolled back.
    throw new ExchangeError(`Fichier refusé : il contredit une règle de la base (${e instanceof Error ? e.message.slice(0, 200) : String(e)}) ; rien n’a été importé.`);
  }
  const contractId = p.localId ?? (await idOf('contract', p.parsed.content.contract_uuid));
  return {
    ...previewOf(p),
    contractId,
    applied: true,
    backupPath,
  };
}

/** Conflicts the user has not answered: nothing written; carries the difference to show. */
export class ExchangeConflictError extends ExchangeError {
  constructor(
    message: string,
    readonly preview: ExchangePreview,
  ) {
    super(message);
    this.name = 'ExchangeConflictError';
  }
}

export type { Side };
