/** Contract years: year k runs from anniversary k−1 to the day before anniversary k (reference §6.6). */
import { addDays, addYears, compareIso, fromDayNumber, toDayNumber, type IsoDate } from '../dates';
import { ruleTableFor, versionInForceOn } from './rules';

export interface ContractYear {
  /** 1-based. */
  year: number;
  /** First day (anniversary k−1). */
  from: IsoDate;
  /** Last day (day before anniversary k). */
  to: IsoDate;
  /** Anniversary k: first day of the next year, due date of balances and variable parts. */
  nextAnniversary: IsoDate;
  /** 365 or 366. */
  days: number;
}

/** Number of contract years (5, S2 [20, 24]) of the version in force at signature. */
export function contractLengthYears(signedOn: IsoDate): number {
  return ruleTableFor(versionInForceOn(signedOn)).payment.contractYears.value;
}

/**
 * The contract years. Anniversaries are computed from the signature each time (not chained), so a
 * contract signed on 29 February keeps 29 February in leap years and 28 February otherwise.
 */
export function contractYears(signedOn: IsoDate, count: number = contractLengthYears(signedOn)): ContractYear[] {
  const years: ContractYear[] = [];
  if (!(count >= 1)) return years;
  // Year k+1 starts on year k's anniversary: each anniversary is computed and parsed once.
  let from = signedOn;
  let fromDay = toDayNumber(signedOn); // validates, as addYears does
  for (let k = 1; k <= count; k++) {
    const nextAnniversary = addYears(signedOn, k);
    const nextDay = toDayNumber(nextAnniversary);
    years.push({ year: k, from, to: fromDayNumber(nextDay - 1), nextAnniversary, days: nextDay - fromDay });
    from = nextAnniversary;
    fromDay = nextDay;
  }
  return years;
}

/** Last day of the contract: the day before the last anniversary. */
export function contractEndsOn(signedOn: IsoDate, count: number = contractLengthYears(signedOn)): IsoDate {
  return addDays(addYears(signedOn, count), -1);
}

/** The contract year (1-based) containing `date`, or null if outside the contract. */
export function contractYearOf(signedOn: IsoDate, date: IsoDate, count: number = contractLengthYears(signedOn)): number | null {
  if (compareIso(date, signedOn) < 0) return null;
  for (let k = 1; k <= count; k++) {
    if (compareIso(date, addYears(signedOn, k)) < 0) return k;
  }
  return null;
}
