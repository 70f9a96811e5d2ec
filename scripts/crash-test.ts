/**
 * Crash test (issue 10): the real app, killed while it writes. Starts the browser-mode server
 * (electron/start.ts, ACI_DATA_DIR on a temp folder, a free port, its per-start token read from the
 * page) and sends real writes over HTTP — payments, indicator values, evidence uploads (up to a
 * few Mo), review updates — from two loops at once; at a random moment it kills the server with
 * SIGKILL, N times. After each restart (which also replaces the killed process's stale lock of
 * the data folder) it checks:
 *   - PRAGMA integrity_check is "ok" and PRAGMA foreign_key_check finds nothing;
 *   - every write acknowledged (HTTP answer { ok: true }) before any kill is in the database;
 *   - a review's summary is its last acknowledged value, or one sent after it that was in flight;
 *   - every evidence row's stored file exists and hashes to its SHA-256.
 * Prints a summary; exits 1 if any check failed. A script, not a test: `npm test` does not run it.
 *
 * Run: npm run crash-test -- [--trials 50] [--seed 1] [--data DIR] [--max-upload-mb 4]
 *   --trials N       kills (default 50)
 *   --seed S         seed of the random kill moments and write choices (default: the time)
 *   --data DIR       data folder to use and keep (default: a temp folder, removed when all passed)
 *   --max-upload-mb  largest evidence upload (default 4)
 * Needs the built renderer (`npm run build`), which the script builds when it is missing.
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiMethod, ApiResponse, ApiResults } from '../shared/api';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const TODAY = '2026-11-23';
const DB_FILE = 'aci-cpts.sqlite';

interface Options {
  trials: number;
  seed: number;
  dataDir: string | null;
  maxUploadBytes: number;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { trials: 50, seed: Date.now() % 1_000_000, dataDir: null, maxUploadBytes: 4 * 1024 * 1024 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} : valeur manquante.`);
      return v;
    };
    const int = (v: string, min: number): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new Error(`${a} : entier ≥ ${min} attendu (reçu « ${v} »).`);
      return n;
    };
    if (a === '--trials') opts.trials = int(next(), 1);
    else if (a === '--seed') opts.seed = int(next(), 0);
    else if (a === '--data') opts.dataDir = next();
    else if (a === '--max-upload-mb') opts.maxUploadBytes = int(next(), 1) * 1024 * 1024;
    else throw new Error(`Option inconnue : ${a} (voir l’en-tête de scripts/crash-test.ts).`);
  }
  return opts;
}

/** Small seeded PRNG (mulberry32): the same seed gives the same kill moments and choices. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// The server

interface Server {
  child: ChildProcess;
  url: string;
  token: string;
  startMs: number;
  output: () => string;
}

async function startServer(dataDir: string): Promise<Server> {
  const t0 = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'electron', 'start.ts')], {
    cwd: ROOT,
    env: { ...process.env, ACI_BROWSER_MODE: '1', ACI_DATA_DIR: dataDir, PORT: '0', ACI_TODAY: TODAY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Le serveur n’a pas démarré en 180 s :\n${output}`)), 180_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /ACI CPTS prêt : (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Le serveur s’est arrêté au démarrage (code ${code}) :\n${output}`));
    });
  });
  const page = await (await fetch(url)).text();
  const token = /<meta name="aci-token" content="([^"]+)"/.exec(page)?.[1];
  if (!token || token === '__ACI_TOKEN__') throw new Error('Jeton introuvable dans la page servie.');
  return { child, url, token, startMs: Date.now() - t0, output: () => output };
}

function kill(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGKILL');
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

class NoAnswer extends Error {}

async function call<M extends ApiMethod>(server: Server, method: M, input: unknown): Promise<ApiResponse<ApiResults[M]>> {
  let res: Response;
  try {
    res = await fetch(`${server.url}api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-ACI-Token': server.token },
      body: JSON.stringify(input),
    });
    return (await res.json()) as ApiResponse<ApiResults[M]>;
  } catch (e) {
    throw new NoAnswer(e instanceof Error ? e.message : String(e));
  }
}

async function read<M extends ApiMethod>(server: Server, method: M, input: unknown): Promise<ApiResults[M]> {
  const r = await call(server, method, input);
  if (!r.ok) throw new Error(`${method} : ${r.error.message}`);
  return r.value;
}

// ---------------------------------------------------------------------------------------------
// What is written, and what must be found again

type Ack =
  | { kind: 'payment'; trial: number; cpamRef: string; amountCents: number }
  | { kind: 'value'; trial: number; indicatorId: number; comment: string }
  | { kind: 'evidence'; trial: number; id: number; fileName: string; sha256: string; size: number };

interface ReviewState {
  /** The last summary the API acknowledged, and those sent after it (in flight when killed, maybe committed). */
  acked: string | null;
  sentSince: string[];
}

