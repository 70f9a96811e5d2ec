import { describe, expect, it } from 'vitest';
import { computeFunding } from '../../../shared/domain/funding';
import { fundingFileJsonSchema, fundingFileSchema, fundingFileToInput } from '../../../shared/domain/fundingInput';

const valid = {
  signedOn: '2022-07-01',
  population: 100_000,
  populationAsOf: '2022-01-01',
  envelopes: { fonctionnement: 7_500_000, parcours: { fixed: 4_500_000, variable: 4_500_000 } },
  missions: [
    { code: 'acces_soins', startedOn: '2022-07-01' },
    { code: 'parcours', startedOn: '2022-10-01' },
    { code: 'prevention', startedOn: '2023-01-01' },
    { code: 'qualite', startedOn: null },
  ],
  attainment: [
    { year: 1, mission: 'acces_soins', rate: 1 },
    { year: 1, mission: 'parcours', rate: 1 },
    { year: 1, mission: 'prevention', rate: 1 },
  ],
};

function messages(input: unknown): string[] {
  const r = fundingFileSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

describe('fundingFileSchema', () => {
  it('accepts a valid file and converts it to the engine input (example (b))', () => {
    const file = fundingFileSchema.parse(valid);
    const input = fundingFileToInput(file);
    expect(input.populations).toEqual([{ population: 100_000, asOf: '2022-01-01' }]);
    expect(input.envelopes).toEqual({ fonctionnementCents: 7_500_000, missions: { parcours: { fixedCents: 4_500_000, variableCents: 4_500_000 } } });
    const r = computeFunding(input);
    expect(r.years[0]?.totalCents).toBe(28_467_122);
  });
  it('dates the population at the signature by default', () => {
    const { populationAsOf: _unused, ...rest } = valid;
    expect(fundingFileToInput(fundingFileSchema.parse(rest)).populations[0]?.asOf).toBe('2022-07-01');
  });
  it('refuses a mission start before the signature, naming the field', () => {
    const m = messages({ ...valid, missions: [{ code: 'parcours', startedOn: '2022-06-30' }] });
    expect(m).toEqual(['missions[0].startedOn : le démarrage (2022-06-30) ne peut pas précéder la signature (2022-07-01)']);
  });
  it('refuses rates above 1', () => {
    expect(messages({ ...valid, attainment: [{ year: 1, mission: 'parcours', rate: 1.2 }] })).toEqual([
      'attainment[].rate : le taux ne peut pas dépasser 1 (100 %)',
    ]);
  });
  it.each([
    [{ signedOn: '2022-02-30' }, 'signedOn : date invalide'],
    [{ signedOn: 20220701 }, 'signedOn : date attendue'],
    [{ population: 12.5 }, 'population : nombre entier'],
    [{ population: -1 }, 'population : ne peut pas être négative'],
    [{ textVersion: 'avenant9' }, 'textVersion : version inconnue'],
    [{ envelopes: { fonctionnement: 10.5 } }, 'envelopes.fonctionnement : montant en centimes'],
    [{ envelopes: { parcours: { fixed: -1 } } }, 'envelopes.parcours.fixed : le montant ne peut pas être négatif'],
    [{ envelopes: { autre: 1 } }, 'envelopes : champ(s) inconnu(s) : autre'],
    [{ missions: [{ code: 'autre', startedOn: null }] }, 'missions[].code : code de mission inconnu'],
    [{ missions: 'x' }, 'missions : liste attendue'],
    [{ attainment: [{ year: 6, mission: 'parcours', rate: 1 }] }, "attainment[].year : l'année contractuelle va de 1 à 5"],
    [{ extra: true }, 'fichier : champ(s) inconnu(s) : extra'],
  ])('%j → French message naming the field', (patch, expected) => {
    expect(messages({ ...valid, ...patch }).join('\n')).toContain(expected);
  });
  it('refuses a duplicated mission', () => {
    expect(messages({ ...valid, missions: [{ code: 'parcours', startedOn: null }, { code: 'parcours', startedOn: null }] })).toEqual([
      'missions[1].code : mission « parcours » en double',
    ]);
  });
  it('has a JSON Schema', () => {
    const schema = fundingFileJsonSchema();
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['signedOn', 'missions']);
    expect(schema.oneOf).toHaveLength(2);
    const props = schema.properties as Record<string, unknown>;
    for (const field of ['population', 'populationAsOf', 'populations', 'envelopes', 'envelopesByYear', 'crisisRecognisedYears']) expect(props).toHaveProperty(field);
    expect(JSON.stringify(schema)).toContain('crise_sanitaire');
    expect(JSON.stringify(schema)).toContain('fixedLaterYears');
  });
});

