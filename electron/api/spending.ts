// Budgets and spending per mission and contract year, against what was granted and paid. Thin:
// rows are read and written through electron/db/repo/spending.ts, the rules (what is accepted,
// amounts in force, the granted / budget / paid / spent / remaining view and its warnings) are in
// shared/domain/spending.ts. Entries are a ledger: a correction is a new dated row.
import type { ApiParsed } from '../../shared/api';
import { correctionOf, isRefusal, missionRefusal, spendingRefusal, spendingView, type Refusal } from '../../shared/domain/spending';
import type { SpendingView } from '../../shared/views';
import {
  budgetRecords,
  insertBudget,
  insertSpending,
  insertSpendingCorrection,
  spendingAttachments,
  spendingCorrections,
  spendingRecord,
  spendingRecords,
} from '../db/repo/spending';
import { invalid, notFound, type ApiContext } from './context';
import { loadContract, type ContractRecord } from '../db/repo/contracts';
import { saveEvidence } from './evidence';
import { fundingView } from './funding';

export { UNUSED_ENVELOPE_THRESHOLD_PERCENT } from '../../shared/domain/spending';

function refuse(r: Refusal | null): void {
  if (r) throw invalid(r.field, r.message);
}

async function view(ctx: ApiContext, c: ContractRecord): Promise<SpendingView> {
  const funding = await fundingView(ctx, c);
  return spendingView({
    contractId: c.id,
    today: ctx.today(),
    years: funding.result.years,
    schedule: funding.schedule,
    records: await spendingRecords(ctx.db, c.id),
    corrections: await spendingCorrections(ctx.db, c.id),
    attachments: await spendingAttachments(ctx.db, c.id),
    budgets: await budgetRecords(ctx.db, c.id),
  });
}

export async function getSpending(ctx: ApiContext, input: { contractId: number }): Promise<SpendingView> {
  return view(ctx, await loadContract(ctx.db, input.contractId));
}

export async function recordSpending(ctx: ApiContext, input: ApiParsed<'spending.record'>): Promise<SpendingView> {
  const c = await loadContract(ctx.db, input.contractId);
  refuse(spendingRefusal(c, input, ctx.today()));
  const spendingId = await insertSpending(ctx.db, {
    contractId: c.id,
    spentOn: input.spentOn,
    mission: input.mission,
    category: input.category,
    amountCents: input.amountCents,
    documentRef: input.documentRef,
    comment: input.comment,
  });
  if (input.attachment) await saveEvidence(ctx, { contractId: c.id, spendingId }, input.attachment, 'attachment');
  return view(ctx, c);
}

export async function correctSpending(ctx: ApiContext, input: ApiParsed<'spending.correct'>): Promise<SpendingView> {
  const c = await loadContract(ctx.db, input.contractId);
  const entry = await spendingRecord(ctx.db, c.id, input.spendingId);
  if (!entry) throw notFound(`Dépense n° ${input.spendingId}`);
  const corrected = correctionOf(c, entry, await spendingCorrections(ctx.db, c.id, entry.id), input, ctx.today());
  if (isRefusal(corrected)) throw invalid(corrected.field, corrected.message);
  const correctionId = await insertSpendingCorrection(ctx.db, {
    contractId: c.id,
    spendingId: entry.id,
    correctedOn: input.correctedOn,
    deltaCents: corrected.deltaCents,
    reason: input.reason,
  });
  if (input.attachment) await saveEvidence(ctx, { contractId: c.id, spendingCorrectionId: correctionId }, input.attachment, 'attachment');
  return view(ctx, c);
}

export async function setBudget(ctx: ApiContext, input: ApiParsed<'budget.set'>): Promise<SpendingView> {
  const c = await loadContract(ctx.db, input.contractId);
  refuse(missionRefusal(c, input.mission));
  await insertBudget(ctx.db, { contractId: c.id, year: input.year, mission: input.mission, cents: input.cents });
  return view(ctx, c);
}
