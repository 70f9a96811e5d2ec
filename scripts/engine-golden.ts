/**
 * Golden output of the funding engine: computes the bench's synthetic portfolios, the fixtures of
 * tests/unit/domain and a wider deterministic set of inputs (contract annexes, earned amounts,
 * forced versions, invalid values, engine options), and writes the JSON of every FundingResult
 * (or the error thrown), one case per line. Used to prove that an engine refactoring changes no
 * output: run it before and after, then compare the two files byte for byte.
 *
 * Run: npx tsx scripts/engine-golden.ts [output]   (default /tmp/engine-golden-before.json)
 *      cmp /tmp/engine-golden-before.json /tmp/engine-golden-after.json
 */
import { writeFileSync } from 'node:fs';
import { addDays, fromDayNumber, toDayNumber } from '../shared/dates';
import { computeFunding, type EngineOptions, type FundingInput, type MissionEnvelope } from '../shared/domain/funding';
import { MISSION_CODES, type MissionCode } from '../shared/domain/missions';
import { TEXT_VERSIONS } from '../shared/domain/rules';
import { exampleB, exampleD, fullAttainment } from '../tests/unit/domain/fixtures';
import { BENCH_SEED, COLD_SEED, CONTRACTS, portfolio, prng } from './bench-engine';

interface Case {
  name: string;
  input: FundingInput;
  options?: Partial<EngineOptions>;
}

const ALL = [...MISSION_CODES];

/** The inputs of tests/unit/domain (fixtures and the contracts the example tests build). */
function fixtureCases(): Case[] {
  const t2 = exampleB({ populations: [{ population: 60_000, asOf: '2022-01-01' }] });
  const cases: Case[] = [
    { name: 'exampleB', input: exampleB() },
    { name: 'exampleD', input: exampleD() },
    { name: 'exampleB-full-y1', input: exampleB({ attainment: fullAttainment(['acces_soins', 'parcours', 'prevention'], [1]) }) },
    { name: 'exampleB-rate', input: exampleB({ attainment: [{ year: 2, mission: 'prevention', rate: 7200 / 17500 }] }) },
    {
      name: 'exampleB-earned-wins',
      input: exampleB({ attainment: [{ year: 2, mission: 'prevention', rate: 1 }], variableEarned: [{ year: 2, mission: 'prevention', cents: 720_000 }] }),
    },
    { name: 'exampleB-months', input: exampleB(), options: { prorataUnit: 'months' } },
    { name: 'exampleB-variable-not-prorated', input: exampleB({ attainment: fullAttainment(['acces_soins', 'parcours', 'prevention']) }), options: { variableProratedInStartYear: false } },
    { name: 'exampleD-full-crisis', input: exampleD({ attainment: fullAttainment(ALL), crisisRecognised: [{ year: 2 }] }) },
    {
      name: 'exampleD-crisis-early',
      input: exampleD({ missions: [{ code: 'crise_sanitaire', startedOn: '2022-05-01' }, { code: 'acces_soins', startedOn: '2021-09-16' }] }),
    },
    { name: 'exampleD-forced-2019', input: exampleD({ textVersion: 'aci2019' }) },
    { name: 't2', input: t2 },
    {
      name: 't2-annex',
      input: {
        ...t2,
        envelopes: { missions: { parcours: { fixedCents: 3_000_000, variableCents: 3_000_000 } } },
        envelopesByYear: { 2: { missions: { parcours: { fixedCents: 4_000_000 } } } },
      },
    },
    {
      name: 'u-figures',
      input: { signedOn: '2022-07-01', populations: [{ population: 20_000, asOf: '2022-07-01' }], missions: [{ code: 'crise_sanitaire', startedOn: '2022-07-01' }] },
    },
    {
      name: 't1-2019',
      input: { signedOn: '2020-06-17', populations: [{ population: 30_000, asOf: '2020-01-01' }], missions: [{ code: 'acces_soins', startedOn: '2020-06-17' }] },
    },
    { name: 'not-started', input: exampleB({ missions: [{ code: 'qualite', startedOn: null }, { code: 'parcours', startedOn: '2028-01-01' }] }) },
    { name: 'late-start', input: exampleB({ missions: [{ code: 'parcours', startedOn: '2025-01-01' }] }) },
    { name: 'rebanding', input: exampleB({ populations: [{ population: 70_000, asOf: '2022-01-01' }, { population: 90_000, asOf: '2023-03-01' }] }) },
    { name: 'leap-signature', input: { signedOn: '2024-02-29', populations: [{ population: 100_000, asOf: '2024-01-01' }], missions: [] } },
    { name: 'unused-attainment', input: exampleB({ missions: [{ code: 'parcours', startedOn: '2023-09-01' }], attainment: [{ year: 1, mission: 'qualite', rate: 1 }] }) },
    { name: 'missing-crisis', input: exampleD({ missions: exampleD().missions.filter((m) => m.code !== 'crise_sanitaire') }) },
    { name: 'invalid-annex', input: exampleB({ envelopes: { fonctionnementCents: 12.5, missions: { parcours: { fixedCents: -1 } } } }) },
    { name: 'earned-3', input: exampleB({ variableEarned: [{ year: 3, mission: 'prevention', cents: 500_000 }] }) },
    { name: 'earned-capped', input: exampleB({ variableEarned: [{ year: 3, mission: 'prevention', cents: 2_000_000 }] }) },
    { name: 'error-no-population', input: { ...exampleB(), populations: [] } },
    { name: 'error-bad-date', input: { ...exampleB(), signedOn: '2022-02-30' } },
  ];
  return cases;
}

