// `npm run aci -- init` and `npm run aci -- exchange export|import` (issue 12): an empty database
// for a CPAM agent (no demo), and the CPTS ↔ CPAM exchange file. Exit codes: 0 done, 2 invalid
// input (a refused file, in French), 3 conflicts left unanswered (nothing written).
import type { Command } from 'commander';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ApiContext } from './api/context';
import { AppError } from './api/context';
import { invoke } from './api/dispatch';
import { openDatabase } from './db/connection';
import type { ExchangeConflict } from '../shared/exchange/diff';
import type { ExchangePreview } from '../shared/exchange/types';

export interface ExchangeCliDeps {
  withDb<T>(dbPath: string | undefined, fn: (ctx: ApiContext) => Promise<T>): Promise<T>;
  /** An error runCli turns into this exit code with the French message on stderr. */
  fail(message: string, exitCode: number): Error;
}

function refused(message: string): AppError {
  return new AppError('VALIDATION', message);
}

function contractIdOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n <= 0) throw refused('Option --contract : identifiant de contrat (entier positif) attendu.');
  return n;
}

/** `--choice table:uuid=mine|theirs` (repeatable): the answer to one conflict, by the id the difference lists. */
function choicesOf(raw: readonly string[]): Record<string, 'mine' | 'theirs'> {
  const out: Record<string, 'mine' | 'theirs'> = {};
  for (const c of raw) {
    const m = /^([a-z_]+:[0-9a-f-]{36})=(mine|theirs)$/.exec(c);
    if (!m) throw refused(`Option --choice : conflit=mine ou conflit=theirs attendu, le conflit nommé comme dans la différence (ex. contract:<uuid>=theirs) ; reçu « ${c.slice(0, 100)} ».`);
    out[m[1]] = m[2] as 'mine' | 'theirs';
  }
  return out;
}

function summary(p: ExchangePreview) {
  return { new: p.new, changed: p.changed, unchanged: p.unchanged, conflicts: p.conflicts, notices: p.notices, match: p.match, side: p.side, contract: p.contract };
}

function conflictLine(c: ExchangeConflict): string {
  return `  - ${c.label} : ${c.reason}${c.blocking ? '' : ' (signalé)'}\n      ici : ${c.mine ? JSON.stringify(c.mine) : '—'}\n      fichier : ${c.theirs ? JSON.stringify(c.theirs) : '—'}\n`;
}

function describe(p: ExchangePreview): string {
  const match = p.match === 'new' ? 'nouveau contrat dans cette base' : p.match === 'siret' ? `contrat n° ${p.contract.localId} (reconnu par SIRET et date de signature)` : `contrat n° ${p.contract.localId}`;
  return (
    `Fichier ${p.side === 'cpam' ? 'de la CPAM' : 'de la CPTS'} du ${p.createdAt.slice(0, 10)} : ${p.contract.cpts}, ${match}.\n` +
    `  ${p.new} nouveau(x), ${p.changed} modifié(s), ${p.unchanged} inchangé(s), ${p.conflicts.length} conflit(s).\n` +
    p.conflicts.map(conflictLine).join('') +
    p.notices.map((n) => `  · ${n}\n`).join('')
  );
}

