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
 * How the database is built, fast: the four demo contracts are entered through the API like a user
 * would (electron/db/demo.ts), completed with the annexes, values and closed dialogues of their
 * earlier years (also through the API); this template is then copied row for row with SQL, ids
 * shifted, inside one transaction, until the file holds N contracts.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { ApiContext } from '../electron/api/context';
import { callApi, invoke } from '../electron/api/dispatch';
import { openDatabase, type OpenedDb } from '../electron/db/connection';
import { seedDemo } from '../electron/db/demo';
import { INDEXES as FK_INDEXES } from '../electron/db/migrations/2026-11-30-01-indexes';
import { UUID_SQL } from '../electron/db/migrations/2026-11-30-07-uuids';
import { DB_FILE } from '../electron/runtime';
import type { ApiMethod } from '../shared/api';
import { addDays, addMonths } from '../shared/dates';
import { contractYearOf } from '../shared/domain/contractYears';
import type { AnnexView, IndicatorRow } from '../shared/indicatorViews';

const TODAY = process.env.ACI_TODAY ?? '2026-11-23';
const PARTICIPANTS = [
  { name: 'Claire Martin', organisation: 'CPTS' as const, role: 'Présidente' },
  { name: 'Sophie Bernard', organisation: 'CPAM' as const, role: 'Référente CPTS' },
  { name: 'Marc Durand', organisation: 'ARS' as const, role: 'Délégation départementale' },
];

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

function allIndicators(annex: AnnexView): IndicatorRow[] {
  return annex.missions.flatMap((m) => m.actions.flatMap((a) => a.indicators));
}

/** A measure as the API takes it (units, not hundredths). */
const units = (hundredths: number | null): number | null => (hundredths === null ? null : hundredths / 100);

/**
 * The demo fills only the last completed year and the current year of each contract: give the
 * earlier years the same annex, values, ticked livrables and two closed dialogues, and the years
 * to come their annex, through the API, so every contract has five years of annexes.
 */
async function completeEarlierYears(ctx: ApiContext, contractIds: readonly number[]): Promise<void> {
  for (const contractId of contractIds) {
    const c = await invoke(ctx, 'contract.get', { id: contractId });
    const current = contractYearOf(c.signedOn, ctx.today()) ?? 6;
    const done = current - 1;
    if (done < 1) continue;
    const source = await invoke(ctx, 'annex.get', { contractId, year: done });
    if (!source.exists) continue;
    for (let year = 1; year <= done; year++) {
      if (year < done) {
        await invoke(ctx, 'annex.create', { contractId, year, copyFromYear: null });
        for (const m of source.missions) {
          for (const a of m.actions) {
            const annex = await invoke(ctx, 'annex.addAction', { contractId, year, mission: m.code, label: a.label });
            const action = annex.missions.find((x) => x.code === m.code)?.actions.find((x) => x.label === a.label);
            if (!action) throw new Error(`action « ${a.label} » introuvable`);
            for (const l of a.livrables) await invoke(ctx, 'annex.addLivrable', { actionId: action.id, label: l.label });
            for (const i of a.indicators) {
              await invoke(ctx, 'annex.addIndicator', {
                actionId: action.id,
                label: i.label,
                kind: i.kind,
                unit: i.unit,
                baseline: units(i.baseline),
                baselineOn: i.baselineOn,
                source: i.source,
                direction: i.direction,
                payment: i.payment,
                amountCents: i.amountCents,
                target: units(i.target),
                paliers: i.paliers.map((p) => ({ label: p.label, threshold: p.threshold / 100, amountCents: p.amountCents })),
              });
            }
          }
        }
        const annex = await invoke(ctx, 'annex.get', { contractId, year });
        const measuredOn = addDays(annex.to, -45);
        const sourceValues = new Map(allIndicators(source).map((i) => [i.label, i.value?.value ?? null]));
        for (const ind of allIndicators(annex)) {
          const v = sourceValues.get(ind.label) ?? null;
          if (v !== null) await invoke(ctx, 'indicator.recordValue', { indicatorId: ind.id, value: v / 100, measuredOn, comment: 'Valeur de l’année' });
        }
        for (const l of annex.missions.flatMap((m) => m.actions.flatMap((a) => a.livrables))) {
          await invoke(ctx, 'annex.tickLivrable', { livrableId: l.id, doneOn: measuredOn });
        }
      }
      const annex = await invoke(ctx, 'annex.get', { contractId, year });
      // Intermediate dialogue, closed.
      const mid = await invoke(ctx, 'reviews.create', { contractId, year, kind: 'intermediate', heldOn: addMonths(annex.from, 6), place: 'Visioconférence', agenda: 'Avancement des actions.' });
      await invoke(ctx, 'reviews.update', { reviewId: mid.id, participants: PARTICIPANTS });
      await invoke(ctx, 'reviews.close', { reviewId: mid.id });
      if (year === done) continue; // the demo closed the annual dialogue of the last completed year
      const annual = await invoke(ctx, 'reviews.create', { contractId, year, kind: 'annual', heldOn: addDays(annex.to, -20), place: 'CPAM', agenda: 'Bilan de l’année.' });
      await invoke(ctx, 'reviews.update', {
        reviewId: annual.id,
        participants: PARTICIPANTS,
        summary: 'Année conforme aux engagements.',
        indicators: allIndicators(annex).map((i) => {
          const v = i.value?.value ?? 0;
          const all = i.earned.cents === i.maxCents;
          return { indicatorId: i.id, presented: v / 100, validated: v / 100, status: all ? ('atteint' as const) : i.earned.cents ? ('partiel' as const) : ('non_atteint' as const), comment: '' };
        }),
      });
      await invoke(ctx, 'reviews.close', { reviewId: annual.id });
    }
    // The years still to come: their annexes, copied from the year before (no values yet).
    for (let year = current + 1; year <= 5; year++) {
      const annex = await invoke(ctx, 'annex.get', { contractId, year });
      if (!annex.exists) await invoke(ctx, 'annex.create', { contractId, year, copyFromYear: year - 1 });
    }
  }
}

