// The yearly annex: mission -> actions -> indicators (with paliers) and livrables; values.
// Earned amounts come from shared/domain/indicators (pure).
import type { ApiParsed } from '../../shared/api';
import type { AnnexMission, AnnexView, EvidenceRow, IndicatorRow, SeriesPoint, ValueRow } from '../../shared/indicatorViews';
import { contractYears } from '../../shared/domain/contractYears';
import { earnedCents, maxCents, sumMission, type Direction, type IndicatorPayment, type IndicatorRule, type IndicatorUnit, type IndicatorKind } from '../../shared/domain/indicators';
import { hasMission, MISSION_CODES, MISSION_LABELS, missionNotInContract, type MissionCode } from '../../shared/domain/missions';
import { addMonths, compareIso, formatDateFr } from '../../shared/dates';
import type { Measure } from '../../shared/schemas/indicators';
import { formatEuros } from '../../shared/money';
import type { Selectable } from 'kysely';
import { inTransaction, type Db } from '../db/connection';
import type { IndicatorTable } from '../db/schema';
import {
  annexIndicators,
  annexLivrables,
  annexPaliers,
  annexRevisions,
  annexValues,
  copyAnnexTree,
  indicatorEvidence,
  livrableEvidence,
  type PalierRow,
  type RevisionDbRow,
  type ValueDbRow,
} from '../db/repo/annexTree';
import {
  actionOwner,
  annexActions,
  annexYearId,
  annexYearsOf,
  contractIndicatorNodes,
  contractIndicatorValues,
  indicatorOwner,
  insertAction,
  insertAnnexYear,
  insertIndicator,
  insertIndicatorValue,
  insertLivrable,
  livrableAction,
  loadIndicators,
  paliersOfIndicator,
  setLivrableDone,
  validatedValues,
} from '../db/repo/annex';
import { AppError, invalid, notFound, type ApiContext } from './context';
import { loadContract, type ContractRecord } from '../db/repo/contracts';
import { fundingInputFor } from './funding';
import { assertYearOpen } from './closedYears';
import { computeFunding } from '../../shared/domain/funding';
import { resolveMissionAmount } from '../../shared/domain/envelopes';
import { ruleTableFor } from '../../shared/domain/rules';

const now = () => new Date().toISOString();

export function yearBounds(c: ContractRecord, year: number): { from: string; to: string } {
  const y = contractYears(c.signedOn)[year - 1];
  if (!y) throw invalid('year', 'Année du contrat : 1 à 5.');
  return { from: y.from, to: y.to };
}

// Read by the other handlers (reviews, the annex workbook) from here, with the annex's rules.
export { annexYearId, loadIndicators, validatedValues };

/** Checks a typed measure fits the indicator's unit and gives the stored value (hundredths). */
export function checkUnit(field: string, measure: Measure, unit: IndicatorUnit, label: string): number {
  if (typeof measure !== 'number') {
    if (unit !== 'yesno') throw invalid(field, `${label} : « ${measure.word} » ne convient qu’à un indicateur oui/non ; saisissez un nombre.`);
    return measure.word === 'oui' ? 100 : 0;
  }
  const value = measure;
  if (unit === 'yesno' && value !== 0 && value !== 100) throw invalid(field, `${label} : oui ou non attendu pour cet indicateur.`);
  if (value < 0) throw invalid(field, `${label} : ne peut pas être négatif.`);
  if (unit === 'percentage' && value > 10_000) throw invalid(field, `${label} : un pourcentage ne dépasse pas 100.`);
  if (unit === 'count' && value % 100 !== 0) throw invalid(field, `${label} : nombre entier attendu pour cet indicateur.`);
  return value;
}

type IndicatorDbRow = Omit<Selectable<IndicatorTable>, 'position'>;
type RuleFields = Pick<IndicatorDbRow, 'label' | 'unit' | 'direction' | 'payment' | 'amount_cents' | 'target' | 'baseline'>;

/** An indicator's payment rule from its row and its paliers (lowest threshold first). */
export function ruleOf(ind: RuleFields, paliers: readonly { label: string; threshold: number; amountCents: number }[]): IndicatorRule {
  return {
    label: ind.label,
    unit: ind.unit as IndicatorUnit,
    direction: ind.direction as Direction,
    payment: ind.payment as IndicatorPayment,
    amountCents: ind.amount_cents,
    target: ind.target,
    baseline: ind.baseline,
    paliers: paliers.map((p) => ({ label: p.label, threshold: p.threshold, amountCents: p.amountCents })),
  };
}

