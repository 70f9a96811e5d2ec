/** Small constructors for the rule tables (amounts are written in euros, stored in cents). */
import type { AmountFigure, ByBand, Provenance, Tag, ValueFigure } from './types';

export function eur(euros: number, tag: Tag, sourceIds: readonly number[], note?: string): AmountFigure {
  const cents = Math.round(euros * 100);
  return note === undefined ? { cents, tag, sourceIds } : { cents, tag, sourceIds, note };
}

export function val<T>(value: T, tag: Tag, sourceIds: readonly number[], note?: string): ValueFigure<T> {
  return note === undefined ? { value, tag, sourceIds } : { value, tag, sourceIds, note };
}

export function bands<T>(t1: T, t2: T, t3: T, t4: T): ByBand<T> {
  return { 1: t1, 2: t2, 3: t3, 4: t4 };
}

export function provenance(tag: Tag, sourceIds: readonly number[], note?: string): Provenance {
  return note === undefined ? { tag, sourceIds } : { tag, sourceIds, note };
}
