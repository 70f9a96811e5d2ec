// `npm run aci -- team add-agent|assign|unassign|list` and `npm run aci -- audit` (issue 13): the
// team on the shared server — each agent a PostgreSQL login role that the database itself limits
// to the contracts assigned to them (row-level security) — and a contract's journal of the writes
// (every engine). Refusals are French; exit code 2 for an invalid input or a refused access.
import type { Command } from 'commander';
import { formatDateFr } from '../shared/dates';
import { AUDIT_LABELS } from '../shared/audit';
import { AppError, type ApiContext } from './api/context';
import { invoke } from './api/dispatch';
import { writeEntry } from './api/audit';
import { inTransaction } from './db/connection';
import { isPostgres } from './db/postgres/retry';
import { accessRefusal } from './db/postgres/access';
import { contractExists, contractExistsForAnyone } from './db/repo/audit';
import { addAgent, assignContract, checkLogin, findAgent, listAgents, TeamError, unassignContract, type TeamRole } from './db/postgres/team';

export interface TeamCliDeps {
  withDb<T>(dbPath: string | undefined, fn: (ctx: ApiContext) => Promise<T>): Promise<T>;
  /** An error runCli turns into this exit code with the French message on stderr. */
  fail(message: string, exitCode: number): Error;
}

const SERVER_ONLY = 'Le mode équipe demande une base partagée PostgreSQL : --db postgres://utilisateur@hôte:port/base.';

function out(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function contractOption(raw: string, deps: TeamCliDeps): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n <= 0) throw deps.fail('Option --contract : identifiant de contrat (entier positif) attendu.', 2);
  return n;
}