interface Targets {
  payment: { contractId: number; trancheId: string }[];
  value: { indicatorId: number; value: string }[];
  evidence: { contractId: number; livrableId: number | null; indicatorId: number | null }[];
  reviews: number[];
}

interface Tally {
  sent: Record<Ack['kind'] | 'review', number>;
  acked: Record<Ack['kind'] | 'review', number>;
  refused: string[];
  noAnswer: number;
}

/** Finds, once, what the writes may target: tranches still owed, indicators and livrables of open years, draft reviews. */
async function findTargets(server: Server): Promise<Targets> {
  const portfolio = await read(server, 'portfolio.list', { status: 'tous' });
  const targets: Targets = { payment: [], value: [], evidence: [], reviews: [] };
  for (const row of portfolio.rows) {
    const contractId = row.id;
    const pay = await read(server, 'payments.list', { contractId });
    for (const t of pay.schedule) if (t.amountCents > 0 && t.outstandingCents >= 1_000_000) targets.payment.push({ contractId, trancheId: t.id });
    const reviews = await read(server, 'reviews.list', { contractId });
    for (const s of reviews.slots) if (s.status === 'draft' && s.reviewId !== null) targets.reviews.push(s.reviewId);
    for (let year = 1; year <= 5; year++) {
      const annex = await read(server, 'annex.get', { contractId, year });
      if (!annex.exists) continue;
      for (const m of annex.missions) {
        for (const a of m.actions) {
          for (const l of a.livrables) targets.evidence.push({ contractId, livrableId: l.id, indicatorId: null });
          for (const ind of a.indicators) {
            const value = ind.unit === 'yesno' ? 'oui' : ind.unit === 'percentage' ? '55,5' : '42';
            // Kept only if the API accepts a value today (the year is not closed, the date fits).
            const probe = await call(server, 'indicator.recordValue', { indicatorId: ind.id, value, measuredOn: TODAY, comment: 'crash-test : essai' });
            if (probe.ok) targets.value.push({ indicatorId: ind.id, value });
          }
        }
      }
    }
  }
  return targets;
}

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)];
}

/**
 * One trial's writes: two loops until the server dies (killed). Loop A: payments, values, review
 * updates; loop B: evidence uploads of random sizes. Records what was acknowledged.
 */
