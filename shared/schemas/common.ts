// Building blocks of the API's input schemas. Every message is French and names the field,
// because it is shown next to that field in the UI and printed by the CLI.
import { z } from 'zod';
import { isIsoDate } from '../dates';

export const idSchema = z.number({ error: 'Identifiant manquant.' }).int('Identifiant invalide.').positive('Identifiant invalide.');

/** An ISO calendar date that exists (2023-02-30 is refused). */
export function isoDate(label: string) {
  return z
    .string({ error: `${label} : date obligatoire.` })
    .trim()
    .refine((s) => s !== '', `${label} : date obligatoire.`)
    .refine((s) => s === '' || isIsoDate(s), `${label} : date impossible (format AAAA-MM-JJ attendu).`);
}

/** Optional date: '' or null mean "not yet". */
export function optionalIsoDate(label: string) {
  return z
    .union([z.string(), z.null()])
    .optional()
    .transform((s) => (s == null || s.trim() === '' ? null : s.trim()))
    .refine((s) => s === null || isIsoDate(s), `${label} : date impossible (format AAAA-MM-JJ attendu).`);
}

function stripSpaces(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.replace(/[\s\u00a0\u202f]/g, '');
  return t === '' ? undefined : t;
}

/** A whole number typed by a person: "84 466" is accepted, "84,5" and "-3" are not. */
export function wholeNumber(label: string, opts: { min?: number; max?: number } = {}) {
  const min = opts.min ?? 0;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  return z.preprocess(
    (v) => {
      const s = stripSpaces(v);
      if (typeof s === 'string') return /^-?\d+$/.test(s) ? Number(s) : Number.NaN;
      return s;
    },
    z
      .number({ error: (iss) => (iss.input === undefined || iss.input === null ? `${label} : nombre entier obligatoire.` : `${label} : nombre entier attendu.`) })
      .refine((n) => Number.isFinite(n), `${label} : nombre entier attendu.`)
      .refine((n) => Number.isInteger(n), `${label} : nombre entier attendu.`)
      .refine((n) => n >= min, min === 0 ? `${label} : ne peut pas être négatif.` : `${label} : au moins ${min}.`)
      .refine((n) => n <= max, `${label} : au plus ${max}.`),
  );
}

/** Plausibility bound of every money field: 100 000 000 € (a whole ACI contract is under 3 M€). */
export const MAX_MONEY_CENTS = 10_000_000_000;

/** A euro amount: a number of cents (integer), or a French text such as "17 500,50". */
export function centsAmount(label: string, opts: { allowNegative?: boolean; allowZero?: boolean } = {}) {
  return z.preprocess(
    (v) => {
      if (typeof v === 'string') {
        const t = v.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
        if (t === '') return undefined;
        if (!/^-?\d+(\.\d{1,2})?$/.test(t)) return Number.NaN;
        const [ints, dec = ''] = t.replace('-', '').split('.');
        const cents = Number(ints) * 100 + Number((dec + '00').slice(0, 2));
        return t.startsWith('-') ? -cents : cents;
      }
      return v;
    },
    z
      .number({ error: (iss) => (iss.input === undefined || iss.input === null ? `${label} : montant obligatoire.` : `${label} : montant invalide (ex. 17 500,00).`) })
      .refine((n) => Number.isFinite(n), `${label} : montant invalide (ex. 17 500,00).`)
      .refine((n) => Number.isInteger(n), `${label} : montant en centimes entiers attendu.`)
      .refine((n) => opts.allowNegative || n >= 0, `${label} : ne peut pas être négatif.`)
      .refine((n) => opts.allowZero !== false || n !== 0, `${label} : ne peut pas être nul.`)
      .refine((n) => !Number.isFinite(n) || Math.abs(n) <= MAX_MONEY_CENTS, `${label} : montant invraisemblable (100 000 000 € au plus).`),
  );
}

export function requiredText(label: string, max = 200) {
  return z
    .string({ error: `${label} : champ obligatoire.` })
    .trim()
    .min(1, `${label} : champ obligatoire.`)
    .max(max, `${label} : ${max} caractères au plus.`);
}

export function optionalText(label: string, max = 2000) {
  return z
    .union([z.string(), z.null()])
    .optional()
    .transform((s) => (s == null ? '' : s.trim()))
    .refine((s) => s.length <= max, `${label} : ${max} caractères au plus.`);
}
