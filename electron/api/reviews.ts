// Dialogue de gestion: two reviews per contract year (intermediate, annual), draft -> closed.
// A closed review is read-only (also enforced by SQLite triggers); corrections are addenda.
import type { ApiParsed } from '../../shared/api';
import type { ClosedYearFigures, ClosingPreview, Readiness, ReviewDetail, ReviewIndicatorRow, ReviewSlot, ReviewsView, UpcomingReview } from '../../shared/indicatorViews';
import type { ClosingFigure } from '../../shared/domain/closing';
import type { FundingInput } from '../../shared/domain/fundingTypes';
import { compareIso, formatDateFr, type IsoDate } from '../../shared/dates';
import { earnedCents, maxCents, type IndicatorUnit } from '../../shared/domain/indicators';
import { contractMissions, MISSION_LABELS, missionNotInContract, type MissionCode } from '../../shared/domain/missions';
import { readinessOf, type ReadinessFacts } from '../../shared/domain/readiness';
import type { DecisionKind, ReviewIndicatorStatus, ReviewKind } from '../../shared/schemas/indicators';
import { byReviewDate, heldOnRefusal, nextReview, reviewSlots, upcomingReview } from '../../shared/domain/reviewCalendar';
import { formatEuros } from '../../shared/money';
import { inTransaction, type Db } from '../db/connection';
import { closedIndicatorFigures, closedMissionFigures } from '../db/repo/closedFigures';
import { backfillClosedFigures, closingPreview, storeClosingFigures, type ClosingData } from './closedYears';
import { fundingInputFor } from './funding';
import { AppError, invalid, notFound, type ApiContext } from './context';
import { loadContract, type ContractRecord } from '../db/repo/contracts';
import { annexYearId, checkUnit, createAnnexIn, loadIndicators, ruleOf, yearBounds } from './annex';
import { annexIdsOf, annexPaliers, annexValues, evidenceCountByIndicator, incompleteIndicators, livrableEvidenceCountByAction } from '../db/repo/annexTree';
import { activeContracts, reviewsOfActiveContracts } from '../db/repo/dialogues';
import { missionsOf } from '../db/repo/portfolio';
import { groupBy } from '../db/repo/groupBy';
import {
  acknowledgeMission,
  addendaTotal,
  findReview,
  indicatorCopyIn,
  indicatorTarget,
  insertAddendum,
  insertReview,
  markReviewClosed,
  recordTargetRevision,
  replaceDecisions,
  replaceParticipants,
  reviewAddenda,
  reviewDecisions,
  reviewIdOf,
  reviewLines,
  reviewParticipants,
  reviewsOfContract,
  updateReviewFields,
  upsertReviewLine,
} from '../db/repo/reviews';
import type { TextVersionId } from '../../shared/domain/rules';

const now = () => new Date().toISOString();

async function slots(ctx: ApiContext, c: ContractRecord): Promise<ReviewSlot[]> {
  return reviewSlots(c.signedOn, await reviewsOfContract(ctx.db, c.id));
}

const pairKey = (contractId: number, year: number) => `${contractId}|${year}`;

/** The readiness facts of many (contract, year) at once: two queries, whatever their number. */
async function readinessFacts(db: Db, pairs: readonly { contractId: number; year: number }[]): Promise<Map<string, ReadinessFacts>> {
  const annexes = await annexIdsOf(db, pairs);
  const byAnnex = groupBy(await incompleteIndicators(db, [...new Set(annexes.values())]), (ind) => ind.annexYearId);
  const out = new Map<string, ReadinessFacts>();
  for (const p of pairs) {
    const annexId = annexes.get(pairKey(p.contractId, p.year));
    out.set(pairKey(p.contractId, p.year), { annexExists: annexId !== undefined, incomplete: annexId !== undefined ? (byAnnex.get(annexId) ?? []) : [] });
  }
  return out;
}

/** What is missing to prepare the review of a year. */
export async function readiness(ctx: ApiContext, c: ContractRecord, year: number): Promise<Readiness> {
  const facts = await readinessFacts(ctx.db, [{ contractId: c.id, year }]);
  return readinessOf(facts.get(pairKey(c.id, year))!, c, year, ctx.today());
}

