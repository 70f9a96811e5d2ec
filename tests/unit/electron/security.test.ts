import { describe, expect, it, vi } from 'vitest';
import { isAppUrl, resolveAppFile, isSafeExternalUrl, WEB_PREFERENCES, ELECTRON_CSP } from '../../../electron/security';
import { checkApiRequest } from '../../../electron/web/server';

vi.mock('electron', () => ({}));

describe('Electron security rules', () => {
  it('recognises only the app origin', () => {
    expect(isAppUrl('app://aci/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('https://aci/index.html')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });

  it('serves files only from inside the renderer folder', () => {
    expect(resolveAppFile('app://aci/', '/srv/r')).toBe('/srv/r/index.html');
    expect(resolveAppFile('app://aci/assets/x.js', '/srv/r')).toBe('/srv/r/assets/x.js');
    expect(resolveAppFile('app://aci/..%2F..%2Fetc%2Fpasswd', '/srv/r')).toBeNull();
    expect(resolveAppFile('app://aci/%E0%A4%A', '/srv/r')).toBeNull();
    expect(resolveAppFile('app://evil/index.html', '/srv/r')).toBeNull();
  });

  it('opens only http(s) links outside', () => {
    expect(isSafeExternalUrl('https://www.ameli.fr/')).toBe(true);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('file:///C:/x')).toBe(false);
    expect(isSafeExternalUrl('smb://host/share')).toBe(false);
  });

  it('locks the renderer down', () => {
    expect(WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
    expect(ELECTRON_CSP).toContain("script-src 'self'");
    expect(ELECTRON_CSP).not.toContain('unsafe-eval');
  });
});

describe('browser-mode API guard', () => {
  const expected = { token: 'secret-token', port: 5180 };
  const h = (extra: Record<string, string>) => ({ host: '127.0.0.1:5180', 'x-aci-token': 'secret-token', ...extra });
  it('accepts the served page', () => {
    expect(checkApiRequest(h({ origin: 'http://127.0.0.1:5180', 'sec-fetch-site': 'same-origin' }), expected)).toEqual({ ok: true });
  });
  it('refuses a missing or wrong token', () => {
    expect(checkApiRequest({ host: '127.0.0.1:5180' }, expected)).toMatchObject({ ok: false, status: 401 });
    expect(checkApiRequest(h({ 'x-aci-token': 'secret-tokem' }), expected)).toMatchObject({ ok: false, status: 401 });
  });
  it('refuses foreign origins, cross-site fetches and DNS-rebinding hosts', () => {
    expect(checkApiRequest(h({ origin: 'http://evil.example' }), expected)).toMatchObject({ ok: false, status: 403 });
    expect(checkApiRequest(h({ 'sec-fetch-site': 'cross-site' }), expected)).toMatchObject({ ok: false, status: 403 });
    expect(checkApiRequest(h({ host: 'evil.example:5180' }), expected)).toMatchObject({ ok: false, status: 403 });
  });
});
