// Repository of the evidence rows (the files attached to a livrable, an indicator, a spending or
// its correction): listing, recording an upload, finding a stored one, and which contract the
// livrable or indicator it supports belongs to. The contents themselves are in the data folder
// (SQLite) or evidenceBlobs.ts (PostgreSQL), through electron/api/evidence.ts. No transaction of
// its own (the API call's unit of work).
import type { Insertable } from 'kysely';
import type { EvidenceRow } from '../../../shared/indicatorViews';
import type { Db } from '../connection';
import type { EvidenceTable } from '../schema';

/** The evidence of a livrable and/or an indicator, in the order added. */
export async function evidenceRows(db: Db, by: { livrableId?: number; indicatorId?: number }): Promise<EvidenceRow[]> {
  let q = db.selectFrom('evidence').select(['id', 'file_name', 'size', 'sha256', 'added_at']);
  if (by.livrableId !== undefined) q = q.where('livrable_id', '=', by.livrableId);
  if (by.indicatorId !== undefined) q = q.where('indicator_id', '=', by.indicatorId);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, fileName: r.file_name, size: r.size, sha256: r.sha256, addedAt: r.added_at }));
}

/** The contract of a livrable, or undefined when there is no such livrable. */
export async function contractOfLivrable(db: Db, livrableId: number): Promise<number | undefined> {
  const r = await db
    .selectFrom('livrable')
    .innerJoin('annex_action', 'annex_action.id', 'livrable.action_id')
    .innerJoin('annex_year', 'annex_year.id', 'annex_action.annex_year_id')
    .select('annex_year.contract_id as contractId')
    .where('livrable.id', '=', livrableId)
    .executeTakeFirst();
  return r?.contractId;
}

/** The contract of an indicator, or undefined when there is no such indicator. */
export async function contractOfIndicator(db: Db, indicatorId: number): Promise<number | undefined> {
  const r = await db
    .selectFrom('indicator')
    .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
    .innerJoin('annex_year', 'annex_year.id', 'annex_action.annex_year_id')
    .select('annex_year.contract_id as contractId')
    .where('indicator.id', '=', indicatorId)
    .executeTakeFirst();
  return r?.contractId;
}

/** Records a stored file; returns its row as the screens show it. */
export async function insertEvidence(db: Db, row: Omit<Insertable<EvidenceTable>, 'id' | 'uuid'>): Promise<EvidenceRow> {
  const r = await db.insertInto('evidence').values(row).returning(['id', 'file_name', 'size', 'sha256', 'added_at']).executeTakeFirstOrThrow();
  return { id: r.id, fileName: r.file_name, size: r.size, sha256: r.sha256, addedAt: r.added_at };
}

/** Where an evidence file is stored, its name and hash; undefined when there is no such row. */
export async function findEvidence(db: Db, id: number): Promise<{ stored_path: string; file_name: string; sha256: string } | undefined> {
  return db.selectFrom('evidence').select(['stored_path', 'file_name', 'sha256']).where('id', '=', id).executeTakeFirst();
}
