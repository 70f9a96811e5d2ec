// The CLI on a shared PostgreSQL database (issue 13): `--db postgres://…` runs the same commands
// through the same API on the server. No data-folder lock there: the server serialises writers
// (SERIALIZABLE transactions, electron/db/connection.ts).
import type { ApiContext } from './api/context';
import { storeMissingClosedFigures } from './api/reviews';
import { refreshAllSummaries } from './api/portfolio';
import { seedDemo } from './db/demo';
import { openPostgres, type OpenedPostgres } from './db/postgres/connection';
import { appVersion, resolveDataDir, todayProvider } from './runtime';

export function serverContext(opened: OpenedPostgres, mode: ApiContext['mode']): ApiContext {
  // Evidence files still live in the local data folder (evidence in the database: phase 2).
  return { db: opened.db, dataDir: resolveDataDir(), mode, version: appVersion(), today: todayProvider() };
}

export async function withServerDb<T>(url: string, fn: (ctx: ApiContext) => Promise<T>): Promise<T> {
  const opened = await openPostgres(url);
  try {
    const ctx = serverContext(opened, 'cli');
    await storeMissingClosedFigures(opened.db);
    await refreshAllSummaries(opened.db, ctx.version);
    return await fn(ctx);
  } finally {
    await opened.close();
  }
}

export class ServerNotEmptyError extends Error {}

/** Seeds the demo portfolio on a server that holds no contract yet; returns the contract ids. */
export async function seedServerDemo(url: string): Promise<number[]> {
  const opened = await openPostgres(url);
  try {
    const existing = await opened.db.selectFrom('contract').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(existing.n) > 0) {
      throw new ServerNotEmptyError(`La base partagée ${opened.url} contient déjà ${existing.n} contrat(s) : la démonstration ne s’installe que dans une base vide.`);
    }
    return await seedDemo(serverContext(opened, 'cli'));
  } finally {
    await opened.close();
  }
}