/** One indicator's rule (its paliers read with one query); a whole annex reads them at once (electron/db/repo/annexTree.ts). */
export async function indicatorRule(db: Db, ind: IndicatorDbRow): Promise<IndicatorRule> {
  const paliers = await paliersOfIndicator(db, ind.id);
  return ruleOf(
    ind,
    paliers.map((p) => ({ label: p.label, threshold: p.threshold, amountCents: p.amount_cents })),
  );
}

interface SeriesNode {
  id: number;
  origin: number | null;
  target: number | null;
  year: number;
  latest: number | null;
}

/** Every indicator of a contract with its latest value, loaded once per view (two queries). */
async function seriesNodes(db: Db, contractId: number): Promise<Map<number, SeriesNode>> {
  const all = await contractIndicatorNodes(db, contractId);
  const values = await contractIndicatorValues(db, contractId);
  const latest = new Map<number, number>();
  for (const v of values) latest.set(v.indicatorId, v.value);
  return new Map(all.map((a) => [a.id, { id: a.id, origin: a.origin, target: a.target, year: a.year, latest: latest.get(a.id) ?? null }]));
}

/** The same indicator across the years: follows the copy chain backwards and forwards. */
function series(nodes: Map<number, SeriesNode>, id: number): SeriesPoint[] {
  let root = id;
  while (nodes.get(root)?.origin) root = nodes.get(root)!.origin!;
  const children = new Map<number, number>();
  for (const n of nodes.values()) if (n.origin !== null) children.set(n.origin, n.id);
  const points: SeriesPoint[] = [];
  for (let cur: number | undefined = root; cur !== undefined; cur = children.get(cur)) {
    const node = nodes.get(cur);
    if (!node) break;
    points.push({ year: node.year, value: node.latest, target: node.target });
  }
  return points.sort((a, b) => a.year - b.year);
}

/** What a year's annex reads, each table with one query for the whole annex. */
interface AnnexData {
  nodes: Map<number, SeriesNode>;
  validated: Map<number, number | null> | null;
  paliers: Map<number, PalierRow[]>;
  values: Map<number, ValueDbRow[]>;
  revisions: Map<number, RevisionDbRow[]>;
  evidence: Map<number, EvidenceRow[]>;
}

function indicatorRow(data: AnnexData, ind: IndicatorDbRow): IndicatorRow {
  const rule = ruleOf(ind, data.paliers.get(ind.id) ?? []);
  const values: ValueRow[] = (data.values.get(ind.id) ?? []).map((r) => ({ value: r.value, measuredOn: r.measuredOn, comment: r.comment, recordedAt: r.recordedAt }));
  const v = data.validated?.get(ind.id) ?? null;
  const basis = v !== null ? v : (values[0]?.value ?? null);
  return {
    id: ind.id,
    label: ind.label,
    kind: ind.kind as IndicatorKind,
    unit: rule.unit,
    baseline: ind.baseline,
    baselineOn: ind.baseline_on,
    source: ind.source as 'cpam' | 'cpts',
    direction: rule.direction,
    payment: rule.payment,
    amountCents: ind.amount_cents,
    maxCents: maxCents(rule),
    target: ind.target,
    paliers: rule.paliers,
    value: values[0] ?? null,
    values,
    validated: v,
    earned: earnedCents(rule, basis),
    earnedFrom: v !== null ? 'validated' : values[0] ? 'measured' : null,
    targetHistory: (data.revisions.get(ind.id) ?? []).map((r) => ({ oldTarget: r.oldTarget, newTarget: r.newTarget, decidedOn: r.decidedOn, decision: r.decision, reviewId: r.reviewId })),
    evidence: data.evidence.get(ind.id) ?? [],
    series: series(data.nodes, ind.id),
  };
}

/** The variable envelope of each mission for a year, as the funding engine resolves it. */
type EnvelopeLookup = (mission: MissionCode) => number | null;

