/**
 * The mail crash child: opens the core on the parent's store and runs the reminder rule and
 * the mail worker in a loop, as the desk does in the background. With `selfKill` it also
 * SIGKILLs itself now and then right after the server's 250 (before the outbox knows) and
 * right after the `sent` commit. It never stops by itself once work is left: the parent kills
 * it at random moments; it says `idle` when nothing is left to send.
 */
import { createCore } from '../../../electron/core';

export type MailCrashArgs = { dataDir: string; selfKill: number; seed: number };
export type MailCrashMessage = { type: 'ready' } | { type: 'idle'; sent: number };

const args = JSON.parse(process.argv[2] ?? '{}') as MailCrashArgs;
let state = args.seed >>> 0 || 1;
const random = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 2 ** 32;
};
const maybeDie = () => {
  if (random() < args.selfKill) process.kill(process.pid, 'SIGKILL');
};
const send = (m: MailCrashMessage) => new Promise<void>((resolve) => process.send?.(m, () => resolve()));

const core = createCore({
  dataDir: args.dataDir, checkOutput: false, logError: () => {},
  mail: { batch: 25, timeouts: { connectMs: 2000, greetingMs: 2000, socketMs: 5000 }, hooks: { afterAccepted: maybeDie, afterSent: maybeDie } },
});
await send({ type: 'ready' });
for (;;) {
  await core.services.reminders.runOnce();
  const r = await core.services.mail.runOnce();
  if (r.attempted === 0) {
    const sent = (core.store.raw.prepare(`SELECT count(*) AS n FROM mail_outbox WHERE state IN ('sent', 'unconfirmed')`).get() as { n: number }).n;
    await send({ type: 'idle', sent });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
