// Cell values of the Excel exports: euros as numbers, dates as dates, user text made inert.

/** French euro format: numbers stay numbers; Excel shows "26 465,17 €" in a French locale. */
export const EURO_FORMAT = '#,##0.00 "€"';
export const DATE_FORMAT = 'dd/mm/yyyy';
export const INTEGER_FORMAT = '#,##0';
/** A share as a percentage: 0.5882 shows as 58,82% (in a French locale). */
export const RATIO_FORMAT = '0.00%';

/**
 * Characters that make a spreadsheet (or a CSV copied from it) read a text as a formula or a
 * command: = + - @, tab, carriage return, and their full-width forms.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/u;

/**
 * Text typed by a user, made inert for a spreadsheet: a leading quote turns
 * `=HYPERLINK("http://x","y")` into the plain text `'=HYPERLINK("http://x","y")`.
 * (Excel's quotePrefix style would hide the quote, but exceljs cannot write it: the quote shows.)
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Integer cents -> euros as an Excel number (2 decimals at most). */
export function centsToEuros(cents: number): number {
  return cents / 100;
}

/** ISO calendar date -> the Date exceljs writes as that day's serial number (UTC midnight: no time-zone shift). */
export function isoToExcelDate(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

/** Text for an Excel page header or footer, where "&" starts a code. */
export function headerFooterText(text: string): string {
  return text.replace(/&/g, '&&');
}