export async function listReviews(ctx: ApiContext, input: { contractId: number }): Promise<ReviewsView> {
  const c = await loadContract(ctx.db, input.contractId);
  const all = await slots(ctx, c);
  const next = nextReview(all, ctx.today());
  return { contractId: c.id, slots: all, next, readiness: next ? await readiness(ctx, c, next.year) : { ready: true, missing: [], items: [] } };
}

/**
 * The reviews due within UPCOMING_DAYS across the contracts in force, with their readiness: the
 * contracts, their reviews, their missions and each table the readiness reads are loaded with one
 * query each, whatever the number of contracts.
 */
export async function upcomingReviews(ctx: ApiContext): Promise<UpcomingReview[]> {
  const today = ctx.today();
  const contracts = await activeContracts(ctx.db);
  const reviews = await reviewsOfActiveContracts(ctx.db);
  const due: { c: (typeof contracts)[number]; slot: ReviewSlot }[] = [];
  for (const c of contracts) {
    const slot = upcomingReview(c.signedOn, reviews.get(c.id) ?? [], today);
    if (slot) due.push({ c, slot });
  }
  const facts = await readinessFacts(
    ctx.db,
    due.map((d) => ({ contractId: d.c.id, year: d.slot.year })),
  );
  // Only a mission not yet started or deployed can be late.
  const missions = await missionsOf(
    ctx.db,
    due.map((d) => d.c.id),
    { unfinishedOnly: true },
  );
  const out = due.map(({ c, slot }): UpcomingReview => {
    const record = { signedOn: c.signedOn, textVersion: c.textVersion as TextVersionId, missions: contractMissions(missions.get(c.id) ?? []) };
    return { contractId: c.id, cpts: c.name, slot, readiness: readinessOf(facts.get(pairKey(c.id, slot.year))!, record, slot.year, today) };
  });
  return byReviewDate(out);
}

async function reviewRow(ctx: ApiContext, reviewId: number) {
  const r = await findReview(ctx.db, reviewId);
  if (!r) throw notFound(`Dialogue n° ${reviewId}`);
  return r;
}

export async function getReview(ctx: ApiContext, input: { reviewId: number }): Promise<ReviewDetail> {
  const r = await reviewRow(ctx, input.reviewId);
  const c = await loadContract(ctx.db, r.contract_id);
  const annexId = await annexYearId(ctx.db, c.id, r.year);
  const lines = await reviewLines(ctx.db, r.id);
  // A closed annual review reads the amounts stored when it closed.
  const stored = r.status === 'closed' && r.kind === 'annual' ? new Map((await closedIndicatorFigures(ctx.db, r.id)).map((f) => [f.indicatorId, f])) : new Map<number, never>();
  // The annex's indicators and, one query per table for all of them, their paliers, values and evidence.
  const annexIds = annexId ? [annexId] : [];
  const paliers = await annexPaliers(ctx.db, annexIds);
  const values = await annexValues(ctx.db, annexIds);
  const evidence = await evidenceCountByIndicator(ctx.db, annexIds);
  const viaLivrables = await livrableEvidenceCountByAction(ctx.db, annexIds);
  const indicators: ReviewIndicatorRow[] = [];
  for (const ind of annexId ? await loadIndicators(ctx.db, annexId) : []) {
    const line = lines.find((l) => l.indicator_id === ind.id);
    const rule = ruleOf(ind, paliers.get(ind.id) ?? []);
    const latest = values.get(ind.id)?.[0];
    const validated = line?.validated ?? null;
    indicators.push({
      indicatorId: ind.id,
      mission: ind.mission as MissionCode,
      label: ind.label,
      unit: ind.unit as IndicatorUnit,
      target: ind.target,
      measured: latest?.value ?? null,
      presented: line?.presented ?? null,
      validated,
      status: (line?.status as ReviewIndicatorStatus | null) ?? null,
      comment: line?.comment ?? '',
      evidenceCount: (evidence.get(ind.id) ?? 0) + (viaLivrables.get(ind.action_id) ?? 0),
      earnedCents: stored.get(ind.id)?.earnedCents ?? earnedCents(rule, validated ?? line?.presented ?? latest?.value ?? null).cents,
      maxCents: stored.get(ind.id)?.maxCents ?? maxCents(rule),
      rule,
    });
  }
  const participants = await reviewParticipants(ctx.db, r.id);
  const decisions = await reviewDecisions(ctx.db, r.id);
  const addenda = await reviewAddenda(ctx.db, r.id);
  return {
    id: r.id,
    contractId: c.id,
    cpts: c.name,
    year: r.year,
    kind: r.kind as ReviewKind,
    status: r.status as 'draft' | 'closed',
    heldOn: r.held_on,
    place: r.place,
    agenda: r.agenda,
    summary: r.summary,
    closedAt: r.closed_at,
    participants: participants.map((p) => ({ name: p.name, organisation: p.organisation as 'CPTS' | 'CPAM' | 'ARS', role: p.role })),
    indicators,
    decisions: decisions.map((d) => ({
      kind: d.kind as DecisionKind,
      text: d.text,
      indicatorId: d.indicator_id,
      newTarget: d.new_target,
      mission: d.mission as MissionCode | null,
      onDate: d.on_date,
      amountCents: d.amount_cents,
    })),
    addenda: addenda.map((a) => ({ addedOn: a.added_on, text: a.text, recordedAt: a.recorded_at, amountCents: a.amount_cents, mission: a.mission as MissionCode | null })),
    closedFigures: r.status === 'closed' && r.kind === 'annual' ? await storedFigures(ctx.db, c.id, r.id) : null,
  };
}

