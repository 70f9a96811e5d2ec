/**
 * The CLI's `funding --input FILE.json` format, validated with zod 4 (French messages naming the
 * field), converted to the engine's FundingInput. Amounts are integer cents.
 *
 * Example:
 * {
 *   "signedOn": "2022-07-01", "population": 100000, "populationAsOf": "2022-01-01",
 *   "envelopes": { "fonctionnement": 7500000, "parcours": { "fixed": 4500000, "variable": 4500000 } },
 *   "missions": [ { "code": "acces_soins", "startedOn": "2022-07-01" }, { "code": "qualite", "startedOn": null } ],
 *   "attainment": [ { "year": 1, "mission": "acces_soins", "rate": 0.8 } ],
 *   "crisisRecognisedYears": [2]
 * }
 */
import { z } from 'zod';
import { compareIso, isIsoDate } from '../dates';
import type { Envelopes, FundingInput, MissionEnvelope } from './fundingTypes';
import { MISSION_CODES, type MissionCode } from './missions';
import { TEXT_VERSIONS } from './rules';

const MAX_YEAR = 5;

function isoDate(field: string) {
  return z
    .string({ error: `${field} : date attendue au format AAAA-MM-JJ` })
    .refine(isIsoDate, { error: `${field} : date invalide (format AAAA-MM-JJ, date réelle du calendrier)` });
}

function cents(field: string) {
  return z
    .int({ error: `${field} : montant en centimes attendu (nombre entier)` })
    .min(0, { error: `${field} : le montant ne peut pas être négatif` });
}

function year(field: string) {
  return z
    .int({ error: `${field} : année contractuelle attendue (entier de 1 à ${MAX_YEAR})` })
    .min(1, { error: `${field} : l'année contractuelle va de 1 à ${MAX_YEAR}` })
    .max(MAX_YEAR, { error: `${field} : l'année contractuelle va de 1 à ${MAX_YEAR}` });
}

function missionCode(field: string) {
  return z.enum(MISSION_CODES, { error: `${field} : code de mission inconnu (attendu : ${MISSION_CODES.join(', ')})` });
}

function strict<T extends z.core.$ZodLooseShape>(field: string, shape: T) {
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `${field} : champ(s) inconnu(s) : ${iss.keys.join(', ')}`
        : `${field} : objet attendu`,
  });
}

const missionEnvelopeSchema = (code: MissionCode) =>
  strict(`envelopes.${code}`, {
    fixed: cents(`envelopes.${code}.fixed`).optional(),
    variable: cents(`envelopes.${code}.variable`).optional(),
    fixedLaterYears: cents(`envelopes.${code}.fixedLaterYears`).optional(),
  }).optional();

const envelopesSchema = strict('envelopes', {
  fonctionnement: cents('envelopes.fonctionnement').optional(),
  acces_soins: missionEnvelopeSchema('acces_soins'),
  parcours: missionEnvelopeSchema('parcours'),
  prevention: missionEnvelopeSchema('prevention'),
  crise_sanitaire: missionEnvelopeSchema('crise_sanitaire'),
  qualite: missionEnvelopeSchema('qualite'),
  accompagnement: missionEnvelopeSchema('accompagnement'),
});

export const fundingFileSchema = strict('fichier', {
  signedOn: isoDate('signedOn'),
  population: z
    .int({ error: 'population : nombre entier d’habitants attendu' })
    .min(0, { error: 'population : ne peut pas être négative' }),
  populationAsOf: isoDate('populationAsOf').optional(),
  textVersion: z.enum(TEXT_VERSIONS, { error: `textVersion : version inconnue (attendu : ${TEXT_VERSIONS.join(', ')})` }).optional(),
  envelopes: envelopesSchema.optional(),
  missions: z.array(
    strict('missions[]', {
      code: missionCode('missions[].code'),
      startedOn: isoDate('missions[].startedOn').nullable(),
    }),
    { error: 'missions : liste attendue' },
  ),
  attainment: z
    .array(
      strict('attainment[]', {
        year: year('attainment[].year'),
        mission: missionCode('attainment[].mission'),
        rate: z
          .number({ error: 'attainment[].rate : taux attendu (nombre de 0 à 1)' })
          .min(0, { error: 'attainment[].rate : le taux ne peut pas être négatif' })
          .max(1, { error: 'attainment[].rate : le taux ne peut pas dépasser 1 (100 %)' }),
      }),
      { error: 'attainment : liste attendue' },
    )
    .optional(),
  variableEarned: z
    .array(
      strict('variableEarned[]', {
        year: year('variableEarned[].year'),
        mission: missionCode('variableEarned[].mission'),
        cents: cents('variableEarned[].cents'),
      }),
      { error: 'variableEarned : liste attendue' },
    )
    .optional(),
  crisisRecognisedYears: z.array(year('crisisRecognisedYears[]'), { error: 'crisisRecognisedYears : liste attendue' }).optional(),
}).superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.missions.forEach((m, i) => {
    if (seen.has(m.code)) {
      ctx.addIssue({ code: 'custom', path: ['missions', i, 'code'], message: `missions[${i}].code : mission « ${m.code} » en double` });
    }
    seen.add(m.code);
    if (m.startedOn !== null && compareIso(m.startedOn, file.signedOn) < 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['missions', i, 'startedOn'],
        message: `missions[${i}].startedOn : le démarrage (${m.startedOn}) ne peut pas précéder la signature (${file.signedOn})`,
      });
    }
  });
});

export type FundingFile = z.infer<typeof fundingFileSchema>;

function missionEnvelope(e: { fixed?: number | undefined; variable?: number | undefined; fixedLaterYears?: number | undefined }): MissionEnvelope {
  const out: MissionEnvelope = {};
  if (e.fixed !== undefined) out.fixedCents = e.fixed;
  if (e.variable !== undefined) out.variableCents = e.variable;
  if (e.fixedLaterYears !== undefined) out.fixedLaterYearsCents = e.fixedLaterYears;
  return out;
}

/** Converts a validated file to the engine's input (population dated `populationAsOf`, else the signature). */
export function fundingFileToInput(file: FundingFile): FundingInput {
  const input: FundingInput = {
    signedOn: file.signedOn,
    populations: [{ population: file.population, asOf: file.populationAsOf ?? file.signedOn }],
    missions: file.missions.map((m) => ({ code: m.code, startedOn: m.startedOn })),
  };
  if (file.textVersion !== undefined) input.textVersion = file.textVersion;
  if (file.envelopes !== undefined) {
    const envelopes: Envelopes = {};
    if (file.envelopes.fonctionnement !== undefined) envelopes.fonctionnementCents = file.envelopes.fonctionnement;
    const missions: Partial<Record<MissionCode, MissionEnvelope>> = {};
    for (const code of MISSION_CODES) {
      const e = file.envelopes[code];
      if (e !== undefined) missions[code] = missionEnvelope(e);
    }
    if (Object.keys(missions).length > 0) envelopes.missions = missions;
    input.envelopes = envelopes;
  }
  if (file.attainment !== undefined) input.attainment = file.attainment.map((a) => ({ ...a }));
  if (file.variableEarned !== undefined) input.variableEarned = file.variableEarned.map((v) => ({ ...v }));
  if (file.crisisRecognisedYears !== undefined) input.crisisRecognised = file.crisisRecognisedYears.map((y) => ({ year: y }));
  return input;
}

/** JSON Schema of the file format (for documentation and editors). */
export function fundingFileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(fundingFileSchema) as Record<string, unknown>;
}
