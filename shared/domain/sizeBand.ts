/** Size bands (tailles) from the covered population: reference §3. */
import { compareIso, type IsoDate } from '../dates';
import { ruleTableFor, SIZE_BAND_BOUNDARIES, type SizeBand, type TextVersionId } from './rules';

export type { SizeBand } from './rules';

export interface PopulationFigure {
  population: number;
  asOf: IsoDate;
}

/**
 * The band of a population, from the version's thresholds (40 000 / 80 000 / 175 000) and the
 * inclusive sides of SIZE_BAND_BOUNDARIES (MC): T1 p < 40 000; T2 40 000 ≤ p ≤ 80 000;
 * T3 80 000 < p ≤ 175 000; T4 p > 175 000.
 */
export function sizeBandFor(population: number, version: TextVersionId = 'avenant2'): SizeBand {
  if (!Number.isFinite(population) || population < 0) {
    throw new RangeError(`Population invalide : ${population}`);
  }
  const { t2From, t2To, t3To } = ruleTableFor(version).sizeBands;
  const b = SIZE_BAND_BOUNDARIES.value;
  const inT1 = b.t2IncludesLowerBound ? population < t2From.value : population <= t2From.value;
  if (inT1) return 1;
  const inT2 = b.t2IncludesUpperBound ? population <= t2To.value : population < t2To.value;
  if (inT2) return 2;
  const inT3 = b.t3IncludesUpperBound ? population <= t3To.value : population < t3To.value;
  if (inT3) return 3;
  return 4;
}

/**
 * The population figure that applies to a contract year starting on `yearStart` (REBANDING_RULE,
 * MC): the latest figure dated on or before that day, else the earliest figure.
 */
export function populationForYear(populations: readonly PopulationFigure[], yearStart: IsoDate): PopulationFigure {
  if (populations.length === 0) throw new RangeError('Au moins une population est nécessaire.');
  let latestBefore: PopulationFigure | null = null;
  let earliest: PopulationFigure | null = null;
  for (const p of populations) {
    if (earliest === null || compareIso(p.asOf, earliest.asOf) < 0) earliest = p;
    if (compareIso(p.asOf, yearStart) <= 0 && (latestBefore === null || compareIso(p.asOf, latestBefore.asOf) >= 0)) {
      latestBefore = p;
    }
  }
  // populations is non-empty, so earliest is set.
  return latestBefore ?? (earliest as PopulationFigure);
}

/** The band of a contract year starting on `yearStart` (REBANDING_RULE). */
export function bandForYear(
  populations: readonly PopulationFigure[],
  yearStart: IsoDate,
  version: TextVersionId = 'avenant2',
): SizeBand {
  return sizeBandFor(populationForYear(populations, yearStart).population, version);
}