export function registerExchangeCommands(program: Command, deps: ExchangeCliDeps): void {
  program
    .command('init')
    .description('Crée une base vide (sans démonstration) : le point de départ d’un agent CPAM, qui importe ensuite les fichiers d’échange des CPTS.')
    .requiredOption('--db <fichier>', 'fichier SQLite à créer')
    .action(async (opts: { db: string }) => {
      const path = resolve(opts.db);
      if (existsSync(path)) throw refused(`Le fichier ${path} existe déjà : choisissez un autre nom (rien n’a été modifié).`);
      const opened = await openDatabase(path);
      await opened.close();
      process.stdout.write(`Base vide créée : ${path}.\n`);
    });

  const exchange = program.command('exchange').description('Fichier d’échange CPTS ↔ CPAM (.aci) : préparer l’envoi, importer avec la différence affichée avant toute écriture.');

  exchange
    .command('export')
    .description('Écrit le fichier d’échange d’un contrat (données, décisions, versements, pièces justificatives).')
    .requiredOption('--db <fichier>', 'fichier SQLite')
    .requiredOption('--contract <id>', 'identifiant du contrat')
    .requiredOption('--out <fichier.aci>', 'fichier à écrire (ou dossier existant : le nom dit la CPTS, l’année et la date)')
    .option('--side <côté>', 'qui envoie : cpts (par défaut) ou cpam', 'cpts')
    .option('--json', 'sortie JSON')
    .action(async (opts: { db: string; contract: string; out: string; side: string; json?: boolean }) => {
      if (opts.side !== 'cpts' && opts.side !== 'cpam') throw refused(`Option --side : cpts ou cpam (reçu « ${opts.side} »).`);
      const side = opts.side;
      const contractId = contractIdOf(opts.contract)!;
      const file = await deps.withDb(opts.db, (ctx) => invoke(ctx, 'exchange.export', { contractId, side }));
      let out = resolve(opts.out);
      if (existsSync(out) && statSync(out).isDirectory()) out = join(out, file.fileName);
      const bytes = Buffer.from(file.base64, 'base64');
      writeFileSync(out, bytes);
      if (opts.json) process.stdout.write(`${JSON.stringify({ path: out, size: bytes.length }, null, 2)}\n`);
      else process.stdout.write(`Fichier d’échange écrit : ${out} (${bytes.length.toLocaleString('fr-FR')} octets).\n`);
    });

  exchange
    .command('import')
    .description(
      'Importe un fichier d’échange : affiche la différence (nouveau, modifié, inchangé, conflits), puis écrit tout ou rien, après une copie de la base. ' +
        'Avec des conflits, rien n’est écrit (code 3) sauf si --resolve dit comment les trancher.',
    )
    .requiredOption('--db <fichier>', 'fichier SQLite')
    .requiredOption('--file <fichier.aci>', 'fichier d’échange')
    .option('--contract <id>', 'le contrat attendu : un fichier d’un autre contrat est refusé')
    .option('--dry-run', 'affiche la différence sans rien écrire')
    .option('--json', 'sortie JSON : { "new", "changed", "unchanged", "conflicts", … }')
    .option('--resolve <choix>', 'conflits : mine (garder la version locale) ou theirs (prendre celle du fichier, quand c’est permis)')
    .option(
      '--choice <conflit=choix>',
      'réponse à un conflit, par son identifiant (« id » de la différence) : contract:<uuid>=theirs ; répétable ; --resolve répond aux autres',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .action(async (opts: { db: string; file: string; contract?: string; dryRun?: boolean; json?: boolean; resolve?: string; choice: string[] }) => {
      if (opts.resolve !== undefined && opts.resolve !== 'mine' && opts.resolve !== 'theirs') throw refused(`Option --resolve : mine ou theirs (reçu « ${opts.resolve} »).`);
      const resolveWith = opts.resolve as 'mine' | 'theirs' | undefined;
      const choices = choicesOf(opts.choice);
      const contractId = contractIdOf(opts.contract);
      const path = resolve(opts.file);
      if (!existsSync(path) || !statSync(path).isFile()) throw refused(`Fichier introuvable : ${path}.`);
      const fileBase64 = readFileSync(path).toString('base64');
      const print = (p: ExchangePreview, extra: Record<string, unknown> = {}) =>
        process.stdout.write(opts.json ? `${JSON.stringify({ ...summary(p), ...extra }, null, 2)}\n` : describe(p));
      await deps.withDb(opts.db, async (ctx) => {
        const preview = await invoke(ctx, 'exchange.preview', { fileBase64, contractId });
        const unknown = Object.keys(choices).filter((id) => !preview.conflicts.some((c) => c.id === id));
        if (unknown.length > 0) throw refused(`Option --choice : ${unknown[0]} n’est pas un conflit de cet import (voir --dry-run).`);
        const unanswered = !resolveWith && preview.conflicts.some((c) => c.blocking && !choices[c.id]);
        if (opts.dryRun || unanswered) {
          print(preview, { applied: false });
          if (unanswered) {
            throw deps.fail(opts.dryRun ? 'conflits à trancher (--resolve mine|theirs) avant l’import.' : 'conflits à trancher : rien n’a été écrit. Relancez avec --resolve mine ou --resolve theirs, ou --choice <conflit>=mine|theirs pour chacun.', 3);
          }
          return;
        }
        const applied = await invoke(ctx, 'exchange.apply', { fileBase64, contractId, resolve: resolveWith, choices, digest: preview.digest });
        print(applied, { applied: true, contractId: applied.contractId, backupPath: applied.backupPath });
        if (!opts.json) process.stdout.write(`Import fait (contrat n° ${applied.contractId})${applied.backupPath ? ` ; copie de la base avant import : ${applied.backupPath}` : ''}.\n`);
      });
    });
}
