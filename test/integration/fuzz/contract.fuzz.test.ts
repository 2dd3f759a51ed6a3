import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allHandlers } from '../../../electron/core/allHandlers';
import type { Session } from '../../../electron/core';
import { hashSecret } from '../../../electron/services/auth/passwords';
import { insertUser } from '../../../electron/services/auth/usersRepo';
import { channelNames, contract, isChannel } from '../../../shared/contract';
import type { Channel } from '../../../shared/contract';
import { errorCodes } from '../../../shared/result';
import { channelExamples } from '../../support/channelExamples';
import { makeCore, rid, tempDir } from '../../support/core';
import type { TestCore } from '../../support/core';
import { fileContentHash, writeMarker } from '../../support/dbHash';
import { hostileKey, hostileValue, withKey } from '../../support/fuzz/hostileArbitrary';
import { arbitraryFor } from '../../support/fuzz/schemaArbitrary';
import { objectStringPaths, setPath, stringPaths } from '../../support/zodWalk';

/**
 * Every channel in the contract, enumerated at run time, gets arbitrary and hostile input.
 * `npm test` runs a few thousand cases; `npm run fuzz` sets FUZZ_RUNS=100000. FUZZ_SEED
 * replays a run (the seed is printed, and fast-check prints the failing case).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 4000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const UNKNOWN_CHANNELS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'app:', ':', 'settings:get ', 'SETTINGS:GET', 'x'.repeat(10_000)];

const kindOf = new Map<string, string>();
for (const map of allHandlers) for (const [name, def] of Object.entries(map)) kindOf.set(name, (def as { kind: string }).kind);

type Mode = 'valid' | 'boundary' | 'mutated' | 'hostile' | 'wrongTypes';
type FuzzCase = {
  channel: string;
  mode: Mode;
  as: 'admin' | 'cashier' | 'none';
  schemaValue: unknown;
  hostile: unknown;
  key: string;
  pick: number;
  op: 'replace' | 'delete' | 'addKey';
};

/** Built once the examples are known: `valid` inputs borrow their unreadable refinements (currency codes…) from them. */
function caseArbitrary(examples: Map<string, unknown>): fc.Arbitrary<FuzzCase> {
  const cache = new Map<string, fc.Arbitrary<unknown>>();
  return fc
    .record({
      channel: fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...channelNames) }, { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_CHANNELS) }),
      mode: fc.constantFrom<Mode>('valid', 'valid', 'boundary', 'boundary', 'mutated', 'hostile', 'wrongTypes'),
      as: fc.constantFrom<FuzzCase['as']>('admin', 'admin', 'admin', 'cashier', 'none'),
      hostile: hostileValue,
      key: hostileKey,
      pick: fc.nat(),
      op: fc.constantFrom<FuzzCase['op']>('replace', 'replace', 'delete', 'addKey'),
    })
    .chain((c) => {
      if (!isChannel(c.channel)) return fc.constant({ ...c, schemaValue: {} });
      // A valid login costs a password hash (~50 ms): draw those one time in ten.
      const slowValid = c.mode === 'valid' && channelExamples[c.channel]?.slow === true;
      const kind = slowValid ? 'slowValid' : c.mode === 'valid' ? 'valid' : 'boundary';
      return schemaArb(c.channel, kind).map((schemaValue) => ({ ...c, schemaValue }));
    });

  // Building an arbitrary costs far more than drawing from one: one per channel and kind.
  function schemaArb(channel: Channel, kind: 'valid' | 'boundary' | 'slowValid'): fc.Arbitrary<unknown> {
    const key = `${channel}\n${kind}`;
    let arb = cache.get(key);
    if (!arb) {
      const input = contract[channel].input;
      const example = examples.get(channel);
      arb = kind === 'slowValid'
        ? fc.oneof({ weight: 9, arbitrary: arbitraryFor(input, 'boundary', example) }, { weight: 1, arbitrary: arbitraryFor(input, 'valid', example) })
        : arbitraryFor(input, kind, example);
      cache.set(key, arb);
    }
    return arb;
  }
}

