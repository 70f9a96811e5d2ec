// pdfmake document definition -> PDF bytes, with the embedded DejaVu Sans.
import PdfPrinter from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { pdfFonts } from './fonts';

let printer: PdfPrinter | null = null;

export function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  printer ??= new PdfPrinter(pdfFonts());
  const doc = printer.createPdfKitDocument(definition);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
