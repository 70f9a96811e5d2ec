import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareIso, fromDayNumber, toDayNumber } from '../../../shared/dates';
import { computeFunding, type FundingInput, type FundingResult } from '../../../shared/domain/funding';
import { MISSION_CODES, type MissionCode } from '../../../shared/domain/missions';
import { TEXT_VERSIONS } from '../../../shared/domain/rules';

const FROM = toDayNumber('2019-01-01');
const TO = toDayNumber('2025-12-31');

const dateArb = fc.integer({ min: FROM, max: TO }).map(fromDayNumber);
const centsArb = fc.integer({ min: 0, max: 20_000_000 });
const missionEnvArb = fc.record(
  { fixedCents: fc.option(centsArb, { nil: null }), variableCents: fc.option(centsArb, { nil: null }), fixedLaterYearsCents: fc.option(centsArb, { nil: null }) },
  { requiredKeys: [] },
);
const envelopesArb = fc.record(
  {
    fonctionnementCents: fc.option(centsArb, { nil: null }),
    missions: fc.dictionary(fc.constantFrom(...MISSION_CODES), missionEnvArb, { maxKeys: 3 }),
  },
  { requiredKeys: [] },
);

const contractArb: fc.Arbitrary<FundingInput> = fc
  .record({
    signed: fc.integer({ min: FROM, max: TO }),
    populations: fc.array(fc.record({ population: fc.integer({ min: 0, max: 300_000 }), asOf: dateArb }), { minLength: 1, maxLength: 3 }),
    missions: fc.uniqueArray(
      fc.record({ code: fc.constantFrom(...MISSION_CODES), offset: fc.option(fc.integer({ min: -30, max: 2000 }), { nil: null }) }),
      { selector: (m) => m.code, maxLength: 6 },
    ),
    textVersion: fc.option(fc.constantFrom(...TEXT_VERSIONS), { nil: undefined }),
    envelopes: fc.option(envelopesArb, { nil: undefined }),
    envelopesByYear: fc.option(fc.dictionary(fc.constantFrom('1', '2', '3', '4', '5'), envelopesArb, { maxKeys: 2 }), { nil: undefined }),
    attainment: fc.array(
      fc.record({ year: fc.integer({ min: 1, max: 5 }), mission: fc.constantFrom(...MISSION_CODES), rate: fc.double({ min: 0, max: 1, noNaN: true }) }),
      { maxLength: 12 },
    ),
    variableEarned: fc.array(fc.record({ year: fc.integer({ min: 1, max: 5 }), mission: fc.constantFrom(...MISSION_CODES), cents: centsArb }), { maxLength: 3 }),
    crisis: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { maxLength: 5 }),
  })
  .map((r) => {
    const signedOn = fromDayNumber(r.signed);
    const input: FundingInput = {
      signedOn,
      populations: r.populations,
      missions: r.missions.map((m) => ({ code: m.code, startedOn: m.offset === null ? null : addDays(signedOn, m.offset) })),
      attainment: r.attainment,
      variableEarned: r.variableEarned,
      crisisRecognised: r.crisis.map((year) => ({ year })),
    };
    if (r.textVersion !== undefined) input.textVersion = r.textVersion;
    if (r.envelopes !== undefined) input.envelopes = r.envelopes;
    if (r.envelopesByYear !== undefined) input.envelopesByYear = Object.fromEntries(Object.entries(r.envelopesByYear).map(([k, v]) => [Number(k), v]));
    return input;
  });

/** Every money amount of a result. */
function amounts(r: FundingResult): (number | null)[] {
  const out: (number | null)[] = [r.totalCents];
  for (const y of r.years) {
    out.push(y.totalCents, y.fonctionnementCents);
    for (const m of y.missions) out.push(m.fixedCents, m.variableCents, m.variableMaxCents, m.totalCents);
    for (const l of y.explanation) out.push(l.amountCents);
  }
  for (const t of r.tranches) out.push(t.amountCents);
  return out;
}

const runs = { numRuns: 300 };

