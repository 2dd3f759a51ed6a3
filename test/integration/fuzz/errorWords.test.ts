import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../electron/core';
import { hashSecret } from '../../../electron/services/auth/passwords';
import { insertUser } from '../../../electron/services/auth/usersRepo';
import { channelNames, contract } from '../../../shared/contract';
import type { Channel } from '../../../shared/contract';
import { errorFormat, fieldNameOf, isDateParam } from '../../../shared/errorMessages';
import type { ErrorFormat, ErrorParams } from '../../../shared/errorMessages';
import { localizeError } from '../../../shared/result';
import type { AppErrorData } from '../../../shared/result';
import { catalogs, intlFor } from '../../../renderer/src/i18n';
import { channelExamples } from '../../support/channelExamples';
import { makeCore, rid, tempDir } from '../../support/core';
import type { TestCore } from '../../support/core';
import { hostileValue } from '../../support/fuzz/hostileArbitrary';
import { arbitraryFor } from '../../support/fuzz/schemaArbitrary';
import { setPath } from '../../support/zodWalk';

/**
 * Issue 17, bug 5: what a refusal says is read by a cashier. Every error any channel example
 * (as admin, cashier and signed out), a schema-made input or a mutated example produces must
 * be free of minor units, record ids (`itm_…`, `pay_…`) and channel names (`drawer:open`).
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 1717;
/** Record ids as the store makes them (`newId`: a short prefix, `_`, hex) and Stripe's. */
const ID = /\b(?:(?:itm|pay|enr|prd|pln|pyr|rfd|rfo|rct|drw|dep|mov|usr|cnl|pct|rul|rim|obx|oje|ses|evt|pi|ch|re|cus|sub|in)_[0-9a-zA-Z]{4,}|[a-z]{2,5}_[0-9a-f]{16,})/g;
const CHANNEL = new RegExp(`(?<![\\w:])(?:${channelNames.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w:])`, 'g');

/** The words of an error a person may see: its message and each field's text. */
const textsOf = (e: AppErrorData): string[] => [e.message, ...Object.values(e.fields ?? {})];

function offences(error: AppErrorData): string[] {
  const found: string[] = [];
  for (const text of textsOf(error)) {
    if (/minor unit/i.test(text)) found.push(`minor units in "${text}"`);
    for (const m of text.matchAll(ID)) found.push(`id ${m[0]} in "${text}"`);
    for (const m of text.matchAll(CHANNEL)) found.push(`channel ${m[0]} in "${text}"`);
  }
  return found;
}

/** How the window words an error in `locale`: its catalog's sentences and field names, amounts in that locale. */
function windowFormat(locale: string): ErrorFormat {
  const intl = intlFor(locale);
  const catalog: Record<string, string> = catalogs[locale.startsWith('es') ? 'es' : 'en'];
  return {
    ...errorFormat(locale),
    words: (key, params) => (`error.${key}` in catalog ? intl.formatMessage({ id: `error.${key}` }, params) : undefined),
    label: (name) => (`field.${name}` in catalog ? intl.formatMessage({ id: `field.${name}` }) : undefined),
  };
}
const EN = windowFormat('en-US');
const ES = windowFormat('es-ES');

/** The values of the parameters as either window writes them (a name, an amount in either locale). */
function paramTexts(params: ErrorParams | undefined): string[] {
  return Object.values(params ?? {}).flatMap((v) => (typeof v === 'object' ? (isDateParam(v) ? [EN.date(v), ES.date(v)] : [EN.money(v), ES.money(v)]) : typeof v === 'string' ? [v] : []));
}

/** A calendar date as the store keeps it: the window writes dates in the office's locale instead. */
const ISO_DAY = /\d{4}-\d{2}-\d{2}/;
const stringParams = (params: ErrorParams | undefined): string[] => Object.values(params ?? {}).filter((v): v is string => typeof v === 'string' && v.length > 0);
const wordsWithout = (text: string, values: string[]): string => values.reduce((t, v) => t.split(v).join(' '), text);

/** What stays of `text` without the given names and amounts: words a translation must change. */
const wordsLeft = (text: string, values: string[]): string => values.filter((v) => v.length > 0).reduce((t, v) => t.split(v).join(' '), text).replace(/[^A-Za-zÀ-ÿ]+/g, ' ').trim();

/**
 * Issue 17: the window words a refusal from its key and parameters. Each error has a key, every
 * field it names has its key and a label from the catalog, and its English and Spanish
 * renderings are free of minor units, ids and channel names; the Spanish differs from the
 * English unless all it says is a name or an amount.
 */
