import type { PortalLinkView } from '../../../shared/contract/portal';
import { newPortalKey, newPortalPageId } from '../../../shared/portal/seal';
import { invalidAs } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

export type LinkRow = {
  id: string; key: string; payer_id: string; relay_url: string; request_id: string; created_by: string | null; created_at: string; expires_at: string;
  revoked_at: string | null; revoked_by: string | null; dirty: number; version: number; revoke_pending: number; published_at: string | null;
  published_version: number | null; tries: number; last_error: string | null; next_try_at: string | null;
};

const DAY_MS = 86_400_000;

/** The link the payer opens: the page on the relay, its key in the fragment (never sent to a server). */
export const linkUrl = (r: Pick<LinkRow, 'id' | 'key' | 'relay_url'>): string => `${new URL(`/p/${r.id}`, r.relay_url).href}#k=${r.key}`;

export function toLinkView(r: LinkRow, at: Date): PortalLinkView {
  const expired = r.expires_at <= at.toISOString();
  const state = r.revoked_at ? (r.revoke_pending ? 'revoking' : 'revoked') : expired ? 'expired' : r.published_at ? 'published' : 'waiting';
  return {
    id: r.id, payerId: r.payer_id, state, url: state === 'waiting' || state === 'published' ? linkUrl(r) : null,
    createdAt: r.created_at, createdBy: r.created_by, expiresAt: r.expires_at, publishedAt: r.published_at, revokedAt: r.revoked_at, lastError: r.last_error,
  };
}

export const getLink = (store: Store, id: string): LinkRow | undefined => store.get<LinkRow>(sql`SELECT * FROM portal_links WHERE id = ${id}`);

export const linksOf = (store: Store, payerId: string): LinkRow[] => store.all<LinkRow>(sql`SELECT * FROM portal_links WHERE payer_id = ${payerId} ORDER BY created_at DESC, id DESC`);

/** A new link (fresh 128-bit id, fresh 256-bit key) waiting for its first upload; the same request id finds the link it made. */
export function insertLink(store: Store, l: { payerId: string; relayUrl: string; requestId: string; createdBy: string | null; days: number }, at: Date): { row: LinkRow; created: boolean } {
  const existing = store.get<LinkRow>(sql`SELECT * FROM portal_links WHERE request_id = ${l.requestId}`);
  if (existing) return { row: existing, created: false };
  const id = newPortalPageId();
  store.run(sql`INSERT INTO portal_links (id, key, payer_id, relay_url, request_id, created_by, created_at, expires_at)
    VALUES (${id}, ${newPortalKey()}, ${l.payerId}, ${l.relayUrl}, ${l.requestId}, ${l.createdBy}, ${at.toISOString()}, ${new Date(at.getTime() + l.days * DAY_MS).toISOString()})`);
  const row = getLink(store, id);
  if (!row) throw new Error('portal link vanished after insert');
  return { row, created: true };
}

/** Withdraws live links at the desk; the worker tells the relay. Returns the rows it changed, as they were. */
export function revokeLinks(store: Store, rows: LinkRow[], by: string | null, at: Date): LinkRow[] {
  const live = rows.filter((r) => r.revoked_at === null);
  for (const r of live) {
    // version moves so an upload in flight cannot mark the link clean; the relay is told even
    // for a link it may never have had, since an upload may be on its way.
    store.run(sql`UPDATE portal_links SET revoked_at = ${at.toISOString()}, revoked_by = ${by}, revoke_pending = 1, dirty = 0, version = version + 1, next_try_at = NULL, tries = 0 WHERE id = ${r.id}`);
  }
  return live;
}

/**
 * The payer's current live link, for printing (the receipt and statement PDFs' QR code): the
 * newest link neither revoked nor expired that the relay has received at least once; undefined
 * when there is none.
 */
export function payerPageUrl(store: Store, payerId: string, at: Date = new Date()): string | undefined {
  const r = store.get<Pick<LinkRow, 'id' | 'key' | 'relay_url'>>(sql`SELECT id, key, relay_url FROM portal_links
    WHERE payer_id = ${payerId} AND revoked_at IS NULL AND expires_at > ${at.toISOString()} AND published_at IS NOT NULL
    ORDER BY created_at DESC, id DESC LIMIT 1`);
  return r ? linkUrl(r) : undefined;
}

/** A link of this payer that still opens, for a mail; refused on the field otherwise. */
export function livePayerPage(store: Store, payerId: string, linkId: string, at: Date): { url: string; expiresAt: string } {
  const r = getLink(store, linkId);
  if (!r || r.payer_id !== payerId) throw invalidAs('linkId', 'portal.linkNotOfPayer', {});
  if (r.revoked_at !== null || r.expires_at <= at.toISOString()) throw invalidAs('linkId', 'portal.linkWithdrawn', {});
  return { url: linkUrl(r), expiresAt: r.expires_at };
}
