// The "annexe financière" (issue 14), read back by readers the app did not write: openpyxl,
// LibreOffice (recomputed formulas) and pdftotext.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi } from '../../electron/api/dispatch';
import { handToCli, ok, openTemp, T3_CONTRACT } from './helpers';
import { cell, libreOfficeRecalc, openpyxl, pdfRawText, pdfText, SOFFICE } from './tools/readers';
import { fecBytes, SAMPLE_LINES, SAMPLE_RULES } from '../fixtures/fec';

describe('annexe financière', () => {
  it('xlsx and pdf of contract year 1: lines, totals, cash position, indemnities vs PASS', async () => {
    const { ctx, opened, dir } = await openTemp('2026-11-23');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const f = await ok(ctx, 'funding.get', { contractId: c.id });
    const first = f.schedule.filter((t) => t.dueOn === '2022-07-01');
    await ok(ctx, 'payments.record', { contractId: c.id, receivedOn: '2022-07-20', amountCents: 14_250_000, cpamRef: 'VIR-1', trancheIds: first.map((t) => t.id) });
    await ok(ctx, 'budget.set', { contractId: c.id, year: 1, mission: null, cents: 7_000_000 });
    await ok(ctx, 'books.importFec', { contractId: c.id, file: { fileName: 'FEC.txt', contentBase64: Buffer.from(fecBytes(SAMPLE_LINES)).toString('base64') }, rules: SAMPLE_RULES });
    await ok(ctx, 'indemnities.import', {
      contractId: c.id,
      fileName: 'registre.csv',
      csv: 'professionnel;profession;date;mission;heures;nature;montant\n=Dr Martin;médecin;2023-02-01;parcours;2;indemnite;38 000,00\n',
    });

    const out = join(dir, 'out');
    mkdirSync(out);
    const xlsx = await ok(ctx, 'reports.export', { report: 'annexe-financiere', format: 'xlsx', contractId: c.id, year: 1 });
    expect(xlsx.fileName).toBe('CPTS-Test-Trois-annexe-financiere-annee-1-2026-11-23.xlsx');
    const xlsxPath = join(out, xlsx.fileName);
    writeFileSync(xlsxPath, Buffer.from(xlsx.base64, 'base64'));
    const pdf = await ok(ctx, 'reports.export', { report: 'annexe-financiere', format: 'pdf', contractId: c.id, year: 1 });
    const pdfPath = join(out, pdf.fileName);
    writeFileSync(pdfPath, Buffer.from(pdf.base64, 'base64'));

    // Spent in year 1: fonctionnement 6 000 + 800 − 200 = 6 600 €; parcours 1 250,50 + 38 000 (indemnity) €.
    const wb = openpyxl(xlsxPath);
    expect(wb.sheets.map((s) => s.name)).toEqual(['Annexe financière', 'Catégories', 'Indemnités PS']);
    const s = wb.sheets[0];
    expect(s.freeze).toBe('A5');
    expect(cell(s, 'A5')?.value).toBe('Fonctionnement');
    expect(cell(s, 'C5')).toMatchObject({ type: 'n', value: 70000 });
    expect(cell(s, 'D5')).toMatchObject({ type: 'n', value: 142500 - 67500 });
    expect(cell(s, 'E5')).toMatchObject({ type: 'n', value: 6600 });
    const parcoursRow = s.cells.find((x) => x.value === 'Parcours pluriprofessionnels' || (typeof x.value === 'string' && x.value.startsWith('Parcours')))!.row;
    expect(cell(s, `E${parcoursRow}`)?.value).toBe(39250.5);
    const ind = wb.sheets[2];
    expect(cell(ind, 'B5')?.value).toBe("'=Dr Martin");
    expect(cell(ind, 'I5')).toMatchObject({ type: 'n' });

    if (SOFFICE) {
      const lo = libreOfficeRecalc([xlsxPath], join(dir, 'lo')).get(xlsxPath)!;
      const rows = [...lo.values()][0];
      const total = rows.find((r) => r[0] === 'Total de l’année 1')!;
      const spent = Number(total[4]);
      expect(spent).toBeCloseTo(6600 + 39250.5, 2);
      const cash = rows.find((r) => r[0] === 'Trésorerie de l’année (versé − dépensé)')!;
      expect(Number(cash[1])).toBeCloseTo(142500 - spent, 2);
    }

    const text = pdfText(pdfPath).replace(/[\u202f\u00a0]/g, ' ');
    expect(text).toContain('Annexe financière');
    expect(text).toContain('Année 1 du contrat ACI n° 1 : du 01/07/2022 au 30/06/2023');
    expect(text).toMatch(/Fonctionnement\s+75 000,00 €\s+70 000,00 €\s+75 000,00 €\s+6 600,00 €\s+68 400,00 €/);
    expect(text).toContain('=Dr Martin');
    const raw = pdfRawText(pdfPath).replace(/[\u202f\u00a0]/g, ' ').replace(/\s+/g, ' ');
    expect(raw).toContain('=Dr Martin, 2023 : 38 000,00 €, soit 86 % du plafond annuel de la sécurité sociale (43 992,00 €)');
    expect(text).toMatch(/Page 1 \/ \d/);
    expect(text).toContain('Données au 23/11/2026');
    await opened.close();
  }, 240_000);

  it('is refused without a year, and for a year the contract does not have', async () => {
    const { ctx, opened } = await openTemp('2026-11-23');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const noYear = await callApi(ctx, 'reports.export', { report: 'annexe-financiere', format: 'pdf', contractId: c.id });
    expect(noYear.ok).toBe(false);
    if (!noYear.ok) expect(noYear.error.message).toContain('Annexe financière : indiquez l’année du contrat');
    await opened.close();
  });

  it('CLI export --report annexe-financiere', async () => {
    const { ctx, opened, dir } = await openTemp('2026-11-23');
    const c = await ok(ctx, 'contract.create', T3_CONTRACT);
    const db = await handToCli(opened);
    const outFile = join(dir, 'annexe.pdf');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'export', '--db', db, '--contract', String(c.id), '--report', 'annexe-financiere', '--format', 'pdf', '--year', '2', '--out', outFile], {
      encoding: 'utf8',
      env: { ...process.env, ACI_TODAY: '2026-11-23' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(outFile)).toBe(true);
    expect(pdfText(outFile)).toContain('Année 2 du contrat');
  }, 120_000);
});
