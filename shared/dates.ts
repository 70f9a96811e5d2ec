/**
 * Calendar dates as ISO strings "YYYY-MM-DD". All arithmetic is done on UTC day numbers,
 * so there are no time-zone or DST effects. Pure: no Node, no DOM.
 */

/** A calendar date "YYYY-MM-DD". */
export type IsoDate = string;

/** True for a real calendar date written YYYY-MM-DD (e.g. 2023-02-29 is false). */
export function isIsoDate(s: string): boolean {
  return typeof s === 'string' && packedYmd(s) >= 0;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in month `month` (1–12) of year `y`. */
export function daysInMonth(y: number, month: number): number {
  if (month === 2) return isLeapYear(y) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** "00".."99": two-digit month and day fields without padStart (hot path). */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

/**
 * Validates d as YYYY-MM-DD and returns its fields packed as y·10 000 + m·100 + day, or -1 if it
 * is not a real calendar date. Hot path (the engine reads dates constantly): character codes, no
 * regex, no allocation.
 */
function packedYmd(d: IsoDate): number {
  if (d.length !== 10 || d.charCodeAt(4) !== 45 || d.charCodeAt(7) !== 45) return -1;
  const y = digits(d, 0, 4);
  const mo = digits(d, 5, 7);
  const day = digits(d, 8, 10);
  if (y < 0 || mo < 1 || mo > 12 || day < 1 || day > daysInMonth(y, mo)) return -1;
  return y * 10_000 + mo * 100 + day;
}

function parse(d: IsoDate): number {
  const ymd = packedYmd(d);
  if (ymd < 0) throw new RangeError(`Date invalide (AAAA-MM-JJ attendu) : ${d}`);
  return ymd;
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

function format(y: number, m: number, d: number): IsoDate {
  if (y < 0 || y > 9999) throw new RangeError(`Année hors limites : ${y}`);
  const year = y >= 1000 ? String(y) : String(y).padStart(4, '0');
  return `${year}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}`;
}

/** Days since 1970-01-01 of a valid y-m-d (H. Hinnant, days_from_civil). */
function daysFromCivil(y: number, m: number, day: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Days since 1970-01-01 (proleptic Gregorian; integer algorithm, no Date object). */
export function toDayNumber(d: IsoDate): number {
  const ymd = parse(d);
  return daysFromCivil(Math.floor(ymd / 10_000), Math.floor(ymd / 100) % 100, ymd % 100);
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
  return format(y, m, d);
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(d) + n);
}

/** Adds calendar months, clamping to the month end: 2021-08-31 + 6 → 2022-02-28. */
export function addMonths(d: IsoDate, n: number): IsoDate {
  const ymd = parse(d);
  const day = ymd % 100;
  const total = Math.floor(ymd / 10_000) * 12 + (Math.floor(ymd / 100) % 100 - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12 + 12) % 12 + 1;
  return format(ny, nm, Math.min(day, daysInMonth(ny, nm)));
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
  parse(d); // validates (no allocation)
  // DD/MM/YYYY built in one allocation (the engine writes dates in most explanation lines).
  return String.fromCharCode(
    d.charCodeAt(8), d.charCodeAt(9), 47, // DD/
    d.charCodeAt(5), d.charCodeAt(6), 47, // MM/
    d.charCodeAt(0), d.charCodeAt(1), d.charCodeAt(2), d.charCodeAt(3), // YYYY
  );
}

/** Today's local calendar date (the only impure function here: reads the clock). */
export function todayIso(now: Date = new Date()): IsoDate {
  return format(now.getFullYear(), now.getMonth() + 1, now.getDate());
}
