// Inputs of the yearly annex (actions, indicators, livrables, values, evidence) and of the
// dialogue de gestion reviews.
import { z } from 'zod';
import { MISSION_CODES } from '../domain/missions';
import { INDICATOR_KINDS, INDICATOR_PAYMENTS, INDICATOR_UNITS } from '../domain/indicators';
import { centsAmount, idSchema, isoDate, optionalIsoDate, optionalText, requiredText } from './common';

const missionCode = z.enum(MISSION_CODES, { error: 'Mission inconnue.' });
const contractYear = z.number({ error: 'Année du contrat : 1 à 5.' }).int('Année du contrat : 1 à 5.').min(1, 'Année du contrat : 1 à 5.').max(5, 'Année du contrat : 1 à 5.');

/** "oui" / "non" as typed: only a yes/no indicator accepts it (the handler knows the unit). */
export interface YesNoWord {
  word: 'oui' | 'non';
}

/** Plausibility bound of an indicator value, in hundredths (10^9). */
export const MAX_MEASURE_HUNDREDTHS = 100_000_000_000;

/** A measure after parsing: hundredths (66,26 -> 6626), or a yes/no word. */
export type Measure = number | YesNoWord;

/**
 * A measured value typed by a person ("66,26", "12", "oui"/"non"). Numbers become integers in
 * hundredths; the words stay words, so that "oui" on a count indicator is refused by the handler
 * (checkUnit) instead of silently becoming 1.
 */
export function measure(label: string) {
  return z.preprocess(
    (v): unknown => {
      if (typeof v === 'boolean') return { word: v ? 'oui' : 'non' };
      if (typeof v === 'number') return Number.isFinite(v) ? Math.round(v * 100) : Number.NaN;
      if (typeof v === 'string') {
        const t = v.trim().toLowerCase().replace(/[\s\u00a0\u202f%]/g, '').replace(',', '.');
        if (t === '') return undefined;
        if (t === 'oui' || t === 'non') return { word: t };
        if (!/^-?\d+(\.\d{1,2})?$/.test(t)) return Number.NaN;
        return Math.round(Number(t) * 100);
      }
      return v;
    },
    z.union(
      [
        z
          .number()
          .refine((n) => Number.isFinite(n))
          // Hundredths: no indicator value above 10^9.
          .refine((n) => !Number.isFinite(n) || Math.abs(n) <= MAX_MEASURE_HUNDREDTHS, `${label} : valeur invraisemblable (1 000 000 000 au plus).`),
        z.object({ word: z.enum(['oui', 'non']) }).strict(),
      ],
      {
        error: (iss) =>
          iss.input === undefined || iss.input === null ? `${label} : valeur obligatoire.` : `${label} : nombre (2 décimales au plus) ou oui/non attendu.`,
      },
    ),
  );
}

export const annexKeySchema = z.object({ contractId: idSchema, year: contractYear }).strict();

export const annexCreateSchema = z
  .object({ contractId: idSchema, year: contractYear, copyFromYear: contractYear.nullable().default(null) })
  .strict()
  .refine((v) => v.copyFromYear === null || v.copyFromYear < v.year, { path: ['copyFromYear'], message: 'Copie : choisissez une année antérieure.' });

export const actionInputSchema = z
  .object({
    contractId: idSchema,
    year: contractYear,
    mission: missionCode,
    label: requiredText("Intitulé de l'action", 300),
    carriedOver: z.boolean().default(false),
  })
  .strict();

export const livrableInputSchema = z.object({ actionId: idSchema, label: requiredText('Livrable', 300) }).strict();
export const livrableTickSchema = z.object({ livrableId: idSchema, doneOn: optionalIsoDate('Date du livrable') }).strict();

export const palierSchema = z.object({
  label: requiredText('Nom du palier', 60),
  threshold: measure('Seuil du palier'),
  amountCents: centsAmount('Montant du palier', { allowZero: true }),
});

export const indicatorInputSchema = z
  .object({
    actionId: idSchema,
    label: requiredText("Intitulé de l'indicateur", 300),
    kind: z.enum(INDICATOR_KINDS, { error: 'Type : action ou résultat.' }),
    unit: z.enum(INDICATOR_UNITS, { error: 'Unité : nombre, pourcentage ou oui/non.' }),
    baseline: measure('Valeur initiale').optional().nullable(),
    baselineOn: optionalIsoDate('Date de la valeur initiale'),
    source: z.enum(['cpam', 'cpts'], { error: 'Source : données CPAM ou déclaration CPTS.' }),
    direction: z.enum(['higher', 'lower'], { error: 'Sens : plus haut ou plus bas est mieux.' }),
    payment: z.enum(INDICATOR_PAYMENTS, { error: 'Rémunération : paliers, tout ou rien ou linéaire.' }),
    amountCents: centsAmount('Montant', { allowZero: true }).default(0),
    target: measure('Cible').optional().nullable(),
    paliers: z.array(palierSchema).max(10).default([]),
  })
  .strict();

