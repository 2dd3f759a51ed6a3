import type { Channel } from '../../shared/contract';

/**
 * A valid minimal input per channel, for the harness: the fuzzer mutates them, the
 * secrets check calls each one live and scans the answer, the SQL check pushes
 * SQL-looking text through every string in them.
 *
 * REGISTRATION POINT — each domain adds its channels here (a function, so request ids
 * are fresh; `prepare` may create what the input refers to, e.g. a product for
 * `enrollments:create`, and returns the ids to use). A channel with no example is still
 * fuzzed from its schema, but gets no live secrets call and no SQL round-trip.
 */
export type ExampleEnv = {
  rid(label?: string): string;
  /** Calls a channel as the admin, throwing on an error: for setting up what an example needs. */
  ok(channel: string, input: unknown): Promise<unknown>;
};

export type ChannelExample = {
  input(env: ExampleEnv): unknown | Promise<unknown>;
  /** Who calls it: the admin (default), a signed-out caller or a cashier. */
  as?: 'admin' | 'cashier' | 'none';
  /** Each call costs a password hash (~50 ms): the fuzzer draws these valid inputs less often. */
  slow?: boolean;
  /** Secret values this input stores (a relay token, a Stripe key): no channel may ever return them. */
  secrets?: string[];
  /**
   * Keeps generated inputs harmless outside the database: a channel that writes files is
   * pointed at a scratch folder whatever path the fuzzer made up.
   */
  confine?(input: unknown, scratchDir: string): unknown;
};

const confineFolder = (input: unknown, scratchDir: string): unknown =>
  input && typeof input === 'object' && 'folder' in input && typeof (input as { folder: unknown }).folder === 'string' ? { ...input, folder: scratchDir } : input;

/** A bundle path anywhere on the machine becomes the scratch folder: the fuzzer never reads the machine's files. */
const confinePath = (input: unknown, scratchDir: string): unknown =>
  input && typeof input === 'object' && 'path' in input && typeof (input as { path: unknown }).path === 'string' ? { ...input, path: scratchDir } : input;

type Ok = ExampleEnv['ok'];
/** Answers are read defensively: a unit test passes a stand-in `ok` that answers `{}`. */
const get = <T>(value: unknown): Partial<T> => (value ?? {}) as Partial<T>;
let uniq = 0;
const MAIL_PASSWORD = 'mail-Secret-pa55word-0451';
const next = () => `${process.pid}${Date.now().toString(36)}${++uniq}`;

/** A product with a three-installment plan and a payer enrolled in it: what most catalog and cashier examples refer to. */
async function enrollment(ok: Ok, rid: ExampleEnv['rid'], currency = 'USD'): Promise<{ productId: string; planId: string; payerId: string; enrollmentId: string; itemIds: string[] }> {
  const n = next();
  const product = get<{ id: string }>(await ok('products:create', { requestId: rid('ex-product'), product: { type: 'course', name: `Example course ${n}`, externalId: `EX-${n}`, price: 900_00, currency } }));
  const plan = get<{ id: string }>(await ok('plans:create', { requestId: rid('ex-plan'), plan: { productId: product.id, name: 'Three monthly', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } } }));
  const payer = get<{ id: string }>(await ok('payers:create', { requestId: rid('ex-payer'), payer: { name: `Example Payer ${n}`, email: `payer${n}@example.org` } }));
  const e = get<{ enrollment: { id: string }; items: { id: string }[] }>(await ok('enrollments:create', { requestId: rid('ex-enroll'), payerId: payer.id, productId: product.id, planId: plan.id }));
  return { productId: product.id ?? '', planId: plan.id ?? '', payerId: payer.id ?? '', enrollmentId: e.enrollment?.id ?? '', itemIds: (e.items ?? []).map((i) => i.id) };
}

