import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';

// Issue 14, item 10a: a relay URL with credentials in it was stored and shown in clear
// (sync_state, audit, exports, backups, sync:status, dashboard:stats).
describe('a relay URL with a user name or password in it is refused', () => {
  let core: TestCore;
  beforeEach(async () => {
    core = await makeCore();
  });
  afterEach(() => core.dispose());

  const SECRET = 'brly_SECRET_TOKEN_1234567890';
  const storedAnywhere = () => {
    const tables = core.store.raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[];
    return tables.some(({ name }) => JSON.stringify(core.store.raw.prepare(`SELECT * FROM "${name}"`).all()).includes(SECRET));
  };

  it.each([
    `http://user:${SECRET}@relay.example.org`,
    `https://:${SECRET}@relay.example.org/`,
    `https://${SECRET}@relay.example.org/v1`,
    `HTTPS://office:${SECRET}@relay.example.org:8443/`,
  ])('%s: VALIDATION naming the URL, nothing stored', async (url) => {
    const e = await core.fail('settings:relay', { requestId: rid(), url, token: 'brly_device_token_value' });
    expect(e.code).toBe('VALIDATION');
    expect(e.fields?.url).toMatch(/user name or password/);
    expect(e.message).not.toContain(SECRET);
    expect(storedAnywhere()).toBe(false);
    expect((await core.ok('sync:status', {})).relayUrl).toBeNull();
  });

  it('a plain URL (an @ in its path included) is still accepted', async () => {
    for (const url of ['https://relay.example.org', 'http://127.0.0.1:8787/', 'https://relay.example.org/org/a@b']) {
      const saved = await core.ok('settings:relay', { requestId: rid(), url, token: null });
      expect(saved.url).toBe(url);
    }
  });
});
