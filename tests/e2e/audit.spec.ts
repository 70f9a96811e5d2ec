// End-to-end: the contract page's "Journal" tab (issue 13) shows who changed the contract, when,
// and what it changed (before → after), latest first, from the app's own journal of the writes.
import { expect, test } from '@playwright/test';
import { api, openContract } from './pages';
import { startApp } from './app';

const CPTS = 'CPTS Ondaine et Haut-Forez';

test('the Journal tab lists the writes on the contract with their author, time and before → after', async ({ page }) => {
  const app = await startApp(undefined, { ACI_AUTHOR: 'claire.martin' });
  try {
    const id = await openContract(page, app.url, CPTS);
    await api(page, 'contract.archive', { id });
    await api(page, 'contract.restore', { id });
    const journal = await api(page, 'audit.list', { contractId: id });
    expect(journal.entries.slice(0, 2).map((e) => e.method)).toEqual(['contract.restore', 'contract.archive']);

    await page.reload();
    await page.getByRole('navigation', { name: 'Sections du contrat' }).getByRole('link', { name: 'Journal' }).click();
    await expect(page.getByRole('heading', { name: 'Journal des modifications' })).toBeVisible();
    const rows = page.getByRole('table', { name: 'Journal des modifications' }).locator('tbody > tr');
    await expect(rows).toHaveCount(Math.min(journal.total, 200));
    await expect(rows.nth(0)).toContainText('Contrat rétabli');
    await expect(rows.nth(0)).toContainText('claire.martin');
    await expect(rows.nth(1)).toContainText('Contrat archivé');
    // The time shown is the entry's, in French.
    const shown = new Date(journal.entries[0].at).toLocaleDateString('fr-FR');
    await expect(rows.nth(0)).toContainText(shown);
    // Before → after: the archived contract's row before it was restored.
    await rows.nth(0).getByText('Avant → après').click();
    await expect(rows.nth(0).locator('pre').first()).toContainText('"archived_at"');
    await expect(rows.nth(0).locator('pre').first()).not.toContainText('"archived_at": null');
  } finally {
    await app.stop();
  }
});
