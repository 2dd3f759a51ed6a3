import { makeCore, rid } from '../support/core';
import type { TestCore } from '../support/core';
import { OFFICE_PASSPHRASE, startRelayOffice } from '../support/office/relayDesks';
import type { RelayOffice } from '../support/office/relayDesks';
import { expect, snap, test } from './fixtures';
import { FirstRunJoinPage } from './pages/FirstRunJoinPage';
import { ProductsPage } from './pages/ProductsPage';
import { SignInPage } from './pages/SignInPage';

// scrypt derivations (meant to be slow) on a shared 2-core machine.
test.describe.configure({ timeout: 120_000 });

let office: RelayOffice;
let first: TestCore;
test.beforeEach(async () => {
  office = await startRelayOffice('riverside');
  // The office's first desk: a real core in this process, with its admin and a product.
  first = await makeCore({ officeWaitSeconds: 1 });
  await first.ok('products:create', { requestId: rid('prd'), product: { type: 'course', name: 'Pottery for beginners', price: 250_00, currency: 'USD' } });
  await first.ok('office:join', { requestId: rid('join'), relayUrl: office.url, joinCode: await office.code(), passphrase: OFFICE_PASSPHRASE, deskName: 'Front desk' });
});
test.afterEach(async () => {
  first.dispose();
  await office.dispose();
});

test('a new desk joins an existing office from its first start, shows the books arriving, then signs in with an office user', async ({ page, host }) => {
  await page.goto(host.url);
  const join = new FirstRunJoinPage(page);
  await join.open();
  await snap(page, 'first-run-join');

  // The wrong passphrase cannot join.
  await join.join({ hub: office.url, code: await office.code(), passphrase: 'not the office passphrase', deskName: 'Back office' });
  await expect(join.errorFor('Office passphrase')).toHaveText('is not this office’s passphrase');

  // The first desk has not sent its books yet: the new desk waits for them, and says so.
  await join.join({ hub: office.url, code: await office.code(), passphrase: OFFICE_PASSPHRASE, deskName: 'Back office' });
  await expect(join.catchUp()).toBeVisible({ timeout: 30_000 });
  await expect(join.catchUp()).toContainText('“Back office” of Office riverside');
  await expect(join.progress()).toBeVisible();
  await snap(page, 'first-run-receiving');

  // The first desk's link sends them; the users arrive and the desk offers sign-in.
  first.services.officeLink.start();
  await new SignInPage(page).signIn('admin', 'admin-pass');
  const products = new ProductsPage(page);
  await products.open();
  await expect(products.table()).toContainText('Pottery for beginners');
  await snap(page, 'first-run-joined-products');
});

test('a first start cannot join an office with no desk yet, and says what to do instead', async ({ page, host }) => {
  const empty = await startRelayOffice('empty-office');
  try {
    await page.goto(host.url);
    const join = new FirstRunJoinPage(page);
    await join.open();
    await join.join({ hub: empty.url, code: await empty.code(), passphrase: OFFICE_PASSPHRASE, deskName: 'Back office' });
    await expect(join.banner()).toContainText('This office has no desk yet');
    // Back to the usual setup.
    await page.getByRole('button', { name: 'Back: set up a new office instead' }).click();
    await new SignInPage(page).setUpAdmin();
    await expect(page.getByRole('heading', { name: 'Set up Bursar' })).toBeHidden();
  } finally {
    await empty.dispose();
  }
});

test('a new desk that joins while the first desk is still sending the office’s books as a snapshot waits for them, says so, then signs in', async ({ page, host }) => {
  // The first desk's snapshot upload is held at the relay (a slow line) until released.
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const large = await startRelayOffice('large-office', {
    beforeListen: (app) =>
      app.addHook('onRequest', async (request) => {
        if (request.method === 'PUT' && /^\/v1\/snapshots\/[^/]+\/chunks\/\d+$/.test(request.url)) await released;
      }),
  });
  // Its books are over the (lowered) limit of one seed entry: they go up as the office's first snapshot.
  const seeding = await makeCore({ officeWaitSeconds: 1, officeSeedEntryMaxRows: 1 });
  try {
    await seeding.ok('products:create', { requestId: rid('prd'), product: { type: 'course', name: 'Ceramics studio', price: 180_00, currency: 'USD' } });
    await seeding.ok('office:join', { requestId: rid('join'), relayUrl: large.url, joinCode: await large.code(), passphrase: OFFICE_PASSPHRASE, deskName: 'Front desk' });
    seeding.services.officeLink.start();

    await page.goto(host.url);
    const join = new FirstRunJoinPage(page);
    await join.open();
    await join.join({ hub: large.url, code: await large.code(), passphrase: OFFICE_PASSPHRASE, deskName: 'Back office' });
    await expect(join.catchUp()).toContainText('Waiting for the first desk to finish sending the office’s books', { timeout: 30_000 });
    await expect(join.progress()).toBeVisible();
    await snap(page, 'first-run-waiting-for-seed');

    // The line clears: the books arrive from the snapshot and the desk offers sign-in.
    release();
    await new SignInPage(page).signIn('admin', 'admin-pass');
    const products = new ProductsPage(page);
    await products.open();
    await expect(products.table()).toContainText('Ceramics studio');
  } finally {
    release();
    seeding.dispose();
    await large.dispose();
  }
});
