// Builds the exchange file of one contract (issue 12): contract.json from the database, the
// evidence files from the data folder (checked against their hash), manifest.json with the
// SHA-256 of every entry, zipped with yazl. The file is re-read and checked before it is handed
// out, so a file this app writes is always one it accepts.
import { createHash } from 'node:crypto';
import yazl from 'yazl';
import {
  CONTRACT_ENTRY,
  contractFileSchema,
  EVIDENCE_PREFIX,
  EXCHANGE_EXTENSION,
  EXCHANGE_FORMAT,
  EXCHANGE_FORMAT_VERSION,
  EXCHANGE_TABLES,
  MANIFEST_ENTRY,
  TABLE_REFS,
  TABLE_SCHEMAS,
  type AnyRow,
  type ContractFile,
  type ExchangeManifest,
  type ExchangeTable,
  type ExchangeTables,
  type Side,
} from '../../shared/exchange/format';
import { contractYearOf } from '../../shared/domain/contractYears';
import { searchKey } from '../../shared/text';
import type { Db } from '../db/connection';
import { contractRows, type DbRow } from '../db/repo/exchange';
import { evidenceStorage } from '../api/evidence';
import { ExchangeError, describeIssues } from './errors';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The JSON keys of a table's rows, in schema order. */
export function keysOf(table: ExchangeTable): string[] {
  return Object.keys(TABLE_SCHEMAS[table].shape);
}

/** The database column behind a JSON key (`<x>_uuid` -> `<x>_id` for references). */
export function columnOf(table: ExchangeTable, key: string): string {
  return key in TABLE_REFS[table] ? key.replace(/_uuid$/, '_id') : key;
}

/** Database rows of a contract -> the file's tables (ids replaced by uuids). */
export function toExchangeTables(rows: Record<ExchangeTable, DbRow[]>): ExchangeTables {
  const uuidOf = new Map<string, string>();
  for (const t of EXCHANGE_TABLES) for (const r of rows[t]) uuidOf.set(`${t}:${r.id}`, r.uuid);
  const out = {} as Record<ExchangeTable, AnyRow[]>;
  for (const t of EXCHANGE_TABLES) {
    out[t] = rows[t].map((r) => {
      const o: AnyRow = { uuid: r.uuid };
      for (const k of keysOf(t)) {
        if (k === 'uuid') continue;
        const refTable = TABLE_REFS[t][k];
        const v = r[columnOf(t, k)];
        if (refTable) {
          if (v === null || v === undefined) o[k] = null;
          else {
            const u = uuidOf.get(`${refTable}:${String(v)}`);
            if (!u) throw new ExchangeError(`Export impossible : ${t} n° ${r.id} désigne une ligne (${refTable} n° ${String(v)}) d’un autre contrat.`);
            o[k] = u;
          }
        } else if ((t === 'cpts' && k === 'communes') || (t === 'book_mapping' && k === 'rules')) o[k] = JSON.parse(String(v)) as unknown;
        else o[k] = v ?? null;
      }
      return o;
    });
  }
  return out as unknown as ExchangeTables;
}

export async function contractTables(db: Db, contractId: number): Promise<ExchangeTables> {
  return toExchangeTables(await contractRows(db, contractId));
}

function slug(s: string): string {
  return searchKey(s).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'cpts';
}

export interface BuiltExchange {
  fileName: string;
  bytes: Buffer;
  manifest: ExchangeManifest;
  content: ContractFile;
}

async function zipToBuffer(zip: yazl.ZipFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolveP, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolveP(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
  zip.end();
  return done;
}

/** The exchange file of a contract, as bytes. */
export async function buildExchange(
  db: Db,
  dataDir: string,
  contractId: number,
  meta: { side: Side; appVersion: string; today: string; now?: Date },
): Promise<BuiltExchange> {
  const rows = await contractRows(db, contractId);
  if (rows.contract.length !== 1) throw new ExchangeError(`Contrat n° ${contractId} introuvable.`);
  const tables = toExchangeTables(rows);
  const content: ContractFile = { contract_uuid: rows.contract[0].uuid, tables };
  const checked = contractFileSchema.safeParse(content);
  if (!checked.success) throw new ExchangeError(`Export impossible : les données du contrat sortent du format d’échange (${describeIssues(checked.error)}).`);

  const now = meta.now ?? new Date();
  const evidence = new Map<string, Buffer>();
  for (const e of rows.evidence) {
    const sha = String(e.sha256);
    if (evidence.has(sha)) continue;
    // From the data folder (SQLite) or the shared database (team mode): electron/api/evidence.ts.
    const content = await evidenceStorage({ db, dataDir }).get(String(e.stored_path), sha).catch(() => null);
    if (!content) throw new ExchangeError(`Export impossible : la pièce « ${String(e.file_name)} » manque dans le dossier de données (${String(e.stored_path)}).`);
    if (sha256(content) !== sha) throw new ExchangeError(`Export impossible : la pièce « ${String(e.file_name)} » conservée a été altérée (empreinte différente).`);
    evidence.set(sha, content);
  }
  const contractJson = Buffer.from(`${JSON.stringify(content, null, 1)}\n`);
  const entries: ExchangeManifest['entries'] = [{ path: CONTRACT_ENTRY, size: contractJson.length, sha256: sha256(contractJson) }];
  for (const [sha, b] of evidence) entries.push({ path: `${EVIDENCE_PREFIX}${sha}`, size: b.length, sha256: sha });
  const cpts = tables.cpts[0];
  const contract = tables.contract[0];
  const manifest: ExchangeManifest = {
    format: EXCHANGE_FORMAT,
    formatVersion: EXCHANGE_FORMAT_VERSION,
    appVersion: meta.appVersion,
    side: meta.side,
    createdAt: now.toISOString(),
    contractUuid: content.contract_uuid,
    cpts: { name: cpts.name, siret: cpts.siret },
    signedOn: contract.signed_on,
    entries,
  };
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), MANIFEST_ENTRY, { mtime: now });
  zip.addBuffer(contractJson, CONTRACT_ENTRY, { mtime: now });
  for (const [sha, b] of evidence) zip.addBuffer(b, `${EVIDENCE_PREFIX}${sha}`, { mtime: now, compress: true });
  const bytes = await zipToBuffer(zip);
  // The contract year of today (the last one once the contract is over).
  const year = contractYearOf(contract.signed_on, meta.today) ?? (meta.today < contract.signed_on ? 1 : 5);
  const fileName = `echange-${slug(cpts.name)}-annee-${year}-${meta.today}-${meta.side}.${EXCHANGE_EXTENSION}`;
  return { fileName, bytes, manifest, content };
}
