import { z } from 'zod';
import { Empty, RequestId, RequiredText, Role } from '../schemas';
import { channel } from './define';

export const Username = z.string().trim().min(2, 'must be at least 2 characters').max(40, { message: 'must be at most 40 characters', abort: true }).regex(/^[a-z0-9._-]+$/, 'may contain only lower-case letters, digits and . _ -');
export const Password = z.string().min(4, 'must be at least 4 characters').max(200, 'must be at most 200 characters');

export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  active: z.boolean(),
});
export type UserView = z.infer<typeof UserView>;

export const AuthState = z.object({
  setupRequired: z.boolean(),
  user: UserView.nullable(),
});

export const authContract = {
  'auth:status': channel({ summary: 'Whether first-run setup is needed and who is signed in.', input: Empty, output: AuthState }),
  'auth:setup': channel({
    summary: 'First run only: create the first admin and sign in.',
    input: z.strictObject({ requestId: RequestId, username: Username, displayName: RequiredText(80), password: Password }),
    output: AuthState,
  }),
  'auth:login': channel({
    summary: 'Sign in with username and password or PIN.',
    input: z.strictObject({ username: Username, password: Password }),
    output: AuthState,
  }),
  'auth:logout': channel({ summary: 'Sign out.', input: Empty, output: AuthState }),
};

/** What an admin's override approves: exactly one call of `channel` by the signed-in cashier. */
export const OverrideGrant = z.object({
  channel: z.string(),
  approvedBy: z.string(),
  expiresAt: z.string(),
});

export const authOverrideContract = {
  'auth:override': channel({
    summary: "An admin enters their PIN on the cashier's desk to approve one admin action.",
    input: z.strictObject({ username: Username, password: Password, channel: z.string().max(60, { message: 'must be a channel name', abort: true }).regex(/^[a-z][A-Za-z]*:[a-z][A-Za-z]*$/, 'must be a channel name') }),
    output: OverrideGrant,
  }),
};
