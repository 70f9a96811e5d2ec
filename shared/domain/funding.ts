/**
 * The funding engine (reference §6, §10): what the CPAM owes a CPTS per contract year and mission,
 * and the dated payment tranches. Pure and deterministic; JSON-serialisable output.
 *
 * Rounding: the only rounding is money.mulDivHalfUp (half-up to the cent), applied once per amount:
 *   prorated fixed = round(annual × num/den)
 *   variable       = round(envelope × num/den × parts/10 000)   (or round(earned × num/den))
 *   advance        = round(75 % × amount); balance = amount − advance.
 */
import { compareIso, formatDateFr, isIsoDate, maxIso, type IsoDate } from '../dates';
import { formatInteger, mulDivHalfUp, mulRatioHalfUp } from '../money';
import { formatRateFraction, rateFraction, type RateFraction } from './attainment';
import { contractEndsOn, contractYears, type ContractYear } from './contractYears';
import { missionStartBy } from './deadlines';
import { hasYearEnvelope, resolveFonctionnement, resolveMissionAmount, type ResolvedAmount } from './envelopes';
import {
  CONTRACT_SOURCE,
  MC_SOURCE,
  dateFr,
  eur,
  figureNote,
  fractionText,
  line,
  missionLabel,
  missionYearTexts,
  tableSource,
  yearSuffix,
  yearTexts,
  type YearTexts,
} from './explain';
import type {
  Adjustment,
  ClosedVariable,
  ExplanationLine,
  FundingInput,
  YearRefusal,
  FundingResult,
  FundingYear,
  MissionYear,
  Source,
  Tranche,
} from './fundingTypes';
import { MISSION_CODES, type MissionCode } from './missions';
import { isFullYear, yearFraction, type Fraction } from './prorata';
import {
  FONCTIONNEMENT_AFTER_FIRST_MISSION,
  PRORATA_UNIT,
  TEXT_VERSION_LABELS,
  VARIABLE_PRORATED_IN_START_YEAR,
  ruleTableFor,
  versionInForceOn,
  type ProrataUnit,
  type RuleTable,
  type SizeBand,
  type TextVersionId,
} from './rules';
import { populationForYear, sizeBandFor } from './sizeBand';
import { adjustmentTranche, fixedTranches, fonctionnementTranches, sortTranches, variableTranche } from './schedule';

export type * from './fundingTypes';

/** Engine switches; defaults are the modelling choices of rules/modellingChoices.ts. */
export interface EngineOptions {
  prorataUnit: ProrataUnit;
  variableProratedInStartYear: boolean;
  /**
   * false: no explanation lines (years', missions' and tranches' `explanation` are empty); every
   * figure, tranche, refusal and warning is the same (tests/unit/funding-explain-option.test.ts).
   * For a caller that shows figures only: the portfolio workbook of 1 000 contracts (issue 11).
   */
  explain: boolean;
}

export const DEFAULT_ENGINE_OPTIONS: Readonly<EngineOptions> = {
  prorataUnit: PRORATA_UNIT.value,
  variableProratedInStartYear: VARIABLE_PRORATED_IN_START_YEAR.value,
  explain: true,
};

/** Thrown when the input cannot describe a contract at all (not for missing figures: those are refusals). */
export class FundingInputError extends Error {
  override name = 'FundingInputError';
}


interface PreparedMission {
  code: MissionCode;
  startedOn: IsoDate | null;
  /** max(startedOn, signedOn), or null. */
  effectiveStart: IsoDate | null;
}

interface Context {
  input: FundingInput;
  opts: EngineOptions;
  attainment: Map<string, RateFraction>;
  earned: Map<string, number>;
  closed: Map<string, ClosedVariable>;
  crisisYears: Set<number>;
  usedKeys: Set<string>;
  warnings: string[];
  warningSet: Set<string>;
  /**
   * Unverified (U) figures already warned about: per origin text ("tableau Avenant 2, taille 1"),
   * a bit per (part, mission) (see warnUnverified).
   */
  unverifiedWarned: Map<string, number>;
  /** Crisis mission: number of funded years so far (plan year = first funded year, MC CRISIS_PLAN_YEAR). */
  fundedYears: Map<MissionCode, number>;
}

