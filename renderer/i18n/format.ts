// French formatting at the edge: amounts are integer cents underneath.
import { formatEuros } from '../../shared/money';
import { formatDateFr } from '../../shared/dates';

export const euros = (cents: number | null | undefined): string => (cents == null ? '—' : formatEuros(cents));
export const date = (iso: string | null | undefined): string => (iso ? formatDateFr(iso) : '—');
// Formatters built once per module: constructing an Intl.NumberFormat per table cell dominated
// the rendering of long tables.
const INTEGER = new Intl.NumberFormat('fr-FR');
const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 2 });

export const integer = (n: number): string => INTEGER.format(n);
export const percent = (bp: number): string => PERCENT.format(bp / 10_000);
