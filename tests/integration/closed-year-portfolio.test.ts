// One figure everywhere (issue 9): for every closed annual review of the demo and of a generated
// portfolio, the compte rendu's retained amount (read back from the PDF by pdftotext), the
// échéancier's variable part of that year and the workbook's (read by openpyxl) are equal to the cent.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { seedDemo } from '../../electron/db/demo';
import type { ApiContext } from '../../electron/api/context';
import type { MissionCode } from '../../shared/domain/missions';
import { addDays } from '../../shared/dates';
import { ok, openTemp, T3_CONTRACT } from './helpers';
import { compareOneFigure } from './tools/oneFigure';

async function closedAnnualReviews(ctx: ApiContext): Promise<{ id: number; contract_id: number; year: number }[]> {
  const r = await sql<{ id: number; contract_id: number; year: number }>`SELECT id, contract_id, year FROM review WHERE kind = 'annual' AND status = 'closed' ORDER BY id`.execute(ctx.db);
  return r.rows;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A generated T3 contract: missions starting at random dates in year 1 (pro rata), a year-1 annex
 * with one all-or-nothing and one linear indicator per started mission, values validated at a
 * closed annual review, sometimes a decided amount, sometimes a crisis recognised.
 */
async function generatedContract(ctx: ApiContext, i: number, rand: () => number): Promise<void> {
  const signedOn = `2023-0${1 + (i % 9)}-1${i % 9}`;
  const starts = (days: number) => addDays(signedOn, Math.floor(rand() * days));
  const missions: { code: MissionCode; startedOn: string; deployedOn: null }[] = [
    { code: 'acces_soins', startedOn: starts(150), deployedOn: null },
    { code: 'parcours', startedOn: starts(300), deployedOn: null },
    { code: 'prevention', startedOn: starts(300), deployedOn: null },
    { code: 'crise_sanitaire', startedOn: starts(150), deployedOn: null },
  ];
  const c = await ok(ctx, 'contract.create', { ...T3_CONTRACT, name: `CPTS Générée ${i}`, signedOn, startsOn: signedOn, populationAsOf: signedOn, missions });
  await ok(ctx, 'annex.create', { contractId: c.id, year: 1, copyFromYear: null });
  const indicators: { id: number; yesno: boolean }[] = [];
  for (const m of missions.filter((x) => x.code !== 'crise_sanitaire')) {
    const annex = await ok(ctx, 'annex.addAction', { contractId: c.id, year: 1, mission: m.code, label: `Action ${m.code}` });
    const actionId = annex.missions.find((x) => x.code === m.code)!.actions[0].id;
    const envelope = annex.missions.find((x) => x.code === m.code)!.variableEnvelopeCents!;
    const share = Math.floor(envelope * (0.2 + rand() * 0.5));
    await ok(ctx, 'annex.addIndicator', { actionId, label: `Convention ${m.code}`, kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: share });
    const after = await ok(ctx, 'annex.addIndicator', { actionId, label: `Réunions ${m.code}`, kind: 'result', unit: 'count', source: 'cpts', direction: 'higher', payment: 'linear', amountCents: envelope - share, target: '12' });
    const inds = after.missions.find((x) => x.code === m.code)!.actions[0].indicators;
    indicators.push({ id: inds[0].id, yesno: true }, { id: inds[1].id, yesno: false });
  }
  const crisis = rand() < 0.5;
  const decide = rand() < 0.5;
  const review = await ok(ctx, 'reviews.create', { contractId: c.id, year: 1, kind: 'annual', heldOn: addDays(signedOn, 340 + Math.floor(rand() * 60)) });
  await ok(ctx, 'reviews.update', {
    reviewId: review.id,
    participants: [
      { name: 'Présidente', organisation: 'CPTS', role: '' },
      { name: 'Référent', organisation: 'CPAM', role: '' },
    ],
    indicators: indicators.map((ind) => {
      const v = ind.yesno ? (rand() < 0.7 ? 'oui' : 'non') : String(Math.floor(rand() * 15));
      return { indicatorId: ind.id, presented: v, validated: v, status: 'partiel' as const };
    }),
    decisions: [
      ...(crisis ? [{ kind: 'crisis_recognised' as const, text: 'Crise reconnue par l’ARS.' }] : []),
      ...(decide ? [{ kind: 'amount_validated' as const, text: 'Montant arrêté en séance.', mission: 'parcours' as const, amountCents: Math.floor(rand() * 3_000_000) }] : []),
    ],
  });
  await ok(ctx, 'reviews.close', { reviewId: review.id });
}

describe('one figure for every closed annual review', () => {
  it('the demo portfolio', async () => {
    const { ctx, opened, dir } = await openTemp('2026-11-23');
    await seedDemo(ctx);
    const reviews = await closedAnnualReviews(ctx);
    expect(reviews.length).toBeGreaterThanOrEqual(3);
    for (const r of reviews) await compareOneFigure(ctx, r.contract_id, r.id, r.year, dir);
    await opened.close();
  }, 240_000);

  it('a generated portfolio (pro rata, decided amounts, recognised crises)', async () => {
    const { ctx, opened, dir } = await openTemp('2026-11-23');
    const rand = rng(20261130);
    for (let i = 1; i <= 6; i++) await generatedContract(ctx, i, rand);
    const reviews = await closedAnnualReviews(ctx);
    expect(reviews).toHaveLength(6);
    for (const r of reviews) await compareOneFigure(ctx, r.contract_id, r.id, r.year, dir);
    await opened.close();
  }, 240_000);
});
