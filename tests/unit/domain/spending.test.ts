// The spending rules as pure functions: what is accepted, the amount in force of a corrected
// entry, the granted / budget / paid / spent / remaining table and its warnings.
import { describe, expect, it } from 'vitest';
import { formatEuros } from '../../../shared/money';
import {
  correctionOf,
  effectiveAmount,
  isRefusal,
  latestCorrectionDate,
  lineWarning,
  missionRefusal,
  spendingEntries,
  spendingRefusal,
  spendingView,
  yearOf,
  type SpendingContract,
  type SpendingCorrectionRecord,
  type SpendingRecord,
  type SpendingViewInput,
} from '../../../shared/domain/spending';

const contract: SpendingContract = { id: 7, signedOn: '2022-07-01', endsOn: '2027-06-30', missions: [{ code: 'acces_soins' }, { code: 'parcours' }] };

const years = [1, 2, 3, 4, 5].map((year) => ({
  year,
  from: `${2021 + year}-07-01`,
  to: `${2022 + year}-06-30`,
  fonctionnementCents: 5_000_000,
  missions: [
    { code: 'acces_soins' as const, fixedCents: 1_000_000, variableCents: 1_000_000 },
    { code: 'parcours' as const, fixedCents: null, variableCents: null },
  ],
}));

const entry = (id: number, spentOn: string, amountCents: number, mission: SpendingRecord['mission'] = null): SpendingRecord => ({
  id,
  spentOn,
  mission,
  category: 'coordination',
  amountCents,
  documentRef: `F${id}`,
  comment: '',
  recordedAt: `${spentOn}T10:00:00.000Z`,
});

const correction = (id: number, spendingId: number, correctedOn: string, deltaCents: number): SpendingCorrectionRecord => ({
  id,
  spendingId,
  correctedOn,
  deltaCents,
  reason: `Correction ${id}`,
  recordedAt: `${correctedOn}T10:00:00.000Z`,
});

function input(over: Partial<SpendingViewInput> = {}): SpendingViewInput {
  return {
    contractId: 7,
    today: '2024-01-15',
    // FundingYear carries more than the rules read; the view only needs these fields.
    years: years as unknown as SpendingViewInput['years'],
    schedule: [
      { year: 1, mission: null, paidCents: 5_000_000 },
      { year: 1, mission: 'acces_soins', paidCents: 750_000 },
      { year: 2, mission: null, paidCents: 3_750_000 },
    ],
    records: [],
    corrections: [],
    attachments: [],
    budgets: [],
    ...over,
  };
}

describe('accepting an entry', () => {
  it('refuses a mission the contract does not hold, naming it', () => {
    expect(missionRefusal(contract, 'prevention')).toEqual({ field: 'mission', message: 'Prévention : mission non retenue au contrat.' });
    expect(missionRefusal(contract, null)).toBeNull();
    expect(missionRefusal(contract, 'parcours')).toBeNull();
  });
  it('refuses a date outside the contract or in the future', () => {
    expect(spendingRefusal(contract, { spentOn: '2022-06-30', mission: null }, '2024-01-15')).toEqual({
      field: 'spentOn',
      message: 'Date de la dépense : en dehors du contrat (01/07/2022 – 30/06/2027).',
    });
    expect(spendingRefusal(contract, { spentOn: '2024-01-16', mission: null }, '2024-01-15')?.message).toBe('Date de la dépense : ne peut être dans le futur.');
    expect(spendingRefusal(contract, { spentOn: '2024-01-15', mission: 'acces_soins' }, '2024-01-15')).toBeNull();
  });
});

describe('corrections', () => {
  const e = entry(1, '2023-03-01', 300_000);
  it('store the signed difference to the amount in force', () => {
    expect(correctionOf(contract, e, [], { correctedOn: '2023-04-01', newAmountCents: 250_000 }, '2024-01-15')).toEqual({ deltaCents: -50_000, beforeCents: 300_000 });
    expect(correctionOf(contract, e, [{ deltaCents: -50_000 }], { correctedOn: '2023-04-01', newAmountCents: 0 }, '2024-01-15')).toEqual({
      deltaCents: -250_000,
      beforeCents: 250_000,
    });
    expect(correctionOf(contract, e, [], { correctedOn: '2023-04-01', newAmountCents: 320_000 }, '2024-01-15')).toEqual({ deltaCents: 20_000, beforeCents: 300_000 });
  });
  it('are refused when they change nothing, precede the entry, are in the future or after the contract', () => {
    const refusal = (correctedOn: string, newAmountCents: number, today = '2024-01-15') => {
      const r = correctionOf(contract, e, [{ deltaCents: -100_000 }], { correctedOn, newAmountCents }, today);
      return isRefusal(r) ? r : null;
    };
    expect(refusal('2023-04-01', 200_000)).toEqual({ field: 'newAmountCents', message: `Montant corrigé : identique au montant en vigueur (${formatEuros(200_000)}).` });
    expect(refusal('2023-02-28', 0)).toEqual({ field: 'correctedOn', message: 'Date de la correction : antérieure à la dépense (01/03/2023).' });
    expect(refusal('2024-01-16', 0)?.message).toBe('Date de la correction : ne peut être dans le futur.');
    expect(refusal('2028-07-01', 0, '2029-01-01')?.message).toBe('Date de la correction : postérieure au 30/06/2028, en dehors du contrat.');
    expect(refusal('2028-06-30', 0, '2029-01-01')).toBeNull();
  });
  it('a year after a 29 February end is 28 February', () => {
    expect(latestCorrectionDate({ ...contract, endsOn: '2028-02-29' })).toBe('2029-02-28');
  });
  it('give each correction its amount before and after, and the entry its amount in force', () => {
    const [listed] = spendingEntries(years, [e], [correction(2, 1, '2023-05-01', 100_000), correction(1, 1, '2023-04-01', -50_000)], [
      { spendingId: 1, correctionId: null, file: { id: 9, fileName: 'facture.pdf', size: 10, sha256: 'a'.repeat(64), addedAt: 'x' } },
      { spendingId: null, correctionId: 2, file: { id: 10, fileName: 'avoir.pdf', size: 10, sha256: 'b'.repeat(64), addedAt: 'x' } },
    ]);
    expect(listed).toMatchObject({ id: 1, year: 1, amountCents: 300_000, effectiveCents: 350_000, cancelled: false });
    expect(listed.attachments.map((a) => a.fileName)).toEqual(['facture.pdf']);
    expect(listed.corrections.map((k) => [k.id, k.beforeCents, k.deltaCents, k.afterCents, k.attachments.length])).toEqual([
      [1, 300_000, -50_000, 250_000, 0],
      [2, 250_000, 100_000, 350_000, 1],
    ]);
    expect(effectiveAmount(e, [{ deltaCents: -300_000 }])).toBe(0);
    expect(spendingEntries(years, [e], [correction(1, 1, '2023-04-01', -300_000)], [])[0].cancelled).toBe(true);
  });
});

