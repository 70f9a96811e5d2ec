// Payments received: an append-only ledger. A payment settles tranches of the schedule;
// a correction is a new dated entry that adjusts (or reverses) an earlier one.
import { addYears, compareIso, formatDateFr } from '../../shared/dates';
import { formatEuros } from '../../shared/money';
import type { ApiParsed } from '../../shared/api';
import type { PaymentEntry, PaymentsView, TrancheStatus } from '../../shared/views';
import { inTransaction, type Db } from '../db/connection';
import { invalid, notFound, type ApiContext } from './context';
import { loadContract, type ContractRecord } from './contracts';
import { fundingView, withCurrentPayments } from './funding';
import type { FundingView } from '../../shared/views';

/** Latest acceptable date of a payment: a year after the contract's end (the last balance and variable part). */
function latestPaymentDate(c: ContractRecord): string {
  return addYears(c.endsOn, 1);
}

function checkDate(field: string, label: string, date: string, c: ContractRecord, today: string, notBefore = c.signedOn): void {
  if (compareIso(date, notBefore) < 0) {
    throw invalid(field, `${label} : antérieure au ${formatDateFr(notBefore)}, en dehors du contrat.`);
  }
  if (compareIso(date, latestPaymentDate(c)) > 0) {
    throw invalid(field, `${label} : postérieure au ${formatDateFr(latestPaymentDate(c))}, en dehors du contrat (soldes compris).`);
  }
  if (compareIso(date, today) > 0) throw invalid(field, `${label} : ne peut être dans le futur.`);
}

interface Alloc {
  trancheId: string;
  amountCents: number;
}

/** Spreads a positive amount over tranches (in due order) up to what each still owes. */
function allocate(amount: number, tranches: TrancheStatus[]): Alloc[] {
  const out: Alloc[] = [];
  let left = amount;
  for (const t of [...tranches].sort((a, b) => compareIso(a.dueOn, b.dueOn))) {
    if (left <= 0) break;
    const take = Math.min(left, Math.max(0, t.outstandingCents));
    if (take > 0) {
      out.push({ trancheId: t.id, amountCents: take });
      left -= take;
    }
  }
  return out;
}

