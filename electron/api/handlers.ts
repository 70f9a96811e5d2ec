// Method name -> handler. Grouped by domain in the neighbouring files; no Electron import here.
import type { HandlerMap } from './dispatch';
import { createContract, getContract, listPortfolio, updateContract } from './contracts';
import { getEnvelopes, getFunding, setAttainment, setEnvelope, whatIf } from './funding';
import { correctPayment, listPayments, recordPayment } from './payments';
import { getSpending, recordSpending, setBudget } from './spending';

export const handlers: HandlerMap = {
  'app.info': async (ctx) => ({ version: ctx.version, mode: ctx.mode, dataDir: ctx.dataDir, today: ctx.today() }),
  'portfolio.list': listPortfolio,
  'contract.get': getContract,
  'contract.create': createContract,
  'contract.update': updateContract,
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
  'budget.set': setBudget,
};
