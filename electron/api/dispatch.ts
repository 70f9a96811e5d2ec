// The one entry point of every transport: validates the method and its input with the
// contract's schema, runs the handler, and answers { ok, value } | { ok: false, error }.
import {
  apiInputs,
  isApiMethod,
  validationError,
  type ApiMethod,
  type ApiResponse,
  type ApiResults,
} from '../../shared/api';
import { inReadTransaction, inTransaction } from '../db/connection';
import { BOOKS_READ_METHODS } from '../../shared/booksApi';
import { AppError, type ApiContext } from './context';
import { handlers } from './handlers';
import { refreshStaleSummaries } from './portfolio';
import { checkReadAccess, prepareAudit } from './audit';
import { accessRefusal } from '../db/postgres/access';
import { sameContractRefusal } from '../db/sameContract';

/**
 * Methods that write nothing: they run in a read transaction (one snapshot). Every other method
 * is a write and runs in a write transaction, so a method added without thought is safe.
 */
export const READ_METHODS: ReadonlySet<ApiMethod> = new Set<ApiMethod>([
  'portfolio.list',
  'contract.get',
  'funding.get',
  'funding.whatIf',
  'envelopes.get',
  'payments.list',
  'spending.get',
  'reports.export',
  'annex.get',
  'annex.template',
  'evidence.get',
  'reviews.list',
  'reviews.upcoming',
  'reviews.readiness',
  'reviews.get',
  'reviews.closingPreview',
  ...BOOKS_READ_METHODS,
  'exchange.export',
  'exchange.preview',
  'audit.list',
]);

export type { Handler, HandlerMap } from './context';

export async function callApi(ctx: ApiContext, method: string, rawInput: unknown): Promise<ApiResponse<unknown>> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Méthode inconnue : ${method.slice(0, 80)}` } };
  }
  const parsed = apiInputs[method].safeParse(rawInput ?? {});
  if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
  try {
    const handler = handlers[method] as (c: ApiContext, i: unknown) => Promise<unknown>;
    // One unit of work per call: the handler gets a transaction-bound store; what a write reads
    // to decide, and the answer, are read inside its transaction (BEGIN IMMEDIATE), and a
    // refusal (thrown) rolls everything back. A call made from inside another runs in its unit.
    const run = (db: ApiContext['db']) => handler({ ...ctx, db }, parsed.data);
    // On the shared server, a read of a contract not assigned to the agent is refused in French
    // (row-level security would only hide it).
    const read = async (db: ApiContext['db']) => {
      await checkReadAccess(db, method, parsed.data);
      return run(db);
    };
    // After a write, before it commits: the portfolio's stored figures of the contracts it touched
    // (marked stale by the database's triggers) are recomputed in the same transaction, and the
    // journal gets its entry (electron/api/audit.ts): a refused or retried call leaves none.
    const write = async (db: ApiContext['db']) => {
      const audit = await prepareAudit(db, method, parsed.data);
      const value = await run(db);
      await refreshStaleSummaries(db, ctx.version);
      await audit.record(value);
      return value;
    };
    const value = method.startsWith('backup.') || method === 'app.info'
      ? await run(ctx.db) // app.info reads no data; backups copy the whole file (VACUUM INTO), which SQLite forbids inside a transaction
      : READ_METHODS.has(method)
        ? await inReadTransaction(ctx.db, read)
        : await inTransaction(ctx.db, write);
    return { ok: true, value };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: { code: e.code, message: e.message, fields: e.fields } };
    const refusal = accessRefusal(e);
    if (refusal) return { ok: false, error: { code: 'FORBIDDEN', message: refusal } };
    // A row designating another contract's row: refused by the database itself (both engines).
    const crossContract = sameContractRefusal(e);
    if (crossContract) return { ok: false, error: { code: 'VALIDATION', message: crossContract } };
    console.error(`[api] ${method}:`, e);
    return {
      ok: false,
      error: { code: 'INTERNAL', message: "Erreur interne : l'opération n'a pas été enregistrée. Détail dans le journal." },
    };
  }
}

/** Typed call for code running in the main process or the CLI. Throws AppError on failure. */
export async function invoke<M extends ApiMethod>(ctx: ApiContext, method: M, input: unknown): Promise<ApiResults[M]> {
  const res = await callApi(ctx, method, input);
  if (!res.ok) throw new AppError(res.error.code, res.error.message, res.error.fields);
  return res.value as ApiResults[M];
}
