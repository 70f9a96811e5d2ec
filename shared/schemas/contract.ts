// The contract form: the very schema the API checks is the one the form runs before sending.
import { z } from 'zod';
import { compareIso, isIsoDate } from '../dates';
import { MISSION_CODES, MISSION_LABELS, isMissionCode } from '../domain/missions';
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
    endsOn: isoDate('Date de fin'),
    status: z.enum(CONTRACT_STATUSES, { error: 'Statut inconnu.' }).default('actif'),
    missions: z.array(missionChoiceSchema).max(MISSION_CODES.length),
  })
  // Cross-field checks run even when another field is wrong, so the user sees every problem at
  // once; they only compare values that are themselves valid.
  .superRefine((c, ctx) => {
    const date = (v: unknown): v is string => typeof v === 'string' && isIsoDate(v);
    if (date(c.endsOn) && date(c.startsOn) && compareIso(c.endsOn, c.startsOn) <= 0) {
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: "Date de fin : doit être postérieure à la date d'effet." });
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
