// Every link stays inside its contract on the shared server (issue 13, migration
// 2026-11-30-pg-05-same-contract-refs). A foreign-key check bypasses row-level security, so
// before it an agent could, inside the contract assigned to them, add a row designating a row of
// a contract they do not see (an evidence on its livrable, a review line on its indicator, a
// correction of its payment…). Now the database refuses it in French, for agents and
// administrators alike, and nothing is written; the same links inside one contract still work.
// Skipped without ACI_TEST_POSTGRES_URL.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { runCli } from '../../electron/cli';
import { serverContext } from '../../electron/cliServer';
import { callApi } from '../../electron/api/dispatch';
import { openPostgres, type OpenedPostgres } from '../../electron/db/postgres/connection';
import { sameContractRefusal } from '../../electron/db/sameContract';
import {
  crossContractMessage,
  movedContractMessage,
  SAME_CONTRACT_REFS,
  SAME_CONTRACT_SQLSTATE,
} from '../../electron/db/postgres/migrations/2026-11-30-pg-05-same-contract-refs';
import type { ApiContext } from '../../electron/api/context';
import { ok, tempDir, T3_CONTRACT } from './helpers';
import { attempts, counts as countRows, seed, type Rows } from './sameContractFixture';
import { asLogin, createTestDatabase, PG_SKIP_REASON, PG_URL, dropRoles } from './pgTest';

type Refusal = { code?: string; message: string } | null;

