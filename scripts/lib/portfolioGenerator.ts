/**
 * A generated national portfolio (issue 11), for the API benchmark (scripts/bench.ts) and the
 * query-plan test (tests/integration/query-plans.test.ts): a database of N contracts × 5 years.
 *
 * How it is built, fast: the four demo contracts are entered through the API like a user would
 * (electron/db/demo.ts), completed with the annexes, values and closed dialogues of their earlier
 * years (also through the API); this template is then copied row for row with SQL, ids shifted,
 * inside one transaction, until the file holds N contracts. The copies' portfolio summaries
 * (derived, migration 2026-11-30-10) are then recomputed, as the app does when it opens a file.
 */
import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { ApiContext } from '../../electron/api/context';
import { invoke } from '../../electron/api/dispatch';
import { refreshAllSummaries } from '../../electron/api/portfolio';
import type { OpenedDb } from '../../electron/db/connection';
import { seedDemo } from '../../electron/db/demo';
import { markAllStale } from '../../electron/db/repo/portfolio';
import { UUID_SQL } from '../../electron/db/migrations/2026-11-30-07-uuids';
import { addDays, addMonths } from '../../shared/dates';
import { contractYearOf } from '../../shared/domain/contractYears';
import type { AnnexView, IndicatorRow } from '../../shared/indicatorViews';

/** The "today" the generated portfolio is built for (its demo contracts' histories end there). */
export const GENERATOR_TODAY = '2026-11-23';

const PARTICIPANTS = [
  { name: 'Claire Martin', organisation: 'CPTS' as const, role: 'Présidente' },
  { name: 'Sophie Bernard', organisation: 'CPAM' as const, role: 'Référente CPTS' },
  { name: 'Marc Durand', organisation: 'ARS' as const, role: 'Délégation départementale' },
];

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
export async function completeEarlierYears(ctx: ApiContext, contractIds: readonly number[]): Promise<void> {
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

export async function contractCount(opened: OpenedDb): Promise<number> {
  const r = await opened.db.selectFrom('contract').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Builds the portfolio in an empty database: N contracts (rounded up to a multiple of the template's
 * contracts); returns the template's size. `ctx.db` must be `opened.db`.
 */
export async function buildPortfolio(ctx: ApiContext, opened: OpenedDb, contracts: number): Promise<number> {
  await sql`PRAGMA synchronous = OFF`.execute(opened.db);
  const templateIds = await seedDemo(ctx);
  await sql`PRAGMA synchronous = OFF`.execute(opened.db);
  await completeEarlierYears(ctx, templateIds);
  cloneTemplate(opened.sqlite, Math.ceil(contracts / templateIds.length));
  // The copies' summaries came with the template's search keys: every one is recomputed.
  await markAllStale(opened.db);
  await refreshAllSummaries(opened.db, ctx.version);
  await sql`PRAGMA synchronous = FULL`.execute(opened.db);
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(opened.db);
  await sql`ANALYZE`.execute(opened.db);
  return templateIds.length;
}
