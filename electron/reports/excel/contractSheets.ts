// The sheets of the contract workbook: Synthèse, Missions, Échéancier.
import { formatDateFr } from '../../../shared/dates';
import { CONTRACT_STATUS_LABELS } from '../../../shared/schemas/contract';
import type { ContractReportData } from '../data';
import { TRANCHE_KIND_LABELS, deployState, partialLabel, startState, yearFigures } from '../figures';
import { addFramedSheet, setColumnWidths, writeFacts, writeTable, type Column, type Workbook } from './sheet';

/** One sheet of the contract workbook: a pure function of the data read through the API. */
export type ContractSheet = (wb: Workbook, data: ContractReportData) => void;

export function frame(data: ContractReportData, name: string, title: string) {
  return {
    name,
    title,
    subtitle: `${data.contract.name} · contrat ACI n° ${data.contract.id} · données au ${formatDateFr(data.today)}`,
    pageHeader: `${data.contract.name} — contrat ACI n° ${data.contract.id}`,
    dataDate: data.today,
  };
}

const YEAR_COLUMNS: Column[] = [
  { header: 'Année', kind: 'integer', width: 26, align: 'center' },
  { header: 'Du', kind: 'date', width: 12 },
  { header: 'Au', kind: 'date', width: 12 },
  { header: 'Texte ACI', kind: 'text', width: 12 },
  { header: 'Taille', kind: 'integer', width: 8, align: 'center' },
  { header: 'Fonctionnement', kind: 'money', width: 16, total: true },
  { header: 'Part fixe', kind: 'money', width: 16, total: true },
  { header: 'Part variable', kind: 'money', width: 16, total: true },
  { header: 'Total dû', kind: 'money', width: 17, total: true },
  { header: 'Versé', kind: 'money', width: 17, total: true },
  { header: 'Reste dû', kind: 'money', width: 17, total: true },
  { header: 'Remarques', kind: 'text', width: 48, wrap: true },
];

export const summarySheet: ContractSheet = (wb, data) => {
  const c = data.contract;
  const ws = addFramedSheet(wb, frame(data, 'Synthèse', `Contrat ACI — ${c.name}`));
  setColumnWidths(ws, YEAR_COLUMNS);
  const span = YEAR_COLUMNS.length - 1;
  let row = writeFacts(
    ws,
    4,
    [
      ['CPTS', 'userText', c.name],
      ['Association', 'userText', c.legalName],
      ['SIRET', 'userText', c.siret || 'non renseigné'],
      ['Département', 'userText', c.departement],
      ['Communes', 'userText', c.communes.join(', ')],
      ['Population couverte', 'integer', c.population],
      ['Population au', 'date', c.populationAsOf],
      ['Taille', 'text', `Taille ${c.sizeBand}`],
      ['CPAM', 'userText', c.cpam],
      ['ARS', 'userText', c.ars],
      ['Signé le', 'date', c.signedOn],
      ['Début', 'date', c.startsOn],
      ['Fin', 'date', c.endsOn],
      ['Texte ACI à la signature', 'text', c.textVersionLabel],
      ['Statut', 'text', CONTRACT_STATUS_LABELS[c.status]],
      ['Données au', 'date', data.today],
    ],
    span,
  );
  row += 1;
  ws.getCell(row, 1).value = 'Droits, versements et reste dû par année du contrat';
  ws.getCell(row, 1).font = { bold: true, size: 12 };
  const years = yearFigures(data.funding);
  const placed = writeTable(
    ws,
    row + 1,
    YEAR_COLUMNS,
    years.map((y) => [y.year, y.from, y.to, y.textVersionLabel, y.sizeBand, y.fonctionnementCents, y.fixedCents, y.variableCents, y.dueCents, y.paidCents, y.outstandingCents, y.notes.join(' ')]),
    { totalsLabel: data.funding.result.complete ? 'Total du contrat' : `Total du contrat (${partialLabel(data.funding.result.refusedLines.length)})` },
  );
  const t = data.funding.totals;
  writeFacts(
    ws,
    (placed.totalRow ?? placed.lastRow) + 2,
    [
      [`Échu au ${formatDateFr(data.today)}`, 'money', t.dueToDateCents],
      ['Versé', 'money', t.paidCents],
      ['Échu non versé (en retard)', 'money', t.overdueCents],
      ['Dû dans les 60 jours', 'money', t.dueNext60Cents],
    ],
    1,
  );
  // Freeze the title rows only: the facts and the table scroll together.
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }];
};

const MISSION_COLUMNS: Column[] = [
  { header: 'Mission', kind: 'text', width: 34, wrap: true },
  { header: 'Socle ou optionnelle', kind: 'text', width: 12 },
  { header: 'Démarrée le', kind: 'date', width: 12 },
  { header: 'Démarrage au plus tard', kind: 'date', width: 13 },
  { header: 'Démarrage', kind: 'text', width: 18 },
  { header: 'Déployée le', kind: 'date', width: 12 },
  { header: 'Déploiement au plus tard', kind: 'date', width: 13 },
  { header: 'Déploiement', kind: 'text', width: 18 },
  { header: 'Règle de délai', kind: 'text', width: 60, wrap: true },
];

export const missionsSheet: ContractSheet = (wb, data) => {
  const ws = addFramedSheet(wb, frame(data, 'Missions', `Missions et délais — ${data.contract.name}`));
  writeTable(
    ws,
    3,
    MISSION_COLUMNS,
    data.contract.missions.map((m) => [
      m.label,
      m.socle ? 'Socle' : 'Optionnelle',
      m.startedOn,
      m.startBy,
      startState(m),
      m.deployedOn,
      m.deployBy,
      deployState(m),
      m.deadlineNote,
    ]),
    { freeze: true },
  );
};

const SCHEDULE_COLUMNS: Column[] = [
  { header: 'Année', kind: 'integer', width: 8, align: 'center' },
  { header: 'Échéance', kind: 'date', width: 12 },
  { header: 'Libellé', kind: 'text', width: 78, wrap: true },
  { header: 'Type', kind: 'text', width: 17 },
  { header: 'Montant dû', kind: 'money', width: 16, total: true },
  { header: 'Versé', kind: 'money', width: 16, total: true },
  { header: 'Reste dû', kind: 'money', width: 16, total: true },
  { header: 'Retard', kind: 'text', width: 10 },
];

export const scheduleSheet: ContractSheet = (wb, data) => {
  const ws = addFramedSheet(wb, frame(data, 'Échéancier', `Échéancier et versements — ${data.contract.name}`));
  writeTable(
    ws,
    3,
    SCHEDULE_COLUMNS,
    data.funding.schedule.map((t) => [
      t.year,
      t.dueOn,
      t.label,
      TRANCHE_KIND_LABELS[t.kind],
      t.amountCents,
      t.paidCents,
      t.outstandingCents,
      t.overdue ? 'En retard' : '',
    ]),
    { freeze: true, totalsLabel: 'Total' },
  );
};
