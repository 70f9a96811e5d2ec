// The yearly annex from an Excel workbook, on screen (issue 12): the template downloads from the
// Indicateurs tab; a workbook with a bad row is refused with the row listed and nothing written;
// the corrected one fills the year's annex.
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { ANNEX_COLUMNS } from '../../shared/domain/annexWorkbook';
import { MISSION_LABELS } from '../../shared/domain/missions';
import { startApp } from './app';
import { api, openContract, openTab } from './pages';

const CPTS = 'CPTS Ondaine et Haut-Forez';
const HEADERS = ANNEX_COLUMNS.map((c) => c.header);

async function workbook(rows: Record<string, string | number>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Annexe');
  ws.getRow(1).values = HEADERS;
  rows.forEach((r, i) => {
    ws.getRow(2 + i).values = HEADERS.map((h) => r[h] ?? null);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('Indicateurs: download the template, a bad row refused with its number, then the annex imported', async ({ page }) => {
  const app = await startApp();
  try {
    const id = await openContract(page, app.url, CPTS);
    const contract = await api(page, 'contract.get', { id });
    const mission = MISSION_LABELS[contract.missions.find((m) => m.code !== 'crise_sanitaire')!.code];
    const years = (await api(page, 'annex.get', { contractId: id, year: 1 })).yearsWithAnnex;
    const year = [5, 4, 3, 2, 1].find((y) => !years.includes(y))!;
    await openTab(page, 'Indicateurs');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger le modèle Excel' }).click()]);
    expect(download.suggestedFilename()).toBe('modele-annexe-aci.xlsx');

    await page.getByRole('group', { name: 'Année de l’annexe' }).getByRole('button', { name: new RegExp(`^Année ${year}`) }).click();
    const rows: Record<string, string | number>[] = [
      { Mission: mission, Action: 'Action importée de la CPAM', Indicateur: 'Réunions tenues', Type: 'action', Unité: 'nombre', Source: 'CPTS', Sens: 'hausse', Rémunération: 'linéaire', Cible: 6, 'Montant (€)': '10 000,00 €', Livrables: 'Comptes rendus; Feuilles d’émargement' },
      { Indicateur: 'Convention signée', Type: 'action', Unité: 'oui/non', Source: 'CPTS', Rémunération: 'tout ou rien', 'Montant (€)': 'deux mille' },
    ];
    const input = page.getByTestId('annex-workbook-file');
    await input.setInputFiles({ name: 'annexe-cpam.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await workbook(rows) });
    const alert = page.getByRole('alert').filter({ hasText: 'Annexe refusée' });
    await expect(alert).toContainText('Ligne 3 : Montant (€) : montant en euros attendu');
    expect((await api(page, 'annex.get', { contractId: id, year })).exists).toBe(false);

    rows[1]!['Montant (€)'] = 2000;
    await input.setInputFiles({ name: 'annexe-cpam.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await workbook(rows) });
    await expect(page.getByRole('status').filter({ hasText: `Annexe de l’année ${year} importée` })).toContainText('1 action(s), 2 indicateur(s), 2 livrable(s)');
    await expect(page.getByRole('region', { name: 'Action : Action importée de la CPAM' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Indicateurs : Action importée de la CPAM' }).getByRole('row')).toHaveCount(3);
    // The year has its annex now: the import is no longer offered, the template still is.
    await expect(page.getByRole('button', { name: /Importer l’annexe/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Télécharger le modèle Excel' })).toBeVisible();
  } finally {
    await app.stop();
  }
});
