// The funding of many contracts in one pass (issue 11: the portfolio workbook of 1 000 contracts):
// fundingViewsOf reads each table once for all the contracts, and gives each contract exactly the
// view 'funding.get' answers — demo contracts, and a contract with every input the engine reads
// (crisis recognised, amount addendum, year and all-years envelopes, a rate, a corrected payment).
import { describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { fundingViewsOf } from '../../electron/api/fundingBatch';
import { seedDemo } from '../../electron/db/demo';
import { ok, openTemp, T3_CONTRACT } from './helpers';

const PARTICIPANTS = [
  { name: 'Claire Martin', organisation: 'CPTS', role: 'Présidente' },
  { name: 'Paul Durand', organisation: 'CPAM', role: 'Référent CPTS' },
  { name: 'Anne Roux', organisation: 'ARS', role: 'Chargée de mission' },
];

describe('fundingViewsOf', () => {
  it('equals funding.get for every contract, with a fixed number of queries', async () => {
    const { opened, ctx } = await openTemp();
    try {
      await seedDemo(ctx);
      const a = await ok(ctx, 'contract.create', { ...T3_CONTRACT, missions: [...T3_CONTRACT.missions, { code: 'crise_sanitaire', startedOn: '2022-09-01', deployedOn: null }] });
      await ok(ctx, 'annex.create', { contractId: a.id, year: 1, copyFromYear: null });
      let annex = await ok(ctx, 'annex.addAction', { contractId: a.id, year: 1, mission: 'prevention', label: 'Dépistages organisés' });
      const actionId = annex.missions.find((m) => m.code === 'prevention')!.actions[0].id;
      annex = await ok(ctx, 'annex.addIndicator', { actionId, label: 'Convention signée', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: '17 500' });
      const indicator = annex.missions.find((m) => m.code === 'prevention')!.actions[0].indicators[0];
      await ok(ctx, 'indicator.recordValue', { indicatorId: indicator.id, value: 'oui', measuredOn: '2023-05-01', comment: '' });
      const review = await ok(ctx, 'reviews.create', { contractId: a.id, year: 1, kind: 'annual', heldOn: '2023-06-10' });
      await ok(ctx, 'reviews.update', {
        reviewId: review.id,
        participants: PARTICIPANTS,
        indicators: [{ indicatorId: indicator.id, presented: 'oui', validated: 'oui', status: 'atteint' }],
        decisions: [{ kind: 'crisis_recognised', text: 'Crise reconnue par l’ARS.' }],
      });
      await ok(ctx, 'reviews.close', { reviewId: review.id });
      await ok(ctx, 'reviews.addendum', { reviewId: review.id, addedOn: '2023-07-20', text: 'Reprise partielle.', mission: 'prevention', amountCents: '-500' });
      // A crisis recognised in an open year (a closed year's variable part is the stored one).
      const mid = await ok(ctx, 'reviews.create', { contractId: a.id, year: 2, kind: 'intermediate', heldOn: '2024-02-10' });
      await ok(ctx, 'reviews.update', { reviewId: mid.id, participants: PARTICIPANTS, decisions: [{ kind: 'crisis_recognised', text: 'Épidémie reconnue par l’ARS.' }] });
      await ok(ctx, 'reviews.close', { reviewId: mid.id });
      await ok(ctx, 'envelopes.set', { contractId: a.id, year: 3, line: 'variable', mission: 'prevention', cents: 1_800_000, reason: 'Avenant année 3' });
      await ok(ctx, 'envelopes.set', { contractId: a.id, year: 3, line: 'variable', mission: 'prevention', cents: 1_700_000, reason: 'Avenant corrigé' });
      await ok(ctx, 'attainment.set', { contractId: a.id, year: 2, mission: 'parcours', ratePercent: '60' });
      const f = await ok(ctx, 'funding.get', { contractId: a.id });
      const paid = await ok(ctx, 'payments.record', { contractId: a.id, receivedOn: '2023-07-15', amountCents: 1_000_000, cpamRef: 'VIR-A', trancheIds: [f.schedule[0].id, f.schedule[1].id] });
      await ok(ctx, 'payments.correct', { contractId: a.id, paymentId: paid.payments[0].id, correctedOn: '2023-07-30', newAmountCents: 400_000, reason: 'Montant erroné' });

      const ids = (await opened.db.selectFrom('contract').select('id').orderBy('id').execute()).map((r) => r.id);
      expect(ids.length).toBeGreaterThanOrEqual(5);
      const views = await fundingViewsOf(ctx, ids);
      expect([...views.keys()].sort((x, y) => x - y)).toEqual(ids);
      for (const id of ids) {
        expect(views.get(id), `contrat ${id}`).toEqual(await ok(ctx, 'funding.get', { contractId: id }));
      }
      const withCrisis = views.get(a.id)!;
      expect(withCrisis.result.years.find((y) => y.year === 1)?.closed).toBe(true);
      expect(withCrisis.schedule.some((t) => t.paidCents > 0)).toBe(true);

      // Set-based: the same number of queries for one contract as for all of them.
      let queries = 0;
      const counter: KyselyPlugin = {
        transformQuery: (args) => {
          queries += 1;
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const counted = { ...ctx, db: ctx.db.withPlugin(counter) };
      await fundingViewsOf(counted, ids.slice(0, 1));
      const forOne = queries;
      queries = 0;
      await fundingViewsOf(counted, ids);
      expect(queries).toBe(forOne);
      expect(forOne).toBeLessThanOrEqual(10);
      expect(await fundingViewsOf(ctx, [])).toEqual(new Map());
    } finally {
      await opened.close();
    }
  }, 120_000);
});
