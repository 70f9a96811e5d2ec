// `npm run aci -- migrate-to-server --from FICHIER.sqlite --to postgres://…` (issue 13): moves a
// desktop ledger, with its evidence files, into the shared database in one transaction on the
// server (electron/db/postgres/copyFromSqlite.ts). The desktop file's folder is locked meanwhile
// (the app must be closed on it); the file itself is only read (brought to the current schema
// first, as the app would). Exit 2 when refused (a contract already on the server, a missing or
// altered piece, a bad URL): nothing is written then.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openDatabase } from './db/connection';
import { openPostgres } from './db/postgres/connection';
import { copySqliteIntoServerAtomically, CopyRefusedError, type CopyReport } from './db/postgres/copyFromSqlite';
import { parseDatabaseTarget, UnsupportedDatabaseUrlError } from './db/store';
import { cliDataAccess } from './cliLock';
import { storeMissingClosedFigures } from './api/reviews';
import { refreshAllSummaries } from './api/portfolio';
import { appVersion } from './runtime';
import { firstOf } from '../shared/text';

export interface MigrateCliDeps {
  /** An error runCli turns into this exit code with the French message on stderr. */
  fail(message: string, exitCode: number): Error;
}

export interface MigrateResult extends CopyReport {
  from: string;
  to: string;
}

/** Copies the SQLite ledger at `from` (and its data folder's evidence) into the server at `url`. */
export async function migrateToServer(from: string, url: string): Promise<MigrateResult> {
  const access = cliDataAccess(dirname(from), 'migrate-to-server');
  access.lockNow();
  try {
    const source = await openDatabase(from);
    try {
      const server = await openPostgres(url);
      try {
        const report = await copySqliteIntoServerAtomically(source.sqlite, dirname(from), server.db);
        // The server's derived figures for the contracts that came in.
        await storeMissingClosedFigures(server.db);
        await refreshAllSummaries(server.db, appVersion());
        return { from, to: server.url, ...report };
      } finally {
        await server.close();
      }
    } finally {
      await source.close();
    }
  } finally {
    access.release();
  }
}

function describe(r: MigrateResult): string {
  const lines = [
    `Copié de ${r.from} vers ${r.to} :`,
    `  ${r.contracts.length} contrat(s)${r.contracts.length > 0 ? ` : ${firstOf(r.contracts.map((c) => `${c.cpts} (n° ${c.serverId} sur le serveur)`))}` : ''}`,
    `  ${r.evidence.files} pièce(s) justificative(s), ${r.evidence.bytes.toLocaleString('fr-FR')} octets`,
    '  lignes par table :',
    ...Object.entries(r.tables).filter(([, n]) => n > 0).map(([t, n]) => `    ${t.padEnd(26)} ${String(n).padStart(7)}`),
    ...(Object.keys(r.reused).length > 0 ? [`  déjà sur le serveur (réutilisé) : ${Object.entries(r.reused).map(([t, n]) => `${t} ${n}`).join(', ')}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerMigrateCommand(program: Command, deps: MigrateCliDeps): void {
  program
    .command('migrate-to-server')
    .description('Verse une base de bureau (fichier SQLite et ses pièces) dans la base partagée PostgreSQL ; refuse si le serveur a déjà l’un de ses contrats.')
    .requiredOption('--from <fichier>', 'fichier SQLite de l’application de bureau (aci-cpts.sqlite de son dossier de données)')
    .requiredOption('--to <url>', 'base partagée : postgres://utilisateur@hôte:port/base')
    .option('--json', 'compte rendu en JSON')
    .action(async (opts: { from: string; to: string; json?: boolean }) => {
      let target;
      try {
        target = parseDatabaseTarget(opts.to);
      } catch (e) {
        if (e instanceof UnsupportedDatabaseUrlError) throw deps.fail(e.message, 2);
        throw e;
      }
      if (target.engine !== 'postgres') throw deps.fail('Option --to : adresse de la base partagée attendue (postgres://utilisateur@hôte:port/base).', 2);
      const from = resolve(opts.from);
      if (!existsSync(from)) throw deps.fail(`Fichier introuvable : ${from}.`, 2);
      let result: MigrateResult;
      try {
        result = await migrateToServer(from, target.url);
      } catch (e) {
        if (e instanceof CopyRefusedError) throw deps.fail(e.message, 2);
        throw e;
      }
      process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : describe(result));
    });
}
