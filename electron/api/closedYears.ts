// "Closed is closed" (issue 9): closing the annual dialogue of contract year N stores the figures
// it decided; from then on every screen and document reads them, year N's annex, rates and
// envelopes are refused, and a later change is a dated addendum with its own tranche.
import { formatDateFr, type IsoDate } from '../../shared/dates';
import { computeFunding } from '../../shared/domain/funding';
import { closingFigures, crisisPlanCarriedOut, type ClosingFigure, type DecidedAmount } from '../../shared/domain/closing';
import type { Adjustment, ClosedVariable, FundingInput } from '../../shared/domain/fundingTypes';
import { earnedCents, maxCents, type IndicatorUnit } from '../../shared/domain/indicators';
import type { MissionCode } from '../../shared/domain/missions';
import type { Db } from '../db/connection';
import {
  adjustments,
  closedAnnualReviews,
  closedAnnualReviewsWithoutFigures,
  closedMissionFigures,
  insertClosedFigures,
  type AdjustmentRow,
  type ClosedMissionRow,
} from '../db/repo/closedFigures';
import { AppError } from './context';
import type { ContractRecord } from '../db/repo/contracts';

/** "dialogue annuel n° 12 du 15/06/2025". */
export function reviewLabel(id: number, heldOn: IsoDate): string {
  return `dialogue annuel n° ${id} du ${formatDateFr(heldOn)}`;
}

export interface ClosedInputs {
  variableClosed: ClosedVariable[];
  adjustments: Adjustment[];
  closedYears: Map<number, { id: number; heldOn: IsoDate }>;
}

/** The stored figures and the dated adjustments, as the engine reads them. */
export async function closedInputs(db: Db, contractId: number): Promise<ClosedInputs> {
  return closedInputsFrom(await closedAnnualReviews(db, contractId), await closedMissionFigures(db, contractId), await adjustments(db, contractId));
}

/** The same from rows already read (one contract's, in the repository's order): for loads of many contracts at once. */
export function closedInputsFrom(
  reviews: readonly { id: number; year: number; heldOn: IsoDate }[],
  figures: readonly ClosedMissionRow[],
  adjustmentRows: readonly AdjustmentRow[],
): ClosedInputs {
  const byId = new Map(reviews.map((r) => [r.id, r]));
  const variableClosed = figures.map((f): ClosedVariable => {
    const r = byId.get(f.reviewId);
    return {
      year: f.year,
      mission: f.mission,
      cents: f.retainedCents,
      computedCents: f.computedCents,
      maxCents: f.maxCents,
      decided: f.decided,
      fixedOn: f.fixedOn,
      reviewLabel: reviewLabel(f.reviewId, r?.heldOn ?? f.fixedOn),
      fromMigration: f.origin === 'migration',
    };
  });
  const adj = adjustmentRows.map((a): Adjustment => ({ id: `adj-${a.id}`, year: a.year, mission: a.mission, cents: a.amountCents, dueOn: a.addedOn, text: a.text }));
  return { variableClosed, adjustments: adj, closedYears: new Map(reviews.map((r) => [r.year, { id: r.id, heldOn: r.heldOn }])) };
}

/** Years of the contract whose annual dialogue is closed, with that review. */
export async function closedYears(db: Db, contractId: number): Promise<Map<number, { id: number; heldOn: IsoDate }>> {
  return new Map((await closedAnnualReviews(db, contractId)).map((r) => [r.year, { id: r.id, heldOn: r.heldOn }]));
}

/** Refuses a change to a year whose annual dialogue is closed, saying why and what to do instead. */
export async function assertYearOpen(db: Db, contractId: number, year: number, what: string, field = 'year'): Promise<void> {
  const closed = (await closedYears(db, contractId)).get(year);
  if (closed) throw yearClosedError(year, closed, what, field);
}

export function yearClosedError(year: number, review: { id: number; heldOn: IsoDate }, what: string, field = 'year'): AppError {
  const message =
    `Année ${year} arrêtée : son dialogue annuel (n° ${review.id}, du ${formatDateFr(review.heldOn)}) est clos, ${what} ne se modifie plus. ` +
    'Une correction se fait par un addendum daté au dialogue, qui peut porter un ajustement de montant.';
  return new AppError('CONFLICT', message, { [field]: message });
}

