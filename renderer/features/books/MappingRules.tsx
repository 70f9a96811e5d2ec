// The mapping rules editor: account prefix (the longest matching wins), optional journal, mission
// or fonctionnement, spending category. Saved per contract; the FEC import applies them.
import { useState } from 'react';
import type { ContractDetail } from '../../../shared/api';
import type { MappingRule } from '../../../shared/schemas/books';
import { SPENDING_CATEGORIES, type SpendingCategory } from '../../../shared/schemas/money';
import type { MissionCode } from '../../../shared/domain/missions';
import { useApiMutation } from '../../api/hooks';
import { categoryLabel } from './labels';

interface Draft {
  account: string;
  journal: string;
  mission: string;
  category: SpendingCategory;
}

const toDraft = (r: MappingRule): Draft => ({ account: r.account, journal: r.journal ?? '', mission: r.mission ?? '', category: r.category });

/** `onSaved`: the parent says it (the editor is remounted on the rules it reloads, so it cannot). */
export function MappingRules({ contract, rules, onSaved }: { contract: ContractDetail; rules: MappingRule[]; onSaved: () => void }) {
  const [drafts, setDrafts] = useState<Draft[]>(() => rules.map(toDraft));
  const save = useApiMutation('books.setRules');
  const set = (i: number, patch: Partial<Draft>) => setDrafts((ds) => ds.map((d, k) => (k === i ? { ...d, ...patch } : d)));
  const fields = save.error?.fields ?? {};
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        // mutateAsync: its promise settles even once the editor was remounted on the reloaded rules
        // (mutate's own callbacks would not); a refusal is shown from save.error.
        save
          .mutateAsync({
            contractId: contract.id,
            rules: drafts.map((d) => ({ account: d.account, journal: d.journal === '' ? null : d.journal, mission: d.mission === '' ? null : (d.mission as MissionCode), category: d.category })),
          })
          .then(onSaved, () => undefined);
      }}
    >
      <table className="table compact" aria-label="Règles d’affectation des comptes">
        <thead>
          <tr>
            <th>Préfixe de compte</th>
            <th>Journal (facultatif)</th>
            <th>Mission</th>
            <th>Catégorie</th>
            <th>
              <span className="visually-hidden">Supprimer</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {drafts.map((d, i) => (
            <tr key={i}>
              <td>
                <input aria-label={`Règle ${i + 1} : préfixe de compte`} value={d.account} onChange={(e) => set(i, { account: e.target.value })} aria-invalid={fields[`rules.${i}.account`] ? true : undefined} />
              </td>
              <td>
                <input aria-label={`Règle ${i + 1} : journal`} value={d.journal} onChange={(e) => set(i, { journal: e.target.value })} />
              </td>
              <td>
                <select aria-label={`Règle ${i + 1} : mission`} value={d.mission} onChange={(e) => set(i, { mission: e.target.value })}>
                  <option value="">Fonctionnement</option>
                  {contract.missions.map((m) => (
                    <option key={m.code} value={m.code}>
                      {m.label}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select aria-label={`Règle ${i + 1} : catégorie`} value={d.category} onChange={(e) => set(i, { category: e.target.value as SpendingCategory })}>
                  {SPENDING_CATEGORIES.map((c) => (
                    <option key={c} value={c}>
                      {categoryLabel(c)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button type="button" className="button small" onClick={() => setDrafts((ds) => ds.filter((_, k) => k !== i))}>
                  Supprimer
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setDrafts((ds) => [...ds, { account: '6', journal: '', mission: '', category: 'fonctionnement_courant' }])}>
          Ajouter une règle
        </button>
        <button type="submit" className="button primary" disabled={save.isPending}>
          {save.isPending ? 'Enregistrement…' : 'Enregistrer les règles'}
        </button>
      </div>
      {save.error && (
        <div className="error-box" role="alert">
          {save.error.message}
          {Object.values(fields).length > 0 && (
            <ul className="plain">
              {Object.entries(fields).map(([k, v]) => (
                <li key={k}>{v}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
