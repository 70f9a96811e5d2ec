import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call, type ApiFailure } from '../../api/client';
import { Badge, ErrorBox, Loading, Money, PageHeader, SizeBand, StatCard } from '../../components/ui';
import { useDebouncedValue } from '../../components/useDebouncedValue';
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

/** The search is sent once typing pauses this long. */
const SEARCH_DELAY_MS = 250;
/** Rows per page: a national portfolio (1 000 contracts) would otherwise put ~20 000 nodes in the page. */
const PAGE_SIZE = 100;

export function PortfolioPage() {
  const [search, setSearch] = useState('');
  const searched = useDebouncedValue(search, SEARCH_DELAY_MS);
  // The previous rows stay on screen while the next search runs (no flash of "Chargement…").
  const q = useQuery<PortfolioRow[], ApiFailure>({
    queryKey: ['portfolio.list', { search: searched }],
    queryFn: () => call('portfolio.list', { search: searched }),
    placeholderData: keepPreviousData,
  });
  const rows = q.data ?? [];
  // The page belongs to the search it was chosen for: a new search starts on page 1.
  const [paging, setPaging] = useState({ search: searched, page: 1 });
  const pageCount = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(paging.search === searched ? paging.page : 1, pageCount);
  const goTo = (p: number) => setPaging({ search: searched, page: p });
  const first = (page - 1) * PAGE_SIZE;
  const shown = rows.slice(first, first + PAGE_SIZE);
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
        <table className="table" aria-label="Contrats" aria-busy={q.isFetching}>
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
            {shown.map((r) => (
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
                  {searched ? `Aucun contrat ne correspond à « ${searched} ».` : 'Aucun contrat : créez le premier.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {pageCount > 1 && (
        <nav className="toolbar" aria-label="Pages des contrats">
          <button type="button" className="button small" onClick={() => goTo(page - 1)} disabled={page <= 1}>
            Page précédente
          </button>
          <span aria-live="polite">
            Page {page} / {pageCount} <span className="muted">(contrats {integer(first + 1)} à {integer(first + shown.length)} sur {integer(rows.length)})</span>
          </span>
          <button type="button" className="button small" onClick={() => goTo(page + 1)} disabled={page >= pageCount}>
            Page suivante
          </button>
        </nav>
      )}
      <UpcomingReviews />
    </>
  );
}
