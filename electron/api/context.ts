import type { AppInfo } from '../../shared/api';
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
