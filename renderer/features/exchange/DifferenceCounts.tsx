// The difference an exchange file would make (new, changed, unchanged, conflicting records): the
// same list on the contract page's import and on the portfolio's import of several files.
import type { ExchangePreview } from '../../../shared/exchange/types';

export function DifferenceCounts({ preview, label }: { preview: Pick<ExchangePreview, 'new' | 'changed' | 'unchanged' | 'conflicts'>; label: string }) {
  return (
    <ul className="exchange-counts" aria-label={label}>
      <li>
        <strong data-testid="exchange-new">{preview.new}</strong> nouveau(x)
      </li>
      <li>
        <strong data-testid="exchange-changed">{preview.changed}</strong> modifié(s)
      </li>
      <li>
        <strong data-testid="exchange-unchanged">{preview.unchanged}</strong> inchangé(s)
      </li>
      <li>
        <strong data-testid="exchange-conflicts">{preview.conflicts.length}</strong> conflit(s)
      </li>
    </ul>
  );
}
