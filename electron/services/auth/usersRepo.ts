import { randomUUID } from 'node:crypto';
import type { UserView } from '../../../shared/contract/auth';
import type { Role } from '../../../shared/schemas';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

type UserRow = {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  active: number;
};

export type UserRecord = UserView & { passwordHash: string };

const toRecord = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  active: r.active === 1,
  passwordHash: r.password_hash,
});

export const toView = ({ passwordHash: _omit, ...view }: UserRecord): UserView => view;

export function countUsers(store: Store): number {
  return store.get<{ n: number }>(sql`SELECT count(*) AS n FROM users`)?.n ?? 0;
}

export function findUserByName(store: Store, username: string): UserRecord | undefined {
  const row = store.get<UserRow>(sql`SELECT * FROM users WHERE username = ${username}`);
  return row && toRecord(row);
}

export function findUserById(store: Store, id: string): UserRecord | undefined {
  const row = store.get<UserRow>(sql`SELECT * FROM users WHERE id = ${id}`);
  return row && toRecord(row);
}

export function insertUser(store: Store, user: { username: string; displayName: string; role: Role; passwordHash: string }, at: Date): UserRecord {
  const id = `usr_${randomUUID()}`;
  const ts = at.toISOString();
  store.run(sql`INSERT INTO users (id, username, display_name, role, password_hash, active, created_at, updated_at)
    VALUES (${id}, ${user.username}, ${user.displayName}, ${user.role}, ${user.passwordHash}, 1, ${ts}, ${ts})`);
  const created = findUserById(store, id);
  if (!created) throw new Error('user insert did not persist');
  return created;
}

export function listUsers(store: Store): UserRecord[] {
  return store.all<UserRow>(sql`SELECT * FROM users ORDER BY active DESC, display_name COLLATE NOCASE`).map(toRecord);
}

export function countActiveAdmins(store: Store): number {
  return store.get<{ n: number }>(sql`SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1`)?.n ?? 0;
}

export function updateUser(store: Store, id: string, change: { displayName?: string; role?: Role; active?: boolean; passwordHash?: string }, at: Date): void {
  store.run(sql`UPDATE users SET
      display_name = coalesce(${change.displayName}, display_name),
      role = coalesce(${change.role}, role),
      active = coalesce(${change.active === undefined ? null : change.active ? 1 : 0}, active),
      password_hash = coalesce(${change.passwordHash}, password_hash),
      updated_at = ${at.toISOString()}
    WHERE id = ${id}`);
}
