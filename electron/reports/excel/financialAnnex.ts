// "Annexe financière" workbook of one contract year (issue 14): « Annexe financière » (per line:
// granted, budget, paid, spent, remaining, budget gap; SUM totals; cash position), « Catégories »,
// « Indemnités PS » (per professional and civil year against the PASS).
import { formatDateFr } from '../../../shared/dates';
import type { FinancialAnnexData } from '../financialAnnexData';
import { centsToEuros, EURO_FORMAT } from './cells';
import { addFramedSheet, newWorkbook, workbookBuffer, writeTable, type Column } from './sheet';

export async function buildFinancialAnnexWorkbook(d: FinancialAnnexData): Promise<Buffer> {
  const c = d.contract;
  const wb = newWorkbook({
    title: `Annexe financière — ${c.name} — année ${d.year}`,
    subject: `Accordé, versé, dépensé et reste par mission, indemnités des professionnels et trésorerie de l’année ${d.year} du contrat ACI n° ${c.id}, données au ${d.today}`,
    keywords: 'ACI CPTS annexe financière budget dépenses trésorerie indemnités PASS',
  });
  const pageHeader = `${c.name} — contrat ACI n° ${c.id}`;
  const subtitle = `Année ${d.year} du contrat : du ${formatDateFr(d.from)} au ${formatDateFr(d.to)} — données au ${formatDateFr(d.today)}`;

  const ws = addFramedSheet(wb, { name: 'Annexe financière', title: `Annexe financière — année ${d.year}`, subtitle, pageHeader, dataDate: d.today });
  const columns: Column[] = [
    { header: 'Ligne', kind: 'text', width: 34 },
    { header: 'Accordé', kind: 'money', width: 16, total: true },
    { header: 'Budget', kind: 'money', width: 16, total: true },
    { header: 'Versé', kind: 'money', width: 16, total: true },
    { header: 'Dépensé', kind: 'money', width: 16, total: true },
    { header: 'Reste (accordé − dépensé)', kind: 'money', width: 18, total: true },
    { header: 'Écart au budget (budget − dépensé)', kind: 'money', width: 20, total: true },
    { header: 'Alerte', kind: 'text', width: 50, wrap: true },
  ];
  const t = writeTable(
    ws,
    4,
    columns,
    d.lines.map((l) => [l.label, l.grantedCents, l.budgetCents, l.paidCents, l.spentCents, l.remainingCents, l.budgetGapCents, l.warning]),
    { freeze: true, totalsLabel: `Total de l’année ${d.year}` },
  );
  const cashRow = (t.totalRow ?? t.lastRow) + 2;
  ws.getCell(cashRow, 1).value = 'Trésorerie de l’année (versé − dépensé)';
  ws.getCell(cashRow, 1).font = { bold: true };
  const cash = ws.getCell(cashRow, 2);
  cash.value = t.totalRow && d.lines.length > 0 ? { formula: `D${t.totalRow}-E${t.totalRow}`, result: centsToEuros(d.cashCents) } : centsToEuros(d.cashCents);
  cash.numFmt = EURO_FORMAT;
  cash.font = { bold: true };
  ws.getCell(cashRow + 1, 1).value = 'dont indemnités et rémunérations des professionnels (registre)';
  const ind = ws.getCell(cashRow + 1, 2);
  ind.value = centsToEuros(d.indemnitiesInYearCents);
  ind.numFmt = EURO_FORMAT;
  d.notes.forEach((n, i) => {
    const cell = ws.getCell(cashRow + 3 + i, 1);
    cell.value = n;
    cell.font = { italic: true, size: 9, color: { argb: 'FF5D6B7C' } };
  });
  if (!d.begun) ws.getCell(3, 1).value = `L’année ${d.year} n’a pas commencé : aucun chiffre encore.`;

  const wc = addFramedSheet(wb, { name: 'Catégories', title: `Dépenses par catégorie — année ${d.year}`, subtitle, pageHeader, dataDate: d.today, orientation: 'portrait' });
  writeTable(
    wc,
    4,
    [
      { header: 'Catégorie', kind: 'text', width: 44 },
      { header: 'Dépensé', kind: 'money', width: 18, total: true },
    ],
    d.byCategory.map((x) => [x.label, x.cents]),
    { freeze: true, totalsLabel: 'Total' },
  );

  const wi = addFramedSheet(wb, { name: 'Indemnités PS', title: `Indemnités des professionnels de santé face au PASS`, subtitle, pageHeader, dataDate: d.today });
  writeTable(
    wi,
    4,
    [
      { header: 'Année civile', kind: 'integer', width: 12, align: 'center' },
      { header: 'Professionnel', kind: 'userText', width: 30 },
      { header: 'Profession', kind: 'userText', width: 24 },
      { header: 'Heures', kind: 'measure', width: 10 },
      { header: 'Indemnités', kind: 'money', width: 16, total: true },
      { header: 'Rémunérations', kind: 'money', width: 16, total: true },
      { header: 'Total', kind: 'money', width: 16, total: true },
      { header: 'Plafond (PASS)', kind: 'money', width: 16 },
      { header: 'Part du PASS', kind: 'ratio', width: 12 },
      { header: 'Alerte', kind: 'text', width: 50, wrap: true },
    ],
    d.indemnities.map((p) => [
      p.year,
      p.name,
      p.profession,
      { number: p.hoursCenti / 100, numFmt: '0.00' },
      p.indemniteCents,
      p.remunerationCents,
      p.totalCents,
      p.ceilingCents,
      p.share,
      [p.warning, p.flaggedEntries > 0 ? `${p.flaggedEntries} saisie(s) au-delà du plafond, confirmée(s)` : null].filter(Boolean).join(' ') || null,
    ]),
    { freeze: true, totalsLabel: 'Total' },
  );
  return workbookBuffer(wb);
}
