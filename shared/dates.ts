/**
 * Calendar dates as ISO strings "YYYY-MM-DD". All arithmetic is done on UTC day numbers,
 * so there are no time-zone or DST effects. Pure: no Node, no DOM.
 */

/** A calendar date "YYYY-MM-DD". */
export type IsoDate = string;

/** True for a real calendar date written YYYY-MM-DD (e.g. 2023-02-29 is false). */
export function isIsoDate(s: string): boolean {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  return y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in month `month` (1–12) of year `y`. */
export function daysInMonth(y: number, month: number): number {
  if (month === 2) return isLeapYear(y) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** Hot path (the engine parses dates constantly): character codes, no regex, no allocation but the result. */
function parse(d: IsoDate): Ymd {
  if (d.length === 10 && d.charCodeAt(4) === 45 && d.charCodeAt(7) === 45) {
    const y = digits(d, 0, 4);
    const mo = digits(d, 5, 7);
    const day = digits(d, 8, 10);
    if (y >= 0 && mo >= 1 && mo <= 12 && day >= 1 && day <= daysInMonth(y, mo)) return { y, m: mo, d: day };
  }
  throw new RangeError(`Date invalide (AAAA-MM-JJ attendu) : ${d}`);
}

/** Decimal value of s[from, to) if all are ASCII digits, else -1. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function format(ymd: Ymd): IsoDate {
  if (ymd.y < 0 || ymd.y > 9999) throw new RangeError(`Année hors limites : ${ymd.y}`);
  return `${String(ymd.y).padStart(4, '0')}-${String(ymd.m).padStart(2, '0')}-${String(ymd.d).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (proleptic Gregorian; integer algorithm, no Date object). */
export function toDayNumber(d: IsoDate): number {
  const { y, m, d: day } = parse(d);
  // H. Hinnant, days_from_civil.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of toDayNumber. */
export function fromDayNumber(n: number): IsoDate {
  // H. Hinnant, civil_from_days.
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return format({ y, m, d });
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(d) + n);
}

/** Adds calendar months, clamping to the month end: 2021-08-31 + 6 → 2022-02-28. */
export function addMonths(d: IsoDate, n: number): IsoDate {
  const { y, m, d: day } = parse(d);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12 + 12) % 12 + 1;
  return format({ y: ny, m: nm, d: Math.min(day, daysInMonth(ny, nm)) });
}

/** Adds calendar years; 29 February becomes 28 February in a non-leap year. */
export function addYears(d: IsoDate, n: number): IsoDate {
  return addMonths(d, 12 * n);
}

/** b − a in days. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Negative if a < b, 0 if equal, positive if a > b (ISO strings compare lexically). */
export function compareIso(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minIso(a: IsoDate, b: IsoDate): IsoDate {
  return compareIso(a, b) <= 0 ? a : b;
}

export function maxIso(a: IsoDate, b: IsoDate): IsoDate {
  return compareIso(a, b) >= 0 ? a : b;
}

/** "01/07/2022". */
export function formatDateFr(d: IsoDate): string {
  parse(d); // validates
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

/** Today's local calendar date (the only impure function here: reads the clock). */
export function todayIso(now: Date = new Date()): IsoDate {
  return format({ y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() });
}
