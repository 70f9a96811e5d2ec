// The contract's money as the engine computes it: envelopes (pre-filled from the rule table,
// overridden by the contract's annex), validated attainment, funding, what-if.
import { addDays, compareIso, formatDateFr, type IsoDate } from '../../shared/dates';
import { computeFunding, type Envelopes, type FundingInput, type FundingResult, type MissionEnvelope } from '../../shared/domain/funding';
import { MISSION_LABELS, missionNotInContract, type MissionCode } from '../../shared/domain/missions';
import { ruleTableFor } from '../../shared/domain/rules';
import { resolveFonctionnement, resolveMissionAmount, type MissionAmountField } from '../../shared/domain/envelopes';
import type { EnvelopeLine } from '../../shared/schemas/money';
import type { ApiParsed } from '../../shared/api';
import type { EnvelopeCell, EnvelopeView, FundingView, MoneyTotals, TrancheStatus } from '../../shared/views';
import type { Db } from '../db/connection';
import { AppError, invalid, type ApiContext } from './context';
import { loadContract, type ContractRecord } from '../db/repo/contracts';
import { allocationRows, attainmentRows, crisisYears, envelopeRows, insertAttainment, insertEnvelope, type EnvelopeRow } from '../db/repo/funding';
import { assertYearOpen, closedInputs, closedYears, yearClosedError, type ClosedInputs } from './closedYears';

const DAYS_AHEAD = 60;

const LINE_KEY: Record<Exclude<EnvelopeLine, 'fonctionnement'>, keyof MissionEnvelope> = {
  fixed: 'fixedCents',
  variable: 'variableCents',
  fixedLater: 'fixedLaterYearsCents',
};

export type { EnvelopeRow };

/** The latest row per (year, line, mission) is in force; earlier rows are history. */
function envelopesInForce(rows: EnvelopeRow[]): Map<string, EnvelopeRow> {
  const m = new Map<string, EnvelopeRow>();
  for (const r of rows) m.set(`${r.year}|${r.line}|${r.mission}`, r);
  return m;
}

function toEnvelopes(rows: EnvelopeRow[]): Envelopes {
  const env: Envelopes = { missions: {} };
  for (const r of rows) {
    if (r.line === 'fonctionnement') env.fonctionnementCents = r.cents;
    else {
      const code = r.mission as MissionCode;
      const cur = env.missions![code] ?? {};
      cur[LINE_KEY[r.line as Exclude<EnvelopeLine, 'fonctionnement'>]] = r.cents;
      env.missions![code] = cur;
    }
  }
  return env;
}

export interface FundingOverrides {
  attainment?: { year: number; mission: MissionCode; rateBp: number }[];
  missionStarts?: { code: MissionCode; startedOn: IsoDate | null }[];
}

/** What the engine reads of one contract beyond the contract itself, as stored (each list in the repository's order). */
export interface FundingRows {
  envelopes: EnvelopeRow[];
  attainment: { year: number; mission: string; rate_bp: number }[];
  /** Years for which a closed dialogue recorded that the ARS recognised a crisis. */
  crisisYears: number[];
  closed: Pick<ClosedInputs, 'variableClosed' | 'adjustments'>;
}

export async function fundingInputFor(db: Db, c: ContractRecord, overrides: FundingOverrides = {}): Promise<FundingInput> {
  const envelopes = await envelopeRows(db, c.id);
  const attainment = await attainmentRows(db, c.id);
  const closed = await closedInputs(db, c.id);
  const crisis = await crisisYears(db, c.id);
  return assembleFundingInput(c, { envelopes, attainment, crisisYears: crisis, closed }, overrides);
}

/** The engine's input from rows already read (fundingInputFor, or a load of many contracts at once: electron/api/fundingBatch.ts). */
export function assembleFundingInput(
  c: { signedOn: IsoDate; populations: readonly { population: number; asOf: IsoDate }[]; missions: readonly { code: MissionCode; startedOn: IsoDate | null }[] },
  rows: FundingRows,
  overrides: FundingOverrides = {},
): FundingInput {
  const inForce = [...envelopesInForce(rows.envelopes).values()];
  const envelopesByYear: Record<number, Envelopes> = {};
  for (let y = 1; y <= 5; y++) {
    const ofYear = inForce.filter((r) => r.year === y);
    if (ofYear.length > 0) envelopesByYear[y] = toEnvelopes(ofYear);
  }
  const rates = new Map<string, { year: number; mission: MissionCode; rateBp: number }>();
  for (const a of rows.attainment) rates.set(`${a.year}|${a.mission}`, { year: a.year, mission: a.mission as MissionCode, rateBp: a.rate_bp });
  for (const a of overrides.attainment ?? []) rates.set(`${a.year}|${a.mission}`, a);
  const starts = new Map((overrides.missionStarts ?? []).map((m) => [m.code, m.startedOn]));
  return {
    signedOn: c.signedOn,
    populations: c.populations.map((p) => ({ population: p.population, asOf: p.asOf })),
    envelopes: toEnvelopes(inForce.filter((r) => r.year === 0)),
    envelopesByYear,
    missions: c.missions.map((m) => ({ code: m.code, startedOn: starts.has(m.code) ? (starts.get(m.code) ?? null) : m.startedOn })),
    attainment: [...rates.values()].map((r) => ({ year: r.year, mission: r.mission, rate: r.rateBp / 10_000 })),
    // The crisis mission's variable part is due only for years where a closed dialogue recorded
    // that the ARS recognised a crisis.
    crisisRecognised: rows.crisisYears.map((year) => ({ year })),
    // A closed annual dialogue's figures are read as stored, never recomputed; later changes are
    // dated adjustments (addenda), each its own tranche.
    variableClosed: rows.closed.variableClosed,
    adjustments: rows.closed.adjustments,
  };
}

