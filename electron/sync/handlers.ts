import { AppError, refuseAs, withCause } from '../core/errors';
import { defineHandlers } from '../core/handlers';
import { decodeCursor, olderThan, pageOf } from '../core/pageCursor';
import type { HandlerContext } from '../core/handlers';
import { last4 } from '../secrets/secretStore';
import { sql } from '../store/sql';
import { readSyncState, writeSyncState } from './syncState';

function statusView(ctx: HandlerContext) {
  return { ...ctx.services.sync.status(), relayUrl: readSyncState(ctx.store, 'relay.url'), outboxPending: ctx.services.outboxPending() };
}

type EventRow = { event_id: string; type: string; object_id: string | null; created: number; source: 'relay' | 'catchup'; outcome: 'applied' | 'unmatched' | 'ignored' | 'stale'; detail: string | null; applied_at: string };

export const syncHandlers = defineHandlers({
  'sync:status': {
    kind: 'query',
    access: 'staff',
    run: (_input, ctx) => statusView(ctx),
  },
  'sync:now': {
    kind: 'action',
    access: 'staff',
    run: async (_input, ctx) => {
      if (!ctx.services.relayConfig() && !ctx.services.stripeConfig()) throw refuseAs('UNAVAILABLE', 'sync.notConfigured', {});
      try {
        const result = await ctx.services.sync.syncNow();
        return { ...result, status: statusView(ctx) };
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw withCause(refuseAs('UNAVAILABLE', 'sync.unreachable', {}), ctx.services.sync.status().lastError ?? 'no answer');
      }
    },
  },
  'sync:events': {
    kind: 'query',
    access: 'staff',
    run: (input, { store }) => {
      const after = input.cursor === undefined ? null : decodeCursor(input.cursor, 'sync:events');
      const where = [
        ...(input.outcome ? [sql`outcome = ${input.outcome}`] : []),
        ...(after ? [olderThan(sql`applied_at`, sql`event_id`, after)] : []),
      ];
      const found = store.all<EventRow>(sql`SELECT event_id, type, object_id, created, source, outcome, detail, applied_at FROM processed_events
        WHERE ${sql.join(where, ' AND ', '1 = 1')} ORDER BY applied_at DESC, event_id DESC LIMIT ${input.limit + 1}`);
      const { rows, nextCursor } = pageOf(found, input.limit, 'sync:events', (r) => ({ at: r.applied_at, id: r.event_id }));
      return {
        events: rows.map((r) => ({ eventId: r.event_id, type: r.type, objectId: r.object_id, created: r.created, source: r.source, outcome: r.outcome, detail: r.detail, appliedAt: r.applied_at })),
        nextCursor,
      };
    },
  },
  'settings:relay': {
    kind: 'mutation',
    access: 'admin',
    run: (input, ctx) => {
      const before = { url: readSyncState(ctx.store, 'relay.url'), tokenSet: ctx.services.secrets.get('relay.token') !== null };
      writeSyncState(ctx.store, 'relay.url', input.url);
      if (input.token !== undefined) ctx.services.secrets.set('relay.token', input.token);
      // A new desk starts its Stripe catch-up window now, not at the beginning of the account.
      if (!readSyncState(ctx.store, 'catchup.since')) writeSyncState(ctx.store, 'catchup.since', String(Math.floor(ctx.now().getTime() / 1000)));
      const token = ctx.services.secrets.get('relay.token');
      const after = { url: input.url, tokenSet: token !== null };
      ctx.audit({ action: 'settings.relay', entityType: 'settings', entityId: 'relay', before, after });
      ctx.services.sync.kick();
      return { url: input.url, tokenSet: token !== null, tokenLast4: last4(token) };
    },
  },
});
