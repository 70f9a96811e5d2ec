// The frame every PDF shares (état des versements now; dossier de préparation and compte rendu
// of a dialogue de gestion next): A4, DejaVu Sans, on every page a header with the contract and
// the date of the data, a footer with the document's name and "Page x / y".
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatDateFr, type IsoDate } from '../../../shared/dates';
import { PDF_FONT } from './fonts';

export const COLORS = { ink: '#1b2430', muted: '#5d6b7c', line: '#9fb3c8', brand: '#0b5cad', headerFill: '#e7f0fa', totalFill: '#f1f4f8', groupFill: '#f6f8fb', late: '#b42318', ok: '#1a7f37' };

const MARGIN_X = 42;
/** Below this share of the page height, a heading starts a new page. */
const HEADING_LAST_RATIO = 0.8;

export interface ReportFrame {
  /** Document title (PDF metadata and page-1 heading). */
  title: string;
  subject: string;
  /** Top left of every page, e.g. "CPTS Rives du Léman — contrat ACI n° 1". */
  contractLabel: string;
  dataDate: IsoDate;
  /** Bottom left of every page, e.g. "État des versements — année 2". */
  footerLabel: string;
  keywords?: string;
  orientation?: 'portrait' | 'landscape';
}

export function reportDocument(frame: ReportFrame, content: Content[]): TDocumentDefinitions {
  const now = new Date();
  return {
    pageSize: 'A4',
    pageOrientation: frame.orientation ?? 'portrait',
    pageMargins: [MARGIN_X, 64, MARGIN_X, 54],
    language: 'fr-FR',
    info: {
      title: frame.title,
      author: 'ACI CPTS',
      subject: frame.subject,
      keywords: frame.keywords ?? 'ACI CPTS',
      creator: 'ACI CPTS',
      producer: 'ACI CPTS (pdfmake)',
      creationDate: now,
    },
    header: (_page, _count, size) => ({
      margin: [MARGIN_X, 26, MARGIN_X, 0],
      stack: [
        {
          columns: [
            { text: frame.contractLabel, bold: true, color: COLORS.ink },
            { text: `Données au ${formatDateFr(frame.dataDate)}`, alignment: 'right', width: 'auto', color: COLORS.muted },
          ],
          fontSize: 8.5,
        },
        { canvas: [{ type: 'line', x1: 0, y1: 5, x2: size.width - 2 * MARGIN_X, y2: 5, lineWidth: 0.6, lineColor: COLORS.line }] },
      ],
    }),
    footer: (page, count, size) => ({
      margin: [MARGIN_X, 14, MARGIN_X, 0],
      stack: [
        { canvas: [{ type: 'line', x1: 0, y1: 0, x2: size.width - 2 * MARGIN_X, y2: 0, lineWidth: 0.6, lineColor: COLORS.line }] },
        {
          margin: [0, 5, 0, 0],
          columns: [
            { text: frame.footerLabel, color: COLORS.muted },
            { text: `Page ${page} / ${count}`, alignment: 'right', width: 'auto', color: COLORS.muted },
          ],
          fontSize: 8,
        },
      ],
    }),
    content,
    // A heading never ends a page: in the last fifth of a page it moves to the next one, where
    // its table goes (keepWithHeaderRows keeps a table header with at least one row).
    pageBreakBefore: (node) => node.headlineLevel === 2 && (node.startPosition?.verticalRatio ?? 0) > HEADING_LAST_RATIO,
    defaultStyle: { font: PDF_FONT, fontSize: 9, lineHeight: 1.15, color: COLORS.ink },
    styles: {
      title: { fontSize: 17, bold: true, color: '#102a43', margin: [0, 0, 0, 2] },
      subtitle: { fontSize: 10.5, color: COLORS.muted, margin: [0, 0, 0, 12] },
      h2: { fontSize: 11.5, bold: true, color: '#102a43', margin: [0, 14, 0, 6] },
      label: { fontSize: 7.5, color: COLORS.muted },
      note: { fontSize: 8, color: COLORS.muted },
      tableHeader: { bold: true, fontSize: 8.5, color: COLORS.ink },
    },
  };
}

/** A heading of the document. */
export function heading(text: string): Content {
  return { text, style: 'h2', headlineLevel: 2 };
}

/** A small grey paragraph (explanations, sources, closing lines). */
export function note(text: string, margin: [number, number, number, number] = [0, 4, 0, 0]): Content {
  return { text, style: 'note', margin };
}
