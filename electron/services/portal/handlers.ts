import { notFound, refuseAs } from '../../core/errors';
import { defineHandlers } from '../../core/handlers';
import { sql } from '../../store/sql';
import { readSetting } from '../settings/settingsRepo';
import { statementSource } from './payerStatement';
import { getLink, insertLink, linksOf, revokeLinks, toLinkView } from './portalLinks';

/** How long `portal:publish` waits for the first upload before answering "waiting" (the outbox keeps trying). */
const PUBLISH_WAIT_MS = 5_000;

/** What the audit trail keeps of a link: never its key (the key is the payer's access). */
const audited = (l: { id: string; payer_id: string; expires_at: string; relay_url: string }) => ({ linkId: l.id, payerId: l.payer_id, expiresAt: l.expires_at, relay: new URL(l.relay_url).host });

export const portalHandlers = defineHandlers({
  // An action: the first upload waits on the relay. The link row, its audit entry and the
  // request id are written in one transaction before any network call, so a retry of the same
  // request (even after a crash) finds the same link.
  'portal:publish': {
    kind: 'action',
    access: 'staff',
    run: async ({ requestId, payerId }, ctx) => {
      const relay = ctx.services.relayConfig();
      if (!relay) throw refuseAs('CONFLICT', 'portal.noRelay', {});
      // Refuses a payer who does not exist or whose statement cannot be a page, before anything is written.
      statementSource(ctx.store, payerId);
      const row = ctx.store.transaction(() => {
        const made = insertLink(ctx.store, { payerId, relayUrl: relay.url, requestId, createdBy: ctx.session?.userId ?? null, days: readSetting(ctx.store, 'payerLinkDays') }, ctx.now());
        if (made.created) ctx.audit({ action: 'portal.publish', entityType: 'payer', entityId: payerId, before: null, after: audited(made.row) });
        return made.row;
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        ctx.services.portal.runOnce().catch(() => undefined),
        new Promise((resolve) => {
          timer = setTimeout(resolve, PUBLISH_WAIT_MS);
        }),
      ]);
      clearTimeout(timer);
      const now = getLink(ctx.store, row.id) ?? row;
      return { link: toLinkView(now, ctx.now()) };
    },
  },
  'portal:links': {
    kind: 'query',
    access: 'staff',
    run: ({ payerId }, ctx) => ({ links: linksOf(ctx.store, payerId).map((r) => toLinkView(r, ctx.now())) }),
  },
  // Withdrawing a link only ever narrows who can read a payer's statement: any staff may.
  'portal:revoke': {
    kind: 'mutation',
    access: 'staff',
    run: (input, ctx) => {
      let payerId: string;
      let rows;
      if (input.scope === 'link') {
        const link = getLink(ctx.store, input.linkId);
        if (!link) throw notFound('Payer page link', input.linkId, 'linkId');
        payerId = link.payer_id;
        rows = [link];
      } else {
        if (!ctx.store.get(sql`SELECT 1 AS x FROM payers WHERE id = ${input.payerId}`)) throw notFound('Payer', input.payerId, 'payerId');
        payerId = input.payerId;
        rows = linksOf(ctx.store, payerId);
      }
      const revoked = revokeLinks(ctx.store, rows, ctx.session?.userId ?? null, ctx.now());
      for (const r of revoked) ctx.audit({ action: 'portal.revoke', entityType: 'payer', entityId: payerId, before: { ...audited(r), state: 'live' }, after: { ...audited(r), state: 'revoked' } });
      ctx.services.portal.kick();
      return { revoked: revoked.length, links: linksOf(ctx.store, payerId).map((r) => toLinkView(r, ctx.now())) };
    },
  },
});
