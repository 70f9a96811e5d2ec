// The register of indemnities of one civil year (issue 14), the proof of time the CPAM may ask
// for, read back by readers the app did not write: openpyxl, LibreOffice (recomputed formulas)
// and pdftotext; totals to the cent; CLI export.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi } from '../../electron/api/dispatch';
import type { ApiContext } from '../../electron/api/context';
import { handToCli, ok, openTemp, T3_CONTRACT } from './helpers';
import { cell, libreOfficeRecalc, openpyxl, pdfRawText, pdfText, rowCells, SOFFICE } from './tools/readers';

const HEADER = 'professionnel;profession;rpps;date;mission;heures;nature;taux;montant';
const REGISTER = [
  HEADER,
  'Dr Anne Martin;médecin généraliste;10001234567;2025-03-04;acces_soins;3;indemnite;90;',
  'Dr Anne Martin;médecin généraliste;10001234567;2025-04-10;parcours;2;remuneration;;37 000,00',
  'Paul Durand;infirmier;;2025-03-04;;1,5;indemnite;60;',
  // 2,25 h at 45,33 €: 101,9925 € rounded half up to 101,99 €.
  'Paul Durand;infirmier;;2025-05-02;prevention;2,25;indemnite;45,33;',
  '=Claire Petit;kinésithérapeute;;2024-06-01;;1;indemnite;;50,00',
].join('\n');
const OVER = `${HEADER}\nDr Anne Martin;médecin généraliste;;2025-10-01;parcours;100;remuneration;;10 000,00`;

// Dr Anne Martin: 270,00 + 37 000,00 + 10 000,00 = 47 270,00 € (PASS 2025: 47 100 €); Paul Durand: 90,00 + 101,99 = 191,99 €.
const MARTIN = 4_727_000;
const DURAND = 19_199;

async function seed(ctx: ApiContext): Promise<number> {
  const c = await ok(ctx, 'contract.create', T3_CONTRACT);
  await ok(ctx, 'indemnities.import', { contractId: c.id, fileName: 'registre.csv', csv: REGISTER });
  await ok(ctx, 'indemnities.import', { contractId: c.id, fileName: 'octobre.csv', csv: OVER, confirmOverCeiling: true });
  return c.id;
}

const euros = (cents: number) => cents / 100;

