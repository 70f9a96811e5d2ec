// The 12-month treasury forecast through the API (issue 14).
import { describe, expect, it } from 'vitest';
import { ok, openTemp, T3_CONTRACT } from './helpers';

describe('books.forecast', () => {
  it('starts from paid − spent, takes the échéancier by due month and the budget left, and finds the short month', async () => {
    const { ctx, opened } = await openTemp('2023-03-15');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const f0 = await ok(ctx, 'funding.get', { contractId: c.id });
    const first = f0.schedule.filter((t) => t.dueOn === '2022-07-01');
    await ok(ctx, 'payments.record', { contractId: c.id, receivedOn: '2022-07-20', amountCents: 14_250_000, cpamRef: 'VIR-1', trancheIds: first.map((t) => t.id) });
    await ok(ctx, 'spending.record', { contractId: c.id, spentOn: '2023-01-10', mission: null, category: 'coordination', amountCents: 15_000_000, documentRef: 'Salaires', comment: '' });
    await ok(ctx, 'budget.set', { contractId: c.id, year: 1, mission: null, cents: 16_000_000 });
    const f = await ok(ctx, 'books.forecast', { contractId: c.id });
    expect(f.openingCents).toBe(14_250_000 - 15_000_000);
    expect(f.months).toHaveLength(12);
    expect(f.months[0].month).toBe('2023-03-01');
    // Overdue tranches (parcours and prévention advances) come in the first month.
    const overdue = f0.schedule.filter((t) => t.dueOn < '2023-03-15' && t.dueOn !== '2022-07-01').reduce((s, t) => s + t.amountCents, 0);
    expect(f.months[0].receiptsCents).toBe(overdue);
    // Year 1 budget left: 1 000 000 cents over March–June (4 months).
    expect(f.months.slice(0, 4).map((m) => [m.spendingCents, m.spendingBasis])).toEqual([
      [250_000, 'budget'],
      [250_000, 'budget'],
      [250_000, 'budget'],
      [250_000, 'budget'],
    ]);
    expect(f.months[4]).toMatchObject({ month: '2023-07-01', spendingBasis: 'recurring' });
    expect(f.months[4].variableCents).toBeGreaterThanOrEqual(0);
    expect(f.shortMonth).toBe(f.months.find((m) => m.balanceCents < 0)?.month ?? null);
    await opened.close();
  });
});
