// The local settings of a data folder (issue 13): `reglages.json`, beside the ledger. Today one
// setting, the shared database ("Base partagée"): the PostgreSQL URL the app opens at its next
// start instead of the folder's SQLite file. ACI_DATABASE_URL, when set, wins over it. The file is
// written atomically; an unreadable file is reported, never silently replaced.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './api/evidence';

export const SETTINGS_FILE = 'reglages.json';

const settingsSchema = z
  .object({
    /** postgres://… of the shared database; absent: the data folder's SQLite file. */
    sharedDatabaseUrl: z.string().min(1).max(2000).optional(),
  })
  .passthrough();

export type LocalSettings = z.infer<typeof settingsSchema>;

export class SettingsFileError extends Error {}

export function readSettings(dataDir: string): LocalSettings {
  const path = join(dataDir, SETTINGS_FILE);
  if (!existsSync(path)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new SettingsFileError(`Réglages illisibles (${path}) : ${e instanceof Error ? e.message : String(e)}. Corrigez ou supprimez ce fichier.`);
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) throw new SettingsFileError(`Réglages invalides (${path}) : « sharedDatabaseUrl » doit être une adresse postgres://…. Corrigez ou supprimez ce fichier.`);
  return parsed.data;
}

/** Sets (or, with null, removes) the shared database's URL; the other settings are kept. */
export function writeSharedDatabaseUrl(dataDir: string, url: string | null): void {
  const current = readSettings(dataDir);
  const next: LocalSettings = { ...current };
  if (url === null) delete next.sharedDatabaseUrl;
  else next.sharedDatabaseUrl = url;
  writeFileAtomic(join(dataDir, SETTINGS_FILE), Buffer.from(`${JSON.stringify(next, null, 2)}\n`));
}
