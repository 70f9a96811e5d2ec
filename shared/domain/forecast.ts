// The 12-month treasury forecast of a contract (issue 14), pure: receipts expected from the
// échéancier (what is still owed on each tranche, in the month it falls due; overdue amounts in
// the first month), the variable part shown apart (a bonus: it depends on the annual dialogue),
// against the spending expected per month — the year's budget not yet spent spread over the
// months left in the contract year, or, without a budget, the recurring monthly spending (the
// average of the last 6 full months). The month where cash would run short is the first whose
// closing balance (without the variable part) falls below zero.
import { addMonths, compareIso, type IsoDate } from '../dates';
import type { TrancheKind } from './fundingTypes';

export interface ForecastTranche {
  dueOn: IsoDate;
  kind: TrancheKind;
  outstandingCents: number;
}

export interface ForecastYear {
  year: number;
  from: IsoDate;
  to: IsoDate;
  /** Sum of the year's budgets in force; null when none was set. */
  budgetCents: number | null;
  /** Spent so far in that contract year. */
  spentCents: number;
}

export interface ForecastInput {
  today: IsoDate;
  /** Paid to date minus spent to date. */
  openingCents: number;
  tranches: readonly ForecastTranche[];
  years: readonly ForecastYear[];
  /** Every spending entry at its amount in force. */
  spending: readonly { spentOn: IsoDate; cents: number }[];
  months?: number;
}

export interface ForecastMonth {
  /** First day of the month. */
  month: IsoDate;
  receiptsCents: number;
  variableCents: number;
  spendingCents: number;
  /** How the spending was estimated. */
  spendingBasis: 'budget' | 'recurring' | 'none';
  /** Opening + receipts − spending, cumulated (variable part left out). */
  balanceCents: number;
  /** The same with the variable part. */
  balanceWithVariableCents: number;
}

export interface Forecast {
  openingCents: number;
  recurringMonthlyCents: number;
  months: ForecastMonth[];
  /** First month whose balance is below zero, or null. */
  shortMonth: IsoDate | null;
}

const monthStart = (d: IsoDate): IsoDate => `${d.slice(0, 7)}-01`;
const monthsBetween = (a: IsoDate, b: IsoDate): number => (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));

/** Average spending per month over the last `n` full months before `today`'s month (integer cents, rounded down). */
export function recurringMonthly(spending: ForecastInput['spending'], today: IsoDate, n = 6): number {
  const to = monthStart(today);
  const from = addMonths(to, -n);
  const total = spending.filter((s) => compareIso(from, s.spentOn) <= 0 && compareIso(s.spentOn, to) < 0).reduce((s, x) => s + x.cents, 0);
  return Math.floor(total / n);
}

export function forecast(input: ForecastInput): Forecast {
  const count = input.months ?? 12;
  const first = monthStart(input.today);
  const recurring = recurringMonthly(input.spending, input.today);
  const months: ForecastMonth[] = [];
  let balance = input.openingCents;
  let withVariable = input.openingCents;
  let shortMonth: IsoDate | null = null;
  // What is left of each year's budget, spread over its months from the first month forecast.
  const budgetLeft = new Map(input.years.map((y) => [y.year, y.budgetCents === null ? null : Math.max(0, y.budgetCents - y.spentCents)]));
  for (let i = 0; i < count; i++) {
    const month = addMonths(first, i);
    const next = addMonths(first, i + 1);
    const inMonth = (d: IsoDate) => (i === 0 ? compareIso(d, next) < 0 : compareIso(month, d) <= 0 && compareIso(d, next) < 0);
    const due = input.tranches.filter((t) => t.outstandingCents > 0 && inMonth(t.dueOn));
    const receipts = due.filter((t) => t.kind !== 'variable').reduce((s, t) => s + t.outstandingCents, 0);
    const variable = due.filter((t) => t.kind === 'variable').reduce((s, t) => s + t.outstandingCents, 0);
    const year = input.years.find((y) => compareIso(y.from, next) < 0 && compareIso(month, y.to) <= 0);
    let spending = 0;
    let basis: ForecastMonth['spendingBasis'] = 'none';
    const left = year ? budgetLeft.get(year.year) : undefined;
    if (year && left !== null && left !== undefined) {
      const monthsLeft = Math.max(1, monthsBetween(month, year.to) + 1);
      spending = Math.floor(left / monthsLeft);
      budgetLeft.set(year.year, left - spending);
      basis = 'budget';
    } else if (year) {
      spending = recurring;
      basis = 'recurring';
    }
    balance += receipts - spending;
    withVariable += receipts + variable - spending;
    if (shortMonth === null && balance < 0) shortMonth = month;
    months.push({ month, receiptsCents: receipts, variableCents: variable, spendingCents: spending, spendingBasis: basis, balanceCents: balance, balanceWithVariableCents: withVariable });
  }
  return { openingCents: input.openingCents, recurringMonthlyCents: recurring, months, shortMonth };
}
