// Kysely types of the SQLite schema. Money is INTEGER cents, dates are ISO text,
// rates are INTEGER basis points (1 % = 100).
import type { Generated } from 'kysely';

export interface CptsTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  name: string;
  legal_name: string;
  siret: string;
  departement: string;
  /** JSON array of commune names. */
  communes: string;
  created_at: string;
}

/** Population figures of a CPTS, append-only: the latest by as_of is the current one. */
export interface PopulationTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  cpts_id: number;
  population: number;
  as_of: string;
  recorded_at: string;
}

export interface ContractTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  cpts_id: number;
  cpam: string;
  ars: string;
  signed_on: string;
  starts_on: string;
  ends_on: string;
  text_version: string;
  status: string;
  created_at: string;
  updated_at: string;
  /** Archived (out of the portfolio and its totals, restorable): when; null = in the portfolio. */
  archived_at: string | null;
  /** 1 = a demonstration contract (seeded by electron/db/demo.ts), removable all at once. */
  demo: Generated<number>;
}

export interface ContractMissionTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  contract_id: number;
  code: string;
  started_on: string | null;
  deployed_on: string | null;
}

/** The contract's own annex amounts: append-only, the latest row per key is in force. */
export interface EnvelopeTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  contract_id: number;
  /** 0 = every contract year. */
  year: number;
  line: string;
  /** '' for fonctionnement. */
  mission: string;
  cents: number;
  reason: string;
  recorded_at: string;
}

export interface AttainmentTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  contract_id: number;
  year: number;
  mission: string;
  rate_bp: number;
  comment: string;
  recorded_at: string;
}

export interface PaymentTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  contract_id: number;
  received_on: string;
  amount_cents: number;
  cpam_ref: string;
  comment: string;
  corrects_payment_id: number | null;
  recorded_at: string;
}

export interface PaymentAllocationTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  payment_id: number;
  tranche_id: string;
  amount_cents: number;
}

export interface BudgetTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  contract_id: number;
  year: number;
  mission: string;
  cents: number;
  recorded_at: string;
}

export interface SpendingTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  contract_id: number;
  spent_on: string;
  mission: string;
  category: string;
  amount_cents: number;
  document_ref: string;
  comment: string;
  recorded_at: string;
}

/**
 * A dated correction of a spending entry (2026-11-30-06): the signed difference it makes to the
 * entry's amount; the entry is never rewritten. Counts in the entry's year and line.
 */
export interface SpendingCorrectionTable {
  id: Generated<number>;
  spending_id: number;
  contract_id: number;
  corrected_on: string;
  amount_cents: number;
  reason: string;
  recorded_at: string;
}

export interface AnnexYearTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  contract_id: number;
  year: number;
  copied_from_year: number | null;
  created_at: string;
}

export interface AnnexActionTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  annex_year_id: number;
  mission: string;
  label: string;
  carried_over: number;
  origin_action_id: number | null;
  position: number;
}

export interface LivrableTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  action_id: number;
  label: string;
  done_on: string | null;
  position: number;
}

export interface IndicatorTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  action_id: number;
  label: string;
  kind: string;
  unit: string;
  /** Hundredths. */
  baseline: number | null;
  baseline_on: string | null;
  source: string;
  direction: string;
  payment: string;
  amount_cents: number;
  /** Hundredths. */
  target: number | null;
  origin_indicator_id: number | null;
  position: number;
}

export interface IndicatorPalierTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  indicator_id: number;
  label: string;
  threshold: number;
  amount_cents: number;
}

export interface TargetRevisionTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  indicator_id: number;
  old_target: number | null;
  new_target: number;
  decided_on: string;
  review_id: number | null;
  decision: string;
  recorded_at: string;
}

export interface IndicatorValueTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  indicator_id: number;
  value: number;
  measured_on: string;
  comment: string;
  recorded_at: string;
}

