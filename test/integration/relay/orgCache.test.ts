import { describe, expect, it } from 'vitest';
import { createOrgCache } from '../../../relay/storage/orgCache';
import type { Org } from '../../../relay/storage/types';

/**
 * The org cache by construction, with the database replaced by promises the test settles by
 * hand: each read and each ping of the listening connection is held until the test lets it go,
 * so every interleaving below is the one named, not one that timing happened to produce.
 * (multiInstanceOrgs.test.ts runs the same cache on real PostgreSQL with two instances.)
 */

type Held<T> = { arg: string; resolve(value: T): void; reject(error: Error): void };

function rig() {
  const reads: Held<Org | null>[] = [];
  const pings: Held<boolean>[] = [];
  const cache = createOrgCache({
    read: (orgId) => new Promise((resolve, reject) => reads.push({ arg: orgId, resolve, reject })),
    ping: () => new Promise((resolve, reject) => pings.push({ arg: '', resolve, reject })),
  });
  return { cache, reads, pings };
}

const org = (...secrets: string[]): Org => ({ id: 'acme', name: 'Acme', createdAt: 1, secrets });
/** Lets every settled promise's callbacks run (the cache awaits the ping, then reads). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('org cache (NOTIFY-invalidated, PostgreSQL store)', () => {
  it('a lookup started before a rotation and answered after its notification serves only its own waiters', async () => {
    const { cache, reads, pings } = rig();
    cache.setListening(true);

    // Lookup 1: the ping answers, the read goes out (its snapshot predates the rotation).
    const first = cache.get('acme');
    await settle();
    pings.shift()?.resolve(true);
    await settle();
    expect(reads).toHaveLength(1);

    // The rotation commits elsewhere; its notification is handled while read 1 is in flight.
    cache.invalidate('acme');

    // Lookup 2 (after the notification) must not join read 1: it reads again.
    const second = cache.get('acme');
    await settle();
    pings.shift()?.resolve(true);
    await settle();
    expect(reads).toHaveLength(2);

    // Read 1 answers late with the old secret; read 2 with the new one.
    reads[0]?.resolve(org('whsec_old'));
    reads[1]?.resolve(org('whsec_new'));
    expect((await first)?.secrets).toEqual(['whsec_old']);
    expect((await second)?.secrets).toEqual(['whsec_new']);

    // Every later lookup gets the new secret from the cache (no third read), never the late old one.
    const third = cache.get('acme');
    await settle();
    pings.shift()?.resolve(true);
    expect((await third)?.secrets).toEqual(['whsec_new']);
    expect(reads).toHaveLength(2);
  });

  it('a notification while the only read is in flight leaves nothing cached from it', async () => {
    const { cache, reads, pings } = rig();
    cache.setListening(true);
    const first = cache.get('acme');
    await settle();
    pings.shift()?.resolve(true);
    await settle();
    cache.invalidate('acme');
    reads[0]?.resolve(org('whsec_old'));
    expect((await first)?.secrets).toEqual(['whsec_old']);

    const next = cache.get('acme');
    await settle();
    pings.shift()?.resolve(true);
    await settle();
    expect(reads).toHaveLength(2);
    reads[1]?.resolve(org('whsec_new'));
    expect((await next)?.secrets).toEqual(['whsec_new']);
  });

  it('a lookup waits for a ping sent after it was asked, not one already on the wire', async () => {
    const { cache, reads, pings } = rig();
    cache.setListening(true);
    const early = cache.get('acme');
    await settle();
    expect(pings).toHaveLength(1);
    // Asked while ping 1 is in flight: ping 1 may have been answered before a change this lookup
    // must see, so it waits for ping 2, shared with everyone else who arrives meanwhile.
    const late = cache.get('acme');
    const later = cache.get('acme');
    await settle();
    expect(pings).toHaveLength(1);
    pings.shift()?.resolve(true);
    await settle();
    expect(reads).toHaveLength(1);
    expect(pings).toHaveLength(1);
    // The notification the late lookups must see arrives before ping 2's answer, as PostgreSQL sends it.
    cache.invalidate('acme');
    pings.shift()?.resolve(true);
    await settle();
    expect(reads).toHaveLength(2);
    reads[0]?.resolve(org('whsec_old'));
    reads[1]?.resolve(org('whsec_new'));
    expect((await early)?.secrets).toEqual(['whsec_old']);
    expect((await late)?.secrets).toEqual(['whsec_new']);
    expect((await later)?.secrets).toEqual(['whsec_new']);
  });

  it('while not listening (or when the ping fails) every lookup reads and nothing is kept', async () => {
    const { cache, reads, pings } = rig();
    cache.setListening(true);
    const warm = cache.get('acme');
    await settle();
    pings.shift()?.resolve(true);
    await settle();
    reads.shift()?.resolve(org('whsec_old'));
    expect((await warm)?.secrets).toEqual(['whsec_old']);

    // The listener is lost: the cached org goes, and lookups read without waiting for a ping.
    cache.setListening(false);
    for (const secret of ['whsec_a', 'whsec_b']) {
      const got = cache.get('acme');
      await settle();
      expect(pings).toHaveLength(0);
      reads.shift()?.resolve(org(secret));
      expect((await got)?.secrets).toEqual([secret]);
    }

    // Back: a ping that fails means a lookup reads fresh and keeps nothing.
    cache.setListening(true);
    const doubtful = cache.get('acme');
    await settle();
    pings.shift()?.resolve(false);
    await settle();
    reads.shift()?.resolve(org('whsec_c'));
    expect((await doubtful)?.secrets).toEqual(['whsec_c']);
    const after = cache.get('acme');
    await settle();
    pings.shift()?.resolve(true);
    await settle();
    expect(reads).toHaveLength(1);
    reads.shift()?.resolve(org('whsec_d'));
    expect((await after)?.secrets).toEqual(['whsec_d']);
  });

  it('an unknown org and a failed read are not cached; "*" drops every org', async () => {
    const { cache, reads, pings } = rig();
    cache.setListening(true);
    const lookup = async (answer: (h: Held<Org | null>) => void): Promise<Org | null> => {
      const got = cache.get('acme');
      await settle();
      pings.shift()?.resolve(true);
      await settle();
      const read = reads.shift();
      if (read) answer(read);
      return got;
    };
    expect(await lookup((r) => r.resolve(null))).toBeNull();
    await expect(lookup((r) => r.reject(new Error('connection reset')))).rejects.toThrow('connection reset');
    expect((await lookup((r) => r.resolve(org('whsec_a'))))?.secrets).toEqual(['whsec_a']);
    // Cached now: no read is asked for.
    expect((await lookup(() => expect.unreachable('cached org was read again')))?.secrets).toEqual(['whsec_a']);
    cache.invalidate('*');
    expect((await lookup((r) => r.resolve(org('whsec_b'))))?.secrets).toEqual(['whsec_b']);
  });
});