export async function annexView(ctx: ApiContext, c: ContractRecord, year: number, variableEnvelope: EnvelopeLookup): Promise<AnnexView> {
  const { from, to } = yearBounds(c, year);
  const years = await annexYearsOf(ctx.db, c.id);
  const annex = years.find((y) => y.year === year);
  const base = { contractId: c.id, year, from, to, yearsWithAnnex: years.map((y) => y.year) };
  if (!annex) return { ...base, exists: false, copiedFromYear: null, missions: [] };
  const db = ctx.db;
  const ids = [annex.id];
  const data: AnnexData = {
    validated: await validatedValues(db, c.id, year),
    nodes: await seriesNodes(db, c.id),
    paliers: await annexPaliers(db, ids),
    values: await annexValues(db, ids),
    revisions: await annexRevisions(db, ids),
    evidence: await indicatorEvidence(db, ids),
  };
  const actions = await annexActions(db, annex.id);
  const indicatorsByAction = new Map<number, IndicatorDbRow[]>();
  for (const ind of await annexIndicators(db, ids)) {
    const list = indicatorsByAction.get(ind.action_id);
    if (list) list.push(ind);
    else indicatorsByAction.set(ind.action_id, [ind]);
  }
  const livrables = await annexLivrables(db, ids);
  const livEvidence = await livrableEvidence(db, ids);
  const missions: AnnexMission[] = [];
  for (const code of MISSION_CODES) {
    const mine = actions.filter((a) => a.mission === code);
    if (mine.length === 0 && !hasMission(c, code)) continue;
    const actionRows = [];
    const items: { label: string; rule: IndicatorRule; value: number | null }[] = [];
    for (const a of mine) {
      const rows: IndicatorRow[] = [];
      for (const ind of indicatorsByAction.get(a.id) ?? []) {
        const row = indicatorRow(data, ind);
        rows.push(row);
        items.push({ label: row.label, rule: { label: row.label, unit: row.unit, direction: row.direction, payment: row.payment, amountCents: row.amountCents, target: row.target, baseline: row.baseline, paliers: row.paliers }, value: row.validated ?? row.value?.value ?? null });
      }
      actionRows.push({
        id: a.id,
        label: a.label,
        carriedOver: a.carried_over === 1,
        indicators: rows,
        livrables: (livrables.get(a.id) ?? []).map((l) => ({ id: l.id, label: l.label, doneOn: l.doneOn, evidence: livEvidence.get(l.id) ?? [] })),
      });
    }
    const sum = sumMission(code, items);
    const envelope = variableEnvelope(code);
    let warning: string | null = null;
    // The crisis mission's indicators carry no amount: its variable is paid only if the ARS
    // recognises a crisis (reference §7).
    if (code !== 'crise_sanitaire' && items.length > 0 && envelope !== null && sum.maxCents !== envelope) {
      warning = `Les montants des indicateurs (${formatEuros(sum.maxCents)}) ne font pas la part variable de la mission (${formatEuros(envelope)}) : ${sum.maxCents > envelope ? `dépassement de ${formatEuros(sum.maxCents - envelope)}` : `il manque ${formatEuros(envelope - sum.maxCents)}`}.`;
    }
    missions.push({
      code,
      label: MISSION_LABELS[code],
      variableEnvelopeCents: envelope,
      indicatorsMaxCents: sum.maxCents,
      earnedCents: items.length > 0 ? sum.earnedCents : null,
      warning,
      actions: actionRows,
    });
  }
  return { ...base, exists: true, copiedFromYear: annex.copied_from_year, missions };
}

async function contractOfAction(db: Db, actionId: number): Promise<{ contractId: number; year: number; mission: string }> {
  const row = await actionOwner(db, actionId);
  if (!row) throw notFound(`Action n° ${actionId}`);
  return row;
}

export async function contractOfIndicator(db: Db, indicatorId: number): Promise<{ contractId: number; year: number; unit: IndicatorUnit; label: string; target: number | null }> {
  const row = await indicatorOwner(db, indicatorId);
  if (!row) throw notFound(`Indicateur n° ${indicatorId}`);
  return { ...row, unit: row.unit as IndicatorUnit };
}

