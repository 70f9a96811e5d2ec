/**
 * How a payment settles the tranches of the schedule (pure: the API handler reads the tranches and
 * their payments inside its transaction, calls these functions, and writes what they return).
 *
 * Vocabulary, per tranche: `paid` is the sum of its allocations; `outstanding = amount − paid` is
 * what the CPAM still owes on it (signed). A tranche paid above its amount carries a *trop-perçu*
 * (`excess = paid − max(amount, 0)`).
 *
 * Recoveries. An addendum may decide a negative adjustment (kind 'adjustment', amount < 0): money
 * the CPTS owes back. Modelling choice: a recovery is not paid on its own; it **reduces what is
 * owed**. The CPAM withholds it from a payment (compensation): when a payment names a recovery
 * still to withhold along with tranches that are owed, the whole recovery is allocated to it as a
 * negative amount, and the tranches owed receive the payment plus the recovery. Example: 10 000 €
 * owed, a recovery of −2 000 €, a payment of 8 000 € naming both: +10 000 € and −2 000 €, both
 * settled. A payment cannot name a recovery alone, nor one larger than what the other tranches it
 * names still owe (the CPTS would then have to pay back money, which is not a payment received).
 * Cancelling a payment (correction to 0 €) reverses every allocation, so its recovery is to
 * withhold again; a partial reduction takes back from the tranches it paid and keeps the
 * recovery withheld.
 */
import { compareIso, type IsoDate } from '../dates';

/** A tranche of the schedule with what has been paid on it so far. */
export interface TrancheBalanceInput {
  id: string;
  dueOn: IsoDate;
  amountCents: number;
  paidCents: number;
}

export interface Allocation {
  trancheId: string;
  /** Positive: settles the tranche; negative: withholds a recovery, or takes back (a correction). */
  amountCents: number;
}

/** What the CPAM still owes on a tranche (signed) and what it paid above it (trop-perçu, ≥ 0). */
export function trancheBalance(amountCents: number, paidCents: number): { outstandingCents: number; excessCents: number } {
  return { outstandingCents: amountCents - paidCents, excessCents: Math.max(0, paidCents - Math.max(amountCents, 0)) };
}

export type AllocationRefusal =
  /** A tranche named twice (the index of the second occurrence). */
  | { reason: 'duplicate'; index: number; trancheId: string }
  /** Only recoveries named: nothing the payment could settle. */
  | { reason: 'recoveryOnly' }
  /** The recoveries named exceed what the other named tranches still owe. */
  | { reason: 'recoveryExceeds'; recoveryCents: number; owedBeforeRecoveryCents: number }
  /** The payment exceeds what the named tranches still owe, and no trop-perçu was allowed. */
  | { reason: 'excess'; owedCents: number; excessCents: number };

export type AllocationResult =
  | {
      ok: true;
      allocations: Allocation[];
      /** What the named tranches owed before this payment (recoveries withheld). */
      owedCents: number;
      /** The part of the payment above it: a trop-perçu, on the latest tranche it names. */
      excessCents: number;
    }
  | ({ ok: false } & AllocationRefusal);

function byDue(a: TrancheBalanceInput, b: TrancheBalanceInput): number {
  return compareIso(a.dueOn, b.dueOn) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function firstDuplicate(ids: readonly string[]): { index: number; trancheId: string } | null {
  const seen = new Set<string>();
  for (const [index, id] of ids.entries()) {
    if (seen.has(id)) return { index, trancheId: id };
    seen.add(id);
  }
  return null;
}

/**
 * Splits a payment (amount > 0) over the tranches it names: recoveries still to withhold are
 * withheld in full, then the tranches owed are settled in due order up to what each still owes.
 * Above that, the payment is a trop-perçu: refused unless `allowExcess`, and then allocated to the
 * latest-due tranche it names (the one the CPAM paid twice, typically), where it shows as excess.
 */
export function allocatePayment(amountCents: number, named: readonly TrancheBalanceInput[], opts: { allowExcess: boolean }): AllocationResult {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) throw new RangeError(`allocatePayment: positive integer cents expected, got ${amountCents}`);
  const dup = firstDuplicate(named.map((t) => t.id));
  if (dup) return { ok: false, reason: 'duplicate', ...dup };
  const sorted = [...named].sort(byDue);
  const payable = sorted.filter((t) => t.amountCents > 0 || t.amountCents - t.paidCents > 0);
  if (payable.length === 0) return { ok: false, reason: 'recoveryOnly' };

  const recoveries = sorted.filter((t) => t.amountCents < 0 && t.amountCents - t.paidCents < 0);
  const recoveryCents = recoveries.reduce((s, t) => s + (t.paidCents - t.amountCents), 0);
  const owed = sorted.map((t) => ({ t, owes: Math.max(0, t.amountCents - t.paidCents) })).filter((x) => x.owes > 0);
  const owedBeforeRecoveryCents = owed.reduce((s, x) => s + x.owes, 0);
  if (recoveryCents > owedBeforeRecoveryCents) return { ok: false, reason: 'recoveryExceeds', recoveryCents, owedBeforeRecoveryCents };

  const owedCents = owedBeforeRecoveryCents - recoveryCents;
  const excessCents = Math.max(0, amountCents - owedCents);
  if (excessCents > 0 && !opts.allowExcess) return { ok: false, reason: 'excess', owedCents, excessCents };

  const amounts = new Map<string, number>();
  for (const t of recoveries) amounts.set(t.id, t.amountCents - t.paidCents);
  let left = amountCents - excessCents + recoveryCents;
  for (const { t, owes } of owed) {
    const take = Math.min(left, owes);
    if (take <= 0) break;
    amounts.set(t.id, take);
    left -= take;
  }
  if (excessCents > 0) {
    const target = payable[payable.length - 1];
    amounts.set(target.id, (amounts.get(target.id) ?? 0) + excessCents);
  }
  // One allocation per tranche, in due order.
  const allocations = sorted.filter((t) => (amounts.get(t.id) ?? 0) !== 0).map((t) => ({ trancheId: t.id, amountCents: amounts.get(t.id)! }));
  return { ok: true, allocations, owedCents, excessCents };
}

