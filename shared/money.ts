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

/** "17 500,00 €" (with the narrow no-break spaces that Intl fr-FR emits). */
export function formatEuros(cents: number): string {
  assertSafeInteger(cents, 'formatEuros');
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const euros = Math.trunc(abs / 100);
  const rest = abs % 100;
  // Format the integer euros exactly, then splice the two decimals in: no float division of cents.
  // (-0 keeps Intl's own minus sign for amounts between -0,99 € and -0,01 €.)
  return EUROS.format(negative ? -euros : euros).replace(/,00/u, ',' + String(rest).padStart(2, '0'));
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
export function mulDivHalfUp(cents: number, num: number, den: number): number {
  if (!Number.isSafeInteger(den) || den <= 0) {
    throw new RangeError(`mulDivHalfUp: dénominateur invalide (${den})`);
  }
  assertSafeInteger(cents, 'mulDivHalfUp');
  assertSafeInteger(num, 'mulDivHalfUp');
  if (cents < 0 || num < 0) throw new RangeError('mulDivHalfUp: entrées négatives non prises en charge');
  const product = BigInt(cents) * BigInt(num);
  const d = BigInt(den);
  const q = (product * 2n + d) / (2n * d); // floor((2p + d) / 2d) = floor(p/d + 1/2)
  const result = Number(q);
  if (!Number.isSafeInteger(result)) throw new RangeError('mulDivHalfUp: dépassement');
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
