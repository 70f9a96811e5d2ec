/**
 * The CLI's `funding --input FILE.json` format, validated with zod 4 (French messages naming the
 * field), converted to the engine's FundingInput. Amounts are integer cents. Every field has a
 * plausibility bound (money ≤ 100 000 000 €, population ≤ 10 000 000, contract years 1..5, dates
 * 2019-01-01..2040-12-31) and unknown fields are refused.
 *
 * Example:
 * {
 *   "signedOn": "2021-09-16",
 *   "populations": [{ "count": 120000, "asOf": "2021-01-01" }, { "count": 180000, "asOf": "2023-01-01" }],
 *   "envelopes": { "fonctionnement": 7500000, "parcours": { "fixed": 4500000, "variable": 4500000 },
 *                  "crise_sanitaire": { "fixed": 4500000, "fixedLaterYears": 2250000, "variable": 6750000 } },
 *   "envelopesByYear": { "3": { "fonctionnement": 9000000 } },
 *   "missions": [ { "code": "acces_soins", "startedOn": "2021-09-16" }, { "code": "crise_sanitaire", "startedOn": "2022-09-16" } ],
 *   "attainment": [ { "year": 2, "mission": "crise_sanitaire", "rate": 1 } ],
 *   "crisisRecognisedYears": [2]
 * }
 */
import { z } from 'zod';
import { compareIso, isIsoDate } from '../dates';
import type { Envelopes, FundingInput, MissionEnvelope } from './fundingTypes';
import { MISSION_CODES, type MissionCode } from './missions';
import { TEXT_VERSIONS } from './rules';

/** Plausibility bounds of the file (issue 9, "Bad input"). */
export const FUNDING_FILE_BOUNDS = {
  maxYear: 5,
  /** 100 000 000 € in cents. */
  maxCents: 10_000_000_000,
  maxPopulation: 10_000_000,
  minDate: '2019-01-01',
  maxDate: '2040-12-31',
} as const;

const { maxYear: MAX_YEAR, maxCents: MAX_CENTS, maxPopulation: MAX_POPULATION, minDate: MIN_DATE, maxDate: MAX_DATE } = FUNDING_FILE_BOUNDS;

const YEAR_KEYS = ['1', '2', '3', '4', '5'] as const;

function isoDate(field: string) {
  return z
    .string({ error: `${field} : date attendue au format AAAA-MM-JJ` })
    .refine(isIsoDate, { error: `${field} : date invalide (format AAAA-MM-JJ, date réelle du calendrier)` })
    .refine((d) => !isIsoDate(d) || (compareIso(d, MIN_DATE) >= 0 && compareIso(d, MAX_DATE) <= 0), {
      error: `${field} : date hors des limites plausibles (du ${MIN_DATE} au ${MAX_DATE})`,
    })
    .meta({ format: 'date' });
}

function cents(field: string) {
  return z
    .int({ error: `${field} : montant en centimes attendu (nombre entier)` })
    .min(0, { error: `${field} : le montant ne peut pas être négatif` })
    .max(MAX_CENTS, { error: `${field} : montant trop élevé (au plus 100 000 000 €, soit ${MAX_CENTS} centimes)` });
}

function population(field: string) {
  return z
    .int({ error: `${field} : nombre entier d’habitants attendu` })
    .min(0, { error: `${field} : ne peut pas être négative` })
    .max(MAX_POPULATION, { error: `${field} : population trop élevée (au plus 10 000 000 habitants)` });
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

/** A strict object: unknown keys are refused with a French message naming the object (or `unknown` for a tailored one). */
function strict<T extends z.core.$ZodLooseShape>(field: string, shape: T, unknown?: (keys: string[]) => string) {
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? (unknown?.(iss.keys) ?? `${field} : champ(s) inconnu(s) : ${iss.keys.join(', ')}`)
        : `${field} : objet attendu`,
  });
}

function missionEnvelopeSchema(prefix: string, code: MissionCode) {
  const field = `${prefix}.${code}`;
  const fixed = cents(`${field}.fixed`).describe(
    code === 'crise_sanitaire' ? "Part fixe annuelle de l'année d'écriture du plan de crise (centimes)." : 'Part fixe annuelle (centimes).',
  );
  const variable = cents(`${field}.variable`).describe(
    code === 'crise_sanitaire'
      ? "Part variable annuelle, due seulement une année où l'ARS reconnaît une crise (centimes, atteinte complète)."
      : 'Part variable annuelle à atteinte complète (centimes).',
  );
  if (code === 'crise_sanitaire') {
    return strict(field, {
      fixed: fixed.optional(),
      fixedLaterYears: cents(`${field}.fixedLaterYears`)
        .describe('Part fixe annuelle des années suivantes (mise à jour du plan de crise, centimes).')
        .optional(),
      variable: variable.optional(),
    }).optional();
  }
  return strict(field, { fixed: fixed.optional(), variable: variable.optional() }, (keys) =>
    keys.includes('fixedLaterYears')
      ? `${field}.fixedLaterYears : réservé à la mission crise_sanitaire (part fixe des années de mise à jour du plan)`
      : `${field} : champ(s) inconnu(s) : ${keys.join(', ')}`,
  ).optional();
}

