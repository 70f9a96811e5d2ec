/**
 * Envelope resolution (reference §6, DESIGN "Rules as data"): for each line of a contract year,
 * envelopesByYear[year] > envelopes > rule table > missing. A missing figure is never a silent 0:
 * the caller refuses the line with the French message returned here.
 */
import type { Envelopes, FundingInput, MissionEnvelope, Source } from './fundingTypes';
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

function missionEnvelopeValue(env: MissionEnvelope | undefined, field: MissionAmountField, perYear: boolean): number | null | undefined {
  if (env === undefined) return undefined;
  if (field === 'fixed') return env.fixedCents;
  if (field === 'variable') return env.variableCents;
  // A per-year annex states that year's part fixe: accept fixedCents for a plan-update year.
  return perYear ? (env.fixedLaterYearsCents ?? env.fixedCents) : env.fixedLaterYearsCents;
}

function fromContract(
  levels: readonly { envelopes: Envelopes | undefined; text: string; perYear: boolean }[],
  get: (e: Envelopes, perYear: boolean) => number | null | undefined,
): Resolution | null {
  for (const level of levels) {
    if (level.envelopes === undefined) continue;
    const p = pick(get(level.envelopes, level.perYear));
    if (p.kind === 'ok') {
      return { ok: true, value: { cents: p.cents, source: { ...CONTRACT_SOURCE }, figure: null, originText: level.text } };
    }
    if (p.kind === 'invalid') {
      return { ok: false, message: `montant invalide dans l'${level.text} (${String(p.raw)}) : un nombre entier de centimes ≥ 0 est attendu` };
    }
  }
  return null;
}

function contractLevels(input: FundingInput, year: number) {
  return [
    { envelopes: input.envelopesByYear?.[year], text: `annexe du contrat (année ${year})`, perYear: true },
    { envelopes: input.envelopes, text: 'annexe du contrat', perYear: false },
  ] as const;
}

function fromTable(fig: AmountFigure | null | undefined, table: RuleTable, band: SizeBand): ResolvedAmount | null {
  if (fig === null || fig === undefined) return null;
  return { cents: fig.cents, source: tableSource(fig), figure: fig, originText: `tableau ${table.label}, taille ${band}` };
}

export function resolveFonctionnement(input: FundingInput, year: number, table: RuleTable, band: SizeBand): Resolution {
  const c = fromContract(contractLevels(input, year), (e) => e.fonctionnementCents);
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
  const c = fromContract(contractLevels(input, year), (e, perYear) => missionEnvelopeValue(e.missions?.[code], field, perYear));
  if (c !== null) return c;
  const rule = table.missions[code];
  const fig = rule === undefined ? null : field === 'fixedLaterYears' ? rule.fixedLaterYears?.[band] : rule[field][band];
  const t = fromTable(fig, table, band);
  if (t !== null) return { ok: true, value: t };
  const why =
    rule === undefined
      ? `la mission « ${MISSION_LABELS[code]} » n'existe pas dans le texte ${TEXT_VERSION_LABELS[table.id]}`
      : `aucun montant dans le tableau ${TEXT_VERSION_LABELS[table.id]} pour la taille ${band}` +
        (rule.missingFigureHint !== undefined ? ` (${rule.missingFigureHint})` : '');
  return {
    ok: false,
    message: `${why}. Saisissez ${FIELD_TEXT[field]} de la mission « ${MISSION_LABELS[code]} » figurant dans l'annexe du contrat.`,
  };
}
