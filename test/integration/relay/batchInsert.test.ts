import { expect, it } from 'vitest';
import type { NewEvent } from '../../../relay/storage/types';
import { relaySuites } from '../../support/relaySuites';

const event = (orgId: string, eventId: string, n: number): NewEvent => ({
  orgId,
  eventId,
  type: 'payment_intent.succeeded',
  created: 1_700_000_000 + n,
  payload: `{"id":"${eventId}","n":${n}}`,
  signature: `t=1,v1=${n}`,
  receivedAt: Date.now(),
});

relaySuites('group commit of one batch', ({ make }) => {
  it('numbers a batch of two orgs without gaps; a copy inside the batch or already stored keeps its first sequence', async () => {
    const relay = await make();
    await relay.createOrg('north', ['whsec_north']);
    await relay.createOrg('south', ['whsec_south']);
    expect(await relay.store.insertEvent(event('north', 'evt_n0', 0))).toEqual({ status: 'stored', seq: 1 });

    // Called in one event-loop turn, these reach the writer as one batch (one transaction, one commit).
    const batch = [
      event('south', 'evt_s1', 1),
      event('north', 'evt_n1', 2),
      event('north', 'evt_n0', 3), // stored before
      event('south', 'evt_s2', 4),
      event('north', 'evt_n1', 5), // twice in this batch
      event('north', 'evt_n2', 6),
      event('south', 'evt_s1', 7), // twice in this batch
    ];
    const results = await Promise.all(batch.map((e) => relay.store.insertEvent(e)));
    expect(results).toEqual([
      { status: 'stored', seq: 1 },
      { status: 'stored', seq: 2 },
      { status: 'duplicate', seq: 1 },
      { status: 'stored', seq: 2 },
      { status: 'duplicate', seq: 2 },
      { status: 'stored', seq: 3 },
      { status: 'duplicate', seq: 1 },
    ]);
    const north = (await relay.store.readEvents('north', 0, 10)).events;
    expect(north.map((e) => [e.seq, e.eventId, e.payload])).toEqual([
      [1, 'evt_n0', '{"id":"evt_n0","n":0}'],
      [2, 'evt_n1', '{"id":"evt_n1","n":2}'],
      [3, 'evt_n2', '{"id":"evt_n2","n":6}'],
    ]);
    expect((await relay.store.readEvents('south', 0, 10)).events.map((e) => [e.seq, e.eventId])).toEqual([
      [1, 'evt_s1'],
      [2, 'evt_s2'],
    ]);
    expect(await relay.store.cursorState('north')).toEqual({ headSeq: 3, prunedThrough: 0 });
    expect(await relay.store.cursorState('south')).toEqual({ headSeq: 2, prunedThrough: 0 });
    // A batch naming an org that does not exist stores nothing of the batch.
    await expect(Promise.all([relay.store.insertEvent(event('north', 'evt_n3', 8)), relay.store.insertEvent(event('nowhere', 'evt_x', 9))])).rejects.toThrow(/unknown org/);
    expect(await relay.store.cursorState('north')).toEqual({ headSeq: 3, prunedThrough: 0 });
  });
});
