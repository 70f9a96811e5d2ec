/**
 * Modelling choices (tag MC): rules for which the reference found no source. Each is ONE named
 * parameter, in this file only, with the section of ACI-reference.md that names it. The engine
 * reads them from here; nothing else in the code hard-codes these rules.
 */
import type { IsoDate } from '../../dates';

export interface ModellingChoice<T> {
  readonly value: T;
  readonly tag: 'MC';
  /** Section of ACI-reference.md. */
  readonly section: string;
  /** French description, shown to users next to the figures it produces. */
  readonly description: string;
}

function mc<T>(value: T, section: string, description: string): ModellingChoice<T> {
  return { value, tag: 'MC', section, description };
}

/** §2: avenant 2's in-force date is unknown; the day after its JO publication (31 Mar 2022). */
export const AVENANT2_IN_FORCE_ON: ModellingChoice<IsoDate> = mc(
  '2022-04-01',
  '§2',
  "Entrée en vigueur de l'avenant 2 fixée au 1er avril 2022, lendemain de sa publication au JO (date non sourcée).",
);

/** §2, §6.8: the amounts of a contract year are those of the version in force on its first day. */
export const VERSION_FOR_CONTRACT_YEAR: ModellingChoice<'inForceOnFirstDayOfYear'> = mc(
  'inForceOnFirstDayOfYear',
  '§2, §6.8',
  "Les montants d'une année contractuelle sont ceux du texte en vigueur le premier jour de cette année.",
);

/** §3: inclusive sides of the size-band thresholds. */
export const SIZE_BAND_BOUNDARIES: ModellingChoice<{
  /** 40 000 inhabitants → T2 ("< 40 000" for T1). */
  readonly t2IncludesLowerBound: boolean;
  /** 80 000 inhabitants → T2 ("entre 40 et 80 000"). */
  readonly t2IncludesUpperBound: boolean;
  /** 175 000 inhabitants → T3 ("> 175 000" for T4). */
  readonly t3IncludesUpperBound: boolean;
}> = mc(
  { t2IncludesLowerBound: true, t2IncludesUpperBound: true, t3IncludesUpperBound: true },
  '§3',
  'Bornes des tailles : T1 < 40 000 ; T2 de 40 000 à 80 000 inclus ; T3 de 80 001 à 175 000 ; T4 > 175 000.',
);

/**
 * §3: re-banding during the contract. A contract year takes the band of the latest population
 * figure dated on or before its first day; if none, the earliest figure.
 */
export const REBANDING_RULE: ModellingChoice<'latestOnOrBeforeYearStart'> = mc(
  'latestOnOrBeforeYearStart',
  '§3',
  "Taille d'une année : dernière population connue au premier jour de l'année contractuelle (à défaut, la plus ancienne).",
);

/** §4: for contracts signed before avenant 2, the crisis mission's clock starts on its in-force date. */
export const CRISIS_CLOCK_FOR_OLDER_CONTRACTS: ModellingChoice<'avenantInForceDate'> = mc(
  'avenantInForceDate',
  '§4',
  "Pour un contrat signé avant l'avenant 2, les délais de la mission crises sanitaires courent de l'entrée en vigueur de l'avenant.",
);

/** §6.5: pro rata of the start year, in calendar days (or, as a variant, in months). */
export type ProrataUnit = 'days' | 'months';
export const PRORATA_UNIT: ModellingChoice<ProrataUnit> = mc<ProrataUnit>(
  'days',
  '§6.5',
  "Prorata de l'année de démarrage : jours calendaires du démarrage à la date anniversaire ÷ jours de l'année contractuelle (365 ou 366). Variante en mois : mois commencés ÷ 12.",
);

/** §6.5: the variable envelope of a mission's start year is prorated with the same fraction. */
export const VARIABLE_PRORATED_IN_START_YEAR: ModellingChoice<boolean> = mc(
  true,
  '§6.5',
  "La part variable de l'année de démarrage d'une mission est proratisée comme la part fixe.",
);

/**
 * §6.4: the variable part of a year falls due once that year's annual dialogue has fixed it: at
 * the anniversary that ends the year when the dialogue was held before it, otherwise on the
 * dialogue's date. Until then it is "en attente du dialogue", never late.
 */
export const VARIABLE_PAID_AT: ModellingChoice<'anniversaryOrLaterDialogue'> = mc(
  'anniversaryOrLaterDialogue',
  '§6.4',
  "La part variable d'une année est due une fois fixée par le dialogue de gestion annuel : à la date anniversaire qui clôt l'année si le dialogue s'est tenu avant, sinon à la date du dialogue. Avant, elle est « en attente du dialogue », jamais « en retard ».",
);

