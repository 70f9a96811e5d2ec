// End-to-end tests of the money screens (Échéancier, Versements) against the real app in browser
// mode. Expected amounts come from the API's own answers or from what the page showed, never from
// hard-coded guesses; the tests wait on the UI, never on sleeps.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { api, apiRaw, openContract as openContractNamed, openTab } from './pages';
import { startApp } from './app';
import { addDays } from '../../shared/dates';
import { formatEuros, parseEurosToCents } from '../../shared/money';

const CPTS = 'CPTS Ondaine et Haut-Forez';
const openContract = (page: Page, url: string, name = CPTS): Promise<number> => openContractNamed(page, url, name);

function scheduleRow(page: Page, label: string): Locator {
  return page.getByRole('table', { name: 'Échéancier des versements' }).getByRole('row').filter({ hasText: label });
}

// Columns of the schedule on the Versements tab: Échéance, Année, Libellé, Nature, Montant dû, Versé, Reste dû, État.
const PAID = 5;
const OUTSTANDING = 6;

function cents(text: string): number {
  const c = parseEurosToCents(text);
  if (c === null) throw new Error(`Montant illisible : « ${text} »`);
  return c;
}

async function paymentRows(page: Page): Promise<number> {
  const table = page.getByRole('table', { name: 'Versements reçus' });
  if ((await table.count()) === 0) {
    await expect(page.getByText('Aucun versement enregistré pour ce contrat.')).toBeVisible();
    return 0;
  }
  return table.locator('tbody > tr').count();
}

