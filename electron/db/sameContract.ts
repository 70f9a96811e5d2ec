// The database's refusal of a link between two contracts (migration 2026-11-30-pg-05-same-contract-refs,
// and its SQLite counterpart 2026-11-30-13-same-contract-refs): a French message the API answers
// as a VALIDATION refusal, whichever engine raised it.
import { SAME_CONTRACT_MESSAGES, SAME_CONTRACT_SQLSTATE } from './postgres/migrations/2026-11-30-pg-05-same-contract-refs';

/** The French refusal (anywhere in the cause chain), or null when the error is another. */
export function sameContractRefusal(e: unknown): string | null {
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    const { code, message } = x as { code?: unknown; message?: unknown };
    if (typeof message !== 'string') continue;
    if (code === SAME_CONTRACT_SQLSTATE || (code === 'SQLITE_CONSTRAINT_TRIGGER' && SAME_CONTRACT_MESSAGES.has(message))) return message;
  }
  return null;
}
