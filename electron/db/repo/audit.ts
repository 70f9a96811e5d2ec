// Repository of the journal of the writes (audit_log, 2026-11-30-12 / pg-04) and of what a write
// needs to know before it runs: which contract an input designates, and the row it will replace.
// No transaction of its own (the API call's unit of work). On PostgreSQL the server stamps the
// author and the time (trigger audit_log_stamp) and row-level security limits every query here
// to the contracts the session's role may see.
import { sql } from 'kysely';
import type { Db } from '../connection';
import type { AuditEntry } from '../../../shared/audit';

export interface AuditRow {
  author: string;
  at: string;
  contractId: number | null;
  method: string;
  summary: string;
  beforeJson: string | null;
  afterJson: string | null;
}

export async function insertAudit(db: Db, row: AuditRow): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: row.at,
      author: row.author,
      contract_id: row.contractId,
      method: row.method,
      summary: row.summary,
      before_json: row.beforeJson,
      after_json: row.afterJson,
    })
    .execute();
}

/** A contract's entries, latest first (index audit_log_contract). */
export async function listAudit(db: Db, contractId: number, limit?: number): Promise<{ rows: AuditEntry[]; total: number }> {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('agent as g', 'g.login', 'a.author')
    .select(['a.id as id', 'a.at as at', 'a.author as author', 'g.name as authorName', 'a.method as method', 'a.summary as summary', 'a.before_json as before', 'a.after_json as after'])
    .where('a.contract_id', '=', contractId)
    .orderBy('a.id', 'desc');
  if (limit !== undefined) q = q.limit(limit);
  const rows = await q.execute();
  const total = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('contract_id', '=', contractId).executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}

export async function contractExists(db: Db, id: number): Promise<boolean> {
  return (await db.selectFrom('contract').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** The contract a row designated by its parent's id belongs to (null: none visible). */
export async function contractOfReview(db: Db, reviewId: number): Promise<number | null> {
  return (await db.selectFrom('review').select('contract_id').where('id', '=', reviewId).executeTakeFirst())?.contract_id ?? null;
}

export async function contractOfAction(db: Db, actionId: number): Promise<number | null> {
  const r = await db
    .selectFrom('annex_action as a')
    .innerJoin('annex_year as y', 'y.id', 'a.annex_year_id')
    .select('y.contract_id')
    .where('a.id', '=', actionId)
    .executeTakeFirst();
  return r?.contract_id ?? null;
}

export async function contractOfLivrable(db: Db, livrableId: number): Promise<number | null> {
  const r = await db.selectFrom('livrable').select('action_id').where('id', '=', livrableId).executeTakeFirst();
  return r ? contractOfAction(db, r.action_id) : null;
}

export async function contractOfIndicator(db: Db, indicatorId: number): Promise<number | null> {
  const r = await db.selectFrom('indicator').select('action_id').where('id', '=', indicatorId).executeTakeFirst();
  return r ? contractOfAction(db, r.action_id) : null;
}

export async function contractOfEvidence(db: Db, evidenceId: number): Promise<number | null> {
  return (await db.selectFrom('evidence').select('contract_id').where('id', '=', evidenceId).executeTakeFirst())?.contract_id ?? null;
}

/** The rows a write replaces, as stored (the journal's "before"). */
export async function contractRow(db: Db, id: number): Promise<Record<string, unknown> | null> {
  return ((await db.selectFrom('contract').selectAll().where('id', '=', id).executeTakeFirst()) as Record<string, unknown> | undefined) ?? null;
}

export async function reviewRow(db: Db, id: number): Promise<Record<string, unknown> | null> {
  return ((await db.selectFrom('review').selectAll().where('id', '=', id).executeTakeFirst()) as Record<string, unknown> | undefined) ?? null;
}

export async function paymentWithCorrections(db: Db, id: number): Promise<Record<string, unknown> | null> {
  const rows = await db
    .selectFrom('payment')
    .select(['id', 'received_on', 'amount_cents', 'cpam_ref', 'comment', 'corrects_payment_id', 'recorded_at'])
    .where((eb) => eb.or([eb('id', '=', id), eb('corrects_payment_id', '=', id)]))
    .orderBy('id')
    .execute();
  if (rows.length === 0) return null;
  return { payment: rows[0], corrections: rows.slice(1), inForceCents: rows.reduce((s, r) => s + r.amount_cents, 0) };
}

/** PostgreSQL: the role the session runs as (the journal's author there). */
export async function sessionRole(db: Db): Promise<string> {
  return (await sql<{ r: string }>`SELECT current_user AS r`.execute(db)).rows[0].r;
}

/** PostgreSQL: whether the contract exists at all, whoever may see it (SECURITY DEFINER function of pg-04). */
export async function contractExistsForAnyone(db: Db, id: number): Promise<boolean> {
  return (await sql<{ e: boolean }>`SELECT aci_contract_exists(${id}) AS e`.execute(db)).rows[0].e === true;
}
