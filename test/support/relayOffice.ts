import { randomBytes } from 'node:crypto';
import { newJoinCode } from '../../relay/office/joinCodes';
import type { RelayStore } from '../../relay/storage/types';
import { JournalPage, OfficeJoinResult } from '../../shared/relay/journalWire';
import type { JournalEntryIn, OfficeKeys } from '../../shared/relay/journalWire';

/** Creates an office and a join code the way the CLI does; returns the code. */
export async function officeWithCode(store: RelayStore, orgId: string, ttlMs = 30 * 60_000, at = Date.now()): Promise<string> {
  if (!(await store.journal.getOffice(orgId))) await store.journal.createOffice({ orgId, name: `Office ${orgId}`, createdAt: at });
  return joinCode(store, orgId, ttlMs, at);
}

export async function joinCode(store: RelayStore, orgId: string, ttlMs = 30 * 60_000, at = Date.now()): Promise<string> {
  const { code, hash } = newJoinCode();
  await store.journal.createJoinCode({ orgId, hash, createdAt: at, expiresAt: at + ttlMs });
  return code;
}

export type TestDesk = {
  id: string;
  token: string;
  /** The next desk_seq this desk will use. */
  seq: number;
  /** `count` fresh entries with random ct of `bytes` characters, continuing the desk's sequence. */
  entries(count: number, bytes?: number): JournalEntryIn[];
};

export function joinRequest(url: string, code: string, deskName = 'Front desk'): Promise<Response> {
  return fetch(`${url}/v1/office/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, desk_name: deskName }) });
}

let entryCounter = 0;
/** Joins an office over HTTP with a fresh code and returns the desk. */
export async function joinDesk(url: string, store: RelayStore, orgId: string, name = 'Front desk'): Promise<TestDesk> {
  const code = await officeWithCode(store, orgId);
  const res = await joinRequest(url, code, name);
  if (res.status !== 200) throw new Error(`join answered ${res.status}: ${await res.text()}`);
  const joined = OfficeJoinResult.parse(await res.json());
  const desk: TestDesk = {
    id: joined.desk,
    token: joined.token,
    seq: 1,
    entries(count, bytes = 120) {
      return Array.from({ length: count }, () => ({
        id: `je_${process.pid}_${Date.now().toString(36)}_${++entryCounter}`,
        desk: desk.id,
        desk_seq: desk.seq++,
        ct: randomBytes(Math.ceil((bytes * 3) / 4)).toString('base64url').slice(0, bytes),
      }));
    },
  };
  return desk;
}

export const auth = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

export function push(url: string, token: string, entries: unknown[]): Promise<Response> {
  return fetch(`${url}/v1/journal`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth(token) }, body: JSON.stringify({ entries }) });
}

export function pull(url: string, token: string, query: Record<string, string | number> = {}): Promise<Response> {
  const qs = new URLSearchParams(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])));
  return fetch(`${url}/v1/journal?${qs}`, { headers: auth(token) });
}

/** Pulls every page from `after` to the head. */
export async function pullAll(url: string, token: string, after = 0, limit = 500): Promise<JournalPage['entries']> {
  const all: JournalPage['entries'] = [];
  for (;;) {
    const res = await pull(url, token, { after, limit });
    if (res.status !== 200) throw new Error(`pull answered ${res.status}: ${await res.text()}`);
    const page = JournalPage.parse(await res.json());
    all.push(...page.entries);
    after = page.next_cursor;
    if (!page.has_more) return all;
  }
}

export const testKeys = (salt = randomBytes(16).toString('base64url')): OfficeKeys => ({
  kdf: { alg: 'scrypt', salt, N: 16384, r: 8, p: 1 },
  key_check: randomBytes(48).toString('base64url'),
});

/** Resolves once the relay has recorded a pull by the desk (a held poll records it before it parks). */
export async function pulledOnce(store: RelayStore, orgId: string, deskId: string): Promise<void> {
  for (;;) {
    const desk = (await store.journal.listDesks(orgId)).find((d) => d.id === deskId);
    if (desk?.lastSeenAt != null) return;
    await new Promise((r) => setImmediate(r));
  }
}
