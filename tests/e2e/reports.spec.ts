// Exports in browser mode: the buttons sit where the data is, show progress, and the browser
// downloads a file named after what it holds and the date of the data.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { startApp } from './app';
import { api, openContract } from './pages';

const CPTS = 'CPTS Ondaine et Haut-Forez';

test('contract page: Excel du contrat, État des versements of a chosen year and the dossier of the next dialogue are downloaded', async ({ page }) => {
  const app = await startApp();
  try {
    await page.goto(app.url);
    await page.getByRole('table', { name: 'Contrats' }).getByRole('link', { name: CPTS }).click();
    await expect(page.getByRole('heading', { level: 1, name: CPTS })).toBeVisible();

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Excel du contrat' }).click()]);
    expect(xlsx.suggestedFilename()).toBe('CPTS-Ondaine-et-Haut-Forez-echeancier-2026-11-23.xlsx');
    expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe('PK');
    await expect(page.getByRole('status').filter({ hasText: 'Fichier téléchargé' })).toContainText('echeancier');

    await page.getByLabel('Année de l’état des versements').selectOption('2');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'État des versements (PDF)' }).click()]);
    expect(pdf.suggestedFilename()).toBe('CPTS-Ondaine-et-Haut-Forez-versements-annee-2-2026-11-23.pdf');
    expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');

    // The next dialogue de gestion (the annual review of year 3, not created yet) can be prepared from the header.
    const dossierButton = page.getByRole('button', { name: 'Dossier du dialogue (PDF)' });
    await expect(dossierButton).toHaveAttribute('title', /dialogue annuel de l’année 3, proposé le 12\/11\/2026/);
    const [dossier] = await Promise.all([page.waitForEvent('download'), dossierButton.click()]);
    expect(dossier.suggestedFilename()).toBe('CPTS-Ondaine-et-Haut-Forez-dialogue-annee-3-S2-2026-11-23.pdf');
    expect(readFileSync((await dossier.path())!).subarray(0, 5).toString()).toBe('%PDF-');
  } finally {
    await app.stop();
  }
});

test('portfolio page: Excel du portefeuille, with "Préparation du fichier…" and a progress bar while it runs', async ({ page }) => {
  const app = await startApp();
  try {
    await page.goto(app.url);
    await expect(page.getByRole('heading', { name: 'Portefeuille de contrats' })).toBeVisible();
    // Hold the API answer (as a portfolio of 1 000 contracts takes a few seconds) so the progress can be seen.
    await page.route('**/api/reports.export', async (route) => {
      const response = await route.fetch();
      await new Promise((r) => setTimeout(r, 1_500));
      await route.fulfill({ response });
    });
    const downloading = page.waitForEvent('download');
    const button = page.getByRole('button', { name: 'Excel du portefeuille' });
    await button.click();
    const status = page.getByRole('status').filter({ hasText: 'Préparation du fichier…' });
    await expect(status).toBeVisible();
    await expect(status).toHaveAttribute('aria-busy', 'true');
    await expect(page.getByRole('progressbar', { name: 'Préparation du fichier' })).toBeVisible();
    await expect(button).toBeDisabled();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('ACI-CPTS-portefeuille-2026-11-23.xlsx');
    // Done: the progress bar goes, the status says what was downloaded, the button is back.
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Fichier téléchargé' })).toContainText('ACI-CPTS-portefeuille-2026-11-23.xlsx');
    await expect(page.getByRole('status').filter({ hasText: 'Fichier téléchargé' })).toHaveAttribute('aria-busy', 'false');
    await expect(button).toBeEnabled();
  } finally {
    await app.stop();
  }
});

test('closed review page: the compte rendu with its signature block is downloaded; a draft offers only the dossier', async ({ page }) => {
  const app = await startApp();
  try {
    const contractId = await openContract(page, app.url, CPTS);
    const reviews = await api(page, 'reviews.list', { contractId });
    const closed = reviews.slots.find((s) => s.status === 'closed' && s.kind === 'annual')!;
    const draft = reviews.slots.find((s) => s.status === 'draft')!;

    await page.goto(`${app.url}#/contrats/${contractId}/dialogues/${closed.reviewId}`);
    await expect(page.getByText(/Clos le/)).toBeVisible();
    const [minutes] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Compte rendu (PDF)' }).click()]);
    expect(minutes.suggestedFilename()).toBe(`CPTS-Ondaine-et-Haut-Forez-compte-rendu-annee-${closed.year}-S2-2026-11-23.pdf`);
    expect(readFileSync((await minutes.path())!).subarray(0, 5).toString()).toBe('%PDF-');

    await page.goto(`${app.url}#/contrats/${contractId}/dialogues/${draft.reviewId}`);
    await expect(page.getByText('Brouillon').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Dossier de préparation (PDF)' })).toBeEnabled();
    await expect(page.getByRole('button', { name: 'Compte rendu (PDF)' })).toHaveCount(0);
  } finally {
    await app.stop();
  }
});
