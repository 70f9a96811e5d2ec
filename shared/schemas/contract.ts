// The contract form: the very schema the API checks is the one the form runs before sending.
import { z } from 'zod';
import { addYears, compareIso, formatDateFr, isIsoDate, type IsoDate } from '../dates';
import { MISSION_CODES, MISSION_LABELS, isMissionCode } from '../domain/missions';
import { contractEndsOn } from '../domain/contractYears';
import { ACI_2019 } from '../domain/rules';
import { idSchema, isoDate, optionalIsoDate, requiredText, wholeNumber } from './common';

export const CONTRACT_STATUSES = ['en_preparation', 'actif', 'suspendu', 'termine', 'resilie'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const CONTRACT_STATUS_LABELS: Record<ContractStatus, string> = {
  en_preparation: 'En préparation',
  actif: 'En cours',
  suspendu: 'Suspendu',
  termine: 'Terminé',
  resilie: 'Résilié',
};

/**
 * Where a contract stands in time, derived (never stored): "actif" until its end date, "echu"
 * after it, "archive" once archived (out of the portfolio and its totals, restorable). The user's
 * own `status` (en cours, suspendu, résilié…) is shown beside it.
 */
export const CONTRACT_LIFECYCLES = ['actif', 'echu', 'archive'] as const;
export type ContractLifecycle = (typeof CONTRACT_LIFECYCLES)[number];
export const CONTRACT_LIFECYCLE_LABELS: Record<ContractLifecycle, string> = {
  actif: 'Actif',
  echu: 'Échu',
  archive: 'Archivé',
};

/** The portfolio's status filter: "portefeuille" (default) = actifs and échus, archived ones left out. */
export const PORTFOLIO_FILTERS = ['portefeuille', 'actifs', 'echus', 'archives', 'tous'] as const;
export type PortfolioFilter = (typeof PORTFOLIO_FILTERS)[number];
export const PORTFOLIO_FILTER_LABELS: Record<PortfolioFilter, string> = {
  portefeuille: 'Actifs et échus',
  actifs: 'Actifs',
  echus: 'Échus',
  archives: 'Archivés',
  tous: 'Tous (archivés compris)',
};

export function lifecycleOf(c: { endsOn: IsoDate; archivedAt: string | null }, today: IsoDate): ContractLifecycle {
  if (c.archivedAt !== null) return 'archive';
  return compareIso(today, c.endsOn) > 0 ? 'echu' : 'actif';
}

export function matchesFilter(lifecycle: ContractLifecycle, filter: PortfolioFilter): boolean {
  switch (filter) {
    case 'portefeuille':
      return lifecycle !== 'archive';
    case 'actifs':
      return lifecycle === 'actif';
    case 'echus':
      return lifecycle === 'echu';
    case 'archives':
      return lifecycle === 'archive';
    case 'tous':
      return true;
  }
}

/** The ACI came into force on 25 August 2019 (rule table, S1 [5]): no contract is signed before. */
export const EARLIEST_SIGNATURE: IsoDate = ACI_2019.inForceOn.value ?? '2019-08-25';

/** Latest signature date accepted on `today`: one year ahead (a contract being prepared). */
export function latestSignature(today: IsoDate): IsoDate {
  return addYears(today, 1);
}

export const SIGNATURE_TOO_EARLY = `Date de signature : pas avant le ${formatDateFr(EARLIEST_SIGNATURE)} (entrée en vigueur de l’ACI).`;

export function signatureTooLate(today: IsoDate): string {
  return `Date de signature : pas après le ${formatDateFr(latestSignature(today))} (un an après aujourd’hui).`;
}

/** Socle in every text version: these three cannot be left out of a contract. */
export const ALWAYS_SOCLE = ['acces_soins', 'parcours', 'prevention'] as const;

const missionCode = z.enum(MISSION_CODES, { error: 'Mission inconnue.' });

export const missionChoiceSchema = z.object({
  code: missionCode,
  startedOn: optionalIsoDate('Démarrage de la mission'),
  deployedOn: optionalIsoDate('Déploiement de la mission'),
});

const SIRET = /^\d{14}$/;
const DEPARTEMENT = /^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$/;

export const contractInputSchema = z
  .object({
    name: requiredText('Nom de la CPTS'),
    legalName: requiredText("Raison sociale de l'association"),
    siret: z
      .union([z.string(), z.null()])
      .optional()
      .transform((s) => (s == null ? '' : s.replace(/\s/g, '')))
      .refine((s) => s === '' || SIRET.test(s), 'SIRET : 14 chiffres attendus.'),
    departement: z
      .string({ error: 'Département : champ obligatoire.' })
      .trim()
      .toUpperCase()
      .refine((s) => s !== '', 'Département : champ obligatoire.')
      .refine((s) => s === '' || DEPARTEMENT.test(s), 'Département : code invalide (ex. 74, 2A, 971).'),
    communes: z
      .union([z.string(), z.array(z.string())])
      .transform((v) =>
        (Array.isArray(v) ? v : v.split(/[,;\n]/))
          .map((c) => c.trim())
          .filter((c) => c !== ''),
      )
      .refine((list) => list.length > 0, 'Communes : au moins une commune.')
      .refine((list) => list.length <= 500, 'Communes : 500 au plus.'),
    population: wholeNumber('Population couverte', { max: 20_000_000 }),
    populationAsOf: isoDate('Date du chiffre de population'),
    cpam: requiredText('CPAM'),
    ars: requiredText('ARS'),
    signedOn: isoDate('Date de signature'),
    startsOn: isoDate("Date d'effet"),
    // No end date: it is derived from the signature (contractEndsOn, 5 years), never typed.
    status: z.enum(CONTRACT_STATUSES, { error: 'Statut inconnu.' }).default('actif'),
    missions: z.array(missionChoiceSchema).max(MISSION_CODES.length),
  })
  // Cross-field checks run even when another field is wrong, so the user sees every problem at
  // once; they only compare values that are themselves valid.
  .superRefine((c, ctx) => {
    const date = (v: unknown): v is string => typeof v === 'string' && isIsoDate(v);
    if (date(c.signedOn) && compareIso(c.signedOn, EARLIEST_SIGNATURE) < 0) {
      ctx.addIssue({ code: 'custom', path: ['signedOn'], message: SIGNATURE_TOO_EARLY });
    }
    if (date(c.startsOn) && date(c.signedOn) && compareIso(c.startsOn, contractEndsOn(c.signedOn)) >= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['startsOn'],
        message: `Date d'effet : doit précéder la fin du contrat (${formatDateFr(contractEndsOn(c.signedOn))}, 5 ans après la signature).`,
      });
    }
    if (date(c.startsOn) && date(c.signedOn) && compareIso(c.startsOn, c.signedOn) < 0) {
      ctx.addIssue({ code: 'custom', path: ['startsOn'], message: "Date d'effet : ne peut précéder la signature." });
    }
    const seen = new Set<string>();
    const missions = Array.isArray(c.missions) ? c.missions : [];
    missions.forEach((m, i) => {
      if (!m || typeof m !== 'object' || !isMissionCode(m.code)) return;
      if (seen.has(m.code)) {
        ctx.addIssue({ code: 'custom', path: ['missions', i, 'code'], message: `${MISSION_LABELS[m.code]} : mission en double.` });
      }
      seen.add(m.code);
      if (date(m.startedOn) && date(c.signedOn) && compareIso(m.startedOn, c.signedOn) < 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['missions', i, 'startedOn'],
          message: `${MISSION_LABELS[m.code]} : le démarrage ne peut précéder la signature.`,
        });
      }
      if (m.deployedOn && !m.startedOn) {
        ctx.addIssue({
          code: 'custom',
          path: ['missions', i, 'deployedOn'],
          message: `${MISSION_LABELS[m.code]} : indiquez d'abord la date de démarrage.`,
        });
      }
      if (date(m.deployedOn) && date(m.startedOn) && compareIso(m.deployedOn, m.startedOn) < 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['missions', i, 'deployedOn'],
          message: `${MISSION_LABELS[m.code]} : le déploiement ne peut précéder le démarrage.`,
        });
      }
    });
    for (const code of ALWAYS_SOCLE) {
      if (!seen.has(code)) {
        ctx.addIssue({ code: 'custom', path: ['missions'], message: `${MISSION_LABELS[code]} : mission socle obligatoire.` });
      }
    }
  }, { when: () => true });

export type ContractInput = z.input<typeof contractInputSchema>;
export type ContractData = z.output<typeof contractInputSchema>;

export const contractUpdateSchema = z.object({ id: idSchema, data: contractInputSchema });
