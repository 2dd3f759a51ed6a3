import { notFound, refuseAs } from '../../core/errors';
import { defineHandlers } from '../../core/handlers';
import { hashSecret } from '../auth/passwords';
import { countActiveAdmins, findUserById, findUserByName, insertUser, listUsers, toView, updateUser } from '../auth/usersRepo';

export const usersHandlers = defineHandlers({
  'users:list': {
    kind: 'query',
    access: 'admin',
    run: (_input, { store }) => ({ users: listUsers(store).map(toView) }),
  },
  'users:create': {
    kind: 'mutation',
    access: 'admin',
    run: (input, ctx) => {
      const existing = findUserByName(ctx.store, input.username);
      if (existing) throw refuseAs('CONFLICT', 'user.usernameTaken', { username: input.username }, { userId: existing.id });
      const user = insertUser(ctx.store, { username: input.username, displayName: input.displayName, role: input.role, passwordHash: hashSecret(input.password) }, ctx.now());
      ctx.audit({ action: 'user.create', entityType: 'user', entityId: user.id, after: toView(user) });
      return toView(user);
    },
  },
  'users:update': {
    kind: 'mutation',
    access: 'admin',
    run: (input, ctx) => {
      const before = findUserById(ctx.store, input.userId);
      if (!before) throw notFound('User', input.userId);
      const losesAdmin = before.role === 'admin' && before.active && (input.role === 'cashier' || input.active === false);
      // The desk must always keep one admin who can sign in, or nobody could fix anything.
      if (losesAdmin && countActiveAdmins(ctx.store) <= 1) throw refuseAs('CONFLICT', 'user.lastAdmin', {});
      updateUser(ctx.store, input.userId, {
        displayName: input.displayName,
        role: input.role,
        active: input.active,
        passwordHash: input.password === undefined ? undefined : hashSecret(input.password),
      }, ctx.now());
      const after = findUserById(ctx.store, input.userId);
      if (!after) throw notFound('User', input.userId);
      ctx.audit({
        action: input.password === undefined ? 'user.update' : 'user.update+password',
        entityType: 'user',
        entityId: input.userId,
        before: toView(before),
        after: toView(after),
      });
      return toView(after);
    },
  },
});
