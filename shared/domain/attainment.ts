/**
 * Attainment rates (reference §7). A rate 0..1 is converted ONCE to an integer number of parts per
 * ATTAINMENT_SCALE (10 000 = 100,00 %), rounded to the nearest part; everything after is integer.
 */
import { mulDivHalfUp } from '../money';
import { ATTAINMENT_SCALE } from './rules';

export const RATE_SCALE: number = ATTAINMENT_SCALE.value;

/** 0.4114 → 4114 (clamped to 0..RATE_SCALE; NaN → 0). */
export function rateToParts(rate: number): number {
  if (!Number.isFinite(rate) || rate <= 0) return 0;
  if (rate >= 1) return RATE_SCALE;
  // The 1e-9 absorbs binary noise (0.41145 × 10 000 = 4114.4999…99) before the one half-up rounding.
  return Math.floor(rate * RATE_SCALE + 0.5 + 1e-9);
}

/** Memo of formatParts for the integer parts 0..RATE_SCALE (the engine's only values). */
const PARTS_TEXT: (string | undefined)[] = new Array<string | undefined>(RATE_SCALE + 1).fill(undefined);

/** 4114 → "41,14 %" (narrow no-break space, as Intl fr-FR). */
export function formatParts(parts: number): string {
  const memo = Number.isInteger(parts) && parts >= 0 && parts <= RATE_SCALE;
  const cached = memo ? PARTS_TEXT[parts] : undefined;
  if (cached !== undefined) return cached;
  const hundredths = Math.round((parts * 10_000) / RATE_SCALE);
  const text = `${Math.floor(hundredths / 100)},${String(hundredths % 100).padStart(2, '0')}\u202f%`;
  if (memo) PARTS_TEXT[parts] = text;
  return text;
}

export interface LinearIndicator {
  /** Weight of the indicator (any positive integers, e.g. 50 / 30 / 20). */
  weight: number;
  /** Attainment 0..1 (values above 1 are capped at 100 %). */
  attainment: number;
}

/**
 * Weighted linear attainment capped at 100 % (reference §7, MC; example (c), linear variant):
 * Σ round(envelope × weight/Σweights × min(attainment, 1)), one half-up rounding per indicator.
 * 45 000 € with weights 50/30/20 and attainments 100 %/60 %/0 % → 30 600 €.
 */
export function linearVariableCents(envelopeCents: number, indicators: readonly LinearIndicator[]): number {
  const totalWeight = indicators.reduce((s, i) => s + i.weight, 0);
  if (totalWeight <= 0) return 0;
  let sum = 0;
  for (const ind of indicators) {
    sum += mulDivHalfUp(envelopeCents, ind.weight * rateToParts(ind.attainment), totalWeight * RATE_SCALE);
  }
  return sum;
}