function envelopesSchema(field: string, description: string) {
  return strict(field, {
    fonctionnement: cents(`${field}.fonctionnement`).describe('Fonctionnement annuel (centimes).').optional(),
    acces_soins: missionEnvelopeSchema(field, 'acces_soins'),
    parcours: missionEnvelopeSchema(field, 'parcours'),
    prevention: missionEnvelopeSchema(field, 'prevention'),
    crise_sanitaire: missionEnvelopeSchema(field, 'crise_sanitaire'),
    qualite: missionEnvelopeSchema(field, 'qualite'),
    accompagnement: missionEnvelopeSchema(field, 'accompagnement'),
  }).describe(description);
}

const ALL_YEARS_DESCRIPTION = "Montants annuels de l'annexe du contrat, toutes années (remplacent ceux de la table nationale).";
const yearDescription = (y: string) => `Montants annuels de l'annexe pour l'année ${y} seulement (remplacent « envelopes » et la table pour cette année).`;

const envelopesByYearSchema = strict(
  'envelopesByYear',
  {
    '1': envelopesSchema('envelopesByYear.1', yearDescription('1')).optional(),
    '2': envelopesSchema('envelopesByYear.2', yearDescription('2')).optional(),
    '3': envelopesSchema('envelopesByYear.3', yearDescription('3')).optional(),
    '4': envelopesSchema('envelopesByYear.4', yearDescription('4')).optional(),
    '5': envelopesSchema('envelopesByYear.5', yearDescription('5')).optional(),
  },
  (keys) => `envelopesByYear : année(s) contractuelle(s) inconnue(s) : ${keys.join(', ')} (attendu : clés « 1 » à « ${MAX_YEAR} »)`,
).describe("Montants de l'annexe par année contractuelle, quand un avenant au contrat les change (clés « 1 » à « 5 »).");

export const fundingFileSchema = strict('fichier', {
  signedOn: isoDate('signedOn').describe('Date de signature du contrat (AAAA-MM-JJ).'),
  population: population('population').describe('Population couverte (un seul chiffre ; sinon « populations »).').optional(),
  populationAsOf: isoDate('populationAsOf').describe('Date du chiffre « population » (par défaut : la signature).').optional(),
  populations: z
    .array(
      strict('populations[]', {
        count: population('populations[].count').describe("Nombre d'habitants couverts."),
        asOf: isoDate('populations[].asOf').describe('Date du chiffre (AAAA-MM-JJ).'),
      }),
      { error: 'populations : liste attendue de { count, asOf }' },
    )
    .min(1, { error: 'populations : au moins une population datée est nécessaire' })
    .max(50, { error: 'populations : au plus 50 populations datées' })
    .describe("Populations datées (au lieu de « population ») : chaque année prend le dernier chiffre daté au plus tard de son premier jour.")
    .optional(),
  textVersion: z
    .enum(TEXT_VERSIONS, { error: `textVersion : version inconnue (attendu : ${TEXT_VERSIONS.join(', ')})` })
    .describe('Impose une version du texte à toutes les années (sinon : texte en vigueur au premier jour de chaque année).')
    .optional(),
  envelopes: envelopesSchema('envelopes', ALL_YEARS_DESCRIPTION).optional(),
  envelopesByYear: envelopesByYearSchema.optional(),
  missions: z
    .array(
      strict('missions[]', {
        code: missionCode('missions[].code'),
        startedOn: isoDate('missions[].startedOn').nullable().describe('Date de démarrage, ou null si la mission n’a pas démarré.'),
      }),
      { error: 'missions : liste attendue' },
    )
    .describe('Missions retenues au contrat.'),
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
    .describe("Taux d'atteinte validés (0 à 1) par année et mission.")
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
    .describe('Part variable acquise selon les indicateurs (centimes, avant prorata) ; prime sur « attainment ».')
    .optional(),
  crisisRecognisedYears: z
    .array(year('crisisRecognisedYears[]'), { error: 'crisisRecognisedYears : liste attendue' })
    .describe("Années contractuelles où l'ARS a reconnu une crise sanitaire grave (part variable de la mission crise_sanitaire due).")
    .optional(),
}).superRefine((file, ctx) => {
  if (file.population === undefined && file.populations === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['population'],
      message: 'population : obligatoire (ou « populations » : liste de populations datées { count, asOf })',
    });
  }
  if (file.population !== undefined && file.populations !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['populations'],
      message: 'populations : donnez soit « population », soit « populations », pas les deux',
    });
  }
  if (file.populationAsOf !== undefined && file.population === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['populationAsOf'],
      message: 'populationAsOf : ne s’emploie qu’avec « population » (dans « populations », chaque chiffre porte sa date asOf)',
    });
  }
  const dates = new Set<string>();
  file.populations?.forEach((p, i) => {
    if (dates.has(p.asOf)) {
      ctx.addIssue({ code: 'custom', path: ['populations', i, 'asOf'], message: `populations[${i}].asOf : deux populations à la même date (${p.asOf})` });
    }
    dates.add(p.asOf);
  });
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
  const crisisYears = new Set<number>();
  file.crisisRecognisedYears?.forEach((y, i) => {
    if (crisisYears.has(y)) {
      ctx.addIssue({ code: 'custom', path: ['crisisRecognisedYears', i], message: `crisisRecognisedYears[${i}] : année ${y} en double` });
    }
    crisisYears.add(y);
  });
  if (crisisYears.size > 0 && !seen.has('crise_sanitaire')) {
    ctx.addIssue({
      code: 'custom',
      path: ['crisisRecognisedYears'],
      message: 'crisisRecognisedYears : la mission crise_sanitaire doit figurer dans « missions » pour qu’une crise reconnue compte',
    });
  }
});

