// The portfolio's stored figures (issue 11, migration 2026-11-30-10): after every kind of write, the
// échéancier stored per contract equals one computed afresh, nothing is left stale, and the
// portfolio's "dû sous 60 jours" / "en retard" (summed in SQL for today) equal the funding screen's
// totals — for today and for other dates. A file changed by another program, or read by another
// app version, is answered right too (computed on read), and the search and paging run on the server.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { ApiContext } from '../../electron/api/context';
import { computeSummary, refreshAllSummaries } from '../../electron/api/portfolio';
import { seedDemo } from '../../electron/db/demo';
import { staleSummaryIds, storedTranches, type StoredTranche } from '../../electron/db/repo/portfolio';
import type { Db } from '../../electron/db/connection';
import { ok, openTemp, T3_CONTRACT } from './helpers';
import { ON_POSTGRES } from './pgTest';

const PARTICIPANTS = [
  { name: 'Claire Martin', organisation: 'CPTS', role: 'Présidente' },
  { name: 'Paul Durand', organisation: 'CPAM', role: 'Référent CPTS' },
  { name: 'Anne Roux', organisation: 'ARS', role: 'Chargée de mission' },
];

const byId = (a: StoredTranche, b: StoredTranche) => a.trancheId.localeCompare(b.trancheId);

/** The stored summary of every contract equals a fresh computation, and none is stale. */
async function expectStoredAsComputed(db: Db, label: string): Promise<void> {
  expect(await staleSummaryIds(db), `${label} : résumés périmés`).toEqual([]);
  const contracts = await db.selectFrom('contract').select('id').orderBy('id').execute();
  const stored = await db.selectFrom('portfolio_summary').select(['contract_id', 'search_key', 'ends_on']).orderBy('contract_id').execute();
  expect(stored.map((s) => s.contract_id), label).toEqual(contracts.map((c) => c.id));
  for (const s of stored) {
    const fresh = await computeSummary(db, s.contract_id);
    expect([s.search_key, s.ends_on], `${label} : contrat ${s.contract_id}`).toEqual([fresh.stored.searchKey, fresh.stored.endsOn]);
    expect((await storedTranches(db, s.contract_id)).sort(byId), `${label} : contrat ${s.contract_id}`).toEqual([...fresh.stored.tranches].sort(byId));
  }
}

/** The portfolio's figures equal the funding screen's totals, on each date. */
async function expectPortfolioAsFunding(ctx: ApiContext, label: string, dates: readonly string[]): Promise<void> {
  for (const today of [ctx.today(), ...dates]) {
    const at: ApiContext = { ...ctx, today: () => today };
    const list = await ok(at, 'portfolio.list', { status: 'tous' });
    expect(list.rows.length, label).toBe(list.total);
    let due = 0;
    let overdue = 0;
    for (const row of list.rows) {
      const f = await ok(at, 'funding.get', { contractId: row.id });
      expect([row.dueNext60Cents, row.overdueCents], `${label}, le ${today} : contrat ${row.id}`).toEqual([f.totals.dueNext60Cents, f.totals.overdueCents]);
      if (row.lifecycle !== 'archive') {
        due += f.totals.dueNext60Cents;
        overdue += f.totals.overdueCents;
      }
    }
    expect([list.totals.dueNext60Cents, list.totals.overdueCents], `${label}, le ${today} : totaux`).toEqual([due, overdue]);
  }
}

