import { spawnSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { freshDataDir, startApp } from './app';

async function fillContract(page: Page, v: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(v)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
}

test('a contract created through the UI is still there after a restart', async ({ page }) => {
  // An empty data folder: the first start creates the database with the demo portfolio.
  const dataDir = freshDataDir();
  let app = await startApp(dataDir);
  try {
    await page.goto(app.url);
    await expect(page.getByRole('heading', { name: 'Portefeuille de contrats' })).toBeVisible();
    // First start: the demo is offered as such, with the way to an empty database (issue 12).
    await expect(page.getByRole('note')).toContainText('Premier démarrage');
    await expect(page.getByRole('note')).toContainText('Supprimer les contrats de démonstration');
    await page.getByRole('link', { name: 'Nouveau contrat' }).first().click();
    await fillContract(page, {
      'Nom de la CPTS': 'CPTS du Val d’Essai',
      "Raison sociale de l'association": 'Association CPTS du Val d’Essai',
      Département: '38',
      'Communes couvertes': 'Grenoble, Échirolles',
      'Population couverte': '96 500',
      'Date du chiffre de population': '2024-01-01',
      CPAM: "CPAM de l'Isère",
      ARS: 'ARS Auvergne-Rhône-Alpes',
      'Date de signature': '2024-05-02',
    });
    await expect(page.getByText('Taille 3')).toBeVisible();
    await expect(page.locator('#endsOn')).toHaveText('01/05/2029');
    await page.getByLabel('Démarrage — Accès aux soins').fill('2024-06-01');
    await page.getByRole('button', { name: 'Enregistrer le contrat' }).click();
    await expect(page.getByRole('heading', { name: 'CPTS du Val d’Essai' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Missions' })).toContainText('Accès aux soins');
  } finally {
    await app.stop();
  }

  app = await startApp(dataDir);
  try {
    await page.goto(app.url);
    // One contract of one's own: the first-start note is gone.
    await expect(page.getByRole('table', { name: 'Contrats' })).toBeVisible();
    await expect(page.getByRole('note')).toHaveCount(0);
    await page.getByLabel('Rechercher').fill('val d essai');
    const row = page.getByRole('row', { name: /CPTS du Val d’Essai/ });
    await expect(row).toBeVisible();
    await expect(row).toContainText('Taille 3');
    await expect(row).toContainText('02/05/2024');
    await row.getByRole('link').click();
    await expect(page.getByText('96 500 hab.')).toBeVisible();
  } finally {
    await app.stop();
  }
});

test('bad input gets a French message next to the field and nothing is stored', async ({ page, request }) => {
  const app = await startApp();
  try {
    await page.goto(app.url);
    const rows = page.getByRole('table', { name: 'Contrats' }).locator('tbody tr');
    await expect(rows.first()).toContainText('CPTS');
    const rowsBefore = await rows.count();
    expect(rowsBefore).toBe(4);
    await page.getByRole('link', { name: 'Nouveau contrat' }).first().click();
    await fillContract(page, {
      "Raison sociale de l'association": 'Association test',
      Département: '74',
      'Communes couvertes': 'Annecy',
      'Population couverte': '-12,5',
      'Date du chiffre de population': '2024-01-01',
      CPAM: 'CPAM de la Haute-Savoie',
      ARS: 'ARS Auvergne-Rhône-Alpes',
      'Date de signature': '2019-08-24',
      "Date d'effet": '2024-05-02',
    });
    await page.getByRole('button', { name: 'Enregistrer le contrat' }).click();
    await expect(page.locator('#name-error')).toHaveText('Nom de la CPTS : champ obligatoire.');
    // Focus goes to the first invalid field, described by its message.
    await expect(page.getByLabel('Nom de la CPTS', { exact: true })).toBeFocused();
    await expect(page.getByLabel('Nom de la CPTS', { exact: true })).toHaveAccessibleDescription('Nom de la CPTS : champ obligatoire.');
    await expect(page.locator('#population-error')).toContainText('nombre entier attendu');
    await expect(page.locator('#signedOn-error')).toHaveText('Date de signature : pas avant le 25/08/2019 (entrée en vigueur de l’ACI).');
    await expect(page.getByText('Le contrat n’a pas été enregistré')).toBeVisible();

    // The API refuses the same input on its own (the form is not the only guard).
    const html = await (await request.get(app.url)).text();
    const token = /name="aci-token" content="([^"]+)"/.exec(html)![1];
    const res = await request.post(`${app.url}api/contract.create`, {
      headers: { 'X-ACI-Token': token, 'Content-Type': 'application/json' },
      data: { name: 'X', legalName: 'Y', departement: '74', communes: 'A', population: -3, populationAsOf: '2024-02-30', cpam: 'C', ars: 'A', signedOn: '2024-01-01', startsOn: '2024-01-01', endsOn: '2029-01-01', missions: [] },
    });
    const body = (await res.json()) as { ok: boolean; error: { fields: Record<string, string> } };
    expect(body.ok).toBe(false);
    expect(body.error.fields.population).toBe('Population couverte : ne peut pas être négatif.');
    expect(body.error.fields.populationAsOf).toContain('date impossible');

    await page.getByRole('link', { name: 'Portefeuille' }).click();
    await expect(rows.first()).toContainText('CPTS');
    await expect(rows).toHaveCount(rowsBefore);
  } finally {
    await app.stop();
  }
});

test('the portfolio search ignores accents and shows size bands and late deadlines', async ({ page }) => {
  const app = await startApp();
  try {
    await page.goto(app.url);
    await page.getByLabel('Rechercher').fill('evian');
    const rows = page.getByRole('table', { name: 'Contrats' }).locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('CPTS Rives du Léman');
    await expect(rows.first()).toContainText('Taille 2');
    await page.getByLabel('Rechercher').fill('');
    await expect(rows).toHaveCount(4);
    await expect(page.getByRole('row', { name: /Grand Dijon/ })).toContainText('En retard');
  } finally {
    await app.stop();
  }
});

test('the HTTP API refuses requests without the token or from a foreign origin', async ({ request }) => {
  const app = await startApp();
  try {
    const html = await (await request.get(app.url)).text();
    const token = /name="aci-token" content="([^"]+)"/.exec(html)![1];
    const url = `${app.url}api/portfolio.list`;
    const ok = await request.post(url, { headers: { 'X-ACI-Token': token, 'Content-Type': 'application/json' }, data: {} });
    expect(((await ok.json()) as { ok: boolean }).ok).toBe(true);

    const noToken = await request.post(url, { headers: { 'Content-Type': 'application/json' }, data: {} });
    expect(noToken.status()).toBe(401);
    const wrongToken = await request.post(url, { headers: { 'X-ACI-Token': 'x'.repeat(43), 'Content-Type': 'application/json' }, data: {} });
    expect(wrongToken.status()).toBe(401);
    const foreign = await request.post(url, {
      headers: { 'X-ACI-Token': token, 'Content-Type': 'application/json', Origin: 'http://evil.example' },
      data: {},
    });
    expect(foreign.status()).toBe(403);
    expect(((await foreign.json()) as { ok: boolean }).ok).toBe(false);
  } finally {
    await app.stop();
  }
});

