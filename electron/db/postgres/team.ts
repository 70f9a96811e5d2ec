// The team on the shared server (issue 13): an agent is a PostgreSQL login role, member of the
// group role aci_agent or aci_admin (electron/db/postgres/migrations/2026-11-30-pg-04-audit-roles.ts),
// registered in `agent`; `contract_assignment` gives an agent a contract. Run by the database's
// owner (or a role with CREATEROLE) for add-agent, by an administrator or the owner for assign.
// No transaction of its own: the caller's.
import { sql } from 'kysely';
import type { Db } from '../connection';

export type TeamRole = 'agent' | 'admin';

/** A PostgreSQL role name the app creates: lower-case letters, digits, underscore. */
const LOGIN = /^[a-z][a-z0-9_]{1,62}$/;
const RESERVED = new Set(['aci_agent', 'aci_admin', 'postgres', 'public']);

export class TeamError extends Error {}

export function checkLogin(login: string): void {
  if (!LOGIN.test(login) || login.startsWith('pg_') || RESERVED.has(login)) {
    throw new TeamError(
      `Identifiant « ${login.slice(0, 70)} » refusé : 2 à 63 caractères, lettres minuscules sans accent, chiffres ou « _ », ` +
        'commençant par une lettre (ni « pg_… », ni aci_agent, aci_admin, postgres, public).',
    );
  }
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export interface AddedAgent {
  login: string;
  name: string;
  role: TeamRole;
  /** Whether the database role was created now (false: it existed, and was given the group role). */
  roleCreated: boolean;
}

/** Creates (or updates) an agent and their login role, member of aci_agent or aci_admin. */
export async function addAgent(db: Db, a: { login: string; name: string; role: TeamRole; password?: string }): Promise<AddedAgent> {
  checkLogin(a.login);
  const name = a.name.trim();
  if (name.length === 0 || name.length > 200) throw new TeamError('Nom de l’agent : 1 à 200 caractères.');
  if (a.password !== undefined && (a.password.length < 8 || a.password.length > 200 || [...a.password].some((c) => c.charCodeAt(0) < 32))) {
    throw new TeamError('Mot de passe : 8 à 200 caractères, sans caractère de contrôle.');
  }
  const existing = (await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = ${a.login}`.execute(db)).rows[0];
  if (existing && (existing.rolsuper || existing.rolbypassrls)) {
    throw new TeamError(`Le rôle ${a.login} existe et passe outre la sécurité par ligne (superutilisateur ou BYPASSRLS) : choisissez un autre identifiant pour l’agent.`);
  }
  const role = sql.id(a.login);
  const password = a.password !== undefined ? sql.raw(` PASSWORD ${literal(a.password)}`) : sql.raw('');
  if (!existing) await sql`CREATE ROLE ${role} LOGIN${password}`.execute(db);
  else if (a.password !== undefined) await sql`ALTER ROLE ${role} LOGIN${password}`.execute(db);
  await sql`GRANT ${sql.id(a.role === 'admin' ? 'aci_admin' : 'aci_agent')} TO ${role}`.execute(db);
  if (a.role === 'agent') await sql`REVOKE aci_admin FROM ${role}`.execute(db);
  else await sql`REVOKE aci_agent FROM ${role}`.execute(db);
  await sql`GRANT CONNECT ON DATABASE ${sql.id((await sql<{ d: string }>`SELECT current_database() AS d`.execute(db)).rows[0].d)} TO ${role}`.execute(db);
  await db
    .insertInto('agent')
    .values({ login: a.login, name, role: a.role, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('login').doUpdateSet({ name, role: a.role }))
    .execute();
  return { login: a.login, name, role: a.role, roleCreated: !existing };
}

export interface AgentRow {
  login: string;
  name: string;
  role: TeamRole;
  contracts: number[];
}

export async function findAgent(db: Db, login: string): Promise<{ login: string; name: string; role: TeamRole } | null> {
  return (await db.selectFrom('agent').select(['login', 'name', 'role']).where('login', '=', login).executeTakeFirst()) ?? null;
}

/** Gives a contract to an agent; false when it already was. */
export async function assignContract(db: Db, login: string, contractId: number): Promise<boolean> {
  const r = await db
    .insertInto('contract_assignment')
    .values({ agent_login: login, contract_id: contractId, assigned_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['agent_login', 'contract_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Takes a contract back from an agent; false when it was not theirs. */
export async function unassignContract(db: Db, login: string, contractId: number): Promise<boolean> {
  const r = await db.deleteFrom('contract_assignment').where('agent_login', '=', login).where('contract_id', '=', contractId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The agents and their contracts (as the session's role sees them). */
export async function listAgents(db: Db): Promise<AgentRow[]> {
  const agents = await db.selectFrom('agent').select(['login', 'name', 'role']).orderBy('login').execute();
  const links = await db.selectFrom('contract_assignment').select(['agent_login', 'contract_id']).orderBy('contract_id').execute();
  return agents.map((a) => ({ ...a, contracts: links.filter((l) => l.agent_login === a.login).map((l) => l.contract_id) }));
}