/** Runs fn in one write transaction on the server; team and access refusals become exit 2. */
async function onServer<T>(deps: TeamCliDeps, db: string, fn: (trx: ApiContext['db']) => Promise<T>): Promise<T> {
  if (!/^postgres(ql)?:\/\//i.test(db.trim())) throw deps.fail(SERVER_ONLY, 2);
  return deps.withDb(db, async (ctx) => {
    if (!isPostgres(ctx.db)) throw deps.fail(SERVER_ONLY, 2);
    try {
      return await inTransaction(ctx.db, fn);
    } catch (e) {
      if (e instanceof TeamError) throw deps.fail(e.message, 2);
      const refusal = accessRefusal(e);
      if (refusal) throw deps.fail(`${refusal.replace(/ce contrat ne vous est pas attribué, ou /, '')}`, 2);
      throw e;
    }
  });
}

export function registerTeamCommands(program: Command, deps: TeamCliDeps): void {
  const team = program.command('team').description('Équipe sur la base partagée : agents (un rôle PostgreSQL chacun) et contrats qui leur sont attribués.');

  team
    .command('add-agent')
    .description('Crée un agent et son rôle de connexion PostgreSQL (membre de aci_agent ou aci_admin) ; le met à jour s’il existe.')
    .requiredOption('--db <url>', 'base partagée (postgres://…), connecté comme propriétaire de la base ou rôle CREATEROLE')
    .requiredOption('--login <identifiant>', 'identifiant de connexion de l’agent (nom du rôle PostgreSQL)')
    .requiredOption('--name <nom>', 'nom de l’agent, tel que le journal l’affiche')
    .requiredOption('--role <rôle>', 'agent (ses contrats) ou admin (administrateur de la CPAM : tous les contrats, attributions)')
    .option('--password <mot de passe>', 'mot de passe du rôle (sinon : authentification du serveur, certificat ou confiance)')
    .action(async (opts: { db: string; login: string; name: string; role: string; password?: string }) => {
      if (opts.role !== 'agent' && opts.role !== 'admin') throw deps.fail(`Option --role : « ${opts.role} » inconnu (agent ou admin attendu).`, 2);
      const role: TeamRole = opts.role;
      const a = await onServer(deps, opts.db, (db) => addAgent(db, { login: opts.login, name: opts.name, role, password: opts.password }));
      process.stdout.write(
        `Agent ${a.login} (${a.name}) : ${a.role === 'admin' ? 'administrateur (tous les contrats)' : 'agent (contrats attribués seulement)'}` +
          `${a.roleCreated ? ', rôle de connexion créé' : ', rôle de connexion existant'}.\n`,
      );
    });

  for (const [name, give] of [['assign', true], ['unassign', false]] as const) {
    team
      .command(name)
      .description(give ? 'Attribue un contrat à un agent.' : 'Retire un contrat à un agent.')
      .requiredOption('--db <url>', 'base partagée (postgres://…), connecté comme administrateur de la CPAM ou propriétaire')
      .requiredOption('--agent <identifiant>', 'identifiant de l’agent')
      .requiredOption('--contract <id>', 'identifiant du contrat')
      .action(async (opts: { db: string; agent: string; contract: string }) => {
        const contractId = contractOption(opts.contract, deps);
        const changed = await onServer(deps, opts.db, async (db) => {
          checkLogin(opts.agent);
          const agent = await findAgent(db, opts.agent);
          if (!agent) throw new TeamError(`Agent ${opts.agent} inconnu : créez-le d’abord (team add-agent).`);
          if (!(await contractExists(db, contractId))) {
            throw new TeamError(
              (await contractExistsForAnyone(db, contractId).catch(() => false))
                ? `Contrat n° ${contractId} : vous ne le voyez pas ; seul un administrateur de la CPAM attribue les contrats.`
                : `Contrat n° ${contractId} introuvable.`,
            );
          }
          const done = give ? await assignContract(db, agent.login, contractId) : await unassignContract(db, agent.login, contractId);
          if (done) {
            await writeEntry(db, {
              contractId,
              method: give ? 'team.assign' : 'team.unassign',
              summary: `${give ? AUDIT_LABELS['team.assign'] : 'Contrat retiré à un agent'} : ${agent.name} (${agent.login})`,
              before: null,
              after: { agent: agent.login, contractId },
            });
          }
          return { done, agent };
        });
        process.stdout.write(
          give
            ? `Contrat n° ${contractId} ${changed.done ? 'attribué à' : 'déjà attribué à'} ${changed.agent.name} (${changed.agent.login}).\n`
            : `Contrat n° ${contractId} ${changed.done ? 'retiré à' : 'n’était pas attribué à'} ${changed.agent.name} (${changed.agent.login}).\n`,
        );
      });
  }

  team
    .command('list')
    .description('Agents de la base partagée et contrats attribués.')
    .requiredOption('--db <url>', 'base partagée (postgres://…)')
    .option('--json', 'sortie JSON')
    .action(async (opts: { db: string; json?: boolean }) => {
      const agents = await onServer(deps, opts.db, (db) => listAgents(db));
      if (opts.json) return out(agents);
      for (const a of agents) {
        process.stdout.write(`${a.login.padEnd(20)} ${a.name.padEnd(30)} ${a.role === 'admin' ? 'administrateur' : `contrats : ${a.contracts.join(', ') || 'aucun'}`}\n`);
      }
    });

  program
    .command('audit')
    .description('Journal des modifications d’un contrat : qui a fait quoi, quand, avant → après.')
    .requiredOption('--db <fichier ou url>', 'fichier SQLite ou base partagée (postgres://…)')
    .requiredOption('--contract <id>', 'identifiant du contrat')
    .option('--limit <n>', 'les n dernières entrées')
    .option('--json', 'sortie JSON (before et after en objets)')
    .action(async (opts: { db: string; contract: string; limit?: string; json?: boolean }) => {
      const contractId = contractOption(opts.contract, deps);
      const limit = opts.limit === undefined ? undefined : Number(opts.limit);
      if (limit !== undefined && (!/^\d+$/.test(opts.limit!) || limit < 1)) throw deps.fail('Option --limit : nombre entier ≥ 1 attendu.', 2);
      const view = await deps.withDb(opts.db, (ctx) => invoke(ctx, 'audit.list', { contractId, limit })).catch((e: unknown) => {
        throw e instanceof AppError && e.code === 'FORBIDDEN' ? deps.fail(e.message, 2) : e;
      });
      if (opts.json) {
        const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));
        return out({ ...view, entries: view.entries.map((e) => ({ ...e, before: parse(e.before), after: parse(e.after) })) });
      }
      process.stdout.write(`Journal du contrat n° ${contractId} : ${view.total} entrée(s).\n`);
      for (const e of view.entries) {
        process.stdout.write(`${formatDateFr(e.at.slice(0, 10))} ${e.at.slice(11, 19)}  ${(e.authorName ? `${e.authorName} (${e.author})` : e.author).padEnd(28)}  ${e.summary}\n`);
      }
    });
}
