// Roles on the shared server (issue 13): each agent connects as their own PostgreSQL role; the
// database itself (row-level security, migration pg-04) limits an agent to the contracts assigned
// to them — through SQL as that role and through the API connected as it — while a CPAM
// administrator sees every contract and assigns them; the journal names who did what.
// Skipped without ACI_TEST_POSTGRES_URL.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { runCli } from '../../electron/cli';
import { callApi } from '../../electron/api/dispatch';
import { serverContext } from '../../electron/cliServer';
import { openPostgres, type OpenedPostgres } from '../../electron/db/postgres/connection';
import type { ApiContext } from '../../electron/api/context';
import { ok, tempDir, T3_CONTRACT } from './helpers';
import { asLogin, createTestDatabase, PG_SKIP_REASON, PG_URL, dropRoles } from './pgTest';

const TODAY = '2023-02-01';

describe.skipIf(!PG_URL)(`PostgreSQL: agents and administrators${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const suffix = randomBytes(4).toString('hex');
  const AGENT = `agent_${suffix}`;
  const ADMIN = `admin_${suffix}`;
  let database: { url: string; drop(): Promise<void> };
  let owner: OpenedPostgres;
  let ownerCtx: ApiContext;
  let mine: number;
  let theirs: number;
  let theirsReview: number;
  const err: string[] = [];

  const ctxOf = (store: OpenedPostgres): ApiContext => ({ ...serverContext(store, 'cli'), dataDir: tempDir(), today: () => TODAY });
  /** Rows of `from` (a table and its WHERE), as the owner sees them. */
  const count = async (from: string) => (await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM ${sql.raw(from)}`.execute(owner.db)).rows[0].n;

  beforeAll(async () => {
    database = await createTestDatabase();
    owner = await openPostgres(database.url);
    ownerCtx = ctxOf(owner);
    mine = (await ok(ownerCtx, 'contract.create', T3_CONTRACT)).id;
    theirs = (await ok(ownerCtx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Voisine', legalName: 'Association CPTS Voisine' })).id;
    const f = await ok(ownerCtx, 'funding.get', { contractId: theirs });
    await ok(ownerCtx, 'payments.record', { contractId: theirs, receivedOn: '2022-07-15', amountCents: 50_000, cpamRef: 'VIR-V', trancheIds: [f.schedule[0].id] });
    theirsReview = (await ok(ownerCtx, 'reviews.create', { contractId: theirs, year: 1, kind: 'intermediate', heldOn: '2023-01-10' })).id;
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      err.push(String(s));
      return true;
    });
    expect(await runCli(['team', 'add-agent', '--db', database.url, '--login', AGENT, '--name', 'Alice Martin', '--role', 'agent'])).toBe(0);
    expect(await runCli(['team', 'add-agent', '--db', database.url, '--login', ADMIN, '--name', 'Bernard Admin', '--role', 'admin'])).toBe(0);
    expect(await runCli(['team', 'assign', '--db', database.url, '--agent', AGENT, '--contract', String(mine)])).toBe(0);
    // Refusals of the team commands, in French (exit 2).
    expect(await runCli(['team', 'add-agent', '--db', database.url, '--login', 'Pas Valide', '--name', 'X', '--role', 'agent'])).toBe(2);
    expect(await runCli(['team', 'add-agent', '--db', database.url, '--login', 'postgres', '--name', 'X', '--role', 'agent'])).toBe(2);
    expect(await runCli(['team', 'add-agent', '--db', database.url, '--login', 'zoe', '--name', 'X', '--role', 'chef'])).toBe(2);
    expect(await runCli(['team', 'assign', '--db', database.url, '--agent', 'inconnu_x', '--contract', String(mine)])).toBe(2);
    expect(await runCli(['team', 'assign', '--db', database.url, '--agent', AGENT, '--contract', '999999'])).toBe(2);
    vi.restoreAllMocks();
  }, 240_000);

  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    await owner?.close();
    await database?.drop();
    await dropRoles([AGENT, ADMIN]);
  });

  it('every table of contract data is under row-level security; an agent has no right on any other table but the read-only team list', async () => {
    const tables = await sql<{ name: string; rls: boolean; select: boolean; write: boolean }>`
      SELECT c.relname AS name, c.relrowsecurity AS rls,
        has_table_privilege(${AGENT}, c.oid, 'SELECT') AS select,
        has_table_privilege(${AGENT}, c.oid, 'INSERT') OR has_table_privilege(${AGENT}, c.oid, 'UPDATE') OR has_table_privilege(${AGENT}, c.oid, 'DELETE') AS write
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`.execute(owner.db);
    expect(tables.rows.length).toBeGreaterThan(30);
    const open = tables.rows.filter((t) => !t.rls && (t.select || t.write)).map((t) => `${t.name}${t.write ? ' (écriture)' : ''}`);
    expect(open).toEqual(['agent', 'kysely_migration', 'kysely_migration_lock']);
    expect(tables.rows.find((t) => t.name === 'audit_log')).toMatchObject({ rls: true, select: true });
  });

  it('through SQL as the agent’s role: an unassigned contract is invisible, and cannot be changed or added to', async () => {
    const agent = new pg.Client({ connectionString: asLogin(database.url, AGENT) });
    await agent.connect();
    try {
      expect((await agent.query('SELECT current_user AS u')).rows[0].u).toBe(AGENT);
      expect((await agent.query('SELECT id FROM contract ORDER BY id')).rows.map((r: { id: string }) => Number(r.id))).toEqual([mine]);
      expect((await agent.query('SELECT * FROM payment WHERE contract_id = $1', [theirs])).rowCount).toBe(0);
      expect((await agent.query('SELECT * FROM payment_allocation')).rowCount).toBe(0);
      expect((await agent.query('SELECT * FROM review WHERE id = $1', [theirsReview])).rowCount).toBe(0);
      expect((await agent.query('SELECT * FROM cpts')).rowCount).toBe(1);
      expect((await agent.query('SELECT * FROM audit_log WHERE contract_id = $1', [theirs])).rowCount).toBe(0);
      expect((await agent.query('SELECT * FROM contract_assignment')).rows.map((r: { agent_login: string }) => r.agent_login)).toEqual([AGENT]);
      // Changes: an UPDATE or DELETE finds no row; an INSERT is refused by the policy.
      expect((await agent.query(`UPDATE contract SET cpam = 'piratée' WHERE id = $1`, [theirs])).rowCount).toBe(0);
      expect((await agent.query(`UPDATE review SET place = 'ailleurs' WHERE id = $1`, [theirsReview])).rowCount).toBe(0);
      expect((await agent.query(`DELETE FROM review WHERE id = $1`, [theirsReview])).rowCount).toBe(0);
      const refused = (q: string, p: unknown[] = []) => agent.query(q, p).then(() => null, (e: { code?: string; message: string }) => e);
      const insert = await refused(`INSERT INTO payment (contract_id, received_on, amount_cents, cpam_ref, recorded_at) VALUES ($1, '2022-08-01', 100, 'X', 'now')`, [theirs]);
      expect(insert?.code).toBe('42501');
      expect(insert?.message).toMatch(/row-level security/);
      // Moving one's own row to another contract is refused too (WITH CHECK).
      const move = await refused(`UPDATE contract_mission SET contract_id = $1 WHERE contract_id = $2`, [theirs, mine]);
      expect(move?.code).toBe('42501');
      // Assigning oneself a contract, or rewriting the journal: no right.
      expect((await refused(`INSERT INTO contract_assignment (agent_login, contract_id, assigned_at) VALUES ($1, $2, 'now')`, [AGENT, theirs]))?.code).toBe('42501');
      expect((await refused(`DELETE FROM audit_log`))?.code).toBe('42501');
      expect((await refused(`UPDATE agent SET role = 'admin'`))?.code).toBe('42501');
      expect((await refused(`SET ROLE aci_admin`))?.code).toBe('42501');
      // Nor re-attach their contract to another CPTS, flag it as a demonstration, or delete it.
      const otherCpts = (await owner.db.selectFrom('contract').select('cpts_id').where('id', '=', theirs).executeTakeFirstOrThrow()).cpts_id;
      expect((await refused(`UPDATE contract SET cpts_id = $1 WHERE id = $2`, [otherCpts, mine]))?.code).toBe('42501');
      expect((await refused(`UPDATE contract SET demo = 1 WHERE id = $1`, [mine]))?.code).toBe('42501');
      expect((await refused(`DELETE FROM contract WHERE id = $1`, [mine]))?.code).toBe('42501');
      expect((await agent.query(`UPDATE contract SET ars = ars WHERE id = $1`, [mine])).rowCount).toBe(1);
    } finally {
      await agent.end();
    }
    // Nothing of the other contract changed.
    expect(await count(`payment WHERE contract_id = ${theirs}`)).toBe(1);
    expect(await count(`review WHERE id = ${theirsReview} AND place = ''`)).toBe(1);
    expect(await count(`contract WHERE id = ${theirs} AND cpam = '${T3_CONTRACT.cpam.replace(/'/g, "''")}'`)).toBe(1);
    expect(await count(`contract_mission WHERE contract_id = ${mine}`)).toBe(3);
  });

  it('through the API connected as the agent: their contract works and is journaled under their name; the other is refused in French', async () => {
    const store = await openPostgres(asLogin(database.url, AGENT));
    try {
      const ctx = ctxOf(store);
      expect((await ok(ctx, 'portfolio.list', { status: 'tous' })).rows.map((r) => r.id)).toEqual([mine]);
      expect((await ok(ctx, 'contract.get', { id: mine })).id).toBe(mine);
      const f = await ok(ctx, 'funding.get', { contractId: mine });
      await ok(ctx, 'payments.record', { contractId: mine, receivedOn: '2022-07-20', amountCents: 12_345, cpamRef: 'VIR-A', trancheIds: [f.schedule[0].id] });
      // The contract page's edit works within the agent's rights (contract, CPTS, population, missions).
      const edited = await ok(ctx, 'contract.update', { id: mine, data: { ...T3_CONTRACT, ars: 'ARS modifiée', population: 121_000, populationAsOf: '2023-01-01' } });
      expect([edited.ars, edited.population]).toEqual(['ARS modifiée', 121_000]);

      const paymentsBefore = await count(`payment WHERE contract_id = ${theirs}`);
      const journalBefore = await count(`audit_log WHERE contract_id = ${theirs}`);
      for (const [method, input] of [
        ['contract.get', { id: theirs }],
        ['funding.get', { contractId: theirs }],
        ['payments.list', { contractId: theirs }],
        ['audit.list', { contractId: theirs }],
        ['payments.record', { contractId: theirs, receivedOn: '2022-07-20', amountCents: 100, cpamRef: 'VIR-X', trancheIds: ['a1-t1'] }],
        ['contract.update', { id: theirs, data: { ...T3_CONTRACT, name: 'Piratée' } }],
        ['contract.archive', { id: theirs }],
      ] as const) {
        const r = await callApi(ctx, method, input);
        expect(r.ok, method).toBe(false);
        if (!r.ok) {
          expect(r.error.code, method).toBe('FORBIDDEN');
          expect(r.error.message).toMatch(new RegExp(`Contrat n° ${theirs} : il ne vous est pas attribué \\(compte ${AGENT}\\)`));
        }
      }
      // Through a row of the other contract: not found (the database hides it), nothing written.
      for (const [method, input] of [
        ['reviews.get', { reviewId: theirsReview }],
        ['reviews.close', { reviewId: theirsReview }],
        ['reviews.update', { reviewId: theirsReview, place: 'Ailleurs' }],
      ] as const) {
        const r = await callApi(ctx, method, input);
        expect(r.ok, method).toBe(false);
        if (!r.ok) expect(['NOT_FOUND', 'FORBIDDEN'], `${method}: ${r.error.message}`).toContain(r.error.code);
      }
      // Creating a contract is the administrators' (a refusal in French, nothing written).
      const created = await callApi(ctx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Nouvelle' });
      expect(created).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/^Accès refusé par la base partagée/) } });
      expect(await count(`contract`)).toBe(2);
      expect(await count(`payment WHERE contract_id = ${theirs}`)).toBe(paymentsBefore);
      expect(await count(`audit_log WHERE contract_id = ${theirs}`)).toBe(journalBefore);
      expect(await count(`review WHERE id = ${theirsReview} AND status = 'draft' AND place = ''`)).toBe(1);

      // The journal of their contract names them.
      const journal = await ok(ctx, 'audit.list', { contractId: mine });
      expect(journal.entries.slice(0, 2).map((e) => [e.method, e.author, e.authorName])).toEqual([
        ['contract.update', AGENT, 'Alice Martin'],
        ['payments.record', AGENT, 'Alice Martin'],
      ]);
      expect(journal.entries.map((e) => e.method)).toContain('team.assign');
      // The CLI as the agent: refused for the other contract (exit 2, French), allowed for theirs.
      const err: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
        err.push(String(s));
        return true;
      });
      expect(await runCli(['audit', '--db', asLogin(database.url, AGENT), '--contract', String(theirs), '--json'])).toBe(2);
      expect(err.join('')).toMatch(/il ne vous est pas attribué/);
      expect(await runCli(['audit', '--db', asLogin(database.url, AGENT), '--contract', String(mine), '--json'])).toBe(0);
      // An agent does not assign contracts.
      expect(await runCli(['team', 'assign', '--db', asLogin(database.url, AGENT), '--agent', AGENT, '--contract', String(theirs)])).toBe(2);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('an administrator sees every contract and assigns them; the agent then sees the new one', async () => {
    const store = await openPostgres(asLogin(database.url, ADMIN));
    try {
      const ctx = ctxOf(store);
      expect((await ok(ctx, 'portfolio.list', { status: 'tous' })).rows.map((r) => r.id).sort()).toEqual([mine, theirs].sort());
      expect((await ok(ctx, 'audit.list', { contractId: theirs })).total).toBeGreaterThan(0);
      await ok(ctx, 'reviews.update', { reviewId: theirsReview, place: 'CPAM' });
    } finally {
      await store.close();
    }
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await runCli(['team', 'assign', '--db', asLogin(database.url, ADMIN), '--agent', AGENT, '--contract', String(theirs)])).toBe(0);
    const agent = await openPostgres(asLogin(database.url, AGENT));
    try {
      const ctx = ctxOf(agent);
      expect((await ok(ctx, 'contract.get', { id: theirs })).id).toBe(theirs);
      const journal = await ok(ctx, 'audit.list', { contractId: theirs });
      expect(journal.entries.slice(0, 2).map((e) => [e.method, e.author])).toEqual([
        ['team.assign', ADMIN],
        ['reviews.update', ADMIN],
      ]);
    } finally {
      await agent.close();
    }
    expect(await runCli(['team', 'unassign', '--db', asLogin(database.url, ADMIN), '--agent', AGENT, '--contract', String(theirs)])).toBe(0);
    const again = await openPostgres(asLogin(database.url, AGENT));
    try {
      expect((await callApi(ctxOf(again), 'contract.get', { id: theirs })).ok).toBe(false);
    } finally {
      await again.close();
    }
  }, 120_000);
});