describe('the spending table', () => {
  it('places dates in contract years', () => {
    expect(yearOf(years, '2022-07-01')).toBe(1);
    expect(yearOf(years, '2023-06-30')).toBe(1);
    expect(yearOf(years, '2023-07-01')).toBe(2);
    expect(yearOf(years, '2027-07-01')).toBeNull();
  });

  it('shows the years begun, each line with granted, budget (last set), paid, spent in force and remaining', () => {
    const v = spendingView(
      input({
        records: [entry(1, '2023-03-01', 8_000_000), entry(2, '2023-03-01', 100_000, 'acces_soins'), entry(3, '2023-08-01', 1_000_000)],
        corrections: [correction(1, 3, '2023-09-01', -400_000)],
        budgets: [
          { year: 1, mission: null, cents: 7_000_000 },
          { year: 1, mission: null, cents: 7_500_000 },
        ],
      }),
    );
    expect([...new Set(v.rows.map((r) => r.year))]).toEqual([1, 2]);
    const y1f = v.rows.find((r) => r.year === 1 && r.mission === null)!;
    expect(y1f).toMatchObject({ label: 'Fonctionnement', grantedCents: 5_000_000, budgetCents: 7_500_000, paidCents: 5_000_000, spentCents: 8_000_000, remainingCents: -3_000_000 });
    expect(y1f.warningKind).toBe('overspent');
    const y2f = v.rows.find((r) => r.year === 2 && r.mission === null)!;
    expect(y2f).toMatchObject({ spentCents: 600_000, paidCents: 3_750_000, budgetCents: null, warningKind: null });
    const y1a = v.rows.find((r) => r.year === 1 && r.mission === 'acces_soins')!;
    expect(y1a).toMatchObject({ grantedCents: 2_000_000, spentCents: 100_000, remainingCents: 1_900_000, warningKind: 'underused' });
    // A mission without any figure: granted unknown, no remaining, no warning.
    expect(v.rows.find((r) => r.year === 1 && r.mission === 'parcours')).toMatchObject({ grantedCents: null, remainingCents: null, warningKind: null });
    expect(v.warnings).toHaveLength(2);
    expect(v.warnings[0]).toBe(
      `Année 1 (01/07/2022 – 30/06/2023), Fonctionnement : Dépenses de fonctionnement (${formatEuros(8_000_000)}) supérieures à l’enveloppe (${formatEuros(5_000_000)}).`,
    );
  });

  it('a cancelled entry no longer counts, and clears the warning it caused', () => {
    const records = [entry(1, '2023-03-01', 6_000_000)];
    expect(spendingView(input({ records })).rows[0].warningKind).toBe('overspent');
    const v = spendingView(input({ records, corrections: [correction(1, 1, '2023-04-01', -6_000_000)] }));
    expect(v.rows[0]).toMatchObject({ spentCents: 0, remainingCents: 5_000_000, warningKind: null, warning: null });
    expect(v.entries[0]).toMatchObject({ effectiveCents: 0, cancelled: true });
  });

  it('warns about a little-used mission envelope only once its year is over', () => {
    expect(lineWarning({ mission: 'acces_soins', grantedCents: 1_000_000, spentCents: 499_999, yearOver: true })?.kind).toBe('underused');
    expect(lineWarning({ mission: 'acces_soins', grantedCents: 1_000_000, spentCents: 500_000, yearOver: true })).toBeNull();
    expect(lineWarning({ mission: 'acces_soins', grantedCents: 1_000_000, spentCents: 0, yearOver: false })).toBeNull();
    expect(lineWarning({ mission: null, grantedCents: 1_000_000, spentCents: 1_000_000, yearOver: true })).toBeNull();
    expect(lineWarning({ mission: null, grantedCents: 1_000_000, spentCents: 1_000_001, yearOver: false })?.kind).toBe('overspent');
    expect(lineWarning({ mission: null, grantedCents: null, spentCents: 1, yearOver: true })).toBeNull();
  });
});
