import { describe, expect, it } from 'vitest';
import { firstOf, searchKey } from '../../shared/text';

describe('firstOf', () => {
  it('lists every item up to the limit, then says how many more', () => {
    expect(firstOf([])).toBe('');
    expect(firstOf(['A', 'B'], 2)).toBe('A, B');
    expect(firstOf(['A', 'B', 'C'], 2)).toBe('A, B et 1 autre');
    const many = Array.from({ length: 1000 }, (_, i) => `CPTS ${i + 1}`);
    expect(firstOf(many)).toBe(`${many.slice(0, 10).join(', ')} et 990 autres`);
  });
});

describe('searchKey', () => {
  it('drops accents, case and punctuation', () => {
    expect(searchKey('Évian-les-Bains')).toBe('evian les bains');
    expect(searchKey('Val d’Essai')).toBe('val d essai');
  });
});
