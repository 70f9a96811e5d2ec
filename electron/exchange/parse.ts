// Reads an exchange file and checks it entirely before anything is compared or written (issue 12):
// a zip of known entries only, manifest.json of a known format and version, every entry matching
// its SHA-256 and size, contract.json valid against the strict schema, every reference inside the
// file resolved, every evidence row with its file. Anything else is refused whole with a French
// message (ExchangeError). Pure reading: no database, no disk.
import { createHash } from 'node:crypto';
import yauzl from 'yauzl';
import {
  CONTRACT_ENTRY,
  EVIDENCE_PREFIX,
  EXCHANGE_FORMAT,
  EXCHANGE_FORMAT_VERSION,
  EXCHANGE_TABLES,
  MANIFEST_ENTRY,
  manifestSchema,
  parseContractFile,
  READABLE_FORMAT_VERSIONS,
  MAX_CONTRACT_JSON_BYTES,
  MAX_ENTRIES,
  MAX_EVIDENCE_FILE_BYTES,
  TABLE_REFS,
  type AnyRow,
  type ContractFile,
  type ExchangeManifest,
  type ExchangeTable,
} from '../../shared/exchange/format';
import { describeIssues, ExchangeError } from './errors';

export interface ParsedExchange {
  manifest: ExchangeManifest;
  content: ContractFile;
  /** Evidence files by SHA-256. */
  evidence: Map<string, Buffer>;
  /** SHA-256 of the whole file. */
  fileSha256: string;
}

const EVIDENCE_ENTRY = /^pieces\/[0-9a-f]{64}$/;
const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number): Promise<Buffer> {
  if (entry.uncompressedSize > limit) throw new ExchangeError(`Fichier refusé : l’entrée ${entry.fileName} est démesurée.`);
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    size += (c as Buffer).length;
    if (size > limit) {
      stream.destroy();
      throw new ExchangeError(`Fichier refusé : l’entrée ${entry.fileName} est démesurée.`);
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new ExchangeError(`Fichier refusé : ${what} illisible (JSON invalide).`);
  }
}

/** Checks a file's bytes and returns its content. Throws ExchangeError (French) for anything else than an intact exchange file. */
export async function parseExchange(bytes: Buffer): Promise<ParsedExchange> {
  try {
    return await parseUnchecked(bytes);
  } catch (e) {
    if (e instanceof ExchangeError) throw e;
    throw new ExchangeError(`Fichier d’échange endommagé : ${e instanceof Error ? e.message.slice(0, 200) : String(e)}.`);
  }
}

