import type { ApiMethod, ApiParsed, ApiResults, AppInfo } from '../../shared/api';
import type { ApiErrorCode } from '../../shared/api';
import type { IsoDate } from '../../shared/dates';
import type { Db } from '../db/connection';

export interface ApiContext {
  db: Db;
  dataDir: string;
  mode: AppInfo['mode'];
  version: string;
  /** The calendar date the app reasons with ("today"); ACI_TODAY overrides it for tests and demos. */
  today(): IsoDate;
}

/** An error whose French message is meant for the user. */
export class AppError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} introuvable.`);
}

export function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION', message, { [field]: message });
}

/** A method's handler: its parsed input in, its result out (electron/api/dispatch.ts runs it in the call's unit of work). */
export type Handler<M extends ApiMethod> = (ctx: ApiContext, input: ApiParsed<M>) => Promise<ApiResults[M]>;
/** Method name -> handler (electron/api/handlers.ts). Here, not in dispatch.ts, so that the handlers do not import the dispatcher that imports them. */
export type HandlerMap = { [M in ApiMethod]: Handler<M> };
