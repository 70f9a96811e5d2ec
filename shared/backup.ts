// The backup archive ("Sauvegarder" / "Restaurer"): one zip holding a consistent copy of the
// database, every evidence file and manifest.json, which names the format, the versions and the
// SHA-256 of every other entry. Types shared by the API, the CLI and the screen.
import { z } from 'zod';
import type { ExportFile } from './reports';

export const BACKUP_FORMAT = 'aci-sauvegarde';
/** Raised when the archive's layout changes; an archive of a newer format is refused. */
export const BACKUP_FORMAT_VERSION = 1;
export const BACKUP_MIME = 'application/zip';

export const backupManifestSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    formatVersion: z.number().int().positive(),
    appVersion: z.string().max(50),
    /** Name of the last migration applied to the database in the archive. */
    schemaVersion: z.string().max(200),
    createdAt: z.string().max(50),
    entries: z
      .array(
        z
          .object({
            path: z.string().min(1).max(500),
            size: z.number().int().nonnegative(),
            sha256: z.string().regex(/^[0-9a-f]{64}$/),
          })
          .strict(),
      )
      .max(1_000_000),
  })
  .passthrough();

export type BackupManifest = z.infer<typeof backupManifestSchema>;

/** What an archive holds, shown before a restore replaces anything. */
export interface BackupSummary {
  appVersion: string;
  formatVersion: number;
  /** Last migration of the archived database. */
  schemaVersion: string;
  /** 'older': the database is brought up to date when it is opened after the restore. */
  schema: 'current' | 'older';
  createdAt: string;
  contractCount: number;
  contracts: { id: number; name: string }[];
  evidenceFiles: number;
  /** Latest date recorded in the database (a contract, payment, value, review...), or null when empty. */
  lastChange: string | null;
  databaseBytes: number;
  totalBytes: number;
  /** Things worth knowing that do not prevent the restore (an evidence file the database names but the archive lacks). */
  warnings: string[];
}

/** A backup archive built by the API: downloaded in browser mode, saved by main in Electron. */
export interface BackupFile extends ExportFile {
  size: number;
  sha256: string;
  contractCount: number;
  evidenceFiles: number;
}

export interface RestoreResult {
  summary: BackupSummary;
  /**
   * The app has the database open: the checked data is set aside in the data folder and replaces
   * the current data at the next start (the replaced data is kept in avant-restauration-<date>/).
   */
  restartRequired: boolean;
}

/** Largest archive the browser mode takes over HTTP (the desktop app and the CLI take more). */
export const MAX_BROWSER_ARCHIVE_BYTES = 200 * 1024 * 1024;

/** Largest archive the API takes as base64 (the CLI reads files of any size). */
export const MAX_API_ARCHIVE_BYTES = 1024 * 1024 * 1024;

export const backupArchiveInputSchema = z
  .object({
    archiveBase64: z
      .string()
      .min(1, 'Archive vide.')
      .max(Math.ceil((MAX_API_ARCHIVE_BYTES * 4) / 3) + 8, 'Archive trop volumineuse (1 Go au plus) : restaurez-la avec la ligne de commande.'),
  })
  .strict();
