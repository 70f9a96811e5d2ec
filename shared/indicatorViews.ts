// Result types of the annex (indicators) and dialogue de gestion side of the API.
import type { IsoDate } from './dates';
import type { Direction, Earned, IndicatorKind, IndicatorPayment, IndicatorUnit, Palier } from './domain/indicators';
import type { MissionCode } from './domain/missions';
import type { IndicatorRule } from './domain/indicators';
import type { ClosingFigure } from './domain/closing';
import type { DecisionKind, ReviewIndicatorStatus, ReviewKind } from './schemas/indicators';

export interface EvidenceRow {
  id: number;
  fileName: string;
  size: number;
  sha256: string;
  addedAt: string;
}

/**
 * What Electron did with a stored evidence file: opened with the system's application (document
 * types only), or shown selected in its folder (any other type, which never runs by a click).
 */
export interface OpenedEvidence {
  opened: boolean;
  shownInFolder: boolean;
}

export interface LivrableRow {
  id: number;
  label: string;
  doneOn: IsoDate | null;
  evidence: EvidenceRow[];
}

export interface ValueRow {
  value: number;
  measuredOn: IsoDate;
  comment: string;
  recordedAt: string;
}

export interface TargetRevisionRow {
  oldTarget: number | null;
  newTarget: number;
  decidedOn: IsoDate;
  decision: string;
  reviewId: number | null;
}

export interface SeriesPoint {
  year: number;
  value: number | null;
  target: number | null;
}

export interface IndicatorRow {
  id: number;
  label: string;
  kind: IndicatorKind;
  unit: IndicatorUnit;
  baseline: number | null;
  baselineOn: IsoDate | null;
  source: 'cpam' | 'cpts';
  direction: Direction;
  payment: IndicatorPayment;
  amountCents: number;
  maxCents: number;
  target: number | null;
  paliers: Palier[];
  value: ValueRow | null;
  values: ValueRow[];
  /** Value validated by the closed annual review of the year, if any. */
  validated: number | null;
  earned: Earned;
  earnedFrom: 'validated' | 'measured' | null;
  targetHistory: TargetRevisionRow[];
  evidence: EvidenceRow[];
  series: SeriesPoint[];
}

export interface ActionRow {
  id: number;
  label: string;
  carriedOver: boolean;
  livrables: LivrableRow[];
  indicators: IndicatorRow[];
}

export interface AnnexMission {
  code: MissionCode;
  label: string;
  variableEnvelopeCents: number | null;
  indicatorsMaxCents: number;
  earnedCents: number | null;
  /** Set when the indicators' amounts do not add up to the variable envelope. */
  warning: string | null;
  actions: ActionRow[];
}

export interface AnnexView {
  contractId: number;
  year: number;
  from: IsoDate;
  to: IsoDate;
  exists: boolean;
  copiedFromYear: number | null;
  yearsWithAnnex: number[];
  missions: AnnexMission[];
}

export interface ParticipantRow {
  name: string;
  organisation: 'CPTS' | 'CPAM' | 'ARS';
  role: string;
}

export interface ReviewIndicatorRow {
  indicatorId: number;
  mission: MissionCode;
  label: string;
  unit: IndicatorUnit;
  target: number | null;
  measured: number | null;
  presented: number | null;
  validated: number | null;
  status: ReviewIndicatorStatus | null;
  comment: string;
  evidenceCount: number;
  earnedCents: number | null;
  maxCents: number;
  /** How the indicator pays (the screen suggests a status from a typed value with it). */
  rule: IndicatorRule;
}

export interface DecisionRow {
  kind: DecisionKind;
  text: string;
  indicatorId: number | null;
  newTarget: number | null;
  mission: MissionCode | null;
  onDate: IsoDate | null;
  amountCents: number | null;
}

export interface AddendumRow {
  addedOn: IsoDate;
  text: string;
  recordedAt: string;
  /** A money adjustment (signed cents) decided by this addendum, its own tranche in the échéancier. */
  amountCents: number | null;
  mission: MissionCode | null;
}

/** A mission's variable part as the closed annual dialogue fixed it (or would fix it: closing preview). */
export type ClosedMissionFigure = ClosingFigure;

/** The money a closed annual dialogue fixed for its year ("année arrêtée"). */
export interface ClosedYearFigures {
  missions: ClosedMissionFigure[];
  retainedCents: number;
  maxCents: number;
  /** Stored by the update that introduced stored figures, from the data as it stood then. */
  fromMigration: boolean;
}

/** What closing an annual review would fix, and what is still open (closing confirmation). */
export interface ClosingPreview {
  reviewId: number;
  year: number;
  figures: ClosedYearFigures;
  /** Readiness items still open and indicators without a validated value or status. */
  open: string[];
}

export interface ReviewDetail {
  id: number;
  contractId: number;
  cpts: string;
  year: number;
  kind: ReviewKind;
  status: 'draft' | 'closed';
  heldOn: IsoDate;
  place: string;
  agenda: string;
  summary: string;
  closedAt: string | null;
  participants: ParticipantRow[];
  indicators: ReviewIndicatorRow[];
  decisions: DecisionRow[];
  addenda: AddendumRow[];
  /** Closed annual review: the figures it fixed (stored at closing). null otherwise. */
  closedFigures: ClosedYearFigures | null;
}

export interface ReviewSlot {
  year: number;
  kind: ReviewKind;
  proposedOn: IsoDate;
  reviewId: number | null;
  status: 'todo' | 'draft' | 'closed';
  heldOn: IsoDate | null;
}

/** One thing missing to prepare a review, with what it is about (documents group by `kind`, never by text). */
export interface ReadinessItem {
  kind: 'annex' | 'value' | 'evidence' | 'mission';
  text: string;
}

export interface Readiness {
  ready: boolean;
  /** The items' texts, in order. */
  missing: string[];
  items: ReadinessItem[];
}

export interface ReviewsView {
  contractId: number;
  slots: ReviewSlot[];
  next: ReviewSlot | null;
  readiness: Readiness;
}

export interface UpcomingReview {
  contractId: number;
  cpts: string;
  slot: ReviewSlot;
  readiness: Readiness;
}
