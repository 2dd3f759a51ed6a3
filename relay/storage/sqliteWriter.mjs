// @ts-check
/*
 * Plain JavaScript (type-checked through JSDoc) on purpose: this module runs inside a worker
 * thread, and Node 20 does not carry TypeScript loaders (tsx) into workers. Keeping it loader-free
 * makes the thread start the same way under `npm run relay`, vitest and a built bundle.
 */

/** @typedef {import('better-sqlite3').Database} Database */
/** @typedef {import('./types').NewEvent} NewEvent */
/** @typedef {import('./types').InsertResult} InsertResult */

/**
 * Connection settings every relay connection uses: the WAL is fsynced at each commit.
 * @param {Database} db
 */
export function configureConnection(db) {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // The CLI and the server's two connections share the file: wait for the lock rather than fail.
  db.pragma('busy_timeout = 5000');
}

/**
 * Writes a batch of deliveries in one IMMEDIATE transaction (SQLite's single writer lock is the
 * per-org serialisation): duplicates by (org, event id) keep their first sequence, new events
 * take the org's next numbers, so sequences follow commit order with no gaps. All or nothing.
 * @param {Database} db
 * @returns {(events: readonly NewEvent[]) => InsertResult[]}
 */
export function prepareEventWriter(db) {
  const findEvent = db.prepare('SELECT seq FROM relay_events WHERE org_id = ? AND event_id = ?');
  const bumpSeq = db.prepare('UPDATE relay_orgs SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq');
  const insert = db.prepare('INSERT INTO relay_events (org_id, seq, event_id, type, created, payload, signature, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  /**
   * @param {NewEvent} e
   * @returns {InsertResult}
   */
  const insertOne = (e) => {
    const existing = /** @type {{ seq: number } | undefined} */ (findEvent.get(e.orgId, e.eventId));
    if (existing) return { status: 'duplicate', seq: existing.seq };
    const bumped = /** @type {{ last_seq: number } | undefined} */ (bumpSeq.get(e.orgId));
    if (!bumped) throw new Error(`unknown org ${e.orgId}`);
    insert.run(e.orgId, bumped.last_seq, e.eventId, e.type, e.created, e.payload, e.signature, e.receivedAt);
    return { status: 'stored', seq: bumped.last_seq };
  };
  return (events) => db.transaction(() => events.map(insertOne)).immediate();
}
