import { describe, expect, it } from 'vitest';
import { openEntry, sealEntry } from '../../../electron/office/transport/entrySeal';
import { DEFAULT_KDF, deriveOfficeKey, keyCheckOpens, makeKeyCheck, newKdf, open, seal, SealError } from '../../../electron/office/transport/officeKey';
import { journalAad, keyCheckAad, KEY_CHECK_PLAINTEXT } from '../../../shared/relay/journalWire';
import type { JournalEntryOut } from '../../../shared/relay/journalWire';

const OFFICE = 'off_test';
const kdf = newKdf();
const derived = new Map<string, Promise<Buffer>>();
/** Each passphrase derived once: scrypt is meant to be slow. */
const keyOf = (pass: string): Promise<Buffer> => {
  if (!derived.has(pass)) derived.set(pass, deriveOfficeKey(pass, kdf));
  return derived.get(pass) as Promise<Buffer>;
};
const body = new TextEncoder().encode('{"payment":"pay_1","amount":4200}');
const outgoing = { id: 'j_1', desk: 'desk_a', deskSeq: 7, body };
const asServed = (e: ReturnType<typeof sealEntry>, cursor = 12): JournalEntryOut => ({ ...e, cursor, received_at: 1 });

/** Flips one bit of the decoded bytes at `at` (negative: from the end). */
function flip(ct: string, at: number): string {
  const bytes = Buffer.from(ct, 'base64url');
  const i = at < 0 ? bytes.length + at : at;
  bytes[i] = (bytes[i] as number) ^ 1;
  return bytes.toString('base64url');
}

describe('office key', () => {
  it('derives the same key from the same passphrase and salt, another from another passphrase or salt', async () => {
    const a = await keyOf('correct horse battery');
    expect(a).toHaveLength(32);
    expect((await deriveOfficeKey('correct horse battery', kdf)).equals(a)).toBe(true);
    expect((await keyOf('correct horse batterY')).equals(a)).toBe(false);
    expect((await deriveOfficeKey('correct horse battery', newKdf())).equals(a)).toBe(false);
    expect(kdf).toMatchObject({ alg: 'scrypt', ...DEFAULT_KDF });
  });

  it('refuses key parameters too weak or too large to be an office key', async () => {
    await expect(deriveOfficeKey('pass phrase', { ...kdf, N: 1024 })).rejects.toThrow(SealError);
    await expect(deriveOfficeKey('pass phrase', { ...kdf, N: 2 ** 15 + 1 })).rejects.toThrow(SealError);
    await expect(deriveOfficeKey('pass phrase', { ...kdf, N: 2 ** 22, r: 8 })).rejects.toThrow(/too weak or too large/);
  });

  it('seals as nonce ‖ ciphertext ‖ tag with a fresh nonce each time, and opens with the same key and associated data', async () => {
    const key = await keyOf('correct horse battery');
    const a = seal(key, 'aad', body);
    const b = seal(key, 'aad', body);
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url')).toHaveLength(12 + body.length + 16);
    expect(new Uint8Array(open(key, 'aad', a))).toEqual(body);
  });

  it('refuses tampered ciphertext, nonce or tag', async () => {
    const key = await keyOf('correct horse battery');
    const sealed = sealEntry(key, OFFICE, outgoing);
    for (const at of [0, 11, 12, 20, -1]) {
      expect(() => openEntry(key, OFFICE, asServed({ ...sealed, ct: flip(sealed.ct, at) }))).toThrow(SealError);
    }
    expect(() => openEntry(key, OFFICE, asServed({ ...sealed, ct: sealed.ct.slice(0, 20) }))).toThrow(/too short|does not open/);
  });

  it('refuses a ciphertext replayed under another id, desk, desk sequence or office', async () => {
    const key = await keyOf('correct horse battery');
    const sealed = sealEntry(key, OFFICE, outgoing);
    expect(Buffer.from(openEntry(key, OFFICE, asServed(sealed)).body)).toEqual(Buffer.from(body));
    for (const moved of [{ ...sealed, id: 'j_2' }, { ...sealed, desk: 'desk_b' }, { ...sealed, desk_seq: 8 }]) {
      expect(() => openEntry(key, OFFICE, asServed(moved))).toThrow(/was refused: it does not open/);
    }
    expect(() => openEntry(key, 'off_other', asServed(sealed))).toThrow(SealError);
    // The hub's cursor is not bound: the same entry may be served at any position.
    expect(openEntry(key, OFFICE, asServed(sealed, 99)).cursor).toBe(99);
    expect(journalAad(OFFICE, sealed)).toBe('bursar-journal-v1|off_test|j_1|desk_a|7');
  });

  it('refuses a wrong key, and the error names the entry, not its contents', async () => {
    const key = await keyOf('correct horse battery');
    const wrong = await keyOf('wrong passphrase!!');
    const sealed = sealEntry(key, OFFICE, outgoing);
    let message = '';
    try {
      openEntry(wrong, OFFICE, asServed(sealed));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/Entry j_1 from desk desk_a \(hub position 12\) was refused/);
    expect(message).not.toMatch(/pay_1/);
  });

  it('key check: opens with the office key only, and only for its office', async () => {
    const key = await keyOf('correct horse battery');
    const keys = { kdf, key_check: makeKeyCheck(key, OFFICE) };
    expect(open(key, keyCheckAad(OFFICE), keys.key_check).toString()).toBe(KEY_CHECK_PLAINTEXT);
    expect(keyCheckOpens(key, OFFICE, keys)).toBe(true);
    expect(keyCheckOpens(await keyOf('wrong passphrase!!'), OFFICE, keys)).toBe(false);
    expect(keyCheckOpens(key, 'off_other', keys)).toBe(false);
    expect(keyCheckOpens(key, OFFICE, { kdf, key_check: flip(keys.key_check, 14) })).toBe(false);
    // A sealed entry is not a key check, even with the same key.
    expect(keyCheckOpens(key, OFFICE, { kdf, key_check: sealEntry(key, OFFICE, outgoing).ct })).toBe(false);
  });
});
