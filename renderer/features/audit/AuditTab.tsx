// "Journal": who did what on the contract, when, and what it changed (issue 13). One line per
// write, latest first; the details show the row replaced (avant) and what was asked (après).
import { useState } from 'react';
import type { ContractDetail } from '../../../shared/api';
import type { AuditEntry } from '../../../shared/audit';
import { useApi } from '../../api/hooks';
import { ErrorBox, HiddenHeader, Loading } from '../../components/ui';

const PAGE = 200;
const PRE = { whiteSpace: 'pre-wrap', maxWidth: '32rem', maxHeight: '20rem', overflow: 'auto', margin: 0 } as const;

const when = (iso: string) =>
  new Date(iso).toLocaleString('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

function pretty(json: string | null): string | null {
  if (json === null) return null;
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

function Changes({ entry }: { entry: AuditEntry }) {
  const before = pretty(entry.before);
  const after = pretty(entry.after);
  if (before === null && after === null) return null;
  return (
    <details>
      <summary className="small">Avant → après</summary>
      <div style={{ display: 'flex', gap: '1rem', flexWrap: 'wrap' }}>
        {before !== null && (
          <div>
            <div className="small muted">Avant</div>
            <pre className="small" style={PRE}>{before}</pre>
          </div>
        )}
        {after !== null && (
          <div>
            <div className="small muted">Après (saisie)</div>
            <pre className="small" style={PRE}>{after}</pre>
          </div>
        )}
      </div>
    </details>
  );
}

export function AuditTab({ contract }: { contract: ContractDetail }) {
  const [all, setAll] = useState(false);
  const q = useApi('audit.list', { contractId: contract.id, limit: all ? undefined : PAGE });
  if (q.isLoading) return <Loading what="Chargement du journal" />;
  if (q.error) return <ErrorBox error={q.error} />;
  const view = q.data!;
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Journal des modifications</h2>
      <p className="muted small">
        Chaque enregistrement sur ce contrat, avec son auteur et son heure. Le journal ne se modifie pas et ne se supprime pas.
        {view.total > view.entries.length && ` ${view.entries.length} dernières entrées sur ${view.total}.`}
      </p>
      {view.entries.length === 0 ? (
        <p>Aucune modification enregistrée.</p>
      ) : (
        <table className="table compact" aria-label="Journal des modifications" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">Date et heure</th>
              <th scope="col">Auteur</th>
              <th scope="col">Opération</th>
              <HiddenHeader>Détail</HiddenHeader>
            </tr>
          </thead>
          <tbody>
            {view.entries.map((e) => (
              <tr key={e.id}>
                <td>{when(e.at)}</td>
                <td>{e.authorName ? `${e.authorName} (${e.author})` : e.author}</td>
                <td>{e.summary}</td>
                <td>
                  <Changes entry={e} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.total > view.entries.length && (
        <button type="button" onClick={() => setAll(true)}>
          Afficher les {view.total} entrées
        </button>
      )}
    </section>
  );
}