/** An enrollment a year back on a plan with a late fee: its first item is overdue past the grace days. */
async function overdueWithLateFee(ok: Ok, rid: ExampleEnv['rid']): Promise<{ enrollmentId: string; itemIds: string[] }> {
  const n = next();
  const product = get<{ id: string }>(await ok('products:create', { requestId: rid('ex-product'), product: { type: 'course', name: `Late course ${n}`, externalId: `LF-${n}`, price: 600_00, currency: 'USD' } }));
  const plan = get<{ id: string }>(await ok('plans:create', { requestId: rid('ex-plan'), plan: { productId: product.id, name: 'Two monthly with a fee', lateFee: { amount: 25_00, graceDays: 5 }, terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 2, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } } }));
  const payer = get<{ id: string }>(await ok('payers:create', { requestId: rid('ex-payer'), payer: { name: `Late Payer ${n}`, email: `late${n}@example.org` } }));
  const lastYear = `${new Date().getUTCFullYear() - 1}-01-15`;
  const e = get<{ enrollment: { id: string }; items: { id: string }[] }>(await ok('enrollments:create', { requestId: rid('ex-enroll'), payerId: payer.id, productId: product.id, planId: plan.id, enrollmentDate: lastYear }));
  return { enrollmentId: e.enrollment?.id ?? '', itemIds: (e.items ?? []).map((i) => i.id) };
}

/** A bank-transfer payment (no drawer needed) on a fresh enrollment. */
async function payment(ok: Ok, rid: ExampleEnv['rid']): Promise<{ paymentId: string; receiptId: string; enrollmentId: string; payerId: string }> {
  const e = await enrollment(ok, rid);
  const p = get<{ id: string; receipt: { id: string } }>(await ok('payments:recordManual', { requestId: rid('ex-pay'), enrollmentId: e.enrollmentId, method: 'bank_transfer', amount: 300_00, currency: 'USD', reference: 'TRF-1' }));
  return { paymentId: p.id ?? '', receiptId: p.receipt?.id ?? '', enrollmentId: e.enrollmentId, payerId: e.payerId };
}

type DrawerSession = { id: string; expectedCash: number; currency: string };
const currentDrawer = async (ok: Ok): Promise<DrawerSession | null> => get<{ session: DrawerSession | null }>(await ok('drawer:current', {})).session ?? null;
async function openDrawer(ok: Ok, rid: ExampleEnv['rid']): Promise<DrawerSession> {
  const open = (await currentDrawer(ok)) ?? get<DrawerSession>(await ok('drawer:open', { requestId: rid('ex-open'), openingFloat: 100_00 }));
  return { id: open.id ?? '', expectedCash: open.expectedCash ?? 0, currency: open.currency ?? 'USD' };
}
/** The fuzzer's paid-ins can push the drawer past what a count may say (10^9): then it closes short, with a note. */
const closeInput = (open: DrawerSession, rid: ExampleEnv['rid'], over = 0) => {
  const counted = Math.max(0, Math.min(1_000_000_000, open.expectedCash + over));
  return { requestId: rid('ex-close'), countedCash: counted, ...(counted !== open.expectedCash ? { note: 'Counted at the end of the day' } : {}) };
};
async function closedSession(ok: Ok, rid: ExampleEnv['rid']): Promise<string> {
  const open = await openDrawer(ok, rid);
  const closed = get<{ session: { id: string } }>(await ok('drawer:close', closeInput(open, rid)));
  return closed.session?.id ?? '';
}

/**
 * A stored Stripe key makes `sync:now` catch up from Stripe: the harness points the SDK at a
 * closed loopback port so no test ever talks to api.stripe.com (the Stripe tests set their own).
 */
function keepStripeOnLoopback(): void {
  process.env.STRIPE_API_HOST ??= '127.0.0.1';
  process.env.STRIPE_API_PORT ??= '9';
  process.env.STRIPE_API_PROTOCOL ??= 'http';
}

const STRIPE_KEY = `sk_test_harnessExample${'x'.repeat(12)}`;
const RELAY_TOKEN = 'relay-token-harness-example-7Hq2';
const OFFICE_PASSPHRASE = 'office-passphrase-harness-example-Zt5';

