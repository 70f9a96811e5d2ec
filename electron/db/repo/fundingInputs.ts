// What the funding engine reads, for many contracts at once (issue 11: the portfolio workbook of
// 1 000 contracts reads each table once, not once per contract). The per-contract reads are in
// electron/db/repo/funding.ts and electron/db/repo/contracts.ts; electron/api/fundingBatch.ts assembles
// the same inputs from these rows. Each map lists a contract's rows in the per-contract order.
import type { IsoDate } from '../../../shared/dates';
import type { Db } from '../connection';
import { groupBy } from './groupBy';
import type { EnvelopeRow } from './funding';

export interface FundingContractRow {
  id: number;
  signedOn: IsoDate;
  populations: { population: number; asOf: IsoDate }[];
  missions: { code: string; startedOn: IsoDate | null; deployedOn: IsoDate | null }[];
}

/** The contracts' signatures, their CPTS's populations (as_of, then entry order) and their missions. */
export async function fundingContracts(db: Db, contractIds: readonly number[]): Promise<FundingContractRow[]> {
  if (contractIds.length === 0) return [];
  const ids = [...new Set(contractIds)];
  const contracts = await db.selectFrom('contract').select(['id', 'cpts_id', 'signed_on']).where('id', 'in', ids).orderBy('id').execute();
  const cptsIds = [...new Set(contracts.map((c) => c.cpts_id))];
  const populations = groupBy(
    cptsIds.length === 0
      ? []
      : await db.selectFrom('population').select(['cpts_id', 'population', 'as_of']).where('cpts_id', 'in', cptsIds).orderBy('cpts_id').orderBy('as_of').orderBy('id').execute(),
    (r) => r.cpts_id,
  );
  const missions = groupBy(
    await db.selectFrom('contract_mission').select(['contract_id', 'code', 'started_on', 'deployed_on']).where('contract_id', 'in', ids).orderBy('contract_id').orderBy('id').execute(),
    (r) => r.contract_id,
  );
  return contracts.map((c) => ({
    id: c.id,
    signedOn: c.signed_on,
    populations: (populations.get(c.cpts_id) ?? []).map((p) => ({ population: p.population, asOf: p.as_of })),
    missions: (missions.get(c.id) ?? []).map((m) => ({ code: m.code, startedOn: m.started_on, deployedOn: m.deployed_on })),
  }));
}

/** Envelope rows (history included, entry order) by contract. */
export async function envelopesOf(db: Db, contractIds: readonly number[]): Promise<Map<number, EnvelopeRow[]>> {
  if (contractIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('envelope')
    .select(['contract_id', 'year', 'line', 'mission', 'cents', 'reason', 'recorded_at'])
    .where('contract_id', 'in', [...contractIds])
    .orderBy('contract_id')
    .orderBy('id')
    .execute();
  const out = new Map<number, EnvelopeRow[]>();
  for (const [id, list] of groupBy(rows, (r) => r.contract_id)) {
    out.set(
      id,
      list.map((r) => ({ year: r.year, line: r.line, mission: r.mission, cents: r.cents, reason: r.reason, recorded_at: r.recorded_at })),
    );
  }
  return out;
}

/** Attainment rates (entry order) by contract. */
export async function attainmentOf(db: Db, contractIds: readonly number[]): Promise<Map<number, { year: number; mission: string; rate_bp: number }[]>> {
  if (contractIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('attainment')
    .select(['contract_id', 'year', 'mission', 'rate_bp'])
    .where('contract_id', 'in', [...contractIds])
    .orderBy('contract_id')
    .orderBy('id')
    .execute();
  const out = new Map<number, { year: number; mission: string; rate_bp: number }[]>();
  for (const [id, list] of groupBy(rows, (r) => r.contract_id)) out.set(id, list.map((r) => ({ year: r.year, mission: r.mission, rate_bp: r.rate_bp })));
  return out;
}

/** The years for which a closed dialogue recorded that the ARS recognised a crisis, by contract. */
export async function crisisYearsOf(db: Db, contractIds: readonly number[]): Promise<Map<number, number[]>> {
  if (contractIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('review_decision')
    .innerJoin('review', 'review.id', 'review_decision.review_id')
    .select(['review.contract_id as contractId', 'review.year as year'])
    .where('review.contract_id', 'in', [...contractIds])
    .where('review.status', '=', 'closed')
    .where('review_decision.kind', '=', 'crisis_recognised')
    .distinct()
    .execute();
  const out = new Map<number, number[]>();
  for (const [id, list] of groupBy(rows, (r) => r.contractId)) out.set(id, list.map((r) => r.year));
  return out;
}

/** Sums of allocations per tranche id, by contract. */
export async function paidByTrancheOf(db: Db, contractIds: readonly number[]): Promise<Map<number, Map<string, number>>> {
  const out = new Map<number, Map<string, number>>();
  if (contractIds.length === 0) return out;
  const rows = await db
    .selectFrom('payment_allocation')
    .innerJoin('payment', 'payment.id', 'payment_allocation.payment_id')
    .select(['payment.contract_id as contractId', 'payment_allocation.tranche_id as trancheId', 'payment_allocation.amount_cents as cents'])
    .where('payment.contract_id', 'in', [...contractIds])
    .execute();
  for (const r of rows) {
    let m = out.get(r.contractId);
    if (!m) out.set(r.contractId, (m = new Map()));
    m.set(r.trancheId, (m.get(r.trancheId) ?? 0) + r.cents);
  }
  return out;
}
