// Result types of the money side of the API.
import type { IsoDate } from './dates';
import type { FundingResult, Tranche } from './domain/funding';
import type { MissionCode } from './domain/missions';
import type { Tag } from './domain/rules';
import type { EnvelopeLine, SpendingCategory } from './schemas/money';
import type { EvidenceRow } from './indicatorViews';

export interface TrancheStatus extends Tranche {
  paidCents: number;
  outstandingCents: number;
  overdue: boolean;
}

export interface MoneyTotals {
  dueCents: number;
  /** Due on or before today. */
  dueToDateCents: number;
  paidCents: number;
  outstandingCents: number;
  overdueCents: number;
  dueNext60Cents: number;
}

export interface FundingView {
  contractId: number;
  today: IsoDate;
  result: FundingResult;
  schedule: TrancheStatus[];
  totals: MoneyTotals;
  /** True for a what-if: nothing was saved. */
  simulated: boolean;
}

export interface PaymentEntry {
  id: number;
  receivedOn: IsoDate;
  amountCents: number;
  cpamRef: string;
  comment: string;
  correctsId: number | null;
  correctedBy: number[];
  /** The amount in force after corrections (for an original entry). */
  effectiveCents: number;
  allocations: { trancheId: string; amountCents: number; label: string }[];
  recordedAt: string;
}

/** A tranche on the Versements tab: with what was paid above its amount (shared/domain/allocation.ts). */
export interface PaymentTrancheStatus extends TrancheStatus {
  /** Trop-perçu: paid above the tranche's amount (a payment recorded with `allowExcess`); 0 otherwise. */
  excessCents: number;
}

export interface PaymentsView {
  contractId: number;
  today: IsoDate;
  payments: PaymentEntry[];
  schedule: PaymentTrancheStatus[];
  totals: MoneyTotals;
  /** Sum of the tranches' trop-perçu (`excessCents`). */
  excessCents: number;
  /** Received but settling no known tranche (a tranche that no longer exists after a recalculation, or an old overpayment). */
  unallocatedCents: number;
}

export interface EnvelopeCell {
  line: EnvelopeLine;
  mission: MissionCode | null;
  label: string;
  cents: number | null;
  origin: 'table' | 'contract' | 'missing';
  tag: Tag | null;
  sourceIds: number[];
  note: string;
  reason: string;
}

export interface EnvelopeYear {
  year: number;
  from: IsoDate;
  to: IsoDate;
  textVersion: string;
  sizeBand: number;
  cells: EnvelopeCell[];
}

export interface EnvelopeChange {
  year: number | null;
  line: EnvelopeLine;
  mission: MissionCode | null;
  cents: number;
  reason: string;
  recordedAt: string;
}

export interface EnvelopeView {
  contractId: number;
  years: EnvelopeYear[];
  history: EnvelopeChange[];
}

/**
 * Why a line of the spending table is flagged: fonctionnement spent beyond its envelope, or a
 * mission envelope little used once its year is over (see shared/domain/spending.ts).
 */
export type SpendingWarningKind = 'overspent' | 'underused';

export interface SpendingRow {
  year: number;
  mission: MissionCode | null;
  label: string;
  grantedCents: number | null;
  budgetCents: number | null;
  paidCents: number;
  /** Entries of the year and line at their amount in force (corrections included). */
  spentCents: number;
  remainingCents: number | null;
  warningKind: SpendingWarningKind | null;
  /** The warning in French, for display; `warningKind` says which (never parse this text). */
  warning: string | null;
}

/** A dated correction of a spending entry: the entry's amount in force went from `beforeCents` to `afterCents`. */
export interface SpendingCorrectionEntry {
  id: number;
  correctedOn: IsoDate;
  /** Signed difference the correction makes (afterCents − beforeCents). */
  deltaCents: number;
  beforeCents: number;
  afterCents: number;
  reason: string;
  /** Supporting files attached to the correction. */
  attachments: EvidenceRow[];
  recordedAt: string;
}

export interface SpendingEntry {
  id: number;
  spentOn: IsoDate;
  year: number | null;
  mission: MissionCode | null;
  category: SpendingCategory;
  /** The amount first recorded (never rewritten). */
  amountCents: number;
  /** The amount in force: the first amount and every correction. */
  effectiveCents: number;
  /** Corrected to 0 €. */
  cancelled: boolean;
  documentRef: string;
  comment: string;
  /** Supporting files attached to the entry. */
  attachments: EvidenceRow[];
  /** Its corrections, in the order they were recorded. */
  corrections: SpendingCorrectionEntry[];
  recordedAt: string;
}

export interface SpendingView {
  contractId: number;
  rows: SpendingRow[];
  entries: SpendingEntry[];
  warnings: string[];
}
