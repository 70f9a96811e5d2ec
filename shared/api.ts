// The API contract: the only door between the UI (or the CLI) and the data.
// Each method has a zod input schema and a result type; Electron IPC, the HTTP transport of the
// browser mode and the CLI all call the same handlers through `callApi` (electron/api/dispatch.ts).
import { z } from 'zod';
import type { IsoDate } from './dates';
import type { MissionCode } from './domain/missions';
import {
  contractInputSchema,
  contractUpdateSchema,
  PORTFOLIO_FILTERS,
  type ContractLifecycle,
  type ContractStatus,
} from './schemas/contract';
import { idSchema } from './schemas/common';
import {
  attainmentInputSchema,
  budgetInputSchema,
  envelopeInputSchema,
  paymentCorrectionSchema,
  paymentInputSchema,
  spendingCorrectionSchema,
  spendingInputSchema,
  whatIfInputSchema,
} from './schemas/money';
import type { FundingView, PaymentsView, SpendingView, EnvelopeView } from './views';
import {
  actionInputSchema,
  addendumSchema,
  annexCreateSchema,
  annexKeySchema,
  evidenceInputSchema,
  indicatorInputSchema,
  livrableInputSchema,
  livrableTickSchema,
  reviewCreateSchema,
  reviewIdSchema,
  reviewUpdateSchema,
  valueInputSchema,
} from './schemas/indicators';
import type { AnnexView, ClosingPreview, EvidenceRow, OpenedEvidence, Readiness, ReviewDetail, ReviewsView, UpcomingReview } from './indicatorViews';
import { reportExportSchema, type ExportFile, type SavedExport } from './reports';
import { backupArchiveInputSchema, type BackupFile, type BackupSummary, type RestoreResult } from './backup';
import { exchangeApplySchema, exchangeExportSchema, exchangePreviewSchema, type ExchangeApplied, type ExchangePreview } from './exchange/types';
import { booksApiInputs, type BooksApiResults } from './booksApi';
import { annexTemplateSchema, annexWorkbookImportSchema, type AnnexWorkbookImported } from './schemas/annexWorkbook';
import { auditListSchema, type AuditView } from './audit';
import { sharedDatabaseSaveSchema, sharedDatabaseTestSchema, type SharedDatabaseInfo, type SharedDatabaseSaved, type SharedDatabaseTest } from './settings';

export const apiInputs = {
  'app.info': z.object({}).strict(),
  'portfolio.list': z
    .object({
      search: z.string().max(200).optional(),
      status: z.enum(PORTFOLIO_FILTERS, { error: 'Statut : portefeuille, actifs, echus, archives ou tous.' }).optional(),
      /** Rows to skip (paging); past the last page, the last page is answered. */
      offset: z.number({ error: 'Décalage : nombre entier ≥ 0.' }).int('Décalage : nombre entier ≥ 0.').min(0, 'Décalage : nombre entier ≥ 0.').optional(),
      /** Rows of the page; every row when absent. */
      limit: z.number({ error: 'Taille de page : 1 à 1 000.' }).int('Taille de page : 1 à 1 000.').min(1, 'Taille de page : 1 à 1 000.').max(1000, 'Taille de page : 1 à 1 000.').optional(),
    })
    .strict(),
  'contract.get': z.object({ id: idSchema }).strict(),
  'contract.create': contractInputSchema,
  'contract.update': contractUpdateSchema,
  'contract.archive': z.object({ id: idSchema }).strict(),
  'contract.restore': z.object({ id: idSchema }).strict(),
  'demo.remove': z.object({}).strict(),
  'funding.get': z.object({ contractId: idSchema }).strict(),
  'funding.whatIf': whatIfInputSchema,
  'envelopes.get': z.object({ contractId: idSchema }).strict(),
  'envelopes.set': envelopeInputSchema,
  'attainment.set': attainmentInputSchema,
  'payments.list': z.object({ contractId: idSchema }).strict(),
  'payments.record': paymentInputSchema,
  'payments.correct': paymentCorrectionSchema,
  'spending.get': z.object({ contractId: idSchema }).strict(),
  'spending.record': spendingInputSchema,
  'spending.correct': spendingCorrectionSchema,
  'budget.set': budgetInputSchema,
  'reports.export': reportExportSchema,
  'annex.get': annexKeySchema,
  'annex.create': annexCreateSchema,
  'annex.addAction': actionInputSchema,
  'annex.addLivrable': livrableInputSchema,
  'annex.tickLivrable': livrableTickSchema,
  'annex.addIndicator': indicatorInputSchema,
  'annex.template': annexTemplateSchema,
  'annex.importWorkbook': annexWorkbookImportSchema,
  'indicator.recordValue': valueInputSchema,
  'evidence.add': evidenceInputSchema,
  'evidence.get': z.object({ id: idSchema }).strict(),
  'reviews.list': z.object({ contractId: idSchema }).strict(),
  'reviews.upcoming': z.object({}).strict(),
  'reviews.readiness': annexKeySchema,
  'reviews.get': reviewIdSchema,
  'reviews.create': reviewCreateSchema,
  'reviews.update': reviewUpdateSchema,
  'reviews.closingPreview': reviewIdSchema,
  'reviews.close': reviewIdSchema,
  'reviews.addendum': addendumSchema,
  'backup.create': z.object({}).strict(),
  'settings.sharedDatabase': z.object({}).strict(),
  'settings.testSharedDatabase': sharedDatabaseTestSchema,
  'settings.saveSharedDatabase': sharedDatabaseSaveSchema,
  'backup.inspect': backupArchiveInputSchema,
  'backup.restore': backupArchiveInputSchema,
  ...booksApiInputs,
  'exchange.export': exchangeExportSchema,
  'exchange.preview': exchangePreviewSchema,
  'exchange.apply': exchangeApplySchema,
  'audit.list': auditListSchema,
} as const;

