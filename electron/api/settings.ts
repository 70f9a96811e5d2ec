// The "Base partagée" setting (issue 13): what the app serves, a connection test, and saving the
// URL in the data folder's reglages.json for the next start (the connection is tested first).
// Passwords are never sent back in clear; in the desktop app the file keeps them encrypted
// (electron/settings.ts, secret box).
import type { ApiParsed } from '../../shared/api';
import type { SharedDatabaseInfo, SharedDatabaseSaved, SharedDatabaseTest } from '../../shared/settings';
import { invalid, type ApiContext } from './context';
import { isPostgres } from '../db/postgres/retry';
import { maskUrl } from '../db/postgres/connection';
import { probePostgres, ProbeFailedError } from '../db/postgres/probe';
import { databaseUrlFromEnv, UnsupportedDatabaseUrlError } from '../db/store';
import { maskedSharedDatabaseUrl, savedSharedDatabase, SettingsFileError, writeSharedDatabaseUrl } from '../settings';

function envUrl(): string | null {
  try {
    return databaseUrlFromEnv();
  } catch (e) {
    if (e instanceof UnsupportedDatabaseUrlError) return null;
    throw e;
  }
}

function settingsCall<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof SettingsFileError) throw invalid('url', e.message);
    throw e;
  }
}

/** The saved URL, password masked (an encrypted one is not decrypted to be shown). */
function savedMaskedUrl(ctx: ApiContext): string | null {
  const saved = settingsCall(() => savedSharedDatabase(ctx.dataDir));
  return saved ? maskedSharedDatabaseUrl(saved) : null;
}

export async function sharedDatabaseInfo(ctx: ApiContext): Promise<SharedDatabaseInfo> {
  const env = envUrl();
  const saved = savedMaskedUrl(ctx);
  const postgres = isPostgres(ctx.db);
  return {
    inUse: postgres ? 'postgres' : 'sqlite',
    inUseUrl: postgres ? maskUrl(env ?? saved ?? '') : null,
    saved,
    fromEnv: env !== null,
  };
}

export async function testSharedDatabase(_ctx: ApiContext, input: ApiParsed<'settings.testSharedDatabase'>): Promise<SharedDatabaseTest> {
  try {
    return await probePostgres(input.url);
  } catch (e) {
    if (e instanceof ProbeFailedError) throw invalid('url', e.message);
    throw e;
  }
}

export async function saveSharedDatabase(ctx: ApiContext, input: ApiParsed<'settings.saveSharedDatabase'>): Promise<SharedDatabaseSaved> {
  if (input.url !== null) await testSharedDatabase(ctx, { url: input.url });
  savedMaskedUrl(ctx); // an unreadable settings file is reported, not overwritten
  settingsCall(() => writeSharedDatabaseUrl(ctx.dataDir, input.url));
  return { saved: input.url === null ? null : maskUrl(input.url), restartRequired: true, overriddenByEnv: envUrl() !== null };
}
