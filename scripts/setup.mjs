#!/usr/bin/env node
// Installs the project on any machine (Windows, macOS, Linux), with or without internet access
// beyond the npm registry.
//  1. `npm ci` with Electron's binary download deferred, so a machine that cannot reach
//     Electron's download server still gets a complete install (browser mode).
//  2. Then, unless ELECTRON_SKIP_BINARY_DOWNLOAD is set, one attempt to fetch the Electron
//     binary: on a normal Windows/Mac machine it succeeds and `npm start` opens the desktop app.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// --with-test-tools: also install, on Debian/Ubuntu, the programs the test suite drives
// (Chromium for the end-to-end tests; readers of the exported files).
const TEST_PACKAGES = [
  ['chromium', '/usr/bin/chromium'],
  ['poppler-utils', '/usr/bin/pdftotext'],
  ['python3-openpyxl', '/usr/lib/python3/dist-packages/openpyxl'],
  ['fonts-dejavu-core', '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'],
  // LibreOffice headless recomputes the formulas of the Excel exports (tests/integration/reports.test.ts).
  ['libreoffice-calc-nogui', '/usr/bin/soffice'],
  // Team mode: .ci/run starts a throw-away PostgreSQL cluster (scripts/pg-test-cluster.sh).
  ['postgresql', '/usr/lib/postgresql'],
];
if (process.argv.includes('--with-test-tools')) {
  const missing = TEST_PACKAGES.filter(([, path]) => !existsSync(path)).map(([name]) => name);
  if (missing.length > 0) {
    if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
      console.error(`Installez d'abord : ${missing.join(', ')} (Chromium sert aux tests de bout en bout).`);
      process.exit(1);
    }
    const sudo = process.getuid && process.getuid() === 0 ? [] : ['sudo'];
    const run = (args) => spawnSync(sudo.length ? 'sudo' : args[0], sudo.length ? args : args.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    console.log(`Installation des outils de test : ${missing.join(', ')}`);
    run(['apt-get', 'update', '-qq']);
    const r = run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
    if (r.status !== 0) {
      console.error('Échec de l’installation des outils de test (apt-get).');
      process.exit(1);
    }
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const skipElectron = Boolean(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD);
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };

const ci = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=warn'], { stdio: 'inherit', env, shell: process.platform === 'win32' });
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
    electronSqlite();
  } else {
    console.log(
      'Binaire Electron indisponible (téléchargement impossible depuis cette machine) : ' +
        '`npm start` servira la même application en mode navigateur.',
    );
  }
}
/**
 * better-sqlite3 is compiled for Node (CLI, tests). The desktop app needs a build for Electron's
 * ABI: a copy of the module gets Electron's prebuilt binary in node_modules/.aci-electron-sqlite,
 * which electron/main.ts loads when run from a checkout (packaged apps are rebuilt by electron-builder).
 */
function electronSqlite() {
  const src = join('node_modules', 'better-sqlite3');
  const dest = join('node_modules', '.aci-electron-sqlite');
  const electronVersion = JSON.parse(readFileSync(join('node_modules', 'electron', 'package.json'), 'utf8')).version;
  rmSync(dest, { recursive: true, force: true });
  cpSync(src, dest, { recursive: true });
  rmSync(join(dest, 'build'), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [join(process.cwd(), 'node_modules', 'prebuild-install', 'bin.js'), '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch], {
    cwd: dest,
    stdio: 'inherit',
  });
  if (r.status === 0 && existsSync(join(dest, 'build', 'Release', 'better_sqlite3.node'))) {
    console.log(`SQLite compilé pour Electron ${electronVersion}.`);
  } else {
    console.log('SQLite pour Electron indisponible : lancez `npx electron-builder install-app-deps` si l’application de bureau ne démarre pas.');
  }
}

console.log('Installation terminée.');
