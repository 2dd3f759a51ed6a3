import { expect, it } from 'vitest';
import {
  JOURNAL_ENTRY_MAX_BYTES,
  JOURNAL_PAGE_MAX_BYTES,
  JournalError,
  JournalPage,
  JournalPushResult,
  OfficeDesks,
  OfficeJoinCheckResult,
  OfficeJoinResult,
  OfficeKeysConflict,
  OfficeKeysResult,
} from '../../../shared/relay/journalWire';
import { pageChunks } from '../../../relay/office/routes';
import { auth, joinCode, joinDesk, joinRequest, officeWithCode, pull, pullAll, pulledOnce, push, testKeys } from '../../support/relayOffice';
import { relaySuites } from '../../support/relaySuites';

it('a page always carries its first entry, even one larger than the byte cap', async () => {
  const big = { cursor: 5, id: 'a', desk: 'd', deskSeq: 1, ct: 'x'.repeat(JOURNAL_PAGE_MAX_BYTES + 1), receivedAt: 1 };
  const next = { ...big, cursor: 6, id: 'b', ct: 'y' };
  let text = '';
  for await (const piece of pageChunks([big, next], { after: 4, limit: 10, batch: 11, read: () => Promise.resolve([]) })) text += piece;
  const page = JournalPage.parse(JSON.parse(text));
  expect(page.entries.map((e) => e.id)).toEqual(['a']);
  expect(page).toMatchObject({ next_cursor: 5, has_more: true });
});

async function errorOf(res: Response): Promise<string> {
  return JournalError.parse(await res.json()).error;
}

