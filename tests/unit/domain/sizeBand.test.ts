import { describe, expect, it } from 'vitest';
import { bandForYear, sizeBandFor } from '../../../shared/domain/sizeBand';
import { TEXT_VERSIONS } from '../../../shared/domain/rules';

describe('sizeBandFor', () => {
  it.each([
    [0, 1],
    [39_999, 1],
    [40_000, 2],
    [63_600, 2],
    [80_000, 2],
    [80_001, 3],
    [84_466, 3],
    [175_000, 3],
    [175_001, 4],
    [274_922, 4],
  ] as const)('%d inhabitants → T%d, in every version', (population, band) => {
    for (const v of TEXT_VERSIONS) expect(sizeBandFor(population, v)).toBe(band);
  });
  it('refuses negative or non-finite populations', () => {
    expect(() => sizeBandFor(-1)).toThrow();
    expect(() => sizeBandFor(Number.NaN)).toThrow();
  });
});

describe('bandForYear (re-banding rule)', () => {
  const pops = [
    { population: 70_000, asOf: '2021-01-01' },
    { population: 90_000, asOf: '2023-03-01' },
    { population: 200_000, asOf: '2025-01-01' },
  ];
  it('takes the latest figure dated on or before the first day of the year', () => {
    expect(bandForYear(pops, '2022-09-16')).toBe(2);
    expect(bandForYear(pops, '2023-03-01')).toBe(3);
    expect(bandForYear(pops, '2024-09-16')).toBe(3);
    expect(bandForYear(pops, '2025-09-16')).toBe(4);
  });
  it('falls back to the earliest figure', () => {
    expect(bandForYear(pops, '2020-06-01')).toBe(2);
    expect(bandForYear([{ population: 90_000, asOf: '2023-01-01' }, { population: 30_000, asOf: '2024-01-01' }], '2022-01-01')).toBe(3);
  });
  it('is independent of the order of the figures', () => {
    expect(bandForYear([...pops].reverse(), '2023-06-01')).toBe(3);
  });
  it('needs at least one figure', () => {
    expect(() => bandForYear([], '2022-01-01')).toThrow();
  });
});
