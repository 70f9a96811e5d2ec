// Report name + format -> builder. Every builder reads its data through the API (./data.ts) and
// returns the file's bytes; the API method 'reports.export' and the CLI's `export` call exportReport.
import { MIME_TYPES, reportFileName, type ReportFormat, type ReportName, type ReportRequest } from '../../shared/reports';
import { AppError, type ApiContext } from '../api/context';
import { loadContractReport, loadDossierReport, loadMinutesReport, loadPortfolioReport } from './data';
import { buildContractWorkbook } from './excel/contractWorkbook';
import { buildPortfolioWorkbook } from './excel/portfolioWorkbook';
import { buildDossier } from './pdf/dossier';
import { buildMinutes } from './pdf/minutes';
import { buildPaymentsStatement } from './pdf/paymentsStatement';
import { loadFinancialAnnex } from './financialAnnexData';
import { buildFinancialAnnexWorkbook } from './excel/financialAnnex';
import { buildFinancialAnnexPdf } from './pdf/financialAnnex';
import { loadIndemnityRegister } from './indemnityRegisterData';
import { buildIndemnityRegisterWorkbook } from './excel/indemnityRegister';
import { buildIndemnityRegisterPdf } from './pdf/indemnityRegister';

export interface BuiltReport {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

interface Built {
  bytes: Buffer;
  cptsName: string | null;
  dataDate: string;
  /** What names the file when the request does not say it (the year and kind of a review given by its id). */
  fileKey?: Pick<ReportRequest, 'year' | 'kind'>;
}

type Builder = (ctx: ApiContext, req: ReportRequest) => Promise<Built>;

/** The builders; PDFs use pdf/layout.ts (header, footer, page x / y) and pdf/tables.ts (repeated table headers). */
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
  dossier: {
    pdf: async (ctx, req) => {
      const data = await loadDossierReport(ctx, req.contractId!, req.year!, req.kind!);
      return { bytes: await buildDossier(data), cptsName: data.contract.name, dataDate: data.today };
    },
  },
  minutes: {
    pdf: async (ctx, req) => {
      const data = await loadMinutesReport(ctx, req.contractId!, req.reviewId!);
      return { bytes: await buildMinutes(data), cptsName: data.contract.name, dataDate: data.today, fileKey: { year: data.review.year, kind: data.review.kind } };
    },
  },
  'annexe-financiere': {
    xlsx: async (ctx, req) => {
      const data = await loadFinancialAnnex(ctx, req.contractId!, req.year!);
      return { bytes: await buildFinancialAnnexWorkbook(data), cptsName: data.contract.name, dataDate: data.today };
    },
    pdf: async (ctx, req) => {
      const data = await loadFinancialAnnex(ctx, req.contractId!, req.year!);
      return { bytes: await buildFinancialAnnexPdf(data), cptsName: data.contract.name, dataDate: data.today };
    },
  },
  'registre-indemnites': {
    xlsx: async (ctx, req) => {
      const data = await loadIndemnityRegister(ctx, req.contractId!, req.year!);
      return { bytes: await buildIndemnityRegisterWorkbook(data), cptsName: data.contract.name, dataDate: data.today };
    },
    pdf: async (ctx, req) => {
      const data = await loadIndemnityRegister(ctx, req.contractId!, req.year!);
      return { bytes: await buildIndemnityRegisterPdf(data), cptsName: data.contract.name, dataDate: data.today };
    },
  },
};

/** Builds a report from a request already validated by `reportExportSchema`. */
export async function exportReport(ctx: ApiContext, req: ReportRequest): Promise<BuiltReport> {
  const builder = BUILDERS[req.report][req.format];
  if (!builder) throw new AppError('VALIDATION', `Rapport ${req.report} : format ${req.format} non disponible.`, { format: 'Format non disponible.' });
  const built = await builder(ctx, req);
  return { fileName: reportFileName({ ...req, ...built.fileKey }, built.cptsName, built.dataDate), mimeType: MIME_TYPES[req.format], bytes: built.bytes };
}
