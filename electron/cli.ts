// The same services headless: `npm run aci -- <command>`. Errors go to stderr in French with a
// non-zero exit code (1: failure, 2: invalid input, or a write refused while another process —
// the app — holds the data folder).
import { Command, CommanderError } from 'commander';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { formatDateFr } from '../shared/dates';
import { formatEuros } from '../shared/money';
import { computeFunding } from '../shared/domain/funding';
import { fundingFileSchema, fundingFileToInput } from '../shared/domain/fundingInput';
import { fieldErrors } from '../shared/api';
import { REPORT_NAMES, REPORTS, type ReportName } from '../shared/reports';
import type { ReviewKind } from '../shared/schemas/indicators';
import { AppError, type ApiContext } from './api/context';
import { invoke } from './api/dispatch';
import { openDatabase, type OpenedDb } from './db/connection';
import { seedDemo } from './db/demo';
import { storeMissingClosedFigures } from './api/reviews';
import { refreshAllSummaries } from './api/portfolio';
import { makeContext } from './runtime';
import { registerBackupCommands } from './cliBackup';
import { isDatabaseUrl, parseDatabaseTarget, UnsupportedDatabaseUrlError } from './db/store';
import { seedServerDemo, ServerNotEmptyError, withServerDb } from './cliServer';
import { cliDataAccess } from './cliLock';
import { registerBooksCommands } from './cliBooks';
import { registerExchangeCommands } from './cliExchange';
import { registerAnnexCommands } from './cliAnnex';
import { registerTeamCommands } from './cliTeam';
import { registerMigrateCommand } from './cliMigrate';

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

