// What the books API answers (issue 14): FEC import results, the books of a contract (rules,
// imports, reconciliation), the register of indemnities against the PASS, the treasury forecast.
import type { IsoDate } from './dates';
import type { FecEncoding, FecLayout, ImportTotal, PaymentForMatch, ReconciliationLine, UnmatchedLine } from './domain/fec';
import type { MissionCode } from './domain/missions';
import type { PassSource } from './domain/pass';
import type { MappingRule } from './schemas/books';

export interface FecImportResult {
  dryRun: boolean;
  fileName: string;
  encoding: FecEncoding;
  layout: FecLayout;
  /** Lines of the file, header excluded. */
  lineCount: number;
  period: { from: IsoDate; to: IsoDate } | null;
  /** What the import adds (or would add), per mission and category: charges minus refunds. */
  totals: ImportTotal[];
  /** Spending entries and refund lines written (or that would be). */
  imported: number;
  /** Receipt lines recorded for the reconciliation. */
  receiptsRecorded: number;
  duplicatesSkipped: number;
  unmatched: UnmatchedLine[];
  reconciliation: ReconciliationLine[];
  paymentsWithoutReceipt: PaymentForMatch[];
  rules: MappingRule[];
  importId: number | null;
}

export interface FecImportSummary {
  id: number;
  fileName: string;
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

export interface BooksView {
  contractId: number;
  rules: MappingRule[];
  rulesRecordedAt: string | null;
  imports: FecImportSummary[];
  /** Every receipt imported so far against the recorded payments. */
  reconciliation: ReconciliationLine[];
  paymentsWithoutReceipt: PaymentForMatch[];
  /** Imported charges and refunds, per mission and category. */
  importedTotals: { mission: MissionCode | null; category: string; cents: number; lines: number }[];
}

export type CeilingLevel = 'ok' | 'warning' | 'over';

export interface ProfessionalYear {
  professionalId: number;
  name: string;
  profession: string;
  rpps: string;
  year: number;
  totalCents: number;
  indemniteCents: number;
  remunerationCents: number;
  hoursCenti: number;
  /** The PASS of the civil year; null before the décret (2022). */
  ceilingCents: number | null;
  /** total / ceiling, 4 decimals; null without a ceiling. */
  share: number | null;
  level: CeilingLevel;
  /** Entries past the PASS entered with a confirmation (they stay flagged). */
  flaggedEntries: number;
  warning: string | null;
}

export interface IndemnityEntryView {
  id: number;
  professionalId: number;
  name: string;
  profession: string;
  workedOn: IsoDate;
  mission: MissionCode | null;
  hours: number;
  kind: 'indemnite' | 'remuneration';
  rateCents: number | null;
  amountCents: number;
  overCeiling: boolean;
  spendingId: number | null;
}

export interface IndemnitiesView {
  contractId: number;
  year: number | null;
  /** Every professional of the register (with or without entries), by name. */
  professionals: { id: number; name: string; profession: string; rpps: string }[];
  perProfessional: ProfessionalYear[];
  entries: IndemnityEntryView[];
  /** The PASS table used, with its sources. */
  pass: { year: number; cents: number; source: PassSource }[];
  warnings: string[];
}

export interface IndemnityImportResult {
  imported: number;
  duplicatesSkipped: number;
  professionalsAdded: number;
  /** Entries past the PASS (imported only with the confirmation, and flagged). */
  overCeiling: { line: number; name: string; year: number; totalCents: number; ceilingCents: number }[];
  warnings: string[];
  view: IndemnitiesView;
}

export interface ProfessionalResult {
  professionalId: number;
  view: IndemnitiesView;
}

/** One entry typed on screen: where the professional's civil year now stands against the PASS. */
export interface IndemnityEntryResult {
  entryId: number;
  spendingId: number;
  amountCents: number;
  level: CeilingLevel;
  /** The 80 % warning or the over-ceiling message, if any. */
  warning: string | null;
  view: IndemnitiesView;
}
