/**
 * The calendar of the dialogues de gestion (reference §8): two reviews per contract year, the
 * intermediate one and the annual one, each at a proposed date (modelling choices
 * INTERMEDIATE_REVIEW_MONTHS and ANNUAL_REVIEW_DAYS_BEFORE_END); the review held for a date, if
 * any; the next review of a contract; the reviews due soon across contracts. Pure.
 */
import { addDays, addMonths, compareIso, formatDateFr, type IsoDate } from '../dates';
import type { ReviewSlot } from '../indicatorViews';
import type { ReviewKind } from '../schemas/indicators';
import { contractYears, type ContractYear } from './contractYears';
import { ANNUAL_REVIEW_DAYS_BEFORE_END, INTERMEDIATE_REVIEW_MONTHS } from './rules/modellingChoices';

/** The portfolio lists the reviews due within this many days. */
export const UPCOMING_DAYS = 60;
/** A review not held stays "next" this many days after its date. */
export const MISSED_STAYS_NEXT_DAYS = 90;
/** A review may be held up to this many months after its contract year (late CPAM figures). */
export const HELD_AFTER_YEAR_MONTHS = 6;

export interface ProposedDate {
  year: number;
  kind: ReviewKind;
  proposedOn: IsoDate;
}

/** A review as stored: the slot it fills is (year, kind). */
export interface HeldReview {
  id: number;
  year: number;
  kind: string;
  status: string;
  heldOn: IsoDate;
}

/** proposedDates is pure: the portfolio's "dialogues à venir" asks it for every contract on each call. */
const proposedCache = new Map<IsoDate, readonly Readonly<ProposedDate>[]>();

function proposedDatesOf(signedOn: IsoDate): readonly Readonly<ProposedDate>[] {
  let dates = proposedCache.get(signedOn);
  if (!dates) {
    dates = contractYears(signedOn).flatMap((y) => [
      { year: y.year, kind: 'intermediate' as const, proposedOn: addMonths(y.from, INTERMEDIATE_REVIEW_MONTHS.value) },
      { year: y.year, kind: 'annual' as const, proposedOn: addDays(y.to, -ANNUAL_REVIEW_DAYS_BEFORE_END.value) },
    ]);
    if (proposedCache.size >= 20_000) proposedCache.clear();
    proposedCache.set(signedOn, dates);
  }
  return dates;
}

/** The proposed date of each review of the contract, year by year (intermediate, then annual). */
export function proposedDates(signedOn: IsoDate): ProposedDate[] {
  return proposedDatesOf(signedOn).map((d) => ({ year: d.year, kind: d.kind, proposedOn: d.proposedOn }));
}

/** The calendar of a contract's reviews: each proposed date with the review held for it, if any ("todo" if none). */
export function reviewSlots(signedOn: IsoDate, reviews: readonly HeldReview[]): ReviewSlot[] {
  const held = new Map(reviews.map((r) => [`${r.year}|${r.kind}`, r]));
  return proposedDatesOf(signedOn).map((p) => {
    const r = held.get(`${p.year}|${p.kind}`);
    // Built field by field: V8 makes `{ ...p, more }` some 50 times slower, and the portfolio builds ten per contract.
    return {
      year: p.year,
      kind: p.kind,
      proposedOn: p.proposedOn,
      reviewId: r?.id ?? null,
      status: r ? (r.status === 'closed' ? 'closed' : 'draft') : 'todo',
      heldOn: r?.heldOn ?? null,
    };
  });
}

/** The date a slot stands for: the day its review was held, else its proposed date. */
export function slotDate(s: Pick<ReviewSlot, 'heldOn' | 'proposedOn'>): IsoDate {
  return s.heldOn ?? s.proposedOn;
}

/** The earliest review not closed whose date has not long passed (a missed one stays "next"); the first of equal dates. */
export function nextReview(slots: readonly ReviewSlot[], today: IsoDate): ReviewSlot | null {
  const cutoff = addDays(today, -MISSED_STAYS_NEXT_DAYS);
  let best: ReviewSlot | null = null;
  for (const s of slots) {
    const on = slotDate(s);
    if (s.status === 'closed' || compareIso(on, cutoff) < 0) continue;
    if (best === null || compareIso(on, slotDate(best)) < 0) best = s;
  }
  return best;
}

/** A contract's next review when it falls within `days` of today (missed ones included), else null. */
export function upcomingReview(signedOn: IsoDate, reviews: readonly HeldReview[], today: IsoDate, days: number = UPCOMING_DAYS): ReviewSlot | null {
  const next = nextReview(reviewSlots(signedOn, reviews), today);
  return next && compareIso(slotDate(next), addDays(today, days)) <= 0 ? next : null;
}

/** Orders items by the date of their review, earliest first; equal dates keep their order. */
export function byReviewDate<T extends { slot: Pick<ReviewSlot, 'heldOn' | 'proposedOn'> }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareIso(slotDate(a.slot), slotDate(b.slot)));
}

/** Why a review cannot be held on `heldOn` for its contract year (from its first day to six months after its last), or null. */
export function heldOnRefusal(y: Pick<ContractYear, 'year' | 'from' | 'to'>, heldOn: IsoDate): string | null {
  const latest = addMonths(y.to, HELD_AFTER_YEAR_MONTHS);
  if (compareIso(heldOn, y.from) < 0 || compareIso(heldOn, latest) > 0) {
    return `Date du dialogue : en dehors de l'année ${y.year} du contrat (${formatDateFr(y.from)} – ${formatDateFr(y.to)}, six mois de plus tolérés).`;
  }
  return null;
}
