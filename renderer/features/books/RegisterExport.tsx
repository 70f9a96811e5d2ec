// Export of the register of indemnities of one civil year (Excel and PDF), the proof of time the
// CPAM may ask for (report registre-indemnites).
import { useState } from 'react';
import type { ContractDetail } from '../../../shared/api';
import type { IndemnitiesView } from '../../../shared/booksViews';
import { ExportStatus, useExport } from '../reports/ExportControls';

/** The civil years worth offering: those with entries, the one on screen, and the current one. */
export function registerYears(view: IndemnitiesView, today: string, shown: number | undefined): number[] {
  const years = new Set(view.entries.map((e) => Number(e.workedOn.slice(0, 4))));
  years.add(Number(today.slice(0, 4)));
  if (shown !== undefined) years.add(shown);
  return [...years].sort((a, b) => b - a);
}

export function RegisterExport({ contract, view, today, shown }: { contract: ContractDetail; view: IndemnitiesView; today: string; shown: number | undefined }) {
  const years = registerYears(view, today, shown);
  const latestWithEntries = view.entries.length > 0 ? Math.max(...view.entries.map((e) => Number(e.workedOn.slice(0, 4)))) : years[0];
  const [chosen, setChosen] = useState<number | null>(null);
  const year = chosen ?? shown ?? latestWithEntries;
  const { status, busy, run } = useExport();
  return (
    <div className="exports">
      <div className="export-buttons">
        <label className="field inline">
          <span>Année civile du registre</span>
          <select value={year} onChange={(e) => setChosen(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" disabled={busy} onClick={() => void run({ report: 'registre-indemnites', format: 'xlsx', contractId: contract.id, year })}>
          Registre {year} (Excel)
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void run({ report: 'registre-indemnites', format: 'pdf', contractId: contract.id, year })}>
          Registre {year} (PDF)
        </button>
      </div>
      <ExportStatus status={status} />
    </div>
  );
}
