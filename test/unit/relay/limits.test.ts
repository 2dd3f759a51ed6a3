import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, LIMIT_KEYS, limitEnv, limitFlag, limitsFrom } from '../../../relay/limits';
import { pageCut } from '../../../relay/pageStream';

describe('relay limits', () => {
  it('lists every limit in relay/README.md with its flag, variable and default', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../../relay/README.md'), 'utf8');
    for (const key of LIMIT_KEYS) {
      const row = readme.split('\n').find((l) => l.includes(`\`--${limitFlag(key)}\``));
      expect(row, key).toBeDefined();
      expect(row).toContain(`\`${limitEnv(key)}\``);
      expect(row).toContain(`| ${DEFAULT_LIMITS[key]}`);
    }
  });

  it('reads flags before the environment, and names the flag of a bad value', () => {
    expect(limitsFrom({ 'page-max-bytes': '10' }, { RELAY_PAGE_MAX_BYTES: '20', RELAY_TRUSTED_PROXIES: '2' })).toEqual({ pageMaxBytes: 10, trustedProxies: 2 });
    expect(() => limitsFrom({}, { RELAY_IDLE_TIMEOUT_MS: '1.5' })).toThrow(/--idle-timeout-ms/);
  });
});

describe('pageCut', () => {
  it('takes what fits in the byte cap, at most the limit, never fewer than one', () => {
    expect(pageCut([], 500, 100)).toEqual({ take: 0, hasMore: false });
    expect(pageCut([1000, 1], 500, 100)).toEqual({ take: 1, hasMore: true });
    expect(pageCut([40, 40, 40], 500, 100)).toEqual({ take: 2, hasMore: true });
    expect(pageCut([40, 60], 500, 100)).toEqual({ take: 2, hasMore: false });
    expect(pageCut([1, 1, 1], 2, 100)).toEqual({ take: 2, hasMore: true });
  });
});
