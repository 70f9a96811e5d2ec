// Seeds the demo portfolio once (through the CLI, with the tests' fixed "today"); each test then
// starts the app on a copy of it. The first-start seeding itself is covered by contracts.spec.ts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEMO_TEMPLATE } from './app';

export default function globalSetup(): void {
  rmSync(dirname(DEMO_TEMPLATE), { recursive: true, force: true });
  mkdirSync(dirname(DEMO_TEMPLATE), { recursive: true });
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'demo', '--db', DEMO_TEMPLATE], {
    encoding: 'utf8',
    env: { ...process.env, ACI_TODAY: '2026-11-23' },
  });
  if (r.status !== 0) throw new Error(`Base de démonstration impossible à créer : ${r.stderr}`);
}
