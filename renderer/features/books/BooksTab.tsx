// « Comptabilité » tab of a contract (issue 14): FEC import with its preview, the mapping rules,
// the imports made, the reconciliation of receipts with payments; the indemnities of health
// professionals against the PASS; the 12-month treasury forecast.
import { useState } from 'react';
import { NavLink, Route, Routes } from 'react-router';
import type { ContractDetail } from '../../../shared/api';
import { useApi } from '../../api/hooks';
import { ErrorBox, Loading, Money } from '../../components/ui';
import { date } from '../../i18n/format';
import { FecImport, ReconciliationTable } from './FecImport';
import { ForecastPanel } from './ForecastPanel';
import { IndemnitiesPanel } from './IndemnitiesPanel';
import { categoryLabel, missionLabel } from './labels';
import { MappingRules } from './MappingRules';

function Books({ contract }: { contract: ContractDetail }) {
  const q = useApi('books.get', { contractId: contract.id });
  const [rulesSaved, setRulesSaved] = useState(false);
  if (q.isLoading) return <Loading what="Chargement de la comptabilité" />;
  if (q.error || !q.data) return <ErrorBox error={q.error ?? new Error('Comptabilité indisponible.')} />;
  const v = q.data;
  return (
    <>
      <section className="panel" aria-labelledby="fec-titre">
        <h2 id="fec-titre">Importer le FEC</h2>
        <FecImport contract={contract} />
      </section>
      <section className="panel" aria-labelledby="regles-titre">
        <h2 id="regles-titre">Règles d’affectation des comptes</h2>
        <p className="muted small">
          Une charge (classe 6) suit la règle au préfixe de compte le plus long ; à longueur égale, une règle qui nomme le journal l’emporte. Une ligne qu’aucune règle ne
          couvre n’est pas importée et reste listée.
        </p>
        <MappingRules contract={contract} rules={v.rules} key={v.rulesRecordedAt ?? 'none'} onSaved={() => setRulesSaved(true)} />
        {rulesSaved && (
          <div className="info-box" role="status">
            Règles enregistrées.
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="rappro-titre">
        <h2 id="rappro-titre">Rapprochement avec les versements</h2>
        <ReconciliationTable lines={v.reconciliation} />
        {v.paymentsWithoutReceipt.length > 0 && (
          <div className="warn-box" role="note">
            <strong>Versements sans recette correspondante dans la comptabilité</strong>
            <ul className="plain">
              {v.paymentsWithoutReceipt.map((p) => (
                <li key={p.id}>
                  n° {p.id} du {date(p.receivedOn)} : <Money cents={p.amountCents} />
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="imports-titre">
        <h2 id="imports-titre">Imports réalisés</h2>
        <ul className="plain">
          {v.imports.map((i) => (
            <li key={i.id}>
              {i.fileName} — {i.importedCount} ligne(s) importée(s), {i.duplicatesSkipped} déjà présente(s), {i.unmatchedCount} non affectée(s)
              {i.periodFrom && i.periodTo && ` (écritures du ${date(i.periodFrom)} au ${date(i.periodTo)})`}
            </li>
          ))}
          {v.imports.length === 0 && <li className="muted">Aucun import.</li>}
        </ul>
        {v.importedTotals.length > 0 && (
          <table className="table compact" aria-label="Dépenses importées du FEC">
            <thead>
              <tr>
                <th>Ligne</th>
                <th>Catégorie</th>
                <th className="num">Montant</th>
              </tr>
            </thead>
            <tbody>
              {v.importedTotals.map((t) => (
                <tr key={`${t.mission ?? ''}|${t.category}`}>
                  <td>{missionLabel(t.mission)}</td>
                  <td>{categoryLabel(t.category)}</td>
                  <td className="num">
                    <Money cents={t.cents} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export function BooksTab({ contract }: { contract: ContractDetail }) {
  const base = `/contrats/${contract.id}/comptabilite`;
  return (
    <div className="books-tab">
      <nav className="tabs sub" aria-label="Comptabilité">
        <NavLink to={base} end>
          FEC et rapprochement
        </NavLink>
        <NavLink to={`${base}/indemnites`}>Indemnités</NavLink>
        <NavLink to={`${base}/previsionnel`}>Trésorerie prévisionnelle</NavLink>
      </nav>
      <Routes>
        <Route index element={<Books contract={contract} />} />
        <Route path="indemnites" element={<IndemnitiesPanel contract={contract} />} />
        <Route path="previsionnel" element={<ForecastPanel contract={contract} />} />
      </Routes>
    </div>
  );
}
