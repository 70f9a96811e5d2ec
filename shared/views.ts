// Result types of the money side of the API.
import type { IsoDate } from './dates';
import type { FundingResult, Tranche } from './domain/funding';
import type { MissionCode } from './domain/missions';
import type { Tag } from './domain/rules';
import type { EnvelopeLine, SpendingCategory } from './schemas/money';

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

export interface PaymentsView {
  contractId: number;
  today: IsoDate;
  payments: PaymentEntry[];
  schedule: TrancheStatus[];
  totals: MoneyTotals;
  /** Received but settling no known tranche (overpayment, or a tranche that no longer exists). */
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

export interface SpendingRow {
  year: number;
  mission: MissionCode | null;
  label: string;
  grantedCents: number | null;
  budgetCents: number | null;
  paidCents: number;
  spentCents: number;
  remainingCents: number | null;
  warning: string | null;
}

export interface SpendingEntry {
  id: number;
  spentOn: IsoDate;
  year: number | null;
  mission: MissionCode | null;
  category: SpendingCategory;
  amountCents: number;
  documentRef: string;
  comment: string;
}

export interface SpendingView {
  contractId: number;
  rows: SpendingRow[];
  entries: SpendingEntry[];
  warnings: string[];
}
