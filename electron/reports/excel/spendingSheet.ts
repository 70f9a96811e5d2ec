// The spending sheets of the contract workbook, from 'spending.get' (the figures the Dépenses tab
// shows): « Budget et dépenses », per contract year begun and line, granted / budget / paid /
// spent / remaining with the warning; « Dépenses », the ledger of entries, each followed by its
// dated corrections, with the supporting documents. Euros as numbers, totals as SUM formulas,
// frozen headers; text typed by users neutralised.
import { formatDateFr } from '../../../shared/dates';
import { lineLabel } from '../../../shared/domain/spending';
import { formatEuros } from '../../../shared/money';
import { SPENDING_CATEGORY_LABELS } from '../../../shared/schemas/money';
import type { SpendingEntry, SpendingWarningKind } from '../../../shared/views';
import { frame, type ContractSheet } from './contractSheets';
import { addFramedSheet, writeTable, type CellInput, type Column } from './sheet';

export const WARNING_LABELS: Record<SpendingWarningKind, string> = {
  overspent: 'Enveloppe dépassée',
  underused: 'Enveloppe peu utilisée',
};

const BUDGET_COLUMNS: Column[] = [
  { header: 'Année', kind: 'integer', width: 8, align: 'center' },
  { header: 'Du', kind: 'date', width: 12 },
  { header: 'Au', kind: 'date', width: 12 },
  { header: 'Ligne', kind: 'text', width: 34, wrap: true },
  { header: 'Accordé', kind: 'money', width: 16, total: true },
  { header: 'Budget', kind: 'money', width: 16, total: true },
  { header: 'Versé', kind: 'money', width: 16, total: true },
  { header: 'Dépensé', kind: 'money', width: 16, total: true },
  { header: 'Reste (accordé − dépensé)', kind: 'money', width: 17, total: true },
  { header: 'Alerte', kind: 'text', width: 60, wrap: true },
];

export const spendingBudgetSheet: ContractSheet = (wb, data) => {
  const ws = addFramedSheet(wb, frame(data, 'Budget et dépenses', `Accordé, budget, versé et dépensé — ${data.contract.name}`));
  const years = new Map(data.funding.result.years.map((y) => [y.year, y]));
  writeTable(
    ws,
    3,
    BUDGET_COLUMNS,
    data.spending.rows.map((r) => {
      const y = years.get(r.year);
      return [
        r.year,
        y?.from ?? null,
        y?.to ?? null,
        r.label,
        r.grantedCents,
        r.budgetCents,
        r.paidCents,
        r.spentCents,
        r.remainingCents,
        r.warningKind && r.warning ? `${WARNING_LABELS[r.warningKind]} : ${r.warning}` : '',
      ];
    }),
    { freeze: true, totalsLabel: 'Total des années commencées' },
  );
};

const ENTRY_COLUMNS: Column[] = [
  { header: 'N°', kind: 'integer', width: 7, align: 'center' },
  { header: 'Date', kind: 'date', width: 12 },
  { header: 'Année', kind: 'integer', width: 8, align: 'center' },
  { header: 'Ligne', kind: 'text', width: 30, wrap: true },
  { header: 'Catégorie', kind: 'text', width: 26, wrap: true },
  { header: 'Écriture', kind: 'text', width: 44, wrap: true },
  { header: 'Montant', kind: 'money', width: 16, total: true },
  { header: 'Montant en vigueur', kind: 'money', width: 17, total: true },
  { header: 'Pièce justificative', kind: 'userText', width: 24, wrap: true },
  { header: 'Fichiers joints', kind: 'userText', width: 26, wrap: true },
  { header: 'Commentaire ou motif', kind: 'userText', width: 44, wrap: true },
];

const fileNames = (files: SpendingEntry['attachments']): string => files.map((f) => f.fileName).join('\n');

/** An entry, then each of its corrections: the « Montant » column sums to what was spent, as does « Montant en vigueur ». */
function entryRows(e: SpendingEntry): CellInput[][] {
  const line = lineLabel(e.mission);
  const category = SPENDING_CATEGORY_LABELS[e.category];
  const state = e.cancelled ? ' (annulée)' : e.corrections.length > 0 ? ' (corrigée)' : '';
  return [
    [e.id, e.spentOn, e.year, line, category, `Dépense${state}`, e.amountCents, e.effectiveCents, e.documentRef, fileNames(e.attachments), e.comment],
    ...e.corrections.map((k): CellInput[] => [
      e.id,
      k.correctedOn,
      e.year,
      line,
      category,
      `${k.afterCents === 0 ? 'Annulation' : 'Correction'} de la dépense n° ${e.id} du ${formatDateFr(e.spentOn)} : ${formatEuros(k.beforeCents)} → ${formatEuros(k.afterCents)}`,
      k.deltaCents,
      null,
      '',
      fileNames(k.attachments),
      k.reason,
    ]),
  ];
}

export const spendingEntriesSheet: ContractSheet = (wb, data) => {
  const ws = addFramedSheet(wb, frame(data, 'Dépenses', `Dépenses et corrections — ${data.contract.name}`));
  writeTable(ws, 3, ENTRY_COLUMNS, data.spending.entries.flatMap(entryRows), { freeze: true, totalsLabel: 'Total' });
};
