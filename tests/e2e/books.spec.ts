// End-to-end test of the Comptabilité tab (issue 14): the mapping rules edited and saved (a
// duplicate refused), a small FEC previewed (totals per mission and category, the line no rule
// covers) then imported into the spending; a professional inscribed (RPPS checked) and time typed
// on screen with the 80 % warning and the explicit confirmation past the PASS; the register of the
// civil year downloaded in Excel and PDF and read back.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { FEC_COLUMNS } from '../../shared/domain/fec';
import { api, openContract, openTab } from './pages';
import { startApp } from './app';

const CPTS = 'CPTS Ondaine et Haut-Forez';

/** One FEC line, tab-separated, amounts with a decimal comma, dates AAAAMMJJ. */
function fecLine(journal: string, num: string, date: string, account: string, label: string, debit: string, credit: string): string {
  return [journal, journal === 'AC' ? 'Achats' : 'Banque', num, date, account, `Compte ${account}`, '', '', `P${num}`, date, label, debit, credit, '', '', date, '', ''].join('\t');
}

// 6226 honoraires 1 250,50 € and 6064 fournitures 300,00 € then an avoir of 50,00 €; 6251 (no rule) 80,00 €.
const FEC = [
  FEC_COLUMNS.join('\t'),
  fecLine('AC', '1', '20250310', '6226', 'Honoraires animation', '1250,50', '0,00'),
  fecLine('AC', '1', '20250310', '401', 'Honoraires animation', '0,00', '1250,50'),
  fecLine('AC', '2', '20250402', '6064', 'Fournitures', '300,00', '0,00'),
  fecLine('AC', '2', '20250402', '401', 'Fournitures', '0,00', '300,00'),
  fecLine('AC', '3', '20250415', '6064', 'Avoir fournitures', '0,00', '50,00'),
  fecLine('AC', '3', '20250415', '401', 'Avoir fournitures', '50,00', '0,00'),
  fecLine('AC', '4', '20250420', '6251', 'Déplacements', '80,00', '0,00'),
  fecLine('AC', '4', '20250420', '401', 'Déplacements', '0,00', '80,00'),
].join('\n');

const nbsp = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

