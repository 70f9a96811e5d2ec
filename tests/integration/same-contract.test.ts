// Every link stays inside its contract, on a desktop file too (migration 2026-11-30-13-same-contract-refs,
// the SQLite counterpart of 2026-11-30-pg-05): a row designating a row of another contract, or a
// row moved to another contract, is refused in French and nothing is written; the same links
// inside one contract are written. Runs on SQLite, and on PostgreSQL with ACI_TEST_ENGINE=postgres
// (as the database's owner: the agents' case is postgres-same-contract.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { sameContractRefusal } from '../../electron/db/sameContract';
import { crossContractMessage, movedContractMessage, SAME_CONTRACT_REFS } from '../../electron/db/postgres/migrations/2026-11-30-pg-05-same-contract-refs';
import { ok, openTemp, T3_CONTRACT } from './helpers';
import { attempts, counts, seed } from './sameContractFixture';

type Opened = Awaited<ReturnType<typeof openTemp>>;

describe('a row designates only rows of its own contract', () => {
  let t: Opened | undefined;
  afterEach(async () => {
    await t?.opened.close();
    t = undefined;
  });

  it('refuses every link to another contract’s row and every move to another contract, in French; writes the same links inside one contract', async () => {
    t = await openTemp();
    const db = t.opened.db;
    const mine = await seed(db, (await ok(t.ctx, 'contract.create', T3_CONTRACT)).id, 'M');
    const theirs = await seed(db, (await ok(t.ctx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Voisine', legalName: 'Association CPTS Voisine' })).id, 'T');
    const run = (q: string) => sql.raw(q).execute(db).then(() => null, (e: unknown) => e);

    const before = await counts(db);
    for (const [table, column, statement] of attempts(mine, theirs)) {
      const e = await run(statement);
      const what = SAME_CONTRACT_REFS.find(([t2, c]) => t2 === table && c === column)![3];
      // The message the API answers as a VALIDATION refusal (electron/api/dispatch.ts).
      expect(sameContractRefusal(e), `${table}.${column}`).toBe(crossContractMessage(table, what));
    }
    expect(crossContractMessage('review_indicator', 'l’indicateur désigné')).toBe(
      'Ligne de dialogue de gestion : l’indicateur désigné appartient à un autre contrat. Rien n’a été enregistré.',
    );
    for (const [statement, table] of [
      [`UPDATE livrable SET action_id = ${theirs.action} WHERE id = ${mine.livrable}`, 'livrable'],
      [`UPDATE professional SET contract_id = ${theirs.contract} WHERE id = ${mine.professional}`, 'professional'],
      [`UPDATE annex_year SET contract_id = ${theirs.contract}, year = 4 WHERE id = ${mine.annex}`, 'annex_year'],
    ] as const) {
      expect(sameContractRefusal(await run(statement)), statement).toBe(movedContractMessage(table));
    }
    expect(await counts(db)).toEqual(before);
    const kept = await sql<{ l: number; a: number }>`SELECT livrable_id AS l, (SELECT action_id FROM livrable WHERE id = ${mine.livrable}) AS a FROM evidence WHERE id = ${mine.evidence}`.execute(db);
    expect(kept.rows.map((r) => [Number(r.l), Number(r.a)])).toEqual([[mine.livrable, mine.action]]);

    // Inside one contract: every link is written, and the contract reads as before through the API.
    for (const [table, column, statement] of attempts(mine, mine)) expect(await run(statement), `${table}.${column}`).toBeNull();
    const after = await counts(db);
    expect([after.evidence - before.evidence, after.review_indicator - before.review_indicator, after.payment - before.payment]).toEqual([4, 1, 1]);
    expect((await ok(t.ctx, 'payments.list', { contractId: mine.contract })).payments.length).toBeGreaterThan(0);
  });
});
