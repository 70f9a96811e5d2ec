// Contracts as they live (issue 9): the signature's bounds and the derived end date, "échu",
// archive and restore (out of the portfolio and its totals, kept in the file), and the removal
// of the demonstration contracts with every dependent row, payments and closed reviews included.
// On PostgreSQL (ACI_TEST_ENGINE=postgres) the demo removal is checked through the server's own
// catalogue (foreign keys, pg_trigger) and its evidence store (evidence_blob) instead of SQLite's.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { callApi } from '../../electron/api/dispatch';
import { openDatabase, type OpenedDb } from '../../electron/db/connection';
import { openPostgres } from '../../electron/db/postgres/connection';
import { seedDemo } from '../../electron/db/demo';
import { EVIDENCE_DIR } from '../../electron/api/evidence';
import type { ApiContext } from '../../electron/api/context';
import { handToCli, ok, openTemp, sqlAll, sqlRun, T3_CONTRACT, tempDir } from './helpers';
import { ON_POSTGRES } from './pgTest';

const notStarted = T3_CONTRACT.missions.map((m) => ({ ...m, startedOn: null }));

async function refusal(ctx: ApiContext, method: Parameters<typeof callApi>[1], input: unknown) {
  const res = await callApi(ctx, method, input);
  if (res.ok) throw new Error(`${method} accepted: ${JSON.stringify(input)}`);
  return res.error;
}

async function count(ctx: ApiContext, table: 'contract' | 'cpts' | 'population'): Promise<number> {
  const r = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(ctx.db);
  return r.rows[0].n;
}

describe('signature date and end date', () => {
  it('accepts a signature from 25/08/2019 to one year after today, and refuses outside with a French message on signedOn', async () => {
    const { ctx, opened } = await openTemp('2026-11-23');
    const early = await refusal(ctx, 'contract.create', { ...T3_CONTRACT, signedOn: '2019-08-24', startsOn: '2019-08-24' });
    expect(early.code).toBe('VALIDATION');
    expect(early.fields?.signedOn).toBe('Date de signature : pas avant le 25/08/2019 (entrée en vigueur de l’ACI).');
    const late = await refusal(ctx, 'contract.create', { ...T3_CONTRACT, signedOn: '2027-11-24', startsOn: '2027-11-24', missions: notStarted });
    expect(late.code).toBe('VALIDATION');
    expect(late.fields?.signedOn).toBe('Date de signature : pas après le 23/11/2027 (un an après aujourd’hui).');
    expect(await count(ctx, 'contract')).toBe(0);
    expect(await count(ctx, 'cpts')).toBe(0);

    const first = await ok(ctx, 'contract.create', { ...T3_CONTRACT, signedOn: '2019-08-25', startsOn: '2019-08-25', missions: notStarted });
    expect(first.endsOn).toBe('2024-08-24');
    const last = await ok(ctx, 'contract.create', { ...T3_CONTRACT, signedOn: '2027-11-23', startsOn: '2027-11-23', missions: notStarted });
    expect(last.endsOn).toBe('2032-11-22');

    // An update is held to the same bounds, and a refused update changes nothing.
    const upd = await refusal(ctx, 'contract.update', { id: first.id, data: { ...T3_CONTRACT, signedOn: '2028-01-01', startsOn: '2028-01-01', missions: notStarted } });
    expect(upd.fields?.['data.signedOn']).toBe('Date de signature : pas après le 23/11/2027 (un an après aujourd’hui).');
    expect((await ok(ctx, 'contract.get', { id: first.id })).signedOn).toBe('2019-08-25');
    await opened.close();
  });

  it('derives the end date from the signature (5 years) and ignores a typed one', async () => {
    const { ctx, opened } = await openTemp('2026-11-23');
    const c = await ok(ctx, 'contract.create', { ...T3_CONTRACT, endsOn: '2030-12-31' });
    expect(c.endsOn).toBe('2027-06-30');
    const stored = await ctx.db.selectFrom('contract').select('ends_on').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(stored.ends_on).toBe('2027-06-30');
    const moved = await ok(ctx, 'contract.update', { id: c.id, data: { ...T3_CONTRACT, signedOn: '2024-02-29', startsOn: '2024-02-29', missions: notStarted } });
    expect(moved.endsOn).toBe('2029-02-27');
    const after = await refusal(ctx, 'contract.create', { ...T3_CONTRACT, startsOn: '2027-06-30' });
    expect(after.fields?.startsOn).toBe("Date d'effet : doit précéder la fin du contrat (30/06/2027, 5 ans après la signature).");
    await opened.close();
  });
});