function yearFiguresOf(figures: ClosingFigure[], fromMigration: boolean): ClosedYearFigures {
  return {
    missions: figures.map((f) => ({ ...f })),
    retainedCents: figures.reduce((s, f) => s + f.retainedCents, 0),
    maxCents: figures.reduce((s, f) => s + (f.maxCents ?? 0), 0),
    fromMigration,
  };
}

/** The figures stored when the annual review closed: the one figure every document prints. */
async function storedFigures(db: Db, contractId: number, reviewId: number): Promise<ClosedYearFigures> {
  const rows = (await closedMissionFigures(db, contractId)).filter((f) => f.reviewId === reviewId);
  return yearFiguresOf(
    rows.map((f) => ({
      mission: f.mission,
      label: MISSION_LABELS[f.mission],
      retainedCents: f.retainedCents,
      computedCents: f.computedCents,
      maxCents: f.maxCents,
      decided: f.decided,
      prorata: f.prorata,
      note: null,
    })),
    rows.some((f) => f.origin === 'migration'),
  );
}

/** What closing an annual review reads: its validated values and statuses, its crisis decision and decided amounts. */
export async function loadForClosing(db: Db, reviewId: number): Promise<{ c: ContractRecord; review: { id: number; year: number; heldOn: IsoDate }; base: FundingInput; data: ClosingData }> {
  const r = await findReview(db, reviewId);
  if (!r) throw notFound(`Dialogue n° ${reviewId}`);
  const c = await loadContract(db, r.contract_id);
  const annexId = await annexYearId(db, c.id, r.year);
  const lines = new Map((await reviewLines(db, r.id)).map((l) => [l.indicator_id, l]));
  const paliers = await annexPaliers(db, annexId ? [annexId] : []);
  const indicators: ClosingData['indicators'] = [];
  for (const ind of annexId ? await loadIndicators(db, annexId) : []) {
    const line = lines.get(ind.id);
    indicators.push({ indicatorId: ind.id, mission: ind.mission as MissionCode, unit: ind.unit as IndicatorUnit, validated: line?.validated ?? null, status: line?.status ?? null, rule: ruleOf(ind, paliers.get(ind.id) ?? []) });
  }
  const decisions = await reviewDecisions(db, r.id);
  return {
    c,
    review: { id: r.id, year: r.year, heldOn: r.held_on },
    base: await fundingInputFor(db, c),
    data: {
      indicators,
      crisisRecognised: decisions.some((d) => d.kind === 'crisis_recognised'),
      decided: decisions
        .filter((d) => d.kind === 'amount_validated' && d.mission !== null && d.amount_cents !== null)
        .map((d) => ({ mission: d.mission as MissionCode, cents: d.amount_cents! })),
    },
  };
}