/** "year|code", the key of the attainment and earned indexes (MissionYearTexts.key: shared strings for the usual years). */
const key = (year: number, code: MissionCode): string => missionYearTexts(year, code).key;

/** Warns once per (part, mission, origin) about an unverified (U) table figure used for a line. */
function warnUnverified(ctx: Context, what: 'fixe' | 'variable', code: MissionCode, r: ResolvedAmount): void {
  if (r.figure?.tag !== 'U') return;
  // No string key to build and hash on each use: one bit per (part, mission) under the origin text.
  const bit = 1 << (2 * MISSION_CODES.indexOf(code) + (what === 'fixe' ? 0 : 1));
  const warned = ctx.unverifiedWarned.get(r.originText) ?? 0;
  if ((warned & bit) !== 0) return;
  ctx.unverifiedWarned.set(r.originText, warned | bit);
  warn(ctx, `Montant non vérifié (U) utilisé : part ${what} « ${missionLabel(code)} » du ${r.originText}. À vérifier avec l'annexe du contrat.`);
}

function warn(ctx: Context, message: string): void {
  if (!ctx.warningSet.has(message)) {
    ctx.warningSet.add(message);
    ctx.warnings.push(message);
  }
}

function validate(input: FundingInput): void {
  if (!isIsoDate(input.signedOn)) throw new FundingInputError(`signedOn : date de signature invalide (${input.signedOn}).`);
  if (input.populations.length === 0) throw new FundingInputError('populations : au moins une population est nécessaire.');
  for (const p of input.populations) {
    if (!Number.isSafeInteger(p.population) || p.population < 0) {
      throw new FundingInputError(`populations : population invalide (${p.population}) : nombre entier d'habitants ≥ 0 attendu.`);
    }
    if (!isIsoDate(p.asOf)) throw new FundingInputError(`populations : date invalide (${p.asOf}).`);
  }
  for (const m of input.missions) {
    if (m.startedOn !== null && !isIsoDate(m.startedOn)) {
      throw new FundingInputError(`missions : date de démarrage invalide pour ${m.code} (${m.startedOn}).`);
    }
  }
}

function prepareMissions(ctx: Context): PreparedMission[] {
  const { input } = ctx;
  const byCode = new Map<MissionCode, PreparedMission>();
  for (const m of input.missions) {
    if (byCode.has(m.code)) {
      warn(ctx, `Mission « ${missionLabel(m.code)} » saisie plusieurs fois : seule la première est prise en compte.`);
      continue;
    }
    let effectiveStart: IsoDate | null = null;
    if (m.startedOn !== null) {
      if (compareIso(m.startedOn, input.signedOn) < 0) {
        warn(ctx, `Mission « ${missionLabel(m.code)} » : démarrage (${formatDateFr(m.startedOn)}) antérieur à la signature ; le calcul part de la signature.`);
      }
      effectiveStart = maxIso(m.startedOn, input.signedOn);
      const startBy = missionStartBy(m.code, input.signedOn);
      if (startBy !== null && compareIso(m.startedOn, startBy) > 0) {
        warn(ctx, `Mission « ${missionLabel(m.code)} » : démarrage le ${formatDateFr(m.startedOn)}, après l'échéance du ${formatDateFr(startBy)}.`);
      }
    }
    byCode.set(m.code, { code: m.code, startedOn: m.startedOn, effectiveStart });
  }
  const prepared: PreparedMission[] = [];
  for (const c of MISSION_CODES) {
    const m = byCode.get(c);
    if (m !== undefined) prepared.push(m);
  }
  return prepared;
}

