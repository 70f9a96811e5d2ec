// French formatting at the edge: amounts are integer cents underneath.
import { formatEuros } from '../../shared/money';
import { formatDateFr } from '../../shared/dates';

export const euros = (cents: number | null | undefined): string => (cents == null ? '—' : formatEuros(cents));
export const date = (iso: string | null | undefined): string => (iso ? formatDateFr(iso) : '—');
export const integer = (n: number): string => new Intl.NumberFormat('fr-FR').format(n);
export const percent = (bp: number): string =>
  new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10_000);
