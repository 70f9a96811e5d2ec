// Payments received: an append-only ledger. A payment settles tranches of the schedule;
// a correction is a new dated entry that adjusts (or reverses) an earlier one.
// Thin handler: what each tranche still owes and how a payment is split are decided by
// shared/domain/allocation.ts, from figures read inside the call's transaction (dispatch.ts
// opens it with BEGIN IMMEDIATE), and written through electron/db/repo/payments.ts.
import { addYears, compareIso, formatDateFr } from '../../shared/dates';
import { formatEuros } from '../../shared/money';
import { allocateCorrection, allocatePayment, trancheBalance, type AllocationRefusal, type TrancheBalanceInput } from '../../shared/domain/allocation';
import { MAX_MONEY_CENTS } from '../../shared/schemas/common';
import type { ApiParsed } from '../../shared/api';
import type { FundingView, PaymentEntry, PaymentsView, TrancheStatus } from '../../shared/views';
import { allocationsOf, insertPayment, paymentFamily, paymentOf, paymentsOf, receivedTotal } from '../db/repo/payments';
import { AppError, invalid, notFound, type ApiContext } from './context';
import { loadContract, type ContractRecord } from '../db/repo/contracts';
import { fundingView, withCurrentPayments } from './funding';

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

function balances(schedule: readonly TrancheStatus[]): TrancheBalanceInput[] {
  return schedule.map((t) => ({ id: t.id, dueOn: t.dueOn, amountCents: t.amountCents, paidCents: t.paidCents }));
}

/** The refusal of an allocation, on the field it concerns; an excess also names `allowExcess` (the UI then asks for confirmation). */
function refusal(r: AllocationRefusal, amountField: string, amountLabel: string, subject: { cents: number; correction: boolean }): AppError {
  switch (r.reason) {
    case 'duplicate':
      return invalid(`trancheIds.${r.index}`, `Échéances réglées : l’échéance ${r.trancheId} est cochée deux fois.`);
    case 'recoveryOnly':
      return invalid(
        'trancheIds',
        'Échéances réglées : une reprise (montant négatif) se retient sur un versement ; cochez aussi l’échéance sur laquelle la CPAM l’a retenue.',
      );
    case 'recoveryExceeds':
      return invalid(
        'trancheIds',
        `Échéances réglées : la reprise de ${formatEuros(r.recoveryCents)} dépasse ce que doivent encore les autres échéances cochées ` +
          `(${formatEuros(r.owedBeforeRecoveryCents)}) : cochez aussi l’échéance sur laquelle la CPAM la retient.`,
      );
    case 'excess': {
      const what = subject.correction ? `l’augmentation de ${formatEuros(subject.cents)}` : formatEuros(subject.cents);
      const tranches = subject.correction ? 'les échéances de ce versement' : 'les échéances cochées';
      const message =
        r.owedCents <= 0
          ? `${amountLabel} : ${tranches} sont déjà soldées, ${what} serai${subject.correction ? 't' : 'ent'} entièrement un trop-perçu. Confirmez le trop-perçu pour l’enregistrer.`
          : `${amountLabel} : ${what} dépasse${subject.correction ? '' : 'nt'} de ${formatEuros(r.excessCents)} ce que doivent encore ${tranches} ` +
            `(${formatEuros(r.owedCents)}). Confirmez le trop-perçu pour l’enregistrer.`;
      return new AppError('VALIDATION', message, { [amountField]: message, allowExcess: message });
    }
  }
}

/** Plausibility: what a contract received stays under the bound of every money field (sums stay exact). */
async function checkReceivedTotal(ctx: ApiContext, c: ContractRecord, addedCents: number, field: string, label: string): Promise<void> {
  if ((await receivedTotal(ctx.db, c.id)) + addedCents > MAX_MONEY_CENTS) {
    throw invalid(field, `${label} : le total reçu sur ce contrat dépasserait ${formatEuros(MAX_MONEY_CENTS)}, montant invraisemblable.`);
  }
}

export async function listPayments(ctx: ApiContext, input: { contractId: number }): Promise<PaymentsView> {
  const c = await loadContract(ctx.db, input.contractId);
  return paymentsView(ctx, c, await fundingView(ctx, c));
}

