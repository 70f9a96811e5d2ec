// Method name -> handler. Grouped by domain in the neighbouring files; no Electron import here.
import type { HandlerMap } from './context';
import { booksHandlers } from './booksHandlers';
import { createBackup, inspectBackupArchive, restoreBackupArchive } from './backup';
import { saveSharedDatabase, sharedDatabaseInfo, testSharedDatabase } from './settings';
import { applyExchangeFile, exportExchange, previewExchangeFile } from './exchange';
import { archiveContract, createContract, getContract, removeDemo, restoreContract, updateContract } from './contracts';
import { listPortfolio } from './portfolio';
import { getEnvelopes, getFunding, setAttainment, setEnvelope, whatIf } from './funding';
import { correctPayment, listPayments, recordPayment } from './payments';
import { correctSpending, getSpending, recordSpending, setBudget } from './spending';
import { exportReportFile } from './reports';
import { addAction, addIndicator, addLivrable, createAnnex, getAnnex, recordValue, tickLivrable } from './annex';
import { addEvidence, getEvidence } from './evidence';
import { annexTemplate, importAnnexWorkbook } from './annexWorkbook';
import { addAddendum, closeReview, createReview, getReview, listReviews, previewClosing, readiness, updateReview, upcomingReviews } from './reviews';
import { loadContract } from '../db/repo/contracts';
import { listAuditEntries } from './audit';

export const handlers: HandlerMap = {
  'app.info': async (ctx) => ({ version: ctx.version, mode: ctx.mode, dataDir: ctx.dataDir, today: ctx.today() }),
  'portfolio.list': listPortfolio,
  'contract.get': getContract,
  'contract.create': createContract,
  'contract.update': updateContract,
  'contract.archive': archiveContract,
  'contract.restore': restoreContract,
  'demo.remove': removeDemo,
  'funding.get': getFunding,
  'funding.whatIf': whatIf,
  'envelopes.get': getEnvelopes,
  'envelopes.set': setEnvelope,
  'attainment.set': setAttainment,
  'payments.list': listPayments,
  'payments.record': recordPayment,
  'payments.correct': correctPayment,
  'spending.get': getSpending,
  'spending.record': recordSpending,
  'spending.correct': correctSpending,
  'budget.set': setBudget,
  'reports.export': exportReportFile,
  'annex.get': getAnnex,
  'annex.create': async (ctx, i) => {
    await createAnnex(ctx, i);
    return getAnnex(ctx, i);
  },
  'annex.addAction': async (ctx, i) => {
    await addAction(ctx, i);
    return getAnnex(ctx, i);
  },
  'annex.addLivrable': async (ctx, i) => getAnnex(ctx, await addLivrable(ctx, i)),
  'annex.tickLivrable': async (ctx, i) => getAnnex(ctx, await tickLivrable(ctx, i)),
  'annex.addIndicator': async (ctx, i) => getAnnex(ctx, await addIndicator(ctx, i)),
  'annex.template': annexTemplate,
  'annex.importWorkbook': importAnnexWorkbook,
  'indicator.recordValue': async (ctx, i) => getAnnex(ctx, await recordValue(ctx, i)),
  'evidence.add': addEvidence,
  'evidence.get': getEvidence,
  'reviews.list': listReviews,
  'reviews.upcoming': upcomingReviews,
  'reviews.readiness': async (ctx, i) => readiness(ctx, await loadContract(ctx.db, i.contractId), i.year),
  'reviews.get': getReview,
  'reviews.create': createReview,
  'reviews.update': updateReview,
  'reviews.closingPreview': previewClosing,
  'reviews.close': closeReview,
  'reviews.addendum': addAddendum,
  'backup.create': createBackup,
  'settings.sharedDatabase': sharedDatabaseInfo,
  'settings.testSharedDatabase': testSharedDatabase,
  'settings.saveSharedDatabase': saveSharedDatabase,
  'backup.inspect': inspectBackupArchive,
  'backup.restore': restoreBackupArchive,
  ...booksHandlers,
  'exchange.export': exportExchange,
  'exchange.preview': previewExchangeFile,
  'exchange.apply': applyExchangeFile,
  'audit.list': listAuditEntries,
};