describe('portfolio figures stored per contract', () => {
  it('agree with a fresh computation after each kind of write', async () => {
    const { ctx, opened } = await openTemp('2023-08-01');
    const dates = ['2022-06-15', '2023-01-10', '2024-07-01', '2026-12-31'];
    const check = async (label: string) => {
      await expectStoredAsComputed(opened.db, label);
      await expectPortfolioAsFunding(ctx, label, dates);
    };

    const a = await ok(ctx, 'contract.create', { ...T3_CONTRACT, missions: [...T3_CONTRACT.missions, { code: 'crise_sanitaire', startedOn: null, deployedOn: null }] });
    const b = await ok(ctx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Évian-les-Bains', communes: 'Évian-les-Bains', departement: '74', signedOn: '2022-09-01', startsOn: '2022-09-01', missions: T3_CONTRACT.missions.map((m) => ({ ...m, startedOn: '2022-09-01' })) });
    await check('contract.create');

    // Annual review of year 1: values validated, a mission deployment and a crisis recognised, closed.
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
      decisions: [
        { kind: 'mission_deployment', text: 'Accès aux soins déployé.', mission: 'acces_soins', onDate: '2023-05-01' },
        { kind: 'crisis_recognised', text: 'Crise reconnue par l’ARS.' },
      ],
    });
    await check('annexe et dialogue en préparation');
    await ok(ctx, 'reviews.close', { reviewId: review.id });
    await check('reviews.close');
    await ok(ctx, 'reviews.addendum', { reviewId: review.id, addedOn: '2023-07-20', text: 'Reprise partielle.', mission: 'prevention', amountCents: '-500' });
    await check('reviews.addendum');

    await ok(ctx, 'envelopes.set', { contractId: a.id, year: 3, line: 'variable', mission: 'prevention', cents: 1_800_000, reason: 'Avenant année 3' });
    await check('envelopes.set (année)');
    await ok(ctx, 'envelopes.set', { contractId: b.id, year: null, line: 'fonctionnement', mission: null, cents: 6_000_000, reason: 'Annexe du contrat' });
    await check('envelopes.set (toutes années)');
    await ok(ctx, 'attainment.set', { contractId: b.id, year: 1, mission: 'parcours', ratePercent: '60' });
    await check('attainment.set');

    const f = await ok(ctx, 'funding.get', { contractId: a.id });
    const paid = await ok(ctx, 'payments.record', { contractId: a.id, receivedOn: '2023-07-15', amountCents: 1_000_000, cpamRef: 'VIR-A', trancheIds: [f.schedule[0].id, f.schedule[1].id] });
    await check('payments.record');
    await ok(ctx, 'payments.correct', { contractId: a.id, paymentId: paid.payments[0].id, correctedOn: '2023-07-30', newAmountCents: 400_000, reason: 'Montant erroné' });
    await check('payments.correct');

    const detail = await ok(ctx, 'contract.get', { id: b.id });
    const data = {
      name: 'CPTS Thonon Chablais',
      legalName: detail.legalName,
      siret: detail.siret,
      departement: detail.departement,
      communes: 'Thonon-les-Bains, Évian',
      population: 190_000,
      populationAsOf: '2023-01-01',
      cpam: detail.cpam,
      ars: detail.ars,
      signedOn: '2022-10-01',
      startsOn: '2022-10-01',
      status: 'actif',
      missions: [
        { code: 'acces_soins', startedOn: '2022-10-01', deployedOn: null },
        { code: 'parcours', startedOn: '2023-03-01', deployedOn: null },
        { code: 'prevention', startedOn: null, deployedOn: null },
      ],
    };
    await ok(ctx, 'contract.update', { id: b.id, data });
    await check('contract.update (nom, population, signature, missions)');
    await ok(ctx, 'contract.archive', { id: b.id });
    await check('contract.archive');
    await ok(ctx, 'contract.restore', { id: b.id });
    await check('contract.restore');
    await opened.close();
  }, 120_000);

  it('agree on the demonstration portfolio, and after its removal', async () => {
    const { ctx, opened } = await openTemp('2026-11-23');
    await seedDemo(ctx);
    await expectStoredAsComputed(opened.db, 'démonstration');
    await expectPortfolioAsFunding(ctx, 'démonstration', ['2025-03-01', '2027-06-30']);
    // Removing the demo lifts SQLite's own triggers (electron/db/demoRemoval.ts): SQLite only for now.
    if (!ON_POSTGRES) {
      const kept = await ok(ctx, 'contract.create', T3_CONTRACT);
      await ok(ctx, 'demo.remove', {});
      await expectStoredAsComputed(opened.db, 'demo.remove');
      expect((await ok(ctx, 'portfolio.list', { status: 'tous' })).rows.map((r) => r.id)).toEqual([kept.id]);
    }
    await opened.close();
  }, 120_000);

  it('answers right when another program changed the file or another version computed the figures', async () => {
    const { ctx, opened } = await openTemp('2026-11-23');
    await seedDemo(ctx);
    const before = await ok(ctx, 'portfolio.list', { status: 'tous' });
    const target = before.rows[0];
    // Another program raises an envelope: the trigger marks the contract; the read computes it.
    await sql`INSERT INTO envelope (contract_id, year, line, mission, cents, reason, recorded_at)
      VALUES (${target.id}, 0, 'fonctionnement', '', 9000000, 'Autre programme', '2026-11-23T00:00:00Z')`.execute(opened.db);
    expect(await staleSummaryIds(opened.db)).toEqual([target.id]);
    const after = await ok(ctx, 'portfolio.list', { status: 'tous' });
    const funding = await ok(ctx, 'funding.get', { contractId: target.id });
    const row = after.rows.find((r) => r.id === target.id)!;
    expect([row.dueNext60Cents, row.overdueCents]).toEqual([funding.totals.dueNext60Cents, funding.totals.overdueCents]);
    expect(await staleSummaryIds(opened.db)).toEqual([target.id]); // a read writes nothing
    // Renamed by another program: found under its new name before any recomputation.
    await sql`UPDATE cpts SET name = 'CPTS Renommée Ailleurs' WHERE id = (SELECT cpts_id FROM contract WHERE id = ${before.rows[1].id})`.execute(opened.db);
    expect((await ok(ctx, 'portfolio.list', { search: 'renommee ailleurs' })).rows.map((r) => r.id)).toEqual([before.rows[1].id]);
    // The next write recomputes what is stale, in its transaction.
    await ok(ctx, 'envelopes.set', { contractId: before.rows[2].id, year: 5, line: 'fonctionnement', mission: null, cents: 5_000_000, reason: 'Avenant' });
    await expectStoredAsComputed(opened.db, 'après une écriture');

    // Another app version: its figures are not trusted, they are computed on read, then on opening.
    const next: ApiContext = { ...ctx, version: `${ctx.version}-suivante` };
    expect(await ok(next, 'portfolio.list', { status: 'tous' })).toEqual(await ok(ctx, 'portfolio.list', { status: 'tous' }));
    expect(await refreshAllSummaries(opened.db, next.version)).toBe(before.total);
    expect(await staleSummaryIds(opened.db, next.version)).toEqual([]);
    await opened.close();
  }, 120_000);

  it('searches without accents nor case on the server, and cuts pages with the totals of every match', async () => {
    const { ctx, opened } = await openTemp('2026-11-23');
    await seedDemo(ctx);
    const names = ['CPTS Évian-Plage', 'CPTS Forêt-Sainte-Cécile', 'CPTS Val d’Essai'];
    for (const [i, name] of names.entries()) {
      await ok(ctx, 'contract.create', { ...T3_CONTRACT, name, communes: name.replace('CPTS ', ''), signedOn: `2023-0${i + 1}-01`, startsOn: `2023-0${i + 1}-01`, missions: T3_CONTRACT.missions.map((m) => ({ ...m, startedOn: `2023-0${i + 1}-01` })) });
    }
    const ids = async (search: string) => (await ok(ctx, 'portfolio.list', { search })).rows.map((r) => r.cpts);
    expect((await ids('evian')).sort()).toEqual(['CPTS Rives du Léman', 'CPTS Évian-Plage']); // a demo CPTS has Évian among its communes
    expect(await ids('FORET SAINTE cecile')).toEqual(['CPTS Forêt-Sainte-Cécile']);
    expect(await ids('val d essai')).toEqual(['CPTS Val d’Essai']);
    expect(await ids('100%_')).toEqual([]);

    const all = await ok(ctx, 'portfolio.list', {});
    expect(all.total).toBe(7);
    expect(all.rows.map((r) => r.signedOn)).toEqual([...all.rows.map((r) => r.signedOn)].sort().reverse());
    const pages = [];
    for (let offset = 0; offset < all.total; offset += 3) pages.push(await ok(ctx, 'portfolio.list', { offset, limit: 3 }));
    expect(pages.flatMap((p) => p.rows)).toEqual(all.rows);
    for (const p of pages) expect([p.total, p.totals]).toEqual([all.total, all.totals]);
    expect(pages.map((p) => p.offset)).toEqual([0, 3, 6]);
    // Past the last page, the last page is answered.
    const beyond = await ok(ctx, 'portfolio.list', { offset: 50, limit: 3 });
    expect([beyond.offset, beyond.rows]).toEqual([6, pages[2].rows]);
    expect(all.totals.demo).toBe(4);
    await opened.close();
  }, 120_000);
});
