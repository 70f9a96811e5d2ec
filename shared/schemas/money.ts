// Inputs of the money side: envelopes, attainment, payments, spending, what-if.
import { z } from 'zod';
import { MISSION_CODES } from '../domain/missions';
import { centsAmount, idSchema, isoDate, optionalText, requiredText } from './common';
import { MAX_EVIDENCE_BYTES } from './indicators';

const missionCode = z.enum(MISSION_CODES, { error: 'Mission inconnue.' });
const contractYear = z
  .number({ error: 'Année du contrat : 1 à 5.' })
  .int('Année du contrat : 1 à 5.')
  .min(1, 'Année du contrat : 1 à 5.')
  .max(5, 'Année du contrat : 1 à 5.');

/** A percentage typed by a person ("75", "72,5") or a number, kept as basis points (0–10 000). */
export const ratePercent = z.preprocess(
  (v) => {
    if (typeof v === 'string') {
      const t = v.replace(/[\s%\u00a0\u202f]/g, '').replace(',', '.');
      if (t === '') return undefined;
      return /^-?\d+(\.\d{1,2})?$/.test(t) ? Number(t) : Number.NaN;
    }
    return v;
  },
  z
    .number({ error: (iss) => (iss.input === undefined || iss.input === null ? "Taux d'atteinte : obligatoire (0 à 100 %)." : "Taux d'atteinte : nombre attendu (0 à 100 %).") })
    .refine((n) => Number.isFinite(n), "Taux d'atteinte : nombre attendu (0 à 100 %).")
    .refine((n) => n >= 0, "Taux d'atteinte : ne peut pas être négatif.")
    .refine((n) => n <= 100, "Taux d'atteinte : ne peut pas dépasser 100 %.")
    .transform((n) => Math.round(n * 100)),
);

export const ENVELOPE_LINES = ['fonctionnement', 'fixed', 'variable', 'fixedLater'] as const;
export type EnvelopeLine = (typeof ENVELOPE_LINES)[number];

export const envelopeInputSchema = z
  .object({
    contractId: idSchema,
    year: contractYear.nullable().default(null),
    line: z.enum(ENVELOPE_LINES, { error: 'Ligne inconnue.' }),
    mission: missionCode.nullable().default(null),
    cents: centsAmount('Montant annuel', { allowZero: true }),
    reason: requiredText('Motif de la modification (ex. annexe du contrat, article…)', 500),
  })
  .strict()
  .refine((e) => (e.line === 'fonctionnement') === (e.mission === null), {
    path: ['mission'],
    message: 'Mission : obligatoire pour une part fixe ou variable, absente pour le fonctionnement.',
  });

export const attainmentInputSchema = z
  .object({
    contractId: idSchema,
    year: contractYear,
    mission: missionCode,
    ratePercent,
    comment: optionalText('Commentaire', 500),
  })
  .strict();

/**
 * Whether a payment may exceed what the tranches it names still owe (a trop-perçu): the UI sends
 * `true` only after the user confirmed it explicitly.
 */
const allowExcess = z.boolean({ error: 'Trop-perçu : confirmation oui/non attendue.' }).default(false);

export const paymentInputSchema = z
  .object({
    contractId: idSchema,
    receivedOn: isoDate('Date du versement'),
    amountCents: centsAmount('Montant du versement', { allowZero: false }),
    cpamRef: requiredText('Référence CPAM', 100),
    trancheIds: z
      .array(z.string({ error: 'Échéance : identifiant attendu.' }).min(1, 'Échéance : identifiant attendu.').max(100, 'Échéance : identifiant trop long.'), {
        error: 'Échéances réglées : liste attendue.',
      })
      .min(1, 'Échéances réglées : choisissez au moins une échéance.')
      .max(100, 'Échéances réglées : 100 au plus.')
      .superRefine((ids, ctx) => {
        const seen = new Set<string>();
        ids.forEach((id, i) => {
          if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [i], message: `Échéances réglées : l’échéance ${id} est cochée deux fois.` });
          seen.add(id);
        });
      }),
    comment: optionalText('Commentaire', 500),
    allowExcess,
  })
  .strict();

export const paymentCorrectionSchema = z
  .object({
    contractId: idSchema,
    paymentId: idSchema,
    correctedOn: isoDate('Date de la correction'),
    // 0 € cancels the payment; a payment is never negative (a recovery is withheld from a payment).
    newAmountCents: centsAmount('Montant corrigé', { allowZero: true }),
    reason: requiredText('Motif de la correction', 500),
    allowExcess,
  })
  .strict();

export const SPENDING_CATEGORIES = [
  'coordination',
  'indemnites_ps',
  'prestations',
  'fonctionnement_courant',
  'autre',
] as const;
export type SpendingCategory = (typeof SPENDING_CATEGORIES)[number];
export const SPENDING_CATEGORY_LABELS: Record<SpendingCategory, string> = {
  coordination: 'Salaires de coordination',
  indemnites_ps: 'Indemnités des professionnels de santé',
  prestations: 'Prestations de services',
  fonctionnement_courant: 'Frais de fonctionnement courant',
  autre: 'Autre',
};

/**
 * A supporting file sent with a write (its content as base64, never a path): stored like every
 * evidence file, under its SHA-256 in the data folder. 20 Mo at most, as the screens allow.
 */
export const attachmentSchema = z
  .object({
    fileName: requiredText('Fichier joint : nom du fichier', 255),
    contentBase64: z
      .string({ error: 'Fichier joint : contenu manquant.' })
      .min(1, 'Fichier joint : fichier vide.')
      .max(Math.ceil((MAX_EVIDENCE_BYTES * 4) / 3) + 8, 'Fichier joint : trop volumineux (20 Mo au plus).'),
  })
  .strict();
export type AttachmentInput = z.input<typeof attachmentSchema>;

export const spendingInputSchema = z
  .object({
    contractId: idSchema,
    spentOn: isoDate('Date de la dépense'),
    mission: missionCode.nullable(),
    category: z.enum(SPENDING_CATEGORIES, { error: 'Catégorie inconnue.' }),
    amountCents: centsAmount('Montant de la dépense', { allowZero: false }),
    documentRef: requiredText('Pièce justificative (référence)', 200),
    comment: optionalText('Commentaire', 500),
    attachment: attachmentSchema.nullable().default(null),
  })
  .strict();

/**
 * A correction of a spending entry: the amount it should have had (0 € cancels it), dated, with
 * its reason; the entry is kept, the correction is a new row.
 */
export const spendingCorrectionSchema = z
  .object({
    contractId: idSchema,
    spendingId: idSchema,
    correctedOn: isoDate('Date de la correction'),
    newAmountCents: centsAmount('Montant corrigé', { allowZero: true }),
    reason: requiredText('Motif de la correction', 500),
    attachment: attachmentSchema.nullable().default(null),
  })
  .strict();

export const budgetInputSchema = z
  .object({
    contractId: idSchema,
    year: contractYear,
    mission: missionCode.nullable(),
    cents: centsAmount('Budget', { allowZero: true }),
  })
  .strict();

export const whatIfInputSchema = z
  .object({
    contractId: idSchema,
    attainment: z.array(z.object({ year: contractYear, mission: missionCode, ratePercent })).max(60).default([]),
    missionStarts: z
      .array(z.object({ code: missionCode, startedOn: z.union([isoDate('Démarrage simulé'), z.null()]) }))
      .max(6)
      .default([]),
  })
  .strict();
