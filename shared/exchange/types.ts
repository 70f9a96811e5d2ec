// The exchange file as the API and the screens see it (issue 12): what an import would do (the
// difference, shown before anything is written) and what it did.
import { z } from 'zod';
import type { ExchangeConflict } from './diff';
import { SIDES, type Side } from './format';
import { idSchema } from '../schemas/common';

export interface ExchangePreview {
  /** Who wrote the file. */
  side: Side;
  createdAt: string;
  appVersion: string;
  contract: { uuid: string; cpts: string; siret: string; signedOn: string; localId: number | null };
  /** How the contract was found here: its uuid, its CPTS's SIRET and signature date (first import), or not at all (a new contract). */
  match: 'uuid' | 'siret' | 'new';
  new: number;
  changed: number;
  unchanged: number;
  conflicts: ExchangeConflict[];
  /** Decisions the rules took, listed for the user (a contradicted payment kept, a value not taken…). */
  notices: string[];
  /** Whether conflicts must be answered before the import. */
  blocking: boolean;
  evidenceFiles: number;
  /** Identifies the file and the local data the preview was computed from. */
  digest: string;
}

export interface ExchangeApplied extends ExchangePreview {
  applied: true;
  contractId: number;
  /** The copy of the database taken before writing (null when nothing was written). */
  backupPath: string | null;
}

/** Largest exchange file the API takes as base64 (evidence included). */
export const MAX_API_EXCHANGE_BYTES = 512 * 1024 * 1024;

const fileBase64 = z
  .string()
  .min(1, 'Fichier vide.')
  .max(Math.ceil((MAX_API_EXCHANGE_BYTES * 4) / 3) + 8, 'Fichier trop volumineux (512 Mo au plus).');
const resolution = z.enum(['mine', 'theirs'], { error: 'Réponse : mine (garder la version locale) ou theirs (prendre celle du fichier).' });

export const exchangeExportSchema = z
  .object({ contractId: idSchema, side: z.enum(SIDES, { error: 'Côté : cpts ou cpam.' }) })
  .strict();

export const exchangePreviewSchema = z.object({ fileBase64, contractId: idSchema.optional() }).strict();

export const exchangeApplySchema = z
  .object({
    fileBase64,
    contractId: idSchema.optional(),
    /** The answer to every conflict not listed in `choices`. */
    resolve: resolution.optional(),
    choices: z.record(z.string().max(200), resolution).optional(),
    /** The preview's digest: refused if the data changed since. */
    digest: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  })
  .strict();
