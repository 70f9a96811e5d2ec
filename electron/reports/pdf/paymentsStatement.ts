// "État des versements" of one contract year: the tranches of the year, what was paid and when
// (each payment and its allocations), what remains due. A CPAM or a board files it as it is.
import type { Content, TableCell } from 'pdfmake/interfaces';
import { formatDateFr } from '../../../shared/dates';
import { formatEuros, formatInteger } from '../../../shared/money';
import { AppError } from '../../api/context';
import type { ContractReportData } from '../data';
import { partialLabel, yearFigures, yearPayments } from '../figures';
import { COLORS, heading, note, reportDocument } from './layout';
import { renderPdf } from './render';
import { dataTable, dateCell, factsGrid, figureBoxes, moneyCell, textCell } from './tables';

const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);

/** "Part fixe — Prévention, année 2 : solde" -> "Part fixe — Prévention : solde": the whole document is about year 2. */
function withoutYear(label: string, year: number): string {
  return label.replace(`, année ${year}`, '');
}

export function paymentsStatementContent(data: ContractReportData, year: number): { title: string; content: Content[] } {
  const c = data.contract;
  const figures = yearFigures(data.funding).find((y) => y.year === year);
  if (!figures) throw new AppError('VALIDATION', `Année ${year} : le contrat n’a que ${data.funding.result.years.length} années.`, { year: 'Année inconnue.' });
  const tranches = data.payments.schedule.filter((t) => t.year === year);
  const overdue = sum(tranches.filter((t) => t.overdue).map((t) => t.outstandingCents));
  const title = `État des versements — année ${year}`;

  const trancheRows: TableCell[][] = tranches.map((t) => [
    dateCell(t.dueOn),
    textCell(withoutYear(t.label, year)),
    moneyCell(t.amountCents),
    moneyCell(t.paidCents),
    t.overdue
      ? { stack: [moneyCell(t.outstandingCents, { color: COLORS.late, bold: true }), { text: 'en retard', color: COLORS.late, fontSize: 7.5, alignment: 'right' }] }
      : moneyCell(t.outstandingCents),
  ]);

  const lines = yearPayments(data.payments, year);
  const paymentRows: TableCell[][] = lines.map((l) => {
    const ofYear = sum(lines.filter((x) => x.paymentId === l.paymentId).map((x) => x.amountCents));
    const details: string[] = [];
    if (l.first && l.transferCents !== ofYear) details.push(`Virement de ${formatEuros(l.transferCents)}, dont ${formatEuros(ofYear)} au titre de l’année ${year}.`);
    if (l.first && l.note) details.push(l.note);
    const label = withoutYear(l.trancheLabel, year);
    return [
      l.first ? dateCell(l.receivedOn) : textCell(''),
      l.first ? textCell(l.cpamRef || '—') : textCell(''),
      details.length > 0 ? { stack: [{ text: label }, { text: details.join(' '), style: 'note' }] } : textCell(label),
      moneyCell(l.amountCents),
    ];
  });
  const paidByLines = sum(lines.map((l) => l.amountCents));

  const content: Content[] = [
    { text: 'État des versements', style: 'title' },
    { text: `Année ${year} du contrat ACI n° ${c.id} : du ${formatDateFr(figures.from)} au ${formatDateFr(figures.to)}`, style: 'subtitle' },
    factsGrid(
      [
        ['CPTS', c.name],
        ['Caisse primaire', c.cpam],
        ['Association', `${c.legalName}${c.siret ? ` — SIRET ${c.siret}` : ''}`],
        ['Agence régionale de santé', c.ars],
        ['Département', c.departement],
        ['Contrat', `Signé le ${formatDateFr(c.signedOn)}, du ${formatDateFr(c.startsOn)} au ${formatDateFr(c.endsOn)} (${c.textVersionLabel})`],
        ['Taille de l’année', `Taille ${figures.sizeBand} (population couverte : ${formatInteger(figures.population)} habitants)`],
        ['Texte applicable à l’année', figures.textVersionLabel],
      ],
      2,
    ),
    { text: '', margin: [0, 6, 0, 0] },
    figureBoxes([
      { label: `Droits de l’année ${year}${figures.complete ? '' : ` (${partialLabel(figures.missingCount)})`}`, cents: figures.dueCents },
      { label: 'Versé', cents: figures.paidCents },
      { label: 'Reste dû', cents: figures.outstandingCents },
      { label: 'dont échu non versé', cents: overdue, tone: 'late' },
    ]),
    heading(`Échéances de l’année ${year}`),
    dataTable(
      [
        { header: 'Échéance', width: 54 },
        { header: 'Libellé', width: '*' },
        { header: 'Montant dû', width: 72, align: 'right' },
        { header: 'Versé', width: 72, align: 'right' },
        { header: 'Reste dû', width: 72, align: 'right' },
      ],
      trancheRows,
      [textCell(''), textCell(`Total de l’année ${year}`), moneyCell(sum(tranches.map((t) => t.amountCents))), moneyCell(sum(tranches.map((t) => t.paidCents))), moneyCell(sum(tranches.map((t) => t.outstandingCents)))],
    ),
    ...figures.notes.map((n) => note(n)),
    heading(`Versements reçus au titre de l’année ${year}`),
    lines.length === 0
      ? { text: `Aucun versement reçu au titre de l’année ${year} au ${formatDateFr(data.today)}.`, italics: true }
      : dataTable(
          [
            { header: 'Reçu le', width: 54 },
            { header: 'Référence CPAM', width: 100 },
            { header: 'Échéance réglée', width: '*' },
            { header: 'Montant', width: 72, align: 'right' },
          ],
          paymentRows,
          [textCell(''), textCell(''), textCell(`Total versé au titre de l’année ${year}`), moneyCell(paidByLines)],
        ),
    note(
      `Montants en euros. Échéances calculées selon l’ACI et l’annexe du contrat ; versements tels qu’enregistrés au ${formatDateFr(data.today)} ` +
        '(une correction est une écriture datée qui ajuste un versement antérieur). Document établi avec l’application ACI CPTS.',
      [0, 14, 0, 0],
    ),
  ];
  return { title, content };
}

export async function buildPaymentsStatement(data: ContractReportData, year: number): Promise<Buffer> {
  const { title, content } = paymentsStatementContent(data, year);
  return renderPdf(
    reportDocument(
      {
        title: `${title} — ${data.contract.name}`,
        subject: `Échéances, versements et reste dû de l’année ${year} du contrat ACI n° ${data.contract.id}, données au ${data.today}`,
        contractLabel: `${data.contract.name} — contrat ACI n° ${data.contract.id}`,
        dataDate: data.today,
        footerLabel: title,
        keywords: 'ACI CPTS état des versements',
      },
      content,
    ),
  );
}
