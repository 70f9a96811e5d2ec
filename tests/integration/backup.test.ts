// Backup and restore (issue 10): one zip archive (database copy, every evidence file, manifest
// with SHA-256), restored after every check into an empty folder with the same contracts, the
// same échéancier to the cent and the same evidence files; a damaged, foreign or newer archive is
// refused (exit 2, French) and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { openDatabase, type Db } from '../../electron/db/connection';
import { applyPendingRestore, createBackupArchive, LEDGER_FILE, PENDING_RESTORE_DIR, SAFETY_PREFIX, stageRestore } from '../../electron/db/backup';
import { MIGRATION_NAMES } from '../../electron/db/migrations';
import { makeContext, startData } from '../../electron/runtime';
import { invoke } from '../../electron/api/dispatch';
import type { Database as Schema } from '../../electron/db/schema';
import type { BackupSummary } from '../../shared/backup';
import { T3_CONTRACT, tempDir } from './helpers';

function aci(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, ACI_TODAY: '2026-11-23' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Every file of a folder (recursively) -> its SHA-256, by path relative to it with '/'. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p).split(sep).join('/')] = sha(readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** What a data folder holds, through the API: contracts, échéancier and payments of each. */
async function ledgerView(dataDir: string): Promise<unknown> {
  const opened = await openDatabase(join(dataDir, LEDGER_FILE));
  try {
    const ctx = { ...makeContext(opened, dataDir, 'cli'), today: () => '2026-11-23' };
    const contracts = (await invoke(ctx, 'portfolio.list', {})).rows;
    const out = [];
    for (const c of contracts) {
      out.push({
        contract: await invoke(ctx, 'contract.get', { id: c.id }),
        funding: (await invoke(ctx, 'funding.get', { contractId: c.id })).result,
        payments: await invoke(ctx, 'payments.list', { contractId: c.id }),
      });
    }
    return { contracts, out };
  } finally {
    await opened.close();
  }
}

/** Rewrites an archive through `change` (entry name, bytes) -> new bytes, or null to drop the entry. */
async function rewriteArchive(from: string, to: string, change: (name: string, data: Buffer) => Buffer | null): Promise<void> {
  const src = await yauzl.openPromise(from, { lazyEntries: true });
  const out = new yazl.ZipFile();
  for await (const entry of src.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const c of await src.openReadStreamPromise(entry)) chunks.push(c as Buffer);
    const data = change(entry.fileName, Buffer.concat(chunks));
    if (data) out.addBuffer(data, entry.fileName);
  }
  src.close();
  out.end();
  const bufs: Buffer[] = [];
  for await (const c of out.outputStream) bufs.push(c as Buffer);
  writeFileSync(to, Buffer.concat(bufs));
}

function kyselyOn(path: string): { db: Db; close(): Promise<void> } {
  const sqlite = new Database(path);
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, close: () => db.destroy() };
}

const root = tempDir();
const src = join(root, 'source');
const archive = join(root, 'sauvegarde.zip');

beforeAll(() => {
  const demo = aci(['demo', '--db', join(src, LEDGER_FILE)]);
  expect(demo.code, demo.stderr).toBe(0);
  const b = aci(['backup', '--data', src, '--out', archive, '--json']);
  expect(b.code, b.stderr).toBe(0);
  expect(JSON.parse(b.stdout)).toMatchObject({ path: archive, contractCount: 4 });
}, 120_000);

