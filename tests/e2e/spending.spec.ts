// End-to-end tests of the Dépenses tab and of what every form does after a write (issue 10):
// the forms validate with the API's own schema; after a refusal focus goes to the first invalid
// field (its message is its description), after a save to the message that says what was saved,
// also when the form closes on saving. An entry is recorded with its supporting file, then
// cancelled by a dated correction that keeps it. Expected figures come from the API's answers.
import { expect, test, type Page } from '@playwright/test';
import { api, openContract, openTab } from './pages';
import { startApp } from './app';

const CPTS = 'CPTS Ondaine et Haut-Forez';
const focused = (page: Page) => page.locator(':focus');

test('spending: refusals focus the first invalid field, a save its message; an entry with its file, cancelled by a correction', async ({ page }) => {
  const app = await startApp();
  try {
    const contractId = await openContract(page, app.url, CPTS);
    await openTab(page, 'Dépenses');
    const form = page.getByRole('form', { name: 'Nouvelle dépense' });
    const before = await api(page, 'spending.get', { contractId });

    // Refused by the form itself, with the API's schema and its French messages: nothing is sent.
    await form.getByRole('button', { name: 'Enregistrer la dépense' }).click();
    await expect(focused(page)).toHaveAttribute('id', 'sp-amount');
    await expect(focused(page)).toHaveAttribute('aria-invalid', 'true');
    await expect(form.locator('#sp-amount-error')).toHaveText('Montant de la dépense : montant obligatoire.');
    await expect(form.locator('#sp-doc-error')).toHaveText('Pièce justificative (référence) : champ obligatoire.');
    await expect(form.getByRole('alert').filter({ hasText: 'La dépense n’a pas été enregistrée' })).toContainText('corrigez les champs signalés');

    // Refused by the API (what only it checks): the message lands on its field, which takes the focus.
    await form.getByLabel('Date de la dépense').fill('2026-12-01');
    await form.getByLabel('Montant de la dépense (€)').fill('1 234,56');
    await form.getByLabel('Pièce justificative', { exact: true }).fill('Facture E2E-1');
    await form.getByRole('button', { name: 'Enregistrer la dépense' }).click();
    await expect(focused(page)).toHaveAttribute('id', 'sp-date');
    await expect(form.locator('#sp-date-error')).toHaveText('Date de la dépense : ne peut être dans le futur.');
    expect((await api(page, 'spending.get', { contractId })).entries).toHaveLength(before.entries.length);

    // Saved with its supporting file: focus on the message.
    await form.getByLabel('Date de la dépense').fill('2026-11-20');
    await form.getByLabel('Fichier de la pièce').setInputFiles({ name: 'facture-e2e.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 facture E2E\n') });
    await form.getByRole('button', { name: 'Enregistrer la dépense' }).click();
    await expect(focused(page)).toHaveAttribute('role', 'status');
    await expect(focused(page)).toHaveText('Dépense enregistrée (Fonctionnement, pièce « facture-e2e.pdf » jointe).');
    await expect(form.getByLabel('Montant de la dépense (€)')).toHaveValue('');

    const after = await api(page, 'spending.get', { contractId });
    const entry = after.entries.find((e) => e.documentRef === 'Facture E2E-1');
    expect(entry).toMatchObject({ amountCents: 123_456, effectiveCents: 123_456, spentOn: '2026-11-20' });
    expect(entry?.attachments.map((a) => a.fileName)).toEqual(['facture-e2e.pdf']);
    const entries = page.getByRole('table', { name: 'Dépenses enregistrées' });
    await expect(entries.getByRole('row').filter({ hasText: 'Facture E2E-1' }).getByRole('button', { name: 'facture-e2e.pdf' })).toBeVisible();

    // « Corriger »: refused without a reason (focus on it), then cancelled (0 €) with a reason.
    await entries.getByRole('button', { name: `Corriger la dépense n° ${entry!.id} du 20/11/2026` }).click();
    const correction = page.getByRole('form', { name: `Correction de la dépense n° ${entry!.id}` });
    await correction.getByLabel('Montant corrigé (€)').fill('0');
    await correction.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await expect(focused(page)).toHaveAttribute('id', `sp-corr-${entry!.id}-reason`);
    await expect(correction.locator(`#sp-corr-${entry!.id}-reason-error`)).toHaveText('Motif de la correction : champ obligatoire.');
    await correction.getByLabel('Motif de la correction').fill('Facture annulée par le fournisseur');
    await correction.getByRole('button', { name: 'Enregistrer la correction' }).click();
    // The form closes; the message that says what was saved takes the focus.
    await expect(correction).toHaveCount(0);
    await expect(focused(page)).toHaveText(`Dépense n° ${entry!.id} du 20/11/2026 annulée.`);
    const row = entries.getByRole('row').filter({ hasText: 'Facture E2E-1' });
    await expect(row).toContainText('annulée');
    await expect(entries.getByRole('row').filter({ hasText: 'Facture annulée par le fournisseur' })).toContainText(`Annulation de la dépense n° ${entry!.id}`);

    const corrected = (await api(page, 'spending.get', { contractId })).entries.find((e) => e.id === entry!.id);
    expect(corrected).toMatchObject({ amountCents: 123_456, effectiveCents: 0, cancelled: true });
    expect(corrected?.corrections.map((k) => [k.beforeCents, k.afterCents, k.reason])).toEqual([[123_456, 0, 'Facture annulée par le fournisseur']]);
  } finally {
    await app.stop();
  }
});

