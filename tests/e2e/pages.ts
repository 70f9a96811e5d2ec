// Helpers shared by the end-to-end tests: the app's API called from the page itself (same
// origin, with the page's token), and navigation to a contract and its tabs.
import { expect, type Page } from '@playwright/test';
import type { ApiInput, ApiMethod, ApiResponse, ApiResults } from '../../shared/api';

export async function apiRaw<M extends ApiMethod>(page: Page, method: M, input: ApiInput<M>): Promise<ApiResponse<ApiResults[M]>> {
  return page.evaluate(
    async ([m, i]) => {
      const token = document.querySelector<HTMLMetaElement>('meta[name="aci-token"]')?.content ?? '';
      const res = await fetch(`api/${encodeURIComponent(m)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-ACI-Token': token },
        body: JSON.stringify(i),
      });
      return res.json();
    },
    [method, input] as const,
  ) as Promise<ApiResponse<ApiResults[M]>>;
}

export async function api<M extends ApiMethod>(page: Page, method: M, input: ApiInput<M>): Promise<ApiResults[M]> {
  const res = await apiRaw(page, method, input);
  if (!res.ok) throw new Error(`${method} : ${res.error.message}`);
  return res.value;
}

/** Opens a contract from the portfolio's table and returns its id. */
export async function openContract(page: Page, url: string, name: string): Promise<number> {
  await page.goto(url);
  await page.getByRole('table', { name: 'Contrats' }).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const id = Number(/contrats\/(\d+)/.exec(page.url())?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

export type ContractTab = 'Missions' | 'Échéancier' | 'Versements' | 'Dépenses' | 'Enveloppes' | 'Indicateurs' | 'Dialogues de gestion' | 'Comptabilité';

export async function openTab(page: Page, tab: ContractTab): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections du contrat' }).getByRole('link', { name: tab }).click();
}
