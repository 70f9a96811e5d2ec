// Team mode on PostgreSQL, phase 1 (issue 13): the one switch (`--db postgres://…`; any other
// URL scheme refused in French, exit 2), the demo portfolio seeded on the server giving the same
// funding figures to the cent as on SQLite, and ten concurrent writers on one contract that never
// over-allocate a tranche nor lose a correction (SERIALIZABLE + retry of the whole API call).
// The PostgreSQL parts are skipped without ACI_TEST_POSTGRES_URL.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { runCli } from '../../electron/cli';
import { callApi } from '../../electron/api/dispatch';
import { openDatabase } from '../../electron/db/connection';
import { openPostgres } from '../../electron/db/postgres/connection';
import { seedDemo } from '../../electron/db/demo';
import { parseDatabaseTarget, UnsupportedDatabaseUrlError } from '../../electron/db/store';
import { serverContext } from '../../electron/cliServer';
import { makeContext } from '../../electron/runtime';
import { ok, tempDir, T3_CONTRACT } from './helpers';
import { createTestDatabase, openTestPostgres, PG_SKIP_REASON, PG_URL } from './pgTest';

const TODAY = '2026-11-23';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('--db: a file, a postgres:// server, or a refusal', () => {
  it('tells a file from a server and refuses any other URL scheme in French (exit 2, no file created)', async () => {
    expect(parseDatabaseTarget('/tmp/a.sqlite')).toEqual({ engine: 'sqlite', path: '/tmp/a.sqlite' });
    expect(parseDatabaseTarget('C:\\data\\a.sqlite').engine).toBe('sqlite');
    expect(parseDatabaseTarget('postgres://u@h:5432/b')).toEqual({ engine: 'postgres', url: 'postgres://u@h:5432/b' });
    expect(parseDatabaseTarget('postgresql://u@h/b').engine).toBe('postgres');
    expect(() => parseDatabaseTarget('mysql://u@h/b')).toThrow(UnsupportedDatabaseUrlError);
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      err.push(String(s));
      return true;
    });
    const cwd = process.cwd();
    const dir = tempDir();
    process.chdir(dir);
    try {
      for (const url of ['mysql://u@localhost/aci', 'http://example.org/base', 'sqlite://x']) {
        expect(await runCli(['contracts', '--db', url])).toBe(2);
        expect(await runCli(['demo', '--db', url])).toBe(2);
      }
    } finally {
      process.chdir(cwd);
    }
    expect(err.join('')).toMatch(/Adresse de base de données non prise en charge \(« mysql: »\)/);
    expect(err.join('')).toMatch(/« http: »/);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe.skipIf(!PG_URL)(`PostgreSQL: demo and concurrent writers${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const saved = process.env.ACI_TODAY;
  beforeAll(() => {
    process.env.ACI_TODAY = TODAY;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.ACI_TODAY;
    else process.env.ACI_TODAY = saved;
  });

  it('`demo --db postgres://…` seeds the demo portfolio; funding.get gives the same figures to the cent as on SQLite', async () => {
    const database = await createTestDatabase();
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await runCli(['demo', '--db', database.url])).toBe(0);
      // A second seeding is refused: the server is not empty.
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      expect(await runCli(['demo', '--db', database.url])).toBe(2);

      const dir = tempDir();
      const file = await openDatabase(join(dir, 'demo.sqlite'));
      const server = await openPostgres(database.url);
      try {
        const sqliteCtx = { ...makeContext(file, dir, 'cli'), today: () => TODAY };
        const ids = await seedDemo(sqliteCtx);
        const pgCtx = { ...serverContext(server, 'cli'), today: () => TODAY };
        const names = async (ctx: typeof sqliteCtx) => (await ok(ctx, 'portfolio.list', {})).rows.map((r) => [r.id, r.cpts]);
        expect(await names(pgCtx)).toEqual(await names(sqliteCtx));
        const noUuid = (_k: string, v: unknown) => (_k === 'uuid' ? undefined : v);
        for (const id of ids) {
          const a = await ok(sqliteCtx, 'funding.get', { contractId: id });
          const b = await ok(pgCtx, 'funding.get', { contractId: id });
          expect(b.schedule.length).toBeGreaterThan(0);
          expect(JSON.parse(JSON.stringify(b, noUuid))).toEqual(JSON.parse(JSON.stringify(a, noUuid)));
        }
      } finally {
        await file.close();
        await server.close();
      }
    } finally {
      await database.drop();
    }
  }, 240_000);

  it('ten concurrent writers on one contract: no tranche over-allocated, no correction lost, one closing, a complete audit log', async () => {
    const store = await openTestPostgres();
    try {
      const ctx = { ...serverContext(store, 'cli'), dataDir: tempDir(), today: () => '2023-02-01' };
      const c = await ok(ctx, 'contract.create', T3_CONTRACT);
      const f = await ok(ctx, 'funding.get', { contractId: c.id });
      const [raced, corrected] = f.schedule.filter((t) => t.amountCents > 1_000_000 && t.dueOn <= '2023-02-01');
      expect(raced && corrected, 'deux échéances échues de plus de 10 000 €').toBeTruthy();
      // Seven such payments would pay more than the tranche: six fit, the rest must be refused.
      const payCents = Math.ceil(raced.amountCents / 7) + 1;
      const start = await ok(ctx, 'payments.record', { contractId: c.id, receivedOn: '2022-07-15', amountCents: 100_000, cpamRef: 'VIR-0', trancheIds: [corrected.id] });
      const paymentId = start.payments[0].id;
      const targets = [200_000, 300_000, 400_000, 500_000, 600_000, 700_000, 800_000, 900_000];
      // A draft intermediate review, ready to close: the three correctors then race to close it.
      const review = await ok(ctx, 'reviews.create', { contractId: c.id, year: 1, kind: 'intermediate', heldOn: '2023-01-10' });
      await ok(ctx, 'reviews.update', { reviewId: review.id, participants: [{ name: 'Claire Martin', organisation: 'CPTS', role: 'Présidente' }] });

      // Ten writers at once: seven pay the raced tranche (twice each), three correct the same payment.
      const writers = Array.from({ length: 10 }, (_, w) => async () => {
        const paid: number[] = [];
        const refs: string[] = [];
        let refused = 0;
        const corrections: number[] = [];
        let closed = 0;
        let closeRefused = 0;
        if (w < 7) {
          for (let k = 0; k < 2; k++) {
            const r = await callApi(ctx, 'payments.record', { contractId: c.id, receivedOn: '2022-07-20', amountCents: payCents, cpamRef: `VIR-${w}-${k}`, trancheIds: [raced.id] });
            if (r.ok) {
              paid.push(payCents);
              refs.push(`VIR-${w}-${k}`);
            }
            else if (r.error.fields?.allowExcess) refused++;
            else throw new Error(JSON.stringify(r.error));
          }
        } else {
          for (const target of targets.filter((_, i) => i % 3 === w - 7)) {
            const r = await callApi(ctx, 'payments.correct', { contractId: c.id, paymentId, correctedOn: '2022-07-21', newAmountCents: target, reason: `cible=${target}` });
            if (!r.ok) throw new Error(JSON.stringify(r.error));
            corrections.push(target);
          }
          const r = await callApi(ctx, 'reviews.close', { reviewId: review.id });
          if (r.ok) closed++;
          else if (r.error.code === 'CONFLICT') closeRefused++;
          else throw new Error(JSON.stringify(r.error));
        }
        return { paid, refs, refused, corrections, closed, closeRefused };
      });
      const reports = await Promise.all(writers.map((run) => run()));
      const accepted = reports.flatMap((r) => r.paid);
      expect(accepted).toHaveLength(6);
      expect(reports.reduce((s, r) => s + r.refused, 0)).toBe(8);
      expect(reports.flatMap((r) => r.corrections).sort()).toEqual([...targets].sort());

      const v = await ok(ctx, 'payments.list', { contractId: c.id });
      const t = v.schedule.find((x) => x.id === raced.id)!;
      expect(t.paidCents).toBe(accepted.reduce((s, x) => s + x, 0));
      expect(t.paidCents).toBeLessThanOrEqual(raced.amountCents);
      expect(t.excessCents).toBe(0);
      // Each correction, in commit order, moved the amount in force from the previous target to its own.
      const chain = v.payments.filter((p) => p.correctsId === paymentId).sort((a, b) => a.id - b.id);
      expect(chain).toHaveLength(targets.length);
      let inForce = 100_000;
      for (const p of chain) {
        const target = Number(/cible=(\d+)/.exec(p.comment)?.[1]);
        expect(inForce + p.amountCents, p.comment).toBe(target);
        inForce = target;
      }
      const allocated = await sql<{ total: number }>`
        SELECT SUM(a.amount_cents) AS total FROM payment_allocation a JOIN payment p ON p.id = a.payment_id
        WHERE p.id = ${paymentId} OR p.corrects_payment_id = ${paymentId}`.execute(store.db);
      expect(allocated.rows[0].total).toBe(inForce);
      // The review was closed once; the two late closers were refused.
      expect(reports.reduce((s, r) => s + r.closed, 0)).toBe(1);
      expect(reports.reduce((s, r) => s + r.closeRefused, 0)).toBe(2);
      expect((await ok(ctx, 'reviews.get', { reviewId: review.id })).status).toBe('closed');

      // The audit log: each committed write exactly once (a retried transaction's attempts and the
      // refused calls leave nothing), with the server's author and time, and what each one saw.
      const journal = await ok(ctx, 'audit.list', { contractId: c.id });
      expect(journal.total).toBe(journal.entries.length);
      const methods = journal.entries.map((e) => e.method);
      const times = (m: string) => methods.filter((x) => x === m).length;
      expect([times('contract.create'), times('payments.record'), times('payments.correct'), times('reviews.create'), times('reviews.update'), times('reviews.close')]).toEqual([
        1,
        1 + accepted.length,
        targets.length,
        1,
        1,
        1,
      ]);
      expect(journal.entries.length).toBe(3 + 1 + accepted.length + targets.length + 1);
      const role = (await sql<{ u: string }>`SELECT current_user AS u`.execute(store.db)).rows[0].u;
      expect(new Set(journal.entries.map((e) => e.author))).toEqual(new Set([role]));
      const after = (e: { after: string | null }) => JSON.parse(e.after ?? 'null') as Record<string, unknown>;
      const before = (e: { before: string | null }) => JSON.parse(e.before ?? 'null') as Record<string, unknown>;
      // The accepted payments, by their reference; the corrections, by their target.
      const journaledRefs = journal.entries.filter((e) => e.method === 'payments.record').map((e) => after(e).cpamRef as string);
      expect(journaledRefs.sort()).toEqual(['VIR-0', ...reports.flatMap((r) => r.refs)].sort());
      const fixes = journal.entries.filter((e) => e.method === 'payments.correct');
      expect(fixes.map((e) => after(e).newAmountCents as number).sort()).toEqual([...targets].sort());
      // No lost write: each correction saw, as the amount in force, the previous one's target.
      const seen = fixes.map((e) => before(e).inForceCents as number).sort((a, b) => a - b);
      const chainFrom = [100_000, ...chain.map((p) => Number(/cible=(\d+)/.exec(p.comment)?.[1]))].slice(0, -1).sort((a, b) => a - b);
      expect(seen).toEqual(chainFrom);
      expect(before(journal.entries.find((e) => e.method === 'reviews.close')!)).toMatchObject({ id: review.id, status: 'draft' });
      // Append-only, whoever asks.
      await expect(sql`DELETE FROM audit_log WHERE contract_id = ${c.id}`.execute(store.db)).rejects.toThrow(/ne se supprime pas/);
    } finally {
      await store.close();
    }
  }, 240_000);
});
