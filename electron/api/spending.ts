// Budgets and spending per mission and contract year, against what was granted and paid:
// the granted / paid / spent / remaining view.
import { compareIso, formatDateFr } from '../../shared/dates';
import { MISSION_LABELS, type MissionCode } from '../../shared/domain/missions';
import type { FundingYear } from '../../shared/domain/funding';
import type { ApiParsed } from '../../shared/api';
import type { SpendingCategory } from '../../shared/schemas/money';
import type { SpendingEntry, SpendingRow, SpendingView } from '../../shared/views';
import { formatEuros } from '../../shared/money';
import { invalid, type ApiContext } from './context';
import { loadContract } from './contracts';
import { fundingView } from './funding';

/**
 * A mission envelope "lies unused" when, once its contract year is over, less than this share of
 * what was granted has been spent (the app's own warning threshold, in percent).
 */
export const UNUSED_ENVELOPE_THRESHOLD_PERCENT = 50;

function yearOf(years: FundingYear[], date: string): number | null {
  return years.find((y) => compareIso(y.from, date) <= 0 && compareIso(date, y.to) <= 0)?.year ?? null;
}

export async function getSpending(ctx: ApiContext, input: { contractId: number }): Promise<SpendingView> {
  const c = await loadContract(ctx.db, input.contractId);
  const view = await fundingView(ctx, c);
  const today = ctx.today();
  const years = view.result.years;
  const entriesRaw = await ctx.db.selectFrom('spending').selectAll().where('contract_id', '=', c.id).orderBy('spent_on').orderBy('id').execute();
  const entries: SpendingEntry[] = entriesRaw.map((e) => ({
    id: e.id,
    spentOn: e.spent_on,
    year: yearOf(years, e.spent_on),
    mission: e.mission === '' ? null : (e.mission as MissionCode),
    category: e.category as SpendingCategory,
    amountCents: e.amount_cents,
    documentRef: e.document_ref,
    comment: e.comment,
  }));
  const budgets = await ctx.db.selectFrom('budget').selectAll().where('contract_id', '=', c.id).orderBy('id').execute();
  const budgetOf = new Map<string, number>();
  for (const b of budgets) budgetOf.set(`${b.year}|${b.mission}`, b.cents);

  const rows: SpendingRow[] = [];
  const warnings: string[] = [];
  for (const y of years) {
    if (compareIso(y.from, today) > 0) continue; // years not begun yet
    const yearOver = compareIso(y.to, today) < 0;
    const lines: { mission: MissionCode | null; granted: number | null }[] = [
      { mission: null, granted: y.fonctionnementCents },
      ...y.missions.map((m) => ({
        mission: m.code,
        granted: m.fixedCents === null && m.variableCents === null ? null : (m.fixedCents ?? 0) + (m.variableCents ?? 0),
      })),
    ];
    for (const l of lines) {
      const paid = view.schedule
        .filter((t) => t.year === y.year && t.mission === l.mission)
        .reduce((s, t) => s + t.paidCents, 0);
      const spent = entries.filter((e) => e.year === y.year && e.mission === l.mission).reduce((s, e) => s + e.amountCents, 0);
      const label = l.mission ? MISSION_LABELS[l.mission] : 'Fonctionnement';
      let warning: string | null = null;
      if (l.granted !== null && l.mission === null && spent > l.granted) {
        warning = `Dépenses de fonctionnement (${formatEuros(spent)}) supérieures à l’enveloppe (${formatEuros(l.granted)}).`;
      } else if (l.granted !== null && l.mission !== null && yearOver && l.granted > 0 && spent * 100 < l.granted * UNUSED_ENVELOPE_THRESHOLD_PERCENT) {
        warning = `Enveloppe peu utilisée : ${formatEuros(spent)} dépensés sur ${formatEuros(l.granted)} accordés.`;
      }
      if (warning) warnings.push(`Année ${y.year} (${formatDateFr(y.from)} – ${formatDateFr(y.to)}), ${label} : ${warning}`);
      rows.push({
        year: y.year,
        mission: l.mission,
        label,
        grantedCents: l.granted,
        budgetCents: budgetOf.get(`${y.year}|${l.mission ?? ''}`) ?? null,
        paidCents: paid,
        spentCents: spent,
        remainingCents: l.granted === null ? null : l.granted - spent,
        warning,
      });
    }
  }
  return { contractId: c.id, rows, entries, warnings };
}

export async function recordSpending(ctx: ApiContext, input: ApiParsed<'spending.record'>): Promise<SpendingView> {
  const c = await loadContract(ctx.db, input.contractId);
  if (input.mission && !c.missions.some((m) => m.code === input.mission)) {
    throw invalid('mission', `${MISSION_LABELS[input.mission]} : mission non retenue au contrat.`);
  }
  if (compareIso(input.spentOn, c.signedOn) < 0 || compareIso(input.spentOn, c.endsOn) > 0) {
    throw invalid('spentOn', `Date de la dépense : en dehors du contrat (${formatDateFr(c.signedOn)} – ${formatDateFr(c.endsOn)}).`);
  }
  if (compareIso(input.spentOn, ctx.today()) > 0) throw invalid('spentOn', 'Date de la dépense : ne peut être dans le futur.');
  await ctx.db
    .insertInto('spending')
    .values({
      contract_id: c.id,
      spent_on: input.spentOn,
      mission: input.mission ?? '',
      category: input.category,
      amount_cents: input.amountCents,
      document_ref: input.documentRef,
      comment: input.comment,
      recorded_at: new Date().toISOString(),
    })
    .execute();
  return getSpending(ctx, { contractId: c.id });
}

export async function setBudget(ctx: ApiContext, input: ApiParsed<'budget.set'>): Promise<SpendingView> {
  const c = await loadContract(ctx.db, input.contractId);
  if (input.mission && !c.missions.some((m) => m.code === input.mission)) {
    throw invalid('mission', `${MISSION_LABELS[input.mission]} : mission non retenue au contrat.`);
  }
  await ctx.db
    .insertInto('budget')
    .values({ contract_id: c.id, year: input.year, mission: input.mission ?? '', cents: input.cents, recorded_at: new Date().toISOString() })
    .execute();
  return getSpending(ctx, { contractId: c.id });
}