describe('backup archive', () => {
  it('holds the manifest, the database copy and every evidence file, each with its SHA-256', async () => {
    const zip = await yauzl.openPromise(archive, { lazyEntries: true });
    const entries: Record<string, Buffer> = {};
    for await (const e of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const c of await zip.openReadStreamPromise(e)) chunks.push(c as Buffer);
      entries[e.fileName] = Buffer.concat(chunks);
    }
    zip.close();
    const manifest = JSON.parse(entries['manifest.json'].toString('utf8')) as { format: string; formatVersion: number; appVersion: string; schemaVersion: string; createdAt: string; entries: { path: string; size: number; sha256: string }[] };
    expect(manifest).toMatchObject({ format: 'aci-sauvegarde', formatVersion: 1, appVersion: expect.any(String), schemaVersion: MIGRATION_NAMES[MIGRATION_NAMES.length - 1] });
    expect(Number.isNaN(Date.parse(manifest.createdAt))).toBe(false);
    expect(Object.keys(entries).sort()).toEqual(['manifest.json', ...manifest.entries.map((e) => e.path)].sort());
    for (const e of manifest.entries) expect(sha(entries[e.path]), e.path).toBe(e.sha256);
    const pieces = tree(join(src, 'pieces'));
    expect(Object.keys(pieces).length).toBeGreaterThan(0);
    expect(manifest.entries.filter((e) => e.path.startsWith('pieces/')).map((e) => [e.path.slice('pieces/'.length), e.sha256])).toEqual(Object.entries(pieces).sort());
    expect(readdirSync(root).filter((f) => f.includes('partiel'))).toEqual([]);
  });

  it('a process killed while writing it leaves no archive under the final name, or a complete one', async () => {
    const dir = tempDir();
    const data = join(dir, 'donnees');
    const opened = await openDatabase(join(data, LEDGER_FILE));
    await opened.close();
    for (let i = 0; i < 12; i++) {
      const content = randomBytes(6 * 1024 * 1024);
      const h = sha(content);
      mkdirSync(join(data, 'pieces', h.slice(0, 2)), { recursive: true });
      writeFileSync(join(data, 'pieces', h.slice(0, 2), `${h}.pdf`), content);
    }
    const out = join(dir, 'coupee.zip');
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli.ts', 'backup', '--data', data, '--out', out], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 3000));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    if (existsSync(out)) {
      const r = aci(['restore', '--data', join(dir, 'verif'), '--from', out, '--json']);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(readdirSync(dir).filter((f) => f !== 'donnees' && f !== 'verif' && f !== 'coupee.zip' && !f.endsWith('.partiel'))).toEqual([]);
  }, 120_000);
});

