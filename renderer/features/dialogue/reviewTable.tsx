// The pieces a draft and a closed review share: the indicator table grouped by mission (with the
// total of the indicators before the year's pro rata), the earned and status cells, a decision.
import { Fragment, type ReactNode } from 'react';
import type { ContractDetail } from '../../../shared/api';
import { MISSION_LABELS, type MissionCode } from '../../../shared/domain/missions';
import { DECISION_KIND_LABELS, REVIEW_STATUS_LABELS, type ReviewIndicatorStatus } from '../../../shared/schemas/indicators';
import type { DecisionRow, ReviewDetail, ReviewIndicatorRow } from '../../../shared/indicatorViews';
import { Badge, Money } from '../../components/ui';
import { date, euros } from '../../i18n/format';
import { shown } from '../indicators/shared';

function totalEarned(rows: ReviewIndicatorRow[]): { cents: number; complete: boolean; max: number } {
  const paying = rows.filter((r) => r.maxCents > 0);
  return {
    cents: paying.reduce((s, r) => s + (r.earnedCents ?? 0), 0),
    complete: paying.every((r) => r.earnedCents !== null),
    max: paying.reduce((s, r) => s + r.maxCents, 0),
  };
}

export function groupByMission(rows: ReviewIndicatorRow[]): { mission: MissionCode; items: { row: ReviewIndicatorRow; index: number }[] }[] {
  const groups: { mission: MissionCode; items: { row: ReviewIndicatorRow; index: number }[] }[] = [];
  rows.forEach((row, index) => {
    let g = groups.find((x) => x.mission === row.mission);
    if (!g) groups.push((g = { mission: row.mission, items: [] }));
    g.items.push({ row, index });
  });
  return groups;
}

export const targetText = (row: ReviewIndicatorRow) => (row.unit === 'yesno' && row.target === null ? 'oui' : shown(row.target, row.unit));

/**
 * The indicators of a review under a row per mission, with the variable part they earn in the
 * footer; `line` draws the row of one indicator (to fill in on a draft, read-only once closed).
 */
export function IndicatorTable({ rows, editable, note, line }: { rows: ReviewIndicatorRow[]; editable: boolean; note?: ReactNode; line: (row: ReviewIndicatorRow, index: number) => ReactNode }) {
  const earned = totalEarned(rows);
  const valueHead = editable ? undefined : 'num';
  return (
    <table className="table compact review-indicators" aria-label="Indicateurs du dialogue">
      <colgroup>
        <col className="col-label" />
        <col className="col-val" />
        <col className="col-val" />
        <col className="col-input" />
        <col className="col-input" />
        <col className="col-status" />
        <col />
        <col className="col-ev" />
        <col className="col-money" />
      </colgroup>
      <thead>
        <tr>
          <th>Indicateur</th>
          <th className="num">Cible</th>
          <th className="num">Mesurée</th>
          <th className={valueHead}>Présentée</th>
          <th className={valueHead}>Validée</th>
          <th>Statut</th>
          <th>Commentaire</th>
          <th className="num">Pièces</th>
          <th className="num">Acquis</th>
        </tr>
      </thead>
      <tbody>
        {groupByMission(rows).map((g) => (
          <Fragment key={g.mission}>
            <tr className="row-group">
              <th colSpan={9} scope="colgroup">
                {MISSION_LABELS[g.mission]}
              </th>
            </tr>
            {g.items.map(({ row, index }) => line(row, index))}
          </Fragment>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={8}>
            Total des indicateurs, avant le prorata de l’année
            {note}
          </td>
          <td className="num">
            {earned.complete ? <Money cents={earned.cents} strong /> : <span className="pending-label">au moins {euros(earned.cents)}</span>}
            <div className="date-line">sur {euros(earned.max)}</div>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** What an indicator earns, out of its maximum. */
export function EarnedCell({ row }: { row: ReviewIndicatorRow }) {
  return (
    <td className="num">
      {row.earnedCents !== null ? <Money cents={row.earnedCents} /> : <span className="muted">—</span>}
      <div className="date-line">sur {euros(row.maxCents)}</div>
    </td>
  );
}

export function StatusBadge({ status }: { status: ReviewIndicatorStatus | null }) {
  if (!status) return <span className="muted">—</span>;
  return <Badge tone={status === 'atteint' ? 'ok' : status === 'partiel' ? 'warn' : 'late'}>{REVIEW_STATUS_LABELS[status]}</Badge>;
}

export function DecisionText({ d, detail, contract }: { d: DecisionRow; detail: ReviewDetail; contract: ContractDetail }) {
  const ind = detail.indicators.find((i) => i.indicatorId === d.indicatorId);
  const mission = contract.missions.find((m) => m.code === d.mission);
  return (
    <li className="decision-read">
      <div className="decision-kind">{DECISION_KIND_LABELS[d.kind]}</div>
      <div>{d.text}</div>
      <div className="muted small">
        {d.kind === 'target_revision' && ind && (
          <>
            {ind.label} : nouvelle cible {shown(d.newTarget, ind.unit)} (année {detail.year + 1})
          </>
        )}
        {(d.kind === 'mission_start' || d.kind === 'mission_deployment') && (
          <>
            {mission?.label ?? d.mission} : {d.kind === 'mission_start' ? 'démarrage' : 'déploiement'} constaté au {date(d.onDate)}
          </>
        )}
        {d.kind === 'amount_validated' && d.amountCents !== null && <>Montant : {euros(d.amountCents)}</>}
      </div>
    </li>
  );
}

