// What the indicator and dialogue de gestion reports derive from the API views ('annex.get',
// 'reviews.list', 'reviews.get'): one line per indicator, the target revisions of a review, the
// points to discuss at a review. Pure; amounts in integer cents, values in hundredths.
import { compareIso, formatDateFr } from '../../shared/dates';
import { formatValue, linearFraction, type IndicatorUnit } from '../../shared/domain/indicators';
import { MISSION_LABELS } from '../../shared/domain/missions';
import type { ActionRow, AnnexMission, AnnexView, DecisionRow, IndicatorRow, ReviewDetail, ReviewSlot } from '../../shared/indicatorViews';
import { formatEuros } from '../../shared/money';
import { DECISION_KIND_LABELS } from '../../shared/schemas/indicators';
import type { DossierReportData } from './data';

export interface IndicatorLine {
  year: number;
  mission: AnnexMission;
  action: ActionRow;
  indicator: IndicatorRow;
  /** The value the earned amount comes from: validated at the year's closed annual review, else the latest measure. */
  basis: number | null;
  /** Evidence files of the indicator and of its action's livrables (what 'reviews.get' counts). */
  evidenceCount: number;
  /**
   * The attainment (0 to 1) the earned amount comes from: for a linear indicator the exact
   * fraction of the engine (progress from the baseline, or value ÷ target), otherwise earned ÷
   * maximum; null without a value or without a maximum.
   */
  attainment: number | null;
}

export function indicatorLines(annex: AnnexView): IndicatorLine[] {
  return annex.missions.flatMap((mission) =>
    mission.actions.flatMap((action) => {
      const livrableEvidence = action.livrables.reduce((n, l) => n + l.evidence.length, 0);
      return action.indicators.map((indicator) => {
        const basis = indicator.validated ?? indicator.value?.value ?? null;
        let attainment: number | null = null;
        if (indicator.earned.cents !== null) {
          if (indicator.payment === 'linear' && indicator.target !== null && basis !== null) {
            const { num, den } = linearFraction(basis, indicator.target, indicator.baseline, indicator.direction);
            attainment = num / den;
          } else if (indicator.maxCents > 0) attainment = indicator.earned.cents / indicator.maxCents;
        }
        return { year: annex.year, mission, action, indicator, basis, evidenceCount: indicator.evidence.length + livrableEvidence, attainment };
      });
    }),
  );
}

/** The target an indicator is paid against, as read: "oui" for yes/no, "≤ 50" when lower is better. */
export function shownTarget(ind: Pick<IndicatorRow, 'unit' | 'target' | 'paliers' | 'direction'>): string {
  if (ind.unit === 'yesno') return 'oui';
  let target = ind.target;
  if (target === null && ind.paliers.length > 0) target = [...ind.paliers].sort((a, b) => b.amountCents - a.amountCents)[0].threshold;
  if (target === null) return '—';
  return `${ind.direction === 'lower' ? '≤ ' : ''}${formatValue(target, ind.unit)}`;
}

