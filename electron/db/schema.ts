// Kysely types of the SQLite schema. Money is INTEGER cents, dates are ISO text,
// rates are INTEGER basis points (1 % = 100).
import type { Generated } from 'kysely';

export interface CptsTable {
  id: Generated<number>;
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
  cpts_id: number;
  population: number;
  as_of: string;
  recorded_at: string;
}

export interface ContractTable {
  id: Generated<number>;
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
}

export interface ContractMissionTable {
  id: Generated<number>;
  contract_id: number;
  code: string;
  started_on: string | null;
  deployed_on: string | null;
}

/** The contract's own annex amounts: append-only, the latest row per key is in force. */
export interface EnvelopeTable {
  id: Generated<number>;
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
  contract_id: number;
  year: number;
  mission: string;
  rate_bp: number;
  comment: string;
  recorded_at: string;
}

export interface PaymentTable {
  id: Generated<number>;
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
  payment_id: number;
  tranche_id: string;
  amount_cents: number;
}

export interface BudgetTable {
  id: Generated<number>;
  contract_id: number;
  year: number;
  mission: string;
  cents: number;
  recorded_at: string;
}

export interface SpendingTable {
  id: Generated<number>;
  contract_id: number;
  spent_on: string;
  mission: string;
  category: string;
  amount_cents: number;
  document_ref: string;
  comment: string;
  recorded_at: string;
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
}
