/**
 * The "exceljs alone" baseline of the export benchmark (issue 11): the cells of a workbook the app
 * wrote, read back with exceljs (values, number formats, fonts, fills, borders, alignments, row
 * heights, column widths, page setup, panes, filter), then written again straight with exceljs —
 * no data gathering, no app code. `writeBare` is what is timed.
 */
import ExcelJS from 'exceljs';

interface BareCell {
  col: number;
  value: ExcelJS.CellValue;
  numFmt?: string;
  font?: Partial<ExcelJS.Font>;
  fill?: ExcelJS.Fill;
  border?: Partial<ExcelJS.Borders>;
  alignment?: Partial<ExcelJS.Alignment>;
}

interface BareRow {
  row: number;
  height?: number;
  cells: BareCell[];
}

interface BareSheet {
  name: string;
  pageSetup: Partial<ExcelJS.PageSetup>;
  headerFooter: Partial<ExcelJS.HeaderFooter>;
  views: Partial<ExcelJS.WorksheetView>[];
  autoFilter?: ExcelJS.AutoFilter;
  widths: (number | undefined)[];
  rows: BareRow[];
}

export interface BareWorkbook {
  sheets: BareSheet[];
  cells: number;
}

function isDefaultFont(f: Partial<ExcelJS.Font>): boolean {
  const color = f.color as { theme?: number; argb?: string } | undefined;
  return !f.bold && !f.italic && !f.underline && !f.strike && (f.size === undefined || f.size === 11) && (f.name === undefined || f.name === 'Calibri') && (color === undefined || (color.theme === 1 && color.argb === undefined));
}

/** Reads a workbook's cells and styles (not timed). */
export async function readBare(bytes: Buffer): Promise<BareWorkbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  let count = 0;
  const sheets = wb.worksheets.map((ws): BareSheet => {
    const rows: BareRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: BareCell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        const s = cell.style;
        // exceljs reads back the defaults too (Calibri 11, no fill, no border): only what differs is written.
        cells.push({
          col,
          value: cell.value,
          numFmt: s.numFmt,
          font: s.font && !isDefaultFont(s.font) ? s.font : undefined,
          fill: s.fill && !(s.fill.type === 'pattern' && s.fill.pattern === 'none') ? s.fill : undefined,
          border: s.border && Object.keys(s.border).length > 0 ? s.border : undefined,
          alignment: s.alignment && Object.keys(s.alignment).length > 0 ? s.alignment : undefined,
        });
      });
      count += cells.length;
      rows.push({ row: rowNumber, height: row.height, cells });
    });
    return {
      name: ws.name,
      pageSetup: { ...ws.pageSetup },
      headerFooter: { ...ws.headerFooter },
      views: ws.views.map((v) => ({ ...v })),
      autoFilter: ws.autoFilter,
      widths: ws.columns.map((c) => c.width),
      rows,
    };
  });
  return { sheets, cells: count };
}

/** Writes the same cells with exceljs alone and returns the file's bytes (timed). */
export async function writeBare(bare: BareWorkbook): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.calcProperties.fullCalcOnLoad = true;
  for (const s of bare.sheets) {
    const ws = wb.addWorksheet(s.name, { pageSetup: s.pageSetup, headerFooter: s.headerFooter });
    s.widths.forEach((w, i) => {
      if (w !== undefined) ws.getColumn(i + 1).width = w;
    });
    for (const r of s.rows) {
      const row = ws.getRow(r.row);
      if (r.height !== undefined) row.height = r.height;
      for (const c of r.cells) {
        const cell = row.getCell(c.col);
        if (c.value !== null && c.value !== undefined) cell.value = c.value;
        if (c.numFmt) cell.numFmt = c.numFmt;
        if (c.font) cell.font = c.font;
        if (c.fill) cell.fill = c.fill;
        if (c.border) cell.border = c.border;
        if (c.alignment) cell.alignment = c.alignment;
      }
    }
    ws.views = s.views;
    if (s.autoFilter) ws.autoFilter = s.autoFilter;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
