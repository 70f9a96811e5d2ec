// The exchange file between two data folders (issue 12): the CPAM's copy of a contract prepares
// its file, the CPTS imports it from the contract page, sees the difference and confirms.
import { expect, test } from '@playwright/test';
import { cpSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEMO_TEMPLATE, demoDataDir, startApp } from './app';
import { api, openContract } from './pages';

const CPTS = 'CPTS Ondaine et Haut-Forez';

test('export from one data folder, import into another: the difference screen, then Confirmer', async ({ page }) => {
  // Two data folders holding the demo, evidence files included (the export refuses a missing one).
  const folder = () => {
    const dir = demoDataDir();
    const pieces = join(dirname(DEMO_TEMPLATE), 'pieces');
    if (existsSync(pieces)) cpSync(pieces, join(dir, 'pieces'), { recursive: true });
    return dir;
  };
  const cpam = await startApp(folder());
  const cpts = await startApp(folder());
  try {
    // The CPAM records a payment on its copy of the contract, then prepares the file for the CPTS.
    const id = await openContract(page, cpam.url, CPTS);
    const view = await api(page, 'payments.list', { contractId: id });
    const due = view.schedule.find((t) => t.outstandingCents > 0)!;
    await api(page, 'payments.record', { contractId: id, receivedOn: '2026-11-20', amountCents: 12_345, cpamRef: 'VIR-E2E', trancheIds: [due.id] });
    await page.reload();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Préparer l’envoi à la CPTS' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^echange-cpts-ondaine-et-haut-forez-annee-\d-2026-11-23-cpam\.aci$/);
    const file = (await download.path())!;

    // The CPTS imports it.
    await openContract(page, cpts.url, CPTS);
    await page.getByTestId('exchange-file').setInputFiles(file);
    const dialog = page.getByRole('dialog', { name: /Fichier d’échange de la CPAM/ });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('exchange-new')).toHaveText('2'); // the payment and its allocation
    await expect(dialog.getByTestId('exchange-conflicts')).toHaveText('0');
    await dialog.getByRole('button', { name: 'Confirmer' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Import fait' })).toContainText('2 nouveau(x)');
    const payments = await api(page, 'payments.list', { contractId: id });
    expect(payments.payments.some((p) => p.cpamRef === 'VIR-E2E' && p.amountCents === 12_345)).toBe(true);
  } finally {
    await cpam.stop();
    await cpts.stop();
  }
});
