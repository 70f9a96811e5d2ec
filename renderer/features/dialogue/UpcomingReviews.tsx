// Portfolio section: the dialogues de gestion due within 60 days, across contracts, with what is
// still missing to prepare each one.
import { useState } from 'react';
import { Link } from 'react-router';
import { REVIEW_KIND_LABELS } from '../../../shared/schemas/indicators';
import type { UpcomingReview } from '../../../shared/indicatorViews';
import { useApi } from '../../api/hooks';
import { Badge, ErrorBox, Loading } from '../../components/ui';
import { date } from '../../i18n/format';
import { MissingList, SlotStatus } from './DialoguesTab';
import '../indicators/indicators.css';
import './dialogue.css';

function Row({ r, today }: { r: UpcomingReview; today: string }) {
  const [open, setOpen] = useState(false);
  const when = r.slot.heldOn ?? r.slot.proposedOn;
  const what = `${REVIEW_KIND_LABELS[r.slot.kind]}, année ${r.slot.year}`;
  const n = r.readiness.missing.length;
  const listId = `upcoming-${r.contractId}-${r.slot.year}-${r.slot.kind}`;
  return (
    <tr className={r.readiness.ready ? 'row-ready' : 'row-notready'}>
      <td className="strong">{r.cpts}</td>
      <td>
        {/* The CPTS name is not a link: the contracts table above already links it. */}
        <Link to={r.slot.reviewId !== null ? `/contrats/${r.contractId}/dialogues/${r.slot.reviewId}` : `/contrats/${r.contractId}/dialogues`}>
          {what}
        </Link>
      </td>
      <td className="nowrap">
        {date(when)}
        <div className="muted small">
          {r.slot.heldOn ? 'date retenue' : 'date proposée'}
          {when < today && ' · passée'}
        </div>
      </td>
      <td>
        <SlotStatus slot={r.slot} today={today} />
      </td>
      <td>
        {r.readiness.ready ? (
          <Badge tone="ok">Prêt</Badge>
        ) : (
          <>
            <button type="button" className="link-button late-text" aria-expanded={open} aria-controls={listId} onClick={() => setOpen((o) => !o)}>
              {n} élément{n > 1 ? 's' : ''} manquant{n > 1 ? 's' : ''}
            </button>
            {open && (
              <div id={listId}>
                <MissingList readiness={r.readiness} label={`Éléments manquants : ${r.cpts}`} />
              </div>
            )}
          </>
        )}
      </td>
    </tr>
  );
}

export function UpcomingReviews() {
  const q = useApi('reviews.upcoming', {});
  const info = useApi('app.info', {});
  const rows = q.data ?? [];
  const notReady = rows.filter((r) => !r.readiness.ready).length;
  return (
    <section className="panel upcoming-reviews" aria-labelledby="dialogues-a-venir">
      <div className="section-head">
        <h2 id="dialogues-a-venir">Dialogues de gestion à venir (60 jours)</h2>
        {q.data && rows.length > 0 && (
          <span className="muted small">
            {rows.length} dialogue{rows.length > 1 ? 's' : ''}
            {notReady > 0 && (
              <>
                {' '}
                · <span className="late-text">{notReady} à compléter</span>
              </>
            )}
          </span>
        )}
      </div>
      <ErrorBox error={q.error} />
      {q.isLoading || !info.data ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p className="muted">Aucun dialogue de gestion dans les 60 prochains jours.</p>
      ) : (
        <table className="table compact upcoming-table" aria-label="Dialogues de gestion à venir">
          <thead>
            <tr>
              <th>CPTS</th>
              <th>Dialogue</th>
              <th>Date</th>
              <th>Statut</th>
              <th>Préparation</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Row key={`${r.contractId}-${r.slot.year}-${r.slot.kind}`} r={r} today={info.data.today} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
