// Reads an annex workbook's cells (issue 12): the sheet « Annexe » (else the first sheet whose
// header reads as the template's), each row as plain values — text, number, boolean, date — for
// shared/domain/annexWorkbook.ts, which decides. Formulas give their cached result, rich text its
// text, a percentage-formatted number its percentage (0,6626 shown as 66,26 % reads 66,26).
// The file is checked as a zip first (entries and declared sizes bounded): a refused file never
// reaches exceljs. Errors are French (AnnexWorkbookError).
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { isHeaderRow, normalise, type WorkbookCell, type WorkbookRow } from '../../../shared/domain/annexWorkbook';
import { ANNEX_SHEET } from './annexTemplate';

export class AnnexWorkbookError extends Error {}

const MAX_ENTRIES = 500;
const MAX_UNCOMPRESSED = 100 * 1024 * 1024;
/** Columns read per row (the template has 21; CPAM sheets may add notes on the right). */
const MAX_COLUMNS = 60;

function zipEntries(bytes: Buffer): Promise<{ count: number; size: number }> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) {
        reject(new AnnexWorkbookError(unreadable(bytes)));
        return;
      }
      let count = 0;
      let size = 0;
      zip.on('entry', (e: yauzl.Entry) => {
        count++;
        size += e.uncompressedSize;
        if (count > MAX_ENTRIES || size > MAX_UNCOMPRESSED) {
          zip.close();
          reject(new AnnexWorkbookError('Classeur refusé : son contenu décompressé est démesuré pour une annexe.'));
          return;
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve({ count, size }));
      zip.on('error', () => reject(new AnnexWorkbookError(unreadable(bytes))));
      zip.readEntry();
    });
  });
}

function unreadable(bytes: Buffer): string {
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    return 'Classeur au format .xls (Excel 97-2003) : enregistrez-le au format .xlsx (Fichier › Enregistrer sous › Classeur Excel) puis importez-le.';
  }
  return 'Fichier illisible : un classeur Excel .xlsx est attendu (le modèle de l’application, ou l’annexe de la CPAM enregistrée en .xlsx).';
}

function plain(cell: ExcelJS.Cell): WorkbookCell {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    // A percentage-formatted cell stores the fraction: 66,26 % is 0.6626.
    return typeof cell.numFmt === 'string' && cell.numFmt.includes('%') ? Math.round(v * 100 * 1e9) / 1e9 : v;
  }
  if (typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('formula' in v || 'sharedFormula' in v) {
    const r = (v as ExcelJS.CellFormulaValue).result;
    if (r === undefined || r === null) return null;
    if (typeof r === 'object' && !(r instanceof Date)) return '#ERREUR';
    if (typeof r === 'number' && typeof cell.numFmt === 'string' && cell.numFmt.includes('%')) return Math.round(r * 100 * 1e9) / 1e9;
    return r;
  }
  if ('text' in v && typeof v.text === 'string') return v.text;
  if ('error' in v) return String(v.error);
  return null;
}

function rowsOf(ws: ExcelJS.Worksheet): WorkbookRow[] {
  const rows: WorkbookRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: WorkbookCell[] = [];
    const last = Math.min(row.cellCount, MAX_COLUMNS);
    for (let c = 1; c <= last; c++) cells.push(plain(row.getCell(c)));
    rows.push({ rowNumber, cells });
  });
  return rows;
}

/** The rows of the workbook's annex sheet. Throws AnnexWorkbookError (French) for a file that is no readable .xlsx. */
export async function readAnnexWorkbook(bytes: Buffer): Promise<{ sheet: string; rows: WorkbookRow[] }> {
  await zipEntries(bytes);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new AnnexWorkbookError(unreadable(bytes));
  }
  const sheets = wb.worksheets.filter((s) => s.state !== 'veryHidden');
  if (sheets.length === 0) throw new AnnexWorkbookError('Classeur sans feuille : la feuille « Annexe » du modèle est attendue.');
  const named = sheets.find((s) => normalise(s.name) === normalise(ANNEX_SHEET));
  const ws = named ?? sheets.find((s) => rowsOf(s).slice(0, 30).some((r) => isHeaderRow(r.cells))) ?? sheets[0]!;
  return { sheet: ws.name, rows: rowsOf(ws) };
}
