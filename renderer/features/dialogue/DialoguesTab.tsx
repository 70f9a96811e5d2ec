// The contract's dialogues de gestion: two per contract year (intermediate, annual), the next one
// with what is still missing to prepare it, and the review page of each.
import { Fragment, useState } from 'react';
import { Link, Route, Routes, useNavigate } from 'react-router';
import type { ContractDetail } from '../../../shared/api';
import { addDays, compareIso, maxIso } from '../../../shared/dates';
import { REVIEW_KIND_LABELS, reviewCreateSchema, type ReviewKind } from '../../../shared/schemas/indicators';
import type { Readiness, ReviewSlot, ReviewsView } from '../../../shared/indicatorViews';
import { useApi, useApiMutation } from '../../api/hooks';
import { Badge, ErrorBox, HiddenHeader, Loading } from '../../components/ui';
import { FormActions, FormRow } from '../../components/form';
import { BoundTextAreaField, BoundTextField, useApiForm } from '../../components/apiForm';
import { FormMessage } from '../../components/money';
import { date } from '../../i18n/format';
import { ReviewPage } from './ReviewPage';
import '../indicators/indicators.css';
import './dialogue.css';

export const SLOT_STATUS_LABELS: Record<ReviewSlot['status'], string> = { todo: 'À préparer', draft: 'Brouillon', closed: 'Clos' };

export function SlotStatus({ slot, today }: { slot: ReviewSlot; today?: string }) {
  if (slot.status === 'closed') return <Badge tone="ok">Clos</Badge>;
  if (slot.status === 'draft') return <Badge tone="info">Brouillon</Badge>;
  const past = today !== undefined && compareIso(slot.proposedOn, today) < 0;
  if (today !== undefined && compareIso(addDays(slot.proposedOn, 90), today) < 0) return <Badge tone="neutral" title="Date passée depuis plus de 90 jours, aucun dialogue enregistré">Non tenu</Badge>;
  return <Badge tone={past ? 'warn' : 'neutral'}>À préparer</Badge>;
}

export const slotTitle = (s: { kind: ReviewKind; year: number }) => `${REVIEW_KIND_LABELS[s.kind]} — année ${s.year}`;

const DEFAULT_AGENDA: Record<ReviewKind, string> = {
  intermediate: 'Avancement des actions et des indicateurs, difficultés rencontrées, ajustements.',
  annual: 'Bilan des indicateurs de l’année, validation de la part variable, cibles de l’année suivante.',
};

