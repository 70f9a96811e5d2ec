// The demo's yearly annexes and dialogues de gestion: for each contract, the last completed year
// has a full annex with values, ticked livrables, evidence and a closed annual review (with a
// target revision); the current year starts as a copy with some values and a draft
// intermediate review.
import type { ApiContext } from '../api/context';
import { invoke } from '../api/dispatch';
import type { ApiInput } from '../../shared/api';
import { addDays, addMonths, compareIso, minIso } from '../../shared/dates';
import { contractYearOf } from '../../shared/domain/contractYears';
import type { MissionCode } from '../../shared/domain/missions';
import type { AnnexView, IndicatorRow } from '../../shared/indicatorViews';

type IndicatorSeed = Omit<ApiInput<'annex.addIndicator'>, 'actionId'> & { values: [number | string, number | string] };
interface ActionSeed {
  label: string;
  livrables: string[];
  indicators: IndicatorSeed[];
}

const E = (euros: number) => euros * 100;

/** Taille 3 annex shaped like the real one (reference §5 and §7). */
const T3_ANNEX: Partial<Record<MissionCode, ActionSeed[]>> = {
  acces_soins: [
    {
      label: 'Faciliter l’accès à un médecin traitant',
      livrables: ['Requête CPAM des patients en ALD sans médecin traitant', 'Liste des médecins volontaires'],
      indicators: [
        { label: 'Patients en ALD sans médecin traitant', kind: 'result', unit: 'count', baseline: 219, baselineOn: '2023-12-31', source: 'cpam', direction: 'lower', payment: 'paliers', paliers: [{ label: 'socle', threshold: 219, amountCents: E(3_000) }, { label: 'intermédiaire', threshold: 100, amountCents: E(6_000) }, { label: 'objectif', threshold: 50, amountCents: E(9_000) }], values: [120, 85] },
        { label: 'Patients de 70 ans et plus sans médecin traitant', kind: 'result', unit: 'count', baseline: 410, source: 'cpam', direction: 'lower', payment: 'paliers', paliers: [{ label: 'socle', threshold: 400, amountCents: E(3_000) }, { label: 'intermédiaire', threshold: 300, amountCents: E(6_000) }, { label: 'objectif', threshold: 200, amountCents: E(9_000) }], values: [310, 260] },
        { label: 'Partenariat signé avec la CPAM', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: E(5_000), values: ['oui', 'oui'] },
      ],
    },
    {
      label: 'Participation au SAS',
      livrables: ['Tableau des médecins inscrits au SAS', 'Bilan trimestriel des demandes honorées'],
      indicators: [{ label: 'Médecins participant au SAS', kind: 'result', unit: 'count', baseline: 8, source: 'cpam', direction: 'higher', payment: 'linear', amountCents: E(12_000), target: 25, values: [18, 22] }],
    },
  ],
  parcours: [
    {
      label: 'Parcours diabète',
      livrables: ['Parcours rédigé et diffusé', 'Feuilles d’émargement des réunions'],
      indicators: [
        { label: 'Parcours diabète rédigé et diffusé', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: E(15_000), values: ['oui', 'oui'] },
        { label: 'Professionnels utilisant les parcours', kind: 'result', unit: 'count', baseline: 5, source: 'cpts', direction: 'higher', payment: 'linear', amountCents: E(15_000), target: 40, values: [28, 33] },
      ],
    },
    {
      label: 'Parcours insuffisance cardiaque',
      livrables: ['Parcours rédigé', 'Compte rendu de la revue annuelle'],
      indicators: [{ label: 'Parcours insuffisance cardiaque rédigé', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: E(15_000), values: ['non', 'oui'] }],
    },
  ],
  prevention: [
    {
      label: 'Dépistages organisés des cancers',
      livrables: ['Requête CPAM des taux de dépistage', 'Convention CPAM dépistage colorectal signée'],
      indicators: [
        { label: 'Taux de dépistage du cancer du sein', kind: 'result', unit: 'percentage', baseline: '66,26', baselineOn: '2023-12-31', source: 'cpam', direction: 'higher', payment: 'paliers', paliers: [{ label: 'socle', threshold: '69,70', amountCents: E(1_000) }, { label: 'intermédiaire', threshold: '72,40', amountCents: E(2_500) }, { label: 'objectif', threshold: 75, amountCents: E(3_500) }], values: ['72,9', '73,1'] },
        { label: 'Taux de dépistage du cancer du col de l’utérus', kind: 'result', unit: 'percentage', baseline: '58,10', source: 'cpam', direction: 'higher', payment: 'paliers', paliers: [{ label: 'socle', threshold: 60, amountCents: E(1_000) }, { label: 'intermédiaire', threshold: 63, amountCents: E(2_500) }, { label: 'objectif', threshold: 66, amountCents: E(3_500) }], values: ['60,4', '61,2'] },
        { label: 'Taux de dépistage du cancer colorectal', kind: 'result', unit: 'percentage', baseline: '31,50', source: 'cpam', direction: 'higher', payment: 'paliers', paliers: [{ label: 'socle', threshold: 34, amountCents: E(1_000) }, { label: 'intermédiaire', threshold: 37, amountCents: E(2_500) }, { label: 'objectif', threshold: 40, amountCents: E(3_500) }], values: ['32,8', '33,9'] },
        { label: 'Convention CPAM dépistage colorectal signée', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: E(500), values: ['oui', 'oui'] },
        { label: 'Action « Juin vert » organisée', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: E(1_000), values: ['non', 'oui'] },
      ],
    },
    {
      label: 'Programme de prévention en milieu scolaire',
      livrables: ['Programme des interventions', 'Attestations des établissements'],
      indicators: [
        { label: 'Thèmes d’intervention réalisés (sur 5)', kind: 'action', unit: 'count', source: 'cpts', direction: 'higher', payment: 'linear', amountCents: E(4_500), target: 5, values: [3, 4] },
        { label: 'Réunions d’information des parents (sur 2)', kind: 'action', unit: 'count', source: 'cpts', direction: 'higher', payment: 'linear', amountCents: E(1_000), target: 2, values: [1, 1] },
      ],
    },
  ],
  qualite: [
    {
      label: 'Réunions pluriprofessionnelles de qualité',
      livrables: ['Comptes rendus des réunions'],
      indicators: [
        { label: 'Réunions pluriprofessionnelles avec compte rendu', kind: 'action', unit: 'count', source: 'cpts', direction: 'higher', payment: 'linear', amountCents: E(10_000), target: 6, values: [5, 6] },
        { label: 'Revue de pertinence des prescriptions réalisée', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: E(5_000), values: ['oui', 'non'] },
      ],
    },
  ],
  accompagnement: [
    {
      label: 'Accueil des stagiaires et aide à l’installation',
      livrables: ['Conventions de stage', 'Liste des professionnels accompagnés'],
      indicators: [
        { label: 'Stagiaires accueillis', kind: 'result', unit: 'count', source: 'cpts', direction: 'higher', payment: 'linear', amountCents: E(6_000), target: 8, values: [6, 7] },
        { label: 'Professionnels aidés à s’installer', kind: 'result', unit: 'count', source: 'cpts', direction: 'higher', payment: 'linear', amountCents: E(4_000), target: 3, values: [2, 1] },
      ],
    },
  ],
  crise_sanitaire: [
    {
      label: 'Plan de réponse aux situations sanitaires exceptionnelles',
      livrables: ['Plan sur le modèle national', 'Désignation du référent SSE'],
      indicators: [{ label: 'Plan rédigé et mis à jour', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: 0, values: ['oui', 'oui'] }],
    },
  ],
};

