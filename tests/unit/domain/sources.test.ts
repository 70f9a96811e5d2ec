import { describe, expect, it } from 'vitest';
import { MODELLING_CHOICES, TEXT_VERSIONS, ruleTableFor } from '../../../shared/domain/rules';
import { SOURCES, modellingChoiceAnchor, sourceAnchor, sourceById } from '../../../shared/domain/rules/sources';

/** Every `sourceIds` in a value, found by shape (figures, provenances), with where it was found. */
function sourceIdsIn(x: unknown, path: string, out: { path: string; id: number }[]): void {
  if (x === null || typeof x !== 'object') return;
  if ('sourceIds' in x && Array.isArray(x.sourceIds)) for (const id of x.sourceIds as unknown[]) out.push({ path, id: Number(id) });
  for (const [k, v] of Object.entries(x)) sourceIdsIn(v, `${path}.${k}`, out);
}

describe('sources of the rule tables', () => {
  it('every source number a rule table cites is in the sources list', () => {
    const used: { path: string; id: number }[] = [];
    for (const v of TEXT_VERSIONS) sourceIdsIn(ruleTableFor(v), v, used);
    sourceIdsIn(MODELLING_CHOICES, 'MODELLING_CHOICES', used);
    expect(used.length).toBeGreaterThan(50);
    const missing = used.filter((u) => sourceById(u.id) === undefined);
    expect(missing).toEqual([]);
  });

  it('are numbered once, in order, each with a French title and http(s) addresses', () => {
    const ids = SOURCES.map((s) => s.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    // The reference's §12 has no n° 3 nor 19.
    expect(ids).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    for (const s of SOURCES) {
      expect(s.title.length).toBeGreaterThan(5);
      for (const l of s.links) expect(['http:', 'https:']).toContain(new URL(l.url).protocol);
      // Only n° 27 (annexes from a non-identified repository) has no address, and says why.
      if (s.links.length === 0) expect([s.id, s.caution]).toEqual([27, expect.any(String)]);
    }
  });

  it('anchors: #source-27 and #mc-<name>', () => {
    expect(sourceAnchor(27)).toBe('source-27');
    expect(modellingChoiceAnchor('PRORATA_UNIT')).toBe('mc-PRORATA_UNIT');
    for (const name of Object.keys(MODELLING_CHOICES)) expect(modellingChoiceAnchor(name)).toMatch(/^mc-[A-Z0-9_]+$/);
  });
});
