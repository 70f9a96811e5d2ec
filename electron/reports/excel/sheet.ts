// The frame every Excel export shares: document properties, A4 sheets fitted to the page width,
// a title, a frozen header row, typed columns, totals as formulas.
import ExcelJS from 'exceljs';
import { formatDateFr, type IsoDate } from '../../../shared/dates';
import { DATE_FORMAT, EURO_FORMAT, INTEGER_FORMAT, RATIO_FORMAT, centsToEuros, headerFooterText, isoToExcelDate, neutraliseFormula } from './cells';

export type Workbook = ExcelJS.Workbook;
export type Worksheet = ExcelJS.Worksheet;

/**
 * - text: text the app writes (labels, statuses);
 * - userText: text typed by a user (names, comments): neutralised against formula injection;
 * - money: integer cents, written as euros; date: ISO date; integer: a count (population);
 * - ratio: a share (0.5882), shown as a percentage;
 * - measure: an indicator's value, given as a `NumberCell` (its format follows the unit) or as
 *   app text ("oui", "non").
 * Any kind also takes a `FormulaCell` (written with its cached result, in the column's format).
 */
export type ColumnKind = 'text' | 'userText' | 'money' | 'date' | 'integer' | 'ratio' | 'measure';

export interface Column {
  header: string;
  kind: ColumnKind;
  /** In characters. */
  width: number;
  /** A money column summed in the totals row. */
  total?: boolean;
  /** Long text: wrapped, the row grows to show it. */
  wrap?: boolean;
  /** Defaults: numbers right, dates centred, text left. */
  align?: 'left' | 'center' | 'right';
}

function alignmentOf(c: Column): 'left' | 'center' | 'right' {
  if (c.align) return c.align;
  if (c.kind === 'date') return 'center';
  return c.kind === 'money' || c.kind === 'integer' || c.kind === 'ratio' || c.kind === 'measure' ? 'right' : 'left';
}

/** Excel and LibreOffice do not grow a row to fit wrapped text they did not lay out: estimate the lines. */
export function estimatedLines(text: string, widthChars: number): number {
  const perLine = Math.max(4, Math.floor(widthChars * 1.05));
  return text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / perLine)), 0);
}

const LINE_HEIGHT = 15;

/** A formula of the app (never user text), e.g. `MAX(0,MIN(1,K5/H5))`, and its result for previewers. */
export interface FormulaCell {
  formula: string;
  result: number | string | null;
}

/** A number with its own format (a measure in a column mixing counts and percentages). */
export interface NumberCell {
  number: number;
  numFmt: string;
}

export type CellInput = string | number | null | FormulaCell | NumberCell;

const KIND_FORMATS: Partial<Record<ColumnKind, string>> = { money: EURO_FORMAT, date: DATE_FORMAT, integer: INTEGER_FORMAT, ratio: RATIO_FORMAT };

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7F0FA' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF1F4F8' } };
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF9FB3C8' } };

export function newWorkbook(props: { title: string; subject: string; keywords?: string }): Workbook {
  const wb = new ExcelJS.Workbook();
  const now = new Date();
  wb.creator = 'ACI CPTS';
  wb.lastModifiedBy = 'ACI CPTS';
  wb.created = now;
  wb.modified = now;
  wb.title = props.title;
  wb.subject = props.subject;
  wb.keywords = props.keywords ?? 'ACI CPTS';
  wb.category = 'Contrat ACI CPTS';
  // Excel recomputes the totals on opening; cached results are written too, for previewers.
  wb.calcProperties.fullCalcOnLoad = true;
  return wb;
}

export interface SheetFrame {
  /** Sheet name, in French (31 characters at most). */
  name: string;
  /** Row 1, bold. */
  title: string;
  /** Row 2, e.g. "Données au 23/11/2026". */
  subtitle: string;
  /** Left of the printed page header (the contract, or "Portefeuille"). */
  pageHeader: string;
  dataDate: IsoDate;
  orientation?: 'portrait' | 'landscape';
}

/** A sheet with its title rows and its A4 page setup (fitted to one page wide, as many pages high as needed). */
export function addFramedSheet(wb: Workbook, frame: SheetFrame): Worksheet {
  const ws = wb.addWorksheet(frame.name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: frame.orientation ?? 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `&L${headerFooterText(frame.pageHeader)}&RDonnées au ${formatDateFr(frame.dataDate)}`,
      oddFooter: `&L${headerFooterText(frame.title)}&RPage &P / &N`,
    },
  });
  ws.getCell('A1').value = frame.title;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = frame.subtitle;
  ws.getCell('A2').font = { italic: true, color: { argb: 'FF5D6B7C' } };
  return ws;
}

function setCell(cell: ExcelJS.Cell, kind: ColumnKind, value: CellInput): void {
  if (value === null || value === '') return;
  if (typeof value === 'object') {
    if ('formula' in value) {
      cell.value = value.result === null ? { formula: value.formula } : { formula: value.formula, result: value.result };
      const fmt = KIND_FORMATS[kind];
      if (fmt) cell.numFmt = fmt;
    } else {
      cell.value = value.number;
      cell.numFmt = value.numFmt;
    }
    return;
  }
  switch (kind) {
    case 'money':
      cell.value = centsToEuros(value as number);
      cell.numFmt = EURO_FORMAT;
      break;
    case 'date':
      cell.value = isoToExcelDate(value as string);
      cell.numFmt = DATE_FORMAT;
      break;
    case 'integer':
      cell.value = value as number;
      cell.numFmt = INTEGER_FORMAT;
      break;
    case 'ratio':
      cell.value = value as number;
      cell.numFmt = RATIO_FORMAT;
      break;
    case 'measure':
      cell.value = typeof value === 'number' ? value : String(value);
      break;
    case 'userText':
      cell.value = neutraliseFormula(String(value));
      break;
    default:
      cell.value = String(value);
  }
}

