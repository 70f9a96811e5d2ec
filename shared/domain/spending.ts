// Spending against what was granted, as pure rules (issue 10): which entries and corrections are
// acceptable, the amount in force of each entry once corrected, and the table per contract year
// and line (fonctionnement, then each mission) of granted / budget / paid / spent / remaining with
// its warnings. The handler (electron/api/spending.ts) loads the rows and calls these.
import { addYears, compareIso, formatDateFr, type IsoDate } from '../dates';
import { formatEuros } from '../money';
import type { EvidenceRow } from '../indicatorViews';
import type { SpendingCategory } from '../schemas/money';
import type { SpendingCorrectionEntry, SpendingEntry, SpendingRow, SpendingView, SpendingWarningKind } from '../views';
import { MISSION_LABELS, missionNotInContract, type MissionCode } from './missions';
import type { FundingYear, Tranche } from './fundingTypes';

/**
 * A mission envelope "lies unused" when, once its contract year is over, less than this share of
 * what was granted has been spent (the app's own warning threshold, in percent).
 */
export const UNUSED_ENVELOPE_THRESHOLD_PERCENT = 50;

/** A spending entry as stored. */
export interface SpendingRecord {
  id: number;
  spentOn: IsoDate;
  mission: MissionCode | null;
  category: SpendingCategory;
  amountCents: number;
  documentRef: string;
  comment: string;
  recordedAt: string;
}

/** A correction as stored: the signed difference it makes to its entry's amount. */
export interface SpendingCorrectionRecord {
  id: number;
  spendingId: number;
  correctedOn: IsoDate;
  deltaCents: number;
  reason: string;
  recordedAt: string;
}

/** A supporting file and what it supports. */
export interface SpendingAttachment {
  spendingId: number | null;
  correctionId: number | null;
  file: EvidenceRow;
}

/** The latest budget per year and line wins (budgets are append-only). */
export interface BudgetRecord {
  year: number;
  mission: MissionCode | null;
  cents: number;
}

/** What the rules need of the contract. */
export interface SpendingContract {
  id: number;
  signedOn: IsoDate;
  endsOn: IsoDate;
  missions: readonly { code: MissionCode }[];
}

/** A refused input: the field it concerns and the French message. */
export interface Refusal {
  field: string;
  message: string;
}

export const lineLabel = (mission: MissionCode | null): string => (mission ? MISSION_LABELS[mission] : 'Fonctionnement');

/** The contract year (1–5) a date falls in, or null outside the contract. */
export function yearOf(years: readonly Pick<FundingYear, 'year' | 'from' | 'to'>[], date: IsoDate): number | null {
  return years.find((y) => compareIso(y.from, date) <= 0 && compareIso(date, y.to) <= 0)?.year ?? null;
}

/** A mission line must be one of the contract's missions (fonctionnement, null, always is). */
export function missionRefusal(c: SpendingContract, mission: MissionCode | null): Refusal | null {
  const message = missionNotInContract(c, mission);
  return message ? { field: 'mission', message } : null;
}

/** A new spending entry: a mission of the contract, dated within the contract and not in the future. */
export function spendingRefusal(c: SpendingContract, input: { spentOn: IsoDate; mission: MissionCode | null }, today: IsoDate): Refusal | null {
  const mission = missionRefusal(c, input.mission);
  if (mission) return mission;
  if (compareIso(input.spentOn, c.signedOn) < 0 || compareIso(input.spentOn, c.endsOn) > 0) {
    return { field: 'spentOn', message: `Date de la dépense : en dehors du contrat (${formatDateFr(c.signedOn)} – ${formatDateFr(c.endsOn)}).` };
  }
  if (compareIso(input.spentOn, today) > 0) return { field: 'spentOn', message: 'Date de la dépense : ne peut être dans le futur.' };
  return null;
}

/** Latest acceptable date of a correction: a year after the contract's end (a late credit note). */
export function latestCorrectionDate(c: SpendingContract): IsoDate {
  return addYears(c.endsOn, 1);
}

/** The amount in force of an entry: its first amount and every correction. */
export function effectiveAmount(entry: Pick<SpendingRecord, 'amountCents'>, corrections: readonly Pick<SpendingCorrectionRecord, 'deltaCents'>[]): number {
  return corrections.reduce((s, k) => s + k.deltaCents, entry.amountCents);
}

/**
 * A correction of `entry` to `newAmountCents`, dated `correctedOn`: the signed difference to
 * store, or why it is refused (dated before the entry or in the future, or changing nothing).
 */
export function correctionOf(
  c: SpendingContract,
  entry: Pick<SpendingRecord, 'id' | 'spentOn' | 'amountCents'>,
  corrections: readonly Pick<SpendingCorrectionRecord, 'deltaCents'>[],
  input: { correctedOn: IsoDate; newAmountCents: number },
  today: IsoDate,
): { deltaCents: number; beforeCents: number } | Refusal {
  if (compareIso(input.correctedOn, entry.spentOn) < 0) {
    return { field: 'correctedOn', message: `Date de la correction : antérieure à la dépense (${formatDateFr(entry.spentOn)}).` };
  }
  const latest = latestCorrectionDate(c);
  if (compareIso(input.correctedOn, latest) > 0) {
    return { field: 'correctedOn', message: `Date de la correction : postérieure au ${formatDateFr(latest)}, en dehors du contrat.` };
  }
  if (compareIso(input.correctedOn, today) > 0) return { field: 'correctedOn', message: 'Date de la correction : ne peut être dans le futur.' };
  const beforeCents = effectiveAmount(entry, corrections);
  const deltaCents = input.newAmountCents - beforeCents;
  if (deltaCents === 0) {
    return { field: 'newAmountCents', message: `Montant corrigé : identique au montant en vigueur (${formatEuros(beforeCents)}).` };
  }
  return { deltaCents, beforeCents };
}

