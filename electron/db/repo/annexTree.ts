// Repository of a year's annex tree, read whole (issue 11): each table — indicators, paliers,
// values, target revisions, evidence, livrables — is read with ONE query for all the annexes asked
// for, and grouped here by its parent; no query per indicator, action or livrable. Used by the
// annex screen, the review screen, the closing, and the readiness of the upcoming dialogues.
// No transaction of its own (the API call's unit of work).
import { sql, type Selectable } from 'kysely';
import type { EvidenceRow } from '../../../shared/indicatorViews';
import type { Db } from '../connection';
import type { IndicatorTable } from '../schema';
import { groupBy } from './groupBy';

export type IndicatorDbRow = Selectable<IndicatorTable>;

/** An indicator with its action's mission and annex. */
export type AnnexIndicator = IndicatorDbRow & { mission: string; annexYearId: number };

/** The indicators of the annexes, in the annex's order (action position, then indicator position and id). */
export async function annexIndicators(db: Db, annexIds: readonly number[]): Promise<AnnexIndicator[]> {
  if (annexIds.length === 0) return [];
  return db
    .selectFrom('indicator')
    .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
    .selectAll('indicator')
    .select(['annex_action.mission as mission', 'annex_action.annex_year_id as annexYearId'])
    .where('annex_action.annex_year_id', 'in', [...annexIds])
    .orderBy('annex_action.position')
    .orderBy('indicator.position')
    .orderBy('indicator.id')
    .execute();
}

export interface PalierRow {
  indicatorId: number;
  label: string;
  threshold: number;
  amountCents: number;
}

