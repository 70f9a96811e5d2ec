// Bundles the Electron main process and the preload script (CommonJS, as Electron's sandboxed
// preload requires). better-sqlite3 stays external: electron-builder rebuilds it for Electron.
// pdfmake and exceljs stay external too: pdfmake's fontkit reads data files next to its own
// sources at load time (bundled, main would crash on start); electron-builder ships both from
// node_modules as production dependencies.
import { build } from 'esbuild';

// runtime.ts reads import.meta.url (ESM under tsx); give the CJS bundle the same value.
const importMeta = { define: { 'import.meta.url': '__importMetaUrl' }, banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" } };
const common = { ...importMeta, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: false, logLevel: 'warning' };
await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', external: ['electron', 'better-sqlite3', 'pdfmake', 'exceljs', 'pg', 'pg-native'] });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'] });
