// In-code migration provider: static imports, ISO-date names, strictly increasing.
import type { Kysely, Migration } from 'kysely';
import * as m01 from './2026-11-23-01-contracts';
import * as m02 from './2026-11-23-02-money';
import * as m03 from './2026-11-23-03-indicators';
import * as fkIndexes from './2026-11-30-01-indexes';
import * as contractLifecycle from './2026-11-30-03-contract-lifecycle';
import * as ledgerTriggers from './2026-11-30-04-ledger-triggers';
import * as closedFigures from './2026-11-30-05-closed-figures';
import * as spendingCorrections from './2026-11-30-06-spending-corrections';
import * as uuids from './2026-11-30-07-uuids';
import * as books from './2026-11-30-09-books';
import * as portfolioSummary from './2026-11-30-10-portfolio-summary';
import * as exchangeBooksUuids from './2026-11-30-11-exchange-books-uuids';
import * as audit from './2026-11-30-12-audit';
import * as sameContractRefs from './2026-11-30-13-same-contract-refs';

interface MigrationModule {
  up(db: Kysely<unknown>): Promise<void>;
}

export const MIGRATIONS: ReadonlyArray<readonly [string, MigrationModule]> = [
  ['2026-11-23-01-contracts', m01],
  ['2026-11-23-02-money', m02],
  ['2026-11-23-03-indicators', m03],
  ['2026-11-30-01-indexes', fkIndexes],
  ['2026-11-30-03-contract-lifecycle', contractLifecycle],
  ['2026-11-30-04-ledger-triggers', ledgerTriggers],
  ['2026-11-30-05-closed-figures', closedFigures],
  ['2026-11-30-06-spending-corrections', spendingCorrections],
  ['2026-11-30-07-uuids', uuids],
  ['2026-11-30-09-books', books],
  ['2026-11-30-10-portfolio-summary', portfolioSummary],
  ['2026-11-30-11-exchange-books-uuids', exchangeBooksUuids],
  ['2026-11-30-12-audit', audit],
  ['2026-11-30-13-same-contract-refs', sameContractRefs],
];

export const MIGRATION_NAMES = MIGRATIONS.map(([name]) => name);
export const LATEST_MIGRATION = MIGRATION_NAMES[MIGRATION_NAMES.length - 1];

export function migrationMap(upTo?: string): Record<string, Migration> {
  const out: Record<string, Migration> = {};
  for (const [name, mod] of MIGRATIONS) {
    out[name] = { up: (db) => mod.up(db) };
    if (name === upTo) break;
  }
  return out;
}
