// The closing confirmation of a review: what the annual dialogue will fix (the year's variable
// part per mission, as the échéancier will pay it) and every point still open.
import { useEffect, useRef } from 'react';
import { REVIEW_KIND_LABELS } from '../../../shared/schemas/indicators';
import type { ReviewDetail } from '../../../shared/indicatorViews';
import { useApi } from '../../api/hooks';
import { Money } from '../../components/ui';
import { euros } from '../../i18n/format';
import { ClosingFiguresTable } from './ClosingFigures';

export function ConfirmClose({
  detail,
  revisions,
  pending,
  dirty,
  onConfirm,
  onCancel,
  busy,
}: {
  detail: ReviewDetail;
  revisions: number;
  pending: number;
  /** Changes typed but not saved yet (they are saved before closing). */
  dirty: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // What the closing would fix, computed by the API from the saved review (saved first on confirm).
  const preview = useApi('reviews.closingPreview', { reviewId: detail.id });
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby="confirm-close-title" onClose={onCancel}>
      <h2 id="confirm-close-title">Clore le {REVIEW_KIND_LABELS[detail.kind].toLowerCase()} de l’année {detail.year} ?</h2>
      <p>Les modifications en cours sont d’abord enregistrées. Une fois clos, le dialogue ne se modifie plus : toute correction s’ajoute en addendum daté.</p>
      {detail.kind === 'annual' && (
        <p>
          Les valeurs validées arrêtent la part variable de l’année {detail.year}
          {revisions > 0 && ` ; ${revisions} révision(s) de cible s’appliqueront à l’annexe de l’année ${detail.year + 1}`}.
        </p>
      )}
      {detail.kind === 'annual' && preview.data && (
        <div className="closing-preview">
          <p>
            Part variable arrêtée pour l’année {detail.year} : <Money cents={preview.data.figures.retainedCents} strong /> sur un maximum de {euros(preview.data.figures.maxCents)} (au prorata)
            {dirty ? ' — d’après le dialogue enregistré ; les modifications en cours seront prises en compte à la clôture.' : '.'}
          </p>
          <ClosingFiguresTable figures={preview.data.figures} caption={`Part variable de l’année ${detail.year} qui sera arrêtée`} />
        </div>
      )}
      {preview.data && preview.data.open.length > 0 && (
        <div className="warn-box">
          <p>Points encore ouverts :</p>
          <ul>
            {preview.data.open.map((o, i) => (
              <li key={i}>{o}</li>
            ))}
          </ul>
        </div>
      )}
      {detail.kind === 'annual' && pending > 0 && (
        <p className="warn-box">
          {pending} indicateur(s) n’ont pas encore de valeur validée et de statut : la clôture du dialogue annuel sera refusée.
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button danger" onClick={onConfirm} disabled={busy}>
          {busy ? 'Clôture…' : 'Clore définitivement'}
        </button>
        <button type="button" className="button" onClick={() => ref.current?.close()}>
          Annuler
        </button>
      </div>
    </dialog>
  );
}

