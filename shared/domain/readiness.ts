/**
 * What is missing to prepare the dialogue de gestion of a contract year: the year's annex, the
 * indicators without a value, the values without a piece of evidence, the missions late to start
 * or to deploy. Pure: the handler (electron/api/reviews.ts) reads the facts, set-based, for one
 * or many contracts.
 */
import { formatDateFr, type IsoDate } from '../dates';
import type { Readiness, ReadinessItem } from '../indicatorViews';
import { missionRows, type MissionsOfContract } from './deadlines';
import { isMissionCode, MISSION_LABELS } from './missions';

/** What the readiness of a (contract, year) reads: whether the year's annex exists, and its indicators lacking a value or a piece of evidence. */
export interface ReadinessFacts {
  annexExists: boolean;
  /** In the annex's order; `hasValue` false: no value yet; true: a value without evidence. */
  incomplete: readonly { label: string; mission: string; hasValue: boolean }[];
}

/**
 * What is missing to prepare the review of `year`: the annex if absent, each incomplete indicator
 * (without a value, or a value without evidence), then each mission not started (deployed) past
 * its deadline, in the contract's mission order.
 */
export function readinessOf(facts: ReadinessFacts, c: MissionsOfContract, year: number, today: IsoDate): Readiness {
  const items: ReadinessItem[] = [];
  if (!facts.annexExists) items.push({ kind: 'annex', text: `Annexe de l'année ${year} non saisie (missions, actions, indicateurs).` });
  for (const ind of facts.incomplete) {
    const mission = isMissionCode(ind.mission) ? MISSION_LABELS[ind.mission] : ind.mission;
    items.push(
      ind.hasValue
        ? { kind: 'evidence', text: `Valeur sans pièce justificative : ${ind.label}.` }
        : { kind: 'value', text: `Indicateur sans valeur : ${ind.label} (${mission}).` },
    );
  }
  for (const m of missionRows(c, today)) {
    if (m.startLate && !m.startedOn && m.startBy) items.push({ kind: 'mission', text: `Mission en retard de démarrage : ${m.label} (attendu au ${formatDateFr(m.startBy)}).` });
    else if (m.deployLate && !m.deployedOn && m.deployBy) items.push({ kind: 'mission', text: `Mission en retard de déploiement : ${m.label} (attendu au ${formatDateFr(m.deployBy)}).` });
  }
  return { ready: items.length === 0, missing: items.map((i) => i.text), items };
}
