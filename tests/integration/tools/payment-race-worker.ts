// One of the processes of tests/integration/payment-race.test.ts: opens the same database file
// as the other, waits for the start signal, then records payments on one tranche and corrects
// one payment, as fast as it can. Prints what the API answered, as one JSON line.
// Usage: tsx payment-race-worker.ts <db> <go-file> <json job>
import { existsSync } from 'node:fs';
import { openDatabase } from '../../../electron/db/connection';
import { callApi } from '../../../electron/api/dispatch';
import { makeContext } from '../../../electron/runtime';

export interface RaceJob {
  name: string;
  contractId: number;
  receivedOn: string;
  /** Payments of `payCents` on `trancheId`, `payAttempts` times. */
  trancheId: string;
  payCents: number;
  payAttempts: number;
  /** Corrections of payment `paymentId` to each of these amounts (the reason names the amount). */
  paymentId: number;
  correctTo: number[];
}

export interface RaceReport {
  name: string;
  paid: number[];
  excessRefused: number;
  corrected: number[];
  otherErrors: string[];
  /** When its first call started and its last ended (ms since the epoch): the two runs overlap. */
  startedAt: number;
  endedAt: number;
}

async function main(): Promise<void> {
  const [dbPath, goFile, jobText] = process.argv.slice(2);
  const job = JSON.parse(jobText) as RaceJob;
  const opened = await openDatabase(dbPath);
  const ctx = makeContext(opened, dbPath, 'cli');
  process.stdout.write('ready\n');
  const deadline = Date.now() + 30_000;
  while (!existsSync(goFile)) {
    if (Date.now() > deadline) throw new Error('pas de signal de départ');
    await new Promise((r) => setTimeout(r, 2));
  }
  const report: RaceReport = { name: job.name, paid: [], excessRefused: 0, corrected: [], otherErrors: [], startedAt: Date.now(), endedAt: 0 };
  for (let i = 0; i < Math.max(job.payAttempts, job.correctTo.length); i++) {
    if (i < job.payAttempts) {
      const res = await callApi(ctx, 'payments.record', {
        contractId: job.contractId,
        receivedOn: job.receivedOn,
        amountCents: job.payCents,
        cpamRef: `${job.name}-${i}`,
        trancheIds: [job.trancheId],
      });
      if (res.ok) report.paid.push(job.payCents);
      else if (res.error.fields?.allowExcess) report.excessRefused += 1;
      else report.otherErrors.push(`${res.error.code} ${res.error.message}`);
    }
    if (i < job.correctTo.length) {
      const target = job.correctTo[i];
      const res = await callApi(ctx, 'payments.correct', {
        contractId: job.contractId,
        paymentId: job.paymentId,
        correctedOn: job.receivedOn,
        newAmountCents: target,
        reason: `cible=${target}`,
      });
      if (res.ok) report.corrected.push(target);
      else report.otherErrors.push(`${res.error.code} ${res.error.message}`);
    }
  }
  report.endedAt = Date.now();
  await opened.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
