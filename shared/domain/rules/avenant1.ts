/**
 * Avenant 1: not found in any stored source; implied by the numbering (reference §2).
 * Treated as "no CPTS money change": same figures as the ACI 2019. Its dates are unknown (U), so
 * `versionInForceOn` never selects it; it is only used when a contract forces it.
 */
import { ACI_2019 } from './aci2019';
import { val } from './figures';
import type { RuleTable } from './types';

export const AVENANT_1: RuleTable = {
  ...ACI_2019,
  id: 'avenant1',
  label: 'Avenant 1',
  signedOn: val(null, 'U', [], 'Avenant 1 non trouvé ; déduit de la numérotation.'),
  inForceOn: val(null, 'U', [], "Date d'entrée en vigueur inconnue : jamais choisi d'après la date."),
  summary: "Non trouvé ; considéré comme sans effet sur les montants CPTS tant qu'il n'est pas vérifié (mêmes montants que l'ACI 2019).",
};
