/**
 * Avenant 2 (signed 20 Dec 2021; JO 31 Mar 2022; in force: modelling choice): reference §5.2.
 * Changes to the 2019 tables: the crisis mission (socle), mission 1 at T3, new maxima.
 * Not encoded (adoption U): fonctionnement +75 %, funding from the lettre d'intention.
 */
import { ACCOMPAGNEMENT_2019, PARCOURS_2019, PREVENTION_2019, QUALITE_2019 } from './aci2019';
import { DEADLINES, FONCTIONNEMENT_2019, PAYMENT_RULES, SIZE_BAND_THRESHOLDS, SOCLE } from './common';
import { bands, eur, val } from './figures';
import { AVENANT2_IN_FORCE_ON } from './modellingChoices';
import type { MissionRule, RuleTable } from './types';

const RANGE_2020 =
  'Fourchette « 25 000–50 000 » de la proposition de novembre 2020 [10] ; adoption dans l’avenant signé non vérifiée.';

export const CRISE_SANITAIRE_AV2: MissionRule = {
  status: SOCLE,
  fixed: bands(
    eur(25_000, 'U', [10], RANGE_2020),
    null,
    eur(45_000, 'U', [10, 27], `D : 2 × 22 500 (mise à jour observée). ${RANGE_2020}`),
    eur(50_000, 'U', [10], RANGE_2020),
  ),
  fixedLaterYears: bands(
    eur(12_500, 'U', [10], 'D : règle des 50 % pour les mises à jour du plan [10].'),
    null,
    eur(22_500, 'OBS', [27]),
    eur(25_000, 'U', [10], 'D : règle des 50 % pour les mises à jour du plan [10].'),
  ),
  variable: bands(
    eur(37_500, 'U', [], "D : 1,5 × montant de l'année du plan (rapport observé en T3)."),
    null,
    eur(67_500, 'OBS', [27]),
    eur(75_000, 'U', [], "D : 1,5 × montant de l'année du plan (rapport observé en T3)."),
  ),
  variableRequiresRecognisedCrisis: true,
  startWithinMonths: DEADLINES.crise_sanitaire.start,
  deployWithinMonths: DEADLINES.crise_sanitaire.deploy,
  missingFigureHint: "la référence ne donne aucun montant de la mission crises sanitaires pour la taille 2",
};

export const ACCES_AV2: MissionRule = {
  status: SOCLE,
  fixed: bands(null, null, eur(90_000, 'OBS', [27], 'Mission 1 SNP/SAS compris : 125 000 = 90 000 fixe + 35 000 variable.'), null),
  variable: bands(null, null, eur(35_000, 'OBS', [27], 'Mission 1 SNP/SAS compris : 125 000 = 90 000 fixe + 35 000 variable.'), null),
  startWithinMonths: DEADLINES.acces_soins.start,
  deployWithinMonths: DEADLINES.acces_soins.deploy,
  missingFigureHint: "la référence n'a de montant observé (SNP/SAS compris) que pour la taille 3",
};

export const AVENANT_2: RuleTable = {
  id: 'avenant2',
  label: 'Avenant 2',
  signedOn: val('2021-12-20', 'S2', [13, 14]),
  inForceOn: val(AVENANT2_IN_FORCE_ON.value, 'MC', [16, 17], AVENANT2_IN_FORCE_ON.description),
  summary:
    'Nouvelle mission socle « crises sanitaires graves », coopération CPTS–SAS, maxima relevés (T4 : 450 000 → 580 000 €).',
  fonctionnement: FONCTIONNEMENT_2019,
  missions: {
    acces_soins: ACCES_AV2,
    parcours: PARCOURS_2019,
    prevention: PREVENTION_2019,
    crise_sanitaire: CRISE_SANITAIRE_AV2,
    qualite: QUALITE_2019,
    accompagnement: ACCOMPAGNEMENT_2019,
  },
  maxTotals: {
    planYearWithCrisis: {
      label: "Maximum annuel : année d'écriture du plan + crise reconnue",
      byBand: bands(null, null, eur(487_500, 'U', [], 'D à partir des lignes T3, non vérifié.'), eur(580_000, 'S2', [14, 15])),
    },
    laterYearWithCrisis: {
      label: 'Maximum annuel : année de mise à jour du plan + crise reconnue',
      byBand: bands(null, null, eur(465_000, 'U', [], 'D à partir des lignes T3, non vérifié.'), null),
    },
    laterYearNoCrisis: {
      label: 'Maximum annuel : année de mise à jour du plan, sans crise',
      byBand: bands(null, null, eur(397_500, 'U', [], 'D à partir des lignes T3, non vérifié.'), null),
    },
  },
  sizeBands: SIZE_BAND_THRESHOLDS,
  payment: PAYMENT_RULES,
};
