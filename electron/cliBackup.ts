// `npm run aci -- backup` and `npm run aci -- restore`: the backup archive of a data folder
// (the folder that holds aci-cpts.sqlite and pieces/). Refusals are French, exit code 2; restore
// refuses while the app (or another command) holds the folder (electron/dataLock.ts).
import type { Command } from 'commander';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatDateFr } from '../shared/dates';
import { firstOf } from '../shared/text';
import type { BackupSummary } from '../shared/backup';
import { AppError } from './api/context';
import { applyPendingRestore, BackupError, backupFileName, createBackupArchive, holdsData, stageRestore } from './db/backup';
import { openDatabase } from './db/connection';
import { cliDataAccess } from './cliLock';
import { appVersion, DB_FILE } from './runtime';
import { isDatabaseUrl, parseDatabaseTarget, UnsupportedDatabaseUrlError } from './db/store';
import { openPostgres } from './db/postgres/connection';
import { CopyRefusedError } from './db/postgres/copyFromSqlite';
import { createServerBackupArchive } from './api/serverBackup';
import { migrateToServer } from './cliMigrate';

function refused(message: string): AppError {
  return new AppError('VALIDATION', message);
}

/** A checked refusal (bad archive, a copy the server or its contents refuse) → exit 2 with its French message. */
async function asRefusal<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof BackupError || e instanceof CopyRefusedError) throw refused(e.message);
    throw e;
  }
}

function write(json: boolean | undefined, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : text);
}

