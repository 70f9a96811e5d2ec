// Tables of the PDFs: a header row repeated on every page a table spans (headerRows), rows kept
// whole, amounts right-aligned in fr-FR format, an optional totals row.
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

/** A data table; `totals`, if given, is the last row, bold on a grey band. */
export function dataTable(columns: PdfColumn[], rows: TableCell[][], totals?: TableCell[]): Content {
  const header: TableCell[] = columns.map((c) => ({ text: c.header, style: 'tableHeader', fillColor: COLORS.headerFill, alignment: c.align ?? 'left' }));
  const aligned = (row: TableCell[]): TableCell[] =>
    row.map((cell, i) => {
      const align = columns[i]?.align;
      if (!align || typeof cell !== 'object' || cell === null || 'alignment' in cell) return cell;
      return { ...cell, alignment: align } as TableCell;
    });
  const body: TableCell[][] = [header, ...rows.map(aligned)];
  if (totals) body.push(aligned(totals).map((cell) => ({ ...(cell as object), bold: true, fillColor: COLORS.totalFill }) as TableCell));
  return {
    table: { headerRows: 1, keepWithHeaderRows: 1, dontBreakRows: true, widths: columns.map((c) => c.width), body },
    layout: DATA_LAYOUT,
  };
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
