import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelayServer } from '../../../relay/server';
import type { RelayServer } from '../../../relay/server';
import { openPostgresStore } from '../../../relay/storage/postgresStore';
import type { RelayStore } from '../../../relay/storage/types';
import { JournalPage } from '../../../shared/relay/journalWire';
import type { JournalEntryIn } from '../../../shared/relay/journalWire';
import { joinDesk, pull, pullAll, pulledOnce, push } from '../../support/relayOffice';
import { postgresUnavailableReason, startTestPostgres } from '../../support/postgres';
import type { TestPostgres } from '../../support/postgres';

const reason = postgresUnavailableReason();

/**
 * Two relay instances on one PostgreSQL, desks pushing to both at once (a load balancer in
 * front): the office's journal cursors stay gap-free and in commit order, so a desk reading by
 * cursor while the pushes run never skips an entry, and a poll held on one instance wakes for a
 * push committed through the other.
 */
describe.skipIf(reason !== null)(`office journal on several relay instances${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let server: TestPostgres;
  const stores: RelayStore[] = [];
  const relays: RelayServer[] = [];
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(async () => {
    await Promise.all(relays.map((r) => r.close()));
    await Promise.all(stores.map((s) => s.close()));
    await server?.stop();
  });

  const twoInstances = async (): Promise<{ urls: [string, string]; store: RelayStore }> => {
    const url = await server.freshSchemaUrl();
    const a = await openPostgresStore({ url });
    const b = await openPostgresStore({ url });
    stores.push(a, b);
    const ra = await createRelayServer({ store: a, logLevel: 'silent', pruneIntervalMs: 0, longPollRecheckMs: 60_000 });
    const rb = await createRelayServer({ store: b, logLevel: 'silent', pruneIntervalMs: 0, longPollRecheckMs: 60_000 });
    relays.push(ra, rb);
    return { urls: [(await ra.listen()).url, (await rb.listen()).url], store: a };
  };

  it('keeps the journal sequence gap-free while desks push through both instances, and a reader following it skips nothing', { timeout: 60_000 }, async () => {
    const { urls, store } = await twoInstances();
    const desks = await Promise.all(Array.from({ length: 6 }, (_, i) => joinDesk(urls[i % 2] as string, store, 'acme', `desk ${i}`)));
    const PUSHES = 15;
    let done = false;
    const seen: JournalPage['entries'] = [];
    // A desk reading by cursor the whole time, alternating instances.
    const reader = (async () => {
      let after = 0;
      for (let i = 0; ; i++) {
        const finished = done;
        const res = await pull(urls[i % 2] as string, desks[0]?.token as string, { after, limit: 1000 });
        expect(res.status).toBe(200);
        const page = JournalPage.parse(await res.json());
        seen.push(...page.entries);
        after = page.next_cursor;
        if (finished && !page.has_more && page.entries.length === 0) return;
      }
    })();
    const sent: JournalEntryIn[][] = desks.map(() => []);
    await Promise.all(
      desks.map(async (d, i) => {
        for (let p = 0; p < PUSHES; p++) {
          const entries = d.entries(1 + ((p + i) % 4));
          // Each push goes to either instance, as a load balancer would send it.
          const res = await push(urls[(p + i) % 2] as string, d.token, entries);
          expect(res.status).toBe(200);
          sent[i]?.push(...entries);
        }
      }),
    );
    done = true;
    await reader;
    const total = sent.reduce((t, s) => t + s.length, 0);
    expect(seen.map((e) => e.cursor)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const all = await pullAll(urls[1], desks[1]?.token as string);
    expect(all.map((e) => e.id)).toEqual(seen.map((e) => e.id));
    desks.forEach((d, i) => {
      const mine = all.filter((e) => e.desk === d.id);
      expect(mine.map((e) => e.id)).toEqual(sent[i]?.map((e) => e.id));
      expect(mine.map((e) => e.desk_seq)).toEqual(mine.map((_, k) => k + 1));
    });
  });

  // Polls re-read only every 60 s here and wait up to 25 s: only the NOTIFY from the other
  // instance's commit can answer inside the test timeout.
  it('a poll held on one instance wakes when another instance commits a push', { timeout: 60_000 }, async () => {
    const { urls, store } = await twoInstances();
    const a = await joinDesk(urls[0], store, 'acme');
    const b = await joinDesk(urls[1], store, 'acme');
    const held = pull(urls[1], b.token, { after: 0, wait: 25 });
    await pulledOnce(store, 'acme', b.id);
    const entries = a.entries(2);
    expect((await push(urls[0], a.token, entries)).status).toBe(200);
    const page = JournalPage.parse(await (await held).json());
    expect(page.entries.map((e) => e.id)).toEqual(entries.map((e) => e.id));
  });
});
