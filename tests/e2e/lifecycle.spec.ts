// Contracts as they live and sources readable in the app (issue 9): archive a contract from its
// page, find it under "Archivés", restore it; open the sources page from an explanation.
import { expect, test } from '@playwright/test';
import { startApp } from './app';
import { api, openContract, openTab } from './pages';

test('a contract archived from its page leaves the portfolio and its totals, then comes back when restored', async ({ page }) => {
  const app = await startApp();
  try {
    const name = 'CPTS Sud Bourbonnais';
    const id = await openContract(page, app.url, name);
    await expect(page.locator('.page-header').getByText('Démonstration')).toBeVisible();
    const before = (await api(page, 'portfolio.list', {})).rows;
    expect(before).toHaveLength(4);

    await page.getByRole('button', { name: 'Archiver', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Archiver le contrat de ${name} ?` });
    await expect(dialog).toContainText('Rien n’est effacé');
    await dialog.getByRole('button', { name: 'Archiver le contrat' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'Contrat archivé le' })).toBeVisible();
    await expect(page.locator('.page-header').getByText('Archivé', { exact: true })).toBeVisible();

    // Out of the portfolio list and of its totals.
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Portefeuille' }).click();
    const rows = page.getByRole('table', { name: 'Contrats' }).locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
    const contracts = page.locator('.card.stat').filter({ hasText: 'Contrats' }).locator('.stat-value');
    await expect(contracts).toHaveText('3');
    const archivedRow = before.find((r) => r.id === id)!;
    const overdue = before.filter((r) => r.id !== id).reduce((s, r) => s + r.overdueCents, 0);
    const after = await api(page, 'portfolio.list', {});
    expect(after.rows.reduce((s, r) => s + r.overdueCents, 0)).toBe(overdue);
    expect(after.totals.overdueCents).toBe(overdue);
    expect(archivedRow.demo).toBe(true);

    // Kept in the file: listed under "Archivés", and restorable from its page.
    await page.getByLabel('Statut des contrats').selectOption('archives');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(name);
    await expect(rows.first()).toContainText('Archivé');
    await rows.first().getByRole('link', { name }).click();
    await page.getByRole('button', { name: 'Restaurer le contrat' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Contrat archivé le' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Archiver', exact: true })).toBeVisible();

    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Portefeuille' }).click();
    await expect(rows).toHaveCount(4);
    await expect(page.getByRole('row', { name: new RegExp(name) })).toBeVisible();
    await expect(contracts).toHaveText('4');
  } finally {
    await app.stop();
  }
});

test('a source number in an explanation opens the sources page at that source, and every modelling choice is there', async ({ page }) => {
  const app = await startApp();
  try {
    await openContract(page, app.url, 'CPTS Ondaine et Haut-Forez');
    await openTab(page, 'Échéancier');
    await page.getByRole('button', { name: /^Comment ce montant est calculé : Fonctionnement, année 1/ }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Comment ce montant est calculé' });
    await expect(dialog).toBeVisible();
    const link = dialog.getByRole('link', { name: /^Source n° \d+/ }).first();
    const label = (await link.getAttribute('aria-label')) ?? '';
    const n = /^Source n° (\d+)/.exec(label)![1];
    await link.click();

    await expect(page.getByRole('heading', { level: 1, name: 'Sources et choix de modélisation' })).toBeVisible();
    expect(page.url()).toContain(`#/sources#source-${n}`);
    const entry = page.locator(`#source-${n}`);
    await expect(entry).toBeInViewport();
    await expect(entry).toHaveClass(/is-target/);
    await expect(entry).toContainText(`n° ${n}`);
    await expect(entry.getByRole('link').first()).toHaveAttribute('href', /^https?:\/\//);

    // Every modelling choice, with its current value and why.
    const choices = page.getByRole('list', { name: 'Choix de modélisation' }).locator(':scope > li');
    await expect(choices.first()).toBeVisible();
    const prorata = page.locator('#mc-PRORATA_UNIT');
    await expect(prorata).toContainText('Valeur actuelle : jours calendaires');
    await expect(prorata).toContainText('§6.5');

    // Back to the échéancier it came from.
    await page.getByRole('button', { name: '← Revenir à la page précédente' }).click();
    await expect(page.getByRole('navigation', { name: 'Sections du contrat' })).toBeVisible();

    // The page is also in the sidebar.
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Sources et choix de modélisation' }).click();
    await expect(page.getByRole('list', { name: 'Sources' }).locator(':scope > li')).toHaveCount(27);
  } finally {
    await app.stop();
  }
});
