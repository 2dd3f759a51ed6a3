import { defineHandlers } from '../../core/handlers';
import { readSettings } from '../settings/settingsRepo';
import { carriedFloat, createDeposit, depositableSessions, listDeposits, markDeposited } from './deposits';
import { depositSlipPdf } from './depositSlipPdf';
import { closeSession, moveCash } from './drawerClose';
import { openSession, openSessionOf, toSessionView } from './drawerSessions';
import { drawerMovements } from './drawerMovements';
import { zReport } from './zReport';
import { zReportPdf } from './zReportPdf';

export const drawerHandlers = defineHandlers({
  'drawer:open': {
    kind: 'mutation',
    access: 'staff',
    run: ({ openingFloat }, ctx) => {
      const settings = readSettings(ctx.store);
      // A float kept back at the last deposit is what this opening counts; the audit names it.
      const carried = carriedFloat(ctx.store, settings.deskCode);
      const s = toSessionView(ctx.store, openSession(ctx.store, settings.deskCode, settings.defaultCurrency, openingFloat, ctx.session?.userId ?? null, ctx.now()));
      ctx.audit({ action: 'drawer.open', entityType: 'drawer_session', entityId: s.id, after: carried ? { ...s, floatCarriedFrom: carried.slipNumber, floatCarried: carried.amount } : s });
      return s;
    },
  },
  'drawer:current': {
    kind: 'query',
    access: 'staff',
    run: (_input, { store }) => {
      const deskCode = readSettings(store).deskCode;
      const s = openSessionOf(store, deskCode);
      return { session: s ? toSessionView(store, s) : null, carriedFloat: s ? null : carriedFloat(store, deskCode) };
    },
  },
  'drawer:move': {
    kind: 'mutation',
    access: 'staff',
    run: ({ kind, amount, reason }, ctx) => {
      const settings = readSettings(ctx.store);
      const open = openSessionOf(ctx.store, settings.deskCode);
      const result = moveCash(ctx.store, settings.deskCode, open?.currency ?? settings.defaultCurrency, kind, amount, reason, ctx.session?.userId ?? null, ctx.now());
      ctx.audit({ action: `drawer.${kind}`, entityType: 'drawer_session', entityId: result.session.id, after: { moveId: result.id, amount, reason } });
      return result;
    },
  },
  'drawer:close': {
    kind: 'mutation',
    access: 'staff',
    run: (input, ctx) => {
      const result = closeSession(ctx.store, readSettings(ctx.store).deskCode, input, ctx.session?.userId ?? null, ctx.now());
      ctx.audit({ action: 'drawer.close', entityType: 'drawer_session', entityId: result.session.id, after: result.session });
      return result;
    },
  },
  'drawer:zReport': {
    kind: 'query',
    access: 'staff',
    run: ({ sessionId }, { store }) => zReport(store, sessionId),
  },
  'drawer:movements': {
    kind: 'query',
    access: 'staff',
    run: ({ sessionId }, { store }) => drawerMovements(store, sessionId),
  },
  // Base64 over IPC, as receipts: the sandboxed window saves it from a Blob.
  'drawer:zReportPdf': {
    kind: 'query',
    access: 'staff',
    run: async ({ sessionId }, { store }) => {
      const { number, bytes } = await zReportPdf(store, sessionId);
      return { number, fileName: `z-report-${number}.pdf`, base64: Buffer.from(bytes).toString('base64'), bytes: bytes.length };
    },
  },
  'deposits:create': {
    kind: 'mutation',
    access: 'staff',
    run: ({ sessionIds, slipNumber, keepFloat }, ctx) => {
      const d = createDeposit(ctx.store, readSettings(ctx.store).deskCode, sessionIds, slipNumber, ctx.session?.userId ?? null, ctx.now(), keepFloat ?? 0);
      ctx.audit({ action: 'deposit.create', entityType: 'deposit', entityId: d.id, after: d });
      return d;
    },
  },
  'deposits:slipPdf': {
    kind: 'query',
    access: 'staff',
    run: async ({ depositId }, { store }) => {
      const { number, bytes } = await depositSlipPdf(store, depositId);
      return { number, fileName: `deposit-slip-${number}.pdf`, base64: Buffer.from(bytes).toString('base64'), bytes: bytes.length };
    },
  },
  'deposits:sessions': {
    kind: 'query',
    access: 'staff',
    run: (_input, { store }) => ({ sessions: depositableSessions(store) }),
  },
  'deposits:list': {
    kind: 'query',
    access: 'staff',
    run: (input, { store }) => listDeposits(store, input),
  },
  'deposits:markDeposited': {
    kind: 'mutation',
    access: 'staff',
    run: ({ depositId, bankReference }, ctx) => {
      const d = markDeposited(ctx.store, depositId, bankReference, ctx.session?.userId ?? null, ctx.now());
      ctx.audit({ action: 'deposit.deposited', entityType: 'deposit', entityId: d.id, before: { status: 'prepared' }, after: d });
      return d;
    },
  },
});
