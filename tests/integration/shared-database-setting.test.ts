// The "Base partagée" setting (issue 13): the API tests a server before saving it in the data
// folder's reglages.json, never sends a password back, refuses other schemes and unreachable
// servers in French (nothing saved), and the next start serves the saved server: no data-folder
// lock, no SQLite file, no demo on a server that already holds contracts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi } from '../../electron/api/dispatch';
import { runCli } from '../../electron/cli';
import { openPostgres } from '../../electron/db/postgres/connection';
import { makeContext, startData, DB_FILE } from '../../electron/runtime';
import { installSecretBox, SETTINGS_FILE, writeSharedDatabaseUrl, type SecretBox } from '../../electron/settings';
import { LOCK_FILE } from '../../electron/dataLock';
import { ok, openTemp, T3_CONTRACT, tempDir } from './helpers';
import { createTestDatabase, PG_SKIP_REASON, PG_URL } from './pgTest';

function withPassword(url: string, password: string): string {
  const u = new URL(url);
  u.password = password;
  return u.toString();
}

/** The desktop app's safeStorage, faked by a reversible transformation (the text reversed, base64). */
const fakeBox: SecretBox = {
  encrypt: (text) => Buffer.from(`boite:${[...text].reverse().join('')}`).toString('base64'),
  decrypt: (base64) => [...Buffer.from(base64, 'base64').toString().replace(/^boite:/, '')].reverse().join(''),
};

afterEach(() => installSecretBox(null));