function windowOffences(error: AppErrorData): string[] {
  const found: string[] = [];
  if (!error.key) found.push(`no key ("${error.message}")`);
  for (const path of Object.keys(error.fields ?? {})) {
    const keyed = error.fieldKeys?.[path] ?? (error.field === path && error.key ? { key: error.key } : undefined);
    if (!keyed) found.push(`field ${path} has no key`);
    // The message names its fields (a schema refusal, a refused field) by their labels: each must have one.
    else if (error.field && keyed.key !== 'input.unknownField' && fieldNameOf(path) === 'unnamed') found.push(`field ${path} has no label`);
  }
  const en = localizeError(error, EN);
  const es = localizeError(error, ES);
  const values = [...paramTexts(error.params), ...Object.values(error.fieldKeys ?? {}).flatMap((k) => paramTexts(k.params))];
  // Text the caller typed comes back as it was; anything else with an ISO date is the core's.
  const echoed = [...stringParams(error.params), ...Object.values(error.fieldKeys ?? {}).flatMap((k) => stringParams(k.params))];
  for (const [lang, shown] of [['en', en], ['es', es]] as const) {
    for (const o of offences(shown)) found.push(`${lang}: ${o}`);
    for (const text of textsOf(shown)) if (ISO_DAY.test(wordsWithout(text, echoed))) found.push(`${lang}: an ISO date in "${text}"`);
    for (const text of textsOf(shown)) if (/\b(?:999,?999|123,?456,?789)\b/.test(text)) found.push(`${lang}: a raw amount in "${text}"`);
  }
  const pairs: [string, string][] = [[en.message, es.message], ...Object.keys(en.fields ?? {}).map((k): [string, string] => [en.fields?.[k] ?? '', es.fields?.[k] ?? ''])];
  for (const [e, s] of pairs) if (e === s && wordsLeft(e, values) !== '') found.push(`es is the English "${e}"`);
  return found;
}

/** Every number in `value` made large: amounts past what was paid, held or owed. */
function numberPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'number') return [path];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => numberPaths(v, [...path, Array.isArray(value) ? Number(k) : k]));
}

