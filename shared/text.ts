/**
 * Lower-case, accent- and punctuation-free form of a text for searching:
 * "evian" finds "Évian-les-Bains", "saint pourcain" finds "Saint-Pourçain", "val d essai" finds "Val d’Essai".
 */
export function searchKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
