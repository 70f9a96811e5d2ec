// Readers of the exported files that the app did not write: openpyxl (Debian's python3-openpyxl),
// LibreOffice headless (recomputes every formula), poppler's pdftotext / pdftoppm / pdffonts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const TOOLS = fileURLToPath(new URL('.', import.meta.url));
export const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p)) ?? null;

function run(cmd: string, args: string[], timeout = 120_000): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} : code ${r.status}\n${r.stderr}`);
  return r.stdout;
}

export interface ProbedCell {
  ref: string;
  row: number;
  col: number;
  /** openpyxl: n number, s string, d date (a number with a date format), f formula, b boolean. */
  type: string;
  format: string;
  value: string | number | boolean;
  bold: boolean;
}

export interface ProbedSheet {
  name: string;
  freeze: string | null;
  autoFilter: string | null;
  paperSize: number | null;
  orientation: string | null;
  fitToPage: boolean | null;
  fitToWidth: number | null;
  fitToHeight: number | null;
  header: string | null;
  headerRight: string | null;
  footerRight: string | null;
  widths: Record<string, number>;
  cells: ProbedCell[];
}

export interface ProbedWorkbook {
  properties: { creator: string; title: string; subject: string; created: string | null };
  sheets: ProbedSheet[];
}

export function openpyxl(file: string): ProbedWorkbook {
  return JSON.parse(run(PYTHON, [join(TOOLS, 'xlsx_probe.py'), file])) as ProbedWorkbook;
}

export function cell(sheet: ProbedSheet, ref: string): ProbedCell | undefined {
  return sheet.cells.find((c) => c.ref === ref);
}

export function rowCells(sheet: ProbedSheet, row: number): ProbedCell[] {
  return sheet.cells.filter((c) => c.row === row).sort((a, b) => a.col - b.col);
}

/** Minimal RFC 4180 reader (LibreOffice quotes fields with commas, quotes or line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Opens each workbook in LibreOffice with "recalculate on load: always" (a throw-away profile), and
 * returns every sheet as CSV rows of raw values: file -> sheet name -> rows.
 */
export function libreOfficeRecalc(files: string[], workDir: string): Map<string, Map<string, string[][]>> {
  if (!SOFFICE) throw new Error('LibreOffice absent : apt-get install libreoffice-calc-nogui');
  const profile = join(workDir, 'lo-profile');
  mkdirSync(join(profile, 'user'), { recursive: true });
  writeFileSync(
    join(profile, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  const outDir = join(workDir, 'csv');
  mkdirSync(outDir, { recursive: true });
  // Comma, double quote, UTF-8, raw values (not as shown), every sheet (-1) in its own file.
  const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';
  run(SOFFICE, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', filter, '--outdir', outDir, ...files], 240_000);
  const out = new Map<string, Map<string, string[][]>>();
  for (const f of files) {
    const stem = basename(f).replace(/\.xlsx$/, '');
    const sheets = new Map<string, string[][]>();
    for (const csv of readdirSync(outDir).filter((n) => n.startsWith(`${stem}-`) && n.endsWith('.csv'))) {
      sheets.set(csv.slice(stem.length + 1, -4), parseCsv(readFileSync(join(outDir, csv), 'utf8')));
    }
    out.set(f, sheets);
  }
  return out;
}

export function pdfText(file: string, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return run('pdftotext', ['-layout', ...range, file, '-']);
}

/**
 * The text in the order the PDF draws it (pdftotext -raw): a table cell's wrapped lines stay
 * together, so a long text can be found once its whitespace is collapsed.
 */
export function pdfRawText(file: string): string {
  return run('pdftotext', ['-raw', file, '-']);
}

export function pdfPages(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))?.[1] ?? 0);
}

export function pdfFonts(file: string): string {
  return run('pdffonts', [file]);
}

/** Code points the PDF's fonts map glyphs to (its ToUnicode CMaps), lower-case hex. */
export function pdfCodePoints(file: string): string[] {
  return JSON.parse(run(PYTHON, [join(TOOLS, 'pdf_unicode.py'), file])) as string[];
}

/** Page 1 as a PNG at 60 dpi (pdftoppm), for a person to look at; returns its path. */
export function renderFirstPage(file: string, outPrefix: string): string {
  run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, outPrefix]);
  return `${outPrefix}.png`;
}
