import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../electron/core';
import { canonicalJson } from '../../../electron/core/canonicalJson';
import { columnsOf } from '../../../electron/office/journal/captureTriggers';
import { LOCAL_KEY, journaledTables, specOf } from '../../../electron/office/journal/tableKinds';
import { createRng } from '../../../scripts/seed/prng';
import type { Rng } from '../../../scripts/seed/prng';
import { rid } from '../../support/core';
import type { OfficeDesk } from '../../support/office/memoryHub';
import { expectConverged, invokeOk, makeOffice, settle } from '../../support/office/threeDesks';
import { enroll, openDrawer } from '../cashier/fixtures';

/**
 * A seeded fuzz of the money rules over the memory hub: two or three desks take payments
 * (some aimed at the same first open item from two desks), void their own, refund parts of
 * payments, cancel enrollments (refunded or to credit, on a refunding and a non-refunding
 * course), while the hub hears from each desk and each desk hears from the hub at random
 * moments, a few entries at a time. So same-item excesses, cancellations, refunds and voids
 * meet in every order the office can put them in. Then everyone settles, and:
 * - no desk ever stopped receiving (applying an entry never throws: an item taken below zero
 *   does, by the schema's CHECK) and no mutation failed inside;
 * - every item holds what its allocation rows say, never less than nothing;
 * - equal `office:digest` on every desk (office_conflicts and office_adjustments included),
 *   derived tables equal to their GROUP BY, `ledger:verify` and `audit:verify` everywhere.
 *
 * `npm test` runs the fixed seeds below. More: OFFICE_FUZZ_SEEDS=1-200 (a range) or
 * OFFICE_FUZZ_SEEDS=7,19 (a list); OFFICE_FUZZ_STEPS sets the steps per seed (default 70).
 */
const FIXED_SEEDS = [1, 2, 3, 4, 5, 6];
const STEPS = Number(process.env.OFFICE_FUZZ_STEPS ?? 70);
/**
 * Longer runs of seeds that once found a bug, kept in `npm test`. Seed 214, 200 steps: three
 * desks post the same late fee; the desk whose own post was not yet in the order took the first
 * post's values and then the second's, and moved the fee aside for a later fee (desks differed in
 * schedule_items until takeCreation noted the row taken).
 */
const REGRESSION_SEEDS = [{ seed: 214, steps: 200 }];

function seedsFromEnv(spec: string | undefined): number[] {
  if (!spec) return [];
  const range = /^(\d+)-(\d+)$/.exec(spec.trim());
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  }
  return spec.split(',').map((s) => Number(s.trim())).filter((n) => Number.isSafeInteger(n));
}
const EXTRA_SEEDS = seedsFromEnv(process.env.OFFICE_FUZZ_SEEDS).filter((s) => !FIXED_SEEDS.includes(s));

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

type Ctx = { rnd: Rng; desks: OfficeDesk[]; admin: Session; cashier: Session; trail: string[] };

const ids = (d: OfficeDesk, query: string, ...params: unknown[]): string[] =>
  (d.core.store.raw.prepare(query).all(...params) as { id: string }[]).map((r) => r.id);
const pick = <T>(rnd: Rng, xs: readonly T[]): T | undefined => (xs.length === 0 ? undefined : rnd.pick(xs));
const tagOf = (c: Ctx, d: OfficeDesk) => 'ABC'[c.desks.indexOf(d)] ?? '?';

/** Calls a channel; a business refusal is part of the game, a failure inside is the test's. */
async function attempt(c: Ctx, d: OfficeDesk, what: string, channel: string, input: unknown, session: Session): Promise<void> {
  const r = await d.core.invoke(channel, input, session);
  c.trail.push(`${tagOf(c, d)} ${what}${r.ok ? '' : ` → refused (${r.error.code})`}`);
  if (!r.ok && r.error.code === 'INTERNAL') throw new Error(`${channel} at desk ${tagOf(c, d)} failed inside: ${r.error.message}`);
}

function payment(c: Ctx, d: OfficeDesk, enrollmentId: string, sameItem: boolean): [string, string, unknown] {
  const { rnd } = c;
  const method = rnd.pick(['cash', 'bank_transfer'] as const);
  const amount = rnd.int(2, 15) * 10_00;
  const firstOpen = ids(d, `SELECT id FROM schedule_items WHERE enrollment_id = ? AND state = 'open' AND paid_amount < amount ORDER BY seq LIMIT 1`, enrollmentId)[0];
  const toItem = firstOpen !== undefined && (sameItem || rnd.chance(0.5));
  return [`pays ${amount / 100} by ${method}${toItem ? ' on its first open item' : ''}`, 'payments:recordManual', {
    requestId: rid('pay'), enrollmentId, method, amount, currency: 'USD',
    ...(method === 'cash' ? { tendered: amount } : { reference: `T${rnd.int(1000, 9999)}` }),
    ...(toItem ? { itemIds: [firstOpen] } : {}),
  }];
}

