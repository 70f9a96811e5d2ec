import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  compareIso,
  daysBetween,
  formatDateFr,
  fromDayNumber,
  isIsoDate,
  maxIso,
  minIso,
  toDayNumber,
  todayIso,
} from '../../../shared/dates';

describe('isIsoDate', () => {
  it.each(['2022-07-01', '2024-02-29', '2000-02-29', '1999-12-31'])('accepts %s', (d) => expect(isIsoDate(d)).toBe(true));
  it.each(['2023-02-29', '1900-02-29', '2022-13-01', '2022-00-10', '2022-04-31', '2022-7-1', '20220701', '2022-07-01T00:00', ''])(
    'refuses %j',
    (d) => expect(isIsoDate(d)).toBe(false),
  );
});

describe('calendar arithmetic', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2022-06-30', 1)).toBe('2022-07-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2023-01-01', -1)).toBe('2022-12-31');
    expect(addDays('2022-07-01', 365)).toBe('2023-07-01');
  });
  it('clamps months to the month end', () => {
    expect(addMonths('2021-08-31', 6)).toBe('2022-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2022-01-31', 1)).toBe('2022-02-28');
    expect(addMonths('2022-03-31', -1)).toBe('2022-02-28');
    expect(addMonths('2022-05-31', 1)).toBe('2022-06-30');
    expect(addMonths('2022-04-01', 6)).toBe('2022-10-01');
    expect(addMonths('2022-12-15', 1)).toBe('2023-01-15');
    expect(addMonths('2023-01-15', -1)).toBe('2022-12-15');
  });
  it('adds years, 29 February → 28 February', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2022-07-01', 5)).toBe('2027-07-01');
  });
  it('counts days between dates (UTC, no DST effect)', () => {
    expect(daysBetween('2022-10-01', '2023-07-01')).toBe(273);
    expect(daysBetween('2023-01-01', '2023-07-01')).toBe(181);
    expect(daysBetween('2022-07-01', '2023-07-01')).toBe(365);
    expect(daysBetween('2023-07-01', '2024-07-01')).toBe(366);
    expect(daysBetween('2022-03-26', '2022-03-28')).toBe(2); // DST change in France
    expect(daysBetween('2022-10-29', '2022-10-31')).toBe(2);
    expect(daysBetween('2023-07-01', '2022-07-01')).toBe(-365);
  });
  it('day numbers agree with Date.UTC and round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_000, max: 100_000 }), (n) => {
        const d = fromDayNumber(n);
        expect(isIsoDate(d)).toBe(true);
        expect(toDayNumber(d)).toBe(n);
        const [y, m, day] = d.split('-').map(Number) as [number, number, number];
        expect(Date.UTC(y, m - 1, day) / 86_400_000).toBe(n);
      }),
    );
  });
  it('addDays and daysBetween are inverse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: -5000, max: 5000 }), (n, k) => {
        const d = fromDayNumber(n);
        expect(daysBetween(d, addDays(d, k))).toBe(k);
      }),
    );
  });
  it('compares, min, max', () => {
    expect(compareIso('2022-07-01', '2022-07-02')).toBeLessThan(0);
    expect(compareIso('2022-07-01', '2022-07-01')).toBe(0);
    expect(compareIso('2023-01-01', '2022-12-31')).toBeGreaterThan(0);
    expect(minIso('2022-07-01', '2021-01-01')).toBe('2021-01-01');
    expect(maxIso('2022-07-01', '2021-01-01')).toBe('2022-07-01');
  });
  it('formats French dates', () => {
    expect(formatDateFr('2022-07-01')).toBe('01/07/2022');
    expect(formatDateFr('2023-12-31')).toBe('31/12/2023');
  });
  it('todayIso uses the local calendar date', () => {
    expect(todayIso(new Date(2024, 1, 29, 23, 59))).toBe('2024-02-29');
    expect(isIsoDate(todayIso())).toBe(true);
  });
  it('throws on invalid dates', () => {
    expect(() => addDays('2023-02-29', 1)).toThrow();
    expect(() => formatDateFr('nope')).toThrow();
  });
});