/** A T3 contract signed under avenant 2, with the crisis mission (reference §5.2, OBS amounts). */
const crisisFile = {
  signedOn: '2022-07-01',
  populations: [{ count: 100_000, asOf: '2022-01-01' }],
  missions: [
    { code: 'acces_soins', startedOn: '2022-07-01' },
    { code: 'crise_sanitaire', startedOn: '2022-10-01' },
  ],
};

function run(file: unknown) {
  return computeFunding(fundingFileToInput(fundingFileSchema.parse(file)));
}

function crisis(r: ReturnType<typeof computeFunding>, year: number) {
  const m = r.years[year - 1]?.missions.find((x) => x.code === 'crise_sanitaire');
  if (m === undefined) throw new Error(`no crisis mission in year ${year}`);
  return m;
}

describe('funding file: dated populations', () => {
  const base = { signedOn: '2022-07-01', missions: [{ code: 'acces_soins', startedOn: '2022-07-01' }] };

  it('converts populations to the engine input', () => {
    const input = fundingFileToInput(
      fundingFileSchema.parse({ ...base, populations: [{ count: 30_000, asOf: '2022-01-01' }, { count: 100_000, asOf: '2024-03-01' }] }),
    );
    expect(input.populations).toEqual([
      { population: 30_000, asOf: '2022-01-01' },
      { population: 100_000, asOf: '2024-03-01' },
    ]);
  });

  it('changes the size band in the first contract year that starts after the new figure', () => {
    // Years start 2022-07-01, 2023-07-01, 2024-07-01, ...: the 2024-03-01 figure applies from year 3.
    const r = run({ ...base, populations: [{ count: 100_000, asOf: '2024-03-01' }, { count: 30_000, asOf: '2022-01-01' }] });
    expect(r.years.map((y) => y.sizeBand)).toEqual([1, 1, 3, 3, 3]);
    expect(r.years.map((y) => y.population)).toEqual([30_000, 30_000, 100_000, 100_000, 100_000]);
    expect(r.years.map((y) => y.sizeBandChanged)).toEqual([false, false, true, false, false]);
    expect(r.years[2]?.fonctionnementCents).toBe(7_500_000);
    expect(r.years[1]?.fonctionnementCents).toBe(5_000_000);
  });

  it('a figure dated on the first day of a year applies to that year', () => {
    const r = run({ ...base, populations: [{ count: 30_000, asOf: '2022-01-01' }, { count: 200_000, asOf: '2025-07-01' }] });
    expect(r.years.map((y) => y.sizeBand)).toEqual([1, 1, 1, 4, 4]);
  });

  it.each([
    [{}, 'population : obligatoire'],
    [{ population: 30_000, populations: [{ count: 30_000, asOf: '2022-01-01' }] }, 'populations : donnez soit « population », soit « populations », pas les deux'],
    [{ populations: [] }, 'populations : au moins une population datée'],
    [{ populations: [{ count: 30_000 }] }, 'populations[].asOf : date attendue'],
    [{ populations: [{ count: 30_000, asOf: '2022-01-01', extra: 1 }] }, 'populations[] : champ(s) inconnu(s) : extra'],
    [{ populations: [{ count: 10_000_001, asOf: '2022-01-01' }] }, 'populations[].count : population trop élevée'],
    [{ populations: [{ count: -1, asOf: '2022-01-01' }] }, 'populations[].count : ne peut pas être négative'],
    [{ populations: [{ count: 1.5, asOf: '2022-01-01' }] }, 'populations[].count : nombre entier'],
    [{ populations: [{ count: 30_000, asOf: '2018-12-31' }] }, 'populations[].asOf : date hors des limites plausibles'],
    [{ populations: [{ count: 1, asOf: '2022-01-01' }, { count: 2, asOf: '2022-01-01' }] }, 'populations[1].asOf : deux populations à la même date'],
    [{ populations: [{ count: 1, asOf: '2022-01-01' }], populationAsOf: '2022-01-01' }, 'populationAsOf : ne s’emploie qu’avec « population »'],
    [{ population: 10_000_001 }, 'population : population trop élevée'],
  ])('%j → French message naming the field', (patch, expected) => {
    expect(messages({ ...base, ...patch }).join('\n')).toContain(expected);
  });
});

