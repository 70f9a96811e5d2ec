// The draft review's form (renderer/features/dialogue/draftForm.ts): what it sends to
// 'reviews.update' and what it refuses before sending, with the API's own messages and paths.
import { describe, expect, it, vi } from 'vitest';

// The form's module reads the screen's helpers, whose API client looks at `window` on import.
vi.hoisted(() => {
  (globalThis as { window?: unknown }).window ??= { api: {} };
});

import { fieldErrors } from '../../shared/api';
import type { ReviewDetail, ReviewIndicatorRow } from '../../shared/indicatorViews';
import { draftSchema, fromDetail, newDecision, toSent } from '../../renderer/features/dialogue/draftForm';

function row(indicatorId: number, label: string, unit: ReviewIndicatorRow['unit']): ReviewIndicatorRow {
  return {
    indicatorId, mission: 'acces_soins', label, unit, target: null, measured: null, presented: null, validated: null, status: null, comment: '',
    evidenceCount: 0, earnedCents: null, maxCents: 0, rule: { unit, target: null, direction: 'higher', payment: 'all_or_nothing', amountCents: 0, paliers: [] } as unknown as ReviewIndicatorRow['rule'],
  };
}

const detail = {
  id: 7, kind: 'annual', year: 3, heldOn: '2026-11-30', place: 'CPAM', agenda: '', summary: '', participants: [], decisions: [],
  indicators: [row(3, 'Médecins au SAS', 'count'), row(4, 'Plan de crise', 'yesno')],
} as unknown as ReviewDetail;

const refusals = (f: ReturnType<typeof fromDetail>) => {
  const r = draftSchema(detail).safeParse(f);
  return r.success ? {} : fieldErrors(r.error);
};

describe('draft review form', () => {
  it('refuses « oui » for a number, on the field the API names, but takes it for a yes/no indicator', () => {
    const f = fromDetail(detail);
    f.indicators[0].validated = 'oui';
    f.indicators[1].validated = 'oui';
    expect(refusals(f)).toEqual({ 'indicators.0.validated': 'Médecins au SAS — valeur validée : nombre attendu (nombre), pas oui/non.' });
    f.indicators[0].validated = '12';
    expect(refusals(f)).toEqual({});
  });

  it('refuses with the API schema’s messages: a value out of bounds, a missing date, a participant without a name', () => {
    const f = fromDetail(detail);
    f.heldOn = '';
    f.indicators[0].presented = '2000000000';
    f.participants.push({ name: '', organisation: 'CPAM', role: '' });
    expect(refusals(f)).toEqual({
      heldOn: 'Date du dialogue : date obligatoire.',
      'participants.0.name': expect.stringMatching(/^Nom du participant/),
      'indicators.0.presented': 'Valeur présentée : valeur invraisemblable (1 000 000 000 au plus).',
    });
  });

  it('sends what was typed, blanks as null, and a decision only with the fields of its kind', () => {
    const f = fromDetail(detail);
    f.indicators[0].presented = ' 12,5 ';
    f.indicators[1].status = 'atteint';
    f.decisions.push({ ...newDecision(detail), kind: 'other', text: 'Point d’étape', mission: 'acces_soins', amountCents: '10,00', newTarget: '4' });
    const sent = toSent(detail.id, detail, f);
    expect(sent.reviewId).toBe(7);
    expect(sent.indicators).toEqual([
      { indicatorId: 3, presented: ' 12,5 ', validated: null, status: null, comment: '' },
      { indicatorId: 4, presented: null, validated: null, status: 'atteint', comment: '' },
    ]);
    expect(sent.decisions).toEqual([{ kind: 'other', text: 'Point d’étape', indicatorId: null, newTarget: null, mission: null, onDate: null, amountCents: null }]);
  });
});