describe(`contract fuzzing: ${channelNames.length} channels`, () => {
  let core: TestCore;
  const scratchDir = tempDir('bursar-fuzz-files-');
  let cashier: Session;
  const internalErrors: string[] = [];
  const tally = new Map<string, Record<string, number>>();
  const protoNames = () => [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join(',')).join('|');
  let protoBefore = '';
  const examples = new Map<string, unknown>();

  beforeAll(async () => {
    core = await makeCore({ logError: (message, error) => internalErrors.push(`${message}: ${error instanceof Error ? error.message : String(error)}`) });
    const user = insertUser(core.store, { username: 'cashier1', displayName: 'Cashier One', role: 'cashier', passwordHash: hashSecret('cashier-pass') }, new Date());
    cashier = core.sessionFor(user.id);
    protoBefore = protoNames();
    for (const channel of channelNames) {
      const example = channelExamples[channel];
      if (example) examples.set(channel, await example.input({ rid, ok: (ch, i) => core.ok(ch as Channel, i as never) }));
    }
  });

  afterAll(() => {
    const lines = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([ch, counts]) => `  ${ch.slice(0, 40).padEnd(40)} ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    const total = [...tally.values()].reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0);
    console.log(`fuzz: ${total} cases over ${channelNames.length} channels (seed ${SEED}), 0 crashes, ${internalErrors.length} INTERNAL\n${lines.join('\n')}`);
    core?.dispose();
    rmSync(scratchDir, { recursive: true, force: true });
  });

  async function buildInput(c: FuzzCase): Promise<unknown> {
    const confine = isChannel(c.channel) ? channelExamples[c.channel]?.confine : undefined;
    const raw = await buildRawInput(c);
    return confine ? confine(raw, scratchDir) : raw;
  }

  async function buildRawInput(c: FuzzCase): Promise<unknown> {
    switch (c.mode) {
      case 'valid':
      case 'boundary':
        return c.schemaValue;
      case 'hostile':
        return c.hostile;
      case 'wrongTypes': {
        const base = c.schemaValue && typeof c.schemaValue === 'object' ? c.schemaValue : {};
        const keys = Object.keys(base);
        return withKey(base, keys.length ? (keys[c.pick % keys.length] as string) : c.key, c.hostile);
      }
      case 'mutated': {
        const example = isChannel(c.channel) ? channelExamples[c.channel] : undefined;
        const valid = example ? await example.input({ rid, ok: (ch, i) => core.ok(ch as Channel, i as never) }) : c.schemaValue;
        if (c.op === 'addKey') return withKey(valid, c.key, c.hostile);
        const paths = [[], ...stringPaths(valid), ...leafKeys(valid)];
        const path = paths[c.pick % paths.length] ?? [];
        if (c.op === 'delete' && path.length > 0) return setPath(valid, path, undefined);
        return setPath(valid, path, c.hostile);
      }
    }
  }

  it(`answers ${RUNS} arbitrary inputs with a result or a typed error, never polluting or writing on error`, async () => {
    let lastHash = fileContentHash(core.store.raw, core.store.file);
    let lastMarker = writeMarker(core.store.raw);
    await fc.assert(
      fc.asyncProperty(caseArbitrary(examples), async (c) => {
        const input = await buildInput(c);
        // A mutated example may first create what it refers to (a product, a payment): those
        // writes are the setup's, not the fuzzed call's, so the baseline moves past them.
        const afterSetup = writeMarker(core.store.raw);
        if (afterSetup !== lastMarker) {
          lastMarker = afterSetup;
          lastHash = fileContentHash(core.store.raw, core.store.file);
        }
        const session = c.as === 'admin' ? core.admin : c.as === 'cashier' ? cashier : null;
        const internalBefore = internalErrors.length;
        const result = await core.invoke(c.channel, input, session);
        // Background work a call started (an export reading its snapshot) ends before the file is hashed.
        await core.services.jobs.idle();

        const name = isChannel(c.channel) ? c.channel : '(unknown channels)';
        const counts = tally.get(name) ?? {};
        const label = result.ok ? 'ok' : result.error.code;
        counts[label] = (counts[label] ?? 0) + 1;
        tally.set(name, counts);

        if (result.ok) {
          expect(Object.keys(result).sort()).toEqual(['ok', 'value']);
        } else {
          expect(errorCodes).toContain(result.error.code);
          expect(typeof result.error.message).toBe('string');
          expect(result.error.message.length).toBeLessThan(5_000);
          expect(result.error.message).not.toMatch(/\n\s+at .+:\d+:\d+/);
          for (const v of Object.values(result.error.fields ?? {})) expect(typeof v).toBe('string');
          expect(result.error.code, `INTERNAL on ${c.channel}: ${internalErrors.slice(internalBefore).join('; ')}`).not.toBe('INTERNAL');
        }
        expect(protoNames()).toBe(protoBefore);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();

        // The file hash (a checkpoint and a read) only when a statement could have written.
        const marker = writeMarker(core.store.raw);
        if (marker === lastMarker) return;
        lastMarker = marker;
        const hash = fileContentHash(core.store.raw, core.store.file);
        if (hash !== lastHash) {
          expect(result.ok, `${c.channel} failed but changed the database`).toBe(true);
          expect(kindOf.get(c.channel), `${c.channel} is a query but changed the database`).not.toBe('query');
        }
        lastHash = hash;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // A budget, not a speed claim: 4,000 cases take ~25 s on a quiet CI machine and minutes on a loaded one.
  }, Math.max(600_000, RUNS * 150));
  // Issue 14, item 9: a 10 MB value once answered INTERNAL (a regex overflowed its stack).
  it('a 10 MB string in any string field of any channel answers VALIDATION naming that field, never INTERNAL', async () => {
    const LONG = 'k'.repeat(10 * 1024 * 1024);
    let tried = 0;
    const failures: string[] = [];
    const tryLong = async (channel: Channel, field: string, input: unknown, session: Session | null) => {
      const internalBefore = internalErrors.length;
      const r = await core.invoke(channel, input, session);
      tried += 1;
      const named = r.ok ? [] : Object.keys(r.error.fields ?? {}).filter((k) => k === field || field.startsWith(`${k}.`));
      if (r.ok || r.error.code !== 'VALIDATION' || named.length === 0) {
        const why = r.ok ? 'accepted' : `${r.error.code} ${JSON.stringify(r.error.fields ?? {}).slice(0, 200)} ${internalErrors.slice(internalBefore).join('; ').slice(0, 200)}`;
        failures.push(`${channel} ${field}: ${why}`);
      }
    };
    for (const channel of channelNames) {
      const example = channelExamples[channel];
      const input = contract[channel].input;
      const session = example?.as === 'none' ? null : example?.as === 'cashier' ? cashier : core.admin;
      // The example, and a few schema-made valid inputs (for optional fields and channels without one).
      const bases = [...(examples.has(channel) ? [examples.get(channel)] : []), ...fc.sample(arbitraryFor(input, 'valid', examples.get(channel)), { numRuns: 4, seed: SEED })]
        .map((base) => (example?.confine ? example.confine(base, scratchDir) : base));
      // Every string in those, and every string field reachable through objects (optional and nullable ones too).
      const targets = bases.flatMap((base) => stringPaths(base).map((path) => ({ base, path })));
      for (const path of objectStringPaths(input)) targets.push({ base: bases[0] ?? {}, path });
      const seen = new Set<string>();
      for (const { base, path } of targets) {
        const field = path.join('.');
        if (seen.has(field)) continue;
        seen.add(field);
        // Plain, and after the field's own valid start, so a pattern matches all the way (the Stripe key's did).
        const own = path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), base);
        for (const value of typeof own === 'string' ? [LONG, own + LONG] : [LONG]) await tryLong(channel, field, setPath(base, path, value), session);
      }
    }
    console.log(`long strings: ${tried} values over ${channelNames.length} channels`);
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThan(channelNames.length);
  }, 300_000);
});

/** Paths of every non-string leaf too, so numbers and booleans get replaced as well. */
function leafKeys(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? [] : path.length ? [path] : [];
  return Object.entries(value).flatMap(([k, v]) => leafKeys(v, [...path, Array.isArray(value) ? Number(k) : k]));
}