interface ReviewForClosing {
  id: number;
  year: number;
  heldOn: IsoDate;
}

/** Validated values, statuses, decisions and rules of a review, as closing needs them. */
export interface ClosingData {
  indicators: { indicatorId: number; mission: MissionCode; unit: IndicatorUnit; validated: number | null; status: string | null; rule: Parameters<typeof earnedCents>[0] }[];
  crisisRecognised: boolean;
  decided: DecidedAmount[];
}

/**
 * What closing the annual review would store: the engine run with this review's validated values
 * (earned per mission), its crisis decision and its decided amounts. Also the closing
 * confirmation's figures (nothing is written here).
 */
export function closingPreview(base: FundingInput, review: ReviewForClosing, data: ClosingData): ClosingFigure[] {
  const year = review.year;
  const earned = new Map<MissionCode, { cents: number; max: number }>();
  for (const i of data.indicators) {
    const e = earnedCents(i.rule, i.validated);
    const cur = earned.get(i.mission) ?? { cents: 0, max: 0 };
    earned.set(i.mission, { cents: cur.cents + (e.cents ?? 0), max: cur.max + maxCents(i.rule) });
  }
  const attainment = (base.attainment ?? []).filter((a) => a.year !== year || !earned.has(a.mission));
  const variableEarned = [...(base.variableEarned ?? []).filter((e) => e.year !== year)];
  for (const [mission, e] of earned) {
    // The crisis mission's indicators carry no amount (reference §7): with a crisis recognised
    // and the plan carried out, its whole variable envelope is due (rate 1, pro rata as usual).
    if (mission === 'crise_sanitaire' && e.max === 0) continue;
    variableEarned.push({ year, mission, cents: e.cents });
  }
  const crisisRecognised = (base.crisisRecognised ?? []).filter((c) => c.year !== year);
  if (data.crisisRecognised) {
    crisisRecognised.push({ year });
    const crisisStatuses = data.indicators.filter((i) => i.mission === 'crise_sanitaire').map((i) => i.status);
    if ((earned.get('crise_sanitaire')?.max ?? 0) === 0) {
      attainment.push({ year, mission: 'crise_sanitaire', rate: crisisPlanCarriedOut(crisisStatuses) ? 1 : 0 });
    }
  }
  const input: FundingInput = {
    ...base,
    attainment,
    variableEarned,
    crisisRecognised,
    variableClosed: (base.variableClosed ?? []).filter((c) => c.year !== year),
  };
  return closingFigures(computeFunding(input), year, data.decided);
}

/** Stores the figures of a closed annual review (inside the closing's transaction). */
export async function storeClosingFigures(
  db: Db,
  c: ContractRecord,
  review: ReviewForClosing,
  base: FundingInput,
  data: ClosingData,
  origin: 'closing' | 'migration',
): Promise<ClosingFigure[]> {
  const figures = closingPreview(base, review, data);
  await insertClosedFigures(
    db,
    c.id,
    figures.map((f) => ({
      reviewId: review.id,
      year: review.year,
      mission: f.mission,
      retainedCents: f.retainedCents,
      computedCents: f.computedCents,
      maxCents: f.maxCents,
      decided: f.decided,
      prorata: f.prorata,
      fixedOn: review.heldOn,
      origin,
    })),
    data.indicators.map((i) => ({ reviewId: review.id, indicatorId: i.indicatorId, validated: i.validated, earnedCents: earnedCents(i.rule, i.validated).cents, maxCents: maxCents(i.rule) })),
    new Date().toISOString(),
  );
  return figures;
}

/**
 * Reviews closed before figures were stored get theirs, from the data as it stands, marked
 * "migration". Runs when a data folder is opened; does nothing once every closed annual review
 * has its figures.
 */
export async function backfillClosedFigures(
  db: Db,
  load: (db: Db, reviewId: number) => Promise<{ c: ContractRecord; review: ReviewForClosing; base: FundingInput; data: ClosingData }>,
): Promise<number> {
  const todo = await closedAnnualReviewsWithoutFigures(db);
  let stored = 0;
  for (const r of todo) {
    const { c, review, base, data } = await load(db, r.id);
    const figures = await storeClosingFigures(db, c, review, base, data, 'migration');
    if (figures.length > 0) stored++;
  }
  return stored;
}

