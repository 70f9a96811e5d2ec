// A CPTS's contract with something in every part the exchange file carries: annex (paliers,
// livrables), values and evidence, a draft annual review ready to close, a payment, spending.
// And a content hash of every table, to check that a refused import changed nothing.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import yazl from 'yazl';
import yauzl from 'yauzl';
import type { ApiContext } from '../../electron/api/context';
import type { OpenedDb } from '../../electron/db/connection';
import { ok, sqlAll, T3_CONTRACT } from './helpers';
import { ON_POSTGRES } from './pgTest';

export const PARTICIPANTS = [
  { name: 'Claire Martin', organisation: 'CPTS', role: 'Présidente' },
  { name: 'Paul Durand', organisation: 'CPAM', role: 'Référent CPTS' },
  { name: 'Anne Roux', organisation: 'ARS', role: 'Chargée de mission' },
];

export async function cptsContract(ctx: ApiContext) {
  const c = await ok(ctx, 'contract.create', { ...T3_CONTRACT, siret: '12345678900017' });
  await ok(ctx, 'annex.create', { contractId: c.id, year: 1, copyFromYear: null });
  let annex = await ok(ctx, 'annex.addAction', { contractId: c.id, year: 1, mission: 'prevention', label: 'Dépistages organisés' });
  const action = annex.missions.find((m) => m.code === 'prevention')!.actions[0];
  await ok(ctx, 'annex.addIndicator', {
    actionId: action.id,
    label: 'Dépistage du cancer du sein',
    kind: 'result',
    unit: 'percentage',
    source: 'cpam',
    direction: 'higher',
    payment: 'paliers',
    paliers: [
      { label: 'socle', threshold: '69,70', amountCents: 100_000 },
      { label: 'intermédiaire', threshold: '72,40', amountCents: 250_000 },
      { label: 'objectif', threshold: '75', amountCents: 350_000 },
    ],
  });
  await ok(ctx, 'annex.addIndicator', { actionId: action.id, label: 'Convention signée', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: '14 000' });
  annex = await ok(ctx, 'annex.addLivrable', { actionId: action.id, label: 'Convention avec le centre de dépistage' });
  const act = annex.missions.find((m) => m.code === 'prevention')!.actions[0];
  const [breast, convention] = act.indicators;
  await ok(ctx, 'indicator.recordValue', { indicatorId: breast.id, value: '72,9', measuredOn: '2023-05-01', comment: 'Données CPAM' });
  await ok(ctx, 'indicator.recordValue', { indicatorId: convention.id, value: 'oui', measuredOn: '2023-04-15' });
  await ok(ctx, 'evidence.add', { contractId: c.id, indicatorId: convention.id, fileName: 'convention signée.pdf', contentBase64: Buffer.from('%PDF-1.4 convention').toString('base64') });
  await ok(ctx, 'evidence.add', { contractId: c.id, livrableId: act.livrables[0].id, fileName: 'compte-rendu.txt', contentBase64: Buffer.from('Compte rendu de la réunion').toString('base64') });
  const review = await ok(ctx, 'reviews.create', { contractId: c.id, year: 1, kind: 'annual', heldOn: '2023-06-10' });
  await ok(ctx, 'reviews.update', {
    reviewId: review.id,
    participants: PARTICIPANTS,
    summary: 'Objectifs de prévention examinés.',
    indicators: [
      { indicatorId: breast.id, presented: '72,9', validated: '72,9', status: 'partiel' },
      { indicatorId: convention.id, presented: 'oui', validated: 'oui', status: 'atteint' },
    ],
  });
  const funding = await ok(ctx, 'funding.get', { contractId: c.id });
  const first = funding.schedule.filter((t) => t.dueOn <= ctx.today()).sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
  await ok(ctx, 'payments.record', { contractId: c.id, receivedOn: '2022-09-15', amountCents: first.amountCents, cpamRef: 'VIR-2022-001', trancheIds: [first.id] });
  await ok(ctx, 'spending.record', { contractId: c.id, spentOn: '2022-12-01', mission: 'prevention', category: 'coordination', amountCents: '1 200', documentRef: 'F-001', comment: '' });
  return { c, review, breast, convention };
}

