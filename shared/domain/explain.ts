/** French wording of the engine's explanations (formulas, notes, sources). */
import { formatDateFr, type IsoDate } from '../dates';
import { formatEuros } from '../money';
import { MISSION_LABELS, type MissionCode } from './missions';
import type { Fraction } from './prorata';
import type { Provenance, ProrataUnit } from './rules';
import type { ExplanationLine, Source } from './fundingTypes';

export const UNVERIFIED_NOTE = "Montant non vérifié (U) : à vérifier avec l'annexe du contrat.";

const SOURCE_CACHE = new WeakMap<Provenance, Source>();

/**
 * The Source of a table figure. One frozen object per figure, shared by every result (results are
 * read-only data; freezing makes an accidental mutation throw in strict mode instead of leaking).
 */
export function tableSource(p: Provenance): Source {
  let s = SOURCE_CACHE.get(p);
  if (s === undefined) {
    s = Object.freeze({ tag: p.tag, sourceIds: Object.freeze([...p.sourceIds]) as number[], origin: 'table' as const });
    SOURCE_CACHE.set(p, s);
  }
  return s;
}

/** An amount from the contract's annex: the primary text of this contract. */
export const CONTRACT_SOURCE: Source = Object.freeze({ tag: 'S1', sourceIds: Object.freeze([]) as unknown as number[], origin: 'contract' });

export const MC_SOURCE: Source = Object.freeze({ tag: 'MC', sourceIds: Object.freeze([]) as unknown as number[], origin: 'table' });

/** Builds a line; `note` is set only when present (stable JSON). */
export function line(
  label: string,
  amountCents: number | null,
  formula: string,
  sources: Source[],
  note?: string | null,
): ExplanationLine {
  const l: ExplanationLine = { label, amountCents, formula, sources };
  if (note !== undefined && note !== null && note !== '') l.note = note;
  return l;
}

export function missionLabel(code: MissionCode): string {
  return MISSION_LABELS[code];
}

export function yearSuffix(year: number): string {
  return `année ${year}`;
}

/** "× 273/365 jours" or "× 9/12 mois"; empty for a full year. */
export function fractionText(f: Fraction, unit: ProrataUnit): string {
  if (f.num === f.den) return '';
  return ` × ${f.num}/${f.den} ${unit === 'days' ? 'jours' : 'mois'}`;
}

export function eur(cents: number): string {
  return formatEuros(cents);
}

export function dateFr(d: IsoDate): string {
  return formatDateFr(d);
}

/** Note for a figure: U warning and the figure's own note. */
const NOTE_CACHE = new WeakMap<Provenance, string | null>();

export function figureNote(p: Provenance | null): string | null {
  if (p === null) return null;
  const cached = NOTE_CACHE.get(p);
  if (cached !== undefined) return cached;
  const note = buildFigureNote(p);
  NOTE_CACHE.set(p, note);
  return note;
}

function buildFigureNote(p: Provenance): string | null {
  const parts: string[] = [];
  if (p.tag === 'U') parts.push(UNVERIFIED_NOTE);
  if (p.note !== undefined) parts.push(p.note);
  return parts.length > 0 ? parts.join(' ') : null;
}