/** The closing confirmation: the year's variable amounts it would fix, and every item still open. */
export async function previewClosing(ctx: ApiContext, input: { reviewId: number }): Promise<ClosingPreview> {
  const r = await reviewRow(ctx, input.reviewId);
  if (r.status === 'closed') throw closedError();
  const { c, review, base, data } = await loadForClosing(ctx.db, r.id);
  const open = [...(await readiness(ctx, c, r.year)).missing];
  if (r.kind === 'annual') {
    const pending = data.indicators.filter((i) => i.validated === null || i.status === null).length;
    if (pending > 0) open.unshift(`${pending} indicateur(s) sans valeur validée ou sans statut : la clôture sera refusée.`);
  }
  const figures = r.kind === 'annual' ? closingPreview(base, review, data) : [];
  for (const f of figures) if (f.note) open.push(`${f.label} : ${f.note}`);
  return { reviewId: r.id, year: r.year, figures: yearFiguresOf(figures, false), open };
}

function checkHeldOn(c: ContractRecord, year: number, heldOn: IsoDate): void {
  const refusal = heldOnRefusal({ year, ...yearBounds(c, year) }, heldOn);
  if (refusal) throw invalid('heldOn', refusal);
}

export async function createReview(ctx: ApiContext, input: ApiParsed<'reviews.create'>): Promise<ReviewDetail> {
  const c = await loadContract(ctx.db, input.contractId);
  checkHeldOn(c, input.year, input.heldOn);
  const exists = await reviewIdOf(ctx.db, c.id, input.year, input.kind);
  if (exists !== null) throw new AppError('CONFLICT', `Ce dialogue existe déjà pour l'année ${input.year} (n° ${exists}).`);
  const reviewId = await insertReview(ctx.db, { contract_id: c.id, year: input.year, kind: input.kind, status: 'draft', held_on: input.heldOn, place: input.place, agenda: input.agenda, summary: '', closed_at: null, created_at: now() });
  return getReview(ctx, { reviewId });
}

function closedError(): AppError {
  return new AppError('CONFLICT', 'Dialogue clos : il ne se modifie plus. Ajoutez un addendum daté.');
}

