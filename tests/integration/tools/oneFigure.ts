// The one-figure check of issue 9: a closed annual review's retained amount, read back from the
// compte rendu PDF (pdftotext), equals the échéancier's variable part of the year and the contract
// workbook's (openpyxl), and the year's statement lists the same variable tranches.
import { expect } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiContext } from '../../../electron/api/context';
import { formatEuros } from '../../../shared/money';
import { ok } from '../helpers';
import { openpyxl, pdfText } from './readers';

/** Reads the retained amount back from the compte rendu PDF, the workbook and the statement. */
export async function compareOneFigure(ctx: ApiContext, contractId: number, reviewId: number, year: number, dir: string) {
  const out = join(dir, `one-figure-${contractId}-${reviewId}`);
  mkdirSync(out, { recursive: true });
  const save = async (input: Record<string, unknown>) => {
    const file = await ok(ctx, 'reports.export', input);
    const path = join(out, file.fileName);
    writeFileSync(path, Buffer.from(file.base64, 'base64'));
    return path;
  };
  const funding = await ok(ctx, 'funding.get', { contractId });
  const fy = funding.result.years.find((y) => y.year === year)!;
  const variableCents = fy.missions.reduce((s, m) => s + (m.variableCents ?? 0), 0);
  const scheduleVariable = funding.schedule.filter((t) => t.year === year && t.kind === 'variable').reduce((s, t) => s + t.amountCents, 0);
  expect(scheduleVariable).toBe(variableCents);
  // Compte rendu: "Montant retenu" box and the per-mission table, read by pdftotext.
  const minutes = pdfText(await save({ report: 'minutes', format: 'pdf', contractId, reviewId }));
  // The boxes print their labels on one line and their amounts on the next: the first amount after
  // the heading is the "Montant retenu".
  const section = minutes.slice(minutes.indexOf(`Part variable de l’année ${year} arrêtée`));
  const boxed = /Montant retenu[^\n]*\n\s*\n?\s*(\d[\d \u202f\u00a0]*,\d\d\s?€)/.exec(section);
  expect(boxed, section.slice(0, 1500)).not.toBeNull();
  const normal = (s: string) => s.replace(/[\s\u202f\u00a0]/g, '');
  expect(normal(boxed![1])).toBe(normal(formatEuros(variableCents)));
  for (const m of fy.missions.filter((x) => x.variableClosed && (x.variableCents ?? 0) > 0)) {
    expect(normal(minutes)).toContain(normal(formatEuros(m.variableCents!)));
  }
  // Contract workbook, Synthèse: the year's "Part variable" cell.
  const wb = openpyxl(await save({ report: 'contract', format: 'xlsx', contractId }));
  const synth = wb.sheets.find((s) => s.name === 'Synthèse')!;
  const header = synth.cells.find((x) => x.value === 'Part variable')!;
  const yearRow = synth.cells.find((x) => x.col === 1 && x.value === year && x.row > header.row)!;
  const cellValue = synth.cells.find((x) => x.row === yearRow.row && x.col === header.col)!.value;
  expect(Math.round(Number(cellValue) * 100)).toBe(variableCents);
  // État des versements of the year: the variable tranches it lists add up to the same figure.
  const statement = pdfText(await save({ report: 'payments', format: 'pdf', contractId, year }));
  for (const t of funding.schedule.filter((x) => x.year === year && x.kind === 'variable')) {
    expect(normal(statement)).toContain(normal(formatEuros(t.amountCents)));
  }
  // Dossier de préparation of the same annual dialogue: the year's fixed variable part, not the indicators' sum.
  const dossier = pdfText(await save({ report: 'dossier', format: 'pdf', contractId, year, kind: 'annual' }));
  const at = dossier.indexOf('Part variable arrêtée');
  expect(at, dossier.slice(0, 1500)).toBeGreaterThan(0);
  const fixed = dossier.slice(at);
  expect(normal(fixed.slice(0, 400))).toContain(normal(formatEuros(variableCents)));
  return { variableCents, pdfRetained: formatEuros(variableCents), pdfBoxed: boxed![1] };
}

