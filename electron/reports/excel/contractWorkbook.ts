// The contract workbook: what a CPTS board or a CPAM agent files about one contract.
import type { ContractReportData } from '../data';
import { missionsSheet, scheduleSheet, summarySheet, type ContractSheet } from './contractSheets';
import { newWorkbook, workbookBuffer } from './sheet';

/**
 * The sheets, in order. Each is a pure function of `ContractReportData` (read through the API in
 * ../data.ts). To add the "Indicateurs" and "Dialogues de gestion" sheets:
 *  1. in ../data.ts, load their views with `invoke(ctx, '<their method>', …)` into new fields of
 *     ContractReportData;
 *  2. write `indicatorsSheet` / `reviewsSheet` (type ContractSheet) with the helpers of ./sheet.ts
 *     (addFramedSheet, writeTable with typed columns: user text is neutralised, cents become euros);
 *  3. append them here (or pass them as `extraSheets` while they are being built).
 */
export const CONTRACT_SHEETS: readonly ContractSheet[] = [summarySheet, missionsSheet, scheduleSheet];

export async function buildContractWorkbook(data: ContractReportData, extraSheets: readonly ContractSheet[] = []): Promise<Buffer> {
  const wb = newWorkbook({
    title: `Contrat ACI — ${data.contract.name}`,
    subject: `Synthèse, missions et échéancier du contrat ACI n° ${data.contract.id}, données au ${data.today}`,
    keywords: 'ACI CPTS contrat échéancier versements',
  });
  for (const sheet of [...CONTRACT_SHEETS, ...extraSheets]) sheet(wb, data);
  return workbookBuffer(wb);
}
