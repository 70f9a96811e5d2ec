/**
 * Closing an annual dialogue de gestion (issue 9, "closed is closed"): which variable figure each
 * mission keeps for the year, from the engine's result computed with the dialogue's validated
 * values and the amounts the parties decided. Pure; the API stores what this returns, once.
 */
import type { IsoDate } from '../dates';
import { formatEuros } from '../money';
import type { ClosedVariable, FundingResult, MissionYear } from './fundingTypes';
import type { MissionCode } from './missions';

export interface DecidedAmount {
  mission: MissionCode;
  cents: number;
}

export interface ClosingFigure {
  mission: MissionCode;
  label: string;
  /** What the échéancier pays from now on (cents, pro rata included; the decided amount when there is one). */
  retainedCents: number;
  /** What the indicators (or the rate) gave, pro rata included; null when nothing could be computed. */
  computedCents: number | null;
  /** Variable envelope × the mission's pro rata for the year. */
  maxCents: number | null;
  decided: boolean;
  prorata: { num: number; den: number };
  /** Why the figure is what it is, for the closing confirmation ("aucun indicateur…"). */
  note: string | null;
}

function computedOf(m: MissionYear): { cents: number | null; note: string | null } {
  switch (m.variableStatus) {
    case 'validated':
      return { cents: m.variableCents, note: null };
    case 'no_crisis':
      return { cents: 0, note: 'Aucune crise sanitaire reconnue par l’ARS : part variable non due.' };
    case 'pending':
      return { cents: null, note: 'Ni indicateur ni taux d’atteinte validé : la part variable est arrêtée à 0 € (un montant peut être validé par les parties).' };
    case 'refused':
      return { cents: null, note: `Enveloppe variable manquante : ${m.refusals.join(' ; ')}` };
    default:
      return { cents: null, note: null };
  }
}

/**
 * The figures a closed annual dialogue stores for `year`: one per mission funded that year. A
 * mission whose envelope is missing and for which the parties decided nothing is left out (its
 * line stays refused, the year's total stays "partiel"); a decided amount is kept as decided,
 * with no further pro rata.
 */
export function closingFigures(result: FundingResult, year: number, decided: readonly DecidedAmount[]): ClosingFigure[] {
  const fy = result.years.find((y) => y.year === year);
  if (fy === undefined) return [];
  const decidedBy = new Map(decided.map((d) => [d.mission, d.cents]));
  const out: ClosingFigure[] = [];
  for (const m of fy.missions) {
    if (m.state !== 'funded') continue;
    const { cents: computedCents, note } = computedOf(m);
    const d = decidedBy.get(m.code);
    if (d === undefined && m.variableStatus === 'refused') continue;
    out.push({
      mission: m.code,
      label: m.label,
      retainedCents: d ?? computedCents ?? 0,
      computedCents,
      maxCents: m.variableMaxCents,
      decided: d !== undefined,
      prorata: m.prorata,
      note: d !== undefined && computedCents !== d ? `Montant validé par les parties, différent du montant calculé${computedCents === null ? '' : ` (${formatEuros(computedCents)})`}.` : note,
    });
  }
  return out;
}

/** The engine's input rows for stored figures. */
export function toClosedVariables(
  rows: readonly { year: number; mission: MissionCode; retainedCents: number; computedCents: number | null; maxCents: number | null; decided: boolean; fixedOn: IsoDate; reviewLabel: string; fromMigration: boolean }[],
): ClosedVariable[] {
  return rows.map((r) => ({
    year: r.year,
    mission: r.mission,
    cents: r.retainedCents,
    computedCents: r.computedCents,
    maxCents: r.maxCents,
    decided: r.decided,
    fixedOn: r.fixedOn,
    reviewLabel: r.reviewLabel,
    fromMigration: r.fromMigration,
  }));
}

/**
 * The crisis plan counts as carried out when every crisis-mission indicator of the year was
 * validated as reached (or the annex has none): with a crisis recognised by the ARS, the crisis
 * variable envelope is then due in full (pro rata as for any mission).
 */
export function crisisPlanCarriedOut(statuses: readonly (string | null)[]): boolean {
  return statuses.every((s) => s === 'atteint');
}
