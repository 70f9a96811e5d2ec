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

/** One meeting of the agenda. A list, not a table: the contracts table above keeps the only rows named after each CPTS. */
function Item({ r, today }: { r: UpcomingReview; today: string }) {
  const [open, setOpen] = useState(false);
  const when = r.slot.heldOn ?? r.slot.proposedOn;
  const what = `${REVIEW_KIND_LABELS[r.slot.kind]}, année ${r.slot.year}`;
  const n = r.readiness.missing.length;
  const listId = `upcoming-${r.contractId}-${r.slot.year}-${r.slot.kind}`;
  const [day, month] = date(when).split('/');
  return (
    <li className={`upcoming-item${r.readiness.ready ? ' is-ready' : ' is-missing'}`}>
      <div className="upcoming-date" aria-hidden="true">
        <span className="upcoming-day">{day}</span>
        <span className="upcoming-month">{MONTHS[Number(month) - 1]}</span>
      </div>
      <div className="upcoming-what">
        <div className="upcoming-cpts">{r.cpts}</div>
        <div>
          <Link to={r.slot.reviewId !== null ? `/contrats/${r.contractId}/dialogues/${r.slot.reviewId}` : `/contrats/${r.contractId}/dialogues`}>{what}</Link>{' '}
          <SlotStatus slot={r.slot} today={today} />
        </div>
        <div className="muted small">
          {r.slot.heldOn ? 'Date retenue' : 'Date proposée'} : {date(when)}
          {when < today && ' (passée)'}
        </div>
      </div>
      <div className="upcoming-readiness">
        {r.readiness.ready ? (
          <Badge tone="ok">Prêt</Badge>
        ) : (
          <button type="button" className="button small danger-soft" aria-expanded={open} aria-controls={open ? listId : undefined} onClick={() => setOpen((o) => !o)}>
            {n} élément{n > 1 ? 's' : ''} manquant{n > 1 ? 's' : ''} {open ? '▴' : '▾'}
          </button>
        )}
      </div>
      {open && (
        <div id={listId} className="upcoming-missing">
          <MissingList readiness={r.readiness} label={`Éléments manquants : ${what}, ${r.cpts}`} />
        </div>
      )}
    </li>
  );
}

const MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

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
        <ul className="upcoming-list" aria-label="Dialogues de gestion à venir">
          {rows.map((r) => (
            <Item key={`${r.contractId}-${r.slot.year}-${r.slot.kind}`} r={r} today={info.data.today} />
          ))}
        </ul>
      )}
    </section>
  );
}
