// The allocation rule of payments (shared/domain/allocation.ts): what a tranche still owes, how a
// payment and a correction are split, trop-perçu, recoveries (negative tranches).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocateCorrection, allocatePayment, paidPerTranche, trancheBalance, type Allocation, type TrancheBalanceInput } from '../../../shared/domain/allocation';

const t = (id: string, dueOn: string, amountCents: number, paidCents = 0): TrancheBalanceInput => ({ id, dueOn, amountCents, paidCents });
const sum = (a: readonly Allocation[]) => a.reduce((s, x) => s + x.amountCents, 0);

describe('trancheBalance', () => {
  it('says what is still owed and what was paid above the amount', () => {
    expect(trancheBalance(10_000, 4_000)).toEqual({ outstandingCents: 6_000, excessCents: 0 });
    expect(trancheBalance(10_000, 12_500)).toEqual({ outstandingCents: -2_500, excessCents: 2_500 });
    // A recovery: −2 000 € to withhold; withheld, it is settled.
    expect(trancheBalance(-2_000, 0)).toEqual({ outstandingCents: -2_000, excessCents: 0 });
    expect(trancheBalance(-2_000, -2_000)).toEqual({ outstandingCents: 0, excessCents: 0 });
  });
});

describe('allocatePayment', () => {
  const a = t('a', '2023-01-01', 10_000);
  const b = t('b', '2023-07-01', 5_000);
  const c = t('c', '2022-07-01', 3_000, 1_000);

  it('settles the named tranches in due order, up to what each still owes', () => {
    expect(allocatePayment(9_000, [b, a, c], { allowExcess: false })).toEqual({
      ok: true,
      allocations: [
        { trancheId: 'c', amountCents: 2_000 },
        { trancheId: 'a', amountCents: 7_000 },
      ],
      owedCents: 17_000,
      excessCents: 0,
    });
  });

  it('refuses a tranche named twice', () => {
    expect(allocatePayment(1_000, [a, b, a], { allowExcess: true })).toEqual({ ok: false, reason: 'duplicate', index: 2, trancheId: 'a' });
  });

  it('refuses more than what is owed unless a trop-perçu is allowed, then puts it on the latest tranche', () => {
    expect(allocatePayment(16_000, [a, b], { allowExcess: false })).toEqual({ ok: false, reason: 'excess', owedCents: 15_000, excessCents: 1_000 });
    const r = allocatePayment(16_000, [a, b], { allowExcess: true });
    expect(r).toEqual({
      ok: true,
      allocations: [
        { trancheId: 'a', amountCents: 10_000 },
        { trancheId: 'b', amountCents: 6_000 },
      ],
      owedCents: 15_000,
      excessCents: 1_000,
    });
    expect(trancheBalance(b.amountCents, 6_000).excessCents).toBe(1_000);
  });

  it('treats a payment on settled tranches as a trop-perçu entirely', () => {
    const settled = t('s', '2023-01-01', 10_000, 10_000);
    expect(allocatePayment(500, [settled], { allowExcess: false })).toEqual({ ok: false, reason: 'excess', owedCents: 0, excessCents: 500 });
    expect(allocatePayment(500, [settled], { allowExcess: true })).toMatchObject({ ok: true, allocations: [{ trancheId: 's', amountCents: 500 }], excessCents: 500 });
  });

  describe('recoveries (negative tranches, decided by addendum)', () => {
    const owed = t('owed', '2024-01-01', 10_000);
    const rec = t('rec', '2024-03-01', -2_000);

    it('are withheld in full from a payment that names them: the payment is net of the recovery', () => {
      expect(allocatePayment(8_000, [owed, rec], { allowExcess: false })).toEqual({
        ok: true,
        allocations: [
          { trancheId: 'owed', amountCents: 10_000 },
          { trancheId: 'rec', amountCents: -2_000 },
        ],
        owedCents: 8_000,
        excessCents: 0,
      });
      // A smaller payment: the recovery is withheld all the same, the tranche is partly paid.
      expect(allocatePayment(3_000, [owed, rec], { allowExcess: false })).toMatchObject({
        ok: true,
        allocations: [
          { trancheId: 'owed', amountCents: 5_000 },
          { trancheId: 'rec', amountCents: -2_000 },
        ],
      });
    });

    it('are left alone by a payment that does not name them', () => {
      expect(allocatePayment(10_000, [owed], { allowExcess: false })).toMatchObject({ ok: true, allocations: [{ trancheId: 'owed', amountCents: 10_000 }] });
    });

    it('are not paid on their own, nor beyond what the other named tranches owe', () => {
      expect(allocatePayment(1_000, [rec], { allowExcess: true })).toEqual({ ok: false, reason: 'recoveryOnly' });
      const small = t('small', '2024-01-01', 1_500);
      expect(allocatePayment(100, [small, rec], { allowExcess: true })).toEqual({ ok: false, reason: 'recoveryExceeds', recoveryCents: 2_000, owedBeforeRecoveryCents: 1_500 });
    });

    it('count as settled once withheld', () => {
      const withheld = t('rec', '2024-03-01', -2_000, -2_000);
      expect(allocatePayment(10_000, [owed, withheld], { allowExcess: false })).toMatchObject({ ok: true, owedCents: 10_000, allocations: [{ trancheId: 'owed', amountCents: 10_000 }] });
    });

    it('a payment above what is owed net of the recovery is a trop-perçu', () => {
      expect(allocatePayment(9_000, [owed, rec], { allowExcess: false })).toEqual({ ok: false, reason: 'excess', owedCents: 8_000, excessCents: 1_000 });
    });
  });

  it('properties: the allocations add up to the payment, one per tranche; no tranche is paid above its amount without a trop-perçu', () => {
    const tranche = fc.record({
      amount: fc.integer({ min: -500_000, max: 5_000_000 }),
      paidShare: fc.integer({ min: 0, max: 100 }),
      day: fc.integer({ min: 1, max: 28 }),
    });
    fc.assert(
      fc.property(fc.array(tranche, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 10_000_000 }), fc.boolean(), (ts, amount, allowExcess) => {
        const named = ts.map((x, i) => t(`t${i}`, `2024-01-${String(x.day).padStart(2, '0')}`, x.amount, Math.trunc((x.amount * x.paidShare) / 100)));
        const r = allocatePayment(amount, named, { allowExcess });
        if (!r.ok) {
          if (r.reason === 'excess') expect(allowExcess).toBe(false);
          return;
        }
        expect(sum(r.allocations)).toBe(amount);
        expect(new Set(r.allocations.map((x) => x.trancheId)).size).toBe(r.allocations.length);
        expect(r.excessCents).toBe(Math.max(0, amount - r.owedCents));
        let excess = 0;
        for (const x of named) {
          const paid = x.paidCents + (r.allocations.find((y) => y.trancheId === x.id)?.amountCents ?? 0);
          excess += trancheBalance(x.amountCents, paid).excessCents - trancheBalance(x.amountCents, x.paidCents).excessCents;
          // A recovery is never overshot: withheld exactly, or untouched.
          if (x.amountCents < 0) expect(paid).toBeGreaterThanOrEqual(x.amountCents);
        }
        expect(excess).toBe(r.excessCents);
      }),
      { numRuns: 500 },
    );
  });
});