/** Sums of allocations per tranche id. */
export async function paidByTranche(db: Db, contractId: number): Promise<Map<string, number>> {
  const m = new Map<string, number>();
  for (const r of await allocationRows(db, contractId)) m.set(r.trancheId, (m.get(r.trancheId) ?? 0) + r.cents);
  return m;
}

export function scheduleWithPayments(result: FundingResult, paid: Map<string, number>, today: IsoDate): { schedule: TrancheStatus[]; totals: MoneyTotals } {
  const horizon = addDays(today, DAYS_AHEAD);
  const totals: MoneyTotals = { dueCents: 0, dueToDateCents: 0, paidCents: 0, outstandingCents: 0, overdueCents: 0, dueNext60Cents: 0 };
  const schedule = result.tranches.map((t): TrancheStatus => {
    const paidCents = paid.get(t.id) ?? 0;
    const outstandingCents = t.amountCents - paidCents;
    const isPast = compareIso(t.dueOn, today) < 0;
    const overdue = isPast && outstandingCents > 0;
    totals.dueCents += t.amountCents;
    totals.paidCents += paidCents;
    totals.outstandingCents += outstandingCents;
    if (compareIso(t.dueOn, today) <= 0) totals.dueToDateCents += t.amountCents;
    if (overdue) totals.overdueCents += outstandingCents;
    if (!isPast && compareIso(t.dueOn, horizon) <= 0 && outstandingCents > 0) totals.dueNext60Cents += outstandingCents;
    // Field by field: V8 copies `{ ...t, more }` far more slowly (1 000 contracts in the portfolio workbook).
    return { id: t.id, dueOn: t.dueOn, year: t.year, kind: t.kind, mission: t.mission, amountCents: t.amountCents, label: t.label, explanation: t.explanation, paidCents, outstandingCents, overdue };
  });
  return { schedule, totals };
}

export async function fundingView(ctx: ApiContext, c: ContractRecord, overrides?: FundingOverrides): Promise<FundingView> {
  const result = computeFunding(await fundingInputFor(ctx.db, c, overrides));
  const today = ctx.today();
  const { schedule, totals } = scheduleWithPayments(result, await paidByTranche(ctx.db, c.id), today);
  return { contractId: c.id, today, result, schedule, totals, simulated: overrides !== undefined };
}

/** The same funding with the payments as they stand now (after a write): the engine is not run again. */
export async function withCurrentPayments(ctx: ApiContext, view: FundingView): Promise<FundingView> {
  return { ...view, ...scheduleWithPayments(view.result, await paidByTranche(ctx.db, view.contractId), view.today) };
}

export async function getFunding(ctx: ApiContext, input: { contractId: number }): Promise<FundingView> {
  return fundingView(ctx, await loadContract(ctx.db, input.contractId));
}

export async function whatIf(ctx: ApiContext, input: ApiParsed<'funding.whatIf'>): Promise<FundingView> {
  const c = await loadContract(ctx.db, input.contractId);
  input.missionStarts.forEach((m, i) => {
    const notInContract = missionNotInContract(c, m.code);
    if (notInContract) throw invalid(`missionStarts.${i}.code`, notInContract);
    if (m.startedOn && compareIso(m.startedOn, c.signedOn) < 0) {
      throw invalid(`missionStarts.${i}.startedOn`, `${MISSION_LABELS[m.code]} : le démarrage ne peut précéder la signature (${formatDateFr(c.signedOn)}).`);
    }
  });
  return fundingView(ctx, c, {
    attainment: input.attainment.map((a) => ({ year: a.year, mission: a.mission, rateBp: a.ratePercent })),
    missionStarts: input.missionStarts,
  });
}

export async function setAttainment(ctx: ApiContext, input: ApiParsed<'attainment.set'>): Promise<FundingView> {
  const c = await loadContract(ctx.db, input.contractId);
  const notInContract = missionNotInContract(c, input.mission);
  if (notInContract) throw invalid('mission', notInContract);
  await assertYearOpen(ctx.db, c.id, input.year, 'son taux d’atteinte', 'ratePercent');
  await insertAttainment(ctx.db, { contractId: c.id, year: input.year, mission: input.mission, rateBp: input.ratePercent, comment: input.comment, recordedAt: new Date().toISOString() });
  return fundingView(ctx, c);
}

