/**
 * The benchmark at national scale (issue 11): builds a database of N contracts × 5 years through the
 * app's own services (scripts/lib/portfolioGenerator.ts) in a data folder, then times, through
 * `callApi` (the door every transport uses), each API method behind a screen and two writes, the
 * exports against the bare libraries, and the same calls on files of 100 and 300 contracts (growth).
 * Prints, per method, the median and the maximum of the runs in ms and the number of SQL statements
 * of one call. A script, not a test: `npm test` does not run it.
 *
 * Run: npm run bench -- [--contracts 1000] [--runs 5] [--data DIR | --db postgres://…] [--growth 100,300] [--without-indexes] [--exports-only]
 *   --contracts N   contracts in the file (rounded up to a multiple of the 4 demo contracts)
 *   --runs R        timed calls per method (after one untimed warm-up call)
 *   --data DIR      build the database in DIR and keep it (reused if it already holds N contracts;
 *                   the app started with ACI_DATA_DIR=DIR opens it); default: a temp folder, removed
 *   --db URL        measure on a PostgreSQL database instead (issue 13; opened with openPostgres, its
 *                   migrations applied): the portfolio is generated there (scripts/lib/portfolioGeneratorPg.ts)
 *                   when it holds fewer than N contracts, and the database kept; one holding any
 *                   contract not generated is refused. No growth table (one database), no --without-indexes.
 *                   SQL statements counted by a Kysely plugin (each statement executed, BEGIN/COMMIT aside)
 *   --growth LIST   the smaller files measured for the growth table, in temp folders (default
 *                   100,300; "none" for none)
 *   --without-indexes  drop the indexes of migration 2026-11-30-01-indexes before measuring (the
 *                   figures before issue 11; the file keeps them dropped)
 *   --exports-only  only the exports (no screen calls, no growth)
 *
 * Exports: the portfolio workbook ('reports.export', portfolio, xlsx) against the same cells and
 * styles written with exceljs alone (scripts/lib/bareExcel.ts: the app's file read back, then
 * written again); a year's dossier PDF ('reports.export', dossier) against pdfmake rendering the
 * same document definition (electron/reports/pdf/dossier.ts `dossierDocument`). Target: ≤ 1,3×.
 *
 * The engine alone: npm run bench:engine (scripts/bench-engine.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import type { ApiContext } from '../electron/api/context';
import { callApi, invoke } from '../electron/api/dispatch';
import { refreshAllSummaries } from '../electron/api/portfolio';
import { openDatabase, type Db } from '../electron/db/connection';
import { openPostgres } from '../electron/db/postgres/connection';
import { INDEXES as FK_INDEXES } from '../electron/db/migrations/2026-11-30-01-indexes';
import { loadDossierReport } from '../electron/reports/data';
import { dossierDocument } from '../electron/reports/pdf/dossier';
import { renderPdf } from '../electron/reports/pdf/render';
import { appVersion, DB_FILE } from '../electron/runtime';
import type { ApiMethod } from '../shared/api';
import { readBare, writeBare } from './lib/bareExcel';
import { buildPortfolio, contractCount, GENERATOR_TODAY } from './lib/portfolioGenerator';
import { buildPortfolioPg, contractCountPg, nonGeneratedContracts } from './lib/portfolioGeneratorPg';

const TODAY = process.env.ACI_TODAY ?? GENERATOR_TODAY;
const SCREEN_TARGET_MS = 100;
const PORTFOLIO_TARGET_MS = 300;
const WRITE_TARGET_MS = 20;
const EXPORT_RATIO_TARGET = 1.3;

interface Options {
  contracts: number;
  runs: number;
  dataDir: string | null;
  dbUrl: string | null;
  growth: number[];
  withoutIndexes: boolean;
  exportsOnly: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { contracts: 1000, runs: 5, dataDir: null, dbUrl: null, growth: [100, 300], withoutIndexes: false, exportsOnly: false };
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
    else if (a === '--db') opts.dbUrl = next();
    else if (a === '--growth') {
      const v = next();
      opts.growth = v === 'none' ? [] : v.split(',').map((x) => Number.parseInt(x, 10));
    } else if (a === '--without-indexes') opts.withoutIndexes = true;
    else if (a === '--exports-only') opts.exportsOnly = true;
    else throw new Error(`Option inconnue : ${a}`);
  }
  if (!Number.isInteger(opts.contracts) || opts.contracts < 1) throw new Error('--contracts : un entier positif.');
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error('--runs : un entier positif.');
  if (opts.growth.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--growth : des entiers positifs séparés par des virgules, ou none.');
  if (opts.dbUrl !== null) {
    if (!/^postgres(ql)?:\/\//.test(opts.dbUrl)) throw new Error('--db : l’adresse d’une base PostgreSQL (postgres://utilisateur@hôte:port/base).');
    if (opts.dataDir !== null) throw new Error('--db et --data ne vont pas ensemble : la base est sur le serveur.');
    if (opts.withoutIndexes) throw new Error('--without-indexes : sur SQLite seulement.');
    opts.growth = []; // one database on the server: no smaller files
  }
  opts.growth = [...new Set(opts.growth.filter((n) => n < opts.contracts))].sort((a, b) => a - b);
  return opts;
}

interface Measure {
  label: string;
  ms: number[];
  statements: number;
  kind: 'screen' | 'portfolio' | 'write';
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** "12,3" (French decimals, as the README writes them). */
const fr = (ms: number): string => (ms >= 100 ? Math.round(ms).toLocaleString('fr-FR') : ms.toFixed(1).replace('.', ','));

