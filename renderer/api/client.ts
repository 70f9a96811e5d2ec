// The renderer talks only to `window.api`. In Electron the preload provides it (IPC); in browser
// mode this module provides the same interface over HTTP, with the page's secret token.
import type { AciApi, ApiInput, ApiMethod, ApiResponse, ApiResults } from '../../shared/api';

declare global {
  interface Window {
    api?: AciApi;
  }
}

function httpApi(): AciApi {
  const token = document.querySelector<HTMLMetaElement>('meta[name="aci-token"]')?.content ?? '';
  return {
    async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResponse<ApiResults[M]>> {
      try {
        const res = await fetch(`api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-ACI-Token': token },
          body: JSON.stringify(input ?? {}),
        });
        return (await res.json()) as ApiResponse<ApiResults[M]>;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'Application injoignable : est-elle toujours lancée ?' } };
      }
    },
  };
}

export const api: AciApi = window.api ?? httpApi();

/** An API failure, carrying the French message and the per-field messages. */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResults[M]> {
  const res = await api.call(method, input);
  if (!res.ok) throw new ApiFailure(res.error.message, res.error.fields);
  return res.value;
}

/** The French text to show for a failed call (an API refusal or any other error). */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
