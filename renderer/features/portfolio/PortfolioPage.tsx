import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call, type ApiFailure } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import { Badge, ErrorBox, Loading, Money, PageHeader, SizeBand, StatCard } from '../../components/ui';
import { ConfirmDialog } from '../../components/confirm';
import { useDebouncedValue } from '../../components/useDebouncedValue';
import { date, integer } from '../../i18n/format';
import type { PortfolioList, PortfolioRow } from '../../../shared/api';
import { PORTFOLIO_FILTERS, PORTFOLIO_FILTER_LABELS, type PortfolioFilter } from '../../../shared/schemas/contract';
import { LifecycleBadges } from '../contract/LifecycleBadges';
import { UpcomingReviews } from '../dialogue/UpcomingReviews';
import { PortfolioExport } from '../reports/ExportControls';
import { ImportMany } from '../exchange/ImportMany';

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
/** Rows per page, cut by the server: a national portfolio (1 000 contracts) would otherwise put ~20 000 nodes in the page. */
const PAGE_SIZE = 100;

/** "Supprimer les contrats de démonstration", with confirmation; shown while any is listed. */
function RemoveDemo({ count }: { count: number }) {
  const remove = useApiMutation('demo.remove');
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  if (count === 0) {
    return done !== null ? (
      <span className="muted small" role="status">
        {done} contrat(s) de démonstration supprimé(s).
      </span>
    ) : null;
  }
  return (
    <>
      <button type="button" className="button danger-outline" onClick={() => setConfirming(true)}>
        Supprimer les contrats de démonstration
      </button>
      {confirming && (
        <ConfirmDialog
          title="Supprimer les contrats de démonstration ?"
          confirmLabel="Supprimer définitivement"
          busyLabel="Suppression…"
          busy={remove.isPending}
          error={remove.error?.message}
          onConfirm={() =>
            remove.mutate(
              {},
              {
                onSuccess: (r) => {
                  setDone(r.removedContracts);
                  setConfirming(false);
                },
              },
            )
          }
          onCancel={() => {
            remove.reset();
            setConfirming(false);
          }}
        >
          <p>
            Les {count} contrat(s) marqué(s) « Démonstration » (CPTS fictives) sont effacés du fichier avec tout ce qui s’y rattache : enveloppes, versements,
            dépenses, annexes, indicateurs, pièces et dialogues de gestion. Vos propres contrats ne sont pas touchés. Cette action ne se défait pas.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

export function PortfolioPage() {
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<PortfolioFilter>('portefeuille');
  const searched = useDebouncedValue(search, SEARCH_DELAY_MS);
  // The page belongs to the search and filter it was chosen for: a new one starts on page 1.
  const view = `${status}|${searched}`;
  const [paging, setPaging] = useState({ view, page: 1 });
  // A search or filter changed since the page was chosen: back to page 1 (also when it comes back).
  if (paging.view !== view) setPaging({ view, page: 1 });
  const asked = paging.view === view ? paging.page : 1;
  // The server searches, filters and cuts the page; the count and totals cover every matching
  // contract. The previous page stays on screen while the next one loads (no flash of "Chargement…").
  const q = useQuery<PortfolioList, ApiFailure>({
    queryKey: ['portfolio.list', { search: searched, status, page: asked }],
    queryFn: () => call('portfolio.list', { search: searched, status, offset: (asked - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const rows = q.data?.rows ?? [];
  const total = q.data?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // Past the last page (contracts archived meanwhile), the server answers the last one.
  const first = q.data?.offset ?? 0;
  const page = Math.floor(first / PAGE_SIZE) + 1;
  const goTo = (p: number) => setPaging({ view, page: p });
  const archived = q.data?.totals.archived ?? 0;
  const overdue = q.data?.totals.overdueCents ?? 0;
  const next60 = q.data?.totals.dueNext60Cents ?? 0;
  const demoCount = q.data?.totals.demo ?? 0;
  return (
    <>
      <PageHeader
        title="Portefeuille de contrats"
        subtitle="Contrats ACI des CPTS suivies : taille, signature, prochaines échéances et versements."
        actions={
          <>
            <RemoveDemo count={q.data ? demoCount : 0} />
            <PortfolioExport />
            <ImportMany />
            <Link className="button primary" to="/contrats/nouveau">
              Nouveau contrat
            </Link>
          </>
        }
      />
      {q.data && demoCount > 0 && demoCount === total && searched === '' && (
        <p className="info-box" role="note">
          Premier démarrage : ces contrats sont des exemples fictifs pour découvrir l’application. Pour
          partir d’une base vide (comme <code>npm run aci -- init</code>), supprimez-les avec « Supprimer
          les contrats de démonstration », puis importez les fichiers d’échange de vos CPTS ou créez un
          contrat.
        </p>
      )}
      <section className="cards">
        <StatCard label="Contrats" value={q.data ? total : '…'}>
          {archived > 0 && <div className="muted small">dont {archived} archivé(s), hors totaux</div>}
        </StatCard>
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
        <select className="filter" aria-label="Statut des contrats" value={status} onChange={(e) => setStatus(e.target.value as PortfolioFilter)}>
          {PORTFOLIO_FILTERS.map((f) => (
            <option key={f} value={f}>
              {PORTFOLIO_FILTER_LABELS[f]}
            </option>
          ))}
        </select>
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
            {rows.map((r) => (
              <tr key={r.id} className={r.lateCount > 0 || r.overdueCents > 0 ? 'row-late' : ''}>
                <td>
                  <Link to={`/contrats/${r.id}`} className="strong-link">
                    {r.cpts}
                  </Link>
                  <LifecycleBadges lifecycle={r.lifecycle} demo={r.demo} archivedAt={r.archivedAt} />
                  <div className="muted small">
                    Département {r.departement} · fin le {date(r.endsOn)}
                  </div>
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
            {q.data && total === 0 && (
              <tr>
                <td colSpan={8} className="muted">
                  {searched
                    ? `Aucun contrat ne correspond à « ${searched} ».`
                    : status === 'portefeuille' || status === 'tous'
                      ? 'Aucun contrat : créez le premier, ou importez les fichiers d’échange reçus (« Importer des fichiers d’échange »).'
                      : `Aucun contrat dans « ${PORTFOLIO_FILTER_LABELS[status]} ».`}
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
            Page {page} / {pageCount} <span className="muted">(contrats {integer(first + 1)} à {integer(first + rows.length)} sur {integer(total)})</span>
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
