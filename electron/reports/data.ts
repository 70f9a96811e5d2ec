// What the reports show, read through the API (never raw SQL): a report builder is a pure
// function of these objects, so a figure in a file is the figure the app shows.
import type { ContractDetail, PortfolioRow } from '../../shared/api';
import type { IsoDate } from '../../shared/dates';
import type { FundingView, PaymentsView } from '../../shared/views';
import type { ApiContext } from '../api/context';
import { invoke } from '../api/dispatch';

export interface ContractReportData {
  /** The date of the data ("Données au …"). */
  today: IsoDate;
  contract: ContractDetail;
  funding: FundingView;
  payments: PaymentsView;
  // Indicators and dialogues de gestion: add their API views here (loaded in loadContractReport)
  // for the "Indicateurs" and "Dialogues de gestion" sheets and the dossier / minutes PDFs.
}

export interface PortfolioReportData {
  today: IsoDate;
  contracts: { row: PortfolioRow; funding: FundingView }[];
}

export async function loadContractReport(ctx: ApiContext, contractId: number): Promise<ContractReportData> {
  const contract = await invoke(ctx, 'contract.get', { id: contractId });
  const funding = await invoke(ctx, 'funding.get', { contractId });
  const payments = await invoke(ctx, 'payments.list', { contractId });
  return { today: funding.today, contract, funding, payments };
}

export async function loadPortfolioReport(ctx: ApiContext): Promise<PortfolioReportData> {
  const info = await invoke(ctx, 'app.info', {});
  const rows = await invoke(ctx, 'portfolio.list', {});
  const contracts: PortfolioReportData['contracts'] = [];
  for (const row of [...rows].sort((a, b) => a.cpts.localeCompare(b.cpts, 'fr') || a.id - b.id)) {
    contracts.push({ row, funding: await invoke(ctx, 'funding.get', { contractId: row.id }) });
  }
  return { today: info.today, contracts };
}
