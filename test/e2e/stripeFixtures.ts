import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore as openRelayStore } from '../../relay/storage/openStore';
import { newToken } from '../../relay/tokens';
import { startRelayProcess } from '../support/relayProcess';
import type { RelayProcess } from '../support/relayProcess';
import { startStripeStandin } from '../support/stripe/server';
import type { StripeStandin } from '../support/stripe/server';
import { test as base } from './fixtures';

export type Relay = { process: RelayProcess; token: string };

/**
 * A stand-in Stripe and a real relay process per test. The host learns where the Stripe API
 * is; `stripeKeyInEnv` also hands it the key (else an admin enters it in Settings).
 */
export const stripeTest = base.extend<{ standin: StripeStandin; relay: Relay; stripeKeyInEnv: boolean }>({
  stripeKeyInEnv: [false, { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this destructuring.
  standin: async ({}, use) => {
    const standin = await startStripeStandin();
    await use(standin);
    await standin.stop();
  },
  hostEnv: async ({ standin, stripeKeyInEnv }, use) => {
    await use({ STRIPE_API_HOST: standin.host, STRIPE_API_PORT: String(standin.port), STRIPE_API_PROTOCOL: 'http', ...(stripeKeyInEnv ? { STRIPE_SECRET_KEY: standin.secretKey } : {}) });
  },
  relay: async ({ standin }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bursar-e2e-relay-'));
    const store = await openRelayStore({ dataDir, ingest: false });
    await store.createOrg({ id: 'school', name: 'School', secrets: [standin.webhookSecret], createdAt: Date.now() });
    const t = newToken();
    await store.createToken({ id: t.id, orgId: 'school', device: 'front-desk', hash: t.hash, createdAt: Date.now() });
    await store.close();
    const process = await startRelayProcess(['--data-dir', dataDir]);
    standin.webhooks.setUrl(`${process.url}/stripe/webhook/school`);
    await use({ process, token: t.token });
    await process.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  },
});
