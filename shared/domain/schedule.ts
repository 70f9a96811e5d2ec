/**
 * Payment schedule (reference §6): splits a year's entitlements into dated tranches.
 * advance = round_half_up(75 % × amount) (money.mulDivHalfUp, the one rounding place);
 * balance = amount − advance, so the tranches always add up to the entitlement.
 */
import { compareIso, formatDateFr, type IsoDate } from '../dates';
import { mulDivHalfUp } from '../money';
import type { ContractYear } from './contractYears';
import { eur, line, missionYearTexts, yearTexts, MC_SOURCE, type MissionYearTexts } from './explain';
import type { Adjustment, Source, Tranche, TrancheKind } from './fundingTypes';
import { MISSION_LABELS, type MissionCode } from './missions';
import { VARIABLE_PAID_AT, type PaymentRules } from './rules';

export interface AdvanceSplit {
  advanceCents: number;
  balanceCents: number;
}

export function splitAdvance(amountCents: number, advancePercent: number): AdvanceSplit {
  const advanceCents = mulDivHalfUp(amountCents, advancePercent, 100);
  return { advanceCents, balanceCents: amountCents - advanceCents };
}

function tranche(
  y: ContractYear,
  id: string,
  kind: TrancheKind,
  mission: MissionCode | null,
  dueOn: IsoDate,
  amountCents: number,
  label: string,
  /** null: no explanation line (engine option explain: false). */
  formula: string | null,
  sources: Source[],
): Tranche {
  return {
    id,
    dueOn,
    year: y.year,
    kind,
    mission,
    amountCents,
    label,
    explanation: formula === null ? [] : [line('tranche', label, amountCents, formula, sources)],
  };
}

/*
 * The tranche builders append to `out` (the engine collects a whole contract in one array) and
 * return it; `texts` lets the engine pass the wording it already holds; `explain` false builds no
 * explanation line (engine option explain). Zero-amount tranches are not listed (nothing to pay).
 */

/**
 * Fonctionnement: year 1, `fonctionnementYear1Percent` (100 %) at signature, any remainder at the
 * first anniversary; later years, the advance on the year's first day and the balance at the next
 * anniversary.
 */
export function fonctionnementTranches(
  y: ContractYear,
  amountCents: number,
  rules: PaymentRules,
  sources: Source[],
  out: Tranche[] = [],
  /** Years 2–5: the first mission's start when it falls inside the year (no tranche before it). */
  advanceFrom: IsoDate | null = null,
  explain = true,
): Tranche[] {
  const texts = yearTexts(y.year);
  const amount = explain ? eur(amountCents) : '';
  if (y.year === 1) {
    const pct = rules.fonctionnementYear1Percent.value;
    const { advanceCents: first, balanceCents: rest } = splitAdvance(amountCents, pct);
    const firstText = explain ? eur(first) : '';
    if (first > 0) {
      out.push(tranche(y, texts.fonctionnementId, 'fonctionnement', null, y.from, first, texts.fonctionnementSignatureLabel(pct),
        explain ? `${pct} % × ${amount} = ${firstText}` : null, sources));
    }
    if (rest > 0) {
      out.push(tranche(y, texts.fonctionnementBalanceId, 'balance', null, y.nextAnniversary, rest, texts.fonctionnementBalanceLabel,
        explain ? `${amount} − ${firstText} = ${eur(rest)}` : null, sources));
    }
    return out;
  }
  const pct = rules.advancePercent.value;
  const { advanceCents, balanceCents } = splitAdvance(amountCents, pct);
  const advance = explain ? eur(advanceCents) : '';
  if (advanceCents > 0) {
    const dueOn = advanceFrom !== null && compareIso(advanceFrom, y.from) > 0 ? advanceFrom : y.from;
    const when = dueOn === y.from || !explain ? '' : ` (dû au démarrage de la première mission, le ${formatDateFr(dueOn)})`;
    out.push(tranche(y, texts.fonctionnementAdvanceId, 'advance', null, dueOn, advanceCents, texts.fonctionnementAdvanceLabel(pct),
      explain ? `${pct} % × ${amount} = ${advance}${when}` : null, sources));
  }
  if (balanceCents > 0) {
    out.push(tranche(y, texts.fonctionnementBalanceId, 'balance', null, y.nextAnniversary, balanceCents, texts.fonctionnementBalanceLabel,
      explain ? `${amount} − ${advance} = ${eur(balanceCents)}` : null, sources));
  }
  return out;
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
  out: Tranche[] = [],
  texts: MissionYearTexts = missionYearTexts(y.year, code),
  explain = true,
): Tranche[] {
  const pct = rules.advancePercent.value;
  const { advanceCents, balanceCents } = splitAdvance(amountCents, pct);
  const advanceDue = compareIso(startedOn, y.from) > 0 ? startedOn : y.from;
  const amount = explain ? eur(amountCents) : '';
  const advance = explain ? eur(advanceCents) : '';
  if (advanceCents > 0) {
    out.push(tranche(y, texts.advanceId, 'advance', code, advanceDue, advanceCents, texts.fixedAdvanceLabel(pct),
      explain ? `${pct} % × ${amount} = ${advance}` : null, sources));
  }
  if (balanceCents > 0) {
    out.push(tranche(y, texts.balanceId, 'balance', code, y.nextAnniversary, balanceCents, texts.fixedBalanceLabel,
      explain ? `${amount} − ${advance} = ${eur(balanceCents)}` : null, sources));
  }
  return out;
}

