// The spending table: per contract year begun and line (fonctionnement, then each mission), the
// granted / budget / paid / spent / remaining amounts, with the line's warning (its kind from the
// API's structured field, its text for reading).
import { Fragment } from 'react';
import type { SpendingRow, SpendingView, SpendingWarningKind } from '../../../shared/views';
import { Badge, Money } from '../../components/ui';

const WARNING_BADGES: Record<SpendingWarningKind, string> = {
  overspent: 'Enveloppe dépassée',
  underused: 'Peu utilisée',
};

export function SpendingTable({ view }: { view: SpendingView }) {
  if (view.rows.length === 0) return <p className="muted">Aucune année du contrat n’a encore commencé.</p>;
  const years = [...new Set(view.rows.map((r) => r.year))];
  return (
    <table className="table compact spending-table" aria-label="Accordé, budget, versé, dépensé et reste par année">
      <thead>
        <tr>
          <th>Ligne</th>
          <th className="num">Accordé</th>
          <th className="num">Budget</th>
          <th className="num">Versé</th>
          <th className="num">Dépensé</th>
          <th className="num">Reste (accordé − dépensé)</th>
        </tr>
      </thead>
      <tbody>
        {years.map((y) => (
          <Fragment key={y}>
            <tr className="row-group">
              <th colSpan={6} scope="colgroup">
                Année {y}
              </th>
            </tr>
            {view.rows
              .filter((r) => r.year === y)
              .map((r: SpendingRow) => (
                <Fragment key={`${r.year}-${r.mission ?? ''}`}>
                  <tr className={r.warningKind ? 'row-warn' : ''}>
                    <th scope="row">
                      {r.label}
                      {r.warningKind && (
                        <>
                          {' '}
                          <Badge tone="warn">{WARNING_BADGES[r.warningKind]}</Badge>
                        </>
                      )}
                    </th>
                    <td className="num">
                      {r.grantedCents === null ? <Badge tone="late" title="Montant refusé : enveloppe manquante">non calculé</Badge> : <Money cents={r.grantedCents} />}
                    </td>
                    <td className="num">{r.budgetCents === null ? <span className="muted">—</span> : <Money cents={r.budgetCents} />}</td>
                    <td className="num">
                      <Money cents={r.paidCents} />
                    </td>
                    <td className="num">
                      <Money cents={r.spentCents} />
                    </td>
                    <td className="num">{r.remainingCents === null ? <span className="muted">—</span> : <Money cents={r.remainingCents} strong />}</td>
                  </tr>
                  {r.warningKind && r.warning && (
                    <tr className="row-warn-detail">
                      <td colSpan={6}>{r.warning}</td>
                    </tr>
                  )}
                </Fragment>
              ))}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
