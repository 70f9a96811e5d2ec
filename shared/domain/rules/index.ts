/**
 * The rule tables, one per text version, and the choice of the version in force at a date.
 * Nothing else in the code holds an ACI amount.
 */
import { compareIso, type IsoDate } from '../../dates';
import { ACI_2019 } from './aci2019';
import { AVENANT_1 } from './avenant1';
import { AVENANT_2 } from './avenant2';
import type { RuleTable, TextVersionId } from './types';

export type * from './types';
export { TAGS, TAG_LABELS, SIZE_BANDS } from './types';
export * from './modellingChoices';
export { ACI_2019 } from './aci2019';
export { AVENANT_1 } from './avenant1';
export { AVENANT_2 } from './avenant2';

/** Text versions, in chronological order. */
export const TEXT_VERSIONS = ['aci2019', 'avenant1', 'avenant2'] as const satisfies readonly TextVersionId[];

export const TEXT_VERSION_LABELS: Record<TextVersionId, string> = {
  aci2019: 'ACI 2019',
  avenant1: 'Avenant 1',
  avenant2: 'Avenant 2',
};

const TABLES: Record<TextVersionId, RuleTable> = {
  aci2019: ACI_2019,
  avenant1: AVENANT_1,
  avenant2: AVENANT_2,
};

export function isTextVersionId(s: unknown): s is TextVersionId {
  return typeof s === 'string' && (TEXT_VERSIONS as readonly string[]).includes(s);
}

export function ruleTableFor(id: TextVersionId): RuleTable {
  return TABLES[id];
}

/**
 * The version in force on `date` (reference §2): the latest version whose known in-force date is
 * on or before `date`. Versions with an unknown in-force date (avenant 1) are never selected.
 * Before the ACI 2019 came into force (25 Aug 2019), the ACI 2019 is returned (the engine warns).
 */
export function versionInForceOn(date: IsoDate): TextVersionId {
  let chosen: TextVersionId = TEXT_VERSIONS[0];
  for (const id of TEXT_VERSIONS) {
    const inForce = TABLES[id].inForceOn.value;
    if (inForce !== null && compareIso(inForce, date) <= 0) chosen = id;
  }
  return chosen;
}

/** In-force date of a version, or null if unknown. */
export function inForceDateOf(id: TextVersionId): IsoDate | null {
  return TABLES[id].inForceOn.value;
}
