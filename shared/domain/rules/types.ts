/**
 * Types of the rule tables. Every figure keeps its verification tag and its sources, exactly as
 * the domain reference (ACI-reference.md) gives them. A "—" cell of the reference is `null`: the
 * engine then refuses to compute the line (never a silent 0).
 */
import type { IsoDate } from '../../dates';
import type { MissionCode } from '../missions';

/** Verification tag of a figure (reference, header table). */
export type Tag = 'S2' | 'S1' | 'OBS' | 'D' | 'U' | 'MC';

export const TAGS: readonly Tag[] = ['S2', 'S1', 'OBS', 'D', 'U', 'MC'];

export const TAG_LABELS: Record<Tag, string> = {
  S2: 'au moins deux sources indépendantes',
  S1: 'une source (texte ou organisme officiel)',
  OBS: 'observé dans des annexes de contrats réels',
  D: 'calculé à partir de montants sourcés',
  U: 'non vérifié : à confirmer avec le texte ou l’annexe du contrat',
  MC: 'choix de modélisation de l’application',
};

/** Size band (taille) 1–4. */
export type SizeBand = 1 | 2 | 3 | 4;

export const SIZE_BANDS: readonly SizeBand[] = [1, 2, 3, 4];

/** Text versions of the ACI, in chronological order. */
export type TextVersionId = 'aci2019' | 'avenant1' | 'avenant2';

/** Where a figure comes from. `sourceIds` are the numbers of the reference's §12. */
export interface Provenance {
  readonly tag: Tag;
  readonly sourceIds: readonly number[];
  readonly note?: string;
}

/** An amount in cents with its provenance. */
export interface AmountFigure extends Provenance {
  readonly cents: number;
}

/** Any other figure (threshold, months, percentage, date) with its provenance. */
export interface ValueFigure<T> extends Provenance {
  readonly value: T;
}

/** One value per size band; `null` = no figure in the reference ("—"). */
export type ByBand<T> = Readonly<Record<SizeBand, T>>;

export type MissionStatus = 'socle' | 'optional';

export interface MissionRule {
  readonly status: ValueFigure<MissionStatus>;
  /** Annual part fixe (for the crisis mission: the year the plan is written). */
  readonly fixed: ByBand<AmountFigure | null>;
  /** Annual part variable (full attainment). */
  readonly variable: ByBand<AmountFigure | null>;
  /** Crisis mission only: part fixe of the later years (plan updates). */
  readonly fixedLaterYears?: ByBand<AmountFigure | null>;
  /** Crisis mission only: the variable part is due only when the ARS recognises a crisis. */
  readonly variableRequiresRecognisedCrisis?: boolean;
  /** Months from the clock start (signature) to start / deploy the mission; null = CPTS's choice. */
  readonly startWithinMonths: ValueFigure<number> | null;
  readonly deployWithinMonths: ValueFigure<number> | null;
  /** French explanation added to a refusal when a band has no figure. */
  readonly missingFigureHint?: string;
}

/** Components of mission 1 in the 2019 text (médecin traitant part + SNP-specific financing). */
export interface AccesComponents {
  readonly mtFixed: ByBand<AmountFigure | null>;
  readonly mtVariable: ByBand<AmountFigure | null>;
  readonly snpTotal: ByBand<AmountFigure | null>;
}

/** A published or derived maximum annual total, per band. */
export interface MaxTotalRow {
  readonly label: string;
  readonly byBand: ByBand<AmountFigure | null>;
}

export interface SizeBandThresholds {
  /** T2 starts at this population (T1 is below it). */
  readonly t2From: ValueFigure<number>;
  /** T2 ends at this population (inclusive side: modelling choice). */
  readonly t2To: ValueFigure<number>;
  /** T3 ends at this population; T4 is above it. */
  readonly t3To: ValueFigure<number>;
}

export interface PaymentRules {
  /** Advance (avance) in percent of the annual or prorated envelope. */
  readonly advancePercent: ValueFigure<number>;
  /** Part of the year-1 fonctionnement paid at signature, percent. */
  readonly fonctionnementYear1Percent: ValueFigure<number>;
  /** Duration of the contract in years. */
  readonly contractYears: ValueFigure<number>;
}

export interface RuleTable {
  readonly id: TextVersionId;
  readonly label: string;
  readonly signedOn: ValueFigure<IsoDate | null>;
  /** null value: in-force date unknown; the version is never selected by date. */
  readonly inForceOn: ValueFigure<IsoDate | null>;
  readonly summary: string;
  readonly fonctionnement: ByBand<AmountFigure | null>;
  /** A mission absent from this record is not part of this text. */
  readonly missions: Readonly<Partial<Record<MissionCode, MissionRule>>>;
  readonly accesComponents?: AccesComponents;
  readonly maxTotals: Readonly<Record<string, MaxTotalRow>>;
  readonly sizeBands: SizeBandThresholds;
  readonly payment: PaymentRules;
}