describe('restore', () => {
  const dst = join(root, 'vide');

  it('into an empty folder gives the same contracts, the same échéancier to the cent and the same evidence files', async () => {
    const r = aci(['restore', '--data', dst, '--from', archive, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { restored: boolean; safetyCopy: string | null; summary: BackupSummary };
    expect(res).toMatchObject({ restored: true, safetyCopy: null });
    expect(res.summary.contractCount).toBe(4);
    expect(res.summary.contracts.map((c) => c.name)).toContain('CPTS Rives du Léman');
    expect(res.summary.lastChange).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(readdirSync(dst).sort()).toEqual([LEDGER_FILE, 'pieces']);

    expect(await ledgerView(dst)).toEqual(await ledgerView(src));
    expect(tree(join(dst, 'pieces'))).toEqual(tree(join(src, 'pieces')));
    // The CLI's own funding output, for one contract, byte for byte.
    const a = aci(['funding', '--db', join(src, LEDGER_FILE), '--contract', '3', '--json']);
    const b = aci(['funding', '--db', join(dst, LEDGER_FILE), '--contract', '3', '--json']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    // Every evidence row of the restored base finds its file, intact.
    const db = new Database(join(dst, LEDGER_FILE), { readonly: true });
    const rows = db.prepare('SELECT stored_path, sha256 FROM evidence').all() as { stored_path: string; sha256: string }[];
    db.close();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(sha(readFileSync(join(dst, row.stored_path)))).toBe(row.sha256);
  }, 120_000);

  it('asks for --force when the folder holds data, and then keeps the replaced data aside', () => {
    const target = join(root, 'occupe');
    mkdirSync(join(target, 'pieces', 'ab'), { recursive: true });
    writeFileSync(join(target, LEDGER_FILE), 'ancienne base');
    writeFileSync(join(target, 'pieces', 'ab', 'ancienne-piece.pdf'), 'ancienne pièce');
    const before = tree(target);
    const refused = aci(['restore', '--data', target, '--from', archive]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/contient déjà des données : ajoutez --force/);
    expect(tree(target)).toEqual(before);

    const r = aci(['restore', '--data', target, '--from', archive, '--force', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { safetyCopy } = JSON.parse(r.stdout) as { safetyCopy: string };
    expect(safetyCopy.startsWith(join(target, SAFETY_PREFIX))).toBe(true);
    expect(tree(safetyCopy)).toEqual(before);
    expect(tree(join(target, 'pieces'))).toEqual(tree(join(src, 'pieces')));
  }, 60_000);

  describe('refuses, exit 2 in French, changing nothing', () => {
    const target = join(root, 'cible');
    let before: Record<string, string>;
    beforeAll(() => {
      const r = aci(['restore', '--data', target, '--from', archive]);
      expect(r.code, r.stderr).toBe(0);
      before = tree(target);
    }, 60_000);
    afterAll(() => {
      expect(tree(target)).toEqual(before);
    });

    const refuses = (file: string, message: RegExp): void => {
      const r = aci(['restore', '--data', target, '--from', file, '--force']);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toMatch(/^Erreur : /);
      expect(r.stderr).toMatch(message);
      expect(tree(target)).toEqual(before);
      expect(readdirSync(target).filter((f) => f.startsWith('.') || f.startsWith(SAFETY_PREFIX))).toEqual([]);
    };

    it('an evidence file altered inside the archive', async () => {
      const bad = join(root, 'piece-alteree.zip');
      await rewriteArchive(archive, bad, (name, data) => (name.startsWith('pieces/') && name.endsWith('.txt') ? Buffer.concat([data, Buffer.from('!')]) : data));
      refuses(bad, /Archive endommagée : pieces\/.* ne correspond pas à son empreinte SHA-256/);
    });

    it('a database altered inside the archive, and a manifest edited to match it', async () => {
      const bad = join(root, 'base-alteree.zip');
      await rewriteArchive(archive, bad, (name, data) => (name === 'base/aci-cpts.sqlite' ? Buffer.concat([data.subarray(0, 4096), Buffer.alloc(data.length - 4096, 0)]) : data));
      refuses(bad, /ne correspond pas à son empreinte/);
      // The same damage with a manifest rewritten to match: caught by integrity_check.
      const forged = join(root, 'base-alteree-manifeste.zip');
      let damaged: Buffer | null = null;
      await rewriteArchive(archive, join(root, 'tmp.zip'), (name, data) => {
        if (name === 'base/aci-cpts.sqlite') {
          damaged = Buffer.from(data);
          for (let i = 8192; i < damaged.length; i += 97) damaged[i] ^= 0x5a;
        }
        return data;
      });
      await rewriteArchive(archive, forged, (name, data) => {
        if (name === 'base/aci-cpts.sqlite') return damaged;
        if (name === 'manifest.json') {
          const m = JSON.parse(data.toString('utf8')) as { entries: { path: string; size: number; sha256: string }[] };
          const e = m.entries.find((x) => x.path === 'base/aci-cpts.sqlite')!;
          e.sha256 = sha(damaged!);
          return Buffer.from(JSON.stringify(m));
        }
        return data;
      });
      refuses(forged, /base de données (est endommagée|qu’elle contient est illisible)/);
    });

    it('a truncated archive, bytes flipped in the zip, a file that is no zip', () => {
      const bytes = readFileSync(archive);
      const truncated = join(root, 'tronquee.zip');
      writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
      refuses(truncated, /Archive illisible|Archive endommagée/);
      const flipped = Buffer.from(bytes);
      for (let i = 2000; i < 3000; i++) flipped[i] ^= 0xff;
      const flippedPath = join(root, 'retournee.zip');
      writeFileSync(flippedPath, flipped);
      refuses(flippedPath, /Archive (illisible|endommagée|refusée)/);
      const text = join(root, 'texte.zip');
      writeFileSync(text, 'ceci n’est pas une archive');
      refuses(text, /Archive illisible : ce n’est pas une sauvegarde ACI CPTS/);
    });

    it('a foreign zip, and an entry missing from the archive', async () => {
      const foreign = join(root, 'etrangere.zip');
      await rewriteArchive(archive, foreign, (name, data) => (name === 'manifest.json' ? null : data));
      refuses(foreign, /pas de manifest\.json/);
      const other = join(root, 'autre-format.zip');
      await rewriteArchive(archive, other, (name, data) => (name === 'manifest.json' ? Buffer.from(JSON.stringify({ format: 'autre-chose', entries: [] })) : data));
      refuses(other, /ce n’est pas une sauvegarde ACI CPTS/);
      const missing = join(root, 'incomplete.zip');
      let dropped = false;
      await rewriteArchive(archive, missing, (name, data) => {
        if (!dropped && name.startsWith('pieces/')) {
          dropped = true;
          return null;
        }
        return data;
      });
      refuses(missing, /annoncé par le manifeste est absent/);
    });

    it('an archive written by a newer version (format or schema)', async () => {
      const newerFormat = join(root, 'format-futur.zip');
      await rewriteArchive(archive, newerFormat, (name, data) => {
        if (name !== 'manifest.json') return data;
        const m = JSON.parse(data.toString('utf8')) as { formatVersion: number };
        m.formatVersion = 99;
        return Buffer.from(JSON.stringify(m));
      });
      refuses(newerFormat, /version plus récente/);

      const futureDir = join(root, 'futur');
      mkdirSync(futureDir);
      copyFileSync(join(src, LEDGER_FILE), join(futureDir, LEDGER_FILE));
      const k = kyselyOn(join(futureDir, LEDGER_FILE));
      await k.db.insertInto('kysely_migration' as never).values({ name: '2099-01-01-01-futur', timestamp: '2099-01-01' } as never).execute();
      const newerSchema = join(root, 'schema-futur.zip');
      await createBackupArchive(k.db, futureDir, newerSchema, { appVersion: '9.0.0' });
      await k.close();
      refuses(newerSchema, /version plus récente de l’application/);
    });
  });

  it('brings an older database up to date when it is opened after the restore', async () => {
    const oldDir = join(root, 'ancienne');
    const old = await openDatabase(join(oldDir, LEDGER_FILE), { upTo: MIGRATION_NAMES[1] });
    const oldArchive = join(root, 'ancienne.zip');
    await createBackupArchive(old.db, oldDir, oldArchive, { appVersion: '0.0.1' });
    await old.close();
    const r = aci(['restore', '--data', join(root, 'remise-a-jour'), '--from', oldArchive, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { summary: BackupSummary }).summary).toMatchObject({ schema: 'older', schemaVersion: MIGRATION_NAMES[1], contractCount: 0 });
    const db = new Database(join(root, 'remise-a-jour', LEDGER_FILE), { readonly: true });
    expect((db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((x) => x.name)).toEqual(MIGRATION_NAMES);
    db.close();
  }, 60_000);
});

describe('restore in the running app (API)', () => {
  it('checks the archive, shows what it holds, and replaces the data at the next start, keeping the replaced data', async () => {
    const dir = join(root, 'appli');
    const started = await startData(dir, 'browser');
    const { ctx } = started;
    const made = await invoke(ctx, 'backup.create', {});
    expect(made).toMatchObject({ mimeType: 'application/zip', contractCount: 4 });
    expect(made.evidenceFiles).toBeGreaterThan(0);

    const other = readFileSync(archive).toString('base64');
    const summary = await invoke(ctx, 'backup.inspect', { archiveBase64: other });
    expect(summary).toMatchObject({ contractCount: 4, schema: 'current' });
    await expect(invoke(ctx, 'backup.inspect', { archiveBase64: Buffer.from('pas une archive').toString('base64') })).rejects.toThrow(/Archive illisible/);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);

    // A contract added after the backup: after the restore it is gone from the data, kept aside.
    await invoke(ctx, 'contract.create', { ...T3_CONTRACT, name: 'CPTS Ajoutée Après' });
    const restored = await invoke(ctx, 'backup.restore', { archiveBase64: made.base64 });
    expect(restored).toMatchObject({ restartRequired: true, summary: { contractCount: 4 } });
    expect(existsSync(join(dir, PENDING_RESTORE_DIR))).toBe(true);
    await started.opened.close();

    const again = await startData(dir, 'browser');
    const names = (await invoke(again.ctx, 'portfolio.list', {})).rows.map((c) => c.cpts);
    expect(names).not.toContain('CPTS Ajoutée Après');
    expect(names).toHaveLength(4);
    await again.opened.close();
    const safety = readdirSync(dir).filter((f) => f.startsWith(SAFETY_PREFIX));
    expect(safety).toHaveLength(1);
    const kept = new Database(join(dir, safety[0], LEDGER_FILE), { readonly: true });
    expect((kept.prepare("SELECT COUNT(*) AS n FROM cpts WHERE name = 'CPTS Ajoutée Après'").get() as { n: number }).n).toBe(1);
    kept.close();
    expect(existsSync(join(dir, PENDING_RESTORE_DIR))).toBe(false);
  }, 120_000);

  it('a kill in the middle of the swap is finished at the next start', async () => {
    const dir = join(root, 'interrompue');
    mkdirSync(join(dir, 'pieces', 'cd'), { recursive: true });
    writeFileSync(join(dir, LEDGER_FILE), 'ancienne base');
    writeFileSync(join(dir, 'pieces', 'cd', 'ancienne.pdf'), 'ancienne pièce');
    const before = tree(dir);
    await stageRestore(archive, dir, LEDGER_FILE);
    // As if killed after the old database was moved aside, before the rest.
    const journal = join(dir, PENDING_RESTORE_DIR, 'etat.json');
    const safetyName = `${SAFETY_PREFIX}2026-11-30-10-00-00`;
    writeFileSync(journal, JSON.stringify({ state: 'moving-out', safety: safetyName }));
    mkdirSync(join(dir, safetyName));
    renameSync(join(dir, LEDGER_FILE), join(dir, safetyName, LEDGER_FILE));
    expect(applyPendingRestore(dir, LEDGER_FILE)).toEqual({ safetyCopy: join(dir, safetyName) });
    expect(tree(join(dir, safetyName))).toEqual(before);
    expect(tree(join(dir, 'pieces'))).toEqual(tree(join(src, 'pieces')));
    expect(statSync(join(dir, LEDGER_FILE)).size).toBeGreaterThan(4096);
    expect(applyPendingRestore(dir, LEDGER_FILE)).toBeUndefined();
  }, 60_000);
});
