import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

/** This desk's membership of an office (migration 0015); null when the desk is on its own. */
export type Membership = {
  office: string;
  officeName: string;
  desk: string;
  deskName: string;
  relayUrl: string;
  joinedAt: string;
  /** This desk set the office's key: it seeds the office with its books. */
  seeded: boolean;
  cursor: number;
  pushed: number;
  received: number;
  stopped: 'revoked' | 'cursor_gone' | null;
  /** The journal cursor of the last snapshot this desk uploaded or started from (0: none). */
  snapshotCursor: number;
  snapshotAt: string | null;
  /** This desk started from an office snapshot. */
  restored: boolean;
  /** The office's first desk still owes the hub its seed snapshot (its books were too large for one entry). */
  seedPending: boolean;
};

type Row = { office: string; office_name: string; desk: string; desk_name: string; relay_url: string; joined_at: string; seeded: number; cursor: number; pushed: number; received: number; stopped: Membership['stopped']; snapshot_cursor: number; snapshot_at: string | null; restored: number; seed_pending: number };

export function readMembership(store: Store): Membership | null {
  const r = store.get<Row>(sql`SELECT office, office_name, desk, desk_name, relay_url, joined_at, seeded, cursor, pushed, received, stopped, snapshot_cursor, snapshot_at, restored, seed_pending FROM office_membership WHERE id = 1`);
  if (!r) return null;
  return { office: r.office, officeName: r.office_name, desk: r.desk, deskName: r.desk_name, relayUrl: r.relay_url, joinedAt: r.joined_at, seeded: r.seeded === 1, cursor: r.cursor, pushed: r.pushed, received: r.received, stopped: r.stopped,
    snapshotCursor: r.snapshot_cursor, snapshotAt: r.snapshot_at, restored: r.restored === 1, seedPending: r.seed_pending === 1 };
}

/** The desk id the hub gave this desk, for the journal half to stamp on the entries it captures. */
export const officeDeskId = (store: Store): string | null => store.get<{ desk: string }>(sql`SELECT desk FROM office_membership WHERE id = 1`)?.desk ?? null;

export function insertMembership(store: Store, m: Pick<Membership, 'office' | 'officeName' | 'desk' | 'deskName' | 'relayUrl' | 'joinedAt' | 'seeded'>): void {
  store.run(sql`INSERT INTO office_membership (id, office, office_name, desk, desk_name, relay_url, joined_at, seeded)
    VALUES (1, ${m.office}, ${m.officeName}, ${m.desk}, ${m.deskName}, ${m.relayUrl}, ${m.joinedAt}, ${m.seeded ? 1 : 0})`);
}

export const deleteMembership = (store: Store): void => void store.run(sql`DELETE FROM office_membership WHERE id = 1`);

/** Called inside the page's transaction: the cursor moves with the page it applied, never alone. */
export function saveCursor(store: Store, next: number, received: number): void {
  store.run(sql`UPDATE office_membership SET cursor = max(cursor, ${next}), received = received + ${received} WHERE id = 1`);
}

export const addPushed = (store: Store, n: number): void => void store.run(sql`UPDATE office_membership SET pushed = pushed + ${n} WHERE id = 1`);

export const setStopped = (store: Store, reason: Membership['stopped']): void => void store.run(sql`UPDATE office_membership SET stopped = ${reason} WHERE id = 1`);
