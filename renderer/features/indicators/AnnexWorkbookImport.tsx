// The yearly annex from an Excel workbook (issue 12): the empty template to download, and, for a
// year without an annex typed yet, the import of a filled one — all or nothing; on refusal every
// bad row is listed with its number, and nothing has been written.
import { useRef, useState, type ChangeEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { AnnexView } from '../../../shared/indicatorViews';
import { call, ApiFailure, errorText } from '../../api/client';
import { downloadBase64, readBase64 } from '../../components/files';

type Outcome = { kind: 'done'; text: string } | { kind: 'refused'; text: string; rows: string[] } | null;

export function AnnexWorkbookImport({ annex }: { annex: AnnexView }) {
  const qc = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<null | 'template' | 'import'>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const empty = !annex.exists || annex.missions.every((m) => m.actions.length === 0);

  async function template() {
    setBusy('template');
    setOutcome(null);
    try {
      const f = await call('annex.template', {});
      downloadBase64(f.fileName, f.mimeType, f.base64);
    } catch (e) {
      setOutcome({ kind: 'refused', text: errorText(e), rows: [] });
    } finally {
      setBusy(null);
    }
  }

  async function onFile(ev: ChangeEvent<HTMLInputElement>) {
    const file = ev.target.files?.[0];
    ev.target.value = '';
    if (!file) return;
    setBusy('import');
    setOutcome(null);
    try {
      const base64 = await readBase64(file);
      const r = await call('annex.importWorkbook', { contractId: annex.contractId, year: annex.year, file: { fileName: file.name, base64 } });
      setOutcome({ kind: 'done', text: `Annexe de l’année ${annex.year} importée de « ${file.name} » : ${r.actions} action(s), ${r.indicators} indicateur(s), ${r.livrables} livrable(s).` });
      await qc.invalidateQueries();
    } catch (e) {
      const rows = e instanceof ApiFailure ? Object.values(e.fields) : [];
      setOutcome({ kind: 'refused', text: errorText(e), rows: rows.length > 1 ? rows : [] });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="annex-workbook" aria-label="Annexe en classeur Excel">
      <div className="form-actions">
        <button type="button" className="button small" disabled={busy !== null} onClick={() => void template()}>
          {busy === 'template' ? 'Préparation du modèle…' : 'Télécharger le modèle Excel'}
        </button>
        {empty && (
          <>
            <button type="button" className="button small" disabled={busy !== null} onClick={() => input.current?.click()}>
              {busy === 'import' ? 'Import en cours…' : `Importer l’annexe de l’année ${annex.year} depuis Excel`}
            </button>
            <input
              ref={input}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              hidden
              aria-label={`Classeur Excel de l’annexe de l’année ${annex.year}`}
              data-testid="annex-workbook-file"
              onChange={(e) => void onFile(e)}
            />
            <span className="muted small">Une ligne par indicateur, comme l’annexe envoyée par la CPAM ; tout ou rien : une ligne fautive et rien n’est enregistré.</span>
          </>
        )}
      </div>
      {outcome?.kind === 'done' && (
        <div className="info-box" role="status">
          {outcome.text}
        </div>
      )}
      {outcome?.kind === 'refused' && (
        <div className="error-box" role="alert">
          <div>{outcome.text}</div>
          {outcome.rows.length > 0 && (
            <ul className="annex-workbook-errors" aria-label="Lignes refusées">
              {outcome.rows.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