export interface EvidenceTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  contract_id: number;
  livrable_id: number | null;
  indicator_id: number | null;
  file_name: string;
  /** Relative to the data folder. */
  stored_path: string;
  sha256: string;
  size: number;
  added_at: string;
  /** The supporting file of a spending entry, or of a correction of one (2026-11-30-06). */
  spending_id: Generated<number | null>;
  spending_correction_id: Generated<number | null>;
}

export interface ReviewTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  contract_id: number;
  year: number;
  kind: string;
  status: string;
  held_on: string;
  place: string;
  agenda: string;
  summary: string;
  closed_at: string | null;
  created_at: string;
}

export interface ReviewParticipantTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  review_id: number;
  name: string;
  organisation: string;
  role: string;
}

export interface ReviewIndicatorTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  review_id: number;
  indicator_id: number;
  presented: number | null;
  validated: number | null;
  status: string | null;
  comment: string;
}

export interface ReviewDecisionTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  review_id: number;
  kind: string;
  text: string;
  indicator_id: number | null;
  new_target: number | null;
  mission: string | null;
  on_date: string | null;
  amount_cents: number | null;
}

export interface ReviewAddendumTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  review_id: number;
  added_on: string;
  text: string;
  recorded_at: string;
  /** Money adjustment (signed cents) and the mission it concerns, if any (2026-11-30-05). */
  mission: string | null;
  amount_cents: number | null;
}

/** A mission's variable part as the closed annual dialogue fixed it (written once). */
export interface ClosedMissionFigureTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  review_id: number;
  contract_id: number;
  year: number;
  mission: string;
  retained_cents: number;
  computed_cents: number | null;
  max_cents: number | null;
  decided: number;
  prorata_num: number;
  prorata_den: number;
  fixed_on: string;
  origin: 'closing' | 'migration';
  recorded_at: string;
}

/** An indicator's validated value and earned amount at the closed annual dialogue (written once). */
export interface ClosedIndicatorFigureTable {
  id: Generated<number>;
  /** Stable identity in the exchange file, made once (2026-11-30-07). */
  uuid: Generated<string>;
  review_id: number;
  indicator_id: number;
  validated: number | null;
  earned_cents: number | null;
  max_cents: number;
}

/**
 * Derived, per contract (2026-11-30-10): what the portfolio searches and sums. Marked stale by
 * triggers when anything the engine reads changes; recomputed by electron/api/portfolio.ts.
 */
export interface PortfolioSummaryTable {
  id: Generated<number>;
  contract_id: number;
  /** 1 = to recompute before use. */
  stale: Generated<number>;
  /** The app version whose engine computed the row ('' = never computed). */
  computed_with: Generated<string>;
  /** shared/text.ts searchKey of the CPTS name, legal name, département, CPAM and communes. */
  search_key: Generated<string>;
  ends_on: Generated<string>;
}

/** Derived (2026-11-30-10): a contract's échéancier as the engine computed it, with what is allocated to each tranche. */
export interface PortfolioTrancheTable {
  id: Generated<number>;
  contract_id: number;
  tranche_id: string;
  due_on: string;
  amount_cents: number;
  paid_cents: number;
}

/** The FEC mapping rules of a contract (2026-11-30-09), append-only: the latest row is in force. */
export interface BookMappingTable {
  id: Generated<number>;
  contract_id: number;
  /** JSON of shared/schemas/books.ts mappingSchema's rules. */
  rules: string;
  recorded_at: string;
}

/** One FEC imported into a contract (2026-11-30-09). */
export interface FecImportTable {
  id: Generated<number>;
  contract_id: number;
  file_name: string;
  sha256: string;
  encoding: 'utf-8' | 'iso-8859-15';
  layout: 'debit-credit' | 'montant-sens';
  line_count: number;
  imported_count: number;
  duplicates_skipped: number;
  unmatched_count: number;
  period_from: string | null;
  period_to: string | null;
  imported_at: string;
}

