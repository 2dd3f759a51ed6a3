import type { JournalPage } from '../../../shared/relay/journalWire';
import type { ApplyOutcome, IncomingEntry } from '../journalPort';
import { openEntry } from './entrySeal';
import { hubPull } from './hubClient';
import { readMembership, saveCursor } from './membership';
import type { LinkDeps } from './pusher';

/** `discarded`: the page was fetched but `accept` turned it down; nothing applied, the cursor stayed. */
export type PullResult = { entries: number; hasMore: boolean; outcome: ApplyOutcome | null; discarded?: true };

/** The hub broke its own promises (order, cursors): nothing is applied and the page is asked for again later. */
export class HubOrderError extends Error {}

/**
 * Another desk's entry opened but could not be applied to these books (a rule this build does
 * not know, a constraint): the page rolled back, the cursor stayed, and the pull is retried with
 * back-off. The hub was reachable, so it is never reported as a network problem.
 */
export class ApplyError extends Error {
  constructor(cause: unknown) {
    super(`An entry from another desk could not be applied here, so this desk stopped receiving at that point and will try again: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'ApplyError';
  }
}

function checkOrder(page: JournalPage, after: number): void {
  let previous = after;
  for (const e of page.entries) {
    if (e.cursor <= previous) throw new HubOrderError(`The office hub sent entries out of order (position ${e.cursor} after ${previous}); nothing was applied`);
    previous = e.cursor;
  }
  if (page.next_cursor < previous) throw new HubOrderError('The office hub sent a page whose next position is behind its entries; nothing was applied');
}

/**
 * One page from the hub: long-polls up to `wait` seconds, opens every entry (one that does not
 * open refuses the whole page, nothing applied), then applies the page and saves the cursor in
 * ONE transaction, so a kill at any instant loses nothing and applies nothing twice. Entries at
 * or before the stored cursor (a page fetched twice) are left out inside that transaction.
 * `accept`, when given, is asked before a page with entries is applied; false leaves the page
 * unapplied (a new desk that learns, with the page in hand, that the office has a snapshot to
 * start from after all).
 */
export async function pullPage(d: LinkDeps, q: { limit: number; wait: number; accept?: () => Promise<boolean> }, signal?: AbortSignal): Promise<PullResult> {
  const after = readMembership(d.store)?.cursor ?? 0;
  const page = await hubPull(d.hub, { after, limit: q.limit, wait: q.wait, pending: d.journal.unsentCount() }, signal);
  checkOrder(page, after);
  const opened: IncomingEntry[] = page.entries.map((e) => openEntry(d.key, d.office, e));
  if (opened.length === 0 && page.next_cursor <= after) return { entries: 0, hasMore: page.has_more, outcome: null };
  if (opened.length > 0 && q.accept && !(await q.accept())) return { entries: 0, hasMore: false, outcome: null, discarded: true };
  const outcome = d.store.transaction(() => {
    const current = readMembership(d.store)?.cursor ?? 0;
    const fresh = opened.filter((e) => e.cursor > current);
    let applied: ApplyOutcome | null = null;
    try {
      applied = fresh.length > 0 ? d.journal.applyPage(fresh) : null;
    } catch (e) {
      throw new ApplyError(e);
    }
    saveCursor(d.store, page.next_cursor, fresh.length);
    return applied;
  });
  return { entries: opened.length, hasMore: page.has_more, outcome };
}
