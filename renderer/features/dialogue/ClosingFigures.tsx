// The variable part an annual dialogue fixes, per mission: what the indicators gave, the
// parties' decided amount, the pro-rated maximum and the one retained amount.
import type { ClosedYearFigures } from '../../../shared/indicatorViews';
import { Badge, Money } from '../../components/ui';
import { euros } from '../../i18n/format';

export function ClosingFiguresTable({ figures, caption }: { figures: ClosedYearFigures; caption: string }) {
  return (
    <table className="table compact" aria-label={caption}>
      <thead>
        <tr>
          <th>Mission</th>
          <th className="num">Selon les indicateurs</th>
          <th className="num">Maximum (au prorata)</th>
          <th className="num">Montant retenu</th>
        </tr>
      </thead>
      <tbody>
        {figures.missions.map((m) => (
          <tr key={m.mission}>
            <th scope="row">
              {m.label}
              {m.decided && (
                <>
                  {' '}
                  <Badge tone="info">Montant validé</Badge>
                </>
              )}
              {m.decided && m.computedCents !== null && m.computedCents !== m.retainedCents && (
                <div className="muted small">Écart avec le calcul : {euros(m.retainedCents - m.computedCents)}</div>
              )}
              {m.note && !m.decided && <div className="muted small">{m.note}</div>}
            </th>
            <td className="num">{m.computedCents === null ? <span className="muted">—</span> : <Money cents={m.computedCents} />}</td>
            <td className="num">{m.maxCents === null ? <span className="muted">—</span> : <Money cents={m.maxCents} />}</td>
            <td className="num">
              <Money cents={m.retainedCents} strong />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td>Total</td>
          <td />
          <td className="num">{euros(figures.maxCents)}</td>
          <td className="num">
            <Money cents={figures.retainedCents} strong />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