describe('funding file: envelopes per contract year', () => {
  it('applies envelopesByYear only to its year, over the all-years envelopes', () => {
    const r = run({
      ...crisisFile,
      envelopes: { fonctionnement: 7_600_000, acces_soins: { fixed: 9_100_000 } },
      envelopesByYear: { '3': { fonctionnement: 9_000_000, acces_soins: { variable: 4_000_000 } } },
    });
    expect(r.years.map((y) => y.fonctionnementCents)).toEqual([7_600_000, 7_600_000, 9_000_000, 7_600_000, 7_600_000]);
    const acces = (year: number) => r.years[year - 1]?.missions.find((m) => m.code === 'acces_soins');
    expect([1, 2, 3, 4, 5].map((y) => acces(y)?.variableMaxCents)).toEqual([3_500_000, 3_500_000, 4_000_000, 3_500_000, 3_500_000]);
    // The year-3 annex changes only the variable: the fixed part still comes from `envelopes`.
    expect(acces(3)?.fixedCents).toBe(9_100_000);
    expect(acces(3)?.explanation.some((l) => l.note?.includes('annexe du contrat (année 3)'))).toBe(true);
  });

  it.each([
    [{ envelopesByYear: { '6': {} } }, 'envelopesByYear : année(s) contractuelle(s) inconnue(s) : 6'],
    [{ envelopesByYear: { '0': {} } }, 'envelopesByYear : année(s) contractuelle(s) inconnue(s) : 0'],
    [{ envelopesByYear: { '2': { fonctionnement: -1 } } }, 'envelopesByYear.2.fonctionnement : le montant ne peut pas être négatif'],
    [{ envelopesByYear: { '2': { fonctionnement: 10_000_000_001 } } }, 'envelopesByYear.2.fonctionnement : montant trop élevé'],
    [{ envelopesByYear: { '2': { parcours: { fixed: 1.5 } } } }, 'envelopesByYear.2.parcours.fixed : montant en centimes'],
    [{ envelopesByYear: { '2': { autre: 1 } } }, 'envelopesByYear.2 : champ(s) inconnu(s) : autre'],
    [{ envelopesByYear: 'x' }, 'envelopesByYear : objet attendu'],
    [{ envelopes: { fonctionnement: 10_000_000_001 } }, 'envelopes.fonctionnement : montant trop élevé (au plus 100 000 000 €'],
    [{ envelopes: { parcours: { fixedLaterYears: 1 } } }, 'envelopes.parcours.fixedLaterYears : réservé à la mission crise_sanitaire'],
    [{ envelopes: { crise_sanitaire: { fixedLaterYears: 10_000_000_001 } } }, 'envelopes.crise_sanitaire.fixedLaterYears : montant trop élevé'],
    [{ envelopes: { crise_sanitaire: { variable: -1 } } }, 'envelopes.crise_sanitaire.variable : le montant ne peut pas être négatif'],
    [{ variableEarned: [{ year: 1, mission: 'acces_soins', cents: 10_000_000_001 }] }, 'variableEarned[].cents : montant trop élevé'],
    [{ signedOn: '2041-01-01' }, 'signedOn : date hors des limites plausibles (du 2019-01-01 au 2040-12-31)'],
    [{ missions: [{ code: 'acces_soins', startedOn: '2041-01-01' }] }, 'missions[].startedOn : date hors des limites plausibles'],
  ])('%j → French message naming the field', (patch, expected) => {
    expect(messages({ ...crisisFile, ...patch }).join('\n')).toContain(expected);
  });
});

