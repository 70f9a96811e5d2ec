/**
 * Published ceilings (issue 9; reference §5.1, §5.2, §10 (a) and (d)): a contract year's own
 * maximum — fonctionnement + every mission's part fixe + part variable at full attainment, the
 * annual envelopes as the engine resolves them, before any pro rata — beside the published annual
 * maxima that the rule tables hold (`maxTotals`, with their tags and sources), and a warning when
 * the entered envelopes exceed one. Pure: the renderer computes it from the envelopes view.
 *
 * Which published row describes which year (rows are data, their meaning is here; a test checks
 * every row of every table is classified):
 *   - ACI 2019 / avenant 1: "total SNP compris" is the text's maximum; "total hors SNP" (the
 *     185 000 € of a taille 1) leaves out the SNP-specific financing, so exceeding it only asks for
 *     a check that the annex provides that financing.
 *   - Avenant 2: the maximum depends on the crisis mission's year — the year its plan is written
 *     (plan-year fixed part), a plan-update year, with or without a crisis recognised. The "sans
 *     crise" row is compared with the contract's maximum without the crisis variable. When no row
 *     for the year's situation has a figure for the band, the text's highest maximum for the band
 *     applies (every year's maximum is below it).
 */
import { compareIso, maxIso, type IsoDate } from '../dates';
import { formatEuros } from '../money';
import { hasYearEnvelope, resolveFonctionnement, resolveMissionAmount } from './envelopes';
import type { FundingInput, FundingResult } from './fundingTypes';
import type { MissionCode } from './missions';
import { ruleTableFor, type SizeBand, type Tag, type TextVersionId } from './rules';

/** The crisis mission in a contract year. */
export type CrisisYearKind =
  /** the year its plan is written (its first funded year, or any earlier year of a text that provides it) */
  | 'plan'
  /** a plan-update year */
  | 'later'
  /** not in the contract, or not in this year's text */
  | 'none';

export interface YearEnvelopeAmounts {
  textVersion: TextVersionId;
  sizeBand: SizeBand;
  /** null: no amount (the engine refuses the line). */
  fonctionnementCents: number | null;
  /**
   * The contract's missions in this year, with the annual amounts that apply this year (crisis
   * mission: the plan-year or the plan-update part fixe, see `crisis`); null: no amount.
   */
  missions: { code: MissionCode; fixedCents: number | null; variableCents: number | null }[];
  crisis: CrisisYearKind;
}

export type CeilingKind =
  /** the text's maximum for this kind of year: the contract should not exceed it */
  | 'cap'
  /** a published total that leaves out a line the contract may have (2019: SNP financing) */
  | 'partial';

export interface PublishedCeiling {
  /** Key of the row in the rule table's maxTotals. */
  key: string;
  label: string;
  textVersion: TextVersionId;
  cents: number;
  tag: Tag;
  sourceIds: number[];
  note: string | null;
  kind: CeilingKind;
  /** For a 'partial' total: what it leaves out ("le financement spécifique des soins non programmés (SNP)"). */
  leavesOut: string | null;
  /** True when no row describes this year's situation for the band and the text's highest maximum is used. */
  fallback: boolean;
  /** The contract figure compared with this ceiling: its maximum, or without the crisis variable for a "sans crise" row. */
  comparedCents: number;
  /** Amount above the ceiling, 0 when within it. */
  excessCents: number;
  exceeded: boolean;
  /** French, when exceeded: the warning (a 'cap') or the note (a 'partial' total); also in the year's warnings or notes. */
  message: string | null;
}

export interface YearCeilings {
  /** fonctionnement + Σ (part fixe + part variable) of the contract, annual amounts. */
  contractMaxCents: number;
  /** The same without the crisis mission's variable (due only when a crisis is recognised). */
  contractMaxWithoutCrisisVariableCents: number;
  /** Lines without an amount: the contract maximum then counts them as nothing and is partial. */
  missingLines: number;
  /** Published ceilings that apply to this year (tightest first). Empty when none is published for the band. */
  ceilings: PublishedCeiling[];
  /** French: one per exceeded 'cap' ceiling, then the missing amounts (partial maximum). */
  warnings: string[];
  /** French: a 'partial' total exceeded (to check, usually normal), or no ceiling published for the band. */
  notes: string[];
}

interface RowScope {
  kind: CeilingKind;
  /** Crisis situations the row describes. */
  crisis: readonly CrisisYearKind[];
  /** Compare with the contract's maximum including the crisis variable (false: without it). */
  withCrisisVariable: boolean;
  /** For a 'partial' row: what it leaves out. */
  leavesOut?: string;
}

const ANY_YEAR: readonly CrisisYearKind[] = ['plan', 'later', 'none'];

