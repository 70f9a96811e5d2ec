import { mkdtempSync } from 'node:fs';
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