export async function updateReview(ctx: ApiContext, input: ApiParsed<'reviews.update'>): Promise<ReviewDetail> {
  const r = await reviewRow(ctx, input.reviewId);
  if (r.status === 'closed') throw closedError();
  const c = await loadContract(ctx.db, r.contract_id);
  if (input.heldOn) checkHeldOn(c, r.year, input.heldOn);
  const annexId = await annexYearId(ctx.db, c.id, r.year);
  const inds = annexId ? await loadIndicators(ctx.db, annexId) : [];
  const byId = new Map(inds.map((i) => [i.id, i]));
  // Typed measures checked against each indicator's unit, and turned into stored hundredths.
  const lines = (input.indicators ?? []).map((l, i) => {
    const ind = byId.get(l.indicatorId);
    if (!ind) throw invalid(`indicators.${i}.indicatorId`, `Indicateur n° ${l.indicatorId} : absent de l'annexe de l'année ${r.year}.`);
    const unit = ind.unit as IndicatorUnit;
    return {
      indicatorId: l.indicatorId,
      presented: l.presented != null ? checkUnit(`indicators.${i}.presented`, l.presented, unit, `${ind.label} — valeur présentée`) : null,
      validated: l.validated != null ? checkUnit(`indicators.${i}.validated`, l.validated, unit, `${ind.label} — valeur validée`) : null,
      status: l.status ?? null,
      comment: l.comment,
    };
  });
  const decisions = (input.decisions ?? []).map((d, i) => {
    let newTarget: number | null = null;
    if (d.kind === 'target_revision') {
      if (r.kind !== 'annual') throw invalid(`decisions.${i}.kind`, 'Les révisions de cible se décident au dialogue annuel.');
      const ind = d.indicatorId ? byId.get(d.indicatorId) : undefined;
      if (!ind) throw invalid(`decisions.${i}.indicatorId`, 'Révision de cible : choisissez un indicateur de l’annexe.');
      if (d.newTarget == null) throw invalid(`decisions.${i}.newTarget`, 'Nouvelle cible : obligatoire.');
      if (typeof d.newTarget === 'number' && d.newTarget < 0) throw invalid(`decisions.${i}.newTarget`, 'Nouvelle cible : ne peut pas être négative.');
      newTarget = checkUnit(`decisions.${i}.newTarget`, d.newTarget, ind.unit as IndicatorUnit, 'Nouvelle cible');
    }
    if ((d.kind === 'mission_start' || d.kind === 'mission_deployment') && (!d.mission || !d.onDate)) {
      throw invalid(`decisions.${i}.mission`, 'Démarrage ou déploiement constaté : mission et date obligatoires.');
    }
    const notInContract = missionNotInContract(c, d.mission);
    if (notInContract) throw invalid(`decisions.${i}.mission`, notInContract);
    if (d.kind === 'amount_validated') {
      if (r.kind !== 'annual') throw invalid(`decisions.${i}.kind`, 'Un montant se valide au dialogue annuel, qui fixe la part variable de l’année.');
      if (!d.mission) throw invalid(`decisions.${i}.mission`, 'Montant validé : choisissez la mission dont il est la part variable.');
      if (d.amountCents == null) throw invalid(`decisions.${i}.amountCents`, 'Montant validé : montant obligatoire.');
    }
    return { ...d, newTarget };
  });
  await inTransaction(ctx.db, async (trx) => {
    const patch: { held_on?: string; place?: string; agenda?: string; summary?: string } = {};
    if (input.heldOn) patch.held_on = input.heldOn;
    if (input.place !== undefined) patch.place = input.place;
    if (input.agenda !== undefined) patch.agenda = input.agenda;
    if (input.summary !== undefined) patch.summary = input.summary;
    await updateReviewFields(trx, r.id, patch);
    if (input.participants) await replaceParticipants(trx, r.id, input.participants);
    if (input.indicators) {
      for (const l of lines) await upsertReviewLine(trx, r.id, l.indicatorId, { presented: l.presented, validated: l.validated, status: l.status, comment: l.comment });
    }
    if (input.decisions) {
      await replaceDecisions(
        trx,
        r.id,
        decisions.map((d) => ({ kind: d.kind, text: d.text, indicator_id: d.indicatorId ?? null, new_target: d.newTarget, mission: d.mission ?? null, on_date: d.onDate, amount_cents: d.amountCents ?? null })),
      );
    }
  });
  return getReview(ctx, { reviewId: r.id });
}