export const valueInputSchema = z
  .object({
    indicatorId: idSchema,
    value: measure('Valeur mesurée'),
    measuredOn: isoDate('Date de la mesure'),
    comment: optionalText('Commentaire', 1000),
  })
  .strict();

export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

export const evidenceInputSchema = z
  .object({
    contractId: idSchema,
    livrableId: idSchema.nullable().default(null),
    indicatorId: idSchema.nullable().default(null),
    fileName: requiredText('Nom du fichier', 255),
    contentBase64: z.string().max(Math.ceil((MAX_EVIDENCE_BYTES * 4) / 3) + 8, 'Fichier trop volumineux (20 Mo au plus).'),
  })
  .strict()
  .refine((v) => (v.livrableId === null) !== (v.indicatorId === null), {
    path: ['livrableId'],
    message: 'Pièce : rattachez-la à un livrable ou à un indicateur.',
  });

export const REVIEW_KINDS = ['intermediate', 'annual'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const REVIEW_KIND_LABELS: Record<ReviewKind, string> = { intermediate: 'Dialogue intermédiaire', annual: 'Dialogue annuel' };
export const REVIEW_STATUSES = ['atteint', 'partiel', 'non_atteint'] as const;
export type ReviewIndicatorStatus = (typeof REVIEW_STATUSES)[number];
export const REVIEW_STATUS_LABELS: Record<ReviewIndicatorStatus, string> = {
  atteint: 'Atteint',
  partiel: 'Partiellement atteint',
  non_atteint: 'Non atteint',
};
export const DECISION_KINDS = ['target_revision', 'mission_start', 'mission_deployment', 'amount_validated', 'crisis_recognised', 'other'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export const DECISION_KIND_LABELS: Record<DecisionKind, string> = {
  target_revision: 'Révision de cible (année suivante)',
  mission_start: 'Démarrage de mission constaté',
  mission_deployment: 'Déploiement de mission constaté',
  amount_validated: 'Montant validé',
  crisis_recognised: 'Crise sanitaire reconnue par l’ARS (part variable de la mission crise)',
  other: 'Autre décision',
};

export const reviewCreateSchema = z
  .object({
    contractId: idSchema,
    year: contractYear,
    kind: z.enum(REVIEW_KINDS, { error: 'Type de dialogue inconnu.' }),
    heldOn: isoDate('Date du dialogue'),
    place: optionalText('Lieu', 200),
    agenda: optionalText('Ordre du jour', 4000),
  })
  .strict();

export const participantSchema = z.object({
  name: requiredText('Nom du participant', 120),
  organisation: z.enum(['CPTS', 'CPAM', 'ARS'], { error: 'Organisation : CPTS, CPAM ou ARS.' }),
  role: optionalText('Fonction', 120),
});

export const reviewIndicatorSchema = z.object({
  indicatorId: idSchema,
  presented: measure('Valeur présentée').optional().nullable(),
  validated: measure('Valeur validée').optional().nullable(),
  status: z.enum(REVIEW_STATUSES, { error: 'Statut : atteint, partiellement atteint ou non atteint.' }).nullable().optional(),
  comment: optionalText('Commentaire', 1000),
});

export const decisionSchema = z.object({
  kind: z.enum(DECISION_KINDS, { error: 'Type de décision inconnu.' }),
  text: requiredText('Décision', 2000),
  indicatorId: idSchema.nullable().optional(),
  newTarget: measure('Nouvelle cible').optional().nullable(),
  mission: missionCode.nullable().optional(),
  onDate: optionalIsoDate('Date constatée'),
  amountCents: centsAmount('Montant validé', { allowZero: true }).optional().nullable(),
});

export const reviewUpdateSchema = z
  .object({
    reviewId: idSchema,
    heldOn: isoDate('Date du dialogue').optional(),
    place: optionalText('Lieu', 200).optional(),
    agenda: optionalText('Ordre du jour', 4000).optional(),
    summary: optionalText('Synthèse', 8000).optional(),
    participants: z.array(participantSchema).max(50).optional(),
    indicators: z.array(reviewIndicatorSchema).max(500).optional(),
    decisions: z.array(decisionSchema).max(200).optional(),
  })
  .strict();

export const reviewIdSchema = z.object({ reviewId: idSchema }).strict();
export const addendumSchema = z
  .object({
    reviewId: idSchema,
    addedOn: isoDate("Date de l'addendum"),
    text: requiredText('Addendum', 4000),
    /** The mission a money adjustment concerns (optional). */
    mission: missionCode.nullable().optional(),
    /** A signed money adjustment, its own tranche in the échéancier (positive: complement; negative: recovery). */
    amountCents: centsAmount("Ajustement de l'addendum", { allowNegative: true, allowZero: false }).nullable().optional(),
  })
  .strict();
