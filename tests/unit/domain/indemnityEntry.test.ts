import { describe, expect, it } from 'vitest';
import { entryAmountCents, nextRegisterKey, registerKeys } from '../../../shared/domain/indemnities';
import { indemnityEntrySchema, professionalAddSchema } from '../../../shared/schemas/books';

describe('one entry typed on screen', () => {
  it('amount: the one given, else hours × rate rounded half up to the cent', () => {
    expect(entryAmountCents(225, 4_533, null)).toBe(10_199); // 101,9925 €
    expect(entryAmountCents(150, 3_333, null)).toBe(5_000); // 49,995 € -> 50,00 €
    expect(entryAmountCents(150, 3_333, 7_000)).toBe(7_000);
    expect(entryAmountCents(150, null, null)).toBeNull();
  });

  it('key: ranked after the identical entries already recorded', () => {
    const row = { name: 'Dr Anne Martin', workedOn: '2025-03-04', mission: null, kind: 'indemnite' as const, hoursCenti: 100, amountCents: 5_000 };
    const [k1, k2] = registerKeys([row, row]);
    expect(nextRegisterKey([], row)).toBe(k1);
    expect(nextRegisterKey([k1], row)).toBe(k2);
    expect(nextRegisterKey([k1, k2, 'autre|1'], { ...row, name: ' dr anne martin ' })).toMatch(/\|3$/);
  });

  it('schema: hours as a French decimal, rate or amount, RPPS of 11 digits', () => {
    const base = { contractId: 1, professionalId: 2, workedOn: '2025-03-04', mission: null, hours: '2,5', kind: 'indemnite', rateCents: '90,00', amountCents: '' };
    const parsed = indemnityEntrySchema.parse(base);
    expect(parsed).toMatchObject({ hours: 2.5, rateCents: 9_000, amountCents: null, confirmOverCeiling: false });
    // The form sends what it parsed: the API must read it the same.
    expect(indemnityEntrySchema.parse(parsed)).toEqual(parsed);
    expect(indemnityEntrySchema.parse({ ...base, hours: '2,25', rateCents: '45,33' })).toMatchObject({ hours: 2.25, rateCents: 4_533 });
    expect(indemnityEntrySchema.safeParse({ ...base, hours: 2.555 }).success).toBe(false);
    expect(indemnityEntrySchema.safeParse({ ...base, amountCents: '-3' }).success).toBe(false);
    expect(professionalAddSchema.parse({ contractId: 1, name: 'A', profession: 'b', rpps: ' 10001234567 ' }).rpps).toBe('10001234567');
    expect(professionalAddSchema.parse({ contractId: 1, name: 'A', profession: 'b' }).rpps).toBe('');
    expect(professionalAddSchema.safeParse({ contractId: 1, name: 'A', profession: 'b', rpps: '123456789012' }).success).toBe(false);
  });
});
