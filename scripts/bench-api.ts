/**
 * API benchmark at national scale (issue 11): builds a database of N contracts × 5 years in a temp
 * folder, then times, through `callApi` (the door every transport uses), each API method behind
 * a screen, plus two writes. Prints, per method, the median and the maximum of the runs in ms and
 * the number of SQL statements of one call. A script, not a test: `npm test` does not run it.
 *
 * Run: npm run bench:api -- [--contracts 1000] [--runs 5] [--data DIR] [--without-indexes]
 *   --contracts N   contracts in the file (rounded up to a multiple of the 4 demo contracts)
 *   --runs R        timed calls per method (after one untimed warm-up call)
 *   --data DIR      build the database in DIR and keep it (reused if it already holds N contracts;
 *                   the app started with ACI_DATA_DIR=DIR opens it); default: a temp folder, removed
 *   --without-indexes  drop the indexes of migration 2026-11-30-01-indexes before measuring (the
 *                   figures before issue 11; the file keeps them dropped)
 *
 * How the database is built: scripts/lib/portfolioGenerator.ts (also used by the query-plan test).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { ApiContext } from '../electron/api/context';
import { callApi, invoke } from '../electron/api/dispatch';
import { refreshAllSummaries } from '../electron/api/portfolio';
import { openDatabase } from '../electron/db/connection';
import { INDEXES as FK_INDEXES } from '../electron/db/migrations/2026-11-30-01-indexes';
import { appVersion, DB_FILE } from '../electron/runtime';
import type { ApiMethod } from '../shared/api';
import { buildPortfolio, contractCount, GENERATOR_TODAY } from './lib/portfolioGenerator';

const TODAY = process.env.ACI_TODAY ?? GENERATOR_TODAY;

interface Options {
  contracts: number;
  runs: number;
  dataDir: string | null;
  withoutIndexes: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { contracts: 1000, runs: 5, dataDir: null, withoutIndexes: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} : valeur manquante.`);
      return v;
    };
    if (a === '--contracts') opts.contracts = Number.parseInt(next(), 10);
    else if (a === '--runs') opts.runs = Number.parseInt(next(), 10);
    else if (a === '--data') opts.dataDir = next();
    else if (a === '--without-indexes') opts.withoutIndexes = true;
    else throw new Error(`Option inconnue : ${a}`);
  }
  if (!Number.isInteger(opts.contracts) || opts.contracts < 1) throw new Error('--contracts : un entier positif.');
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error('--runs : un entier positif.');
  return opts;
}

interface Measure {
  label: string;
  ms: number[];
  statements: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const dir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'aci-bench-api-'));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, DB_FILE);
  const reuse = existsSync(path);
  const opened = await openDatabase(path);
  // The app's own version: the portfolio summaries computed here are the ones the app reads.
  const ctx: ApiContext = { db: opened.db, dataDir: dir, mode: 'browser', version: appVersion(), today: () => TODAY };

  // Every statement Kysely runs goes through better-sqlite3's prepare: count them.
  let statements = 0;
  const prepare = opened.sqlite.prepare.bind(opened.sqlite);
  opened.sqlite.prepare = ((source: string) => {
    statements += 1;
    return prepare(source);
  }) as typeof opened.sqlite.prepare;

  try {
    const t0 = performance.now();
    let built = false;
    if (!reuse || (await contractCount(opened)) < opts.contracts) {
      if (reuse) throw new Error(`${path} : la base existe mais ne contient pas ${opts.contracts} contrats ; choisissez un autre dossier.`);
      await buildPortfolio(ctx, opened, opts.contracts);
      built = true;
    } else {
      // As the app does when it opens a data folder (a file built by an earlier version).
      await refreshAllSummaries(opened.db, ctx.version);
    }
    const buildMs = performance.now() - t0;
    if (opts.withoutIndexes) {
      for (const [name] of FK_INDEXES) await sql`DROP INDEX IF EXISTS ${sql.id(name)}`.execute(opened.db);
    }
    const indexes = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index' AND name IN (${sql.join(FK_INDEXES.map(([n]) => n))})`.execute(opened.db);
    const total = await contractCount(opened);
    const sizes = await sql<{ t: string; n: number }>`
      SELECT 'indicator' AS t, COUNT(*) AS n FROM indicator UNION ALL SELECT 'indicator_palier', COUNT(*) FROM indicator_palier
      UNION ALL SELECT 'indicator_value', COUNT(*) FROM indicator_value UNION ALL SELECT 'review', COUNT(*) FROM review
      UNION ALL SELECT 'payment', COUNT(*) FROM payment UNION ALL SELECT 'spending', COUNT(*) FROM spending`.execute(opened.db);

    // The contract measured: the one with the most indicators, in the middle of the file.
    const templateSize = 4;
    const middle = Math.floor(total / templateSize / 2) * templateSize;
    const richest = await opened.db
      .selectFrom('annex_year')
      .innerJoin('annex_action', 'annex_action.annex_year_id', 'annex_year.id')
      .innerJoin('indicator', 'indicator.action_id', 'annex_action.id')
      .select(['annex_year.contract_id as id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('annex_year.contract_id', '<=', templateSize)
      .groupBy('annex_year.contract_id')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow();
    const contractId = richest.id + middle;
    const reviews = await opened.db.selectFrom('review').select(['id', 'year', 'kind', 'status']).where('contract_id', '=', contractId).orderBy('year', 'desc').execute();
    const closedAnnual = reviews.find((r) => r.kind === 'annual' && r.status === 'closed');
    if (!closedAnnual) throw new Error(`contrat n° ${contractId} : aucun dialogue annuel clos`);
    const annexYear = closedAnnual.year;

    const results: Measure[] = [];
    const time = async (label: string, method: ApiMethod, input: (run: number) => unknown): Promise<void> => {
      const one = async (run: number): Promise<number> => {
        const t = performance.now();
        const res = await callApi(ctx, method, input(run));
        const ms = performance.now() - t;
        if (!res.ok) throw new Error(`${label} : ${res.error.code} ${res.error.message}`);
        return ms;
      };
      await one(-1); // warm-up, not counted
      const ms: number[] = [];
      let count = 0;
      for (let run = 0; run < opts.runs; run++) {
        const before = statements;
        ms.push(await one(run));
        count = statements - before;
      }
      results.push({ label, ms, statements: count });
      process.stderr.write(`  ${label} : ${median(ms).toFixed(1)} ms\n`);
    };

    process.stderr.write(`Mesures (${opts.runs} appels par méthode, contrat n° ${contractId}, année ${annexYear})…\n`);
    await time('portfolio.list', 'portfolio.list', () => ({}));
    await time('portfolio.list (recherche)', 'portfolio.list', () => ({ search: 'Léman' }));
    await time('portfolio.list (page 2 de 100, comme l’écran)', 'portfolio.list', () => ({ offset: 100, limit: 100 }));
    await time('contract.get', 'contract.get', () => ({ id: contractId }));
    await time('funding.get', 'funding.get', () => ({ contractId }));
    await time('payments.list', 'payments.list', () => ({ contractId }));
    await time('spending.get', 'spending.get', () => ({ contractId }));
    await time('envelopes.get', 'envelopes.get', () => ({ contractId }));
    await time('annex.get', 'annex.get', () => ({ contractId, year: annexYear }));
    await time('reviews.list', 'reviews.list', () => ({ contractId }));
    await time('reviews.get', 'reviews.get', () => ({ reviewId: closedAnnual.id }));
    await time('reviews.upcoming', 'reviews.upcoming', () => ({}));

    // Writes. A payment of 100 € on the contract's first tranche still owed (one per run).
    const funding = await invoke(ctx, 'funding.get', { contractId });
    const owed = funding.schedule.find((t) => t.outstandingCents >= 10_000 * (opts.runs + 1));
    if (!owed) throw new Error(`contrat n° ${contractId} : aucune échéance restant due`);
    await time('payments.record', 'payments.record', (run) => ({
      contractId,
      receivedOn: TODAY,
      amountCents: 10_000,
      cpamRef: `BENCH-${run + 1}`,
      trancheIds: [owed.id],
      comment: '',
    }));
    // Closing a draft intermediate dialogue: one per run, on the same contract of successive copies.
    const drafts = await opened.db
      .selectFrom('review')
      .select('id')
      .where('status', '=', 'draft')
      .where('kind', '=', 'intermediate')
      .where('contract_id', '>', middle)
      .orderBy('contract_id')
      .limit(opts.runs + 1)
      .execute();
    if (drafts.length < opts.runs + 1) throw new Error('pas assez de dialogues en préparation à clore');
    await time('reviews.close', 'reviews.close', (run) => ({ reviewId: drafts[run + 1].id }));

    const rows = sizes.rows.map((r) => `${r.t} ${Number(r.n).toLocaleString('fr-FR')}`).join(', ');
    console.log(`Base : ${total} contrats × 5 ans (${rows}) ; index de 2026-11-30-01-indexes : ${indexes.rows[0]?.n ?? 0}/${FK_INDEXES.length} ; aujourd’hui = ${TODAY}.`);
    console.log(built ? `Construite en ${(buildMs / 1000).toFixed(1)} s dans ${dir}.` : `Base réutilisée : ${dir}.`);
    console.log(`Date : ${new Date().toISOString().slice(0, 10)} ; Node ${process.version} ; médiane de ${opts.runs} appels après un appel d’échauffement.\n`);
    console.log('| Méthode | Médiane (ms) | Max (ms) | Requêtes SQL |');
    console.log('|---|---:|---:|---:|');
    for (const r of results) console.log(`| ${r.label} | ${median(r.ms).toFixed(1)} | ${Math.max(...r.ms).toFixed(1)} | ${r.statements} |`);
  } finally {
    await opened.close();
    if (opts.dataDir === null) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