interface Bench {
  engine: 'sqlite' | 'postgres';
  /** The data folder, or the database's URL (password masked). */
  dir: string;
  db: Db;
  ctx: ApiContext;
  built: boolean;
  buildMs: number;
  /** SQL statements run so far (SQLite: every statement Kysely runs goes through better-sqlite3's prepare; PostgreSQL: CountingPlugin). */
  statements: () => number;
  contracts: () => Promise<number>;
  close: () => Promise<void>;
}

/** Counts the statements Kysely executes (each result it hands back), raw `sql` ones included, on any engine. */
class CountingPlugin implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count += 1;
    return Promise.resolve(args.result);
  }
}

/** Opens the PostgreSQL database, generating the portfolio there unless it already holds `contracts` contracts. */
async function openBenchPg(url: string, contracts: number): Promise<Bench> {
  const opened = await openPostgres(url);
  const counter = new CountingPlugin();
  const db = opened.db.withPlugin(counter);
  const ctx: ApiContext = { db, dataDir: mkdtempSync(join(tmpdir(), 'aci-bench-pg-')), mode: 'browser', version: appVersion(), today: () => TODAY };
  const close = async () => {
    await opened.close();
    rmSync(ctx.dataDir, { recursive: true, force: true });
  };
  const t0 = performance.now();
  let built = false;
  try {
    const held = await contractCountPg(db);
    const others = await nonGeneratedContracts(db);
    if (others > 0) {
      throw new Error(`${opened.url} : la base contient ${others} contrat(s) qui ne sont pas générés par le banc d’essai ; elle n’a pas été modifiée. Donnez une base vide (createdb).`);
    }
    if (held < contracts) {
      process.stderr.write(`Construction de ${contracts} contrats dans ${opened.url}${held > 0 ? ` (les ${held} contrats générés présents sont remplacés)` : ''}…\n`);
      await buildPortfolioPg(ctx, contracts);
      built = true;
    } else {
      await refreshAllSummaries(db, ctx.version);
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { engine: 'postgres', dir: opened.url, db, ctx, built, buildMs: performance.now() - t0, statements: () => counter.count, contracts: () => contractCountPg(db), close };
}

/** Opens the data folder, building the portfolio there unless it already holds `contracts` contracts. */
async function openBench(dir: string, contracts: number): Promise<Bench> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, DB_FILE);
  const reuse = existsSync(path);
  const opened = await openDatabase(path);
  // The app's own version: the portfolio summaries computed here are the ones the app reads.
  const ctx: ApiContext = { db: opened.db, dataDir: dir, mode: 'browser', version: appVersion(), today: () => TODAY };
  let statements = 0;
  const prepare = opened.sqlite.prepare.bind(opened.sqlite);
  opened.sqlite.prepare = ((source: string) => {
    statements += 1;
    return prepare(source);
  }) as typeof opened.sqlite.prepare;
  const t0 = performance.now();
  let built = false;
  if (!reuse || (await contractCount(opened)) < contracts) {
    if (reuse) {
      await opened.close();
      throw new Error(`${path} : la base existe mais ne contient pas ${contracts} contrats ; choisissez un autre dossier.`);
    }
    process.stderr.write(`Construction de ${contracts} contrats dans ${dir}…\n`);
    await buildPortfolio(ctx, opened, contracts);
    built = true;
  } else {
    // As the app does when it opens a data folder (a file built by an earlier version).
    await refreshAllSummaries(opened.db, ctx.version);
  }
  return { engine: 'sqlite', dir, db: opened.db, ctx, built, buildMs: performance.now() - t0, statements: () => statements, contracts: () => contractCount(opened), close: () => opened.close() };
}

