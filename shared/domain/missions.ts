/** The six ACI CPTS missions (reference §4). */
import type { IsoDate } from '../dates';

export const MISSION_CODES = [
  'acces_soins',
  'parcours',
  'prevention',
  'crise_sanitaire',
  'qualite',
  'accompagnement',
] as const;

export type MissionCode = (typeof MISSION_CODES)[number];

export const MISSION_LABELS: Record<MissionCode, string> = {
  acces_soins: 'Accès aux soins',
  parcours: 'Parcours pluriprofessionnels',
  prevention: 'Prévention',
  crise_sanitaire: 'Réponse aux crises sanitaires graves',
  qualite: 'Qualité et pertinence des soins',
  accompagnement: 'Accompagnement des professionnels de santé',
};

/** Mission number as in the reference table (1–6). */
export const MISSION_NUMBERS: Record<MissionCode, number> = {
  acces_soins: 1,
  parcours: 2,
  prevention: 3,
  crise_sanitaire: 4,
  qualite: 5,
  accompagnement: 6,
};

export function isMissionCode(s: unknown): s is MissionCode {
  return typeof s === 'string' && (MISSION_CODES as readonly string[]).includes(s);
}

/** A mission the contract retained, with its start and full deployment when known. */
export interface ContractMission {
  code: MissionCode;
  startedOn: IsoDate | null;
  deployedOn: IsoDate | null;
}

/** What the mission checks read of a contract: the codes of its missions. */
export interface WithMissions {
  readonly missions: readonly { readonly code: MissionCode }[];
}

/** Whether the contract retained the mission. */
export function hasMission(c: WithMissions, code: MissionCode): boolean {
  return c.missions.some((m) => m.code === code);
}

/**
 * The refusal of a write that names a mission the contract did not retain (annex action, envelope,
 * attainment, what-if, spending, review decision, addendum): a French message, or null when the
 * mission is one of the contract's or none is named (fonctionnement, a whole year).
 */
export function missionNotInContract(c: WithMissions, code: MissionCode | null | undefined): string | null {
  if (code == null || hasMission(c, code)) return null;
  return `${MISSION_LABELS[code]} : mission non retenue au contrat.`;
}

/** A contract's missions as stored: known codes only, in the order of MISSION_CODES. */
export function contractMissions(rows: readonly { code: string; startedOn: IsoDate | null; deployedOn: IsoDate | null }[]): ContractMission[] {
  const out: ContractMission[] = [];
  for (const m of rows) if (isMissionCode(m.code)) out.push({ code: m.code, startedOn: m.startedOn, deployedOn: m.deployedOn });
  return out.sort((a, b) => MISSION_CODES.indexOf(a.code) - MISSION_CODES.indexOf(b.code));
}