function buildIndexes(ctx: Context): void {
  const { input } = ctx;
  for (const a of input.attainment ?? []) {
    const k = key(a.year, a.mission);
    if (ctx.attainment.has(k)) warn(ctx, `Taux d'atteinte saisi deux fois pour « ${missionLabel(a.mission)} », année ${a.year} : le dernier est retenu.`);
    if (!(a.rate >= 0 && a.rate <= 1)) {
      warn(ctx, `Taux d'atteinte hors de 0–100 % pour « ${missionLabel(a.mission)} », année ${a.year} (${a.rate}) : ramené dans l'intervalle.`);
    }
    ctx.attainment.set(k, rateFraction(a.rate));
  }
  for (const c of input.variableClosed ?? []) {
    if (!Number.isSafeInteger(c.cents) || c.cents < 0) {
      warn(ctx, `Part variable arrêtée invalide pour « ${missionLabel(c.mission)} », année ${c.year} (${c.cents}) : ignorée.`);
      continue;
    }
    ctx.closed.set(key(c.year, c.mission), c);
  }
  for (const e of input.variableEarned ?? []) {
    const k = key(e.year, e.mission);
    if (!Number.isSafeInteger(e.cents) || e.cents < 0) {
      warn(ctx, `Part variable acquise invalide pour « ${missionLabel(e.mission)} », année ${e.year} (${e.cents}) : ignorée.`);
      continue;
    }
    if (ctx.earned.has(k)) warn(ctx, `Part variable acquise saisie deux fois pour « ${missionLabel(e.mission)} », année ${e.year} : la dernière est retenue.`);
    ctx.earned.set(k, e.cents);
  }
  for (const c of input.crisisRecognised ?? []) ctx.crisisYears.add(c.year);
}

function sourcesOf(primary: Source, prorated: boolean): Source[] {
  return prorated ? [primary, MC_SOURCE] : [primary];
}

function joinNotes(...notes: (string | null | undefined)[]): string | null {
  let out = '';
  for (const n of notes) {
    if (n === null || n === undefined || n === '') continue;
    out = out === '' ? n : `${out} ${n}`;
  }
  return out === '' ? null : out;
}

function emptyMissionYear(ctx: Context, m: PreparedMission, y: ContractYear, state: MissionYear['state'], why: () => string): MissionYear {
  const texts = missionYearTexts(y.year, m.code);
  return {
    code: m.code,
    label: texts.label,
    startedOn: m.startedOn,
    state,
    crisisPlanYear: false,
    fixedCents: 0,
    variableCents: 0,
    variableStatus: 'none',
    variableClosed: false,
    variableMaxCents: 0,
    prorata: { num: 0, den: y.days },
    totalCents: 0,
    explanation: ctx.opts.explain ? [line('mission', texts.suffix, 0, why(), [])] : [],
    refusals: [],
  };
}

/** A refused line: in the mission's explanation and refusals, and in the year's refusals. */
function refuse(
  part: 'fixed' | 'variable',
  mission: MissionCode,
  label: string,
  message: string,
  explanation: ExplanationLine[],
  missionRefusals: string[],
  yearRefusals: YearRefusal[],
  explain: boolean,
): void {
  yearRefusals.push({ line: label, message, part, mission });
  missionRefusals.push(`${label} : ${message}`);
  if (explain) explanation.push(line(part, label, null, `Calcul refusé : ${message}`, [], null, 'refused'));
}

/**
 * One mission in one contract year: appends its tranches to `tranches` and its refused lines to
 * `refusals` (the year's lists), returns the mission's year.
 */
