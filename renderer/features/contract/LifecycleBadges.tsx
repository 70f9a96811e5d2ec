// The contract's derived state (échu, archivé) and origin (démonstration), beside its own status.
import type { ContractDetail } from '../../../shared/api';
import { Badge } from '../../components/ui';

/** Local calendar date of an archiving time stamp. */
export function archivedOn(stamp: string): string {
  return new Date(stamp).toLocaleDateString('fr-FR');
}

/** The contract's derived state and origin, beside its own status. */
export function LifecycleBadges({ lifecycle, demo, archivedAt }: Pick<ContractDetail, 'lifecycle' | 'demo' | 'archivedAt'>) {
  return (
    <>
      {lifecycle === 'echu' && (
        <>
          {' '}
          <Badge tone="warn" title="La date de fin du contrat est passée">
            Échu
          </Badge>
        </>
      )}
      {lifecycle === 'archive' && (
        <>
          {' '}
          <Badge title={archivedAt ? `Archivé le ${archivedOn(archivedAt)}` : undefined}>Archivé</Badge>
        </>
      )}
      {demo && (
        <>
          {' '}
          <Badge tone="info" title="Contrat fictif du portefeuille de démonstration">
            Démonstration
          </Badge>
        </>
      )}
    </>
  );
}