relaySuites('office journal', ({ make }) => {
  it('round-trips entries in commit order, takes a retried push once and refuses a changed one whole', async () => {
    const relay = await make();
    const a = await joinDesk(relay.url, relay.store, 'acme', 'Front desk');
    const b = await joinDesk(relay.url, relay.store, 'acme', 'Back office');

    const first = a.entries(3);
    const res = await push(relay.url, a.token, first);
    expect(res.status).toBe(200);
    const accepted = JournalPushResult.parse(await res.json()).accepted;
    expect(accepted).toEqual(first.map((e, i) => ({ id: e.id, cursor: i + 1, duplicate: false })));
    const fromB = b.entries(2);
    expect((await push(relay.url, b.token, fromB)).status).toBe(200);

    // The same push again (the desk never saw the answer): the same cursors, marked duplicate, nothing new.
    const retry = JournalPushResult.parse(await (await push(relay.url, a.token, first)).json()).accepted;
    expect(retry).toEqual(first.map((e, i) => ({ id: e.id, cursor: i + 1, duplicate: true })));
    // A retry overlapping with new entries: the old ones are duplicates, the new continue the sequence.
    const more = a.entries(2);
    const overlap = JournalPushResult.parse(await (await push(relay.url, a.token, [...first.slice(1), ...more])).json()).accepted;
    expect(overlap.map((x) => [x.cursor, x.duplicate])).toEqual([
      [2, true],
      [3, true],
      [6, false],
      [7, false],
    ]);

    // The same id with other bytes: 409 and nothing of the push is stored, not even its new entries.
    const tampered = { ...first[0], ct: `${first[0]?.ct}x` };
    const next = a.entries(1);
    const conflict = await push(relay.url, a.token, [...next, tampered]);
    expect(conflict.status).toBe(409);
    expect(await errorOf(conflict)).toBe('entry_conflict');

    const all = await pullAll(relay.url, b.token);
    expect(all.map((e) => e.cursor)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(all.map((e) => e.id)).toEqual([...first, ...fromB, ...more].map((e) => e.id));
    expect(all.map((e) => e.ct)).toEqual([...first, ...fromB, ...more].map((e) => e.ct));
    expect(all.map((e) => [e.desk, e.desk_seq])).toEqual([...first, ...fromB, ...more].map((e) => [e.desk, e.desk_seq]));
    // The refused entry's number is still free: the desk sends it again, alone, and it goes.
    expect((await push(relay.url, a.token, next)).status).toBe(200);
  });

  it('refuses entries under another desk, a gap in desk_seq, an oversized entry or body, and a bad body, storing nothing', async () => {
    const relay = await make();
    const a = await joinDesk(relay.url, relay.store, 'acme');
    const b = await joinDesk(relay.url, relay.store, 'acme');

    const [mine] = a.entries(1);
    const posing = { ...b.entries(1)[0], desk: b.id };
    const wrong = await push(relay.url, a.token, [mine, posing]);
    expect(wrong.status).toBe(403);
    expect(await errorOf(wrong)).toBe('wrong_desk');

    a.seq = 1;
    const [one, , three] = a.entries(3);
    const gap = await push(relay.url, a.token, [one, three]);
    expect(gap.status).toBe(400);
    const gapBody = JournalError.parse(await gap.json());
    expect(gapBody.error).toBe('bad_request');
    expect(gapBody.message).toContain('must be number 2');

    a.seq = 1;
    const [big] = a.entries(1, JOURNAL_ENTRY_MAX_BYTES + 1);
    const tooBig = await push(relay.url, a.token, [big]);
    expect(tooBig.status).toBe(413);
    expect(await errorOf(tooBig)).toBe('too_large');
    a.seq = 1;
    const body = a.entries(20, JOURNAL_ENTRY_MAX_BYTES);
    const hugeBody = await push(relay.url, a.token, body);
    expect(hugeBody.status).toBe(413);
    expect(await errorOf(hugeBody)).toBe('too_large');

    for (const bad of ['{"entries":[]}', '{"entries":[{"id":"x"}]}', 'not json']) {
      const res = await fetch(`${relay.url}/v1/journal`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth(a.token) }, body: bad });
      expect(res.status, bad).toBe(400);
      expect(await errorOf(res)).toBe('bad_request');
    }
    expect((await push(relay.url, 'brly_not_a_real_token_at_all', [])).status).toBe(401);

    expect(await pullAll(relay.url, a.token)).toEqual([]);
    a.seq = 1;
    expect((await push(relay.url, a.token, a.entries(1))).status).toBe(200);
  });

  it('a revoked desk can push and pull nothing more, and its past entries stay', async () => {
    const relay = await make();
    const a = await joinDesk(relay.url, relay.store, 'acme');
    const b = await joinDesk(relay.url, relay.store, 'acme');
    const mine = a.entries(3);
    expect((await push(relay.url, a.token, mine)).status).toBe(200);

    expect(await relay.store.journal.revokeDesk('acme', a.id, Date.now())).toMatchObject({ id: a.id, pushedSeq: 3 });
    const refused = await push(relay.url, a.token, a.entries(1));
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toBe('revoked');
    const pullRefused = await pull(relay.url, a.token);
    expect(pullRefused.status).toBe(403);
    expect(await errorOf(pullRefused)).toBe('revoked');

    expect((await pullAll(relay.url, b.token)).map((e) => e.id)).toEqual(mine.map((e) => e.id));
    const desks = OfficeDesks.parse(await (await fetch(`${relay.url}/v1/office/desks`, { headers: auth(b.token) })).json());
    expect(desks.head_cursor).toBe(3);
    expect(desks.desks.find((d) => d.desk === a.id)).toMatchObject({ pushed_seq: 3 });
    expect(desks.desks.find((d) => d.desk === a.id)?.revoked_at).not.toBeNull();
  });

  it('a push queued before the revocation commits lands; the revocation is checked inside the write', async () => {
    const relay = await make();
    const a = await joinDesk(relay.url, relay.store, 'acme');
    // Straight to the store with the token of a revoked desk: the route's check is behind us, the write's is not.
    const auth = await relay.store.journal.authenticate((await import('../../../relay/tokens')).hashToken(a.token));
    await relay.store.journal.revokeDesk('acme', a.id, Date.now());
    const outcome = await relay.store.journal.push({ orgId: 'acme', deskId: a.id, tokenId: auth?.tokenId ?? '', entries: [{ id: 'je_late', deskSeq: 1, ct: 'abc' }], receivedAt: Date.now() });
    expect(outcome).toMatchObject({ ok: false, error: 'revoked' });
    expect(await relay.store.journal.readEntries('acme', 0, 10)).toEqual([]);
  });

  it('long-polls: another desk’s push wakes a held pull, and a desk revoked while held gets nothing', { timeout: 60_000 }, async () => {
    const relay = await make();
    const a = await joinDesk(relay.url, relay.store, 'acme');
    const b = await joinDesk(relay.url, relay.store, 'acme');

    const started = Date.now();
    const held = pull(relay.url, b.token, { after: 0, wait: 25 });
    // It answers only when woken (the store re-reads every 60 s in tests).
    await pulledOnce(relay.store, 'acme', b.id);
    const entries = a.entries(1);
    expect((await push(relay.url, a.token, entries)).status).toBe(200);
    const res = await held;
    expect(res.status).toBe(200);
    expect(JournalPage.parse(await res.json()).entries.map((e) => e.id)).toEqual(entries.map((e) => e.id));
    expect(Date.now() - started).toBeLessThan(10_000);

    const c = await joinDesk(relay.url, relay.store, 'acme');
    const heldC = pull(relay.url, c.token, { after: 1, wait: 25 });
    await pulledOnce(relay.store, 'acme', c.id);
    await relay.store.journal.revokeDesk('acme', c.id, Date.now());
    expect((await push(relay.url, a.token, a.entries(1))).status).toBe(200);
    const revoked = await heldC;
    expect(revoked.status).toBe(403);
    expect(await errorOf(revoked)).toBe('revoked');

    // An idle wait ends empty, at the cursor it was given.
    const idle = JournalPage.parse(await (await pull(relay.url, b.token, { after: 2, wait: 1 })).json());
    expect(idle).toEqual({ entries: [], next_cursor: 2, has_more: false });
  });

  it('caps a page by bytes and by count, and records the desk’s cursor and pending', async () => {
    const relay = await make();
    const a = await joinDesk(relay.url, relay.store, 'acme');
    // Entries of the largest size: exactly JOURNAL_PAGE_MAX_BYTES / JOURNAL_ENTRY_MAX_BYTES fit a page.
    const perPage = Math.floor(JOURNAL_PAGE_MAX_BYTES / JOURNAL_ENTRY_MAX_BYTES);
    expect(perPage).toBeGreaterThan(1);
    expect((await push(relay.url, a.token, a.entries(perPage + 2, JOURNAL_ENTRY_MAX_BYTES))).status).toBe(200);
    const res1 = await pull(relay.url, a.token, { after: 0, limit: 100 });
    const p1 = JournalPage.parse(await res1.json());
    expect(p1.entries.map((e) => e.cursor)).toEqual(Array.from({ length: perPage }, (_, i) => i + 1));
    expect(p1).toMatchObject({ next_cursor: perPage, has_more: true });
    expect(p1.entries.reduce((t, e) => t + e.ct.length, 0)).toBeLessThanOrEqual(JOURNAL_PAGE_MAX_BYTES);
    const byCount = JournalPage.parse(await (await pull(relay.url, a.token, { after: perPage, limit: 1 })).json());
    expect(byCount.entries.map((e) => e.cursor)).toEqual([perPage + 1]);
    expect(byCount.has_more).toBe(true);
    // Small entries after large ones: the count cap, then the rest.
    expect((await push(relay.url, a.token, a.entries(150))).status).toBe(200);
    const rest = await pullAll(relay.url, a.token, perPage + 1, 64);
    expect(rest.map((e) => e.cursor)).toEqual(Array.from({ length: 151 }, (_, i) => perPage + 2 + i));

    expect((await pull(relay.url, a.token, { after: 4, pending: 12 })).status).toBe(200);
    const desks = OfficeDesks.parse(await (await fetch(`${relay.url}/v1/office/desks`, { headers: auth(a.token) })).json());
    expect(desks.desks[0]).toMatchObject({ desk: a.id, acked_cursor: 4, pending: 12, pushed_seq: perPage + 152 });
    expect(desks.desks[0]?.last_seen_at).toBeGreaterThan(0);

    const bad: Record<string, string | number>[] = [{ after: -1 }, { limit: 0 }, { wait: '1.5' }, { cursor: 1 }];
    for (const q of bad) expect((await pull(relay.url, a.token, q)).status, JSON.stringify(q)).toBe(400);
    const ahead = await pull(relay.url, a.token, { after: perPage + 153 });
    expect(ahead.status).toBe(410);
    expect(await errorOf(ahead)).toBe('cursor_gone');
  });

  it('a join code works once and not after it expires; a desk token is tied to its desk', async () => {
    const relay = await make();
    const code = await officeWithCode(relay.store, 'acme');
    const first = await joinRequest(relay.url, code.toLowerCase(), 'Front desk');
    expect(first.status).toBe(200);
    const joined = OfficeJoinResult.parse(await first.json());
    expect(joined).toMatchObject({ office: 'acme', office_name: 'Office acme', keys: null });
    const again = await joinRequest(relay.url, code, 'Thief');
    expect(again.status).toBe(403);
    expect(await errorOf(again)).toBe('code_invalid');

    const expired = await officeWithCode(relay.store, 'acme', 60_000, Date.now() - 120_000);
    const late = await joinRequest(relay.url, expired);
    expect(late.status).toBe(403);
    expect(await errorOf(late)).toBe('code_invalid');
    expect((await joinRequest(relay.url, 'AAAA-BBBB-CCCC-DDDD')).status).toBe(403);

    const desks = await relay.store.journal.listDesks('acme');
    expect(desks.map((d) => [d.id, d.name])).toEqual([[joined.desk, 'Front desk']]);
    // A plain device token (token create) is not a desk's.
    const device = await relay.token('acme', 'stripe-only');
    const res = await push(relay.url, device.token, []);
    expect(res.status).toBe(403);
  });

  it('a join code can be checked without being spent: the office and its keys, then a join; a used, expired or unknown code is refused', async () => {
    const relay = await make();
    const check = (code: string) => fetch(`${relay.url}/v1/office/join/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    const first = await joinDesk(relay.url, relay.store, 'acme');
    const keys = testKeys();
    expect((await fetch(`${relay.url}/v1/office/keys`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth(first.token) }, body: JSON.stringify(keys) })).status).toBe(200);
    const code = await joinCode(relay.store, 'acme');
    for (let i = 0; i < 2; i++) {
      const res = await check(code);
      expect(res.status).toBe(200);
      expect(OfficeJoinCheckResult.parse(await res.json())).toEqual({ office: 'acme', office_name: 'Office acme', keys });
    }
    // Checking made no desk; the join spends the code, and then the check refuses it too.
    expect((await relay.store.journal.listDesks('acme')).length).toBe(1);
    expect((await joinRequest(relay.url, code, 'Back office')).status).toBe(200);
    const used = await check(code);
    expect(used.status).toBe(403);
    expect(await errorOf(used)).toBe('code_invalid');
    const expired = await joinCode(relay.store, 'acme', 60_000, Date.now() - 120_000);
    expect((await check(expired)).status).toBe(403);
    expect((await check('AAAA-BBBB-CCCC-DDDD')).status).toBe(403);
  });

  it('office keys: the first desk sets them, a different second set is refused with the keys in force', async () => {
    const relay = await make();
    const a = await joinDesk(relay.url, relay.store, 'acme');
    const b = await joinDesk(relay.url, relay.store, 'acme');
    const put = (token: string, body: unknown) => fetch(`${relay.url}/v1/office/keys`, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth(token) }, body: JSON.stringify(body) });

    expect((await fetch(`${relay.url}/v1/office/keys`, { headers: auth(a.token) })).status).toBe(404);
    const keysA = testKeys();
    const set = await put(a.token, keysA);
    expect(set.status).toBe(200);
    expect(OfficeKeysResult.parse(await set.json())).toEqual({ keys: keysA, set_by_you: true });
    // A retry of the same PUT is fine.
    expect(OfficeKeysResult.parse(await (await put(a.token, keysA)).json())).toEqual({ keys: keysA, set_by_you: true });

    const lost = await put(b.token, testKeys());
    expect(lost.status).toBe(409);
    expect(OfficeKeysConflict.parse(await lost.json()).keys).toEqual(keysA);
    expect(OfficeKeysResult.parse(await (await fetch(`${relay.url}/v1/office/keys`, { headers: auth(b.token) })).json())).toEqual({ keys: keysA, set_by_you: false });
    expect((await put(b.token, { kdf: { alg: 'argon2' } })).status).toBe(400);

    // A desk that joins now gets the keys with its token.
    const code = await officeWithCode(relay.store, 'acme');
    expect(OfficeJoinResult.parse(await (await joinRequest(relay.url, code)).json()).keys).toEqual(keysA);
  });
});