async function step(c: Ctx, o: Awaited<ReturnType<typeof makeOffice>>): Promise<void> {
  const { rnd, desks } = c;
  const d = rnd.pick(desks);
  const roll = rnd.next();
  if (roll < 0.2) {
    // The hub hears a few of this desk's entries.
    const n = o.hub.push(d.core, rnd.int(1, 3));
    c.trail.push(`${tagOf(c, d)} pushes ${n}`);
    return;
  }
  if (roll < 0.4) {
    // This desk hears a few of the hub's.
    const before = d.cursor;
    d.cursor = o.hub.pull(d.core, d.cursor, rnd.int(1, 4));
    c.trail.push(`${tagOf(c, d)} pulls ${before + 1}..${d.cursor}`);
    return;
  }
  const active = ids(d, `SELECT id FROM enrollments WHERE status = 'active' ORDER BY id`);
  const op = rnd.next();
  if (op < 0.3) {
    const enrollmentId = pick(rnd, active);
    if (!enrollmentId) return;
    const [what, channel, input] = payment(c, d, enrollmentId, false);
    await attempt(c, d, what, channel, input, c.cashier);
  } else if (op < 0.45) {
    // The same first open item paid at two desks, each as far as it knows.
    const enrollmentId = pick(rnd, active);
    const other = pick(rnd, desks.filter((x) => x !== d));
    if (!enrollmentId || !other) return;
    for (const x of [d, other]) {
      if (!ids(x, `SELECT id FROM enrollments WHERE id = ? AND status = 'active'`, enrollmentId)[0]) continue;
      const [what, channel, input] = payment(c, x, enrollmentId, true);
      await attempt(c, x, what, channel, input, c.cashier);
    }
  } else if (op < 0.6) {
    // A void of this desk's own payment in its open drawer session.
    const deskCode = (d.core.store.raw.prepare(`SELECT value ->> '$' AS code FROM settings WHERE key = 'deskCode'`).get() as { code: string | null } | undefined)?.code ?? '';
    const paymentId = pick(rnd, ids(d, `SELECT p.id FROM payments p JOIN drawer_sessions s ON s.id = p.session_id
      WHERE p.status = 'completed' AND s.status = 'open' AND s.desk_code = ? ORDER BY p.id`, deskCode));
    if (!paymentId) return;
    await attempt(c, d, 'voids a payment', 'payments:void', { requestId: rid('void'), paymentId, reason: 'Keyed twice' }, c.admin);
  } else if (op < 0.82) {
    // A refund of part of a payment, by transfer; credit paid out first or not.
    const paid = d.core.store.raw.prepare(`SELECT id, enrollment_id AS enrollmentId, amount FROM payments WHERE status = 'completed' AND enrollment_id IS NOT NULL ORDER BY id`).all() as { id: string; enrollmentId: string; amount: number }[];
    const p = pick(rnd, paid);
    if (!p) return;
    const amount = Math.max(10_00, Math.floor((p.amount * rnd.int(20, 100)) / 100 / 10_00) * 10_00);
    const useCredit = rnd.chance(0.5);
    await attempt(c, d, `refunds ${amount / 100} of a payment${useCredit ? '' : ' (not from credit)'}`, 'refunds:create', {
      requestId: rid('rf'), from: { kind: 'enrollment', enrollmentId: p.enrollmentId }, amount, reason: 'Course shortened', useCredit,
      split: [{ method: 'bank_transfer', amount, paymentId: p.id, reference: `R${rnd.int(1000, 9999)}` }],
    }, c.admin);
  } else if (op < 0.9) {
    // A late fee on an overdue item, by an admin or by the plan's rule (both can run at two desks at once).
    if (rnd.chance(0.5)) {
      await attempt(c, d, "runs the late-fee rule", 'schedules:postDueLateFees', { requestId: rid('due') }, c.admin);
      return;
    }
    const itemId = pick(rnd, ids(d, `SELECT i.id FROM schedule_items i JOIN enrollments e ON e.id = i.enrollment_id AND e.status = 'active'
      WHERE i.kind <> 'late_fee' AND i.state = 'open' AND i.paid_amount < i.amount AND i.due_date < '2025-04-20' ORDER BY i.id`));
    if (!itemId) return;
    await attempt(c, d, 'posts a late fee', 'schedules:postLateFee', { requestId: rid('fee'), itemId, reason: 'Paid late' }, c.admin);
  } else {
    const enrollmentId = pick(rnd, active);
    if (!enrollmentId) return;
    const toCredit = rnd.chance(0.5);
    await attempt(c, d, `cancels an enrollment${toCredit ? ' to credit' : ''}`, 'enrollments:cancel', { requestId: rid('cxl'), enrollmentId, reason: 'Moved away', toCredit }, c.admin);
  }
}

