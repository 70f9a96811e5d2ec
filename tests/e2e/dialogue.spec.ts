// End-to-end tests of the yearly annex (Indicateurs) and the dialogues de gestion against the real
// app in browser mode, on a copy of the demo portfolio (today = 2026-11-23). What the tests expect
// comes from the API's own answers; they wait on the UI, never on sleeps.
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { api, apiRaw, openContract as openContractNamed, openTab } from './pages';
import { startApp, type RunningApp } from './app';
import type { AnnexView, IndicatorRow } from '../../shared/indicatorViews';

const CPTS = 'CPTS Ondaine et Haut-Forez';
const openContract = (page: Page, url: string, name = CPTS): Promise<number> => openContractNamed(page, url, name);
// Year 3 of this contract runs from 13/12/2025 to 12/12/2026: the current year of the demo.
const YEAR = 3;
const VALUE_INDICATOR = 'Thèmes d’intervention réalisés (sur 5)';
const REVISED_INDICATOR = 'Médecins participant au SAS';
const EVIDENCE_NAME = 'programme-interventions-2026.pdf';
const LIVRABLE = 'Attestations des établissements';
const DROPPED_NAME = 'attestations-etablissements.txt';
const EVIDENCE = Buffer.from('%PDF-1.4\n% Programme des interventions en milieu scolaire 2026 (pièce de test)\n%%EOF\n', 'utf8');

const indicators = (annex: AnnexView): IndicatorRow[] => annex.missions.flatMap((m) => m.actions.flatMap((a) => a.indicators));
const indicatorNamed = (annex: AnnexView, label: string): IndicatorRow => {
  const row = indicators(annex).find((i) => i.label === label);
  if (!row) throw new Error(`Indicateur introuvable : ${label}`);
  return row;
};

/** The row of an indicator in the annex (its header cell is the label). */
function indicatorLine(page: Page, label: string): Locator {
  return page.locator('table.indicators-table > tbody > tr').filter({ has: page.getByRole('rowheader', { name: label }) });
}

async function openIndicator(page: Page, label: string): Promise<Locator> {
  await page.getByRole('button', { name: `Détails de l’indicateur : ${label}` }).click();
  return page.getByRole('form', { name: `Saisir une valeur : ${label}` });
}

async function confirmClose(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Clore le dialogue…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('ne se modifie plus');
  await dialog.getByRole('button', { name: 'Clore définitivement' }).click();
}

/** Fills every indicator line of an annual review (validated value and status) and the participants, through the API. */
async function validateEverything(page: Page, reviewId: number): Promise<void> {
  const review = await api(page, 'reviews.get', { reviewId });
  await api(page, 'reviews.update', {
    reviewId,
    participants: [
      { name: 'Claire Martin', organisation: 'CPTS', role: 'Présidente' },
      { name: 'Sophie Bernard', organisation: 'CPAM', role: 'Référente CPTS' },
      { name: 'Marc Durand', organisation: 'ARS', role: 'Délégation départementale' },
    ],
    indicators: review.indicators.map((i) => {
      const v = i.measured ?? (i.unit === 'yesno' ? 100 : (i.target ?? 0));
      return { indicatorId: i.indicatorId, presented: v / 100, validated: v / 100, status: 'partiel' as const, comment: 'Valeur arrêtée en séance.' };
    }),
  });
}