function writeLoops(server: Server, trial: number, rnd: () => number, targets: Targets, opts: Options, acks: Ack[], reviews: Map<number, ReviewState>, tally: Tally): { done: Promise<void>; stopAfterKill: () => void } {
  let alive = true;
  let seq = 0;
  const note = (e: unknown): void => {
    if (e instanceof NoAnswer) tally.noAnswer += 1;
    else throw e;
  };
  const loopA = async (): Promise<void> => {
    while (alive) {
      const n = ++seq;
      const r = rnd();
      try {
        if (r < 0.45 && targets.payment.length > 0) {
          const t = pick(rnd, targets.payment);
          const cpamRef = `CRASH-${trial}-${n}`;
          tally.sent.payment += 1;
          const res = await call(server, 'payments.record', { contractId: t.contractId, receivedOn: TODAY, amountCents: 100, cpamRef, trancheIds: [t.trancheId] });
          if (res.ok) {
            tally.acked.payment += 1;
            acks.push({ kind: 'payment', trial, cpamRef, amountCents: 100 });
          } else tally.refused.push(`payments.record : ${res.error.message}`);
        } else if (r < 0.75 && targets.value.length > 0) {
          const t = pick(rnd, targets.value);
          const comment = `crash-${trial}-${n}`;
          tally.sent.value += 1;
          const res = await call(server, 'indicator.recordValue', { indicatorId: t.indicatorId, value: t.value, measuredOn: TODAY, comment });
          if (res.ok) {
            tally.acked.value += 1;
            acks.push({ kind: 'value', trial, indicatorId: t.indicatorId, comment });
          } else tally.refused.push(`indicator.recordValue : ${res.error.message}`);
        } else if (targets.reviews.length > 0) {
          const reviewId = pick(rnd, targets.reviews);
          const summary = `crash-${trial}-${n} : synthèse mise à jour`;
          const state = reviews.get(reviewId) ?? { acked: null, sentSince: [] };
          reviews.set(reviewId, state);
          state.sentSince.push(summary);
          tally.sent.review += 1;
          const res = await call(server, 'reviews.update', { reviewId, summary });
          if (res.ok) {
            tally.acked.review += 1;
            // Later sends of this review may have been acknowledged already (two loops): keep the order of acknowledgement.
            state.sentSince = state.sentSince.slice(state.sentSince.indexOf(summary) + 1);
            state.acked = summary;
          } else tally.refused.push(`reviews.update : ${res.error.message}`);
        }
      } catch (e) {
        note(e);
        return;
      }
    }
  };
  const loopB = async (): Promise<void> => {
    while (alive && targets.evidence.length > 0) {
      const n = ++seq;
      const t = pick(rnd, targets.evidence);
      const size = 1 + Math.floor(rnd() ** 2 * opts.maxUploadBytes);
      const content = randomBytes(size);
      const sha256 = createHash('sha256').update(content).digest('hex');
      const fileName = `crash-${trial}-${n}.bin`;
      tally.sent.evidence += 1;
      try {
        const res = await call(server, 'evidence.add', { ...t, fileName, contentBase64: content.toString('base64') });
        if (res.ok) {
          tally.acked.evidence += 1;
          acks.push({ kind: 'evidence', trial, id: res.value.id, fileName, sha256, size });
        } else tally.refused.push(`evidence.add : ${res.error.message}`);
      } catch (e) {
        note(e);
        return;
      }
    }
  };
  return { done: Promise.all([loopA(), loopB()]).then(() => undefined), stopAfterKill: () => (alive = false) };
}

// ---------------------------------------------------------------------------------------------
// Checks after a restart

interface CheckResult {
  integrity: string;
  foreignKeyViolations: number;
  missing: string[];
  reviewMismatch: string[];
  reviewsChecked: number;
  evidenceRows: number;
  badFiles: string[];
  leftoverTemp: number;
}

function tempFiles(dir: string): number {
  let n = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += tempFiles(join(dir, e.name));
    else if (e.name.startsWith('.')) n += 1;
  }
  return n;
}

