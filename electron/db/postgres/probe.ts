// "Tester la connexion" of the Base partagée setting (issue 13): connects once, reads the
// server's version and, when the app has already set the database up, its number of contracts.
// Changes nothing on the server (no migration: that happens when the app starts on it).
import pg from 'pg';
import { maskUrl } from './connection';

export interface ProbeResult {
  server: string;
  serverVersion: string;
  contracts: number | null;
}

export class ProbeFailedError extends Error {}

export async function probePostgres(url: string, timeoutMs = 5000): Promise<ProbeResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, application_name: 'aci-cpts-test', statement_timeout: timeoutMs });
  try {
    await client.connect();
    const version = (await client.query<{ v: string }>('SHOW server_version')).rows[0]?.v ?? '?';
    const table = (await client.query<{ t: string | null }>("SELECT to_regclass('contract')::text AS t")).rows[0]?.t ?? null;
    const contracts = table ? Number((await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM contract')).rows[0]?.n ?? 0) : null;
    return { server: maskUrl(url), serverVersion: version, contracts };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ProbeFailedError(`Connexion impossible à ${maskUrl(url)} : ${reason}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
