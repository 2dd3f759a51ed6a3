import { afterEach, describe, expect, it } from 'vitest';
import { applyAll, eventsAbout } from '../../support/billing/billingFixture';
import { enrolled, useStandinCore } from '../../support/card/cardFixture';
import { rid } from '../../support/core';
import type { TestCore } from '../../support/core';
import type { StripeStandin } from '../../support/stripe/server';
import { openLink, startRelay } from './fixtures';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('Pay buttons on the payer page, against the stand-in Stripe and a real relay', () => {
  let standin: StripeStandin;
  let core: TestCore;
  useStandinCore({ standin: (s) => (standin = s), core: (c) => (core = c) });

  it("the statement's Pay buttons are the desk's open hosted invoices; paying one on Stripe comes back through the usual apply and the republished page shows it paid, with no button asking for it again", async () => {
    const relay = await startRelay();
    cleanups.push(() => relay.dispose());
    await core.ok('settings:relay', { requestId: rid('relay'), url: relay.url, token: relay.token });
    await core.services.sync.stop();
    const { enrollmentId, payerId, itemIds } = await enrolled(core, 90_000);
    const { link } = await core.ok('portal:publish', { requestId: rid('pub'), payerId });
    expect((await openLink(link.url ?? '')).statement?.pay).toEqual({ next: null, balance: null });

    const next = await core.ok('invoices:create', { requestId: rid('inv1'), enrollmentId, itemIds: [itemIds[0] ?? ''] });
    const all = await core.ok('invoices:create', { requestId: rid('inv2'), enrollmentId, itemIds: itemIds.slice(1) });
    expect(next.hostedUrl).toMatch(/\/_standin\/hosted\/invoices\/in_/);
    // An invoice opening marks the link: the next pass shows its button.
    expect(await core.services.portal.runOnce()).toMatchObject({ uploaded: 1 });
    let page = (await openLink(link.url ?? '')).statement;
    expect(page?.pay.next).toEqual({ amount: 30_000, url: next.hostedUrl, dueDate: page?.enrollments[0]?.items[0]?.dueDate });
    // The second invoice covers only items 2 and 3: no invoice for the whole balance, no button.
    expect(page?.pay.balance).toBeNull();
    expect(all.amount).toBe(60_000);

    standin.pay(next.invoiceId ?? '');
    applyAll(core, eventsAbout(standin, next.invoiceId ?? ''));
    expect(await core.services.portal.runOnce()).toMatchObject({ uploaded: 1 });
    page = (await openLink(link.url ?? '')).statement;
    expect(page?.enrollments[0]?.items[0]).toMatchObject({ paid: 30_000, status: 'paid' });
    expect(page?.movements).toHaveLength(1);
    expect(page?.movements[0]).toMatchObject({ kind: 'payment', method: 'Card (online)', amount: 30_000 });
    expect(page?.balance).toBe(60_000);
    // The next item owed is item 2; the open invoice for items 2 and 3 is now the whole balance.
    expect(page?.pay.next).toMatchObject({ amount: 60_000, url: all.hostedUrl });
    expect(page?.pay.balance).toEqual({ amount: 60_000, url: all.hostedUrl });
  });
});
