// The CPTS ↔ CPAM exchange file (issue 12) over the API: export (base64, like reports.export),
// preview (the difference, nothing written) and apply (the same file and the user's answers; one
// transaction, after a copy of the database). Refusals are French VALIDATION errors; unanswered
// conflicts are a CONFLICT error.
import type { ApiParsed } from '../../shared/api';
import { EXCHANGE_MIME } from '../../shared/exchange/format';
import type { ExchangeApplied, ExchangePreview } from '../../shared/exchange/types';
import type { ExportFile } from '../../shared/reports';
import { buildExchange } from '../exchange/build';
import { ExchangeError } from '../exchange/errors';
import { applyExchange, ExchangeConflictError, previewExchange } from '../exchange/service';
import { AppError, type ApiContext } from './context';

function bytesOf(base64: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new AppError('VALIDATION', 'Fichier illisible (base64 attendu).', { fileBase64: 'Fichier illisible.' });
  return Buffer.from(base64, 'base64');
}

async function refusals<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ExchangeConflictError) throw new AppError('CONFLICT', e.message);
    if (e instanceof ExchangeError) throw new AppError('VALIDATION', e.message, { fileBase64: e.message });
    throw e;
  }
}

export async function exportExchange(ctx: ApiContext, input: ApiParsed<'exchange.export'>): Promise<ExportFile> {
  const built = await refusals(buildExchange(ctx.db, ctx.dataDir, input.contractId, { side: input.side, appVersion: ctx.version, today: ctx.today() }));
  return { fileName: built.fileName, mimeType: EXCHANGE_MIME, base64: built.bytes.toString('base64') };
}

export function previewExchangeFile(ctx: ApiContext, input: ApiParsed<'exchange.preview'>): Promise<ExchangePreview> {
  return refusals(previewExchange(ctx.db, bytesOf(input.fileBase64), { contractId: input.contractId }));
}

export function applyExchangeFile(ctx: ApiContext, input: ApiParsed<'exchange.apply'>): Promise<ExchangeApplied> {
  return refusals(
    applyExchange(ctx.db, ctx.dataDir, bytesOf(input.fileBase64), { contractId: input.contractId, resolve: input.resolve, choices: input.choices, expectedDigest: input.digest }),
  );
}
