// Repository of the dialogues de gestion of one contract: the review rows and their content
// (participants, indicator lines, decisions, addenda), and what closing one writes (target
// revisions, mission starts it acknowledged). The rules are in shared/domain (reviewCalendar,
// readiness, closing); the handlers in electron/api/reviews.ts; the reads across all contracts
// in dialogues.ts. No transaction of its own (the API call's unit of work).
import type { Insertable, Selectable } from 'kysely';
import type { IsoDate } from '../../../shared/dates';
import type { MissionCode } from '../../../shared/domain/missions';
import type { Db } from '../connection';
import type { ReviewAddendumTable, ReviewDecisionTable, ReviewTable } from '../schema';

export type ReviewRow = Selectable<ReviewTable>;

/** A contract's reviews, as the calendar reads them. */
export async function reviewsOfContract(db: Db, contractId: number): Promise<{ id: number; year: number; kind: string; status: string; heldOn: IsoDate }[]> {
  return db.selectFrom('review').select(['id', 'year', 'kind', 'status', 'held_on as heldOn']).where('contract_id', '=', contractId).execute();
}

export async function findReview(db: Db, reviewId: number): Promise<ReviewRow | undefined> {
  return db.selectFrom('review').selectAll().where('id', '=', reviewId).executeTakeFirst();
}

/** The review of a contract year of that kind, if one exists. */
export async function reviewIdOf(db: Db, contractId: number, year: number, kind: string): Promise<number | null> {
  const row = await db.selectFrom('review').select('id').where('contract_id', '=', contractId).where('year', '=', year).where('kind', '=', kind).executeTakeFirst();
  return row?.id ?? null;
}

export async function reviewLines(db: Db, reviewId: number) {
  return db.selectFrom('review_indicator').selectAll().where('review_id', '=', reviewId).execute();
}

export async function reviewParticipants(db: Db, reviewId: number) {
  return db.selectFrom('review_participant').selectAll().where('review_id', '=', reviewId).orderBy('id').execute();
}

export async function reviewDecisions(db: Db, reviewId: number) {
  return db.selectFrom('review_decision').selectAll().where('review_id', '=', reviewId).orderBy('id').execute();
}

export async function reviewAddenda(db: Db, reviewId: number) {
  return db.selectFrom('review_addendum').selectAll().where('review_id', '=', reviewId).orderBy('id').execute();
}

export async function insertReview(db: Db, values: Omit<Insertable<ReviewTable>, 'id' | 'uuid'>): Promise<number> {
  const r = await db.insertInto('review').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** The fields of a draft review the form changed. */
export async function updateReviewFields(db: Db, reviewId: number, patch: { held_on?: string; place?: string; agenda?: string; summary?: string }): Promise<void> {
  if (Object.keys(patch).length > 0) await db.updateTable('review').set(patch).where('id', '=', reviewId).execute();
}

export async function replaceParticipants(db: Db, reviewId: number, participants: readonly { name: string; organisation: string; role: string }[]): Promise<void> {
  await db.deleteFrom('review_participant').where('review_id', '=', reviewId).execute();
  for (const p of participants) await db.insertInto('review_participant').values({ review_id: reviewId, name: p.name, organisation: p.organisation, role: p.role }).execute();
}

/** The review's line of an indicator (values presented and validated, status, comment), written or replaced. */
export async function upsertReviewLine(
  db: Db,
  reviewId: number,
  indicatorId: number,
  values: { presented: number | null; validated: number | null; status: string | null; comment: string },
): Promise<void> {
  await db
    .insertInto('review_indicator')
    .values({ review_id: reviewId, indicator_id: indicatorId, ...values })
    .onConflict((oc) => oc.columns(['review_id', 'indicator_id']).doUpdateSet(values))
    .execute();
}

export async function replaceDecisions(db: Db, reviewId: number, decisions: readonly Omit<Insertable<ReviewDecisionTable>, 'id' | 'uuid' | 'review_id'>[]): Promise<void> {
  await db.deleteFrom('review_decision').where('review_id', '=', reviewId).execute();
  for (const d of decisions) await db.insertInto('review_decision').values({ ...d, review_id: reviewId }).execute();
}

export async function markReviewClosed(db: Db, reviewId: number, closedAt: string): Promise<void> {
  await db.updateTable('review').set({ status: 'closed', closed_at: closedAt }).where('id', '=', reviewId).execute();
}

/** The copy, in a later year's annex, of an indicator (its id and target), if the annex has one. */
export async function indicatorCopyIn(db: Db, annexYearId: number, originIndicatorId: number): Promise<{ id: number; target: number | null } | undefined> {
  return db
    .selectFrom('indicator')
    .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
    .select(['indicator.id as id', 'indicator.target as target'])
    .where('annex_action.annex_year_id', '=', annexYearId)
    .where('indicator.origin_indicator_id', '=', originIndicatorId)
    .executeTakeFirst();
}

export async function indicatorTarget(db: Db, indicatorId: number): Promise<number | null> {
  return (await db.selectFrom('indicator').select('target').where('id', '=', indicatorId).executeTakeFirst())?.target ?? null;
}

/** A target revision decided by a review, kept as history; the indicator takes the new target when `apply`. */
export async function recordTargetRevision(
  db: Db,
  r: { indicatorId: number; oldTarget: number | null; newTarget: number; decidedOn: IsoDate; reviewId: number; decision: string; recordedAt: string },
  apply: boolean,
): Promise<void> {
  await db
    .insertInto('target_revision')
    .values({ indicator_id: r.indicatorId, old_target: r.oldTarget, new_target: r.newTarget, decided_on: r.decidedOn, review_id: r.reviewId, decision: r.decision, recorded_at: r.recordedAt })
    .execute();
  if (apply) await db.updateTable('indicator').set({ target: r.newTarget }).where('id', '=', r.indicatorId).execute();
}

/** A mission's start or full deployment acknowledged by a review, unless one is already recorded. */
export async function acknowledgeMission(db: Db, contractId: number, code: MissionCode, what: 'start' | 'deployment', on: IsoDate): Promise<void> {
  if (what === 'start') {
    await db.updateTable('contract_mission').set({ started_on: on }).where('contract_id', '=', contractId).where('code', '=', code).where('started_on', 'is', null).execute();
  } else {
    await db.updateTable('contract_mission').set({ deployed_on: on }).where('contract_id', '=', contractId).where('code', '=', code).where('deployed_on', 'is', null).execute();
  }
}

/** The sum of the money adjustments already added to a review for a mission (null: those for the whole year). */
export async function addendaTotal(db: Db, reviewId: number, mission: MissionCode | null): Promise<number> {
  const rows = await db.selectFrom('review_addendum').select('amount_cents').where('review_id', '=', reviewId).where('mission', mission ? '=' : 'is', mission).execute();
  return rows.reduce((s, a) => s + (a.amount_cents ?? 0), 0);
}

export async function insertAddendum(db: Db, values: Omit<Insertable<ReviewAddendumTable>, 'id' | 'uuid'>): Promise<void> {
  await db.insertInto('review_addendum').values(values).execute();
}
