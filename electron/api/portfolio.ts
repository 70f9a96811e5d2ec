// The portfolio (issue 11). One query lists every contract of the filter and search with its money
// figures ("dû sous 60 jours", "en retard"), summed in SQL for today from each contract's stored
// échéancier (electron/db/repo/portfolio.ts); only the rows of the page asked for get their
// population and mission deadlines, with one query each.
//
// The stored échéancier (migration 2026-11-30-10) is derived data, never a decision: the database's
// triggers mark a contract stale when anything the funding engine reads changes; every write call
// recomputes the stale ones before it commits (refreshStaleSummaries, from electron/api/dispatch.ts),
// and so does opening a data folder (refreshAllSummaries). A read that still meets one (a file
// written by another program, or by an app version whose engine may differ) computes it in memory,
// exactly as the funding screens do.
import type { PortfolioList, PortfolioRow, SizeBandNumber } from '../../shared/api';
import { addDays, type IsoDate } from '../../shared/dates';
import { computeFunding } from '../../shared/domain/funding';
import type { FundingResult } from '../../shared/domain/fundingTypes';
import { sizeBandFor } from '../../shared/domain/sizeBand';
import { TEXT_VERSION_LABELS, type TextVersionId } from '../../shared/domain/rules';
import { lifecycleOf, matchesFilter, type ContractStatus, type PortfolioFilter } from '../../shared/schemas/contract';
import { searchKey } from '../../shared/text';
import { inTransaction, type Db } from '../db/connection';
import { isServerError } from '../db/postgres/retry';
import { currentPopulations, missionsOf, portfolioRows, staleSummaryIds, writeSummary, type PortfolioListRow, type SummaryToStore } from '../db/repo/portfolio';
import type { ApiContext } from './context';
import { loadContract, type ContractRecord } from '../db/repo/contracts';
import { missionRows, nextDeadline } from '../../shared/domain/deadlines';
import { contractMissions } from '../../shared/domain/missions';
import { fundingInputFor, paidByTranche, scheduleWithPayments } from './funding';

/** "Dû sous 60 jours": the horizon of scheduleWithPayments (electron/api/funding.ts), from today included. */
export const DUE_SOON_DAYS = 60;

/** What the portfolio's search looks in: the CPTS's names, département, CPAM and communes. */
export function contractSearchKey(c: Pick<ContractRecord, 'name' | 'legalName' | 'departement' | 'cpam' | 'communes'>): string {
  return searchKey([c.name, c.legalName, c.departement, c.cpam, ...c.communes].join(' '));
}

interface ComputedSummary {
  contract: ContractRecord;
  result: FundingResult;
  paid: Map<string, number>;
  stored: SummaryToStore;
}

/** A contract's summary computed from its data now: the engine run once, the allocations summed per tranche. */
export async function computeSummary(db: Db, contractId: number): Promise<ComputedSummary> {
  const contract = await loadContract(db, contractId);
  const result = computeFunding(await fundingInputFor(db, contract));
  const paid = await paidByTranche(db, contract.id);
  return {
    contract,
    result,
    paid,
    stored: {
      contractId: contract.id,
      searchKey: contractSearchKey(contract),
      endsOn: contract.endsOn,
      tranches: result.tranches.map((t) => ({ trancheId: t.id, dueOn: t.dueOn, amountCents: t.amountCents, paidCents: paid.get(t.id) ?? 0 })),
    },
  };
}

/**
 * Recomputes and stores the summaries marked stale (and, with `otherVersions`, those computed by
 * another app version). Runs inside the caller's transaction. A contract the engine refuses
 * (invalid data written by another program) stays stale: the portfolio then computes it on read
 * and says why, as before; a write is never refused for it.
 */
export async function refreshStaleSummaries(db: Db, version: string, opts: { otherVersions?: boolean } = {}): Promise<number> {
  const ids = await staleSummaryIds(db, opts.otherVersions ? version : undefined);
  let refreshed = 0;
  for (const id of ids) {
    let summary: ComputedSummary;
    try {
      summary = await computeSummary(db, id);
    } catch (e) {
      // An error of the PostgreSQL server (serialization failure, lock timeout…) has aborted the
      // call's transaction: it goes up, so the call is retried or refused whole, not failed later.
      if (isServerError(e)) throw e;
      continue;
    }
    await writeSummary(db, summary.stored, version);
    refreshed++;
  }
  return refreshed;
}

