import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames } from '../../../shared/contract';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';

describe('bad input through invoke', () => {
  let core: TestCore;
  const contentHash = () => {
    core.store.raw.pragma('wal_checkpoint(TRUNCATE)');
    return createHash('sha256').update(readFileSync(core.store.file)).digest('hex');
  };
  beforeAll(async () => {
    core = await makeCore();
  });
  afterAll(() => core.dispose());

  it('an unknown channel is NOT_FOUND', async () => {
    const e = await core.fail('money:print', {});
    expect(e.code).toBe('NOT_FOUND');
    expect((await core.fail('__proto__', {})).code).toBe('NOT_FOUND');
    expect((await core.fail('constructor', {})).code).toBe('NOT_FOUND');
  });

  const cases: [string, unknown][] = [
    ['null', null],
    ['a number', 42],
    ['a string', 'officeName=x'],
    ['an array', [{ requestId: 'abcdefgh' }]],
    ['a wrong type', { requestId: 12345678, patch: { officeName: 7 } }],
    ['an extra unknown field', { requestId: 'abcdefgh-1', patch: { officeName: 'x' }, sneaky: true }],
    ['a 1 MB string', { requestId: 'abcdefgh-2', patch: { officeName: 'x'.repeat(1024 * 1024) } }],
    ['a prototype-pollution key', JSON.parse('{"requestId":"abcdefgh-3","patch":{"__proto__":{"admin":true}}}')],
    ['a missing requestId', { patch: { officeName: 'x' } }],
  ];

  it.each(cases)('settings:update with %s is a VALIDATION error and writes nothing', async (_label, input) => {
    const before = contentHash();
    const e = await core.fail('settings:update', input);
    expect(e.code).toBe('VALIDATION');
    expect(e.message.length).toBeLessThan(2000);
    expect(JSON.stringify(e)).not.toMatch(/at .*\.ts:\d+/);
    expect(contentHash()).toBe(before);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('every channel answers null and garbage with a typed error, never a crash', async () => {
    for (const channel of channelNames) {
      for (const input of [null, 'x', 1, [], { ['x'.repeat(100)]: 'y'.repeat(100_000) }]) {
        const r = await core.invoke(channel, input, core.admin);
        if (!r.ok) expect(['VALIDATION', 'FORBIDDEN', 'CONFLICT', 'NOT_FOUND']).toContain(r.error.code);
      }
    }
  });

  it('a replayed requestId from another channel is a CONFLICT', async () => {
    const requestId = rid();
    await core.ok('settings:update', { requestId, patch: { officeName: 'A' } });
    const e = await core.fail('auth:setup', { requestId, username: 'someone', displayName: 'X', password: 'pass-word' }, null);
    expect(['CONFLICT']).toContain(e.code);
  });
});