describe('funding file: crisis mission', () => {
  const amounts = { crise_sanitaire: { fixed: 4_000_000, fixedLaterYears: 2_000_000, variable: 6_000_000 } };

  it('uses the plan-year fixed amount in the first funded year, the later-year amount after', () => {
    const r = run({ ...crisisFile, envelopes: amounts });
    // Year 1 is the plan year, started 2022-10-01: 273/365 of the plan-year amount.
    expect(crisis(r, 1)).toMatchObject({ crisisPlanYear: true, fixedCents: Math.round((4_000_000 * 273) / 365) });
    for (const y of [2, 3, 4, 5]) expect(crisis(r, y)).toMatchObject({ crisisPlanYear: false, fixedCents: 2_000_000 });
  });

  it('a recognised crisis with a rate of 1 pays the whole variable envelope, pro rata in the start year', () => {
    const attainment = [1, 2, 3].map((year) => ({ year, mission: 'crise_sanitaire', rate: 1 }));
    const r = run({ ...crisisFile, envelopes: amounts, attainment, crisisRecognisedYears: [1, 2] });
    expect(crisis(r, 1)).toMatchObject({ variableStatus: 'validated', variableCents: Math.round((6_000_000 * 273) / 365) });
    expect(crisis(r, 2)).toMatchObject({ variableStatus: 'validated', variableCents: 6_000_000 });
    // Year 3: rate 1 but no crisis recognised.
    expect(crisis(r, 3)).toMatchObject({ variableStatus: 'no_crisis', variableCents: 0 });
    expect(r.tranches.filter((t) => t.kind === 'variable' && t.mission === 'crise_sanitaire').map((t) => [t.year, t.amountCents])).toEqual([
      [1, Math.round((6_000_000 * 273) / 365)],
      [2, 6_000_000],
    ]);
  });

  it('table amounts (T3, avenant 2): 67 500 € variable in a recognised year', () => {
    const r = run({ ...crisisFile, attainment: [{ year: 2, mission: 'crise_sanitaire', rate: 1 }], crisisRecognisedYears: [2] });
    expect(crisis(r, 2)).toMatchObject({ variableCents: 6_750_000, fixedCents: 2_250_000 });
  });

  it('without recognition the crisis variable stays 0 whatever the rate', () => {
    for (const rate of [0, 0.5, 1]) {
      const attainment = [1, 2, 3, 4, 5].map((year) => ({ year, mission: 'crise_sanitaire', rate }));
      const r = run({ ...crisisFile, envelopes: amounts, attainment });
      for (const y of [1, 2, 3, 4, 5]) expect(crisis(r, y)).toMatchObject({ variableStatus: 'no_crisis', variableCents: 0 });
      expect(r.tranches.some((t) => t.kind === 'variable' && t.mission === 'crise_sanitaire')).toBe(false);
    }
  });

  it.each([
    [{ crisisRecognisedYears: [0] }, "crisisRecognisedYears[] : l'année contractuelle va de 1 à 5"],
    [{ crisisRecognisedYears: [6] }, "crisisRecognisedYears[] : l'année contractuelle va de 1 à 5"],
    [{ crisisRecognisedYears: [1.5] }, 'crisisRecognisedYears[] : année contractuelle attendue'],
    [{ crisisRecognisedYears: 2 }, 'crisisRecognisedYears : liste attendue'],
    [{ crisisRecognisedYears: [2, 2] }, 'crisisRecognisedYears[1] : année 2 en double'],
    [
      { crisisRecognisedYears: [2], missions: [{ code: 'acces_soins', startedOn: '2022-07-01' }] },
      'crisisRecognisedYears : la mission crise_sanitaire doit figurer dans « missions »',
    ],
  ])('%j → French message naming the field', (patch, expected) => {
    expect(messages({ ...crisisFile, ...patch }).join('\n')).toContain(expected);
  });
});
