import { describe, expect, it } from 'vitest';
import { bpFraction, formatRateFraction, rateFraction } from '../../../shared/domain/attainment';
import { closingFigures, crisisPlanCarriedOut } from '../../../shared/domain/closing';
import { computeFunding, type FundingInput } from '../../../shared/domain/funding';
import { suggestStatus, type IndicatorRule } from '../../../shared/domain/indicators';
import { contractYears } from '../../../shared/domain/contractYears';
import { variableDueOn } from '../../../shared/domain/schedule';
import { mulRatioHalfUp } from '../../../shared/money';

/** Worked example (b): T3 signed 2022-07-01, prévention from 2023-01-01 (181/365 in year 1). */
const BASE: FundingInput = {
  signedOn: '2022-07-01',
  populations: [{ population: 120_000, asOf: '2022-01-01' }],
  missions: [
    { code: 'acces_soins', startedOn: '2022-07-01' },
    { code: 'prevention', startedOn: '2023-01-01' },
    { code: 'crise_sanitaire', startedOn: '2022-07-01' },
  ],
};

describe('single rounding of attainment rates', () => {
  it('keeps the rate as written, exactly', () => {
    expect(rateFraction(0.4114)).toEqual({ num: 4114n, den: 10_000n });
    expect(rateFraction(1e-7)).toEqual({ num: 1n, den: 10_000_000n });
    expect(rateFraction(1.5)).toEqual({ num: 1n, den: 1n });
    expect(rateFraction(-1)).toEqual({ num: 0n, den: 1n });
    expect(bpFraction(5882)).toEqual({ num: 5882n, den: 10_000n });
    expect(formatRateFraction(bpFraction(5882))).toBe('58,82\u202f%');
    expect(formatRateFraction(rateFraction(2 / 3))).toMatch(/^≈ 66,666666/);
  });
  it('applies rate and pro rata to the cents in one half-up rounding', () => {
    // 17 500 € × 7200/17500 exactly = 7 200 €, where 41,14 % first gave 7 199,50 €.
    const r = rateFraction(7200 / 17500);
    expect(mulRatioHalfUp(1_750_000, r.num, r.den)).toBe(720_000);
    expect(mulRatioHalfUp(1_750_000, 181n, 365n)).toBe(867_808);
    expect(mulRatioHalfUp(1, 1n, 2n)).toBe(1); // half-up
  });
});

describe('closing figures', () => {
  it('keeps per mission what the échéancier pays, the pro-rated maximum, and a decided amount as decided', () => {
    const result = computeFunding({ ...BASE, variableEarned: [{ year: 1, mission: 'prevention', cents: 1_650_000 }], attainment: [{ year: 1, mission: 'acces_soins', rate: 0.5 }] });
    const figures = closingFigures(result, 1, [{ mission: 'acces_soins', cents: 2_000_000 }]);
    const prev = figures.find((f) => f.mission === 'prevention')!;
    expect(prev).toMatchObject({ retainedCents: 818_219, computedCents: 818_219, maxCents: 867_808, decided: false, prorata: { num: 181, den: 365 } });
    const acces = figures.find((f) => f.mission === 'acces_soins')!;
    expect(acces).toMatchObject({ retainedCents: 2_000_000, computedCents: 1_750_000, decided: true });
    expect(acces.note).toMatch(/différent du montant calculé/);
    const crisis = figures.find((f) => f.mission === 'crise_sanitaire')!;
    expect(crisis).toMatchObject({ retainedCents: 0, computedCents: 0 });
    expect(crisis.note).toMatch(/Aucune crise/);
  });

  it('a stored figure wins over everything for its year and falls due at the later of anniversary and dialogue', () => {
    const result = computeFunding({
      ...BASE,
      attainment: [{ year: 1, mission: 'prevention', rate: 1 }],
      variableClosed: [{ year: 1, mission: 'prevention', cents: 500_000, computedCents: 867_808, maxCents: 867_808, decided: true, fixedOn: '2023-08-15', reviewLabel: 'dialogue annuel n° 1 du 15/08/2023' }],
    });
    const m = result.years[0].missions.find((x) => x.code === 'prevention')!;
    expect(m.variableCents).toBe(500_000);
    expect(m.variableClosed).toBe(true);
    expect(result.years[0].closed).toBe(true);
    expect(result.tranches.find((t) => t.kind === 'variable' && t.mission === 'prevention')?.dueOn).toBe('2023-08-15');
  });

  it('adjustments are their own tranches and count in the year', () => {
    const plain = computeFunding(BASE);
    const adjusted = computeFunding({ ...BASE, adjustments: [{ id: 'adj-1', year: 1, mission: 'prevention', cents: -12_345, dueOn: '2023-09-01', text: 'Reprise' }] });
    expect(adjusted.years[0].totalCents).toBe(plain.years[0].totalCents - 12_345);
    expect(adjusted.years[0].adjustmentsCents).toBe(-12_345);
    expect(adjusted.tranches.find((t) => t.id === 'adj-1')).toMatchObject({ kind: 'adjustment', amountCents: -12_345, dueOn: '2023-09-01' });
    const sum = adjusted.tranches.filter((t) => t.year === 1).reduce((s, t) => s + t.amountCents, 0);
    expect(sum).toBe(adjusted.years[0].totalCents);
  });

  it('the crisis plan is carried out when every crisis indicator is reached', () => {
    expect(crisisPlanCarriedOut([])).toBe(true);
    expect(crisisPlanCarriedOut(['atteint', 'atteint'])).toBe(true);
    expect(crisisPlanCarriedOut(['atteint', 'partiel'])).toBe(false);
    expect(crisisPlanCarriedOut([null])).toBe(false);
  });
});

