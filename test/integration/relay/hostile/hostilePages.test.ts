import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { RelayEventsPage } from '../../../../shared/relay/wire';
import { makeCore, rid } from '../../../support/core';
import type { TestCore } from '../../../support/core';
import { eventBody, evtId, makeTestRelay } from '../../../support/relay';
import type { TestRelay } from '../../../support/relay';
import { startHostileRelay } from '../../../support/hostileRelay';
import type { HostileRelay } from '../../../support/hostileRelay';
import { relaySuites } from '../../../support/relaySuites';

/**
 * Defect 1: events of about 1 MB, a description full of `"` (each escaped once in the body and
 * again in the page), asked for 500 at a time as the desk does. Pages are capped by bytes, at
 * least one event each, and the cursor always advances.
 */
const SECRET = 'whsec_hostile_pages';
const PAGE_MAX = 2.5 * 1024 * 1024;

/** A signed-sized event of about 1 MB of body (500,000 quotes, escaped to `\"`). */
const quoteHeavy = (id = evtId('quotes')): string =>
  JSON.stringify({ id, object: 'event', type: 'charge.updated', created: 1_700_000_000, data: { object: { id: `ch_${id.slice(4)}`, object: 'charge', description: '"'.repeat(500_000) } } });

relaySuites('hostile pages', ({ kind, pg, make }) => {
  let relay: HostileRelay;
  beforeAll(async () => {
    relay = await startHostileRelay(kind, kind === 'postgres' ? pg() : null, { RELAY_PAGE_MAX_BYTES: String(PAGE_MAX) });
    await relay.createOrg('acme', [SECRET]);
  });
  afterAll(async () => {
    await relay?.stop();
  });

  it('serves 1 MB events to a desk asking for 500 in pages capped by bytes, the cursor advancing to the end', { timeout: 60_000 }, async () => {
    const desk = await relay.token('acme', 'desk');
    const bodies = Array.from({ length: 6 }, () => quoteHeavy());
    for (const body of bodies) {
      expect(Buffer.byteLength(body)).toBeGreaterThan(990_000);
      expect((await relay.postSigned('/stripe/webhook/acme', body, SECRET)).status).toBe(200);
    }
    const got: string[] = [];
    let after = 0;
    for (let pages = 0; ; pages++) {
      expect(pages, 'pages needed').toBeLessThan(bodies.length);
      const res = await relay.events(desk.token, { after, limit: 500 });
      expect(res.status).toBe(200);
      const text = await res.text();
      const page = RelayEventsPage.parse(JSON.parse(text));
      const stored = page.events.reduce((n, e) => n + Buffer.byteLength(e.payload), 0);
      expect(page.events.length).toBeGreaterThanOrEqual(1);
      expect(stored).toBeLessThanOrEqual(PAGE_MAX);
      expect(page.next_cursor).toBe(after + page.events.length);
      got.push(...page.events.map((e) => e.payload));
      after = page.next_cursor;
      if (!page.has_more) break;
    }
    expect(got).toEqual(bodies);
  });

  it('always serves at least one event, even one larger than the cap', async () => {
    const small = await make({ limits: { pageMaxBytes: 10 } });
    await small.createOrg('acme', [SECRET]);
    const { token } = await small.token('acme', 'desk');
    const bodies = [eventBody(), eventBody(), eventBody()];
    for (const b of bodies) expect((await small.postSigned('acme', b, SECRET)).status).toBe(200);
    const pages: RelayEventsPage[] = [];
    for (let after = 0, more = true; more; ) {
      const page = RelayEventsPage.parse(await (await small.events(token, { after, limit: 500 })).json());
      pages.push(page);
      after = page.next_cursor;
      more = page.has_more;
    }
    expect(pages.map((p) => p.events.map((e) => e.cursor))).toEqual([[1], [2], [3]]);
    expect(pages.flatMap((p) => p.events.map((e) => e.payload))).toEqual(bodies);
  });
});

relaySuites('the desk on short pages', ({ kind, pg }) => {
  let core: TestCore | undefined;
  let relay: TestRelay | undefined;
  afterEach(async () => {
    await core?.services.sync.stop();
    core?.dispose();
    await relay?.dispose();
  });

  it('sync:now drains a relay that answers one event per page, its cursor moving each page', { timeout: 60_000 }, async () => {
    relay = await makeTestRelay(kind, kind === 'postgres' ? pg() : null, { limits: { pageMaxBytes: 1 } });
    await relay.createOrg('school', [SECRET]);
    const { token } = await relay.token('school', 'front-desk');
    for (let i = 0; i < 25; i++) expect((await relay.postSigned('school', eventBody(evtId('short'), 'hostile.unhandled_kind'), SECRET)).status).toBe(200);
    core = await makeCore();
    await core.ok('settings:relay', { requestId: rid('relay'), url: relay.url, token });
    await core.services.sync.stop();
    const r = await core.ok('sync:now', {});
    expect(r.status.cursor).toBe(25);
    expect(r.status.eventsWaiting).toBe(false);
    expect(core.store.raw.prepare('SELECT count(*) AS n FROM processed_events').get()).toEqual({ n: 25 });
  });
});
