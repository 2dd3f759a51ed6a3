import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore as openRelayStore } from '../../relay/storage/openStore';
import { newToken } from '../../relay/tokens';
import { makeCore, rid } from './core';
import type { TestCore } from './core';
import { startRelayProcess } from './relayProcess';
import type { RelayProcess } from './relayProcess';
import { stripeFor } from './stripe/client';
import { startStripeStandin } from './stripe/server';
import type { StripeStandin } from './stripe/server';

/**
 * The whole webhook path with real processes and real HTTP: the stand-in Stripe signs and
 * POSTs events to a relay process, and a core pulls them with its device token.
 */
export type SyncRig = {
  standin: StripeStandin;
  relay: RelayProcess;
  relayDataDir: string;
  token: string;
  core: TestCore;
  /** Another core on its own folder, set up the same way (for "same state" comparisons). */
  newCore(): Promise<TestCore>;
  restartRelay(): Promise<void>;
  stopRelay(): Promise<void>;
  dispose(): Promise<void>;
};

export async function makeSyncRig(): Promise<SyncRig> {
  const relayDataDir = mkdtempSync(join(tmpdir(), 'bursar-relay-'));
  const standin = await startStripeStandin({ webhook: { retries: 0 } });
  const setup = await openRelayStore({ dataDir: relayDataDir, ingest: false });
  await setup.createOrg({ id: 'school', name: 'School', secrets: [standin.webhookSecret], createdAt: Date.now() });
  const t = newToken();
  await setup.createToken({ id: t.id, orgId: 'school', device: 'front-desk', hash: t.hash, createdAt: Date.now() });
  await setup.close();

  let relay = await startRelayProcess(['--data-dir', relayDataDir]);
  standin.webhooks.setUrl(`${relay.url}/stripe/webhook/school`);
  const cores: TestCore[] = [];
  const newCore = async () => {
    const core = await makeCore({
      env: { STRIPE_SECRET_KEY: standin.secretKey, STRIPE_API_HOST: standin.host, STRIPE_API_PORT: String(standin.port), STRIPE_API_PROTOCOL: 'http' },
    });
    await core.ok('settings:relay', { requestId: rid('relay'), url: rig.relay.url, token: t.token });
    cores.push(core);
    return core;
  };
  const rig: SyncRig = {
    standin,
    relay,
    relayDataDir,
    token: t.token,
    core: undefined as unknown as TestCore,
    newCore,
    async stopRelay() {
      await relay.kill('SIGTERM');
    },
    async restartRelay() {
      // The same port keeps the desks' saved relay URL valid.
      const port = new URL(relay.url).port;
      await relay.kill('SIGTERM').catch(() => undefined);
      // A later --port wins over the helper's --port 0.
      relay = await startRelayProcess(['--data-dir', relayDataDir, '--port', port]);
      rig.relay = relay;
    },
    async dispose() {
      for (const c of cores) {
        await c.services.sync.stop();
        c.dispose();
      }
      await relay.kill('SIGKILL').catch(() => undefined);
      await standin.stop();
      rmSync(relayDataDir, { recursive: true, force: true });
    },
  };
  rig.core = await newCore();
  return rig;
}

/** Makes `count` confirmed card payments in the stand-in (each yields several events). */
export async function makePayments(standin: StripeStandin, count: number): Promise<void> {
  const stripe = stripeFor(standin);
  for (let i = 0; i < count; i += 1) {
    await stripe.paymentIntents.create({ amount: 1000 + i, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, metadata: { n: String(i) } }, { idempotencyKey: `rig-${i}-${standin.port}` });
  }
}
