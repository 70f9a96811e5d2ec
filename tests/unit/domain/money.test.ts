import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEuros, formatEurosNumber, mulDivHalfUp, parseEurosToCents, sumCents } from '../../../shared/money';

const NNBSP = '\u202f';
const NBSP = '\u00a0';
const intl = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

describe('formatEuros', () => {
  it('formats like Intl fr-FR with narrow no-break spaces', () => {
    expect(formatEuros(1_750_000)).toBe(`17${NNBSP}500,00${NBSP}€`);
    expect(formatEuros(3_365_753)).toBe(`33${NNBSP}657,53${NBSP}€`);
    expect(formatEuros(0)).toBe(`0,00${NBSP}€`);
    expect(formatEuros(5)).toBe(`0,05${NBSP}€`);
    expect(formatEuros(-50)).toBe(`-0,50${NBSP}€`);
    expect(formatEuros(28_467_122)).toBe(`284${NNBSP}671,22${NBSP}€`);
  });
  it('matches Intl for any amount up to 10 billion euros', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }), (c) => {
        expect(formatEuros(c)).toBe(intl.format(c / 100));
      }),
    );
  });
  it('formatEurosNumber drops the currency sign', () => {
    expect(formatEurosNumber(1_750_000)).toBe(`17${NNBSP}500,00`);
  });
  it('throws on non-integer cents', () => {
    expect(() => formatEuros(1.5)).toThrow();
  });
});

describe('parseEurosToCents', () => {
  it.each([
    ['17 500,50', 1_750_050],
    ['17500.5', 1_750_050],
    ['17 500 €', 1_750_000],
    [`17${NNBSP}500,00${NBSP}€`, 1_750_000],
    ['0', 0],
    ['0,05', 5],
    ['-12,30', -1230],
    ['  42  ', 4200],
  ])('%s → %d', (text, cents) => {
    expect(parseEurosToCents(text)).toBe(cents);
  });
  it.each(['', 'abc', '1,234', '12.345', '1.2.3', '€', '12,', ',5', '--1', '1e5'])('refuses %j', (text) => {
    expect(parseEurosToCents(text)).toBeNull();
  });
  it('round-trips with formatEuros', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), (c) => {
        expect(parseEurosToCents(formatEuros(c))).toBe(c);
      }),
    );
  });
});

describe('mulDivHalfUp', () => {
  it('rounds half up', () => {
    expect(mulDivHalfUp(4_500_000, 273, 365)).toBe(3_365_753);
    expect(mulDivHalfUp(1_750_000, 181, 365)).toBe(867_808);
    expect(mulDivHalfUp(1, 1, 2)).toBe(1);
    expect(mulDivHalfUp(3, 1, 2)).toBe(2);
    expect(mulDivHalfUp(1, 1, 3)).toBe(0);
    expect(mulDivHalfUp(2, 1, 3)).toBe(1);
    expect(mulDivHalfUp(3_365_753, 75, 100)).toBe(2_524_315);
    expect(mulDivHalfUp(867_808, 75, 100)).toBe(650_856);
  });
  it('is exact beyond float precision', () => {
    expect(mulDivHalfUp(9_007_199_254_740_991, 1, 1)).toBe(9_007_199_254_740_991);
    expect(mulDivHalfUp(9_007_199_254_740_991, 3, 3)).toBe(9_007_199_254_740_991);
  });
  it('throws on den <= 0 and on negative or fractional inputs', () => {
    expect(() => mulDivHalfUp(1, 1, 0)).toThrow();
    expect(() => mulDivHalfUp(1, 1, -1)).toThrow();
    expect(() => mulDivHalfUp(-1, 1, 1)).toThrow();
    expect(() => mulDivHalfUp(1.5, 1, 1)).toThrow();
  });
  it('equals floor((2·c·n + d) / 2d) for random inputs', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000_000), fc.nat(1_000_000), fc.integer({ min: 1, max: 1_000_000 }), (c, n, d) => {
        const exact = (BigInt(c) * BigInt(n) * 2n + BigInt(d)) / (2n * BigInt(d));
        expect(mulDivHalfUp(c, n, d)).toBe(Number(exact));
      }),
    );
  });
});

describe('sumCents', () => {
  it('sums integers and refuses floats', () => {
    expect(sumCents([2_250_000, 841_438, 216_952])).toBe(3_308_390);
    expect(sumCents([])).toBe(0);
    expect(() => sumCents([0.1, 0.2])).toThrow();
  });
});
