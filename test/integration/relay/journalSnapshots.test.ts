import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { JournalError, JournalPage, SnapshotInfo, SnapshotLatestMissing, SnapshotStatus } from '../../../shared/relay/journalWire';
import { auth, joinDesk, pull, pullAll, push } from '../../support/relayOffice';
import { relaySuites } from '../../support/relaySuites';

const json = (token: string): Record<string, string> => ({ 'content-type': 'application/json', ...auth(token) });

relaySuites('office snapshots and pruning', ({ make }) => {
  it('uploads a snapshot in chunks, resumes a cut-short upload, and serves the latest complete one', async () => {
    const relay = await make();
    const a = await joinDesk(relay.url, relay.store, 'acme');
    const b = await joinDesk(relay.url, relay.store, 'acme');
    expect((await push(relay.url, a.token, a.entries(5))).status).toBe(200);
    expect((await fetch(`${relay.url}/v1/snapshots/latest`, { headers: auth(b.token) })).status).toBe(404);

    const chunks = [0, 1, 2].map(() => randomBytes(3000).toString('base64url'));
    const started = await fetch(`${relay.url}/v1/snapshots`, { method: 'POST', headers: json(a.token), body: JSON.stringify({ through_cursor: 5, chunks: 3, bytes: 12_000 }) });
    expect(started.status).toBe(200);
    const { snapshot } = (await started.json()) as { snapshot: string };
    const put = (token: string, index: number, body: string) =>
      fetch(`${relay.url}/v1/snapshots/${snapshot}/chunks/${index}`, { method: 'PUT', headers: { 'content-type': 'text/plain', ...auth(token) }, body });

    // The upload is cut short after chunk 0 and, retried, chunk 2.
    expect((await put(a.token, 0, chunks[0] as string)).status).toBe(200);
    expect((await put(a.token, 2, 'stale-first-try')).status).toBe(200);
    const early = await fetch(`${relay.url}/v1/snapshots/${snapshot}/complete`, { method: 'POST', headers: auth(a.token) });
    expect(early.status).toBe(409);
    expect(JournalError.parse(await early.json()).message).toContain('1');
    // Not visible to anyone before it is complete.
    expect((await fetch(`${relay.url}/v1/snapshots/latest`, { headers: auth(b.token) })).status).toBe(404);
    expect((await fetch(`${relay.url}/v1/snapshots/${snapshot}/chunks/0`, { headers: auth(b.token) })).status).toBe(404);

    // Resume: ask what is stored, send the rest (a chunk sent again replaces the first try).
    const status = SnapshotStatus.parse(await (await fetch(`${relay.url}/v1/snapshots/${snapshot}`, { headers: auth(a.token) })).json());
    expect(status).toMatchObject({ complete: false, stored_chunks: [0, 2], chunks: 3, through_cursor: 5 });
    expect((await put(a.token, 1, chunks[1] as string)).status).toBe(200);
    expect((await put(a.token, 2, chunks[2] as string)).status).toBe(200);
    // Only the desk that started an upload adds to it; indexes stay in range; text only.
    expect((await put(b.token, 1, 'abc')).status).toBe(404);
    expect((await put(a.token, 3, 'abc')).status).toBe(400);
    expect((await put(a.token, 1, 'not base64url!')).status).toBe(400);
    const done = await fetch(`${relay.url}/v1/snapshots/${snapshot}/complete`, { method: 'POST', headers: auth(a.token) });
    expect(done.status).toBe(200);
    // Complete means frozen.
    expect((await put(a.token, 0, 'abc')).status).toBe(409);

    const latest = SnapshotInfo.parse(await (await fetch(`${relay.url}/v1/snapshots/latest`, { headers: auth(b.token) })).json());
    expect(latest).toMatchObject({ snapshot, desk: a.id, through_cursor: 5, chunks: 3, bytes: 12_000 });
    for (const [i, ct] of chunks.entries()) {
      const res = await fetch(`${relay.url}/v1/snapshots/${snapshot}/chunks/${i}`, { headers: auth(b.token) });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(ct);
    }
    const ahead = await fetch(`${relay.url}/v1/snapshots`, { method: 'POST', headers: json(a.token), body: JSON.stringify({ through_cursor: 6, chunks: 1, bytes: 1 }) });
    expect(ahead.status).toBe(400);
  });

  it("says a seed is coming while the first desk's snapshot through cursor 0 is unfinished, and only then", async () => {
    const relay = await make();
    const a = await joinDesk(relay.url, relay.store, 'acme');
    const b = await joinDesk(relay.url, relay.store, 'acme');
    const latest = async (token: string) => {
      const res = await fetch(`${relay.url}/v1/snapshots/latest`, { headers: auth(token) });
      expect(res.status).toBe(404);
      return SnapshotLatestMissing.parse(await res.json());
    };
    const start = async (token: string, through: number) => {
      const res = await fetch(`${relay.url}/v1/snapshots`, { method: 'POST', headers: json(token), body: JSON.stringify({ through_cursor: through, chunks: 2, bytes: 6 }) });
      expect(res.status).toBe(200);
      return ((await res.json()) as { snapshot: string }).snapshot;
    };
    const put = (token: string, snapshot: string, index: number) =>
      fetch(`${relay.url}/v1/snapshots/${snapshot}/chunks/${index}`, { method: 'PUT', headers: { 'content-type': 'text/plain', ...auth(token) }, body: 'abc' });

    // No snapshot at all: a new desk pulls the journal from its start (a small office's seed entry).
    expect(await latest(b.token)).toMatchObject({ error: 'not_found', seed_pending: false });

    // The first desk starts its seed (through cursor 0) and sends half of it: every desk is told to wait.
    const seed = await start(a.token, 0);
    expect((await put(a.token, seed, 0)).status).toBe(200);
    expect(await latest(b.token)).toMatchObject({ error: 'not_found', seed_pending: true });
    expect(await latest(a.token)).toMatchObject({ seed_pending: true });

    // Complete: the seed itself is the answer.
    expect((await put(a.token, seed, 1)).status).toBe(200);
    expect((await fetch(`${relay.url}/v1/snapshots/${seed}/complete`, { method: 'POST', headers: auth(a.token) })).status).toBe(200);
    const done = await fetch(`${relay.url}/v1/snapshots/latest`, { headers: auth(b.token) });
    expect(done.status).toBe(200);
    expect(SnapshotInfo.parse(await done.json())).toMatchObject({ snapshot: seed, through_cursor: 0 });

    // A later snapshot being uploaded (through a cursor past 0) is no seed: an office seeded by an entry is not held up by it.
    const c = await joinDesk(relay.url, relay.store, 'beta');
    const d = await joinDesk(relay.url, relay.store, 'beta');
    expect((await push(relay.url, c.token, c.entries(3))).status).toBe(200);
    await start(c.token, 3);
    expect(await latest(d.token)).toMatchObject({ seed_pending: false });

    // A seed whose desk was removed from the office will never finish: nobody waits for it.
    const e = await joinDesk(relay.url, relay.store, 'gamma');
    const f = await joinDesk(relay.url, relay.store, 'gamma');
    await start(e.token, 0);
    expect(await latest(f.token)).toMatchObject({ seed_pending: true });
    await relay.store.journal.revokeDesk('gamma', e.id, Date.now());
    expect(await latest(f.token)).toMatchObject({ seed_pending: false });
  });

  it('prunes only what every active desk has acknowledged and a complete snapshot covers', async () => {
    const relay = await make();
    const a = await joinDesk(relay.url, relay.store, 'acme');
    const b = await joinDesk(relay.url, relay.store, 'acme');
    const c = await joinDesk(relay.url, relay.store, 'acme');
    expect((await push(relay.url, a.token, a.entries(10))).status).toBe(200);
    const journal = relay.store.journal;
    const prune = () => journal.prune(Date.now() - 86_400_000);

    // Everyone has read everything, but there is no snapshot: nothing goes.
    for (const d of [a, b, c]) await pullAll(relay.url, d.token);
    for (const d of [a, b, c]) expect((await pull(relay.url, d.token, { after: 10 })).status).toBe(200);
    expect(await prune()).toEqual({ entries: 0, snapshots: 0 });

    const snapshotThrough = async (through: number): Promise<string> => {
      const { snapshot } = (await (await fetch(`${relay.url}/v1/snapshots`, { method: 'POST', headers: json(a.token), body: JSON.stringify({ through_cursor: through, chunks: 1, bytes: 3 }) })).json()) as {
        snapshot: string;
      };
      await fetch(`${relay.url}/v1/snapshots/${snapshot}/chunks/0`, { method: 'PUT', headers: { 'content-type': 'text/plain', ...auth(a.token) }, body: 'abc' });
      expect((await fetch(`${relay.url}/v1/snapshots/${snapshot}/complete`, { method: 'POST', headers: auth(a.token) })).status).toBe(200);
      return snapshot;
    };
    const first = await snapshotThrough(8);
    // Desk c acknowledges only 6: the cut is the lowest of the snapshot and every active desk.
    expect((await pull(relay.url, c.token, { after: 6 })).status).toBe(200);
    expect(await prune()).toEqual({ entries: 6, snapshots: 0 });
    expect((await journal.getOffice('acme'))?.prunedThrough).toBe(6);
    const gone = await pull(relay.url, c.token, { after: 5 });
    expect(gone.status).toBe(410);
    expect(JournalError.parse(await gone.json()).error).toBe('cursor_gone');
    expect((await pullAll(relay.url, c.token, 6)).map((e) => e.cursor)).toEqual([7, 8, 9, 10]);

    // c is revoked: it no longer holds anything back; the snapshot (8) does. A newer snapshot replaces the old.
    await journal.revokeDesk('acme', c.id, Date.now());
    expect(await prune()).toEqual({ entries: 2, snapshots: 0 });
    await snapshotThrough(10);
    expect(await prune()).toEqual({ entries: 2, snapshots: 1 });
    expect((await fetch(`${relay.url}/v1/snapshots/${first}/chunks/0`, { headers: auth(a.token) })).status).toBe(404);
    expect(await journal.readEntries('acme', 0, 100)).toEqual([]);
    // The sequence goes on from the head, without reuse.
    expect((await push(relay.url, b.token, b.entries(1))).status).toBe(200);
    const page = JournalPage.parse(await (await pull(relay.url, a.token, { after: 10 })).json());
    expect(page.entries.map((e) => e.cursor)).toEqual([11]);

    // A desk that joins after pruning starts acknowledged at what was pruned, so it holds nothing back it never had.
    const d = await joinDesk(relay.url, relay.store, 'acme');
    expect((await journal.listDesks('acme')).find((x) => x.id === d.id)?.ackedCursor).toBe(10);
  });
});
