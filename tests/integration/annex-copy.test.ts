// Copying a year's annex to the next (annex.create with copyFromYear; also what closing the annual
// dialogue does): the copy has every action, livrable (not ticked), indicator (every field, its
// origin kept) and palier of the source, in the same order; the actions not reached are flagged
// "reportée". Issue 11: the copy is set-based — the same number of queries for 3 indicators as for 30.
import { describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import type { ApiContext } from '../../electron/api/context';
import { createAnnexIn } from '../../electron/api/annex';
import type { Db } from '../../electron/db/connection';
import { ok, openTemp, T3_CONTRACT } from './helpers';

/** A year-1 annex: a reached action, an action short of its maximum, an action without indicator; `extra` more yes/no indicators. */
async function annexToCopy(ctx: ApiContext, extra = 0) {
  const c = await ok(ctx, 'contract.create', T3_CONTRACT);
  await ok(ctx, 'annex.create', { contractId: c.id, year: 1, copyFromYear: null });
  const add = async (mission: 'prevention' | 'parcours' | 'acces_soins', label: string) => {
    const annex = await ok(ctx, 'annex.addAction', { contractId: c.id, year: 1, mission, label });
    return annex.missions.find((m) => m.code === mission)!.actions.find((a) => a.label === label)!.id;
  };
  const short = await add('prevention', 'Dépistages organisés');
  await ok(ctx, 'annex.addLivrable', { actionId: short, label: 'Requête CPAM des taux' });
  await ok(ctx, 'annex.addLivrable', { actionId: short, label: 'Réunion de lancement' });
  await ok(ctx, 'annex.addIndicator', {
    actionId: short,
    label: 'Dépistage du cancer du sein',
    kind: 'result',
    unit: 'percentage',
    baseline: '66,26',
    baselineOn: '2022-01-01',
    source: 'cpam',
    direction: 'higher',
    payment: 'paliers',
    paliers: [
      { label: 'socle', threshold: '69,70', amountCents: 100_000 },
      { label: 'intermédiaire', threshold: '72,40', amountCents: 250_000 },
      { label: 'objectif', threshold: '75', amountCents: 350_000 },
    ],
  });
  const reached = await add('parcours', 'Parcours insuffisance cardiaque');
  let annex = await ok(ctx, 'annex.addIndicator', { actionId: reached, label: 'Protocole écrit', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: '14 000' });
  for (let i = 0; i < extra; i++) {
    annex = await ok(ctx, 'annex.addIndicator', { actionId: reached, label: `Réunion ${i + 1}`, kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: 1_000 });
  }
  await add('acces_soins', 'Accès aux soins non programmés');
  const livrable = annex.missions.find((m) => m.code === 'prevention')!.actions[0].livrables[0];
  await ok(ctx, 'annex.tickLivrable', { livrableId: livrable.id, doneOn: '2023-05-02' });
  const indicators = annex.missions.flatMap((m) => m.actions.flatMap((a) => a.indicators));
  for (const ind of indicators) {
    const value = ind.unit === 'yesno' ? 'oui' : '72,9'; // the breast screening earns 2 500 € of 3 500 €
    await ok(ctx, 'indicator.recordValue', { indicatorId: ind.id, value, measuredOn: '2023-05-01', comment: '' });
  }
  return c.id;
}

/** The annex tree as stored, without ids (sources by their own position in the tree). */
async function tree(db: Db, contractId: number, year: number) {
  const annex = await db.selectFrom('annex_year').select('id').where('contract_id', '=', contractId).where('year', '=', year).executeTakeFirstOrThrow();
  const actions = await db.selectFrom('annex_action').selectAll().where('annex_year_id', '=', annex.id).orderBy('id').execute();
  const out = [];
  for (const a of actions) {
    const livrables = await db.selectFrom('livrable').select(['label', 'done_on', 'position']).where('action_id', '=', a.id).orderBy('id').execute();
    const indicators = await db.selectFrom('indicator').selectAll().where('action_id', '=', a.id).orderBy('id').execute();
    const withPaliers = [];
    for (const { id, uuid: _uuid, action_id: _action, origin_indicator_id: _origin, ...fields } of indicators) {
      const paliers = await db.selectFrom('indicator_palier').select(['label', 'threshold', 'amount_cents']).where('indicator_id', '=', id).orderBy('id').execute();
      withPaliers.push({ ...fields, paliers });
    }
    out.push({ mission: a.mission, label: a.label, position: a.position, carriedOver: a.carried_over, livrables, indicators: withPaliers });
  }
  return { actions, out };
}

describe('copying a year’s annex', () => {
  it('copies every action, livrable, indicator and palier in order, and flags the actions not reached', async () => {
    const { opened, ctx } = await openTemp('2023-06-20');
    try {
      const contractId = await annexToCopy(ctx);
      await ok(ctx, 'annex.create', { contractId, year: 2, copyFromYear: 1 });
      const source = await tree(opened.db, contractId, 1);
      const copy = await tree(opened.db, contractId, 2);
      const expected = source.out.map((a) => ({
        ...a,
        // Short of its maximum (2 500 € of 3 500 €), or without indicator: carried over; the others not.
        carriedOver: a.label === 'Parcours insuffisance cardiaque' ? 0 : 1,
        livrables: a.livrables.map((l) => ({ ...l, done_on: null })),
      }));
      expect(copy.out).toEqual(expected);
      expect(source.out[0].livrables[0].done_on).toBe('2023-05-02');
      expect(copy.out.map((a) => a.indicators.length)).toEqual([1, 1, 0]);
      expect(copy.out[0].indicators[0].paliers.map((p) => p.label)).toEqual(['socle', 'intermédiaire', 'objectif']);
      // Each copy keeps its source.
      expect(copy.actions.map((a) => a.origin_action_id)).toEqual(source.actions.map((a) => a.id));
      const origins = await opened.db
        .selectFrom('indicator')
        .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
        .select(['indicator.origin_indicator_id as origin', 'indicator.label as label'])
        .where('annex_action.id', 'in', copy.actions.map((a) => a.id))
        .orderBy('indicator.id')
        .execute();
      const sourceIds = await opened.db
        .selectFrom('indicator')
        .select(['id', 'label'])
        .where('action_id', 'in', source.actions.map((a) => a.id))
        .orderBy('id')
        .execute();
      expect(origins).toEqual(sourceIds.map((s) => ({ origin: s.id, label: s.label })));
      // The screen says the same.
      const y2 = await ok(ctx, 'annex.get', { contractId, year: 2 });
      expect(y2.copiedFromYear).toBe(1);
      expect(y2.missions.flatMap((m) => m.actions.map((a) => [a.label, a.carriedOver]))).toEqual(
        expect.arrayContaining([
          ['Dépistages organisés', true],
          ['Parcours insuffisance cardiaque', false],
          ['Accès aux soins non programmés', true],
        ]),
      );
    } finally {
      await opened.close();
    }
  }, 120_000);

  it('runs the same number of queries whatever the number of indicators', async () => {
    const { opened, ctx } = await openTemp('2023-06-20');
    try {
      let queries = 0;
      const counter: KyselyPlugin = {
        transformQuery: (args) => {
          queries += 1;
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const counted = opened.db.withPlugin(counter);
      const small = await annexToCopy(ctx, 0);
      const large = await annexToCopy(ctx, 25);
      queries = 0;
      await createAnnexIn(counted, small, 2, 1);
      const forSmall = queries;
      queries = 0;
      await createAnnexIn(counted, large, 2, 1);
      expect(queries).toBe(forSmall);
      expect(forSmall).toBeLessThanOrEqual(12);
      const copied = await opened.db
        .selectFrom('indicator')
        .innerJoin('annex_action', 'annex_action.id', 'indicator.action_id')
        .innerJoin('annex_year', 'annex_year.id', 'annex_action.annex_year_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('annex_year.contract_id', '=', large)
        .where('annex_year.year', '=', 2)
        .executeTakeFirstOrThrow();
      expect(Number(copied.n)).toBe(27);
    } finally {
      await opened.close();
    }
  }, 120_000);
});
