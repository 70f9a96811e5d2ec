// The one path that deletes whole contracts: the demonstration contracts (column `demo` = 1),
// with every row that depends on them. It never deletes a row of a contract that is not flagged
// demo; a real contract is archived instead (contract.archive).
//
// The ledger's "never deleted" triggers (payments, allocations, closed reviews and their lines,
// addenda, target revisions, figures stored at closing…) refuse a deletion while the parent row
// still exists, and which child SQLite's ON DELETE CASCADE visits first is up to SQLite: a stored
// closing figure, say, can be reached through its contract while its closed review still stands.
// So, inside ONE transaction, this path lifts the BEFORE DELETE/UPDATE triggers that RAISE(ABORT),
// deletes the demo contracts (the cascade takes every dependent row), puts the triggers back from
// their stored definition, and checks that no other contract lost a row. If anything fails, the
// rollback restores everything, triggers included; other connections never see the file without
// its triggers (SQLite isolation). On PostgreSQL (team mode) the guards themselves let a deletion
// cascading from a removed parent through (2026-11-30-pg-01-schema: the parent row is already gone
// when the child's trigger runs, and a demo contract's payments do not hold it back), and foreign
// keys are checked by the server: the deletion runs with every trigger in place, under the same
// final check.
import { sql } from 'kysely';
import { inTransaction, type Db } from './connection';
import { isPostgres } from './postgres/retry';

export interface DemoRemoval {
  /** Ids of the demonstration contracts removed. */
  contractIds: number[];
  /** Evidence files (relative to the data folder) that no remaining row refers to any more. */
  orphanEvidencePaths: string[];
  /** Hashes of the removed contracts' evidence (team mode: the contents no row refers to any more are deleted). */
  evidenceHashes: string[];
}

/** A trigger that refuses a deletion or an update (a ledger guard), as stored by SQLite. */
function isGuard(ddl: string): boolean {
  return /\bBEFORE\s+(DELETE|UPDATE)\b/i.test(ddl) && /\bRAISE\s*\(\s*ABORT\b/i.test(ddl);
}

/** Rows per table that belong to real (non-demo) contracts, for the final check. */
async function realFootprint(db: Db): Promise<string> {
  const real = await db.selectFrom('contract').select(['id', 'cpts_id']).where('demo', '=', 0).orderBy('id').execute();
  const ids = real.map((r) => r.id);
  const counts: number[] = [ids.length];
  if (ids.length > 0) {
    for (const t of ['payment', 'review', 'envelope', 'evidence', 'annex_year', 'spending'] as const) {
      const r = await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).where('contract_id', 'in', ids).executeTakeFirstOrThrow();
      counts.push(Number(r.n));
    }
  }
  return JSON.stringify([real, counts]);
}

/** Deletes every demonstration contract, its CPTS when no other contract uses it, and their rows. */
export function removeDemoContracts(db: Db): Promise<DemoRemoval> {
  return inTransaction(db, async (trx) => {
    const demo = await trx.selectFrom('contract').select(['id', 'cpts_id']).where('demo', '=', 1).execute();
    if (demo.length === 0) return { contractIds: [], orphanEvidencePaths: [], evidenceHashes: [] };
    const contractIds = demo.map((d) => d.id);
    const evidence = await trx.selectFrom('evidence').select(['stored_path', 'sha256']).where('contract_id', 'in', contractIds).execute();
    const before = await realFootprint(trx);

    const postgres = isPostgres(trx);
    const triggers = postgres ? { rows: [] } : await sql<{ name: string; sql: string | null }>`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`.execute(trx);
    const guards = triggers.rows.filter((t): t is { name: string; sql: string } => t.sql !== null && isGuard(t.sql));
    for (const g of guards) await sql`DROP TRIGGER ${sql.id(g.name)}`.execute(trx);

    await trx.deleteFrom('contract').where('demo', '=', 1).where('id', 'in', contractIds).execute();
    // The demo's CPTS (and their population figures, by cascade), unless a real contract shares one.
    const cptsIds = [...new Set(demo.map((d) => d.cpts_id))];
    await trx
      .deleteFrom('cpts')
      .where('id', 'in', cptsIds)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('contract').select('contract.id').whereRef('contract.cpts_id', '=', 'cpts.id'))))
      .execute();

    for (const g of guards) await sql.raw(g.sql).execute(trx);
    const violations = postgres ? { rows: [] } : await sql`PRAGMA foreign_key_check`.execute(trx);
    if (violations.rows.length > 0 || (await realFootprint(trx)) !== before) {
      throw new Error('Suppression des contrats de démonstration annulée : elle aurait touché d’autres données.');
    }

    // Evidence is stored by content hash: a file may also be a real contract's piece.
    const paths = [...new Set(evidence.map((e) => e.stored_path))];
    const stillUsed = paths.length > 0 ? await trx.selectFrom('evidence').select('stored_path').where('stored_path', 'in', paths).execute() : [];
    const kept = new Set(stillUsed.map((r) => r.stored_path));
    return { contractIds, orphanEvidencePaths: paths.filter((p) => !kept.has(p)), evidenceHashes: [...new Set(evidence.map((e) => e.sha256))] };
  });
}

/** Flags freshly seeded contracts as demonstration contracts. */
export async function markDemoContracts(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('contract').set({ demo: 1 }).where('id', 'in', ids).execute();
}
