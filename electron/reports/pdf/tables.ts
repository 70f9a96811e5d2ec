// Tables of the PDFs: a header row repeated on every page a table spans (headerRows), rows kept
// whole, amounts right-aligned in fr-FR format, an optional totals row; tables in groups; the
// signature boxes of a compte rendu.
import type { Content, ContentText, CustomTableLayout, TableCell } from 'pdfmake/interfaces';
import { formatDateFr } from '../../../shared/dates';
import { formatEuros } from '../../../shared/money';
import { COLORS } from './layout';

export interface PdfColumn {
  header: string;
  width: number | '*' | 'auto';
  align?: 'left' | 'right' | 'center';
}

const DATA_LAYOUT: CustomTableLayout = {
  hLineWidth: (i, node) => (i === 0 || i === 1 || i === node.table.body.length ? 0.8 : 0.3),
  vLineWidth: () => 0,
  hLineColor: () => COLORS.line,
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

function headerCells(columns: PdfColumn[]): TableCell[] {
  return columns.map((c) => ({ text: c.header, style: 'tableHeader', fillColor: COLORS.headerFill, alignment: c.align ?? 'left' }));
}

/** Applies the columns' alignment to the cells that do not set their own. */
function aligned(columns: PdfColumn[], row: TableCell[]): TableCell[] {
  return row.map((cell, i) => {
    const align = columns[i]?.align;
    if (!align || typeof cell !== 'object' || cell === null || 'alignment' in cell) return cell;
    return { ...cell, alignment: align } as TableCell;
  });
}

function totalsRow(columns: PdfColumn[], totals: TableCell[]): TableCell[] {
  return aligned(columns, totals).map((cell) => ({ ...(cell as object), bold: true, fillColor: COLORS.totalFill }) as TableCell);
}

/** Up to this many rows, a table with totals is kept on one page: its totals never stand alone. */
const SHORT_TABLE_ROWS = 12;

/** A data table; `totals`, if given, is the last row, bold on a grey band. */
export function dataTable(columns: PdfColumn[], rows: TableCell[][], totals?: TableCell[]): Content {
  const body: TableCell[][] = [headerCells(columns), ...rows.map((r) => aligned(columns, r))];
  if (totals) body.push(totalsRow(columns, totals));
  const table: Content = {
    table: { headerRows: 1, keepWithHeaderRows: 1, dontBreakRows: true, widths: columns.map((c) => c.width), body },
    layout: DATA_LAYOUT,
  };
  return totals && rows.length <= SHORT_TABLE_ROWS ? { unbreakable: true, stack: [table] } : table;
}

const GROUP_LAYOUT: CustomTableLayout = { ...DATA_LAYOUT, hLineWidth: (i, node) => (i === 0 || i === 2 || i === node.table.body.length ? 0.8 : 0.3) };

/**
 * Rows in groups (the indicators of each mission): one table per group, whose title and column
 * header repeat on each page it spans and never end a page without a row of the group under them.
 * All the tables share the columns' widths, so they read as one; `totals` closes them.
 */
export function groupedTable(columns: PdfColumn[], groups: { title: string; rows: TableCell[][] }[], totals?: TableCell[]): Content {
  const widths = columns.map((c) => c.width);
  const stack: Content[] = groups.map((g, i) => ({
    table: {
      headerRows: 2,
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths,
      body: [groupRow(g.title, columns.length), headerCells(columns), ...g.rows.map((r) => aligned(columns, r))],
    },
    layout: GROUP_LAYOUT,
    margin: [0, i === 0 ? 0 : 8, 0, 0],
  }));
  if (totals) stack.push({ table: { dontBreakRows: true, widths, body: [totalsRow(columns, totals)] }, layout: { ...DATA_LAYOUT, hLineWidth: () => 0.8 }, margin: [0, 8, 0, 0] });
  return { stack };
}

/** Label / value pairs side by side (the parties of a contract), without lines. */
export function factsGrid(facts: [label: string, value: string][], perRow = 2): Content {
  const body: TableCell[][] = [];
  for (let i = 0; i < facts.length; i += perRow) {
    const row: TableCell[] = [];
    for (let j = 0; j < perRow; j++) {
      const f = facts[i + j];
      row.push(f ? { stack: [{ text: f[0], style: 'label' }, { text: f[1] }] } : { text: '' });
    }
    body.push(row);
  }
  return {
    table: { widths: Array.from({ length: perRow }, () => '*'), body, dontBreakRows: true },
    layout: { hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 0, paddingRight: () => 10, paddingTop: () => 2, paddingBottom: () => 4 },
  };
}

/** Key figures in boxes, e.g. due / paid / outstanding. */
export function figureBoxes(figures: { label: string; cents: number; tone?: 'late' }[]): Content {
  return {
    table: {
      widths: figures.map(() => '*'),
      body: [
        figures.map((f) => ({
          stack: [
            { text: f.label, style: 'label' },
            { text: formatEuros(f.cents), fontSize: 12.5, bold: true, color: f.tone === 'late' && f.cents > 0 ? COLORS.late : COLORS.ink, margin: [0, 2, 0, 0] },
          ],
          fillColor: COLORS.totalFill,
        })),
      ],
    },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: (i: number) => (i > 0 && i < figures.length ? 4 : 0),
      vLineColor: () => '#ffffff',
      paddingLeft: () => 8,
      paddingRight: () => 8,
      paddingTop: () => 6,
      paddingBottom: () => 7,
    },
  };
}

