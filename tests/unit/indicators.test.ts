import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { earnedCents, linearFraction, sumMission, type IndicatorRule } from '../../shared/domain/indicators';

const E = (euros: number) => euros * 100;
const paliersUp = (t: [number, number, number]): IndicatorRule => ({
  label: 'Dépistage',
  unit: 'percentage',
  direction: 'higher',
  payment: 'paliers',
  amountCents: E(3_500),
  target: t[2],
  baseline: 6626,
  paliers: [
    { label: 'socle', threshold: t[0], amountCents: E(1_000) },
    { label: 'intermédiaire', threshold: t[1], amountCents: E(2_500) },
    { label: 'objectif', threshold: t[2], amountCents: E(3_500) },
  ],
});
const breast = paliersUp([6970, 7240, 7500]);
const aldWithoutMt: IndicatorRule = {
  label: 'Patients en ALD sans médecin traitant',
  unit: 'count',
  direction: 'lower',
  payment: 'paliers',
  amountCents: E(9_000),
  target: 5000,
  baseline: 21900,
  paliers: [
    { label: '101–219', threshold: 21900, amountCents: E(3_000) },
    { label: '51–100', threshold: 10000, amountCents: E(6_000) },
    { label: '≤ 50', threshold: 5000, amountCents: E(9_000) },
  ],
};
const yesNo = (amount: number): IndicatorRule => ({ label: 'Convention', unit: 'yesno', direction: 'higher', payment: 'all_or_nothing', amountCents: E(amount), target: null, baseline: null, paliers: [] });
const linear = (amount: number, target: number, baseline: number | null = null, direction: 'higher' | 'lower' = 'higher'): IndicatorRule => ({
  label: 'Linéaire',
  unit: 'count',
  direction,
  payment: 'linear',
  amountCents: E(amount),
  target,
  baseline,
  paliers: [],
});

describe('earned amount of an indicator', () => {
  it('pays paliers upwards: nothing below the first step, each step exactly at its threshold', () => {
    expect(earnedCents(breast, 6969).cents).toBe(0);
    expect(earnedCents(breast, 6970).cents).toBe(E(1_000));
    expect(earnedCents(breast, 7300).cents).toBe(E(2_500));
    expect(earnedCents(breast, 7500).cents).toBe(E(3_500));
    expect(earnedCents(breast, 9000).cents).toBe(E(3_500));
    expect(earnedCents(breast, 7300).formula).toContain('palier « intermédiaire »');
  });

  it('pays paliers downwards when fewer is better (patients in ALD without a médecin traitant, initial 219)', () => {
    expect(earnedCents(aldWithoutMt, 22000).cents).toBe(0);
    expect(earnedCents(aldWithoutMt, 21900).cents).toBe(E(3_000));
    expect(earnedCents(aldWithoutMt, 10100).cents).toBe(E(3_000));
    expect(earnedCents(aldWithoutMt, 10000).cents).toBe(E(6_000));
    expect(earnedCents(aldWithoutMt, 5000).cents).toBe(E(9_000));
    expect(earnedCents(aldWithoutMt, 0).cents).toBe(E(9_000));
  });

  it('pays a yes/no action all or nothing', () => {
    expect(earnedCents(yesNo(500), 100).cents).toBe(E(500));
    expect(earnedCents(yesNo(500), 0).cents).toBe(0);
  });

  it('pays linear attainment against the target, capped at 100 %', () => {
    expect(earnedCents(linear(10_000, 600), 300).cents).toBe(E(5_000));
    expect(earnedCents(linear(10_000, 600), 900).cents).toBe(E(10_000));
    expect(earnedCents(linear(10_000, 600), 0).cents).toBe(0);
    // From a baseline: 5 -> 40 professionals, 28 reached = 23/35.
    expect(earnedCents(linear(15_000, 4000, 500), 2800).cents).toBe(985_714);
    // Lower is better, from 150 towards 60: 95 reached = 55/90.
    expect(earnedCents(linear(9_000, 6000, 15000, 'lower'), 9500).cents).toBe(550_000);
  });

  it('refuses to compute without a value (never a silent 0)', () => {
    for (const r of [breast, aldWithoutMt, yesNo(500), linear(100, 10)]) {
      const e = earnedCents(r, null);
      expect(e.cents).toBeNull();
      expect(e.formula).toContain('Valeur manquante');
    }
  });

  it('reproduces worked example (c) of the reference: T3 prévention, 7 200 of 17 500', () => {
    const cervix = paliersUp([6000, 6300, 6600]);
    const colorectal = paliersUp([3400, 3700, 4000]);
    const items = [
      { label: 'sein', rule: breast, value: 7300 }, // intermediate step
      { label: 'col', rule: cervix, value: 6100 }, // socle step
      { label: 'colorectal', rule: colorectal, value: 3300 }, // below the first step
      { label: 'convention', rule: yesNo(500), value: 100 },
      { label: 'Juin vert', rule: yesNo(1_000), value: 0 },
      { label: 'école (5 × 900)', rule: linear(4_500, 500), value: 300 },
      { label: 'école (2 × 500)', rule: linear(1_000, 200), value: 100 },
    ];
    const m = sumMission('prevention', items);
    expect(m.maxCents).toBe(E(17_500));
    expect(m.earnedCents).toBe(E(7_200));
  });

  it('reproduces the linear alternative of example (c): 30 600 of 45 000 with weights 50/30/20', () => {
    const m = sumMission('parcours', [
      { label: 'a', rule: linear(22_500, 100), value: 100 },
      { label: 'b', rule: linear(13_500, 100), value: 60 },
      { label: 'c', rule: linear(9_000, 100), value: 0 },
    ]);
    expect(m.earnedCents).toBe(E(30_600));
  });

  it('a mission with a missing value is not computed, and says which indicator is missing', () => {
    const m = sumMission('prevention', [
      { label: 'sein', rule: breast, value: 7300 },
      { label: 'col', rule: breast, value: null },
    ]);
    expect(m.earnedCents).toBeNull();
    expect(m.missing).toEqual(['col']);
  });

  it('properties: within [0, max], and a better value never earns less', () => {
    const rules = [breast, aldWithoutMt, linear(10_000, 600), linear(15_000, 4000, 500), linear(9_000, 6000, 15000, 'lower'), yesNo(700)];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: rules.length - 1 }), fc.integer({ min: 0, max: 30000 }), fc.integer({ min: 0, max: 30000 }), (k, a, b) => {
        const r = rules[k];
        const va = r.unit === 'yesno' ? (a % 2) * 100 : a;
        const vb = r.unit === 'yesno' ? (b % 2) * 100 : b;
        const ea = earnedCents(r, va).cents!;
        const eb = earnedCents(r, vb).cents!;
        expect(Number.isInteger(ea)).toBe(true);
        expect(ea).toBeGreaterThanOrEqual(0);
        expect(ea).toBeLessThanOrEqual(r.payment === 'paliers' ? Math.max(...r.paliers.map((p) => p.amountCents)) : r.amountCents);
        const better = r.direction === 'higher' ? va >= vb : va <= vb;
        if (better) expect(ea).toBeGreaterThanOrEqual(eb);
      }),
    );
    const f = linearFraction(7, 10, null, 'higher');
    expect(f.num / f.den).toBeCloseTo(0.7);
  });
});
