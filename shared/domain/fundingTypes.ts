/** Input and output types of the funding engine (JSON-serialisable). */
import type { IsoDate } from '../dates';
import type { MissionCode } from './missions';
import type { SizeBand, Tag, TextVersionId } from './rules';

/** A contract's own annex amounts for one mission, in cents. null/undefined = not given. */
export interface MissionEnvelope {
  fixedCents?: number | null;
  variableCents?: number | null;
  /** Crisis mission only: part fixe of the plan-update years. */
  fixedLaterYearsCents?: number | null;
}

export interface Envelopes {
  fonctionnementCents?: number | null;
  missions?: Partial<Record<MissionCode, MissionEnvelope>>;
}

export interface FundingInput {
  signedOn: IsoDate;
  /** At least one figure. */
  populations: { population: number; asOf: IsoDate }[];
  /** Forces one version for all years; otherwise the version in force on each contract year's first day. */
  textVersion?: TextVersionId;
  /** The contract's own annex amounts, all years (override the table). */
  envelopes?: Envelopes;
  /** Per contract year (1..5); override `envelopes`. */
  envelopesByYear?: Record<number, Envelopes>;
  missions: { code: MissionCode; startedOn: IsoDate | null }[];
  /** Validated attainment rates 0..1. */
  attainment?: { year: number; mission: MissionCode; rate: number }[];
  /** Variable earned from the indicators (cents, before the start-year pro rata); wins over `attainment`. */
  variableEarned?: { year: number; mission: MissionCode; cents: number }[];
  /** Years in which the ARS recognised a crisis (crisis variable only then). */
  crisisRecognised?: { year: number }[];
  /**
   * Variable parts fixed by a closed annual dialogue (the stored figure, pro rata included): they
   * win over everything else for their year and mission, and are never recomputed.
   */
  variableClosed?: ClosedVariable[];
  /** Dated money adjustments decided after a year was closed (addenda): each is its own tranche. */
  adjustments?: Adjustment[];
}

/** A mission's variable part as a closed annual dialogue fixed it. */
export interface ClosedVariable {
  year: number;
  mission: MissionCode;
  /** What the échéancier pays (cents, pro rata included; the parties' amount when they decided one). */
  cents: number;
  /** What the indicators gave, pro rata included (null: not computed, e.g. refused envelope). */
  computedCents: number | null;
  /** Pro-rated maximum (variable envelope × the mission's pro rata for the year). */
  maxCents: number | null;
  /** true when the parties decided the amount ("Montant validé"). */
  decided: boolean;
  /** Date of the dialogue that fixed it. */
  fixedOn: IsoDate;
  /** "dialogue annuel n° 12 du 15/06/2025". */
  reviewLabel: string;
  /** Stored by the migration from the data as it stood, for reviews closed before figures were stored. */
  fromMigration?: boolean;
}

/** A line the engine refused to compute, with what it is about. */
export interface YearRefusal {
  line: string;
  message: string;
  part: 'fonctionnement' | 'fixed' | 'variable';
  /** null: fonctionnement. */
  mission: MissionCode | null;
}

/** A dated money adjustment (addendum to a closed dialogue): positive or negative. */
export interface Adjustment {
  /** Stable id of its tranche, e.g. "adj-12". */
  id: string;
  year: number;
  mission: MissionCode | null;
  cents: number;
  dueOn: IsoDate;
  /** The addendum's text. */
  text: string;
}

/** 'contract' = amount from the contract's annex; 'table' = rule table (or the app's own rule). */
export interface Source {
  tag: Tag;
  sourceIds: number[];
  origin: 'table' | 'contract';
}

/** What a line of explanation is about: screens and documents pick lines by it, never by their French text. */
export type LinePart = 'version' | 'band' | 'fonctionnement' | 'fixed' | 'variable' | 'mission' | 'adjustment' | 'total' | 'tranche';

