// The "Base partagée" password in reglages.json: with a secret box (the desktop app's safeStorage,
// faked here by a reversible transformation) the file holds the URL without its password and the
// password encrypted; the URL comes back whole to connect. Without a box the setting is kept as
// before (clear); an encrypted password with no box to read it is a French error naming the file.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  installSecretBox,
  maskedSharedDatabaseUrl,
  readSettings,
  savedSharedDatabase,
  SETTINGS_FILE,
  SettingsFileError,
  sharedDatabaseUrl,
  writeSharedDatabaseUrl,
  type SecretBox,
} from '../../../electron/settings';
import { selectDatabase } from '../../../electron/runtime';

/** "Encrypts" by reversing the text and shifting each character: reversible, and the clear text never appears. */
const fakeBox: SecretBox = {
  encrypt: (text) => Buffer.from([...text].reverse().map((c) => String.fromCharCode(c.charCodeAt(0) + 1)).join('')).toString('base64'),
  decrypt: (base64) => [...Buffer.from(base64, 'base64').toString()].map((c) => String.fromCharCode(c.charCodeAt(0) - 1)).reverse().join(''),
};

const dir = (): string => mkdtempSync(join(tmpdir(), 'aci-secret-'));
const file = (d: string): string => readFileSync(join(d, SETTINGS_FILE), 'utf8');

afterEach(() => installSecretBox(null));

describe('reglages.json with a secret box', () => {
  it('never holds the password; the URL comes back whole', () => {
    const d = dir();
    const url = 'postgres://equipe:motdepasse@cpam.example:5432/aci';
    writeSharedDatabaseUrl(d, url, fakeBox);
    expect(file(d)).not.toContain('motdepasse');
    expect(file(d)).not.toContain(Buffer.from('motdepasse').toString('base64'));
    const stored = readSettings(d);
    expect(stored.sharedDatabaseUrl).toBe('postgres://equipe@cpam.example:5432/aci');
    expect(stored.sharedDatabasePasswordEncrypted).toBe(fakeBox.encrypt('motdepasse'));
    expect(sharedDatabaseUrl(d, fakeBox)).toBe(url);
    expect(maskedSharedDatabaseUrl(savedSharedDatabase(d)!)).toBe('postgres://equipe:***@cpam.example:5432/aci');
  });

  it('keeps a password with reserved characters exactly (as the URL spells it)', () => {
    const d = dir();
    const u = new URL('postgres://equipe@cpam/aci');
    u.password = encodeURIComponent('p@ss:w/rd%é');
    writeSharedDatabaseUrl(d, u.toString(), fakeBox);
    expect(file(d)).not.toContain(u.password);
    const back = new URL(sharedDatabaseUrl(d, fakeBox)!);
    expect(decodeURIComponent(back.password)).toBe('p@ss:w/rd%é');
    expect(back.toString()).toBe(u.toString());
  });

  it('stores a URL without password as given, and a new save or removal drops an old encrypted password', () => {
    const d = dir();
    writeFileSync(join(d, SETTINGS_FILE), JSON.stringify({ autre: 1 }));
    writeSharedDatabaseUrl(d, 'postgres://equipe:ancien@cpam/aci', fakeBox);
    writeSharedDatabaseUrl(d, 'postgres://equipe@cpam/aci', fakeBox);
    expect(JSON.parse(file(d))).toEqual({ autre: 1, sharedDatabaseUrl: 'postgres://equipe@cpam/aci' });
    writeSharedDatabaseUrl(d, 'postgres://equipe:ancien@cpam/aci', fakeBox);
    writeSharedDatabaseUrl(d, null, fakeBox);
    expect(JSON.parse(file(d))).toEqual({ autre: 1 });
  });

  it('the installed box is the one used by default, and selectDatabase connects with the password', () => {
    const d = dir();
    installSecretBox(fakeBox);
    writeSharedDatabaseUrl(d, 'postgres://equipe:motdepasse@cpam:5432/aci');
    expect(file(d)).not.toContain('motdepasse');
    expect(selectDatabase(d, {})).toEqual({ engine: 'postgres', url: 'postgres://equipe:motdepasse@cpam:5432/aci', source: 'settings' });
  });

  it('refuses, in French and writing nothing, a URL whose password cannot be told apart', () => {
    const d = dir();
    expect(() => writeSharedDatabaseUrl(d, 'postgres://equipe:mot de passe@[cpam/aci', fakeBox)).toThrow(/^Adresse illisible.*Rien n’a été enregistré/);
    expect(() => file(d)).toThrow();
  });
});

describe('reglages.json without a secret box (browser mode, CLI)', () => {
  it('keeps the URL as given, as before', () => {
    const d = dir();
    writeSharedDatabaseUrl(d, 'postgres://equipe:motdepasse@cpam/aci');
    expect(JSON.parse(file(d))).toEqual({ sharedDatabaseUrl: 'postgres://equipe:motdepasse@cpam/aci' });
    expect(sharedDatabaseUrl(d)).toBe('postgres://equipe:motdepasse@cpam/aci');
  });

  it('an encrypted password it cannot read: a French error naming the file and what to do, never a URL without password', () => {
    const d = dir();
    writeSharedDatabaseUrl(d, 'postgres://equipe:motdepasse@cpam/aci', fakeBox);
    const path = join(d, SETTINGS_FILE);
    let error: unknown;
    try {
      selectDatabase(d, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsFileError);
    const message = (error as Error).message;
    expect(message).toContain(`Le mot de passe de la base partagée est chiffré dans ${path} par l’application de bureau`);
    expect(message).toMatch(/ACI_DATABASE_URL=postgres:\/\/.*enregistrez à nouveau l’adresse dans « Base partagée »/);
    expect(() => sharedDatabaseUrl(d, null)).toThrow(SettingsFileError);
    // ACI_DATABASE_URL wins: the file's password is not needed then.
    expect(selectDatabase(d, { ACI_DATABASE_URL: 'postgres://equipe:motdepasse@cpam/aci' })).toMatchObject({ source: 'env' });
    // What may be shown stays available, masked.
    expect(maskedSharedDatabaseUrl(savedSharedDatabase(d)!)).toBe('postgres://equipe:***@cpam/aci');
  });

  it('a box that cannot decrypt (keychain changed): a French error too', () => {
    const d = dir();
    writeSharedDatabaseUrl(d, 'postgres://equipe:motdepasse@cpam/aci', fakeBox);
    const broken: SecretBox = { encrypt: fakeBox.encrypt, decrypt: () => { throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'); } };
    expect(() => sharedDatabaseUrl(d, broken)).toThrow(/^Le mot de passe chiffré de la base partagée \(.*reglages\.json\) n’a pas pu être déchiffré.*ACI_DATABASE_URL/);
  });

  it('a damaged encrypted field is named', () => {
    const d = dir();
    writeFileSync(join(d, SETTINGS_FILE), JSON.stringify({ sharedDatabaseUrl: 'postgres://equipe@cpam/aci', sharedDatabasePasswordEncrypted: 12 }));
    expect(() => readSettings(d)).toThrow(/Réglages invalides.*« sharedDatabasePasswordEncrypted »/);
  });
});
