// Import of the CSV register of indemnities with its preview: how many entries are new, the PASS
// warnings, and the explicit confirmation an entry past the ceiling needs.
import { useState } from 'react';
import type { ContractDetail } from '../../../shared/api';
import type { IndemnityImportResult } from '../../../shared/booksViews';
import { call, errorText } from '../../api/client';
import { useApiMutation } from '../../api/hooks';

export function ImportRegister({ contract }: { contract: ContractDetail }) {
  const [csv, setCsv] = useState<{ fileName: string; csv: string } | null>(null);
  const [preview, setPreview] = useState<IndemnityImportResult | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = useApiMutation('indemnities.import');
  const choose = async (f: File | undefined) => {
    setPreview(null);
    setError(null);
    setConfirm(false);
    save.reset();
    if (!f) return;
    try {
      const chosen = { fileName: f.name, csv: await f.text() };
      setCsv(chosen);
      setPreview(await call('indemnities.preview', { contractId: contract.id, ...chosen }));
    } catch (e) {
      setError(errorText(e));
    }
  };
  const over = preview?.overCeiling ?? [];
  return (
    <div>
      <label className="field">
        <span>Registre (CSV : professionnel;profession;rpps;date;mission;heures;nature;taux;montant)</span>
        <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void choose(e.target.files?.[0])} />
      </label>
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      {preview && !save.data && (
        <div>
          <p>
            {preview.imported} saisie(s) à importer, {preview.duplicatesSkipped} déjà présente(s).
          </p>
          {preview.warnings.length > 0 && (
            <div className="warn-box" role="note">
              <ul className="plain">
                {preview.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </div>
          )}
          {over.length > 0 && (
            <label className="checkbox">
              <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} /> Je confirme {over.length} saisie(s) au-delà du plafond annuel de la sécurité
              sociale (elles resteront signalées).
            </label>
          )}
          <button
            type="button"
            className="button primary"
            disabled={save.isPending || preview.imported === 0 || (over.length > 0 && !confirm)}
            onClick={() => csv && save.mutate({ contractId: contract.id, ...csv, confirmOverCeiling: confirm })}
          >
            {save.isPending ? 'Import…' : 'Importer le registre'}
          </button>
        </div>
      )}
      {save.error && (
        <div className="error-box" role="alert">
          {save.error.message}
        </div>
      )}
      {save.data && (
        <div className="info-box" role="status">
          {save.data.imported} saisie(s) importée(s) ; chaque saisie a créé sa dépense (catégorie « Indemnités des professionnels de santé »).
        </div>
      )}
    </div>
  );
}