export type ApiMethod = keyof typeof apiInputs;
export const API_METHODS = Object.keys(apiInputs) as ApiMethod[];
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputs)[M]>;
export type ApiParsed<M extends ApiMethod> = z.output<(typeof apiInputs)[M]>;

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser' | 'cli';
  dataDir: string;
  today: IsoDate;
}

export type SizeBandNumber = 1 | 2 | 3 | 4;

export interface Deadline {
  mission: MissionCode;
  missionLabel: string;
  kind: 'start' | 'deploy';
  dueOn: IsoDate;
  late: boolean;
}

export interface PortfolioRow {
  id: number;
  cpts: string;
  departement: string;
  population: number;
  populationAsOf: IsoDate;
  sizeBand: SizeBandNumber;
  signedOn: IsoDate;
  endsOn: IsoDate;
  textVersion: string;
  textVersionLabel: string;
  status: ContractStatus;
  /** Derived: actif, échu (past its end date) or archivé. */
  lifecycle: ContractLifecycle;
  archivedAt: string | null;
  /** A demonstration contract (removable with demo.remove). */
  demo: boolean;
  nextDeadline: Deadline | null;
  lateCount: number;
  dueNext60Cents: number;
  overdueCents: number;
}

/** One page of the portfolio, with the count and the totals of every contract the search and filter match. */
export interface PortfolioList {
  rows: PortfolioRow[];
  /** Contracts matching the search and filter, all pages. */
  total: number;
  /** Index of the first row of `rows` among them. */
  offset: number;
  /** Over every matching contract; archived ones are counted but left out of the money. */
  totals: {
    archived: number;
    demo: number;
    dueNext60Cents: number;
    overdueCents: number;
  };
}

export interface MissionRow {
  code: MissionCode;
  label: string;
  socle: boolean;
  startedOn: IsoDate | null;
  deployedOn: IsoDate | null;
  startBy: IsoDate | null;
  deployBy: IsoDate | null;
  startLate: boolean;
  deployLate: boolean;
  deadlineNote: string;
}

export interface PopulationFigure {
  population: number;
  asOf: IsoDate;
  sizeBand: SizeBandNumber;
  recordedAt: string;
}

