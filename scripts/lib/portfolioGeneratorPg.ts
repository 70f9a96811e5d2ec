/**
 * The generated national portfolio (scripts/lib/portfolioGenerator.ts) on PostgreSQL (issue 13),
 * for `npm run bench -- --db postgres://…`: the four demo contracts entered through the API on the
 * server (electron/db/demo.ts) and completed through the API like on SQLite (completeEarlierYears),
 * then this template copied row for row with SQL, ids shifted, in one transaction on the server,
 * until the database holds N contracts; the copies' portfolio summaries are then recomputed.
 *
 * Only a database holding no contract, or generated (demonstration) contracts only, is (re)built:
 * one holding any other contract is refused, untouched.
 */
import { sql } from 'kysely';
import type { ApiContext } from '../../electron/api/context';
import { refreshAllSummaries } from '../../electron/api/portfolio';
import type { Db } from '../../electron/db/connection';
import { seedDemo } from '../../electron/db/demo';
import { markAllStale } from '../../electron/db/repo/portfolio';
import { completeEarlierYears } from './portfolioGenerator';

/** Migration bookkeeping, and the team's rows (not tied to a contract's data): never copied nor emptied. */
const KEPT = new Set(['kysely_migration', 'kysely_migration_lock', 'agent', 'contract_assignment', 'evidence_blob']);

export async function contractCountPg(db: Db): Promise<number> {
  const r = await db.selectFrom('contract').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Contracts not flagged `demo` (entered by someone, or copied in): the bench never touches their database. */
export async function nonGeneratedContracts(db: Db): Promise<number> {
  const r = await db.selectFrom('contract').select((eb) => eb.fn.countAll<number>().as('n')).where('demo', '<>', 1).executeTakeFirstOrThrow();
  return Number(r.n);
}

interface PgTable {
  name: string;
  columns: string[];
  /** column -> referenced table, for the columns to shift with that table's ids. */
  refs: Map<string, string>;
}

async function tableShapes(db: Db): Promise<PgTable[]> {
  const cols = await sql<{ t: string; c: string; type: string }>`
    SELECT c.table_name AS t, c.column_name AS c, c.data_type AS type
    FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
    ORDER BY c.table_name, c.ordinal_position`.execute(db);
  const fks = await sql<{ t: string; c: string; ref: string }>`
    SELECT cl.relname AS t, a.attname AS c, rc.relname AS ref
    FROM pg_constraint k
    JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
    JOIN pg_class rc ON rc.oid = k.confrelid
    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
    WHERE k.contype = 'f' AND array_length(k.conkey, 1) = 1 AND n.nspname = current_schema()`.execute(db);
  const byTable = new Map<string, { c: string; type: string }[]>();
  for (const r of cols.rows) byTable.set(r.t, [...(byTable.get(r.t) ?? []), { c: r.c, type: r.type }]);
  const tables = new Set(byTable.keys());
  const out: PgTable[] = [];
  for (const [name, columns] of byTable) {
    if (KEPT.has(name) || !columns.some((c) => c.c === 'id')) continue;
    const refs = new Map(fks.rows.filter((f) => f.t === name).map((f) => [f.c, f.ref]));
    // Ids of other tables kept without a declared foreign key (e.g. target_revision.review_id).
    for (const c of columns) {
      const stem = c.c.endsWith('_id') ? c.c.slice(0, -3) : '';
      if (!refs.has(c.c) && (c.type === 'bigint' || c.type === 'integer') && tables.has(stem)) refs.set(c.c, stem);
    }
    out.push({ name, columns: columns.map((c) => c.c), refs });
  }
  return out;
}

/** Empties a database of generated contracts (every ledger table, ids restarting at 1). */
async function emptyGenerated(db: Db): Promise<void> {
  const tables = (await tableShapes(db)).map((t) => t.name);
  if (tables.length > 0) await sql.raw(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`).execute(db);
}

/**
 * Copies every row of the template `copies - 1` more times, ids shifted by the template's largest
 * id of each table, in one transaction; the server's triggers (append-only and closed-review
 * guards, stale marks) and foreign-key checks are set aside for this transaction only
 * (session_replication_role: the bench connects as a superuser), then the id sequences moved on.
 */
async function cloneTemplate(db: Db, copies: number): Promise<void> {
  const shapes = await tableShapes(db);
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    const maxId = new Map<string, number>();
    for (const s of shapes) {
      const r = await sql<{ m: number }>`SELECT COALESCE(MAX(id), 0)::bigint AS m FROM ${sql.table(s.name)}`.execute(trx);
      maxId.set(s.name, Number(r.rows[0]?.m ?? 0));
    }
    for (const s of shapes) {
      const max = maxId.get(s.name) ?? 0;
      if (max === 0) continue;
      const exprs = s.columns.map((c) => {
        if (c === 'id') return `id + k * ${max}`;
        if (c === 'uuid') return 'gen_random_uuid()::text'; // each copy its own exchange identity
        const ref = s.refs.get(c);
        if (ref !== undefined) return `"${c}" + k * ${maxId.get(ref) ?? 0}`;
        if (s.name === 'cpts' && c === 'name') return `name || ' n° ' || (k + 1)`;
        return `"${c}"`;
      });
      const cols = s.columns.map((c) => `"${c}"`).join(', ');
      await sql
        .raw(`INSERT INTO "${s.name}" (${cols}) SELECT ${exprs.join(', ')} FROM "${s.name}", generate_series(1, ${copies - 1}) AS k WHERE id <= ${max} ORDER BY k, id`)
        .execute(trx);
      await sql.raw(`SELECT setval(pg_get_serial_sequence('"${s.name}"', 'id'), (SELECT MAX(id) FROM "${s.name}"))`).execute(trx);
    }
  });
}

/**
 * Builds the portfolio on the server: N contracts (rounded up to a multiple of the template's
 * contracts). The database must hold no contract but generated ones (they are removed first).
 * `ctx.db` is the server's store.
 */
export async function buildPortfolioPg(ctx: ApiContext, contracts: number): Promise<number> {
  const others = await nonGeneratedContracts(ctx.db);
  if (others > 0) throw new Error(`La base contient ${others} contrat(s) qui ne sont pas générés : le banc d’essai ne la modifie pas. Donnez une base vide (createdb).`);
  await emptyGenerated(ctx.db);
  const templateIds = await seedDemo(ctx);
  await completeEarlierYears(ctx, templateIds);
  await cloneTemplate(ctx.db, Math.ceil(contracts / templateIds.length));
  // The copies' summaries came with the template's search keys: every one is recomputed.
  await markAllStale(ctx.db);
  await refreshAllSummaries(ctx.db, ctx.version);
  await sql`ANALYZE`.execute(ctx.db);
  return templateIds.length;
}
