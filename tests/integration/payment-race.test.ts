// Two processes on one database file (the app and the CLI, or two starts) write payments at the
// same moment: each API call reads what a tranche still owes inside its own BEGIN IMMEDIATE
// transaction, so they queue instead of deciding from the same stale figures. Neither over-pays
// a tranche, and eight simultaneous corrections of one payment leave exactly the last amount.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../../electron/db/connection';
import { makeContext } from '../../electron/runtime';
import { ok, T3_CONTRACT, tempDir } from './helpers';
import type { RaceJob, RaceReport } from './tools/payment-race-worker';

const TODAY = '2023-02-01';
const WORKER = fileURLToPath(new URL('./tools/payment-race-worker.ts', import.meta.url));

interface Worker {
  ready: Promise<void>;
  done: Promise<RaceReport>;
}

function startWorker(dbPath: string, goFile: string, job: RaceJob): Worker {
  const child = spawn('npx', ['tsx', WORKER, dbPath, goFile, JSON.stringify(job)], {
    env: { ...process.env, ACI_TODAY: TODAY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const done = new Promise<RaceReport>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${job.name} : trop long\n${err}`));
    }, 25_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`${job.name} : code ${code}\n${out}\n${err}`));
      else resolve(JSON.parse(last) as RaceReport);
    });
  });
  return { ready, done };
}

describe('two processes writing payments on one database file', () => {
  it('never over-pay a tranche, and simultaneous corrections leave the right amount', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'aci-cpts.sqlite');
    const opened = await openDatabase(dbPath);
    const ctx = { ...makeContext(opened, dir, 'cli'), today: () => TODAY };
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const f = await ok(ctx, 'funding.get', { contractId: c.id });
    const [raced, corrected] = f.schedule.filter((t) => t.amountCents > 1_000_000 && t.dueOn <= TODAY);
    expect(raced && corrected, 'deux échéances échues de plus de 10 000 €').toBeTruthy();
    // Seven payments would pay more than the tranche: the seventh must be refused, whoever sends it.
    const payCents = Math.ceil(raced.amountCents / 7) + 1;
    const start = await ok(ctx, 'payments.record', { contractId: c.id, receivedOn: '2022-07-15', amountCents: 100_000, cpamRef: 'VIR-0', trancheIds: [corrected.id] });
    const paymentId = start.payments[0].id;
    await opened.close();

    // Eight distinct targets, none equal to the amount in force: every correction changes it.
    const targets = [200_000, 300_000, 400_000, 500_000, 600_000, 700_000, 800_000, 900_000];
    const job = (name: string, correctTo: number[]): RaceJob => ({
      name,
      contractId: c.id,
      receivedOn: '2022-07-20',
      trancheId: raced.id,
      payCents,
      payAttempts: 6,
      paymentId,
      correctTo,
    });
    const goFile = join(dir, 'go');
    const started = Date.now();
    const workers = [startWorker(dbPath, goFile, job('A', targets.filter((_, i) => i % 2 === 0))), startWorker(dbPath, goFile, job('B', targets.filter((_, i) => i % 2 === 1)))];
    await Promise.all(workers.map((w) => w.ready));
    writeFileSync(goFile, 'go');
    const reports = await Promise.all(workers.map((w) => w.done));
    const seconds = (Date.now() - started) / 1000;

    for (const r of reports) expect(r.otherErrors, r.name).toEqual([]);
    // The two runs overlapped: each started before the other ended.
    expect(reports[0].startedAt).toBeLessThan(reports[1].endedAt);
    expect(reports[1].startedAt).toBeLessThan(reports[0].endedAt);
    console.log(`course : A ${reports[0].startedAt}–${reports[0].endedAt}, B ${reports[1].startedAt}–${reports[1].endedAt} ; ${seconds.toFixed(1)} s en tout`);
    const accepted = reports.flatMap((r) => r.paid);
    // Six payments fit in the tranche, the other six of the twelve would over-pay it.
    expect(accepted).toHaveLength(6);
    expect(reports.reduce((s, r) => s + r.excessRefused, 0)).toBe(6);
    expect(reports.flatMap((r) => r.corrected).sort()).toEqual([...targets].sort());

    const check = await openDatabase(dbPath);
    try {
      const ctx2 = { ...makeContext(check, dir, 'cli'), today: () => TODAY };
      const v = await ok(ctx2, 'payments.list', { contractId: c.id });
      const t = v.schedule.find((x) => x.id === raced.id)!;
      expect(t.paidCents).toBe(accepted.reduce((s, x) => s + x, 0));
      expect(t.paidCents).toBeLessThanOrEqual(raced.amountCents);
      expect(t.excessCents).toBe(0);

      // The corrections, in the order they committed, each moved the amount in force from the
      // previous target to its own: none was computed from a stale amount.
      const chain = v.payments.filter((p) => p.correctsId === paymentId).sort((a, b) => a.id - b.id);
      expect(chain).toHaveLength(8);
      let inForce = 100_000;
      for (const p of chain) {
        const target = Number(/cible=(\d+)/.exec(p.comment)?.[1]);
        expect(inForce + p.amountCents, p.comment).toBe(target);
        inForce = target;
      }
      const original = v.payments.find((p) => p.id === paymentId)!;
      expect(original.effectiveCents).toBe(inForce);
      expect(v.schedule.find((x) => x.id === corrected.id)!.paidCents).toBe(inForce);
      const allocated = await sql<{ total: number }>`
        SELECT SUM(a.amount_cents) AS total FROM payment_allocation a JOIN payment p ON p.id = a.payment_id
        WHERE p.id = ${paymentId} OR p.corrects_payment_id = ${paymentId}`.execute(check.db);
      expect(allocated.rows[0].total).toBe(inForce);
      const integrity = check.sqlite.pragma('integrity_check', { simple: true });
      expect(integrity).toBe('ok');
    } finally {
      await check.close();
    }
  }, 30_000);
});
