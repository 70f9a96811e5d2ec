// `npm run aci -- annex template|import` (issue 12): the empty Excel template of a yearly annex,
// and the import of a filled one into a contract year. Exit codes: 0 done; 2 refused input (a bad
// option, an unreadable file, a bad row — each listed in French with its row number —, a closed
// year or one that already has its annex), nothing written; 1 any other failure.
import type { Command } from 'commander';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ApiContext } from './api/context';
import { AppError } from './api/context';
import { invoke } from './api/dispatch';
import { buildAnnexTemplate, ANNEX_TEMPLATE_FILE } from './reports/excel/annexTemplate';
import { MAX_ANNEX_WORKBOOK_BYTES } from '../shared/schemas/annexWorkbook';

export interface AnnexCliDeps {
  withDb<T>(dbPath: string | undefined, fn: (ctx: ApiContext) => Promise<T>, opts?: { writes?: string }): Promise<T>;
  /** An error runCli turns into this exit code with the French message on stderr. */
  fail(message: string, exitCode: number): Error;
}

function positive(raw: string, option: string, what: string, deps: AnnexCliDeps): number {
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw deps.fail(`Option ${option} : ${what} attendu (reçu « ${raw} »).`, 2);
  return Number(raw);
}

/** The API's refusal with every bad row, one per line. */
function refusal(e: AppError): string {
  const rows = Object.values(e.fields ?? {}).filter((m) => m !== e.message);
  const listed = rows.length > 1 || (rows.length === 1 && !e.message.endsWith(rows[0]!)) ? `\n${rows.map((m) => `  - ${m}`).join('\n')}` : '';
  return `${e.message}${listed}`;
}

export function registerAnnexCommands(program: Command, deps: AnnexCliDeps): void {
  const annex = program.command('annex').description('Annexe annuelle en classeur Excel : le modèle vide, et l’import d’une annexe remplie (une ligne par indicateur).');

  annex
    .command('template')
    .description('Écrit le modèle Excel vide de l’annexe annuelle (feuilles « Annexe » et « Mode d’emploi »).')
    .requiredOption('--out <fichier.xlsx>', 'fichier à écrire (ou dossier existant)')
    .action(async (opts: { out: string }) => {
      let out = resolve(opts.out);
      if (existsSync(out) && statSync(out).isDirectory()) out = join(out, ANNEX_TEMPLATE_FILE);
      const bytes = await buildAnnexTemplate();
      writeFileSync(out, bytes);
      process.stdout.write(`Modèle de l’annexe écrit : ${out}.\n`);
    });

  annex
    .command('import')
    .description('Importe l’annexe d’une année depuis un classeur Excel : tout ou rien, chaque ligne fautive signalée avec son numéro. L’année ne doit pas avoir d’annexe saisie ni de dialogue annuel clos.')
    .requiredOption('--db <fichier>', 'fichier SQLite (ou URL PostgreSQL)')
    .requiredOption('--contract <id>', 'identifiant du contrat')
    .requiredOption('--year <n>', 'année du contrat (1 à 5)')
    .requiredOption('--file <fichier.xlsx>', 'classeur de l’annexe (modèle rempli, ou annexe de la CPAM au même format)')
    .option('--json', 'sortie JSON : { "actions", "indicators", "livrables", "warnings" }')
    .action(async (opts: { db: string; contract: string; year: string; file: string; json?: boolean }) => {
      const contractId = positive(opts.contract, '--contract', 'identifiant de contrat (entier positif)', deps);
      const year = positive(opts.year, '--year', 'année du contrat (1 à 5)', deps);
      const path = resolve(opts.file);
      if (!existsSync(path) || !statSync(path).isFile()) throw deps.fail(`Fichier introuvable : ${path}.`, 2);
      if (statSync(path).size > MAX_ANNEX_WORKBOOK_BYTES) throw deps.fail('Fichier trop volumineux pour une annexe (5 Mo au plus).', 2);
      const base64 = readFileSync(path).toString('base64');
      const fileName = path.split(/[\\/]/).pop() ?? 'annexe.xlsx';
      const result = await deps
        .withDb(opts.db, (ctx) => invoke(ctx, 'annex.importWorkbook', { contractId, year, file: { fileName, base64 } }), { writes: 'annex import' })
        .catch((e: unknown) => {
          // Every refusal of the import is about its input: exit 2, nothing written.
          if (e instanceof AppError && e.code !== 'INTERNAL') throw deps.fail(refusal(e), 2);
          throw e;
        });
      const warnings = result.annex.missions.filter((m) => m.warning).map((m) => `${m.label} : ${m.warning}`);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ contractId, year, sheet: result.sheet, actions: result.actions, indicators: result.indicators, livrables: result.livrables, warnings }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`Annexe de l’année ${year} importée (feuille « ${result.sheet} ») : ${result.actions} action(s), ${result.indicators} indicateur(s), ${result.livrables} livrable(s).\n`);
      for (const w of warnings) process.stdout.write(`  ⚠ ${w}\n`);
    });
}
