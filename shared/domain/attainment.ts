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

/** A rate as an exact fraction of big integers (num/den, 0 ≤ num ≤ den). */
export interface RateFraction {
  num: bigint;
  den: bigint;
}

/**
 * The exact decimal value of a rate as written (0.5882352941 → 5882352941/10^10), clamped to
 * 0..1: nothing is rounded here, the amount is rounded once, to the cent (single rounding).
 */
export function rateFraction(rate: number): RateFraction {
  if (!Number.isFinite(rate) || rate <= 0) return { num: 0n, den: 1n };
  if (rate >= 1) return { num: 1n, den: 1n };
  // The shortest decimal that reads back as this double: what the user or the file wrote.
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(rate));
  if (m === null) return { num: 0n, den: 1n };
  const frac = m[2] ?? '';
  const exp = Number(m[3] ?? '0') - frac.length;
  const digits = BigInt(`${m[1]}${frac}`);
  return exp >= 0 ? { num: digits * 10n ** BigInt(exp), den: 1n } : { num: digits, den: 10n ** BigInt(-exp) };
}

/** A rate in basis points as the app stores it (5882 = 58,82 %): exact. */
export function bpFraction(bp: number): RateFraction {
  const clamped = Math.min(Math.max(Math.trunc(bp), 0), 10_000);
  return { num: BigInt(clamped), den: 10_000n };
}

/** "58,82 %" when exact to the hundredth of a percent, else "≈ 58,823529 %" (the computation uses the exact rate). */
export function formatRateFraction(f: RateFraction): string {
  const scaled = f.num * 1_000_000n * 100n; // percent with 6 decimals
  const q = scaled / f.den;
  const exact = q * f.den === scaled;
  let decimals = (q % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  if (decimals.length < 2) decimals = decimals.padEnd(2, '0');
  const text = `${(q / 1_000_000n).toString()},${decimals}\u202f%`;
  return exact ? text : `≈ ${text}`;
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
