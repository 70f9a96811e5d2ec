// The spending sheets of the contract workbook (issue 10), built from the demo portfolio with a
// corrected entry, a cancelled one and user text that a spreadsheet would run, read back by
// openpyxl (types, formats, panes) and LibreOffice (recomputed totals): every figure equals what
// 'spending.get' answers.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiContext } from '../../electron/api/context';
import { seedDemo } from '../../electron/db/demo';
import { EURO_FORMAT } from '../../electron/reports/excel/cells';
import { formatEuros } from '../../shared/money';
import type { SpendingView } from '../../shared/views';
import { ok } from './helpers';
import { INJECTION, cents, exportSession, sheet } from './reportsFixture';
import { cell, libreOfficeRecalc, openpyxl, rowCells, type ProbedSheet, type ProbedWorkbook } from './tools/readers';

const { files, open, exportTo } = exportSession();
let ctx: ApiContext;
let dir: string;
let contractId: number;
let view: SpendingView;
let wb: ProbedWorkbook;
let recalc: string[][];

beforeAll(async () => {
  ({ ctx, dir } = await open());
  contractId = (await seedDemo(ctx))[2];
  const before = await ok(ctx, 'spending.get', { contractId });
  const [first, second] = before.entries;
  await ok(ctx, 'spending.correct', {
    contractId,
    spendingId: first.id,
    correctedOn: first.spentOn,
    newAmountCents: first.effectiveCents - 12_345,
    reason: 'Avoir du prestataire',
    attachment: { fileName: 'avoir.pdf', contentBase64: Buffer.from('%PDF-1.4 avoir').toString('base64') },
  });
  await ok(ctx, 'spending.correct', { contractId, spendingId: second.id, correctedOn: second.spentOn, newAmountCents: 0, reason: 'Saisie en double' });
  await ok(ctx, 'spending.record', {
    contractId,
    spentOn: '2026-11-20',
    mission: null,
    category: 'autre',
    amountCents: '10,00',
    documentRef: INJECTION,
    comment: '+33 4 77 00 00 00',
    attachment: { fileName: '-facture.pdf', contentBase64: Buffer.from('%PDF-1.4 facture').toString('base64') },
  });
  view = await ok(ctx, 'spending.get', { contractId });
  await exportTo('contract', { report: 'contract', format: 'xlsx', contractId });
  wb = openpyxl(files.contract);
  recalc = libreOfficeRecalc([files.contract], dir).get(files.contract)!.get('Dépenses')!;
}, 240_000);

const money = (s: ProbedSheet, ref: string) => {
  const c = cell(s, ref);
  if (c === undefined) return null;
  expect(c.type, ref).toBe('n');
  expect(c.format, ref).toBe(EURO_FORMAT);
  return cents(c.value);
};