/** Creates a year's annex, empty or as a copy of an earlier year (actions not reached are carried over). */
export async function createAnnex(ctx: ApiContext, input: ApiParsed<'annex.create'>): Promise<number> {
  const c = await loadContract(ctx.db, input.contractId);
  yearBounds(c, input.year);
  if (await annexYearId(ctx.db, c.id, input.year)) throw new AppError('CONFLICT', `L'annexe de l'année ${input.year} existe déjà.`);
  await assertYearOpen(ctx.db, c.id, input.year, 'son annexe');
  if (input.copyFromYear && !(await annexYearId(ctx.db, c.id, input.copyFromYear))) {
    throw invalid('copyFromYear', `Copie : l'année ${input.copyFromYear} n'a pas d'annexe.`);
  }
  return inTransaction(ctx.db, (trx) => createAnnexIn(trx, c.id, input.year, input.copyFromYear));
}

/** Inside a transaction: the annex row, and the copy of an earlier year's annex if asked. */
export async function createAnnexIn(trx: Db, contractId: number, year: number, copyFromYear: number | null): Promise<number> {
  const annexId = await insertAnnexYear(trx, { contractId, year, copiedFromYear: copyFromYear, createdAt: now() });
  const sourceId = copyFromYear ? await annexYearId(trx, contractId, copyFromYear) : null;
  if (sourceId && copyFromYear) await copyAnnex(trx, sourceId, annexId, await validatedValues(trx, contractId, copyFromYear));
  return annexId;
}

async function copyAnnex(trx: Db, fromAnnex: number, toAnnex: number, validated: Map<number, number | null> | null): Promise<void> {
  // The source's indicators, paliers and values with one query each (no query per indicator).
  const inds = await annexIndicators(trx, [fromAnnex]);
  const paliers = await annexPaliers(trx, [fromAnnex]);
  const values = await annexValues(trx, [fromAnnex]);
  // An action is "not reached" (carried over) when it has no indicator, or one of its paying
  // indicators did not earn its maximum.
  const reached = new Map<number, boolean>();
  for (const ind of inds) {
    const rule = ruleOf(ind, paliers.get(ind.id) ?? []);
    const e = earnedCents(rule, validated?.get(ind.id) ?? values.get(ind.id)?.[0]?.value ?? null);
    const short = maxCents(rule) > 0 && (e.cents === null || e.cents < maxCents(rule));
    reached.set(ind.action_id, (reached.get(ind.action_id) ?? true) && !short);
  }
  await copyAnnexTree(trx, fromAnnex, toAnnex, new Set([...reached].filter(([, r]) => r).map(([id]) => id)));
}

export async function addAction(ctx: ApiContext, input: ApiParsed<'annex.addAction'>): Promise<number> {
  const c = await loadContract(ctx.db, input.contractId);
  const notInContract = missionNotInContract(c, input.mission);
  if (notInContract) throw invalid('mission', notInContract);
  const annexId = await annexYearId(ctx.db, c.id, input.year);
  if (!annexId) throw invalid('year', `Créez d'abord l'annexe de l'année ${input.year}.`);
  await assertYearOpen(ctx.db, c.id, input.year, 'son annexe (actions, indicateurs, livrables)', 'label');
  return insertAction(ctx.db, { annex_year_id: annexId, mission: input.mission, label: input.label, carried_over: input.carriedOver ? 1 : 0, origin_action_id: null, position: Date.now() % 1_000_000 });
}

export async function addLivrable(ctx: ApiContext, input: ApiParsed<'annex.addLivrable'>): Promise<{ contractId: number; year: number }> {
  const owner = await contractOfAction(ctx.db, input.actionId);
  await assertYearOpen(ctx.db, owner.contractId, owner.year, 'son annexe (actions, indicateurs, livrables)', 'label');
  await insertLivrable(ctx.db, { actionId: input.actionId, label: input.label });
  return { contractId: owner.contractId, year: owner.year };
}

export async function tickLivrable(ctx: ApiContext, input: ApiParsed<'annex.tickLivrable'>): Promise<{ contractId: number; year: number }> {
  const actionId = await livrableAction(ctx.db, input.livrableId);
  if (actionId === undefined) throw notFound(`Livrable n° ${input.livrableId}`);
  const owner = await contractOfAction(ctx.db, actionId);
  await assertYearOpen(ctx.db, owner.contractId, owner.year, 'son annexe (actions, indicateurs, livrables)', 'doneOn');
  await setLivrableDone(ctx.db, input.livrableId, input.doneOn);
  return { contractId: owner.contractId, year: owner.year };
}

