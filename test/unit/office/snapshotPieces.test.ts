import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { SNAPSHOT_CHUNK_MAX_BYTES } from '../../../shared/relay/journalWire';
import { PIECE_ZIPPED_MAX_BYTES, writePieces } from '../../../electron/office/transport/snapshots';

const dir = mkdtempSync(join(tmpdir(), 'bursar-pieces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a piece that gzip cannot shrink below the hub cap is cut in two, and every line comes back in order', async () => {
  // 400 lines of 30 KB of random text: 12 MB that gzip barely shrinks, so one 16 MB piece would not fit.
  const lines = Array.from({ length: 400 }, (_, i) => `${i}:${randomBytes(22_500).toString('base64')}`);
  const file = join(dir, 'up.bin');
  const pieces = await writePieces(lines, file, 16_000_000);
  expect(pieces.length).toBeGreaterThan(1);
  // Sealed (nonce + tag, base64url), each piece stays under what the hub takes.
  for (const z of pieces) {
    expect(z).toBeLessThanOrEqual(PIECE_ZIPPED_MAX_BYTES);
    expect(Math.ceil(((z + 28) * 4) / 3)).toBeLessThan(SNAPSHOT_CHUNK_MAX_BYTES);
  }
  const bytes = readFileSync(file);
  const back: string[] = [];
  let at = 0;
  for (const z of pieces) {
    back.push(...gunzipSync(bytes.subarray(at, at + z)).toString('utf8').split('\n').filter((l) => l.length > 0));
    at += z;
  }
  expect(back).toEqual(lines);
});
