// Spending against what was granted: per contract year and line (fonctionnement, missions) the
// granted / budget / paid / spent / remaining amounts with their warnings; record a spending
// entry with its supporting file, set a budget, list the entries and correct them.
import type { ContractDetail } from '../../../shared/api';
import { useApi } from '../../api/hooks';
import { ErrorBox, Loading } from '../../components/ui';
import { SpendingEntries } from './SpendingEntries';
import { BudgetForm, RecordSpending } from './SpendingForms';
import { SpendingTable } from './SpendingTable';

export function SpendingTab({ contract }: { contract: ContractDetail }) {
  const q = useApi('spending.get', { contractId: contract.id });
  const info = useApi('app.info', {});
  if (q.isLoading) return <Loading what="Chargement des dépenses" />;
  if (q.error || !q.data) return <ErrorBox error={q.error ?? new Error('Dépenses indisponibles.')} />;
  const view = q.data;
  const today = info.data?.today ?? '';
  return (
    <div className="spending-tab">
      {view.warnings.length > 0 && (
        <div className="warn-box" role="note" aria-label="Alertes sur les dépenses">
          <strong>
            {view.warnings.length} alerte{view.warnings.length > 1 ? 's' : ''}
          </strong>
          <ul className="plain">
            {view.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <section className="panel" aria-labelledby="suivi-titre">
        <h2 id="suivi-titre">Accordé, versé et dépensé</h2>
        <p className="muted small">
          Accordé : montant dû pour l’année (parts variables validées comprises). Versé : versements affectés aux échéances de l’année. Dépensé :
          dépenses au montant en vigueur (corrections comprises). Années commencées seulement.
        </p>
        <SpendingTable view={view} />
      </section>
      <section className="panel" aria-labelledby="saisie-depense-titre">
        <h2 id="saisie-depense-titre">Nouvelle dépense</h2>
        <RecordSpending contract={contract} today={today} key={today} />
      </section>
      <section className="panel" aria-labelledby="budget-titre">
        <h2 id="budget-titre">Budget prévisionnel</h2>
        <p className="muted small">Le budget d’une année et d’une ligne remplace le précédent.</p>
        <BudgetForm contract={contract} />
      </section>
      <section className="panel" aria-labelledby="depenses-titre">
        <h2 id="depenses-titre">Dépenses enregistrées</h2>
        <SpendingEntries contract={contract} view={view} today={today} />
      </section>
    </div>
  );
}
