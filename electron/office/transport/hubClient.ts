import { z } from 'zod';
import { JournalError, JournalPage, JournalPushResult, OfficeDesks, OfficeJoinCheckResult, OfficeJoinResult, OfficeKeysResult, SnapshotInfo, SnapshotLatestMissing, SnapshotStatus } from '../../../shared/relay/journalWire';
import type { JournalEntryIn, OfficeKeys } from '../../../shared/relay/journalWire';

/** Where the office hub is and who this desk is to it. */
export type HubConfig = { url: string; token: string };

type HubErrorCode = z.infer<typeof JournalError>['error'] | 'unexpected';

/** The hub answered, and said no. Network failures are thrown as they come (fetch's TypeError). */
export class HubRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: HubErrorCode,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'HubRefusal';
  }
}

type CallInit = { method: string; token?: string; body?: unknown; text?: string; signal?: AbortSignal; query?: Record<string, string>; once?: true };

/**
 * How long one hub call may take in all, its answer and its body, beyond a long poll's own wait.
 * Without a deadline a request could wait forever: seen in the office simulator, where a desk
 * restarted while its line was cut kept two requests queued on pooled connections whose sockets
 * were already gone (no socket open, nothing pending in the OS), so its link never pushed or
 * pulled again. A call past its deadline fails like any network failure and is tried again.
 */
export const HUB_CALL_MS = 30_000;

/** BURSAR_HUB_CALL_MS shortens the deadline for a test of it; nothing else sets it. */
const callMs = (): number => {
  const set = Number(process.env.BURSAR_HUB_CALL_MS);
  return Number.isSafeInteger(set) && set > 0 ? set : HUB_CALL_MS;
};

function deadline(init: CallInit): AbortSignal {
  const wait = Number(init.query?.wait ?? 0);
  const timeout = AbortSignal.timeout(callMs() + (Number.isFinite(wait) ? wait : 0) * 1000);
  return init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
}

/** A call that ran out of time, in the words the Status screen shows. */
export class HubTimeout extends Error {
  constructor() {
    super('the office hub did not answer in time');
    this.name = 'HubTimeout';
  }
}

const timedOut = (e: unknown): boolean => e instanceof Error && e.name === 'TimeoutError';

/**
 * The connection was closed under the request: a pooled keep-alive socket the hub closed as it
 * idled, reused at that instant (seen when the desk's core was busy for seconds, then pushed:
 * the hub's idle timer and the push met). Nothing was answered, so the call is sent again once
 * on a fresh connection: every hub call is idempotent (entries by id, pages by cursor) except a
 * join, which spends its code and is marked `once`.
 */
const connectionReset = (e: unknown): boolean => {
  const code = (e as { cause?: { code?: unknown } } | null)?.cause?.code;
  return e instanceof TypeError && (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET');
};

async function send(base: string, path: string, init: CallInit): Promise<Response> {
  try {
    return await sendOnce(base, path, init);
  } catch (e) {
    if (init.once || !connectionReset(e)) throw e;
    return sendOnce(base, path, init);
  }
}

async function sendOnce(base: string, path: string, init: CallInit): Promise<Response> {
  const url = new URL(path, base);
  for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.text !== undefined) headers['content-type'] = 'text/plain';
  return fetch(url, {
    method: init.method,
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    ...(init.text !== undefined ? { body: init.text } : {}),
    signal: deadline(init),
  }).catch((e: unknown) => {
    throw timedOut(e) ? new HubTimeout() : e;
  });
}

/** Reads a body under the call's deadline (the same signal covers it). */
const bodyOf = <T>(read: () => Promise<T>): Promise<T> =>
  read().catch((e: unknown) => {
    throw timedOut(e) ? new HubTimeout() : e;
  });

function refusal(status: number, body: unknown): HubRefusal {
  const error = JournalError.safeParse(body);
  if (error.success) return new HubRefusal(status, error.data.error, error.data.message, body);
  return new HubRefusal(status, 'unexpected', `The office hub answered ${status}`, body);
}

async function call<T>(base: string, path: string, init: CallInit, schema: z.ZodType<T>): Promise<T> {
  const res = await send(base, path, init);
  if (!res.ok) throw refusal(res.status, await res.json().catch(() => null));
  const body: unknown = await bodyOf(() => res.json()).catch((e: unknown) => {
    if (e instanceof HubTimeout) throw e;
    return null;
  });
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HubRefusal(res.status, 'unexpected', 'The office hub answered in a form this desk does not understand', body);
  return parsed.data;
}