export interface ExplanationLine {
  part: LinePart;
  /** refused: no figure to compute from; pending: waits for the dialogue de gestion or a mission start. */
  state?: 'refused' | 'pending';
  label: string;
  /** null when the line is refused or pending. */
  amountCents: number | null;
  /** French arithmetic, e.g. "45 000,00 € × 273/365 jours = 33 657,53 €". */
  formula: string;
  sources: Source[];
  /** e.g. "Montant non vérifié (U) : à vérifier avec l'annexe du contrat." */
  note?: string;
}

/**
 * - funded: the mission earns money this year;
 * - not_started: no start date, or it starts after this year;
 * - not_in_text: the text version of this year does not provide for the mission.
 */
export type MissionYearState = 'funded' | 'not_started' | 'not_in_text';

/**
 * - validated: computed from an attainment rate or an earned amount;
 * - pending: no validated attainment yet ("en attente du dialogue de gestion");
 * - no_crisis: crisis mission, no crisis recognised by the ARS this year;
 * - refused: no envelope to compute from;
 * - none: the mission is not funded this year.
 */
export type VariableStatus = 'validated' | 'pending' | 'no_crisis' | 'refused' | 'none';

export interface MissionYear {
  code: MissionCode;
  label: string;
  startedOn: IsoDate | null;
  state: MissionYearState;
  /** Crisis mission: true in the year the plan is written (plan-year amount). */
  crisisPlanYear: boolean;
  /** null = refused (missing figure). */
  fixedCents: number | null;
  /** null = pending or refused. */
  variableCents: number | null;
  variableStatus: VariableStatus;
  /** The variable part is the figure stored when the year's annual dialogue closed. */
  variableClosed: boolean;
  /** Potential variable at full attainment (after the start-year pro rata); null if no envelope. */
  variableMaxCents: number | null;
  prorata: { num: number; den: number };
  /** fixed + variable, refused or pending lines counting for nothing. */
  totalCents: number;
  explanation: ExplanationLine[];
  refusals: string[];
}

export interface FundingYear {
  year: number;
  from: IsoDate;
  to: IsoDate;
  days: number;
  textVersion: TextVersionId;
  sizeBand: SizeBand;
  population: number;
  sizeBandChanged: boolean;
  /** null = refused; 0 while no mission has started (years 2–5, see fonctionnementPending). */
  fonctionnementCents: number | null;
  /** Years 2–5: fonctionnement not due yet, no mission having started (reference §6.2). */
  fonctionnementPending: boolean;
  missions: MissionYear[];
  /** Sum of the year's dated adjustments (addenda after closing), in `totalCents`. */
  adjustmentsCents: number;
  totalCents: number;
  explanation: ExplanationLine[];
  refusals: YearRefusal[];
  /** false when a line was refused (a missing figure): the total then leaves it out. */
  complete: boolean;
  /** The year's annual dialogue is closed: its variable parts are stored figures ("année arrêtée"). */
  closed: boolean;
}

export type TrancheKind = 'fonctionnement' | 'advance' | 'balance' | 'variable' | 'adjustment';

export interface Tranche {
  /** Stable id, e.g. "y2-advance-parcours", "y1-fonctionnement", "y2-balance-fonctionnement". */
  id: string;
  dueOn: IsoDate;
  /** Contract year the money belongs to (a year-1 balance is due on the first day of year 2). */
  year: number;
  kind: TrancheKind;
  /** null = fonctionnement. */
  mission: MissionCode | null;
  amountCents: number;
  label: string;
  explanation: ExplanationLine[];
}

export interface FundingResult {
  signedOn: IsoDate;
  /** Day before the 5th anniversary. */
  endsOn: IsoDate;
  textVersionAtSignature: TextVersionId;
  years: FundingYear[];
  /** Sorted by dueOn, then id. */
  tranches: Tranche[];
  /** Sum of the years' totals. */
  totalCents: number;
  /** false when any line of any year was refused: the totals are partial. */
  complete: boolean;
  /** Every refused line, with its year: what the totals leave out. */
  refusedLines: { year: number; line: string; message: string }[];
  warnings: string[];
}
