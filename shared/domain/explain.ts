/** French wording of the engine's explanations (formulas, notes, sources). */
import { formatDateFr, type IsoDate } from '../dates';
import { formatEuros } from '../money';
import { MISSION_LABELS, isMissionCode, type MissionCode } from './missions';
import type { Fraction } from './prorata';
import type { Provenance, ProrataUnit } from './rules';
import type { ExplanationLine, LinePart, Source } from './fundingTypes';

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
  part: LinePart,
  label: string,
  amountCents: number | null,
  formula: string,
  sources: Source[],
  note?: string | null,
  state?: ExplanationLine['state'],
): ExplanationLine {
  const l: ExplanationLine = { part, label, amountCents, formula, sources };
  if (state !== undefined) l.state = state;
  if (note !== undefined && note !== null && note !== '') l.note = note;
  return l;
}

export function missionLabel(code: MissionCode): string {
  return MISSION_LABELS[code];
}

export function yearSuffix(year: number): string {
  return `année ${year}`;
}

/**
 * Memo of the wording that depends only on a (small, integer) contract year number: the engine
 * writes the same labels and tranche ids for every contract. Bounded: years 1..MAX_MEMO_YEAR only.
 */
const MAX_MEMO_YEAR = 50;

function memoYear(year: number): boolean {
  return Number.isInteger(year) && year >= 1 && year <= MAX_MEMO_YEAR;
}

/** Wording of one contract year (the labels of the year's own lines and fonctionnement tranches). */
export class YearTexts {
  /** "année 3" */
  readonly suffix: string;
  /** "Texte applicable, année 3" */
  readonly versionLabel: string;
  /** "Taille, année 3" */
  readonly bandLabel: string;
  /** "Fonctionnement, année 3": the line, and the "what" of its tranches. */
  readonly fonctionnementLabel: string;
  /** "Total, année 3" */
  readonly totalLabel: string;
  /** Tranche ids: "y3-fonctionnement", "y3-advance-fonctionnement", "y3-balance-fonctionnement". */
  readonly fonctionnementId: string;
  readonly fonctionnementAdvanceId: string;
  readonly fonctionnementBalanceId: string;
  /** "Fonctionnement, année 3 : solde" */
  readonly fonctionnementBalanceLabel: string;
  private pct = Number.NaN;
  private advanceLabel = '';
  private signatureLabel = '';

  constructor(readonly year: number) {
    this.suffix = yearSuffix(year);
    this.versionLabel = `Texte applicable, ${this.suffix}`;
    this.bandLabel = `Taille, ${this.suffix}`;
    this.fonctionnementLabel = `Fonctionnement, ${this.suffix}`;
    this.totalLabel = `Total, ${this.suffix}`;
    this.fonctionnementId = `y${year}-fonctionnement`;
    this.fonctionnementAdvanceId = `y${year}-advance-fonctionnement`;
    this.fonctionnementBalanceId = `y${year}-balance-fonctionnement`;
    this.fonctionnementBalanceLabel = `${this.fonctionnementLabel} : solde`;
  }

  private withPct(pct: number): void {
    if (pct === this.pct) return;
    this.pct = pct;
    this.advanceLabel = `${this.fonctionnementLabel} : avance ${pct} %`;
    this.signatureLabel = `${this.fonctionnementLabel} : ${pct} % à la signature`;
  }

  /** "Fonctionnement, année 3 : avance 75 %" */
  fonctionnementAdvanceLabel(pct: number): string {
    this.withPct(pct);
    return this.advanceLabel;
  }

  /** "Fonctionnement, année 1 : 100 % à la signature" */
  fonctionnementSignatureLabel(pct: number): string {
    this.withPct(pct);
    return this.signatureLabel;
  }
}

const YEAR_TEXTS: (YearTexts | undefined)[] = [];