interface Subject {
  contractId: number;
  /** The latest year whose annual dialogue is closed. */
  year: number;
  reviewId: number;
  middle: number;
}

/** The contract measured: the one with the most indicators, in the middle of the file. */
async function subjectOf(b: Bench): Promise<Subject> {
  const total = await b.contracts();
  const templateSize = 4;
  const middle = Math.floor(total / templateSize / 2) * templateSize;
  const richest = await b.db
    .selectFrom('annex_year')
    .innerJoin('annex_action', 'annex_action.annex_year_id', 'annex_year.id')
    .innerJoin('indicator', 'indicator.action_id', 'annex_action.id')
    .select(['annex_year.contract_id as id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('annex_year.contract_id', '<=', templateSize)
    .groupBy('annex_year.contract_id')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  const contractId = richest.id + middle;
  const reviews = await b.db.selectFrom('review').select(['id', 'year', 'kind', 'status']).where('contract_id', '=', contractId).orderBy('year', 'desc').execute();
  const closedAnnual = reviews.find((r) => r.kind === 'annual' && r.status === 'closed');
  if (!closedAnnual) throw new Error(`contrat n° ${contractId} : aucun dialogue annuel clos`);
  return { contractId, year: closedAnnual.year, reviewId: closedAnnual.id, middle };
}

/** Each API method behind a screen, then the two writes. */
async function measureCalls(b: Bench, runs: number): Promise<Measure[]> {
  const { ctx } = b;
  const { contractId, year, reviewId, middle } = await subjectOf(b);
  const results: Measure[] = [];
  const time = async (label: string, kind: Measure['kind'], method: ApiMethod, input: (run: number) => unknown): Promise<void> => {
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
    for (let run = 0; run < runs; run++) {
      const before = b.statements();
      ms.push(await one(run));
      count = b.statements() - before;
    }
    results.push({ label, ms, statements: count, kind });
    process.stderr.write(`  ${label} : ${median(ms).toFixed(1)} ms\n`);
  };

  process.stderr.write(`Mesures (${runs} appels par méthode, contrat n° ${contractId}, année ${year})…\n`);
  await time('portfolio.list (tout le portefeuille)', 'portfolio', 'portfolio.list', () => ({}));
  await time('portfolio.list (recherche « Léman »)', 'portfolio', 'portfolio.list', () => ({ search: 'Léman' }));
  await time('portfolio.list (page 2 de 100, comme l’écran)', 'portfolio', 'portfolio.list', () => ({ offset: 100, limit: 100 }));
  await time('contract.get', 'screen', 'contract.get', () => ({ id: contractId }));
  await time('funding.get', 'screen', 'funding.get', () => ({ contractId }));
  await time('payments.list', 'screen', 'payments.list', () => ({ contractId }));
  await time('spending.get', 'screen', 'spending.get', () => ({ contractId }));
  await time('envelopes.get', 'screen', 'envelopes.get', () => ({ contractId }));
  await time('annex.get', 'screen', 'annex.get', () => ({ contractId, year }));
  await time('reviews.list', 'screen', 'reviews.list', () => ({ contractId }));
  await time('reviews.get', 'screen', 'reviews.get', () => ({ reviewId }));
  await time('reviews.upcoming', 'screen', 'reviews.upcoming', () => ({}));

  // Writes. A payment of 100 € on the contract's first tranche still owed (one per run).
  const funding = await invoke(ctx, 'funding.get', { contractId });
  const owed = funding.schedule.find((t) => t.outstandingCents >= 10_000 * (runs + 1));
  if (!owed) throw new Error(`contrat n° ${contractId} : aucune échéance restant due`);
  await time('payments.record (écriture)', 'write', 'payments.record', (run) => ({
    contractId,
    receivedOn: TODAY,
    amountCents: 10_000,
    cpamRef: `BENCH-${run + 1}`,
    trancheIds: [owed.id],
    comment: '',
  }));
  // Closing a draft intermediate dialogue: one per run, on the same contract of successive copies.
  const drafts = await b.db
    .selectFrom('review')
    .select('id')
    .where('status', '=', 'draft')
    .where('kind', '=', 'intermediate')
    .where('contract_id', '>', middle)
    .orderBy('contract_id')
    .limit(runs + 1)
    .execute();
  if (drafts.length < runs + 1) throw new Error('pas assez de dialogues en préparation à clore');
  await time('reviews.close (écriture)', 'write', 'reviews.close', (run) => ({ reviewId: drafts[run + 1].id }));
  return results;
}

interface ExportMeasure {
  label: string;
  appMs: number[];
  bareMs: number[];
  statements: number;
  detail: string;
}

/**
 * The app's export and the bare library's, alternated run by run (after one warm-up each), so that
 * a machine busier at one moment weighs on both alike.
 */
async function timePairs(runs: number, app: () => Promise<unknown>, bare: () => Promise<unknown>): Promise<{ app: number[]; bare: number[] }> {
  await app(); // warm-up, not counted
  await bare();
  const out = { app: [] as number[], bare: [] as number[] };
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await app();
    out.app.push(performance.now() - t);
    t = performance.now();
    await bare();
    out.bare.push(performance.now() - t);
  }
  return out;
}

/** The exports through the API against the bare libraries writing the same file. */
async function measureExports(b: Bench, runs: number): Promise<ExportMeasure[]> {
  const { ctx } = b;
  const { contractId, year } = await subjectOf(b);
  const out: ExportMeasure[] = [];
  const exportBytes = async (input: Record<string, unknown>): Promise<Buffer> => {
    const file = await invoke(ctx, 'reports.export', input);
    return Buffer.from(file.base64, 'base64');
  };
  const counted = async (input: Record<string, unknown>): Promise<number> => {
    const before = b.statements();
    await exportBytes(input);
    return b.statements() - before;
  };

  process.stderr.write('Exports…\n');
  const portfolioInput = { report: 'portfolio', format: 'xlsx' };
  const workbook = await exportBytes(portfolioInput);
  const bare = await readBare(workbook);
  const wbStatements = await counted(portfolioInput);
  const { app: wbApp, bare: wbBare } = await timePairs(
    runs,
    () => exportBytes(portfolioInput),
    () => writeBare(bare),
  );
  out.push({
    label: 'Classeur du portefeuille (xlsx) / exceljs seul',
    appMs: wbApp,
    bareMs: wbBare,
    statements: wbStatements,
    detail: `${bare.sheets.length} feuilles, ${bare.cells.toLocaleString('fr-FR')} cellules, ${Math.round(workbook.length / 1024)} Ko`,
  });
  process.stderr.write(`  classeur : ${median(wbApp).toFixed(0)} ms / ${median(wbBare).toFixed(0)} ms\n`);

  const dossierInput = { report: 'dossier', format: 'pdf', contractId, year, kind: 'annual' };
  const pdf = await exportBytes(dossierInput);
  const data = await loadDossierReport(ctx, contractId, year, 'annual');
  const dStatements = await counted(dossierInput);
  // A fresh definition per run (pdfmake annotates the one it lays out); built outside the timing.
  const definitions = Array.from({ length: runs + 1 }, () => dossierDocument(data));
  const { app: dApp, bare: dBare } = await timePairs(
    runs,
    () => exportBytes(dossierInput),
    () => renderPdf(definitions.pop()!),
  );
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  out.push({
    label: `Dossier de préparation (pdf), contrat n° ${contractId}, année ${year} / pdfmake seul`,
    appMs: dApp,
    bareMs: dBare,
    statements: dStatements,
    detail: `${pages} pages, ${Math.round(pdf.length / 1024)} Ko`,
  });
  process.stderr.write(`  dossier : ${median(dApp).toFixed(0)} ms / ${median(dBare).toFixed(0)} ms\n`);
  return out;
}

async function tableSizes(b: Bench): Promise<string> {
  const sizes = await sql<{ t: string; n: number }>`
    SELECT 'indicator' AS t, COUNT(*) AS n FROM indicator UNION ALL SELECT 'indicator_palier', COUNT(*) FROM indicator_palier
    UNION ALL SELECT 'indicator_value', COUNT(*) FROM indicator_value UNION ALL SELECT 'review', COUNT(*) FROM review
    UNION ALL SELECT 'payment', COUNT(*) FROM payment UNION ALL SELECT 'spending', COUNT(*) FROM spending`.execute(b.db);
  return sizes.rows.map((r) => `${r.t} ${Number(r.n).toLocaleString('fr-FR')}`).join(', ');
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const dir = opts.dbUrl !== null ? '' : (opts.dataDir ?? mkdtempSync(join(tmpdir(), 'aci-bench-')));
  let main: Bench | null = null;
  try {
    main = opts.dbUrl !== null ? await openBenchPg(opts.dbUrl, opts.contracts) : await openBench(dir, opts.contracts);
    if (opts.withoutIndexes) {
      for (const [name] of FK_INDEXES) await sql`DROP INDEX IF EXISTS ${sql.id(name)}`.execute(main.db);
    }
    const indexes =
      main.engine === 'sqlite'
        ? await sql<{ n: number }>`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index' AND name IN (${sql.join(FK_INDEXES.map(([n]) => n))})`.execute(main.db)
        : await sql<{ n: number }>`SELECT COUNT(*) AS n FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN (${sql.join(FK_INDEXES.map(([n]) => n))})`.execute(main.db);
    const total = await main.contracts();
    const rows = await tableSizes(main);
    const calls = opts.exportsOnly ? [] : await measureCalls(main, opts.runs);
    const exports = await measureExports(main, opts.runs);

    // Growth: the same calls on smaller files, built in temp folders.
    const growth = new Map<number, Measure[]>();
    for (const n of opts.exportsOnly ? [] : opts.growth) {
      const gdir = mkdtempSync(join(tmpdir(), `aci-bench-${n}-`));
      try {
        const g = await openBench(gdir, n);
        try {
          if (opts.withoutIndexes) for (const [name] of FK_INDEXES) await sql`DROP INDEX IF EXISTS ${sql.id(name)}`.execute(g.db);
          growth.set(n, await measureCalls(g, opts.runs));
        } finally {
          await g.close();
        }
      } finally {
        rmSync(gdir, { recursive: true, force: true });
      }
    }

    console.log(`${main.engine === 'postgres' ? `PostgreSQL (${main.dir})` : 'SQLite'} ; base : ${total} contrats × 5 ans (${rows}) ; index de 2026-11-30-01-indexes : ${indexes.rows[0]?.n ?? 0}/${FK_INDEXES.length} ; aujourd’hui = ${TODAY}.`);
    console.log(main.built ? `Construite en ${(main.buildMs / 1000).toFixed(1)} s dans ${main.dir}.` : `Base réutilisée : ${main.dir}.`);
    console.log(`Date : ${new Date().toISOString().slice(0, 10)} ; Node ${process.version} ; médiane de ${opts.runs} appels après un appel d’échauffement.\n`);

    if (calls.length > 0) {
      console.log(`Appels derrière les écrans, ${total} contrats :\n`);
      console.log('| Méthode | Médiane (ms) | Max (ms) | Requêtes SQL | Cible |');
      console.log('|---|---:|---:|---:|---|');
    }
    const verdicts: string[] = [];
    for (const r of calls) {
      const target = r.kind === 'portfolio' ? PORTFOLIO_TARGET_MS : r.kind === 'write' ? WRITE_TARGET_MS : SCREEN_TARGET_MS;
      const ok = median(r.ms) < target;
      if (!ok) verdicts.push(`${r.label} : ${fr(median(r.ms))} ms (cible < ${target} ms)`);
      console.log(`| ${r.label} | ${fr(median(r.ms))} | ${fr(Math.max(...r.ms))} | ${r.statements} | < ${target} ms ${ok ? 'OK' : 'TROP LENT'} |`);
    }
    const portfolio = calls.find((r) => r.kind === 'portfolio');
    if (portfolio) console.log(`\nPortefeuille entier : ${fr(median(portfolio.ms))} ms (max ${fr(Math.max(...portfolio.ms))} ms, ${portfolio.statements} requêtes).`);

    console.log(`\nExports (médiane de ${opts.runs}, après un export d’échauffement ; application et bibliothèque seule alternées) :\n`);
    console.log('| Export / bibliothèque seule | Application (ms) | Bibliothèque seule (ms) | Rapport | Requêtes SQL | Fichier |');
    console.log('|---|---:|---:|---:|---:|---|');
    for (const e of exports) {
      const ratio = median(e.appMs) / median(e.bareMs);
      const ok = ratio <= EXPORT_RATIO_TARGET;
      if (!ok) verdicts.push(`${e.label} : ${ratio.toFixed(2).replace('.', ',')}× (cible ≤ 1,3×)`);
      console.log(`| ${e.label} | ${fr(median(e.appMs))} | ${fr(median(e.bareMs))} | ${ratio.toFixed(2).replace('.', ',')}× ${ok ? 'OK' : 'TROP LENT'} | ${e.statements} | ${e.detail} |`);
    }

    if (growth.size > 0) {
      const sizes = [...growth.keys(), total];
      console.log(`\nCroissance (médianes en ms, requêtes SQL d’un appel entre parenthèses) :\n`);
      console.log(`| Méthode | ${sizes.map((n) => `${n} contrats`).join(' | ')} |`);
      console.log(`|---|${sizes.map(() => '---:').join('|')}|`);
      for (const r of calls) {
        const cells = [...growth.values()].map((ms) => ms.find((x) => x.label === r.label)).map((x) => (x ? `${fr(median(x.ms))} (${x.statements})` : '—'));
        console.log(`| ${r.label} | ${[...cells, `${fr(median(r.ms))} (${r.statements})`].join(' | ')} |`);
      }
    }
    console.log(verdicts.length === 0 ? '\nTous les objectifs de l’issue 11 sont tenus.' : `\nObjectifs non tenus :\n${verdicts.map((v) => `- ${v}`).join('\n')}`);
  } finally {
    if (main) await main.close();
    if (opts.dataDir === null && opts.dbUrl === null) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
