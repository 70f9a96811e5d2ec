// Repository of the treasurer's books (issue 14): mapping rules, FEC imports and their lines,
// the register of professionals' indemnities. The only SQL of the books feature; no transaction of
// its own (the API call's unit of work). Spending entries and corrections are written through the
// spending repository (electron/db/repo/spending.ts), never here.
import type { IsoDate } from '../../../shared/dates';
import type { ExistingEntry, FecEncoding, FecLayout, PaymentForMatch } from '../../../shared/domain/fec';
import type { MissionCode } from '../../../shared/domain/missions';
import { effectiveAmount } from '../../../shared/domain/spending';
import { mappingSchema, type MappingRule } from '../../../shared/schemas/books';
import type { SpendingCategory } from '../../../shared/schemas/money';
import type { Db } from '../connection';
import { spendingCorrections, spendingRecords } from './spending';

const now = () => new Date().toISOString();
const missionOf = (m: string | null): MissionCode | null => (m === null || m === '' ? null : (m as MissionCode));

// --- Mapping rules --------------------------------------------------------------------------

/** The contract's rules in force (the latest saved), or null when none was ever saved. */
export async function currentRules(db: Db, contractId: number): Promise<{ rules: MappingRule[]; recordedAt: string } | null> {
  const r = await db.selectFrom('book_mapping').select(['rules', 'recorded_at']).where('contract_id', '=', contractId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!r) return null;
  const parsed = mappingSchema.safeParse({ rules: JSON.parse(r.rules) as unknown });
  return parsed.success ? { rules: parsed.data.rules, recordedAt: r.recorded_at } : null;
}

export async function insertRules(db: Db, contractId: number, rules: readonly MappingRule[]): Promise<void> {
  await db.insertInto('book_mapping').values({ contract_id: contractId, rules: JSON.stringify(rules), recorded_at: now() }).execute();
}

// --- FEC ------------------------------------------------------------------------------------

export async function knownFecKeys(db: Db, contractId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('fec_line').select('dup_key').where('contract_id', '=', contractId).execute();
  return new Set(rows.map((r) => r.dup_key));
}

/** The contract's spending entries with their amount in force and the FEC account they came from. */
export async function entriesForRefunds(db: Db, contractId: number): Promise<ExistingEntry[]> {
  const records = await spendingRecords(db, contractId);
  const corrections = await spendingCorrections(db, contractId);
  const accounts = await db.selectFrom('fec_line').select(['spending_id', 'account']).where('contract_id', '=', contractId).where('spending_id', 'is not', null).execute();
  const accountOf = new Map(accounts.map((a) => [a.spending_id, a.account]));
  return records.map((r) => ({
    id: r.id,
    spentOn: r.spentOn,
    mission: r.mission,
    category: r.category,
    effectiveCents: effectiveAmount(r, corrections.filter((k) => k.spendingId === r.id)),
    account: accountOf.get(r.id) ?? null,
  }));
}

/** Recorded payments (each with its corrections), for the reconciliation. */
export async function paymentsForMatch(db: Db, contractId: number): Promise<PaymentForMatch[]> {
  const rows = await db.selectFrom('payment').select(['id', 'received_on', 'amount_cents', 'corrects_payment_id']).where('contract_id', '=', contractId).orderBy('received_on').orderBy('id').execute();
  const byId = new Map<number, PaymentForMatch>();
  for (const r of rows) if (r.corrects_payment_id === null) byId.set(r.id, { id: r.id, receivedOn: r.received_on, amountCents: r.amount_cents });
  for (const r of rows) {
    if (r.corrects_payment_id === null) continue;
    const p = byId.get(r.corrects_payment_id);
    if (p) p.amountCents += r.amount_cents;
  }
  return [...byId.values()];
}

export interface NewFecImport {
  contractId: number;
  fileName: string;
  sha256: string;
  encoding: FecEncoding;
  layout: FecLayout;
  lineCount: number;
  importedCount: number;
  duplicatesSkipped: number;
  unmatchedCount: number;
  period: { from: IsoDate; to: IsoDate } | null;
}

