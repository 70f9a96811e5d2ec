// The desktop app's secret box for reglages.json (electron/settings.ts): Electron's safeStorage,
// which encrypts with the OS (Keychain on macOS, DPAPI on Windows, the Secret Service / KWallet on
// Linux). Only its type comes from electron, so this file is testable without the binary.
import type { SafeStorage } from 'electron';
import type { SecretBox } from './settings';

export function safeStorageBox(storage: Pick<SafeStorage, 'encryptString' | 'decryptString'>): SecretBox {
  return {
    encrypt: (text) => storage.encryptString(text).toString('base64'),
    decrypt: (base64) => storage.decryptString(Buffer.from(base64, 'base64')),
  };
}

/** The box main installs once the app is ready, or null when the OS offers no encryption. */
export function desktopSecretBox(storage: Pick<SafeStorage, 'encryptString' | 'decryptString' | 'isEncryptionAvailable'>): SecretBox | null {
  return storage.isEncryptionAvailable() ? safeStorageBox(storage) : null;
}