describe('Base partagée: refusals that need no server', () => {
  it('refuses another scheme by its field, and an unreachable server in French; nothing saved', async () => {
    const { ctx, opened, dir } = await openTemp();
    try {
      const ftp = await callApi(ctx, 'settings.saveSharedDatabase', { url: 'ftp://serveur/base' });
      expect(ftp.ok).toBe(false);
      if (!ftp.ok) expect(ftp.error.fields?.url).toMatch(/postgres:\/\//);
      const down = await callApi(ctx, 'settings.saveSharedDatabase', { url: 'postgres://agent:secret@127.0.0.1:1/aci' });
      expect(down.ok).toBe(false);
      if (!down.ok) {
        expect(down.error.message).toMatch(/^Connexion impossible à postgres:\/\/agent:\*\*\*@127\.0\.0\.1:1\/aci/);
        expect(down.error.message).not.toContain('secret');
      }
      expect(existsSync(join(dir, SETTINGS_FILE))).toBe(false);
      expect(await ok(ctx, 'settings.sharedDatabase', {})).toEqual({ inUse: 'sqlite', inUseUrl: null, saved: null, fromEnv: false });
    } finally {
      await opened.close();
    }
  });
});

describe('Base partagée saved by the desktop app, read where no secret box exists (browser mode, CLI)', () => {
  it('the masked URL is still answered; the start is refused in French, naming the file, without connecting nor touching the folder', async () => {
    const dir = tempDir();
    writeSharedDatabaseUrl(dir, 'postgres://agent:secret@127.0.0.1:1/aci', fakeBox);
    expect(readFileSync(join(dir, SETTINGS_FILE), 'utf8')).not.toContain('secret');
    const local = await openTemp();
    try {
      const info = await ok({ ...local.ctx, dataDir: dir }, 'settings.sharedDatabase', {});
      expect(info).toEqual({ inUse: 'sqlite', inUseUrl: null, saved: 'postgres://agent:***@127.0.0.1:1/aci', fromEnv: false });
    } finally {
      await local.opened.close();
    }
    await expect(startData(dir, 'browser', undefined, {})).rejects.toThrow(
      `Le mot de passe de la base partagée est chiffré dans ${join(dir, SETTINGS_FILE)} par l’application de bureau (trousseau du système) et ne peut pas être lu ici. Démarrez avec ACI_DATABASE_URL=`,
    );
    expect(existsSync(join(dir, DB_FILE))).toBe(false);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});

describe('backup and restore with another kind of address: refused in French before anything is read or written', () => {
  it('exit 2 for `backup --data mysql://…` and `restore --data mysql://…`', async () => {
    const err: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    try {
      const out = join(tempDir(), 'a.zip');
      expect(await runCli(['backup', '--data', 'mysql://agent@serveur/aci', '--out', out])).toBe(2);
      expect(err.join('')).toMatch(/non prise en charge.*mysql/);
      expect(existsSync(out)).toBe(false);
      err.length = 0;
      const archive = join(tempDir(), 'b.zip');
      writeFileSync(archive, 'pas une archive');
      expect(await runCli(['restore', '--data', 'mysql://agent@serveur/aci', '--from', archive])).toBe(2);
      expect(err.join('')).toMatch(/non prise en charge.*mysql/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe.skipIf(!PG_URL)(`Base partagée on a server${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  it('tests, saves (password masked), and the next start serves the shared database', async () => {
    const database = await createTestDatabase();
    const dir = tempDir();
    try {
      const url = withPassword(database.url, 'motdepasse');
      const local = await openTemp();
      const ctx = { ...local.ctx, dataDir: dir };
      const probe = await ok(ctx, 'settings.testSharedDatabase', { url });
      expect(probe).toMatchObject({ contracts: null });
      expect(probe.server).not.toContain('motdepasse');

      // A server the team already uses: one contract on it.
      const server = await openPostgres(database.url);
      await ok({ ...makeContext(server, tempDir(), 'cli'), today: () => '2026-11-23' }, 'contract.create', T3_CONTRACT);
      await server.close();
      expect((await ok(ctx, 'settings.testSharedDatabase', { url })).contracts).toBe(1);

      const saved = await ok(ctx, 'settings.saveSharedDatabase', { url });
      expect(saved).toMatchObject({ restartRequired: true, overriddenByEnv: false });
      expect(saved.saved).toContain('***');
      expect(JSON.stringify(await ok(ctx, 'settings.sharedDatabase', {}))).not.toContain('motdepasse');
      expect(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ sharedDatabaseUrl: url });
      await local.opened.close();

      const started = await startData(dir, 'browser', undefined, {});
      try {
        expect(started.database).toMatchObject({ engine: 'postgres', source: 'settings' });
        expect(started.lock).toBeNull();
        expect(started.createdDemo).toBe(false);
        expect(existsSync(join(dir, DB_FILE))).toBe(false);
        expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
        const rows = (await ok(started.ctx, 'portfolio.list', {})).rows;
        expect(rows.map((r) => r.cpts)).toEqual([T3_CONTRACT.name]);
        const info = await ok(started.ctx, 'settings.sharedDatabase', {});
        expect(info).toMatchObject({ inUse: 'postgres', fromEnv: false });
        expect(info.inUseUrl).toContain('***');
        // Back to the local file: the setting is removed.
        expect((await ok(started.ctx, 'settings.saveSharedDatabase', { url: null })).saved).toBeNull();
        expect(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8'))).toEqual({});
      } finally {
        await started.opened.close();
      }
    } finally {
      await database.drop();
    }
  }, 120_000);
});

describe.skipIf(!PG_URL)(`Base partagée with the desktop app's secret box${PG_URL ? '' : ` (${PG_SKIP_REASON})`}`, () => {
  it('the file never holds the password; the next start connects with it; without the box, a French refusal', async () => {
    const database = await createTestDatabase();
    const dir = tempDir();
    try {
      installSecretBox(fakeBox);
      const url = withPassword(database.url, 'motdepasse');
      const local = await openTemp();
      const ctx = { ...local.ctx, dataDir: dir };
      const saved = await ok(ctx, 'settings.saveSharedDatabase', { url });
      expect(saved.saved).toBe(withPassword(database.url, '***'));
      const raw = readFileSync(join(dir, SETTINGS_FILE), 'utf8');
      expect(raw).not.toContain('motdepasse');
      expect(JSON.parse(raw)).toEqual({ sharedDatabaseUrl: new URL(database.url).toString(), sharedDatabasePasswordEncrypted: fakeBox.encrypt('motdepasse') });
      expect(await ok(ctx, 'settings.sharedDatabase', {})).toMatchObject({ saved: withPassword(database.url, '***') });
      await local.opened.close();

      const started = await startData(dir, 'electron', undefined, {});
      try {
        // Connected with the password back in the URL.
        expect(started.database).toEqual({ engine: 'postgres', url, source: 'settings' });
        expect((await ok(started.ctx, 'portfolio.list', {})).rows.length).toBeGreaterThan(0);
        const info = await ok(started.ctx, 'settings.sharedDatabase', {});
        expect(info.inUseUrl).toBe(withPassword(database.url, '***'));
        expect(JSON.stringify(info)).not.toContain('motdepasse');
      } finally {
        await started.opened.close();
      }

      installSecretBox(null);
      await expect(startData(dir, 'browser', undefined, {})).rejects.toThrow(/chiffré dans .*reglages\.json.*ACI_DATABASE_URL/);
      expect(existsSync(join(dir, DB_FILE))).toBe(false);
      // ACI_DATABASE_URL wins: the app starts on the server without the file's password.
      const fromEnv = await startData(dir, 'browser', undefined, { ACI_DATABASE_URL: url });
      try {
        expect(fromEnv.database).toMatchObject({ engine: 'postgres', source: 'env' });
      } finally {
        await fromEnv.opened.close();
      }
    } finally {
      await database.drop();
    }
  }, 120_000);
});
