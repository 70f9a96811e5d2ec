#!/usr/bin/env node
// The whole test suite in one command: type-check, lint, build, unit + integration (vitest),
// end-to-end (Playwright in Debian's Chromium). Ends with one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, rmSync } from 'node:fs';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Playwright empties test-results/ when it starts: the reports live elsewhere.
mkdirSync('.test-reports', { recursive: true });
// A report left by an earlier run must not be counted again.
for (const f of ['.test-reports/vitest.json', '.test-reports/vitest-pg.json', '.test-reports/e2e.json']) rmSync(f, { force: true });
const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', CI: process.env.CI ?? 'true' };
const results = [];

function step(name, cmd, args, extraEnv = {}) {
  const t0 = Date.now();
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv }, shell: process.platform === 'win32' });
  results.push({ name, ok: r.status === 0, s: ((Date.now() - t0) / 1000).toFixed(1) });
  return r.status === 0;
}

step('Vérification des types (tsc)', npx, ['tsc', '--noEmit', '-p', '.']);
step('Lint (eslint)', npx, ['eslint', '.', '--max-warnings=0']);
const built = step('Construction (vite + esbuild)', npm, ['run', '--silent', 'build']);
step('Tests unitaires et d’intégration (vitest)', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=.test-reports/vitest.json']);
// Team mode: with a PostgreSQL server to test against (.ci/run starts a throw-away one), the same
// integration files run again with every test database on PostgreSQL.
// The integration files that run on both engines (issue 13), unchanged or with ON_POSTGRES branches
// that check the same behaviour on the server (its triggers, catalogue, evidence_blob). Files left
// out look under SQLite itself: its file and its copy (backup), the data-folder lock (data-lock),
// evidence files on disk (evidence-storage, evidence-temp-cleanup), its migration history
// (migrations, migration-transaction), EXPLAIN QUERY PLAN and PRAGMA index lists (query-plans,
// schema-indexes), two processes on one file (payment-race; on the server, postgres-team's ten
// concurrent writers), the CLI on files (cli, exchange-cli); or they are PostgreSQL-only already
// (postgres-*, shared-database-setting, which run in the first pass).
const PG_FILES = [
  'api', 'closed-year', 'closed-year-portfolio', 'payments', 'reviews', 'spending', 'portfolio-summary',
  'reports', 'reports-dialogue', 'reports-spending', 'books', 'indemnities', 'indemnity-register', 'indemnity-entry', 'forecast', 'financial-annex',
  'audit', 'annex-copy', 'annex-workbook', 'funding-batch', 'exchange-roundtrip', 'exchange-choices', 'same-contract',
  'ledger-triggers', 'exchange-fuzz', 'open-evidence', 'web-server-close', 'uuids', 'exchange-books-uuids', 'contract-lifecycle',
].map((name) => `tests/integration/${name}.test.ts`);
if (process.env.ACI_TEST_POSTGRES_URL) {
  step('Tests d’intégration sur PostgreSQL (vitest)', npx, ['vitest', 'run', ...PG_FILES, '--reporter=default', '--reporter=json', '--outputFile=.test-reports/vitest-pg.json'], { ACI_TEST_ENGINE: 'postgres' });
} else {
  console.log('\n(PostgreSQL : ACI_TEST_POSTGRES_URL absent, passage sur PostgreSQL non lancé ; .ci/run le lance.)');
}
if (built) step('Tests de bout en bout (Playwright + Chromium)', npx, ['playwright', 'test']);
else results.push({ name: 'Tests de bout en bout', ok: false, s: '0' });

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of ['.test-reports/vitest.json', '.test-reports/vitest-pg.json']) {
  if (!existsSync(file)) continue;
  const v = JSON.parse(readFileSync(file, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (existsSync('.test-reports/e2e.json')) {
  const p = JSON.parse(readFileSync('.test-reports/e2e.json', 'utf8'));
  passed += p.stats?.expected ?? 0;
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0);
  skipped += p.stats?.skipped ?? 0;
}
const stepsFailed = results.filter((r) => !r.ok);
console.log('\n=== Résumé ===');
for (const r of results) console.log(`${r.ok ? 'OK   ' : 'ÉCHEC'} ${r.name} (${r.s} s)`);
if (stepsFailed.length > 0 && failed === 0) failed = stepsFailed.length;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(stepsFailed.length > 0 ? 1 : 0);