interface TableShape {
  name: string;
  columns: string[];
  /** column -> referenced table, for the columns to shift with that table's ids. */
  refs: Map<string, string>;
  hasId: boolean;
}

function tableShapes(sqlite: Database.Database): TableShape[] {
  const names = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'kysely%' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
  const tables = new Set(names);
  return names.map((name) => {
    const cols = sqlite.prepare(`PRAGMA table_info(${JSON.stringify(name)})`).all() as { name: string; type: string }[];
    const fks = sqlite.prepare(`PRAGMA foreign_key_list(${JSON.stringify(name)})`).all() as { table: string; from: string }[];
    const refs = new Map(fks.map((f) => [f.from, f.table]));
    // Ids of other tables kept without a declared foreign key (e.g. target_revision.review_id).
    for (const c of cols) {
      const stem = c.name.endsWith('_id') ? c.name.slice(0, -3) : '';
      if (!refs.has(c.name) && c.type.toUpperCase() === 'INTEGER' && tables.has(stem)) refs.set(c.name, stem);
    }
    return { name, columns: cols.map((c) => c.name), refs, hasId: cols.some((c) => c.name === 'id') };
  });
}

/**
 * Copies every row of the template `copies - 1` more times, ids shifted by the template's largest
 * id of each table, in one transaction. Triggers (append-only guards, closed-review guards) are
 * set aside during the copy and put back before the commit; foreign keys are checked at commit.
 */
function cloneTemplate(sqlite: Database.Database, copies: number): void {
  const shapes = tableShapes(sqlite);
  const maxId = new Map<string, number>();
  const maxRowid = new Map<string, number>();
  for (const s of shapes) {
    if (s.hasId) maxId.set(s.name, (sqlite.prepare(`SELECT COALESCE(MAX(id), 0) AS m FROM "${s.name}"`).get() as { m: number }).m);
    maxRowid.set(s.name, (sqlite.prepare(`SELECT COALESCE(MAX(rowid), 0) AS m FROM "${s.name}"`).get() as { m: number }).m);
  }
  const triggers = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string }[];
  sqlite.transaction(() => {
    sqlite.pragma('defer_foreign_keys = ON');
    for (const t of triggers) sqlite.exec(`DROP TRIGGER "${t.name}"`);
    for (const s of shapes) {
      const exprs = s.columns.map((c) => {
        if (c === 'id' && s.hasId) return `id + :k * ${maxId.get(s.name) ?? 0}`;
        if (c === 'uuid') return `(${UUID_SQL})`; // each copy its own exchange identity
        const ref = s.refs.get(c);
        if (ref !== undefined) return `"${c}" + :k * ${maxId.get(ref) ?? 0}`;
        if (s.name === 'cpts' && c === 'name') return `name || ' n° ' || (:k + 1)`;
        return `"${c}"`;
      });
      const cols = s.columns.map((c) => `"${c}"`).join(', ');
      // Only the template's rows (rowid order: the copies come after them).
      const insert = sqlite.prepare(`INSERT INTO "${s.name}" (${cols}) SELECT ${exprs.join(', ')} FROM "${s.name}" WHERE rowid <= ${maxRowid.get(s.name) ?? 0}`);
      for (let k = 1; k < copies; k++) insert.run({ k });
    }
    for (const t of triggers) sqlite.exec(t.sql);
  })();
}

async function contractCount(opened: OpenedDb): Promise<number> {
  const r = await opened.db.selectFrom('contract').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function buildDatabase(ctx: ApiContext, opened: OpenedDb, contracts: number): Promise<number> {
  await sql`PRAGMA synchronous = OFF`.execute(opened.db);
  const templateIds = await seedDemo(ctx);
  await sql`PRAGMA synchronous = OFF`.execute(opened.db);
  await completeEarlierYears(ctx, templateIds);
  cloneTemplate(opened.sqlite, Math.ceil(contracts / templateIds.length));
  await sql`PRAGMA synchronous = FULL`.execute(opened.db);
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(opened.db);
  await sql`ANALYZE`.execute(opened.db);
  return templateIds.length;
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
  const ctx: ApiContext = { db: opened.db, dataDir: dir, mode: 'browser', version: 'bench', today: () => TODAY };

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
      await buildDatabase(ctx, opened, opts.contracts);
      built = true;
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
