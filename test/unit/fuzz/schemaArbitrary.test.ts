import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelNames, contract } from '../../../shared/contract';
import { channelExamples } from '../../support/channelExamples';
import { arbitraryFor } from '../../support/fuzz/schemaArbitrary';

const env = { rid: (label = 'req') => `${label}-example-0001`, ok: async () => ({}) };

describe('schema-derived fuzz inputs', () => {
  // If `valid` mode stopped producing valid inputs the fuzzer would only ever test validation.
  it('valid mode passes the channel schema most of the time, for every channel with an example', async () => {
    for (const channel of channelNames) {
      const example = channelExamples[channel];
      if (!example) continue;
      const schema = contract[channel].input;
      const samples = fc.sample(arbitraryFor(schema, 'valid', await example.input(env)), { numRuns: 300, seed: 42 });
      const valid = samples.filter((s) => schema.safeParse(s).success).length;
      expect(valid, `${channel}: ${valid}/300 valid`).toBeGreaterThan(300 * 0.1);
    }
  });

  it('boundary mode reaches past the limits', () => {
    const schema = z.strictObject({ name: z.string().min(2).max(5), n: z.number().int().min(0).max(10), code: z.string().regex(/^[A-Z]{1,3}$/) });
    const samples = fc.sample(arbitraryFor(schema, 'boundary'), { numRuns: 500, seed: 7 }) as Record<string, unknown>[];
    expect(samples.some((s) => typeof s.name === 'string' && s.name.length === 6)).toBe(true);
    expect(samples.some((s) => s.n === 11 || s.n === -1)).toBe(true);
    expect(samples.some((s) => Number.isNaN(s.n))).toBe(true);
    expect(samples.some((s) => Object.keys(s).some((k) => !['name', 'n', 'code'].includes(k)))).toBe(true);
    expect(samples.filter((s) => schema.safeParse(s).success).length).toBeGreaterThan(0);
  });

  it('valid mode honours regex character classes and their quantifiers', () => {
    const schema = z.string().regex(/^[A-Z0-9]{1,8}$/);
    const samples = fc.sample(arbitraryFor(schema, 'valid'), { numRuns: 300, seed: 3 });
    expect(samples.every((s) => schema.safeParse(s).success)).toBe(true);
  });
});