/** Other sizes: one action per mission, a result indicator (60 %) and an action indicator (40 %). */
function genericAnnex(code: MissionCode, variableCents: number): ActionSeed[] {
  if (code === 'crise_sanitaire') return T3_ANNEX.crise_sanitaire!;
  const result = Math.round((variableCents * 60) / 100);
  return [
    {
      label: code === 'acces_soins' ? 'Faciliter l’accès à un médecin traitant' : 'Action principale de la mission',
      livrables: ['Comptes rendus des réunions', 'Tableau de suivi transmis à la CPAM'],
      indicators: [
        { label: code === 'acces_soins' ? 'Patients en ALD sans médecin traitant' : 'Professionnels impliqués dans la mission', kind: 'result', unit: 'count', baseline: code === 'acces_soins' ? 150 : 4, source: code === 'acces_soins' ? 'cpam' : 'cpts', direction: code === 'acces_soins' ? 'lower' : 'higher', payment: 'linear', amountCents: result, target: code === 'acces_soins' ? 60 : 30, values: code === 'acces_soins' ? [95, 80] : [21, 26] },
        { label: 'Livrables de l’action remis à la CPAM', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: variableCents - result, values: ['oui', 'non'] },
      ],
    },
  ];
}

const EVIDENCE_TEXT = (what: string) =>
  Buffer.from(`Pièce justificative (démonstration)\n${what}\nDocument fictif produit par le portefeuille de démonstration ACI CPTS.\n`, 'utf8').toString('base64');

