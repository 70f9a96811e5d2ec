// "Base partagée" (issue 13): the setting that points the app at a shared PostgreSQL database,
// kept in the data folder (reglages.json) and read at the next start; ACI_DATABASE_URL wins.
// A URL is never sent back with its password: the server masks it (***).
import { z } from 'zod';

const URL_MESSAGE = 'Adresse : postgres://utilisateur@serveur:port/base attendue.';

export const sharedDatabaseUrlSchema = z
  .string({ error: URL_MESSAGE })
  .trim()
  .min(1, { error: URL_MESSAGE })
  .max(2000, { error: 'Adresse trop longue (2 000 caractères au plus).' })
  .regex(/^postgres(ql)?:\/\/[^\s]+$/i, { error: URL_MESSAGE });

export const sharedDatabaseTestSchema = z.object({ url: sharedDatabaseUrlSchema }).strict();
/** `url: null` goes back to the data folder's own file (SQLite). */
export const sharedDatabaseSaveSchema = z.object({ url: sharedDatabaseUrlSchema.nullable() }).strict();

export interface SharedDatabaseInfo {
  /** What the running app serves. */
  inUse: 'sqlite' | 'postgres';
  /** The server in use (password masked), null on SQLite. */
  inUseUrl: string | null;
  /** The URL saved in the data folder's settings (password masked), null when none. */
  saved: string | null;
  /** ACI_DATABASE_URL is set: it wins over the saved setting. */
  fromEnv: boolean;
}

export interface SharedDatabaseTest {
  /** The server reached (password masked). */
  server: string;
  /** PostgreSQL's version string. */
  serverVersion: string;
  /** Contracts on it, or null when the app has not set it up yet (done at the first start). */
  contracts: number | null;
}

export interface SharedDatabaseSaved {
  saved: string | null;
  restartRequired: true;
  /** ACI_DATABASE_URL is set and will still win at the next start. */
  overriddenByEnv: boolean;
}