describe('the contract workbook holds budgets and spending', () => {
  it('in two French sheets after the échéancier, headers frozen', () => {
    expect(wb.sheets.map((s) => s.name)).toEqual(['Synthèse', 'Missions', 'Échéancier', 'Budget et dépenses', 'Dépenses', 'Indicateurs', 'Dialogues de gestion']);
    for (const name of ['Budget et dépenses', 'Dépenses']) {
      expect(sheet(wb, name)).toMatchObject({ freeze: 'A4', paperSize: 9, fitToWidth: 1, footerRight: 'Page &P / &N', headerRight: 'Données au 23/11/2026' });
    }
  });

  it('Budget et dépenses: one row per year begun and line, equal to the API, totals as SUM formulas', () => {
    const s = sheet(wb, 'Budget et dépenses');
    expect(rowCells(s, 3).map((c) => c.value)).toEqual(['Année', 'Du', 'Au', 'Ligne', 'Accordé', 'Budget', 'Versé', 'Dépensé', 'Reste (accordé − dépensé)', 'Alerte']);
    expect(view.rows.length).toBeGreaterThan(4);
    view.rows.forEach((r, i) => {
      const row = 4 + i;
      expect(cell(s, `A${row}`)?.value).toBe(r.year);
      expect(cell(s, `B${row}`)).toMatchObject({ type: 'd', format: 'dd/mm/yyyy' });
      expect(cell(s, `D${row}`)?.value).toBe(r.label);
      expect([money(s, `E${row}`), money(s, `F${row}`), money(s, `G${row}`), money(s, `H${row}`), money(s, `I${row}`)]).toEqual([
        r.grantedCents,
        r.budgetCents,
        r.paidCents,
        r.spentCents,
        r.remainingCents,
      ]);
      if (r.warning) expect(String(cell(s, `J${row}`)?.value)).toContain(r.warning);
    });
    const total = 4 + view.rows.length;
    expect(cell(s, `A${total}`)?.value).toBe('Total des années commencées');
    for (const col of ['E', 'F', 'G', 'H', 'I']) expect(cell(s, `${col}${total}`)).toMatchObject({ type: 'f', value: `=SUM(${col}4:${col}${total - 1})`, format: EURO_FORMAT });
  });

  it('Dépenses: each entry then its corrections, amounts equal to the API, files and reasons listed', () => {
    const s = sheet(wb, 'Dépenses');
    expect(rowCells(s, 3).map((c) => c.value)).toEqual([
      'N°',
      'Date',
      'Année',
      'Ligne',
      'Catégorie',
      'Écriture',
      'Montant',
      'Montant en vigueur',
      'Pièce justificative',
      'Fichiers joints',
      'Commentaire ou motif',
    ]);
    let row = 4;
    for (const e of view.entries) {
      expect(cell(s, `A${row}`)?.value).toBe(e.id);
      expect(cell(s, `B${row}`)).toMatchObject({ type: 'd', value: `${e.spentOn}T00:00:00` });
      expect(money(s, `G${row}`)).toBe(e.amountCents);
      expect(money(s, `H${row}`)).toBe(e.effectiveCents);
      row += 1;
      for (const k of e.corrections) {
        expect(cell(s, `A${row}`)?.value).toBe(e.id);
        expect(cell(s, `B${row}`)).toMatchObject({ type: 'd', value: `${k.correctedOn}T00:00:00` });
        expect(String(cell(s, `F${row}`)?.value)).toBe(
          `${k.afterCents === 0 ? 'Annulation' : 'Correction'} de la dépense n° ${e.id} du ${e.spentOn.split('-').reverse().join('/')} : ${formatEuros(k.beforeCents)} → ${formatEuros(k.afterCents)}`,
        );
        expect(money(s, `G${row}`)).toBe(k.deltaCents);
        expect(cell(s, `H${row}`)).toBeUndefined();
        expect(cell(s, `K${row}`)?.value).toBe(k.reason);
        row += 1;
      }
    }
    const corrected = view.entries.find((e) => e.corrections.some((k) => k.reason === 'Avoir du prestataire'))!;
    const correctionRow = s.cells.find((c) => c.col === 11 && c.value === 'Avoir du prestataire')!.row;
    expect(cell(s, `J${correctionRow}`)?.value).toBe('avoir.pdf');
    expect(cell(s, `F${correctionRow - 1}`)?.value).toBe('Dépense (corrigée)');
    expect(corrected.corrections[0].deltaCents).toBe(-12_345);
    expect(s.cells.some((c) => c.col === 6 && c.value === 'Dépense (annulée)')).toBe(true);
    expect(cell(s, `A${row}`)?.value).toBe('Total');
    for (const col of ['G', 'H']) expect(cell(s, `${col}${row}`)).toMatchObject({ type: 'f', value: `=SUM(${col}4:${col}${row - 1})` });
  });

  it('user text that a spreadsheet would run stays inert text', () => {
    const s = sheet(wb, 'Dépenses');
    const entryRow = s.cells.find((c) => c.col === 9 && String(c.value).includes('HYPERLINK'))!.row;
    expect(cell(s, `I${entryRow}`)).toMatchObject({ type: 's', value: `'${INJECTION}` });
    expect(cell(s, `J${entryRow}`)?.value).toBe("'-facture.pdf");
    expect(cell(s, `K${entryRow}`)?.value).toBe("'+33 4 77 00 00 00");
    expect(wb.sheets.flatMap((x) => x.cells.filter((c) => c.type === 'f').map((c) => String(c.value))).filter((f) => /HYPERLINK|facture/.test(f))).toEqual([]);
  });

  it('totals recomputed by LibreOffice equal what was spent (corrections included)', () => {
    const spent = view.rows.reduce((sum, r) => sum + r.spentCents, 0);
    expect(spent).toBe(view.entries.reduce((sum, e) => sum + e.effectiveCents, 0));
    const total = recalc.find((r) => r[0] === 'Total')!;
    expect(cents(total[6])).toBe(spent);
    expect(cents(total[7])).toBe(spent);
  });
});