function computeMissionYear(
  ctx: Context,
  m: PreparedMission,
  y: ContractYear,
  table: RuleTable,
  band: SizeBand,
  endsOn: IsoDate,
  tranches: Tranche[],
  refusals: YearRefusal[],
): MissionYear {
  const { input, opts } = ctx;
  const code = m.code;
  if (m.effectiveStart === null) {
    return emptyMissionYear(ctx, m, y, 'not_started', () => 'Mission non démarrée (aucune date de démarrage) : aucun financement.');
  }
  if (compareIso(m.effectiveStart, y.to) > 0) {
    const start = m.effectiveStart;
    return emptyMissionYear(ctx, m, y, 'not_started', () => {
      const after = compareIso(start, endsOn) > 0 ? 'après la fin du contrat' : `après la fin de l'${yearSuffix(y.year)}`;
      return `Démarrage le ${dateFr(start)}, ${after} : aucun financement pour cette année.`;
    });
  }
  const rule = table.missions[code];
  if (rule === undefined && !hasYearEnvelope(input, y.year, code)) {
    return emptyMissionYear(ctx, m, y, 'not_in_text', () =>
      `Mission non prévue par le texte ${TEXT_VERSION_LABELS[table.id]}, applicable à cette année : aucun financement (le texte qui la prévoit s'applique à partir de l'année contractuelle qui commence après son entrée en vigueur).`);
  }

  const texts = missionYearTexts(y.year, code);
  const isCrisis = code === 'crise_sanitaire';
  const fundedBefore = ctx.fundedYears.get(code) ?? 0;
  ctx.fundedYears.set(code, fundedBefore + 1);
  const crisisPlanYear = isCrisis && fundedBefore === 0;
  const fraction: Fraction = yearFraction(y, m.effectiveStart, opts.prorataUnit);
  const prorated = !isFullYear(fraction);
  const explain = opts.explain;
  const fracText = explain ? fractionText(fraction, opts.prorataUnit) : '';
  const explanation: ExplanationLine[] = [];
  const missionRefusals: string[] = [];
  const startNote = prorated && explain
    ? `Démarrage le ${dateFr(m.effectiveStart)} : ${fraction.num} ${opts.prorataUnit === 'days' ? 'jours' : 'mois'} jusqu'à la date anniversaire du ${dateFr(y.nextAnniversary)} sur ${fraction.den}.`
    : null;

  // Part fixe.
  const fixedField = isCrisis && !crisisPlanYear ? 'fixedLaterYears' : 'fixed';
  const fixedLabel = isCrisis ? (crisisPlanYear ? texts.fixedLabelPlanYear : texts.fixedLabelPlanUpdate) : texts.fixedLabel;
  const rf = resolveMissionAmount(input, y.year, code, fixedField, table, band);
  let fixedCents: number | null = null;
  if (rf.ok) {
    const annual = rf.value.cents;
    fixedCents = mulDivHalfUp(annual, fraction.num, fraction.den);
    const sources = sourcesOf(rf.value.source, prorated);
    if (explain) {
      const formula = prorated ? `${eur(annual)}${fracText} = ${eur(fixedCents)}` : `${eur(annual)} (année complète)`;
      explanation.push(line('fixed', fixedLabel, fixedCents, formula, sources,
        joinNotes(`Montant annuel : ${rf.value.originText}.`, startNote, figureNote(rf.value.figure))));
    }
    warnUnverified(ctx, 'fixe', code, rf.value);
    fixedTranches(y, code, fixedCents, m.effectiveStart, table.payment, sources, tranches, texts, explain);
  } else {
    refuse('fixed', code, fixedLabel, rf.message, explanation, missionRefusals, refusals, explain);
  }

  // Part variable.
  const vFrac: Fraction = opts.variableProratedInStartYear ? fraction : { num: 1, den: 1 };
  const vFracText = opts.variableProratedInStartYear ? fracText : '';
  const variableLabel = texts.variableLabel;
  const rv = resolveMissionAmount(input, y.year, code, 'variable', table, band);
  const envelope = rv.ok ? rv.value.cents : null;
  const variableMaxCents = envelope === null ? null : mulDivHalfUp(envelope, vFrac.num, vFrac.den);
  const vSources = rv.ok ? sourcesOf(rv.value.source, prorated && opts.variableProratedInStartYear) : [];
  const vNote = rv.ok && explain ? joinNotes(`Enveloppe annuelle : ${rv.value.originText}.`, figureNote(rv.value.figure)) : null;
  if (rv.ok) warnUnverified(ctx, 'variable', code, rv.value);
  const requiresCrisis = rule?.variableRequiresRecognisedCrisis ?? isCrisis;
  const k = texts.key;
  let variableCents: number | null = null;
  let variableStatus: MissionYear['variableStatus'];
  const closed = ctx.closed.get(k);
  if (closed !== undefined) {
    // The figure stored when the year's annual dialogue closed: read, never recomputed.
    if (ctx.attainment.has(k) || ctx.earned.has(k)) ctx.usedKeys.add(k);
    variableCents = closed.cents;
    variableStatus = 'validated';
    const sources = [CONTRACT_SOURCE];
    let formula: string | null = null;
    if (explain) {
      const computed = closed.computedCents === null ? '' : ` ; calculé selon les indicateurs : ${eur(closed.computedCents)}`;
      const diff = closed.decided && closed.computedCents !== null && closed.computedCents !== closed.cents
        ? ` (écart ${closed.cents > closed.computedCents ? '+' : '−'}${eur(Math.abs(closed.cents - closed.computedCents))})`
        : '';
      formula = closed.decided
        ? `Montant validé par les parties au ${closed.reviewLabel} : ${eur(closed.cents)}${computed}${diff}`
        : `Montant arrêté au ${closed.reviewLabel} : ${eur(closed.cents)}${closed.maxCents === null ? '' : ` sur un maximum de ${eur(closed.maxCents)}`}`;
      const note = joinNotes(
        'Année arrêtée : montant enregistré à la clôture du dialogue annuel ; une correction se fait par addendum daté.',
        closed.fromMigration ? 'Montant enregistré lors de la mise à jour de l’application, à partir des données telles qu’elles étaient.' : null,
      );
      explanation.push(line('variable', variableLabel, variableCents, formula, sources, note));
    }
    variableTranche(y, code, variableCents, formula, sources, tranches, texts, closed.fixedOn);
  } else if (requiresCrisis && !ctx.crisisYears.has(y.year)) {
    variableCents = 0;
    variableStatus = 'no_crisis';
    if (ctx.attainment.has(k) || ctx.earned.has(k)) ctx.usedKeys.add(k);
    const max = variableMaxCents === null || !explain ? '' : ` (maximum si une crise est reconnue : ${eur(variableMaxCents)})`;
    if (explain) explanation.push(line('variable', variableLabel, 0, `Aucune crise sanitaire reconnue par l'ARS pour l'${yearSuffix(y.year)} : part variable non due${max}.`, vSources, vNote));
  } else if (ctx.earned.has(k)) {
    ctx.usedKeys.add(k);
    const earnedRaw = ctx.earned.get(k) ?? 0;
    let earned = earnedRaw;
    if (envelope !== null && earnedRaw > envelope) {
      earned = envelope;
      warn(ctx, `Part variable acquise (${eur(earnedRaw)}) supérieure à l'enveloppe (${eur(envelope)}) pour « ${missionLabel(code)} », année ${y.year} : plafonnée.`);
    }
    variableCents = mulDivHalfUp(earned, vFrac.num, vFrac.den);
    variableStatus = 'validated';
    const formula = explain ? `${eur(earned)} acquis selon les indicateurs${vFracText} = ${eur(variableCents)}` : null;
    const sources = rv.ok ? vSources : [CONTRACT_SOURCE];
    if (formula !== null) explanation.push(line('variable', variableLabel, variableCents, formula, sources, vNote));
    variableTranche(y, code, variableCents, formula, sources, tranches, texts);
  } else if (!rv.ok) {
    variableStatus = 'refused';
    if (ctx.attainment.has(k)) ctx.usedKeys.add(k);
    refuse('variable', code, variableLabel, rv.message, explanation, missionRefusals, refusals, explain);
  } else if (ctx.attainment.has(k) && envelope !== null) {
    ctx.usedKeys.add(k);
    const rate = ctx.attainment.get(k) ?? { num: 0n, den: 1n };
    // One rounding: the exact rate and the pro rata are applied to the cents together.
    variableCents = mulRatioHalfUp(envelope, rate.num * BigInt(vFrac.num), rate.den * BigInt(vFrac.den));
    variableStatus = 'validated';
    const formula = explain ? `${eur(envelope)}${vFracText} × ${formatRateFraction(rate)} = ${eur(variableCents)}` : null;
    if (formula !== null) explanation.push(line('variable', variableLabel, variableCents, formula, vSources, vNote));
    variableTranche(y, code, variableCents, formula, vSources, tranches, texts);
  } else {
    variableStatus = 'pending';
    const max = variableMaxCents ?? 0;
    if (explain) explanation.push(line('variable', variableLabel, null,
      `En attente du dialogue de gestion : maximum ${prorated && opts.variableProratedInStartYear ? `${eur(envelope ?? 0)}${vFracText} = ` : ''}${eur(max)}.`,
      vSources, vNote, 'pending'));
  }

  return {
    code,
    label: texts.label,
    startedOn: m.startedOn,
    state: 'funded',
    crisisPlanYear,
    fixedCents,
    variableCents,
    variableStatus,
    variableClosed: closed !== undefined,
    variableMaxCents,
    prorata: fraction,
    totalCents: (fixedCents ?? 0) + (variableCents ?? 0),
    explanation,
    refusals: missionRefusals,
  };
}

