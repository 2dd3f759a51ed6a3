import { parseArgs } from 'node:util';
import { startStripeStandin } from './server';

/**
 * `npm run stripe:standin -- [--port 12111] [--webhook-url http://127.0.0.1:8787/stripe/webhook]
 *   [--secret-key sk_test_…] [--webhook-secret whsec_…] [--state ./standin-state.json]`
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '12111' },
    host: { type: 'string', default: '127.0.0.1' },
    'webhook-url': { type: 'string' },
    'secret-key': { type: 'string', default: 'sk_test_bursar_standin' },
    'webhook-secret': { type: 'string', default: 'whsec_bursar_standin' },
    state: { type: 'string' },
  },
});

const standin = await startStripeStandin({
  port: Number(values.port),
  host: values.host,
  secretKey: values['secret-key'],
  webhookSecret: values['webhook-secret'],
  webhookUrl: values['webhook-url'] ?? null,
  statePath: values.state,
});

console.log(`Stand-in Stripe listening on ${standin.url}`);
console.log(`  STRIPE_SECRET_KEY=${standin.secretKey}`);
console.log(`  STRIPE_API_HOST=${standin.host} STRIPE_API_PORT=${standin.port} STRIPE_API_PROTOCOL=http`);
console.log(`  webhook secret: ${standin.webhookSecret}`);
console.log(`  webhooks to: ${standin.webhooks.url() ?? '(none; POST /_standin/webhooks {"url": …} to set)'}`);
console.log(`  controls: POST /_standin/pay/<pi_|in_|cs_ id>, GET /_standin/counters, POST /_standin/faults, POST /_standin/webhooks`);

const shutdown = () => {
  void standin.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
