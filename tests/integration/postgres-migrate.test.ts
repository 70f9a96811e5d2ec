// Moving in (issue 13): `aci migrate-to-server --from FILE.sqlite --to postgres://…` copies the
// demo desktop ledger, with its evidence, into a server that already holds another contract (so
// every id is remapped): each contract then gives the same échéancier, funding and payments to the
// cent, and the same evidence hashes, read back from the database; a second run is refused (exit
// 2) and writes nothing. Skipped without ACI_TEST_POSTGRES_URL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { sql } from 'kysely';
import { runCli } from '../../electron/cli';
import { openDatabase } from '../../electron/db/connection';
import { seedDemo } from '../../electron/db/demo';
import { openPostgres } from '../../electron/db/postgres/connection';
import { makeContext } from '../../electron/runtime';
import type { ApiContext } from '../../electron/api/context';
import type { MigrateResult } from '../../electron/cliMigrate';
import { copySqliteIntoServerAtomically } from '../../electron/db/postgres/copyFromSqlite';
import pg from 'pg';
import { ok, T3_CONTRACT, tempDir } from './helpers';
import { createTestDatabase, PG_SKIP_REASON, PG_URL } from './pgTest';

const TODAY = '2026-11-23';

/** A value without its ids (the server numbers rows anew): keys `id`, `…Id`, `…Ids`, `uuid`. */
function withoutIds(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === 'id' || k === 'uuid' || /Ids?$/.test(k) ? undefined : v)));
}

async function evidenceHashes(ctx: ApiContext, uuid: string): Promise<string[]> {
  const r = await sql<{ sha256: string }>`SELECT e.sha256 FROM evidence e JOIN contract c ON c.id = e.contract_id WHERE c.uuid = ${uuid} ORDER BY e.sha256`.execute(ctx.db);
  return r.rows.map((x) => x.sha256);
}

