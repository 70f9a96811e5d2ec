// "Valeur et cible par année": a small inline SVG (no chart library), with a title and a text
// description that say the same thing as the picture.
import { useId } from 'react';
import type { IndicatorUnit } from '../../../shared/domain/indicators';
import type { SeriesPoint } from '../../../shared/indicatorViews';
import { shown } from './shared';

const W = 300;
const H = 140;
const PAD = { left: 44, right: 12, top: 12, bottom: 24 };

function niceMax(v: number): number {
  if (v <= 0) return 100;
  const exp = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= v) return m * exp;
  return 10 * exp;
}

export function SeriesChart({ label, unit, series, baseline }: { label: string; unit: IndicatorUnit; series: SeriesPoint[]; baseline: number | null }) {
  const titleId = useId();
  const descId = useId();
  const years = [1, 2, 3, 4, 5];
  const all = series.flatMap((p) => [p.value, p.target]).concat(baseline).filter((v): v is number => v !== null);
  const max = unit === 'yesno' ? 100 : unit === 'percentage' ? Math.min(10_000, niceMax(Math.max(...all, 1) * 1.1)) : niceMax(Math.max(...all, 100) * 1.1);
  const x = (year: number) => PAD.left + ((year - 1) * (W - PAD.left - PAD.right)) / 4;
  const y = (v: number) => PAD.top + (1 - v / max) * (H - PAD.top - PAD.bottom);
  const ticks = unit === 'yesno' ? [0, 100] : [0, max / 2, max];
  const byYear = new Map(series.map((p) => [p.year, p]));
  const path = (pick: (p: SeriesPoint) => number | null) => {
    let d = '';
    let pen = false;
    for (const yr of years) {
      const p = byYear.get(yr);
      const v = p ? pick(p) : null;
      if (v === null) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${x(yr).toFixed(1)},${y(v).toFixed(1)} `;
      pen = true;
    }
    return d.trim();
  };
  const description =
    series.length === 0
      ? 'Aucune donnée.'
      : series.map((p) => `Année ${p.year} : valeur ${shown(p.value, unit)}, cible ${shown(p.target, unit)}`).join(' ; ') +
        (baseline !== null ? ` ; valeur initiale ${shown(baseline, unit)}.` : '.');
  return (
    <figure className="series-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby={`${titleId} ${descId}`}>
        <title id={titleId}>{`Valeur et cible par année : ${label}`}</title>
        <desc id={descId}>{description}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="chart-axis">
              {unit === 'yesno' ? (t >= 100 ? 'oui' : 'non') : shown(t, unit)}
            </text>
          </g>
        ))}
        {years.map((yr) => (
          <text key={yr} x={x(yr)} y={H - 6} textAnchor="middle" className="chart-axis">
            {`A${yr}`}
          </text>
        ))}
        {baseline !== null && <line x1={PAD.left} x2={W - PAD.right} y1={y(baseline)} y2={y(baseline)} className="chart-baseline" />}
        <path d={path((p) => p.target)} className="chart-target" />
        <path d={path((p) => p.value)} className="chart-value" />
        {series.map((p) =>
          p.target !== null ? <rect key={`t${p.year}`} x={x(p.year) - 3} y={y(p.target) - 3} width={6} height={6} className="chart-target-dot" /> : null,
        )}
        {series.map((p) => (p.value !== null ? <circle key={`v${p.year}`} cx={x(p.year)} cy={y(p.value)} r={3.5} className="chart-value-dot" /> : null))}
      </svg>
      <figcaption className="chart-legend" aria-hidden="true">
        <span className="legend-value">valeur</span>
        <span className="legend-target">cible</span>
        {baseline !== null && <span className="legend-baseline">initiale</span>}
      </figcaption>
    </figure>
  );
}
