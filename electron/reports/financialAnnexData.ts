// The "annexe financière" of one contract year (issue 14), for the CPAM and the ARS: granted /
// budget / paid / spent / remaining per line (fonctionnement, each mission), spending per category,
// the indemnities of health professionals against the PASS, and the cash position (paid − spent).
// Read through the API (never raw SQL); the Excel and PDF builders are pure functions of this.
import type { ContractDetail } from '../../shared/api';
import type { IndemnitiesView, ProfessionalYear } from '../../shared/booksViews';
import { compareIso, type IsoDate } from '../../shared/dates';
import { lineLabel } from '../../shared/domain/spending';
import type { MissionCode } from '../../shared/domain/missions';
import { SPENDING_CATEGORIES, SPENDING_CATEGORY_LABELS, type SpendingCategory } from '../../shared/schemas/money';
import type { SpendingRow } from '../../shared/views';
import { AppError, type ApiContext } from '../api/context';
import { invoke } from '../api/dispatch';

export interface AnnexLine {
  mission: MissionCode | null;
  label: string;
  grantedCents: number | null;
  budgetCents: number | null;
  paidCents: number;
  spentCents: number;
  remainingCents: number | null;
  /** budget − spent, when a budget was set. */
  budgetGapCents: number | null;
  warning: string | null;
}

export interface FinancialAnnexData {
  today: IsoDate;
  contract: ContractDetail;
  year: number;
  from: IsoDate;
  to: IsoDate;
  /** The year has not begun: no figures yet. */
  begun: boolean;
  lines: AnnexLine[];
  totals: { grantedCents: number; budgetCents: number; paidCents: number; spentCents: number; remainingCents: number };
  /** Paid minus spent over the year. */
  cashCents: number;
  byCategory: { category: SpendingCategory; label: string; cents: number }[];
  /** Per professional and civil year, for the civil years the contract year touches. */
  indemnities: ProfessionalYear[];
  /** Indemnities and remunerations paid within the contract year (from the register). */
  indemnitiesInYearCents: number;
  notes: string[];
}

export async function loadFinancialAnnex(ctx: ApiContext, contractId: number, year: number): Promise<FinancialAnnexData> {
  const contract = await invoke(ctx, 'contract.get', { id: contractId });
  const funding = await invoke(ctx, 'funding.get', { contractId });
  const y = funding.result.years.find((x) => x.year === year);
  if (!y) throw new AppError('VALIDATION', `Année ${year} : le contrat n’a que ${funding.result.years.length} années.`, { year: 'Année inconnue.' });
  const spending = await invoke(ctx, 'spending.get', { contractId });
  const indemnities: IndemnitiesView = await invoke(ctx, 'indemnities.get', { contractId });
  const rows: SpendingRow[] = spending.rows.filter((r) => r.year === year);
  const lines: AnnexLine[] = rows.map((r) => ({
    mission: r.mission,
    label: r.label || lineLabel(r.mission),
    grantedCents: r.grantedCents,
    budgetCents: r.budgetCents,
    paidCents: r.paidCents,
    spentCents: r.spentCents,
    remainingCents: r.remainingCents,
    budgetGapCents: r.budgetCents === null ? null : r.budgetCents - r.spentCents,
    warning: r.warning,
  }));
  const sum = (f: (l: AnnexLine) => number | null) => lines.reduce((s, l) => s + (f(l) ?? 0), 0);
  const entries = spending.entries.filter((e) => e.year === year);
  const byCategory = SPENDING_CATEGORIES.map((category) => ({
    category,
    label: SPENDING_CATEGORY_LABELS[category],
    cents: entries.filter((e) => e.category === category).reduce((s, e) => s + e.effectiveCents, 0),
  }));
  const civilYears = new Set([Number(y.from.slice(0, 4)), Number(y.to.slice(0, 4))]);
  const inYear = indemnities.entries.filter((e) => compareIso(y.from, e.workedOn) <= 0 && compareIso(e.workedOn, y.to) <= 0);
  const totals = { grantedCents: sum((l) => l.grantedCents), budgetCents: sum((l) => l.budgetCents), paidCents: sum((l) => l.paidCents), spentCents: sum((l) => l.spentCents), remainingCents: sum((l) => l.remainingCents) };
  const notes = [
    'Accordé : ce que l’année ouvre selon l’ACI et l’annexe du contrat (parts variables validées comprises). Versé : versements affectés aux échéances de l’année. ' +
      'Dépensé : dépenses de l’année à leur montant en vigueur (corrections et avoirs compris). Reste : accordé − dépensé. Trésorerie : versé − dépensé.',
    'Indemnités et rémunérations des professionnels de santé (décret n° 2022-375) : total par professionnel et par année civile, face au plafond annuel de la sécurité sociale (PASS, art. L241-3 CSS).',
    ...rows.flatMap((r) => (r.warning ? [`${r.label} : ${r.warning}`] : [])),
  ];
  return {
    today: funding.today,
    contract,
    year,
    from: y.from,
    to: y.to,
    begun: compareIso(y.from, funding.today) <= 0,
    lines,
    totals,
    cashCents: totals.paidCents - totals.spentCents,
    byCategory,
    indemnities: indemnities.perProfessional.filter((p) => civilYears.has(p.year)),
    indemnitiesInYearCents: inYear.reduce((s, e) => s + e.amountCents, 0),
    notes,
  };
}
