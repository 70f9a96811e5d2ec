import { describe, expect, it } from 'vitest';
import { computeFunding, FundingInputError } from '../../../shared/domain/funding';
import { groupByDueDate } from '../../../shared/domain/schedule';
import { exampleB, exampleD, fullAttainment, mission, paidOn, tranche } from './fixtures';

const EUR = 100;

describe('worked example (b): T3 signed 2022-07-01, avenant 2, staggered starts', () => {
  const r = computeFunding(exampleB({ attainment: fullAttainment(['acces_soins', 'parcours', 'prevention'], [1]) }));

  it('contract frame', () => {
    expect(r.endsOn).toBe('2027-06-30');
    expect(r.textVersionAtSignature).toBe('avenant2');
    expect(r.years).toHaveLength(5);
    expect(r.years[0]).toMatchObject({ year: 1, from: '2022-07-01', to: '2023-06-30', days: 365, textVersion: 'avenant2', sizeBand: 3 });
    expect(r.years[1]).toMatchObject({ from: '2023-07-01', to: '2024-06-30', days: 366 });
  });

  it.each([
    ['acces_soins', 365, 9_000_000, 6_750_000, 2_250_000, '2022-07-01'],
    ['parcours', 273, 3_365_753, 2_524_315, 841_438, '2022-10-01'],
    ['prevention', 181, 867_808, 650_856, 216_952, '2023-01-01'],
  ] as const)('%s: %d days, prorated, advance on start, balance on 2023-07-01', (code, days, prorated, advance, balance, start) => {
    const m = mission(r, 1, code);
    expect(m.prorata).toEqual({ num: days, den: 365 });
    expect(m.fixedCents).toBe(prorated);
    expect(tranche(r, `y1-advance-${code}`)).toMatchObject({ amountCents: advance, dueOn: start, kind: 'advance', mission: code, year: 1 });
    expect(tranche(r, `y1-balance-${code}`)).toMatchObject({ amountCents: balance, dueOn: '2023-07-01', kind: 'balance', year: 1 });
  });

  it('explains the pro rata in French', () => {
    const line = mission(r, 1, 'parcours').explanation[0];
    expect(line?.label).toBe('Part fixe — Parcours pluriprofessionnels, année 1');
    expect(line?.formula).toBe('45\u202f000,00\u00a0€ × 273/365 jours = 33\u202f657,53\u00a0€');
    expect(line?.sources.map((s) => s.tag)).toEqual(['OBS', 'MC']);
  });

  it('year-1 payments: 142 500.00, 25 243.15, 6 508.56', () => {
    expect(tranche(r, 'y1-fonctionnement')).toMatchObject({ amountCents: 7_500_000, dueOn: '2022-07-01', kind: 'fonctionnement', mission: null });
    expect(paidOn(r, '2022-07-01')).toBe(142_500 * EUR);
    expect(paidOn(r, '2022-10-01')).toBe(2_524_315);
    expect(paidOn(r, '2023-01-01')).toBe(650_856);
    const dates = groupByDueDate(r.tranches).map((g) => g.dueOn);
    expect(dates.slice(0, 4)).toEqual(['2022-07-01', '2022-10-01', '2023-01-01', '2023-07-01']);
  });

  it('on 2023-07-01: balances 33 083.90, variable 77 335.61, year-2 advances 170 625.00', () => {
    const on = r.tranches.filter((t) => t.dueOn === '2023-07-01');
    const sum = (kind: string, year: number) => on.filter((t) => t.kind === kind && t.year === year).reduce((s, t) => s + t.amountCents, 0);
    expect(sum('balance', 1)).toBe(3_308_390);
    expect(sum('variable', 1)).toBe(7_733_561);
    expect(sum('advance', 2)).toBe(17_062_500);
    expect(tranche(r, 'y2-advance-fonctionnement').amountCents).toBe(5_625_000);
    expect(tranche(r, 'y2-advance-acces_soins').amountCents).toBe(6_750_000);
    expect(tranche(r, 'y2-advance-parcours').amountCents).toBe(3_375_000);
    expect(tranche(r, 'y2-advance-prevention').amountCents).toBe(1_312_500);
    expect(paidOn(r, '2023-07-01')).toBe(3_308_390 + 7_733_561 + 17_062_500);
  });

  it('year-1 entitlement at full attainment: 284 671.22', () => {
    const y1 = r.years[0];
    expect(y1?.fonctionnementCents).toBe(75_000 * EUR);
    expect(y1?.missions.reduce((s, m) => s + (m.fixedCents ?? 0), 0)).toBe(13_233_561);
    expect(y1?.missions.reduce((s, m) => s + (m.variableCents ?? 0), 0)).toBe(7_733_561);
    expect(y1?.totalCents).toBe(28_467_122);
    expect(r.tranches.filter((t) => t.year === 1).reduce((s, t) => s + t.amountCents, 0)).toBe(28_467_122);
  });

  it('the variable is one rounding of rate × envelope × fraction', () => {
    const m = mission(r, 1, 'parcours');
    expect(m.variableCents).toBe(3_365_753);
    expect(m.explanation[1]?.formula).toBe('45\u202f000,00\u00a0€ × 273/365 jours × 100,00\u202f% = 33\u202f657,53\u00a0€');
    expect(tranche(r, 'y1-variable-parcours')).toMatchObject({ dueOn: '2023-07-01', kind: 'variable' });
  });

  it('without a validated attainment the variable is pending: null, no tranche, max shown', () => {
    const pending = computeFunding(exampleB());
    const m = mission(pending, 1, 'parcours');
    expect(m.variableCents).toBeNull();
    expect(m.variableStatus).toBe('pending');
    expect(m.variableMaxCents).toBe(3_365_753);
    expect(m.explanation[1]?.formula).toContain('En attente du dialogue de gestion');
    expect(pending.tranches.some((t) => t.kind === 'variable')).toBe(false);
    expect(pending.years[0]?.totalCents).toBe(28_467_122 - 7_733_561);
  });

  it('partial attainment: the rate is applied to the cents once, not rounded to 0,01 % first', () => {
    const p = computeFunding(exampleB({ attainment: [{ year: 2, mission: 'prevention', rate: 7200 / 17500 }] }));
    const m = mission(p, 2, 'prevention');
    // 17 500 × 0.4114285714285714 = 7 199,999999… → 7 200,00 (rounding the rate to 41,14 % first gave 7 199,50).
    expect(m.variableCents).toBe(720_000);
    expect(m.explanation[1]?.formula).toContain('≈ 41,142857\u202f%');
    const typed = computeFunding(exampleB({ attainment: [{ year: 2, mission: 'prevention', rate: 0.4114 }] }));
    expect(mission(typed, 2, 'prevention').variableCents).toBe(719_950); // exactly 41,14 % of 17 500
    expect(mission(typed, 2, 'prevention').explanation[1]?.formula).toContain('× 41,14\u202f%');
  });

  it('variable earned from indicators wins over the rate (example (c): 7 200)', () => {
    const p = computeFunding(
      exampleB({
        attainment: [{ year: 2, mission: 'prevention', rate: 1 }],
        variableEarned: [{ year: 2, mission: 'prevention', cents: 720_000 }],
      }),
    );
    expect(mission(p, 2, 'prevention').variableCents).toBe(720_000);
    expect(tranche(p, 'y2-variable-prevention')).toMatchObject({ amountCents: 720_000, dueOn: '2024-07-01' });
  });

  it('months variant of the pro rata (parameter)', () => {
    const p = computeFunding(exampleB(), { prorataUnit: 'months' });
    expect(mission(p, 1, 'parcours').prorata).toEqual({ num: 9, den: 12 });
    expect(mission(p, 1, 'parcours').fixedCents).toBe(3_375_000);
    expect(mission(p, 1, 'prevention').fixedCents).toBe(875_000);
  });
});

