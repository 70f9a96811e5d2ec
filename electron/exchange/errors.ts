// A refused exchange file or export, with a French message naming the problem (CLI exit 2, API
// VALIDATION). Anything else thrown during an import is a bug, not a refusal.
import type { z } from 'zod';

export class ExchangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExchangeError';
  }
}

const CODES: Record<string, string> = {
  invalid_type: 'type inattendu',
  too_big: 'valeur hors limites (trop grande ou trop longue)',
  too_small: 'valeur hors limites (trop petite ou trop courte)',
  invalid_format: 'format invalide',
  invalid_value: 'valeur non reconnue',
  invalid_union: 'valeur non reconnue',
  unrecognized_keys: 'champ inconnu',
  custom: 'valeur impossible',
};

/** The first problems of a zod error, in French, with their path ("tables.payment.3.amount_cents : valeur hors limites"). */
export function describeIssues(error: z.ZodError, max = 3): string {
  return error.issues
    .slice(0, max)
    .map((i) => {
      const path = i.path.map(String).join('.') || 'racine';
      const keys = i.code === 'unrecognized_keys' ? ` « ${i.keys.slice(0, 3).join(', ').slice(0, 100)} »` : '';
      return `${path.slice(0, 120)} : ${CODES[i.code] ?? 'invalide'}${keys}`;
    })
    .join(' ; ');
}
