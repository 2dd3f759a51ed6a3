import { defineHandlers } from '../../core/handlers';
import type { HandlerContext } from '../../core/handlers';
import { isChannel } from '../../../shared/contract';
import { invalidAs, refuseAs, refuseFieldAs } from '../../core/errors';
import type { ActingSession, SessionData } from '../../core/session';
import { hashSecret, verifySecret } from './passwords';
import { setupRequired } from './setupState';
import { countUsers, findUserById, findUserByName, insertUser, toView } from './usersRepo';
import type { UserRecord } from './usersRepo';
import type { ThrottleKind } from './loginThrottle';

/** An override approves one action, and only for a short while. */
const OVERRIDE_TTL_MS = 2 * 60_000;

const sessionOf = (u: UserRecord): SessionData => ({ userId: u.id, username: u.username, displayName: u.displayName, role: u.role });

function state(ctx: HandlerContext, session: ActingSession | null) {
  const user = session ? findUserById(ctx.store, session.userId) : undefined;
  return { setupRequired: setupRequired(ctx.store), user: user ? toView(user) : null };
}

// A hash to compare against when the user does not exist, so a wrong username costs
// the same time as a wrong password and does not reveal which names exist.
let decoyHash: string | undefined;

/**
 * Checks a username + password/PIN, throttled per calling source and per kind (sign-in, or an
 * admin's override PIN); returns the active user or throws FORBIDDEN.
 */
function checkCredentials(ctx: HandlerContext, kind: ThrottleKind, username: string, password: string): UserRecord {
  const throttle = ctx.services.loginThrottle;
  const wait = throttle.blockedFor(ctx.source, kind, ctx.now().getTime());
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw refuseAs('FORBIDDEN', 'auth.tooManyAttempts', { seconds }, { retryAfterSeconds: seconds });
  }
  const user = findUserByName(ctx.store, username);
  decoyHash ??= hashSecret('decoy');
  const good = verifySecret(password, user?.passwordHash ?? decoyHash) && user !== undefined && user.active;
  if (!good || !user) {
    throttle.failed(ctx.source, kind, username, ctx.now().getTime());
    throw refuseFieldAs('FORBIDDEN', 'password', 'auth.wrongPassword', {});
  }
  throttle.succeeded(ctx.source, kind, username);
  return user;
}

export const authHandlers = defineHandlers({
  'auth:status': {
    kind: 'query',
    access: 'public',
    run: (_input, ctx) => state(ctx, ctx.session),
  },
  'auth:setup': {
    kind: 'mutation',
    access: 'public',
    run: (input, ctx) => {
      if (countUsers(ctx.store) > 0) throw refuseAs('CONFLICT', 'auth.alreadySetUp', {});
      if (!setupRequired(ctx.store)) throw refuseAs('CONFLICT', 'auth.joinedOffice', {});
      const user = insertUser(ctx.store, { username: input.username, displayName: input.displayName, role: 'admin', passwordHash: hashSecret(input.password) }, ctx.now());
      const session = sessionOf(user);
      ctx.setSession(session);
      ctx.audit({ action: 'user.create', entityType: 'user', entityId: user.id, after: toView(user) });
      return state(ctx, session);
    },
  },
  'auth:login': {
    kind: 'query',
    access: 'public',
    run: (input, ctx) => {
      const session = sessionOf(checkCredentials(ctx, 'login', input.username, input.password));
      ctx.setSession(session);
      return state(ctx, session);
    },
  },
  'auth:logout': {
    kind: 'query',
    access: 'public',
    run: (_input, ctx) => {
      ctx.setSession(null);
      return state(ctx, null);
    },
  },
  'auth:override': {
    kind: 'mutation',
    access: 'staff',
    run: (input, ctx) => {
      const session = ctx.session;
      if (!session) throw refuseAs('FORBIDDEN', 'auth.signIn', {});
      if (!isChannel(input.channel)) throw invalidAs('channel', 'input.unknownAction', {});
      const admin = checkCredentials(ctx, 'override', input.username, input.password);
      if (admin.role !== 'admin') throw refuseFieldAs('FORBIDDEN', 'username', 'auth.overrideNotAdmin', { username: admin.username });
      const expiresAt = ctx.now().getTime() + OVERRIDE_TTL_MS;
      ctx.grantOverride({ channel: input.channel, forUserId: session.userId, by: { userId: admin.id, username: admin.username }, expiresAt });
      ctx.audit({ action: 'override.grant', entityType: 'user', entityId: session.userId, after: { channel: input.channel, approvedBy: admin.username, cashier: session.username } });
      return { channel: input.channel, approvedBy: admin.username, expiresAt: new Date(expiresAt).toISOString() };
    },
  },
});
