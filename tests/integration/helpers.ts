import { mkdtempSync } from 'node:fs';
import { CompiledQuery } from 'kysely';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type OpenedDb } from '../../electron/db/connection';
import { makeContext } from '../../electron/runtime';
import type { ApiContext } from '../../electron/api/context';
import { callApi } from '../../electron/api/dispatch';
import type { ApiMethod, ApiResults } from '../../shared/api';
import type { ContractInput } from '../../shared/schemas/contract';
import { ON_POSTGRES, openTestPostgres } from './pgTest';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'aci-it-'));
}

/**
 * A fresh database and its API context. With ACI_TEST_ENGINE=postgres (and ACI_TEST_POSTGRES_URL),
 * a new PostgreSQL database instead of a SQLite file: `opened.sqlite` is then unavailable (a test
 * that reads it is SQLite-only).
 */
const disconnectors = new WeakMap<OpenedDb, () => Promise<void>>();

/**
 * Lets a CLI run in a child process use this test's database: closes the SQLite file (as the app
 * would before another program writes it); on PostgreSQL ends this process's connections but keeps
 * the database (the throw-away test cluster goes at the end). Returns what `--db` takes.
 */
export async function handToCli(opened: OpenedDb): Promise<string> {
  const disconnect = disconnectors.get(opened);
  if (disconnect) await disconnect();
  else await opened.close();
  return opened.path;
}

export async function openTemp(today = '2026-11-23'): Promise<{ opened: OpenedDb; ctx: ApiContext; dir: string }> {
  const dir = tempDir();
  if (ON_POSTGRES) {
    const pgStore = await openTestPostgres();
    const opened: OpenedDb = {
      db: pgStore.db,
      path: pgStore.url,
      backupPath: null,
      close: pgStore.close,
      get sqlite(): OpenedDb['sqlite'] {
        throw new Error('Test SQLite seulement : opened.sqlite sur une base PostgreSQL.');
      },
    };
    disconnectors.set(opened, pgStore.disconnect);
    return { opened, ctx: { ...makeContext(opened, dir, 'cli'), today: () => today }, dir };
  }
  const opened = await openDatabase(join(dir, 'test.sqlite'));
  const ctx = { ...makeContext(opened, dir, 'cli'), today: () => today };
  return { opened, ctx, dir };
}

export async function ok<M extends ApiMethod>(ctx: ApiContext, method: M, input: unknown): Promise<ApiResults[M]> {
  const res = await callApi(ctx, method, input);
  if (!res.ok) throw new Error(`${method} refused: ${JSON.stringify(res.error)}`);
  return res.value as ApiResults[M];
}

export const T3_CONTRACT: ContractInput = {
  name: 'CPTS Test Trois',
  legalName: 'Association CPTS Test Trois',
  departement: '42',
  communes: 'Firminy, Unieux',
  population: 120_000,
  populationAsOf: '2022-01-01',
  cpam: 'CPAM de la Loire',
  ars: 'ARS Auvergne-Rhône-Alpes',
  signedOn: '2022-07-01',
  startsOn: '2022-07-01',
  status: 'actif',
  missions: [
    { code: 'acces_soins', startedOn: '2022-07-01', deployedOn: null },
    { code: 'parcours', startedOn: '2022-10-01', deployedOn: null },
    { code: 'prevention', startedOn: '2023-01-01', deployedOn: null },
  ],
};

/** What `--db` takes for this test's database: the SQLite file, or the PostgreSQL URL. */
export function dbArg(opened: OpenedDb): string {
  return opened.path;
}

/**
 * Raw SQL on either engine, for tests that look under the API (counts, forbidden statements).
 * Placeholders are `?` on both; on PostgreSQL they become `$1…`, and COUNT's bigint comes back
 * as a number.
 */
export async function sqlAll<R = Record<string, unknown>>(opened: OpenedDb, text: string, params: readonly unknown[] = []): Promise<R[]> {
  let i = 0;
  const compiled = ON_POSTGRES ? text.replace(/\?/g, () => `$${++i}`) : text;
  const res = await opened.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(compiled, [...params]));
  return res.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && ON_POSTGRES && /^(n|count)$/i.test(k) ? Number(v) : v])) as R);
}

export async function sqlRun(opened: OpenedDb, text: string, params: readonly unknown[] = []): Promise<number> {
  let i = 0;
  const compiled = ON_POSTGRES ? text.replace(/\?/g, () => `$${++i}`) : text;
  const res = await opened.db.executeQuery(CompiledQuery.raw(compiled, [...params]));
  return Number(res.numAffectedRows ?? 0n);
}

export async function countRows(opened: OpenedDb, table: string, where = '', params: readonly unknown[] = []): Promise<number> {
  const rows = await sqlAll<{ n: number | string }>(opened, `SELECT COUNT(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`, params);
  return Number(rows[0].n);
}
