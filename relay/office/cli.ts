import { parseArgs } from 'node:util';
import type { RelayStore } from '../storage/types';
import { DEFAULT_JOIN_CODE_TTL_MINUTES, newJoinCode } from './joinCodes';

export const OFFICE_USAGE = `  npm run relay -- office create --org ORG [--name NAME]
  npm run relay -- desk code --org ORG [--ttl-minutes ${DEFAULT_JOIN_CODE_TTL_MINUTES}]
  npm run relay -- desk list --org ORG
  npm run relay -- desk revoke --org ORG DESK`;

export type OfficeCliDeps = {
  out(line: string): void;
  /** The CLI's usage error (printed with the usage text, exit code 1). */
  usage(message: string): Error;
  withStore<T>(values: { 'data-dir'?: string; 'database-url'?: string }, fn: (store: RelayStore) => Promise<T>): Promise<T>;
  now(): number;
};

const common = { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, org: { type: 'string' } } as const;
const ORG_ID = /^[A-Za-z0-9_-]{1,64}$/;

const iso = (t: number | null): string => (t === null ? 'never' : new Date(t).toISOString());

/**
 * `office create`: an office is an org with a journal. On an org that already takes Stripe
 * webhooks it adds the office beside them; otherwise it creates the org with no webhook secret
 * (add one later with `org secrets --add`, and the org's webhook path starts taking events).
 */
export async function officeCommand(deps: OfficeCliDeps, args: string[]): Promise<void> {
  const [verb, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { ...common, name: { type: 'string' } } });
  if (verb !== 'create') throw deps.usage(`unknown office command: ${verb ?? '(none)'}`);
  const orgId = values.org;
  if (!orgId || !ORG_ID.test(orgId)) throw deps.usage('--org must be 1-64 letters, digits, _ or -');
  const name = values.name ?? orgId;
  if (name.length > 100) throw deps.usage('--name must be at most 100 characters');
  await deps.withStore(values, async (store) => {
    const outcome = await store.journal.createOffice({ orgId, name, createdAt: deps.now() });
    if (outcome === 'office_existed') throw deps.usage(`org ${orgId} is already an office`);
    deps.out(
      outcome === 'created'
        ? `office ${orgId} created (an org with no Stripe webhook secret yet: add one with 'org secrets --org ${orgId} --add whsec_…'). Next: 'desk code --org ${orgId}'`
        : `org ${orgId} is now also an office; its Stripe webhooks are unchanged. Next: 'desk code --org ${orgId}'`,
    );
  });
}

export async function deskCommand(deps: OfficeCliDeps, args: string[]): Promise<void> {
  const [verb, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { ...common, 'ttl-minutes': { type: 'string' } } });
  const orgId = values.org;
  if (!orgId || !ORG_ID.test(orgId)) throw deps.usage('--org must be 1-64 letters, digits, _ or -');
  await deps.withStore(values, async (store) => {
    const office = await store.journal.getOffice(orgId);
    if (!office) throw deps.usage(`org ${orgId} is not an office; create it with 'office create --org ${orgId}'`);
    if (verb === 'code') {
      const ttl = values['ttl-minutes'] === undefined ? DEFAULT_JOIN_CODE_TTL_MINUTES : Number(values['ttl-minutes']);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > 7 * 24 * 60) throw deps.usage('--ttl-minutes must be a whole number from 1 to 10080 (a week)');
      const at = deps.now();
      const { code, hash } = newJoinCode();
      await store.journal.createJoinCode({ orgId, hash, createdAt: at, expiresAt: at + ttl * 60_000 });
      deps.out(`join code for office ${orgId}, usable once until ${iso(at + ttl * 60_000)}. It is shown once:`);
      deps.out(code);
      return;
    }
    if (verb === 'list') {
      deps.out(`office ${orgId} (${office.name}): journal head ${office.headCursor}, pruned through ${office.prunedThrough}, key ${office.keys ? 'set' : 'not set yet'}`);
      for (const d of await store.journal.listDesks(orgId)) {
        const state = d.revokedAt === null ? 'active' : `revoked ${iso(d.revokedAt)}`;
        deps.out(`${d.id}\t${d.name}\t${state}\tlast seen ${iso(d.lastSeenAt)}\tacked ${d.ackedCursor}/${office.headCursor}\tpushed ${d.pushedSeq}\tpending ${d.pending}`);
      }
      return;
    }
    if (verb === 'revoke') {
      const deskId = positionals[0];
      if (!deskId) throw deps.usage('desk revoke needs the desk id (see desk list)');
      const revoked = await store.journal.revokeDesk(orgId, deskId, deps.now());
      if (!revoked) throw deps.usage(`no active desk ${deskId} in office ${orgId}`);
      deps.out(`revoked desk ${revoked.id} (${revoked.name}); it can send nothing more, and its ${revoked.pushedSeq} entries stay in the journal`);
      return;
    }
    throw deps.usage(`unknown desk command: ${verb ?? '(none)'}`);
  });
}
