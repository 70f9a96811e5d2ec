import { describe, expect, it } from 'vitest';
import { formatParts, linearVariableCents, rateToParts } from '../../../shared/domain/attainment';
import { computeFunding } from '../../../shared/domain/funding';
import { exampleB, mission } from './fixtures';

describe('attainment rates', () => {
  it('are converted once to parts per 10 000, half-up', () => {
    expect(rateToParts(1)).toBe(10_000);
    expect(rateToParts(0)).toBe(0);
    expect(rateToParts(0.41145)).toBe(4115);
    expect(rateToParts(0.41144)).toBe(4114);
    expect(rateToParts(0.6)).toBe(6000);
    expect(rateToParts(1.2)).toBe(10_000);
    expect(rateToParts(-0.1)).toBe(0);
    expect(rateToParts(Number.NaN)).toBe(0);
  });
  it('format as French percentages', () => {
    expect(formatParts(4114)).toBe('41,14\u202f%');
    expect(formatParts(10_000)).toBe('100,00\u202f%');
    expect(formatParts(5)).toBe('0,05\u202f%');
  });
});

describe('worked example (c)', () => {
  it('linear alternative: 45 000, weights 50/30/20, 100 % / 60 % / 0 % → 30 600', () => {
    expect(
      linearVariableCents(4_500_000, [
        { weight: 50, attainment: 1 },
        { weight: 30, attainment: 0.6 },
        { weight: 20, attainment: 0 },
      ]),
    ).toBe(3_060_000);
  });
  it('attainment above 100 % is capped', () => {
    expect(linearVariableCents(4_500_000, [{ weight: 1, attainment: 1.5 }])).toBe(4_500_000);
    expect(linearVariableCents(4_500_000, [])).toBe(0);
  });
  it('paliers: 2 500 + 1 000 + 0 + 500 + 0 + 3 200 = 7 200 (41.14 % of 17 500), fed to the engine as earned variable', () => {
    const earned = [2_500, 1_000, 0, 500, 0, 3 * 900 + 500].reduce((s, x) => s + x, 0) * 100;
    expect(earned).toBe(720_000);
    expect(formatParts(rateToParts(earned / 1_750_000))).toBe('41,14\u202f%');
    const r = computeFunding(exampleB({ variableEarned: [{ year: 3, mission: 'prevention', cents: earned }] }));
    expect(mission(r, 3, 'prevention').variableCents).toBe(720_000);
  });
  it('earned variable above the envelope is capped, with a warning', () => {
    const r = computeFunding(exampleB({ variableEarned: [{ year: 3, mission: 'prevention', cents: 2_000_000 }] }));
    expect(mission(r, 3, 'prevention').variableCents).toBe(1_750_000);
    expect(r.warnings.some((w) => w.includes('plafonnée'))).toBe(true);
  });
});