async function paymentsView(ctx: ApiContext, c: ContractRecord, view: FundingView): Promise<PaymentsView> {
  const labels = new Map(view.schedule.map((t) => [t.id, t.label]));
  const rows = await paymentsOf(ctx.db, c.id);
  const allocs = await allocationsOf(ctx.db, c.id);
  const payments: PaymentEntry[] = rows.map((r) => {
    const corrections = rows.filter((x) => x.correctsId === r.id);
    return {
      id: r.id,
      receivedOn: r.receivedOn,
      amountCents: r.amountCents,
      cpamRef: r.cpamRef,
      comment: r.comment,
      correctsId: r.correctsId,
      correctedBy: corrections.map((x) => x.id),
      effectiveCents: r.amountCents + corrections.reduce((s, x) => s + x.amountCents, 0),
      allocations: allocs
        .filter((a) => a.paymentId === r.id)
        .map((a) => ({ trancheId: a.trancheId, amountCents: a.amountCents, label: labels.get(a.trancheId) ?? `Échéance ${a.trancheId} (n’existe plus)` })),
      recordedAt: r.recordedAt,
    };
  });
  const schedule = view.schedule.map((t) => ({ ...t, excessCents: trancheBalance(t.amountCents, t.paidCents).excessCents }));
  const received = rows.reduce((s, r) => s + r.amountCents, 0);
  const allocatedToKnown = allocs.filter((a) => labels.has(a.trancheId)).reduce((s, a) => s + a.amountCents, 0);
  return {
    contractId: c.id,
    today: view.today,
    payments,
    schedule,
    totals: view.totals,
    excessCents: schedule.reduce((s, t) => s + t.excessCents, 0),
    unallocatedCents: received - allocatedToKnown,
  };
}

export async function recordPayment(ctx: ApiContext, input: ApiParsed<'payments.record'>): Promise<PaymentsView> {
  const c = await loadContract(ctx.db, input.contractId);
  checkDate('receivedOn', 'Date du versement', input.receivedOn, c, ctx.today());
  const view = await fundingView(ctx, c);
  const named: TrancheBalanceInput[] = [];
  input.trancheIds.forEach((id, i) => {
    const t = view.schedule.find((x) => x.id === id);
    if (!t) throw invalid(`trancheIds.${i}`, `Échéance inconnue : ${id}.`);
    named.push({ id: t.id, dueOn: t.dueOn, amountCents: t.amountCents, paidCents: t.paidCents });
  });
  const split = allocatePayment(input.amountCents, named, { allowExcess: input.allowExcess });
  if (!split.ok) throw refusal(split, 'amountCents', 'Montant du versement', { cents: input.amountCents, correction: false });
  await checkReceivedTotal(ctx, c, input.amountCents, 'amountCents', 'Montant du versement');
  await insertPayment(
    ctx.db,
    { contractId: c.id, receivedOn: input.receivedOn, amountCents: input.amountCents, cpamRef: input.cpamRef, comment: input.comment, correctsId: null },
    split.allocations,
  );
  return paymentsView(ctx, c, await withCurrentPayments(ctx, view));
}

export async function correctPayment(ctx: ApiContext, input: ApiParsed<'payments.correct'>): Promise<PaymentsView> {
  const c = await loadContract(ctx.db, input.contractId);
  const original = await paymentOf(ctx.db, c.id, input.paymentId);
  if (!original) throw notFound(`Versement n° ${input.paymentId}`);
  if (original.correctsId !== null) throw invalid('paymentId', 'Corrigez le versement d’origine, pas une correction.');
  checkDate('correctedOn', 'Date de la correction', input.correctedOn, c, ctx.today(), original.receivedOn);
  const { effectiveCents, net } = await paymentFamily(ctx.db, original.id);
  const delta = input.newAmountCents - effectiveCents;
  if (delta === 0) throw invalid('newAmountCents', `Montant corrigé : identique au montant en vigueur (${formatEuros(effectiveCents)}).`);

  const view = await fundingView(ctx, c);
  const split = allocateCorrection(delta, net, balances(view.schedule), { cancel: input.newAmountCents === 0, allowExcess: input.allowExcess });
  if (!split.ok) {
    if (split.reason === 'noTranche') {
      throw invalid('paymentId', `Le versement n° ${original.id} ne règle aucune échéance connue : enregistrez le complément comme un nouveau versement.`);
    }
    throw refusal(split, 'newAmountCents', 'Montant corrigé', { cents: delta, correction: true });
  }
  if (delta > 0) await checkReceivedTotal(ctx, c, delta, 'newAmountCents', 'Montant corrigé');
  await insertPayment(
    ctx.db,
    {
      contractId: c.id,
      receivedOn: input.correctedOn,
      amountCents: delta,
      cpamRef: original.cpamRef,
      comment: `Correction du versement n° ${original.id} : ${formatEuros(effectiveCents)} → ${formatEuros(input.newAmountCents)}. ${input.reason}`,
      correctsId: original.id,
    },
    split.allocations,
  );
  return paymentsView(ctx, c, await withCurrentPayments(ctx, view));
}

/** What the portfolio shows per contract: due within 60 days, and overdue. */
export async function moneySummary(ctx: ApiContext, c: ContractRecord): Promise<{ dueNext60Cents: number; overdueCents: number }> {
  const view = await fundingView(ctx, c);
  return { dueNext60Cents: view.totals.dueNext60Cents, overdueCents: view.totals.overdueCents };
}
