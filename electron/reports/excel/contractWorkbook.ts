// The contract workbook: what a CPTS board or a CPAM agent files about one contract.
import type { ContractReportData } from '../data';
import { missionsSheet, scheduleSheet, summarySheet, type ContractSheet } from './contractSheets';
import { indicatorsSheet, reviewsSheet } from './dialogueSheets';
import { spendingBudgetSheet, spendingEntriesSheet } from './spendingSheet';
import { newWorkbook, workbookBuffer } from './sheet';

/**
 * The sheets, in order. Each is a pure function of `ContractReportData` (read through the API in
 * ../data.ts), written with the helpers of ./sheet.ts (typed columns: user text is neutralised,
 * cents become euros, dates dates).
 */
export const CONTRACT_SHEETS: readonly ContractSheet[] = [summarySheet, missionsSheet, scheduleSheet, spendingBudgetSheet, spendingEntriesSheet, indicatorsSheet, reviewsSheet];

export async function buildContractWorkbook(data: ContractReportData, extraSheets: readonly ContractSheet[] = []): Promise<Buffer> {
  const wb = newWorkbook({
    title: `Contrat ACI — ${data.contract.name}`,
    subject: `Synthèse, missions, échéancier, budgets et dépenses, indicateurs et dialogues de gestion du contrat ACI n° ${data.contract.id}, données au ${data.today}`,
    keywords: 'ACI CPTS contrat échéancier versements budget dépenses indicateurs dialogue de gestion',
  });
  for (const sheet of [...CONTRACT_SHEETS, ...extraSheets]) sheet(wb, data);
  return workbookBuffer(wb);
}
