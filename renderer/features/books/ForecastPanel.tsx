// « Trésorerie prévisionnelle » : 12 months of expected receipts (échéancier; the variable part
// apart, as a bonus) against expected spending (budget left, or the recurring monthly spending),
// with a plain SVG chart where the month cash would run short is highlighted.
import type { ContractDetail } from '../../../shared/api';
import type { Forecast } from '../../../shared/domain/forecast';
import { useApi } from '../../api/hooks';
import { ErrorBox, Loading, Money } from '../../components/ui';

const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: '2-digit', timeZone: 'UTC' });
const monthLabel = (iso: string) => MONTH.format(new Date(`${iso}T00:00:00Z`));
const euros = (cents: number) => `${Math.round(cents / 100).toLocaleString('fr-FR')} €`;

export function ForecastChart({ f }: { f: Forecast }) {
  const W = 720;
  const H = 240;
  const pad = { l: 70, r: 10, t: 14, b: 34 };
  const values = f.months.flatMap((m) => [m.receiptsCents, m.spendingCents, m.balanceCents, m.balanceWithVariableCents, 0]);
  const max = Math.max(...values, 1);
  const min = Math.min(...values, 0);
  const y = (v: number) => pad.t + ((max - v) / (max - min)) * (H - pad.t - pad.b);
  const step = (W - pad.l - pad.r) / f.months.length;
  const x = (i: number) => pad.l + i * step;
  const line = (pick: (m: Forecast['months'][number]) => number) => f.months.map((m, i) => `${i === 0 ? 'M' : 'L'}${x(i) + step / 2},${y(pick(m))}`).join(' ');
  const shortIndex = f.months.findIndex((m) => m.month === f.shortMonth);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="forecast-chart-title" className="forecast-chart" style={{ width: '100%', maxWidth: W }}>
      <title id="forecast-chart-title">
        Trésorerie prévisionnelle sur 12 mois{f.shortMonth ? ` : trésorerie insuffisante à partir de ${monthLabel(f.shortMonth)}` : ''}
      </title>
      {shortIndex >= 0 && <rect x={x(shortIndex)} y={pad.t} width={step} height={H - pad.t - pad.b} fill="#fde8e8" data-testid="short-month" />}
      <line x1={pad.l} x2={W - pad.r} y1={y(0)} y2={y(0)} stroke="#5d6b7c" strokeWidth={1} />
      <text x={pad.l - 6} y={y(max) + 4} textAnchor="end" fontSize={10}>
        {euros(max)}
      </text>
      <text x={pad.l - 6} y={y(0) + 4} textAnchor="end" fontSize={10}>
        0 €
      </text>
      {min < 0 && (
        <text x={pad.l - 6} y={y(min) + 4} textAnchor="end" fontSize={10}>
          {euros(min)}
        </text>
      )}
      {f.months.map((m, i) => (
        <g key={m.month}>
          <rect x={x(i) + step * 0.15} y={y(m.receiptsCents)} width={step * 0.3} height={Math.max(0, y(0) - y(m.receiptsCents))} fill="#1a7f37" opacity={0.75}>
            <title>{`${monthLabel(m.month)} : recettes ${euros(m.receiptsCents)}`}</title>
          </rect>
          <rect x={x(i) + step * 0.5} y={y(m.spendingCents)} width={step * 0.3} height={Math.max(0, y(0) - y(m.spendingCents))} fill="#b42318" opacity={0.6}>
            <title>{`${monthLabel(m.month)} : dépenses ${euros(m.spendingCents)}`}</title>
          </rect>
          <text x={x(i) + step / 2} y={H - pad.b + 14} textAnchor="middle" fontSize={10} fontWeight={i === shortIndex ? 'bold' : undefined} fill={i === shortIndex ? '#b42318' : '#1b2430'}>
            {monthLabel(m.month)}
          </text>
        </g>
      ))}
      <path d={line((m) => m.balanceWithVariableCents)} fill="none" stroke="#0b5cad" strokeWidth={1.5} strokeDasharray="4 3" />
      <path d={line((m) => m.balanceCents)} fill="none" stroke="#0b5cad" strokeWidth={2.5} />
      <g fontSize={10} transform={`translate(${pad.l}, ${H - 6})`}>
        <rect width={10} height={8} y={-8} fill="#1a7f37" opacity={0.75} />
        <text x={14}>recettes (part fixe, fonctionnement)</text>
        <rect x={200} width={10} height={8} y={-8} fill="#b42318" opacity={0.6} />
        <text x={214}>dépenses prévues</text>
        <line x1={320} x2={340} y1={-4} y2={-4} stroke="#0b5cad" strokeWidth={2.5} />
        <text x={344}>trésorerie</text>
        <line x1={410} x2={430} y1={-4} y2={-4} stroke="#0b5cad" strokeWidth={1.5} strokeDasharray="4 3" />
        <text x={434}>avec la part variable (bonus)</text>
      </g>
    </svg>
  );
}

export function ForecastPanel({ contract }: { contract: ContractDetail }) {
  const q = useApi('books.forecast', { contractId: contract.id });
  if (q.isLoading) return <Loading what="Calcul de la trésorerie prévisionnelle" />;
  if (q.error || !q.data) return <ErrorBox error={q.error ?? new Error('Prévisionnel indisponible.')} />;
  const f = q.data;
  return (
    <section className="panel" aria-labelledby="prev-titre">
      <h2 id="prev-titre">Trésorerie prévisionnelle (12 mois)</h2>
      <p className="muted small">
        Trésorerie de départ (versé − dépensé) : <Money cents={f.openingCents} />. Recettes : reste dû de l’échéancier au mois de son échéance (les retards au premier mois) ; la part
        variable est montrée à part. Dépenses : budget de l’année non encore dépensé réparti sur ses mois restants, à défaut la dépense mensuelle récurrente (moyenne des 6 derniers
        mois : <Money cents={f.recurringMonthlyCents} />).
      </p>
      {f.shortMonth ? (
        <div className="warn-box" role="alert">
          La trésorerie deviendrait négative en <strong>{monthLabel(f.shortMonth)}</strong>.
        </div>
      ) : (
        <div className="info-box" role="status">
          La trésorerie reste positive sur les 12 mois.
        </div>
      )}
      <ForecastChart f={f} />
      <table className="table compact" aria-label="Trésorerie prévisionnelle par mois">
        <thead>
          <tr>
            <th>Mois</th>
            <th className="num">Recettes</th>
            <th className="num">Part variable (bonus)</th>
            <th className="num">Dépenses prévues</th>
            <th className="num">Trésorerie</th>
            <th className="num">Avec la part variable</th>
          </tr>
        </thead>
        <tbody>
          {f.months.map((m) => (
            <tr key={m.month} className={m.month === f.shortMonth ? 'row-warn' : undefined}>
              <td>{monthLabel(m.month)}</td>
              <td className="num">
                <Money cents={m.receiptsCents} />
              </td>
              <td className="num">
                <Money cents={m.variableCents} />
              </td>
              <td className="num" title={m.spendingBasis === 'budget' ? 'selon le budget' : m.spendingBasis === 'recurring' ? 'dépense récurrente' : 'hors contrat'}>
                <Money cents={m.spendingCents} />
              </td>
              <td className="num">
                <Money cents={m.balanceCents} strong />
              </td>
              <td className="num">
                <Money cents={m.balanceWithVariableCents} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