export const channelExamples: Partial<Record<Channel, ChannelExample>> = {
  // SIS import (issue 16): a path the fuzzer makes up is confined to its scratch folder.
  'roster:mapping': { input: () => ({}) },
  'roster:saveMapping': { input: (env) => ({ requestId: env.rid('roster-map'), mapping: { productLevel: 'class', productType: 'course', currency: 'USD', defaultPrice: 450_00, priceColumn: null, coursePrices: [{ courseSourcedId: 'crs-1', price: 500_00 }] } }) },
  'roster:preview': { input: () => ({ path: '/nonexistent/roster.zip', mode: 'bulk' }), confine: confinePath },
  'roster:import': { input: (env) => ({ requestId: env.rid('roster'), path: '/nonexistent/roster.zip', mode: 'delta' }), confine: confinePath },
  'roster:progress': { input: (env) => ({ requestId: env.rid('roster') }) },
  'roster:cancel': { input: (env) => ({ requestId: env.rid('roster-cancel'), importRequestId: env.rid('roster') }) },
  'roster:history': { input: () => ({ limit: 10 }) },
  'roster:flagged': { input: () => ({ limit: 10 }) },
  'app:info': { input: () => ({}), as: 'none' },
  'auth:status': { input: () => ({}), as: 'admin' },
  'auth:setup': { input: (env) => ({ requestId: env.rid('setup'), username: 'second.admin', displayName: 'Second Admin', password: 'second-pass' }), as: 'none' },
  'auth:login': { input: () => ({ username: 'admin', password: 'admin-pass' }), as: 'none', slow: true },
  'auth:logout': { input: () => ({}) },
  'settings:get': { input: () => ({}) },
  'data:exportAll': { input: (env) => ({ requestId: env.rid('export'), bom: true }), confine: confineFolder },
  'settings:update': { input: (env) => ({ requestId: env.rid('settings'), patch: { officeName: 'Example Office', deskCode: 'EX1', defaultCurrency: 'EUR', locale: 'en-GB', lockAfterMinutes: 10 } }) },
  'reports:revenue': { input: () => ({ from: '2025-01-01', to: '2025-03-31', granularity: 'week' }) },
  'reports:statusBreakdown': { input: () => ({ from: '2025-01-01', to: '2025-03-31' }) },
  'reports:productPerformance': { input: () => ({ from: '2025-01-01', to: '2025-03-31' }) },
  'reports:aging': { input: () => ({ limit: 10 }) },
  'reports:drawerSessions': { input: () => ({ from: '2025-01-01', to: '2025-03-31' }) },
  'reports:deposits': { input: () => ({ from: '2025-01-01', to: '2025-03-31' }) },
  'reports:export': { input: () => ({ request: { report: 'revenue', filters: { from: '2025-01-01', to: '2025-03-31' } }, bom: true }), confine: confineFolder },
  'reports:exportTable': { input: () => ({ request: { table: 'schedules', filters: { status: ['due'] } }, bom: true }), confine: confineFolder },
  'dashboard:stats': { input: () => ({}) },

  'audit:list': { input: () => ({ entityType: 'payment', limit: 20 }) },
  'office:digest': { input: () => ({}) },
  'office:conflicts': { input: () => ({ open: true }) },
  'office:resolveConflict': { input: (env) => ({ requestId: env.rid('resolve'), conflictId: 'cf_example', note: 'Cancelled the duplicate enrollment' }) },
  'backups:create': { input: (env) => ({ requestId: env.rid('backup') }) },
  'users:create': { input: (env) => ({ requestId: env.rid('user'), username: `cashier.${next()}`, displayName: 'Example Cashier', role: 'cashier', password: 'example-pass' }), slow: true },
  'users:update': {
    input: async (env) => {
      const u = get<{ id: string }>(await env.ok('users:create', { requestId: env.rid('user'), username: `clerk.${next()}`, displayName: 'Example Clerk', role: 'cashier', password: 'example-pass' }));
      return { requestId: env.rid('user-update'), userId: u.id, displayName: 'Renamed Clerk', active: true };
    },
    slow: true,
  },

  // Catalog (issue 3)
  'products:list': { input: () => ({ query: 'Example', type: 'course', active: true, limit: 20 }) },
  'products:create': { input: (env) => ({ requestId: env.rid('product'), product: { type: 'course', name: 'Example Welding', externalId: `EXW-${next()}`, price: 1_200_00, currency: 'USD', startDate: '2026-01-05', endDate: '2026-06-30' } }) },
  'products:update': {
    input: async (env) => ({ requestId: env.rid('product-update'), productId: (await enrollment(env.ok, env.rid)).productId, patch: { name: 'Example Welding II', price: 1_300_00 } }),
  },
  'products:import': { input: (env) => ({ requestId: env.rid('import'), csv: `external_id,type,name,price,currency\nIMP-${next()},course,Imported Course,450.00,USD\n` }) },
  'plans:list': { input: async (env) => ({ productId: (await enrollment(env.ok, env.rid)).productId }) },
  'plans:create': {
    input: async (env) => ({ requestId: env.rid('plan'), plan: { productId: (await enrollment(env.ok, env.rid)).productId, name: 'Pay in full', terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } } }),
  },
  'plans:update': { input: async (env) => ({ requestId: env.rid('plan-update'), planId: (await enrollment(env.ok, env.rid)).planId, patch: { name: 'Three monthly (renamed)' } }) },
  'plans:preview': {
    input: async (env) => {
      const e = await enrollment(env.ok, env.rid);
      return { productId: e.productId, planId: e.planId, enrollmentDate: '2026-02-01', discount: null };
    },
  },
  'plans:setRules': { input: (env) => ({ requestId: env.rid('rules'), rules: [] }) },
  'payers:search': { input: () => ({ query: 'Example', limit: 10 }) },
  'payers:create': { input: (env) => ({ requestId: env.rid('payer'), payer: { name: 'Example Student', email: `student${next()}@example.org`, phone: '+1 555 0100', externalId: `STU-${next()}` } }) },
  'enrollments:create': {
    input: async (env) => {
      const e = await enrollment(env.ok, env.rid);
      const payer = get<{ id: string }>(await env.ok('payers:create', { requestId: env.rid('payer'), payer: { name: 'Second Student' } }));
      return { requestId: env.rid('enroll'), payerId: payer.id, productId: e.productId, planId: e.planId, enrollmentDate: '2026-01-10' };
    },
  },
  'enrollments:list': { input: async (env) => ({ productId: (await enrollment(env.ok, env.rid)).productId, status: 'active', limit: 10 }) },
  'enrollments:paymentDetails': { input: async (env) => ({ enrollmentId: (await enrollment(env.ok, env.rid)).enrollmentId }) },
  'schedules:list': { input: () => ({ status: ['due', 'overdue'], limit: 20 }) },
  'schedules:adjust': { input: async (env) => ({ requestId: env.rid('adjust'), itemId: (await enrollment(env.ok, env.rid)).itemIds[1] ?? '', dueDate: '2027-03-01', reason: 'Payer asked for a later date' }) },
  'schedules:pause': { input: async (env) => ({ requestId: env.rid('pause'), target: { itemId: (await enrollment(env.ok, env.rid)).itemIds[0] ?? '' }, reason: 'Medical leave' }) },
  'schedules:resume': {
    input: async (env) => {
      const e = await enrollment(env.ok, env.rid);
      await env.ok('schedules:pause', { requestId: env.rid('pause'), target: { enrollmentId: e.enrollmentId }, reason: 'Medical leave' });
      return { requestId: env.rid('resume'), target: { enrollmentId: e.enrollmentId }, shiftDates: true, reason: 'Back from leave' };
    },
  },
  'schedules:waive': { input: async (env) => ({ requestId: env.rid('waive'), itemId: (await enrollment(env.ok, env.rid)).itemIds[2] ?? '', reason: 'Scholarship' }) },
  'schedules:postLateFee': { input: async (env) => ({ requestId: env.rid('late-fee'), itemId: (await overdueWithLateFee(env.ok, env.rid)).itemIds[0] ?? '', reason: 'Paid after the grace days' }) },

  // Cashier (issue 4)
  'payments:recordManual': {
    input: async (env) => ({ requestId: env.rid('pay'), enrollmentId: (await enrollment(env.ok, env.rid)).enrollmentId, method: 'check', amount: 250_00, currency: 'USD', check: { number: '004512', bank: 'First National' }, note: 'At the front desk' }),
  },
  'payments:void': {
    input: async (env) => {
      const drawer = await openDrawer(env.ok, env.rid);
      const e = await enrollment(env.ok, env.rid, drawer.currency);
      const p = get<{ id: string }>(await env.ok('payments:recordManual', { requestId: env.rid('pay'), enrollmentId: e.enrollmentId, method: 'cash', amount: 50_00, tendered: 60_00, currency: drawer.currency }));
      return { requestId: env.rid('void'), paymentId: p.id, reason: 'Keyed the wrong amount' };
    },
  },
  'payments:voidable': { input: async (env) => ({ paymentIds: [(await payment(env.ok, env.rid)).paymentId] }), as: 'cashier' },
  'payments:list': { input: async (env) => ({ payerId: (await payment(env.ok, env.rid)).payerId, limit: 10 }) },
  'receipts:get': { input: async (env) => ({ receiptId: (await payment(env.ok, env.rid)).receiptId }) },
  'receipts:pdf': { input: async (env) => ({ receiptId: (await payment(env.ok, env.rid)).receiptId }) },
  'payers:credit': { input: async (env) => ({ payerId: (await payment(env.ok, env.rid)).payerId }) },
  'drawer:open': {
    input: async (env) => {
      const open = await currentDrawer(env.ok);
      if (open) await env.ok('drawer:close', closeInput(open, env.rid));
      return { requestId: env.rid('open'), openingFloat: 150_00 };
    },
  },
  'drawer:move': { input: async (env) => (await openDrawer(env.ok, env.rid), { requestId: env.rid('move'), kind: 'paid_in', amount: 20_00, reason: 'Change from the bank' }) },
  'drawer:close': {
    input: async (env) => {
      const open = await openDrawer(env.ok, env.rid);
      return { ...closeInput(open, env.rid, 5_00), requestId: env.rid('close'), note: 'Five over: a payer left the change' };
    },
  },
  'drawer:zReport': { input: async (env) => ({ sessionId: await closedSession(env.ok, env.rid) }) },
  'drawer:zReportPdf': { input: async (env) => ({ sessionId: await closedSession(env.ok, env.rid) }) },
  'drawer:movements': { input: async (env) => ({ sessionId: await closedSession(env.ok, env.rid) }) },
  'deposits:create': { input: async (env) => ({ requestId: env.rid('deposit'), sessionIds: [await closedSession(env.ok, env.rid)], slipNumber: `SLIP-${next()}` }) },
  'deposits:slipPdf': {
    input: async (env) => {
      const d = get<{ id: string }>(await env.ok('deposits:create', { requestId: env.rid('deposit'), sessionIds: [await closedSession(env.ok, env.rid)] }));
      return { depositId: d.id };
    },
  },
  'deposits:sessions': {
    input: async (env) => {
      await closedSession(env.ok, env.rid);
      return {};
    },
  },
  'deposits:list': { input: () => ({ status: 'prepared', limit: 10 }) },
  'deposits:markDeposited': {
    input: async (env) => {
      const d = get<{ id: string }>(await env.ok('deposits:create', { requestId: env.rid('deposit'), sessionIds: [await closedSession(env.ok, env.rid)] }));
      return { requestId: env.rid('deposited'), depositId: d.id, bankReference: 'BANK-REF-1' };
    },
  },
  'enrollments:cancel': { input: async (env) => ({ requestId: env.rid('cancel'), enrollmentId: (await payment(env.ok, env.rid)).enrollmentId, reason: 'Moved away', preview: true }) },
  'refunds:create': {
    input: async (env) => {
      const p = await payment(env.ok, env.rid);
      return { requestId: env.rid('refund'), from: { kind: 'enrollment', enrollmentId: p.enrollmentId }, amount: 100_00, reason: 'Course shortened', split: [{ method: 'bank_transfer', amount: 100_00, paymentId: p.paymentId, reference: 'RF-1' }] };
    },
  },
  'refunds:list': { input: async (env) => ({ enrollmentId: (await payment(env.ok, env.rid)).enrollmentId }) },
  'statements:get': { input: async (env) => ({ payerId: (await payment(env.ok, env.rid)).payerId, from: '2025-01-01', to: '2025-12-31' }) },
  'statements:pdf': { input: async (env) => ({ payerId: (await payment(env.ok, env.rid)).payerId, from: '2025-01-01', to: '2025-12-31', payerPageUrl: 'https://pay.example.org/p/1' }) },
  'refundReceipts:pdf': {
    input: async (env) => {
      const p = await payment(env.ok, env.rid);
      const r = get<{ refunds: { operationId: string }[] }>(await env.ok('refunds:create', { requestId: env.rid('refund'), from: { kind: 'enrollment', enrollmentId: p.enrollmentId }, amount: 10_00, reason: 'Course shortened', split: [{ method: 'bank_transfer', amount: 10_00, paymentId: p.paymentId, reference: 'RF-2' }] }));
      return { operationId: r.refunds?.[0]?.operationId ?? '' };
    },
  },

  // Stripe and sync (issues 5, 6): the stored secrets must never come back from any channel.
  'stripe:status': { input: () => ({ check: false }) },
  'settings:stripe': {
    input: (env) => {
      keepStripeOnLoopback();
      return { requestId: env.rid('stripe-key'), secretKey: STRIPE_KEY };
    },
    secrets: [STRIPE_KEY],
  },
  'sync:events': { input: () => ({ outcome: 'ignored', limit: 20 }) },
  'settings:relay': {
    input: (env) => {
      keepStripeOnLoopback();
      return { requestId: env.rid('relay'), url: 'http://127.0.0.1:9/relay', token: RELAY_TOKEN };
    },
    secrets: [RELAY_TOKEN],
  },

  // The office link (issue 13): nothing here may reach past loopback, and the passphrase never comes back.
  'office:join': {
    input: (env) => ({ requestId: env.rid('office-join'), relayUrl: 'http://127.0.0.1:9/', joinCode: 'join-harness-example', passphrase: OFFICE_PASSPHRASE, deskName: 'Front desk' }),
    confine: (input) => (input && typeof input === 'object' && 'relayUrl' in input ? { ...input, relayUrl: 'http://127.0.0.1:9/' } : input),
    secrets: [OFFICE_PASSPHRASE],
    slow: true,
  },
  'office:status': { input: () => ({}) },
  'office:syncNow': { input: () => ({}) },
  'office:leave': { input: (env) => ({ requestId: env.rid('office-leave') }) },
  // Payer mail (issue 15): the SMTP password is a secret; the server is a closed loopback port.
  'payers:update': {
    input: async (env) => ({ requestId: env.rid('payer-upd'), payerId: (await enrollment(env.ok, env.rid)).payerId, patch: { email: `updated${next()}@example.org`, mailOptOut: false } }),
  },
  'mail:settings': { input: () => ({}) },
  'mail:saveSettings': {
    input: (env) => ({ requestId: env.rid('mail'), patch: { host: '127.0.0.1', port: 9, security: 'none', username: 'office', password: MAIL_PASSWORD, fromAddress: 'office@school.example', replyTo: 'accounts@school.example' } }),
    secrets: [MAIL_PASSWORD],
    // Whatever server the fuzzer names, mail:test only ever knocks on a closed loopback port.
    confine: (input) => (input && typeof input === 'object' && 'patch' in input && input.patch && typeof input.patch === 'object' ? { ...input, patch: { ...input.patch, host: '127.0.0.1', port: 9 } } : input),
  },
  'mail:test': { input: () => ({}) },
  'mail:send': {
    input: async (env) => {
      await env.ok('mail:saveSettings', { requestId: env.rid('mail'), patch: { host: '127.0.0.1', port: 9, security: 'none', fromAddress: 'office@school.example' } });
      return { requestId: env.rid('mail-send'), kind: 'statement', payerId: (await enrollment(env.ok, env.rid)).payerId };
    },
  },
  'reminders:settings': { input: () => ({}) },
  'reminders:saveSettings': { input: (env) => ({ requestId: env.rid('reminders'), patch: { daysBefore: 5, overdue: true } }) },
  'reminders:list': { input: () => ({ limit: 20 }) },
  // The relay on a closed loopback port: the page waits in the outbox, nothing leaves the machine.
  'portal:publish': {
    input: async (env) => {
      await env.ok('settings:relay', { requestId: env.rid('relay'), url: 'http://127.0.0.1:9/', token: RELAY_TOKEN });
      return { requestId: env.rid('portal'), payerId: (await enrollment(env.ok, env.rid)).payerId };
    },
    secrets: [RELAY_TOKEN],
  },
  'portal:links': { input: async (env) => ({ payerId: (await enrollment(env.ok, env.rid)).payerId }) },
  'portal:revoke': { input: async (env) => ({ requestId: env.rid('portal-revoke'), scope: 'payer', payerId: (await enrollment(env.ok, env.rid)).payerId }) },
};