/** The rows some desks hold and others not, table by table (money tables and the rules' own), for a failure that says what differs. */
function differences(desks: readonly OfficeDesk[]): string[] {
  const out: string[] = [];
  const tables = [...journaledTables.filter((t) => t !== 'audit_log'), 'office_adjustments', 'office_conflicts'];
  for (const table of tables) {
    const spec = specOf(table);
    const skip = new Set<string>([...(spec?.derivedColumns ?? []), ...(LOCAL_KEY[table as keyof typeof LOCAL_KEY] ? [LOCAL_KEY[table as keyof typeof LOCAL_KEY] as string] : []), 'entry_id']);
    const held = desks.map((d) => {
      const cols = columnsOf(d.core.store.raw, table).map((c) => c.name).filter((c) => !skip.has(c));
      const deskKeys = spec?.deskKeys ?? [];
      const where = deskKeys.length > 0 ? ` WHERE key NOT IN (${deskKeys.map((k) => `'${k}'`).join(', ')})` : '';
      return new Set((d.core.store.raw.prepare(`SELECT ${cols.join(', ')} FROM ${table}${where}`).all()).map((r) => canonicalJson(r)));
    });
    const all = new Set(held.flatMap((h) => [...h]));
    for (const row of all) {
      const where = held.map((h, i) => (h.has(row) ? 'ABC'[i] : '-')).join('');
      if (where.includes('-')) out.push(`${table} [${where}] ${row}`);
    }
  }
  return out;
}

async function runSeed(seed: number, steps: number): Promise<void> {
  const rnd = createRng(seed);
  const o = await makeOffice(rnd.int(2, 3));
  cleanup.push(o.dispose);
  const c: Ctx = { rnd, desks: o.desks, admin: o.a.admin, cashier: o.a.cashier, trail: [] };
  // Two courses (one refunds cancellations in full, one refunds nothing), three payers each
  // enrolled in one, three monthly items of 100.00: few enough that the desks collide.
  // Each plan has a 15.00 late fee five days past due; by Apr 25 the first two items are late.
  for (const refundPolicy of ['full', 'none', 'full'] as const) await enroll(o.a, { product: { price: 300_00, refundPolicy }, planOver: { lateFee: { amount: 15_00, graceDays: 5 } } });
  o.a.setToday('2025-04-25');
  await openDrawer(o.a);
  for (const d of o.others) await invokeOk(d.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 100_00 }, o.a.cashier);
  settle(o.hub, o.desks);
  const where = (i: number) => `seed ${seed}, ${o.desks.length} desks, step ${i}; the last steps:\n  ${c.trail.slice(-14).join('\n  ')}`;
  // OFFICE_FUZZ_KEEP=DIR keeps a failing seed's desks (VACUUM INTO DIR/seed-S-desk-X.sqlite) for a post-mortem.
  const keep = () => {
    const dir = process.env.OFFICE_FUZZ_KEEP;
    if (!dir) return;
    for (const [i, d] of o.desks.entries()) d.core.store.raw.exec(`VACUUM INTO '${dir}/seed-${seed}-desk-${'ABC'[i]}.sqlite'`);
    writeFileSync(`${dir}/seed-${seed}-hub.json`, JSON.stringify(o.hub.log.map((e) => ({ ...e, body: Buffer.from(e.body).toString('base64') }))));
  };
  for (let i = 0; i <= steps; i += 1) {
    try {
      if (i < steps) await step(c, o);
      else settle(o.hub, o.desks);
    } catch (error) {
      keep();
      throw new Error(`${where(i)}${i === steps ? ' (settling)' : ''}\n${(error as Error).message}`, { cause: error });
    }
  }
  for (const d of o.desks) {
    const db = d.core.store.raw;
    // Never below zero, and what each item holds is what its allocation rows put there.
    expect(db.prepare('SELECT count(*) AS n FROM schedule_items WHERE paid_amount < 0').get(), `items below zero on ${d.deskId}, seed ${seed}`).toEqual({ n: 0 });
    expect(db.prepare(`SELECT i.id, i.paid_amount AS paid, coalesce(sum(l.amount), 0) AS allocated FROM schedule_items i
      LEFT JOIN ledger_entries l ON l.item_id = i.id AND l.account = 'allocated' GROUP BY i.id HAVING paid <> allocated`).all(), `items against their rows on ${d.deskId}, seed ${seed}`).toEqual([]);
  }
  const differ = differences(o.desks);
  if (differ.length > 0) keep();
  if (differ.length > 0) throw new Error(`seed ${seed}: the desks differ (${differ.length} rows):\n  ${differ.slice(0, 30).join('\n  ')}\nthe last steps:\n  ${c.trail.slice(-30).join('\n  ')}`);
  try {
    await expectConverged(o.desks, o.a.admin, (v, m) => expect(v, `${m ?? ''} (seed ${seed})`));
  } catch (error) {
    keep();
    throw error;
  }
}

describe('office money rules, seeded fuzz over the memory hub (refunds, cancellations, voids, same-item payments)', () => {
  for (const { seed, steps } of [...[...FIXED_SEEDS, ...EXTRA_SEEDS].map((seed) => ({ seed, steps: STEPS })), ...REGRESSION_SEEDS]) {
    it(`seed ${seed}, ${steps} steps: every desk keeps receiving, no item below zero, identical books, verified ledgers`, { timeout: 240_000 }, async () => {
      await runSeed(seed, steps);
    });
  }
});