/** Wider random contracts (deterministic): what the bench does not exercise. */
function wideCases(n: number, seed: number): Case[] {
  const rnd = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const chance = (p: number) => rnd() < p;
  const pickOne = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)] as T;
  const cents = () => (chance(0.05) ? pickOne([-1, 12.5, Number.NaN]) : int(0, 20_000_000));
  const opt = (f: () => number) => (chance(0.3) ? undefined : chance(0.1) ? null : f());
  const missionEnv = (): MissionEnvelope => {
    const e: MissionEnvelope = {};
    const fixed = opt(cents);
    const variable = opt(cents);
    const later = opt(cents);
    if (fixed !== undefined) e.fixedCents = fixed;
    if (variable !== undefined) e.variableCents = variable;
    if (later !== undefined) e.fixedLaterYearsCents = later;
    return e;
  };
  const envelopes = () => {
    const missions: Partial<Record<MissionCode, MissionEnvelope>> = {};
    for (let i = int(0, 3); i > 0; i--) missions[pickOne(MISSION_CODES)] = missionEnv();
    const out: NonNullable<FundingInput['envelopes']> = { missions };
    const f = opt(cents);
    if (f !== undefined) out.fonctionnementCents = f;
    return out;
  };
  const from = toDayNumber('2018-06-01');
  const to = toDayNumber('2026-12-31');
  const cases: Case[] = [];
  for (let i = 0; i < n; i++) {
    const signedOn = fromDayNumber(int(from, to));
    const populations = [];
    for (let k = int(1, 3); k > 0; k--) populations.push({ population: int(0, 300_000), asOf: fromDayNumber(int(from, to)) });
    const missions = [];
    for (let k = int(0, 8); k > 0; k--) missions.push({ code: pickOne(MISSION_CODES), startedOn: chance(0.1) ? null : addDays(signedOn, int(-60, 2000)) });
    const attainment = [];
    for (let k = int(0, 14); k > 0; k--) {
      attainment.push({ year: int(1, 5), mission: pickOne(MISSION_CODES), rate: chance(0.05) ? pickOne([-0.5, 1.5, Number.NaN]) : rnd() });
    }
    const variableEarned = [];
    for (let k = int(0, 4); k > 0; k--) variableEarned.push({ year: int(1, 5), mission: pickOne(MISSION_CODES), cents: cents() });
    const crisisRecognised = [1, 2, 3, 4, 5, 6].filter(() => chance(0.3)).map((year) => ({ year }));
    const input: FundingInput = { signedOn, populations, missions, attainment, variableEarned, crisisRecognised };
    if (chance(0.2)) input.textVersion = pickOne(TEXT_VERSIONS);
    if (chance(0.4)) input.envelopes = envelopes();
    if (chance(0.3)) {
      input.envelopesByYear = {};
      for (let k = int(1, 3); k > 0; k--) input.envelopesByYear[int(1, 5)] = envelopes();
    }
    const options: Partial<EngineOptions> = {};
    if (chance(0.2)) options.prorataUnit = 'months';
    if (chance(0.2)) options.variableProratedInStartYear = false;
    cases.push({ name: `wide-${i}`, input, options });
  }
  return cases;
}

function allCases(): Case[] {
  const bench = portfolio(CONTRACTS, BENCH_SEED).map((input, i): Case => ({ name: `bench-${i}`, input }));
  const cold = portfolio(CONTRACTS, COLD_SEED).map((input, i): Case => ({ name: `cold-${i}`, input }));
  // The measured portfolio again under the two engine options.
  const months = portfolio(200, BENCH_SEED).map((input, i): Case => ({ name: `bench-months-${i}`, input, options: { prorataUnit: 'months' } }));
  const flat = portfolio(200, BENCH_SEED).map((input, i): Case => ({ name: `bench-flat-variable-${i}`, input, options: { variableProratedInStartYear: false } }));
  return [...fixtureCases(), ...bench, ...cold, ...months, ...flat, ...wideCases(2_000, 42)];
}

function main(): void {
  const out = process.argv[2] ?? '/tmp/engine-golden-before.json';
  const lines: string[] = [];
  for (const c of allCases()) {
    let body: string;
    try {
      body = JSON.stringify({ result: computeFunding(c.input, c.options) });
    } catch (e) {
      body = JSON.stringify({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
    lines.push(`${JSON.stringify(c.name)}\t${body}`);
  }
  writeFileSync(out, lines.join('\n') + '\n');
  console.log(`${lines.length} cas écrits dans ${out}`);
}

main();
