// The values of a draft review's form (react-hook-form, useApiForm) and how they become the
// 'reviews.update' request: the form holds what was typed (blank means « none »), the API's own
// schema (reviewUpdateSchema) checks it, plus what only the form knows of an indicator's unit.
import { z } from 'zod';
import type { MissionCode } from '../../../shared/domain/missions';
import { UNIT_LABELS, suggestStatus, type IndicatorUnit } from '../../../shared/domain/indicators';
import { measure, reviewUpdateSchema, type DecisionKind, type ReviewIndicatorStatus } from '../../../shared/schemas/indicators';
import type { ReviewDetail } from '../../../shared/indicatorViews';
import { formatEurosNumber } from '../../../shared/money';
import { valueToText } from '../indicators/shared';

export type Organisation = 'CPTS' | 'CPAM' | 'ARS';
export const ORGANISATIONS: Organisation[] = ['CPTS', 'CPAM', 'ARS'];

export interface ParticipantForm {
  name: string;
  organisation: Organisation;
  role: string;
}

/** One indicator of the review, as typed ('' = none); its place is the indicator's in the detail. */
export interface LineForm {
  presented: string;
  validated: string;
  status: ReviewIndicatorStatus | '';
  comment: string;
}

export interface DecisionForm {
  kind: DecisionKind;
  text: string;
  indicatorId: string;
  newTarget: string;
  mission: string;
  onDate: string;
  amountCents: string;
}

/** Named as the API names them, so that a refusal on « indicators.3.validated » lands on that field. */
export interface DraftForm {
  heldOn: string;
  place: string;
  agenda: string;
  summary: string;
  participants: ParticipantForm[];
  indicators: LineForm[];
  decisions: DecisionForm[];
}

/** What the API's schema makes of the form. */
export type DraftOut = z.output<typeof reviewUpdateSchema>;

export const DRAFT_FIELDS = ['heldOn', 'place', 'agenda', 'summary', 'participants', 'indicators', 'decisions'] as const;

export const newParticipant = (): ParticipantForm => ({ name: '', organisation: 'CPTS', role: '' });
export const newDecision = (d: ReviewDetail): DecisionForm => ({
  kind: d.kind === 'annual' ? 'amount_validated' : 'other',
  text: '',
  indicatorId: '',
  newTarget: '',
  mission: '',
  onDate: '',
  amountCents: '',
});

export function fromDetail(d: ReviewDetail): DraftForm {
  const unitOf = (id: number | null) => d.indicators.find((i) => i.indicatorId === id)?.unit ?? 'count';
  return {
    heldOn: d.heldOn,
    place: d.place,
    agenda: d.agenda,
    summary: d.summary,
    participants: d.participants.map((p) => ({ name: p.name, organisation: p.organisation, role: p.role })),
    indicators: d.indicators.map((i) => ({
      presented: valueToText(i.presented, i.unit),
      validated: valueToText(i.validated, i.unit),
      status: i.status ?? '',
      comment: i.comment,
    })),
    decisions: d.decisions.map((x) => ({
      kind: x.kind,
      text: x.text,
      indicatorId: x.indicatorId !== null ? String(x.indicatorId) : '',
      newTarget: valueToText(x.newTarget, unitOf(x.indicatorId)),
      mission: x.mission ?? '',
      onDate: x.onDate ?? '',
      amountCents: x.amountCents !== null ? formatEurosNumber(x.amountCents) : '',
    })),
  };
}

const blank = (s: string) => (s.trim() === '' ? null : s);

/** The request the form sends: blanks as null, and a decision only with the fields of its kind. */
export function toSent(reviewId: number, d: ReviewDetail, f: DraftForm) {
  return {
    reviewId,
    heldOn: f.heldOn,
    place: f.place,
    agenda: f.agenda,
    summary: f.summary,
    participants: f.participants,
    indicators: d.indicators.map((row, i) => ({
      indicatorId: row.indicatorId,
      presented: blank(f.indicators[i].presented),
      validated: blank(f.indicators[i].validated),
      status: f.indicators[i].status === '' ? null : f.indicators[i].status,
      comment: f.indicators[i].comment,
    })),
    decisions: f.decisions.map((x) => {
      const dated = x.kind === 'mission_start' || x.kind === 'mission_deployment';
      return {
        kind: x.kind,
        text: x.text,
        indicatorId: x.kind === 'target_revision' && x.indicatorId ? Number(x.indicatorId) : null,
        newTarget: x.kind === 'target_revision' ? blank(x.newTarget) : null,
        mission: dated && x.mission ? (x.mission as MissionCode) : null,
        onDate: dated ? x.onDate : null,
        amountCents: x.kind === 'amount_validated' ? blank(x.amountCents) : null,
      };
    }),
  };
}

const isWord = (v: unknown) => typeof v === 'object' && v !== null;

/**
 * The API's schema for what the form sends, plus « oui »/« non » refused for a number (the API
 * would read the unit itself and refuse too, but the form knows it already).
 */
export function draftSchema(d: ReviewDetail): z.ZodType<DraftOut, DraftForm> {
  const checked = reviewUpdateSchema.superRefine((v, ctx) => {
    (v.indicators ?? []).forEach((l, i) => {
      const row = d.indicators[i];
      if (!row || row.unit === 'yesno') return;
      if (isWord(l.presented)) ctx.addIssue({ code: 'custom', path: ['indicators', i, 'presented'], message: `${row.label} — valeur présentée : nombre attendu (${UNIT_LABELS[row.unit]}), pas oui/non.` });
      if (isWord(l.validated)) ctx.addIssue({ code: 'custom', path: ['indicators', i, 'validated'], message: `${row.label} — valeur validée : nombre attendu (${UNIT_LABELS[row.unit]}), pas oui/non.` });
    });
    (v.decisions ?? []).forEach((x, i) => {
      const row = d.indicators.find((r) => r.indicatorId === x.indicatorId);
      if (x.kind === 'target_revision' && row && row.unit !== 'yesno' && isWord(x.newTarget)) {
        ctx.addIssue({ code: 'custom', path: ['decisions', i, 'newTarget'], message: `Nouvelle cible : nombre attendu (${UNIT_LABELS[row.unit]}), pas oui/non.` });
      }
    });
  });
  return z.preprocess((v) => toSent(d.id, d, v as DraftForm), checked) as unknown as z.ZodType<DraftOut, DraftForm>;
}

/** A typed value in the stored hundredths (yes/no: 100 / 0); null when empty or not a number. */
function typedValue(text: string, unit: IndicatorUnit): number | null {
  const parsed = measure('Valeur').safeParse(text);
  if (!parsed.success || parsed.data === undefined) return null;
  const m = parsed.data;
  if (typeof m !== 'number') return unit === 'yesno' ? (m.word === 'oui' ? 100 : 0) : null;
  return m;
}

/**
 * "Reprendre les valeurs présentées": every validated value still empty takes the presented one,
 * and every status still empty the one its rule suggests for that value (the parties confirm).
 */
export function takePresented(d: ReviewDetail, lines: LineForm[]): LineForm[] {
  return lines.map((l, i) => {
    const row = d.indicators[i];
    const validated = l.validated.trim() === '' ? l.presented : l.validated;
    const suggested = l.status === '' ? suggestStatus(row.rule, typedValue(validated, row.unit)) : null;
    return { ...l, validated, status: l.status === '' ? (suggested ?? '') : l.status };
  });
}
