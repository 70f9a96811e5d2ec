/**
 * Funding engine benchmark: a synthetic portfolio of 1 000 contracts (signatures 2019–2025,
 * varied populations, missions, start dates, attainment), 5 years each.
 * Run: npm run bench:engine   (target: < 200 ms for the whole portfolio)
 */
import { pathToFileURL } from 'node:url';
import { addDays, fromDayNumber, toDayNumber } from '../shared/dates';
import { computeFunding, type FundingInput } from '../shared/domain/funding';
import { MISSION_CODES } from '../shared/domain/missions';

export const CONTRACTS = 1_000;
const TARGET_MS = 200;
/** Seed of the measured portfolio, and of the other portfolio used for the cold pass. */
export const BENCH_SEED = 20_190_620;
export const COLD_SEED = 1;

/** Deterministic PRNG (mulberry32), so the checksum is stable from run to run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function portfolio(n: number, seed: number): FundingInput[] {
  const rnd = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const from = toDayNumber('2019-08-25');
  const to = toDayNumber('2025-12-31');
  const out: FundingInput[] = [];
  for (let i = 0; i < n; i++) {
    const signedOn = fromDayNumber(int(from, to));
    // Mostly T3 (the band with observed figures), some others to exercise refusals.
    const population = rnd() < 0.7 ? int(80_001, 175_000) : int(10_000, 300_000);
    const missions = MISSION_CODES.filter(() => rnd() < 0.85).map((code) => ({
      code,
      startedOn: rnd() < 0.05 ? null : addDays(signedOn, int(0, 500)),
    }));
    const attainment = [];
    for (let year = 1; year <= 5; year++) {
      for (const m of missions) if (rnd() < 0.6) attainment.push({ year, mission: m.code, rate: Math.round(rnd() * 100) / 100 });
    }
    const input: FundingInput = {
      signedOn,
      populations: [
        { population, asOf: signedOn },
        { population: Math.round(population * (0.9 + rnd() * 0.3)), asOf: addDays(signedOn, int(300, 1500)) },
      ],
      missions,
      attainment,
      crisisRecognised: [1, 2, 3, 4, 5].filter(() => rnd() < 0.2).map((year) => ({ year })),
    };
    if (rnd() < 0.2) input.envelopes = { fonctionnementCents: int(50_000, 90_000) * 100, missions: { parcours: { fixedCents: 4_500_000, variableCents: 4_500_000 } } };
    out.push(input);
  }
  return out;
}

function run(inputs: readonly FundingInput[]): { checksum: number; tranches: number; refusals: number } {
  let checksum = 0;
  let tranches = 0;
  let refusals = 0;
  for (const input of inputs) {
    const r = computeFunding(input);
    checksum = (checksum * 31 + r.totalCents) % 1_000_000_007;
    tranches += r.tranches.length;
    for (const y of r.years) refusals += y.refusals.length;
  }
  return { checksum, tranches, refusals };
}

function timed(inputs: readonly FundingInput[]): { ms: number; checksum: number; tranches: number; refusals: number } {
  const t0 = performance.now();
  const out = run(inputs);
  return { ms: performance.now() - t0, ...out };
}

function main(): void {
  const inputs = portfolio(CONTRACTS, BENCH_SEED);
  // Cold: the very first computations of the process (JIT not yet optimised), for information.
  const cold = timed(portfolio(CONTRACTS, COLD_SEED));
  // Measured: the portfolio, after the cold pass on another portfolio (steady state, as in the app).
  const best = [timed(inputs), timed(inputs), timed(inputs)].sort((a, b) => a.ms - b.ms);
  const median = best[1] ?? best[0];
  if (median === undefined) throw new Error('no run');
  console.log(`Portefeuille synthétique : ${CONTRACTS} contrats × 5 ans (signatures 2019–2025).`);
  console.log(`Premier passage (JIT à froid, autre portefeuille) : ${cold.ms.toFixed(1)} ms`);
  console.log(
    `Calcul du portefeuille : ${median.ms.toFixed(1)} ms (médiane de 3 ; min ${best[0]?.ms.toFixed(1)} ms) — cible < ${TARGET_MS} ms : ${median.ms < TARGET_MS ? 'OK' : 'TROP LENT'}`,
  );
  console.log(`tranches : ${median.tranches}, lignes refusées : ${median.refusals}, checksum : ${median.checksum}`);
  process.exitCode = median.ms < TARGET_MS ? 0 : 1;
}

// Run only when executed (scripts/engine-golden.ts imports the generator).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
