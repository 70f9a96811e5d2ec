// The journal of the writes (issue 13): who did what on a contract, when, and what it changed.
// One entry per write API call, recorded in the call's own transaction (electron/api/audit.ts);
// append-only in the database on both engines.
import { z } from 'zod';
import { idSchema } from './schemas/common';
import { formatEuros } from './money';
import { formatDateFr, isIsoDate } from './dates';

export const auditListSchema = z
  .object({
    contractId: idSchema,
    /** The latest entries first; every entry when absent. */
    limit: z.number({ error: 'Nombre d’entrées : 1 à 10 000.' }).int('Nombre d’entrées : 1 à 10 000.').min(1, 'Nombre d’entrées : 1 à 10 000.').max(10_000, 'Nombre d’entrées : 1 à 10 000.').optional(),
  })
  .strict();

export interface AuditEntry {
  id: number;
  /** ISO timestamp (UTC). */
  at: string;
  /** The OS user (a data folder) or the agent's database login (the shared server). */
  author: string;
  /** The agent's name when the login is a registered agent. */
  authorName: string | null;
  method: string;
  summary: string;
  /** JSON: the row the write replaced, when it replaced one. */
  before: string | null;
  /** JSON: what was asked (the input, file contents left out). */
  after: string | null;
}

export interface AuditView {
  contractId: number;
  /** Latest first. */
  entries: AuditEntry[];
  /** Entries of the contract, all of them (entries may be a page). */
  total: number;
}

/** What each write does, in the journal's words. */
export const AUDIT_LABELS: Readonly<Record<string, string>> = {
  'contract.create': 'Contrat créé',
  'contract.update': 'Contrat modifié',
  'contract.archive': 'Contrat archivé',
  'contract.restore': 'Contrat rétabli',
  'envelopes.set': 'Enveloppe fixée',
  'attainment.set': 'Taux d’atteinte saisi',
  'payments.record': 'Versement enregistré',
  'payments.correct': 'Versement corrigé',
  'spending.record': 'Dépense enregistrée',
  'spending.correct': 'Dépense corrigée',
  'budget.set': 'Budget fixé',
  'annex.create': 'Annexe créée',
  'annex.addAction': 'Action ajoutée à l’annexe',
  'annex.addLivrable': 'Livrable ajouté',
  'annex.tickLivrable': 'Livrable daté',
  'annex.addIndicator': 'Indicateur ajouté',
  'annex.importWorkbook': 'Annexe importée d’un classeur Excel',
  'indicator.recordValue': 'Valeur d’indicateur saisie',
  'evidence.add': 'Pièce justificative ajoutée',
  'reviews.create': 'Dialogue de gestion ouvert',
  'reviews.update': 'Dialogue de gestion modifié',
  'reviews.close': 'Dialogue de gestion clos',
  'reviews.addendum': 'Addendum au dialogue',
  'books.setRules': 'Règles d’affectation comptable enregistrées',
  'books.importFec': 'FEC importé',
  'indemnities.import': 'Indemnités importées',
  'indemnities.addProfessional': 'Professionnel inscrit au registre des indemnités',
  'indemnities.updateProfessional': 'Professionnel du registre modifié',
  'indemnities.addEntry': 'Indemnité saisie',
  'exchange.apply': 'Fichier d’échange appliqué',
  'team.assign': 'Contrat attribué à un agent',
};

/** Keys whose values say something in one line (in this order), and how. */
const DETAILS: ReadonlyArray<readonly [key: string, show: (v: unknown) => string | null]> = [
  ['amountCents', (v) => (typeof v === 'number' ? formatEuros(v) : null)],
  ['newAmountCents', (v) => (typeof v === 'number' ? `nouveau montant ${formatEuros(v)}` : null)],
  ['cents', (v) => (typeof v === 'number' ? formatEuros(v) : null)],
  ['cpamRef', (v) => (typeof v === 'string' && v ? `réf. ${v}` : null)],
  ['year', (v) => (typeof v === 'number' ? `année ${v}` : null)],
  ['receivedOn', (v) => (typeof v === 'string' && isIsoDate(v) ? `reçu le ${formatDateFr(v)}` : null)],
  ['correctedOn', (v) => (typeof v === 'string' && isIsoDate(v) ? `le ${formatDateFr(v)}` : null)],
  ['spentOn', (v) => (typeof v === 'string' && isIsoDate(v) ? `le ${formatDateFr(v)}` : null)],
  ['label', (v) => (typeof v === 'string' && v ? `« ${v.slice(0, 80)} »` : null)],
  ['fileName', (v) => (typeof v === 'string' && v ? v.slice(0, 80) : null)],
  ['reason', (v) => (typeof v === 'string' && v ? `motif : ${v.slice(0, 120)}` : null)],
  ['agent', (v) => (typeof v === 'string' && v ? `agent ${v}` : null)],
];

/** "Versement enregistré : 1 234,56 €, réf. VIR-1, reçu le 20/07/2022". */
export function auditSummary(method: string, input: unknown): string {
  const label = AUDIT_LABELS[method] ?? method;
  if (!input || typeof input !== 'object') return label;
  const rec = input as Record<string, unknown>;
  const parts = DETAILS.map(([k, show]) => (Object.hasOwn(rec, k) ? show(rec[k]) : null)).filter((x): x is string => x !== null);
  return parts.length > 0 ? `${label} : ${parts.join(', ')}` : label;
}
