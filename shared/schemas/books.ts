// Inputs of the treasurer's books (issue 14): the FEC mapping rules (the same rules the
// "Comptabilité" screen edits and the CLI reads from --mapping M.json, documented by
// docs/fec-mapping.schema.json), the FEC import, and the register of professionals' indemnities.
import { z } from 'zod';
import { MISSION_CODES } from '../domain/missions';
import { centsAmount, idSchema, isoDate, requiredText } from './common';
import { SPENDING_CATEGORIES } from './money';

/** A FEC sent with a call: its content as base64 (never a path). 30 Mo at most. */
export const MAX_FEC_BYTES = 30 * 1024 * 1024;

export const mappingRuleSchema = z
  .object({
    account: z
      .string({ error: 'Compte : préfixe de numéro de compte attendu (ex. 6411).' })
      .trim()
      .regex(/^[0-9A-Za-z]{1,20}$/, 'Compte : préfixe de numéro de compte attendu (chiffres, ex. 6411).')
      .describe('Préfixe du numéro de compte (CompteNum) ; la règle au préfixe le plus long l’emporte.'),
    journal: z
      .string({ error: 'Journal : code de journal attendu (ex. OD).' })
      .trim()
      .max(20, 'Journal : 20 caractères au plus.')
      .nullable()
      .optional()
      .transform((s) => (s == null || s === '' ? null : s))
      .describe('Code du journal (JournalCode), facultatif : à longueur de préfixe égale, une règle avec journal l’emporte.'),
    mission: z
      .enum(MISSION_CODES, { error: `Mission : ${MISSION_CODES.join(', ')} ou null (fonctionnement).` })
      .nullable()
      .describe('Code de mission, ou null pour le fonctionnement.'),
    category: z
      .enum(SPENDING_CATEGORIES, { error: `Catégorie : ${SPENDING_CATEGORIES.join(', ')}.` })
      .describe('Catégorie de dépense.'),
  })
  .strict();

export const mappingSchema = z
  .object({
    rules: z
      .array(mappingRuleSchema, { error: 'Règles : liste attendue.' })
      .max(500, 'Règles : 500 au plus.')
      .superRefine((rules, ctx) => {
        const seen = new Set<string>();
        rules.forEach((r, i) => {
          const key = `${r.account}|${r.journal ?? ''}`;
          if (seen.has(key)) {
            ctx.addIssue({ code: 'custom', path: [i, 'account'], message: `Règle ${i + 1} : le compte ${r.account}${r.journal ? ` (journal ${r.journal})` : ''} a déjà une règle.` });
          }
          seen.add(key);
        });
      }),
  })
  .strict()
  .describe('Règles d’affectation des comptes d’un FEC aux missions et catégories de dépenses (ACI CPTS).');

export type MappingRule = z.output<typeof mappingRuleSchema>;
export type Mapping = z.output<typeof mappingSchema>;

/** JSON Schema of the mapping file (docs/fec-mapping.schema.json). */
export function mappingJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(mappingSchema, { io: 'input' }) as Record<string, unknown>;
}

export const fecFileSchema = z
  .object({
    fileName: z.string({ error: 'Fichier FEC : nom attendu.' }).trim().min(1, 'Fichier FEC : nom attendu.').max(255, 'Fichier FEC : nom trop long.'),
    contentBase64: z
      .string({ error: 'Fichier FEC : contenu manquant.' })
      .min(1, 'Fichier FEC : fichier vide.')
      .max(Math.ceil((MAX_FEC_BYTES * 4) / 3) + 8, 'Fichier FEC : trop volumineux (30 Mo au plus).'),
  })
  .strict();

export const fecImportSchema = z
  .object({
    contractId: idSchema,
    file: fecFileSchema,
    /** The rules to apply (and remember for the contract on import); the contract's own when absent. */
    rules: mappingSchema.shape.rules.optional(),
  })
  .strict();

export const mappingSetSchema = z.object({ contractId: idSchema, rules: mappingSchema.shape.rules }).strict();

/** The register of indemnities: a CSV (content as text) and whether entries past the PASS are confirmed. */
export const indemnityImportSchema = z
  .object({
    contractId: idSchema,
    fileName: z.string().trim().max(255).default('registre.csv'),
    csv: z.string({ error: 'Registre : contenu CSV attendu.' }).min(1, 'Registre : fichier vide.').max(5_000_000, 'Registre : trop volumineux (5 Mo au plus).'),
    confirmOverCeiling: z.boolean({ error: 'Dépassement du plafond : confirmation oui/non attendue.' }).default(false),
  })
  .strict();

