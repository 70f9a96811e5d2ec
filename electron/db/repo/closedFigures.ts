// Repository of the figures a closed annual dialogue decided (closed_mission_figure,
// closed_indicator_figure) and of the dated money adjustments (addenda with an amount).
// The only SQL of the "closed year" feature; no transaction of its own (the API call's unit of work).
import type { IsoDate } from '../../../shared/dates';
import type { MissionCode } from '../../../shared/domain/missions';
import type { Db } from '../connection';
import { groupBy } from './groupBy';

export interface ClosedMissionRow {
  reviewId: number;
  year: number;
  mission: MissionCode;
  retainedCents: number;
  computedCents: number | null;
  maxCents: number | null;
  decided: boolean;
  prorata: { num: number; den: number };
  fixedOn: IsoDate;
  origin: 'closing' | 'migration';
}

export interface ClosedIndicatorRow {
  indicatorId: number;
  validated: number | null;
  earnedCents: number | null;
  maxCents: number;
}

export interface AdjustmentRow {
  id: number;
  reviewId: number;
  year: number;
  mission: MissionCode | null;
  amountCents: number;
  addedOn: IsoDate;
  text: string;
}

export async function closedMissionFigures(db: Db, contractId: number): Promise<ClosedMissionRow[]> {
  const rows = await db
    .selectFrom('closed_mission_figure')
    .select(['review_id', 'year', 'mission', 'retained_cents', 'computed_cents', 'max_cents', 'decided', 'prorata_num', 'prorata_den', 'fixed_on', 'origin'])
    .where('contract_id', '=', contractId)
    .orderBy('year')
    .orderBy('id')
    .execute();
  return rows.map(toClosedMissionRow);
}

const CLOSED_MISSION_COLUMNS = ['review_id', 'year', 'mission', 'retained_cents', 'computed_cents', 'max_cents', 'decided', 'prorata_num', 'prorata_den', 'fixed_on', 'origin'] as const;

function toClosedMissionRow(r: {
  review_id: number;
  year: number;
  mission: string;
  retained_cents: number;
  computed_cents: number | null;
  max_cents: number | null;
  decided: number;
  prorata_num: number;
  prorata_den: number;
  fixed_on: IsoDate;
  origin: 'closing' | 'migration';
}): ClosedMissionRow {
  return {
    reviewId: r.review_id,
    year: r.year,
    mission: r.mission as MissionCode,
    retainedCents: r.retained_cents,
    computedCents: r.computed_cents,
    maxCents: r.max_cents,
    decided: r.decided === 1,
    prorata: { num: r.prorata_num, den: r.prorata_den },
    fixedOn: r.fixed_on,
    origin: r.origin,
  };
}

