// The empty workbook of a yearly annex (issue 12), laid out like the annexes the CPAMs send: sheet
// « Annexe » with one row per indicator under a header of French column titles (each with a note
// saying what it takes, and drop-down lists for the closed choices), and sheet « Mode d’emploi »
// with the rules, the missions' codes and three example rows. Read back by annexWorkbookRead.ts and
// shared/domain/annexWorkbook.ts, which are the reference for what a column accepts.
import type ExcelJS from 'exceljs';
import { ANNEX_COLUMNS, DIRECTION_WORDS, KIND_WORDS, PAYMENT_WORDS, SOURCE_WORDS, UNIT_WORDS, type AnnexColumn } from '../../../shared/domain/annexWorkbook';
import { MISSION_CODES, MISSION_LABELS, MISSION_NUMBERS } from '../../../shared/domain/missions';
import { DATE_FORMAT, EURO_FORMAT } from './cells';
import { newWorkbook, workbookBuffer, type Worksheet } from './sheet';

export const ANNEX_SHEET = 'Annexe';
export const HELP_SHEET = 'Mode d’emploi';
export const ANNEX_TEMPLATE_FILE = 'modele-annexe-aci.xlsx';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Rows offered with drop-down lists and formats (a yearly annex has some twenty indicators). */
const TEMPLATE_ROWS = 300;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7F0FA' } };
const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE8C8' } };
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF9FB3C8' } };

function isMoney(c: AnnexColumn): boolean {
  return c.key === 'amount' || /Amount$/.test(c.key);
}

/** Whether the column must be filled on an indicator's row (the header says it with its colour). */
function neededOnIndicatorRow(c: AnnexColumn): boolean {
  return ['mission', 'action', 'indicator', 'kind', 'unit', 'source', 'payment'].includes(c.key);
}