test('budget: an amount refused by the schema takes the focus, a saved budget says so', async ({ page }) => {
  const app = await startApp();
  try {
    const contractId = await openContract(page, app.url, CPTS);
    await openTab(page, 'Dépenses');
    const form = page.getByRole('form', { name: 'Budget prévisionnel' });
    await form.getByLabel('Budget (€)').fill('douze mille');
    await form.getByRole('button', { name: 'Enregistrer le budget' }).click();
    await expect(focused(page)).toHaveAttribute('id', 'bud-amount');
    await expect(form.locator('#bud-amount-error')).toHaveText('Budget : montant invalide (ex. 17 500,00).');

    await form.getByLabel('Année du budget').selectOption('2');
    await form.getByLabel('Budget (€)').fill('12 000,00');
    await form.getByRole('button', { name: 'Enregistrer le budget' }).click();
    await expect(focused(page)).toHaveText('Budget enregistré : année 2, Fonctionnement.');
    const row = (await api(page, 'spending.get', { contractId })).rows.find((r) => r.year === 2 && r.mission === null);
    expect(row?.budgetCents).toBe(1_200_000);
  } finally {
    await app.stop();
  }
});

test('any form of the app: a refusal focuses its field, a save that closes the form focuses its message (Enveloppes)', async ({ page }) => {
  const app = await startApp();
  try {
    const contractId = await openContract(page, app.url, CPTS);
    await openTab(page, 'Enveloppes');
    const view = await api(page, 'envelopes.get', { contractId });
    const last = view.years[view.years.length - 1]!;
    const section = page.getByRole('region', { name: new RegExp(`^Année ${last.year}`) });
    await section.getByRole('button', { name: `Modifier Fonctionnement, année ${last.year}` }).click();
    const form = page.getByRole('form', { name: `Modifier Fonctionnement, année ${last.year}` });
    // No reason: the API refuses, on the reason field, which takes the focus.
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(focused(page)).toHaveAttribute('id', 'env-reason');
    await expect(focused(page)).toHaveAttribute('aria-invalid', 'true');
    await form.getByLabel('Motif').fill('Annexe 2 du contrat');
    await form.getByRole('radio', { name: `Année ${last.year} seulement` }).check();
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(form).toHaveCount(0);
    await expect(focused(page)).toHaveAttribute('role', 'status');
    await expect(focused(page)).toContainText('montant enregistré');
  } finally {
    await app.stop();
  }
});
