import { useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../api/hooks';
import { Badge, ErrorBox, Loading, Money, PageHeader, SizeBand, StatCard } from '../../components/ui';
import { date, integer } from '../../i18n/format';
import type { PortfolioRow } from '../../../shared/api';
import { UpcomingReviews } from '../dialogue/UpcomingReviews';
import { PortfolioExport } from '../reports/ExportControls';

function Deadline({ row }: { row: PortfolioRow }) {
  const d = row.nextDeadline;
  if (!d) return <span className="muted">Aucune échéance de mission</span>;
  const what = d.kind === 'start' ? 'Démarrage' : 'Déploiement';
  return (
    <span className={d.late ? 'late' : ''}>
      {d.late && <Badge tone="late">En retard</Badge>} {what} « {d.missionLabel} » : {date(d.dueOn)}
      {row.lateCount > 1 && <span className="muted"> (+{row.lateCount - 1} en retard)</span>}
    </span>
  );
}

export function PortfolioPage() {
  const [search, setSearch] = useState('');
  const q = useApi('portfolio.list', { search });
  const rows = q.data ?? [];
  const overdue = rows.reduce((s, r) => s + r.overdueCents, 0);
  const next60 = rows.reduce((s, r) => s + r.dueNext60Cents, 0);
  return (
    <>
      <PageHeader
        title="Portefeuille de contrats"
        subtitle="Contrats ACI des CPTS suivies : taille, signature, prochaines échéances et versements."
        actions={
          <>
            <PortfolioExport />
            <Link className="button primary" to="/contrats/nouveau">
              Nouveau contrat
            </Link>
          </>
        }
      />
      <section className="cards">
        <StatCard label="Contrats" value={q.data ? rows.length : '…'} />
        <StatCard label="Dû dans les 60 jours" value={<Money cents={q.data ? next60 : null} />} />
        <StatCard label="Versements en retard" value={<Money cents={q.data ? overdue : null} />} tone={overdue > 0 ? 'late' : undefined} />
      </section>
      <div className="toolbar">
        <input
          type="search"
          className="search"
          placeholder="Rechercher une CPTS, une commune, un département…"
          aria-label="Rechercher"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <ErrorBox error={q.error} />
      {q.isLoading ? (
        <Loading />
      ) : (
        <table className="table" aria-label="Contrats">
          <thead>
            <tr>
              <th>CPTS</th>
              <th>Taille</th>
              <th className="num">Population</th>
              <th>Signature</th>
              <th>Texte</th>
              <th>Prochaine échéance de mission</th>
              <th className="num">Dû sous 60 j</th>
              <th className="num">En retard</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className={r.lateCount > 0 || r.overdueCents > 0 ? 'row-late' : ''}>
                <td>
                  <Link to={`/contrats/${r.id}`} className="strong-link">
                    {r.cpts}
                  </Link>
                  <div className="muted small">Département {r.departement}</div>
                </td>
                <td>
                  <SizeBand band={r.sizeBand} />
                </td>
                <td className="num">{integer(r.population)}</td>
                <td>{date(r.signedOn)}</td>
                <td>{r.textVersionLabel}</td>
                <td>
                  <Deadline row={r} />
                </td>
                <td className="num">
                  <Money cents={r.dueNext60Cents} />
                </td>
                <td className={`num${r.overdueCents > 0 ? ' late' : ''}`}>
                  <Money cents={r.overdueCents} />
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={8} className="muted">
                  {search ? `Aucun contrat ne correspond à « ${search} ».` : 'Aucun contrat : créez le premier.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <UpcomingReviews />
    </>
  );
}