export async function addIndicator(ctx: ApiContext, input: ApiParsed<'annex.addIndicator'>): Promise<{ contractId: number; year: number }> {
  const owner = await contractOfAction(ctx.db, input.actionId);
  await assertYearOpen(ctx.db, owner.contractId, owner.year, 'son annexe (actions, indicateurs, paliers, montants)', 'label');
  const inputTarget = input.target != null ? checkUnit('target', input.target, input.unit, 'Cible') : null;
  const baseline = input.baseline != null ? checkUnit('baseline', input.baseline, input.unit, 'Valeur initiale') : null;
  const paliers = input.paliers.map((p, i) => ({ ...p, threshold: checkUnit(`paliers.${i}.threshold`, p.threshold, input.unit, 'Seuil du palier') }));
  if (input.payment === 'paliers' && paliers.length === 0) throw invalid('paliers', 'Paliers : au moins un palier pour un indicateur payé par paliers.');
  if (input.payment === 'linear' && inputTarget === null) throw invalid('target', 'Cible : obligatoire pour un indicateur linéaire.');
  if (input.payment === 'all_or_nothing' && input.unit !== 'yesno' && inputTarget === null) throw invalid('target', 'Cible : obligatoire (ou choisissez l’unité oui/non).');
  const amount = input.payment === 'paliers' ? Math.max(...paliers.map((p) => p.amountCents)) : input.amountCents;
  const target = input.payment === 'paliers' ? (input.direction === 'higher' ? Math.max(...paliers.map((p) => p.threshold)) : Math.min(...paliers.map((p) => p.threshold))) : inputTarget;
  await inTransaction(ctx.db, (trx) =>
    insertIndicator(
      trx,
      {
        action_id: input.actionId,
        label: input.label,
        kind: input.kind,
        unit: input.unit,
        baseline,
        baseline_on: input.baselineOn,
        source: input.source,
        direction: input.direction,
        payment: input.payment,
        amount_cents: amount,
        target,
        origin_indicator_id: null,
        position: 0,
      },
      paliers,
    ),
  );
  return { contractId: owner.contractId, year: owner.year };
}

export async function recordValue(ctx: ApiContext, input: ApiParsed<'indicator.recordValue'>): Promise<{ contractId: number; year: number }> {
  const ind = await contractOfIndicator(ctx.db, input.indicatorId);
  const value = checkUnit('value', input.value, ind.unit, 'Valeur mesurée');
  const c = await loadContract(ctx.db, ind.contractId);
  const { from, to } = yearBounds(c, ind.year);
  if (compareIso(input.measuredOn, from) < 0) throw invalid('measuredOn', `Date de la mesure : antérieure à l'année ${ind.year} du contrat (${formatDateFr(from)}).`);
  // CPAM figures often arrive after the year's end: six months are allowed, as for the reviews.
  if (compareIso(input.measuredOn, addMonths(to, 6)) > 0) throw invalid('measuredOn', `Date de la mesure : trop tardive pour l'année ${ind.year} du contrat (fin le ${formatDateFr(to)}).`);
  if (compareIso(input.measuredOn, ctx.today()) > 0) throw invalid('measuredOn', 'Date de la mesure : ne peut être dans le futur.');
  await insertIndicatorValue(ctx.db, { indicatorId: input.indicatorId, value, measuredOn: input.measuredOn, comment: input.comment, recordedAt: now() });
  return { contractId: ind.contractId, year: ind.year };
}

/** Variable earned per year and mission from the validated values of closed annual reviews. */
export async function getAnnex(ctx: ApiContext, input: { contractId: number; year: number }): Promise<AnnexView> {
  const c = await loadContract(ctx.db, input.contractId);
  const fundingInput = await fundingInputFor(ctx.db, c);
  const y = computeFunding(fundingInput).years[input.year - 1];
  if (!y) throw invalid('year', 'Année du contrat : 1 à 5.');
  const lookup = (code: MissionCode): number | null => {
    const r = resolveMissionAmount(fundingInput, input.year, code, 'variable', ruleTableFor(y.textVersion), y.sizeBand);
    return r.ok ? r.value.cents : null;
  };
  return annexView(ctx, c, input.year, lookup);
}