function listValidation(choices: readonly string[], header: string): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [`"${choices.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: header,
    error: `Valeurs attendues : ${choices.join(', ')}.`,
    showInputMessage: false,
  };
}

function writeAnnexSheet(ws: Worksheet): void {
  const header = ws.getRow(1);
  ANNEX_COLUMNS.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = neededOnIndicatorRow(c) ? REQUIRED_FILL : HEADER_FILL;
    cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.note = `${c.header}${neededOnIndicatorRow(c) ? ' (obligatoire)' : ''} : ${c.help}`;
  });
  header.height = 32;
  // Formats and drop-down lists by column (one range each): a per-cell loop would make the file
  // ten times slower to build for the same result.
  const validations = (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  ANNEX_COLUMNS.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if (isMoney(c)) col.numFmt = EURO_FORMAT;
    if (c.key === 'baselineOn') col.numFmt = DATE_FORMAT;
    if (c.key === 'action' || c.key === 'indicator' || c.key === 'livrables') col.alignment = { wrapText: true, vertical: 'top' };
    if (c.choices) validations.add(`${col.letter}2:${col.letter}${TEMPLATE_ROWS + 1}`, listValidation(c.choices, c.header));
  });
  // The header keeps its own look over the column styles.
  ANNEX_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.numFmt = 'General';
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  ws.views = [{ state: 'frozen', xSplit: 3, ySplit: 1, topLeftCell: 'D2', activeCell: 'A2' }];
  ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };
}

/** Three example rows (paliers, tout ou rien oui/non, linéaire), in the columns' order. */
const EXAMPLES: Record<string, string | number>[] = [
  {
    mission: MISSION_LABELS.acces_soins,
    action: 'Faciliter l’accès à un médecin traitant',
    indicator: 'Patients en ALD sans médecin traitant',
    kind: KIND_WORDS.result,
    unit: UNIT_WORDS.count,
    source: SOURCE_WORDS.cpam,
    direction: DIRECTION_WORDS.lower,
    payment: PAYMENT_WORDS.paliers,
    baseline: 219,
    baselineOn: '31/12/2023',
    palier1Threshold: 219,
    palier1Amount: 3000,
    palier2Threshold: 100,
    palier2Amount: 6000,
    palier3Threshold: 50,
    palier3Amount: 9000,
    livrables: 'Requête CPAM des patients en ALD sans médecin traitant ; Liste des médecins volontaires',
  },
  {
    mission: MISSION_LABELS.acces_soins,
    action: 'Faciliter l’accès à un médecin traitant',
    indicator: 'Partenariat signé avec la CPAM',
    kind: KIND_WORDS.action,
    unit: UNIT_WORDS.yesno,
    source: SOURCE_WORDS.cpts,
    payment: PAYMENT_WORDS.all_or_nothing,
    amount: 5000,
  },
  {
    mission: MISSION_LABELS.prevention,
    action: 'Dépistages organisés des cancers',
    indicator: 'Taux de dépistage du cancer du sein',
    kind: KIND_WORDS.result,
    unit: UNIT_WORDS.percentage,
    source: SOURCE_WORDS.cpam,
    direction: DIRECTION_WORDS.higher,
    payment: PAYMENT_WORDS.linear,
    baseline: 66.26,
    target: 75,
    amount: 3500,
    livrables: 'Requête CPAM des taux de dépistage',
  },
];

function writeHelpSheet(ws: Worksheet): void {
  ws.getColumn(1).width = 26;
  ws.getColumn(2).width = 16;
  ws.getColumn(3).width = 90;
  let r = 1;
  const line = (text: string, opts: { bold?: boolean; size?: number; italic?: boolean } = {}) => {
    const cell = ws.getCell(r, 1);
    cell.value = text;
    cell.font = { bold: opts.bold, size: opts.size, italic: opts.italic };
    r++;
  };
  line('Annexe annuelle du contrat ACI CPTS — mode d’emploi', { bold: true, size: 14 });
  line('Une ligne par indicateur dans la feuille « Annexe », sous la ligne de titres (à garder telle quelle ; l’ordre des colonnes peut changer).');
  line('Les lignes d’une même action se suivent ; Mission et Action vides reprennent celles de la ligne au-dessus. Une ligne sans indicateur porte une action et ses livrables seulement.');
  line('Montants en euros (3 000 ou 3 000,00 €) ; valeurs dans l’unité de l’indicateur : 66,26 pour 66,26 %, oui ou non pour un indicateur oui/non.');
  line('L’import est tout ou rien : une seule ligne fautive et rien n’est enregistré ; chaque erreur dit sa ligne et sa colonne. L’année ne doit pas déjà avoir d’annexe saisie.');
  r++;
  const head = (labels: string[]) => {
    labels.forEach((l, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.value = l;
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
    });
    r++;
  };
  line('Colonnes', { bold: true, size: 12 });
  head(['Colonne', 'Obligatoire', 'Contenu']);
  for (const c of ANNEX_COLUMNS) {
    ws.getCell(r, 1).value = c.header;
    ws.getCell(r, 2).value = neededOnIndicatorRow(c) ? 'oui' : c.key === 'direction' ? 'sauf oui/non' : 'non';
    const help = ws.getCell(r, 3);
    help.value = c.choices && c.key !== 'mission' ? `${c.help} Valeurs : ${c.choices.join(', ')}.` : c.help;
    help.alignment = { wrapText: true, vertical: 'top' };
    r++;
  }
  ws.getCell(r, 1).value = 'Palier 5 à 10';
  ws.getCell(r, 2).value = 'non';
  ws.getCell(r, 3).value = 'Au-delà de 4 paliers, ajoutez les colonnes « Palier 5 seuil » et « Palier 5 montant (€) », etc. (10 paliers au plus).';
  r += 2;
  line('Missions', { bold: true, size: 12 });
  head(['Intitulé', 'N°', 'Code']);
  for (const code of MISSION_CODES) {
    ws.getCell(r, 1).value = MISSION_LABELS[code];
    ws.getCell(r, 2).value = MISSION_NUMBERS[code];
    ws.getCell(r, 3).value = code;
    r++;
  }
  r++;
  line('Exemples (à recopier dans la feuille « Annexe », pas à laisser ici)', { bold: true, size: 12 });
  const first = r;
  ANNEX_COLUMNS.forEach((c, i) => {
    const cell = ws.getCell(r, i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
  });
  r++;
  for (const ex of EXAMPLES) {
    ANNEX_COLUMNS.forEach((c, i) => {
      const v = ex[c.key];
      if (v === undefined) return;
      const cell = ws.getCell(r, i + 1);
      cell.value = v;
      if (isMoney(c)) cell.numFmt = EURO_FORMAT;
    });
    r++;
  }
  ws.getCell(first - 1, 1).font = { bold: true, size: 12 };
}

/** The template, as xlsx bytes. */
export async function buildAnnexTemplate(): Promise<Buffer> {
  const wb = newWorkbook({
    title: 'Annexe annuelle du contrat ACI CPTS — modèle',
    subject: 'Modèle d’import de l’annexe annuelle : une ligne par indicateur (mission, action, indicateur, type, unité, référence, cible, paliers et montants, livrables).',
    keywords: 'ACI CPTS annexe indicateurs paliers modèle import',
  });
  writeAnnexSheet(wb.addWorksheet(ANNEX_SHEET));
  writeHelpSheet(wb.addWorksheet(HELP_SHEET));
  return workbookBuffer(wb);
}