/** A FEC line an import wrote (2026-11-30-09); dup_key is unique per contract. */
export interface FecLineTable {
  id: Generated<number>;
  import_id: number;
  contract_id: number;
  dup_key: string;
  line_no: number;
  kind: 'charge' | 'refund' | 'receipt';
  journal: string;
  ecriture_num: string;
  entry_date: string;
  account: string;
  label: string;
  /** Charges positive, refunds negative, receipts positive. */
  amount_cents: number;
  mission: string | null;
  category: string | null;
  spending_id: number | null;
}

/** The spending corrections a refund line made (2026-11-30-09). */
export interface FecLineCorrectionTable {
  id: Generated<number>;
  fec_line_id: number;
  spending_correction_id: number;
}

/** A health professional of the register of indemnities (2026-11-30-09). */
export interface ProfessionalTable {
  id: Generated<number>;
  contract_id: number;
  name: string;
  profession: string;
  rpps: Generated<string>;
  created_at: string;
}

/** A time entry of the register (2026-11-30-09): an indemnité or a rémunération, with its spending entry. */
export interface IndemnityEntryTable {
  id: Generated<number>;
  contract_id: number;
  professional_id: number;
  worked_on: string;
  /** '' for fonctionnement. */
  mission: string;
  /** Hours × 100. */
  hours_centi: number;
  kind: 'indemnite' | 'remuneration';
  /** Hourly rate, when the amount was computed from it. */
  rate_cents: number | null;
  amount_cents: number;
  /** 1 = past the PASS, entered with an explicit confirmation. */
  over_ceiling: Generated<number>;
  dup_key: string;
  spending_id: number | null;
  recorded_at: string;
}

/** The journal of the writes (2026-11-30-12): append-only, one row per write API call. */
export interface AuditLogTable {
  id: Generated<number>;
  /** ISO timestamp (UTC); on PostgreSQL set by the server. */
  at: string;
  /** Who: the OS user (SQLite) or the database role the agent connects as (PostgreSQL, set by the server). */
  author: string;
  contract_id: number | null;
  method: string;
  summary: string;
  before_json: string | null;
  after_json: string | null;
}

/** A member of the team on the shared server: login = their PostgreSQL role. */
export interface AgentTable {
  id: Generated<number>;
  login: string;
  name: string;
  role: 'agent' | 'admin';
  created_at: string;
}

export interface ContractAssignmentTable {
  id: Generated<number>;
  agent_login: string;
  contract_id: number;
  assigned_at: string;
}

export interface Database {
  cpts: CptsTable;
  population: PopulationTable;
  contract: ContractTable;
  contract_mission: ContractMissionTable;
  envelope: EnvelopeTable;
  attainment: AttainmentTable;
  payment: PaymentTable;
  payment_allocation: PaymentAllocationTable;
  budget: BudgetTable;
  spending: SpendingTable;
  spending_correction: SpendingCorrectionTable;
  annex_year: AnnexYearTable;
  annex_action: AnnexActionTable;
  livrable: LivrableTable;
  indicator: IndicatorTable;
  indicator_palier: IndicatorPalierTable;
  target_revision: TargetRevisionTable;
  indicator_value: IndicatorValueTable;
  evidence: EvidenceTable;
  review: ReviewTable;
  review_participant: ReviewParticipantTable;
  review_indicator: ReviewIndicatorTable;
  review_decision: ReviewDecisionTable;
  review_addendum: ReviewAddendumTable;
  closed_mission_figure: ClosedMissionFigureTable;
  closed_indicator_figure: ClosedIndicatorFigureTable;
  portfolio_summary: PortfolioSummaryTable;
  portfolio_tranche: PortfolioTrancheTable;
  book_mapping: BookMappingTable;
  fec_import: FecImportTable;
  fec_line: FecLineTable;
  fec_line_correction: FecLineCorrectionTable;
  professional: ProfessionalTable;
  indemnity_entry: IndemnityEntryTable;
  audit_log: AuditLogTable;
  agent: AgentTable;
  contract_assignment: ContractAssignmentTable;
}
