import { parseArgs } from 'node:util';
import { OFFICE_USAGE, deskCommand, officeCommand } from './office/cli';
import type { OfficeCliDeps } from './office/cli';
import { LIMIT_KEYS, limitFlag, limitsFrom } from './limits';
import { createRelayServer } from './server';
import { openStore } from './storage/openStore';
import { OrgSecretsError } from './storage/types';
import type { RelayStore } from './storage/types';
import { newToken } from './tokens';

const USAGE = `Bursar relay

  npm run relay -- serve [--port 8787] [--host 127.0.0.1] [--data-dir DIR] [--database-url postgres://…]
                         [--retention-days 90] [--prune-interval-minutes 60] [--trusted-proxies N]
                         [--body-limit-bytes N] [--page-max-bytes N] [--headers-timeout-ms N]
                         [--request-timeout-ms N] [--idle-timeout-ms N] [--max-concurrent-uploads N]
                         [--auth-max-failures N] [--auth-window-seconds N]
                         [--signature-tolerance-seconds N] [--future-skew-seconds N]
  npm run relay -- org create --org ORG --secret whsec_… [--secret whsec_…] [--name NAME]
  npm run relay -- org secrets --org ORG (--add whsec_… | --remove whsec_…)
  npm run relay -- org list
  npm run relay -- token create --org ORG --device NAME
  npm run relay -- token revoke <token id | device name> [--org ORG]
  npm run relay -- token list [--org ORG]
  npm run relay -- prune [--retention-days 90]
${OFFICE_USAGE}

Storage: RELAY_DATABASE_URL=postgres://… selects PostgreSQL; otherwise a SQLite file in
RELAY_DATA_DIR (default ./relay-data). Other settings: RELAY_HOST, RELAY_PORT, RELAY_RETENTION_DAYS,
RELAY_METRICS_TOKEN, RELAY_LOG_LEVEL, and each limit as RELAY_<NAME> (RELAY_PAGE_MAX_BYTES, …;
see relay/README.md). --trust-proxy is --trusted-proxies 1.
`;

class UsageError extends Error {}

/** Where the commands write: the console for `npm run relay`, a buffer in tests. */
export type CliIo = { out(line: string): void; err(line: string): void };
const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

type Env = Record<string, string | undefined>;
type Ctx = { io: CliIo; env: Env };

