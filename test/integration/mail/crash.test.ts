import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core';
import { nodeCommandFor } from '../../../scripts/lib/bundleEntry';
import { createRng } from '../../../scripts/seed/prng';
import { rid, tempDir } from '../../support/core';
import { startSmtpPeer } from '../../support/mail/smtpPeer';
import { makeMailCore, useOfficeMail } from './fixtures';
import { enroll } from '../cashier/fixtures';
import type { MailCrashArgs, MailCrashMessage } from './crashWorker';

const WORKER = resolve(import.meta.dirname, 'crashWorker.ts');
const REMINDERS = Number(process.env.MAIL_CRASH_REMINDERS ?? 30);
const KILLS = Number(process.env.MAIL_CRASH_KILLS ?? 6);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('mail worker killed (kill -9) during a batch of reminders', () => {
  it(`${KILLS} SIGKILLs (and self-kills after the 250 and after the commit): each reminder reaches the server exactly once`, async () => {
    const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Math.floor(Math.random() * 2 ** 31);
    const rng = createRng(seed);
    const peer = await startSmtpPeer();
    const dataDir = tempDir('bursar-mail-crash-');
    const worker = await nodeCommandFor(WORKER, { inlinePackages: true });
    let child: ChildProcess | null = null;
    const started = Date.now();
    const progress: number[] = [];
    try {
      // The store: REMINDERS payers, each with an installment due in two days; reminders on.
      const today = new Date().toISOString().slice(0, 10);
      const setup = await makeMailCore(today, {}, { dataDir });
      await useOfficeMail(setup, peer, { receiptsEnabled: false });
      await setup.ok('settings:update', { requestId: rid('tz'), patch: { timeZone: 'UTC' } });
      for (let i = 0; i < REMINDERS; i++) await enroll(setup, { product: { name: `Course ${i}` }, terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 2, interval: 'monthly', firstDue: { rule: 'days_after_enrollment', days: 2 } } });
      await setup.ok('reminders:saveSettings', { requestId: rid('rem'), patch: { enabled: true, daysBefore: 3, overdue: false } });
      setup.close();

      const [script, ...loader] = [...worker.args].reverse();
      const run = async (kill: boolean, k: number): Promise<number | null> => {
        const args: MailCrashArgs = { dataDir, selfKill: kill ? 0.02 : 0, seed: seed + k };
        const proc = fork(script as string, [JSON.stringify(args)], { execArgv: loader.reverse(), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
        loader.reverse();
        child = proc;
        let stderr = '';
        proc.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
        const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
        let idle: (n: number) => void = () => {};
        const idleP = new Promise<number>((res) => (idle = res));
        const ready = new Promise<void>((res) => proc.on('message', (m: MailCrashMessage) => (m.type === 'ready' ? res() : idle(m.sent))));
        const first = await Promise.race([ready.then(() => 'ready' as const), exited.then(() => 'exited' as const), sleep(30_000).then(() => 'timeout' as const)]);
        if (first !== 'ready') throw new Error(`mail crash worker ${first} before it was ready:\n${stderr}`);
        if (kill) {
          // Mid-batch: after a few more mails reach the server, then a random moment later.
          const target = peer.received.length + rng.int(1, 6);
          const deadline = Date.now() + 20_000;
          while (peer.received.length < target && Date.now() < deadline && proc.exitCode === null) await sleep(1);
          await Promise.race([sleep(rng.int(0, 25)), exited]);
          proc.kill('SIGKILL');
          await exited;
          child = null;
          return null;
        }
        const sent = await Promise.race([idleP, exited.then(() => -1)]);
        proc.kill('SIGKILL');
        await exited;
        child = null;
        if (sent < 0) throw new Error(`the last worker died:\n${stderr}`);
        return sent;
      };
      const setupMs = Date.now() - started;
      for (let k = 0; k < KILLS; k++) {
        await run(true, k);
        progress.push(peer.received.length);
      }
      await run(false, KILLS);
      await peer.waitFor(peer.received.length);

      const store = createCore({ dataDir, checkOutput: false });
      try {
        const rows = store.store.raw.prepare(`SELECT id, dedupe_key, message_id, state FROM mail_outbox WHERE kind = 'reminder'`).all() as { id: string; dedupe_key: string; message_id: string; state: string }[];
        const deliveries = new Map<string, number>();
        for (const m of peer.received) deliveries.set(m.parsed.messageId ?? '', (deliveries.get(m.parsed.messageId ?? '') ?? 0) + 1);
        const problems: string[] = [];
        if (rows.length !== REMINDERS) problems.push(`${rows.length} reminders queued for ${REMINDERS} items`);
        if (new Set(rows.map((r) => r.dedupe_key)).size !== rows.length) problems.push('a reminder was queued twice');
        let unconfirmed = 0;
        for (const r of rows) {
          const n = deliveries.get(r.message_id) ?? 0;
          if (r.state === 'unconfirmed') unconfirmed++;
          if (n !== 1) problems.push(`${r.dedupe_key} (${r.state}) reached the server ${n} times`);
          if (r.state !== 'sent' && r.state !== 'unconfirmed') problems.push(`${r.dedupe_key} is still ${r.state}`);
        }
        if (peer.received.length !== REMINDERS) problems.push(`${peer.received.length} mails reached the server for ${REMINDERS} reminders`);
        console.log(`mail crash: ${KILLS} kills, ${REMINDERS} reminders, ${peer.received.length} delivered, ${unconfirmed} unconfirmed after a kill past the final dot, delivered after each kill ${progress.join(',')}, setup ${setupMs} ms, seed ${seed}`);
        expect(problems).toEqual([]);
      } finally {
        store.close();
      }
    } finally {
      if (child && (child as ChildProcess).exitCode === null) (child as ChildProcess).kill('SIGKILL');
      worker.dispose();
      await peer.close();
    }
  }, 400_000);
});
