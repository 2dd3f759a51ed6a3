import { expect, it } from 'vitest';
import { newPortalKey, openPortalPage, sealPortalPage } from '../../../shared/portal/seal';
import { PayerStatement } from '../../../shared/portal/statement';
import { sampleStatement, sealedSample } from '../../support/portal';
import type { TestRelay } from '../../support/relay';
import { relaySuites } from '../../support/relaySuites';

const DAY = 86_400_000;
const put = (relay: TestRelay, token: string | null, id: string, body: unknown) =>
  fetch(`${relay.url}/v1/portal/pages/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
const read = (relay: TestRelay, id: string) => fetch(`${relay.url}/v1/portal/pages/${id}`);
const revoke = (relay: TestRelay, token: string, ids: string[]) =>
  fetch(`${relay.url}/v1/portal/revoke`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ ids }) });

it('seals a statement that only its own key and page id open', async () => {
  const { id, key, ct } = await sealedSample();
  const opened = await openPortalPage(id, key, ct);
  expect(PayerStatement.parse(JSON.parse(opened ?? 'null'))).toEqual(sampleStatement());
  expect(await openPortalPage(id, newPortalKey(), ct)).toBeNull();
  const other = await sealedSample();
  // The same ciphertext under another page id does not open: the id is associated data.
  expect(await openPortalPage(other.id, key, ct)).toBeNull();
  const flipped = `${ct.slice(0, 40)}${ct[40] === 'A' ? 'B' : 'A'}${ct.slice(41)}`;
  expect(await openPortalPage(id, key, flipped)).toBeNull();
  // Two seals of the same text differ (fresh nonce each time).
  expect(await sealPortalPage(id, key, 'x')).not.toBe(await sealPortalPage(id, key, 'x'));
});

relaySuites('sealed payer pages', ({ make }) => {
  it('stores a page for its org, serves its ciphertext to anyone with the id, and republishes in place', async () => {
    const relay = await make();
    await relay.createOrg('acme', ['whsec_portal']);
    const { token } = await relay.token('acme', 'front-desk');
    const { id, key, ct } = await sealedSample();
    const expiresAt = Date.now() + 90 * DAY;
    expect((await put(relay, token, id, { ct, expires_at: expiresAt })).status).toBe(200);
    const res = await read(relay, id);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { ct: string; expires_at: number };
    expect(body).toMatchObject({ ct, expires_at: expiresAt });
    expect(await openPortalPage(id, key, body.ct)).not.toBeNull();

    const again = await sealPortalPage(id, key, JSON.stringify(sampleStatement({ balance: 0 })));
    expect((await put(relay, token, id, { ct: again, expires_at: expiresAt })).status).toBe(200);
    expect(((await (await read(relay, id)).json()) as { ct: string }).ct).toBe(again);
  });

  it('needs a desk token to publish, refuses bad ids, bodies and expiries, and never lets one org take another org’s link', async () => {
    const relay = await make();
    await relay.createOrg('acme', ['whsec_a']);
    await relay.createOrg('other', ['whsec_b']);
    const { token } = await relay.token('acme', 'desk');
    const { token: otherToken } = await relay.token('other', 'desk');
    const { id, ct } = await sealedSample();
    const expires = Date.now() + DAY;
    expect((await put(relay, null, id, { ct, expires_at: expires })).status).toBe(401);
    expect((await put(relay, 'brly_not-a-token', id, { ct, expires_at: expires })).status).toBe(401);
    expect((await put(relay, token, 'short', { ct, expires_at: expires })).status).toBe(400);
    expect((await put(relay, token, id, { ct: 'not base64url!', expires_at: expires })).status).toBe(400);
    expect((await put(relay, token, id, { ct, expires_at: Date.now() - 1 })).status).toBe(400);
    expect((await put(relay, token, id, { ct, expires_at: Date.now() + 400 * DAY })).status).toBe(400);
    expect((await put(relay, token, id, { ct, expires_at: expires, extra: 1 })).status).toBe(400);
    expect((await read(relay, id)).status).toBe(404);

    expect((await put(relay, token, id, { ct, expires_at: expires })).status).toBe(200);
    const taken = await put(relay, otherToken, id, { ct: 'AAAA', expires_at: expires });
    expect(taken.status).toBe(404);
    expect(((await (await read(relay, id)).json()) as { ct: string }).ct).toBe(ct);
    // Nor can the other org revoke it.
    expect(((await (await revoke(relay, otherToken, [id])).json()) as { revoked: number }).revoked).toBe(0);
    expect((await read(relay, id)).status).toBe(200);
  });

  it('a revoked link reads as withdrawn and cannot be republished; an expired one reads as expired; pruning forgets both', async () => {
    let clock = Date.now();
    const relay = await make({ now: () => clock, retentionDays: 30 });
    await relay.createOrg('acme', ['whsec_c']);
    const { token } = await relay.token('acme', 'desk');
    const a = await sealedSample();
    const b = await sealedSample();
    expect((await put(relay, token, a.id, { ct: a.ct, expires_at: clock + 90 * DAY })).status).toBe(200);
    expect((await put(relay, token, b.id, { ct: b.ct, expires_at: clock + DAY })).status).toBe(200);

    expect(((await (await revoke(relay, token, [a.id])).json()) as { revoked: number }).revoked).toBe(1);
    const gone = await read(relay, a.id);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ error: 'revoked' });
    expect((await put(relay, token, a.id, { ct: a.ct, expires_at: clock + 90 * DAY })).status).toBe(410);

    clock += 2 * DAY;
    const expired = await read(relay, b.id);
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ error: 'expired' });

    clock += 40 * DAY;
    await relay.relay.prune();
    expect((await read(relay, a.id)).status).toBe(404);
    expect((await read(relay, b.id)).status).toBe(404);
  });

  it('serves the page and its script under a strict CSP with no third-party source', async () => {
    const relay = await make();
    const { id } = await sealedSample();
    for (const path of [`/p/${id}`, '/p/assets/portal.js', '/p/assets/portal.css']) {
      const res = await fetch(`${relay.url}${path}`);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/https?:|\*/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const html = await (await fetch(`${relay.url}/p/${id}`)).text();
    expect(html).not.toMatch(/<script>|\son\w+=|https?:\/\//);
  });
});