describe('registre des indemnités (export)', () => {
  it('xlsx and pdf of 2025: every entry per professional, totals vs the PASS, the over-ceiling flag', async () => {
    const { ctx, opened, dir } = await openTemp('2026-11-23');
    const contractId = await seed(ctx);
    const view = await ok(ctx, 'indemnities.get', { contractId, year: 2025 });
    expect(view.perProfessional.map((p) => [p.name, p.totalCents])).toEqual([
      ['Dr Anne Martin', MARTIN],
      ['Paul Durand', DURAND],
    ]);

    const out = join(dir, 'out');
    mkdirSync(out);
    const xlsx = await ok(ctx, 'reports.export', { report: 'registre-indemnites', format: 'xlsx', contractId, year: 2025 });
    expect(xlsx.fileName).toBe('CPTS-Test-Trois-registre-indemnites-2025-2026-11-23.xlsx');
    const xlsxPath = join(out, xlsx.fileName);
    writeFileSync(xlsxPath, Buffer.from(xlsx.base64, 'base64'));
    const pdf = await ok(ctx, 'reports.export', { report: 'registre-indemnites', format: 'pdf', contractId, year: 2025 });
    expect(pdf.fileName).toBe('CPTS-Test-Trois-registre-indemnites-2025-2026-11-23.pdf');
    const pdfPath = join(out, pdf.fileName);
    writeFileSync(pdfPath, Buffer.from(pdf.base64, 'base64'));

    const wb = openpyxl(xlsxPath);
    expect(wb.sheets.map((s) => s.name)).toEqual(['Synthèse PASS', 'Saisies']);
    const [sum, entries] = wb.sheets;
    expect(sum.freeze).toBe('A5');
    expect(rowCells(sum, 4).map((x) => x.value)).toEqual([
      'Professionnel',
      'Profession',
      'RPPS',
      'Saisies',
      'Heures',
      'Indemnités',
      'Rémunérations',
      'Total de l’année',
      'Plafond (PASS)',
      'Part du PASS',
      'Au-delà du plafond',
      'Alerte',
    ]);
    expect(cell(sum, 'A5')?.value).toBe('Dr Anne Martin');
    expect(cell(sum, 'C5')?.value).toBe('10001234567');
    expect(cell(sum, 'D5')?.value).toBe(3);
    expect(cell(sum, 'E5')?.value).toBe(105);
    expect(cell(sum, 'F5')?.value).toBe(euros(27_000));
    expect(cell(sum, 'G5')?.value).toBe(euros(4_700_000));
    expect(cell(sum, 'H5')).toMatchObject({ type: 'f', value: '=SUM(Saisies!I5:I7)' });
    expect(cell(sum, 'I5')?.value).toBe(47_100);
    expect(cell(sum, 'J5')).toMatchObject({ type: 'f', value: '=H5/I5' });
    expect(cell(sum, 'K5')?.value).toBe('oui');
    expect(cell(sum, 'L5')?.value).toMatch(/au-delà du plafond annuel de la sécurité sociale .* 1 saisie\(s\) au-delà du plafond, confirmée\(s\)\.$/);
    expect(cell(sum, 'A6')?.value).toBe('Paul Durand');
    expect(cell(sum, 'H6')).toMatchObject({ type: 'f', value: '=SUM(Saisies!I8:I9)' });
    expect(cell(sum, 'K6')?.value).toBe('non');
    expect(cell(sum, 'A7')?.value).toBe('Total 2025');
    // 2024 is another civil year: not in this register.
    expect(sum.cells.some((x) => String(x.value).includes('Claire Petit'))).toBe(false);

    expect(rowCells(entries, 4).map((x) => x.value)).toEqual(['Professionnel', 'Profession', 'RPPS', 'Date', 'Mission', 'Heures', 'Nature', 'Taux horaire', 'Montant', 'Au-delà du PASS (confirmée)']);
    const entryRows = [5, 6, 7, 8, 9].map((r) => ['A', 'E', 'G', 'I'].map((col) => cell(entries, `${col}${r}`)?.value));
    expect(entryRows).toEqual([
      ['Dr Anne Martin', 'Accès aux soins', 'Indemnité', 270],
      ['Dr Anne Martin', 'Parcours pluriprofessionnels', 'Rémunération', 37_000],
      ['Dr Anne Martin', 'Parcours pluriprofessionnels', 'Rémunération', 10_000],
      ['Paul Durand', 'Fonctionnement', 'Indemnité', 90],
      ['Paul Durand', expect.stringMatching(/^Prévention/), 'Indemnité', 101.99],
    ]);
    expect(cell(entries, 'D5')).toMatchObject({ type: 'd' });
    expect(cell(entries, 'H9')?.value).toBe(45.33);
    expect(cell(entries, 'J7')?.value).toBe('oui');
    expect(cell(entries, 'J6')).toBeUndefined();
    expect(cell(entries, 'A10')?.value).toBe('Total 2025');

    if (SOFFICE) {
      const lo = libreOfficeRecalc([xlsxPath], join(dir, 'lo')).get(xlsxPath)!;
      const synth = lo.get('Synthèse PASS')!;
      const martin = synth.find((r) => r[0] === 'Dr Anne Martin')!;
      const durand = synth.find((r) => r[0] === 'Paul Durand')!;
      const total = synth.find((r) => r[0] === 'Total 2025')!;
      // Recomputed by LibreOffice from the entries, to the cent.
      expect(Math.round(Number(martin[7]) * 100)).toBe(MARTIN);
      expect(Math.round(Number(durand[7]) * 100)).toBe(DURAND);
      expect(Math.round(Number(total[7]) * 100)).toBe(MARTIN + DURAND);
      // LibreOffice writes a percentage cell as « 100.36093418259% ».
      expect(Number(martin[9].replace('%', '')) / 100).toBeCloseTo(MARTIN / 4_710_000, 10);
      const saisies = lo.get('Saisies')!;
      expect(Math.round(Number(saisies.find((r) => r[0] === 'Total 2025')![8]) * 100)).toBe(MARTIN + DURAND);
    }

    const text = pdfText(pdfPath).replace(/[\u202f\u00a0]/g, ' ');
    expect(text).toContain('Registre des indemnités des professionnels de santé');
    expect(text).toContain('Année civile 2025 — contrat ACI n° 1');
    expect(text).toMatch(/Dr Anne Martin\s+3\s+105,00\s+47 270,00 €\s+47 100,00 €\s+100,4 %\s+au-delà/);
    expect(text).toMatch(/Paul Durand\s+2\s+3,75\s+191,99 €\s+47 100,00 €\s+0,4 %\s+—/);
    expect(text).toMatch(/Total 2025\s+5\s+108,75\s+47 461,99 €/);
    expect(text).toMatch(/04\/03\/2025\s+Accès aux soins\s+3,00\s+Indemnité\s+90,00 €\s+270,00 €/);
    expect(text).toMatch(/02\/05\/2025\s+Prévention.*2,25\s+Indemnité\s+45,33 €\s+101,99 €/);
    expect(text).toMatch(/Total Paul Durand\s+3,75\s+191,99 €/);
    expect(text).toMatch(/Total Dr Anne Martin\s+105,00\s+47 270,00 €/);
    expect(text).not.toContain('Claire Petit');
    const raw = pdfRawText(pdfPath).replace(/[\u202f\u00a0]/g, ' ').replace(/\s+/g, ' ');
    expect(raw).toContain('au-delà du PASS, confirmée');
    expect(raw).toContain('Dr Anne Martin — médecin généraliste — RPPS 10001234567');
    expect(text).toMatch(/Page 1 \/ \d/);
    await opened.close();
  }, 240_000);

  it('a year without entries gives an empty register; a contract year is refused', async () => {
    const { ctx, opened, dir } = await openTemp('2026-11-23');
    const contractId = await seed(ctx);
    const pdf = await ok(ctx, 'reports.export', { report: 'registre-indemnites', format: 'pdf', contractId, year: 2023 });
    const path = join(dir, pdf.fileName);
    writeFileSync(path, Buffer.from(pdf.base64, 'base64'));
    expect(pdfText(path)).toContain('Aucune saisie au registre pour 2023.');
    const refused = await callApi(ctx, 'reports.export', { report: 'registre-indemnites', format: 'xlsx', contractId, year: 3 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.fields?.year).toBe('Année civile : de 2019 à 2100.');
    const noYear = await callApi(ctx, 'reports.export', { report: 'registre-indemnites', format: 'xlsx', contractId });
    expect(noYear.ok).toBe(false);
    if (!noYear.ok) expect(noYear.error.message).toContain('Registre des indemnités : indiquez l’année civile (ex. 2025).');
    await opened.close();
  }, 120_000);

  it('CLI export --report registre-indemnites --year 2025', async () => {
    const { ctx, opened, dir } = await openTemp('2026-11-23');
    const contractId = await seed(ctx);
    const db = await handToCli(opened);
    const outFile = join(dir, 'registre.xlsx');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'electron/cli.ts', 'export', '--db', db, '--contract', String(contractId), '--report', 'registre-indemnites', '--format', 'xlsx', '--year', '2025', '--out', outFile],
      { encoding: 'utf8', env: { ...process.env, ACI_TODAY: '2026-11-23' } },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(outFile)).toBe(true);
    const wb = openpyxl(outFile);
    expect(cell(wb.sheets[0], 'A6')?.value).toBe('Paul Durand');
    expect(cell(wb.sheets[1], 'I9')?.value).toBe(101.99);
  }, 120_000);
});
