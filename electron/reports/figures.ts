// Figures the reports derive from the API views: per contract year, what is due (by kind of
// funding), paid and outstanding. Integer cents; nothing here rounds.
import type { MissionRow } from '../../shared/api';
import type { IsoDate } from '../../shared/dates';
import type { TrancheKind } from '../../shared/domain/funding';
import { TEXT_VERSION_LABELS } from '../../shared/domain/rules';
import type { FundingView, PaymentsView, TrancheStatus } from '../../shared/views';

export interface YearFigures {
  year: number;
  from: IsoDate;
  to: IsoDate;
  textVersionLabel: string;
  sizeBand: number;
  /** The population the year's size band comes from. */
  population: number;
  /** null = refused by the engine (no figure to compute from). */
  fonctionnementCents: number | null;
  fixedCents: number;
  variableCents: number;
  dueCents: number;
  paidCents: number;
  outstandingCents: number;
  /** Pending variable parts, refusals: why a figure is missing or may still change. */
  notes: string[];
  /** false: a line was refused (missing figure), the year's total is partial. */
  complete: boolean;
  /** Number of refused lines (missing amounts) the total leaves out. */
  missingCount: number;
  /** The year's annual dialogue is closed: its variable part is the stored figure ("année arrêtée"). */
  closed: boolean;
}

/** "partiel : 2 montants manquants" — how a total that leaves refused lines out is labelled. */
export function partialLabel(missing: number): string {
  return `partiel : ${missing} montant${missing > 1 ? 's' : ''} manquant${missing > 1 ? 's' : ''}`;
}

const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);

export function yearFigures(view: FundingView): YearFigures[] {
  // Paid and outstanding by year in one pass over the échéancier (the portfolio workbook does
  // this for 1 000 contracts: one filter per year cost as much as the sums).
  const paidByYear = new Map<number, number>();
  const outstandingByYear = new Map<number, number>();
  for (const t of view.schedule) {
    paidByYear.set(t.year, (paidByYear.get(t.year) ?? 0) + t.paidCents);
    outstandingByYear.set(t.year, (outstandingByYear.get(t.year) ?? 0) + t.outstandingCents);
  }
  return view.result.years.map((y) => {
    const pending = y.missions.filter((m) => m.variableStatus === 'pending').map((m) => m.label);
    const notes = [
      ...(y.closed ? ['Année arrêtée : part variable fixée au dialogue annuel clos.'] : []),
      ...(y.refusals.length > 0 ? [`Total ${partialLabel(y.refusals.length)}.`] : []),
      ...(y.fonctionnementPending ? ['Fonctionnement en attente du démarrage d’une mission.'] : []),
      ...(pending.length > 0 ? [`Part variable en attente du dialogue de gestion : ${pending.join(', ')}.`] : []),
      ...y.refusals.map((r) => r.message),
    ];
    return {
      year: y.year,
      from: y.from,
      to: y.to,
      textVersionLabel: TEXT_VERSION_LABELS[y.textVersion],
      sizeBand: y.sizeBand,
      population: y.population,
      fonctionnementCents: y.fonctionnementCents,
      fixedCents: sum(y.missions.map((m) => m.fixedCents ?? 0)),
      variableCents: sum(y.missions.map((m) => m.variableCents ?? 0)),
      dueCents: y.totalCents,
      paidCents: paidByYear.get(y.year) ?? 0,
      outstandingCents: outstandingByYear.get(y.year) ?? 0,
      notes,
      complete: y.complete,
      missingCount: y.refusals.length,
      closed: y.closed,
    };
  });
}

export const TRANCHE_KIND_LABELS: Record<TrancheKind, string> = {
  fonctionnement: 'Fonctionnement',
  advance: 'Avance part fixe',
  balance: 'Solde part fixe',
  variable: 'Part variable',
  adjustment: 'Ajustement (addendum)',
};

/** One payment line of a year's statement: a payment's share allocated to one tranche of the year. */
export interface YearPaymentLine {
  paymentId: number;
  receivedOn: IsoDate;
  cpamRef: string;
  /** The whole transfer (a transfer may settle tranches of several years). */
  transferCents: number;
  trancheLabel: string;
  amountCents: number;
  /** "Correction du versement n° 19 : …", or the comment of the payment. */
  note: string;
  /** First line of its payment (the next lines of the same payment repeat nothing). */
  first: boolean;
}

export function yearPayments(view: PaymentsView, year: number): YearPaymentLine[] {
  const ofYear = new Map<string, TrancheStatus>(view.schedule.filter((t) => t.year === year).map((t) => [t.id, t]));
  const lines: YearPaymentLine[] = [];
  for (const p of view.payments) {
    const allocs = p.allocations.filter((a) => ofYear.has(a.trancheId));
    allocs.forEach((a, i) => {
      lines.push({
        paymentId: p.id,
        receivedOn: p.receivedOn,
        cpamRef: p.cpamRef,
        transferCents: p.amountCents,
        trancheLabel: a.label,
        amountCents: a.amountCents,
        note: p.comment,
        first: i === 0,
      });
    });
  }
  return lines;
}

/** Where a mission's start stands: "Démarrée", "Démarrée en retard", "En retard", "À venir", "Non démarrée". */
export function startState(m: MissionRow): string {
  if (m.startedOn) return m.startLate ? 'Démarrée en retard' : 'Démarrée';
  if (m.startLate) return 'En retard';
  return m.startBy ? 'À venir' : 'Non démarrée';
}

export function deployState(m: MissionRow): string {
  if (m.deployedOn) return m.deployLate ? 'Déployée en retard' : 'Déployée';
  if (m.deployLate) return 'En retard';
  return m.deployBy ? 'À venir' : '—';
}
