/**
 * ACI 2019 (signed 20 June 2019, in force 25 Aug 2019): reference §5.1.
 * Amounts exactly as tagged by the reference. "—" cells are null.
 */
import { DEADLINES, FONCTIONNEMENT_2019, OPTIONAL, PAYMENT_RULES, SIZE_BAND_THRESHOLDS, SOCLE } from './common';
import { bands, eur, val } from './figures';
import type { MissionRule, RuleTable } from './types';

const OBS_2019 =
  'Observé dans deux annexes 2025–26 de CPTS de taille 3 ; supposé inchangé depuis 2019 (référence §5.1 et §5.2).';
const RECALLED = 'Montant de mémoire, aucune source lue : ne jamais afficher comme officiel.';

/** Mission 1 incl. SNP: only the T3 split is derivable (§5.1 notes). */
export const ACCES_2019: MissionRule = {
  status: SOCLE,
  fixed: bands(
    null,
    null,
    eur(85_000, 'U', [8, 22, 27], "D : 370 000 [8] − autres lignes T3 = 120 000 pour la mission 1 (SNP compris) ; − 35 000 de part variable [22, 27]. Répartition probable, non vérifiée."),
    null,
  ),
  variable: bands(
    null,
    null,
    eur(35_000, 'U', [22, 27], "D : variable des missions socles « 97 k€ » [22] = 35 000 + 45 000 + 17 500 ; « quasiment 30 % » de la mission. Non vérifié."),
    null,
  ),
  startWithinMonths: DEADLINES.acces_soins.start,
  deployWithinMonths: DEADLINES.acces_soins.deploy,
  missingFigureHint:
    "la référence ne donne pas la répartition fixe/variable du financement SNP pour cette taille (montants « médecin traitant » non vérifiés)",
};

function obsT3(euros: number): MissionRule['fixed'] {
  return bands(null, null, eur(euros, 'OBS', [27], OBS_2019), null);
}

const MISSIONS_2019_HINT = "la référence n'a de montant observé que pour la taille 3 (autres tailles non vérifiées)";

export const PARCOURS_2019: MissionRule = {
  status: SOCLE,
  fixed: obsT3(45_000),
  variable: obsT3(45_000),
  startWithinMonths: DEADLINES.parcours.start,
  deployWithinMonths: DEADLINES.parcours.deploy,
  missingFigureHint: MISSIONS_2019_HINT,
};

export const PREVENTION_2019: MissionRule = {
  status: SOCLE,
  fixed: obsT3(17_500),
  variable: obsT3(17_500),
  startWithinMonths: DEADLINES.prevention.start,
  deployWithinMonths: DEADLINES.prevention.deploy,
  missingFigureHint: MISSIONS_2019_HINT,
};

export const QUALITE_2019: MissionRule = {
  status: OPTIONAL,
  fixed: obsT3(15_000),
  variable: obsT3(15_000),
  startWithinMonths: null,
  deployWithinMonths: null,
  missingFigureHint: MISSIONS_2019_HINT,
};

export const ACCOMPAGNEMENT_2019: MissionRule = {
  status: OPTIONAL,
  fixed: obsT3(10_000),
  variable: obsT3(10_000),
  startWithinMonths: null,
  deployWithinMonths: null,
  missingFigureHint: MISSIONS_2019_HINT,
};

export const ACI_2019: RuleTable = {
  id: 'aci2019',
  label: 'ACI 2019',
  signedOn: val('2019-06-20', 'S2', [2, 4]),
  inForceOn: val('2019-08-25', 'S1', [5], 'Arrêté du 21 août 2019, JORF n°0196 du 24 août 2019 [1].'),
  summary: 'Tableaux de base : fonctionnement, cinq missions (trois socles, deux optionnelles), financement SNP.',
  fonctionnement: FONCTIONNEMENT_2019,
  missions: {
    acces_soins: ACCES_2019,
    parcours: PARCOURS_2019,
    prevention: PREVENTION_2019,
    qualite: QUALITE_2019,
    accompagnement: ACCOMPAGNEMENT_2019,
  },
  accesComponents: {
    mtFixed: bands(
      eur(15_000, 'U', [], RECALLED),
      eur(17_500, 'U', [], RECALLED),
      eur(25_000, 'U', [], `${RECALLED} T3 : total 50 000 = 300 000 − autres lignes T3 (D).`),
      eur(30_000, 'U', [], RECALLED),
    ),
    mtVariable: bands(
      eur(15_000, 'U', [], RECALLED),
      eur(17_500, 'U', [], RECALLED),
      eur(25_000, 'U', [], `${RECALLED} T3 : total 50 000 = 300 000 − autres lignes T3 (D).`),
      eur(30_000, 'U', [], RECALLED),
    ),
    snpTotal: bands(
      eur(35_000, 'D', [8], 'Maximum SNP compris [8] − maximum hors SNP. Répartition fixe/variable non vérifiée.'),
      eur(50_000, 'D', [8], 'Pourrait être 49 500 si le total « 287 000 » de [8] est exact. Répartition fixe/variable non vérifiée.'),
      eur(70_000, 'D', [8], 'Maximum SNP compris [8] − maximum hors SNP. Répartition fixe/variable non vérifiée.'),
      eur(70_000, 'D', [8], 'Maximum SNP compris [8] − maximum hors SNP. Répartition fixe/variable non vérifiée.'),
    ),
  },
  maxTotals: {
    exclSnp: {
      label: 'Total hors SNP (fonctionnement + 5 missions, atteinte complète)',
      byBand: bands(
        eur(185_000, 'S1', [], "Communiqué de la CPAM de l'Allier du 17 juin 2020 (CPTS Sud Allier)."),
        eur(237_500, 'U', [], 'Montant couramment cité, aucune source primaire lue.'),
        eur(300_000, 'U', [], 'Montant couramment cité ; cohérent avec les lignes T3.'),
        eur(380_000, 'U', [], 'Montant couramment cité, aucune source primaire lue.'),
      ),
    },
    inclSnp: {
      label: 'Total SNP compris',
      byBand: bands(
        eur(220_000, 'S1', [8]),
        eur(287_500, 'S1', [8], 'La source [8] imprime « 287 000 » ; 237 500 + 50 000 = 287 500.'),
        eur(370_000, 'S1', [8]),
        eur(450_000, 'S2', [8, 14, 15]),
      ),
    },
  },
  sizeBands: SIZE_BAND_THRESHOLDS,
  payment: PAYMENT_RULES,
};
