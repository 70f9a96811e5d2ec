import { describe, expect, it } from 'vitest';
import {
  CEILING_ROW_SCOPES,
  crisisYearKinds,
  sourcesText,
  yearAmountsFromCells,
  yearAmountsFromFunding,
  yearCeilings,
  type EnvelopeCellsYear,
  type YearEnvelopeAmounts,
} from '../../../shared/domain/ceilings';
import { computeFunding, type FundingInput } from '../../../shared/domain/funding';
import { TEXT_VERSIONS, ruleTableFor } from '../../../shared/domain/rules';
import { formatEuros } from '../../../shared/money';
import { exampleB, exampleD } from './fixtures';

const EUR = 100;

/** A 2019 taille-1 year whose envelopes add up to `total` euros (all in fonctionnement + one mission). */
function t1in2019(total: number): YearEnvelopeAmounts {
  return {
    textVersion: 'aci2019',
    sizeBand: 1,
    fonctionnementCents: 50_000 * EUR,
    missions: [{ code: 'parcours', fixedCents: ((total - 50_000) / 2) * EUR, variableCents: ((total - 50_000) / 2) * EUR }],
    crisis: 'none',
  };
}

function computed(input: FundingInput) {
  return yearAmountsFromFunding(input, computeFunding(input)).map(yearCeilings);
}

describe('published ceilings: the rule tables', () => {
  it('every published maximum of every text is classified', () => {
    for (const v of TEXT_VERSIONS) {
      for (const key of Object.keys(ruleTableFor(v).maxTotals)) expect(CEILING_ROW_SCOPES, `${v}.${key}`).toHaveProperty(key);
    }
  });
});

describe('yearCeilings', () => {
  it('taille 1 under the 2019 text: 185 000 € hors SNP (S1, CPAM de l’Allier) and 220 000 € SNP compris', () => {
    const r = yearCeilings(t1in2019(185_000));
    expect(r.contractMaxCents).toBe(185_000 * EUR);
    expect(r.ceilings.map((c) => [c.key, c.cents, c.tag, c.kind, c.exceeded])).toEqual([
      ['exclSnp', 185_000 * EUR, 'S1', 'partial', false],
      ['inclSnp', 220_000 * EUR, 'S1', 'cap', false],
    ]);
    expect(r.ceilings[1]?.sourceIds).toEqual([8]);
    expect(sourcesText(r.ceilings[0] ?? { tag: 'U', sourceIds: [], note: null })).toBe("S1, Communiqué de la CPAM de l'Allier du 17 juin 2020 (CPTS Sud Allier)");
    expect(r.warnings).toEqual([]);
    expect(r.notes).toEqual([]);
  });

  it('above the total hors SNP only: a note to check the SNP financing, no warning', () => {
    const r = yearCeilings(t1in2019(200_000));
    expect(r.ceilings.find((c) => c.key === 'exclSnp')).toMatchObject({ exceeded: true, excessCents: 15_000 * EUR });
    expect(r.warnings).toEqual([]);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toContain('soins non programmés');
  });

  it('above the 2019 maximum SNP compris: a warning naming the ceiling, its tag and sources', () => {
    const r = yearCeilings(t1in2019(230_000));
    expect(r.ceilings.find((c) => c.key === 'inclSnp')).toMatchObject({ exceeded: true, excessCents: 10_000 * EUR, comparedCents: 230_000 * EUR });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toBe(
      `Maximum annuel du contrat (${formatEuros(230_000 * EUR)}) supérieur de ${formatEuros(10_000 * EUR)} au plafond publié « Total SNP compris » ` +
        `(${formatEuros(220_000 * EUR)}, S1, sources n° 8) : vérifiez les montants saisis avec l’annexe signée.`,
    );
  });

  it('worked example (d), table amounts: each year at its published maximum exactly, nothing exceeded', () => {
    const years = computed(exampleD());
    expect(years.map((y) => y.contractMaxCents)).toEqual([370_000, 487_500, 465_000, 465_000, 465_000].map((e) => e * EUR));
    // Year 1, 2019 text: 370 000 = total SNP compris; the total hors SNP (300 000, U) is exceeded by the SNP line.
    expect(years[0]?.ceilings.map((c) => [c.key, c.cents / EUR, c.exceeded])).toEqual([
      ['exclSnp', 300_000, true],
      ['inclSnp', 370_000, false],
    ]);
    expect(years[0]?.warnings).toEqual([]);
    // Year 2, the crisis plan year under avenant 2: 487 500 (D, U).
    expect(years[1]?.ceilings.map((c) => [c.key, c.cents / EUR, c.tag, c.exceeded])).toEqual([['planYearWithCrisis', 487_500, 'U', false]]);
    // Year 3: plan update, with a crisis 465 000; without the crisis variable 397 500.
    expect(years[2]?.ceilings.map((c) => [c.key, c.comparedCents / EUR, c.cents / EUR, c.exceeded])).toEqual([
      ['laterYearNoCrisis', 397_500, 397_500, false],
      ['laterYearWithCrisis', 465_000, 465_000, false],
    ]);
    for (const y of years) expect(y.warnings).toEqual([]);
  });

  it('an envelope raised for one year only warns for that year only', () => {
    const years = computed(exampleD({ envelopesByYear: { 3: { fonctionnementCents: 75_001 * EUR } } }));
    expect(years.map((y) => y.warnings.length)).toEqual([0, 0, 2, 0, 0]);
    expect(years[2]?.ceilings.every((c) => c.exceeded && c.excessCents === 1 * EUR)).toBe(true);
    expect(years[2]?.warnings[0]).toContain('hors part variable de crise');
  });

  it('taille 4 under avenant 2: 580 000 € (S2, sources 14, 15) bounds every year', () => {
    const input: FundingInput = {
      signedOn: '2022-07-01',
      populations: [{ population: 200_000, asOf: '2022-01-01' }],
      envelopes: {
        fonctionnementCents: 90_000 * EUR,
        missions: { acces_soins: { fixedCents: 200_000 * EUR, variableCents: 100_000 * EUR }, crise_sanitaire: {} },
      },
      missions: [
        { code: 'acces_soins', startedOn: '2022-07-01' },
        { code: 'crise_sanitaire', startedOn: '2022-07-01' },
      ],
    };
    const years = computed(input);
    // Plan year: 90 000 + 300 000 + 50 000 + 75 000 = 515 000; later years: 90 000 + 300 000 + 25 000 + 75 000 = 490 000.
    expect(years.map((y) => y.contractMaxCents / EUR)).toEqual([515_000, 490_000, 490_000, 490_000, 490_000]);
    expect(years[0]?.ceilings).toEqual([expect.objectContaining({ key: 'planYearWithCrisis', cents: 580_000 * EUR, tag: 'S2', sourceIds: [14, 15], fallback: false })]);
    // No later-year row for taille 4: the text's highest maximum applies.
    expect(years[1]?.ceilings).toEqual([expect.objectContaining({ key: 'planYearWithCrisis', cents: 580_000 * EUR, fallback: true, exceeded: false })]);
    const raised = computed({ ...input, envelopesByYear: { 2: { fonctionnementCents: 180_001 * EUR } } });
    expect(raised[1]?.ceilings[0]).toMatchObject({ exceeded: true, excessCents: 1 * EUR });
    expect(raised[1]?.warnings[0]).toContain(`(${formatEuros(580_000 * EUR)}, S2, sources n° 14, 15)`);
  });

  it('no ceiling published for the band: a note, and the contract maximum still given', () => {
    const r = yearCeilings({ textVersion: 'avenant2', sizeBand: 2, fonctionnementCents: 60_000 * EUR, missions: [], crisis: 'none' });
    expect(r.ceilings).toEqual([]);
    expect(r.contractMaxCents).toBe(60_000 * EUR);
    expect(r.notes).toEqual(['Aucun plafond publié pour la taille 2 dans le texte Avenant 2.']);
  });

  it('missing amounts count for nothing and make the maximum partial', () => {
    const years = computed(exampleB({ populations: [{ population: 30_000, asOf: '2022-01-01' }] }));
    // Taille 1 under avenant 2: only fonctionnement is in the table; 6 mission amounts are missing.
    expect(years[0]).toMatchObject({ contractMaxCents: 50_000 * EUR, missingLines: 6 });
    expect(years[0]?.warnings).toEqual(['6 montants manquants : le maximum annuel du contrat est partiel.']);
  });
});