export function MissingList({ readiness, label }: { readiness: Readiness; label: string }) {
  return (
    <ul className="missing-list" aria-label={label}>
      {readiness.missing.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}

function PrepareForm({ contract, slot, today, onCancel }: { contract: ContractDetail; slot: ReviewSlot; today: string; onCancel: () => void }) {
  const create = useApiMutation('reviews.create');
  const navigate = useNavigate();
  const { control, errors, submit } = useApiForm(
    reviewCreateSchema,
    { contractId: contract.id, year: slot.year, kind: slot.kind, heldOn: maxIso(slot.proposedOn, today), place: '', agenda: DEFAULT_AGENDA[slot.kind] },
    ['heldOn', 'place', 'agenda'],
  );
  const onSubmit = submit(async (values) => {
    const r = await create.mutateAsync(values);
    void navigate(`/contrats/${contract.id}/dialogues/${r.id}`);
    return 'Dialogue créé.';
  });
  return (
    <form className="annex-form prepare-form" onSubmit={onSubmit} noValidate aria-label={`Préparer : ${slotTitle(slot)}`}>
      <div className="annex-form-title">Préparer le {slotTitle(slot).replace(/^Dialogue/, 'dialogue')}</div>
      <div className="grid-3">
        <BoundTextField control={control} name="heldOn" label="Date du dialogue" id="prep-date" hint={`Date proposée : ${date(slot.proposedOn)}`} type="date" />
        <BoundTextField control={control} name="place" label="Lieu" id="prep-place" placeholder={`ex. locaux de la ${contract.cpam}, visioconférence`} />
      </div>
      <BoundTextAreaField control={control} name="agenda" label="Ordre du jour" id="prep-agenda" rows={3} />
      <FormMessage errors={errors} refused="Le dialogue n’a pas été créé" />
      <FormActions busy={create.isPending} busyLabel="Création…" submit="Créer le dialogue" onCancel={onCancel} />
    </form>
  );
}

function NextReview({ contract, view, today, preparing, setPreparing }: { contract: ContractDetail; view: ReviewsView; today: string; preparing: string | null; setPreparing: (k: string | null) => void }) {
  const next = view.next;
  if (!next) {
    return (
      <section className="card next-review" aria-labelledby="prochain-dialogue">
        <h2 id="prochain-dialogue">Prochain dialogue</h2>
        <p className="muted">Aucun dialogue à venir : tous les dialogues du contrat sont clos ou passés.</p>
      </section>
    );
  }
  const key = `${next.year}-${next.kind}`;
  const when = next.heldOn ?? next.proposedOn;
  const days = Math.round((Date.parse(when) - Date.parse(today)) / 86_400_000);
  return (
    <section className={`card next-review${view.readiness.ready ? ' is-ready' : ' is-missing'}`} aria-labelledby="prochain-dialogue">
      <div className="next-head">
        <div>
          <div className="stat-label">Prochain dialogue</div>
          <h2 id="prochain-dialogue">{slotTitle(next)}</h2>
          <div className="muted">
            {next.heldOn ? 'prévu le' : 'date proposée :'} <strong className="ink">{date(when)}</strong>{' '}
            {days >= 0 ? `(dans ${days} jour${days > 1 ? 's' : ''})` : `(date passée de ${-days} jour${-days > 1 ? 's' : ''})`} · <SlotStatus slot={next} today={today} />
          </div>
        </div>
        <div className="actions">
          {next.reviewId !== null ? (
            <Link className="button primary" to={`/contrats/${contract.id}/dialogues/${next.reviewId}`}>
              Ouvrir le dialogue
            </Link>
          ) : (
            preparing !== key && (
              <button type="button" className="button primary" onClick={() => setPreparing(key)}>
                Préparer ce dialogue
              </button>
            )
          )}
        </div>
      </div>
      {view.readiness.ready ? (
        <div className="ok-box" role="status">
          <strong>Prêt :</strong> chaque indicateur a une valeur et une pièce justificative, aucune mission en retard.
        </div>
      ) : (
        <div className="warn-box readiness">
          <strong>À compléter avant le dialogue ({view.readiness.missing.length}) :</strong>
          <MissingList readiness={view.readiness} label="Éléments manquants pour préparer le dialogue" />
          <Link to={`/contrats/${contract.id}/indicateurs`}>Compléter les valeurs et les pièces dans l’onglet Indicateurs</Link>
        </div>
      )}
      {preparing === key && <PrepareForm contract={contract} slot={next} today={today} onCancel={() => setPreparing(null)} />}
    </section>
  );
}

function ReviewList({ contract }: { contract: ContractDetail }) {
  const info = useApi('app.info', {});
  const q = useApi('reviews.list', { contractId: contract.id });
  const [preparing, setPreparing] = useState<string | null>(null);
  if (q.isLoading || !info.data) return <Loading what="Chargement des dialogues" />;
  if (q.error || !q.data) return <ErrorBox error={q.error ?? new Error('Dialogues indisponibles.')} />;
  const view = q.data;
  const today = info.data.today;
  const isNext = (s: ReviewSlot) => view.next !== null && s.year === view.next.year && s.kind === view.next.kind;
  return (
    <div className="dialogues-tab">
      <p className="muted">
        Deux dialogues de gestion par année du contrat : un dialogue intermédiaire, six mois après le début de l’année, et le dialogue annuel, un mois avant sa fin, qui arrête les
        valeurs des indicateurs, la part variable et les cibles de l’année suivante.
      </p>
      <NextReview contract={contract} view={view} today={today} preparing={preparing} setPreparing={setPreparing} />
      <section className="panel" aria-labelledby="calendrier-dialogues">
        <h2 id="calendrier-dialogues">Calendrier des dialogues</h2>
        <table className="table compact slots-table" aria-label="Dialogues de gestion du contrat">
          <thead>
            <tr>
              <th>Année</th>
              <th>Dialogue</th>
              <th>Date proposée</th>
              <th>Date retenue</th>
              <th>Statut</th>
              <HiddenHeader>Actions</HiddenHeader>
            </tr>
          </thead>
          <tbody>
            {view.slots.map((s) => {
              const key = `${s.year}-${s.kind}`;
              return (
                <Fragment key={key}>
                  <tr className={`${isNext(s) ? 'row-next' : ''}${s.status === 'closed' ? ' row-settled' : ''}`}>
                    <td>Année {s.year}</td>
                    <td>
                      {REVIEW_KIND_LABELS[s.kind]} {isNext(s) && <Badge tone="info">prochain</Badge>}
                    </td>
                    <td className="nowrap">{date(s.proposedOn)}</td>
                    <td className="nowrap">{s.heldOn ? date(s.heldOn) : <span className="muted">—</span>}</td>
                    <td>
                      <SlotStatus slot={s} today={today} />
                    </td>
                    <td className="nowrap">
                      {s.reviewId !== null ? (
                        <Link className="button small" to={`/contrats/${contract.id}/dialogues/${s.reviewId}`} aria-label={`Ouvrir : ${slotTitle(s)}`}>
                          {s.status === 'closed' ? 'Consulter' : 'Ouvrir'}
                        </Link>
                      ) : (
                        <button type="button" className="button small" aria-label={`Préparer : ${slotTitle(s)}`} onClick={() => setPreparing(preparing === key ? null : key)}>
                          Préparer
                        </button>
                      )}
                    </td>
                  </tr>
                  {preparing === key && !isNext(s) && (
                    <FormRow cols={6}>
                      <PrepareForm contract={contract} slot={s} today={today} onCancel={() => setPreparing(null)} />
                    </FormRow>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}

export function DialoguesTab({ contract }: { contract: ContractDetail }) {
  return (
    <Routes>
      <Route index element={<ReviewList contract={contract} />} />
      <Route path=":reviewId" element={<ReviewPage contract={contract} />} />
    </Routes>
  );
}