describe('error messages are in a cashier\'s words', () => {
  let core: TestCore;
  let cashier: Session;
  const scratchDir = tempDir('bursar-words-files-');
  const problems = new Set<string>();
  const windowProblems = new Set<string>();
  const keys = new Set<string>();
  let errors = 0;

  beforeAll(async () => {
    core = await makeCore({ logError: () => {} });
    const user = insertUser(core.store, { username: 'cashier1', displayName: 'Cashier One', role: 'cashier', passwordHash: hashSecret('cashier-pass-7f3a') }, new Date());
    cashier = core.sessionFor(user.id);
  });
  afterAll(async () => {
    await core.services.jobs.idle();
    core.dispose();
  });

  const check = async (channel: Channel, input: unknown, session: Session | null, how: string) => {
    const confine = channelExamples[channel]?.confine;
    const sent = confine ? confine(input, scratchDir) : input;
    const r = await core.invoke(channel, sent, session);
    if (r.ok) return;
    errors += 1;
    for (const o of offences(r.error)) problems.add(`${channel} (${how}): ${o}`);
    for (const o of windowOffences(r.error)) windowProblems.add(`${channel}: ${o}`);
    if (r.error.key) keys.add(r.error.key);
  };

  it('every channel example, as admin, cashier and signed out, twice, with amounts made large, and schema-made and mutated inputs', async () => {
    const env = { rid, ok: (ch: string, i: unknown) => core.ok(ch as Channel, i as never) };
    for (let round = 0; round < 2; round++) {
      for (const channel of channelNames) {
        const example = channelExamples[channel];
        const input = example ? await example.input(env) : {};
        for (const [as, session] of [['admin', core.admin], ['cashier', cashier], ['none', null]] as const) await check(channel, input, session, `example as ${as}`);
        if (round === 1 || !example) continue;
        // Amounts and counts past what the store holds: the refusals that name an amount.
        for (const path of numberPaths(input)) {
          for (const n of [999_999, 123_456_789]) await check(channel, setPath(await example.input(env), path, n), core.admin, `${path.join('.')}=${n}`);
        }
      }
    }
    for (const channel of channelNames) {
      const example = channelExamples[channel] ? await channelExamples[channel].input(env) : undefined;
      const schema = contract[channel].input;
      for (const mode of ['valid', 'boundary'] as const) {
        for (const input of fc.sample(arbitraryFor(schema, mode, example), { numRuns: 6, seed: SEED })) await check(channel, input, core.admin, mode);
      }
      if (example && typeof example === 'object') {
        const keys = Object.keys(example);
        const bad = fc.sample(fc.tuple(fc.nat(), hostileValue), { numRuns: 6, seed: SEED });
        for (const [pick, value] of bad) if (keys.length) await check(channel, setPath(example, [keys[pick % keys.length] as string], value), core.admin, 'mutated');
      }
    }
    expect(errors).toBeGreaterThan(channelNames.length);
    expect([...problems].sort()).toEqual([]);
    // …and as the window words them, in English and in Spanish.
    expect([...windowProblems].sort()).toEqual([]);
    expect(keys.size).toBeGreaterThan(40);
  }, 600_000);

  it('a date in a refusal is a date parameter the window writes in its locale, never YYYY-MM-DD', async () => {
    const r = await core.invoke('reports:revenue', { from: '2026-12-01', to: '2026-11-01', granularity: 'day' }, core.admin);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.key).toBe('report.toBeforeFrom');
    expect(r.error.params).toEqual({ from: { day: '2026-12-01' } });
    const en = localizeError(r.error, EN);
    const es = localizeError(r.error, ES);
    expect(en.fields?.to).toBe('must be on or after the start of the range (Dec 1, 2026)');
    expect(es.fields?.to).toContain('1 dic 2026');
    for (const text of [...textsOf(en), ...textsOf(es)]) expect(text).not.toMatch(ISO_DAY);
    // The core's own English (logs, tests) writes it the same way.
    expect(r.error.message).not.toMatch(ISO_DAY);
  });

  it('a euro office’s refusals name amounts in euros, the Spanish way in Spanish, never in dollars', async () => {
    const office = await makeCore({ logError: () => {} });
    try {
      await office.ok('settings:update', { requestId: rid('set'), patch: { locale: 'es-ES', timeZone: 'Europe/Madrid', defaultCurrency: 'EUR' } });
      await office.ok('drawer:open', { requestId: rid('drw'), openingFloat: 100_00 });
      const product = await office.ok('products:create', { requestId: rid('prd'), product: { type: 'course', name: 'Taller', price: 300_00, currency: 'EUR' } });
      const plan = await office.ok('plans:create', { requestId: rid('pln'), plan: { productId: product.id, name: 'Pago único', terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } } });
      const payer = await office.ok('payers:create', { requestId: rid('pyr'), payer: { name: 'Lucía Gómez' } });
      const { enrollment } = await office.ok('enrollments:create', { requestId: rid('enr'), payerId: payer.id, productId: product.id, planId: plan.id });
      await office.ok('payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'cash', amount: 50_00, currency: 'EUR' });
      const refusals = [
        // The drawer holds 150,00 €: a paid-out of 1.234,50 € is more than it holds.
        await office.invoke('drawer:move', { requestId: rid('out'), kind: 'paid_out', amount: 1_234_50, reason: 'Sellos' }, office.admin),
        await office.invoke('drawer:close', { requestId: rid('cls'), countedCash: 144_75, denominations: [{ value: 50_00, count: 2 }] }, office.admin),
        // Counted 5,25 € short, with no note.
        await office.invoke('drawer:close', { requestId: rid('cls'), countedCash: 144_75 }, office.admin),
        await office.invoke('refunds:create', { requestId: rid('rfd'), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 1_234_50, reason: 'Error', preview: true }, office.admin),
        await office.invoke('enrollments:cancel', { requestId: rid('cnl'), enrollmentId: enrollment.id, reason: 'Se muda', amount: 10_00, preview: true }, office.admin),
      ];
      const keys: string[] = [];
      for (const r of refusals) {
        expect(r.ok).toBe(false);
        if (r.ok) continue;
        keys.push(r.error.key ?? '');
        const es = localizeError(r.error, ES);
        for (const text of [...textsOf(es), ...textsOf(r.error)]) expect(text).not.toMatch(/\$/);
        // In Spanish: "1.234,50 €", "5,25 €" (a no-break space before the sign), never "€5.25".
        expect(textsOf(es).join(' ')).toMatch(/\d,\d{2}\u00a0€/);
        expect(textsOf(es).join(' ')).not.toMatch(/€\s?\d/);
      }
      expect(keys).toEqual(['drawer.paidOutOverCash', 'drawer.denominationsDisagree', 'drawer.overShortNeedsNote', 'refund.overPaid', 'refund.overrideNeedsReason']);
      const short = refusals[2];
      if (short && !short.ok) expect(localizeError(short.error, ES).fields?.note).toBe('falta 5,25\u00a0€ en la caja; indique por qué');
    } finally {
      await office.services.jobs.idle();
      office.dispose();
    }
  });
});
