// Report name + format -> builder. Every builder reads its data through the API (./data.ts) and
// returns the file's bytes; the API method 'reports.export' and the CLI's `export` call exportReport.
import { MIME_TYPES, reportFileName, type ReportFormat, type ReportName, type ReportRequest } from '../../shared/reports';
import { AppError, type ApiContext } from '../api/context';
import { loadContractReport, loadPortfolioReport } from './data';
import { buildContractWorkbook } from './excel/contractWorkbook';
import { buildPortfolioWorkbook } from './excel/portfolioWorkbook';
import { buildPaymentsStatement } from './pdf/paymentsStatement';

export interface BuiltReport {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

type Builder = (ctx: ApiContext, req: ReportRequest) => Promise<{ bytes: Buffer; cptsName: string | null; dataDate: string }>;

/**
 * The builders. The dossier de préparation and the compte rendu of a dialogue de gestion come
 * here as `dossier: { pdf: … }` and `minutes: { pdf: … }` (after adding them to shared/reports.ts),
 * with pdf/layout.ts (header, footer, page x / y) and pdf/tables.ts (repeated table headers).
 */
const BUILDERS: { [R in ReportName]: Partial<Record<ReportFormat, Builder>> } = {
  contract: {
    xlsx: async (ctx, req) => {
      const data = await loadContractReport(ctx, req.contractId!);
      return { bytes: await buildContractWorkbook(data), cptsName: data.contract.name, dataDate: data.today };
    },
  },
  portfolio: {
    xlsx: async (ctx) => {
      const data = await loadPortfolioReport(ctx);
      return { bytes: await buildPortfolioWorkbook(data), cptsName: null, dataDate: data.today };
    },
  },
  payments: {
    pdf: async (ctx, req) => {
      const data = await loadContractReport(ctx, req.contractId!);
      return { bytes: await buildPaymentsStatement(data, req.year!), cptsName: data.contract.name, dataDate: data.today };
    },
  },
};

/** Builds a report from a request already validated by `reportExportSchema`. */
export async function exportReport(ctx: ApiContext, req: ReportRequest): Promise<BuiltReport> {
  const builder = BUILDERS[req.report][req.format];
  if (!builder) throw new AppError('VALIDATION', `Rapport ${req.report} : format ${req.format} non disponible.`, { format: 'Format non disponible.' });
  const built = await builder(ctx, req);
  return { fileName: reportFileName(req, built.cptsName, built.dataDate), mimeType: MIME_TYPES[req.format], bytes: built.bytes };
}