export async function closeReview(ctx: ApiContext, input: { reviewId: number }): Promise<ReviewDetail> {
  const r = await reviewRow(ctx, input.reviewId);
  if (r.status === 'closed') throw closedError();
  const detail = await getReview(ctx, { reviewId: r.id });
  if (detail.participants.length === 0) throw invalid('participants', 'Impossible de clore : ajoutez les participants (CPTS, CPAM, ARS).');
  if (r.kind === 'annual') {
    const pending = detail.indicators.filter((i) => i.validated === null || i.status === null);
    if (pending.length > 0) {
      throw invalid(
        'indicators',
        `Impossible de clore le dialogue annuel : ${pending.length} indicateur(s) sans valeur validée ni statut (${pending.slice(0, 3).map((p) => p.label).join(' ; ')}${pending.length > 3 ? '…' : ''}).`,
      );
    }
    if (detail.indicators.length === 0) throw invalid('indicators', `Impossible de clore le dialogue annuel : l'annexe de l'année ${r.year} n'a aucun indicateur.`);
  }
  const c = await loadContract(ctx.db, r.contract_id);
  const revisions = detail.decisions.filter((d) => d.kind === 'target_revision');
  // One transaction: the review is closed first, so that next year's annex (created as a copy
  // when a target is revised) marks as "reportées" the actions not reached by the values this
  // very review validated; nothing stays half-written if a step fails.
  await inTransaction(ctx.db, async (trx) => {
    await markReviewClosed(trx, r.id, now());
    let nextAnnex = r.year < 5 ? await annexYearId(trx, c.id, r.year + 1) : null;
    if (revisions.length > 0 && r.year < 5 && !nextAnnex) {
      nextAnnex = await createAnnexIn(trx, c.id, r.year + 1, r.year);
    }
    for (const d of revisions) {
      const target = nextAnnex ? await indicatorCopyIn(trx, nextAnnex, d.indicatorId!) : undefined;
      const indicatorId = target?.id ?? d.indicatorId!;
      const old = target ? target.target : await indicatorTarget(trx, d.indicatorId!);
      // The copy in next year's annex takes the new target; without one, the revision is history only.
      await recordTargetRevision(trx, { indicatorId, oldTarget: old, newTarget: d.newTarget!, decidedOn: r.held_on, reviewId: r.id, decision: d.text, recordedAt: now() }, target !== undefined);
    }
    for (const d of detail.decisions) {
      if (d.kind === 'mission_start' && d.mission && d.onDate) await acknowledgeMission(trx, c.id, d.mission, 'start', d.onDate);
      if (d.kind === 'mission_deployment' && d.mission && d.onDate) await acknowledgeMission(trx, c.id, d.mission, 'deployment', d.onDate);
    }
    // The annual review freezes its year: the figures it decided (with the mission starts it
    // acknowledged) are stored in this same transaction, once.
    if (r.kind === 'annual') {
      const closing = await loadForClosing(trx, r.id);
      await storeClosingFigures(trx, closing.c, closing.review, closing.base, closing.data, 'closing');
    }
  });
  return getReview(ctx, { reviewId: r.id });
}

export async function addAddendum(ctx: ApiContext, input: ApiParsed<'reviews.addendum'>): Promise<ReviewDetail> {
  const r = await reviewRow(ctx, input.reviewId);
  if (r.status !== 'closed') throw invalid('reviewId', 'Le dialogue est encore en brouillon : modifiez-le directement.');
  if (compareIso(input.addedOn, r.held_on) < 0) throw invalid('addedOn', `Date de l'addendum : antérieure au dialogue (${formatDateFr(r.held_on)}).`);
  const amount = input.amountCents ?? null;
  if (amount !== null && r.kind !== 'annual') throw invalid('amountCents', 'Ajustement de montant : il se fait par addendum au dialogue annuel, qui a fixé la part variable de l’année.');
  const notInContract = input.mission ? missionNotInContract(await loadContract(ctx.db, r.contract_id), input.mission) : null;
  if (notInContract) throw invalid('mission', notInContract);
  if (amount !== null && amount < 0) {
    // A recovery may not take back more than the year's stored variable part of the mission (or of the year).
    const figures = await storedFigures(ctx.db, r.contract_id, r.id);
    const prior = await addendaTotal(ctx.db, r.id, input.mission ?? null);
    const base = input.mission ? (figures.missions.find((m) => m.mission === input.mission)?.retainedCents ?? 0) : figures.retainedCents;
    if (base + prior + amount < 0) {
      throw invalid('amountCents', `Ajustement : la reprise (${formatEuros(-amount)}) dépasse ce que l’année ${r.year} a fixé${input.mission ? ` pour ${MISSION_LABELS[input.mission]}` : ''} (${formatEuros(base + prior)}, ajustements compris).`);
    }
  }
  await insertAddendum(ctx.db, { review_id: r.id, added_on: input.addedOn, text: input.text, recorded_at: now(), mission: input.mission ?? null, amount_cents: amount });
  return getReview(ctx, { reviewId: r.id });
}

/**
 * Annual reviews closed before figures were stored get theirs, from the data as it stands,
 * marked as such (one write transaction; nothing to do once all have theirs). Called when a data
 * folder is opened, after the migrations.
 */
export function storeMissingClosedFigures(db: Db): Promise<number> {
  return inTransaction(db, (trx) => backfillClosedFigures(trx, loadForClosing));
}
