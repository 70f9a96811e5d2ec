/**
 * Figures that the reference gives as identical in every text version (§3 bands, §4 deadlines,
 * §6 payment percentages). Each version module references them explicitly.
 */
import { bands, eur, val } from './figures';
import type { AmountFigure, ByBand, PaymentRules, SizeBandThresholds, ValueFigure } from './types';

/** §3: thresholds (S2 [7, 8, 9]); inclusive sides are SIZE_BAND_BOUNDARIES (MC). */
export const SIZE_BAND_THRESHOLDS: SizeBandThresholds = {
  t2From: val(40_000, 'S2', [7, 8, 9]),
  t2To: val(80_000, 'S2', [7, 8, 9]),
  t3To: val(175_000, 'S2', [7, 8, 9]),
};

/** §6: payment percentages and duration. */
export const PAYMENT_RULES: PaymentRules = {
  advancePercent: val(75, 'S2', [1, 6], 'Avance de 75 % (art. 9.1 ACI ; rapport Sénat 2025).'),
  fonctionnementYear1Percent: val(100, 'S1', [1], 'Fonctionnement de la première année versé en totalité à la signature.'),
  contractYears: val(5, 'S2', [20, 24], 'Contrat tripartite de 5 ans.'),
};

/** §4: deadlines from the signature (S1 [7]); the calendar is the same in both versions. */
export const DEADLINES = {
  acces_soins: { start: val(6, 'S1', [7]), deploy: val(18, 'S1', [7]) },
  parcours: { start: val(12, 'S1', [7]), deploy: val(24, 'S1', [7]) },
  prevention: { start: val(12, 'S1', [7]), deploy: val(24, 'S1', [7]) },
  crise_sanitaire: { start: val(6, 'S1', [7]), deploy: val(18, 'S1', [7]) },
} as const satisfies Record<string, { start: ValueFigure<number>; deploy: ValueFigure<number> }>;

/** §5.1: fonctionnement, unchanged by avenant 2 (the +75 % proposal is not encoded). */
export const FONCTIONNEMENT_2019: ByBand<AmountFigure | null> = bands(
  eur(50_000, 'S2', [9, 6]),
  eur(60_000, 'S2', [9, 6]),
  eur(75_000, 'S2', [9, 6]),
  eur(90_000, 'S2', [9, 6]),
);

export const SOCLE = val('socle' as const, 'S2', [6, 13]);
export const OPTIONAL = val('optional' as const, 'S2', [6, 13]);

/** "—" for a whole row. */
export const NO_FIGURE: ByBand<AmountFigure | null> = bands(null, null, null, null);
