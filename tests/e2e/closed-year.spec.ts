// Closed is closed (issue 9), end to end in browser mode on a copy of the demo (today = 2026-11-23):
// the annual review of a year is closed through its confirmation (which shows the amounts it will
// fix); adding an indicator, changing a rate and changing an envelope of that year are then
// refused with a French message, and the échéancier and the compte rendu stay the same to the
// cent; an addendum with a money adjustment appears as its own tranche.
import { expect, test, type Page } from '@playwright/test';
import { api, apiRaw, openContract, openTab } from './pages';
import { startApp, type RunningApp } from './app';
import { formatEuros } from '../../shared/money';

const CPTS = 'CPTS Ondaine et Haut-Forez';
// Year 3 of this contract runs from 13/12/2025 to 12/12/2026: the current year of the demo.
const YEAR = 3;

/** The compte rendu's text, as its PDF is built (the bytes differ by creation date only). */
async function minutesBase64(page: Page, contractId: number, reviewId: number): Promise<string> {
  const file = await api(page, 'reports.export', { report: 'minutes', format: 'pdf', contractId, reviewId });
  return file.base64;
}

let app: RunningApp;
test.beforeEach(async () => {
  app = await startApp();
});
test.afterEach(async () => {
  await app.stop();
});

test('a closed annual dialogue freezes its year; a correction is an addendum with its own tranche', async ({ page }) => {
  const contractId = await openContract(page, app.url, CPTS);
  const review = await api(page, 'reviews.create', { contractId, year: YEAR, kind: 'annual', heldOn: '2026-11-20', place: 'CPAM de la Loire', agenda: 'Bilan de l’année 3.' });
  const detail = await api(page, 'reviews.get', { reviewId: review.id });
  await api(page, 'reviews.update', {
    reviewId: review.id,
    participants: [
      { name: 'Claire Martin', organisation: 'CPTS', role: 'Présidente' },
      { name: 'Sophie Bernard', organisation: 'CPAM', role: 'Référente CPTS' },
    ],
    indicators: detail.indicators.map((i) => {
      const v = i.measured ?? (i.unit === 'yesno' ? 100 : (i.target ?? 0));
      return { indicatorId: i.indicatorId, presented: v / 100, validated: v / 100, status: 'partiel' as const };
    }),
  });

  await test.step('the closing confirmation shows the variable part it will fix, then closes', async () => {
    const preview = await api(page, 'reviews.closingPreview', { reviewId: review.id });
    await page.goto(`${app.url}#/contrats/${contractId}/dialogues/${review.id}`);
    await page.getByRole('button', { name: 'Clore le dialogue…' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(`Part variable arrêtée pour l’année ${YEAR}`);
    await expect(dialog.getByRole('table', { name: `Part variable de l’année ${YEAR} qui sera arrêtée` })).toContainText(formatEuros(preview.figures.retainedCents));
    await dialog.getByRole('button', { name: 'Clore définitivement' }).click();
    await expect(page.getByRole('heading', { name: new RegExp(`Part variable de l’année ${YEAR} arrêtée`) })).toBeVisible();
  });

  const before = await api(page, 'funding.get', { contractId });
  const minutesBefore = await api(page, 'reviews.get', { reviewId: review.id });
  const pdfBefore = await minutesBase64(page, contractId, review.id);
  const yearBefore = before.result.years[YEAR - 1];
  expect(yearBefore.closed).toBe(true);
  const variable = yearBefore.missions.reduce((s, m) => s + (m.variableCents ?? 0), 0);
  expect(minutesBefore.closedFigures?.retainedCents).toBe(variable);

  await test.step('the annex of the year says "année arrêtée" and offers no addition; the API refuses one', async () => {
    await openTab(page, 'Indicateurs');
    await expect(page.getByRole('note').filter({ hasText: 'Année arrêtée' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Ajouter un indicateur' })).toHaveCount(0);
    const annex = await api(page, 'annex.get', { contractId, year: YEAR });
    const actionId = annex.missions.flatMap((m) => m.actions)[0].id;
    const res = await apiRaw(page, 'annex.addIndicator', { actionId, label: 'Indicateur ajouté après la clôture', kind: 'action', unit: 'yesno', source: 'cpts', direction: 'higher', payment: 'all_or_nothing', amountCents: 100_000 });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/Année 3 arrêtée.*addendum/);
  });

  await test.step('a rate typed for the year is refused next to the field', async () => {
    await openTab(page, 'Échéancier');
    const form = page.getByRole('form', { name: 'Taux d’atteinte validé' });
    await form.getByLabel('Année').selectOption({ label: `Année ${YEAR}` });
    await form.getByLabel('Mission').selectOption({ label: 'Prévention' });
    await form.getByLabel('Taux d\'atteinte validé (%)').fill('100');
    await form.getByRole('button', { name: 'Enregistrer le taux' }).click();
    await expect(page.locator('#att-rate-error')).toContainText('Année 3 arrêtée');
  });

  await test.step('an envelope change reaching the year is refused', async () => {
    for (const year of [YEAR, null]) {
      const res = await apiRaw(page, 'envelopes.set', { contractId, year, line: 'variable', mission: 'prevention', cents: 2_500_000, reason: 'Avenant local' });
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.message).toMatch(/arrêtée/);
    }
  });

  await test.step('the échéancier and the compte rendu are unchanged to the cent', async () => {
    const after = await api(page, 'funding.get', { contractId });
    expect(after.result).toEqual(before.result);
    expect(after.schedule.map((t) => [t.id, t.amountCents])).toEqual(before.schedule.map((t) => [t.id, t.amountCents]));
    expect((await api(page, 'reviews.get', { reviewId: review.id })).closedFigures).toEqual(minutesBefore.closedFigures);
    expect((await minutesBase64(page, contractId, review.id)).length).toBe(pdfBefore.length);
  });

  await test.step('an addendum with a money adjustment becomes its own tranche', async () => {
    await page.goto(`${app.url}#/contrats/${contractId}/dialogues/${review.id}`);
    const form = page.getByRole('form', { name: 'Ajouter un addendum' });
    await form.getByLabel('Date de l’addendum').fill('2026-11-23');
    await form.getByLabel('Texte de l’addendum').fill('Action de prévention réalisée après la séance : complément accordé.');
    await form.getByLabel('Ajustement de montant (facultatif)').fill('1 250,00');
    await form.getByLabel('Mission concernée').selectOption({ label: 'Prévention' });
    await form.getByRole('button', { name: 'Ajouter l’addendum' }).click();
    await expect(page.getByRole('list', { name: 'Addenda' })).toContainText('Ajustement à verser');
    await openTab(page, 'Échéancier');
    const year = page.locator(`#echeancier-annee-${YEAR}`);
    await expect(year.getByRole('row', { name: /Ajustement de l’année 3 — Prévention/ })).toContainText(formatEuros(125_000));
    const after = await api(page, 'funding.get', { contractId });
    expect(after.result.years[YEAR - 1].missions.reduce((s, m) => s + (m.variableCents ?? 0), 0)).toBe(variable);
    expect(after.result.years[YEAR - 1].totalCents).toBe(yearBefore.totalCents + 125_000);
  });
});