/** When a data folder is opened: every summary stale or computed by another version, in one write transaction. */
export function refreshAllSummaries(db: Db, version: string): Promise<number> {
  return inTransaction(db, (trx) => refreshStaleSummaries(trx, version, { otherVersions: true }));
}

/**
 * The portfolio. `status` filters by derived state: by default ("portefeuille") the actifs and the
 * échus; archived contracts only when asked for ("archives", "tous"). Newest signature first;
 * `offset`/`limit` choose the page, the count and totals cover every matching contract.
 */
export async function listPortfolio(ctx: ApiContext, input: { search?: string; status?: PortfolioFilter; offset?: number; limit?: number }): Promise<PortfolioList> {
  const filter = input.status ?? 'portefeuille';
  const key = searchKey(input.search ?? '');
  const today = ctx.today();
  const listed = await portfolioRows(ctx.db, { filter, key, today, horizon: addDays(today, DUE_SOON_DAYS), version: ctx.version });
  const matching: PortfolioListRow[] = [];
  for (const r of listed) {
    if (r.fresh) {
      matching.push(r);
      continue;
    }
    const s = await computeSummary(ctx.db, r.id);
    if (!matchesFilter(lifecycleOf({ endsOn: s.contract.endsOn, archivedAt: r.archivedAt }, today), filter)) continue;
    if (key && !s.stored.searchKey.includes(key)) continue;
    const { totals } = scheduleWithPayments(s.result, s.paid, today);
    matching.push({ ...r, fresh: true, endsOn: s.contract.endsOn, dueNext60Cents: totals.dueNext60Cents, overdueCents: totals.overdueCents });
  }

  const total = matching.length;
  const counted = matching.filter((r) => r.archivedAt === null);
  const totals = {
    archived: total - counted.length,
    demo: matching.filter((r) => r.demo).length,
    dueNext60Cents: counted.reduce((s, r) => s + r.dueNext60Cents, 0),
    overdueCents: counted.reduce((s, r) => s + r.overdueCents, 0),
  };
  const limit = input.limit ?? Math.max(total, 1);
  let offset = input.offset ?? 0;
  if (offset >= total && total > 0) offset = Math.floor((total - 1) / limit) * limit;
  const page = matching.slice(offset, offset + limit);
  return { rows: await pageRows(ctx.db, page, today), total, offset, totals };
}

/** The page's rows, completed with their current population and mission deadlines (one query each). */
async function pageRows(db: Db, page: PortfolioListRow[], today: IsoDate): Promise<PortfolioRow[]> {
  const populations = await currentPopulations(
    db,
    page.map((r) => r.cptsId),
  );
  // The next deadline and the late ones only concern missions not yet started or deployed.
  const missions = await missionsOf(
    db,
    page.map((r) => r.id),
    { unfinishedOnly: true },
  );
  return page.map((r) => {
    const pop = populations.get(r.cptsId);
    if (!pop) throw new Error(`CPTS n° ${r.cptsId} : aucune population enregistrée.`);
    const textVersion = r.textVersion as TextVersionId;
    const { next, lateCount } = nextDeadline(missionRows({ signedOn: r.signedOn, textVersion, missions: contractMissions(missions.get(r.id) ?? []) }, today), today);
    return {
      id: r.id,
      cpts: r.name,
      departement: r.departement,
      population: pop.population,
      populationAsOf: pop.asOf,
      sizeBand: sizeBandFor(pop.population) as SizeBandNumber,
      signedOn: r.signedOn,
      endsOn: r.endsOn,
      textVersion,
      textVersionLabel: TEXT_VERSION_LABELS[textVersion],
      status: r.status as ContractStatus,
      lifecycle: lifecycleOf({ endsOn: r.endsOn, archivedAt: r.archivedAt }, today),
      archivedAt: r.archivedAt,
      demo: r.demo,
      nextDeadline: next,
      lateCount,
      dueNext60Cents: r.dueNext60Cents,
      overdueCents: r.overdueCents,
    };
  });
}