function out(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Opens the database of a command. One writer per data folder (electron/cliLock.ts): a command
 * known to write (`writes`: its name) takes the folder's lock first; any other runs its reads even
 * while the app is open on the folder, and its first write takes the lock or is refused (exit 2).
 */
async function withDb<T>(dbPath: string | undefined, fn: (ctx: ApiContext) => Promise<T>, opts: { writes?: string } = {}): Promise<T> {
  if (!dbPath) throw new CliError('Option --db obligatoire : chemin du fichier de base de données.', 2);
  const server = serverUrl(dbPath);
  if (server) return withServerDb(server, fn);
  const path = resolve(dbPath);
  if (!existsSync(path)) throw new CliError(`Base introuvable : ${path}. Créez-la avec \`npm run aci -- demo --db ${dbPath}\`.`);
  const access = cliDataAccess(dirname(path), opts.writes ?? null);
  let opened: OpenedDb | undefined;
  try {
    if (opts.writes) access.lockNow();
    opened = await openDatabase(path);
    const guarded: OpenedDb = { ...opened, db: opened.db.withPlugin(access.guard) };
    const ctx = makeContext(guarded, dirname(path), 'cli');
    // Derived data brought up to date; the app, when it holds the folder, keeps it so itself.
    if (!access.heldBy) {
      await storeMissingClosedFigures(guarded.db);
      await refreshAllSummaries(guarded.db, ctx.version);
    }
    return await fn(ctx);
  } finally {
    await opened?.close();
    access.release();
  }
}

/** `--db postgres://…`: the shared server's URL (electron/cliServer.ts); null for a file; any other URL scheme is refused (exit 2). */
function serverUrl(db: string | undefined): string | null {
  if (!db || !isDatabaseUrl(db)) return null;
  try {
    const target = parseDatabaseTarget(db);
    return target.engine === 'postgres' ? target.url : null;
  } catch (e) {
    if (e instanceof UnsupportedDatabaseUrlError) throw new CliError(e.message, 2);
    throw e;
  }
}

function contractId(raw: string | undefined): number {
  const n = Number(raw);
  if (!raw || !Number.isInteger(n) || n <= 0) throw new CliError('Option --contract : identifiant de contrat (entier positif) attendu.', 2);
  return n;
}

/** Commander speaks English; its few user-facing errors are given in French. */
export function frenchCommanderError(s: string): string {
  return s
    .replace(/^error: unknown command '(.*)'/m, 'Erreur : commande inconnue « $1 » (voir `npm run aci -- --help`).')
    .replace(/^error: unknown option '(.*)'/m, 'Erreur : option inconnue « $1 ».')
    .replace(/^error: required option '(.*)' not specified/m, 'Erreur : option obligatoire manquante : $1.')
    .replace(/^error: option '(.*)' argument missing/m, 'Erreur : valeur manquante pour l’option $1.')
    .replace(/^error: too many arguments.*$/m, 'Erreur : trop d’arguments.')
    .replace(/^error: (.*)$/m, 'Erreur : $1');
}

export function buildProgram(): Command {
  const program = new Command('aci')
    .description('ACI CPTS en ligne de commande : portefeuille, financement, versements.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: (s, write) => write(frenchCommanderError(s)) })
    .helpOption('-h, --help', 'affiche l’aide')
    .helpCommand('help [commande]', 'affiche l’aide d’une commande');

  program
    .command('demo')
    .description('Crée une base de démonstration (portefeuille fictif).')
    .requiredOption('--db <fichier>', 'fichier SQLite à créer')
    .option('--force', 'remplace le fichier s’il existe (jamais celui d’un dossier ouvert par l’application)')
    .action(async (opts: { db: string; force?: boolean }) => {
      const server = serverUrl(opts.db);
      if (server) {
        const ids = await seedServerDemo(server).catch((e: unknown) => {
          throw e instanceof ServerNotEmptyError ? new CliError(e.message, 2) : e;
        });
        process.stdout.write(`Base de démonstration créée sur le serveur PostgreSQL (${ids.length} contrats).\n`);
        return;
      }
      const path = resolve(opts.db);
      if (existsSync(path) && !opts.force) throw new CliError(`Le fichier ${path} existe déjà : ajoutez --force pour le remplacer.`);
      mkdirSync(dirname(path), { recursive: true });
      // The folder's lock first: --force never deletes the data of a folder in use.
      const access = cliDataAccess(dirname(path), 'demo');
      access.lockNow();
      try {
        if (existsSync(path)) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
        const opened = await openDatabase(path);
        try {
          const ids = await seedDemo(makeContext(opened, dirname(path), 'cli'));
          process.stdout.write(`Base de démonstration créée : ${path} (${ids.length} contrats).\n`);
        } finally {
          await opened.close();
        }
      } finally {
        access.release();
      }
    });

  program
    .command('demo-remove')
    .description('Supprime les contrats de démonstration et tout ce qui s’y rattache ; les autres contrats ne sont pas touchés.')
    .requiredOption('--db <fichier>', 'fichier SQLite')
    .action(async (opts: { db: string }) => {
      const r = await withDb(opts.db, (ctx) => invoke(ctx, 'demo.remove', {}), { writes: 'demo-remove' });
      process.stdout.write(
        r.removedContracts === 0 ? 'Aucun contrat de démonstration dans cette base.\n' : `${r.removedContracts} contrat(s) de démonstration supprimé(s).\n`,
      );
    });

  program
    .command('contracts')
    .description('Liste les contrats du portefeuille.')
    .requiredOption('--db <fichier>', 'fichier SQLite')
    .option('--json', 'sortie JSON')
    .option('--search <texte>', 'filtre (sans accents ni majuscules)')
    .option('--status <statut>', 'portefeuille (actifs et échus, par défaut), actifs, echus, archives ou tous')
    .action(async (opts: { db: string; json?: boolean; search?: string; status?: string }) => {
      const { rows } = await withDb(opts.db, (ctx) => invoke(ctx, 'portfolio.list', { search: opts.search, status: opts.status }));
      if (opts.json) return out(rows);
      for (const r of rows) {
        process.stdout.write(
          `${String(r.id).padStart(3)}  ${r.cpts.padEnd(34)} taille ${r.sizeBand}  signé le ${formatDateFr(r.signedOn)}  ${r.population.toLocaleString('fr-FR')} hab.` +
            `${r.lifecycle === 'echu' ? '  échu' : r.lifecycle === 'archive' ? '  archivé' : ''}${r.demo ? '  (démonstration)' : ''}\n`,
        );
      }
    });

  program
    .command('funding')
    .description('Financement d’un contrat : droits par année et mission, échéances, explications.')
    .option('--db <fichier>', 'fichier SQLite')
    .option('--contract <id>', 'identifiant du contrat')
    .option('--input <fichier.json>', 'contrat décrit dans un fichier JSON (simulation sans base)')
    .option('--json', 'sortie JSON')
    .action(async (opts: { db?: string; contract?: string; input?: string; json?: boolean }) => {
      let result;
      if (opts.input) {
        if (opts.db || opts.contract) throw new CliError('--input s’emploie sans --db ni --contract.', 2);
        let raw: unknown;
        try {
          raw = JSON.parse(readFileSync(resolve(opts.input), 'utf8'));
        } catch (e) {
          throw new CliError(`Fichier ${opts.input} illisible : ${e instanceof Error ? e.message : String(e)}`, 2);
        }
        const parsed = fundingFileSchema.safeParse(raw);
        if (!parsed.success) {
          const lines = Object.entries(fieldErrors(parsed.error)).map(([k, v]) => `  ${k} : ${v}`);
          throw new CliError(`Fichier ${opts.input} invalide :\n${lines.join('\n')}`, 2);
        }
        result = computeFunding(fundingFileToInput(parsed.data));
      } else {
        const id = contractId(opts.contract);
        result = await withDb(opts.db, async (ctx) => (await invoke(ctx, 'funding.get', { contractId: id })).result);
      }
      if (opts.json) return out(result);
      const missing = (n: number) => `partiel : ${n} montant${n > 1 ? 's' : ''} manquant${n > 1 ? 's' : ''}`;
      for (const y of result.years) {
        const state = [y.closed ? 'arrêtée' : '', y.complete ? '' : missing(y.refusals.length)].filter(Boolean).join(', ');
        process.stdout.write(`Année ${y.year} (${formatDateFr(y.from)} – ${formatDateFr(y.to)}) : ${formatEuros(y.totalCents)}${state ? ` (${state})` : ''}\n`);
        for (const r of y.refusals) process.stdout.write(`  ! ${r.line} : ${r.message}\n`);
      }
      process.stdout.write(`Total du contrat : ${formatEuros(result.totalCents)}${result.complete ? '' : ` (${missing(result.refusedLines.length)})`}\n`);
      for (const t of result.tranches) {
        process.stdout.write(`  ${formatDateFr(t.dueOn)}  ${formatEuros(t.amountCents).padStart(16)}  ${t.label}\n`);
      }
    });

  program
    .command('payments')
    .description('Versements reçus et reste dû par échéance.')
    .requiredOption('--db <fichier>', 'fichier SQLite')
    .requiredOption('--contract <id>', 'identifiant du contrat')
    .option('--json', 'sortie JSON')
    .action(async (opts: { db: string; contract: string; json?: boolean }) => {
      const id = contractId(opts.contract);
      const view = await withDb(opts.db, (ctx) => invoke(ctx, 'payments.list', { contractId: id }));
      if (opts.json) return out(view);
      for (const p of view.payments) {
        process.stdout.write(`${formatDateFr(p.receivedOn)}  ${formatEuros(p.amountCents).padStart(16)}  ${p.cpamRef}  ${p.comment}\n`);
      }
      process.stdout.write(`Reste dû : ${formatEuros(view.totals.outstandingCents)} ; en retard : ${formatEuros(view.totals.overdueCents)}\n`);
    });

  program
    .command('export')
    .description(
      'Exporte un rapport : classeur Excel du contrat ou du portefeuille, état des versements (PDF) d’une année, ' +
        'dossier de préparation (PDF) d’un dialogue de gestion, compte rendu (PDF) d’un dialogue clos.',
    )
    .option('--db <fichier>', 'fichier SQLite')
    .option('--contract <id>', 'identifiant du contrat')
    .option('--portfolio', 'tout le portefeuille')
    .option('--report <nom>', `rapport : ${REPORT_NAMES.join(', ')}`)
    .option('--format <format>', 'xlsx ou pdf')
    .option('--year <n>', 'année du contrat (1 à 5), pour l’état des versements, le dossier de préparation et l’annexe financière ; année civile (ex. 2025) pour le registre des indemnités')
    .option('--kind <type>', 'dialogue à préparer (dossier) : intermediaire ou annuel')
    .option('--review <id>', 'numéro du dialogue clos (compte rendu) ; voir la commande reviews')
    .option('--out <fichier>', 'fichier à écrire (ou dossier existant : le nom du fichier dit alors quoi et quand)')
    .action(async (opts: ExportOptions & { db?: string }) => {
      const input = exportInput(opts);
      const file = await withDb(opts.db, (ctx) => invoke(ctx, 'reports.export', input));
      let out = resolve(opts.out!);
      if (existsSync(out) && statSync(out).isDirectory()) out = join(out, file.fileName);
      const bytes = Buffer.from(file.base64, 'base64');
      writeFileSync(out, bytes);
      process.stdout.write(`Export écrit : ${out} (${bytes.length.toLocaleString('fr-FR')} octets).\n`);
    });

  program
    .command('reviews')
    .description('Dialogues de gestion d’un contrat : calendrier, préparation, contenu des dialogues tenus.')
    .requiredOption('--db <fichier>', 'fichier SQLite')
    .requiredOption('--contract <id>', 'identifiant du contrat')
    .option('--json', 'sortie JSON')
    .action(async (opts: { db: string; contract: string; json?: boolean }) => {
      const id = contractId(opts.contract);
      const result = await withDb(opts.db, async (ctx) => {
        const view = await invoke(ctx, 'reviews.list', { contractId: id });
        const reviews = [];
        for (const s of view.slots) if (s.reviewId !== null) reviews.push(await invoke(ctx, 'reviews.get', { reviewId: s.reviewId }));
        return { ...view, reviews };
      });
      if (opts.json) return out(result);
      for (const s of result.slots) {
        const state = s.status === 'closed' ? 'clos' : s.status === 'draft' ? 'brouillon' : 'à préparer';
        process.stdout.write(`Année ${s.year}  ${s.kind === 'annual' ? 'annuel       ' : 'intermédiaire'}  ${formatDateFr(s.heldOn ?? s.proposedOn)}  ${state}${s.reviewId !== null ? ` (n° ${s.reviewId})` : ''}\n`);
      }
      if (result.next) {
        process.stdout.write(`Prochain dialogue : année ${result.next.year}, ${formatDateFr(result.next.heldOn ?? result.next.proposedOn)}\n`);
        for (const m of result.readiness.missing) process.stdout.write(`  - ${m}\n`);
      }
    });

  registerBackupCommands(program);
  registerBooksCommands(program, withDb);
  registerExchangeCommands(program, { withDb, fail: (message, code) => new CliError(message, code) });
  registerAnnexCommands(program, { withDb, fail: (message, code) => new CliError(message, code) });
  registerTeamCommands(program, { withDb, fail: (message, code) => new CliError(message, code) });
  registerMigrateCommand(program, { fail: (message, code) => new CliError(message, code) });
  return program;
}

interface ExportOptions {
  contract?: string;
  portfolio?: boolean;
  report?: string;
  format?: string;
  year?: string;
  kind?: string;
  review?: string;
  out?: string;
}

/** `--kind`: the French words (with or without accent) or the API's. */
const REVIEW_KIND_WORDS: Record<string, ReviewKind> = {
  intermediaire: 'intermediate',
  'intermédiaire': 'intermediate',
  intermediate: 'intermediate',
  annuel: 'annual',
  annual: 'annual',
};

/** The CLI's own checks (which option is missing or contradicts another); the API then validates the rest. */
function exportInput(opts: ExportOptions) {
  if (!opts.report) throw new CliError(`Option --report obligatoire : ${REPORT_NAMES.join(', ')}.`, 2);
  if (!(REPORT_NAMES as readonly string[]).includes(opts.report)) {
    throw new CliError(`Rapport inconnu : « ${opts.report} » (attendu : ${REPORT_NAMES.join(', ')}).`, 2);
  }
  const report = opts.report as ReportName;
  const spec = REPORTS[report];
  if (!opts.format) throw new CliError(`Option --format obligatoire : ${spec.formats.join(' ou ')} pour ce rapport.`, 2);
  if (!opts.out) throw new CliError('Option --out obligatoire : fichier (ou dossier) où écrire l’export.', 2);
  if (opts.contract && opts.portfolio) throw new CliError('--contract et --portfolio s’excluent : choisissez l’un ou l’autre.', 2);
  if (spec.scope === 'contract' && opts.portfolio) {
    throw new CliError(`Le rapport « ${report} » (${spec.label}) porte sur un contrat : remplacez --portfolio par --contract <id>.`, 2);
  }
  if (spec.scope === 'portfolio' && opts.contract) {
    throw new CliError(`Le rapport « ${report} » (${spec.label}) couvre tout le portefeuille : remplacez --contract par --portfolio.`, 2);
  }
  if (spec.scope === 'contract' && !opts.contract) throw new CliError(`Le rapport « ${report} » porte sur un contrat : ajoutez --contract <id>.`, 2);
  if (spec.scope === 'portfolio' && !opts.portfolio) throw new CliError(`Le rapport « ${report} » couvre le portefeuille : ajoutez --portfolio.`, 2);
  const ext = extname(opts.out).slice(1).toLowerCase();
  if (ext !== '' && (ext === 'xlsx' || ext === 'pdf') && ext !== opts.format) {
    throw new CliError(`--out se termine par .${ext} mais --format vaut ${opts.format} : accordez-les.`, 2);
  }
  let year: number | undefined;
  if (opts.year !== undefined) {
    year = Number(opts.year);
    if (!/^\d+$/.test(opts.year)) throw new CliError(`Option --year : ${spec.civilYear ? 'année civile (ex. 2025)' : 'année du contrat (1 à 5)'} attendue.`, 2);
  }
  if (spec.review === 'slot' && (opts.year === undefined || opts.kind === undefined)) {
    throw new CliError(`Le rapport « ${report} » (${spec.label}) porte sur un dialogue de gestion : ajoutez --year <1 à 5> et --kind intermediaire|annuel.`, 2);
  }
  if (spec.review === 'id' && opts.review === undefined) {
    throw new CliError(`Le rapport « ${report} » (${spec.label}) porte sur un dialogue clos : ajoutez --review <numéro> (voir la commande reviews).`, 2);
  }
  if (spec.review !== 'slot' && opts.kind !== undefined) {
    throw new CliError(`--kind ne s’emploie qu’avec --report dossier${spec.review === 'id' ? ' (le compte rendu se désigne par --review)' : ''}.`, 2);
  }
  if (spec.review !== 'id' && opts.review !== undefined) {
    throw new CliError(`--review ne s’emploie qu’avec --report minutes${spec.review === 'slot' ? ' (le dossier se désigne par --year et --kind)' : ''}.`, 2);
  }
  let kind: ReviewKind | undefined;
  if (opts.kind !== undefined) {
    const word = opts.kind.trim().toLowerCase();
    kind = Object.hasOwn(REVIEW_KIND_WORDS, word) ? REVIEW_KIND_WORDS[word] : undefined;
    if (!kind) throw new CliError(`Option --kind : « ${opts.kind} » inconnu (intermediaire ou annuel attendu).`, 2);
  }
  let reviewId: number | undefined;
  if (opts.review !== undefined) {
    reviewId = Number(opts.review);
    if (!/^\d+$/.test(opts.review) || reviewId <= 0) throw new CliError('Option --review : numéro de dialogue (entier positif) attendu.', 2);
  }
  return { report, format: opts.format, contractId: opts.contract ? contractId(opts.contract) : undefined, year, kind, reviewId };
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      return 2;
    }
    if (e instanceof CliError) {
      process.stderr.write(`Erreur : ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof AppError) {
      process.stderr.write(`Erreur : ${e.message}\n`);
      // FORBIDDEN: a write refused because the data folder is in use (electron/cliLock.ts).
      return e.code === 'VALIDATION' || e.code === 'FORBIDDEN' ? 2 : 1;
    }
    process.stderr.write(`Erreur : ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]).replace(/\.[cm]?[jt]s$/, '') === resolve(new URL(import.meta.url).pathname).replace(/\.[cm]?[jt]s$/, '');
if (isMain) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
