// What an indicator earns, from its measured (or validated) value: pure, integer arithmetic.
// Values are stored as integers in hundredths (66,26 % -> 6626; 12 patients -> 1200; yes -> 100).
import { formatEuros, mulDivHalfUp } from '../money';
import type { MissionCode } from './missions';

export const INDICATOR_KINDS = ['action', 'result'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];
export const INDICATOR_UNITS = ['count', 'percentage', 'yesno'] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];
export const INDICATOR_PAYMENTS = ['paliers', 'all_or_nothing', 'linear'] as const;
export type IndicatorPayment = (typeof INDICATOR_PAYMENTS)[number];
export type Direction = 'higher' | 'lower';

export const UNIT_LABELS: Record<IndicatorUnit, string> = { count: 'nombre', percentage: 'pourcentage', yesno: 'oui / non' };
export const PAYMENT_LABELS: Record<IndicatorPayment, string> = {
  paliers: 'par paliers',
  all_or_nothing: 'tout ou rien',
  linear: 'linéaire (plafonné à 100 %)',
};

/**
 * Modelling choice (reference §7, "Support both this and weighted linear attainment capped at
 * 100 % (MC)"): a linear indicator's attainment is the progress from its baseline to its target
 * when a baseline is given, otherwise value ÷ target (higher is better) or target ÷ value (lower is
 * better); always within [0, 1]. The earned amount is amount × attainment, rounded once, half-up.
 */
export const LINEAR_ATTAINMENT_RULE = 'progressFromBaseline' as const;

export interface Palier {
  label: string;
  /** Threshold in hundredths; reached when value ≥ threshold (higher) or value ≤ threshold (lower). */
  threshold: number;
  amountCents: number;
}

export interface IndicatorRule {
  label: string;
  unit: IndicatorUnit;
  direction: Direction;
  payment: IndicatorPayment;
  /** Maximum the indicator can earn (paliers: the best palier's amount). */
  amountCents: number;
  /** In hundredths; for all_or_nothing on yes/no the target is "yes" (100). */
  target: number | null;
  baseline: number | null;
  paliers: Palier[];
}

export interface Earned {
  cents: number | null;
  /** Attainment in basis points (0–10 000), when it means something. */
  attainmentBp: number | null;
  formula: string;
}

/** Built once: constructing an Intl.NumberFormat costs far more than formatting with one. */
const UP_TO_2_DECIMALS = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

export function formatValue(v: number | null, unit: IndicatorUnit): string {
  if (v === null) return '—';
  if (unit === 'yesno') return v >= 100 ? 'oui' : 'non';
  const n = UP_TO_2_DECIMALS.format(v / 100);
  return unit === 'percentage' ? `${n} %` : n;
}

function reached(value: number, threshold: number, direction: Direction): boolean {
  return direction === 'higher' ? value >= threshold : value <= threshold;
}

/** Maximum an indicator can earn. */
export function maxCents(rule: Pick<IndicatorRule, 'payment' | 'amountCents' | 'paliers'>): number {
  if (rule.payment === 'paliers') return rule.paliers.reduce((m, p) => Math.max(m, p.amountCents), 0);
  return rule.amountCents;
}

