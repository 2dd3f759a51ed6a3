import type { Role } from '../../shared/schemas';

/** Who a session is: what login (or `core.sessionFor`) finds in the users table. */
export type SessionData = {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
};

declare const issuedByCore: unique symbol;

/**
 * A session the core issued: frozen, and remembered by the core module, which refuses any
 * other object (a copy, a literal, a look-alike). Held by the shell per window
 * (or per browser-host token), or by trusted in-process code via `core.sessionFor`; never by
 * the renderer. The brand only helps the compiler; the core's own record is the check.
 */
export type Session = Readonly<SessionData> & { readonly [issuedByCore]: true };

/** What a handler sees: the caller as the database knows them now, plus an admin's approval if the core holds one. */
export type ActingSession = SessionData & {
  /** Set for one action when an admin approved it with their PIN; only the core sets it, from a grant it holds. */
  overrideBy?: { userId: string; username: string };
};

/** Who may call a channel: anyone (login screen), any signed-in user, or admins only. */
export type Access = 'public' | 'staff' | 'admin';

export function allows(access: Access, session: ActingSession | null): boolean {
  if (access === 'public') return true;
  if (!session) return false;
  if (access === 'staff') return true;
  return session.role === 'admin' || session.overrideBy !== undefined;
}

/** The sessions the core issued. Private to the core module; a WeakSet so a dropped session costs nothing. */
export function createSessionIssuer() {
  const issued = new WeakSet<object>();
  return {
    issue(data: SessionData): Session {
      const session = Object.freeze({ userId: data.userId, username: data.username, displayName: data.displayName, role: data.role }) as Session;
      issued.add(session);
      return session;
    },
    isIssued(value: unknown): value is Session {
      return typeof value === 'object' && value !== null && issued.has(value);
    },
  };
}
