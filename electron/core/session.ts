import type { Role } from '../../shared/schemas';

/** Who is calling. Held by the shell per window (or per browser-host token), never by the renderer. */
export type Session = {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Set for one action when an admin approved it with their PIN. */
  overrideBy?: { userId: string; username: string };
};

/** Who may call a channel: anyone (login screen), any signed-in user, or admins only. */
export type Access = 'public' | 'staff' | 'admin';

export function allows(access: Access, session: Session | null): boolean {
  if (access === 'public') return true;
  if (!session) return false;
  if (access === 'staff') return true;
  return session.role === 'admin' || session.overrideBy !== undefined;
}