/** Basis points -> "58,82 %". */
export function formatPercentBp(bp: number): string {
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(bp / 100)}\u00a0%`;
}

export const SLOT_STATUS_LABELS: Record<ReviewSlot['status'], string> = { todo: 'À préparer', draft: 'Brouillon', closed: 'Clos' };

export interface TargetRevision {
  indicatorLabel: string;
  unit: IndicatorUnit;
  oldTarget: number | null;
  newTarget: number;
  decision: string;
}

/**
 * A review's target revisions, old -> new: as recorded in the following year's annex when the
 * review was closed (target history), otherwise as decided (old = the year's target).
 */
export function targetRevisions(review: ReviewDetail, nextAnnex: AnnexView | null): TargetRevision[] {
  const recorded = new Map<string, TargetRevision>();
  for (const ind of nextAnnex?.missions.flatMap((m) => m.actions.flatMap((a) => a.indicators)) ?? []) {
    for (const h of ind.targetHistory.filter((x) => x.reviewId === review.id)) {
      recorded.set(ind.label, { indicatorLabel: ind.label, unit: ind.unit, oldTarget: h.oldTarget, newTarget: h.newTarget, decision: h.decision });
    }
  }
  const out: TargetRevision[] = [];
  for (const d of review.decisions.filter((x) => x.kind === 'target_revision' && x.newTarget !== null)) {
    const ind = review.indicators.find((i) => i.indicatorId === d.indicatorId);
    const label = ind?.label ?? `Indicateur n° ${d.indicatorId}`;
    const fromHistory = recorded.get(label);
    out.push(fromHistory ?? { indicatorLabel: label, unit: ind?.unit ?? 'count', oldTarget: ind?.target ?? null, newTarget: d.newTarget!, decision: d.text });
    recorded.delete(label);
  }
  return [...out, ...recorded.values()];
}

/** The details a decision carries besides its text: "« Médecins … » : cible 25 → 30", "Prévention, le 01/02/2026", an amount. */
export function decisionDetails(d: DecisionRow, review: ReviewDetail): string {
  const parts: string[] = [];
  if (d.kind === 'target_revision') {
    const ind = review.indicators.find((i) => i.indicatorId === d.indicatorId);
    if (ind) parts.push(`« ${ind.label} » : cible ${formatValue(ind.target, ind.unit)} → ${formatValue(d.newTarget, ind.unit)}`);
  }
  if (d.mission) parts.push(`${MISSION_LABELS[d.mission]}${d.onDate ? `, le ${formatDateFr(d.onDate)}` : ''}`);
  else if (d.onDate) parts.push(`le ${formatDateFr(d.onDate)}`);
  if (d.amountCents !== null) parts.push(`montant : ${formatEuros(d.amountCents)}`);
  return parts.join(' ; ');
}

/** One line per decision: "Révision de cible (année suivante) : <text> (<details>)". */
export function decisionLine(d: DecisionRow, review: ReviewDetail): string {
  const details = decisionDetails(d, review);
  return `${DECISION_KIND_LABELS[d.kind]} : ${d.text}${details ? ` (${details})` : ''}`;
}

export interface PointGroup {
  title: string;
  items: string[];
}

/** What a dossier de préparation puts on the table: what is missing, indicators not reached, late payments, missions. */
export function pointsToDiscuss(data: DossierReportData): PointGroup[] {
  const missions = data.readiness.items.filter((i) => i.kind === 'mission').map((i) => i.text);
  const preparation = data.readiness.items.filter((i) => i.kind !== 'mission').map((i) => i.text);
  const notReached = indicatorLines(data.annex)
    .filter((l) => l.indicator.earned.cents !== null && l.indicator.maxCents > 0 && l.indicator.earned.cents < l.indicator.maxCents)
    .map(
      (l) =>
        `${l.indicator.label} (${l.mission.label}) : ${formatValue(l.basis, l.indicator.unit)}, cible ${shownTarget(l.indicator)} ; ` +
        `${formatEuros(l.indicator.earned.cents!)} obtenus sur ${formatEuros(l.indicator.maxCents)}.`,
    );
  const late = data.funding.schedule.filter((t) => t.overdue).sort((a, b) => compareIso(a.dueOn, b.dueOn));
  const overdue =
    late.length === 0
      ? []
      : [
          `${late.length} échéance(s) échue(s) non versée(s), ${formatEuros(data.funding.totals.overdueCents)} au total, la plus ancienne au ${formatDateFr(late[0].dueOn)} ` +
            '(détail dans la situation financière) : à rapprocher des versements de la CPAM.',
        ];
  const warnings = data.annex.missions.filter((m) => m.warning).map((m) => `${m.label} : ${m.warning}`);
  return [
    { title: 'Préparation du dossier', items: preparation },
    { title: 'Indicateurs non atteints à ce jour', items: notReached },
    { title: 'Versements en retard', items: overdue },
    { title: 'Missions', items: [...missions, ...warnings] },
  ];
}