describe('échu', () => {
  it('shows a contract past its end as échu, on the contract and in the portfolio, and filters by status', async () => {
    for (const [today, lifecycle] of [
      ['2027-06-30', 'actif'],
      ['2027-07-01', 'echu'],
    ] as const) {
      const { ctx, opened } = await openTemp(today);
      const c = await ok(ctx, 'contract.create', T3_CONTRACT);
      expect(c.lifecycle).toBe(lifecycle);
      const [row] = (await ok(ctx, 'portfolio.list', {})).rows;
      expect(row).toMatchObject({ id: c.id, lifecycle, endsOn: '2027-06-30', archivedAt: null, demo: false });
      expect((await ok(ctx, 'portfolio.list', { status: 'actifs' })).total).toBe(lifecycle === 'actif' ? 1 : 0);
      expect((await ok(ctx, 'portfolio.list', { status: 'echus' })).total).toBe(lifecycle === 'echu' ? 1 : 0);
      await opened.close();
    }
  });

  it('refuses an unknown status filter in French', async () => {
    const { ctx, opened } = await openTemp();
    const e = await refusal(ctx, 'portfolio.list', { status: 'supprimes' });
    expect(e.fields?.status).toBe('Statut : portefeuille, actifs, echus, archives ou tous.');
    await opened.close();
  });
});