/** The meaning of each published row of the rule tables (`maxTotals` keys). */
export const CEILING_ROW_SCOPES: Readonly<Record<string, RowScope>> = {
  exclSnp: { kind: 'partial', crisis: ANY_YEAR, withCrisisVariable: true, leavesOut: 'le financement spécifique des soins non programmés (SNP)' },
  inclSnp: { kind: 'cap', crisis: ANY_YEAR, withCrisisVariable: true },
  planYearWithCrisis: { kind: 'cap', crisis: ['plan'], withCrisisVariable: true },
  laterYearWithCrisis: { kind: 'cap', crisis: ['later'], withCrisisVariable: true },
  laterYearNoCrisis: { kind: 'cap', crisis: ['later', 'none'], withCrisisVariable: false },
};

/** The published ceilings of a year and how the contract's own maximum compares with them. */
export function yearCeilings(y: YearEnvelopeAmounts): YearCeilings {
  let missingLines = y.fonctionnementCents === null ? 1 : 0;
  let total = y.fonctionnementCents ?? 0;
  let crisisVariable = 0;
  for (const m of y.missions) {
    if (m.fixedCents === null) missingLines++;
    if (m.variableCents === null) missingLines++;
    total += (m.fixedCents ?? 0) + (m.variableCents ?? 0);
    if (m.code === 'crise_sanitaire') crisisVariable += m.variableCents ?? 0;
  }
  const withoutCrisis = total - crisisVariable;

  const table = ruleTableFor(y.textVersion);
  const make = (key: string, scope: RowScope, fallback: boolean): PublishedCeiling | null => {
    const row = table.maxTotals[key];
    const fig = row?.byBand[y.sizeBand];
    if (row === undefined || fig === null || fig === undefined) return null;
    const compared = scope.withCrisisVariable ? total : withoutCrisis;
    const excess = Math.max(0, compared - fig.cents);
    return {
      key,
      label: row.label,
      textVersion: y.textVersion,
      cents: fig.cents,
      tag: fig.tag,
      sourceIds: [...fig.sourceIds],
      note: fig.note ?? null,
      kind: scope.kind,
      leavesOut: scope.leavesOut ?? null,
      fallback,
      comparedCents: compared,
      excessCents: excess,
      exceeded: excess > 0,
      message: null,
    };
  };

  const ceilings: PublishedCeiling[] = [];
  for (const [key, scope] of Object.entries(CEILING_ROW_SCOPES)) {
    if (!scope.crisis.includes(y.crisis)) continue;
    const c = make(key, scope, false);
    if (c !== null) ceilings.push(c);
  }
  if (!ceilings.some((c) => c.kind === 'cap')) {
    // No row for this situation: the text's highest maximum for the band bounds every year.
    let best: PublishedCeiling | null = null;
    for (const [key, scope] of Object.entries(CEILING_ROW_SCOPES)) {
      if (scope.kind !== 'cap') continue;
      const c = make(key, { ...scope, withCrisisVariable: true }, true);
      if (c !== null && (best === null || c.cents > best.cents)) best = c;
    }
    if (best !== null) ceilings.push(best);
  }
  ceilings.sort((a, b) => a.cents - b.cents || a.key.localeCompare(b.key));

  const warnings: string[] = [];
  const notes: string[] = [];
  for (const c of ceilings) {
    if (!c.exceeded) continue;
    const compared = CEILING_ROW_SCOPES[c.key]?.withCrisisVariable === false ? 'hors part variable de crise ' : '';
    const head =
      `Maximum annuel du contrat ${compared}(${formatEuros(c.comparedCents)}) supérieur de ${formatEuros(c.excessCents)} ` +
      `au plafond publié « ${c.label} » (${formatEuros(c.cents)}, ${sourcesText(c)})`;
    if (c.kind === 'partial') {
      c.message = `${head} : ce total ne comprend pas ${c.leavesOut ?? 'toutes les lignes'} ; normal si l’annexe du contrat le prévoit.`;
      notes.push(c.message);
    } else {
      c.message = `${head} : vérifiez les montants saisis avec l’annexe signée.`;
      warnings.push(c.message);
    }
  }
  if (missingLines > 0) {
    warnings.push(`${missingLines} montant${missingLines > 1 ? 's' : ''} manquant${missingLines > 1 ? 's' : ''} : le maximum annuel du contrat est partiel.`);
  }
  if (ceilings.length === 0) {
    notes.push(`Aucun plafond publié pour la taille ${y.sizeBand} dans le texte ${table.label}.`);
  }
  return { contractMaxCents: total, contractMaxWithoutCrisisVariableCents: withoutCrisis, missingLines, ceilings, warnings, notes };
}

