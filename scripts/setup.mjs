#!/usr/bin/env node
// Installs the project on any machine (Windows, macOS, Linux), with or without internet access
// beyond the npm registry.
//  1. `npm ci` with Electron's binary download deferred, so a machine that cannot reach
//     Electron's download server still gets a complete install (browser mode).
//  2. Then, unless ELECTRON_SKIP_BINARY_DOWNLOAD is set, one attempt to fetch the Electron
//     binary: on a normal Windows/Mac machine it succeeds and `npm start` opens the desktop app.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const skipElectron = Boolean(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD);
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };

const ci = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', env, shell: process.platform === 'win32' });
if (ci.status !== 0) {
  console.error("Échec de l'installation des dépendances (npm ci).");
  process.exit(ci.status ?? 1);
}

const electronInstall = join('node_modules', 'electron', 'install.js');
if (skipElectron) {
  console.log('Binaire Electron non téléchargé (ELECTRON_SKIP_BINARY_DOWNLOAD) : `npm start` utilisera le mode navigateur.');
} else if (existsSync(electronInstall)) {
  const dl = spawnSync(process.execPath, [electronInstall], { stdio: 'pipe', env: process.env, encoding: 'utf8' });
  if (dl.status === 0) {
    console.log('Electron installé : `npm start` ouvre l’application de bureau.');
  } else {
    console.log(
      'Binaire Electron indisponible (téléchargement impossible depuis cette machine) : ' +
        '`npm start` servira la même application en mode navigateur.',
    );
  }
}
console.log('Installation terminée.');
