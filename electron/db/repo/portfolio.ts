// Repository of the portfolio: the list with each contract's money figures summed in SQL from the
// stored échéancier (portfolio_summary, portfolio_tranche: migration 2026-11-30-10), the rows
// that need recomputing, and the few per-page details (population, missions).
// No transaction of its own (the API call's unit of work).
import { sql } from 'kysely';
import type { IsoDate } from '../../../shared/dates';
import type { PortfolioFilter } from '../../../shared/schemas/contract';
import type { Db } from '../connection';

/** A contract's échéancier with what is allocated to each tranche, as stored for the portfolio. */
export interface StoredTranche {
  trancheId: string;
  dueOn: IsoDate;
  amountCents: number;
  paidCents: number;
}

export interface SummaryToStore {
  contractId: number;
  searchKey: string;
  endsOn: IsoDate;
  tranches: StoredTranche[];
}

/** Contracts whose summary must be recomputed: marked stale, or (`version` given) computed by another app version. */
export async function staleSummaryIds(db: Db, version?: string): Promise<number[]> {
  let q = db.selectFrom('portfolio_summary').select('contract_id');
  q = version === undefined ? q.where('stale', '=', 1) : q.where((eb) => eb.or([eb('stale', '=', 1), eb('computed_with', '!=', version)]));
  const rows = await q.orderBy('contract_id').execute();
  return rows.map((r) => r.contract_id);
}

/** Marks every summary stale (a file whose rows were copied or written by another program). */
export async function markAllStale(db: Db): Promise<void> {
  await db.updateTable('portfolio_summary').set({ stale: 1 }).execute();
}

/** Replaces a contract's stored summary and échéancier, and marks it fresh for `version`. */
export async function writeSummary(db: Db, s: SummaryToStore, version: string): Promise<void> {
  await db.deleteFrom('portfolio_tranche').where('contract_id', '=', s.contractId).execute();
  if (s.tranches.length > 0) {
    await db
      .insertInto('portfolio_tranche')
      .values(s.tranches.map((t) => ({ contract_id: s.contractId, tranche_id: t.trancheId, due_on: t.dueOn, amount_cents: t.amountCents, paid_cents: t.paidCents })))
      .execute();
  }
  const values = { stale: 0, computed_with: version, search_key: s.searchKey, ends_on: s.endsOn };
  await db
    .insertInto('portfolio_summary')
    .values({ contract_id: s.contractId, ...values })
    .onConflict((oc) => oc.column('contract_id').doUpdateSet(values))
    .execute();
}

/** The stored échéancier of a contract (tests compare it with a fresh computation). */
export async function storedTranches(db: Db, contractId: number): Promise<StoredTranche[]> {
  const rows = await db
    .selectFrom('portfolio_tranche')
    .select(['tranche_id', 'due_on', 'amount_cents', 'paid_cents'])
    .where('contract_id', '=', contractId)
    .orderBy('due_on')
    .orderBy('tranche_id')
    .execute();
  return rows.map((r) => ({ trancheId: r.tranche_id, dueOn: r.due_on, amountCents: r.amount_cents, paidCents: r.paid_cents }));
}

export interface PortfolioListRow {
  id: number;
  cptsId: number;
  name: string;
  departement: string;
  signedOn: IsoDate;
  textVersion: string;
  status: string;
  archivedAt: string | null;
  demo: boolean;
  /** False when the stored summary cannot be used (stale, missing, another version): the caller computes it. */
  fresh: boolean;
  endsOn: IsoDate;
  dueNext60Cents: number;
  overdueCents: number;
}

export interface PortfolioQuery {
  filter: PortfolioFilter;
  /** shared/text.ts searchKey of the search box ('' = no search). */
  key: string;
  today: IsoDate;
  /** Last day counted in "dû sous 60 jours". */
  horizon: IsoDate;
  version: string;
}

/**
 * Every contract of the filter whose stored summary matches the search, with its money figures
 * for `today` summed from the stored échéancier (outstanding = amount − paid, counted only when
 * positive: overdue before today, "due in 60 days" from today to the horizon — the rules of
 * scheduleWithPayments in electron/api/funding.ts). Contracts without a usable summary are
 * returned too, whatever the search and the end date (`fresh` false): the caller decides them.
 * Newest signature first.
 */
