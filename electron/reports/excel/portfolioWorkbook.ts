// The portfolio workbook of a CPAM agent: one row per contract and contract year, filterable,
// with totals that follow the filter; and one row per contract.
import { formatDateFr } from '../../../shared/dates';
import { CONTRACT_STATUS_LABELS } from '../../../shared/schemas/contract';
import type { PortfolioReportData } from '../data';
import { partialLabel, yearFigures } from '../figures';
import { addFramedSheet, newWorkbook, workbookBuffer, writeTable, type Column, type Workbook } from './sheet';

const YEAR_COLUMNS: Column[] = [
  { header: 'CPTS', kind: 'userText', width: 32, wrap: true },
  { header: 'Dépt', kind: 'userText', width: 6, align: 'center' },
  { header: 'Contrat n°', kind: 'integer', width: 9, align: 'center' },
  { header: 'Année', kind: 'integer', width: 7, align: 'center' },
  { header: 'Du', kind: 'date', width: 12 },
  { header: 'Au', kind: 'date', width: 12 },
  { header: 'Fonctionnement', kind: 'money', width: 16, total: true },
  { header: 'Part fixe', kind: 'money', width: 16, total: true },
  { header: 'Part variable', kind: 'money', width: 16, total: true },
  { header: 'Total dû', kind: 'money', width: 17, total: true },
  { header: 'Versé', kind: 'money', width: 17, total: true },
  { header: 'Reste dû', kind: 'money', width: 17, total: true },
  { header: 'État de l’année', kind: 'text', width: 30, wrap: true },
];

/** "Arrêtée (dialogue annuel clos)", "Total partiel : 2 montants manquants". */
function yearState(y: { closed: boolean; complete: boolean; missingCount: number }): string {
  const parts = [y.closed ? 'Arrêtée (dialogue annuel clos)' : '', y.complete ? '' : `Total ${partialLabel(y.missingCount)}`].filter(Boolean);
  return parts.join(' ; ');
}

function yearsSheet(wb: Workbook, data: PortfolioReportData): void {
  const ws = addFramedSheet(wb, {
    name: 'Portefeuille',
    title: 'Portefeuille ACI CPTS — droits, versements et reste dû par année de contrat',
    subtitle: `${data.contracts.length} contrat(s) · données au ${formatDateFr(data.today)} · filtrez les colonnes : le total suit le filtre`,
    pageHeader: 'Portefeuille ACI CPTS',
    dataDate: data.today,
  });
  const rows = data.contracts.flatMap(({ row, funding }) =>
    yearFigures(funding).map((y) => [
      row.cpts,
      row.departement,
      row.id,
      y.year,
      y.from,
      y.to,
      y.fonctionnementCents,
      y.fixedCents,
      y.variableCents,
      y.dueCents,
      y.paidCents,
      y.outstandingCents,
      yearState(y),
    ]),
  );
  writeTable(ws, 3, YEAR_COLUMNS, rows, { freeze: true, autoFilter: true, totalsLabel: 'Total (lignes affichées)', totalsFunction: 'SUBTOTAL', sharedStyles: true });
}

const CONTRACT_COLUMNS: Column[] = [
  { header: 'CPTS', kind: 'userText', width: 32, wrap: true },
  { header: 'Dépt', kind: 'userText', width: 6, align: 'center' },
  { header: 'Contrat n°', kind: 'integer', width: 9, align: 'center' },
  { header: 'Taille', kind: 'integer', width: 7, align: 'center' },
  { header: 'Population', kind: 'integer', width: 11 },
  { header: 'Signé le', kind: 'date', width: 12 },
  { header: 'Fin', kind: 'date', width: 12 },
  { header: 'Texte ACI', kind: 'text', width: 11 },
  { header: 'Statut', kind: 'text', width: 13 },
  { header: 'Prochaine échéance de mission', kind: 'text', width: 44, wrap: true },
  { header: 'Dû sous 60 jours', kind: 'money', width: 16, total: true },
  { header: 'En retard', kind: 'money', width: 16, total: true },
];

function contractsSheet(wb: Workbook, data: PortfolioReportData): void {
  const ws = addFramedSheet(wb, {
    name: 'Contrats',
    title: 'Portefeuille ACI CPTS — contrats',
    subtitle: `Données au ${formatDateFr(data.today)}`,
    pageHeader: 'Portefeuille ACI CPTS',
    dataDate: data.today,
  });
  const rows = data.contracts.map(({ row }) => {
    const d = row.nextDeadline;
    const next = d ? `${d.kind === 'start' ? 'Démarrage' : 'Déploiement'} « ${d.missionLabel} » : ${formatDateFr(d.dueOn)}${d.late ? ' (en retard)' : ''}` : '';
    return [row.cpts, row.departement, row.id, row.sizeBand, row.population, row.signedOn, row.endsOn, row.textVersionLabel, CONTRACT_STATUS_LABELS[row.status], next, row.dueNext60Cents, row.overdueCents];
  });
  writeTable(ws, 3, CONTRACT_COLUMNS, rows, { freeze: true, autoFilter: true, totalsLabel: 'Total (lignes affichées)', totalsFunction: 'SUBTOTAL', sharedStyles: true });
}

export async function buildPortfolioWorkbook(data: PortfolioReportData): Promise<Buffer> {
  const wb = newWorkbook({
    title: 'Portefeuille ACI CPTS',
    subject: `Droits, versements et reste dû des contrats ACI CPTS, données au ${data.today}`,
    keywords: 'ACI CPTS portefeuille CPAM versements',
  });
  yearsSheet(wb, data);
  contractsSheet(wb, data);
  return workbookBuffer(wb);
}