/** closedMissionFigures of many contracts in one query, by contract (same order within each). */
export async function closedMissionFiguresOf(db: Db, contractIds: readonly number[]): Promise<Map<number, ClosedMissionRow[]>> {
  if (contractIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('closed_mission_figure')
    .select(['contract_id', ...CLOSED_MISSION_COLUMNS])
    .where('contract_id', 'in', [...contractIds])
    .orderBy('contract_id')
    .orderBy('year')
    .orderBy('id')
    .execute();
  const out = new Map<number, ClosedMissionRow[]>();
  for (const [id, list] of groupBy(rows, (r) => r.contract_id)) out.set(id, list.map(toClosedMissionRow));
  return out;
}

/** closedAnnualReviews of many contracts in one query, by contract. */
export async function closedAnnualReviewsOf(db: Db, contractIds: readonly number[]): Promise<Map<number, { id: number; year: number; heldOn: IsoDate }[]>> {
  if (contractIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('review')
    .select(['contract_id', 'id', 'year', 'held_on'])
    .where('contract_id', 'in', [...contractIds])
    .where('kind', '=', 'annual')
    .where('status', '=', 'closed')
    .orderBy('contract_id')
    .orderBy('year')
    .execute();
  const out = new Map<number, { id: number; year: number; heldOn: IsoDate }[]>();
  for (const [id, list] of groupBy(rows, (r) => r.contract_id)) out.set(id, list.map((r) => ({ id: r.id, year: r.year, heldOn: r.held_on })));
  return out;
}

/** adjustments of many contracts in one query, by contract. */
export async function adjustmentsOf(db: Db, contractIds: readonly number[]): Promise<Map<number, AdjustmentRow[]>> {
  if (contractIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('review_addendum')
    .innerJoin('review', 'review.id', 'review_addendum.review_id')
    .select([
      'review.contract_id as contractId',
      'review_addendum.id as id',
      'review.id as reviewId',
      'review.year as year',
      'review_addendum.mission as mission',
      'review_addendum.amount_cents as amountCents',
      'review_addendum.added_on as addedOn',
      'review_addendum.text as text',
    ])
    .where('review.contract_id', 'in', [...contractIds])
    .where('review_addendum.amount_cents', 'is not', null)
    .orderBy('review_addendum.id')
    .execute();
  const out = new Map<number, AdjustmentRow[]>();
  for (const [id, list] of groupBy(rows, (r) => r.contractId)) {
    out.set(
      id,
      list.map((r) => ({ id: r.id, reviewId: r.reviewId, year: r.year, mission: r.mission as MissionCode | null, amountCents: r.amountCents ?? 0, addedOn: r.addedOn, text: r.text })),
    );
  }
  return out;
}

export async function closedIndicatorFigures(db: Db, reviewId: number): Promise<ClosedIndicatorRow[]> {
  const rows = await db.selectFrom('closed_indicator_figure').select(['indicator_id', 'validated', 'earned_cents', 'max_cents']).where('review_id', '=', reviewId).orderBy('id').execute();
  return rows.map((r) => ({ indicatorId: r.indicator_id, validated: r.validated, earnedCents: r.earned_cents, maxCents: r.max_cents }));
}

export async function insertClosedFigures(
  db: Db,
  contractId: number,
  missions: ClosedMissionRow[],
  indicators: (ClosedIndicatorRow & { reviewId: number })[],
  recordedAt: string,
): Promise<void> {
  for (const m of missions) {
    await db
      .insertInto('closed_mission_figure')
      .values({
        review_id: m.reviewId,
        contract_id: contractId,
        year: m.year,
        mission: m.mission,
        retained_cents: m.retainedCents,
        computed_cents: m.computedCents,
        max_cents: m.maxCents,
        decided: m.decided ? 1 : 0,
        prorata_num: m.prorata.num,
        prorata_den: m.prorata.den,
        fixed_on: m.fixedOn,
        origin: m.origin,
        recorded_at: recordedAt,
      })
      .execute();
  }
  for (const i of indicators) {
    await db
      .insertInto('closed_indicator_figure')
      .values({ review_id: i.reviewId, indicator_id: i.indicatorId, validated: i.validated, earned_cents: i.earnedCents, max_cents: i.maxCents })
      .execute();
  }
}

/** Closed annual reviews: { year, id, heldOn } per contract year whose annual dialogue is closed. */
export async function closedAnnualReviews(db: Db, contractId: number): Promise<{ id: number; year: number; heldOn: IsoDate; closedAt: string | null }[]> {
  const rows = await db
    .selectFrom('review')
    .select(['id', 'year', 'held_on', 'closed_at'])
    .where('contract_id', '=', contractId)
    .where('kind', '=', 'annual')
    .where('status', '=', 'closed')
    .orderBy('year')
    .execute();
  return rows.map((r) => ({ id: r.id, year: r.year, heldOn: r.held_on, closedAt: r.closed_at }));
}

/** Closed annual reviews (all contracts) that have no stored figure yet: closed before figures were stored. */
export async function closedAnnualReviewsWithoutFigures(db: Db): Promise<{ id: number; contractId: number; year: number }[]> {
  const rows = await db
    .selectFrom('review')
    .select(['review.id as id', 'review.contract_id as contractId', 'review.year as year'])
    .where('review.kind', '=', 'annual')
    .where('review.status', '=', 'closed')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('closed_mission_figure').select('closed_mission_figure.id').whereRef('closed_mission_figure.review_id', '=', 'review.id'))))
    .orderBy('review.id')
    .execute();
  return rows;
}

export async function adjustments(db: Db, contractId: number): Promise<AdjustmentRow[]> {
  const rows = await db
    .selectFrom('review_addendum')
    .innerJoin('review', 'review.id', 'review_addendum.review_id')
    .select(['review_addendum.id as id', 'review.id as reviewId', 'review.year as year', 'review_addendum.mission as mission', 'review_addendum.amount_cents as amountCents', 'review_addendum.added_on as addedOn', 'review_addendum.text as text'])
    .where('review.contract_id', '=', contractId)
    .where('review_addendum.amount_cents', 'is not', null)
    .orderBy('review_addendum.id')
    .execute();
  return rows.map((r) => ({ ...r, mission: r.mission as MissionCode | null, amountCents: r.amountCents ?? 0 }));
}
