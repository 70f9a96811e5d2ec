// The PostgreSQL migration set (issue 13). PostgreSQL starts from the schema the SQLite
// migrations reach today (one migration); every later SQLite migration needs its counterpart
// here (tests/integration/postgres-schema.test.ts fails on a table or column missing).
import type { Kysely } from 'kysely';
import * as schema from './2026-11-30-pg-01-schema';
import * as exchangeBooksUuids from './2026-11-30-pg-02-exchange-books-uuids';
import * as evidenceBlobs from './2026-11-30-pg-03-evidence-blobs';
import * as auditRoles from './2026-11-30-pg-04-audit-roles';
import * as sameContractRefs from './2026-11-30-pg-05-same-contract-refs';

export interface PgMigrationModule {
  up(db: Kysely<unknown>): Promise<void>;
}

export const PG_MIGRATIONS: ReadonlyArray<readonly [string, PgMigrationModule]> = [
  ['2026-11-30-pg-01-schema', schema],
  ['2026-11-30-pg-02-exchange-books-uuids', exchangeBooksUuids],
  ['2026-11-30-pg-03-evidence-blobs', evidenceBlobs],
  ['2026-11-30-pg-04-audit-roles', auditRoles],
  ['2026-11-30-pg-05-same-contract-refs', sameContractRefs],
];

export const PG_MIGRATION_NAMES = PG_MIGRATIONS.map(([name]) => name);
