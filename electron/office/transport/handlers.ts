import { AppError, conflict } from '../../core/errors';
import { defineHandlers } from '../../core/handlers';
import { sql } from '../../store/sql';
import { joinOffice } from './joinOffice';
import { deleteMembership, readMembership } from './membership';
import { officeStatus } from './officeStatus';

export const officeLinkHandlers = defineHandlers({
  'office:join': {
    kind: 'action',
    access: 'admin',
    run: async (input, ctx) => {
      const m = await joinOffice(ctx.store, ctx.services.secrets, input, ctx.now());
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
    access: 'staff',
    run: (_input, ctx) => officeStatus(ctx.store, ctx.services, true),
  },
  'office:syncNow': {
    kind: 'action',
    access: 'staff',
    run: async (_input, ctx) => {
      if (!readMembership(ctx.store)) throw new AppError('UNAVAILABLE', 'This desk has not joined an office');
      try {
        const r = await ctx.services.officeLink.syncNow();
        return { ...r, status: await officeStatus(ctx.store, ctx.services, false) };
      } catch (e) {
        throw new AppError('UNAVAILABLE', `${(e as Error).message}. The desk keeps working and will send and receive when it can.`);
      }
    },
  },
  'office:leave': {
    kind: 'mutation',
    access: 'admin',
    run: (_input, ctx) => {
      const m = readMembership(ctx.store);
      if (!m) throw conflict('This desk does not belong to an office');
      const pending = ctx.services.officeLink.status().pending ?? 0;
      if (pending > 0 && !m.stopped) throw conflict(`This desk has ${pending} changes the office has not received yet; send them (Sync now) before leaving`);
      deleteMembership(ctx.store);
      ctx.store.run(sql`DELETE FROM office_sealed`);
      ctx.audit({ action: 'office.leave', entityType: 'office', entityId: m.office, before: { office: m.office, desk: m.desk, deskName: m.deskName, relayUrl: m.relayUrl }, after: null });
      // Last: the files cannot roll back with the transaction.
      ctx.services.secrets.set('office.token', null);
      ctx.services.secrets.set('office.key', null);
      return { joined: false, office: null, running: ctx.services.officeLink.status().running, online: false, stopped: null, cursor: 0, pushed: 0, pending: null, received: 0, lastPushAt: null, lastPullAt: null, lastPushError: null, lastPullError: null, desks: null, desksError: null };
    },
  },
});
