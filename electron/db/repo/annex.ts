// Repository of a year's annex as its handlers (electron/api/annex.ts) read and write it one row at
// a time: the annex of a contract year, its actions, livrables, indicators (with paliers) and
// measured values, and which contract year an action or indicator belongs to. The reads of a whole
// annex at once are in annexTree.ts. No transaction of its own (the API call's unit of work).
import type { Insertable } from 'kysely';
import type { Db } from '../connection';
import type { AnnexActionTable, IndicatorTable } from '../schema';

/** The id of a contract year's annex, or null when it has none. */
export async function annexYearId(db: Db, contractId: number, year: number): Promise<number | null> {
  const row = await db.selectFrom('annex_year').select('id').where('contract_id', '=', contractId).where('year', '=', year).executeTakeFirst();
  return row?.id ?? null;
}

/** The annexes of a contract, by year. */
export async function annexYearsOf(db: Db, contractId: number) {
  return db.selectFrom('annex_year').select(['id', 'year', 'copied_from_year']).where('contract_id', '=', contractId).orderBy('year').execute();
}

/** Creates a contract year's annex row (empty); returns its id. */
export async function insertAnnexYear(db: Db, row: { contractId: number; year: number; copiedFromYear: number | null; createdAt: string }): Promise<number> {
  const annex = await db
    .insertInto('annex_year')
    .values({ contract_id: row.contractId, year: row.year, copied_from_year: row.copiedFromYear, created_at: row.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return annex.id;
}

/** One indicator's paliers, lowest threshold first. */
export async function paliersOfIndicator(db: Db, indicatorId: number) {
  return db.selectFrom('indicator_palier').select(['label', 'threshold', 'amount_cents']).where('indicator_id', '=', indicatorId).orderBy('threshold').execute();
}

/** Validated values of a year's closed annual review, by indicator id; null when that review is not closed. */
export async function validatedValues(db: Db, contractId: number, year: number): Promise<Map<number, number | null> | null> {
  const review = await db
    .selectFrom('review')
    .select('id')
    .where('contract_id', '=', contractId)
    .where('year', '=', year)
    .where('kind', '=', 'annual')
    .where('status', '=', 'closed')
    .executeTakeFirst();
  if (!review) return null;
  const rows = await db.selectFrom('review_indicator').select(['indicator_id', 'validated']).where('review_id', '=', review.id).execute();
  return new Map(rows.map((r) => [r.indicator_id, r.validated]));
}

/** Every indicator of a contract (its copy source, target and year) — one query. */
export async function contractIndicatorNodes(db: Db, contractId: number) {
  return db
    .selectFrom('indicator')
    .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
    .innerJoin('annex_year', 'annex_year.id', 'annex_action.annex_year_id')
    .select(['indicator.id as id', 'indicator.origin_indicator_id as origin', 'indicator.target as target', 'annex_year.year as year'])
    .where('annex_year.contract_id', '=', contractId)
    .execute();
}

/** Every measured value of a contract's indicators, oldest first (measure date, then entry) — one query. */
export async function contractIndicatorValues(db: Db, contractId: number) {
  return db
    .selectFrom('indicator_value')
    .innerJoin('indicator', 'indicator.id', 'indicator_value.indicator_id')
    .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
    .innerJoin('annex_year', 'annex_year.id', 'annex_action.annex_year_id')
    .select(['indicator_value.indicator_id as indicatorId', 'indicator_value.value as value'])
    .where('annex_year.contract_id', '=', contractId)
    .orderBy('indicator_value.measured_on')
    .orderBy('indicator_value.id')
    .execute();
}

/** The indicators of an annex with their action's mission, in the annex's order. */
export async function loadIndicators(db: Db, annexId: number) {
  return db
    .selectFrom('indicator')
    .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
    .selectAll('indicator')
    .select(['annex_action.mission as mission'])
    .where('annex_action.annex_year_id', '=', annexId)
    .orderBy('annex_action.position')
    .orderBy('indicator.position')
    .orderBy('indicator.id')
    .execute();
}

/** The actions of an annex, in position order. */
export async function annexActions(db: Db, annexId: number) {
  return db.selectFrom('annex_action').selectAll().where('annex_year_id', '=', annexId).orderBy('position').orderBy('id').execute();
}

/** The contract year and mission of an action, or undefined when there is no such action. */
export async function actionOwner(db: Db, actionId: number): Promise<{ contractId: number; year: number; mission: string } | undefined> {
  return db
    .selectFrom('annex_action')
    .innerJoin('annex_year', 'annex_year.id', 'annex_action.annex_year_id')
    .select(['annex_year.contract_id as contractId', 'annex_year.year as year', 'annex_action.mission as mission'])
    .where('annex_action.id', '=', actionId)
    .executeTakeFirst();
}

/** The contract year of an indicator and what checking a value needs (unit, label, target), or undefined. */
export async function indicatorOwner(db: Db, indicatorId: number): Promise<{ contractId: number; year: number; unit: string; label: string; target: number | null } | undefined> {
  return db
    .selectFrom('indicator')
    .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
    .innerJoin('annex_year', 'annex_year.id', 'annex_action.annex_year_id')
    .select(['annex_year.contract_id as contractId', 'annex_year.year as year', 'indicator.unit as unit', 'indicator.label as label', 'indicator.target as target'])
    .where('indicator.id', '=', indicatorId)
    .executeTakeFirst();
}

/** Adds an action to an annex; returns its id. */
export async function insertAction(db: Db, row: Omit<Insertable<AnnexActionTable>, 'id' | 'uuid'>): Promise<number> {
  const r = await db.insertInto('annex_action').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function insertLivrable(db: Db, row: { actionId: number; label: string }): Promise<void> {
  await db.insertInto('livrable').values({ action_id: row.actionId, label: row.label, done_on: null, position: 0 }).execute();
}

/** The action of a livrable, or undefined when there is no such livrable. */
export async function livrableAction(db: Db, livrableId: number): Promise<number | undefined> {
  const l = await db.selectFrom('livrable').select(['action_id']).where('id', '=', livrableId).executeTakeFirst();
  return l?.action_id;
}

export async function setLivrableDone(db: Db, livrableId: number, doneOn: string | null): Promise<void> {
  await db.updateTable('livrable').set({ done_on: doneOn }).where('id', '=', livrableId).execute();
}

/** Adds an indicator and its paliers (one insert each, in the order given). */
export async function insertIndicator(
  db: Db,
  row: Omit<Insertable<IndicatorTable>, 'id' | 'uuid'>,
  paliers: readonly { label: string; threshold: number; amountCents: number }[],
): Promise<number> {
  const ind = await db.insertInto('indicator').values(row).returning('id').executeTakeFirstOrThrow();
  for (const p of paliers) await db.insertInto('indicator_palier').values({ indicator_id: ind.id, label: p.label, threshold: p.threshold, amount_cents: p.amountCents }).execute();
  return ind.id;
}

export async function insertIndicatorValue(db: Db, row: { indicatorId: number; value: number; measuredOn: string; comment: string; recordedAt: string }): Promise<void> {
  await db.insertInto('indicator_value').values({ indicator_id: row.indicatorId, value: row.value, measured_on: row.measuredOn, comment: row.comment, recorded_at: row.recordedAt }).execute();
}
