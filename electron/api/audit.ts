// The journal of the writes (issue 13), kept by the dispatcher (electron/api/dispatch.ts): before
// a write's handler runs, the contract its input designates is found (and, on the shared server,
// an agent's access to it checked) and the row it will replace is read; after the handler
// succeeded, one entry is added in the same transaction — so a refused or retried call leaves no
// entry, and a committed one exactly one. `audit.list` reads a contract's journal.
import { userInfo } from 'node:os';
import { auditSummary, type AuditView } from '../../shared/audit';
import type { ApiMethod, ApiParsed } from '../../shared/api';
import type { Db } from '../db/connection';
import { isPostgres } from '../db/postgres/retry';
import {
  contractExists,
  contractExistsForAnyone,
  contractOfAction,
  contractOfEvidence,
  contractOfIndicator,
  contractOfLivrable,
  contractOfReview,
  contractRow,
  insertAudit,
  listAudit,
  paymentWithCorrections,
  reviewRow,
  sessionRole,
} from '../db/repo/audit';
import { AppError, notFound, type ApiContext } from './context';

/** Writes that leave no entry: backups (they copy or replace the whole file, journal included), and the demo's removal (the demo contracts' journal goes with them). */
const NOT_JOURNALED: ReadonlySet<string> = new Set(['app.info', 'backup.create', 'backup.inspect', 'backup.restore', 'demo.remove']);

const CONTRACT_BY_ID: ReadonlySet<string> = new Set(['contract.get', 'contract.update', 'contract.archive', 'contract.restore']);

type Input = Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null);

/** The contract an input names itself (contractId, or id for contract.*), without reading anything. */
function namedContract(method: string, input: Input): number | null {
  return num(input.contractId) ?? (CONTRACT_BY_ID.has(method) ? num(input.id) : null);
}

/** The contract an input designates, through the row it names when it does not name the contract. */
async function designatedContract(db: Db, method: string, input: Input): Promise<number | null> {
  const named = namedContract(method, input);
  if (named !== null) return named;
  if (num(input.reviewId) !== null) return contractOfReview(db, num(input.reviewId)!);
  if (num(input.livrableId) !== null) return contractOfLivrable(db, num(input.livrableId)!);
  if (num(input.indicatorId) !== null) return contractOfIndicator(db, num(input.indicatorId)!);
  if (num(input.actionId) !== null) return contractOfAction(db, num(input.actionId)!);
  if (method === 'evidence.get' && num(input.id) !== null) return contractOfEvidence(db, num(input.id)!);
  return null;
}

/**
 * On the shared server, a contract the session's role does not see: refused in French when it
 * exists (row-level security hides it: not assigned), left to the handler's "introuvable" when not.
 */
async function checkAccess(db: Db, contractId: number | null): Promise<void> {
  if (contractId === null || !isPostgres(db)) return;
  if (await contractExists(db, contractId)) return;
  if (await contractExistsForAnyone(db, contractId)) {
    throw new AppError(
      'FORBIDDEN',
      `Contrat n° ${contractId} : il ne vous est pas attribué (compte ${await sessionRole(db)}). ` +
        'Un administrateur de la CPAM peut vous l’attribuer ; rien n’a été lu ni enregistré.',
    );
  }
}

/** A read call: on the shared server, the contract it names must be one the agent may see. */
export async function checkReadAccess(db: Db, method: string, input: unknown): Promise<void> {
  if (!isPostgres(db) || !input || typeof input !== 'object') return;
  await checkAccess(db, namedContract(method, input as Input));
}

/** The journal's author on a data folder: ACI_AUTHOR, or the OS user. On PostgreSQL the server sets its role instead. */
export function localAuthor(env: NodeJS.ProcessEnv = process.env): string {
  const fixed = env.ACI_AUTHOR?.trim();
  if (fixed) return fixed.slice(0, 100);
  try {
    return userInfo().username || 'local';
  } catch {
    return 'local';
  }
}

/** The input as the journal keeps it: file contents replaced by their size, long texts cut. */
export function journalInput(value: unknown, depth = 0): unknown {
  if (depth > 8) return '…';
  if (Array.isArray(value)) return value.slice(0, 500).map((v) => journalInput(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = /base64/i.test(k) && typeof v === 'string' ? `[fichier : ${Math.floor((v.length * 3) / 4).toLocaleString('fr-FR')} octets]` : journalInput(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'string' && value.length > 4000) return `${value.slice(0, 4000)}… [${value.length} caractères]`;
  return value;
}

export interface AuditDraft {
  /** Adds the entry (in the call's transaction), once the handler has succeeded. */
  record(value: unknown): Promise<void>;
}

const NO_ENTRY: AuditDraft = { record: async () => undefined };

/** Before a write's handler: the contract (access checked on PostgreSQL) and the row the write replaces. */
export async function prepareAudit<M extends ApiMethod>(db: Db, method: M, parsed: ApiParsed<M>): Promise<AuditDraft> {
  if (NOT_JOURNALED.has(method)) return NO_ENTRY;
  const input = (parsed && typeof parsed === 'object' ? parsed : {}) as Input;
  const contractId = await designatedContract(db, method, input);
  await checkAccess(db, contractId);
  let before: unknown = null;
  if (CONTRACT_BY_ID.has(method) && contractId !== null) before = await contractRow(db, contractId);
  else if ((method === 'reviews.update' || method === 'reviews.close') && num(input.reviewId) !== null) before = await reviewRow(db, num(input.reviewId)!);
  else if (method === 'payments.correct' && num(input.paymentId) !== null) before = await paymentWithCorrections(db, num(input.paymentId)!);
  return {
    record: async (value: unknown) => {
      // A new contract's id is in the answer.
      let id = contractId;
      if (id === null && value && typeof value === 'object') {
        const v = value as Record<string, unknown>;
        id = method === 'contract.create' ? num(v.id) : num(v.contractId);
      }
      await writeEntry(db, { contractId: id, method, summary: auditSummary(method, input), before, after: journalInput(input) });
    },
  };
}

/** One entry of the journal (also for what is not an API call: `team assign`). */
export async function writeEntry(db: Db, e: { contractId: number | null; method: string; summary: string; before: unknown; after: unknown }): Promise<void> {
  await insertAudit(db, {
    author: localAuthor(),
    at: new Date().toISOString(),
    contractId: e.contractId,
    method: e.method,
    summary: e.summary,
    beforeJson: e.before === null || e.before === undefined ? null : JSON.stringify(e.before),
    afterJson: e.after === null || e.after === undefined ? null : JSON.stringify(e.after),
  });
}

export async function listAuditEntries(ctx: ApiContext, input: ApiParsed<'audit.list'>): Promise<AuditView> {
  await checkAccess(ctx.db, input.contractId);
  if (!(await contractExists(ctx.db, input.contractId))) throw notFound('Contrat');
  const { rows, total } = await listAudit(ctx.db, input.contractId, input.limit);
  return { contractId: input.contractId, entries: rows, total };
}

/** Whether a method's calls are journaled (a write that is not a backup or the demo's removal). */
export function isJournaled(method: string): boolean {
  return !NOT_JOURNALED.has(method);
}

