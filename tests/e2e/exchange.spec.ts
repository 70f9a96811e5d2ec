// The exchange file between two data folders (issue 12): the CPAM's copy of a contract prepares
// its file, the CPTS imports it from the contract page, sees the difference and confirms. And a
// CPAM agent's empty data folder (`aci init`) imports several files at once from the portfolio:
// each file previewed (a bad one refused with its reason), the kept ones create their contracts.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEMO_TEMPLATE, demoDataDir, freshDataDir, startApp } from './app';
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

test('portfolio: several exchange files imported at once into an empty data folder create their contracts', async ({ page }) => {
  const dir = demoDataDir();
  const pieces = join(dirname(DEMO_TEMPLATE), 'pieces');
  if (existsSync(pieces)) cpSync(pieces, join(dir, 'pieces'), { recursive: true });
  // The CPAM agent's empty base, as `npm run aci -- init` makes it (no demo).
  const empty = freshDataDir();
  const init = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'init', '--db', join(empty, 'aci-cpts.sqlite')], { encoding: 'utf8', env: { ...process.env, ACI_TODAY: '2026-11-23' } });
  expect(init.status, init.stderr).toBe(0);
  const cpts = await startApp(dir);
  const files: string[] = [];
  const names = [CPTS, 'CPTS Rives du Léman'];
  try {
    // Two CPTS prepare their files (the API of the CPTS's app, as the contract page's button calls it).
    await page.goto(cpts.url);
    const list = await api(page, 'portfolio.list', { search: '', status: 'tous', offset: 0, limit: 100 });
    for (const name of names) {
      const row = list.rows.find((r) => r.cpts === name)!;
      const file = await api(page, 'exchange.export', { contractId: row.id, side: 'cpts' });
      const path = join(freshDataDir(), file.fileName);
      writeFileSync(path, Buffer.from(file.base64, 'base64'));
      files.push(path);
    }
  } finally {
    await cpts.stop();
  }
  // And a file that is not an exchange file at all.
  const bad = join(freshDataDir(), 'pas-un-echange.aci');
  writeFileSync(bad, 'ceci n’est pas une archive');

  const cpam = await startApp(empty);
  try {
    await page.goto(cpam.url);
    await expect(page.getByRole('heading', { name: 'Portefeuille de contrats' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Contrats' })).toContainText('importez les fichiers d’échange reçus');
    await page.getByTestId('exchange-files').setInputFiles([...files, bad]);
    const dialog = page.getByRole('dialog', { name: /Importer des fichiers d’échange \(3\)/ });
    await expect(dialog).toBeVisible();
    for (const [k, name] of names.entries()) {
      const card = dialog.getByTestId(`exchange-file-${k}`);
      await expect(card).toContainText(name);
      await expect(card).toContainText('Contrat absent de cette base : il sera créé.');
      expect(Number(await card.getByTestId('exchange-new').textContent())).toBeGreaterThan(20);
      await expect(card.getByTestId('exchange-conflicts')).toHaveText('0');
    }
    await expect(dialog.getByTestId('exchange-file-2').getByRole('alert')).toContainText('Fichier refusé');
    await dialog.getByRole('button', { name: 'Importer 2 fichier(s)' }).click();
    await expect(dialog.getByTestId('exchange-many-done')).toHaveText('2 fichier(s) importé(s).');
    await expect(dialog.getByTestId('exchange-file-0').getByRole('status')).toContainText('créé');
    await dialog.getByRole('button', { name: 'Fermer' }).click();
    const table = page.getByRole('table', { name: 'Contrats' });
    for (const name of names) await expect(table.getByRole('link', { name })).toBeVisible();
    // The imported contract carries its money: its schedule is there to the cent.
    const id = await openContract(page, cpam.url, CPTS);
    const payments = await api(page, 'payments.list', { contractId: id });
    expect(payments.schedule.length).toBeGreaterThan(0);
  } finally {
    await cpam.stop();
  }
});
