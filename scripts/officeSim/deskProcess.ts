/**
 * One desk of the office simulator: a real core on its own data folder, in its own process,
 * driven over IPC by `runOfficeSim.ts` (`node --import tsx scripts/officeSim/deskProcess.ts DIR`).
 * The simulator kills it with SIGKILL at random and starts it again on the same folder.
 */
import { createCore } from '../../electron/core';
import type { Session } from '../../electron/core';
import { planOp } from './opPlanner';
import { checkDesk } from './deskCheck';
import { idOf } from './opKinds';
import type { DeskReply, DeskRequest, PlannedOp, Role, SyncOutcome } from './protocol';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: deskProcess.ts DATA_DIR');

const core = createCore({ dataDir, officeWaitSeconds: 2, backgroundJobs: true, firstBackupDelayMs: 3_600_000, logError: () => {} });
const PASSWORD = 'office-sim-pass';

function userId(username: string): string | null {
  const row = core.store.raw.prepare('SELECT id FROM users WHERE username = ? AND active = 1').get(username) as { id: string } | undefined;
  return row?.id ?? null;
}

function session(role: Role): Session {
  const id = userId(role === 'admin' ? 'admin' : 'cashier1');
  if (!id) throw new Error(`no ${role} on this desk yet`);
  return core.sessionFor(id);
}

async function must(channel: string, input: unknown, as: Session | null): Promise<unknown> {
  const r = await core.invoke(channel, input, as);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** Waits (no fixed sleep: each round is a real pull) until the office's users have arrived. */
async function untilUsers(): Promise<void> {
  let last = '';
  for (let round = 0; round < 600; round++) {
    if (userId('admin') && userId('cashier1')) return;
    try {
      const r = await core.services.officeLink.syncNow();
      last = JSON.stringify(r);
    } catch (e) {
      // The hub may be restarting; the next round tries again.
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the office users never arrived (last sync: ${last})`);
}

async function openDrawerIfNone(): Promise<void> {
  const open = core.store.raw.prepare(`SELECT 1 FROM drawer_sessions WHERE status = 'open' AND desk_code = (SELECT value FROM settings WHERE key = 'deskCode')`).get();
  if (!open) await must('drawer:open', { requestId: `sim-drawer-${process.pid}-${Date.now()}`, openingFloat: 200_00 }, session('cashier'));
}

async function handle(req: DeskRequest): Promise<unknown> {
  switch (req.t) {
    case 'setupFirst': {
      const conn = core.connect();
      if (!userId('admin')) {
        const r = await conn.invoke('auth:setup', { requestId: 'sim-setup', username: 'admin', displayName: 'Office Admin', password: PASSWORD });
        if (!r.ok) throw new Error(r.error.message);
      }
      const admin = session('admin');
      await must('settings:update', { requestId: 'sim-desk-code', patch: { deskCode: req.deskCode, defaultCurrency: 'USD' } }, admin);
      if (!userId('cashier1')) await must('users:create', { requestId: 'sim-cashier', username: 'cashier1', displayName: 'Front Cashier', role: 'cashier', password: PASSWORD }, admin);
      const { seedCatalog } = await import('./seedCatalog');
      await seedCatalog(core, admin);
      await must('office:join', { requestId: 'sim-join', relayUrl: req.relayUrl, joinCode: req.joinCode, passphrase: req.passphrase, deskName: req.deskName }, admin);
      await openDrawerIfNone();
      // The seed goes to the hub before a later desk is let in to read it.
      await core.services.officeLink.syncNow();
      return null;
    }
    case 'joinLater': {
      // A fresh desk joins from the first-run screen: no local admin, the office's users arrive from the journal.
      await must('office:join', { requestId: 'sim-join', relayUrl: req.relayUrl, joinCode: req.joinCode, passphrase: req.passphrase, deskName: req.deskName }, null);
      await untilUsers();
      await must('settings:update', { requestId: 'sim-desk-code', patch: { deskCode: req.deskCode } }, session('admin'));
      await openDrawerIfNone();
      return null;
    }
    case 'plan': {
      const op = planOp(core.store.raw, req.seed, req.deskTag, req.opNo);
      return op && req.without?.includes(op.kind) ? null : op;
    }
    case 'invoke': {
      const op: PlannedOp = req.op;
      const r = await core.invoke(op.channel, op.input, session(op.as));
      if (r.ok) return { ok: true, id: idOf(op.kind, r.value) };
      return { ok: false, code: r.error.code, message: r.error.message };
    }
    case 'sync': {
      let error: string | null = null;
      try {
        await core.services.officeLink.syncNow();
      } catch (e) {
        error = (e as Error).message;
      }
      const s = (await must('office:status', {}, session('admin'))) as SyncOutcome;
      return { pending: s.pending, cursor: s.cursor, pushed: s.pushed, received: s.received, online: s.online, stopped: s.stopped, lastPullError: error ?? s.lastPullError, lastPushError: s.lastPushError };
    }
    case 'check':
      return checkDesk(core, session('admin'), req.acked);
    case 'close':
      core.close();
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (msg: { id: number; req: DeskRequest }) => {
  handle(msg.req).then(
    (value) => process.send?.({ id: msg.id, ok: true, value } satisfies DeskReply),
    (e: unknown) => process.send?.({ id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies DeskReply),
  );
});
process.send?.({ id: 0, ok: true, value: 'ready' } satisfies DeskReply);
