// PostgreSQL schema (issue 13): every table and column of electron/db/schema.ts, and every column
// and index a fresh SQLite file has, exist on PostgreSQL; the ledger's rules are PostgreSQL
// triggers, refusing with the same French messages; a cascade from a deleted demo contract goes
// through. Skipped without ACI_TEST_POSTGRES_URL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../electron/db/connection';
import type { OpenedPostgres } from '../../electron/db/postgres/connection';
import { seedDemo } from '../../electron/db/demo';
import { serverContext } from '../../electron/cliServer';
import { ok, tempDir } from './helpers';
import { openTestPostgres, PG_SKIP_REASON, PG_URL } from './pgTest';

/** Tables and columns declared in electron/db/schema.ts (the Database interface and its row interfaces). */
function declaredSchema(): Map<string, string[]> {
  const src = readFileSync(join(__dirname, '../../electron/db/schema.ts'), 'utf8');
  const dbBlock = /export interface Database \{([\s\S]*?)\n\}/.exec(src);
  if (!dbBlock) throw new Error('interface Database introuvable dans schema.ts');
  const out = new Map<string, string[]>();
  for (const m of dbBlock[1].matchAll(/^\s*(\w+):\s*(\w+);/gm)) {
    const body = new RegExp(`export interface ${m[2]} \\{([\\s\\S]*?)\\n\\}`).exec(src);
    if (!body) throw new Error(`interface ${m[2]} introuvable`);
    out.set(m[1], [...body[1].matchAll(/^\s{2}(\w+)\??:/gm)].map((c) => c[1]));
  }
  return out;
}

/** Tables only the shared server has: the evidence contents (on SQLite they are files in the data folder). */
const PG_ONLY_TABLES = ['evidence_blob'];

describe.skipIf(!PG_URL)(`PostgreSQL: schema and ledger rules${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  let store: OpenedPostgres;
  const columnsOf = new Map<string, Set<string>>();

  beforeAll(async () => {
    store = await openTestPostgres();
    const rows = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`.execute(store.db);
    for (const r of rows.rows) columnsOf.set(r.table_name, (columnsOf.get(r.table_name) ?? new Set()).add(r.column_name));
  }, 60_000);
  afterAll(async () => store?.close());

  it('has every table and column of electron/db/schema.ts', () => {
    const missing: string[] = [];
    const declared = declaredSchema();
    expect(declared.size).toBeGreaterThan(20);
    for (const [table, columns] of declared) {
      for (const c of columns) if (!columnsOf.get(table)?.has(c)) missing.push(`${table}.${c}`);
    }
    expect(missing).toEqual([]);
  });

  it('has every table, column and index of a fresh SQLite file', async () => {
    const sqliteDb = await openDatabase(join(tempDir(), 'ref.sqlite'));
    try {
      const tables = sqliteDb.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
      const missing: string[] = [];
      for (const { name } of tables) {
        for (const c of sqliteDb.sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[]) {
          if (!columnsOf.get(name)?.has(c.name)) missing.push(`${name}.${c.name}`);
        }
      }
      expect(missing).toEqual([]);
      // The server's own tables, and only these, have no SQLite counterpart.
      const sqliteNames = new Set(tables.map((t) => t.name));
      expect([...columnsOf.keys()].filter((t) => !sqliteNames.has(t)).sort()).toEqual([...PG_ONLY_TABLES].sort());
      const sqliteIndexes = (sqliteDb.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as { name: string }[]).map((r) => r.name);
      const pgIndexes = new Set((await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`.execute(store.db)).rows.map((r) => r.indexname));
      expect(sqliteIndexes.filter((n) => !pgIndexes.has(n))).toEqual([]);
    } finally {
      await sqliteDb.close();
    }
  });

  it('refuses what the SQLite triggers refuse, with the same French messages', async () => {
    const ctx = serverContext(store, 'cli');
    const ids = await seedDemo({ ...ctx, dataDir: tempDir(), today: () => '2026-11-23' });
    expect(ids.length).toBeGreaterThan(0);
    const refused = async (statement: string) => {
      const error = await sql.raw(statement).execute(store.db).then(() => null, (e: unknown) => (e instanceof Error ? e.message : String(e)));
      return error;
    };
    const pay = (await sql<{ id: number; contract_id: number }>`SELECT id, contract_id FROM payment ORDER BY id LIMIT 1`.execute(store.db)).rows[0];
    expect(typeof pay.id).toBe('number');
    expect(await refused(`UPDATE payment SET amount_cents = 1 WHERE id = ${pay.id}`)).toBe('Un versement ne se modifie pas : enregistrez une correction.');
    expect(await refused(`DELETE FROM payment WHERE id = ${pay.id}`)).toBe('Un versement ne se supprime pas : enregistrez une correction.');
    expect(await refused(`UPDATE payment_allocation SET amount_cents = 1 WHERE payment_id = ${pay.id}`)).toMatch(/^La répartition d’un versement ne se modifie pas/);
    expect(await refused(`DELETE FROM payment_allocation WHERE payment_id = ${pay.id}`)).toMatch(/^La répartition d’un versement ne se supprime pas/);
    expect(await refused(`UPDATE payment SET uuid = '00000000-0000-4000-8000-000000000000' WHERE id = ${pay.id}`)).toMatch(/ne se modifie pas/);

    const closed = (await sql<{ id: number }>`SELECT id FROM review WHERE status = 'closed' ORDER BY id LIMIT 1`.execute(store.db)).rows[0];
    await ok({ ...ctx, today: () => '2026-11-23' }, 'reviews.addendum', { reviewId: closed.id, addedOn: '2026-11-20', text: 'Correction du compte rendu.' });
    expect(await refused(`UPDATE review SET summary = 'x' WHERE id = ${closed.id}`)).toBe('Dialogue clos : ajoutez un addendum.');
    expect(await refused(`DELETE FROM review WHERE id = ${closed.id}`)).toBe('Dialogue clos : il ne se supprime pas ; ajoutez un addendum.');
    expect(await refused(`INSERT INTO review_participant (review_id, name, organisation) VALUES (${closed.id}, 'X', 'CPAM')`)).toBe('Dialogue clos : ajoutez un addendum.');
    expect(await refused(`UPDATE review_addendum SET text = 'x' WHERE review_id = ${closed.id}`)).toMatch(/^Un addendum ne se modifie pas/);
    expect(await refused(`DELETE FROM review_addendum WHERE review_id = ${closed.id}`)).toMatch(/^Un addendum ne se supprime pas/);
    expect(await refused(`UPDATE closed_mission_figure SET retained_cents = 0`)).toMatch(/^Montant arrêté au dialogue annuel : il ne se modifie pas/);

    // A real contract with payments is not deleted; a demonstration contract is, with its whole history (cascade).
    await sql`UPDATE contract SET demo = 0 WHERE id = ${pay.contract_id}`.execute(store.db);
    expect(await refused(`DELETE FROM contract WHERE id = ${pay.contract_id}`)).toBe('Ce contrat a des versements : il ne se supprime pas, archivez-le.');
    await sql`UPDATE contract SET demo = 1 WHERE id = ${pay.contract_id}`.execute(store.db);
    expect(await refused(`DELETE FROM contract WHERE id = ${pay.contract_id}`)).toBeNull();
    const left = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM payment WHERE contract_id = ${pay.contract_id}`.execute(store.db);
    expect(left.rows[0].n).toBe(0);
  }, 120_000);
});
