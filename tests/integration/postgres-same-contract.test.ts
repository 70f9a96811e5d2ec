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
import { createTestDatabase, PG_SKIP_REASON, PG_URL } from './pgTest';

function as(url: string, login: string): string {
  const u = new URL(url);
  u.username = login;
  u.password = '';
  return u.toString();
}

/** The tables a cross-contract write could reach: their row counts must not move on a refusal. */
const WATCHED = [
  'payment', 'payment_allocation', 'evidence', 'closed_mission_figure', 'fec_line', 'fec_line_correction', 'indemnity_entry', 'annex_action',
  'livrable', 'indicator', 'target_revision', 'review_indicator', 'review_decision', 'closed_indicator_figure', 'professional',
];

interface Rows {
  contract: number;
  payment: number;
  spending: number;
  correction: number;
  annex: number;
  action: number;
  livrable: number;
  indicator: number;
  review: number;
  professional: number;
  fecImport: number;
  fecLine: number;
  evidence: number;
}

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
  const one = async (q: string, params: unknown[]): Promise<number> => {
    const r = await sql<{ id: number }>`${sql.raw(q.replace(/\$(\d+)/g, (_, n: string) => String(params[Number(n) - 1])))}`.execute(owner.db);
    return Number(r.rows[0].id);
  };
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(WATCHED.map(async (t) => [t, (await sql<{ n: number }>`SELECT COUNT(*)::int AS n FROM ${sql.raw(t)}`.execute(owner.db)).rows[0].n] as const)),
    );

  /** A contract's rows of every kind another row can designate (written by the owner). */
  async function seed(contract: number, tag: string): Promise<Rows> {
    const payment = await one(`INSERT INTO payment (contract_id, received_on, amount_cents, cpam_ref, recorded_at) VALUES ($1, '2022-08-01', 10000, 'VIR-${tag}', 'now') RETURNING id`, [contract]);
    const spending = await one(
      `INSERT INTO spending (contract_id, spent_on, category, amount_cents, document_ref, recorded_at) VALUES ($1, '2022-09-01', 'autre', 5000, 'F-${tag}', 'now') RETURNING id`,
      [contract],
    );
    const correction = await one(
      `INSERT INTO spending_correction (spending_id, contract_id, corrected_on, amount_cents, reason, recorded_at) VALUES ($1, $2, '2022-09-02', -100, 'erreur', 'now') RETURNING id`,
      [spending, contract],
    );
    const annex = await one(`INSERT INTO annex_year (contract_id, year, created_at) VALUES ($1, 5, 'now') RETURNING id`, [contract]);
    const action = await one(`INSERT INTO annex_action (annex_year_id, mission, label) VALUES ($1, 'acces_soins', 'Action ${tag}') RETURNING id`, [annex]);
    const livrable = await one(`INSERT INTO livrable (action_id, label) VALUES ($1, 'Livrable ${tag}') RETURNING id`, [action]);
    const indicator = await one(
      `INSERT INTO indicator (action_id, label, kind, unit, source, direction, payment, amount_cents) VALUES ($1, 'Indicateur ${tag}', 'action', 'count', 'cpts', 'higher', 'linear', 100000) RETURNING id`,
      [action],
    );
    const review = await one(`INSERT INTO review (contract_id, year, kind, status, held_on, created_at) VALUES ($1, 5, 'annual', 'draft', '2027-06-01', 'now') RETURNING id`, [contract]);
    const professional = await one(`INSERT INTO professional (contract_id, name, profession, created_at) VALUES ($1, 'Dr ${tag}', 'médecin', 'now') RETURNING id`, [contract]);
    const fecImport = await one(
      `INSERT INTO fec_import (contract_id, file_name, sha256, encoding, layout, line_count, imported_count, duplicates_skipped, unmatched_count, imported_at)
       VALUES ($1, 'fec-${tag}.txt', '${'a'.repeat(64)}', 'utf-8', 'debit-credit', 1, 1, 0, 0, 'now') RETURNING id`,
      [contract],
    );
    const fecLine = await one(
      `INSERT INTO fec_line (import_id, contract_id, dup_key, line_no, kind, journal, ecriture_num, entry_date, account, label, amount_cents)
       VALUES ($1, $2, 'k-${tag}', 1, 'charge', 'AC', '1', '2022-09-01', '606', 'Achat', 5000) RETURNING id`,
      [fecImport, contract],
    );
    const evidence = await one(
      `INSERT INTO evidence (contract_id, livrable_id, file_name, stored_path, sha256, size, added_at) VALUES ($1, $2, 'p.pdf', 'p.pdf', '${'b'.repeat(64)}', 1, 'now') RETURNING id`,
      [contract, livrable],
    );
    return { contract, payment, spending, correction, annex, action, livrable, indicator, review, professional, fecImport, fecLine, evidence };
  }

  /** [what, the statement, for its own contract `o` designating the rows of `t`]: one per reference of the migration. */
  const attempts = (o: Rows, t: Rows): ReadonlyArray<readonly [table: string, column: string, statement: string]> => [
    ['payment', 'corrects_payment_id', `INSERT INTO payment (contract_id, received_on, amount_cents, cpam_ref, corrects_payment_id, recorded_at) VALUES (${o.contract}, '2022-08-02', -10000, 'VIR-C', ${t.payment}, 'now')`],
    ['evidence', 'livrable_id', `INSERT INTO evidence (contract_id, livrable_id, file_name, stored_path, sha256, size, added_at) VALUES (${o.contract}, ${t.livrable}, 'x.pdf', 'x.pdf', '${'c'.repeat(64)}', 1, 'now')`],
    ['evidence', 'indicator_id', `INSERT INTO evidence (contract_id, indicator_id, file_name, stored_path, sha256, size, added_at) VALUES (${o.contract}, ${t.indicator}, 'x.pdf', 'x.pdf', '${'c'.repeat(64)}', 1, 'now')`],
    ['evidence', 'spending_id', `INSERT INTO evidence (contract_id, spending_id, file_name, stored_path, sha256, size, added_at) VALUES (${o.contract}, ${t.spending}, 'x.pdf', 'x.pdf', '${'c'.repeat(64)}', 1, 'now')`],
    ['evidence', 'spending_correction_id', `INSERT INTO evidence (contract_id, spending_correction_id, file_name, stored_path, sha256, size, added_at) VALUES (${o.contract}, ${t.correction}, 'x.pdf', 'x.pdf', '${'c'.repeat(64)}', 1, 'now')`],
    ['closed_mission_figure', 'review_id', `INSERT INTO closed_mission_figure (review_id, contract_id, year, mission, retained_cents, decided, prorata_num, prorata_den, fixed_on, origin, recorded_at) VALUES (${t.review}, ${o.contract}, 5, 'acces_soins', 100, 0, 1, 1, '2027-06-01', 'closing', 'now')`],
    ['fec_line', 'import_id', `INSERT INTO fec_line (import_id, contract_id, dup_key, line_no, kind, journal, ecriture_num, entry_date, account, label, amount_cents) VALUES (${t.fecImport}, ${o.contract}, 'k-x1', 2, 'charge', 'AC', '2', '2022-09-01', '606', 'Achat', 100)`],
    ['fec_line', 'spending_id', `INSERT INTO fec_line (import_id, contract_id, dup_key, line_no, kind, journal, ecriture_num, entry_date, account, label, amount_cents, spending_id) VALUES (${o.fecImport}, ${o.contract}, 'k-x2', 2, 'charge', 'AC', '2', '2022-09-01', '606', 'Achat', 100, ${t.spending})`],
    ['fec_line_correction', 'spending_correction_id', `INSERT INTO fec_line_correction (fec_line_id, spending_correction_id) VALUES (${o.fecLine}, ${t.correction})`],
    ['indemnity_entry', 'professional_id', `INSERT INTO indemnity_entry (contract_id, professional_id, worked_on, hours_centi, kind, amount_cents, dup_key, recorded_at) VALUES (${o.contract}, ${t.professional}, '2022-10-01', 100, 'indemnite', 5000, 'd-x1', 'now')`],
    ['indemnity_entry', 'spending_id', `INSERT INTO indemnity_entry (contract_id, professional_id, worked_on, hours_centi, kind, amount_cents, dup_key, spending_id, recorded_at) VALUES (${o.contract}, ${o.professional}, '2022-10-01', 100, 'indemnite', 5000, 'd-x2', ${t.spending}, 'now')`],
    ['annex_action', 'origin_action_id', `INSERT INTO annex_action (annex_year_id, mission, label, origin_action_id) VALUES (${o.annex}, 'acces_soins', 'Copie', ${t.action})`],
    ['indicator', 'origin_indicator_id', `INSERT INTO indicator (action_id, label, kind, unit, source, direction, payment, amount_cents, origin_indicator_id) VALUES (${o.action}, 'Copie', 'action', 'count', 'cpts', 'higher', 'linear', 0, ${t.indicator})`],
    ['target_revision', 'review_id', `INSERT INTO target_revision (indicator_id, new_target, decided_on, review_id, decision, recorded_at) VALUES (${o.indicator}, 10, '2027-06-01', ${t.review}, 'cible', 'now')`],
    ['review_indicator', 'indicator_id', `INSERT INTO review_indicator (review_id, indicator_id, validated) VALUES (${o.review}, ${t.indicator}, 5)`],
    ['review_decision', 'indicator_id', `INSERT INTO review_decision (review_id, kind, text, indicator_id) VALUES (${o.review}, 'target', 'cible', ${t.indicator})`],
    ['closed_indicator_figure', 'indicator_id', `INSERT INTO closed_indicator_figure (review_id, indicator_id, max_cents) VALUES (${o.review}, ${t.indicator}, 100)`],
    // An UPDATE is checked like an INSERT.
    ['evidence', 'livrable_id', `UPDATE evidence SET livrable_id = ${t.livrable} WHERE id = ${o.evidence}`],
  ];

  beforeAll(async () => {
    database = await createTestDatabase();
    owner = await openPostgres(database.url);
    const ctx = ctxOf(owner);
    const a = (await ok(ctx, 'contract.create', T3_CONTRACT)).id;
    const b = (await ok(ctx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Voisine', legalName: 'Association CPTS Voisine' })).id;
    mine = await seed(a, 'M');
    theirs = await seed(b, 'T');
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
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      for (const r of [AGENT, ADMIN]) await c.query(`DROP ROLE IF EXISTS ${r}`);
    } finally {
      await c.end();
    }
  });

  async function asRole<T>(login: string, fn: (run: (q: string) => Promise<Refusal>) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: as(database.url, login) });
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
    const store = await openPostgres(as(database.url, AGENT));
    try {
      const r = await callApi(ctxOf(store), 'payments.list', { contractId: mine.contract });
      expect(r.ok).toBe(true);
    } finally {
      await store.close();
    }
  });
});
