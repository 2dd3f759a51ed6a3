// @ts-check
/*
 * The office journal's SQLite writes, run in the writer thread (plain JavaScript for the reason
 * given in sqliteWriter.mjs). Pushes that arrive while a commit is in progress are written
 * together in one IMMEDIATE transaction (group commit); each push is checked on its own, before
 * anything of it is written, so a refused push leaves nothing and the others still go.
 */

/** @typedef {import('better-sqlite3').Database} Database */
/** @typedef {import('./journalTypes').JournalPushRequest} JournalPushRequest */
/** @typedef {import('./journalTypes').PushOutcome} PushOutcome */

/**
 * @param {Database} db
 * @returns {(pushes: readonly JournalPushRequest[]) => PushOutcome[]}
 */
export function prepareJournalWriter(db) {
  const desk = db.prepare('SELECT revoked_at, pushed_seq FROM relay_desks WHERE org_id = ? AND id = ?');
  const token = db.prepare('SELECT revoked_at FROM relay_tokens WHERE id = ?');
  const existing = db.prepare('SELECT seq, desk_id, desk_seq, ct FROM relay_journal WHERE org_id = ? AND id = ?');
  const bump = db.prepare('UPDATE relay_offices SET journal_seq = journal_seq + ? WHERE org_id = ? RETURNING journal_seq');
  const insert = db.prepare('INSERT INTO relay_journal (org_id, seq, id, desk_id, desk_seq, ct, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const advance = db.prepare('UPDATE relay_desks SET pushed_seq = ?, last_seen_at = ? WHERE org_id = ? AND id = ?');

  /**
   * @param {JournalPushRequest} p
   * @returns {PushOutcome}
   */
  const pushOne = (p) => {
    const d = /** @type {{ revoked_at: number | null, pushed_seq: number } | undefined} */ (desk.get(p.orgId, p.deskId));
    const t = /** @type {{ revoked_at: number | null } | undefined} */ (token.get(p.tokenId));
    // Checked under the write lock: once a revocation has committed, no push of that desk can.
    if (!d || d.revoked_at !== null || !t || t.revoked_at !== null) return { ok: false, error: 'revoked', message: 'this desk was removed from the office; it can send nothing more' };
    let expected = d.pushed_seq;
    /** @type {Map<string, { deskSeq: number, ct: string }>} */
    const seen = new Map();
    /** @type {({ id: string, cursor: number, duplicate: boolean } | null)[]} */
    const answers = [];
    /** @type {import('./journalTypes').PushEntry[]} */
    const fresh = [];
    for (const e of p.entries) {
      const row = /** @type {{ seq: number, desk_id: string, desk_seq: number, ct: string } | undefined} */ (existing.get(p.orgId, e.id));
      const earlier = seen.get(e.id);
      if (row || earlier) {
        const same = row ? row.desk_id === p.deskId && row.desk_seq === e.deskSeq && row.ct === e.ct : earlier?.deskSeq === e.deskSeq && earlier.ct === e.ct;
        if (!same) return { ok: false, error: 'entry_conflict', message: `entry ${e.id} is already held with different content; nothing from this push was stored` };
        answers.push(row ? { id: e.id, cursor: row.seq, duplicate: true } : null);
        continue;
      }
      if (e.deskSeq <= expected) return { ok: false, error: 'entry_conflict', message: `this desk already sent its entry number ${e.deskSeq} under another id; nothing from this push was stored` };
      if (e.deskSeq !== expected + 1) return { ok: false, error: 'bad_request', message: `this desk's next entry must be number ${expected + 1}, not ${e.deskSeq}; nothing from this push was stored` };
      expected = e.deskSeq;
      seen.set(e.id, { deskSeq: e.deskSeq, ct: e.ct });
      fresh.push(e);
      answers.push(null);
    }
    /** @type {Map<string, number>} */
    const cursors = new Map();
    if (fresh.length > 0) {
      const top = /** @type {{ journal_seq: number } | undefined} */ (bump.get(fresh.length, p.orgId));
      if (!top) throw new Error(`unknown office ${p.orgId}`);
      let cursor = top.journal_seq - fresh.length;
      for (const e of fresh) {
        cursor++;
        insert.run(p.orgId, cursor, e.id, p.deskId, e.deskSeq, e.ct, p.receivedAt);
        cursors.set(e.id, cursor);
      }
    }
    advance.run(expected, p.receivedAt, p.orgId, p.deskId);
    return {
      ok: true,
      // An id sent twice in one push answers with the cursor its first copy took.
      accepted: p.entries.map((e, i) => answers[i] ?? { id: e.id, cursor: /** @type {number} */ (cursors.get(e.id)), duplicate: answers[i] === null && !fresh.includes(e) }),
    };
  };
  return (pushes) => db.transaction(() => pushes.map(pushOne)).immediate();
}
