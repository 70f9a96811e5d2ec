// Export buttons where the data is: the contract page header, the portfolio page header (and,
// in ReviewExportButtons.tsx, a dialogue de gestion).
import { errorText } from '../../api/client';
import { useState } from 'react';
import { addYears, compareIso, formatDateFr } from '../../../shared/dates';
import type { ContractDetail } from '../../../shared/api';
import { CONTRACT_YEARS } from '../../../shared/reports';
import { REVIEW_KIND_LABELS } from '../../../shared/schemas/indicators';
import { useApi } from '../../api/hooks';
import { runExport, type ExportRequest } from './exportFile';

type Status = { tone: 'busy' | 'ok' | 'error'; text: string } | null;

/** Runs one export at a time and says how it went. */
export function useExport() {
  const [status, setStatus] = useState<Status>(null);
  const busy = status?.tone === 'busy';
  async function run(request: ExportRequest) {
    setStatus({ tone: 'busy', text: 'Préparation du fichier…' });
    try {
      const done = await runExport(request);
      setStatus(done ? { tone: 'ok', text: done } : null);
    } catch (e) {
      setStatus({ tone: 'error', text: errorText(e) });
    }
  }
  return { status, busy, run };
}

/**
 * How the export goes. While the file is prepared (a portfolio of 1 000 contracts takes a few
 * seconds): a live status "Préparation du fichier…" marked busy, with an indeterminate progress
 * bar (the spinner) that assistive technologies announce; the buttons are disabled meanwhile.
 */
export function ExportStatus({ status }: { status: Status }) {
  if (!status) return null;
  const busy = status.tone === 'busy';
  return (
    <div className={`export-status export-${status.tone}`} role={status.tone === 'error' ? 'alert' : 'status'} aria-live="polite" aria-busy={busy}>
      {busy && <span className="spinner" role="progressbar" aria-label="Préparation du fichier" />}
      {status.text}
    </div>
  );
}

/** The last contract year begun on `today` (1 if none yet): the year a payment statement is usually asked for. */
export function currentContractYear(signedOn: string, today: string): number {
  let year = 1;
  for (let y = 2; y <= CONTRACT_YEARS; y++) if (compareIso(addYears(signedOn, y - 1), today) <= 0) year = y;
  return year;
}

export function ContractExports({ contract }: { contract: ContractDetail }) {
  const info = useApi('app.info', {});
  const reviews = useApi('reviews.list', { contractId: contract.id });
  const next = reviews.data?.next ?? null;
  const { status, busy, run } = useExport();
  const [chosen, setChosen] = useState<number | null>(null);
  const year = chosen ?? (info.data ? currentContractYear(contract.signedOn, info.data.today) : 1);
  return (
    <div className="exports">
      <div className="export-buttons">
        <button type="button" className="button" disabled={busy} onClick={() => void run({ report: 'contract', format: 'xlsx', contractId: contract.id })}>
          Excel du contrat
        </button>
        <span className="export-group">
          <label htmlFor="export-year" className="visually-hidden">
            Année de l’état des versements
          </label>
          <select id="export-year" value={year} disabled={busy} onChange={(e) => setChosen(Number(e.target.value))}>
            {Array.from({ length: CONTRACT_YEARS }, (_, i) => i + 1).map((y) => (
              <option key={y} value={y}>
                Année {y}
              </option>
            ))}
          </select>
          <button type="button" className="button" disabled={busy} onClick={() => void run({ report: 'payments', format: 'pdf', contractId: contract.id, year })}>
            État des versements (PDF)
          </button>
        </span>
        {next && (
          <button
            type="button"
            className="button"
            disabled={busy}
            title={`Dossier de préparation du prochain dialogue de gestion : ${REVIEW_KIND_LABELS[next.kind].toLowerCase()} de l’année ${next.year}, ${next.heldOn ? 'le' : 'proposé le'} ${formatDateFr(next.heldOn ?? next.proposedOn)}`}
            onClick={() => void run({ report: 'dossier', format: 'pdf', contractId: contract.id, year: next.year, kind: next.kind })}
          >
            Dossier du dialogue (PDF)
          </button>
        )}
      </div>
      <ExportStatus status={status} />
    </div>
  );
}

export function PortfolioExport() {
  const { status, busy, run } = useExport();
  return (
    <div className="exports">
      <div className="export-buttons">
        <button type="button" className="button" disabled={busy} onClick={() => void run({ report: 'portfolio', format: 'xlsx' })}>
          Excel du portefeuille
        </button>
      </div>
      <ExportStatus status={status} />
    </div>
  );
}