describe.skipIf(!PG_URL)(`PostgreSQL: a row designates only rows of its own contract${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  const suffix = randomBytes(4).toString('hex');
  const AGENT = `agent_sc_${suffix}`;
  const ADMIN = `admin_sc_${suffix}`;
  let database: { url: string; drop(): Promise<void> };
  let owner: OpenedPostgres;
  let mine: Rows;
  let theirs: Rows;

  const ctxOf = (store: OpenedPostgres): ApiContext => ({ ...serverContext(store, 'cli'), dataDir: tempDir(), today: () => '2023-02-01' });
  const counts = () => countRows(owner.db);

  beforeAll(async () => {
    database = await createTestDatabase();
    owner = await openPostgres(database.url);
    const ctx = ctxOf(owner);
    const a = (await ok(ctx, 'contract.create', T3_CONTRACT)).id;
    const b = (await ok(ctx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Voisine', legalName: 'Association CPTS Voisine' })).id;
    mine = await seed(owner.db, a, 'M');
    theirs = await seed(owner.db, b, 'T');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await runCli(['team', 'add-agent', '--db', database.url, '--login', AGENT, '--name', 'Alice Martin', '--role', 'agent'])).toBe(0);
      expect(await runCli(['team', 'add-agent', '--db', database.url, '--login', ADMIN, '--name', 'Bernard Admin', '--role', 'admin'])).toBe(0);
      expect(await runCli(['team', 'assign', '--db', database.url, '--agent', AGENT, '--contract', String(a)])).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
  }, 240_000);

  afterAll(async () => {
    await owner?.close();
    await database?.drop();
    await dropRoles([AGENT, ADMIN]);
  });

  async function asRole<T>(login: string, fn: (run: (q: string) => Promise<Refusal>) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: asLogin(database.url, login) });
    await client.connect();
    try {
      return await fn((q) => client.query(q).then(() => null, (e: { code?: string; message: string }) => e));
    } finally {
      await client.end();
    }
  }

  it('every reference the migration lists is tried here', () => {
    const tried = new Set(attempts(mine, theirs).map(([t, c]) => `${t}.${c}`));
    expect(SAME_CONTRACT_REFS.map(([t, c]) => `${t}.${c}`).filter((r) => !tried.has(r))).toEqual([]);
  });

  it('as the agent’s role: a row of their contract designating a row of a contract not assigned to them is refused in French; nothing is written', async () => {
    const before = await counts();
    const refusals = await asRole(AGENT, async (run) => {
      const out: Array<[string, Refusal]> = [];
      for (const [table, column, statement] of attempts(mine, theirs)) out.push([`${table}.${column}`, await run(statement)]);
      // The lookup the checks use is the owner's: it would tell an agent which contract any id belongs to.
      expect((await run(`SELECT aci_contract_of('payment', ${theirs.payment})`))?.code).toBe('42501');
      return out;
    });
    for (const [ref, e] of refusals) {
      const [table, column] = ref.split('.');
      const what = SAME_CONTRACT_REFS.find(([t, c]) => t === table && c === column)![3];
      expect(e, ref).not.toBeNull();
      expect([e?.code, e?.message], ref).toEqual([SAME_CONTRACT_SQLSTATE, crossContractMessage(table, what)]);
    }
    expect(refusals.find(([r]) => r === 'evidence.livrable_id')?.[1]?.message).toBe('Pièce justificative : le livrable désigné appartient à un autre contrat. Rien n’a été enregistré.');
    expect(refusals.find(([r]) => r === 'payment.corrects_payment_id')?.[1]?.message).toBe('Versement : le versement corrigé appartient à un autre contrat. Rien n’a été enregistré.');
    expect(await counts()).toEqual(before);
    expect((await sql<{ l: number }>`SELECT livrable_id AS l FROM evidence WHERE id = ${mine.evidence}`.execute(owner.db)).rows[0].l).toBe(mine.livrable);
    // The API answers such a refusal as a French VALIDATION error, never an internal one.
    expect(sameContractRefusal(new Error('Échec', { cause: refusals[1][1] }))).toBe(refusals[1][1]!.message);
  });

  it('an administrator, who sees both contracts, is refused the same links, and cannot move a row to another contract', async () => {
    const before = await counts();
    await asRole(ADMIN, async (run) => {
      for (const [table, column, statement] of attempts(theirs, mine)) expect((await run(statement))?.code, `${table}.${column}`).toBe(SAME_CONTRACT_SQLSTATE);
      // Moving a row would leave the rows designating it pointing across contracts.
      const moves: Array<[string, string]> = [
        [`UPDATE livrable SET action_id = ${theirs.action} WHERE id = ${mine.livrable}`, 'livrable'],
        [`UPDATE professional SET contract_id = ${theirs.contract} WHERE id = ${mine.professional}`, 'professional'],
        [`UPDATE annex_year SET contract_id = ${theirs.contract}, year = 4 WHERE id = ${mine.annex}`, 'annex_year'],
        [`UPDATE review_indicator SET review_id = ${theirs.review}`, 'review_indicator'],
      ];
      // A line to move: written inside one contract first.
      expect(await run(`INSERT INTO review_indicator (review_id, indicator_id, validated) VALUES (${mine.review}, ${mine.indicator}, 1)`)).toBeNull();
      for (const [statement, table] of moves) {
        const e = await run(statement);
        expect([e?.code, e?.message], statement).toEqual([SAME_CONTRACT_SQLSTATE, movedContractMessage(table)]);
      }
      expect(movedContractMessage('livrable')).toBe('Livrable : une ligne ne passe pas d’un contrat à un autre. Rien n’a été enregistré.');
      // Moving inside one contract stays possible.
      const otherAction = await sql<{ id: number }>`INSERT INTO annex_action (annex_year_id, mission, label) VALUES (${mine.annex}, 'acces_soins', 'Autre') RETURNING id`.execute(owner.db);
      expect(await run(`UPDATE livrable SET action_id = ${otherAction.rows[0].id} WHERE id = ${mine.livrable}`)).toBeNull();
      expect(await run(`UPDATE livrable SET action_id = ${mine.action} WHERE id = ${mine.livrable}`)).toBeNull();
      expect(await run(`DELETE FROM review_indicator WHERE review_id = ${mine.review}`)).toBeNull();
    });
    expect({ ...(await counts()), annex_action: before.annex_action }).toEqual(before);
  });

  it('the same links inside the agent’s own contract are written', async () => {
    const before = await counts();
    const results = await asRole(AGENT, async (run) => {
      const out: Array<[string, Refusal]> = [];
      for (const [table, column, statement] of attempts(mine, mine)) out.push([`${table}.${column}`, await run(statement)]);
      return out;
    });
    expect(results.filter(([, e]) => e !== null).map(([r, e]) => `${r}: ${e?.message}`)).toEqual([]);
    const after = await counts();
    expect(after.evidence - before.evidence).toBe(4);
    expect(after.review_indicator - before.review_indicator).toBe(1);
    expect(after.payment - before.payment).toBe(1);
    // The agent’s contract answers through the API as before.
    const store = await openPostgres(asLogin(database.url, AGENT));
    try {
      const r = await callApi(ctxOf(store), 'payments.list', { contractId: mine.contract });
      expect(r.ok).toBe(true);
    } finally {
      await store.close();
    }
  });
});