/** The paliers of every indicator of the annexes, by indicator, lowest threshold first. */
export async function annexPaliers(db: Db, annexIds: readonly number[]): Promise<Map<number, PalierRow[]>> {
  if (annexIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('indicator_palier')
    .innerJoin('indicator', 'indicator.id', 'indicator_palier.indicator_id')
    .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
    .select(['indicator_palier.indicator_id as indicatorId', 'indicator_palier.label as label', 'indicator_palier.threshold as threshold', 'indicator_palier.amount_cents as amountCents'])
    .where('annex_action.annex_year_id', 'in', [...annexIds])
    .orderBy('indicator_palier.threshold')
    .orderBy('indicator_palier.id')
    .execute();
  return groupBy(rows, (r) => r.indicatorId);
}

export interface ValueDbRow {
  indicatorId: number;
  value: number;
  measuredOn: string;
  comment: string;
  recordedAt: string;
}

/** The measured values of every indicator of the annexes, by indicator, latest first (measure date, then entry). */
export async function annexValues(db: Db, annexIds: readonly number[]): Promise<Map<number, ValueDbRow[]>> {
  if (annexIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('indicator_value')
    .innerJoin('indicator', 'indicator.id', 'indicator_value.indicator_id')
    .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
    .select([
      'indicator_value.indicator_id as indicatorId',
      'indicator_value.value as value',
      'indicator_value.measured_on as measuredOn',
      'indicator_value.comment as comment',
      'indicator_value.recorded_at as recordedAt',
    ])
    .where('annex_action.annex_year_id', 'in', [...annexIds])
    .orderBy('indicator_value.measured_on', 'desc')
    .orderBy('indicator_value.id', 'desc')
    .execute();
  return groupBy(rows, (r) => r.indicatorId);
}

export interface RevisionDbRow {
  indicatorId: number;
  oldTarget: number | null;
  newTarget: number;
  decidedOn: string;
  decision: string;
  reviewId: number | null;
}

/** The target revisions of every indicator of the annexes, by indicator, in the order recorded. */
export async function annexRevisions(db: Db, annexIds: readonly number[]): Promise<Map<number, RevisionDbRow[]>> {
  if (annexIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('target_revision')
    .innerJoin('indicator', 'indicator.id', 'target_revision.indicator_id')
    .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
    .select([
      'target_revision.indicator_id as indicatorId',
      'target_revision.old_target as oldTarget',
      'target_revision.new_target as newTarget',
      'target_revision.decided_on as decidedOn',
      'target_revision.decision as decision',
      'target_revision.review_id as reviewId',
    ])
    .where('annex_action.annex_year_id', 'in', [...annexIds])
    .orderBy('target_revision.id')
    .execute();
  return groupBy(rows, (r) => r.indicatorId);
}

/** The evidence attached to each indicator of the annexes, by indicator, in the order added. */
export async function indicatorEvidence(db: Db, annexIds: readonly number[]): Promise<Map<number, EvidenceRow[]>> {
  if (annexIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('evidence')
    .innerJoin('indicator', 'indicator.id', 'evidence.indicator_id')
    .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
    .select(['evidence.indicator_id as indicatorId', 'evidence.id as id', 'evidence.file_name as fileName', 'evidence.size as size', 'evidence.sha256 as sha256', 'evidence.added_at as addedAt'])
    .where('annex_action.annex_year_id', 'in', [...annexIds])
    .orderBy('evidence.id')
    .execute();
  const out = new Map<number, EvidenceRow[]>();
  for (const r of rows) {
    if (r.indicatorId === null) continue;
    const e: EvidenceRow = { id: r.id, fileName: r.fileName, size: r.size, sha256: r.sha256, addedAt: r.addedAt };
    const list = out.get(r.indicatorId);
    if (list) list.push(e);
    else out.set(r.indicatorId, [e]);
  }
  return out;
}

export interface LivrableDbRow {
  id: number;
  actionId: number;
  label: string;
  doneOn: string | null;
}

/** The livrables of the annexes, by action, in position order. */
export async function annexLivrables(db: Db, annexIds: readonly number[]): Promise<Map<number, LivrableDbRow[]>> {
  if (annexIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('livrable')
    .innerJoin('annex_action', 'annex_action.id', 'livrable.action_id')
    .select(['livrable.id as id', 'livrable.action_id as actionId', 'livrable.label as label', 'livrable.done_on as doneOn'])
    .where('annex_action.annex_year_id', 'in', [...annexIds])
    .orderBy('livrable.position')
    .orderBy('livrable.id')
    .execute();
  return groupBy(rows, (r) => r.actionId);
}

/** The evidence attached to each livrable of the annexes, by livrable, in the order added. */
export async function livrableEvidence(db: Db, annexIds: readonly number[]): Promise<Map<number, EvidenceRow[]>> {
  if (annexIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('evidence')
    .innerJoin('livrable', 'livrable.id', 'evidence.livrable_id')
    .innerJoin('annex_action', 'annex_action.id', 'livrable.action_id')
    .select(['evidence.livrable_id as livrableId', 'evidence.id as id', 'evidence.file_name as fileName', 'evidence.size as size', 'evidence.sha256 as sha256', 'evidence.added_at as addedAt'])
    .where('annex_action.annex_year_id', 'in', [...annexIds])
    .orderBy('evidence.id')
    .execute();
  const out = new Map<number, EvidenceRow[]>();
  for (const r of rows) {
    if (r.livrableId === null) continue;
    const e: EvidenceRow = { id: r.id, fileName: r.fileName, size: r.size, sha256: r.sha256, addedAt: r.addedAt };
    const list = out.get(r.livrableId);
    if (list) list.push(e);
    else out.set(r.livrableId, [e]);
  }
  return out;
}

/** Number of evidence files attached to the livrables of each action of the annexes. */
export async function livrableEvidenceCountByAction(db: Db, annexIds: readonly number[]): Promise<Map<number, number>> {
  if (annexIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('evidence')
    .innerJoin('livrable', 'livrable.id', 'evidence.livrable_id')
    .innerJoin('annex_action', 'annex_action.id', 'livrable.action_id')
    .select(['livrable.action_id as actionId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('annex_action.annex_year_id', 'in', [...annexIds])
    .groupBy('livrable.action_id')
    .execute();
  return new Map(rows.map((r) => [r.actionId, Number(r.n)]));
}

/** Number of evidence files attached to each indicator of the annexes. */
export async function evidenceCountByIndicator(db: Db, annexIds: readonly number[]): Promise<Map<number, number>> {
  if (annexIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('evidence')
    .innerJoin('indicator', 'indicator.id', 'evidence.indicator_id')
    .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
    .select(['indicator.id as indicatorId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('annex_action.annex_year_id', 'in', [...annexIds])
    .groupBy('indicator.id')
    .execute();
  return new Map(rows.map((r) => [r.indicatorId, Number(r.n)]));
}

export interface IncompleteIndicator {
  annexYearId: number;
  label: string;
  mission: string;
  /** False: no measured value; true: a value, but no evidence (its own, or on a livrable of its action). */
  hasValue: boolean;
}

/**
 * The indicators of the annexes that a dialogue cannot yet rely on — without a measured value, or
 * with a value but no piece of evidence (its own, or one on a livrable of its action) — in the
 * annex's order. One query; the complete indicators are not even read.
 */
export async function incompleteIndicators(db: Db, annexIds: readonly number[]): Promise<IncompleteIndicator[]> {
  if (annexIds.length === 0) return [];
  const rows = await db
    .selectFrom('annex_action')
    .innerJoin('indicator', 'indicator.action_id', 'annex_action.id')
    .select((eb) => [
      'annex_action.annex_year_id as annexYearId',
      'indicator.label as label',
      'annex_action.mission as mission',
      eb.exists(eb.selectFrom('indicator_value').select('indicator_value.id').whereRef('indicator_value.indicator_id', '=', 'indicator.id')).as('hasValue'),
    ])
    .where('annex_action.annex_year_id', 'in', [...annexIds])
    // Without evidence of its own nor on its action's livrables — or without any value (then
    // listed whatever its evidence). The cheap test first: most indicators have evidence.
    .where((eb) =>
      eb.or([
        eb.and([
          eb.not(eb.exists(eb.selectFrom('evidence').select('evidence.id').whereRef('evidence.indicator_id', '=', 'indicator.id'))),
          eb.not(
            eb.exists(
              eb
                .selectFrom('livrable')
                .innerJoin('evidence', 'evidence.livrable_id', 'livrable.id')
                .select('evidence.id')
                .whereRef('livrable.action_id', '=', 'indicator.action_id'),
            ),
          ),
        ]),
        eb.not(eb.exists(eb.selectFrom('indicator_value').select('indicator_value.id').whereRef('indicator_value.indicator_id', '=', 'indicator.id'))),
      ]),
    )
    .orderBy('annex_action.annex_year_id')
    .orderBy('annex_action.position')
    .orderBy('indicator.position')
    .orderBy('indicator.id')
    .execute();
  return rows.map((r) => ({ annexYearId: r.annexYearId, label: r.label, mission: r.mission, hasValue: Boolean(r.hasValue) }));
}

/** The annexes of the given (contract, year) pairs that exist: "contractId|year" -> annex id. */
export async function annexIdsOf(db: Db, pairs: readonly { contractId: number; year: number }[]): Promise<Map<string, number>> {
  if (pairs.length === 0) return new Map();
  const rows = await db
    .selectFrom('annex_year')
    .select(['id', 'contract_id', 'year'])
    .where('contract_id', 'in', [...new Set(pairs.map((p) => p.contractId))])
    .execute();
  const wanted = new Set(pairs.map((p) => `${p.contractId}|${p.year}`));
  return new Map(rows.filter((r) => wanted.has(`${r.contract_id}|${r.year}`)).map((r) => [`${r.contract_id}|${r.year}`, r.id]));
}

/** The columns of an indicator its copy takes as they are (all but its identity, action and origin). */
type CopiedIndicatorColumn = Exclude<keyof IndicatorTable, 'id' | 'uuid' | 'action_id' | 'origin_indicator_id'>;
// A Record, so that a column added to IndicatorTable must be listed here (or excluded above).
const COPIED_INDICATOR_COLUMNS: Record<CopiedIndicatorColumn, true> = {
  label: true,
  kind: true,
  unit: true,
  baseline: true,
  baseline_on: true,
  source: true,
  direction: true,
  payment: true,
  amount_cents: true,
  target: true,
  position: true,
};

/**
 * Copies a year's annex tree into another (empty) annex, set-based: the actions in one insert
 * (`reached`: the source actions reached; the others' copies are flagged carried over), then livrables (not
 * ticked), indicators and paliers each with one INSERT … SELECT, whatever their number. Each copy
 * keeps its source (origin_action_id, origin_indicator_id); rows are inserted in the annex's order.
 */
export async function copyAnnexTree(db: Db, fromAnnex: number, toAnnex: number, reached: ReadonlySet<number>): Promise<void> {
  const actions = await db
    .selectFrom('annex_action')
    .select(['id', 'mission', 'label', 'position'])
    .where('annex_year_id', '=', fromAnnex)
    .orderBy('position')
    .orderBy('id')
    .execute();
  if (actions.length === 0) return;
  const rows = actions.map((a) => ({ annex_year_id: toAnnex, mission: a.mission, label: a.label, carried_over: reached.has(a.id) ? 0 : 1, origin_action_id: a.id, position: a.position }));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('annex_action').values(rows.slice(i, i + 500)).execute();
  // The copied actions' ids follow their sources' order (na.id): livrables, then indicators, in the annex's order.
  await sql`
    INSERT INTO livrable (action_id, label, position)
    SELECT na.id, l.label, l.position
    FROM annex_action na JOIN livrable l ON l.action_id = na.origin_action_id
    WHERE na.annex_year_id = ${toAnnex}
    ORDER BY na.id, l.position, l.id`.execute(db);
  const columns = Object.keys(COPIED_INDICATOR_COLUMNS);
  await sql`
    INSERT INTO indicator (${sql.join(columns.map((c) => sql.ref(c)))}, action_id, origin_indicator_id)
    SELECT ${sql.join(columns.map((c) => sql.ref(`i.${c}`)))}, na.id, i.id
    FROM annex_action na JOIN indicator i ON i.action_id = na.origin_action_id
    WHERE na.annex_year_id = ${toAnnex}
    ORDER BY na.id, i.position, i.id`.execute(db);
  await sql`
    INSERT INTO indicator_palier (indicator_id, label, threshold, amount_cents)
    SELECT ni.id, p.label, p.threshold, p.amount_cents
    FROM annex_action na JOIN indicator ni ON ni.action_id = na.id JOIN indicator_palier p ON p.indicator_id = ni.origin_indicator_id
    WHERE na.annex_year_id = ${toAnnex}
    ORDER BY ni.id, p.id`.execute(db);
}
