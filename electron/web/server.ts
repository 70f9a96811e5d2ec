// Browser mode: the same UI and API over HTTP, bound to 127.0.0.1 only.
// Every API request must carry the per-start secret token that only the served page knows,
// and may not come from a foreign Origin, so no other web page can drive the API.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ApiContext } from '../api/context';
import { callApi } from '../api/dispatch';
import { MAX_EVIDENCE_BYTES } from '../../shared/schemas/indicators';
import { MAX_BROWSER_ARCHIVE_BYTES } from '../../shared/backup';

export const TOKEN_HEADER = 'x-aci-token';

/** Base64 size of `bytes`, plus room for the rest of the JSON request. */
const base64Body = (bytes: number): number => Math.ceil(bytes / 3) * 4 + 64 * 1024;

/**
 * Largest request body per API method: the files sent as base64 (an evidence file up to the 20 Mo
 * the screen allows, a backup archive to inspect or restore) and 2 Mo for everything else. Above
 * it the answer is a French 413, never a 500.
 */
export const BODY_LIMITS: Readonly<Record<string, { bytes: number; message: string }>> = {
  'evidence.add': { bytes: base64Body(MAX_EVIDENCE_BYTES), message: 'Fichier trop volumineux : une pièce fait 20 Mo au plus.' },
  'spending.record': { bytes: base64Body(MAX_EVIDENCE_BYTES), message: 'Fichier joint trop volumineux : une pièce fait 20 Mo au plus.' },
  'spending.correct': { bytes: base64Body(MAX_EVIDENCE_BYTES), message: 'Fichier joint trop volumineux : une pièce fait 20 Mo au plus.' },
  'backup.inspect': {
    bytes: base64Body(MAX_BROWSER_ARCHIVE_BYTES),
    message: 'Archive trop volumineuse pour le mode navigateur (200 Mo au plus) : restaurez-la avec `npm run aci -- restore`.',
  },
  'backup.restore': {
    bytes: base64Body(MAX_BROWSER_ARCHIVE_BYTES),
    message: 'Archive trop volumineuse pour le mode navigateur (200 Mo au plus) : restaurez-la avec `npm run aci -- restore`.',
  },
  'exchange.preview': { bytes: base64Body(MAX_BROWSER_ARCHIVE_BYTES), message: 'Fichier d’échange trop volumineux pour le mode navigateur (200 Mo au plus) : importez-le avec `npm run aci -- exchange import`.' },
  'exchange.apply': { bytes: base64Body(MAX_BROWSER_ARCHIVE_BYTES), message: 'Fichier d’échange trop volumineux pour le mode navigateur (200 Mo au plus) : importez-le avec `npm run aci -- exchange import`.' },
};
const DEFAULT_LIMIT = { bytes: 2 * 1024 * 1024, message: 'Requête trop volumineuse (2 Mo au plus).' };

