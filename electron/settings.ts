// The local settings of a data folder (issue 13): `reglages.json`, beside the ledger. Today one
// setting, the shared database ("Base partagée"): the PostgreSQL URL the app opens at its next
// start instead of the folder's SQLite file. ACI_DATABASE_URL, when set, wins over it. The file is
// written atomically; an unreadable file is reported, never silently replaced.
//
// A password typed in that URL is kept out of the file when a secret box is installed (the desktop
// app installs one built on Electron's safeStorage: the OS keychain, DPAPI on Windows): the file
// then holds the URL without its password and the password encrypted, in a separate field. This
// module never imports electron (browser mode and the CLI load it): the box is injected.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './api/evidence';

export const SETTINGS_FILE = 'reglages.json';

const settingsSchema = z
  .object({
    /** postgres://… of the shared database; absent: the data folder's SQLite file. */
    sharedDatabaseUrl: z.string().min(1).max(2000).optional(),
    /** The URL's password, encrypted by the desktop app's secret box (base64); the URL then has none. */
    sharedDatabasePasswordEncrypted: z.string().min(1).max(20_000).optional(),
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
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0] === 'sharedDatabasePasswordEncrypted' ? '« sharedDatabasePasswordEncrypted » doit être un mot de passe chiffré' : '« sharedDatabaseUrl » doit être une adresse postgres://…';
    throw new SettingsFileError(`Réglages invalides (${path}) : ${field}. Corrigez ou supprimez ce fichier.`);
  }
  return parsed.data;
}

/** Encrypts a password for reglages.json and reads it back (the desktop app's is Electron's safeStorage). */
export interface SecretBox {
  /** The text encrypted, as base64. */
  encrypt(text: string): string;
  /** The text back from encrypt()'s base64; throws when it cannot (another user, keychain changed). */
  decrypt(base64: string): string;
}

let installedBox: SecretBox | null = null;

/** Installs (or, with null, removes) the secret box every later read and write of the setting uses. */
export function installSecretBox(box: SecretBox | null): void {
  installedBox = box;
}

export function installedSecretBox(): SecretBox | null {
  return installedBox;
}

/** The setting as the file holds it, without decrypting anything: what may be shown, masked. */
export interface SavedSharedDatabase {
  /** The URL as stored: without its password when that one is encrypted. */
  storedUrl: string;
  passwordEncrypted: boolean;
}

export function savedSharedDatabase(dataDir: string): SavedSharedDatabase | null {
  const settings = readSettings(dataDir);
  if (!settings.sharedDatabaseUrl) return null;
  return { storedUrl: settings.sharedDatabaseUrl, passwordEncrypted: settings.sharedDatabasePasswordEncrypted !== undefined };
}

/** The saved setting with "***" for its password (encrypted or not): safe to show. */
export function maskedSharedDatabaseUrl(saved: SavedSharedDatabase): string {
  try {
    const u = new URL(saved.storedUrl);
    if (u.password || saved.passwordEncrypted) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * The shared database's URL to connect with (its password decrypted), or null when none is saved.
 * An encrypted password that cannot be read here (no secret box: browser mode or the CLI on a
 * folder the desktop app saved; or a box that fails) is a SettingsFileError in French, never a
 * connection without the password.
 */
export function sharedDatabaseUrl(dataDir: string, box: SecretBox | null = installedBox): string | null {
  const settings = readSettings(dataDir);
  const url = settings.sharedDatabaseUrl;
  if (!url) return null;
  const encrypted = settings.sharedDatabasePasswordEncrypted;
  if (encrypted === undefined) return url;
  const path = join(dataDir, SETTINGS_FILE);
  const remedy = `Démarrez avec ACI_DATABASE_URL=postgres://utilisateur:motdepasse@hôte/base, ou supprimez ce fichier puis enregistrez à nouveau l’adresse dans « Base partagée » ici.`;
  if (!box) {
    throw new SettingsFileError(`Le mot de passe de la base partagée est chiffré dans ${path} par l’application de bureau (trousseau du système) et ne peut pas être lu ici. ${remedy}`);
  }
  let password: string;
  try {
    password = box.decrypt(encrypted);
  } catch (e) {
    throw new SettingsFileError(`Le mot de passe chiffré de la base partagée (${path}) n’a pas pu être déchiffré par le trousseau du système (${e instanceof Error ? e.message : String(e)}). ${remedy}`);
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SettingsFileError(`Réglages invalides (${path}) : « sharedDatabaseUrl » doit être une adresse postgres://…. Corrigez ou supprimez ce fichier.`);
  }
  u.password = password;
  return u.toString();
}

/**
 * Sets (or, with null, removes) the shared database's URL; the other settings are kept. With a
 * secret box, a password in the URL is stored encrypted in its own field, never in clear; without
 * one, the URL is stored as given.
 */
export function writeSharedDatabaseUrl(dataDir: string, url: string | null, box: SecretBox | null = installedBox): void {
  const current = readSettings(dataDir);
  const next: LocalSettings = { ...current };
  delete next.sharedDatabaseUrl;
  delete next.sharedDatabasePasswordEncrypted;
  if (url !== null) {
    next.sharedDatabaseUrl = url;
    if (box) {
      let u: URL;
      try {
        u = new URL(url);
      } catch {
        // Its password could not be told apart: refused rather than risk keeping it in clear.
        throw new SettingsFileError(`Adresse illisible : postgres://utilisateur:motdepasse@serveur:port/base attendue. Rien n’a été enregistré.`);
      }
      if (u.password) {
        // The password as the URL spells it (percent-encoded): setting it back gives the same URL.
        next.sharedDatabasePasswordEncrypted = box.encrypt(u.password);
        u.password = '';
        next.sharedDatabaseUrl = u.toString();
      }
    }
  }
  writeFileAtomic(join(dataDir, SETTINGS_FILE), Buffer.from(`${JSON.stringify(next, null, 2)}\n`));
}