function positiveNumber(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name} must be a non-negative number`);
  return n;
}

const storeConfig = ({ env }: Ctx, values: { 'data-dir'?: string; 'database-url'?: string }) => ({
  databaseUrl: values['database-url'] ?? env.RELAY_DATABASE_URL,
  dataDir: values['data-dir'] ?? env.RELAY_DATA_DIR ?? 'relay-data',
});

// Only the last four characters: enough to tell secrets apart, too few to help anyone forge.
const mask = (secret: string): string => `…${secret.slice(-4)}`;

async function withStore<T>(ctx: Ctx, values: { 'data-dir'?: string; 'database-url'?: string }, fn: (store: RelayStore) => Promise<T>): Promise<T> {
  const store = await openStore({ ...storeConfig(ctx, values), ingest: false });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const common = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
} as const;

async function serve(ctx: Ctx, args: string[]): Promise<void> {
  const { env } = ctx;
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      host: { type: 'string' },
      port: { type: 'string' },
      'retention-days': { type: 'string' },
      'prune-interval-minutes': { type: 'string' },
      'trust-proxy': { type: 'boolean' },
      ...Object.fromEntries(LIMIT_KEYS.map((k) => [limitFlag(k), { type: 'string' }] as const)),
    },
  });
  let limits;
  try {
    limits = limitsFrom(values as Record<string, string | undefined>, env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  // The old switch, which took the leftmost (client-supplied) address: now one trusted proxy.
  if (values['trust-proxy'] && limits.trustedProxies === undefined) limits.trustedProxies = 1;
  const relay = await createRelayServer({
    ...storeConfig(ctx, values),
    host: values.host ?? env.RELAY_HOST ?? '127.0.0.1',
    port: positiveNumber(values.port ?? env.RELAY_PORT, 'port') ?? 8787,
    retentionDays: positiveNumber(values['retention-days'] ?? env.RELAY_RETENTION_DAYS, 'retention-days'),
    pruneIntervalMs: (positiveNumber(values['prune-interval-minutes'], 'prune-interval-minutes') ?? 60) * 60_000,
    limits,
    metricsToken: env.RELAY_METRICS_TOKEN || undefined,
    logLevel: env.RELAY_LOG_LEVEL ?? 'info',
  });
  await relay.listen();
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    relay.app.log.info({ signal }, 'relay stopping');
    relay.close().then(
      () => process.exit(0),
      (err: unknown) => {
        relay.app.log.error({ err }, 'relay failed to stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function org(ctx: Ctx, args: string[]): Promise<void> {
  const { io } = ctx;
  const [verb, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { ...common, org: { type: 'string' }, name: { type: 'string' }, secret: { type: 'string', multiple: true }, add: { type: 'string' }, remove: { type: 'string' } },
  });
  await withStore(ctx, values, async (store) => {
    if (verb === 'list') {
      for (const o of await store.listOrgs()) io.out(`${o.id}\t${o.name}\tsecrets: ${o.secrets.map(mask).join(', ') || '(none)'}`);
      return;
    }
    const id = values.org;
    if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new UsageError('--org must be 1-64 letters, digits, _ or -');
    if (verb === 'create') {
      const secrets = values.secret ?? [];
      if (secrets.length === 0) throw new UsageError('org create needs at least one --secret (the endpoint signing secret, whsec_…)');
      await store.createOrg({ id, name: values.name ?? id, secrets, createdAt: Date.now() });
      io.out(`org ${id} created; Stripe webhook endpoint path: /stripe/webhook/${id}`);
      return;
    }
    if (verb === 'secrets') {
      let secrets: string[] | null;
      try {
        secrets = await store.changeOrgSecrets(id, { add: values.add, remove: values.remove });
      } catch (e) {
        if (e instanceof OrgSecretsError) throw new UsageError(e.message);
        throw e;
      }
      if (!secrets) throw new UsageError(`no org ${id}`);
      io.out(`org ${id} accepts ${secrets.length} secret(s): ${secrets.map(mask).join(', ')}`);
      return;
    }
    throw new UsageError(`unknown org command: ${verb ?? '(none)'}`);
  });
}

async function token(ctx: Ctx, args: string[]): Promise<void> {
  const { io } = ctx;
  const [verb, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...common, org: { type: 'string' }, device: { type: 'string' } } });
  await withStore(ctx, values, async (store) => {
    if (verb === 'create') {
      if (!values.org || !values.device) throw new UsageError('token create needs --org and --device');
      if (!(await store.getOrg(values.org))) throw new UsageError(`no org ${values.org}`);
      if (values.device.length > 100) throw new UsageError('--device must be at most 100 characters');
      const t = newToken();
      await store.createToken({ id: t.id, orgId: values.org, device: values.device, hash: t.hash, createdAt: Date.now() });
      io.out(`token ${t.id} for device "${values.device}" of org ${values.org}. It is shown once; store it in the desk now:`);
      io.out(t.token);
      return;
    }
    if (verb === 'list') {
      for (const t of await store.listTokens(values.org)) {
        const state = t.revokedAt ? `revoked ${new Date(t.revokedAt).toISOString()}` : 'active';
        const seen = t.lastSeenAt ? `last poll ${new Date(t.lastSeenAt).toISOString()} at cursor ${t.lastCursor}` : 'never polled';
        io.out(`${t.id}\t${t.orgId}\t${t.device}\t${state}\t${seen}`);
      }
      return;
    }
    if (verb === 'revoke') {
      const target = positionals[0];
      if (!target) throw new UsageError('token revoke needs a token id or device name');
      const active = (await store.listTokens(values.org)).filter((t) => t.revokedAt === null && (t.id === target || t.device === target));
      if (new Set(active.map((t) => t.orgId)).size > 1) throw new UsageError(`"${target}" names devices in several orgs; add --org`);
      const revoked = await store.revokeToken(target, Date.now(), values.org);
      if (revoked.length === 0) throw new UsageError(`no active token matches "${target}"`);
      for (const t of revoked) io.out(`revoked ${t.id} (${t.orgId} / ${t.device})`);
      return;
    }
    throw new UsageError(`unknown token command: ${verb ?? '(none)'}`);
  });
}

async function prune(ctx: Ctx, args: string[]): Promise<void> {
  const { io, env } = ctx;
  const { values } = parseArgs({ args, options: { ...common, 'retention-days': { type: 'string' } } });
  const days = positiveNumber(values['retention-days'] ?? env.RELAY_RETENTION_DAYS, 'retention-days') ?? 90;
  await withStore(ctx, values, async (store) => {
    const removed = await store.prune(Date.now() - days * 86_400_000);
    io.out(`removed ${removed} event(s) older than ${days} days`);
    // The office journal: entries every active desk has and the newest snapshot covers.
    const journal = await store.journal.prune(Date.now() - 86_400_000);
    io.out(`removed ${journal.entries} journal entr${journal.entries === 1 ? 'y' : 'ies'} and ${journal.snapshots} old snapshot(s)`);
  });
}

const officeDeps = (ctx: Ctx): OfficeCliDeps => ({
  out: (line) => ctx.io.out(line),
  usage: (message) => new UsageError(message),
  withStore: (values, fn) => withStore(ctx, values, fn),
  now: Date.now,
});

async function main(ctx: Ctx, argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(ctx, rest);
    case 'org':
      return org(ctx, rest);
    case 'token':
      return token(ctx, rest);
    case 'prune':
      return prune(ctx, rest);
    case 'office':
      return officeCommand(officeDeps(ctx), rest);
    case 'desk':
      return deskCommand(officeDeps(ctx), rest);
    case undefined:
    case 'help':
    case '--help':
      ctx.io.out(USAGE);
      return;
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

/** Runs one CLI command; resolves with the exit code (`serve` resolves once listening and keeps running). */
export async function runCli(argv: string[], options: { io?: CliIo; env?: Env } = {}): Promise<number> {
  const io = options.io ?? consoleIo;
  const env = options.env ?? process.env;
  try {
    await main({ io, env }, argv);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${error.message}\n\n${USAGE}`);
    } else {
      io.err(error instanceof Error ? error.message : String(error));
    }
    return 1;
  }
}
