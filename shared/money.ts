/**
 * Money as integer cents. Never a float in storage or in sums.
 * fr-FR formatting happens only at the edge (formatEuros).
 */

/** An amount in euro cents: always a safe integer. */
export type Cents = number;

const EUROS = new Intl.NumberFormat('fr-FR', {
  style: 'currency',
  currency: 'EUR',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/**
 * The separators Intl fr-FR emits on this runtime (narrow no-break space for thousands, "," for
 * decimals, no-break space before "€"), read once from Intl itself; formatting then assembles the
 * parts by hand, which is exact on integer cents and much faster than calling Intl per amount.
 */
const PARTS = (() => {
  const parts = EUROS.formatToParts(-1234.5);
  const get = (type: string, fallback: string) => parts.find((p) => p.type === type)?.value ?? fallback;
  const currencyIndex = parts.findIndex((p) => p.type === 'currency');
  const integerIndex = parts.findIndex((p) => p.type === 'integer');
  const before = currencyIndex < integerIndex;
  const literal = parts.find((p) => p.type === 'literal')?.value ?? '';
  return {
    group: get('group', '\u202f'),
    decimal: get('decimal', ','),
    minus: get('minusSign', '-'),
    currency: get('currency', '€'),
    currencyBefore: before,
    literal,
  };
})();

const TAIL = PARTS.currencyBefore ? '' : PARTS.literal + PARTS.currency;
const HEAD = PARTS.currencyBefore ? PARTS.currency + PARTS.literal : '';

/** "000".."999" and "00".."99": zero-padded digit groups without padStart. */
const THREE_DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** Digits of a non-negative integer with thousands separators, then `tail` (hot path: no regex, no Intl). */
function groupThousands(n: number, sep: string, tail: string): string {
  let rest = n;
  let out = tail;
  while (rest >= 1000) {
    const r = rest % 1000;
    out = sep + THREE_DIGITS[r] + out;
    rest = (rest - r) / 1000;
  }
  return String(rest) + out;
}

/** Memo of formatted amounts: the engine formats the same envelopes and advances many times. */
const FORMAT_CACHE = new Map<number, string>();
const FORMAT_CACHE_MAX = 20_000;

/** "17 500,00 €" (with the narrow no-break spaces that Intl fr-FR emits). */
export function formatEuros(cents: number): string {
  const cached = FORMAT_CACHE.get(cents);
  if (cached !== undefined) return cached;
  assertSafeInteger(cents, 'formatEuros');
  const abs = cents < 0 ? -cents : cents;
  const c = abs % 100;
  const number = groupThousands((abs - c) / 100, PARTS.group, PARTS.decimal + TWO_DIGITS[c] + TAIL);
  const text = (cents < 0 ? PARTS.minus : '') + HEAD + number;
  if (FORMAT_CACHE.size >= FORMAT_CACHE_MAX) FORMAT_CACHE.clear();
  FORMAT_CACHE.set(cents, text);
  return text;
}

/** Integer with fr-FR thousands separators ("274 922"). */
export function formatInteger(n: number): string {
  assertSafeInteger(n, 'formatInteger');
  return (n < 0 ? PARTS.minus : '') + groupThousands(Math.abs(n), PARTS.group, '');
}

/** "17 500,00" without the currency sign (same Intl grouping). */
export function formatEurosNumber(cents: number): string {
  return formatEuros(cents).replace(/\s*€$/u, '');
}

/**
 * Parses a French or plain amount in euros into cents.
 * Accepts "17 500,50", "17500.5", "17 500 €", "17 500,00 €" (any Unicode space as thousands
 * separator, "," or "." as decimal separator). Returns null if invalid, negative sign misplaced,
 * or more than 2 decimals.
 */
export function parseEurosToCents(text: string): number | null {
  let s = text.trim().replace(/€$/u, '').replace(/^€/u, '').trim();
  s = s.replace(/[\s\u00a0\u202f]/gu, '');
  const m = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/u.exec(s);
  if (m === null) return null;
  const sign = m[1] === '-' ? -1 : 1;
  const intPart = m[2] ?? '0';
  const decPart = (m[3] ?? '').padEnd(2, '0');
  const cents = Number(intPart) * 100 + Number(decPart);
  if (!Number.isSafeInteger(cents)) return null;
  return sign * cents === 0 ? 0 : sign * cents;
}

/**
 * round_half_up(cents × num / den) with exact integer arithmetic (BigInt).
 * THE rounding primitive of the app: every prorated or percentage amount goes through it once.
 * Inputs: non-negative safe integers, den > 0.
 */
/** Bound under which 2·p + d and q·2d stay exact in doubles. */
const MAX_FAST = 2 ** 50;

export function mulDivHalfUp(cents: number, num: number, den: number): number {
  if (!Number.isSafeInteger(den) || den <= 0) {
    throw new RangeError(`mulDivHalfUp: dénominateur invalide (${den})`);
  }
  assertSafeInteger(cents, 'mulDivHalfUp');
  assertSafeInteger(num, 'mulDivHalfUp');
  if (cents < 0 || num < 0) throw new RangeError('mulDivHalfUp: entrées négatives non prises en charge');
  // Fast path, still exact: every intermediate below 2^53 is an exact double.
  const p = cents * num;
  if (p <= MAX_FAST && den <= MAX_FAST) {
    const a = 2 * p + den;
    const b = 2 * den;
    let q = Math.floor(a / b);
    if (q * b > a) q -= 1;
    else if ((q + 1) * b <= a) q += 1;
    return q;
  }
  const product = BigInt(cents) * BigInt(num);
  const d = BigInt(den);
  const q = (product * 2n + d) / (2n * d); // floor((2p + d) / 2d) = floor(p/d + 1/2)
  const result = Number(q);
  if (!Number.isSafeInteger(result)) throw new RangeError('mulDivHalfUp: dépassement');
  return result;
}

/**
 * round_half_up(cents × num / den) for a ratio given exactly as big integers (an attainment rate
 * as typed, e.g. 0.5882352941 = 5882352941 / 10^10, times a pro rata): the one rounding.
 */
export function mulRatioHalfUp(cents: number, num: bigint, den: bigint): number {
  assertSafeInteger(cents, 'mulRatioHalfUp');
  if (den <= 0n) throw new RangeError(`mulRatioHalfUp: dénominateur invalide (${den})`);
  if (cents < 0 || num < 0n) throw new RangeError('mulRatioHalfUp: entrées négatives non prises en charge');
  const q = (BigInt(cents) * num * 2n + den) / (2n * den);
  const result = Number(q);
  if (!Number.isSafeInteger(result)) throw new RangeError('mulRatioHalfUp: dépassement');
  return result;
}

/** Exact sum of integer cents. Throws on a non-integer. */
export function sumCents(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) {
    assertSafeInteger(x, 'sumCents');
    total += x;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('sumCents: dépassement');
  return total;
}

/** Whole euros to cents (for rule tables written in euros). */
export function eurosToCents(euros: number): number {
  const c = Math.round(euros * 100);
  assertSafeInteger(c, 'eurosToCents');
  return c;
}

function assertSafeInteger(x: number, where: string): void {
  if (!Number.isSafeInteger(x)) throw new RangeError(`${where}: montant non entier en centimes (${x})`);
}
