import { describe, expect, it } from 'vitest';
import { forecast, recurringMonthly } from '../../../shared/domain/forecast';

describe('treasury forecast', () => {
  const years = [
    { year: 1, from: '2025-07-01', to: '2026-06-30', budgetCents: null, spentCents: 0 },
    { year: 2, from: '2026-07-01', to: '2027-06-30', budgetCents: 1_200_000, spentCents: 0 },
  ];
  it('recurring spending is the average of the last 6 full months', () => {
    const spending = [
      { spentOn: '2025-05-31', cents: 999_999 },
      { spentOn: '2025-06-01', cents: 60_000 },
      { spentOn: '2025-11-30', cents: 60_000 },
      { spentOn: '2025-12-01', cents: 999_999 },
    ];
    expect(recurringMonthly(spending, '2025-12-10')).toBe(20_000);
  });

  it('receipts by due month (overdue in the first), variable apart, budget spread, short month found', () => {
    const f = forecast({
      today: '2026-01-15',
      openingCents: 50_000,
      tranches: [
        { dueOn: '2025-12-01', kind: 'advance', outstandingCents: 10_000 },
        { dueOn: '2026-07-01', kind: 'fonctionnement', outstandingCents: 500_000 },
        { dueOn: '2026-07-01', kind: 'variable', outstandingCents: 300_000 },
        { dueOn: '2026-03-01', kind: 'balance', outstandingCents: 0 },
      ],
      years,
      spending: [{ spentOn: '2025-10-10', cents: 180_000 }],
    });
    expect(f.recurringMonthlyCents).toBe(30_000);
    expect(f.months).toHaveLength(12);
    expect(f.months[0]).toMatchObject({ month: '2026-01-01', receiptsCents: 10_000, spendingCents: 30_000, spendingBasis: 'recurring', balanceCents: 30_000 });
    expect(f.months[1].balanceCents).toBe(0);
    expect(f.shortMonth).toBe('2026-03-01');
    // July: year 2, budget 12 000 € over 12 months.
    expect(f.months[6]).toMatchObject({ month: '2026-07-01', receiptsCents: 500_000, variableCents: 300_000, spendingCents: 100_000, spendingBasis: 'budget' });
    expect(f.months[6].balanceWithVariableCents - f.months[6].balanceCents).toBe(300_000);
    // Cash flows add up: opening + receipts − spending = last balance.
    const sum = f.months.reduce((s, m) => s + m.receiptsCents - m.spendingCents, 50_000);
    expect(f.months[11].balanceCents).toBe(sum);
  });
});