async function parseUnchecked(bytes: Buffer): Promise<ParsedExchange> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true });
  } catch {
    throw new ExchangeError('Fichier illisible : ce n’est pas un fichier d’échange ACI CPTS (archive zip attendue), ou il est endommagé ou tronqué.');
  }
  const files = new Map<string, Buffer>();
  try {
    if (zip.entryCount > MAX_ENTRIES) throw new ExchangeError('Fichier refusé : trop d’entrées pour un fichier d’échange.');
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (name.endsWith('/')) continue;
      if (files.has(name)) throw new ExchangeError(`Fichier refusé : l’entrée ${name.slice(0, 100)} y figure deux fois.`);
      if (name !== MANIFEST_ENTRY && name !== CONTRACT_ENTRY && !EVIDENCE_ENTRY.test(name)) {
        throw new ExchangeError(`Fichier refusé : l’entrée « ${name.slice(0, 100)} » n’appartient pas à un fichier d’échange ACI CPTS.`);
      }
      if (entry.isEncrypted()) throw new ExchangeError('Fichier refusé : entrées chiffrées.');
      const limit = name === MANIFEST_ENTRY ? MAX_MANIFEST_BYTES : name === CONTRACT_ENTRY ? MAX_CONTRACT_JSON_BYTES : MAX_EVIDENCE_FILE_BYTES;
      files.set(name, await readEntry(zip, entry, limit));
    }
  } finally {
    zip.close();
  }

  const manifestBytes = files.get(MANIFEST_ENTRY);
  if (!manifestBytes) throw new ExchangeError('Fichier refusé : pas de manifest.json, ce n’est pas un fichier d’échange ACI CPTS.');
  const rawManifest = parseJson(manifestBytes, 'manifest.json');
  const format = (rawManifest as { format?: unknown } | null)?.format;
  if (format !== EXCHANGE_FORMAT) throw new ExchangeError('Fichier refusé : ce n’est pas un fichier d’échange ACI CPTS (format inconnu).');
  const version = (rawManifest as { formatVersion?: unknown }).formatVersion;
  if (typeof version === 'number' && version > EXCHANGE_FORMAT_VERSION) {
    throw new ExchangeError(`Fichier fait par une version plus récente de l’application (format ${version}) : mettez l’application à jour pour l’importer.`);
  }
  const m = manifestSchema.safeParse(rawManifest);
  if (!m.success) throw new ExchangeError(`Fichier refusé : manifest.json mal formé (${describeIssues(m.error)}).`);
  const manifest = m.data;
  if (!READABLE_FORMAT_VERSIONS.includes(manifest.formatVersion)) throw new ExchangeError(`Fichier refusé : version de format inconnue (${manifest.formatVersion}).`);

  // Every entry where the manifest says, and nothing else.
  const listed = new Set<string>();
  for (const e of manifest.entries) {
    if (listed.has(e.path)) throw new ExchangeError(`Fichier refusé : le manifeste cite ${e.path.slice(0, 100)} deux fois.`);
    listed.add(e.path);
    const got = files.get(e.path);
    if (!got) throw new ExchangeError(`Fichier endommagé : ${e.path.slice(0, 100)}, annoncé par le manifeste, est absent.`);
    if (got.length !== e.size || createHash('sha256').update(got).digest('hex') !== e.sha256) {
      throw new ExchangeError(`Fichier endommagé : ${e.path.slice(0, 100)} ne correspond pas à son empreinte SHA-256.`);
    }
    if (e.path.startsWith(EVIDENCE_PREFIX) && e.path.slice(EVIDENCE_PREFIX.length) !== e.sha256) {
      throw new ExchangeError(`Fichier endommagé : la pièce ${e.path} ne correspond pas à son nom (empreinte).`);
    }
  }
  for (const name of files.keys()) if (name !== MANIFEST_ENTRY && !listed.has(name)) throw new ExchangeError(`Fichier refusé : ${name.slice(0, 100)} n’est pas dans le manifeste.`);
  const contractBytes = files.get(CONTRACT_ENTRY);
  if (!contractBytes) throw new ExchangeError('Fichier refusé : il ne contient pas de contract.json.');

  // A file of an older format is checked against its own layout, then brought to today's.
  const c = parseContractFile(manifest.formatVersion, parseJson(contractBytes, 'contract.json'));
  if (!c.success) throw new ExchangeError(`Fichier refusé : contract.json ne suit pas le format d’échange (${describeIssues(c.error)}).`);
  const content = c.data;
  checkCoherence(manifest, content);

  const evidence = new Map<string, Buffer>();
  for (const e of content.tables.evidence) {
    const b = files.get(`${EVIDENCE_PREFIX}${e.sha256}`);
    if (!b) throw new ExchangeError(`Fichier refusé : la pièce « ${e.file_name} » n’y est pas (${e.sha256.slice(0, 12)}…).`);
    if (b.length !== e.size) throw new ExchangeError(`Fichier refusé : la taille de la pièce « ${e.file_name} » ne correspond pas.`);
    evidence.set(e.sha256, b);
  }
  return { manifest, content, evidence, fileSha256: createHash('sha256').update(bytes).digest('hex') };
}