/** §6.2: fonctionnement of years 2–5 is due "from the start of the missions". */
export const FONCTIONNEMENT_AFTER_FIRST_MISSION: ModellingChoice<boolean> = mc(
  true,
  '§6.2',
  "Le fonctionnement des années 2 à 5 n'est dû qu'à partir du démarrage d'une première mission : aucune échéance avant, et un avertissement tant qu'aucune n'a démarré. L'avance est due au premier jour de l'année, ou au démarrage de la première mission s'il est plus tard.",
);

/**
 * §6.5 and DESIGN "Data": one rounding, half-up to the cent, of (annual × fraction × rate).
 * Implemented once, in money.ts `mulDivHalfUp`.
 */
export const ROUNDING: ModellingChoice<'halfUpToTheCent'> = mc(
  'halfUpToTheCent',
  '§6.5',
  "Un seul arrondi, au centime le plus proche (demi-centime arrondi au-dessus) ; avance = arrondi(75 % du montant proratisé), solde = montant − avance.",
);

/**
 * §7: attainment rates (0..1) are converted once to an integer number of parts per
 * ATTAINMENT_SCALE (10 000 = 100,00 %), rounded to the nearest part; all later arithmetic is integer.
 */
export const ATTAINMENT_SCALE: ModellingChoice<number> = mc(
  10_000,
  '§7',
  "Taux d'atteinte converti une seule fois en dix-millièmes (100,00 % = 10 000), arrondi au plus proche.",
);

/**
 * §5.2: the crisis mission's "year the plan is written" is its first funded contract year;
 * later years take the plan-update amount.
 */
export const CRISIS_PLAN_YEAR: ModellingChoice<'firstFundedYear'> = mc(
  'firstFundedYear',
  '§5.2',
  "Mission crises sanitaires : l'année d'écriture du plan est la première année contractuelle financée ; les années suivantes reçoivent le montant de mise à jour.",
);

/** §6.8: avenant 2 reaches signed contracts from their next contract year (same as VERSION_FOR_CONTRACT_YEAR). */
export const AVENANT_FOR_SIGNED_CONTRACTS: ModellingChoice<'fromNextContractYear'> = mc(
  'fromNextContractYear',
  '§6.8',
  "Un avenant s'applique aux contrats déjà signés à partir de l'année contractuelle suivant son entrée en vigueur.",
);

/** §8: two dialogues de gestion per contract year (intermediate + annual, which fixes the variable). */
export const DIALOGUES_PER_YEAR: ModellingChoice<number> = mc(
  2,
  '§8',
  "Deux dialogues de gestion par année contractuelle : un intermédiaire et l'annuel, qui fixe la part variable.",
);

/** §8: the intermediate review is proposed this many months into the contract year. */
export const INTERMEDIATE_REVIEW_MONTHS: ModellingChoice<number> = mc(
  6,
  '§8',
  "Le dialogue de gestion intermédiaire est proposé six mois après le début de l'année contractuelle (nombre de mois indiqué).",
);

/** §8 ("at year end, before the anniversary balance"): the annual review is proposed this many days before the year ends. */
export const ANNUAL_REVIEW_DAYS_BEFORE_END: ModellingChoice<number> = mc(
  30,
  '§8',
  "Le dialogue de gestion annuel est proposé trente jours avant la fin de l'année contractuelle, avant le solde à la date anniversaire (nombre de jours indiqué).",
);

/** All modelling choices, for display (e.g. a "Hypothèses de calcul" screen). */
export const MODELLING_CHOICES = {
  AVENANT2_IN_FORCE_ON,
  VERSION_FOR_CONTRACT_YEAR,
  SIZE_BAND_BOUNDARIES,
  REBANDING_RULE,
  CRISIS_CLOCK_FOR_OLDER_CONTRACTS,
  PRORATA_UNIT,
  VARIABLE_PRORATED_IN_START_YEAR,
  VARIABLE_PAID_AT,
  FONCTIONNEMENT_AFTER_FIRST_MISSION,
  ROUNDING,
  ATTAINMENT_SCALE,
  CRISIS_PLAN_YEAR,
  AVENANT_FOR_SIGNED_CONTRACTS,
  DIALOGUES_PER_YEAR,
  INTERMEDIATE_REVIEW_MONTHS,
  ANNUAL_REVIEW_DAYS_BEFORE_END,
} as const;

export type ModellingChoiceName = keyof typeof MODELLING_CHOICES;
