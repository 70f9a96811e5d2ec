// Inputs and results of the annex workbook (issue 12): the empty template, and the import of a
// year's annex from an Excel workbook (shared/domain/annexWorkbook.ts reads its rows).
import { z } from 'zod';
import type { AnnexView } from '../indicatorViews';
import type { RowError } from '../domain/annexWorkbook';
import { idSchema, requiredText } from './common';

/** Plausibility bound of an annex workbook (a 19-indicator annex is some 20 kB). */
export const MAX_ANNEX_WORKBOOK_BYTES = 5 * 1024 * 1024;

const contractYear = z.number({ error: 'Année du contrat : 1 à 5.' }).int('Année du contrat : 1 à 5.').min(1, 'Année du contrat : 1 à 5.').max(5, 'Année du contrat : 1 à 5.');

export const annexTemplateSchema = z.object({}).strict();

export const annexWorkbookImportSchema = z
  .object({
    contractId: idSchema,
    year: contractYear,
    file: z
      .object({
        fileName: requiredText('Nom du fichier', 255),
        base64: z
          .string({ error: 'Fichier : contenu manquant.' })
          .min(1, 'Fichier : contenu manquant.')
          .max(Math.ceil((MAX_ANNEX_WORKBOOK_BYTES * 4) / 3) + 8, 'Fichier trop volumineux pour une annexe (5 Mo au plus).')
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Fichier : contenu illisible (base64 attendu).'),
      })
      .strict(),
  })
  .strict();

export interface AnnexWorkbookImported {
  /** What was written. */
  actions: number;
  indicators: number;
  livrables: number;
  /** The sheet read. */
  sheet: string;
  annex: AnnexView;
}

/** The `fields` of a refused import: one entry per bad cell, « ligne.7.Cible » -> « Ligne 7 : Cible : … ». */
export function rowErrorFields(errors: readonly RowError[], moreErrors: number): Record<string, string> {
  const out: Record<string, string> = {};
  errors.forEach((e, i) => {
    out[e.row !== null ? `ligne.${e.row}.${e.column ?? '_'}.${i}` : `classeur.${i}`] = e.message;
  });
  if (moreErrors > 0) out['classeur.suite'] = `… et ${moreErrors} autre(s) erreur(s), à voir après correction des premières.`;
  return out;
}