describe('allocateCorrection', () => {
  const a = t('a', '2023-01-01', 10_000, 10_000);
  const b = t('b', '2023-07-01', 5_000, 3_000);

  it('a reduction takes back from the latest tranche first, never below what the payment put there', () => {
    const net = new Map([
      ['a', 10_000],
      ['b', 3_000],
    ]);
    expect(allocateCorrection(-4_000, net, [a, b], { cancel: false, allowExcess: false })).toEqual({
      ok: true,
      allocations: [
        { trancheId: 'a', amountCents: -1_000 },
        { trancheId: 'b', amountCents: -3_000 },
      ],
      excessCents: 0,
    });
  });

  it('a reduction takes back the trop-perçu first', () => {
    const over = t('a', '2023-01-01', 10_000, 12_000);
    const net = new Map([
      ['a', 12_000],
      ['b', 3_000],
    ]);
    expect(allocateCorrection(-2_000, net, [over, b], { cancel: false, allowExcess: false })).toMatchObject({ ok: true, allocations: [{ trancheId: 'a', amountCents: -2_000 }] });
  });

  it('a cancellation reverses every allocation, a withheld recovery included', () => {
    const net = new Map([
      ['owed', 10_000],
      ['rec', -2_000],
    ]);
    const schedule = [t('owed', '2024-01-01', 10_000, 10_000), t('rec', '2024-03-01', -2_000, -2_000)];
    expect(allocateCorrection(-8_000, net, schedule, { cancel: true, allowExcess: false })).toEqual({
      ok: true,
      allocations: [
        { trancheId: 'owed', amountCents: -10_000 },
        { trancheId: 'rec', amountCents: 2_000 },
      ],
      excessCents: 0,
    });
    // A partial reduction keeps the recovery withheld.
    expect(allocateCorrection(-3_000, net, schedule, { cancel: false, allowExcess: false })).toMatchObject({ ok: true, allocations: [{ trancheId: 'owed', amountCents: -3_000 }] });
  });

  it('an increase settles the payment’s tranches; above what they owe it needs a trop-perçu', () => {
    const net = new Map([
      ['a', 10_000],
      ['b', 3_000],
    ]);
    expect(allocateCorrection(2_000, net, [a, b], { cancel: false, allowExcess: false })).toEqual({ ok: true, allocations: [{ trancheId: 'b', amountCents: 2_000 }], excessCents: 0 });
    expect(allocateCorrection(2_500, net, [a, b], { cancel: false, allowExcess: false })).toEqual({ ok: false, reason: 'excess', owedCents: 2_000, excessCents: 500 });
    expect(allocateCorrection(2_500, net, [a, b], { cancel: false, allowExcess: true })).toEqual({ ok: true, allocations: [{ trancheId: 'b', amountCents: 2_500 }], excessCents: 500 });
    expect(allocateCorrection(2_500, new Map(), [a, b], { cancel: false, allowExcess: true })).toEqual({ ok: false, reason: 'noTranche' });
  });

  it('property: a reduction adds up to the change when the payment allocated it all, and leaves no tranche below zero from this payment', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 100 }), (parts, pct) => {
        const net = new Map(parts.map((p, i) => [`t${i}`, p]));
        const schedule = parts.map((p, i) => t(`t${i}`, `2024-0${(i % 9) + 1}-01`, p, p));
        const effective = parts.reduce((s, p) => s + p, 0);
        const delta = -Math.max(1, Math.trunc((effective * pct) / 100));
        const r = allocateCorrection(delta, net, schedule, { cancel: -delta === effective, allowExcess: false });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(sum(r.allocations)).toBe(delta);
        const after = paidPerTranche([...[...net].map(([trancheId, amountCents]) => ({ trancheId, amountCents })), ...r.allocations]);
        for (const v of after.values()) expect(v).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});
