// Repository of the payments ledger (payment, payment_allocation): the only SQL of the payments
// feature. No transaction of its own: it runs in the API call's unit of work, so what a payment
// decides from (what is paid per tranche, a payment's corrections) is read in its transaction.
import type { IsoDate } from '../../../shared/dates';
import type { Allocation } from '../../../shared/domain/allocation';
import type { Db } from '../connection';

export interface PaymentRow {
  id: number;
  receivedOn: IsoDate;
  amountCents: number;
  cpamRef: string;
  comment: string;
  correctsId: number | null;
  recordedAt: string;
}

export interface AllocationRow extends Allocation {
  paymentId: number;
}

const PAYMENT_COLUMNS = ['id', 'received_on', 'amount_cents', 'cpam_ref', 'comment', 'corrects_payment_id', 'recorded_at'] as const;

function toRow(r: { id: number; received_on: string; amount_cents: number; cpam_ref: string; comment: string; corrects_payment_id: number | null; recorded_at: string }): PaymentRow {
  return {
    id: r.id,
    receivedOn: r.received_on,
    amountCents: r.amount_cents,
    cpamRef: r.cpam_ref,
    comment: r.comment,
    correctsId: r.corrects_payment_id,
    recordedAt: r.recorded_at,
  };
}

export async function paymentsOf(db: Db, contractId: number): Promise<PaymentRow[]> {
  const rows = await db.selectFrom('payment').select(PAYMENT_COLUMNS).where('contract_id', '=', contractId).orderBy('received_on').orderBy('id').execute();
  return rows.map(toRow);
}

export async function allocationsOf(db: Db, contractId: number): Promise<AllocationRow[]> {
  return db
    .selectFrom('payment_allocation')
    .innerJoin('payment', 'payment.id', 'payment_allocation.payment_id')
    .select(['payment_allocation.payment_id as paymentId', 'payment_allocation.tranche_id as trancheId', 'payment_allocation.amount_cents as amountCents'])
    .where('payment.contract_id', '=', contractId)
    .orderBy('payment_allocation.id')
    .execute();
}

export async function paymentOf(db: Db, contractId: number, paymentId: number): Promise<PaymentRow | undefined> {
  const r = await db.selectFrom('payment').select(PAYMENT_COLUMNS).where('contract_id', '=', contractId).where('id', '=', paymentId).executeTakeFirst();
  return r ? toRow(r) : undefined;
}

/** A payment and its corrections: their amounts, and their net allocation per tranche. */
export async function paymentFamily(db: Db, paymentId: number): Promise<{ effectiveCents: number; net: Map<string, number> }> {
  const family = await db
    .selectFrom('payment')
    .select(['id', 'amount_cents'])
    .where((eb) => eb.or([eb('id', '=', paymentId), eb('corrects_payment_id', '=', paymentId)]))
    .execute();
  const allocs = await db
    .selectFrom('payment_allocation')
    .select(['tranche_id', 'amount_cents'])
    .where('payment_id', 'in', family.map((p) => p.id))
    .orderBy('id')
    .execute();
  const net = new Map<string, number>();
  for (const a of allocs) net.set(a.tranche_id, (net.get(a.tranche_id) ?? 0) + a.amount_cents);
  return { effectiveCents: family.reduce((s, p) => s + p.amount_cents, 0), net };
}

/** Sum of every amount received on a contract (payments and their corrections). */
export async function receivedTotal(db: Db, contractId: number): Promise<number> {
  const r = await db
    .selectFrom('payment')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_cents'), eb.val(0)).as('total'))
    .where('contract_id', '=', contractId)
    .executeTakeFirstOrThrow();
  return Number(r.total);
}

export interface NewPayment {
  contractId: number;
  receivedOn: IsoDate;
  amountCents: number;
  cpamRef: string;
  comment: string;
  correctsId: number | null;
}

/** Appends a payment (or a correction) and its allocations; returns its id. */
export async function insertPayment(db: Db, row: NewPayment, allocations: readonly Allocation[]): Promise<number> {
  const p = await db
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
  if (allocations.length > 0) {
    await db
      .insertInto('payment_allocation')
      .values(allocations.map((a) => ({ payment_id: p.id, tranche_id: a.trancheId, amount_cents: a.amountCents })))
      .execute();
  }
  return p.id;
}