export async function insertFecImport(db: Db, row: NewFecImport): Promise<number> {
  const r = await db
    .insertInto('fec_import')
    .values({
      contract_id: row.contractId,
      file_name: row.fileName,
      sha256: row.sha256,
      encoding: row.encoding,
      layout: row.layout,
      line_count: row.lineCount,
      imported_count: row.importedCount,
      duplicates_skipped: row.duplicatesSkipped,
      unmatched_count: row.unmatchedCount,
      period_from: row.period?.from ?? null,
      period_to: row.period?.to ?? null,
      imported_at: now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface NewFecLine {
  importId: number;
  contractId: number;
  key: string;
  lineNo: number;
  kind: 'charge' | 'refund' | 'receipt';
  journal: string;
  ecritureNum: string;
  date: IsoDate;
  account: string;
  label: string;
  amountCents: number;
  mission: MissionCode | null;
  category: SpendingCategory | null;
  spendingId: number | null;
}

export async function insertFecLine(db: Db, l: NewFecLine): Promise<number> {
  const r = await db
    .insertInto('fec_line')
    .values({
      import_id: l.importId,
      contract_id: l.contractId,
      dup_key: l.key,
      line_no: l.lineNo,
      kind: l.kind,
      journal: l.journal,
      ecriture_num: l.ecritureNum,
      entry_date: l.date,
      account: l.account,
      label: l.label,
      amount_cents: l.amountCents,
      mission: l.kind === 'receipt' ? null : (l.mission ?? ''),
      category: l.category,
      spending_id: l.spendingId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function linkFecCorrection(db: Db, fecLineId: number, spendingCorrectionId: number): Promise<void> {
  await db.insertInto('fec_line_correction').values({ fec_line_id: fecLineId, spending_correction_id: spendingCorrectionId }).execute();
}

export interface FecImportRow {
  id: number;
  fileName: string;
  sha256: string;
  encoding: FecEncoding;
  layout: FecLayout;
  lineCount: number;
  importedCount: number;
  duplicatesSkipped: number;
  unmatchedCount: number;
  periodFrom: IsoDate | null;
  periodTo: IsoDate | null;
  importedAt: string;
}

export async function fecImports(db: Db, contractId: number): Promise<FecImportRow[]> {
  const rows = await db.selectFrom('fec_import').selectAll().where('contract_id', '=', contractId).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    sha256: r.sha256,
    encoding: r.encoding,
    layout: r.layout,
    lineCount: r.line_count,
    importedCount: r.imported_count,
    duplicatesSkipped: r.duplicates_skipped,
    unmatchedCount: r.unmatched_count,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    importedAt: r.imported_at,
  }));
}

export interface StoredFecLine {
  line: number;
  kind: 'charge' | 'refund' | 'receipt';
  date: IsoDate;
  account: string;
  label: string;
  amountCents: number;
  mission: MissionCode | null;
  category: SpendingCategory | null;
}

export async function storedFecLines(db: Db, contractId: number): Promise<StoredFecLine[]> {
  const rows = await db.selectFrom('fec_line').selectAll().where('contract_id', '=', contractId).orderBy('entry_date').orderBy('id').execute();
  return rows.map((r) => ({
    line: r.line_no,
    kind: r.kind,
    date: r.entry_date,
    account: r.account,
    label: r.label,
    amountCents: r.amount_cents,
    mission: missionOf(r.mission),
    category: r.category as SpendingCategory | null,
  }));
}

// --- Register of indemnities ----------------------------------------------------------------

export interface ProfessionalRow {
  id: number;
  name: string;
  profession: string;
  rpps: string;
}

export async function professionals(db: Db, contractId: number): Promise<ProfessionalRow[]> {
  return db.selectFrom('professional').select(['id', 'name', 'profession', 'rpps']).where('contract_id', '=', contractId).orderBy('name').execute();
}

export async function insertProfessional(db: Db, row: { contractId: number; name: string; profession: string; rpps: string }): Promise<number> {
  const r = await db
    .insertInto('professional')
    .values({ contract_id: row.contractId, name: row.name, profession: row.profession, rpps: row.rpps, created_at: now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateProfessional(db: Db, row: { id: number; profession: string; rpps: string }): Promise<void> {
  await db.updateTable('professional').set({ profession: row.profession, rpps: row.rpps }).where('id', '=', row.id).execute();
}

export interface IndemnityRow {
  id: number;
  professionalId: number;
  workedOn: IsoDate;
  mission: MissionCode | null;
  hoursCenti: number;
  kind: 'indemnite' | 'remuneration';
  rateCents: number | null;
  amountCents: number;
  overCeiling: boolean;
  key: string;
  spendingId: number | null;
}

export async function indemnityEntries(db: Db, contractId: number): Promise<IndemnityRow[]> {
  const rows = await db.selectFrom('indemnity_entry').selectAll().where('contract_id', '=', contractId).orderBy('worked_on').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    professionalId: r.professional_id,
    workedOn: r.worked_on,
    mission: missionOf(r.mission),
    hoursCenti: r.hours_centi,
    kind: r.kind,
    rateCents: r.rate_cents,
    amountCents: r.amount_cents,
    overCeiling: r.over_ceiling === 1,
    key: r.dup_key,
    spendingId: r.spending_id,
  }));
}

export async function insertIndemnity(db: Db, row: Omit<IndemnityRow, 'id'> & { contractId: number }): Promise<number> {
  const r = await db
    .insertInto('indemnity_entry')
    .values({
      contract_id: row.contractId,
      professional_id: row.professionalId,
      worked_on: row.workedOn,
      mission: row.mission ?? '',
      hours_centi: row.hoursCenti,
      kind: row.kind,
      rate_cents: row.rateCents,
      amount_cents: row.amountCents,
      over_ceiling: row.overCeiling ? 1 : 0,
      dup_key: row.key,
      spending_id: row.spendingId,
      recorded_at: now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