describe('worked example (d): a contract that crosses avenant 2', () => {
  const all = ['acces_soins', 'parcours', 'prevention', 'qualite', 'accompagnement', 'crise_sanitaire'] as const;
  const r = computeFunding(exampleD({ attainment: fullAttainment([...all]), crisisRecognised: [{ year: 2 }] }));

  it('year 1 on 2019 amounts, year 2 on avenant 2', () => {
    expect(r.textVersionAtSignature).toBe('aci2019');
    expect(r.years.map((y) => y.textVersion)).toEqual(['aci2019', 'avenant2', 'avenant2', 'avenant2', 'avenant2']);
    expect(r.years[1]?.from).toBe('2022-09-16');
  });

  it('mission 1: 120 000 in year 1 (2019, SNP included), 125 000 from year 2', () => {
    expect(mission(r, 1, 'acces_soins').totalCents).toBe(120_000 * EUR);
    expect(mission(r, 2, 'acces_soins').totalCents).toBe(125_000 * EUR);
  });

  it('no crisis mission in year 1; plan year 45 000 in year 2: 33 750 on 2022-09-16, 11 250 on 2023-09-16', () => {
    expect(mission(r, 1, 'crise_sanitaire')).toMatchObject({ state: 'not_started', totalCents: 0 });
    const y2 = mission(r, 2, 'crise_sanitaire');
    expect(y2).toMatchObject({ state: 'funded', crisisPlanYear: true, fixedCents: 45_000 * EUR });
    expect(tranche(r, 'y2-advance-crise_sanitaire')).toMatchObject({ amountCents: 33_750 * EUR, dueOn: '2022-09-16' });
    expect(tranche(r, 'y2-balance-crise_sanitaire')).toMatchObject({ amountCents: 11_250 * EUR, dueOn: '2023-09-16' });
  });

  it('crisis recognised in year 2: + 67 500 variable; year-2 maximum 487 500', () => {
    expect(mission(r, 2, 'crise_sanitaire').variableCents).toBe(67_500 * EUR);
    expect(r.years[1]?.totalCents).toBe(487_500 * EUR);
    expect(r.years[0]?.totalCents).toBe(370_000 * EUR);
  });

  it('year 3: crisis fixed 22 500 (advance 16 875 on 2023-09-16); no crisis → 397 500', () => {
    const y3 = mission(r, 3, 'crise_sanitaire');
    expect(y3).toMatchObject({ crisisPlanYear: false, fixedCents: 22_500 * EUR, variableCents: 0, variableStatus: 'no_crisis' });
    expect(tranche(r, 'y3-advance-crise_sanitaire')).toMatchObject({ amountCents: 16_875 * EUR, dueOn: '2023-09-16' });
    expect(r.years[2]?.totalCents).toBe(397_500 * EUR);
    expect(y3.variableMaxCents).toBe(67_500 * EUR);
  });

  it('crisis mission started during a 2019 year: not in the text that year, plan year = first avenant-2 year', () => {
    const early = computeFunding(
      exampleD({ missions: [{ code: 'crise_sanitaire', startedOn: '2022-05-01' }, { code: 'acces_soins', startedOn: '2021-09-16' }] }),
    );
    expect(mission(early, 1, 'crise_sanitaire')).toMatchObject({ state: 'not_in_text', totalCents: 0 });
    expect(mission(early, 2, 'crise_sanitaire')).toMatchObject({ crisisPlanYear: true, fixedCents: 45_000 * EUR, prorata: { num: 365, den: 365 } });
    expect(tranche(early, 'y2-advance-crise_sanitaire').dueOn).toBe('2022-09-16');
  });

  it('forcing the 2019 text keeps 2019 amounts and no crisis money', () => {
    const forced = computeFunding(exampleD({ textVersion: 'aci2019' }));
    expect(forced.years.every((y) => y.textVersion === 'aci2019')).toBe(true);
    expect(forced.years.every((y) => mission(forced, y.year, 'crise_sanitaire').totalCents === 0)).toBe(true);
    expect(mission(forced, 3, 'acces_soins').fixedCents).toBe(85_000 * EUR);
  });
});