/** One contract, whole: its uuid where the manifest says, every reference resolved inside the file, uuids unique. */
function checkCoherence(manifest: ExchangeManifest, content: ContractFile): void {
  const t = content.tables as unknown as Record<ExchangeTable, AnyRow[]>;
  if (content.contract_uuid !== manifest.contractUuid) throw new ExchangeError('Fichier refusé : le contrat de contract.json n’est pas celui du manifeste.');
  if (t.contract.length !== 1 || t.contract[0].uuid !== content.contract_uuid) throw new ExchangeError('Fichier refusé : il doit contenir exactement un contrat, celui du manifeste.');
  if (t.cpts.length !== 1 || t.cpts[0].uuid !== t.contract[0].cpts_uuid) throw new ExchangeError('Fichier refusé : il doit contenir exactement la CPTS du contrat.');
  if (t.cpts[0].siret !== manifest.cpts.siret || t.contract[0].signed_on !== manifest.signedOn) throw new ExchangeError('Fichier refusé : la CPTS ou la date de signature du manifeste ne sont pas celles du contrat.');
  if (String(t.contract[0].ends_on) <= String(t.contract[0].starts_on)) throw new ExchangeError('Fichier refusé : la fin du contrat précède son début.');
  const ids = new Map<ExchangeTable, Set<string>>();
  for (const table of EXCHANGE_TABLES) {
    const s = new Set<string>();
    for (const r of t[table]) {
      if (s.has(r.uuid)) throw new ExchangeError(`Fichier refusé : deux lignes « ${table} » portent le même identifiant ${r.uuid}.`);
      s.add(r.uuid);
    }
    ids.set(table, s);
  }
  for (const table of EXCHANGE_TABLES) {
    for (const r of t[table]) {
      for (const [k, refTable] of Object.entries(TABLE_REFS[table])) {
        const v = r[k];
        if (v === null) continue;
        if (!ids.get(refTable)?.has(String(v))) throw new ExchangeError(`Fichier refusé : ${table} ${r.uuid} désigne ${k} = ${String(v)}, absent du fichier.`);
        if (refTable === 'contract' && v !== content.contract_uuid) throw new ExchangeError('Fichier refusé : des lignes appartiennent à un autre contrat.');
      }
    }
  }
  // Self-references must not loop (a correction of a correction, an annex copied from itself).
  for (const [table, key] of [['payment', 'corrects_payment_uuid'], ['annex_action', 'origin_action_uuid'], ['indicator', 'origin_indicator_uuid']] as const) {
    const parent = new Map(t[table].map((r) => [r.uuid, r[key] as string | null]));
    for (const start of parent.keys()) {
      let cur: string | null | undefined = parent.get(start);
      for (let i = 0; cur && i <= parent.size; i++) {
        if (cur === start) throw new ExchangeError(`Fichier refusé : ${table} ${start} se désigne lui-même (${key}).`);
        cur = parent.get(cur);
      }
    }
  }
  // Unique keys of the database, checked here so that a bad file is refused with a message.
  const unique = (table: ExchangeTable, key: (r: AnyRow) => string, what: string) => {
    const seen = new Set<string>();
    for (const r of t[table]) {
      const k = key(r);
      if (seen.has(k)) throw new ExchangeError(`Fichier refusé : ${what} en double.`);
      seen.add(k);
    }
  };
  unique('contract_mission', (r) => String(r.code), 'une mission du contrat');
  unique('annex_year', (r) => String(r.year), 'une annexe annuelle');
  unique('review', (r) => `${String(r.year)}|${String(r.kind)}`, 'un dialogue de gestion (année et type)');
  unique('review_indicator', (r) => `${String(r.review_uuid)}|${String(r.indicator_uuid)}`, 'une ligne de dialogue');
  unique('closed_mission_figure', (r) => `${String(r.review_uuid)}|${String(r.mission)}`, 'un montant arrêté');
  unique('professional', (r) => String(r.name), 'un professionnel du registre (même nom)');
  unique('indemnity_entry', (r) => String(r.dup_key), 'un temps indemnisé (même clé de doublon)');
  unique('closed_indicator_figure', (r) => `${String(r.review_uuid)}|${String(r.indicator_uuid)}`, 'un montant arrêté d’indicateur');
  for (const r of t.review) if ((r.status === 'closed') !== (r.closed_at !== null)) throw new ExchangeError('Fichier refusé : un dialogue clos sans date de clôture (ou l’inverse).');
  for (const r of t.annex_year) if (r.copied_from_year !== null && Number(r.copied_from_year) >= Number(r.year)) throw new ExchangeError('Fichier refusé : une annexe copiée d’une année qui ne la précède pas.');
}