export interface ContractDetail {
  id: number;
  cptsId: number;
  name: string;
  legalName: string;
  siret: string;
  departement: string;
  communes: string[];
  population: number;
  populationAsOf: IsoDate;
  populations: PopulationFigure[];
  sizeBand: SizeBandNumber;
  cpam: string;
  ars: string;
  signedOn: IsoDate;
  startsOn: IsoDate;
  endsOn: IsoDate;
  textVersion: string;
  textVersionLabel: string;
  status: ContractStatus;
  /** Derived: actif, échu (past its end date, which is derived from the signature) or archivé. */
  lifecycle: ContractLifecycle;
  archivedAt: string | null;
  /** A demonstration contract (removable with demo.remove). */
  demo: boolean;
  missions: MissionRow[];
}

export interface ApiResults extends BooksApiResults {
  'app.info': AppInfo;
  'portfolio.list': PortfolioList;
  'contract.get': ContractDetail;
  'contract.create': ContractDetail;
  'contract.update': ContractDetail;
  'contract.archive': ContractDetail;
  'contract.restore': ContractDetail;
  'demo.remove': { removedContracts: number };
  'funding.get': FundingView;
  'funding.whatIf': FundingView;
  'envelopes.get': EnvelopeView;
  'envelopes.set': EnvelopeView;
  'attainment.set': FundingView;
  'payments.list': PaymentsView;
  'payments.record': PaymentsView;
  'payments.correct': PaymentsView;
  'spending.get': SpendingView;
  'spending.record': SpendingView;
  'spending.correct': SpendingView;
  'budget.set': SpendingView;
  'reports.export': ExportFile;
  'annex.get': AnnexView;
  'annex.create': AnnexView;
  'annex.addAction': AnnexView;
  'annex.addLivrable': AnnexView;
  'annex.tickLivrable': AnnexView;
  'annex.addIndicator': AnnexView;
  'annex.template': ExportFile;
  'annex.importWorkbook': AnnexWorkbookImported;
  'indicator.recordValue': AnnexView;
  'evidence.add': EvidenceRow;
  'evidence.get': { fileName: string; mimeType: string; base64: string; sha256: string };
  'reviews.list': ReviewsView;
  'reviews.upcoming': UpcomingReview[];
  'reviews.readiness': Readiness;
  'reviews.get': ReviewDetail;
  'reviews.create': ReviewDetail;
  'reviews.update': ReviewDetail;
  'reviews.closingPreview': ClosingPreview;
  'reviews.close': ReviewDetail;
  'reviews.addendum': ReviewDetail;
  'backup.create': BackupFile;
  'settings.sharedDatabase': SharedDatabaseInfo;
  'settings.testSharedDatabase': SharedDatabaseTest;
  'settings.saveSharedDatabase': SharedDatabaseSaved;
  'backup.inspect': BackupSummary;
  'backup.restore': RestoreResult;
  'exchange.export': ExportFile;
  'exchange.preview': ExchangePreview;
  'exchange.apply': ExchangeApplied;
  'audit.list': AuditView;
}

export type ApiErrorCode = 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'INTERNAL' | 'UNKNOWN_METHOD';

export interface ApiError {
  code: ApiErrorCode;
  message: string;
  /** Field path ("population", "missions.1.startedOn") -> French message. */
  fields?: Record<string, string>;
}

export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What `window.api` offers the renderer, in Electron (preload) and in browser mode (HTTP). */
export interface AciApi {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResponse<ApiResults[M]>>;
  /**
   * Electron only: main builds the export, asks where to save it (native dialog) and writes it.
   * Absent in browser mode, where the renderer downloads the file returned by 'reports.export'.
   */
  saveExport?(input: ApiInput<'reports.export'>): Promise<ApiResponse<SavedExport>>;
  /**
   * Electron only: opens a stored evidence file with the system's application (main checks it is
   * a copy inside the data folder, unaltered). Absent in browser mode, which downloads it.
   */
  openEvidence?(id: number): Promise<ApiResponse<OpenedEvidence>>;
  /**
   * Electron only: main builds the backup archive ('backup.create'), asks where to save it
   * (native dialog) and writes it there. Absent in browser mode, which downloads the archive.
   */
  saveBackup?(): Promise<ApiResponse<SavedExport>>;
}

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(apiInputs, name);
}

/** Turns zod issues into one French message per field path. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

export function validationError(error: z.ZodError): ApiError {
  const fields = fieldErrors(error);
  const first = Object.values(fields)[0] ?? 'Saisie invalide.';
  return { code: 'VALIDATION', message: first, fields };
}