describe('refusals: a missing figure is never a silent 0', () => {
  const t2 = exampleB({ populations: [{ population: 60_000, asOf: '2022-01-01' }] });

  it('T2 under avenant 2 has no parcours figure: the line is refused with a French message', () => {
    const r = computeFunding(t2);
    const m = mission(r, 1, 'parcours');
    expect(m.fixedCents).toBeNull();
    expect(m.variableCents).toBeNull();
    expect(m.variableStatus).toBe('refused');
    expect(m.totalCents).toBe(0);
    expect(m.refusals[0]).toMatch(/Part fixe — Parcours pluriprofessionnels, année 1 : aucun montant dans le tableau Avenant 2 pour la taille 2/);
    expect(m.refusals[0]).toContain("Saisissez la part fixe annuelle de la mission « Parcours pluriprofessionnels » figurant dans l'annexe du contrat");
    const y1 = r.years[0];
    expect(y1?.refusals.map((x) => x.line)).toContain('Part fixe — Parcours pluriprofessionnels, année 1');
    expect(y1?.fonctionnementCents).toBe(60_000 * EUR);
    expect(y1?.totalCents).toBe(60_000 * EUR);
    expect(r.tranches.some((x) => x.mission === 'parcours')).toBe(false);
  });

  it('the contract annex fills the gap (origin "contract"), per year beats all years', () => {
    const r = computeFunding({
      ...t2,
      envelopes: { missions: { parcours: { fixedCents: 3_000_000, variableCents: 3_000_000 } } },
      envelopesByYear: { 2: { missions: { parcours: { fixedCents: 4_000_000 } } } },
    });
    expect(mission(r, 1, 'parcours').fixedCents).toBe(mulDiv(3_000_000, 273, 365));
    expect(mission(r, 1, 'parcours').explanation[0]?.sources[0]).toEqual({ tag: 'S1', sourceIds: [], origin: 'contract' });
    expect(mission(r, 2, 'parcours').fixedCents).toBe(4_000_000);
    expect(mission(r, 3, 'parcours').fixedCents).toBe(3_000_000);
    expect(r.years[0]?.refusals.filter((x) => x.line.includes('Parcours'))).toEqual([]);
  });

  it('U figures carry the note "à vérifier avec l\'annexe du contrat" and a warning', () => {
    const r = computeFunding({
      signedOn: '2022-07-01',
      populations: [{ population: 20_000, asOf: '2022-07-01' }],
      missions: [{ code: 'crise_sanitaire', startedOn: '2022-07-01' }],
    });
    const line = mission(r, 1, 'crise_sanitaire').explanation[0];
    expect(line?.amountCents).toBe(25_000 * EUR);
    expect(line?.sources[0]?.tag).toBe('U');
    expect(line?.note).toContain("à vérifier avec l'annexe du contrat");
    expect(r.warnings.some((w) => w.includes('non vérifié'))).toBe(true);
    expect(mission(r, 2, 'crise_sanitaire').fixedCents).toBe(12_500 * EUR);
  });

  it('2019 T1 mission 1: f/v split unknown → refused unless the annex gives it', () => {
    const r = computeFunding({ signedOn: '2020-06-17', populations: [{ population: 30_000, asOf: '2020-01-01' }], missions: [{ code: 'acces_soins', startedOn: '2020-06-17' }] });
    expect(mission(r, 1, 'acces_soins').fixedCents).toBeNull();
    expect(mission(r, 1, 'acces_soins').refusals[0]).toContain('SNP');
    expect(r.years[0]?.totalCents).toBe(50_000 * EUR);
  });
});

