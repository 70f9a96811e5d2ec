/**
 * Builds a generated national portfolio (scripts/lib/portfolioGenerator.ts) in a data folder, for
 * the end-to-end tests and for trying the app at scale (ACI_DATA_DIR=DIR npm run web).
 *
 * Run: npx tsx scripts/generate-portfolio.ts --contracts 300 --data DIR   (DIR must hold no data yet)
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiContext } from '../electron/api/context';
import { openDatabase } from '../electron/db/connection';
import { appVersion, DB_FILE } from '../electron/runtime';
import { buildPortfolio, contractCount, GENERATOR_TODAY } from './lib/portfolioGenerator';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const contracts = Number.parseInt(value('--contracts') ?? '300', 10);
  const dir = value('--data');
  if (!dir) throw new Error('--data DIR : dossier de données à créer.');
  if (!Number.isInteger(contracts) || contracts < 1) throw new Error('--contracts : un entier positif.');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, DB_FILE);
  if (existsSync(path)) throw new Error(`${path} existe déjà : choisissez un dossier vide.`);
  const opened = await openDatabase(path);
  try {
    const ctx: ApiContext = { db: opened.db, dataDir: dir, mode: 'cli', version: appVersion(), today: () => process.env.ACI_TODAY ?? GENERATOR_TODAY };
    await buildPortfolio(ctx, opened, contracts);
    console.log(`${await contractCount(opened)} contrats dans ${path}.`);
  } finally {
    await opened.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