export interface TableOptions {
  /** Freeze the rows above the first data row (the title rows and the header). */
  freeze?: boolean;
  autoFilter?: boolean;
  /** Label of the totals row, written in the first column; no totals row without it. */
  totalsLabel?: string;
  /**
   * 'SUM' by default. 'SUBTOTAL' (109) sums only the rows an autofilter leaves visible, which is
   * what a reader filtering the portfolio expects.
   */
  totalsFunction?: 'SUM' | 'SUBTOTAL';
  /**
   * The data cells of a column with the same number format share one style object, which exceljs
   * serialises once instead of once per cell (the portfolio workbook's 77 000 cells, issue 11).
   * Only for a caller that never restyles a data cell after writeTable (a change to one cell's
   * style would change the whole column's).
   */
  sharedStyles?: boolean;
}

export interface TablePlacement {
  headerRow: number;
  firstRow: number;
  lastRow: number;
  totalRow: number | null;
}

export function setColumnWidths(ws: Worksheet, columns: Column[]): void {
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(col.width ?? 0, c.width);
  });
}

/** Writes a header row and typed rows from `startRow`; sets the column widths; optionally totals, freeze, autofilter. */
export function writeTable(ws: Worksheet, startRow: number, columns: Column[], rows: CellInput[][], opts: TableOptions = {}): TablePlacement {
  setColumnWidths(ws, columns);
  const header = ws.getRow(startRow);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = { bottom: THIN, top: THIN };
    cell.alignment = { vertical: 'middle', wrapText: true, horizontal: alignmentOf(c) };
  });
  header.height = 30;

  // Per column: its shared styles by number format ('' = none), when opts.sharedStyles.
  const shared = opts.sharedStyles ? columns.map(() => new Map<string, Partial<ExcelJS.Style>>()) : null;
  rows.forEach((values, r) => {
    const row = ws.getRow(startRow + 1 + r);
    let lines = 1;
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      setCell(cell, c.kind, values[i] ?? null);
      const styles = shared?.[i];
      if (styles) {
        const numFmt = cell.numFmt as string | undefined;
        let style = styles.get(numFmt ?? '');
        if (!style) {
          const alignment: Partial<ExcelJS.Alignment> = { vertical: 'top', horizontal: alignmentOf(c), wrapText: c.wrap === true };
          style = numFmt === undefined ? { alignment } : { numFmt, alignment };
          styles.set(numFmt ?? '', style);
        }
        cell.style = style;
      } else {
        cell.alignment = { vertical: 'top', horizontal: alignmentOf(c), wrapText: c.wrap === true };
      }
      if (c.wrap && typeof values[i] === 'string') lines = Math.max(lines, estimatedLines(values[i] as string, c.width));
    });
    if (lines > 1) row.height = LINE_HEIGHT * lines;
  });
  const firstRow = startRow + 1;
  const lastRow = startRow + rows.length;

  let totalRow: number | null = null;
  if (opts.totalsLabel) {
    totalRow = lastRow + 1;
    const row = ws.getRow(totalRow);
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.font = { bold: true };
      cell.fill = TOTAL_FILL;
      cell.border = { top: THIN, bottom: THIN };
      if (i === 0) cell.value = opts.totalsLabel!;
      if (!c.total) return;
      const cents = rows.reduce((s, v) => s + (typeof v[i] === 'number' ? (v[i] as number) : 0), 0);
      const letter = ws.getColumn(i + 1).letter;
      const range = `${letter}${firstRow}:${letter}${lastRow}`;
      const formula = opts.totalsFunction === 'SUBTOTAL' ? `SUBTOTAL(109,${range})` : `SUM(${range})`;
      cell.value = rows.length > 0 ? { formula, result: centsToEuros(cents) } : 0;
      cell.numFmt = EURO_FORMAT;
    });
  }

  if (opts.freeze) {
    ws.views = [{ state: 'frozen', xSplit: 0, ySplit: startRow, topLeftCell: `A${startRow + 1}`, activeCell: `A${startRow + 1}` }];
    ws.pageSetup.printTitlesRow = `${startRow}:${startRow}`;
  }
  if (opts.autoFilter) {
    ws.autoFilter = { from: { row: startRow, column: 1 }, to: { row: Math.max(lastRow, startRow), column: columns.length } };
  }
  return { headerRow: startRow, firstRow, lastRow, totalRow };
}

/** Label / value lines (the facts of a contract) from `startRow`: labels bold in column A, values from column B. */
export function writeFacts(ws: Worksheet, startRow: number, facts: [label: string, kind: ColumnKind, value: CellInput][], valueSpan: number): number {
  facts.forEach(([label, kind, value], i) => {
    const r = startRow + i;
    const labelCell = ws.getCell(r, 1);
    labelCell.value = label;
    labelCell.font = { bold: true };
    labelCell.alignment = { vertical: 'top' };
    const cell = ws.getCell(r, 2);
    setCell(cell, kind, value);
    cell.alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
    if (valueSpan > 1) ws.mergeCells(r, 2, r, 1 + valueSpan);
    let spanChars = 0;
    for (let c = 2; c <= 1 + valueSpan; c++) spanChars += ws.getColumn(c).width ?? 10;
    const lines = estimatedLines(String(value ?? ''), spanChars);
    if (lines > 1) ws.getRow(r).height = LINE_HEIGHT * lines;
  });
  return startRow + facts.length;
}

export async function workbookBuffer(wb: Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}
