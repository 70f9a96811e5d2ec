// Payments through the API on a real SQLite file: a tranche named twice, a payment above what is
// owed (refused, then accepted as a trop-perçu when confirmed), bounds, corrections.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { callApi } from '../../electron/api/dispatch';
import type { ApiContext } from '../../electron/api/context';
import { ok, openTemp, T3_CONTRACT } from './helpers';

async function setup() {
  const { ctx, opened } = await openTemp('2023-02-01');
  const c = await ok(ctx, 'contract.create', T3_CONTRACT);
  const f = await ok(ctx, 'funding.get', { contractId: c.id });
  const [first, second] = f.schedule;
  const base = { contractId: c.id, receivedOn: '2022-07-15', cpamRef: 'VIR-T', comment: '' };
  const count = async () => (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM payment`.execute(opened.db)).rows[0].n;
  return { ctx, opened, c, first, second, base, count };
}

describe('payments.record', () => {
  it('refuses a tranche named twice, with a French message on the field', async () => {
    const { ctx, opened, first, second, base, count } = await setup();
    const res = await callApi(ctx, 'payments.record', { ...base, amountCents: 1_000, trancheIds: [first.id, second.id, first.id] });
    expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { 'trancheIds.2': `Échéances réglées : l’échéance ${first.id} est cochée deux fois.` } } });
    expect(await count()).toBe(0);
    await opened.close();
  });

  it('refuses more than the named tranches owe, and records it as a trop-perçu when confirmed', async () => {
    const { ctx, opened, first, base, count } = await setup();
    const over = { ...base, amountCents: first.amountCents + 12_345, trancheIds: [first.id] };
    const res = await callApi(ctx, 'payments.record', over);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.fields?.amountCents).toMatch(/dépassent de 123,45\s€ ce que doivent encore les échéances cochées/);
    // The UI knows the refusal asks for a confirmation by this field, never by its text.
    expect(res.error.fields?.allowExcess).toBe(res.error.fields?.amountCents);
    expect(await count()).toBe(0);

    const v = await ok(ctx, 'payments.record', { ...over, allowExcess: true });
    const t = v.schedule.find((x) => x.id === first.id)!;
    expect(t).toMatchObject({ paidCents: first.amountCents + 12_345, outstandingCents: -12_345, excessCents: 12_345 });
    expect(v.excessCents).toBe(12_345);
    expect(v.unallocatedCents).toBe(0);

    // The tranche is settled: another payment on it alone is entirely a trop-perçu.
    const again = await callApi(ctx, 'payments.record', { ...base, amountCents: 100, trancheIds: [first.id] });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.fields?.allowExcess).toMatch(/déjà soldées/);

    // Reducing the payment takes back the trop-perçu first.
    const paymentId = v.payments[0].id;
    const r = await ok(ctx, 'payments.correct', { contractId: v.contractId, paymentId, correctedOn: '2022-07-20', newAmountCents: first.amountCents, reason: 'Trop-perçu remboursé' });
    expect(r.schedule.find((x) => x.id === first.id)).toMatchObject({ outstandingCents: 0, excessCents: 0 });
    expect(r.excessCents).toBe(0);
    await opened.close();
  });

  it('a correction above what the payment’s tranches owe needs the same confirmation', async () => {
    const { ctx, opened, first, base } = await setup();
    const v = await ok(ctx, 'payments.record', { ...base, amountCents: first.amountCents - 1_000, trancheIds: [first.id] });
    const paymentId = v.payments[0].id;
    const input = { contractId: v.contractId, paymentId, correctedOn: '2022-07-20', newAmountCents: first.amountCents + 500, reason: 'Complément' };
    const res = await callApi(ctx, 'payments.correct', input);
    expect(res).toMatchObject({ ok: false, error: { fields: { newAmountCents: expect.stringMatching(/l’augmentation de 15,00\s€ dépasse de 5,00\s€/), allowExcess: expect.any(String) } } });
    const r = await ok(ctx, 'payments.correct', { ...input, allowExcess: true });
    expect(r.schedule.find((x) => x.id === first.id)).toMatchObject({ excessCents: 500 });
    expect(r.payments[0].effectiveCents).toBe(first.amountCents + 500);
    await opened.close();
  });

  it('bounds every amount: a payment, a correction, and what a contract receives in all', async () => {
    const { ctx, opened, first, base, count } = await setup();
    const cases: [string, unknown, string, RegExp][] = [
      ['payments.record', { ...base, amountCents: 999_999_999_999_999_00, trancheIds: [first.id] }, 'amountCents', /invraisemblable/],
      ['payments.record', { ...base, amountCents: 2 ** 53, trancheIds: [first.id] }, 'amountCents', /invraisemblable/],
      ['payments.record', { ...base, amountCents: 12.5, trancheIds: [first.id] }, 'amountCents', /centimes entiers/],
      ['payments.record', { ...base, amountCents: -100, trancheIds: [first.id] }, 'amountCents', /négatif/],
      ['payments.record', { ...base, amountCents: 100, trancheIds: [] }, 'trancheIds', /au moins une échéance/],
      ['payments.record', { ...base, amountCents: 100, trancheIds: [first.id], allowExcess: 'oui' }, 'allowExcess', /oui\/non/],
      ['payments.correct', { contractId: base.contractId, paymentId: 1, correctedOn: '2022-07-20', newAmountCents: -1, reason: 'x' }, 'newAmountCents', /négatif/],
      ['payments.correct', { contractId: base.contractId, paymentId: 1, correctedOn: '2022-07-20', newAmountCents: 10_000_000_001, reason: 'x' }, 'newAmountCents', /invraisemblable/],
    ];
    for (const [method, input, field, message] of cases) {
      const res = await callApi(ctx, method, input);
      expect(res.ok, `${method} ${JSON.stringify(input)}`).toBe(false);
      if (!res.ok) expect(res.error.fields?.[field], JSON.stringify(res.error)).toMatch(message);
    }
    // 100 000 000 € at most per payment, and as much received on the whole contract.
    await ok(ctx, 'payments.record', { ...base, amountCents: 10_000_000_000, trancheIds: [first.id], allowExcess: true });
    const more = await callApi(ctx, 'payments.record', { ...base, amountCents: 1, trancheIds: [first.id], allowExcess: true });
    expect(more).toMatchObject({ ok: false, error: { fields: { amountCents: expect.stringMatching(/total reçu sur ce contrat dépasserait/) } } });
    expect(await count()).toBe(1);
    await opened.close();
  });
});

/** A closed year-1 annual dialogue (prévention's variable part arrêtée), then an addendum that takes back 500 €. */
async function contractWithRecovery(ctx: ApiContext) {
  const c = await ok(ctx, 'contract.create', T3_CONTRACT);
  await ok(ctx, 'annex.create', { contractId: c.id, year: 1, copyFromYear: null });
  const annex = await ok(ctx, 'annex.addAction', { contractId: c.id, year: 1, mission: 'prevention', label: 'Dépistages organisés' });
  const actionId = annex.missions.find((m) => m.code === 'prevention')!.actions[0].id;
  const withIndicator = await ok(ctx, 'annex.addIndicator', { actionId, label: 'Convention signée', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: '17 500' });
  const indicator = withIndicator.missions.find((m) => m.code === 'prevention')!.actions[0].indicators[0];
  const review = await ok(ctx, 'reviews.create', { contractId: c.id, year: 1, kind: 'annual', heldOn: '2023-06-10' });
  await ok(ctx, 'reviews.update', {
    reviewId: review.id,
    participants: [
      { name: 'Claire Martin', organisation: 'CPTS', role: 'Présidente' },
      { name: 'Paul Durand', organisation: 'CPAM', role: 'Référent CPTS' },
    ],
    indicators: [{ indicatorId: indicator.id, presented: 'oui', validated: 'oui', status: 'atteint' }],
  });
  await ok(ctx, 'reviews.close', { reviewId: review.id });
  await ok(ctx, 'reviews.addendum', { reviewId: review.id, addedOn: '2023-09-15', text: 'Reprise partielle décidée par addendum.', mission: 'prevention', amountCents: '-500' });
  return c;
}

describe('a recovery (negative tranche decided by addendum)', () => {
  it('is withheld from a payment that names it: the payment is net of it, and cancelling the payment puts it back to withhold', async () => {
    const { ctx, opened } = await openTemp('2023-10-01');
    const c = await contractWithRecovery(ctx);
    const f = await ok(ctx, 'payments.list', { contractId: c.id });
    const recovery = f.schedule.find((t) => t.kind === 'adjustment')!;
    expect(recovery.amountCents).toBe(-50_000);
    const owed = f.schedule.find((t) => t.kind === 'variable' && t.mission === 'prevention' && t.year === 1)!;
    const base = { contractId: c.id, receivedOn: '2023-09-20', cpamRef: 'VIR-NET', comment: '' };

    // Alone, a recovery is not a payment.
    const alone = await callApi(ctx, 'payments.record', { ...base, amountCents: 100, trancheIds: [recovery.id] });
    expect(alone).toMatchObject({ ok: false, error: { fields: { trancheIds: expect.stringMatching(/reprise/) } } });

    // Named with the variable part: the CPAM pays it net of the 500 € it withholds.
    const net = owed.outstandingCents - 50_000;
    const over = await callApi(ctx, 'payments.record', { ...base, amountCents: net + 1, trancheIds: [owed.id, recovery.id] });
    expect(over).toMatchObject({ ok: false, error: { fields: { allowExcess: expect.any(String) } } });
    let v = await ok(ctx, 'payments.record', { ...base, amountCents: net, trancheIds: [recovery.id, owed.id] });
    expect(v.payments.at(-1)!.allocations.map((a) => [a.trancheId, a.amountCents])).toEqual([
      [owed.id, owed.outstandingCents],
      [recovery.id, -50_000],
    ]);
    expect(v.schedule.find((t) => t.id === owed.id)).toMatchObject({ outstandingCents: 0, excessCents: 0 });
    expect(v.schedule.find((t) => t.id === recovery.id)).toMatchObject({ paidCents: -50_000, outstandingCents: 0, excessCents: 0 });

    // Cancelled (0 €): every allocation is reversed, the recovery is to withhold again.
    v = await ok(ctx, 'payments.correct', { contractId: c.id, paymentId: v.payments.at(-1)!.id, correctedOn: '2023-09-25', newAmountCents: 0, reason: 'Virement rejeté' });
    expect(v.schedule.find((t) => t.id === recovery.id)).toMatchObject({ paidCents: 0, outstandingCents: -50_000 });
    expect(v.schedule.find((t) => t.id === owed.id)).toMatchObject({ outstandingCents: owed.outstandingCents });
    await opened.close();
  });
});
