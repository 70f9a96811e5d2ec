// FEC import: choose the file, see the preview (totals per mission and category, unmatched lines,
// reconciliation with the payments), then import. Nothing is written before « Importer ».
import { useState } from 'react';
import type { ContractDetail } from '../../../shared/api';
import type { FecImportResult } from '../../../shared/booksViews';
import { call, errorText } from '../../api/client';
import { useApiMutation } from '../../api/hooks';
import { Money } from '../../components/ui';
import { date } from '../../i18n/format';
import { readBase64 } from '../../components/files';
import { categoryLabel, missionLabel } from './labels';

export function FecPreview({ result }: { result: FecImportResult }) {
  return (
    <div className="fec-preview">
      <p className="muted small">
        {result.fileName} : {result.lineCount} ligne(s), {result.encoding === 'utf-8' ? 'UTF-8' : 'ISO-8859-15'},{' '}
        {result.layout === 'debit-credit' ? 'colonnes Débit / Crédit' : 'colonnes Montant / Sens'}
        {result.period && ` — du ${date(result.period.from)} au ${date(result.period.to)}`}. {result.imported} ligne(s) {result.dryRun ? 'à importer' : 'importée(s)'},{' '}
        {result.duplicatesSkipped} déjà importée(s).
      </p>
      <table className="table compact" aria-label="Dépenses par mission et catégorie">
        <thead>
          <tr>
            <th>Ligne</th>
            <th>Catégorie</th>
            <th className="num">Lignes</th>
            <th className="num">Montant</th>
          </tr>
        </thead>
        <tbody>
          {result.totals.map((t) => (
            <tr key={`${t.mission ?? ''}|${t.category}`}>
              <td>{missionLabel(t.mission)}</td>
              <td>{categoryLabel(t.category)}</td>
              <td className="num">{t.lines}</td>
              <td className="num">
                <Money cents={t.cents} />
              </td>
            </tr>
          ))}
          {result.totals.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                Aucune dépense nouvelle.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {result.unmatched.length > 0 && (
        <div className="warn-box" role="note">
          <strong>{result.unmatched.length} ligne(s) non importée(s)</strong>
          <ul className="plain">
            {result.unmatched.map((u) => (
              <li key={u.line}>{u.message}</li>
            ))}
          </ul>
        </div>
      )}
      <ReconciliationTable lines={result.reconciliation} />
    </div>
  );
}

export function ReconciliationTable({ lines }: { lines: FecImportResult['reconciliation'] }) {
  if (lines.length === 0) return <p className="muted small">Aucune recette (comptes 73, 74) à rapprocher.</p>;
  return (
    <table className="table compact" aria-label="Rapprochement des recettes et des versements">
      <thead>
        <tr>
          <th>Date</th>
          <th>Compte</th>
          <th>Libellé</th>
          <th className="num">Montant</th>
          <th>Versement enregistré</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((r, i) => (
          <tr key={i} className={r.paymentId === null ? 'row-warn' : undefined}>
            <td>{date(r.date)}</td>
            <td>{r.account}</td>
            <td>{r.label}</td>
            <td className="num">
              <Money cents={r.amountCents} />
            </td>
            <td>{r.paymentId === null ? <strong>aucun versement du même montant à ±31 jours</strong> : `n° ${r.paymentId} (${r.gapDays} j d’écart)`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FecImport({ contract }: { contract: ContractDetail }) {
  const [file, setFile] = useState<{ fileName: string; contentBase64: string } | null>(null);
  const [preview, setPreview] = useState<FecImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const importFec = useApiMutation('books.importFec');

  const choose = async (f: File | undefined) => {
    setPreview(null);
    setError(null);
    importFec.reset();
    if (!f) return;
    setBusy(true);
    try {
      const chosen = { fileName: f.name, contentBase64: await readBase64(f) };
      setFile(chosen);
      setPreview(await call('books.previewFec', { contractId: contract.id, file: chosen }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <label className="field">
        <span>Fichier des écritures comptables (FEC)</span>
        <input type="file" accept=".txt,.csv,.fec,text/plain" onChange={(e) => void choose(e.target.files?.[0])} />
      </label>
      <p className="muted small">18 colonnes, tabulation ou « | », UTF-8 ou ISO-8859-15. Un aperçu s’affiche ; rien n’est enregistré avant « Importer ».</p>
      {busy && <p role="status">Lecture du fichier…</p>}
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      {preview && !importFec.data && (
        <>
          <h3>Aperçu</h3>
          <FecPreview result={preview} />
          <button
            type="button"
            className="button primary"
            disabled={importFec.isPending || preview.imported === 0}
            onClick={() => file && importFec.mutate({ contractId: contract.id, file })}
          >
            {importFec.isPending ? 'Import…' : `Importer ${preview.imported} ligne(s)`}
          </button>
        </>
      )}
      {importFec.error && (
        <div className="error-box" role="alert">
          {importFec.error.message}
        </div>
      )}
      {importFec.data && (
        <div className="info-box" role="status">
          {importFec.data.imported} ligne(s) importée(s) dans les dépenses, {importFec.data.duplicatesSkipped} déjà présente(s).
        </div>
      )}
    </div>
  );
}
