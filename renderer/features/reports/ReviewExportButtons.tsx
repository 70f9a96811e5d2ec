// Exports of one dialogue de gestion, for its page: the dossier de préparation (any state) and,
// once the review is closed, its compte rendu with the signature block.
import { useApi } from '../../api/hooks';
import { ExportStatus, useExport } from './ExportControls';

export interface ReviewExportButtonsProps {
  contractId: number;
  reviewId: number;
  status: 'draft' | 'closed';
}

export function ReviewExportButtons({ contractId, reviewId, status }: ReviewExportButtonsProps) {
  // The dossier is asked for by year and kind (it also prepares reviews not created yet).
  const review = useApi('reviews.get', { reviewId });
  const { status: exportStatus, busy, run } = useExport();
  const slot = review.data;
  return (
    <div className="exports">
      <div className="export-buttons">
        <button
          type="button"
          className="button"
          disabled={busy || !slot}
          onClick={() => slot && void run({ report: 'dossier', format: 'pdf', contractId, year: slot.year, kind: slot.kind })}
        >
          Dossier de préparation (PDF)
        </button>
        {status === 'closed' && (
          <button type="button" className="button" disabled={busy} onClick={() => void run({ report: 'minutes', format: 'pdf', contractId, reviewId })}>
            Compte rendu (PDF)
          </button>
        )}
      </div>
      <ExportStatus status={exportStatus} />
    </div>
  );
}