export function yearTexts(year: number): YearTexts {
  if (!memoYear(year)) return new YearTexts(year);
  let t = YEAR_TEXTS[year];
  if (t === undefined) {
    t = new YearTexts(year);
    YEAR_TEXTS[year] = t;
  }
  return t;
}

/** Wording of one mission in one contract year (line labels, tranche ids and labels). */
export class MissionYearTexts {
  /** "Prévention" */
  readonly label: string;
  /** "Prévention, année 3" */
  readonly suffix: string;
  /** "Part fixe — Prévention, année 3": the line (outside the crisis mission) and the "what" of its tranches. */
  readonly fixedLabel: string;
  /** Crisis mission: "Part fixe — …, année 1 (année d'écriture du plan)" / "… (mise à jour du plan)". */
  readonly fixedLabelPlanYear: string;
  readonly fixedLabelPlanUpdate: string;
  /** "Part variable — Prévention, année 3": the line and its tranche. */
  readonly variableLabel: string;
  /** "Part fixe — Prévention, année 3 : solde" */
  readonly fixedBalanceLabel: string;
  /** Tranche ids: "y3-advance-prevention", "y3-balance-prevention", "y3-variable-prevention". */
  readonly advanceId: string;
  readonly balanceId: string;
  readonly variableId: string;
  /** "3|prevention": key of the engine's attainment and earned indexes. */
  readonly key: string;
  private pct = Number.NaN;
  private advanceLabel = '';

  constructor(readonly year: number, readonly code: MissionCode) {
    this.label = missionLabel(code);
    this.suffix = `${this.label}, ${yearSuffix(year)}`;
    this.fixedLabel = `Part fixe — ${this.suffix}`;
    this.fixedLabelPlanYear = `${this.fixedLabel} (année d'écriture du plan)`;
    this.fixedLabelPlanUpdate = `${this.fixedLabel} (mise à jour du plan)`;
    this.variableLabel = `Part variable — ${this.suffix}`;
    this.fixedBalanceLabel = `${this.fixedLabel} : solde`;
    this.advanceId = `y${year}-advance-${code}`;
    this.balanceId = `y${year}-balance-${code}`;
    this.variableId = `y${year}-variable-${code}`;
    this.key = `${year}|${code}`;
  }

  /** "Part fixe — Prévention, année 3 : avance 75 %" */
  fixedAdvanceLabel(pct: number): string {
    if (pct !== this.pct) {
      this.pct = pct;
      this.advanceLabel = `${this.fixedLabel} : avance ${pct} %`;
    }
    return this.advanceLabel;
  }
}

const MISSION_YEAR_TEXTS = new Map<MissionCode, (MissionYearTexts | undefined)[]>();

export function missionYearTexts(year: number, code: MissionCode): MissionYearTexts {
  if (!memoYear(year)) return new MissionYearTexts(year, code);
  let byYear = MISSION_YEAR_TEXTS.get(code);
  if (byYear === undefined) {
    if (!isMissionCode(code)) return new MissionYearTexts(year, code); // bounded: the six codes only
    byYear = [];
    MISSION_YEAR_TEXTS.set(code, byYear);
  }
  let t = byYear[year];
  if (t === undefined) {
    t = new MissionYearTexts(year, code);
    byYear[year] = t;
  }
  return t;
}

/** "× 273/365 jours" or "× 9/12 mois"; empty for a full year. */
export function fractionText(f: Fraction, unit: ProrataUnit): string {
  if (f.num === f.den) return '';
  return ` × ${f.num}/${f.den} ${unit === 'days' ? 'jours' : 'mois'}`;
}

/**
 * "17 500,00 €" and "01/07/2022": the money and date formats themselves (aliases, not wrappers:
 * the engine calls them in every line, and under tsx, as in `npm run bench`, each call through a
 * module boundary goes through export getters).
 */
export const eur: (cents: number) => string = formatEuros;
export const dateFr: (d: IsoDate) => string = formatDateFr;

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
