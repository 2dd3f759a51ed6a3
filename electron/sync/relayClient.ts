import { RelayCursorGone, RelayEventsPage } from '../../shared/relay/wire';
import type { RelayEvent } from '../../shared/relay/wire';

export type RelayConfig = { url: string; token: string };

export type PullResult =
  | { kind: 'events'; events: RelayEvent[]; nextCursor: number; hasMore: boolean }
  | { kind: 'cursor_gone'; resumeCursor: number }
  | { kind: 'refused'; status: number; message: string };

/** One long-poll of the relay. Network failures throw; refusals come back as data. */
export async function pullEvents(config: RelayConfig, after: number, limit: number, waitSeconds: number, signal?: AbortSignal): Promise<PullResult> {
  const url = new URL('/v1/events', config.url);
  url.searchParams.set('after', String(after));
  url.searchParams.set('limit', String(limit));
  url.searchParams.set('wait', String(waitSeconds));
  const res = await fetch(url, { headers: { Authorization: `Bearer ${config.token}` }, ...(signal ? { signal } : {}) });
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 410) {
    const gone = RelayCursorGone.safeParse(body);
    return { kind: 'cursor_gone', resumeCursor: gone.success ? gone.data.resume_cursor : 0 };
  }
  if (!res.ok) {
    const message = (body as { message?: string; error?: string } | null)?.message ?? `relay answered ${res.status}`;
    return { kind: 'refused', status: res.status, message };
  }
  const page = RelayEventsPage.parse(body);
  return { kind: 'events', events: page.events, nextCursor: page.next_cursor, hasMore: page.has_more };
}