async function fillAnnex(ctx: ApiContext, contractId: number, year: number, sizeBand: number, variable: (c: MissionCode) => number | null, missions: MissionCode[]): Promise<void> {
  for (const code of missions) {
    const seeds = sizeBand === 3 ? T3_ANNEX[code] : genericAnnex(code, variable(code) ?? 0);
    for (const a of seeds ?? []) {
      const annex = await invoke(ctx, 'annex.addAction', { contractId, year, mission: code, label: a.label });
      const action = annex.missions.find((m) => m.code === code)!.actions.find((x) => x.label === a.label)!;
      for (const l of a.livrables) await invoke(ctx, 'annex.addLivrable', { actionId: action.id, label: l });
      for (const ind of a.indicators) {
        const { values: _v, ...rest } = ind;
        await invoke(ctx, 'annex.addIndicator', { ...rest, actionId: action.id });
      }
    }
  }
}

function seedFor(label: string): IndicatorSeed | undefined {
  for (const actions of Object.values(T3_ANNEX)) for (const a of actions ?? []) for (const i of a.indicators) if (i.label === label) return i;
  for (const code of ['acces_soins', 'parcours'] as const) for (const a of genericAnnex(code, 100)) for (const i of a.indicators) if (i.label === label) return i;
  return undefined;
}

function allIndicators(annex: AnnexView): IndicatorRow[] {
  return annex.missions.flatMap((m) => m.actions.flatMap((a) => a.indicators));
}

/** Records values (index 0: last completed year, 1: current year), livrables and evidence. */
async function recordValues(ctx: ApiContext, contractId: number, annex: AnnexView, which: 0 | 1, measuredOn: string, share: number): Promise<void> {
  const inds = allIndicators(annex);
  const count = Math.ceil(inds.length * share);
  for (const ind of inds.slice(0, count)) {
    const seed = seedFor(ind.label);
    if (!seed) continue;
    await invoke(ctx, 'indicator.recordValue', { indicatorId: ind.id, value: seed.values[which], measuredOn, comment: ind.source === 'cpam' ? 'Requête CPAM' : 'Déclaration de la CPTS' });
    if (which === 0 || ind.payment === 'paliers') {
      await invoke(ctx, 'evidence.add', { contractId, indicatorId: ind.id, livrableId: null, fileName: `justificatif-${ind.id}.txt`, contentBase64: EVIDENCE_TEXT(ind.label) });
    }
  }
  const livrables = annex.missions.flatMap((m) => m.actions.flatMap((a) => a.livrables));
  for (const [k, l] of livrables.entries()) {
    if (which === 1 && k % 2 === 1) continue; // current year: livrables partly ticked
    await invoke(ctx, 'annex.tickLivrable', { livrableId: l.id, doneOn: measuredOn });
    if (k % 3 === 0) await invoke(ctx, 'evidence.add', { contractId, livrableId: l.id, indicatorId: null, fileName: `${l.label.slice(0, 40)}.txt`, contentBase64: EVIDENCE_TEXT(l.label) });
  }
}