/** SHA-256 of the content of every table (rows in rowid order), schema objects included; `only` restricts it to some tables, `except` leaves some out. */
export function contentHash(sqlite: Database.Database, only?: readonly string[], except: readonly string[] = []): string {
  const h = createHash('sha256');
  const objects = (sqlite.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite%' ORDER BY type, name").all() as { type: string; name: string; sql: string | null }[]).filter(
    (o) => (!only || only.includes(o.name)) && !except.includes(o.name),
  );
  h.update(JSON.stringify(objects));
  for (const o of objects) {
    if (o.type !== 'table') continue;
    h.update(o.name);
    for (const r of sqlite.prepare(`SELECT * FROM "${o.name}" ORDER BY rowid`).raw().iterate()) h.update(JSON.stringify(r));
  }
  return h.digest('hex');
}

/**
 * contentHash on either engine: on PostgreSQL every table of the schema, rows in id order (the
 * server's catalogue stands for sqlite_master: column names and types).
 */
export async function dbContentHash(opened: OpenedDb, except: readonly string[] = []): Promise<string> {
  if (!ON_POSTGRES) return contentHash(opened.sqlite, undefined, except);
  const h = createHash('sha256');
  const columns = await sqlAll<{ t: string; c: string; ty: string }>(
    opened,
    "SELECT table_name AS t, column_name AS c, data_type AS ty FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
  );
  const tables = [...new Set(columns.map((r) => r.t))].filter((t) => !except.includes(t));
  h.update(JSON.stringify(columns.filter((r) => tables.includes(r.t))));
  for (const t of tables) {
    h.update(t);
    const hasId = columns.some((r) => r.t === t && r.c === 'id');
    for (const r of await sqlAll(opened, `SELECT * FROM "${t}" ORDER BY ${hasId ? 'id' : '1'}`)) h.update(JSON.stringify(r));
  }
  return h.digest('hex');
}

/** A funding view without the local ids (tranche ids and labels name local review ids). */
export function moneyOf(f: { result: { years: unknown[] }; schedule: { dueOn: string; amountCents: number; kind: string; mission: string | null; year: number; paidCents: number }[]; totals: unknown }) {
  return {
    years: f.result.years,
    schedule: f.schedule.map((t) => [t.year, t.kind, t.mission, t.dueOn, t.amountCents, t.paidCents]),
    totals: f.totals,
  };
}

// --- The entries of an exchange file, to alter one and zip it again -------------------------

export interface Entries {
  manifest: Record<string, unknown>;
  contract: Record<string, unknown>;
  others: Map<string, Buffer>;
}

export async function unzip(bytes: Buffer): Promise<Entries> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  const files = new Map<string, Buffer>();
  for await (const e of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const c of await zip.openReadStreamPromise(e)) chunks.push(c as Buffer);
    files.set(e.fileName, Buffer.concat(chunks));
  }
  zip.close();
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Record<string, unknown>;
  const contract = JSON.parse(files.get('contract.json')!.toString('utf8')) as Record<string, unknown>;
  files.delete('manifest.json');
  files.delete('contract.json');
  return { manifest, contract, others: files };
}

/** Zips entries again; the manifest's hash of contract.json recomputed unless `keepHash`. */
export async function rezip(e: Entries, keepHash = false): Promise<Buffer> {
  const contractJson = Buffer.from(JSON.stringify(e.contract));
  const manifest = structuredClone(e.manifest) as { entries: { path: string; size: number; sha256: string }[] };
  if (!keepHash && Array.isArray(manifest.entries)) {
    for (const x of manifest.entries) {
      if (x.path === 'contract.json') {
        x.size = contractJson.length;
        x.sha256 = createHash('sha256').update(contractJson).digest('hex');
      }
    }
  }
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(manifest)), 'manifest.json');
  zip.addBuffer(contractJson, 'contract.json');
  for (const [name, b] of e.others) zip.addBuffer(b, name);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((res) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => res(Buffer.concat(chunks)));
  });
  zip.end();
  return done;
}