test('a payment and its correction recorded through the UI survive a restart', async ({ page }) => {
  test.slow(); // two starts of the app
  let app = await startApp();
  const dataDir = app.dataDir;
  const payAmount = 123_456; // 1 234,56 €
  const corrected = 100_000; // 1 000,00 €
  // What the page showed before the restart.
  let trancheLabel: string;
  let outstandingShown: string;
  let paidShown: string;
  let totalShown: string;
  try {
    const contractId = await openContract(page, app.url);
    await openTab(page, 'Versements');
    await expect(page.getByRole('heading', { name: 'Enregistrer un versement' })).toBeVisible();

    const before = await api(page, 'payments.list', { contractId });
    const tranche = before.schedule.find((t) => t.outstandingCents >= payAmount);
    expect(tranche, 'une échéance qui doit encore au moins 1 234,56 €').toBeDefined();
    trancheLabel = tranche!.label;

    // What the page shows before the payment matches the API.
    const row = scheduleRow(page, trancheLabel);
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('cell').nth(OUTSTANDING)).toHaveText(formatEuros(tranche!.outstandingCents));
    const outstanding0 = cents(await row.getByRole('cell').nth(OUTSTANDING).innerText());
    const paid0 = cents(await row.getByRole('cell').nth(PAID).innerText());

    // Record the payment.
    await page.getByLabel('Date du versement').fill(before.today);
    await page.getByLabel('Montant du versement (€)').fill('1 234,56');
    await page.getByLabel('Référence CPAM').fill('VIR-E2E-0001');
    const box = page.getByRole('checkbox', { name: trancheLabel });
    await expect(box).not.toBeChecked();
    await box.check();
    await page.getByRole('button', { name: 'Enregistrer le versement' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Versement n° \d+ enregistré/ })).toBeVisible();

    const afterPay = await api(page, 'payments.list', { contractId });
    const created = afterPay.payments.find((p) => !before.payments.some((b) => b.id === p.id));
    expect(created).toBeDefined();
    expect(created!.amountCents).toBe(payAmount);
    await expect(row.getByRole('cell').nth(OUTSTANDING)).toHaveText(formatEuros(outstanding0 - payAmount));
    await expect(row.getByRole('cell').nth(PAID)).toHaveText(formatEuros(paid0 + payAmount));
    const paymentRow = page.getByRole('table', { name: 'Versements reçus' }).getByRole('row').filter({ hasText: 'VIR-E2E-0001' }).first();
    await expect(paymentRow).toContainText(formatEuros(payAmount));
    await expect(paymentRow).toContainText(trancheLabel);

    // Correct it: 1 234,56 € -> 1 000,00 €.
    await page.getByRole('button', { name: `Corriger le versement n° ${created!.id}` }).click();
    await page.getByLabel('Montant corrigé (€)').fill('1 000,00');
    await page.getByLabel('Motif de la correction').fill('Montant saisi par erreur (test)');
    await page.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Correction du versement n° ${created!.id} enregistrée.` })).toBeVisible();

    const original = page.getByRole('table', { name: 'Versements reçus' }).getByRole('row').filter({ hasText: 'VIR-E2E-0001' });
    await expect(original).toHaveCount(2);
    await expect(original.filter({ hasText: 'corrigé' })).toContainText(`en vigueur : ${formatEuros(corrected)}`);
    await expect(original.filter({ hasText: `Correction du versement n° ${created!.id}` })).toContainText(formatEuros(corrected - payAmount));
    await expect(row.getByRole('cell').nth(OUTSTANDING)).toHaveText(formatEuros(outstanding0 - corrected));
    await expect(row.getByRole('cell').nth(PAID)).toHaveText(formatEuros(paid0 + corrected));

    const afterCorrection = await api(page, 'payments.list', { contractId });
    const t = afterCorrection.schedule.find((x) => x.id === tranche!.id)!;
    expect(t.outstandingCents).toBe(outstanding0 - corrected);
    await expect(page.getByTestId('total-outstanding')).toHaveText(formatEuros(afterCorrection.totals.outstandingCents));

    outstandingShown = await row.getByRole('cell').nth(OUTSTANDING).innerText();
    paidShown = await row.getByRole('cell').nth(PAID).innerText();
    totalShown = await page.getByTestId('total-outstanding').innerText();
  } finally {
    await app.stop();
  }

  // Same data folder, new process: the ledger shows the same amounts.
  app = await startApp(dataDir);
  try {
    const contractId = await openContract(page, app.url);
    await openTab(page, 'Versements');
    const row = scheduleRow(page, trancheLabel);
    await expect(row.getByRole('cell').nth(OUTSTANDING)).toHaveText(outstandingShown);
    await expect(row.getByRole('cell').nth(PAID)).toHaveText(paidShown);
    await expect(page.getByTestId('total-outstanding')).toHaveText(totalShown);
    const view = await api(page, 'payments.list', { contractId });
    const t = view.schedule.find((x) => x.label === trancheLabel)!;
    expect(formatEuros(t.outstandingCents)).toBe(outstandingShown.trim());
    await expect(page.getByRole('table', { name: 'Versements reçus' }).getByRole('row').filter({ hasText: 'VIR-E2E-0001' })).toHaveCount(2);
  } finally {
    await app.stop();
  }
});

test('"Comment ce montant est calculé" shows the formula lines and their sources', async ({ page }) => {
  const app = await startApp();
  try {
    const contractId = await openContract(page, app.url);
    await openTab(page, 'Échéancier');
    const funding = await api(page, 'funding.get', { contractId });
    const year1 = funding.result.years[0];
    // A prorated mission's part fixe of year 1 (its formula shows the pro rata).
    const mission = year1.missions.find((m) => m.state === 'funded' && m.fixedCents !== null && m.prorata.num !== m.prorata.den) ?? year1.missions[0];
    const lines = mission.explanation.filter((l) => l.label.startsWith('Part fixe'));
    expect(lines.length).toBeGreaterThan(0);

    await page.getByRole('button', { name: `Comment ce montant est calculé : Part fixe — ${mission.label}, année 1`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Comment ce montant est calculé' });
    await expect(dialog).toBeVisible();
    const items = dialog.getByRole('list', { name: 'Lignes du calcul' }).getByRole('listitem');
    await expect(items).toHaveCount(lines.length);
    for (const [i, l] of lines.entries()) {
      const item = items.nth(i);
      await expect(item).toContainText(l.label);
      await expect(item).toContainText(l.formula);
      if (l.amountCents !== null) await expect(item).toContainText(formatEuros(l.amountCents));
      expect(l.sources.length).toBeGreaterThan(0);
      for (const s of l.sources) {
        if (s.origin === 'contract') await expect(item).toContainText('Annexe du contrat');
        else await expect(item.getByText(s.tag, { exact: true }).first()).toBeVisible();
        if (s.sourceIds.length > 0) await expect(item).toContainText(`sources n° ${s.sourceIds.join(', ')}`);
      }
    }
    await dialog.getByRole('button', { name: 'Fermer' }).click();
    await expect(dialog).toBeHidden();

    // A tranche of the schedule explains itself the same way.
    const tranche = funding.schedule.find((t) => t.year === 1)!;
    await page.getByRole('button', { name: `Comment ce montant est calculé : ${tranche.label}` }).first().click();
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(tranche.explanation[0].formula);
    await expect(dialog).toContainText(formatEuros(tranche.amountCents));
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  } finally {
    await app.stop();
  }
});

test('bad payment input shows the French message next to the field and writes nothing', async ({ page }) => {
  const app = await startApp();
  try {
    const contractId = await openContract(page, app.url);
    const contract = await api(page, 'contract.get', { id: contractId });
    await openTab(page, 'Versements');
    await expect(page.getByRole('heading', { name: 'Versements reçus' })).toBeVisible();
    const before = await api(page, 'payments.list', { contractId });
    const rowsBefore = await paymentRows(page);
    const tranche = before.schedule.find((t) => t.outstandingCents > 0)!;

    // Amount 0.
    const amount = page.getByLabel('Montant du versement (€)');
    await page.getByLabel('Date du versement').fill(before.today);
    await amount.fill('0');
    await page.getByLabel('Référence CPAM').fill('VIR-E2E-ZERO');
    await page.getByRole('checkbox', { name: tranche.label }).check();
    await page.getByRole('button', { name: 'Enregistrer le versement' }).click();
    const zero = await apiRaw(page, 'payments.record', {
      contractId,
      receivedOn: before.today,
      amountCents: '0',
      cpamRef: 'VIR-E2E-ZERO',
      trancheIds: [tranche.id],
      comment: '',
    });
    expect(zero.ok).toBe(false);
    const zeroMessage = !zero.ok ? zero.error.fields?.amountCents : undefined;
    expect(zeroMessage).toMatch(/Montant du versement/);
    await expect(amount).toHaveAttribute('aria-invalid', 'true');
    await expect(amount).toHaveAccessibleDescription(zeroMessage!);
    await expect(page.getByText('Le versement n’a pas été enregistré')).toBeVisible();

    // A date before the signature.
    const dateField = page.getByLabel('Date du versement');
    const tooEarly = addDays(contract.signedOn, -1);
    await dateField.fill(tooEarly);
    await amount.fill('500,00');
    await page.getByRole('button', { name: 'Enregistrer le versement' }).click();
    const early = await apiRaw(page, 'payments.record', {
      contractId,
      receivedOn: tooEarly,
      amountCents: '500,00',
      cpamRef: 'VIR-E2E-ZERO',
      trancheIds: [tranche.id],
      comment: '',
    });
    expect(early.ok).toBe(false);
    const earlyMessage = !early.ok ? early.error.fields?.receivedOn : undefined;
    expect(earlyMessage).toMatch(/en dehors du contrat/);
    await expect(dateField).toHaveAccessibleDescription(earlyMessage!);
    await expect(amount).not.toHaveAttribute('aria-invalid', 'true');

    // Nothing was written.
    const after = await api(page, 'payments.list', { contractId });
    expect(after.payments.length).toBe(before.payments.length);
    expect(after.totals).toEqual(before.totals);
    expect(await paymentRows(page)).toBe(rowsBefore);
    await expect(page.getByText('VIR-E2E-ZERO')).toHaveCount(0);
  } finally {
    await app.stop();
  }
});

test('a payment above what its tranche owes is recorded only after an explicit confirmation, and shown as a trop-perçu', async ({ page }) => {
  const app = await startApp();
  try {
    const contractId = await openContract(page, app.url);
    await openTab(page, 'Versements');
    await expect(page.getByRole('heading', { name: 'Enregistrer un versement' })).toBeVisible();
    const before = await api(page, 'payments.list', { contractId });
    const tranche = before.schedule.find((t) => t.outstandingCents > 0 && t.excessCents === 0)!;
    const over = tranche.outstandingCents + 10_000; // 100,00 € too much

    await page.getByLabel('Date du versement').fill(before.today);
    await page.getByLabel('Montant du versement (€)').fill(formatEuros(over).replace(/\s€$/, ''));
    await page.getByLabel('Référence CPAM').fill('VIR-E2E-TROP');
    await page.getByRole('checkbox', { name: tranche.label }).check();
    await page.getByRole('button', { name: 'Enregistrer le versement' }).click();

    // The API refused it; the screen asks, with the API's figures.
    const dialog = page.getByRole('dialog', { name: 'Enregistrer un trop-perçu ?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(`dépassent de ${formatEuros(10_000)}`);
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await expect(dialog).toBeHidden();
    expect((await api(page, 'payments.list', { contractId })).payments.length).toBe(before.payments.length);

    // Confirmed: recorded, and the excess shows as a trop-perçu.
    await page.getByRole('button', { name: 'Enregistrer le versement' }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Enregistrer avec le trop-perçu' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Versement n° \d+ enregistré \(dont un trop-perçu\)/ })).toBeVisible();
    const after = await api(page, 'payments.list', { contractId });
    expect(after.payments.length).toBe(before.payments.length + 1);
    expect(after.schedule.find((t) => t.id === tranche.id)).toMatchObject({ excessCents: 10_000 });
    expect(after.excessCents).toBe(before.excessCents + 10_000);
    await expect(page.getByTestId('total-excess')).toHaveText(formatEuros(after.excessCents));
    await expect(page.getByRole('note', { name: 'Trop-perçus' })).toContainText(tranche.label);
  } finally {
    await app.stop();
  }
});

test('after a refused payment focus goes to the first invalid field, after a saved one to the status message', async ({ page }) => {
  const app = await startApp();
  try {
    const contractId = await openContract(page, app.url);
    const contract = await api(page, 'contract.get', { id: contractId });
    await openTab(page, 'Versements');
    await expect(page.getByRole('heading', { name: 'Enregistrer un versement' })).toBeVisible();
    const before = await api(page, 'payments.list', { contractId });
    const tranche = before.schedule.find((t) => t.outstandingCents >= 10_000)!;
    const save = page.getByRole('button', { name: 'Enregistrer le versement' });
    const amount = page.getByLabel('Montant du versement (€)');
    const ref = page.getByLabel('Référence CPAM');
    const dateField = page.getByLabel('Date du versement');
    const box = page.getByRole('checkbox', { name: tranche.label });

    // Refused by the form (the API's schema): no amount, no reference, no tranche — the first of them takes the focus.
    await dateField.fill(before.today);
    await save.click();
    await expect(amount).toBeFocused();
    await expect(amount).toHaveAccessibleDescription('Montant du versement : montant obligatoire.');
    await expect(ref).toHaveAttribute('aria-invalid', 'true');
    await expect(box).toHaveAttribute('aria-invalid', 'true');

    // Only the tranche missing: focus on its first checkbox, described by the message.
    await amount.fill('100,00');
    await ref.fill('VIR-E2E-FOCUS');
    await save.click();
    const firstBox = page.getByRole('group', { name: 'Échéances réglées par ce versement' }).getByRole('checkbox').first();
    await expect(firstBox).toBeFocused();
    await expect(firstBox).toHaveAccessibleDescription('Échéances réglées : choisissez au moins une échéance.');

    // Refused by the API only (a date before the signature): the message lands on the date, which takes the focus.
    await box.check();
    await dateField.fill(addDays(contract.signedOn, -1));
    await save.click();
    await expect(dateField).toBeFocused();
    await expect(dateField).toHaveAccessibleDescription(/en dehors du contrat/);
    expect((await api(page, 'payments.list', { contractId })).payments.length).toBe(before.payments.length);

    // Saved: focus on the message that says so.
    await dateField.fill(before.today);
    await save.click();
    const status = page.getByRole('status').filter({ hasText: /Versement n° \d+ enregistré/ });
    await expect(status).toBeFocused();
    expect((await api(page, 'payments.list', { contractId })).payments.length).toBe(before.payments.length + 1);
  } finally {
    await app.stop();
  }
});