function versionLine(y: ContractYear, texts: YearTexts, version: TextVersionId, forced: boolean): ExplanationLine {
  const table = ruleTableFor(version);
  const inForce = table.inForceOn.value;
  const formula = forced
    ? `${table.label} : version imposée pour toutes les années du contrat.`
    : `${table.label} : texte en vigueur le ${dateFr(y.from)}, premier jour de l'${texts.suffix}` +
      (inForce !== null ? ` (en vigueur depuis le ${dateFr(inForce)}).` : '.');
  return line('version', texts.versionLabel, null, formula, [tableSource(table.inForceOn), MC_SOURCE]);
}

/** "80 000 < population ≤ 175 000" for each band, per threshold set (rule tables are constants). */
const BAND_RANGES = new WeakMap<RuleTable['sizeBands'], Record<SizeBand, string>>();

function bandRanges(thresholds: RuleTable['sizeBands']): Record<SizeBand, string> {
  let range = BAND_RANGES.get(thresholds);
  if (range === undefined) {
    const { t2From, t2To, t3To } = thresholds;
    range = {
      1: `population < ${formatInteger(t2From.value)}`,
      2: `${formatInteger(t2From.value)} ≤ population ≤ ${formatInteger(t2To.value)}`,
      3: `${formatInteger(t2To.value)} < population ≤ ${formatInteger(t3To.value)}`,
      4: `population > ${formatInteger(t3To.value)}`,
    };
    BAND_RANGES.set(thresholds, range);
  }
  return range;
}

