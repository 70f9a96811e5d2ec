/**
 * Envelope resolution (reference §6, DESIGN "Rules as data"): for each line of a contract year,
 * envelopesByYear[year] > envelopes > rule table > missing. A missing figure is never a silent 0:
 * the caller refuses the line with the French message returned here.
 */
import type { FundingInput, MissionEnvelope, Source } from './fundingTypes';
import { CONTRACT_SOURCE, tableSource } from './explain';
import { MISSION_LABELS, type MissionCode } from './missions';
import { TEXT_VERSION_LABELS, type AmountFigure, type Provenance, type RuleTable, type SizeBand } from './rules';

export type MissionAmountField = 'fixed' | 'fixedLaterYears' | 'variable';

export interface ResolvedAmount {
  cents: number;
  source: Source;
  /** The table figure used (null for a contract amount). */
  figure: Provenance | null;
  /** "annexe du contrat (année 2)" or "tableau Avenant 2, taille 3". */
  originText: string;
}

export type Resolution = { ok: true; value: ResolvedAmount } | { ok: false; message: string };

const FIELD_TEXT: Record<MissionAmountField, string> = {
  fixed: 'la part fixe annuelle',
  fixedLaterYears: 'la part fixe annuelle des années de mise à jour du plan',
  variable: 'la part variable annuelle (atteinte complète)',
};

function isCents(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

type Pick = { kind: 'none' } | { kind: 'ok'; cents: number } | { kind: 'invalid'; raw: unknown };

function pick(raw: number | null | undefined): Pick {
  if (raw === undefined || raw === null) return { kind: 'none' };
  return isCents(raw) ? { kind: 'ok', cents: raw } : { kind: 'invalid', raw };
}

function missionEnvelopeValue(env: MissionEnvelope, field: MissionAmountField, perYear: boolean): number | null | undefined {
  if (field === 'fixed') return env.fixedCents;
  if (field === 'variable') return env.variableCents;
  // A per-year annex states that year's part fixe: accept fixedCents for a plan-update year.
  return perYear ? (env.fixedLaterYearsCents ?? env.fixedCents) : env.fixedLaterYearsCents;
}

/** One contract level: the per-year annex, then the all-years annex. */
function fromLevel(raw: number | null | undefined, text: string): Resolution | null {
  const p = pick(raw);
  if (p.kind === 'ok') return { ok: true, value: { cents: p.cents, source: CONTRACT_SOURCE, figure: null, originText: text } };
  if (p.kind === 'invalid') {
    return { ok: false, message: `montant invalide dans l'${text} (${String(p.raw)}) : un nombre entier de centimes ≥ 0 est attendu` };
  }
  return null;
}

const ALL_YEARS_TEXT = 'annexe du contrat';
const yearText = (year: number): string => `annexe du contrat (année ${year})`;

/** "tableau Avenant 2, taille 3", per rule table (tables are constants) and band. */
const ORIGIN_TEXT = new WeakMap<RuleTable, Record<SizeBand, string>>();

function tableOriginText(table: RuleTable, band: SizeBand): string {
  let texts = ORIGIN_TEXT.get(table);
  if (texts === undefined) {
    const text = (b: SizeBand) => `tableau ${table.label}, taille ${b}`;
    texts = { 1: text(1), 2: text(2), 3: text(3), 4: text(4) };
    ORIGIN_TEXT.set(table, texts);
  }
  return texts[band] ?? `tableau ${table.label}, taille ${band}`;
}

function fromTable(fig: AmountFigure | null | undefined, table: RuleTable, band: SizeBand): ResolvedAmount | null {
  if (fig === null || fig === undefined) return null;
  return { cents: fig.cents, source: tableSource(fig), figure: fig, originText: tableOriginText(table, band) };
}

export function resolveFonctionnement(input: FundingInput, year: number, table: RuleTable, band: SizeBand): Resolution {
  const byYear = input.envelopesByYear?.[year];
  const c =
    (byYear === undefined ? null : fromLevel(byYear.fonctionnementCents, yearText(year))) ??
    (input.envelopes === undefined ? null : fromLevel(input.envelopes.fonctionnementCents, ALL_YEARS_TEXT));
  if (c !== null) return c;
  const t = fromTable(table.fonctionnement[band], table, band);
  if (t !== null) return { ok: true, value: t };
  return {
    ok: false,
    message:
      `aucun montant de fonctionnement dans le tableau ${TEXT_VERSION_LABELS[table.id]} pour la taille ${band}. ` +
      `Saisissez le montant annuel de fonctionnement figurant dans l'annexe du contrat.`,
  };
}

/** True if the contract's per-year annex gives any amount for this mission (used for missions absent from the text). */
export function hasYearEnvelope(input: FundingInput, year: number, code: MissionCode): boolean {
  const env = input.envelopesByYear?.[year]?.missions?.[code];
  if (env === undefined) return false;
  return [env.fixedCents, env.variableCents, env.fixedLaterYearsCents].some((x) => x !== undefined && x !== null);
}

export function resolveMissionAmount(
  input: FundingInput,
  year: number,
  code: MissionCode,
  field: MissionAmountField,
  table: RuleTable,
  band: SizeBand,
): Resolution {
  const byYear = input.envelopesByYear?.[year]?.missions?.[code];
  const allYears = input.envelopes?.missions?.[code];
  const c =
    (byYear === undefined ? null : fromLevel(missionEnvelopeValue(byYear, field, true), yearText(year))) ??
    (allYears === undefined ? null : fromLevel(missionEnvelopeValue(allYears, field, false), ALL_YEARS_TEXT));
  if (c !== null) return c;
  const rule = table.missions[code];
  // One named property per field (not rule[field]): a monomorphic load on this hot path.
  const fig =
    rule === undefined ? null
    : field === 'fixed' ? rule.fixed[band]
    : field === 'variable' ? rule.variable[band]
    : rule.fixedLaterYears?.[band];
  const t = fromTable(fig, table, band);
  if (t !== null) return { ok: true, value: t };
  const why =
    rule === undefined
      ? `la mission « ${MISSION_LABELS[code]} » n'existe pas dans le texte ${TEXT_VERSION_LABELS[table.id]}`
      : `aucun montant dans le tableau ${TEXT_VERSION_LABELS[table.id]} pour la taille ${band}` +
        (rule.missingFigureHint !== undefined ? ` : ${rule.missingFigureHint}` : '');
  return {
    ok: false,
    message: `${why}. Saisissez ${FIELD_TEXT[field]} de la mission « ${MISSION_LABELS[code]} » figurant dans l'annexe du contrat.`,
  };
}