type CellStyle = Partial<Omit<ContentText, 'text'>>;

export function moneyCell(cents: number, extra: CellStyle = {}): ContentText {
  return { text: formatEuros(cents), alignment: 'right', noWrap: true, ...extra };
}

export function dateCell(iso: string | null, extra: CellStyle = {}): ContentText {
  return { text: iso ? formatDateFr(iso) : '—', noWrap: true, ...extra };
}

export function textCell(text: string, extra: CellStyle = {}): ContentText {
  return { text, ...extra };
}

/** A row that titles the rows under it (a mission in an indicator table), across every column. */
export function groupRow(label: string, columns: number, extra: CellStyle = {}): TableCell[] {
  return [{ text: label, colSpan: columns, bold: true, fontSize: 9.5, color: '#102a43', fillColor: COLORS.groupFill, margin: [0, 1, 0, 1], ...extra }, ...Array.from({ length: columns - 1 }, () => ({ text: '' }))];
}

/** A cell with a main line and a small grey line under it ("Démarrée" / "le 13/12/2023"). */
export function twoLineCell(main: string, sub: string, mainStyle: CellStyle = {}, align?: 'left' | 'right' | 'center'): TableCell {
  return {
    stack: [
      { text: main, ...mainStyle },
      ...(sub ? [{ text: sub, style: 'note', fontSize: 7.5 }] : []),
    ],
    ...(align ? { alignment: align } : {}),
  };
}

/** Signature boxes side by side, one per party: name and capacity, date, signature. */
export function signatureBlock(parties: string[]): Content {
  const line = (label: string): Content => ({
    stack: [
      { text: label, style: 'label' },
      { canvas: [{ type: 'line', x1: 0, y1: 14, x2: 150, y2: 14, lineWidth: 0.5, lineColor: COLORS.line }] },
    ],
    margin: [0, 4, 0, 0],
  });
  return {
    unbreakable: true,
    table: {
      widths: parties.map(() => '*'),
      body: [
        parties.map((p) => ({ text: p, bold: true, fillColor: COLORS.headerFill, margin: [2, 2, 2, 2] })),
        parties.map(() => ({
          stack: [line('Nom et qualité du signataire'), line('Date'), { text: 'Signature', style: 'label', margin: [0, 8, 0, 0] }, { text: '', margin: [0, 0, 0, 58] }],
          margin: [2, 2, 2, 4],
        })),
      ],
    },
    layout: {
      hLineWidth: () => 0.8,
      vLineWidth: () => 0.8,
      hLineColor: () => COLORS.line,
      vLineColor: () => COLORS.line,
      paddingLeft: () => 6,
      paddingRight: () => 6,
      paddingTop: () => 4,
      paddingBottom: () => 4,
    },
  };
}