function check(dataDir: string, acks: readonly Ack[], reviews: ReadonlyMap<number, ReviewState>): CheckResult {
  const db = new Database(join(dataDir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    const fk = db.pragma('foreign_key_check') as unknown[];
    const missing: string[] = [];
    const payment = db.prepare('SELECT amount_cents AS a FROM payment WHERE cpam_ref = ?');
    const value = db.prepare('SELECT COUNT(*) AS n FROM indicator_value WHERE indicator_id = ? AND comment = ?');
    const evidence = db.prepare('SELECT file_name AS f, sha256 AS h, size AS s FROM evidence WHERE id = ?');
    for (const a of acks) {
      if (a.kind === 'payment') {
        const rows = payment.all(a.cpamRef) as { a: number }[];
        if (rows.length !== 1 || rows[0].a !== a.amountCents) missing.push(`versement ${a.cpamRef} (essai ${a.trial}) : ${rows.length} ligne(s)`);
      } else if (a.kind === 'value') {
        if ((value.get(a.indicatorId, a.comment) as { n: number }).n !== 1) missing.push(`valeur ${a.comment} (essai ${a.trial})`);
      } else {
        const row = evidence.get(a.id) as { f: string; h: string; s: number } | undefined;
        if (!row || row.f !== a.fileName || row.h !== a.sha256 || row.s !== a.size) missing.push(`pièce n° ${a.id} ${a.fileName} (essai ${a.trial})`);
      }
    }
    const reviewMismatch: string[] = [];
    let reviewsChecked = 0;
    const summary = db.prepare('SELECT summary FROM review WHERE id = ?');
    for (const [id, st] of reviews) {
      if (st.acked === null) continue; // never acknowledged: its first value is unknown here
      reviewsChecked += 1;
      const now = (summary.get(id) as { summary: string } | undefined)?.summary;
      const allowed = [st.acked, ...st.sentSince];
      if (now === undefined || !allowed.includes(now)) reviewMismatch.push(`dialogue n° ${id} : « ${now} », attendu ${allowed.map((s) => `« ${s} »`).join(' ou ')}`);
    }
    const badFiles: string[] = [];
    const rows = db.prepare('SELECT id, stored_path AS p, sha256 AS h FROM evidence').all() as { id: number; p: string; h: string }[];
    for (const r of rows) {
      const path = join(dataDir, ...r.p.split('/'));
      if (!existsSync(path)) badFiles.push(`pièce n° ${r.id} : fichier absent (${r.p})`);
      else if (createHash('sha256').update(readFileSync(path)).digest('hex') !== r.h) badFiles.push(`pièce n° ${r.id} : empreinte différente (${r.p})`);
    }
    return { integrity, foreignKeyViolations: fk.length, missing, reviewMismatch, reviewsChecked, evidenceRows: rows.length, badFiles, leftoverTemp: tempFiles(join(dataDir, 'pieces')) };
  } finally {
    db.close();
  }
}

function failed(c: CheckResult): boolean {
  return c.integrity !== 'ok' || c.foreignKeyViolations > 0 || c.missing.length > 0 || c.reviewMismatch.length > 0 || c.badFiles.length > 0;
}

// ---------------------------------------------------------------------------------------------

function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) return;
  process.stdout.write('Interface absente : npm run build…\n');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build a échoué.');
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor((s.length - 1) / 2)];
};

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  ensureBuilt();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'aci-crash-'));
  mkdirSync(dataDir, { recursive: true });
  const rnd = prng(opts.seed);
  const started = Date.now();
  process.stdout.write(`Test d’arrêts brutaux : ${opts.trials} arrêts (SIGKILL), graine ${opts.seed}, données ${dataDir}\n`);

  const acks: Ack[] = [];
  const reviews = new Map<number, ReviewState>();
  const tally: Tally = {
    sent: { payment: 0, value: 0, evidence: 0, review: 0 },
    acked: { payment: 0, value: 0, evidence: 0, review: 0 },
    refused: [],
    noAnswer: 0,
  };
  const failures: string[] = [];
  const startTimes: number[] = [];
  const killDelays: number[] = [];
  let staleLocks = 0;

  let server = await startServer(dataDir); // the first start seeds the demo portfolio
  const targets = await findTargets(server);
  process.stdout.write(
    `Cibles : ${targets.payment.length} échéances, ${targets.value.length} indicateurs, ${targets.evidence.length} livrables, ${targets.reviews.length} dialogues en brouillon (démarrage ${(server.startMs / 1000).toFixed(1)} s)\n`,
  );
  if (targets.payment.length + targets.value.length + targets.evidence.length + targets.reviews.length === 0) throw new Error('Rien à écrire : portefeuille vide ?');

  let last: CheckResult | null = null;
  for (let trial = 1; trial <= opts.trials; trial++) {
    const loops = writeLoops(server, trial, rnd, targets, opts, acks, reviews, tally);
    // A random moment: mostly while writes are under way, sometimes right at the start.
    const delay = Math.floor(30 + rnd() * 1_500);
    killDelays.push(delay);
    await new Promise((r) => setTimeout(r, delay));
    await kill(server);
    loops.stopAfterKill();
    await loops.done;

    if (existsSync(join(dataDir, 'aci-cpts.lock'))) staleLocks += 1;
    server = await startServer(dataDir);
    startTimes.push(server.startMs);
    last = check(dataDir, acks, reviews);
    if (failed(last)) {
      failures.push(
        `essai ${trial} : intégrité « ${last.integrity} », ${last.foreignKeyViolations} clé(s) étrangère(s) rompue(s), ` +
          `${last.missing.length} écriture(s) confirmée(s) absente(s), ${last.reviewMismatch.length} dialogue(s) incohérent(s), ${last.badFiles.length} fichier(s) de pièce défectueux\n    ` +
          [...last.missing, ...last.reviewMismatch, ...last.badFiles].slice(0, 10).join('\n    '),
      );
    }
    process.stdout.write(
      `essai ${String(trial).padStart(3)} : arrêt à ${String(delay).padStart(4)} ms, ${acks.length} écritures confirmées en tout, ` +
        `redémarrage ${(server.startMs / 1000).toFixed(1)} s — ${failed(last) ? 'ÉCHEC' : 'ok'}\n`,
    );
  }
  await stop(server);

  const seconds = Math.round((Date.now() - started) / 1000);
  const c = last!;
  const lines = [
    '',
    `Résumé (${opts.trials} arrêts brutaux en ${seconds} s, graine ${opts.seed}) :`,
    `  écritures envoyées : ${tally.sent.payment} versements, ${tally.sent.value} valeurs, ${tally.sent.evidence} pièces, ${tally.sent.review} mises à jour de dialogue`,
    `  écritures confirmées : ${tally.acked.payment} versements, ${tally.acked.value} valeurs, ${tally.acked.evidence} pièces, ${tally.acked.review} mises à jour de dialogue`,
    `  requêtes sans réponse (en vol au moment de l’arrêt) : ${tally.noAnswer} ; refus de l’API : ${tally.refused.length}${tally.refused.length > 0 ? ` (${[...new Set(tally.refused)].slice(0, 3).join(' | ')})` : ''}`,
    `  écritures confirmées retrouvées : ${acks.length - c.missing.length} / ${acks.length} (versements, valeurs, pièces) ; ` +
      `synthèse de dialogue égale à la dernière confirmée (ou à une envoyée après) : ${c.reviewsChecked - c.reviewMismatch.length} / ${c.reviewsChecked}`,
    `  intégrité : ${c.integrity} ; clés étrangères rompues : ${c.foreignKeyViolations} ; pièces vérifiées : ${c.evidenceRows}, défectueuses : ${c.badFiles.length}`,
    `  verrous du dossier laissés par le processus tué, remplacés au redémarrage : ${staleLocks} / ${opts.trials}`,
    `  fichiers temporaires laissés dans pieces/ (jamais sous le nom d’une pièce) : ${c.leftoverTemp}`,
    `  redémarrage : médiane ${(median(startTimes) / 1000).toFixed(1)} s ; arrêt après ${median(killDelays)} ms en médiane`,
    `  essais en échec : ${failures.length}`,
    ...failures.map((f) => `  - ${f}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (failures.length === 0 && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
  else if (failures.length > 0) process.stdout.write(`Données gardées pour examen : ${dataDir}\n`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`Erreur : ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
