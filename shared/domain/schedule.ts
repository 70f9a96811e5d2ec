/**
 * Payment schedule (reference §6): splits a year's entitlements into dated tranches.
 * advance = round_half_up(75 % × amount) (money.mulDivHalfUp, the one rounding place);
 * balance = amount − advance, so the tranches always add up to the entitlement.
 */
import { compareIso, type IsoDate } from '../dates';
import { mulDivHalfUp } from '../money';
import type { ContractYear } from './contractYears';
import { eur, line, missionLabel, yearSuffix, MC_SOURCE } from './explain';
import type { Source, Tranche, TrancheKind } from './fundingTypes';
import type { MissionCode } from './missions';
import { VARIABLE_PAID_AT, type PaymentRules } from './rules';

export interface AdvanceSplit {
  advanceCents: number;
  balanceCents: number;
}

export function splitAdvance(amountCents: number, advancePercent: number): AdvanceSplit {
  const advanceCents = mulDivHalfUp(amountCents, advancePercent, 100);
  return { advanceCents, balanceCents: amountCents - advanceCents };
}

function trancheId(year: number, kind: TrancheKind, mission: MissionCode | null): string {
  if (kind === 'fonctionnement') return `y${year}-fonctionnement`;
  return `y${year}-${kind}-${mission ?? 'fonctionnement'}`;
}

function tranche(
  y: ContractYear,
  kind: TrancheKind,
  mission: MissionCode | null,
  dueOn: IsoDate,
  amountCents: number,
  label: string,
  formula: string,
  sources: Source[],
): Tranche {
  return {
    id: trancheId(y.year, kind, mission),
    dueOn,
    year: y.year,
    kind,
    mission,
    amountCents,
    label,
    explanation: [line(label, amountCents, formula, sources)],
  };
}

/** Zero-amount tranches are not listed (nothing to pay). */
function nonZero(ts: Tranche[]): Tranche[] {
  return ts.filter((t) => t.amountCents > 0);
}

/**
 * Fonctionnement: year 1, `fonctionnementYear1Percent` (100 %) at signature, any remainder at the
 * first anniversary; later years, the advance on the year's first day and the balance at the next
 * anniversary.
 */
export function fonctionnementTranches(y: ContractYear, amountCents: number, rules: PaymentRules, sources: Source[]): Tranche[] {
  const what = `Fonctionnement, ${yearSuffix(y.year)}`;
  if (y.year === 1) {
    const pct = rules.fonctionnementYear1Percent.value;
    const { advanceCents: first, balanceCents: rest } = splitAdvance(amountCents, pct);
    const ts = [
      tranche(y, 'fonctionnement', null, y.from, first, `${what} : ${pct} % à la signature`,
        `${pct} % × ${eur(amountCents)} = ${eur(first)}`, sources),
    ];
    if (rest > 0) {
      ts.push(tranche(y, 'balance', null, y.nextAnniversary, rest, `${what} : solde`,
        `${eur(amountCents)} − ${eur(first)} = ${eur(rest)}`, sources));
    }
    return nonZero(ts);
  }
  const pct = rules.advancePercent.value;
  const { advanceCents, balanceCents } = splitAdvance(amountCents, pct);
  return nonZero([
    tranche(y, 'advance', null, y.from, advanceCents, `${what} : avance ${pct} %`,
      `${pct} % × ${eur(amountCents)} = ${eur(advanceCents)}`, sources),
    tranche(y, 'balance', null, y.nextAnniversary, balanceCents, `${what} : solde`,
      `${eur(amountCents)} − ${eur(advanceCents)} = ${eur(balanceCents)}`, sources),
  ]);
}

/**
 * Part fixe: the advance on the mission start date (start year) or on the year's first day, the
 * balance at the next anniversary.
 */
export function fixedTranches(
  y: ContractYear,
  code: MissionCode,
  amountCents: number,
  startedOn: IsoDate,
  rules: PaymentRules,
  sources: Source[],
): Tranche[] {
  const pct = rules.advancePercent.value;
  const { advanceCents, balanceCents } = splitAdvance(amountCents, pct);
  const advanceDue = compareIso(startedOn, y.from) > 0 ? startedOn : y.from;
  const what = `Part fixe — ${missionLabel(code)}, ${yearSuffix(y.year)}`;
  return nonZero([
    tranche(y, 'advance', code, advanceDue, advanceCents, `${what} : avance ${pct} %`,
      `${pct} % × ${eur(amountCents)} = ${eur(advanceCents)}`, sources),
    tranche(y, 'balance', code, y.nextAnniversary, balanceCents, `${what} : solde`,
      `${eur(amountCents)} − ${eur(advanceCents)} = ${eur(balanceCents)}`, sources),
  ]);
}

/** Part variable: paid at the anniversary that ends the year (VARIABLE_PAID_AT, MC). */
export function variableTranche(y: ContractYear, code: MissionCode, amountCents: number, formula: string, sources: Source[]): Tranche[] {
  const dueOn = VARIABLE_PAID_AT.value === 'anniversaryEndingTheYear' ? y.nextAnniversary : y.to;
  return nonZero([
    tranche(y, 'variable', code, dueOn, amountCents, `Part variable — ${missionLabel(code)}, ${yearSuffix(y.year)}`, formula,
      [...sources, MC_SOURCE]),
  ]);
}

export function compareTranches(a: Tranche, b: Tranche): number {
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface PaymentDate {
  dueOn: IsoDate;
  totalCents: number;
  tranches: Tranche[];
}

/** Tranches grouped by due date (the "what is paid on which day" view). */
export function groupByDueDate(tranches: readonly Tranche[]): PaymentDate[] {
  const sorted = [...tranches].sort(compareTranches);
  const out: PaymentDate[] = [];
  for (const t of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last.dueOn === t.dueOn) {
      last.tranches.push(t);
      last.totalCents += t.amountCents;
    } else {
      out.push({ dueOn: t.dueOn, totalCents: t.amountCents, tranches: [t] });
    }
  }
  return out;
}
