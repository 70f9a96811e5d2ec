/** Mission deadlines (start / deploy within N months of the signature): reference §4. */
import { addMonths, compareIso, formatDateFr, type IsoDate } from '../dates';
import type { Deadline, MissionRow } from '../api';
import { MISSION_CODES, MISSION_LABELS, type ContractMission, type MissionCode } from './missions';
import {
  CRISIS_CLOCK_FOR_OLDER_CONTRACTS,
  inForceDateOf,
  ruleTableFor,
  TEXT_VERSION_LABELS,
  type MissionRule,
  type TextVersionId,
} from './rules';

export interface MissionDeadlines {
  /** Latest start date; null = at the CPTS's choice (optional mission). */
  startBy: IsoDate | null;
  /** Latest full-deployment date; null = at the CPTS's choice. */
  deployBy: IsoDate | null;
  /** Day the clock starts: the signature, or avenant 2's in-force date for the crisis mission of older contracts. */
  clockFrom: IsoDate;
  /** French explanation. */
  explanation: string;
}

/** The calendar is the same in every version (§4): read it from the latest table that has the mission. */
function calendarRule(code: MissionCode): MissionRule | null {
  for (const id of ['avenant2', 'aci2019'] as const) {
    const rule = ruleTableFor(id).missions[code];
    if (rule !== undefined) return rule;
  }
  return null;
}

/** Version that introduced a mission (the crisis mission: avenant 2). */
function introducedBy(code: MissionCode): TextVersionId {
  return ruleTableFor('aci2019').missions[code] !== undefined ? 'aci2019' : 'avenant2';
}

export function missionDeadlines(code: MissionCode, signedOn: IsoDate): MissionDeadlines {
  const label = MISSION_LABELS[code];
  const rule = calendarRule(code);
  const introduced = introducedBy(code);
  const clockFrom = crisisAwareClock(code, signedOn);
  const clockText =
    clockFrom === signedOn
      ? `à compter de la signature (${formatDateFr(signedOn)})`
      : `à compter de l'entrée en vigueur de l'${TEXT_VERSION_LABELS[introduced].toLowerCase()} (${formatDateFr(clockFrom)}), ` +
        `le contrat ayant été signé avant (choix de modélisation, §4)`;
  if (rule === null || rule.startWithinMonths === null || rule.deployWithinMonths === null) {
    return {
      startBy: null,
      deployBy: null,
      clockFrom,
      explanation: `${label} : mission optionnelle, calendrier au choix de la CPTS.`,
    };
  }
  const startMonths = rule.startWithinMonths.value;
  const deployMonths = rule.deployWithinMonths.value;
  const startBy = addMonths(clockFrom, startMonths);
  const deployBy = addMonths(clockFrom, deployMonths);
  return {
    startBy,
    deployBy,
    clockFrom,
    explanation:
      `${label} : démarrage dans les ${startMonths} mois et déploiement dans les ${deployMonths} mois ${clockText}, ` +
      `soit au plus tard le ${formatDateFr(startBy)} et le ${formatDateFr(deployBy)}.`,
  };
}

/** Latest start date only (no explanation text): same rule as missionDeadlines. */
export function missionStartBy(code: MissionCode, signedOn: IsoDate): IsoDate | null {
  const rule = calendarRule(code);
  if (rule === null || rule.startWithinMonths === null) return null;
  return addMonths(crisisAwareClock(code, signedOn), rule.startWithinMonths.value);
}

function crisisAwareClock(code: MissionCode, signedOn: IsoDate): IsoDate {
  const introduced = introducedBy(code);
  if (introduced === 'aci2019' || CRISIS_CLOCK_FOR_OLDER_CONTRACTS.value !== 'avenantInForceDate') return signedOn;
  const inForce = inForceDateOf(introduced);
  return inForce !== null && compareIso(signedOn, inForce) < 0 ? inForce : signedOn;
}

/** True if the mission is a socle (mandatory) mission in that version. */
export function isSocle(code: MissionCode, version: TextVersionId): boolean {
  return ruleTableFor(version).missions[code]?.status.value === 'socle';
}

/** The missions a version provides for, in the canonical order. */
export function missionsAvailable(version: TextVersionId): MissionCode[] {
  const missions = ruleTableFor(version).missions;
  return MISSION_CODES.filter((code) => missions[code] !== undefined);
}

/** missionDeadlines is pure: the portfolio and the upcoming dialogues ask it for every contract. */
const deadlinesCache = new Map<string, MissionDeadlines>();

function deadlinesOf(code: MissionCode, signedOn: IsoDate): MissionDeadlines {
  const key = `${code}|${signedOn}`;
  let d = deadlinesCache.get(key);
  if (!d) {
    d = missionDeadlines(code, signedOn);
    if (deadlinesCache.size >= 50_000) deadlinesCache.clear();
    deadlinesCache.set(key, d);
  }
  return d;
}

/** What the mission rows read of a contract. */
export interface MissionsOfContract {
  signedOn: IsoDate;
  textVersion: TextVersionId;
  missions: readonly ContractMission[];
}

/**
 * The missions with their deadlines (start, deployment) and whether each is late on `today`: a
 * start (deployment) is late when it has not happened and its deadline has passed, or when it
 * happened after its deadline.
 */
export function missionRows(c: MissionsOfContract, today: IsoDate): MissionRow[] {
  return c.missions.map((m) => {
    const d = deadlinesOf(m.code, c.signedOn);
    const startLate = !m.startedOn ? d.startBy !== null && compareIso(d.startBy, today) < 0 : d.startBy !== null && compareIso(m.startedOn, d.startBy) > 0;
    const deployLate = !m.deployedOn
      ? d.deployBy !== null && compareIso(d.deployBy, today) < 0
      : d.deployBy !== null && compareIso(m.deployedOn, d.deployBy) > 0;
    return {
      code: m.code,
      label: MISSION_LABELS[m.code],
      socle: isSocle(m.code, c.textVersion),
      startedOn: m.startedOn,
      deployedOn: m.deployedOn,
      startBy: d.startBy,
      deployBy: d.deployBy,
      startLate,
      deployLate,
      deadlineNote: d.explanation,
    };
  });
}

/** The next unmet deadline (mission start, then deployment), late ones first, and how many are late. */
export function nextDeadline(rows: readonly MissionRow[], today: IsoDate): { next: Deadline | null; lateCount: number } {
  const open: Deadline[] = [];
  for (const m of rows) {
    if (!m.startedOn && m.startBy) {
      open.push({ mission: m.code, missionLabel: m.label, kind: 'start', dueOn: m.startBy, late: compareIso(m.startBy, today) < 0 });
    } else if (!m.deployedOn && m.deployBy) {
      open.push({ mission: m.code, missionLabel: m.label, kind: 'deploy', dueOn: m.deployBy, late: compareIso(m.deployBy, today) < 0 });
    }
  }
  open.sort((a, b) => compareIso(a.dueOn, b.dueOn));
  return { next: open[0] ?? null, lateCount: open.filter((d) => d.late).length };
}
