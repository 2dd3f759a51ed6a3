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

export const channelExamples: Partial<Record<Channel, ChannelExample>> = {
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
  'dashboard:stats': { input: () => ({}) },
};
