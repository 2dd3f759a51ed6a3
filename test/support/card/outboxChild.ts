// A desk process for the outbox crash tests: runs the outbox once, dying at the named point.
import { createCore } from '../../../electron/core';
import type { OutboxHooks } from '../../../electron/stripe/outboxWorker';

const [dataDir, crashPoint = 'none'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: outboxChild <dataDir> [crashPoint]');
const die = () => process.kill(process.pid, 'SIGKILL');
const hooks: OutboxHooks =
  crashPoint === 'afterMarkedSending'
    ? { afterMarkedSending: die }
    : crashPoint === 'requestInFlight'
      ? // The stand-in acts on the request and never answers; the desk dies while waiting.
        { afterMarkedSending: () => void setTimeout(die, 400) }
      : crashPoint === 'afterStripeAnswered'
        ? { afterStripeAnswered: die }
        : {};
const core = createCore({ dataDir, outboxHooks: hooks, logError: () => {} });
const result = await core.services.outbox.runOnce();
process.stdout.write(`${JSON.stringify(result)}\n`);
core.close();
