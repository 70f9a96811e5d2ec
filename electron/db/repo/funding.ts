// What the funding engine reads and the money setters write for one contract: envelopes (every
// row, history included), validated attainment rates, crisis years recognised at a closed
// dialogue, allocations of payments to tranches. The many-contract reads are in fundingInputs.ts.
import type { Db } from '../connection';

export interface EnvelopeRow {
  year: number;
  line: string;
  mission: string;
  cents: number;
  reason: string;
  recorded_at: string;
}

export async function envelopeRows(db: Db, contractId: number): Promise<EnvelopeRow[]> {
  return db.selectFrom('envelope').select(['year', 'line', 'mission', 'cents', 'reason', 'recorded_at']).where('contract_id', '=', contractId).orderBy('id').execute();
}

export async function attainmentRows(db: Db, contractId: number): Promise<{ year: number; mission: string; rate_bp: number }[]> {
  return db.selectFrom('attainment').select(['year', 'mission', 'rate_bp']).where('contract_id', '=', contractId).orderBy('id').execute();
}

/** Years for which a closed dialogue recorded that the ARS recognised a crisis. */
export async function crisisYears(db: Db, contractId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('review_decision')
    .innerJoin('review', 'review.id', 'review_decision.review_id')
    .select('review.year as year')
    .where('review.contract_id', '=', contractId)
    .where('review.status', '=', 'closed')
    .where('review_decision.kind', '=', 'crisis_recognised')
    .distinct()
    .execute();
  return rows.map((r) => r.year);
}

/** Every allocation of the contract's payments to a tranche (one row per allocation). */
export async function allocationRows(db: Db, contractId: number): Promise<{ trancheId: string; cents: number }[]> {
  return db
    .selectFrom('payment_allocation')
    .innerJoin('payment', 'payment.id', 'payment_allocation.payment_id')
    .select(['payment_allocation.tranche_id as trancheId', 'payment_allocation.amount_cents as cents'])
    .where('payment.contract_id', '=', contractId)
    .execute();
}

export async function insertAttainment(db: Db, row: { contractId: number; year: number; mission: string; rateBp: number; comment: string; recordedAt: string }): Promise<void> {
  await db
    .insertInto('attainment')
    .values({ contract_id: row.contractId, year: row.year, mission: row.mission, rate_bp: row.rateBp, comment: row.comment, recorded_at: row.recordedAt })
    .execute();
}

/** A new envelope row (year 0 = every year; mission '' = fonctionnement): rows are never rewritten, the latest is in force. */
export async function insertEnvelope(db: Db, row: { contractId: number; year: number; line: string; mission: string; cents: number; reason: string; recordedAt: string }): Promise<void> {
  await db
    .insertInto('envelope')
    .values({ contract_id: row.contractId, year: row.year, line: row.line, mission: row.mission, cents: row.cents, reason: row.reason, recorded_at: row.recordedAt })
    .execute();
}
