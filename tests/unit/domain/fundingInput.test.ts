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
    expect(schema.required).toEqual(['signedOn', 'population', 'missions']);
    expect(JSON.stringify(schema)).toContain('crise_sanitaire');
  });
});
