import { z } from 'zod';
import { Empty, Id, RequestId, RequiredText, Role } from '../schemas';
import { Password, UserView, Username } from './auth';
import { channel } from './define';

export const usersContract = {
  'users:list': channel({ summary: 'All desk users (admin).', input: Empty, output: z.object({ users: z.array(UserView) }) }),
  'users:create': channel({
    summary: 'Add a cashier or admin with a password or PIN (admin).',
    input: z.strictObject({ requestId: RequestId, username: Username, displayName: RequiredText(80), role: Role, password: Password }),
    output: UserView,
  }),
  'users:update': channel({
    summary: 'Rename, change role, (de)activate or reset the password of a user (admin).',
    input: z.strictObject({
      requestId: RequestId,
      userId: Id,
      displayName: RequiredText(80).optional(),
      role: Role.optional(),
      active: z.boolean().optional(),
      password: Password.optional(),
    }),
    output: UserView,
  }),
};
