// The shared server's refusals of access (issue 13): a role's missing right on a table, or a row
// outside its row-level security policy, both SQLSTATE 42501 (insufficient_privilege), told in French.
export const ACCESS_SQLSTATE = '42501';

/** The French refusal for a PostgreSQL access error (anywhere in the cause chain), or null. */
export function accessRefusal(e: unknown): string | null {
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    if ((x as { code?: unknown }).code === ACCESS_SQLSTATE) {
      return (
        'Accès refusé par la base partagée : ce contrat ne vous est pas attribué, ou votre rôle ne permet pas cette opération. ' +
        'Rien n’a été enregistré.'
      );
    }
  }
  return null;
}
