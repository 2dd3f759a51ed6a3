import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { refuseAs, withCause } from '../../core/errors';
import { defineHandlers } from '../../core/handlers';
import { allows } from '../../core/session';
import { writeSettings } from '../../services/settings/settingsRepo';
import { countUsers } from '../../services/auth/usersRepo';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { joinOffice } from './joinOffice';
import { deleteMembership, readMembership } from './membership';
import { officeStatus } from './officeStatus';
import { prepareSeedSnapshot, snapshotFile } from './snapshots';

/** A desk code (receipt prefix) from the hub's desk id: 'D' and 7 hex digits, unique in practice and the same after a restart. */
export const deskCodeFor = (deskId: string): string => `D${createHash('sha256').update(deskId).digest('hex').slice(0, 7).toUpperCase()}`;

/** A desk that joined at its first start and has not yet got its users, or the office's journal up to the hub's head. */
function catchingUp(store: Store, status: { joined: boolean; cursor: number; head: number | null }): boolean {
  if (!status.joined) return countUsers(store) === 0;
  return countUsers(store) === 0 || (status.head !== null && status.cursor < status.head);
}

export const officeLinkHandlers = defineHandlers({
  'office:join': {
    kind: 'action',
    // An admin joins; or, on a desk's first start (no user yet), anyone at the desk joins it to an
    // office whose users then arrive from the journal (a later desk must not make its own admin).
    access: 'public',
    run: async (input, ctx) => {
      const firstRun = countUsers(ctx.store) === 0;
      if (!firstRun && !allows('admin', ctx.session)) throw ctx.session ? refuseAs('FORBIDDEN', 'auth.needsAdmin', {}) : refuseAs('FORBIDDEN', 'auth.signIn', {});
      const office = ctx.services.officeBooks;
      const books = office && {
        join: (i: { officeId: string; deskId: string; seed: boolean }) => {
          const joined = office.join(i);
          // Books too large for one seed entry go to the hub as the office's first snapshot,
          // cut here, in the membership's transaction, before any entry exists.
          if (joined.seedBySnapshot) prepareSeedSnapshot(ctx.store, office.snapshots, i.officeId, ctx.now());
          // A later desk starts a receipt series and drawer of its own: its desk code must be
          // no other desk's (a fresh desk has the default one, which the first desk has too).
          if (!i.seed) writeSettings(ctx.store, { deskCode: deskCodeFor(i.deskId) }, ctx.now());
        },
      };
      const m = await joinOffice(ctx.store, ctx.services.secrets, input, ctx.now(), { books, firstRun });
      ctx.store.transaction(() =>
        ctx.audit({ action: 'office.join', entityType: 'office', entityId: m.office, before: null, after: { office: m.office, officeName: m.officeName, desk: m.desk, deskName: m.deskName, relayUrl: m.relayUrl, seeded: m.seeded } }),
      );
      ctx.services.officeLink.kick();
      ctx.services.notify('office:status');
      return officeStatus(ctx.store, ctx.services, false);
    },
  },
  'office:status': {
    kind: 'query',
    // Signed in; or, with no one signed in, while the desk waits for its office's users and
    // catches up (the first-run screen shows the progress).
    access: 'public',
    run: async (_input, ctx) => {
      const status = await officeStatus(ctx.store, ctx.services, true);
      if (ctx.session || catchingUp(ctx.store, status)) return status;
      throw refuseAs('FORBIDDEN', 'auth.signIn', {});
    },
  },
  'office:syncNow': {
    kind: 'action',
    access: 'staff',
    run: async (_input, ctx) => {
      if (!readMembership(ctx.store)) throw refuseAs('UNAVAILABLE', 'office.notJoined', {});
      try {
        const r = await ctx.services.officeLink.syncNow();
        return { ...r, status: await officeStatus(ctx.store, ctx.services, false) };
      } catch (e) {
        throw withCause(refuseAs('UNAVAILABLE', 'office.unreachable', {}), (e as Error).message);
      }
    },
  },
  'office:leave': {
    kind: 'mutation',
    access: 'admin',
    run: (_input, ctx) => {
      const m = readMembership(ctx.store);
      if (!m) throw refuseAs('CONFLICT', 'office.notMember', {});
      const pending = ctx.services.officeLink.status().pending ?? 0;
      if (pending > 0 && !m.stopped) throw refuseAs('CONFLICT', 'office.pendingChanges', { count: pending });
      deleteMembership(ctx.store);
      ctx.store.run(sql`DELETE FROM office_sealed`);
      ctx.store.run(sql`DELETE FROM office_snapshot_work`);
      ctx.audit({ action: 'office.leave', entityType: 'office', entityId: m.office, before: { office: m.office, desk: m.desk, deskName: m.deskName, relayUrl: m.relayUrl }, after: null });
      // Last: the files cannot roll back with the transaction.
      ctx.services.secrets.set('office.token', null);
      ctx.services.secrets.set('office.key', null);
      for (const direction of ['up', 'down'] as const) rmSync(snapshotFile(ctx.store, direction), { force: true });
      return { joined: false, office: null, running: ctx.services.officeLink.status().running, online: false, stopped: null, cursor: 0, head: null, pushed: 0, pending: null, received: 0, lastPushAt: null, lastPullAt: null, lastPushError: null, lastPullError: null, desks: null, desksError: null, snapshot: null, snapshotCursor: 0, words: { stopped: null, lastPush: null, lastPull: null, desks: null } };
    },
  },
});