describe('crisis year kinds', () => {
  const years = [1, 2, 3, 4, 5].map((year) => ({ year, to: `${2021 + year}-09-15`, providesCrisis: year >= 2 }));

  it('plan year = first year of a text providing the mission that it has started by', () => {
    expect([...crisisYearKinds(years, '2022-09-16', '2021-09-16').values()]).toEqual(['none', 'plan', 'later', 'later', 'later']);
    expect([...crisisYearKinds(years, '2024-01-01', '2021-09-16').values()]).toEqual(['none', 'plan', 'plan', 'later', 'later']);
  });

  it('never started: the plan-year amounts in every year of the text', () => {
    expect([...crisisYearKinds(years, null, '2021-09-16').values()]).toEqual(['none', 'plan', 'plan', 'plan', 'plan']);
  });

  it('agrees with the engine (worked example (d))', () => {
    const input = exampleD();
    const r = computeFunding(input);
    const kinds = yearAmountsFromFunding(input, r).map((y) => y.crisis);
    expect(kinds).toEqual(['none', 'plan', 'later', 'later', 'later']);
    expect(r.years.map((y) => y.missions.find((m) => m.code === 'crise_sanitaire')?.crisisPlanYear)).toEqual([false, true, false, false, false]);
  });
});

describe('yearAmountsFromCells', () => {
  const cells: EnvelopeCellsYear = {
    year: 3,
    to: '2024-09-15',
    textVersion: 'avenant2',
    sizeBand: 3,
    cells: [
      { line: 'fonctionnement', mission: null, cents: 75_000 * EUR },
      { line: 'fixed', mission: 'parcours', cents: 45_000 * EUR },
      { line: 'variable', mission: 'parcours', cents: null },
      { line: 'fixed', mission: 'crise_sanitaire', cents: 45_000 * EUR },
      { line: 'variable', mission: 'crise_sanitaire', cents: 67_500 * EUR },
      { line: 'fixedLater', mission: 'crise_sanitaire', cents: 22_500 * EUR },
    ],
  };

  it('takes the plan-year or the plan-update part fixe of the crisis mission', () => {
    expect(yearAmountsFromCells(cells, 'later').missions).toEqual([
      { code: 'parcours', fixedCents: 45_000 * EUR, variableCents: null },
      { code: 'crise_sanitaire', fixedCents: 22_500 * EUR, variableCents: 67_500 * EUR },
    ]);
    expect(yearAmountsFromCells(cells, 'plan').missions[1]).toEqual({ code: 'crise_sanitaire', fixedCents: 45_000 * EUR, variableCents: 67_500 * EUR });
    const r = yearCeilings(yearAmountsFromCells(cells, 'later'));
    expect(r).toMatchObject({ contractMaxCents: (75_000 + 45_000 + 22_500 + 67_500) * EUR, missingLines: 1 });
  });
});
