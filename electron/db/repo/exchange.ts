// Repository of the exchange file (issue 12): the rows of one contract, table by table, and the
// generic writes an import makes (insert a row with its uuid, fill fields, empty a draft review,
// close it). Table and column names come from shared/exchange/format.ts, never from a file.
// No transaction of its own: the API call's unit of work.
import { sql } from 'kysely';
import { EXCHANGE_TABLES, type ExchangeTable } from '../../../shared/exchange/format';
import type { Db } from '../connection';
import { isPostgres } from '../postgres/retry';

export type DbRow = Record<string, unknown> & { id: number; uuid: string };

const IN_CONTRACT_ACTIONS = sql`(SELECT a.id FROM annex_action a JOIN annex_year y ON y.id = a.annex_year_id WHERE y.contract_id = `;
const IN_CONTRACT_INDICATORS = sql`(SELECT i.id FROM indicator i JOIN annex_action a ON a.id = i.action_id JOIN annex_year y ON y.id = a.annex_year_id WHERE y.contract_id = `;

/** The WHERE clause selecting a contract's rows in each table. */
function scope(table: ExchangeTable, contractId: number) {
  const c = sql.lit(contractId);
  switch (table) {
    case 'cpts':
      return sql`id = (SELECT cpts_id FROM contract WHERE id = ${c})`;
    case 'population':
      return sql`cpts_id = (SELECT cpts_id FROM contract WHERE id = ${c})`;
    case 'contract':
      return sql`id = ${c}`;
    case 'payment_allocation':
      return sql`payment_id IN (SELECT id FROM payment WHERE contract_id = ${c})`;
    case 'annex_action':
      return sql`annex_year_id IN (SELECT id FROM annex_year WHERE contract_id = ${c})`;
    case 'livrable':
    case 'indicator':
      return sql`action_id IN ${IN_CONTRACT_ACTIONS}${c})`;
    case 'indicator_palier':
    case 'indicator_value':
    case 'target_revision':
      return sql`indicator_id IN ${IN_CONTRACT_INDICATORS}${c})`;
    case 'review_participant':
    case 'review_indicator':
    case 'review_decision':
    case 'review_addendum':
    case 'closed_indicator_figure':
      return sql`review_id IN (SELECT id FROM review WHERE contract_id = ${c})`;
    default:
      return sql`contract_id = ${c}`;
  }
}

/** Every row of a contract, per table, in id order. */
export async function contractRows(db: Db, contractId: number): Promise<Record<ExchangeTable, DbRow[]>> {
  const out = {} as Record<ExchangeTable, DbRow[]>;
  for (const t of EXCHANGE_TABLES) {
    const r = await sql<DbRow>`SELECT * FROM ${sql.table(t)} WHERE ${scope(t, contractId)} ORDER BY id`.execute(db);
    out[t] = r.rows;
  }
  return out;
}

/** A CPTS and its population figures (a new contract of a CPTS already here). */
export async function cptsRows(db: Db, uuid: string): Promise<{ cpts: DbRow[]; population: DbRow[] }> {
  const cpts = (await sql<DbRow>`SELECT * FROM cpts WHERE uuid = ${uuid}`.execute(db)).rows;
  const population = cpts.length > 0 ? (await sql<DbRow>`SELECT * FROM population WHERE cpts_id = ${cpts[0].id} ORDER BY id`.execute(db)).rows : [];
  return { cpts, population };
}

export async function contractByUuid(db: Db, uuid: string): Promise<number | null> {
  const r = await db.selectFrom('contract').select('id').where('uuid', '=', uuid).executeTakeFirst();
  return r?.id ?? null;
}

/** Contracts of a CPTS (by SIRET) signed on a date: how a first import finds its contract. */
export async function contractsBySiret(db: Db, siret: string, signedOn: string): Promise<number[]> {
  if (siret === '') return [];
  const r = await db
    .selectFrom('contract')
    .innerJoin('cpts', 'cpts.id', 'contract.cpts_id')
    .select('contract.id as id')
    .where('cpts.siret', '=', siret)
    .where('contract.signed_on', '=', signedOn)
    .execute();
  return r.map((x) => x.id);
}

/** Which of these uuids already exist in a table (any contract). */
export async function existingUuids(db: Db, table: ExchangeTable, uuids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < uuids.length; i += 500) {
    const chunk = uuids.slice(i, i + 500);
    const r = await sql<{ uuid: string }>`SELECT uuid FROM ${sql.table(table)} WHERE uuid IN (${sql.join(chunk)})`.execute(db);
    for (const x of r.rows) found.add(x.uuid);
  }
  return found;
}

export async function idOfUuid(db: Db, table: ExchangeTable, uuid: string): Promise<number | null> {
  const r = await sql<{ id: number }>`SELECT id FROM ${sql.table(table)} WHERE uuid = ${uuid}`.execute(db);
  return r.rows[0]?.id ?? null;
}

export async function insertRow(db: Db, table: ExchangeTable, values: Record<string, unknown>): Promise<number> {
  const cols = Object.keys(values);
  const r = await sql<{ id: number }>`INSERT INTO ${sql.table(table)} (${sql.join(cols.map((c) => sql.id(c)))}) VALUES (${sql.join(cols.map((c) => values[c]))}) RETURNING id`.execute(db);
  return r.rows[0].id;
}

export async function updateRow(db: Db, table: ExchangeTable, id: number, set: Record<string, unknown>): Promise<void> {
  const cols = Object.keys(set);
  if (cols.length === 0) return;
  await sql`UPDATE ${sql.table(table)} SET ${sql.join(cols.map((c) => sql`${sql.id(c)} = ${set[c]}`))} WHERE id = ${id}`.execute(db);
}

/** Empties a draft review's participants, lines and decisions (refused by the database if it is closed). */
export async function clearDraftReview(db: Db, reviewId: number): Promise<void> {
  for (const t of ['review_participant', 'review_indicator', 'review_decision'] as const) await db.deleteFrom(t).where('review_id', '=', reviewId).execute();
}

export async function closeReviewRow(db: Db, reviewId: number, closedAt: string): Promise<void> {
  await db.updateTable('review').set({ status: 'closed', closed_at: closedAt }).where('id', '=', reviewId).where('status', '=', 'draft').execute();
}

/**
 * Path of the database file (the main schema of this connection); null on the shared PostgreSQL
 * server, which has no file to copy beside it (it is saved whole: `backup --data postgres://…`, pg_dump).
 */
export async function databaseFile(db: Db): Promise<string | null> {
  if (isPostgres(db)) return null;
  const r = await sql<{ name: string; file: string }>`PRAGMA database_list`.execute(db);
  return r.rows.find((x) => x.name === 'main')?.file || null;
}
