import { expect, it } from 'vitest';
import type { TestRelay } from '../../support/relay';
import { eventBody, evtId, sign } from '../../support/relay';
import { relaySuites } from '../../support/relaySuites';

const SECRET = 'whsec_test_primary_secret';
const OTHER = 'whsec_test_other_secret';
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

async function storedIds(relay: TestRelay, org: string): Promise<string[]> {
  return (await relay.store.readEvents(org, 0, 500)).events.map((e) => e.eventId);
}

relaySuites('webhook intake', ({ make }) => {
  it('stores a signed event byte for byte, answers 2xx after the commit, and keeps the signature header', async () => {
    const relay = await make();
    await relay.createOrg('acme', [SECRET]);
    // Odd spacing and key order: a parse-then-reserialise would change these bytes and break the signature.
    const id = evtId();
    const body = `{ "type":"charge.refunded",  "id":"${id}", "created": 1700000123, "data": {"object": {"amount": 100, "note": "caf\u00e9 \\u00e9"}} }`;
    const header = sign(body, SECRET);
    const res = await relay.post('acme', body, { 'stripe-signature': header });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, duplicate: false, cursor: 1 });

    const page = await relay.store.readEvents('acme', 0, 10);
    expect(page.events).toHaveLength(1);
    expect(page.events[0]).toMatchObject({ seq: 1, eventId: id, type: 'charge.refunded', created: 1700000123, payload: body });
    expect((await relay.store.findEvent('acme', id))?.signature).toBe(header);
  });

  it('answers a duplicate delivery 2xx without a second row, also when copies race', async () => {
    const relay = await make();
    await relay.createOrg('acme', [SECRET]);
    const body = eventBody();
    const first = await relay.postSigned('acme', body, SECRET);
    expect(first.status).toBe(200);
    const again = await relay.postSigned('acme', body, SECRET);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, cursor: 1 });

    const racing = eventBody();
    const answers = await Promise.all(Array.from({ length: 12 }, () => relay.postSigned('acme', racing, SECRET)));
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(200));
    const page = await relay.store.readEvents('acme', 0, 100);
    expect(page.events.map((e) => e.seq)).toEqual([1, 2]);
    expect((await relay.store.cursorState('acme'))?.headSeq).toBe(2);
  });

  it('refuses forged, tampered, stale, unsigned and garbage-signed deliveries with 400 and stores none of them', async () => {
    const relay = await make();
    await relay.createOrg('acme', [SECRET]);
    const cases: { name: string; send: () => Promise<Response>; reason: string }[] = [];
    const forged = eventBody();
    cases.push({ name: 'wrong secret', send: () => relay.postSigned('acme', forged, OTHER), reason: 'bad_signature' });
    const tampered = eventBody();
    cases.push({ name: 'tampered body', send: () => relay.post('acme', tampered.replace('4200', '1'), { 'stripe-signature': sign(tampered, SECRET) }), reason: 'bad_signature' });
    const stale = eventBody();
    cases.push({ name: '301 s old', send: () => relay.postSigned('acme', stale, SECRET, nowSeconds() - 301), reason: 'stale_timestamp' });
    const unsigned = eventBody();
    cases.push({ name: 'no header', send: () => relay.post('acme', unsigned), reason: 'missing_signature' });
    const garbage = eventBody();
    cases.push({ name: 'garbage header', send: () => relay.post('acme', garbage, { 'stripe-signature': 'not-a-signature' }), reason: 'bad_signature' });
    const forgedV1 = eventBody();
    cases.push({ name: 'made-up v1', send: () => relay.post('acme', forgedV1, { 'stripe-signature': `t=${nowSeconds()},v1=${'ab'.repeat(32)}` }), reason: 'bad_signature' });

    for (const c of cases) {
      const res = await c.send();
      expect(res.status, c.name).toBe(400);
      expect((await res.json()) as { error: string }, c.name).toMatchObject({ error: c.reason });
    }
    expect(await storedIds(relay, 'acme')).toEqual([]);

    // Just inside the tolerance is accepted: the 300 s window is the SDK's, not an accident.
    const fresh = eventBody();
    expect((await relay.postSigned('acme', fresh, SECRET, nowSeconds() - 290)).status).toBe(200);
  });

  it('refuses signed but malformed bodies (bad JSON, not an event, not UTF-8) and stores nothing', async () => {
    const relay = await make();
    await relay.createOrg('acme', [SECRET]);
    const badJson = '{"id":"evt_broken", "type": "charge.refunded", ';
    const noId = JSON.stringify({ object: 'event', type: 'charge.refunded', created: 1 });
    const notUtf8 = Buffer.concat([Buffer.from('{"id":"evt_x","type":"a","created":1,"n":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);

    const r1 = await relay.postSigned('acme', badJson, SECRET);
    expect(r1.status).toBe(400);
    expect(await r1.json()).toMatchObject({ error: 'malformed_json' });
    const r2 = await relay.postSigned('acme', noId, SECRET);
    expect(r2.status).toBe(400);
    expect(await r2.json()).toMatchObject({ error: 'not_an_event' });
    const r3 = await relay.post('acme', notUtf8, { 'stripe-signature': sign(notUtf8.toString('latin1'), SECRET) });
    expect(r3.status).toBe(400);
    expect(await r3.json()).toMatchObject({ error: 'not_utf8' });
    expect(await storedIds(relay, 'acme')).toEqual([]);
  });

  it('refuses a 10 MB body with 413 and stores nothing', async () => {
    const relay = await make();
    await relay.createOrg('acme', [SECRET]);
    const id = evtId('big');
    const body = JSON.stringify({ id, object: 'event', type: 'charge.refunded', created: 1, data: { pad: 'x'.repeat(10 * 1024 * 1024) } });
    const res = await relay.postSigned('acme', body, SECRET);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'body_too_large' });
    expect(await storedIds(relay, 'acme')).toEqual([]);
  });

  it('accepts every secret of a rotation, and refuses a removed one at once', async () => {
    const relay = await make();
    await relay.createOrg('acme', [SECRET, OTHER]);
    const a = eventBody();
    const b = eventBody();
    expect((await relay.postSigned('acme', a, SECRET)).status).toBe(200);
    expect((await relay.postSigned('acme', b, OTHER)).status).toBe(200);

    await relay.store.changeOrgSecrets('acme', { remove: SECRET });
    const c = eventBody();
    expect((await relay.postSigned('acme', c, SECRET)).status).toBe(400);
    const d = eventBody();
    expect((await relay.postSigned('acme', d, OTHER)).status).toBe(200);
    expect(await storedIds(relay, 'acme')).toEqual([JSON.parse(a).id, JSON.parse(b).id, JSON.parse(d).id]);
  });

  it('answers 5xx, so Stripe retries, when the event cannot be stored, and says nothing of why', async () => {
    const relay = await make();
    await relay.createOrg('acme', [SECRET]);
    await relay.store.close();
    const res = await relay.postSigned('acme', eventBody(), SECRET);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal', message: 'the relay could not handle this request; retry later' });
  });

  it('stores unknown event types like any other', async () => {
    const relay = await make();
    await relay.createOrg('acme', [SECRET]);
    const body = eventBody(evtId(), 'entirely.new_kind.of_event');
    expect((await relay.postSigned('acme', body, SECRET)).status).toBe(200);
    expect((await relay.store.readEvents('acme', 0, 10)).events[0]?.type).toBe('entirely.new_kind.of_event');
  });

  it('names the org by path; the bare path serves a relay of one org only; an unknown org gets 404', async () => {
    const relay = await make();
    await relay.createOrg('north', [SECRET]);
    const alone = eventBody();
    expect((await relay.postSigned(null, alone, SECRET)).status).toBe(200);

    await relay.createOrg('south', [OTHER]);
    // The same Stripe event id in two accounts is two events.
    const id = evtId('shared');
    const northBody = eventBody(id);
    const southBody = eventBody(id, 'invoice.paid');
    expect((await relay.postSigned('north', northBody, SECRET)).status).toBe(200);
    expect((await relay.postSigned('south', southBody, OTHER)).status).toBe(200);
    expect((await relay.postSigned('south', southBody, SECRET)).status).toBe(400);
    expect((await relay.postSigned('west', eventBody(), SECRET)).status).toBe(404);
    // Two orgs: the bare path no longer guesses the org from the signature, even a good one.
    const bare = await relay.postSigned(null, eventBody(), SECRET);
    expect(bare.status).toBe(404);
    expect(await bare.json()).toMatchObject({ error: 'use_org_path' });

    expect((await relay.store.readEvents('north', 0, 10)).events.map((e) => [e.eventId, e.type])).toEqual([
      [JSON.parse(alone).id, 'payment_intent.succeeded'],
      [id, 'payment_intent.succeeded'],
    ]);
    expect((await relay.store.readEvents('south', 0, 10)).events.map((e) => [e.eventId, e.type])).toEqual([[id, 'invoice.paid']]);
  });
});
