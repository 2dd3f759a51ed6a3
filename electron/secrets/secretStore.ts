import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Turns a secret into bytes for disk and back. In the desktop app this is Electron's
 * safeStorage (the OS keychain / DPAPI / libsecret); in plain Node (tests, the browser
 * host) it is the identity, and the file's 0600 mode is the only protection.
 */
export type SecretCipher = {
  readonly encrypted: boolean;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
};

export const plainCipher: SecretCipher = {
  encrypted: false,
  encrypt: (plain) => Buffer.from(plain, 'utf8'),
  decrypt: (data) => data.toString('utf8'),
};

/** Secrets (the Stripe key, the relay token) live here, never in the SQLite store or a channel's answer. */
export type SecretStore = {
  get(name: SecretName): string | null;
  set(name: SecretName, value: string | null): void;
  readonly encrypted: boolean;
};

/** `office.key` is the derived office key (base64url), `office.token` this desk's token at the office hub. */
export const secretNames = ['stripe.secretKey', 'relay.token', 'office.token', 'office.key', 'mail.password'] as const;
export type SecretName = (typeof secretNames)[number];

export function createFileSecretStore(dir: string, cipher: SecretCipher = plainCipher): SecretStore {
  const file = (name: SecretName) => join(dir, `${name}.secret`);
  const cache = new Map<SecretName, string | null>();
  return {
    encrypted: cipher.encrypted,
    get(name) {
      if (cache.has(name)) return cache.get(name) ?? null;
      const value = existsSync(file(name)) ? cipher.decrypt(readFileSync(file(name))) : null;
      cache.set(name, value);
      return value;
    },
    set(name, value) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (value === null) rmSync(file(name), { force: true });
      else {
        writeFileSync(file(name), cipher.encrypt(value), { mode: 0o600 });
        chmodSync(file(name), 0o600);
      }
      cache.set(name, value);
    },
  };
}

/** The last four characters, for showing that a secret is set without showing it. */
export const last4 = (secret: string | null): string | null => (secret ? secret.slice(-4) : null);