test('a generated portfolio of 300 contracts: first rows quickly, pages and search answered by the server', async ({ page }) => {
  const dataDir = freshDataDir();
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate-portfolio.ts', '--contracts', '300', '--data', dataDir], {
    encoding: 'utf8',
    env: { ...process.env, ACI_TODAY: '2026-11-23' },
  });
  expect(built.status, built.stderr).toBe(0);
  const app = await startApp(dataDir);
  try {
    const rows = page.getByRole('table', { name: 'Contrats' }).locator('tbody tr');
    const started = Date.now();
    await page.goto(app.url);
    await expect(rows).toHaveCount(100);
    const firstRowsMs = Date.now() - started;
    test.info().annotations.push({ type: 'premières lignes (ms)', description: String(firstRowsMs) });
    console.log(`300 contrats : premières lignes en ${firstRowsMs} ms`);
    // Issue 11 asks for under a second; the bound leaves room for a loaded test machine.
    expect(firstRowsMs).toBeLessThan(5_000);
    await expect(page.locator('.card.stat').filter({ hasText: 'Contrats' }).locator('.stat-value')).toHaveText('300');
    const pages = page.getByRole('navigation', { name: 'Pages des contrats' });
    await expect(pages).toContainText('Page 1 / 3');
    const first = await rows.first().textContent();
    await pages.getByRole('button', { name: 'Page suivante' }).click();
    await expect(pages).toContainText('Page 2 / 3');
    await expect(pages).toContainText('contrats 101 à 200 sur 300');
    await expect(rows).toHaveCount(100);
    expect(await rows.first().textContent()).not.toBe(first);
    // The search runs on the server and starts again on page 1: a quarter of the copies are on Lake Geneva.
    await page.getByLabel('Rechercher').fill('leman');
    await expect(rows).toHaveCount(75);
    await expect(pages).toHaveCount(0);
    await expect(page.locator('.card.stat').filter({ hasText: 'Contrats' }).locator('.stat-value')).toHaveText('75');
    // Back to the whole portfolio: page 1 again, not the page left before the search.
    await page.getByLabel('Rechercher').fill('');
    await expect(pages).toContainText('Page 1 / 3');
    expect(await rows.first().textContent()).toBe(first);
  } finally {
    await app.stop();
  }
});