export function isRefusal<T extends object>(r: T | Refusal): r is Refusal {
  return 'field' in r && 'message' in r;
}

/** The entries with their corrections (amount before and after each) and supporting files. */
export function spendingEntries(
  years: readonly Pick<FundingYear, 'year' | 'from' | 'to'>[],
  records: readonly SpendingRecord[],
  corrections: readonly SpendingCorrectionRecord[],
  attachments: readonly SpendingAttachment[],
): SpendingEntry[] {
  const filesOf = (pick: (a: SpendingAttachment) => boolean): EvidenceRow[] => attachments.filter(pick).map((a) => a.file);
  return records.map((r) => {
    let running = r.amountCents;
    const own: SpendingCorrectionEntry[] = corrections
      .filter((k) => k.spendingId === r.id)
      .sort((a, b) => a.id - b.id)
      .map((k) => {
        const beforeCents = running;
        running += k.deltaCents;
        return {
          id: k.id,
          correctedOn: k.correctedOn,
          deltaCents: k.deltaCents,
          beforeCents,
          afterCents: running,
          reason: k.reason,
          attachments: filesOf((a) => a.correctionId === k.id),
          recordedAt: k.recordedAt,
        };
      });
    return {
      id: r.id,
      spentOn: r.spentOn,
      year: yearOf(years, r.spentOn),
      mission: r.mission,
      category: r.category,
      amountCents: r.amountCents,
      effectiveCents: running,
      cancelled: running === 0,
      documentRef: r.documentRef,
      comment: r.comment,
      attachments: filesOf((a) => a.spendingId === r.id),
      corrections: own,
      recordedAt: r.recordedAt,
    };
  });
}

/** The warning of a line, if any: its kind and its French text. */
export function lineWarning(line: { mission: MissionCode | null; grantedCents: number | null; spentCents: number; yearOver: boolean }): { kind: SpendingWarningKind; text: string } | null {
  const { mission, grantedCents: granted, spentCents: spent } = line;
  if (granted === null) return null;
  if (mission === null && spent > granted) {
    return { kind: 'overspent', text: `Dépenses de fonctionnement (${formatEuros(spent)}) supérieures à l’enveloppe (${formatEuros(granted)}).` };
  }
  if (mission !== null && line.yearOver && granted > 0 && spent * 100 < granted * UNUSED_ENVELOPE_THRESHOLD_PERCENT) {
    return { kind: 'underused', text: `Enveloppe peu utilisée : ${formatEuros(spent)} dépensés sur ${formatEuros(granted)} accordés.` };
  }
  return null;
}

export interface SpendingViewInput {
  contractId: number;
  today: IsoDate;
  /** The contract years as the funding engine gives them (granted amounts). */
  years: readonly Pick<FundingYear, 'year' | 'from' | 'to' | 'fonctionnementCents' | 'missions'>[];
  /** The schedule with what was paid on each tranche. */
  schedule: readonly (Pick<Tranche, 'year' | 'mission'> & { paidCents: number })[];
  records: readonly SpendingRecord[];
  corrections: readonly SpendingCorrectionRecord[];
  attachments: readonly SpendingAttachment[];
  /** In the order they were set: the last one per year and line is in force. */
  budgets: readonly BudgetRecord[];
}

/**
 * The spending view: per contract year begun (fonctionnement, then each mission of the year) the
 * granted (what is owed for the year, validated variable parts included), budget, paid (payments
 * allocated to the year's tranches of that line), spent (entries at their amount in force) and
 * remaining (granted − spent) amounts with their warnings; and the entries with their corrections.
 */
export function spendingView(input: SpendingViewInput): SpendingView {
  const entries = spendingEntries(input.years, input.records, input.corrections, input.attachments);
  const budgetOf = new Map<string, number>();
  for (const b of input.budgets) budgetOf.set(`${b.year}|${b.mission ?? ''}`, b.cents);

  const rows: SpendingRow[] = [];
  const warnings: string[] = [];
  for (const y of input.years) {
    if (compareIso(y.from, input.today) > 0) continue; // years not begun yet
    const yearOver = compareIso(y.to, input.today) < 0;
    const lines: { mission: MissionCode | null; granted: number | null }[] = [
      { mission: null, granted: y.fonctionnementCents },
      ...y.missions.map((m) => ({
        mission: m.code,
        granted: m.fixedCents === null && m.variableCents === null ? null : (m.fixedCents ?? 0) + (m.variableCents ?? 0),
      })),
    ];
    for (const l of lines) {
      const paid = input.schedule.filter((t) => t.year === y.year && t.mission === l.mission).reduce((s, t) => s + t.paidCents, 0);
      const spent = entries.filter((e) => e.year === y.year && e.mission === l.mission).reduce((s, e) => s + e.effectiveCents, 0);
      const label = lineLabel(l.mission);
      const warning = lineWarning({ mission: l.mission, grantedCents: l.granted, spentCents: spent, yearOver });
      if (warning) warnings.push(`Année ${y.year} (${formatDateFr(y.from)} – ${formatDateFr(y.to)}), ${label} : ${warning.text}`);
      rows.push({
        year: y.year,
        mission: l.mission,
        label,
        grantedCents: l.granted,
        budgetCents: budgetOf.get(`${y.year}|${l.mission ?? ''}`) ?? null,
        paidCents: paid,
        spentCents: spent,
        remainingCents: l.granted === null ? null : l.granted - spent,
        warningKind: warning?.kind ?? null,
        warning: warning?.text ?? null,
      });
    }
  }
  return { contractId: input.contractId, rows, entries, warnings };
}