const PARTICIPANTS = (cpam: string, ars: string) => [
  { name: 'Claire Martin', organisation: 'CPTS' as const, role: 'Présidente' },
  { name: 'Julien Petit', organisation: 'CPTS' as const, role: 'Coordinateur' },
  { name: 'Sophie Bernard', organisation: 'CPAM' as const, role: `Référente CPTS, ${cpam}` },
  { name: 'Marc Durand', organisation: 'ARS' as const, role: `Délégation départementale, ${ars}` },
];

export async function seedDemoAnnexes(ctx: ApiContext, contractIds: number[]): Promise<void> {
  const today = ctx.today();
  for (const contractId of contractIds) {
    const c = await invoke(ctx, 'contract.get', { id: contractId });
    const current = contractYearOf(c.signedOn, today);
    if (current === null || current < 2) continue;
    const done = current - 1;
    const funding = await invoke(ctx, 'funding.get', { contractId });
    const started = c.missions.filter((m) => m.startedOn && compareIso(m.startedOn, funding.result.years[done - 1].to) <= 0).map((m) => m.code);
    const empty = await invoke(ctx, 'annex.create', { contractId, year: done, copyFromYear: null });
    const variable = (code: MissionCode) => empty.missions.find((m) => m.code === code)?.variableEnvelopeCents ?? null;
    await fillAnnex(ctx, contractId, done, c.sizeBand, variable, started);
    const yearDone = funding.result.years[done - 1];
    let annex = await invoke(ctx, 'annex.get', { contractId, year: done });
    await recordValues(ctx, contractId, annex, 0, addDays(yearDone.to, -45), 1);
    annex = await invoke(ctx, 'annex.get', { contractId, year: done });

    // Closed annual review of the completed year.
    const heldOn = addDays(yearDone.to, -20);
    const review = await invoke(ctx, 'reviews.create', { contractId, year: done, kind: 'annual', heldOn, place: `Locaux de la ${c.cpam}`, agenda: 'Bilan des indicateurs de l’année, validation de la part variable, cibles de l’année suivante.' });
    const inds = allIndicators(annex);
    const revised = inds.find((i) => i.payment === 'linear' && i.target !== null);
    await invoke(ctx, 'reviews.update', {
      reviewId: review.id,
      participants: PARTICIPANTS(c.cpam, c.ars),
      summary: 'Année globalement conforme aux engagements ; effort à poursuivre sur la prévention.',
      indicators: inds.map((i) => {
        const v = i.value?.value ?? 0;
        const earnedAll = i.earned.cents === i.maxCents;
        return { indicatorId: i.id, presented: v / 100, validated: v / 100, status: earnedAll ? 'atteint' : i.earned.cents ? 'partiel' : 'non_atteint', comment: earnedAll ? '' : 'Objectif reconduit.' };
      }),
      decisions: [
        ...(revised ? [{ kind: 'target_revision' as const, text: `Cible de l’indicateur « ${revised.label} » relevée pour l’année suivante.`, indicatorId: revised.id, newTarget: (revised.target! / 100) * 1.2 }] : []),
        { kind: 'other' as const, text: 'Part variable validée selon les valeurs arrêtées en séance.' },
      ],
    });
    await invoke(ctx, 'reviews.close', { reviewId: review.id });

    // Current year: the annex as a copy (created by the closing if a target was revised).
    const currentAnnex = await invoke(ctx, 'annex.get', { contractId, year: current });
    if (!currentAnnex.exists) await invoke(ctx, 'annex.create', { contractId, year: current, copyFromYear: done });
    const fresh = await invoke(ctx, 'annex.get', { contractId, year: current });
    const yearNow = funding.result.years[current - 1];
    await recordValues(ctx, contractId, fresh, 1, minIso(addMonths(yearNow.from, 5), today), 0.6);
    const mid = addMonths(yearNow.from, 6);
    const draft = await invoke(ctx, 'reviews.create', { contractId, year: current, kind: 'intermediate', heldOn: mid, place: 'Visioconférence', agenda: 'Avancement des actions, difficultés, ajustements.' });
    await invoke(ctx, 'reviews.update', { reviewId: draft.id, participants: PARTICIPANTS(c.cpam, c.ars).slice(1, 3) });
  }
}