export const indemnitiesGetSchema = z
  .object({
    contractId: idSchema,
    /** Civil year; every year when absent. */
    year: z.number({ error: 'Année civile : nombre attendu (ex. 2025).' }).int('Année civile : nombre entier attendu.').min(2019, 'Année civile : 2019 au plus tôt.').max(2100, 'Année civile : 2100 au plus tard.').optional(),
  })
  .strict();

/** RPPS: optional, 11 digits (spaces typed between groups are dropped). */
const rppsField = z
  .union([z.string({ error: 'RPPS : 11 chiffres attendus.' }), z.null()])
  .optional()
  .transform((s) => (s ?? '').replace(/[\s\u00a0\u202f]/g, ''))
  .refine((s) => s === '' || /^\d{11}$/.test(s), 'RPPS : 11 chiffres attendus (ou laissez vide).');

export const professionalAddSchema = z
  .object({
    contractId: idSchema,
    name: requiredText('Nom du professionnel', 200),
    profession: requiredText('Profession', 100),
    rpps: rppsField,
  })
  .strict();

/** A professional's profession and RPPS (the name identifies them in the register and stays). */
export const professionalUpdateSchema = z
  .object({
    contractId: idSchema,
    professionalId: z.number({ error: 'Professionnel : choisissez-le dans la liste.' }).int('Professionnel : identifiant invalide.').positive('Professionnel : identifiant invalide.'),
    profession: requiredText('Profession', 100),
    rpps: rppsField,
  })
  .strict();

/**
 * Hours typed as a French decimal ("2,5") or a number (2.5): 0,01 to 1 000 h, two decimals at most.
 * The output is a number of hours too, so a value parsed by the form parses the same in the API.
 */
const hoursField = z.preprocess(
  (v) => {
    if (typeof v === 'string') {
      const t = v.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
      if (t === '') return undefined;
      return /^\d+(\.\d{1,2})?$/.test(t) ? Number(t) : Number.NaN;
    }
    return v;
  },
  z
    .number({ error: (iss) => (iss.input === undefined || iss.input === null ? 'Heures : nombre d’heures obligatoire (ex. 2,5).' : 'Heures : nombre d’heures attendu (ex. 2,5 ; deux décimales au plus).') })
    .refine((n) => Number.isFinite(n) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'Heures : nombre d’heures attendu (ex. 2,5 ; deux décimales au plus).')
    .refine((n) => n > 0, 'Heures : doit être positif.')
    .refine((n) => n <= 1_000, 'Heures : 1 000 au plus par saisie.'),
);

/** Hundredths of an hour, as the register stores them. */
export const hoursCentiOf = (hours: number): number => Math.round(hours * 100);

/** An optional amount: '' or null mean "not given". */
const optionalCents = (label: string) => z.preprocess((v) => (v === '' || v === null || v === undefined ? null : v), centsAmount(label, { allowZero: false }).nullable());

export const INDEMNITY_KINDS = ['indemnite', 'remuneration'] as const;

/** One time entry typed on screen: the same rules as a register row; past the PASS it needs confirmOverCeiling. */
export const indemnityEntrySchema = z
  .object({
    contractId: idSchema,
    professionalId: z.number({ error: 'Professionnel : choisissez-le dans la liste.' }).int('Professionnel : identifiant invalide.').positive('Professionnel : choisissez-le dans la liste.'),
    workedOn: isoDate('Date'),
    mission: z.enum(MISSION_CODES, { error: `Mission : ${MISSION_CODES.join(', ')} ou null (fonctionnement).` }).nullable(),
    hours: hoursField,
    kind: z.enum(INDEMNITY_KINDS, { error: 'Nature : indemnité ou rémunération.' }),
    rateCents: optionalCents('Taux horaire'),
    amountCents: optionalCents('Montant'),
    confirmOverCeiling: z.boolean({ error: 'Dépassement du plafond : confirmation oui/non attendue.' }).default(false),
  })
  .strict()
  .refine((e) => e.rateCents !== null || e.amountCents !== null, { path: ['amountCents'], message: 'Montant : indiquez le montant ou le taux horaire.' });
