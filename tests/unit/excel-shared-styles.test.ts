// writeTable's sharedStyles option (issue 11, the portfolio workbook): the same cells, values and
// styles as one style object per cell, read back from the written file.
import { describe, expect, it } from 'vitest';
import { readBare } from '../../scripts/lib/bareExcel';
import { addFramedSheet, newWorkbook, workbookBuffer, writeTable, type CellInput, type Column } from '../../electron/reports/excel/sheet';

const COLUMNS: Column[] = [
  { header: 'CPTS', kind: 'userText', width: 12, wrap: true },
  { header: 'Année', kind: 'integer', width: 7, align: 'center' },
  { header: 'Du', kind: 'date', width: 12 },
  { header: 'Montant', kind: 'money', width: 16, total: true },
  { header: 'Mesure', kind: 'measure', width: 10 },
  { header: 'État', kind: 'text', width: 20, wrap: true },
];

const ROWS: CellInput[][] = [
  ['CPTS du Léman, un nom assez long pour passer à la ligne', 1, '2024-01-15', 123_456, { number: 0.25, numFmt: '0%' }, 'Arrêtée'],
  ['=SOMME(A1)', 2, null, null, 'oui', ''],
  ['CPTS Sud', 3, '2025-03-01', -500, { number: 12, numFmt: '0' }, null],
  ['CPTS Nord', null, '2026-12-31', 0, 7, 'Total partiel : 1 montant manquant'],
];

async function written(sharedStyles: boolean): Promise<Buffer> {
  const wb = newWorkbook({ title: 'Essai', subject: 'Essai' });
  const ws = addFramedSheet(wb, { name: 'Feuille', title: 'Titre', subtitle: 'Sous-titre', pageHeader: 'En-tête', dataDate: '2026-11-23' });
  writeTable(ws, 3, COLUMNS, ROWS, { freeze: true, autoFilter: true, totalsLabel: 'Total', totalsFunction: 'SUBTOTAL', sharedStyles });
  return workbookBuffer(wb);
}

describe('writeTable sharedStyles', () => {
  it('writes the same cells and styles as one style per cell', async () => {
    const plain = await readBare(await written(false));
    const shared = await readBare(await written(true));
    expect(shared).toEqual(plain);
    // The styles are really there: a money cell's format, a date's, a wrapped text's alignment.
    const cells = plain.sheets[0]!.rows.find((r) => r.row === 4)!.cells;
    expect(cells.find((c) => c.col === 4)?.numFmt).toMatch(/€/);
    expect(cells.find((c) => c.col === 1)?.alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(cells.find((c) => c.col === 5)?.numFmt).toBe('0%');
  });
});
