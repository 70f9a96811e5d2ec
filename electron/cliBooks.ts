// `npm run aci -- fec import` and `npm run aci -- indemnities [import]` (issue 14): the
// treasurer's books headless, through the same API methods as the "Comptabilité" screen.
// Refusals are French (exit code 2 for an invalid file or input).
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fieldErrors } from '../shared/api';
import { formatEuros } from '../shared/money';
import { formatDateFr } from '../shared/dates';
import { mappingSchema, type MappingRule } from '../shared/schemas/books';
import { AppError, type ApiContext } from './api/context';
import { invoke } from './api/dispatch';

type WithDb = <T>(dbPath: string | undefined, fn: (ctx: ApiContext) => Promise<T>) => Promise<T>;

const refused = (message: string) => new AppError('VALIDATION', message);

function readBytes(path: string, what: string): Buffer {
  try {
    return readFileSync(resolve(path));
  } catch (e) {
    throw refused(`${what} ${path} illisible : ${e instanceof Error ? e.message : String(e)}`);
  }
}

function contractOption(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n <= 0) throw refused('Option --contract : identifiant de contrat (entier positif) attendu.');
  return n;
}

function out(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function registerBooksCommands(program: Command, withDb: WithDb): void {
  const fec = program.command('fec').description('Fichier des écritures comptables (FEC) : import des charges dans les dépenses du contrat.');
  fec
    .command('import')
    .description('Importe un FEC : les charges (classe 6) deviennent des dépenses selon les règles d’affectation ; les recettes (73, 74) sont rapprochées des versements.')
    .requiredOption('--db <fichier>', 'fichier SQLite')
    .requiredOption('--contract <id>', 'identifiant du contrat')
    .requiredOption('--file <fec>', 'le FEC (tabulation ou « | », UTF-8 ou ISO-8859-15)')
    .option('--mapping <règles.json>', 'règles d’affectation (docs/fec-mapping.schema.json) ; sinon celles enregistrées pour le contrat')
    .option('--dry-run', 'aperçu : n’écrit rien')
    .option('--json', 'sortie JSON')
    .action(async (opts: { db: string; contract: string; file: string; mapping?: string; dryRun?: boolean; json?: boolean }) => {
      const contractId = contractOption(opts.contract);
      let rules: MappingRule[] | undefined;
      if (opts.mapping) {
        let raw: unknown;
        try {
          raw = JSON.parse(readBytes(opts.mapping, 'Fichier de règles').toString('utf8'));
        } catch (e) {
          if (e instanceof AppError) throw e;
          throw refused(`Fichier de règles ${opts.mapping} : JSON illisible (${e instanceof Error ? e.message : String(e)}).`);
        }
        const parsed = mappingSchema.safeParse(raw);
        if (!parsed.success) {
          const lines = Object.entries(fieldErrors(parsed.error)).map(([k, v]) => `  ${k} : ${v}`);
          throw refused(`Fichier de règles ${opts.mapping} invalide :\n${lines.join('\n')}`);
        }
        rules = parsed.data.rules;
      }
      const file = { fileName: basename(opts.file), contentBase64: readBytes(opts.file, 'Fichier FEC').toString('base64') };
      const r = await withDb(opts.db, (ctx) => invoke(ctx, opts.dryRun ? 'books.previewFec' : 'books.importFec', { contractId, file, rules }));
      if (opts.json) {
        return out({
          totals: r.totals.map((t) => ({ mission: t.mission, category: t.category, cents: t.cents })),
          imported: r.imported,
          duplicatesSkipped: r.duplicatesSkipped,
          unmatched: r.unmatched.map((u) => ({ line: u.line, journal: u.journal, ecritureNum: u.ecritureNum, date: u.date, account: u.account, label: u.label, amountCents: u.amountCents, reason: u.reason })),
          reconciliation: r.reconciliation.map((x) => ({ date: x.date, amountCents: x.amountCents, paymentId: x.paymentId })),
        });
      }
      process.stdout.write(`${r.dryRun ? 'Aperçu (rien n’est écrit)' : 'Import'} de ${r.fileName} : ${r.lineCount} ligne(s), ${r.encoding}, ${r.layout === 'debit-credit' ? 'Débit/Crédit' : 'Montant/Sens'}.\n`);
      for (const t of r.totals) process.stdout.write(`  ${(t.mission ?? 'fonctionnement').padEnd(16)} ${t.category.padEnd(24)} ${formatEuros(t.cents).padStart(16)}  (${t.lines} ligne(s))\n`);
      process.stdout.write(`${r.imported} ligne(s) ${r.dryRun ? 'à importer' : 'importée(s)'}, ${r.duplicatesSkipped} déjà importée(s).\n`);
      for (const u of r.unmatched) process.stdout.write(`  non importée : ${u.message}\n`);
      for (const x of r.reconciliation) {
        process.stdout.write(`  recette du ${formatDateFr(x.date)} ${formatEuros(x.amountCents)} : ${x.paymentId === null ? 'aucun versement correspondant' : `versement n° ${x.paymentId}`}\n`);
      }
    });

  const indemnities = program
    .command('indemnities')
    .description('Indemnités et rémunérations des professionnels de santé : totaux par professionnel et année civile face au PASS.')
    .option('--db <fichier>', 'fichier SQLite')
    .option('--contract <id>', 'identifiant du contrat')
    .option('--year <année>', 'année civile (ex. 2025)')
    .option('--json', 'sortie JSON')
    .action(async (opts: { db?: string; contract?: string; year?: string; json?: boolean }) => {
      if (!opts.contract) throw refused('Option --contract obligatoire : identifiant du contrat.');
      const contractId = contractOption(opts.contract);
      if (opts.year !== undefined && !/^\d{4}$/.test(opts.year)) throw refused('Option --year : année civile attendue (ex. 2025).');
      const year = opts.year === undefined ? undefined : Number(opts.year);
      const v = await withDb(opts.db, (ctx) => invoke(ctx, 'indemnities.get', { contractId, year }));
      if (opts.json) {
        return out(v.perProfessional.map((p) => ({ name: p.name, year: p.year, totalCents: p.totalCents, ceilingCents: p.ceilingCents, share: p.share, level: p.level, flaggedEntries: p.flaggedEntries })));
      }
      for (const p of v.perProfessional) {
        const pct = p.share === null ? '' : ` (${(p.share * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} % du PASS)`;
        process.stdout.write(`${p.year}  ${p.name.padEnd(30)} ${formatEuros(p.totalCents).padStart(14)}${pct}${p.flaggedEntries > 0 ? `  ! ${p.flaggedEntries} saisie(s) au-delà du plafond` : ''}\n`);
      }
      for (const w of v.warnings) process.stdout.write(`  attention : ${w}\n`);
    });
  indemnities
    .command('import')
    .description('Importe le registre (CSV : professionnel;profession;rpps;date;mission;heures;nature;taux;montant) ; chaque saisie crée sa dépense.')
    // --db, --contract and --json are the parent's options (Commander gives them to `indemnities`).
    .requiredOption('--file <registre.csv>', 'le registre (UTF-8)')
    .option('--confirm-over-ceiling', 'accepte les saisies au-delà du plafond annuel (PASS) ; elles restent signalées')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ db?: string; contract?: string; file: string; confirmOverCeiling?: boolean; json?: boolean }>();
      if (!opts.contract) throw refused('Option --contract obligatoire : identifiant du contrat.');
      const contractId = contractOption(opts.contract);
      const csv = readBytes(opts.file, 'Registre').toString('utf8');
      const r = await withDb(opts.db, (ctx) =>
        invoke(ctx, 'indemnities.import', { contractId, fileName: basename(opts.file), csv, confirmOverCeiling: opts.confirmOverCeiling === true }),
      );
      if (opts.json) return out({ imported: r.imported, duplicatesSkipped: r.duplicatesSkipped, professionalsAdded: r.professionalsAdded, overCeiling: r.overCeiling, warnings: r.warnings });
      process.stdout.write(`${r.imported} saisie(s) importée(s), ${r.duplicatesSkipped} déjà présente(s), ${r.professionalsAdded} professionnel(s) ajouté(s).\n`);
      for (const w of r.warnings) process.stdout.write(`  attention : ${w}\n`);
    });
}
