// What the reports show, read through the API (never raw SQL): a report builder is a pure
// function of these objects, so a figure in a file is the figure the app shows.
import type { ContractDetail, PortfolioRow } from '../../shared/api';
import type { IsoDate } from '../../shared/dates';
import type { AnnexView, Readiness, ReviewDetail, ReviewSlot, ReviewsView } from '../../shared/indicatorViews';
import { REVIEW_KIND_LABELS, type ReviewKind } from '../../shared/schemas/indicators';
import type { FundingView, PaymentsView, SpendingView } from '../../shared/views';
import { AppError, type ApiContext } from '../api/context';
import { invoke } from '../api/dispatch';
import { fundingViewsOf } from '../api/fundingBatch';

export interface ContractReportData {
  /** The date of the data ("Données au …"). */
  today: IsoDate;
  contract: ContractDetail;
  funding: FundingView;
  payments: PaymentsView;
  /** Budgets and spending entries with their corrections ('spending.get'). */
  spending: SpendingView;
  /** The yearly annexes that exist ('annex.get'), by contract year. */
  annexes: AnnexView[];
  /** The dialogues de gestion: calendar ('reviews.list') and every review created ('reviews.get'), in calendar order. */
  reviews: ReviewsView;
  reviewDetails: ReviewDetail[];
}

export interface PortfolioReportData {
  today: IsoDate;
  /** `funding`: figures only, its explanation lists are empty (engine option explain: false). */
  contracts: { row: PortfolioRow; funding: FundingView }[];
}

/**
 * The dossier de préparation: one review slot of the contract (created or not yet). Only what the
 * dossier shows is read (not the payments, spending, other years' annexes or other reviews).
 */
export interface DossierReportData {
  today: IsoDate;
  contract: ContractDetail;
  funding: FundingView;
  /** The contract's dialogue calendar ('reviews.list'). */
  reviews: ReviewsView;
  slot: ReviewSlot;
  /** The review of the slot, once created. */
  review: ReviewDetail | null;
  /** The annex of the slot's year (exists: false if not entered yet). */
  annex: AnnexView;
  /** What is missing to prepare the review of that year (the check behind 'reviews.list' readiness). */
  readiness: Readiness;
}

/** The compte rendu: a closed review. */
export interface MinutesReportData extends ContractReportData {
  review: ReviewDetail;
  /** The annex of the following year, where the review's target revisions were recorded (null: none). */
  nextAnnex: AnnexView | null;
}

export async function loadContractReport(ctx: ApiContext, contractId: number): Promise<ContractReportData> {
  const contract = await invoke(ctx, 'contract.get', { id: contractId });
  const funding = await invoke(ctx, 'funding.get', { contractId });
  const payments = await invoke(ctx, 'payments.list', { contractId });
  const spending = await invoke(ctx, 'spending.get', { contractId });
  const first = await invoke(ctx, 'annex.get', { contractId, year: 1 });
  const annexes: AnnexView[] = [];
  for (const year of first.yearsWithAnnex) annexes.push(year === 1 ? first : await invoke(ctx, 'annex.get', { contractId, year }));
  const reviews = await invoke(ctx, 'reviews.list', { contractId });
  const reviewDetails: ReviewDetail[] = [];
  for (const s of reviews.slots) if (s.reviewId !== null) reviewDetails.push(await invoke(ctx, 'reviews.get', { reviewId: s.reviewId }));
  return { today: funding.today, contract, funding, payments, spending, annexes, reviews, reviewDetails };
}

export async function loadDossierReport(ctx: ApiContext, contractId: number, year: number, kind: ReviewKind): Promise<DossierReportData> {
  const contract = await invoke(ctx, 'contract.get', { id: contractId });
  const funding = await invoke(ctx, 'funding.get', { contractId });
  const reviews = await invoke(ctx, 'reviews.list', { contractId });
  const slot = reviews.slots.find((s) => s.year === year && s.kind === kind);
  if (!slot) {
    const years = Math.max(0, ...reviews.slots.map((s) => s.year));
    throw new AppError('VALIDATION', `Année ${year} : le contrat n’a que ${years} années.`, { year: 'Année inconnue.' });
  }
  const review = slot.reviewId === null ? null : await invoke(ctx, 'reviews.get', { reviewId: slot.reviewId });
  const annex = await invoke(ctx, 'annex.get', { contractId, year });
  // 'reviews.list' gives the readiness of the next review only; a dossier may prepare any of them.
  const readiness = reviews.next?.year === year ? reviews.readiness : await invoke(ctx, 'reviews.readiness', { contractId, year });
  return { today: funding.today, contract, funding, reviews, slot, review, annex, readiness };
}

export async function loadMinutesReport(ctx: ApiContext, contractId: number, reviewId: number): Promise<MinutesReportData> {
  const data = await loadContractReport(ctx, contractId);
  const review = data.reviewDetails.find((r) => r.id === reviewId);
  if (!review) {
    const other = await invoke(ctx, 'reviews.get', { reviewId }); // NOT_FOUND if it does not exist at all
    throw new AppError('VALIDATION', `Dialogue n° ${reviewId} : il relève du contrat n° ${other.contractId} (${other.cpts}), pas du contrat n° ${contractId}.`, {
      reviewId: 'Dialogue d’un autre contrat.',
    });
  }
  if (review.status !== 'closed') {
    throw new AppError(
      'CONFLICT',
      `Compte rendu impossible : le ${REVIEW_KIND_LABELS[review.kind].toLowerCase()} de l’année ${review.year} (n° ${review.id}) est encore en brouillon. ` +
        'Clôturez-le d’abord ; en attendant, exportez son dossier de préparation.',
    );
  }
  const nextAnnex = data.annexes.find((a) => a.year === review.year + 1) ?? null;
  return { ...data, review, nextAnnex };
}

export async function loadPortfolioReport(ctx: ApiContext): Promise<PortfolioReportData> {
  const info = await invoke(ctx, 'app.info', {});
  const { rows } = await invoke(ctx, 'portfolio.list', {});
  // Every contract's funding in one pass (each table read once), equal to its 'funding.get' but
  // for the explanation lines, which the workbook does not show (not built: issue 11).
  const views = await fundingViewsOf(ctx, rows.map((r) => r.id), { explain: false });
  const contracts: PortfolioReportData['contracts'] = [];
  for (const row of [...rows].sort((a, b) => a.cpts.localeCompare(b.cpts, 'fr') || a.id - b.id)) {
    const funding = views.get(row.id);
    if (!funding) throw new AppError('NOT_FOUND', `Contrat n° ${row.id} introuvable.`);
    contracts.push({ row, funding });
  }
  return { today: info.today, contracts };
}
