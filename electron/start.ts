// `npm start`: the Electron app where the Electron binary exists; otherwise the same UI and API
// in browser mode on http://127.0.0.1:$PORT (default 5180).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { resolveDataDir, startData } from './runtime';
import { startWebServer } from './web/server';
import { maskUrl } from './db/postgres/connection';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Path of the Electron binary, or the reason there is none. */
export function findElectron(): { path: string } | { reason: string } {
  if (process.env.ACI_BROWSER_MODE === '1') return { reason: 'ACI_BROWSER_MODE=1 demande le mode navigateur.' };
  try {
    const require = createRequire(import.meta.url);
    const p = require('electron') as unknown;
    if (typeof p === 'string' && existsSync(p)) return { path: p };
    return { reason: "le binaire Electron n'est pas installé sur cette machine." };
  } catch {
    return { reason: "le binaire Electron n'a pas pu être téléchargé à l'installation (machine sans accès à ses serveurs)." };
  }
}

async function main(): Promise<void> {
  const electron = findElectron();
  if ('path' in electron) {
    const child = spawn(electron.path, [join(root, 'dist', 'electron', 'main.cjs')], { stdio: 'inherit', env: process.env });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  const dataDir = resolveDataDir();
  const { opened, ctx, createdDemo, database } = await startData(dataDir, 'browser');
  const port = Number(process.env.PORT ?? 5180);
  const web = await startWebServer({ ctx, staticDir: join(root, 'dist', 'renderer'), port });
  console.log(`Mode navigateur (pas Electron) : ${electron.reason}`);
  if (database.engine === 'postgres') {
    // Team mode (issue 13): ACI_DATABASE_URL, or the "Base partagée" setting of the data folder.
    console.log(`Base partagée : ${maskUrl(database.url)} (${database.source === 'env' ? 'ACI_DATABASE_URL' : `réglage de ${dataDir}`})${createdDemo ? ' (portefeuille de démonstration créé)' : ''}`);
    console.log(`Réglages locaux : ${dataDir}`);
  } else {
    console.log(`Données : ${dataDir}${createdDemo ? ' (portefeuille de démonstration créé)' : ''}`);
  }
  console.log(`ACI CPTS prêt : ${web.url}`);
  const stop = async (): Promise<void> => {
    await web.close();
    await opened.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error(`Démarrage impossible : ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