/** What a join code leads to (the office and its keys), without spending the code. */
export const hubJoinCheck = (url: string, code: string) => call(url, '/v1/office/join/check', { method: 'POST', body: { code } }, OfficeJoinCheckResult);

export const hubJoin = (url: string, code: string, deskName: string) =>
  call(url, '/v1/office/join', { method: 'POST', body: { code, desk_name: deskName }, once: true }, OfficeJoinResult);

export const hubGetKeys = (hub: HubConfig) => call(hub.url, '/v1/office/keys', { method: 'GET', token: hub.token }, OfficeKeysResult);

/** Sets the office's keys; when another desk set them first (409), returns the keys in force. */
export async function hubPutKeys(hub: HubConfig, keys: OfficeKeys): Promise<z.infer<typeof OfficeKeysResult>> {
  try {
    return await call(hub.url, '/v1/office/keys', { method: 'PUT', token: hub.token, body: keys }, OfficeKeysResult);
  } catch (e) {
    if (!(e instanceof HubRefusal) || e.status !== 409) throw e;
    const inForce = OfficeKeysResult.safeParse(e.body);
    return inForce.success ? { ...inForce.data, set_by_you: false } : { ...(await hubGetKeys(hub)), set_by_you: false };
  }
}

export const hubPush = (hub: HubConfig, entries: JournalEntryIn[], signal?: AbortSignal) =>
  call(hub.url, '/v1/journal', { method: 'POST', token: hub.token, body: { entries }, ...(signal ? { signal } : {}) }, JournalPushResult);

export const hubPull = (hub: HubConfig, q: { after: number; limit: number; wait: number; pending: number }, signal?: AbortSignal) =>
  call(
    hub.url,
    '/v1/journal',
    { method: 'GET', token: hub.token, query: { after: String(q.after), limit: String(q.limit), wait: String(q.wait), pending: String(q.pending) }, ...(signal ? { signal } : {}) },
    JournalPage,
  );

export const hubDesks = (hub: HubConfig, signal?: AbortSignal) => call(hub.url, '/v1/office/desks', { method: 'GET', token: hub.token, ...(signal ? { signal } : {}) }, OfficeDesks);

export const hubStartSnapshot = (hub: HubConfig, s: { through_cursor: number; chunks: number; bytes: number }) =>
  call(hub.url, '/v1/snapshots', { method: 'POST', token: hub.token, body: s }, z.object({ snapshot: z.string() }));

export const hubSnapshotStatus = (hub: HubConfig, snapshot: string) =>
  call(hub.url, `/v1/snapshots/${encodeURIComponent(snapshot)}`, { method: 'GET', token: hub.token }, SnapshotStatus);

export const hubPutChunk = (hub: HubConfig, snapshot: string, index: number, ct: string) =>
  call(hub.url, `/v1/snapshots/${encodeURIComponent(snapshot)}/chunks/${index}`, { method: 'PUT', token: hub.token, text: ct }, z.object({ snapshot: z.string(), index: z.number() }));

export const hubCompleteSnapshot = (hub: HubConfig, snapshot: string) =>
  call(hub.url, `/v1/snapshots/${encodeURIComponent(snapshot)}/complete`, { method: 'POST', token: hub.token }, SnapshotInfo);

/**
 * The office's newest complete snapshot; else `seed_pending` while the office's first desk is
 * still uploading its books as the office's first snapshot (they are in no journal entry: a new
 * desk waits for them), or null when the office has no snapshot (its journal holds everything).
 * A hub that does not say `seed_pending` (older) reads as null, as before.
 */
export async function hubLatestSnapshot(hub: HubConfig): Promise<SnapshotInfo | 'seed_pending' | null> {
  try {
    return await call(hub.url, '/v1/snapshots/latest', { method: 'GET', token: hub.token }, SnapshotInfo);
  } catch (e) {
    if (e instanceof HubRefusal && e.status === 404) return SnapshotLatestMissing.safeParse(e.body).data?.seed_pending === true ? 'seed_pending' : null;
    throw e;
  }
}

/** One chunk's ciphertext as the hub holds it; 404 (`HubRefusal`) once a newer snapshot replaced it. */
export async function hubGetChunk(hub: HubConfig, snapshot: string, index: number): Promise<string> {
  const res = await send(hub.url, `/v1/snapshots/${encodeURIComponent(snapshot)}/chunks/${index}`, { method: 'GET', token: hub.token });
  if (!res.ok) throw refusal(res.status, await res.json().catch(() => null));
  return bodyOf(() => res.text());
}