describe('funding engine properties (random contracts)', () => {
  it('each year: tranches add up exactly to totalCents, and the parts to the total', () => {
    fc.assert(
      fc.property(contractArb, (input) => {
        const r = computeFunding(input);
        for (const y of r.years) {
          const tranches = r.tranches.filter((t) => t.year === y.year).reduce((s, t) => s + t.amountCents, 0);
          expect(tranches).toBe(y.totalCents);
          const parts = (y.fonctionnementCents ?? 0) + y.missions.reduce((s, m) => s + m.totalCents, 0);
          expect(parts).toBe(y.totalCents);
          for (const m of y.missions) expect(m.totalCents).toBe((m.fixedCents ?? 0) + (m.variableCents ?? 0));
        }
        expect(r.totalCents).toBe(r.years.reduce((s, y) => s + y.totalCents, 0));
      }),
      runs,
    );
  });

  it('all amounts are non-negative integers; variable ≤ its maximum', () => {
    fc.assert(
      fc.property(contractArb, (input) => {
        const r = computeFunding(input);
        for (const a of amounts(r)) {
          if (a === null) continue;
          expect(Number.isSafeInteger(a)).toBe(true);
          expect(a).toBeGreaterThanOrEqual(0);
        }
        for (const t of r.tranches) expect(t.amountCents).toBeGreaterThan(0);
      }),
      runs,
    );
  });

  it('prorata is within [0, 1]; tranches are sorted, inside the contract span, ids unique', () => {
    fc.assert(
      fc.property(contractArb, (input) => {
        const r = computeFunding(input);
        for (const y of r.years) {
          for (const m of y.missions) {
            expect(m.prorata.den).toBeGreaterThan(0);
            expect(m.prorata.num).toBeGreaterThanOrEqual(0);
            expect(m.prorata.num).toBeLessThanOrEqual(m.prorata.den);
          }
        }
        const ids = r.tranches.map((t) => t.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (let i = 1; i < r.tranches.length; i++) {
          const a = r.tranches[i - 1];
          const b = r.tranches[i];
          if (a === undefined || b === undefined) continue;
          expect(compareIso(a.dueOn, b.dueOn) < 0 || (a.dueOn === b.dueOn && a.id < b.id)).toBe(true);
        }
        for (const t of r.tranches) {
          expect(compareIso(t.dueOn, r.signedOn)).toBeGreaterThanOrEqual(0);
          expect(compareIso(t.dueOn, addDays(r.endsOn, 1))).toBeLessThanOrEqual(0);
        }
      }),
      runs,
    );
  });

  it('a later mission start never raises year-1 money', () => {
    fc.assert(
      fc.property(contractArb, fc.nat(MISSION_CODES.length - 1), fc.integer({ min: 0, max: 800 }), (input, idx, delay) => {
        if (input.missions.length === 0) return;
        const i = idx % input.missions.length;
        const m = input.missions[i];
        if (m === undefined || m.startedOn === null) return;
        const later: FundingInput = {
          ...input,
          missions: input.missions.map((x, j) => (j === i && x.startedOn !== null ? { ...x, startedOn: addDays(x.startedOn, delay) } : x)),
        };
        const before = computeFunding(input).years[0]?.totalCents ?? 0;
        const after = computeFunding(later).years[0]?.totalCents ?? 0;
        expect(after).toBeLessThanOrEqual(before);
      }),
      runs,
    );
  });

  it('higher attainment never lowers the variable part', () => {
    fc.assert(
      fc.property(
        contractArb,
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom<MissionCode>(...MISSION_CODES),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (input, year, mission, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const base = (input.attainment ?? []).filter((x) => !(x.year === year && x.mission === mission));
          const noEarned = (input.variableEarned ?? []).filter((x) => !(x.year === year && x.mission === mission));
          const withRate = (rate: number) =>
            computeFunding({ ...input, variableEarned: noEarned, attainment: [...base, { year, mission, rate }] })
              .years[year - 1]?.missions.find((m) => m.code === mission);
          const mLo = withRate(lo);
          const mHi = withRate(hi);
          if (mLo === undefined || mHi === undefined) return;
          expect(mHi.variableCents ?? 0).toBeGreaterThanOrEqual(mLo.variableCents ?? 0);
          if (mHi.variableCents !== null && mHi.variableMaxCents !== null) expect(mHi.variableCents).toBeLessThanOrEqual(mHi.variableMaxCents);
        },
      ),
      runs,
    );
  });

  it('is deterministic and JSON-serialisable', () => {
    fc.assert(
      fc.property(contractArb, (input) => {
        const a = computeFunding(input);
        expect(JSON.parse(JSON.stringify(a))).toEqual(a);
        expect(computeFunding(input)).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });

  it('refusals are listed, never counted, and explained in French', () => {
    fc.assert(
      fc.property(contractArb, (input) => {
        const r = computeFunding(input);
        for (const y of r.years) {
          const missionRefusals = y.missions.reduce((s, m) => s + m.refusals.length, 0);
          expect(y.refusals.length).toBe(missionRefusals + (y.fonctionnementCents === null ? 1 : 0));
          for (const ref of y.refusals) expect(ref.message).toMatch(/Saisissez|invalide/);
          for (const m of y.missions) {
            if (m.fixedCents === null) expect(m.refusals.some((x) => x.startsWith('Part fixe'))).toBe(true);
            if (m.variableStatus === 'refused') expect(m.refusals.some((x) => x.startsWith('Part variable'))).toBe(true);
          }
        }
      }),
      runs,
    );
  });
});
