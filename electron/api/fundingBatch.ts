// The funding views of many contracts at once (issue 11): each table the engine reads is read once
// for all of them (electron/db/repo/fundingInputs.ts), the engine runs once per contract, and each
// view equals what 'funding.get' answers for that contract (tests/integration/funding-batch.test.ts).
// The portfolio workbook reads its 1 000 contracts this way instead of 1 000 'funding.get' calls.
import type { IsoDate } from '../../shared/dates';
import { computeFunding } from '../../shared/domain/funding';
import { MISSION_CODES, isMissionCode, type MissionCode } from '../../shared/domain/missions';
import type { FundingView } from '../../shared/views';
import { adjustmentsOf, closedAnnualReviewsOf, closedMissionFiguresOf } from '../db/repo/closedFigures';
import { attainmentOf, crisisYearsOf, envelopesOf, fundingContracts, paidByTrancheOf } from '../db/repo/fundingInputs';
import { closedInputsFrom } from './closedYears';
import type { ApiContext } from './context';
import { assembleFundingInput, scheduleWithPayments } from './funding';

/** A contract's missions as loadContract gives them: known codes only, in the order of MISSION_CODES. */
function knownMissions(rows: readonly { code: string; startedOn: IsoDate | null }[]): { code: MissionCode; startedOn: IsoDate | null }[] {
  return rows
    .filter((m) => isMissionCode(m.code))
    .map((m) => ({ code: m.code as MissionCode, startedOn: m.startedOn }))
    .sort((a, b) => MISSION_CODES.indexOf(a.code) - MISSION_CODES.indexOf(b.code));
}

/**
 * The funding view of each contract found among `contractIds` (read in the caller's transaction).
 * `explain: false`: figures only, every explanation list empty (engine option explain), for a
 * caller that shows no explanation (the portfolio workbook).
 */
export async function fundingViewsOf(ctx: ApiContext, contractIds: readonly number[], options: { explain?: boolean } = {}): Promise<Map<number, FundingView>> {
  const { db } = ctx;
  const ids = [...new Set(contractIds)];
  const contracts = await fundingContracts(db, ids);
  const envelopes = await envelopesOf(db, ids);
  const attainment = await attainmentOf(db, ids);
  const reviews = await closedAnnualReviewsOf(db, ids);
  const figures = await closedMissionFiguresOf(db, ids);
  const adjustments = await adjustmentsOf(db, ids);
  const crisis = await crisisYearsOf(db, ids);
  const paid = await paidByTrancheOf(db, ids);
  const today = ctx.today();
  const views = new Map<number, FundingView>();
  for (const c of contracts) {
    const closed = closedInputsFrom(reviews.get(c.id) ?? [], figures.get(c.id) ?? [], adjustments.get(c.id) ?? []);
    const input = assembleFundingInput(
      { signedOn: c.signedOn, populations: c.populations, missions: knownMissions(c.missions) },
      { envelopes: envelopes.get(c.id) ?? [], attainment: attainment.get(c.id) ?? [], crisisYears: crisis.get(c.id) ?? [], closed },
    );
    const result = computeFunding(input, { explain: options.explain ?? true });
    const { schedule, totals } = scheduleWithPayments(result, paid.get(c.id) ?? new Map<string, number>(), today);
    views.set(c.id, { contractId: c.id, today, result, schedule, totals, simulated: false });
  }
  return views;
}
