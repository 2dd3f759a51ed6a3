import { defineHandlers } from '../../core/handlers';
import type { HandlerContext } from '../../core/handlers';
import { AppError, conflict } from '../../core/errors';
import type { Session } from '../../core/session';
import { hashSecret, verifySecret } from './passwords';
import { countUsers, findUserById, findUserByName, insertUser, toView } from './usersRepo';
import type { UserRecord } from './usersRepo';

const sessionOf = (u: UserRecord): Session => ({ userId: u.id, username: u.username, displayName: u.displayName, role: u.role });

function state(ctx: HandlerContext, session: Session | null) {
  const user = session ? findUserById(ctx.store, session.userId) : undefined;
  return { setupRequired: countUsers(ctx.store) === 0, user: user ? toView(user) : null };
}

// A hash to compare against when the user does not exist, so a wrong username costs
// the same time as a wrong password and does not reveal which names exist.
let decoyHash: string | undefined;

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
      if (countUsers(ctx.store) > 0) throw conflict('Bursar is already set up; sign in instead');
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
      const user = findUserByName(ctx.store, input.username);
      decoyHash ??= hashSecret('decoy');
      const good = verifySecret(input.password, user?.passwordHash ?? decoyHash) && user !== undefined && user.active;
      if (!good || !user) throw new AppError('FORBIDDEN', 'Wrong username or password', { fields: { password: 'wrong username or password' } });
      const session = sessionOf(user);
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
});
