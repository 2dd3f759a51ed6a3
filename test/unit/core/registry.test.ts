import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { buildRegistry } from '../../../electron/core/registry';
import { mergeContracts } from '../../../shared/contract/define';
import { contract } from '../../../shared/contract';
import { allHandlers } from '../../../electron/core/allHandlers';

const noop = { kind: 'query' as const, access: 'public' as const, run: () => ({}) };

describe('handler registration', () => {
  it('throws when a channel is registered twice', () => {
    expect(() => buildRegistry(['a:get'], [{ 'a:get': noop } as never, { 'a:get': noop } as never])).toThrow(/a:get is registered twice/);
  });

  it('throws when a contract channel has no handler', () => {
    expect(() => buildRegistry(['a:get', 'a:set'], [{ 'a:get': noop } as never])).toThrow(/without a handler: a:set/);
  });

  it('throws when a handler names a channel the contract lacks', () => {
    expect(() => buildRegistry(['a:get'], [{ 'a:get': noop, 'b:get': noop } as never])).toThrow(/b:get, which is not in the contract/);
  });

  it('covers the real contract exactly', () => {
    const registry = buildRegistry(Object.keys(contract), allHandlers);
    expect(registry.channels().sort()).toEqual(Object.keys(contract).sort());
  });

  it('refuses a contract defining a channel twice or a badly named channel', () => {
    const spec = { summary: 'x', input: z.object({}), output: z.object({}) };
    expect(() => mergeContracts({ 'a:get': spec }, { 'a:get': spec })).toThrow(/defined twice/);
    expect(() => mergeContracts({ 'A-get': spec })).toThrow(/not named domain:verb/);
  });

  it('never runs a handler whose input fails its schema', async () => {
    const { settingsHandlers } = await import('../../../electron/services/settings/handlers');
    const original = settingsHandlers['settings:update'].run;
    const run = vi.fn(original);
    (settingsHandlers['settings:update'] as { run: unknown }).run = run;
    const { makeCore, rid } = await import('../../support/core');
    const core = await makeCore();
    try {
      const bad = await core.invoke('settings:update', { requestId: rid(), patch: { deskCode: 'no good' } }, core.admin);
      expect(bad.ok).toBe(false);
      expect(run).not.toHaveBeenCalled();
      await core.invoke('settings:update', { requestId: rid(), patch: { deskCode: 'GOOD1' } }, core.admin);
      expect(run).toHaveBeenCalledTimes(1);
    } finally {
      (settingsHandlers['settings:update'] as { run: unknown }).run = original;
      core.dispose();
    }
  });
});
