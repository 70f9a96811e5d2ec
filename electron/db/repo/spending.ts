// Repository of spending: entries, their corrections, budgets and the supporting files attached
// to entries and corrections. The only SQL of the spending feature; no transaction of its own
// (the API call's unit of work). Entries and corrections are only ever inserted (the database
// refuses UPDATE and DELETE: migration 2026-11-30-06).
import type { BudgetRecord, SpendingAttachment, SpendingCorrectionRecord, SpendingRecord } from '../../../shared/domain/spending';
import type { MissionCode } from '../../../shared/domain/missions';
import type { SpendingCategory } from '../../../shared/schemas/money';
import type { Db } from '../connection';

const missionOf = (m: string): MissionCode | null => (m === '' ? null : (m as MissionCode));

export async function spendingRecords(db: Db, contractId: number): Promise<SpendingRecord[]> {
  const rows = await db.selectFrom('spending').selectAll().where('contract_id', '=', contractId).orderBy('spent_on').orderBy('id').execute();
  return rows.map((e) => ({
    id: e.id,
    spentOn: e.spent_on,
    mission: missionOf(e.mission),
    category: e.category as SpendingCategory,
    amountCents: e.amount_cents,
    documentRef: e.document_ref,
    comment: e.comment,
    recordedAt: e.recorded_at,
  }));
}

/** One entry of the contract, or undefined. */
export async function spendingRecord(db: Db, contractId: number, id: number): Promise<SpendingRecord | undefined> {
  const e = await db.selectFrom('spending').selectAll().where('id', '=', id).where('contract_id', '=', contractId).executeTakeFirst();
  if (!e) return undefined;
  return {
    id: e.id,
    spentOn: e.spent_on,
    mission: missionOf(e.mission),
    category: e.category as SpendingCategory,
    amountCents: e.amount_cents,
    documentRef: e.document_ref,
    comment: e.comment,
    recordedAt: e.recorded_at,
  };
}

/** The corrections of a contract's entries (or of one entry), in the order they were recorded. */
export async function spendingCorrections(db: Db, contractId: number, spendingId?: number): Promise<SpendingCorrectionRecord[]> {
  let q = db.selectFrom('spending_correction').selectAll().where('contract_id', '=', contractId);
  if (spendingId !== undefined) q = q.where('spending_id', '=', spendingId);
  const rows = await q.orderBy('id').execute();
  return rows.map((k) => ({
    id: k.id,
    spendingId: k.spending_id,
    correctedOn: k.corrected_on,
    deltaCents: k.amount_cents,
    reason: k.reason,
    recordedAt: k.recorded_at,
  }));
}

/** The supporting files of a contract's entries and corrections. */
export async function spendingAttachments(db: Db, contractId: number): Promise<SpendingAttachment[]> {
  const rows = await db
    .selectFrom('evidence')
    .select(['id', 'file_name', 'size', 'sha256', 'added_at', 'spending_id', 'spending_correction_id'])
    .where('contract_id', '=', contractId)
    .where((eb) => eb.or([eb('spending_id', 'is not', null), eb('spending_correction_id', 'is not', null)]))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    spendingId: r.spending_id,
    correctionId: r.spending_correction_id,
    file: { id: r.id, fileName: r.file_name, size: r.size, sha256: r.sha256, addedAt: r.added_at },
  }));
}

/** Budgets in the order they were set (the last per year and line is in force). */
export async function budgetRecords(db: Db, contractId: number): Promise<BudgetRecord[]> {
  const rows = await db.selectFrom('budget').select(['year', 'mission', 'cents']).where('contract_id', '=', contractId).orderBy('id').execute();
  return rows.map((b) => ({ year: b.year, mission: missionOf(b.mission), cents: b.cents }));
}

export async function insertSpending(
  db: Db,
  row: { contractId: number; spentOn: string; mission: MissionCode | null; category: SpendingCategory; amountCents: number; documentRef: string; comment: string },
): Promise<number> {
  const r = await db
    .insertInto('spending')
    .values({
      contract_id: row.contractId,
      spent_on: row.spentOn,
      mission: row.mission ?? '',
      category: row.category,
      amount_cents: row.amountCents,
      document_ref: row.documentRef,
      comment: row.comment,
      recorded_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertSpendingCorrection(
  db: Db,
  row: { contractId: number; spendingId: number; correctedOn: string; deltaCents: number; reason: string },
): Promise<number> {
  const r = await db
    .insertInto('spending_correction')
    .values({
      spending_id: row.spendingId,
      contract_id: row.contractId,
      corrected_on: row.correctedOn,
      amount_cents: row.deltaCents,
      reason: row.reason,
      recorded_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertBudget(db: Db, row: { contractId: number; year: number; mission: MissionCode | null; cents: number }): Promise<void> {
  await db
    .insertInto('budget')
    .values({ contract_id: row.contractId, year: row.year, mission: row.mission ?? '', cents: row.cents, recorded_at: new Date().toISOString() })
    .execute();
}
