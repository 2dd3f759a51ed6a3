import type Database from 'better-sqlite3';
import type { InsertResult, NewEvent } from './types';

/** Connection settings every relay connection uses: the WAL is fsynced at each commit. */
export function configureConnection(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // The CLI and the server's two connections share the file: wait for the lock rather than fail.
  db.pragma('busy_timeout = 5000');
}

/**
 * Writes a batch of deliveries in one IMMEDIATE transaction (SQLite's single writer lock is the
 * per-org serialisation): duplicates by (org, event id) keep their first sequence, new events
 * take the org's next numbers. All or nothing.
 */
export function prepareEventWriter(db: Database.Database): (events: readonly NewEvent[]) => InsertResult[] {
  const findEvent = db.prepare<[string, string], { seq: number }>('SELECT seq FROM relay_events WHERE org_id = ? AND event_id = ?');
  const bumpSeq = db.prepare<[string], { last_seq: number }>('UPDATE relay_orgs SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq');
  const insert = db.prepare('INSERT INTO relay_events (org_id, seq, event_id, type, created, payload, signature, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertOne = (e: NewEvent): InsertResult => {
    const existing = findEvent.get(e.orgId, e.eventId);
    if (existing) return { status: 'duplicate', seq: existing.seq };
    const bumped = bumpSeq.get(e.orgId);
    if (!bumped) throw new Error(`unknown org ${e.orgId}`);
    insert.run(e.orgId, bumped.last_seq, e.eventId, e.type, e.created, e.payload, e.signature, e.receivedAt);
    return { status: 'stored', seq: bumped.last_seq };
  };
  return (events) => db.transaction(() => events.map(insertOne)).immediate();
}