export type CorrectionResult =
  | { ok: true; allocations: Allocation[]; excessCents: number }
  | { ok: false; reason: 'noTranche' }
  | ({ ok: false } & Extract<AllocationRefusal, { reason: 'excess' }>);

/**
 * The allocations of a correction that changes a payment's amount by `deltaCents` (≠ 0).
 * `net` is the payment's net allocation per tranche (original and earlier corrections);
 * `schedule` the contract's tranches with what is paid on each now.
 * - to 0 € (`cancel`): every net allocation is reversed (a withheld recovery is to withhold again);
 * - a reduction takes back first what the payment's tranches received above their amount (the
 *   trop-perçu), then from the latest-due tranche it paid, never below zero on a tranche;
 * - an increase settles the tranches the payment paid, by the rule of `allocatePayment`.
 */
export function allocateCorrection(
  deltaCents: number,
  net: ReadonlyMap<string, number>,
  schedule: readonly TrancheBalanceInput[],
  opts: { cancel: boolean; allowExcess: boolean },
): CorrectionResult {
  if (!Number.isSafeInteger(deltaCents) || deltaCents === 0) throw new RangeError(`allocateCorrection: non-zero integer cents expected, got ${deltaCents}`);
  if (opts.cancel) {
    const allocations = [...net.entries()].filter(([, c]) => c !== 0).map(([trancheId, c]) => ({ trancheId, amountCents: -c }));
    return { ok: true, allocations, excessCents: 0 };
  }
  const tranches = schedule.filter((t) => net.has(t.id)).sort(byDue);
  if (deltaCents > 0) {
    if (tranches.length === 0) return { ok: false, reason: 'noTranche' };
    const r = allocatePayment(deltaCents, tranches, { allowExcess: opts.allowExcess });
    if (r.ok) return { ok: true, allocations: r.allocations, excessCents: r.excessCents };
    if (r.reason === 'excess') return r;
    // Recoveries already withheld leave nothing else to refuse; a recovery still to withhold is left to a later payment.
    const owedOnly = tranches.filter((t) => t.amountCents > 0 || t.amountCents - t.paidCents > 0);
    if (owedOnly.length === 0) return { ok: false, reason: 'noTranche' };
    const again = allocatePayment(deltaCents, owedOnly, { allowExcess: opts.allowExcess });
    if (again.ok) return { ok: true, allocations: again.allocations, excessCents: again.excessCents };
    return again.reason === 'excess' ? again : { ok: false, reason: 'noTranche' };
  }
  // Reduction: what this payment put on each tranche, taken back without going below zero there.
  let left = -deltaCents;
  const back = new Map<string, number>();
  const room = (id: string) => Math.max(0, (net.get(id) ?? 0) - (back.get(id) ?? 0));
  const take = (id: string, max: number) => {
    const n = Math.min(left, room(id), max);
    if (n > 0) {
      back.set(id, (back.get(id) ?? 0) + n);
      left -= n;
    }
  };
  const latestFirst = [...tranches].reverse();
  for (const t of latestFirst) take(t.id, trancheBalance(t.amountCents, t.paidCents).excessCents);
  for (const t of latestFirst) take(t.id, Number.MAX_SAFE_INTEGER);
  // Tranches that no longer exist in the schedule (after a recalculation) come last.
  for (const id of net.keys()) if (!schedule.some((t) => t.id === id)) take(id, Number.MAX_SAFE_INTEGER);
  // Whatever is left was never allocated (an old payment above its tranches): nothing to take back.
  const order = [...tranches.map((t) => t.id), ...[...net.keys()].filter((id) => !tranches.some((t) => t.id === id))];
  const allocations = order.filter((id) => (back.get(id) ?? 0) > 0).map((id) => ({ trancheId: id, amountCents: -back.get(id)! }));
  return { ok: true, allocations, excessCents: 0 };
}

/** Sum of what each tranche was paid, from allocations. */
export function paidPerTranche(allocations: readonly Allocation[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const a of allocations) m.set(a.trancheId, (m.get(a.trancheId) ?? 0) + a.amountCents);
  return m;
}
