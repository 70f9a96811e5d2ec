// Which database a process works on (issue 13): a SQLite file (the default), or a shared
// PostgreSQL server given by a URL — `ACI_DATABASE_URL=postgres://…` or `--db postgres://…`.
// Any other URL scheme is refused, in French, instead of becoming a file name.

export type DatabaseTarget = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

export const DATABASE_URL_ENV = 'ACI_DATABASE_URL';

/** A URL scheme (two letters or more, so a Windows drive `C:` stays a path). */
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):/;
const POSTGRES_SCHEMES = new Set(['postgres', 'postgresql']);

export class UnsupportedDatabaseUrlError extends Error {
  constructor(readonly scheme: string) {
    super(
      `Adresse de base de données non prise en charge (« ${scheme}: ») : indiquez un fichier SQLite ` +
        `ou un serveur PostgreSQL (postgres://utilisateur@hôte:port/base).`,
    );
    this.name = 'UnsupportedDatabaseUrlError';
  }
}

/** Whether `value` is written as a URL (scheme:…) rather than a file path. */
export function isDatabaseUrl(value: string): boolean {
  return SCHEME.test(value.trim());
}

/** A file path or a URL → its engine. Throws UnsupportedDatabaseUrlError for a scheme other than postgres(ql). */
export function parseDatabaseTarget(value: string): DatabaseTarget {
  const v = value.trim();
  const m = SCHEME.exec(v);
  if (!m) return { engine: 'sqlite', path: value };
  const scheme = m[1].toLowerCase();
  if (!POSTGRES_SCHEMES.has(scheme) || !v.slice(m[0].length).startsWith('//')) throw new UnsupportedDatabaseUrlError(scheme);
  return { engine: 'postgres', url: v };
}

/** The shared server named by ACI_DATABASE_URL, or null (the data folder's SQLite file). */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const raw = env[DATABASE_URL_ENV];
  if (!raw || raw.trim() === '') return null;
  const target = parseDatabaseTarget(raw);
  if (target.engine !== 'postgres') throw new UnsupportedDatabaseUrlError(raw.trim().slice(0, 20));
  return target.url;
}