async function insertPayment(
  trx: Db,
  row: { contractId: number; receivedOn: string; amountCents: number; cpamRef: string; comment: string; correctsId: number | null },
  allocs: Alloc[],
): Promise<void> {
  const p = await trx
    .insertInto('payment')
    .values({
      contract_id: row.contractId,
      received_on: row.receivedOn,
      amount_cents: row.amountCents,
      cpam_ref: row.cpamRef,
      comment: row.comment,
      corrects_payment_id: row.correctsId,
      recorded_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const a of allocs) {
    await trx.insertInto('payment_allocation').values({ payment_id: p.id, tranche_id: a.trancheId, amount_cents: a.amountCents }).execute();
  }
}

export async function listPayments(ctx: ApiContext, input: { contractId: number }): Promise<PaymentsView> {
  const c = await loadContract(ctx.db, input.contractId);
  return paymentsView(ctx, c, await fundingView(ctx, c));
}

async function paymentsView(ctx: ApiContext, c: ContractRecord, view: FundingView): Promise<PaymentsView> {
  const labels = new Map(view.schedule.map((t) => [t.id, t.label]));
  const rows = await ctx.db.selectFrom('payment').selectAll().where('contract_id', '=', c.id).orderBy('received_on').orderBy('id').execute();
  const allocs = await ctx.db
    .selectFrom('payment_allocation')
    .innerJoin('payment', 'payment.id', 'payment_allocation.payment_id')
    .select(['payment_allocation.payment_id as paymentId', 'payment_allocation.tranche_id as trancheId', 'payment_allocation.amount_cents as amountCents'])
    .where('payment.contract_id', '=', c.id)
    .orderBy('payment_allocation.id')
    .execute();
  const payments: PaymentEntry[] = rows.map((r) => {
    const corrections = rows.filter((x) => x.corrects_payment_id === r.id);
    return {
      id: r.id,
      receivedOn: r.received_on,
      amountCents: r.amount_cents,
      cpamRef: r.cpam_ref,
      comment: r.comment,
      correctsId: r.corrects_payment_id,
      correctedBy: corrections.map((x) => x.id),
      effectiveCents: r.amount_cents + corrections.reduce((s, x) => s + x.amount_cents, 0),
      allocations: allocs
        .filter((a) => a.paymentId === r.id)
        .map((a) => ({ trancheId: a.trancheId, amountCents: a.amountCents, label: labels.get(a.trancheId) ?? `Échéance ${a.trancheId} (n’existe plus)` })),
      recordedAt: r.recorded_at,
    };
  });
  const received = rows.reduce((s, r) => s + r.amount_cents, 0);
  const allocatedToKnown = allocs.filter((a) => labels.has(a.trancheId)).reduce((s, a) => s + a.amountCents, 0);
  return {
    contractId: c.id,
    today: view.today,
    payments,
    schedule: view.schedule,
    totals: view.totals,
    unallocatedCents: received - allocatedToKnown,
  };
}

export async function recordPayment(ctx: ApiContext, input: ApiParsed<'payments.record'>): Promise<PaymentsView> {
  const c = await loadContract(ctx.db, input.contractId);
  const today = ctx.today();
  checkDate('receivedOn', 'Date du versement', input.receivedOn, c, today);
  const view = await fundingView(ctx, c);
  const chosen: TrancheStatus[] = [];
  input.trancheIds.forEach((id, i) => {
    const t = view.schedule.find((x) => x.id === id);
    if (!t) throw invalid(`trancheIds.${i}`, `Échéance inconnue : ${id}.`);
    chosen.push(t);
  });
  const allocs = allocate(input.amountCents, chosen);
  if (allocs.length === 0) throw invalid('trancheIds', 'Les échéances choisies sont déjà soldées : choisissez une échéance qui reste due.');
  await inTransaction(ctx.db, (trx) =>
    insertPayment(trx, { contractId: c.id, receivedOn: input.receivedOn, amountCents: input.amountCents, cpamRef: input.cpamRef, comment: input.comment, correctsId: null }, allocs),
  );
  return paymentsView(ctx, c, await withCurrentPayments(ctx, view));
}

export async function correctPayment(ctx: ApiContext, input: ApiParsed<'payments.correct'>): Promise<PaymentsView> {
  const c = await loadContract(ctx.db, input.contractId);
  const original = await ctx.db.selectFrom('payment').selectAll().where('id', '=', input.paymentId).where('contract_id', '=', c.id).executeTakeFirst();
  if (!original) throw notFound(`Versement n° ${input.paymentId}`);
  if (original.corrects_payment_id !== null) {
    throw invalid('paymentId', 'Corrigez le versement d’origine, pas une correction.');
  }
  checkDate('correctedOn', 'Date de la correction', input.correctedOn, c, ctx.today(), original.received_on);
  const family = await ctx.db
    .selectFrom('payment')
    .select(['id', 'amount_cents'])
    .where((eb) => eb.or([eb('id', '=', original.id), eb('corrects_payment_id', '=', original.id)]))
    .execute();
  const effective = family.reduce((s, p) => s + p.amount_cents, 0);
  const delta = input.newAmountCents - effective;
  if (delta === 0) throw invalid('newAmountCents', `Montant corrigé : identique au montant en vigueur (${formatEuros(effective)}).`);

  // Net allocation of the original and its corrections, per tranche.
  const familyAllocs = await ctx.db
    .selectFrom('payment_allocation')
    .select(['tranche_id', 'amount_cents'])
    .where('payment_id', 'in', family.map((p) => p.id))
    .orderBy('id')
    .execute();
  const net = new Map<string, number>();
  for (const a of familyAllocs) net.set(a.tranche_id, (net.get(a.tranche_id) ?? 0) + a.amount_cents);

  const view = await fundingView(ctx, c);
  let allocs: Alloc[];
  if (delta < 0) {
    // Take back from the tranches this payment settled, latest first.
    const due = new Map(view.schedule.map((t) => [t.id, t.dueOn]));
    const ids = [...net.keys()].sort((a, b) => compareIso(due.get(b) ?? '9999-12-31', due.get(a) ?? '9999-12-31'));
    allocs = [];
    let left = -delta;
    for (const id of ids) {
      const take = Math.min(left, Math.max(0, net.get(id) ?? 0));
      if (take > 0) {
        allocs.push({ trancheId: id, amountCents: -take });
        left -= take;
      }
    }
  } else {
    allocs = allocate(delta, view.schedule.filter((t) => net.has(t.id)));
  }
  await inTransaction(ctx.db, (trx) =>
    insertPayment(
      trx,
      {
        contractId: c.id,
        receivedOn: input.correctedOn,
        amountCents: delta,
        cpamRef: original.cpam_ref,
        comment: `Correction du versement n° ${original.id} : ${formatEuros(effective)} → ${formatEuros(input.newAmountCents)}. ${input.reason}`,
        correctsId: original.id,
      },
      allocs,
    ),
  );
  return paymentsView(ctx, c, await withCurrentPayments(ctx, view));
}

/** What the portfolio shows per contract: due within 60 days, and overdue. */
export async function moneySummary(ctx: ApiContext, c: ContractRecord): Promise<{ dueNext60Cents: number; overdueCents: number }> {
  const view = await fundingView(ctx, c);
  return { dueNext60Cents: view.totals.dueNext60Cents, overdueCents: view.totals.overdueCents };
}