describe('archive and restore', () => {
  it('takes a contract out of the portfolio and its totals, keeps its data, and brings it back', async () => {
    const { ctx, opened } = await openTemp('2023-02-01');
    const a = await ok(ctx, 'contract.create', T3_CONTRACT);
    const b = await ok(ctx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Deuxième', signedOn: '2022-09-01', startsOn: '2022-09-01', missions: T3_CONTRACT.missions.map((m) => ({ ...m, startedOn: m.startedOn && m.startedOn < '2022-09-01' ? '2022-09-01' : m.startedOn })) });
    const f = await ok(ctx, 'funding.get', { contractId: a.id });
    await ok(ctx, 'payments.record', { contractId: a.id, receivedOn: '2022-07-15', amountCents: 1_000_000, cpamRef: 'VIR-A', trancheIds: [f.schedule[0].id] });
    const list = await ok(ctx, 'portfolio.list', {});
    const before = list.rows;
    const overdue = (rows: { overdueCents: number }[]) => rows.reduce((s, r) => s + r.overdueCents, 0);
    const rowA = before.find((r) => r.id === a.id)!;
    const rowB = before.find((r) => r.id === b.id)!;
    expect(rowA.overdueCents).toBeGreaterThan(0);
    expect(overdue(before)).toBe(rowA.overdueCents + rowB.overdueCents);
    expect(list.totals.overdueCents).toBe(overdue(before));
    const paymentsBefore = await ok(ctx, 'payments.list', { contractId: a.id });

    const archived = await ok(ctx, 'contract.archive', { id: a.id });
    expect(archived.lifecycle).toBe('archive');
    expect(archived.archivedAt).not.toBeNull();
    const portfolio = await ok(ctx, 'portfolio.list', {});
    expect(portfolio.rows.map((r) => r.id)).toEqual([b.id]);
    expect(portfolio.totals.overdueCents).toBe(rowB.overdueCents);
    // Listed with the archives (status « tous »), an archived contract stays out of the money totals.
    const all = await ok(ctx, 'portfolio.list', { status: 'tous' });
    expect([all.total, all.totals.archived, all.totals.overdueCents]).toEqual([2, 1, rowB.overdueCents]);
    expect((await ok(ctx, 'portfolio.list', { status: 'actifs' })).rows.map((r) => r.id)).toEqual([b.id]);
    expect((await ok(ctx, 'portfolio.list', { status: 'archives' })).rows.map((r) => [r.id, r.lifecycle])).toEqual([[a.id, 'archive']]);
    expect((await ok(ctx, 'portfolio.list', { status: 'tous' })).rows.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    // Kept in the file: the contract, its payments and its schedule are all still there.
    expect(await ok(ctx, 'payments.list', { contractId: a.id })).toEqual(paymentsBefore);
    expect(await count(ctx, 'contract')).toBe(2);
    expect((await refusal(ctx, 'contract.archive', { id: a.id })).message).toBe(`Contrat n° ${a.id} : déjà archivé.`);

    const restored = await ok(ctx, 'contract.restore', { id: a.id });
    expect(restored).toMatchObject({ lifecycle: 'actif', archivedAt: null });
    const again = await ok(ctx, 'portfolio.list', {});
    expect(again).toEqual(list);
    expect((await refusal(ctx, 'contract.restore', { id: a.id })).code).toBe('CONFLICT');
    expect((await refusal(ctx, 'contract.archive', { id: 999 })).code).toBe('NOT_FOUND');
    await opened.close();
  });
});

type Row = Record<string, unknown>;

interface ForeignKey {
  table: string;
  from: string;
  to: string;
}

/** The tables of the database and their foreign keys (SQLite: sqlite_master and PRAGMA; PostgreSQL: its catalogue, each column with the one it references). */
async function schemaOf(opened: OpenedDb): Promise<{ tables: string[]; fks: Map<string, ForeignKey[]> }> {
  if (!ON_POSTGRES) {
    const sqlite = opened.sqlite;
    const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'").all() as { name: string }[]).map((t) => t.name);
    return { tables, fks: new Map(tables.map((t) => [t, sqlite.prepare(`PRAGMA foreign_key_list("${t}")`).all() as ForeignKey[]])) };
  }
  const tables = (
    await sqlAll<{ name: string }>(opened, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_%' ORDER BY table_name")
  ).map((t) => t.name);
  const pairs = await sqlAll<ForeignKey & { t: string }>(
    opened,
    `SELECT c.conrelid::regclass::text AS t, c.confrelid::regclass::text AS "table", a.attname AS "from", af.attname AS "to"
       FROM pg_constraint c
       CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, fcol)
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
       JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = k.fcol
      WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
      ORDER BY c.conname`,
  );
  return { tables, fks: new Map(tables.map((t) => [t, pairs.filter((p) => p.t === t)])) };
}

/**
 * The contract every row of the database belongs to, found by following the foreign keys up to
 * `contract` (any table, including ones added later); undefined when no path leads there.
 */
async function owners(opened: OpenedDb): Promise<Map<string, Map<number, number | undefined>>> {
  const { tables, fks } = await schemaOf(opened);
  const rows = new Map<string, Map<number, Row>>();
  for (const t of tables) rows.set(t, new Map((await sqlAll<Row>(opened, `SELECT * FROM "${t}"`)).map((r) => [Number(r.id), r])));
  const contractOfCpts = new Map([...rows.get('contract')!.values()].map((c) => [Number(c.cpts_id), Number(c.id)]));
  const resolve = (table: string, row: Row, depth = 0): number | undefined => {
    if (table === 'contract') return Number(row.id);
    if (table === 'cpts') return contractOfCpts.get(Number(row.id));
    if (depth > 10) return undefined;
    for (const fk of fks.get(table) ?? []) {
      const v = row[fk.from];
      const parent = v === null || v === undefined ? undefined : rows.get(fk.table)?.get(Number(v));
      if (parent) {
        const owner = resolve(fk.table, parent, depth + 1);
        if (owner !== undefined) return owner;
      }
    }
    return undefined;
  };
  return new Map(tables.map((t) => [t, new Map([...rows.get(t)!].map(([id, r]) => [id, resolve(t, r)]))]));
}

/** Per table, the ids of the rows that belong to `contractId` or to no contract. */
function keptIds(all: Map<string, Map<number, number | undefined>>, contractId: number): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [t, m] of all) out[t] = [...m].filter(([, owner]) => owner === undefined || owner === contractId).map(([id]) => id).sort((x, y) => x - y);
  return out;
}

function storedFiles(dir: string): string[] {
  const root = join(dir, EVIDENCE_DIR);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

/** Every foreign key holds (SQLite: PRAGMA foreign_key_check; PostgreSQL: each referencing column checked against its parent). */
async function foreignKeyViolations(opened: OpenedDb): Promise<unknown[]> {
  if (!ON_POSTGRES) return opened.sqlite.prepare('PRAGMA foreign_key_check').all();
  const { fks } = await schemaOf(opened);
  const out: unknown[] = [];
  for (const [t, list] of fks) {
    for (const fk of list) {
      const [{ n }] = await sqlAll<{ n: number }>(opened, `SELECT COUNT(*) AS n FROM "${t}" x WHERE x."${fk.from}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "${fk.table}" p WHERE p."${fk.to}" = x."${fk.from}")`);
      if (n > 0) out.push([t, fk.from, n]);
    }
  }
  return out;
}

/** The database's triggers with their definitions (SQLite: sqlite_master; PostgreSQL: pg_trigger). */
function triggersOf(opened: OpenedDb): Promise<unknown[]> {
  if (!ON_POSTGRES) return Promise.resolve(opened.sqlite.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all());
  return sqlAll(
    opened,
    `SELECT t.tgname AS name, c.relname AS tbl_name, pg_get_triggerdef(t.oid) AS sql, t.tgenabled AS enabled
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY t.tgname`,
  );
}

/** The stored evidence contents: files in the data folder (SQLite), rows of evidence_blob by hash (team mode). */
async function storedEvidence(opened: OpenedDb, dir: string): Promise<string[]> {
  if (!ON_POSTGRES) return storedFiles(dir);
  return (await sqlAll<{ sha256: string }>(opened, 'SELECT sha256 FROM evidence_blob ORDER BY sha256')).map((r) => r.sha256);
}

describe('demo removal', () => {
  it('removes every demonstration contract with all its rows (payments, closed reviews, evidence) and keeps the others', async () => {
    const { ctx, opened, dir } = await openTemp('2026-11-23');
    const ids = await seedDemo(ctx);
    const { rows } = await ok(ctx, 'portfolio.list', {});
    expect(rows.every((r) => r.demo)).toBe(true);
    expect((await ok(ctx, 'contract.get', { id: ids[0] })).demo).toBe(true);
    // One seeded contract stands for a real one: same history (payments, a closed annual review, evidence).
    const kept = ids[2];
    await sqlRun(opened, 'UPDATE contract SET demo = 0 WHERE id = ?', [kept]);
    const demoIds = ids.filter((id) => id !== kept);
    const one = async (q: string, ...p: unknown[]) => Number(Object.values((await sqlAll(opened, q, p))[0])[0]);
    for (const id of [kept, ...demoIds.slice(0, 1)]) {
      expect(await one('SELECT COUNT(*) FROM payment WHERE contract_id = ?', id)).toBeGreaterThan(0);
      expect(await one("SELECT COUNT(*) FROM review WHERE contract_id = ? AND status = 'closed'", id)).toBeGreaterThan(0);
    }
    const keptBefore = {
      detail: await ok(ctx, 'contract.get', { id: kept }),
      funding: await ok(ctx, 'funding.get', { contractId: kept }),
      payments: await ok(ctx, 'payments.list', { contractId: kept }),
      reviews: await ok(ctx, 'reviews.list', { contractId: kept }),
    };
    const expected = keptIds(await owners(opened), kept);
    // What a kept evidence is stored under: its file in the data folder (SQLite), its hash in the database (team mode).
    const keptFiles = (await sqlAll<{ k: string }>(opened, `SELECT DISTINCT ${ON_POSTGRES ? 'sha256' : 'stored_path'} AS k FROM evidence WHERE contract_id = ?`, [kept])).map((r) => r.k);
    expect((await storedEvidence(opened, dir)).length).toBeGreaterThan(keptFiles.length);

    // A real contract with payments is refused deletion by the database itself.
    await expect(sqlRun(opened, 'DELETE FROM contract WHERE id = ?', [kept])).rejects.toThrow(/archivez-le/);
    const triggersBefore = await triggersOf(opened);
    expect(triggersBefore.length).toBeGreaterThan(10);

    expect(await ok(ctx, 'demo.remove', {})).toEqual({ removedContracts: demoIds.length });

    const after = await owners(opened);
    expect(keptIds(after, kept)).toEqual(expected);
    for (const [t, m] of after) expect([t, m.size]).toEqual([t, expected[t].length]);
    expect(await foreignKeyViolations(opened)).toEqual([]);
    // The ledger's triggers are all back, unchanged, and still guard the real contract.
    expect(await triggersOf(opened)).toEqual(triggersBefore);
    await expect(sqlRun(opened, 'DELETE FROM contract WHERE id = ?', [kept])).rejects.toThrow(/archivez-le/);
    await expect(sqlRun(opened, "DELETE FROM review WHERE status = 'closed'")).rejects.toThrow(/Dialogue clos/);
    expect((await ok(ctx, 'portfolio.list', { status: 'tous' })).rows.map((r) => r.id)).toEqual([kept]);
    for (const id of demoIds) expect((await refusal(ctx, 'contract.get', { id })).code).toBe('NOT_FOUND');
    expect(await ok(ctx, 'contract.get', { id: kept })).toEqual(keptBefore.detail);
    expect(await ok(ctx, 'funding.get', { contractId: kept })).toEqual(keptBefore.funding);
    expect(await ok(ctx, 'payments.list', { contractId: kept })).toEqual(keptBefore.payments);
    expect(await ok(ctx, 'reviews.list', { contractId: kept })).toEqual(keptBefore.reviews);
    // Evidence files only the demo referred to are gone; the kept contract's are all there.
    expect(await storedEvidence(opened, dir)).toEqual([...new Set(keptFiles)].sort());
    // In team mode nothing of the evidence was ever in the data folder.
    if (ON_POSTGRES) expect(storedFiles(dir)).toEqual([]);

    expect(await ok(ctx, 'demo.remove', {})).toEqual({ removedContracts: 0 });
    await opened.close();
  }, 120_000);

  it('the CLI removes them too (demo-remove --db)', async () => {
    const { ctx, opened } = await openTemp('2026-11-23');
    await seedDemo(ctx);
    const path = await handToCli(opened);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'demo-remove', '--db', path], {
      encoding: 'utf8',
      env: { ...process.env, ACI_TODAY: '2026-11-23' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('4 contrat(s) de démonstration supprimé(s).\n');
    const again = ON_POSTGRES ? await openPostgres(path) : await openDatabase(path);
    expect((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM contract`.execute(again.db)).rows[0].n).toBe(0);
    expect((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM payment`.execute(again.db)).rows[0].n).toBe(0);
    await again.close();
  }, 120_000);

  // SQLite's migration history (2026-11-30-03 on a file from before it): the PostgreSQL schema has had the column from its first migration.
  it.skipIf(ON_POSTGRES)('the migration flags the demo contracts seeded before it and derives the stored end dates', async () => {
    const dir = tempDir();
    const path = join(dir, 'old.sqlite');
    const old = await openDatabase(path, { upTo: '2026-11-23-03-indicators' });
    for (const [name, signed, ends] of [
      ['CPTS Rives du Léman', '2021-11-29', '2026-11-28'],
      ['CPTS Réelle', '2021-11-29', '2026-12-31'],
    ] as const) {
      const cpts = await sql<{ id: number }>`INSERT INTO cpts (name, legal_name, departement, communes, created_at) VALUES (${name}, 'Asso', '74', '["Évian-les-Bains"]', '2021-11-01') RETURNING id`.execute(old.db);
      await sql`INSERT INTO contract (cpts_id, cpam, ars, signed_on, starts_on, ends_on, text_version, status, created_at, updated_at)
        VALUES (${cpts.rows[0].id}, 'CPAM', 'ARS', ${signed}, ${signed}, ${ends}, 'aci2019', 'actif', '2021-11-01', '2021-11-01')`.execute(old.db);
    }
    await old.close();
    const upgraded = await openDatabase(path);
    const rows = await upgraded.db.selectFrom('contract').innerJoin('cpts', 'cpts.id', 'contract.cpts_id').select(['cpts.name', 'contract.demo', 'contract.ends_on', 'contract.archived_at']).orderBy('contract.id').execute();
    expect(rows).toEqual([
      { name: 'CPTS Rives du Léman', demo: 1, ends_on: '2026-11-28', archived_at: null },
      { name: 'CPTS Réelle', demo: 0, ends_on: '2026-11-28', archived_at: null },
    ]);
    await upgraded.close();
  });
});