describe('other rules', () => {
  it('a mission never started, or starting after the contract, earns nothing, explained', () => {
    const r = computeFunding(exampleB({ missions: [{ code: 'qualite', startedOn: null }, { code: 'parcours', startedOn: '2028-01-01' }] }));
    for (const y of r.years) {
      for (const m of y.missions) {
        expect(m.totalCents).toBe(0);
        expect(m.state).toBe('not_started');
        expect(m.explanation[0]?.formula.length).toBeGreaterThan(10);
      }
    }
    expect(mission(r, 5, 'parcours').explanation[0]?.formula).toContain('après la fin du contrat');
    expect(r.tranches.every((t) => t.mission === null)).toBe(true);
  });

  it('a start in year 3 is prorated in year 3 only', () => {
    const r = computeFunding(exampleB({ missions: [{ code: 'parcours', startedOn: '2025-01-01' }] }));
    expect(mission(r, 2, 'parcours').totalCents).toBe(0);
    expect(mission(r, 3, 'parcours').prorata).toEqual({ num: 181, den: 365 });
    expect(tranche(r, 'y3-advance-parcours').dueOn).toBe('2025-01-01');
    expect(mission(r, 4, 'parcours').fixedCents).toBe(45_000 * EUR);
  });

  it('re-banding: a new population figure changes the band from the next year', () => {
    const r = computeFunding(exampleB({ populations: [{ population: 70_000, asOf: '2022-01-01' }, { population: 90_000, asOf: '2023-03-01' }] }));
    expect(r.years.map((y) => y.sizeBand)).toEqual([2, 3, 3, 3, 3]);
    expect(r.years.map((y) => y.sizeBandChanged)).toEqual([false, true, false, false, false]);
    expect(r.years[1]?.explanation[1]?.formula).toContain('T2 → T3');
  });

  it('contract signed on 29 February', () => {
    const r = computeFunding({ signedOn: '2024-02-29', populations: [{ population: 100_000, asOf: '2024-01-01' }], missions: [] });
    expect(r.years.map((y) => [y.from, y.days])).toEqual([
      ['2024-02-29', 365],
      ['2025-02-28', 365],
      ['2026-02-28', 365],
      ['2027-02-28', 366],
      ['2028-02-29', 365],
    ]);
    expect(r.endsOn).toBe('2029-02-27');
  });

  it('warns on a missing socle mission, a late start and unused attainment', () => {
    const r = computeFunding(exampleB({ missions: [{ code: 'parcours', startedOn: '2023-09-01' }], attainment: [{ year: 1, mission: 'qualite', rate: 1 }] }));
    expect(r.warnings.join('\n')).toMatch(/Mission socle absente du contrat : « Accès aux soins »/);
    expect(r.warnings.join('\n')).toMatch(/après l'échéance du 01\/07\/2023/);
    expect(r.warnings.join('\n')).toMatch(/Qualité et pertinence des soins », année 1, ignorée/);
  });

  it('a contract signed before avenant 2 without the crisis mission is warned from the year avenant 2 applies', () => {
    const r = computeFunding(exampleD({ missions: exampleD().missions.filter((m) => m.code !== 'crise_sanitaire') }));
    expect(r.warnings).toContain("Mission socle absente du contrat : « Réponse aux crises sanitaires graves » (socle à partir de l'année 2, Avenant 2).");
  });

  it('an invalid annex amount is refused, not used', () => {
    const r = computeFunding(exampleB({ envelopes: { fonctionnementCents: 12.5, missions: { parcours: { fixedCents: -1 } } } }));
    expect(r.years[0]?.fonctionnementCents).toBeNull();
    expect(r.years[0]?.refusals.map((x) => x.message).join('\n')).toMatch(/montant invalide dans l'annexe du contrat \(12.5\)/);
    expect(mission(r, 1, 'parcours').fixedCents).toBeNull();
  });

  it('tranche ids are stable and sorted by date then id', () => {
    const r = computeFunding(exampleB());
    const ids = r.tranches.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 2)).toEqual(['y1-advance-acces_soins', 'y1-fonctionnement']);
  });

  it('output is JSON-serialisable and deterministic', () => {
    const a = computeFunding(exampleD());
    const b = computeFunding(exampleD());
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(a).toEqual(b);
  });

  it('refuses an input that describes no contract', () => {
    expect(() => computeFunding({ ...exampleB(), populations: [] })).toThrow(FundingInputError);
    expect(() => computeFunding({ ...exampleB(), signedOn: '2022-02-30' })).toThrow(FundingInputError);
  });
});

function mulDiv(c: number, n: number, d: number): number {
  return Number((BigInt(c) * BigInt(n) * 2n + BigInt(d)) / (2n * BigInt(d)));
}
