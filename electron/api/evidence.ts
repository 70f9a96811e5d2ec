// Evidence files (pièces justificatives): copied into the data folder under their SHA-256, so they
// are never lost when the original moves; the renderer sends the content, never a path.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve, sep } from 'node:path';
import type { ApiParsed } from '../../shared/api';
import type { EvidenceRow } from '../../shared/indicatorViews';
import type { Db } from '../db/connection';
import { invalid, notFound, type ApiContext } from './context';
import { MAX_EVIDENCE_BYTES } from '../../shared/schemas/indicators';

export const EVIDENCE_DIR = 'pieces';

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

export async function evidenceRows(db: Db, by: { livrableId?: number; indicatorId?: number }): Promise<EvidenceRow[]> {
  let q = db.selectFrom('evidence').select(['id', 'file_name', 'size', 'sha256', 'added_at']);
  if (by.livrableId !== undefined) q = q.where('livrable_id', '=', by.livrableId);
  if (by.indicatorId !== undefined) q = q.where('indicator_id', '=', by.indicatorId);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, fileName: r.file_name, size: r.size, sha256: r.sha256, addedAt: r.added_at }));
}

async function ownerContract(db: Db, input: { livrableId: number | null; indicatorId: number | null }): Promise<number> {
  if (input.livrableId !== null) {
    const r = await db
      .selectFrom('livrable')
      .innerJoin('annex_action', 'annex_action.id', 'livrable.action_id')
      .innerJoin('annex_year', 'annex_year.id', 'annex_action.annex_year_id')
      .select('annex_year.contract_id as contractId')
      .where('livrable.id', '=', input.livrableId)
      .executeTakeFirst();
    if (!r) throw notFound(`Livrable n° ${input.livrableId}`);
    return r.contractId;
  }
  const r = await db
    .selectFrom('indicator')
    .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
    .innerJoin('annex_year', 'annex_year.id', 'annex_action.annex_year_id')
    .select('annex_year.contract_id as contractId')
    .where('indicator.id', '=', input.indicatorId!)
    .executeTakeFirst();
  if (!r) throw notFound(`Indicateur n° ${input.indicatorId}`);
  return r.contractId;
}

export async function addEvidence(ctx: ApiContext, input: ApiParsed<'evidence.add'>): Promise<EvidenceRow> {
  const owner = await ownerContract(ctx.db, input);
  if (owner !== input.contractId) throw invalid('livrableId', 'Pièce : le livrable ou l’indicateur n’appartient pas à ce contrat.');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.contentBase64)) throw invalid('contentBase64', 'Fichier illisible.');
  const content = Buffer.from(input.contentBase64, 'base64');
  if (content.length === 0) throw invalid('contentBase64', 'Fichier vide.');
  if (content.length > MAX_EVIDENCE_BYTES) throw invalid('contentBase64', 'Fichier trop volumineux (20 Mo au plus).');
  const sha256 = createHash('sha256').update(content).digest('hex');
  const name = safeName(input.fileName);
  const rel = join(EVIDENCE_DIR, sha256.slice(0, 2), `${sha256}${extname(name).toLowerCase()}`);
  const abs = join(ctx.dataDir, rel);
  if (!existsSync(abs)) {
    mkdirSync(join(ctx.dataDir, EVIDENCE_DIR, sha256.slice(0, 2)), { recursive: true });
    writeFileSync(abs, content, { flag: 'wx' });
  }
  const r = await ctx.db
    .insertInto('evidence')
    .values({
      contract_id: input.contractId,
      livrable_id: input.livrableId,
      indicator_id: input.indicatorId,
      file_name: name,
      stored_path: rel,
      sha256,
      size: content.length,
      added_at: new Date().toISOString(),
    })
    .returning(['id', 'file_name', 'size', 'sha256', 'added_at'])
    .executeTakeFirstOrThrow();
  return { id: r.id, fileName: r.file_name, size: r.size, sha256: r.sha256, addedAt: r.added_at };
}

/** Absolute path of a stored evidence file, checked to stay inside the data folder. */
export async function evidencePath(ctx: ApiContext, id: number): Promise<{ path: string; fileName: string; sha256: string }> {
  const r = await ctx.db.selectFrom('evidence').select(['stored_path', 'file_name', 'sha256']).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound(`Pièce n° ${id}`);
  const root = resolve(ctx.dataDir, EVIDENCE_DIR);
  const abs = resolve(ctx.dataDir, r.stored_path);
  if (!abs.startsWith(root + sep)) throw notFound(`Pièce n° ${id}`);
  if (!existsSync(abs)) throw notFound(`Fichier de la pièce n° ${id}`);
  return { path: abs, fileName: r.file_name, sha256: r.sha256 };
}

export async function getEvidence(ctx: ApiContext, input: { id: number }): Promise<{ fileName: string; mimeType: string; base64: string; sha256: string }> {
  const e = await evidencePath(ctx, input.id);
  const content = readFileSync(e.path);
  const sha = createHash('sha256').update(content).digest('hex');
  if (sha !== e.sha256) throw invalid('id', `Pièce n° ${input.id} : le fichier conservé a été altéré (empreinte différente).`);
  return { fileName: e.fileName, mimeType: mimeOf(e.fileName), base64: content.toString('base64'), sha256: sha };
}