export type FundingFile = z.infer<typeof fundingFileSchema>;
type FileEnvelopes = NonNullable<FundingFile['envelopes']>;

function missionEnvelope(e: { fixed?: number | undefined; variable?: number | undefined; fixedLaterYears?: number | undefined }): MissionEnvelope {
  const out: MissionEnvelope = {};
  if (e.fixed !== undefined) out.fixedCents = e.fixed;
  if (e.variable !== undefined) out.variableCents = e.variable;
  if (e.fixedLaterYears !== undefined) out.fixedLaterYearsCents = e.fixedLaterYears;
  return out;
}

function toEnvelopes(file: FileEnvelopes): Envelopes {
  const envelopes: Envelopes = {};
  if (file.fonctionnement !== undefined) envelopes.fonctionnementCents = file.fonctionnement;
  const missions: Partial<Record<MissionCode, MissionEnvelope>> = {};
  for (const code of MISSION_CODES) {
    const e = file[code];
    if (e !== undefined) missions[code] = missionEnvelope(e);
  }
  if (Object.keys(missions).length > 0) envelopes.missions = missions;
  return envelopes;
}

/**
 * Converts a validated file to the engine's input: `populations` as given, or the single
 * `population` dated `populationAsOf`, else the signature.
 */
export function fundingFileToInput(file: FundingFile): FundingInput {
  const populations =
    file.populations !== undefined
      ? file.populations.map((p) => ({ population: p.count, asOf: p.asOf }))
      : [{ population: file.population ?? 0, asOf: file.populationAsOf ?? file.signedOn }];
  const input: FundingInput = {
    signedOn: file.signedOn,
    populations,
    missions: file.missions.map((m) => ({ code: m.code, startedOn: m.startedOn })),
  };
  if (file.textVersion !== undefined) input.textVersion = file.textVersion;
  if (file.envelopes !== undefined) input.envelopes = toEnvelopes(file.envelopes);
  if (file.envelopesByYear !== undefined) {
    const byYear: Record<number, Envelopes> = {};
    for (const y of YEAR_KEYS) {
      const e = file.envelopesByYear[y];
      if (e !== undefined) byYear[Number(y)] = toEnvelopes(e);
    }
    input.envelopesByYear = byYear;
  }
  if (file.attainment !== undefined) input.attainment = file.attainment.map((a) => ({ ...a }));
  if (file.variableEarned !== undefined) input.variableEarned = file.variableEarned.map((v) => ({ ...v }));
  if (file.crisisRecognisedYears !== undefined) input.crisisRecognised = file.crisisRecognisedYears.map((y) => ({ year: y }));
  return input;
}

/**
 * JSON Schema of the file format (for documentation and editors). The "exactly one of
 * population / populations" rule is a refinement in zod; it is stated here as `oneOf`.
 */
export function fundingFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(fundingFileSchema) as Record<string, unknown>;
  return {
    ...schema,
    description:
      'Contrat ACI CPTS décrit pour `npm run aci -- funding --input FICHIER.json` (montants en centimes). ' +
      'Donnez soit « population » (et « populationAsOf »), soit « populations ».',
    oneOf: [
      { required: ['population'], not: { required: ['populations'] } },
      { required: ['populations'], not: { anyOf: [{ required: ['population'] }, { required: ['populationAsOf'] }] } },
    ],
  };
}