test('a value with its evidence, an intermediate review and an annual review with a target revision survive a restart', async ({ page }) => {
  test.slow(); // two starts of the app and many screens
  let app: RunningApp = await startApp();
  const dataDir = app.dataDir;
  let contractId = 0;
  let annualId = 0;
  let intermediateId = 0;
  try {
    contractId = await openContract(page, app.url);

    await test.step('(a) a measured value and its evidence file, recorded on the Indicateurs tab', async () => {
      await openTab(page, 'Indicateurs');
      await expect(page.getByRole('button', { name: `Année ${YEAR}`, pressed: true })).toBeVisible();
      await expect(indicatorLine(page, VALUE_INDICATOR)).toContainText('à saisir');
      const form = await openIndicator(page, VALUE_INDICATOR);
      await form.getByLabel('Valeur mesurée').fill('4');
      await form.getByLabel('Commentaire').fill('Bilan des interventions au 23/11');
      await form.getByRole('button', { name: 'Enregistrer la valeur' }).click();
      await expect(form.getByRole('status')).toHaveText('Valeur 4 enregistrée.');
      await expect(indicatorLine(page, VALUE_INDICATOR)).toContainText('au 23/11/2026');
      await expect(page.getByRole('list', { name: `Valeurs mesurées : ${VALUE_INDICATOR}` })).toContainText('Bilan des interventions au 23/11');

      await page.getByLabel(`Ajouter une pièce : ${VALUE_INDICATOR}`).setInputFiles({ name: EVIDENCE_NAME, mimeType: 'application/pdf', buffer: EVIDENCE });
      await expect(page.getByText(`Pièce « ${EVIDENCE_NAME} » ajoutée.`)).toBeVisible();
      const evidence = page.getByRole('list', { name: `Pièces : ${VALUE_INDICATOR}` });
      await expect(evidence.getByRole('button', { name: EVIDENCE_NAME })).toBeVisible();
      // The stored file opens (downloads) with the very bytes sent.
      const download = page.waitForEvent('download');
      await evidence.getByRole('button', { name: EVIDENCE_NAME }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(EVIDENCE_NAME);
      expect(readFileSync(await file.path())).toEqual(EVIDENCE);

      // A livrable ticked with its date, and a file dropped on its zone.
      await page.getByLabel(`Date de remise : ${LIVRABLE}`).fill('2026-11-20');
      await page.getByLabel(`Livrable remis : ${LIVRABLE}`).check();
      await expect(page.getByLabel(`Livrable remis : ${LIVRABLE}`)).toBeChecked();
      await expect(page.getByLabel(`Remis le : ${LIVRABLE}`)).toHaveValue('2026-11-20');
      const dropped = await page.evaluateHandle((name) => {
        const dt = new DataTransfer();
        dt.items.add(new File(['Attestations des établissements scolaires, année 2025-2026'], name, { type: 'text/plain' }));
        return dt;
      }, DROPPED_NAME);
      await page.getByLabel(`Ajouter une pièce : ${LIVRABLE}`).locator('xpath=..').dispatchEvent('drop', { dataTransfer: dropped });
      await expect(page.getByRole('list', { name: `Pièces : ${LIVRABLE}` }).getByRole('button', { name: DROPPED_NAME })).toBeVisible();

      const annex = await api(page, 'annex.get', { contractId, year: YEAR });
      const livrable = annex.missions.flatMap((m) => m.actions.flatMap((a) => a.livrables)).find((l) => l.label === LIVRABLE);
      expect(livrable).toMatchObject({ doneOn: '2026-11-20', evidence: [expect.objectContaining({ fileName: DROPPED_NAME })] });
      const row = indicatorNamed(annex, VALUE_INDICATOR);
      expect(row.value).toMatchObject({ value: 400, measuredOn: '2026-11-23', comment: 'Bilan des interventions au 23/11' });
      expect(row.evidence.map((e) => e.fileName)).toEqual([EVIDENCE_NAME]);
      expect(row.evidence[0].size).toBe(EVIDENCE.length);
    });

    await test.step('(b) the intermediate review of the year: filled, saved and closed', async () => {
      await openTab(page, 'Dialogues de gestion');
      await page.getByRole('link', { name: `Ouvrir : Dialogue intermédiaire — année ${YEAR}` }).click();
      await page.waitForURL(/dialogues\/\d+$/);
      await expect(page.getByRole('heading', { name: `Dialogue intermédiaire — année ${YEAR}` })).toBeVisible();
      intermediateId = Number(/dialogues\/(\d+)/.exec(page.url())?.[1]);
      await page.getByLabel('Synthèse des échanges').fill('Actions engagées ; le programme scolaire a pris du retard au printemps.');
      await page.getByRole('button', { name: 'Ajouter un participant' }).click();
      const n = await page.getByRole('table', { name: 'Participants' }).locator('tbody tr').count();
      await page.getByLabel(`Nom du participant ${n}`).fill('Marc Durand');
      await page.getByLabel(`Organisation du participant ${n}`).selectOption('ARS');
      await page.getByLabel(`Fonction du participant ${n}`).fill('Délégation départementale');
      await page.getByRole('button', { name: 'Ajouter une décision' }).click();
      await expect(page.getByLabel('Type de décision')).toHaveValue('other');
      await page.getByLabel('Texte de la décision').fill('Point d’étape sur le programme scolaire en septembre.');
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await expect(page.getByText('Dialogue enregistré.')).toBeVisible();
      const saved = await api(page, 'reviews.get', { reviewId: intermediateId });
      expect(saved.status).toBe('draft');
      expect(saved.participants.map((p) => p.organisation)).toContain('ARS');
      expect(saved.decisions).toEqual([expect.objectContaining({ kind: 'other', text: 'Point d’étape sur le programme scolaire en septembre.' })]);

      await confirmClose(page);
      await expect(page.getByText(/^Clos le \d\d\/\d\d\/\d{4}$/)).toBeVisible();
      await expect(page.getByRole('button', { name: 'Enregistrer', exact: true })).toHaveCount(0);
    });

    await test.step('(c) the annual review: prepared, every indicator validated, a target revised and closed', async () => {
      await page.getByRole('link', { name: '← Tous les dialogues' }).click();
      const next = page.getByRole('region', { name: `Dialogue annuel — année ${YEAR}` });
      await expect(next).toContainText('Prochain dialogue');
      await expect(page.getByRole('list', { name: 'Éléments manquants pour préparer le dialogue' })).toBeVisible();
      await next.getByRole('button', { name: 'Préparer ce dialogue' }).click();
      await page.getByLabel('Lieu').fill('Locaux de la CPAM de la Loire, Saint-Étienne');
      await page.getByRole('button', { name: 'Créer le dialogue' }).click();
      await page.waitForURL(/dialogues\/\d+$/);
      await expect(page.getByRole('heading', { name: `Dialogue annuel — année ${YEAR}` })).toContainText('Brouillon');
      annualId = Number(/dialogues\/(\d+)/.exec(page.url())?.[1]);
      expect(annualId).toBeGreaterThan(0);

      // Nineteen lines to validate: filled through the API, then the page is reloaded.
      await validateEverything(page, annualId);
      await page.reload();
      await expect(page.getByLabel(`Valeur validée : ${VALUE_INDICATOR}`)).toHaveValue('4');

      const before = indicatorNamed(await api(page, 'annex.get', { contractId, year: YEAR }), REVISED_INDICATOR);
      expect(before.target).toBe(3000);
      await page.getByRole('button', { name: 'Ajouter une décision' }).click();
      await page.getByLabel('Type de décision').selectOption('target_revision');
      await page.getByLabel('Indicateur', { exact: true }).selectOption({ label: REVISED_INDICATOR });
      await expect(page.getByText('Cible actuelle : 30')).toBeVisible();
      await page.getByLabel('Nouvelle cible').fill('35');
      await page.getByLabel('Texte de la décision').fill('Cible des médecins participant au SAS portée à 35 pour l’année 4.');
      await confirmClose(page);
      await expect(page.getByText(/^Clos le \d\d\/\d\d\/\d{4}$/)).toBeVisible();
      await expect(page.getByRole('list', { name: 'Décisions' })).toContainText(`${REVISED_INDICATOR} : nouvelle cible 35 (année 4)`);
    });
  } finally {
    await app.stop();
  }

  app = await startApp(dataDir);
  try {
    await test.step('after a restart: the value, the evidence, the closed reviews and the revised target are there', async () => {
      await openContract(page, app.url);
      await openTab(page, 'Indicateurs');
      await expect(indicatorLine(page, VALUE_INDICATOR)).toContainText('au 23/11/2026');
      await openIndicator(page, VALUE_INDICATOR);
      await expect(page.getByRole('list', { name: `Pièces : ${VALUE_INDICATOR}` }).getByRole('button', { name: EVIDENCE_NAME })).toBeVisible();
      await expect(page.getByLabel(`Livrable remis : ${LIVRABLE}`)).toBeChecked();
      await expect(page.getByRole('list', { name: `Pièces : ${LIVRABLE}` }).getByRole('button', { name: DROPPED_NAME })).toBeVisible();
      // Validated by the closed annual review.
      await expect(indicatorLine(page, VALUE_INDICATOR).locator('td').nth(4)).toHaveText('4');

      await page.getByRole('button', { name: 'Année 4' }).click();
      const revised = indicatorLine(page, REVISED_INDICATOR);
      await expect(revised).toContainText('révisée le 23/11/2026 : 30 → 35');
      await openIndicator(page, REVISED_INDICATOR);
      await expect(page.getByRole('list', { name: `Historique de la cible : ${REVISED_INDICATOR}` })).toContainText('Cible des médecins participant au SAS portée à 35');
      await expect(page.getByRole('img', { name: `Valeur et cible par année : ${REVISED_INDICATOR}` })).toBeVisible();

      await openTab(page, 'Dialogues de gestion');
      const slots = page.getByRole('table', { name: 'Dialogues de gestion du contrat' });
      for (const kind of ['Dialogue intermédiaire', 'Dialogue annuel']) {
        await expect(slots.getByRole('row').filter({ hasText: `Année ${YEAR}` }).filter({ hasText: kind })).toContainText('Clos');
      }

      const annex4 = await api(page, 'annex.get', { contractId, year: YEAR + 1 });
      const row = indicatorNamed(annex4, REVISED_INDICATOR);
      expect(row.target).toBe(3500);
      expect(row.targetHistory).toEqual([expect.objectContaining({ oldTarget: 3000, newTarget: 3500, reviewId: annualId })]);
      const annex3 = await api(page, 'annex.get', { contractId, year: YEAR });
      expect(indicatorNamed(annex3, VALUE_INDICATOR).value?.value).toBe(400);
      expect(indicatorNamed(annex3, VALUE_INDICATOR).evidence.map((e) => e.fileName)).toEqual([EVIDENCE_NAME]);
      for (const reviewId of [intermediateId, annualId]) expect((await api(page, 'reviews.get', { reviewId })).status).toBe('closed');
    });
  } finally {
    await app.stop();
  }
});

test('a closed review has no editable field; a later correction is a dated addendum', async ({ page }) => {
  const app = await startApp();
  try {
    const contractId = await openContract(page, app.url);
    await openTab(page, 'Dialogues de gestion');
    await page.getByRole('link', { name: 'Ouvrir : Dialogue annuel — année 2' }).click();
    await page.waitForURL(/dialogues\/\d+$/);
    await expect(page.getByRole('heading', { name: 'Dialogue annuel — année 2' })).toContainText(/Clos le \d\d\/\d\d\/\d{4}/);
    const reviewId = Number(/dialogues\/(\d+)/.exec(page.url())?.[1]);

    // Every field of the page belongs to the addendum form (date, text, and for the annual review
    // an optional money adjustment and its mission).
    const addendum = page.getByRole('form', { name: 'Ajouter un addendum' });
    const fields = 'input, select, textarea';
    await expect(addendum.locator(fields)).toHaveCount(4);
    await expect(page.locator('.review-page').locator(fields)).toHaveCount(4);
    await expect(page.getByRole('button', { name: 'Enregistrer', exact: true })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Clore le dialogue…' })).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'Indicateurs du dialogue' })).toBeVisible();

    // The API refuses to edit it, too.
    const refused = await apiRaw(page, 'reviews.update', { reviewId, summary: 'Réécriture' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toBe('Dialogue clos : il ne se modifie plus. Ajoutez un addendum daté.');

    // An addendum dated before the review is refused with a French message.
    await addendum.getByLabel('Date de l’addendum').fill('2025-01-15');
    await addendum.getByLabel('Texte de l’addendum').fill('Correction antidatée.');
    await addendum.getByRole('button', { name: 'Ajouter l’addendum' }).click();
    await expect(addendum.getByText('Date de l\'addendum : antérieure au dialogue (22/11/2025).')).toBeVisible();
    expect((await api(page, 'reviews.get', { reviewId })).addenda).toHaveLength(0);

    await addendum.getByLabel('Date de l’addendum').fill('2026-11-23');
    await addendum.getByLabel('Texte de l’addendum').fill('Correction : la valeur du dépistage colorectal validée est 33,1 % (requête CPAM rectifiée).');
    await addendum.getByRole('button', { name: 'Ajouter l’addendum' }).click();
    const list = page.getByRole('list', { name: 'Addenda' });
    await expect(list).toContainText('Addendum du 23/11/2026');
    await expect(list).toContainText('requête CPAM rectifiée');
    await expect(addendum.getByLabel('Texte de l’addendum')).toHaveValue('');
    const after = await api(page, 'reviews.get', { reviewId });
    expect(after.addenda).toEqual([expect.objectContaining({ addedOn: '2026-11-23', text: 'Correction : la valeur du dépistage colorectal validée est 33,1 % (requête CPAM rectifiée).' })]);
    expect(after.status).toBe('closed');
    expect(after.contractId).toBe(contractId);
  } finally {
    await app.stop();
  }
});

test('bad input is refused with a French message and nothing is written', async ({ page }) => {
  const app = await startApp();
  try {
    const contractId = await openContract(page, app.url);
    const valuesOf = async () => indicatorNamed(await api(page, 'annex.get', { contractId, year: YEAR }), VALUE_INDICATOR).values.length;

    await test.step('a value of the wrong unit on a count indicator', async () => {
      await openTab(page, 'Indicateurs');
      const form = await openIndicator(page, VALUE_INDICATOR);
      const value = form.getByLabel('Valeur mesurée');
      const cases: [string, string][] = [
        ['abc', 'Valeur mesurée : nombre (2 décimales au plus) ou oui/non attendu.'],
        ['oui', 'Valeur mesurée : nombre attendu pour cet indicateur (nombre), pas oui/non.'],
        ['2,5', 'Valeur mesurée : nombre entier attendu pour cet indicateur.'],
      ];
      for (const [typed, message] of cases) {
        await value.fill(typed);
        await form.getByRole('button', { name: 'Enregistrer la valeur' }).click();
        await expect(form.getByText(message)).toBeVisible();
        await expect(value).toHaveAttribute('aria-invalid', 'true');
      }
      expect(await valuesOf()).toBe(0);
      await expect(indicatorLine(page, VALUE_INDICATOR)).toContainText('à saisir');
    });

    // The annual review of the year, with its participants but no validated value.
    const review = await api(page, 'reviews.create', { contractId, year: YEAR, kind: 'annual', heldOn: '2026-11-30', place: 'CPAM de la Loire', agenda: '' });
    await api(page, 'reviews.update', { reviewId: review.id, participants: [{ name: 'Claire Martin', organisation: 'CPTS', role: 'Présidente' }] });

    await test.step('a negative target in a target revision', async () => {
      await openTab(page, 'Dialogues de gestion');
      await page.getByRole('link', { name: `Ouvrir : Dialogue annuel — année ${YEAR}` }).click();
      await page.waitForURL(/dialogues\/\d+$/);
      await expect(page.getByRole('heading', { name: `Dialogue annuel — année ${YEAR}` })).toContainText('Brouillon');
      await page.getByRole('button', { name: 'Ajouter une décision' }).click();
      await page.getByLabel('Type de décision').selectOption('target_revision');
      await page.getByLabel('Indicateur', { exact: true }).selectOption({ label: REVISED_INDICATOR });
      await page.getByLabel('Nouvelle cible').fill('-5');
      await page.getByLabel('Texte de la décision').fill('Cible abaissée.');
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'Nouvelle cible : ne peut pas être négative.' }).first()).toBeVisible();
      await expect(page.getByLabel('Nouvelle cible')).toHaveAttribute('aria-invalid', 'true');
      const stored = await api(page, 'reviews.get', { reviewId: review.id });
      expect(stored.decisions).toHaveLength(0);
      expect(stored.status).toBe('draft');
      await page.getByRole('button', { name: 'Retirer la décision 1' }).click();
    });

    await test.step('a refused save puts the focus on the field it names, with its French message', async () => {
      const save = page.getByRole('button', { name: 'Enregistrer', exact: true });
      // Refused by the form (the API's schema) before anything is sent: a value out of bounds.
      const validated = page.getByLabel(`Valeur validée : ${VALUE_INDICATOR}`);
      await validated.fill('2000000000');
      await save.click();
      await expect(validated).toBeFocused();
      await expect(validated).toHaveAttribute('aria-invalid', 'true');
      await expect(validated).toHaveAccessibleDescription('Valeur validée : valeur invraisemblable (1 000 000 000 au plus).');
      await validated.fill('');
      // Refused by the API: a held date before the contract year (13/12/2025 – 12/12/2026).
      const heldOn = page.getByLabel('Date du dialogue');
      await heldOn.fill('2025-06-01');
      await save.click();
      const outside = 'Date du dialogue : en dehors de l\'année 3 du contrat (13/12/2025 – 12/12/2026, six mois de plus tolérés).';
      await expect(heldOn).toBeFocused();
      await expect(heldOn).toHaveAttribute('aria-invalid', 'true');
      await expect(heldOn).toHaveAccessibleDescription(outside);
      await expect(page.getByRole('alert').filter({ hasText: `Le dialogue n’a pas été enregistré : ${outside}` })).toBeVisible();
      const stored = await api(page, 'reviews.get', { reviewId: review.id });
      expect(stored.heldOn).toBe('2026-11-30');
      expect(stored.indicators.every((i) => i.validated === null)).toBe(true);
      await heldOn.fill('2026-11-30');
    });

    await test.step('closing an annual review whose indicators are not validated', async () => {
      await expect(page.getByText('Modifications non enregistrées')).toHaveCount(0);
      await confirmClose(page);
      await expect(page.getByRole('alert').filter({ hasText: /Le dialogue n’a pas été clos : Impossible de clore le dialogue annuel : \d+ indicateur\(s\) sans valeur validée ni statut/ })).toBeVisible();
      await expect(page.getByRole('heading', { name: `Dialogue annuel — année ${YEAR}` })).toContainText('Brouillon');
      // Keyboard and screen-reader users are told: the refusal takes the focus (here the message
      // under the indicator lines it names).
      const focused = page.locator(':focus');
      await expect(focused).toHaveAttribute('role', 'alert');
      await expect(focused).toContainText('Impossible de clore le dialogue annuel');
      const stored = await api(page, 'reviews.get', { reviewId: review.id });
      expect(stored.status).toBe('draft');
      expect(stored.closedAt).toBeNull();
      expect(stored.indicators.every((i) => i.validated === null)).toBe(true);
      const annex = await api(page, 'annex.get', { contractId, year: YEAR });
      expect(annex.yearsWithAnnex).not.toContain(YEAR + 1);
    });
  } finally {
    await app.stop();
  }
});
