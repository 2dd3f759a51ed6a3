import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventBody, evtId } from '../../../support/relay';
import { rawConnection, startHostileRelay, waitFor } from '../../../support/hostileRelay';
import type { HostileRelay } from '../../../support/hostileRelay';
import { relaySuites } from '../../../support/relaySuites';

/**
 * Hostile traffic at the public webhook endpoint of a real relay process: forged, stale and
 * future signatures, the bare path of a relay serving several orgs, oversized bodies, bodies
 * that stall or trickle, and more uploads at once than the relay takes.
 */
const SECRET = 'whsec_hostile_acme';
const BRAVO = 'whsec_hostile_bravo';
const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const LIMITS = {
  RELAY_IDLE_TIMEOUT_MS: '1000',
  RELAY_REQUEST_TIMEOUT_MS: '4000',
  RELAY_HEADERS_TIMEOUT_MS: '2000',
  RELAY_MAX_CONCURRENT_UPLOADS: '6',
  RELAY_FUTURE_SKEW_SECONDS: '60',
};
const head = (length: number, extra = ''): string =>
  `POST /stripe/webhook/acme HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nStripe-Signature: t=${nowSeconds()},v1=00\r\nContent-Length: ${length}\r\n${extra}\r\n`;

relaySuites('hostile webhook traffic', ({ kind, pg }) => {
  let relay: HostileRelay;
  const stored = async (): Promise<string[]> => (await relay.admin.readEvents('acme', 0, 500)).events.map((e) => e.eventId);

  beforeAll(async () => {
    relay = await startHostileRelay(kind, kind === 'postgres' ? pg() : null, LIMITS);
    await relay.createOrg('acme', [SECRET]);
    await relay.createOrg('bravo', [BRAVO]);
  });
  afterAll(async () => {
    await relay?.stop();
  });

  it('refuses forged, stale and future-dated signatures (an hour, ten years) and stores none; accepts a small clock skew', async () => {
    const before = await stored();
    const cases: { name: string; body: string; secret: string; t: number; reason: string }[] = [
      { name: 'forged', body: eventBody(), secret: 'whsec_attacker', t: nowSeconds(), reason: 'bad_signature' },
      { name: 'stale', body: eventBody(), secret: SECRET, t: nowSeconds() - 301, reason: 'stale_timestamp' },
      { name: 'an hour ahead', body: eventBody(), secret: SECRET, t: nowSeconds() + 3600, reason: 'future_timestamp' },
      { name: 'ten years ahead', body: eventBody(), secret: SECRET, t: nowSeconds() + 10 * 365 * 86_400, reason: 'future_timestamp' },
    ];
    for (const c of cases) {
      const res = await relay.postSigned('/stripe/webhook/acme', c.body, c.secret, c.t);
      expect(res.status, c.name).toBe(400);
      expect(await res.json(), c.name).toMatchObject({ error: c.reason });
    }
    const skewed = eventBody();
    expect((await relay.postSigned('/stripe/webhook/acme', skewed, SECRET, nowSeconds() + 30)).status).toBe(200);
    expect(await stored()).toEqual([...before, JSON.parse(skewed).id]);
  });

  it('does no signature work on the bare path of a relay serving several orgs: 404, even for a good signature', async () => {
    const before = await stored();
    for (const [body, secret] of [
      [eventBody(), SECRET],
      [eventBody(), BRAVO],
      [eventBody(), 'whsec_attacker'],
    ] as const) {
      const res = await relay.postSigned('/stripe/webhook', body, secret);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: 'use_org_path' });
    }
    expect(await stored()).toEqual(before);
    expect((await relay.admin.readEvents('bravo', 0, 10)).events).toEqual([]);
  });

  it('refuses an oversized body, declared or chunked, with 413 and stores nothing', async () => {
    const before = await stored();
    const id = evtId('big');
    const big = JSON.stringify({ id, object: 'event', type: 'charge.refunded', created: 1, data: { pad: 'x'.repeat(1024 * 1024) } });
    expect((await relay.postSigned('/stripe/webhook/acme', big, SECRET)).status).toBe(413);
    // No Content-Length: the limit applies as the chunks arrive.
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    // The relay answers 413 and closes while the client is still sending: on a loaded machine
    // the client can hit the closed socket (EPIPE, a reset) before it reads the answer. Either
    // way the upload is refused, which is what is asserted, with nothing stored.
    const cutCodes = new Set(['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET']);
    const chunked = await fetch(`${relay.url}/stripe/webhook/acme`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': `t=${nowSeconds()},v1=00` }, body: stream, duplex: 'half' } as RequestInit)
      .then((r) => r.status, (e: unknown) => {
        const code = ((e as { cause?: { code?: string } }).cause?.code) ?? '';
        if (cutCodes.has(code)) return 'cut before the answer was read';
        throw e;
      });
    expect([413, 'cut before the answer was read']).toContain(chunked);
    expect(await stored()).toEqual(before);
  });

  it('closes an upload that stalls after its headers, one that trickles a byte at a time, and headers that never end', { timeout: 30_000 }, async () => {
    const stalled = await rawConnection(relay.port, head(900 * 1024) + 'x'.repeat(100));
    const slowHeaders = await rawConnection(relay.port, 'POST /stripe/webhook/acme HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const trickle = await rawConnection(relay.port, head(900 * 1024));
    // One byte every 200 ms: never idle for the 1 s idle timeout, but never done in the 4 s request timeout.
    const drip = setInterval(() => (trickle.isClosed() ? undefined : trickle.socket.write('x')), 200);
    const headerDrip = setInterval(() => (slowHeaders.isClosed() ? undefined : slowHeaders.socket.write('X-Pad: 1\r\n')), 200);
    try {
      await waitFor('the stalled upload to be closed', () => stalled.isClosed());
      expect(stalled.received()).toMatch(/^HTTP\/1\.1 408/);
      await waitFor('the trickling upload to be closed', () => trickle.isClosed());
      expect(trickle.received()).toMatch(/^HTTP\/1\.1 408/);
      await waitFor('the endless headers to be closed', () => slowHeaders.isClosed());
      expect(slowHeaders.received()).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
      clearInterval(headerDrip);
      for (const c of [stalled, trickle, slowHeaders]) c.socket.destroy();
    }
    // The relay still takes a webhook.
    expect((await relay.postSigned('/stripe/webhook/acme', eventBody(), SECRET)).status).toBe(200);
  });

  it('caps uploads in progress: past the cap a new one gets 503 with Retry-After, and is taken again once they end', { timeout: 30_000 }, async () => {
    await waitFor('no upload in progress', async () => (await relay.metric('relay_uploads_in_progress')) === 0);
    const held = await Promise.all(Array.from({ length: 6 }, () => rawConnection(relay.port, head(900 * 1024) + 'x')));
    try {
      await waitFor('six uploads in progress', async () => (await relay.metric('relay_uploads_in_progress')) === 6);
      const refused = await relay.postSigned('/stripe/webhook/acme', eventBody(), SECRET);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ error: 'too_many_uploads' });
      // The held ones stall, so the idle timeout ends them; then the relay takes uploads again.
      await waitFor('the stalled uploads to be closed', () => held.every((c) => c.isClosed()));
      await waitFor('no upload in progress', async () => (await relay.metric('relay_uploads_in_progress')) === 0);
    } finally {
      for (const c of held) c.socket.destroy();
    }
    const body = eventBody();
    expect((await relay.postSigned('/stripe/webhook/acme', body, SECRET)).status).toBe(200);
    expect(await stored()).toContain(JSON.parse(body).id);
  });
});
