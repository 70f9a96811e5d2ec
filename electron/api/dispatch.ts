// The one entry point of every transport: validates the method and its input with the
// contract's schema, runs the handler, and answers { ok, value } | { ok: false, error }.
import {
  apiInputs,
  isApiMethod,
  validationError,
  type ApiMethod,
  type ApiParsed,
  type ApiResponse,
  type ApiResults,
} from '../../shared/api';
import { AppError, type ApiContext } from './context';
import { handlers } from './handlers';

export type Handler<M extends ApiMethod> = (ctx: ApiContext, input: ApiParsed<M>) => Promise<ApiResults[M]>;
export type HandlerMap = { [M in ApiMethod]: Handler<M> };

export async function callApi(ctx: ApiContext, method: string, rawInput: unknown): Promise<ApiResponse<unknown>> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Méthode inconnue : ${method.slice(0, 80)}` } };
  }
  const parsed = apiInputs[method].safeParse(rawInput ?? {});
  if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
  try {
    const handler = handlers[method] as (c: ApiContext, i: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(ctx, parsed.data) };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: { code: e.code, message: e.message, fields: e.fields } };
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