describe.skipIf(!PG_URL)(`PostgreSQL: migrate-to-server${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const saved = process.env.ACI_TODAY;
  beforeAll(() => {
    process.env.ACI_TODAY = TODAY;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.ACI_TODAY;
    else process.env.ACI_TODAY = saved;
    vi.restoreAllMocks();
  });

  it('copies the demo ledger with its evidence: same échéancier to the cent and same hashes; a second copy is refused', async () => {
    const database = await createTestDatabase();
    const dir = tempDir();
    const file = join(dir, 'aci-cpts.sqlite');
    try {
      const desktop = await openDatabase(file);
      const sqliteCtx = { ...makeContext(desktop, dir, 'cli'), today: () => TODAY };
      const ids = await seedDemo(sqliteCtx);
      await desktop.close();

      // The server already holds another CPAM's contract: the copied rows get other ids.
      const before = await openPostgres(database.url);
      await ok({ ...makeContext(before, tempDir(), 'cli'), today: () => TODAY }, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Déjà Partagée' });
      await before.close();

      const out: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
      const err: string[] = [];
      vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
      expect(await runCli(['migrate-to-server', '--from', file, '--to', database.url, '--json']), err.join('')).toBe(0);
      const report = JSON.parse(out.join('')) as MigrateResult;
      expect(report.contracts).toHaveLength(ids.length);
      expect(report.tables.contract).toBe(ids.length);
      expect(report.evidence.files).toBeGreaterThan(0);

      const source = await openDatabase(file);
      const server = await openPostgres(database.url);
      try {
        const a = { ...makeContext(source, dir, 'cli'), today: () => TODAY };
        const b = { ...makeContext(server, tempDir(), 'cli'), today: () => TODAY };
        // Counts per table as reported = rows of the file.
        for (const [table, n] of Object.entries(report.tables)) {
          const c = source.sqlite.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number };
          expect(n, table).toBe(c.n);
        }
        const serverIds = new Map(report.contracts.map((c) => [c.uuid, c.serverId]));
        expect(Math.min(...serverIds.values())).toBeGreaterThan(1);
        for (const id of ids) {
          const detail = await ok(a, 'contract.get', { id });
          const uuid = (source.sqlite.prepare('SELECT uuid FROM contract WHERE id = ?').get(id) as { uuid: string }).uuid;
          const onServer = serverIds.get(uuid)!;
          expect(withoutIds(await ok(b, 'contract.get', { id: onServer }))).toEqual(withoutIds(detail));
          const fa = await ok(a, 'funding.get', { contractId: id });
          const fb = await ok(b, 'funding.get', { contractId: onServer });
          expect(fb.schedule.length).toBeGreaterThan(0);
          expect(fb.schedule.map((t) => [t.dueOn, t.amountCents])).toEqual(fa.schedule.map((t) => [t.dueOn, t.amountCents]));
          expect(withoutIds(fb)).toEqual(withoutIds(fa));
          expect(withoutIds(await ok(b, 'payments.list', { contractId: onServer }))).toEqual(withoutIds(await ok(a, 'payments.list', { contractId: id })));
          const hashes = await evidenceHashes(a, uuid);
          expect(await evidenceHashes(b, uuid)).toEqual(hashes);
          const evidenceIds = await sql<{ id: number; sha256: string }>`SELECT id, sha256 FROM evidence WHERE contract_id = ${onServer}`.execute(server.db);
          for (const e of evidenceIds.rows) expect((await ok(b, 'evidence.get', { id: e.id })).sha256).toBe(e.sha256);
        }
        const portfolioA = (await ok(a, 'portfolio.list', { status: 'tous' })).rows;
        const portfolioB = (await ok(b, 'portfolio.list', { status: 'tous' })).rows.filter((r) => r.cpts !== 'CPTS Déjà Partagée');
        expect(withoutIds(portfolioB)).toEqual(withoutIds(portfolioA));

        // Again: refused, exit 2, nothing written.
        const count = async () => (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM payment`.execute(server.db)).rows[0].n;
        const payments = await count();
        err.length = 0;
        expect(await runCli(['migrate-to-server', '--from', file, '--to', database.url])).toBe(2);
        expect(err.join('')).toMatch(/contient déjà \d+ des \d+ contrat/);
        expect(await count()).toBe(payments);
        err.length = 0;
        expect(await runCli(['migrate-to-server', '--from', file, '--to', 'mysql://serveur/base'])).toBe(2);
        expect(err.join('')).toMatch(/non prise en charge/);
      } finally {
        await source.close();
        await server.close();
      }
    } finally {
      vi.restoreAllMocks();
      await database.drop();
    }
  }, 300_000);

  it('takes no predicate lock while it copies: a national file in one SERIALIZABLE transaction ran the server out of shared memory', async () => {
    // 1 000 contracts (≈ 400 000 rows, each insert checked by the ledger's guards) stopped with
    // « out of shared memory »: SERIALIZABLE keeps a predicate lock per row read. The copy runs
    // at READ COMMITTED (its decisions rest on unique uuids), two copies waiting for each other.
    const database = await createTestDatabase();
    const dir = tempDir();
    const file = join(dir, 'aci-cpts.sqlite');
    const watcher = new pg.Client({ connectionString: PG_URL });
    await watcher.connect();
    try {
      const desktop = await openDatabase(file);
      await seedDemo({ ...makeContext(desktop, dir, 'cli'), today: () => TODAY });
      await desktop.close();
      const name = new URL(database.url).pathname.slice(1);
      let most = 0;
      let polls = 0;
      let copying = true;
      const watching = (async () => {
        while (copying) {
          const r = await watcher.query<{ n: string }>(
            "SELECT COUNT(*) AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.mode = 'SIReadLock' AND d.datname = $1",
            [name],
          );
          most = Math.max(most, Number(r.rows[0].n));
          polls++;
        }
      })();
      const source = await openDatabase(file);
      const server = await openPostgres(database.url);
      try {
        const report = await copySqliteIntoServerAtomically(source.sqlite, dir, server.db);
        expect(report.contracts.length).toBeGreaterThan(0);
      } finally {
        copying = false;
        await watching;
        await source.close();
        await server.close();
      }
      expect(polls).toBeGreaterThan(2);
      expect(most).toBe(0);
    } finally {
      await watcher.end();
      await database.drop();
    }
  }, 300_000);
});
