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

/** The first `most` items joined by commas, then how many more: "A, B, C et 997 autres". */
export function firstOf(items: readonly string[], most = 10): string {
  if (items.length <= most) return items.join(', ');
  const rest = items.length - most;
  return `${items.slice(0, most).join(', ')} et ${rest} ${rest > 1 ? 'autres' : 'autre'}`;
}