export async function portfolioRows(db: Db, q: PortfolioQuery): Promise<PortfolioListRow[]> {
  const outstanding = sql<number>`portfolio_tranche.amount_cents - portfolio_tranche.paid_cents`;
  let query = db
    .selectFrom('contract')
    .innerJoin('cpts', 'cpts.id', 'contract.cpts_id')
    .leftJoin('portfolio_summary', 'portfolio_summary.contract_id', 'contract.id')
    .leftJoin('portfolio_tranche', (join) =>
      join.onRef('portfolio_tranche.contract_id', '=', 'contract.id').on(sql<boolean>`portfolio_tranche.paid_cents < portfolio_tranche.amount_cents`),
    )
    .select([
      'contract.id as id',
      'contract.cpts_id as cptsId',
      'cpts.name as name',
      'cpts.departement as departement',
      'contract.signed_on as signedOn',
      'contract.text_version as textVersion',
      'contract.status as status',
      'contract.archived_at as archivedAt',
      'contract.demo as demo',
      'portfolio_summary.stale as stale',
      'portfolio_summary.computed_with as computedWith',
      'portfolio_summary.ends_on as endsOn',
      sql<number>`COALESCE(SUM(CASE WHEN portfolio_tranche.due_on < ${q.today} THEN ${outstanding} END), 0)`.as('overdueCents'),
      sql<number>`COALESCE(SUM(CASE WHEN portfolio_tranche.due_on >= ${q.today} AND portfolio_tranche.due_on <= ${q.horizon} THEN ${outstanding} END), 0)`.as('dueNext60Cents'),
    ]);
  if (q.filter === 'portefeuille' || q.filter === 'actifs' || q.filter === 'echus') query = query.where('contract.archived_at', 'is', null);
  if (q.filter === 'archives') query = query.where('contract.archived_at', 'is not', null);
  query = query.where((eb) => {
    const fresh = [eb('portfolio_summary.stale', '=', 0), eb('portfolio_summary.computed_with', '=', q.version)];
    // The lifecycle of lifecycleOf (shared/schemas/contract.ts): échu once today is after the end date.
    if (q.filter === 'actifs') fresh.push(eb('portfolio_summary.ends_on', '>=', q.today));
    if (q.filter === 'echus') fresh.push(eb('portfolio_summary.ends_on', '<', q.today));
    if (q.key !== '') fresh.push(eb('portfolio_summary.search_key', 'like', `%${likeEscape(q.key)}%`));
    return eb.or([
      eb('portfolio_summary.id', 'is', null),
      eb('portfolio_summary.stale', '=', 1),
      eb('portfolio_summary.computed_with', '!=', q.version),
      eb.and(fresh),
    ]);
  });
  // Grouped by every joined table's key, so PostgreSQL (team mode) accepts their columns too.
  const rows = await query.groupBy(['contract.id', 'cpts.id', 'portfolio_summary.id']).orderBy('contract.signed_on', 'desc').orderBy('contract.id').execute();
  return rows.map((r) => ({
    id: r.id,
    cptsId: r.cptsId,
    name: r.name,
    departement: r.departement,
    signedOn: r.signedOn,
    textVersion: r.textVersion,
    status: r.status,
    archivedAt: r.archivedAt,
    demo: r.demo === 1,
    fresh: r.stale === 0 && r.computedWith === q.version,
    endsOn: r.endsOn ?? '',
    dueNext60Cents: Number(r.dueNext60Cents),
    overdueCents: Number(r.overdueCents),
  }));
}

/** LIKE pattern text for a literal (the search key has no wildcard characters; kept safe anyway). */
function likeEscape(s: string): string {
  return s.replace(/[%_\\]/g, '');
}

/** The current population (latest as_of, then latest entry) of each CPTS. */
export async function currentPopulations(db: Db, cptsIds: readonly number[]): Promise<Map<number, { population: number; asOf: IsoDate }>> {
  const out = new Map<number, { population: number; asOf: IsoDate }>();
  if (cptsIds.length === 0) return out;
  const rows = await db
    .selectFrom('population')
    .select(['cpts_id', 'population', 'as_of'])
    .where('cpts_id', 'in', [...new Set(cptsIds)])
    .orderBy('cpts_id')
    .orderBy('as_of')
    .orderBy('id')
    .execute();
  for (const r of rows) out.set(r.cpts_id, { population: r.population, asOf: r.as_of });
  return out;
}

export interface MissionDates {
  code: string;
  startedOn: IsoDate | null;
  deployedOn: IsoDate | null;
}

/** The missions of each contract; `unfinishedOnly`: those not yet started or not yet deployed (the only ones with a deadline to meet). */
export async function missionsOf(db: Db, contractIds: readonly number[], opts: { unfinishedOnly?: boolean } = {}): Promise<Map<number, MissionDates[]>> {
  const out = new Map<number, MissionDates[]>();
  if (contractIds.length === 0) return out;
  let q = db
    .selectFrom('contract_mission')
    .select(['contract_id', 'code', 'started_on', 'deployed_on'])
    .where('contract_id', 'in', [...new Set(contractIds)]);
  if (opts.unfinishedOnly) q = q.where((eb) => eb.or([eb('started_on', 'is', null), eb('deployed_on', 'is', null)]));
  const rows = await q.orderBy('contract_id').orderBy('id').execute();
  for (const r of rows) {
    const list = out.get(r.contract_id) ?? [];
    list.push({ code: r.code, startedOn: r.started_on, deployedOn: r.deployed_on });
    out.set(r.contract_id, list);
  }
  return out;
}