export function bodyLimit(method: string): { bytes: number; message: string } {
  return Object.hasOwn(BODY_LIMITS, method) ? BODY_LIMITS[method] : DEFAULT_LIMIT;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** How long a request in flight may still run once the app is asked to stop. */
export const CLOSE_GRACE_MS = 2_000;

export interface WebServer {
  server: Server;
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export interface WebServerOptions {
  ctx: ApiContext;
  /** Folder of the built renderer (index.html + assets). */
  staticDir: string;
  port?: number;
  token?: string;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

function refuse(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { ok: false, error: { code: 'FORBIDDEN', message } });
}

class BodyTooLarge extends Error {}

/**
 * Reads a request body as it streams in, up to `limit` bytes. Past it the rest is read and thrown
 * away (so the client, still sending, gets the 413 instead of a broken connection), up to four
 * times the limit, after which the connection is cut.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > 4 * limit) {
      reject(new BodyTooLarge());
      return;
    }
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else if (size > 4 * limit) req.destroy();
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLarge()) : resolveBody(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(size > limit ? new BodyTooLarge() : new Error('requête interrompue'));
    });
  });
}

/** Decides whether an API request may be served. Exported for unit tests. */
export function checkApiRequest(
  headers: IncomingMessage['headers'],
  expected: { token: string; port: number },
): { ok: true } | { ok: false; status: number; message: string } {
  const allowedHosts = [`127.0.0.1:${expected.port}`, `localhost:${expected.port}`];
  const host = headers.host ?? '';
  if (!allowedHosts.includes(host)) return { ok: false, status: 403, message: 'Hôte refusé.' };
  const origin = headers.origin;
  if (origin !== undefined && !allowedHosts.map((h) => `http://${h}`).includes(origin)) {
    return { ok: false, status: 403, message: 'Origine refusée : seule la page servie par l’application peut appeler son API.' };
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, status: 403, message: 'Requête inter-sites refusée.' };
  }
  const token = headers[TOKEN_HEADER];
  if (typeof token !== 'string' || !sameToken(token, expected.token)) {
    return { ok: false, status: 401, message: 'Jeton absent ou invalide : rechargez la page de l’application.' };
  }
  return { ok: true };
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const root = resolve(opts.staticDir);
  const indexHtml = await readFile(join(root, 'index.html'), 'utf8').catch(() => {
    throw new Error(`Interface introuvable dans ${root} : lancez \`npm run build\`.`);
  });
  let port = opts.port ?? 0;

  const server = createServer((req, res) => {
    void (async () => {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://127.0.0.1');
      } catch {
        return send(res, 400, 'Adresse illisible', 'text/plain; charset=utf-8');
      }
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return refuse(res, 405, 'Méthode HTTP refusée.');
        const check = checkApiRequest(req.headers, { token, port });
        if (!check.ok) return refuse(res, check.status, check.message);
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return refuse(res, 415, 'Contenu JSON attendu.');
        }
        let method: string;
        try {
          method = decodeURIComponent(url.pathname.slice('/api/'.length));
        } catch {
          return sendJson(res, 400, { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Méthode illisible dans l’adresse.' } });
        }
        const limit = bodyLimit(method);
        let input: unknown;
        try {
          const body = await readBody(req, limit.bytes);
          input = body === '' ? {} : JSON.parse(body);
        } catch (e) {
          if (e instanceof BodyTooLarge) {
            res.setHeader('Connection', 'close');
            return sendJson(res, 413, { ok: false, error: { code: 'VALIDATION', message: limit.message } });
          }
          return sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'Requête illisible (JSON invalide).' } });
        }
        return sendJson(res, 200, await callApi(opts.ctx, method, input));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Méthode HTTP refusée.');
      if (url.pathname === '/' || url.pathname === '/index.html') {
        const html = indexHtml.replace('__ACI_TOKEN__', token);
        return send(res, 200, html, MIME['.html']);
      }
      let decoded: string;
      try {
        decoded = decodeURIComponent(url.pathname);
      } catch {
        return send(res, 404, 'Introuvable', 'text/plain; charset=utf-8');
      }
      const file = normalize(join(root, decoded));
      if (!file.startsWith(root + sep)) return send(res, 404, 'Introuvable', 'text/plain; charset=utf-8');
      try {
        const data = await readFile(file);
        return send(res, 200, data, MIME[extname(file)] ?? 'application/octet-stream');
      } catch {
        return send(res, 404, 'Introuvable', 'text/plain; charset=utf-8');
      }
    })().catch((e: unknown) => {
      console.error('[web]', e);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Erreur interne.' } });
    });
  });

  await new Promise<void>((ok, ko) => {
    server.once('error', ko);
    server.listen(port, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    token,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((ok) => {
        // Node waits for every open connection before `close` calls back, including one the
        // browser opened ahead of time and never used (Chromium's preconnect): that one would hold
        // the app for the request timeout (5 min). Idle ones go now, requests in flight get
        // CLOSE_GRACE_MS to finish.
        server.close(() => ok());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      }),
  };
}
