// Every query behind the main screens (and the main writes) is served by an index (issue 11): on a
// generated portfolio of a few hundred contracts (scripts/lib/portfolioGenerator.ts, as the
// benchmark builds it), each call's statements are captured through a Kysely log hook and run
// again under EXPLAIN QUERY PLAN; a full scan of a large table fails the test — "SCAN t", a scan of
// a whole index ("SCAN t USING INDEX i" reads every row too), or an automatic index SQLite builds
// for the query. Large: more rows than two per contract (a screen may list every contract, never
// every indicator, payment or review of the file).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import type { ApiContext } from '../../electron/api/context';
import { callApi } from '../../electron/api/dispatch';
import { openDatabase, type OpenedDb } from '../../electron/db/connection';
import type { Database as Schema } from '../../electron/db/schema';
import { makeContext } from '../../electron/runtime';
import type { ApiMethod } from '../../shared/api';
import { buildPortfolio, GENERATOR_TODAY } from '../../scripts/lib/portfolioGenerator';
import { tempDir } from './helpers';

const CONTRACTS = 200;

interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

let opened: OpenedDb;
let ctx: ApiContext;
let captured: Statement[] = [];
let logged: Kysely<Schema>;
const rowCounts = new Map<string, number>();

beforeAll(async () => {
  const dir = tempDir();
  opened = await openDatabase(join(dir, 'plans.sqlite'));
  const base: ApiContext = { ...makeContext(opened, dir, 'cli'), today: () => GENERATOR_TODAY };
  await buildPortfolio(base, opened, CONTRACTS);
  const tables = opened.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'kysely%'").all() as { name: string }[];
  for (const { name } of tables) rowCounts.set(name, (opened.sqlite.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n);
  // The same file through a Kysely instance that logs every statement with its parameters.
  logged = new Kysely<Schema>({
    dialect: new SqliteDialect({ database: opened.sqlite }),
    log: (event) => {
      if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  ctx = { ...base, db: logged };
}, 600_000);

afterAll(async () => {
  await opened?.close();
});

const isLarge = (table: string) => (rowCounts.get(table) ?? 0) > 2 * CONTRACTS;

/** Table named in a plan line: itself, or the table behind a query alias (`"indicator" as "i"`). */
function tableOf(name: string, sql: string): string {
  if (rowCounts.has(name)) return name;
  const alias = new RegExp(`"(\\w+)"\\s+as\\s+"${name}"`, 'i').exec(sql);
  return alias?.[1] ?? name;
}

/** The full scans of large tables in the plans of the statements run by one call. */
function fullScans(statements: readonly Statement[]): string[] {
  const found: string[] = [];
  for (const s of statements) {
    if (!/^\s*(select|update|delete|insert|with)\b/i.test(s.sql)) continue;
    const plan = opened.sqlite.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...(s.parameters as unknown[])) as { detail: string }[];
    for (const { detail } of plan) {
      const scan = /^SCAN (\S+)/.exec(detail);
      const automatic = /^SEARCH (\S+) USING AUTOMATIC/.exec(detail);
      const name = scan?.[1] ?? automatic?.[1];
      if (name === undefined) continue;
      const table = tableOf(name, s.sql);
      if (isLarge(table)) found.push(`${detail} (${rowCounts.get(table)} lignes) — ${s.sql.slice(0, 240)}`);
    }
  }
  return found;
}

async function planOf(method: ApiMethod, input: unknown): Promise<{ statements: number; scans: string[] }> {
  captured = [];
  const res = await callApi(ctx, method, input);
  if (!res.ok) throw new Error(`${method} : ${res.error.code} ${res.error.message}`);
  const statements = captured;
  captured = [];
  return { statements: statements.length, scans: fullScans(statements) };
}

describe(`query plans on a generated portfolio of ${CONTRACTS} contracts`, () => {
  it('the portfolio is large enough to tell an index from a scan', () => {
    for (const t of ['indicator', 'indicator_palier', 'indicator_value', 'review', 'payment', 'payment_allocation', 'portfolio_tranche', 'annex_year']) expect(isLarge(t), t).toBe(true);
    expect(rowCounts.get('contract')).toBe(CONTRACTS);
  });

  it('tells a full scan from an indexed search, aliases and whole-index scans included', () => {
    const scans = (sql: string, ...parameters: unknown[]) => fullScans([{ sql, parameters }]);
    expect(scans('select "id" from "indicator" where "label" = ?', 'x')).toHaveLength(1);
    expect(scans('select "i"."id" from "indicator" as "i" where "i"."label" = ?', 'x')).toHaveLength(1);
    expect(scans('select count(*) from "indicator"')).toHaveLength(1);
    expect(scans('select "id" from "indicator" where "action_id" = ?', 1)).toEqual([]);
    expect(scans('select "id" from "contract" where "signed_on" > ?', '2020-01-01')).toEqual([]); // one row per contract: not large
  });

  it('every screen call and write is served by indexes', async () => {
    const middle = Math.floor(CONTRACTS / 2);
    const one = <T>(query: string, ...params: unknown[]): T => {
      const row = opened.sqlite.prepare(query).get(...params) as T | undefined;
      if (row === undefined) throw new Error(`aucune ligne : ${query}`);
      return row;
    };
    const { contractId } = one<{ contractId: number }>(
      `SELECT annex_year.contract_id AS contractId FROM annex_year JOIN annex_action ON annex_action.annex_year_id = annex_year.id
       JOIN indicator ON indicator.action_id = annex_action.id WHERE annex_year.contract_id > ? GROUP BY annex_year.contract_id ORDER BY COUNT(*) DESC LIMIT 1`,
      middle,
    );
    const closed = one<{ id: number; year: number }>(`SELECT id, year FROM review WHERE contract_id = ? AND kind = 'annual' AND status = 'closed' ORDER BY year DESC LIMIT 1`, contractId);
    const draft = one<{ id: number }>(`SELECT id FROM review WHERE contract_id > ? AND status = 'draft' AND kind = 'intermediate' ORDER BY contract_id LIMIT 1`, middle);
    const calls: [ApiMethod, unknown][] = [
      ['portfolio.list', {}],
      ['portfolio.list', { search: 'leman', limit: 100 }],
      ['portfolio.list', { status: 'tous', offset: 100, limit: 100 }],
      ['contract.get', { id: contractId }],
      ['funding.get', { contractId }],
      ['payments.list', { contractId }],
      ['spending.get', { contractId }],
      ['envelopes.get', { contractId }],
      ['annex.get', { contractId, year: closed.year }],
      ['annex.get', { contractId, year: closed.year + 1 }],
      ['reviews.list', { contractId }],
      ['reviews.get', { reviewId: closed.id }],
      ['reviews.readiness', { contractId, year: closed.year + 1 }],
      ['reviews.closingPreview', { reviewId: draft.id }],
      ['reviews.upcoming', {}],
      // Exports: the portfolio workbook (every contract's funding in one pass) and a year's dossier.
      ['reports.export', { report: 'portfolio', format: 'xlsx' }],
      ['reports.export', { report: 'dossier', format: 'pdf', contractId, year: closed.year, kind: 'annual' }],
    ];
    const funding = (await callApi(ctx, 'funding.get', { contractId })) as { ok: true; value: { schedule: { id: string; outstandingCents: number }[] } };
    const owed = funding.value.schedule.find((t) => t.outstandingCents >= 10_000);
    if (!owed) throw new Error('aucune échéance restant due');
    calls.push(
      ['payments.record', { contractId, receivedOn: GENERATOR_TODAY, amountCents: 10_000, cpamRef: 'PLAN-1', trancheIds: [owed.id] }],
      ['envelopes.set', { contractId, year: 5, line: 'fonctionnement', mission: null, cents: 5_000_000, reason: 'Avenant' }],
      ['reviews.close', { reviewId: draft.id }],
    );
    const report: string[] = [];
    for (const [method, input] of calls) {
      const { statements, scans } = await planOf(method, input);
      expect(statements, method).toBeGreaterThan(0);
      for (const s of scans) report.push(`${method} ${JSON.stringify(input)} : ${s}`);
    }
    expect(report).toEqual([]);
  }, 300_000);
});