function describe(s: BackupSummary): string {
  const lines = [
    `  ${s.contractCount} contrat(s)${s.contracts.length > 0 ? ` : ${firstOf(s.contracts.map((c) => c.name))}` : ''}`,
    `  ${s.evidenceFiles} pièce(s) justificative(s)`,
    `  dernière modification : ${s.lastChange ? formatDateFr(s.lastChange.slice(0, 10)) : 'aucune'}`,
    `  sauvegarde du ${formatDateFr(s.createdAt.slice(0, 10))} (version ${s.appVersion}, schéma ${s.schemaVersion}${s.schema === 'older' ? ', mis à jour à l’ouverture' : ''})`,
    ...s.warnings.map((w) => `  attention : ${w}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Team mode (issue 13): `--data postgres://…` names the shared database instead of a data folder. */
function serverUrl(data: string): string | null {
  if (!isDatabaseUrl(data)) return null;
  try {
    const target = parseDatabaseTarget(data);
    return target.engine === 'postgres' ? target.url : null;
  } catch (e) {
    if (e instanceof UnsupportedDatabaseUrlError) throw refused(e.message);
    throw e;
  }
}

/** The shared database's backup: what the connected role may read, in the desktop archive's format. */
async function backupServer(url: string, out: string, json: boolean | undefined): Promise<void> {
  const server = await openPostgres(url);
  try {
    const made = await asRefusal(createServerBackupArchive(server.db, out, { appVersion: appVersion() }));
    const evidence = made.manifest.entries.length - 1;
    write(
      json,
      { path: made.path, size: made.size, sha256: made.sha256, contractCount: made.contractCount, evidenceFiles: evidence, schemaVersion: made.manifest.schemaVersion, server: server.url },
      `Sauvegarde de la base partagée ${server.url} écrite : ${made.path} (${made.contractCount} contrat(s), ${evidence} pièce(s), ${made.size.toLocaleString('fr-FR')} octets).\n`,
    );
  } finally {
    await server.close();
  }
}

/**
 * An archive poured into the shared database: checked and unpacked as for a data folder (in a
 * temporary one), then copied in one server transaction, as `migrate-to-server` does; refused,
 * with nothing written, when the server already holds one of its contracts.
 */
async function restoreIntoServer(url: string, from: string, json: boolean | undefined): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aci-restauration-serveur-'));
  try {
    const summary = await asRefusal(stageRestore(from, dir, DB_FILE));
    applyPendingRestore(dir, DB_FILE);
    const result = await asRefusal(migrateToServer(join(dir, DB_FILE), url));
    write(
      json,
      { restored: true, server: result.to, from, summary, contracts: result.contracts, tables: result.tables, evidence: result.evidence },
      `Sauvegarde versée dans la base partagée ${result.to} :\n${describe(summary)}  contrats créés sur le serveur : ${firstOf(result.contracts.map((c) => `${c.cpts} (n° ${c.serverId})`)) || 'aucun'}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('Sauvegarde un dossier de données dans une seule archive zip : la base, toutes les pièces justificatives et un manifeste (empreintes SHA-256).')
    .requiredOption('--data <dossier>', 'dossier de données (celui qui contient aci-cpts.sqlite), ou base partagée postgres://… (ce que le compte connecté peut lire)')
    .requiredOption('--out <fichier.zip>', 'archive à écrire (ou dossier existant : le nom dit la date)')
    .option('--force', 'remplace l’archive si elle existe')
    .option('--json', 'sortie JSON')
    .action(async (opts: { data: string; out: string; force?: boolean; json?: boolean }) => {
      const url = serverUrl(opts.data);
      let out = resolve(opts.out);
      if (existsSync(out) && statSync(out).isDirectory()) out = join(out, backupFileName());
      if (existsSync(out) && !opts.force) throw refused(`Le fichier ${out} existe déjà : ajoutez --force pour le remplacer.`);
      if (url) return backupServer(url, out, opts.json);
      const dataDir = resolve(opts.data);
      const dbPath = join(dataDir, DB_FILE);
      if (!existsSync(dbPath)) throw refused(`Aucune base dans ${dataDir} (fichier ${DB_FILE} attendu).`);
      const opened = await openDatabase(dbPath);
      try {
        const made = await createBackupArchive(opened.db, dataDir, out, { appVersion: appVersion() });
        const evidence = made.manifest.entries.length - 1;
        write(
          opts.json,
          { path: made.path, size: made.size, sha256: made.sha256, contractCount: made.contractCount, evidenceFiles: evidence, schemaVersion: made.manifest.schemaVersion },
          `Sauvegarde écrite : ${made.path} (${made.contractCount} contrat(s), ${evidence} pièce(s), ${made.size.toLocaleString('fr-FR')} octets).\n`,
        );
      } finally {
        await opened.close();
      }
    });

  program
    .command('restore')
    .description(
      'Restaure une archive de sauvegarde dans un dossier de données, après avoir vérifié chaque empreinte, l’intégrité de la base et sa version. ' +
        'Les données remplacées sont gardées dans DOSSIER/avant-restauration-<date>/.',
    )
    .requiredOption('--data <dossier>', 'dossier de données à remplir, ou base partagée postgres://… (les contrats de l’archive y sont ajoutés ; refusé si elle en a déjà un)')
    .requiredOption('--from <fichier.zip>', 'archive de sauvegarde')
    .option('--force', 'remplace les données que le dossier contient déjà (elles sont gardées à part)')
    .option('--json', 'sortie JSON')
    .action(async (opts: { data: string; from: string; force?: boolean; json?: boolean }) => {
      const url = serverUrl(opts.data);
      const from = resolve(opts.from);
      if (!existsSync(from) || !statSync(from).isFile()) throw refused(`Archive introuvable : ${from}.`);
      if (url) return restoreIntoServer(url, from, opts.json);
      const dataDir = resolve(opts.data);
      // One writer per data folder: never replace the data of a folder the app has open.
      mkdirSync(dataDir, { recursive: true });
      const access = cliDataAccess(dataDir, 'restore');
      access.lockNow();
      let summary: BackupSummary;
      let applied: ReturnType<typeof applyPendingRestore>;
      try {
        if (holdsData(dataDir, DB_FILE) && !opts.force) {
          throw refused(`Le dossier ${dataDir} contient déjà des données : ajoutez --force pour les remplacer (elles seront gardées dans ${join(dataDir, 'avant-restauration-<date>')}).`);
        }
        summary = await asRefusal(stageRestore(from, dataDir, DB_FILE));
        applied = applyPendingRestore(dataDir, DB_FILE);
        // Opened once now: an older schema is brought up to date (with a copy taken first).
        const opened = await openDatabase(join(dataDir, DB_FILE));
        await opened.close();
      } finally {
        access.release();
      }
      const safetyCopy = applied?.safetyCopy ?? null;
      write(
        opts.json,
        { restored: true, dataDir, from, safetyCopy, summary },
        `Sauvegarde restaurée dans ${dataDir} :\n${describe(summary)}${safetyCopy ? `Données remplacées gardées dans ${safetyCopy}\n` : ''}`,
      );
    });
}