export function earnedCents(rule: IndicatorRule, value: number | null): Earned {
  if (value === null) return { cents: null, attainmentBp: null, formula: 'Valeur manquante : montant non calculable.' };
  const shown = formatValue(value, rule.unit);
  if (rule.payment === 'paliers') {
    const hit = rule.paliers.filter((p) => reached(value, p.threshold, rule.direction)).sort((a, b) => b.amountCents - a.amountCents)[0];
    if (!hit) {
      const thresholds = rule.paliers.map((p) => p.threshold);
      const first = rule.direction === 'higher' ? Math.min(...thresholds) : Math.max(...thresholds);
      const sign = rule.direction === 'higher' ? '≥' : '≤';
      return { cents: 0, attainmentBp: 0, formula: `${shown} : aucun palier atteint (premier palier ${sign} ${formatValue(first, rule.unit)}) = 0,00 €` };
    }
    const max = maxCents(rule);
    return {
      cents: hit.amountCents,
      attainmentBp: max > 0 ? Math.floor((hit.amountCents * 10_000) / max) : null,
      formula: `${shown} : palier « ${hit.label} » (${rule.direction === 'higher' ? '≥' : '≤'} ${formatValue(hit.threshold, rule.unit)}) atteint = ${formatEuros(hit.amountCents)}`,
    };
  }
  if (rule.payment === 'all_or_nothing') {
    const target = rule.unit === 'yesno' ? 100 : rule.target;
    if (target === null) return { cents: null, attainmentBp: null, formula: 'Cible manquante : montant non calculable.' };
    const ok = rule.unit === 'yesno' ? value >= 100 : reached(value, target, rule.direction);
    return {
      cents: ok ? rule.amountCents : 0,
      attainmentBp: ok ? 10_000 : 0,
      formula: ok ? `${shown} : objectif atteint = ${formatEuros(rule.amountCents)}` : `${shown} : objectif (${formatValue(target, rule.unit)}) non atteint = 0,00 €`,
    };
  }
  // linear
  if (rule.target === null) return { cents: null, attainmentBp: null, formula: 'Cible manquante : montant non calculable.' };
  const { num, den } = linearFraction(value, rule.target, rule.baseline, rule.direction);
  const cents = mulDivHalfUp(rule.amountCents, num, den);
  const bp = Math.floor((num * 10_000) / den);
  const pct = UP_TO_2_DECIMALS.format(bp / 100);
  return {
    cents,
    attainmentBp: bp,
    formula: `${formatEuros(rule.amountCents)} × ${pct} % (${shown} pour une cible de ${formatValue(rule.target, rule.unit)}${rule.baseline !== null ? `, départ ${formatValue(rule.baseline, rule.unit)}` : ''}, plafonné à 100 %) = ${formatEuros(cents)}`,
  };
}

/** Attainment as an exact fraction num/den within [0, 1]. */
export function linearFraction(value: number, target: number, baseline: number | null, direction: Direction): { num: number; den: number } {
  const clamp = (num: number, den: number) => (den <= 0 ? { num: reached(value, target, direction) ? 1 : 0, den: 1 } : num <= 0 ? { num: 0, den: 1 } : num >= den ? { num: 1, den: 1 } : { num, den });
  if (baseline !== null && baseline !== target) {
    return direction === 'higher' ? clamp(value - baseline, target - baseline) : clamp(baseline - value, baseline - target);
  }
  if (direction === 'higher') return clamp(value, target);
  if (value <= target) return { num: 1, den: 1 };
  return clamp(target, value);
}

export interface MissionEarned {
  mission: MissionCode;
  earnedCents: number | null;
  maxCents: number;
  missing: string[];
}

/** Sums a mission's indicators; null when any paying indicator has no value. */
export function sumMission(mission: MissionCode, items: { label: string; rule: IndicatorRule; value: number | null }[]): MissionEarned {
  let earned = 0;
  let max = 0;
  const missing: string[] = [];
  for (const it of items) {
    max += maxCents(it.rule);
    const e = earnedCents(it.rule, it.value);
    if (e.cents === null) {
      if (maxCents(it.rule) > 0) missing.push(it.label);
    } else earned += e.cents;
  }
  return { mission, earnedCents: missing.length > 0 ? null : earned, maxCents: max, missing };
}

/**
 * The status a review would give an indicator for a value: "atteint" when it earns its maximum,
 * "partiel" when it earns something, "non atteint" otherwise; an indicator without an amount (the
 * crisis plan) is read against its target (yes/no: "oui"). null without a value. A suggestion
 * the parties confirm or change.
 */
export function suggestStatus(rule: IndicatorRule, value: number | null): 'atteint' | 'partiel' | 'non_atteint' | null {
  if (value === null) return null;
  const max = maxCents(rule);
  if (max > 0) {
    const earned = earnedCents(rule, value).cents ?? 0;
    return earned >= max ? 'atteint' : earned > 0 ? 'partiel' : 'non_atteint';
  }
  const target = rule.unit === 'yesno' ? (rule.target ?? 100) : rule.target;
  if (target === null) return null;
  const reachedTarget = rule.direction === 'higher' ? value >= target : value <= target;
  return reachedTarget ? 'atteint' : 'non_atteint';
}