const RESOLVE_FIELD: Record<Exclude<EnvelopeLine, 'fonctionnement'>, MissionAmountField> = { fixed: 'fixed', variable: 'variable', fixedLater: 'fixedLaterYears' };

const LINE_LABELS: Record<EnvelopeLine, string> = {
  fonctionnement: 'Fonctionnement',
  fixed: 'Part fixe',
  variable: 'Part variable',
  fixedLater: 'Part fixe, années suivantes (mise à jour du plan)',
};

export async function getEnvelopes(ctx: ApiContext, input: { contractId: number }): Promise<EnvelopeView> {
  const c = await loadContract(ctx.db, input.contractId);
  const rows = await envelopeRows(ctx.db, c.id);
  const inForce = envelopesInForce(rows);
  const fundingInput = await fundingInputFor(ctx.db, c);
  const result = computeFunding(fundingInput);
  const years = result.years.map((y) => {
    const table = ruleTableFor(y.textVersion);
    const keys: { line: EnvelopeLine; mission: MissionCode | null }[] = [{ line: 'fonctionnement', mission: null }];
    for (const m of c.missions) {
      if (!table.missions[m.code]) continue; // not provided by this year's text (crisis mission before avenant 2)
      keys.push({ line: 'fixed', mission: m.code }, { line: 'variable', mission: m.code });
      if (table.missions[m.code]?.fixedLaterYears) keys.push({ line: 'fixedLater', mission: m.code });
    }
    const cells = keys.map((k): EnvelopeCell => {
      const label = k.mission ? `${LINE_LABELS[k.line]} — ${MISSION_LABELS[k.mission]}` : LINE_LABELS[k.line];
      // The engine's own resolution (year > all years > table > missing), so the screen shows
      // exactly the figure the computation uses.
      const r =
        k.mission === null
          ? resolveFonctionnement(fundingInput, y.year, table, y.sizeBand)
          : resolveMissionAmount(fundingInput, y.year, k.mission, RESOLVE_FIELD[k.line as Exclude<EnvelopeLine, 'fonctionnement'>], table, y.sizeBand);
      if (!r.ok) return { ...k, label, cents: null, origin: 'missing', tag: null, sourceIds: [], note: r.message, reason: '' };
      if (r.value.source.origin === 'contract') {
        const own = inForce.get(`${y.year}|${k.line}|${k.mission ?? ''}`) ?? inForce.get(`0|${k.line}|${k.mission ?? ''}`);
        return { ...k, label, cents: r.value.cents, origin: 'contract', tag: null, sourceIds: [], note: r.value.originText, reason: own?.reason ?? '' };
      }
      const fig = r.value.figure;
      const note = fig?.tag === 'U' ? 'À vérifier avec l’annexe du contrat.' : (fig?.note ?? '');
      return { ...k, label, cents: r.value.cents, origin: 'table', tag: r.value.source.tag, sourceIds: [...r.value.source.sourceIds], note, reason: '' };
    });
    return { year: y.year, from: y.from, to: y.to, textVersion: y.textVersion, sizeBand: y.sizeBand, cells };
  });
  return {
    contractId: c.id,
    years,
    history: rows
      .map((r) => ({
        year: r.year === 0 ? null : r.year,
        line: r.line as EnvelopeLine,
        mission: r.mission === '' ? null : (r.mission as MissionCode),
        cents: r.cents,
        reason: r.reason,
        recordedAt: r.recorded_at,
      }))
      .reverse(),
  };
}

export async function setEnvelope(ctx: ApiContext, input: ApiParsed<'envelopes.set'>): Promise<EnvelopeView> {
  const c = await loadContract(ctx.db, input.contractId);
  const notInContract = missionNotInContract(c, input.mission);
  if (notInContract) throw invalid('mission', notInContract);
  // An envelope change may not reach a year whose annual dialogue is closed.
  const closed = await closedYears(ctx.db, c.id);
  if (input.year != null) {
    const review = closed.get(input.year);
    if (review) throw yearClosedError(input.year, review, 'son enveloppe', 'cents');
  } else if (closed.size > 0) {
    const years = [...closed.keys()].sort((a, b) => a - b);
    const open = [1, 2, 3, 4, 5].filter((y) => !closed.has(y));
    throw new AppError(
      'CONFLICT',
      `Enveloppe « toutes années » impossible : ${years.length > 1 ? `les années ${years.join(', ')} sont arrêtées` : `l’année ${years[0]} est arrêtée`} (dialogue annuel clos). ` +
        (open.length > 0 ? `Saisissez l’enveloppe année par année (${open.join(', ')}) ; ` : '') +
        'une correction d’une année arrêtée se fait par un addendum daté au dialogue.',
      { year: 'Année arrêtée : choisissez une année ouverte.' },
    );
  }
  await insertEnvelope(ctx.db, {
    contractId: c.id,
    year: input.year ?? 0,
    line: input.line,
    mission: input.mission ?? '',
    cents: input.cents,
    reason: input.reason,
    recordedAt: new Date().toISOString(),
  });
  return getEnvelopes(ctx, { contractId: c.id });
}