/** VARIABLE_PAID_AT (MC), a constant: read once. */
const VARIABLE_WAITS_FOR_DIALOGUE = VARIABLE_PAID_AT.value === 'anniversaryOrLaterDialogue';

/** When a variable part fixed by the dialogue held on `fixedOn` falls due (VARIABLE_PAID_AT, MC). */
export function variableDueOn(y: ContractYear, fixedOn: IsoDate | null): IsoDate {
  if (VARIABLE_WAITS_FOR_DIALOGUE && fixedOn !== null && compareIso(fixedOn, y.nextAnniversary) > 0) return fixedOn;
  return y.nextAnniversary;
}

/**
 * Part variable: due at the anniversary that ends the year, or on the date of the dialogue that
 * fixed it when that dialogue was held after the anniversary (VARIABLE_PAID_AT, MC).
 */
export function variableTranche(
  y: ContractYear,
  code: MissionCode,
  amountCents: number,
  /** null: no explanation line (engine option explain: false). */
  formula: string | null,
  sources: Source[],
  out: Tranche[] = [],
  texts: MissionYearTexts = missionYearTexts(y.year, code),
  fixedOn: IsoDate | null = null,
): Tranche[] {
  if (amountCents <= 0) return out;
  const dueOn = variableDueOn(y, fixedOn);
  out.push(tranche(y, texts.variableId, 'variable', code, dueOn, amountCents, texts.variableLabel, formula, formula === null ? sources : [...sources, MC_SOURCE]));
  return out;
}

/** A dated adjustment (addendum after a year was closed): its own tranche, positive or negative. */
export function adjustmentTranche(y: ContractYear, a: Adjustment, out: Tranche[] = [], explain = true): Tranche[] {
  if (a.cents === 0) return out;
  const label = `Ajustement de l’année ${y.year}${a.mission ? ` — ${MISSION_LABELS[a.mission]}` : ''} (addendum du ${formatDateFr(a.dueOn)})`;
  const sign = a.cents < 0 ? 'reprise' : 'complément';
  out.push(tranche(y, a.id, 'adjustment', a.mission, a.dueOn, a.cents, label, explain ? `${sign} décidé(e) par addendum : ${a.text}` : null, []));
  return out;
}

export function compareTranches(a: Tranche, b: Tranche): number {
  if (a.dueOn !== b.dueOn) return a.dueOn < b.dueOn ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Above this length, sortTranches hands over to Array.prototype.sort (insertion sort is quadratic). */
const INSERTION_SORT_MAX = 256;

/**
 * Sorts in place by compareTranches, stable like Array.prototype.sort, so the same order. A
 * contract has at most about a hundred tranches, generated year by year and so almost in date
 * order: an insertion sort whose comparison the JIT inlines is several times faster here than
 * the built-in sort calling back into compareTranches for every comparison.
 */
export function sortTranches(ts: Tranche[]): Tranche[] {
  if (ts.length > INSERTION_SORT_MAX) return ts.sort(compareTranches);
  for (let i = 1; i < ts.length; i++) {
    const t = ts[i] as Tranche;
    let j = i - 1;
    while (j >= 0 && compareTranches(ts[j] as Tranche, t) > 0) {
      ts[j + 1] = ts[j] as Tranche;
      j--;
    }
    ts[j + 1] = t;
  }
  return ts;
}

export interface PaymentDate {
  dueOn: IsoDate;
  totalCents: number;
  tranches: Tranche[];
}

/** Tranches grouped by due date (the "what is paid on which day" view). */
export function groupByDueDate(tranches: readonly Tranche[]): PaymentDate[] {
  const sorted = sortTranches([...tranches]);
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