/** "S1, sources n° 8, 14" or "S1, communiqué …" (the note) when the figure has no numbered source. */
export function sourcesText(c: Pick<PublishedCeiling, 'tag' | 'sourceIds' | 'note'>): string {
  if (c.sourceIds.length > 0) return `${c.tag}, sources n° ${c.sourceIds.join(', ')}`;
  return c.note !== null && c.note !== '' ? `${c.tag}, ${c.note.replace(/\.$/u, '')}` : c.tag;
}

/** Years of a contract as the envelopes screen holds them (EnvelopeView cells). */
export interface EnvelopeCellsYear {
  year: number;
  to: IsoDate;
  textVersion: TextVersionId;
  sizeBand: SizeBand;
  cells: { line: 'fonctionnement' | 'fixed' | 'variable' | 'fixedLater'; mission: MissionCode | null; cents: number | null }[];
}

/**
 * The crisis mission's situation per year, from the years whose text provides it (a year listing
 * a crisis cell): the plan year is the first such year the mission has started by its last day
 * (as the engine's CRISIS_PLAN_YEAR), the years after it are plan updates. Years before it — or
 * all years when the mission never starts — count as plan years (the annex's largest amount).
 */
export function crisisYearKinds(
  years: readonly { year: number; to: IsoDate; providesCrisis: boolean }[],
  crisisStartedOn: IsoDate | null,
  signedOn: IsoDate,
): Map<number, CrisisYearKind> {
  const start = crisisStartedOn === null ? null : maxIso(crisisStartedOn, signedOn);
  const planYear = years.find((y) => y.providesCrisis && start !== null && compareIso(start, y.to) <= 0)?.year ?? null;
  const out = new Map<number, CrisisYearKind>();
  for (const y of years) {
    out.set(y.year, !y.providesCrisis ? 'none' : planYear === null || y.year <= planYear ? 'plan' : 'later');
  }
  return out;
}

/**
 * A year's amounts from the envelopes view's cells (the engine's own resolution): the crisis
 * mission's part fixe is the plan-year cell or the plan-update cell, by `crisis`.
 */
export function yearAmountsFromCells(y: EnvelopeCellsYear, crisis: CrisisYearKind): YearEnvelopeAmounts {
  let fonctionnementCents: number | null = null;
  const missions = new Map<MissionCode, { code: MissionCode; fixedCents: number | null; variableCents: number | null }>();
  for (const c of y.cells) {
    if (c.line === 'fonctionnement' || c.mission === null) {
      if (c.line === 'fonctionnement') fonctionnementCents = c.cents;
      continue;
    }
    const m = missions.get(c.mission) ?? { code: c.mission, fixedCents: null, variableCents: null };
    missions.set(c.mission, m);
    const isCrisis = c.mission === 'crise_sanitaire';
    if (c.line === 'variable') m.variableCents = c.cents;
    else if (c.line === 'fixed' && !(isCrisis && crisis === 'later')) m.fixedCents = c.cents;
    else if (c.line === 'fixedLater' && isCrisis && crisis === 'later') m.fixedCents = c.cents;
  }
  return { textVersion: y.textVersion, sizeBand: y.sizeBand, fonctionnementCents, missions: [...missions.values()], crisis };
}

/**
 * Each year's amounts from an engine result and its input (the same resolvers the engine uses):
 * every contract mission the year's text provides (or the year's annex funds), started or not.
 */
export function yearAmountsFromFunding(input: FundingInput, result: FundingResult): YearEnvelopeAmounts[] {
  const inYear = (fy: FundingResult['years'][number], code: MissionCode): boolean =>
    ruleTableFor(fy.textVersion).missions[code] !== undefined || hasYearEnvelope(input, fy.year, code);
  const crisis = input.missions.find((m) => m.code === 'crise_sanitaire');
  const kinds = crisisYearKinds(
    result.years.map((fy) => ({ year: fy.year, to: fy.to, providesCrisis: crisis !== undefined && inYear(fy, 'crise_sanitaire') })),
    crisis?.startedOn ?? null,
    input.signedOn,
  );
  return result.years.map((fy) => {
    const table = ruleTableFor(fy.textVersion);
    const kind = kinds.get(fy.year) ?? 'none';
    const f = resolveFonctionnement(input, fy.year, table, fy.sizeBand);
    const missions = fy.missions
      .filter((m) => inYear(fy, m.code))
      .map((m) => {
        const field = m.code === 'crise_sanitaire' && kind === 'later' ? 'fixedLaterYears' : 'fixed';
        const rf = resolveMissionAmount(input, fy.year, m.code, field, table, fy.sizeBand);
        const rv = resolveMissionAmount(input, fy.year, m.code, 'variable', table, fy.sizeBand);
        return { code: m.code, fixedCents: rf.ok ? rf.value.cents : null, variableCents: rv.ok ? rv.value.cents : null };
      });
    return { textVersion: fy.textVersion, sizeBand: fy.sizeBand, fonctionnementCents: f.ok ? f.value.cents : null, missions, crisis: kind };
  });
}
