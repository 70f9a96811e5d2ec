/** The six ACI CPTS missions (reference §4). */

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
