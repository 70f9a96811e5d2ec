// "Annexe financière" PDF of one contract year (issue 14), for the CPAM and the ARS: the same
// figures as the workbook (electron/reports/financialAnnexData.ts), in the PDF frame every report
// shares (contract and data date on every page, "Page x / y", repeated table headers).
import type { Content, TableCell } from 'pdfmake/interfaces';
import { formatDateFr } from '../../../shared/dates';
import { formatEuros } from '../../../shared/money';
import type { FinancialAnnexData } from '../financialAnnexData';
import { COLORS, heading, note, reportDocument } from './layout';
import { renderPdf } from './render';
import { dataTable, factsGrid, figureBoxes, moneyCell, textCell } from './tables';

const money = (cents: number | null): TableCell => (cents === null ? textCell('—') : moneyCell(cents));
const pct = (share: number | null): string => (share === null ? '—' : `${(share * 100).toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);

export function financialAnnexContent(d: FinancialAnnexData): { title: string; content: Content[] } {
  const c = d.contract;
  const title = `Annexe financière — année ${d.year}`;
  const content: Content[] = [
    { text: 'Annexe financière', style: 'title' },
    { text: `Année ${d.year} du contrat ACI n° ${c.id} : du ${formatDateFr(d.from)} au ${formatDateFr(d.to)}`, style: 'subtitle' },
    factsGrid(
      [
        ['CPTS', c.name],
        ['Caisse primaire', c.cpam],
        ['Association', `${c.legalName}${c.siret ? ` — SIRET ${c.siret}` : ''}`],
        ['Agence régionale de santé', c.ars],
      ],
      2,
    ),
    { text: '', margin: [0, 6, 0, 0] },
    figureBoxes([
      { label: 'Accordé', cents: d.totals.grantedCents },
      { label: 'Versé', cents: d.totals.paidCents },
      { label: 'Dépensé', cents: d.totals.spentCents },
      { label: 'Trésorerie (versé − dépensé)', cents: d.cashCents, ...(d.cashCents < 0 ? { tone: 'late' as const } : {}) },
    ]),
    heading('Accordé, versé, dépensé et reste par ligne'),
    d.lines.length === 0
      ? { text: `L’année ${d.year} n’a pas commencé au ${formatDateFr(d.today)} : aucun chiffre encore.`, italics: true }
      : dataTable(
          [
            { header: 'Ligne', width: '*' },
            { header: 'Accordé', width: 66, align: 'right' },
            { header: 'Budget', width: 66, align: 'right' },
            { header: 'Versé', width: 66, align: 'right' },
            { header: 'Dépensé', width: 66, align: 'right' },
            { header: 'Reste', width: 66, align: 'right' },
          ],
          d.lines.map((l) => [
            l.warning ? { stack: [{ text: l.label }, { text: l.warning, style: 'note', color: COLORS.late }] } : textCell(l.label),
            money(l.grantedCents),
            money(l.budgetCents),
            moneyCell(l.paidCents),
            moneyCell(l.spentCents),
            money(l.remainingCents),
          ]),
          [textCell(`Total de l’année ${d.year}`), moneyCell(d.totals.grantedCents), moneyCell(d.totals.budgetCents), moneyCell(d.totals.paidCents), moneyCell(d.totals.spentCents), moneyCell(d.totals.remainingCents)],
        ),
    heading('Budget et réalisé'),
    dataTable(
      [
        { header: 'Ligne', width: '*' },
        { header: 'Budget', width: 80, align: 'right' },
        { header: 'Dépensé', width: 80, align: 'right' },
        { header: 'Écart (budget − dépensé)', width: 110, align: 'right' },
      ],
      d.lines.map((l) => [textCell(l.label), money(l.budgetCents), moneyCell(l.spentCents), money(l.budgetGapCents)]),
    ),
    heading('Dépenses par catégorie'),
    dataTable(
      [
        { header: 'Catégorie', width: '*' },
        { header: 'Dépensé', width: 90, align: 'right' },
      ],
      d.byCategory.map((x) => [textCell(x.label), moneyCell(x.cents)]),
      [textCell('Total'), moneyCell(d.byCategory.reduce((s, x) => s + x.cents, 0))],
    ),
    heading('Indemnités des professionnels de santé (PASS)'),
    d.indemnities.length === 0
      ? { text: 'Aucune indemnité ni rémunération au registre pour ces années civiles.', italics: true }
      : dataTable(
          [
            { header: 'Année', width: 34 },
            { header: 'Professionnel', width: '*' },
            { header: 'Profession', width: 90 },
            { header: 'Total', width: 70, align: 'right' },
            { header: 'Plafond (PASS)', width: 70, align: 'right' },
            { header: 'Part', width: 44, align: 'right' },
          ],
          d.indemnities.map((p) => [
            textCell(String(p.year)),
            p.warning ? { stack: [{ text: p.name }, { text: p.warning, style: 'note', color: p.level === 'over' ? COLORS.late : COLORS.muted }] } : textCell(p.name),
            textCell(p.profession),
            moneyCell(p.totalCents),
            money(p.ceilingCents),
            textCell(pct(p.share), p.level === 'over' ? { color: COLORS.late, bold: true } : {}),
          ]),
        ),
    note(`Indemnités et rémunérations versées pendant l’année ${d.year} du contrat : ${formatEuros(d.indemnitiesInYearCents)}.`),
    heading('Trésorerie'),
    {
      text: [
        'Versé sur l’année : ',
        { text: formatEuros(d.totals.paidCents), bold: true },
        ' ; dépensé : ',
        { text: formatEuros(d.totals.spentCents), bold: true },
        ' ; trésorerie : ',
        { text: formatEuros(d.cashCents), bold: true, color: d.cashCents < 0 ? COLORS.late : COLORS.ink },
        '.',
      ],
    },
    ...d.notes.map((n, i) => note(n, i === 0 ? [0, 12, 0, 0] : [0, 4, 0, 0])),
  ];
  return { title, content };
}

export async function buildFinancialAnnexPdf(d: FinancialAnnexData): Promise<Buffer> {
  const { title, content } = financialAnnexContent(d);
  return renderPdf(
    reportDocument(
      {
        title: `${title} — ${d.contract.name}`,
        subject: `Accordé, versé, dépensé, indemnités et trésorerie de l’année ${d.year} du contrat ACI n° ${d.contract.id}, données au ${d.today}`,
        contractLabel: `${d.contract.name} — contrat ACI n° ${d.contract.id}`,
        dataDate: d.today,
        footerLabel: title,
        keywords: 'ACI CPTS annexe financière',
      },
      content,
    ),
  );
}
