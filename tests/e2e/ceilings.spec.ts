// End-to-end test of the published ceilings on the Enveloppes tab: each year shows the contract's
// own yearly maximum beside the published ceilings of the rule tables, and a warning badge once an
// envelope entered for one year exceeds them. Expected figures come from the API's envelopes view
// through the same pure function, never from hard-coded guesses.
import { expect, test } from '@playwright/test';
import { api, openContract, openTab } from './pages';
import { startApp } from './app';
import { crisisYearKinds, yearAmountsFromCells, yearCeilings } from '../../shared/domain/ceilings';
import { isTextVersionId } from '../../shared/domain/rules';
import { formatEuros, formatEurosNumber } from '../../shared/money';
import type { EnvelopeView } from '../../shared/views';
import type { ContractDetail } from '../../shared/api';

const CPTS = 'CPTS Ondaine et Haut-Forez';

function expected(view: EnvelopeView, contract: ContractDetail) {
  const kinds = crisisYearKinds(
    view.years.map((y) => ({ year: y.year, to: y.to, providesCrisis: y.cells.some((c) => c.mission === 'crise_sanitaire') })),
    contract.missions.find((m) => m.code === 'crise_sanitaire')?.startedOn ?? null,
    contract.signedOn,
  );
  return view.years.map((y) => {
    const band = y.sizeBand;
    if (!isTextVersionId(y.textVersion) || (band !== 1 && band !== 2 && band !== 3 && band !== 4)) throw new Error(`année ${y.year} illisible`);
    return yearCeilings(yearAmountsFromCells({ year: y.year, to: y.to, textVersion: y.textVersion, sizeBand: band, cells: y.cells }, kinds.get(y.year) ?? 'none'));
  });
}

test('the Enveloppes tab shows each year’s maximum beside the published ceilings, and warns when an envelope exceeds them', async ({ page }) => {
  const app = await startApp();
  try {
    const contractId = await openContract(page, app.url, CPTS);
    await openTab(page, 'Enveloppes');
    const contract = await api(page, 'contract.get', { id: contractId });
    const view = await api(page, 'envelopes.get', { contractId });
    const before = expected(view, contract);
    for (const [i, y] of view.years.entries()) {
      const group = page.getByRole('group', { name: `Plafonds publiés, année ${y.year}` });
      const e = before[i];
      if (e === undefined) throw new Error('année manquante');
      await expect(group).toContainText(`Maximum annuel du contrat : ${formatEuros(e.contractMaxCents)}`);
      for (const c of e.ceilings) await expect(group).toContainText(`Plafond publié : ${formatEuros(c.cents)}`);
    }

    // The last year (never closed in the demo): a fonctionnement far above any ceiling, for that year only.
    const last = view.years[view.years.length - 1];
    if (last === undefined) throw new Error('aucune année');
    const lastBefore = before[before.length - 1];
    const cap = lastBefore?.ceilings.find((c) => c.kind === 'cap');
    test.skip(cap === undefined, 'aucun plafond publié pour la taille de ce contrat');
    const section = page.getByRole('region', { name: new RegExp(`^Année ${last.year}`) });
    await section.getByRole('button', { name: `Modifier Fonctionnement, année ${last.year}` }).click();
    const fonctionnement = last.cells.find((c) => c.line === 'fonctionnement')?.cents ?? 0;
    const raised = fonctionnement + (cap?.cents ?? 0);
    await page.getByLabel('Montant annuel (€)').fill(formatEurosNumber(raised));
    await page.getByLabel('Motif').fill('Test du plafond publié');
    await page.getByRole('radio', { name: `Année ${last.year} seulement` }).check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(section.getByRole('status')).toContainText('montant enregistré');

    const after = expected(await api(page, 'envelopes.get', { contractId }), contract);
    const lastAfter = after[after.length - 1];
    expect(lastAfter?.warnings.length).toBeGreaterThan(0);
    const group = page.getByRole('group', { name: `Plafonds publiés, année ${last.year}` });
    await expect(group).toContainText(`Maximum annuel du contrat : ${formatEuros(lastAfter?.contractMaxCents ?? 0)}`);
    await expect(group.getByText(/Plafond dépassé de/u).first()).toBeVisible();
    await expect(section.getByText('Plafond publié dépassé')).toBeVisible();
    // The other years are unchanged.
    for (const y of view.years.slice(0, -1)) {
      await expect(page.getByRole('region', { name: new RegExp(`^Année ${y.year}`) }).getByText('Plafond publié dépassé')).toHaveCount(
        before[y.year - 1]?.ceilings.some((c) => c.kind === 'cap' && c.exceeded) ? 1 : 0,
      );
    }
  } finally {
    await app.stop();
  }
});