function bandLine(texts: YearTexts, table: RuleTable, band: SizeBand, population: number, asOf: IsoDate, previous: SizeBand | null): ExplanationLine {
  const change = previous !== null && previous !== band ? ` Changement de taille : T${previous} → T${band}.` : '';
  return line('band', texts.bandLabel, null,
    `Taille ${band} : population ${formatInteger(population)} au ${dateFr(asOf)} (${bandRanges(table.sizeBands)[band]}).${change}`,
    [tableSource(table.sizeBands.t2From), MC_SOURCE]);
}

/** Computes the funding of a contract over its 5 years. */
export function computeFunding(input: FundingInput, options: Partial<EngineOptions> = {}): FundingResult {
  validate(input);
  const opts: EngineOptions = { ...DEFAULT_ENGINE_OPTIONS, ...options };
  const ctx: Context = {
    input,
    opts,
    attainment: new Map(),
    earned: new Map(),
    closed: new Map(),
    crisisYears: new Set(),
    usedKeys: new Set(),
    warnings: [],
    warningSet: new Set(),
    unverifiedWarned: new Map(),
    fundedYears: new Map(),
  };
  const signedOn = input.signedOn;
  const forced = input.textVersion !== undefined;
  const textVersionAtSignature = input.textVersion ?? versionInForceOn(signedOn);
  const firstInForce = ruleTableFor('aci2019').inForceOn.value;
  if (!forced && firstInForce !== null && compareIso(signedOn, firstInForce) < 0) {
    warn(ctx, `Signature (${formatDateFr(signedOn)}) antérieure à l'entrée en vigueur de l'ACI 2019 (${formatDateFr(firstInForce)}) : montants de l'ACI 2019 appliqués.`);
  }
  const nYears = ruleTableFor(textVersionAtSignature).payment.contractYears.value;
  const endsOn = contractEndsOn(signedOn, nYears);
  const missions = prepareMissions(ctx);
  buildIndexes(ctx);
  let firstStart: IsoDate | null = null;
  for (const m of missions) if (m.effectiveStart !== null && (firstStart === null || compareIso(m.effectiveStart, firstStart) < 0)) firstStart = m.effectiveStart;
  const closedYears = new Set((input.variableClosed ?? []).map((c) => c.year));
  const adjustmentsByYear = new Map<number, Adjustment[]>();
  for (const a of input.adjustments ?? []) {
    if (!Number.isSafeInteger(a.cents) || !isIsoDate(a.dueOn)) {
      warn(ctx, `Ajustement « ${a.text.slice(0, 60)} » invalide : ignoré.`);
      continue;
    }
    adjustmentsByYear.set(a.year, [...(adjustmentsByYear.get(a.year) ?? []), a]);
  }

  const years: FundingYear[] = [];
  const tranches: Tranche[] = [];
  let previousBand: SizeBand | null = null;
  const present = new Set(missions.map((m) => m.code));
  const checkedVersions = new Set<TextVersionId>();
  const missingSocle = new Set<MissionCode>();

  for (const y of contractYears(signedOn, nYears)) {
    const texts = yearTexts(y.year);
    const version = input.textVersion ?? versionInForceOn(y.from);
    const table = ruleTableFor(version);
    const pop = populationForYear(input.populations, y.from);
    const band = sizeBandFor(pop.population, version);
    const explain = opts.explain;
    const explanation: ExplanationLine[] = explain
      ? [versionLine(y, texts, version, forced), bandLine(texts, table, band, pop.population, pop.asOf, previousBand)]
      : [];
    const refusals: FundingYear['refusals'] = [];

    if (!checkedVersions.has(version)) {
      checkedVersions.add(version);
      for (const code of MISSION_CODES) {
        if (table.missions[code]?.status.value === 'socle' && !present.has(code) && !missingSocle.has(code)) {
          missingSocle.add(code);
          const from = y.year === 1 ? '' : ` (socle à partir de l'${texts.suffix}, ${table.label})`;
          warn(ctx, `Mission socle absente du contrat : « ${missionLabel(code)} »${from}.`);
        }
      }
    }

    // Fonctionnement. Years 2–5: due from the start of the missions (reference §6.2, MC).
    const fLabel = texts.fonctionnementLabel;
    const rf = resolveFonctionnement(input, y.year, table, band);
    let fonctionnementCents: number | null = null;
    let fonctionnementPending = false;
    const waitsForMissions = FONCTIONNEMENT_AFTER_FIRST_MISSION.value && y.year > 1 && (firstStart === null || compareIso(firstStart, y.to) > 0);
    if (rf.ok && waitsForMissions) {
      fonctionnementCents = 0;
      fonctionnementPending = true;
      const why = firstStart === null ? 'aucune mission n’a démarré' : `la première mission ne démarre que le ${dateFr(firstStart)}`;
      if (explain) explanation.push(line('fonctionnement', fLabel, 0, `Non dû pour l’instant : ${why} ; le fonctionnement des années 2 à 5 est dû à partir du démarrage des missions (${eur(rf.value.cents)} par an).`,
        [MC_SOURCE], `Montant annuel : ${rf.value.originText}.`, 'pending'));
      warn(ctx, `Fonctionnement de l’année ${y.year} en attente : ${why} (dû à partir du démarrage des missions).`);
    } else if (rf.ok) {
      fonctionnementCents = rf.value.cents;
      const sources = [rf.value.source];
      if (explain) {
        explanation.push(line('fonctionnement', fLabel, fonctionnementCents, `${eur(fonctionnementCents)} (montant annuel)`, sources,
          joinNotes(`Montant annuel : ${rf.value.originText}.`, figureNote(rf.value.figure))));
      }
      const advanceFrom = y.year > 1 && firstStart !== null && compareIso(firstStart, y.from) > 0 ? firstStart : null;
      fonctionnementTranches(y, fonctionnementCents, table.payment, sources, tranches, advanceFrom, explain);
    } else {
      refusals.push({ line: fLabel, message: rf.message, part: 'fonctionnement', mission: null });
      if (explain) explanation.push(line('fonctionnement', fLabel, null, `Calcul refusé : ${rf.message}`, [], null, 'refused'));
    }

    // Missions.
    const missionYears: MissionYear[] = [];
    let fixedSum = 0;
    let variableSum = 0;
    let pendingMax = 0;
    for (const m of missions) {
      const mi = computeMissionYear(ctx, m, y, table, band, endsOn, tranches, refusals);
      missionYears.push(mi);
      fixedSum += mi.fixedCents ?? 0;
      variableSum += mi.variableCents ?? 0;
      if (mi.variableStatus === 'pending') pendingMax += mi.variableMaxCents ?? 0;
    }

    // Dated adjustments decided after the year was closed (addenda): each its own tranche.
    let adjustmentsCents = 0;
    for (const a of adjustmentsByYear.get(y.year) ?? []) {
      adjustmentsCents += a.cents;
      adjustmentTranche(y, a, tranches, explain);
      if (explain) explanation.push(line('adjustment', `Ajustement du ${dateFr(a.dueOn)}${a.mission ? ` — ${missionLabel(a.mission)}` : ''}`, a.cents, `Addendum : ${a.text}`, [CONTRACT_SOURCE]));
    }

    const totalCents = (fonctionnementCents ?? 0) + fixedSum + variableSum + adjustmentsCents;
    if (explain) explanation.push(line('total', texts.totalLabel, totalCents,
      `${eur(fonctionnementCents ?? 0)} (fonctionnement) + ${eur(fixedSum)} (parts fixes) + ${eur(variableSum)} (parts variables validées)` +
        (adjustmentsCents !== 0 ? ` ${adjustmentsCents < 0 ? '−' : '+'} ${eur(Math.abs(adjustmentsCents))} (ajustements)` : '') +
        ` = ${eur(totalCents)}` +
        (pendingMax > 0 ? ` ; parts variables en attente du dialogue de gestion : au plus ${eur(pendingMax)}` : '') +
        (refusals.length > 0 ? ` ; total partiel : ${refusals.length} montant(s) manquant(s), non compté(s)` : ''),
      []));

    years.push({
      year: y.year,
      from: y.from,
      to: y.to,
      days: y.days,
      textVersion: version,
      sizeBand: band,
      population: pop.population,
      sizeBandChanged: previousBand !== null && previousBand !== band,
      fonctionnementCents,
      fonctionnementPending,
      missions: missionYears,
      adjustmentsCents,
      totalCents,
      explanation,
      refusals,
      complete: refusals.length === 0,
      closed: missionYears.some((mi) => mi.variableClosed) || closedYears.has(y.year),
    });
    previousBand = band;
  }

  for (const k of [...ctx.attainment.keys(), ...ctx.earned.keys()]) {
    if (!ctx.usedKeys.has(k)) {
      const [year, code] = k.split('|');
      warn(ctx, `Atteinte saisie pour « ${missionLabel(code as MissionCode)} », année ${year}, ignorée : la mission n'est pas financée cette année-là.`);
    }
  }
  for (const year of ctx.crisisYears) {
    const funded = years.find((fy) => fy.year === year)?.missions.some((mi) => mi.code === 'crise_sanitaire' && mi.state === 'funded');
    if (funded !== true) warn(ctx, `Crise reconnue pour l'année ${year} ignorée : la mission crises sanitaires n'est pas financée cette année-là.`);
  }

  const sorted = sortTranches(tranches);
  return {
    signedOn,
    endsOn,
    textVersionAtSignature,
    years,
    tranches: sorted,
    totalCents: years.reduce((s, fy) => s + fy.totalCents, 0),
    complete: years.every((fy) => fy.complete),
    refusedLines: years.flatMap((fy) => fy.refusals.map((r) => ({ year: fy.year, line: r.line, message: r.message }))),
    warnings: ctx.warnings,
  };
}
