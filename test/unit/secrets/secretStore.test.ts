import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileSecretStore, last4 } from '../../../electron/secrets/secretStore';
import type { SecretCipher } from '../../../electron/secrets/secretStore';
import { tempDir } from '../../support/core';

// Stands in for Electron's safeStorage: any reversible transformation that hides the text.
const xorCipher: SecretCipher = {
  encrypted: true,
  encrypt: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decrypt: (data) => Buffer.from(data.map((b) => b ^ 0x5a)).toString('utf8'),
};

describe('file secret store', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('keeps secrets through the cipher, readable only by the owner, and removes them on null', () => {
    const dir = tempDir();
    dirs.push(dir);
    const store = createFileSecretStore(dir, xorCipher);
    store.set('stripe.secretKey', 'sk_test_supersecretvalue');
    const file = join(dir, 'stripe.secretKey.secret');
    expect(readFileSync(file).toString('utf8')).not.toContain('supersecret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(createFileSecretStore(dir, xorCipher).get('stripe.secretKey')).toBe('sk_test_supersecretvalue');
    expect(store.encrypted).toBe(true);
    store.set('stripe.secretKey', null);
    expect(createFileSecretStore(dir, xorCipher).get('stripe.secretKey')).toBeNull();
    expect(last4('sk_test_abcd1234')).toBe('1234');
    expect(last4(null)).toBeNull();
  });
});