test('Comptabilité: mapping rules, FEC preview and import, an indemnity typed past the PASS with its confirmation, the register downloaded', async ({ page }, testInfo) => {
  const app = await startApp();
  try {
    const contractId = await openContract(page, app.url, CPTS);
    const contract = await api(page, 'contract.get', { id: contractId });
    const mission = contract.missions[0];
    await openTab(page, 'Comptabilité');

    // Mapping rules: two rules added; the same account twice is refused; then saved.
    const rulesBefore = (await api(page, 'books.get', { contractId })).rules.length;
    const rules = page.getByRole('table', { name: 'Règles d’affectation des comptes' });
    await page.getByRole('button', { name: 'Ajouter une règle' }).click();
    await page.getByRole('button', { name: 'Ajouter une règle' }).click();
    const r1 = rulesBefore + 1;
    const r2 = rulesBefore + 2;
    await rules.getByLabel(`Règle ${r1} : préfixe de compte`).fill('6226');
    await rules.getByLabel(`Règle ${r1} : mission`).selectOption(mission.code);
    await rules.getByLabel(`Règle ${r1} : catégorie`).selectOption('prestations');
    await rules.getByLabel(`Règle ${r2} : préfixe de compte`).fill('6226');
    await rules.getByLabel(`Règle ${r2} : mission`).selectOption('');
    await rules.getByLabel(`Règle ${r2} : catégorie`).selectOption('fonctionnement_courant');
    await page.getByRole('button', { name: 'Enregistrer les règles' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'a déjà une règle' })).toBeVisible();
    expect((await api(page, 'books.get', { contractId })).rules).toHaveLength(rulesBefore);
    await rules.getByLabel(`Règle ${r2} : préfixe de compte`).fill('606');
    await page.getByRole('button', { name: 'Enregistrer les règles' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Règles enregistrées.' })).toBeVisible();
    const saved = (await api(page, 'books.get', { contractId })).rules;
    expect(saved.slice(rulesBefore)).toEqual([
      { account: '6226', journal: null, mission: mission.code, category: 'prestations' },
      { account: '606', journal: null, mission: null, category: 'fonctionnement_courant' },
    ]);

    // FEC: preview (nothing written), then import.
    const spendingBefore = (await api(page, 'spending.get', { contractId })).entries.length;
    await page.getByLabel('Fichier des écritures comptables (FEC)').setInputFiles({ name: 'FEC-2025.txt', mimeType: 'text/plain', buffer: Buffer.from(FEC, 'utf8') });
    const totals = page.getByRole('table', { name: 'Dépenses par mission et catégorie' });
    await expect(totals).toBeVisible();
    await expect(totals.getByRole('row').filter({ hasText: mission.label }).filter({ hasText: 'Prestations' })).toContainText('1 250,50');
    await expect(totals.getByRole('row').filter({ hasText: 'Fonctionnement' })).toContainText('250,00');
    await expect(page.getByRole('note').filter({ hasText: '1 ligne(s) non importée(s)' })).toContainText('6251');
    expect((await api(page, 'spending.get', { contractId })).entries).toHaveLength(spendingBefore);
    await page.getByRole('button', { name: 'Importer 3 ligne(s)' }).click();
    await expect(page.getByRole('status').filter({ hasText: '3 ligne(s) importée(s) dans les dépenses, 0 déjà présente(s).' })).toBeVisible();
    // Two entries; the avoir lowers the 6064 one by a dated correction.
    const imported = (await api(page, 'spending.get', { contractId })).entries.filter((e) => e.comment.startsWith('FEC FEC-2025.txt'));
    expect(imported.map((e) => [e.mission, e.category, e.amountCents, e.effectiveCents])).toEqual([
      [mission.code, 'prestations', 125_050, 125_050],
      [null, 'fonctionnement_courant', 30_000, 25_000],
    ]);

    // Indemnities: a professional (RPPS checked by the form), then time typed on screen.
    await page.getByRole('navigation', { name: 'Comptabilité' }).getByRole('link', { name: 'Indemnités' }).click();
    const pro = page.getByRole('form', { name: 'Nouveau professionnel' });
    await pro.getByLabel('Nom du professionnel').fill('Dr Élise Test');
    await pro.getByLabel('Profession', { exact: true }).fill('médecin généraliste');
    await pro.getByLabel('RPPS').fill('12345');
    await pro.getByRole('button', { name: 'Inscrire le professionnel' }).click();
    await expect(pro.locator('#pro-rpps-error')).toHaveText('RPPS : 11 chiffres attendus (ou laissez vide).');
    await pro.getByLabel('RPPS').fill('10001234567');
    await pro.getByRole('button', { name: 'Inscrire le professionnel' }).click();
    await expect(pro.getByRole('status')).toHaveText('Dr Élise Test (médecin généraliste) inscrit(e) au registre.');
    await expect(page.getByRole('table', { name: 'Professionnels inscrits' }).getByRole('row').filter({ hasText: 'Dr Élise Test' })).toContainText('10001234567');

    const entry = page.getByRole('form', { name: 'Nouvelle saisie de temps' });
    await entry.getByLabel('Professionnel').selectOption({ label: 'Dr Élise Test (médecin généraliste)' });
    await entry.getByLabel('Date').fill('2025-03-04');
    await entry.getByLabel('Mission ou fonctionnement').selectOption(mission.code);
    await entry.getByLabel('Heures').fill('2,25');
    await entry.getByLabel('Taux horaire (€)').fill('45,33');
    // 2,25 h × 45,33 € = 101,99 € (rounded half up), as the API computes it.
    await expect(entry.getByTestId('indemnity-projection')).toContainText('Montant de la saisie : 101,99');
    await entry.getByRole('button', { name: 'Enregistrer la saisie' }).click();
    await expect(entry.getByRole('status')).toHaveText(/^Indemnité de 101,99\s€ enregistrée pour Dr Élise Test le 04\/03\/2025\.$/);

    // 37 800 € more: past 80 % of the 2025 PASS (47 100 €) -> warning, saved.
    await entry.getByLabel('Date').fill('2025-04-10');
    await entry.getByLabel('Nature').selectOption('remuneration');
    await entry.getByLabel('Heures').fill('100');
    await entry.getByLabel('Montant (€)').fill('37 800,00');
    await expect(entry.getByRole('note', { name: 'Plafond annuel de la sécurité sociale' })).toContainText('soit 80 % du plafond annuel de la sécurité sociale');
    await expect(entry.getByLabel(/Je confirme cette saisie/)).toHaveCount(0);
    await entry.getByRole('button', { name: 'Enregistrer la saisie' }).click();
    await expect(entry.getByRole('status')).toContainText('Attention : Dr Élise Test, 2025');

    // 10 000 € more: past the PASS -> refused until confirmed, then flagged.
    await entry.getByLabel('Date').fill('2025-10-01');
    await entry.getByLabel('Heures').fill('20');
    await entry.getByLabel('Montant (€)').fill('10 000,00');
    await expect(entry.getByRole('note', { name: 'Plafond annuel de la sécurité sociale' })).toContainText('au-delà du plafond annuel de la sécurité sociale');
    await entry.getByRole('button', { name: 'Enregistrer la saisie' }).click();
    await expect(entry.getByRole('alert').filter({ hasText: 'Rien n’a été enregistré' })).toBeVisible();
    let v = await api(page, 'indemnities.get', { contractId, year: 2025 });
    expect(v.perProfessional.find((p) => p.name === 'Dr Élise Test')?.totalCents).toBe(10_199 + 3_780_000);
    await entry.getByLabel(/Je confirme cette saisie/).check();
    await entry.getByRole('button', { name: 'Enregistrer la saisie' }).click();
    await expect(entry.getByRole('status')).toContainText('Attention : Dr Élise Test, 2025 : 47 901,99');
    v = await api(page, 'indemnities.get', { contractId, year: 2025 });
    expect(v.perProfessional.find((p) => p.name === 'Dr Élise Test')).toMatchObject({ totalCents: 4_790_199, level: 'over', flaggedEntries: 1 });
    const summary = page.getByRole('table', { name: 'Indemnités par professionnel et année civile' });
    await expect(summary.getByRole('row').filter({ hasText: 'Dr Élise Test' })).toContainText('au-delà du plafond (1 saisie(s) confirmée(s))');

    // The register of 2025, downloaded in Excel and PDF.
    await page.getByLabel('Année civile du registre').selectOption('2025');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Registre 2025 (PDF)' }).click()]);
    expect(pdf.suggestedFilename()).toBe('CPTS-Ondaine-et-Haut-Forez-registre-indemnites-2025-2026-11-23.pdf');
    const pdfPath = testInfo.outputPath(pdf.suggestedFilename());
    await pdf.saveAs(pdfPath);
    const text = nbsp(spawnSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' }).stdout);
    expect(text).toContain('Année civile 2025');
    expect(text).toMatch(/Dr Élise Test\s+3\s+122,25\s+47 901,99 €\s+47 100,00 €\s+101,7 %\s+au-delà/);
    expect(text).toMatch(/04\/03\/2025\s+.*2,25\s+Indemnité\s+45,33 €\s+101,99 €/);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Registre 2025 (Excel)' }).click()]);
    expect(xlsx.suggestedFilename()).toBe('CPTS-Ondaine-et-Haut-Forez-registre-indemnites-2025-2026-11-23.xlsx');
    const xlsxPath = testInfo.outputPath(xlsx.suggestedFilename());
    await xlsx.saveAs(xlsxPath);
    expect(readFileSync(xlsxPath).subarray(0, 2).toString()).toBe('PK');
    await expect(page.getByRole('status').filter({ hasText: 'Fichier téléchargé : CPTS-Ondaine-et-Haut-Forez-registre-indemnites-2025-2026-11-23.xlsx' })).toBeVisible();
  } finally {
    await app.stop();
  }
});