describe('payment dates', () => {
  it('variable: the anniversary, or the dialogue when it is held after it', () => {
    const y1 = contractYears('2022-07-01')[0];
    expect(variableDueOn(y1, null)).toBe('2023-07-01');
    expect(variableDueOn(y1, '2023-06-10')).toBe('2023-07-01');
    expect(variableDueOn(y1, '2023-09-20')).toBe('2023-09-20');
  });
  it('fonctionnement of years 2–5 waits for the first mission', () => {
    const none = computeFunding({ ...BASE, missions: BASE.missions.map((m) => ({ ...m, startedOn: null })) });
    expect(none.years.slice(1).every((y) => y.fonctionnementPending && y.fonctionnementCents === 0)).toBe(true);
    expect(none.tranches.filter((t) => t.mission === null).map((t) => t.id)).toEqual(['y1-fonctionnement']);
    const late = computeFunding({ ...BASE, missions: [{ code: 'prevention', startedOn: '2024-01-15' }] });
    expect(late.years[1].fonctionnementPending).toBe(false);
    expect(late.tranches.find((t) => t.year === 2 && t.mission === null && t.kind === 'advance')?.dueOn).toBe('2024-01-15');
    expect(late.years[2].fonctionnementPending).toBe(false);
  });
  it('a refused line makes the year and the contract partial, with the list', () => {
    const t1 = computeFunding({ ...BASE, populations: [{ population: 30_000, asOf: '2022-01-01' }] });
    expect(t1.complete).toBe(false);
    expect(t1.refusedLines.length).toBe(t1.years.reduce((s, y) => s + y.refusals.length, 0));
    expect(t1.years[0].complete).toBe(false);
  });
});

describe('suggested review status', () => {
  const paliers: IndicatorRule = {
    label: 'Dépistage',
    unit: 'percentage',
    direction: 'higher',
    payment: 'paliers',
    amountCents: 350_000,
    target: 7500,
    baseline: null,
    paliers: [
      { label: 'socle', threshold: 6970, amountCents: 100_000 },
      { label: 'objectif', threshold: 7500, amountCents: 350_000 },
    ],
  };
  it('from the amount the value earns', () => {
    expect(suggestStatus(paliers, 7600)).toBe('atteint');
    expect(suggestStatus(paliers, 7000)).toBe('partiel');
    expect(suggestStatus(paliers, 6000)).toBe('non_atteint');
    expect(suggestStatus(paliers, null)).toBeNull();
  });
  it('against the target when the indicator carries no amount (crisis plan)', () => {
    const plan: IndicatorRule = { label: 'Plan', unit: 'yesno', direction: 'higher', payment: 'all_or_nothing', amountCents: 0, target: null, baseline: null, paliers: [] };
    expect(suggestStatus(plan, 100)).toBe('atteint');
    expect(suggestStatus(plan, 0)).toBe('non_atteint');
  });
});
