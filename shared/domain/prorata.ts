/**
 * Pro rata of a mission's start year (reference §6.5, MC PRORATA_UNIT).
 * days: calendar days from the start to the next anniversary ÷ days of the contract year.
 * months: months begun from the start to the next anniversary ÷ 12.
 */
import { addMonths, compareIso, daysBetween, type IsoDate } from '../dates';
import type { ContractYear } from './contractYears';
import type { ProrataUnit } from './rules';

export interface Fraction {
  num: number;
  den: number;
}

/** Whole months from `start` to `end`, a begun month counting as one (≤ 12 within a contract year). */
export function monthsBegun(start: IsoDate, end: IsoDate): number {
  let m = 0;
  while (m < 12 && compareIso(addMonths(start, m), end) < 0) m++;
  return m;
}

/**
 * The share of contract year `y` covered by a mission started on `start`:
 * full year if it started on or before the year's first day, 0 if it starts after the year.
 */
export function yearFraction(y: ContractYear, start: IsoDate, unit: ProrataUnit): Fraction {
  const den = unit === 'days' ? y.days : 12;
  if (compareIso(start, y.from) <= 0) return { num: den, den };
  if (compareIso(start, y.to) > 0) return { num: 0, den };
  const num = unit === 'days' ? daysBetween(start, y.nextAnniversary) : monthsBegun(start, y.nextAnniversary);
  return { num, den };
}

export function isFullYear(f: Fraction): boolean {
  return f.num === f.den;
}
