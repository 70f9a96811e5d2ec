// The engine option explain: false (issue 11, the portfolio workbook of 1 000 contracts) skips the
// explanation lines only: every figure, tranche, refusal and warning is the one of the default run.
import { describe, expect, it } from 'vitest';
import { portfolio } from '../../../scripts/bench-engine';
import { computeFunding, DEFAULT_ENGINE_OPTIONS, type EngineOptions, type FundingInput, type FundingResult } from '../../../shared/domain/funding';
import { exampleB, exampleD, fullAttainment } from './fixtures';

/** The result with every explanation emptied: what explain: false must give. */
function withoutExplanations(r: FundingResult): FundingResult {
  return {
    ...r,
    years: r.years.map((y) => ({ ...y, explanation: [], missions: y.missions.map((m) => ({ ...m, explanation: [] })) })),
    tranches: r.tranches.map((t) => ({ ...t, explanation: [] })),
  };
}

const cases: { name: string; input: FundingInput; options?: Partial<EngineOptions> }[] = [
  { name: 'exemple B', input: exampleB() },
  { name: 'exemple B en mois', input: exampleB(), options: { prorataUnit: 'months' } },
  { name: 'exemple B, part variable non proratisée', input: exampleB({ attainment: fullAttainment(['acces_soins', 'parcours', 'prevention']) }), options: { variableProratedInStartYear: false } },
  { name: 'exemple D, crise reconnue', input: exampleD({ attainment: fullAttainment(['acces_soins', 'parcours', 'prevention', 'crise_sanitaire'], [1, 2]), crisisRecognised: [{ year: 2 }] }) },
  {
    name: 'exemple B, année arrêtée, acquis et addendum',
    input: exampleB({
      variableEarned: [{ year: 3, mission: 'prevention', cents: 720_000 }],
      variableClosed: [
        { year: 2, mission: 'parcours', cents: 1_000_000, computedCents: 900_000, maxCents: 2_000_000, decided: true, fixedOn: '2024-07-01', reviewLabel: 'dialogue annuel n° 3 du 01/07/2024' },
        { year: 2, mission: 'acces_soins', cents: 500_000, computedCents: null, maxCents: null, decided: false, fixedOn: '2024-07-01', reviewLabel: 'dialogue annuel n° 3 du 01/07/2024' },
      ],
      adjustments: [{ id: 'adj-1', year: 2, mission: 'parcours', cents: -50_000, dueOn: '2024-09-01', text: 'Reprise décidée en commission.' }],
    }),
  },
  { name: 'population hors tables (refus)', input: exampleB({ populations: [{ population: 400_000, asOf: '2019-01-01' }] }) },
];

describe('computeFunding, explain: false', () => {
  it('is on by default', () => {
    expect(DEFAULT_ENGINE_OPTIONS.explain).toBe(true);
    expect(computeFunding(exampleB()).years[0]?.explanation.length).toBeGreaterThan(0);
  });

  for (const c of cases) {
    it(`gives the same figures without explanation lines: ${c.name}`, () => {
      const full = computeFunding(c.input, c.options);
      const lean = computeFunding(c.input, { ...c.options, explain: false });
      expect(lean).toEqual(withoutExplanations(full));
      expect(full.tranches.length).toBeGreaterThan(0);
      expect(full.tranches.every((t) => t.explanation.length === 1)).toBe(true);
    });
  }

  it('gives the same figures on 300 synthetic contracts (the bench portfolio)', () => {
    for (const input of portfolio(300, 7)) {
      expect(computeFunding(input, { explain: false })).toEqual(withoutExplanations(computeFunding(input)));
    }
  });
});
